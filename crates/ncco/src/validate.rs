//! Checking each action against the catalogue: required options, types, choices,
//! ranges, URL schemes, endpoints, and options the reference does not know.
//!
//! Every finding names the exact JSON path and says what to write instead. Values with
//! placeholders are checked as they will be rendered for a call. Rules that span
//! several actions or options are in `rules`.

use serde_json::{Map, Value, json};

use crate::finding::{Finding, child, item};
use crate::placeholders::CallContext;
use crate::spec::{self, Field, Kind};

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

    fn wrong_type(&mut self, path: &str, name: &str, expected: &str, found: &Value) {
        self.out.push(Finding::error(
            path,
            "wrong_type",
            format!("{name} must be {expected}, but it is {}.", describe(found)),
        ));
    }

    fn string<'v>(&mut self, path: &str, value: &'v Value, name: &str) -> Option<&'v str> {
        if let Value::String(text) = value {
            Some(text)
        } else {
            self.wrong_type(path, name, "text in quotes", value);
            None
        }
    }

    fn boolean(&mut self, path: &str, value: &Value, name: &str) {
        match value {
            Value::Bool(_) => {}
            Value::String(text)
                if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") =>
            {
                let flag = text.eq_ignore_ascii_case("true");
                self.out.push(
                    Finding::warning(
                        path,
                        "boolean_as_text",
                        quoted(name, text, &flag.to_string()),
                    )
                    .with_fix(
                        format!("Use {flag} without quotes"),
                        json!([{"op": "replace", "path": path, "value": flag}]),
                    ),
                );
            }
            other => self.wrong_type(path, name, "true or false", other),
        }
    }

    fn number(
        &mut self,
        path: &str,
        value: &Value,
        field: &Field,
        (min, max): (Option<f64>, Option<f64>),
        whole: bool,
    ) {
        let name = field.name;
        let number = match value {
            Value::Number(number) => number.as_f64().unwrap_or(f64::NAN),
            Value::String(text) => {
                let Ok(parsed) = text.trim().parse::<f64>() else {
                    return self.wrong_type(path, name, "a number", value);
                };
                self.out.push(
                    Finding::warning(path, "number_as_text", quoted(name, text, text.trim()))
                        .with_fix("Remove the quotes", json!([{"op": "replace", "path": path, "value": as_json_number(parsed)}])),
                );
                parsed
            }
            other => return self.wrong_type(path, name, "a number", other),
        };
        if whole && number.fract() != 0.0 {
            self.out.push(Finding::error(
                path,
                "not_whole",
                format!("{name} must be a whole number, but it is {number}."),
            ));
            return;
        }
        let limit = match (min, max) {
            (Some(min), _) if number < min => Some((min, "least")),
            (_, Some(max)) if number > max => Some((max, "most")),
            _ => None,
        };
        if let Some((bound, word)) = limit {
            let finding = match field.clamped {
                Some(source) => Finding::warning(
                    path,
                    "clamped",
                    format!(
                        "{name} is {number}; Vonage uses {bound} instead{}: {source}.",
                        range_words(min, max)
                    ),
                ),
                None => Finding::error(
                    path,
                    "out_of_range",
                    format!(
                        "{name} is {number}, but the {word} Vonage allows is {bound}{}.",
                        range_words(min, max)
                    ),
                ),
            };
            self.out.push(finding.with_fix(
                format!("Set it to {bound}"),
                json!([{"op": "replace", "path": path, "value": as_json_number(bound)}]),
            ));
        }
    }

    fn text(&mut self, path: &str, value: &Value, name: &str, max_chars: Option<usize>) {
        let Some(text) = self.string(path, value, name) else {
            return;
        };
        if let Some(max) = max_chars {
            let spoken = crate::ssml::spoken_length(text);
            if spoken > max {
                self.out.push(Finding::error(
                    path,
                    "text_too_long",
                    format!(
                        "{name} is {spoken} characters long (not counting SSML tags), but Vonage takes at most {max}. Split it across two actions."
                    ),
                ));
            }
        }
    }

    fn choice(&mut self, path: &str, value: &Value, field: &Field, values: &[&str]) {
        let Some(text) = self.string(path, value, field.name) else {
            return;
        };
        if values.contains(&text) {
            return;
        }
        let mut finding = Finding::error(
            path,
            "invalid_choice",
            format!(
                "{} is \"{text}\"; it must be {}. {}",
                field.name,
                one_of(values),
                field.help
            ),
        );
        let canonical = values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(text))
            .or(match values {
                [only] => Some(only),
                _ => None,
            });
        if let Some(canonical) = canonical {
            finding = finding.with_fix(
                format!("Use {canonical}"),
                json!([{"op": "replace", "path": path, "value": canonical}]),
            );
        }
        self.out.push(finding);
    }

    fn choice_list(&mut self, path: &str, value: &Value, field: &Field, values: &[&str]) {
        match value {
            Value::String(text) => self.out.push(
                Finding::error(
                    path,
                    "not_an_array",
                    format!("{} must be an array, like [\"{text}\"].", field.name),
                )
                .with_fix(
                    "Wrap it in [ ]",
                    json!([{"op": "replace", "path": path, "value": [text]}]),
                ),
            ),
            Value::Array(items) if items.is_empty() => self.out.push(Finding::error(
                path,
                "empty_array",
                format!(
                    "{} is empty; it must name at least one of {}.",
                    field.name,
                    one_of(values)
                ),
            )),
            Value::Array(items) => {
                for (index, entry) in items.iter().enumerate() {
                    self.choice(&item(path, index), entry, field, values);
                }
            }
            other => self.wrong_type(path, field.name, "an array", other),
        }
    }

    fn url_array(
        &mut self,
        path: &str,
        value: &Value,
        field: &Field,
        schemes: &[&str],
        context: Context,
    ) {
        let name = field.name;
        match value {
            Value::String(text) => {
                self.out.push(
                    Finding::error(
                        path,
                        "url_not_in_array",
                        format!("{name} must be an array of one URL, like [\"{text}\"]; Vonage rejects a plain string here."),
                    )
                    .with_fix("Wrap the URL in [ ]", json!([{"op": "replace", "path": path, "value": [text]}])),
                );
                self.url_entry(path, text, name, schemes, context);
            }
            Value::Array(items) if items.len() != 1 => self.out.push(Finding::error(
                path,
                "url_array_size",
                format!(
                    "{name} must hold exactly one URL, but it holds {}.",
                    items.len()
                ),
            )),
            Value::Array(items) => {
                let at = item(path, 0);
                if let Some(text) = self.string(&at, &items[0], name) {
                    self.url_entry(&at, text, name, schemes, context);
                }
            }
            other => self.wrong_type(path, name, "an array of one URL", other),
        }
    }

    fn url_entry(
        &mut self,
        path: &str,
        text: &str,
        name: &str,
        schemes: &[&str],
        context: Context,
    ) {
        let rendered = self.sample.render_str(text).to_ascii_lowercase();
        if context.action == "stream"
            && name == "streamUrl"
            && (rendered.starts_with("ws://") || rendered.starts_with("wss://"))
        {
            let action = item("", context.index);
            self.out.push(
                Finding::error(
                    path,
                    "stream_to_websocket",
                    "stream plays an audio file (mp3 or wav) from an http(s) URL; it cannot open a WebSocket. To send the call's audio to your WebSocket server, use a connect action with a websocket endpoint at this URI.",
                )
                .with_fix(
                    "Replace with connect to a websocket endpoint",
                    json!([{"op": "replace", "path": action, "value": {
                        "action": "connect",
                        "endpoint": [{"type": "websocket", "uri": text, "content-type": "audio/l16;rate=16000"}]
                    }}]),
                ),
            );
            return;
        }
        self.url(path, text, name, schemes);
    }

    fn url(&mut self, path: &str, text: &str, name: &str, schemes: &[&str]) {
        let websocket = schemes.contains(&"wss");
        let rendered = if websocket {
            self.sample.render_websocket_uri(text)
        } else {
            self.sample.render_str(text)
        };
        let parsed = url::Url::parse(&rendered);
        let Ok(parsed) = parsed else {
            self.out.push(Finding::error(
                path,
                "invalid_url",
                format!("{name} is \"{text}\", which is not a full URL; write it in full, starting with {}://.", schemes[0]),
            ));
            return;
        };
        let scheme = parsed.scheme();
        if !schemes.contains(&scheme) {
            let mut finding = Finding::error(
                path,
                "wrong_scheme",
                if websocket {
                    format!(
                        "{name} must be a WebSocket address starting with wss:// (or ws://), not {scheme}://."
                    )
                } else {
                    format!(
                        "{name} must start with {}, not {scheme}://.",
                        schemes
                            .iter()
                            .map(|s| format!("{s}://"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                },
            );
            let swapped = match scheme {
                "https" if websocket => Some("wss"),
                "http" if websocket => Some("ws"),
                _ => None,
            };
            if let Some(swapped) = swapped.filter(|_| text.to_ascii_lowercase().starts_with(scheme))
            {
                let fixed = format!("{swapped}{}", &text[scheme.len()..]);
                finding = finding.with_fix(
                    format!("Use {swapped}://"),
                    json!([{"op": "replace", "path": path, "value": fixed}]),
                );
            }
            self.out.push(finding);
            return;
        }
        if !matches!(scheme, "sip" | "sips") && parsed.host_str().is_none_or(str::is_empty) {
            self.out.push(Finding::error(
                path,
                "invalid_url",
                format!("{name} is \"{text}\", which has no host name."),
            ));
            return;
        }
        // The URL parser quietly percent-encodes what a URI cannot hold; Vonage is sent
        // the text as written, so it is checked as written (placeholders rendered).
        let unfit: Vec<char> = rendered.chars().filter(|c| !fits_in_uri(*c)).collect();
        if !unfit.is_empty() {
            let shown: Vec<String> = unfit
                .iter()
                .map(|c| {
                    if c.is_whitespace() {
                        "a space".to_owned()
                    } else {
                        format!("\"{c}\"")
                    }
                })
                .collect();
            let encoded: String = text
                .chars()
                .map(|c| {
                    if fits_in_uri(c) || matches!(c, '{' | '}') {
                        c.to_string()
                    } else {
                        percent_encode(c)
                    }
                })
                .collect();
            self.out.push(
                Finding::error(
                    path,
                    "unencoded_url",
                    format!(
                        "{name} holds {}, which a web address cannot hold as written; it must be percent-encoded (a space is %20).",
                        shown.join(", ")
                    ),
                )
                .with_fix("Percent-encode it", json!([{"op": "replace", "path": path, "value": encoded}])),
            );
            return;
        }
        if scheme == "ws"
            && !crate::address::is_this_computer(&parsed)
            && text.to_ascii_lowercase().starts_with("ws://")
        {
            let fixed = format!("wss{}", &text[2..]);
            self.out.push(
                Finding::warning(
                    path,
                    "unencrypted_websocket",
                    format!("{name} uses ws://, which sends the call's audio unencrypted over the internet; use wss://."),
                )
                .with_fix("Use wss://", json!([{"op": "replace", "path": path, "value": fixed}])),
            );
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

/// Whether `c` may stand in a URI as written (RFC 3986: unreserved, reserved, `%`).
fn fits_in_uri(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

fn percent_encode(c: char) -> String {
    let mut bytes = [0u8; 4];
    c.encode_utf8(&mut bytes)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

fn range_words(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!(" (from {min} to {max})"),
        _ => String::new(),
    }
}

/// The one rule for a quoted true, false or number: a warning. Vonage's own reference
/// examples quote them (`"timeout": "45"`, `"bargeIn": "true"`) and calls run with them,
/// but its published NCCO schema and its ncco-validator type them as booleans and
/// numbers and refuse the quoted form; so Callboard accepts it, says so, and offers the
/// form both agree on (`docs/ncco-validation.md`).
fn quoted(name: &str, text: &str, unquoted: &str) -> String {
    format!(
        "{name} is written in quotes (\"{text}\"). Vonage's reference examples do this and calls run, but Vonage's NCCO schema and validator refuse it: write {unquoted} without quotes."
    )
}

fn as_json_number(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)] // checked: whole and in range
        Value::from(number as i64)
    } else {
        Value::from(number)
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
