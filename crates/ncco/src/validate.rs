//! Checking each action against the catalogue: required options, types, choices,
//! ranges, URL schemes, endpoints, and options the reference does not know.
//!
//! Every finding names the exact JSON path and says what to write instead. Values with
//! placeholders are checked as they will be rendered for a call. Rules that span
//! several actions or options are in `rules`; the checks of one value by its kind are
//! in `validate/values.rs`, those of URLs in `validate/urls.rs`.

use serde_json::{Map, Value, json};

use crate::finding::{Finding, child, item};
use crate::placeholders::CallContext;
use crate::spec::{self, Field, Kind};

mod urls;
mod values;

/// Checks a whole document. Never panics, whatever the JSON.
#[must_use]
pub fn validate(document: &Value) -> Vec<Finding> {
    let mut checker = Checker {
        out: Vec::new(),
        sample: CallContext::sample(),
    };
    match document {
        Value::Array(actions) if actions.is_empty() => checker.out.push(Finding::error(
            "",
            "empty_ncco",
            "The NCCO is empty. It needs at least one action, such as talk.",
        )),
        Value::Array(actions) => {
            for (index, action) in actions.iter().enumerate() {
                checker.action(index, action);
            }
            crate::rules::check(actions, &mut checker.out);
        }
        Value::Object(_) => checker.out.push(
            Finding::error(
                "",
                "not_an_array",
                "An NCCO is a JSON array of actions, but this is a single object. Wrap it in [ ].",
            )
            .with_fix("Wrap it in [ ]", json!([{"op": "replace", "path": "", "value": [document]}])),
        ),
        _ => checker.out.push(Finding::error(
            "",
            "not_an_array",
            "An NCCO is a JSON array of actions, like [{\"action\": \"talk\", \"text\": \"Hello\"}].",
        )),
    }
    checker
        .out
        .sort_by_key(|finding| action_index(&finding.path));
    checker.out
}

fn action_index(path: &str) -> usize {
    path.split('/')
        .nth(1)
        .and_then(|segment| segment.parse().ok())
        .unwrap_or(0)
}

/// Which action a value belongs to, for rules that depend on it.
#[derive(Clone, Copy)]
struct Context {
    action: &'static str,
    index: usize,
}

struct Checker {
    out: Vec<Finding>,
    sample: CallContext,
}

impl Checker {
    fn action(&mut self, index: usize, value: &Value) {
        let path = item("", index);
        let Value::Object(object) = value else {
            self.out.push(Finding::error(
                &path,
                "item_not_an_object",
                format!(
                    "Item {index} is {}, but each NCCO item must be an object with an \"action\".",
                    describe(value)
                ),
            ));
            return;
        };
        let name = match object.get("action") {
            None => {
                self.missing_action(&path, object);
                return;
            }
            Some(Value::String(name)) => name.as_str(),
            Some(other) => {
                self.out.push(Finding::error(
                    &child(&path, "action"),
                    "action_not_text",
                    format!(
                        "\"action\" must be the action's name as text, but it is {}.",
                        describe(other)
                    ),
                ));
                return;
            }
        };
        let Some(spec) = spec::action(name) else {
            self.unknown_action(&path, name);
            return;
        };
        let context = Context {
            action: spec.name,
            index,
        };
        self.object(&path, object, spec.fields, context, &["action"]);
    }

    fn missing_action(&mut self, path: &str, object: &Map<String, Value>) {
        let mut finding = Finding::error(
            path,
            "missing_action",
            "This item has no \"action\". Every NCCO item names its action, such as \"talk\" or \"connect\".",
        );
        // Suggest the one action whose required options this item has.
        let candidates: Vec<&str> = spec::ACTIONS
            .iter()
            .filter(|action| {
                action
                    .fields
                    .iter()
                    .filter(|field| field.required)
                    .all(|field| object.contains_key(field.name))
                    && action.fields.iter().any(|field| field.required)
            })
            .map(|action| action.name)
            .collect();
        if let [only] = candidates.as_slice() {
            finding = finding.with_fix(
                format!("Make it a {only} action"),
                json!([{"op": "add", "path": child(path, "action"), "value": only}]),
            );
        }
        self.out.push(finding);
    }

