//! The flow model: steps (each an NCCO), the branches that leave them, and the file form.
//!
//! A flow file is one JSON object: `name`, `start` (the step the answer webhook serves)
//! and `steps`, one object per step, in the order they were made. Keys come out in one
//! order whatever order they were edited in ([`Flow::to_file_text`]), so a flow diffs
//! well in git.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The longest step or flow identifier; identifiers are written into webhook paths.
pub const MAX_ID_LENGTH: usize = 64;

/// A named graph of steps.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Shown name ("Keypad menu").
    pub name: String,
    /// The identifier of the step a call starts at.
    pub start: String,
    /// Every step.
    pub steps: Vec<Step>,
}

/// One step: an NCCO, and where the call goes after it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable identifier: lower-case letters, digits and `-`, written into webhook paths.
    pub id: String,
    /// Shown name ("Support").
    pub name: String,
    /// The actions, as in any NCCO. A step that branches on keys, words or a connect's
    /// outcome ends with that `input` or `connect`.
    #[cfg_attr(feature = "ts", ts(type = "Array<Record<string, unknown>>"))]
    pub ncco: Vec<Value>,
    /// Where the call goes by the outcome of the step's last action, first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
    /// Where the call goes when the step's actions are over (for a `connect`, once the
    /// connected call ends; for a `record`, once the recording is made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub next: Option<String>,
    /// A limit on how often one call enters this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub repeat: Option<Repeat>,
    /// Where the step sits on the canvas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub position: Option<Position>,
}

/// "Up to `times` times in a call, then `then`": a call about to enter the step once
/// more goes to `then` instead.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    /// How many times a call may enter the step.
    pub times: u32,
    /// The step it goes to instead.
    pub then: String,
}

/// A step's place on the canvas.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Left, in canvas units.
    pub x: f64,
    /// Top, in canvas units.
    pub y: f64,
}

/// One way out of a step.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The outcome that takes it.
    pub when: When,
    /// The step it goes to.
    pub to: String,
}

/// An outcome of a step's last action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum When {
    /// The caller pressed these keys: digits, `*` and `#`, with `X` for any digit
    /// ("1", "0#", "XXXX" for any four digits).
    Keys {
        /// The keys, or a pattern of them.
        keys: String,
    },
    /// The caller said one of these phrases (matched without case or punctuation).
    Said {
        /// The phrases.
        phrases: Vec<String>,
    },
    /// The input ended with nothing pressed or said.
    NoInput,
    /// The input ended with keys or words that no other branch takes.
    Other,
    /// The connected call did not happen this way (Vonage's synchronous connect events).
    Connect {
        /// How it ended.
        status: ConnectStatus,
    },
}

/// How a synchronous `connect` can fail to connect (`docs/vonage.md` §5).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectStatus {
    /// The callee is busy.
    Busy,
    /// It rang past the connect's `timeout`.
    Timeout,
    /// It could not be connected.
    Failed,
    /// Vonage refused it before connecting.
    Rejected,
    /// Unreachable or declined.
    Unanswered,
}

impl ConnectStatus {
    /// Every status, as the editor offers them.
    pub const ALL: [Self; 5] = [
        Self::Busy,
        Self::Timeout,
        Self::Failed,
        Self::Rejected,
        Self::Unanswered,
    ];

    /// The status as Vonage writes it in the event.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Busy => "busy",
            Self::Timeout => "timeout",
            Self::Failed => "failed",
            Self::Rejected => "rejected",
            Self::Unanswered => "unanswered",
        }
    }

    /// The status Vonage sent, if it is one a branch can take.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl When {
    /// The branch's label on the canvas and the timeline ("pressed 1", "said “sales”").
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Keys { keys } => format!("pressed {keys}"),
            Self::Said { phrases } => format!(
                "said {}",
                phrases
                    .iter()
                    .map(|p| format!("“{p}”"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Self::NoInput => "no input".into(),
            Self::Other => "anything else".into(),
            Self::Connect { status } => status.as_str().into(),
        }
    }
}

/// Whether `keys` (what the caller pressed) fits `pattern` (`X` stands for any digit).
#[must_use]
pub fn keys_match(pattern: &str, keys: &str) -> bool {
    pattern.chars().count() == keys.chars().count()
        && pattern.chars().zip(keys.chars()).all(|(p, k)| {
            if p == 'X' || p == 'x' {
                k.is_ascii_digit()
            } else {
                p == k
            }
        })
}

