//! What the validator reports: a finding at a JSON path, in plain words, with fixes.
//!
//! A fix is an RFC 6902 JSON Patch against the document the finding was made on, so
//! the composer, the CLI and the webhook inspector apply it the same way.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How bad a finding is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Vonage would reject the NCCO or the call would not do what it says.
    Error,
    /// Accepted, but deprecated, unusual or likely a mistake.
    Warning,
}

/// A change that resolves a finding.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, as a button label ("Wrap the URL in an array").
    pub label: String,
    /// The change, as JSON Patch operations against the whole NCCO.
    pub patch: Value,
}

/// One problem found in an NCCO.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// JSON Pointer to the offending value, e.g. `/1/endpoint/0/uri`.
    pub path: String,
    /// A stable identifier of the rule, for tests and documentation.
    pub code: &'static str,
    /// What is wrong and why, in plain words.
    pub message: String,
    /// Ways to resolve it, best first (may be empty).
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub(crate) fn error(path: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.to_owned(),
            code,
            message: message.into(),
            fixes: Vec::new(),
        }
    }

    pub(crate) fn warning(path: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, code, message)
        }
    }

    pub(crate) fn with_fix(mut self, label: impl Into<String>, patch: Value) -> Self {
        self.fixes.push(Fix {
            label: label.into(),
            patch,
        });
        self
    }
}

/// Why a fix could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The fix's patch is not a JSON Patch.
    #[error("the fix is not a valid JSON Patch: {0}")]
    Malformed(#[from] serde_json::Error),
    /// The document changed since the finding was made.
    #[error("the NCCO changed since it was checked; check it again: {0}")]
    Stale(#[from] json_patch::PatchError),
}

/// Applies a fix to the document it was found on. On failure the document is unchanged.
///
/// # Errors
/// A [`FixError`] when the patch does not apply.
pub fn apply_fix(document: &mut Value, fix: &Fix) -> Result<(), FixError> {
    let patch: json_patch::Patch = serde_json::from_value(fix.patch.clone())?;
    json_patch::patch(document, &patch)?;
    Ok(())
}

/// JSON Pointer building (RFC 6901 escaping of `~` and `/`).
pub(crate) fn child(path: &str, key: &str) -> String {
    format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// JSON Pointer to an array element.
pub(crate) fn item(path: &str, index: usize) -> String {
    format!("{path}/{index}")
}