    fn unknown_action(&mut self, path: &str, name: &str) {
        let at = child(path, "action");
        if spec::RETIRED_ACTIONS.contains(&name) {
            self.out.push(Finding::warning(
                &at,
                "retired_action",
                format!(
                    "\"{name}\" is no longer in Vonage's current NCCO reference, so it may be rejected. Check that your account still supports it."
                ),
            ));
            return;
        }
        let names: Vec<&str> = spec::ACTIONS.iter().map(|action| action.name).collect();
        let mut finding = Finding::error(
            &at,
            "unknown_action",
            format!(
                "\"{name}\" is not an NCCO action. The actions are: {}.",
                names.join(", ")
            ),
        );
        if let Some(close) = closest(name, names.iter().copied()) {
            finding = finding.with_fix(
                format!("Change it to {close}"),
                json!([{"op": "replace", "path": at, "value": close}]),
            );
        }
        self.out.push(finding);
    }

    fn object(
        &mut self,
        path: &str,
        object: &Map<String, Value>,
        fields: &'static [Field],
        context: Context,
        skip: &[&str],
    ) {
        for (key, value) in object {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let at = child(path, key);
            match fields.iter().find(|field| field.name == key) {
                Some(field) => self.value(&at, value, field, context),
                None => self.unknown_option(path, key, object, fields, context),
            }
        }
        for field in fields.iter().filter(|field| field.required) {
            let reported_by_rules = context.action == "input" && field.name == "type";
            if !object.contains_key(field.name) && !reported_by_rules {
                self.out.push(Finding::error(
                    path,
                    "missing_required",
                    format!(
                        "{} needs \"{}\". {}",
                        sentence_start(&owner(context, path)),
                        field.name,
                        field.help
                    ),
                ));
            }
        }
    }

    fn unknown_option(
        &mut self,
        path: &str,
        key: &str,
        object: &Map<String, Value>,
        fields: &'static [Field],
        context: Context,
    ) {
        let at = child(path, key);
        if let Some((_, why)) = spec::RETIRED_OPTIONS.iter().find(|(name, _)| *name == key) {
            let value = &object[key];
            let unknown_voice = key == "voiceName"
                && !value
                    .as_str()
                    .is_some_and(|v| spec::VOICE_NAMES.contains(&v));
            let finding = if unknown_voice {
                Finding::error(
                    &at,
                    "unknown_voice",
                    format!(
                        "{value} is not one of Vonage's voice names, and voiceName itself is deprecated: choose the voice with language and style instead."
                    ),
                )
            } else {
                Finding::warning(&at, "deprecated_option", format!("{why}."))
            };
            self.out.push(finding.with_fix(
                format!("Remove {key}"),
                json!([{"op": "remove", "path": at}]),
            ));
            return;
        }
        if crate::rules::is_legacy_input_option(context.action, path, key) {
            // The legacy-input rule reports the form once, with its fix; the value
            // itself is still checked as the keypad setting it will become.
            if let Some(field) = spec::dtmf_setting(key) {
                self.value(&at, &object[key], field, context);
            }
            return;
        }
        let owner = owner(context, path);
        let known = fields.iter().map(|field| field.name);
        let finding = match closest(key, known).filter(|name| !object.contains_key(*name)) {
            Some(name) => Finding::warning(
                &at,
                "unknown_option",
                format!("{owner} has no option \"{key}\"; did you mean \"{name}\"? As written, it has no effect."),
            )
            .with_fix(
                format!("Rename it to {name}"),
                json!([{"op": "move", "from": at, "path": child(path, name)}]),
            ),
            None => Finding::warning(
                &at,
                "unknown_option",
                format!("\"{key}\" is not an option of {owner} in Vonage's reference, so it has no effect."),
            )
            .with_fix(format!("Remove {key}"), json!([{"op": "remove", "path": at}])),
        };
        self.out.push(finding);
    }

