//! Checks of one option's value against its kind: text, true/false, numbers and their
//! ranges (quoted values, clamped ranges), and choices from a list.

use serde_json::{Value, json};

use super::{Checker, describe, one_of};
use crate::{Finding, finding::item, spec::Field};

impl Checker {
    pub(super) fn wrong_type(&mut self, path: &str, name: &str, expected: &str, found: &Value) {
        self.out.push(Finding::error(
            path,
            "wrong_type",
            format!("{name} must be {expected}, but it is {}.", describe(found)),
        ));
    }

    pub(super) fn string<'v>(
        &mut self,
        path: &str,
        value: &'v Value,
        name: &str,
    ) -> Option<&'v str> {
        if let Value::String(text) = value {
            Some(text)
        } else {
            self.wrong_type(path, name, "text in quotes", value);
            None
        }
    }

    pub(super) fn boolean(&mut self, path: &str, value: &Value, name: &str) {
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

    pub(super) fn number(
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

    pub(super) fn text(&mut self, path: &str, value: &Value, name: &str, max_chars: Option<usize>) {
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

    pub(super) fn choice(&mut self, path: &str, value: &Value, field: &Field, values: &[&str]) {
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

    pub(super) fn choice_list(
        &mut self,
        path: &str,
        value: &Value,
        field: &Field,
        values: &[&str],
    ) {
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
}

pub(super) fn range_words(min: Option<f64>, max: Option<f64>) -> String {
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
pub(super) fn quoted(name: &str, text: &str, unquoted: &str) -> String {
    format!(
        "{name} is written in quotes (\"{text}\"). Vonage's reference examples do this and calls run, but Vonage's NCCO schema and validator refuse it: write {unquoted} without quotes."
    )
}

pub(super) fn as_json_number(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)] // checked: whole and in range
        Value::from(number as i64)
    } else {
        Value::from(number)
    }
}
