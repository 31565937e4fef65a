//! NCCO (Call Control Object) documents: what the answer webhook serves to Vonage.
//!
//! An NCCO is always a JSON array of action objects, each naming its `action`
//! (`reference/vonage.md` §3). This crate is pure: no I/O and no async, so the
//! desktop app, the webhook server and `callboard-cli` share one definition.
//!
//! - [`spec`]: the catalogue of every action and option, with defaults, ranges and help.
//! - [`model`]: the typed model of every action, for code that runs an NCCO.
//! - [`validate()`]: findings (error or warning) at JSON paths, in plain words, with fixes.
//! - [`placeholders`]: `{uuid}`, `{from}`, `{to}`, `{conversation_uuid}`, `{public_url}`.
//! - [`templates`]: starting points, each valid.
//! - [`Ncco`]: the document envelope used where an NCCO is served.

pub mod finding;
pub mod model;
pub mod placeholders;
mod rules;
pub mod spec;
pub mod templates;
mod validate;

pub use finding::{Finding, Fix, FixError, Severity, apply_fix};
pub use placeholders::{CallContext, render};
pub use validate::validate;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Why a text is not an NCCO document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// The text is not JSON at all.
    #[error("not valid JSON at line {line}, column {column}: {reason}")]
    Syntax {
        /// 1-based line of the first syntax error.
        line: usize,
        /// 1-based column of the first syntax error.
        column: usize,
        /// What the JSON parser expected.
        reason: String,
    },
    /// The top level is not an array (a bare object is the usual mistake).
    #[error("an NCCO is a JSON array of actions, but this is {found}; wrap it in [ ]")]
    NotAnArray {
        /// What was found instead, in words.
        found: &'static str,
    },
    /// An element of the array is not an object.
    #[error("item /{index} is {found}, but each NCCO item must be an object with an \"action\"")]
    ItemNotAnObject {
        /// Index of the offending item.
        index: usize,
        /// What was found instead, in words.
        found: &'static str,
    },
    /// An element has no string `action`.
    #[error("item /{index} has no \"action\" name")]
    MissingAction {
        /// Index of the offending item.
        index: usize,
    },
}

/// An NCCO document: a non-validated list of action objects in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ncco(Vec<Map<String, Value>>);

impl Ncco {
    /// Parses NCCO text, checking only the envelope: an array of objects with an `action` name.
    ///
    /// # Errors
    /// A [`ParseError`] saying what is wrong and where.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            ParseError::Syntax {
                line: e.line(),
                column: e.column(),
                // serde_json ends its message with the position, which we report separately.
                reason: full
                    .rsplit_once(" at line ")
                    .map_or(full.clone(), |(reason, _)| reason.to_owned()),
            }
        })?;
        Self::from_value(value)
    }

    /// Checks the envelope of an already parsed JSON value.
    ///
    /// # Errors
    /// A [`ParseError`] saying what is wrong and where.
    pub fn from_value(value: Value) -> Result<Self, ParseError> {
        let Value::Array(items) = value else {
            return Err(ParseError::NotAnArray {
                found: json_kind(&value),
            });
        };
        let mut actions = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let Value::Object(object) = item else {
                return Err(ParseError::ItemNotAnObject {
                    index,
                    found: json_kind(&item),
                });
            };
            if !object.get("action").is_some_and(Value::is_string) {
                return Err(ParseError::MissingAction { index });
            }
            actions.push(object);
        }
        Ok(Self(actions))
    }

    /// The action names in order, for summaries.
    pub fn action_names(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter_map(|action| action.get("action").and_then(Value::as_str))
    }

    /// The document as a JSON value, ready to serve.
    #[must_use]
    pub fn to_value(&self) -> Value {
        Value::Array(self.0.iter().cloned().map(Value::Object).collect())
    }

    /// A one-action NCCO that speaks `text`, used before the user has composed anything.
    #[must_use]
    pub fn talk(text: &str) -> Self {
        let mut action = Map::new();
        action.insert("action".into(), Value::from("talk"));
        action.insert("text".into(), Value::from(text));
        Self(vec![action])
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a single object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_an_array_of_actions() {
        let ncco = Ncco::parse(r#"[{"action":"talk","text":"hi"},{"action":"input"}]"#)
            .expect("a two-action array is a valid envelope");
        assert_eq!(ncco.action_names().collect::<Vec<_>>(), ["talk", "input"]);
    }

    #[test]
    fn rejects_a_bare_object_and_says_to_wrap_it() {
        let error = Ncco::parse(r#"{"action":"talk","text":"hi"}"#).unwrap_err();
        assert_eq!(
            error,
            ParseError::NotAnArray {
                found: "a single object"
            }
        );
        assert!(
            error.to_string().contains("wrap it in [ ]"),
            "the fix is named: {error}"
        );
    }

    #[test]
    fn reports_line_and_column_of_a_syntax_error() {
        let error = Ncco::parse("[\n  {\"action\": }\n]").unwrap_err();
        assert!(
            matches!(
                error,
                ParseError::Syntax {
                    line: 2,
                    column: 14,
                    ..
                }
            ),
            "the position points at the missing value: {error:?}"
        );
    }

    #[test]
    fn rejects_items_without_an_action_name() {
        assert_eq!(
            Ncco::parse(r#"[{"action":"talk"},{"text":"no action"}]"#).unwrap_err(),
            ParseError::MissingAction { index: 1 }
        );
        assert_eq!(
            Ncco::parse(r#"[1]"#).unwrap_err(),
            ParseError::ItemNotAnObject {
                index: 0,
                found: "a number"
            }
        );
    }

    #[test]
    fn talk_round_trips_through_json() {
        let ncco = Ncco::talk("hello");
        let served = ncco.to_value();
        assert_eq!(
            served,
            serde_json::json!([{"action":"talk","text":"hello"}])
        );
        assert_eq!(Ncco::from_value(served).expect("served NCCO parses"), ncco);
    }
}