    fn value(&mut self, path: &str, value: &Value, field: &Field, context: Context) {
        let name = field.name;
        match field.kind {
            Kind::Bool => self.boolean(path, value, name),
            Kind::Integer { min, max } => {
                #[allow(clippy::cast_precision_loss)] // bounds are small integers
                let bounds = (min.map(|v| v as f64), max.map(|v| v as f64));
                self.number(path, value, field, bounds, true);
            }
            Kind::Number { min, max } => {
                self.number(path, value, field, (Some(min), Some(max)), false)
            }
            Kind::Text { max_chars } => {
                self.text(path, value, name, max_chars);
                if field.required && value.as_str().is_some_and(|text| text.trim().is_empty()) {
                    self.out.push(Finding::error(
                        path,
                        "empty_required",
                        format!("{name} is empty. {}", field.help),
                    ));
                }
            }
            Kind::Choice { values } => self.choice(path, value, field, values),
            Kind::ChoiceList { values } => self.choice_list(path, value, field, values),
            Kind::Url { schemes } => {
                if let Some(text) = self.string(path, value, name) {
                    self.url(path, text, name, schemes);
                }
            }
            Kind::UrlArray { schemes } => self.url_array(path, value, field, schemes, context),
            Kind::TextList => self.text_list(path, value, name),
            Kind::Language => {
                if let Some(text) = self.string(path, value, name)
                    && !is_language_tag(text)
                {
                    self.out.push(Finding::error(
                        path,
                        "invalid_language",
                        format!("{name} is \"{text}\", which is not a language code; write it like en-US or de-DE."),
                    ));
                }
            }
            Kind::PhoneNumber => self.phone_number(path, value, name),
            Kind::Pattern { regex, meaning } => {
                if let Some(text) = self.string(path, value, name)
                    && !regex_lite::Regex::new(regex).is_ok_and(|re| re.is_match(text))
                {
                    self.out.push(Finding::error(
                        path,
                        "invalid_pattern",
                        format!("{name} is \"{text}\"; it must be {meaning}."),
                    ));
                }
            }
            Kind::Object { fields } => match value {
                Value::Object(object) => self.object(path, object, fields, context, &[]),
                other => self.wrong_type(path, name, "an object { … }", other),
            },
            Kind::AnyObject => {
                if !value.is_object() {
                    self.wrong_type(path, name, "a JSON object { … }", value);
                }
            }
            Kind::Headers { max_bytes } => self.headers(path, value, name, max_bytes),
            Kind::Endpoints => self.endpoints(path, value, context),
        }
    }

    fn text_list(&mut self, path: &str, value: &Value, name: &str) {
        match value {
            Value::Array(items) => {
                for (index, entry) in items.iter().enumerate() {
                    self.string(&item(path, index), entry, name);
                }
            }
            Value::String(text) => self.out.push(
                Finding::error(
                    path,
                    "not_an_array",
                    format!("{name} must be an array, like [\"{text}\"]."),
                )
                .with_fix(
                    "Wrap it in [ ]",
                    json!([{"op": "replace", "path": path, "value": [text]}]),
                ),
            ),
            other => self.wrong_type(path, name, "an array of text", other),
        }
    }

    fn phone_number(&mut self, path: &str, value: &Value, name: &str) {
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(number) => {
                let digits = number.to_string();
                self.out.push(
                    Finding::error(
                        path,
                        "number_not_text",
                        format!("{name} must be text in quotes: \"{digits}\"."),
                    )
                    .with_fix(
                        "Put it in quotes",
                        json!([{"op": "replace", "path": path, "value": digits}]),
                    ),
                );
                return;
            }
            other => return self.wrong_type(path, name, "a phone number in quotes", other),
        };
        let rendered = self.sample.render_str(&text);
        let digits = rendered.strip_prefix('+').unwrap_or(&rendered);
        let is_e164 =
            (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if is_e164 && rendered.starts_with('+') {
            self.out.push(
                Finding::warning(
                    path,
                    "phone_plus",
                    format!("{name} starts with +; Vonage writes E.164 numbers as digits only, like 447700900000."),
                )
                .with_fix("Remove the +", json!([{"op": "replace", "path": path, "value": text.trim_start_matches('+')}])),
            );
        } else if !is_e164 {
            self.out.push(Finding::warning(
                path,
                "not_e164",
                format!(
                    "{name} is \"{text}\", which is not a phone number in E.164 form (7 to 15 digits with the country code, like 447700900000). Replace it before calling."
                ),
            ));
        }
    }

