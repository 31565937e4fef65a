//! The support bundle: one file with what it takes to understand a call (its timeline,
//! the exchanges behind it, its stream sessions, the NCCO it was served, the application's
//! voice configuration, the call ids) and no secret: every secret Callboard holds for the
//! profile is removed wherever it appears, and key material is dropped by its shape.

use serde_json::{Map, Value};

/// What replaces a secret in the bundle.
pub const REDACTED: &str = "<redacted>";

/// Removes from `value`, recursively, every occurrence of each of `secrets` (non-empty,
/// at least 6 characters, so no short common word is taken for one), any PEM block, and
/// any field named like a secret or a key.
pub fn redact(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(text) => {
            for secret in secrets.iter().filter(|s| s.len() >= 6) {
                if text.contains(secret.as_str()) {
                    *text = text.replace(secret.as_str(), REDACTED);
                }
            }
            if text.contains("-----BEGIN") {
                *text = REDACTED.to_owned();
            }
        }
        // A header as a `[name, value]` pair.
        Value::Array(pair) if pair.len() == 2 && pair[0].as_str().is_some_and(secret_like) => {
            pair[1] = Value::String(REDACTED.into());
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact(item, secrets)),
        Value::Object(fields) => redact_fields(fields, secrets),
        _ => {}
    }
}

fn redact_fields(fields: &mut Map<String, Value>, secrets: &[String]) {
    for (name, value) in fields.iter_mut() {
        if secret_like(name) && !value.is_null() {
            *value = Value::String(REDACTED.into());
        } else {
            redact(value, secrets);
        }
    }
}

/// Whether a field or header named `name` holds a secret.
fn secret_like(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    [
        "secret",
        "private_key",
        "password",
        "authorization",
        "token",
    ]
    .iter()
    .any(|word| lowered.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_keys_and_secret_fields_are_removed_wherever_they_are() {
        let mut bundle = json!({
            "note": "the secret is s3cr3tValue inside text",
            "headers": [["authorization", "Bearer abc.def.ghi"], ["x-other", "s3cr3tValue"]],
            "api_secret": "anything",
            "keys": {"public_key": "-----BEGIN PUBLIC KEY-----\nMII...", "private_key": "x"},
            "short": "abc",
            "nested": {"deeper": ["keep me", "s3cr3tValue"]}
        });
        redact(&mut bundle, &["s3cr3tValue".into(), "abc".into()]);
        assert_eq!(
            bundle,
            json!({
                "note": "the secret is <redacted> inside text",
                "headers": [["authorization", "<redacted>"], ["x-other", "<redacted>"]],
                "api_secret": "<redacted>",
                "keys": {"public_key": "<redacted>", "private_key": "<redacted>"},
                "short": "abc",
                "nested": {"deeper": ["keep me", "<redacted>"]}
            })
        );
    }
}
