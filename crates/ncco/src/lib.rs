//! NCCO (Call Control Object) documents: what the answer webhook serves to Vonage.
//!
//! An NCCO is always a JSON array of action objects, each naming its `action`
//! (`docs/vonage.md` §3). This crate is pure: no I/O and no async, so the
//! desktop app, the webhook server and `callboard-cli` share one definition.
//!
//! - [`spec`]: the catalogue of every action and option, with defaults, ranges and help.
//! - [`model`]: the typed model of every action, for code that runs an NCCO.
//! - [`validate()`]: findings (error or warning) at JSON paths, in plain words, with fixes.
//! - [`placeholders`]: `{uuid}`, `{from}`, `{to}`, `{conversation_uuid}`, `{public_url}`.
//! - [`templates`]: starting points, each valid.
//! - [`parse_json()`]: NCCO text to JSON, with the line and column of a syntax error.

pub mod address;
pub mod finding;
pub mod model;
pub mod paths;
pub mod placeholders;
mod rules;
pub mod spec;
pub mod ssml;
pub mod templates;
mod validate;

pub use finding::{Finding, Fix, FixError, Severity, apply_fix};
pub use placeholders::{CallContext, render};
pub use validate::validate;

use serde::Serialize;
use serde_json::Value;

/// Where a text stops being JSON.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("not valid JSON at line {line}, column {column}: {message}")]
pub struct SyntaxError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What the parser expected, in its words.
    pub message: String,
}

/// How deeply arrays and objects may nest: far beyond any NCCO (a notify payload is
/// the deepest part, a few levels), and shallow enough to handle on any thread's stack.
pub const MAX_DEPTH: usize = 2_000;

/// Parses NCCO text as JSON. Its shape (an array of actions, each with a name) is
/// [`validate()`]'s to judge, with a finding at the exact path. Any valid JSON up to
/// [`MAX_DEPTH`] levels deep parses (serde_json alone stops at 128).
///
/// # Errors
/// A [`SyntaxError`] with the line and column where the text stops being JSON, or where
/// it nests deeper than [`MAX_DEPTH`].
pub fn parse_json(text: &str) -> Result<Value, SyntaxError> {
    if let Some((line, column)) = too_deep(text) {
        return Err(SyntaxError {
            line,
            column,
            message: format!(
                "the document nests arrays and objects more than {MAX_DEPTH} levels deep"
            ),
        });
    }
    let mut json = serde_json::Deserializer::from_str(text);
    json.disable_recursion_limit();
    let parsed = serde::Deserialize::deserialize(serde_stacker::Deserializer::new(&mut json))
        .and_then(|value: Value| json.end().map(|()| value));
    parsed.map_err(|error| {
        let full = error.to_string();
        SyntaxError {
            line: u32::try_from(error.line()).unwrap_or(u32::MAX),
            column: u32::try_from(error.column()).unwrap_or(u32::MAX),
            // serde_json ends its message with the position, which is reported separately.
            message: full
                .rsplit_once(" at line ")
                .map_or(full.clone(), |(message, _)| message.to_owned()),
        }
    })
}

/// Where `text` first nests past [`MAX_DEPTH`] (outside strings), as line and column.
fn too_deep(text: &str) -> Option<(u32, u32)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1u32, 0u32);
    for c in text.chars() {
        column += 1;
        match (in_string, escaped, c) {
            (_, _, '\n') => {
                line += 1;
                column = 0;
            }
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') | (false, _, '"') => in_string = !in_string,
            (false, _, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            (false, _, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, &'static str)> {
        validate(&parse_json(text).expect("JSON"))
            .into_iter()
            .map(|f| (f.path, f.code))
            .collect()
    }

    #[test]
    fn an_array_of_named_actions_has_no_envelope_finding() {
        let found = codes(r#"[{"action":"talk","text":"hi"},{"action":"input"}]"#);
        assert!(
            !found.iter().any(
                |(_, code)| ["not_an_array", "item_not_an_object", "missing_action"].contains(code)
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_bare_object_is_not_an_array_and_the_fix_is_named() {
        let findings = validate(&parse_json(r#"{"action":"talk","text":"hi"}"#).expect("JSON"));
        assert_eq!(
            (findings[0].path.as_str(), findings[0].code),
            ("", "not_an_array")
        );
        assert!(
            findings[0].message.contains("Wrap it in [ ]"),
            "the fix is named: {}",
            findings[0].message
        );
    }

    #[test]
    fn reports_line_and_column_of_a_syntax_error() {
        let error = parse_json("[\n  {\"action\": }\n]").unwrap_err();
        assert_eq!(
            (error.line, error.column),
            (2, 14),
            "the position points at the missing value"
        );
        assert!(
            !error.message.contains("at line"),
            "the position is not repeated: {}",
            error.message
        );
    }

    #[test]
    fn items_without_an_action_name_or_not_objects_are_found_where_they_are() {
        assert!(
            codes(r#"[{"action":"talk","text":"hi"},{"text":"no action"}]"#)
                .contains(&("/1".into(), "missing_action"))
        );
        assert_eq!(codes("[1]"), [("/0".into(), "item_not_an_object")]);
    }
}