/// Words as compared: lower case, letters and digits only, single spaces.
#[must_use]
pub fn normalise_words(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an identifier can be written into a webhook path as it is.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LENGTH
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An identifier made from a name ("Sales team" → `sales-team`), unique among `taken`.
#[must_use]
pub fn id_from_name(name: &str, taken: &[&str]) -> String {
    let mut base: String = normalise_words(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    base.truncate(MAX_ID_LENGTH - 4);
    let base = base.trim_matches('-').to_owned();
    let base = if base.is_empty() { "step".into() } else { base };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate.as_str()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// Why a text is not a flow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowFileError {
    /// Not JSON at all.
    #[error(transparent)]
    Syntax(#[from] callboard_ncco::SyntaxError),
    /// JSON, but not shaped as a flow.
    #[error("not a flow: {0}")]
    Shape(String),
}

impl Flow {
    /// Reads a flow file.
    ///
    /// # Errors
    /// A [`FlowFileError`] saying where the text stops being JSON, or which field is
    /// missing or of the wrong type.
    pub fn parse(text: &str) -> Result<Self, FlowFileError> {
        let value = callboard_ncco::parse_json(text)?;
        Self::from_value(value)
    }

    /// A flow from JSON already parsed.
    ///
    /// # Errors
    /// [`FlowFileError::Shape`] naming the field at fault.
    pub fn from_value(value: Value) -> Result<Self, FlowFileError> {
        serde_path_to_error::deserialize(value).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            FlowFileError::Shape(if path == "." {
                inner.to_string()
            } else {
                format!("{path}: {inner}")
            })
        })
    }

    /// Whether a JSON document is a flow file rather than an NCCO (an object with
    /// `steps`, where an NCCO is an array).
    #[must_use]
    pub fn looks_like_flow(value: &Value) -> bool {
        value.get("steps").is_some()
    }

    /// The step with `id`.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == id)
    }

    /// The file form: two-space indented, fields in the model's order, each action's
    /// `action` first and its other keys sorted.
    #[must_use]
    pub fn to_file_text(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(steps) = value.get_mut("steps").and_then(Value::as_array_mut) {
            for step in steps {
                if let Some(actions) = step.get_mut("ncco").and_then(Value::as_array_mut) {
                    for action in actions.iter_mut() {
                        *action = ordered(action);
                    }
                }
            }
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `value` with every object's keys sorted, `action` first.
fn ordered(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|key| (key.as_str() != "action", key.as_str()));
            Value::Object(
                keys.into_iter()
                    .map(|key| (key.clone(), ordered(&map[key])))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(ordered).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_stands_for_any_digit_and_nothing_else() {
        assert!(keys_match("1", "1"));
        assert!(keys_match("XXXX", "0427"));
        assert!(!keys_match("XXXX", "042"), "too few");
        assert!(!keys_match("XX", "1#"), "# is not a digit");
        assert!(keys_match("0#", "0#"));
        assert!(!keys_match("1", "12"));
    }

    #[test]
    fn words_compare_without_case_or_punctuation() {
        assert_eq!(normalise_words("  Sales, please! "), "sales please");
        assert_eq!(normalise_words("SALES"), normalise_words("sales."));
    }

    #[test]
    fn ids_are_made_from_names_and_kept_unique() {
        assert_eq!(id_from_name("Sales team", &[]), "sales-team");
        assert_eq!(id_from_name("Menu", &["menu"]), "menu-2");
        assert_eq!(id_from_name("!!!", &[]), "step");
        assert!(is_valid_id(&id_from_name(&"long ".repeat(40), &[])));
        assert!(!is_valid_id("Menu"), "upper case is not written into paths");
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn a_flow_file_names_the_field_at_fault() {
        let error = Flow::parse(r#"{"name":"x","start":"a","steps":[{"id":"a","name":"A"}]}"#)
            .expect_err("ncco missing");
        assert!(error.to_string().contains("steps[0]"), "{error}");
        assert!(error.to_string().contains("ncco"), "{error}");
        let error = Flow::parse(r#"{"name":"x","start":"a","steps":[],"colour":"red"}"#)
            .expect_err("unknown field");
        assert!(error.to_string().contains("colour"), "{error}");
        let error = Flow::parse("{").expect_err("not JSON");
        assert!(matches!(error, FlowFileError::Syntax(_)));
    }

    #[test]
    fn the_file_form_orders_keys_whatever_order_they_were_written_in() {
        let a = Flow::parse(
            r#"{"steps":[{"ncco":[{"text":"hi","action":"talk","bargeIn":true}],"name":"A","id":"a"}],"start":"a","name":"x"}"#,
        )
        .expect("flow");
        let b = Flow::parse(
            r#"{"name":"x","start":"a","steps":[{"id":"a","name":"A","ncco":[{"action":"talk","bargeIn":true,"text":"hi"}]}]}"#,
        )
        .expect("flow");
        assert_eq!(a.to_file_text(), b.to_file_text());
        let text = a.to_file_text();
        assert!(
            text.find("\"action\"") < text.find("\"bargeIn\""),
            "action first:\n{text}"
        );
        assert_eq!(Flow::parse(&text).expect("round trip"), a);
    }
}