    fn headers(&mut self, path: &str, value: &Value, name: &str, max_bytes: Option<usize>) {
        if !value.is_object() {
            return self.wrong_type(path, name, "an object of key/value pairs", value);
        }
        if let Some(max) = max_bytes {
            let size = value.to_string().len();
            if size > max {
                self.out.push(Finding::error(
                    path,
                    "headers_too_large",
                    format!("{name} take {size} bytes, but Vonage allows at most {max} bytes of WebSocket headers."),
                ));
            }
        }
    }

    fn endpoints(&mut self, path: &str, value: &Value, context: Context) {
        let items = match value {
            Value::Array(items) => items,
            Value::Object(_) => {
                self.out.push(
                    Finding::error(
                        path,
                        "not_an_array",
                        "endpoint must be an array holding one endpoint: [ { … } ].",
                    )
                    .with_fix(
                        "Wrap it in [ ]",
                        json!([{"op": "replace", "path": path, "value": [value]}]),
                    ),
                );
                return;
            }
            other => {
                return self.wrong_type(path, "endpoint", "an array holding one endpoint", other);
            }
        };
        match items.len() {
            0 => self.out.push(Finding::error(
                path,
                "no_endpoint",
                "endpoint is empty; connect needs one endpoint, such as {\"type\": \"phone\", \"number\": \"447700900000\"}.",
            )),
            1 => {}
            count => self.out.push(
                Finding::error(
                    path,
                    "too_many_endpoints",
                    format!("connect takes at most one endpoint, but this one has {count}. Use one connect per endpoint."),
                )
                .with_fix(
                    "Keep only the first endpoint",
                    json!([{"op": "replace", "path": path, "value": [items[0]]}]),
                ),
            ),
        }
        for (index, endpoint) in items.iter().enumerate() {
            self.endpoint(&item(path, index), endpoint, context);
        }
    }

    fn endpoint(&mut self, path: &str, value: &Value, context: Context) {
        let Value::Object(object) = value else {
            return self.wrong_type(path, "An endpoint", "an object", value);
        };
        let types: Vec<&str> = spec::ENDPOINTS.iter().map(|e| e.name).collect();
        let kind = match object.get("type") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(other) => return self.wrong_type(&child(path, "type"), "type", "text", other),
            None => {
                self.out.push(Finding::error(
                    path,
                    "missing_required",
                    format!("The endpoint needs a \"type\": {}.", one_of(&types)),
                ));
                return;
            }
        };
        let Some(spec) = spec::endpoint(kind) else {
            let at = child(path, "type");
            let mut finding = Finding::error(
                &at,
                "unknown_endpoint",
                format!(
                    "\"{kind}\" is not an endpoint type; it must be {}.",
                    one_of(&types)
                ),
            );
            if let Some(close) = closest(kind, types.iter().copied()) {
                finding = finding.with_fix(
                    format!("Use {close}"),
                    json!([{"op": "replace", "path": at, "value": close}]),
                );
            }
            self.out.push(finding);
            return;
        };
        self.object(path, object, spec.fields, context, &["type"]);
        if kind == "sip"
            && !object.contains_key("uri")
            && !(object.contains_key("domain") && object.contains_key("user"))
        {
            self.out.push(Finding::error(
                path,
                "missing_required",
                "A sip endpoint needs a \"uri\" (sip:user@host), or a \"domain\" and a \"user\".",
            ));
        }
    }
}

fn owner(context: Context, path: &str) -> String {
    if path.contains("/endpoint/") {
        "this endpoint".to_owned()
    } else if path.matches('/').count() > 1 {
        format!("{}'s settings", context.action)
    } else {
        context.action.to_owned()
    }
}

/// The closest name to a misspelt one: same letters in another case, or at most two edits away.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .map(|candidate| {
            (
                strsim::levenshtein(&lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= 2 && *distance < name.len() / 2 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// An owner at the start of a sentence: "This endpoint", but action names stay as written.
fn sentence_start(owner: &str) -> String {
    owner
        .strip_prefix("this ")
        .map_or_else(|| owner.to_owned(), |rest| format!("This {rest}"))
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => format!("{flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the text \"{text}\""),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    parts.next().is_some_and(|primary| {
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic())
    }) && parts.all(|part| {
        (2..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}
