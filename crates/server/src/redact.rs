//! Redaction, in one place for everything that leaves the listener's hands: what capture
//! stores, what the Inspector exports (JSON lines, HAR) and what a support bundle holds.
//!
//! Two kinds of secret are removed:
//! - by name: headers that carry credentials (`Authorization`, `Proxy-Authorization`,
//!   `Cookie`, `Set-Cookie`, `X-Api-Key`, anything named like a secret, token, password
//!   or signature), query parameters named so, and JSON fields named so;
//! - by value: each secret Callboard holds for the profile (API secret, signature secret,
//!   private key), wherever it appears in text, as written, percent-encoded, or inside
//!   base64 (at any alignment, so a secret inside an encoded `key:secret` is found too);
//!   and any PEM block.

use base64::Engine;
use serde_json::{Map, Value};

/// What replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// Secrets shorter than this are not searched for as values (too many false matches);
/// the profile's secrets are all longer.
pub const MIN_SECRET_LEN: usize = 6;

/// Whether a header, query parameter or JSON field named `name` holds a credential.
#[must_use]
pub fn is_sensitive_name(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    let words = [
        "authorization",
        "cookie",
        "secret",
        "password",
        "passwd",
        "token",
        "private_key",
        "privatekey",
        "api-key",
        "api_key",
        "apikey",
        "signature",
        "credential",
        "session",
        "jwt",
    ];
    words.iter().any(|word| lowered.contains(word)) || matches!(lowered.as_str(), "sig" | "key")
}

/// A header's value as it may be kept: [`REDACTED`] for a credential.
#[must_use]
pub fn header_value(name: &str, value: &str) -> String {
    if is_sensitive_name(name) {
        REDACTED.to_owned()
    } else {
        value.to_owned()
    }
}

/// A query string (without `?`) with the values of sensitive parameters replaced; the
/// other parameters are kept byte for byte.
#[must_use]
pub fn query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let (name, _) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded: String = url::form_urlencoded::parse(name.as_bytes())
                .map(|(k, _)| k.into_owned())
                .collect();
            if pair.contains('=') && is_sensitive_name(&decoded) {
                format!("{name}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A URL with its query's sensitive parameters replaced.
#[must_use]
pub fn url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, rest)) => {
            let (q, fragment) = rest
                .split_once('#')
                .map_or((rest, None), |(q, f)| (q, Some(f)));
            let mut redacted = format!("{base}?{}", query(q));
            if let Some(fragment) = fragment {
                redacted.push('#');
                redacted.push_str(fragment);
            }
            redacted
        }
        None => url.to_owned(),
    }
}

/// The forms in which `secret` may stand in text: as written, percent-encoded, and the
/// parts of its base64 encodings (standard and URL-safe, at each of the three byte
/// alignments) that do not depend on the bytes around it.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    ];
    for engine in [
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        for offset in 0..3usize {
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(secret.as_bytes());
            let encoded = engine.encode(&bytes);
            // Characters 6 bits wide; those wholly inside the secret's bits are stable.
            let first = (8 * offset).div_ceil(6);
            let end = (8 * (offset + secret.len())) / 6;
            if let Some(core) = encoded.get(first..end) {
                forms.push(core.to_owned());
            }
        }
    }
    forms.sort();
    forms.dedup();
    forms.retain(|form| form.len() >= MIN_SECRET_LEN);
    forms
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_' | '=')
}

/// `text` with every form of each of `secrets` replaced by [`REDACTED`] (a base64 form
/// takes the whole base64 run it stands in with it), and any PEM block removed.
#[must_use]
pub fn text(text: &str, secrets: &[String]) -> String {
    if text.contains("-----BEGIN") {
        return REDACTED.to_owned();
    }
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| s.len() >= MIN_SECRET_LEN) {
        for form in forms(secret) {
            while let Some(at) = out.find(&form) {
                let (start, end) = if form == *secret || !form.chars().all(is_base64_char) {
                    (at, at + form.len())
                } else {
                    // Widen to the base64 run around it: the rest encodes the same secret.
                    let start = out[..at]
                        .rfind(|c: char| !is_base64_char(c))
                        .map_or(0, |i| i + 1);
                    let end = out[at..]
                        .find(|c: char| !is_base64_char(c))
                        .map_or(out.len(), |i| at + i);
                    (start, end)
                };
                out.replace_range(start..end, REDACTED);
            }
        }
    }
    out
}

/// Redacts `value` recursively: fields named like a credential, `[name, value]` header
/// pairs and `{name, value}` objects (HAR's headers and query) by name, `query` and
/// `url` fields' query parameters, and every form of each of `secrets` in any string.
pub fn json(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) => {
            let redacted = text(s, secrets);
            if redacted != *s {
                *s = redacted;
            }
        }
        Value::Array(pair)
            if pair.len() == 2 && pair[0].as_str().is_some_and(is_sensitive_name) =>
        {
            pair[1] = Value::String(REDACTED.into());
        }
        Value::Array(items) => items.iter_mut().for_each(|item| json(item, secrets)),
        Value::Object(fields) => fields_of(fields, secrets),
        _ => {}
    }
}

fn fields_of(fields: &mut Map<String, Value>, secrets: &[String]) {
    let named_sensitive = fields
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(is_sensitive_name)
        && fields.contains_key("value");
    for (name, value) in fields.iter_mut() {
        if (secret_field(name) || (named_sensitive && name == "value")) && !value.is_null() {
            *value = Value::String(REDACTED.into());
            continue;
        }
        if let Value::String(s) = value {
            match name.as_str() {
                "query" | "queryString" => *s = query(s),
                "url" => *s = url(s),
                _ => {}
            }
        }
        json(value, secrets);
    }
}

/// A JSON field that holds a credential. Narrower than [`is_sensitive_name`] where the
/// words are common in Callboard's own data (`signature` is a verdict, `key` a name).
fn secret_field(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    [
        "secret",
        "private_key",
        "password",
        "authorization",
        "token",
        "cookie",
    ]
    .iter()
    .any(|word| lowered.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SECRET: &str = "s3cr3tValue!";

    #[test]
    fn credential_headers_are_known_by_name() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "set-cookie",
            "X-Api-Key",
            "x-auth-token",
            "X-Vonage-Signature",
        ] {
            assert_eq!(header_value(name, "v"), REDACTED, "{name}");
        }
        for name in [
            "content-type",
            "user-agent",
            "host",
            "x-request-id",
            "accept",
        ] {
            assert_eq!(header_value(name, "v"), "v", "{name}");
        }
    }

    #[test]
    fn sensitive_query_parameters_lose_their_values_and_the_rest_stays_byte_for_byte() {
        assert_eq!(
            query("to=447700900000&api_secret=abc%21&token=t&from=%2B44&access_token=x&sig=1"),
            "to=447700900000&api_secret=<redacted>&token=<redacted>&from=%2B44&access_token=<redacted>&sig=<redacted>"
        );
        assert_eq!(
            query("uuid=a&conversation_uuid=b"),
            "uuid=a&conversation_uuid=b"
        );
        assert_eq!(
            url("https://x.example/a?key=1&b=2#f"),
            "https://x.example/a?key=<redacted>&b=2#f"
        );
    }

    #[test]
    fn a_secret_is_found_as_written_percent_encoded_and_inside_base64_at_any_alignment() {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let secrets = [SECRET.to_owned()];
        let encoded: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
        let percent =
            percent_encoding::utf8_percent_encode(SECRET, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        for place in [
            format!("the secret is {SECRET} here"),
            format!("?api_secret={encoded}&x=1"),
            format!("value={percent}"),
            format!("Basic {}", STANDARD.encode(format!("a1b2c3d4:{SECRET}"))),
            format!("Basic {}", STANDARD.encode(format!("k:{SECRET}"))),
            format!("Basic {}", STANDARD.encode(format!("kk:{SECRET}"))),
            format!("token {}", URL_SAFE_NO_PAD.encode(format!("{SECRET}-tail"))),
        ] {
            let redacted = text(&place, &secrets);
            assert!(redacted.contains(REDACTED), "{place} -> {redacted}");
            for form in forms(SECRET) {
                assert!(
                    !redacted.contains(&form),
                    "{place}: {form} is left in {redacted}"
                );
            }
        }
        assert_eq!(text("nothing here", &secrets), "nothing here");
        assert_eq!(
            text("-----BEGIN PRIVATE KEY-----\nMII...", &[]),
            REDACTED,
            "a PEM block goes whole"
        );
    }

    #[test]
    fn json_is_redacted_by_name_and_by_value_in_every_shape_exports_use() {
        let mut value = json!({
            "request_headers": [["authorization", "Bearer x"], ["cookie", "a=b"], ["x-ok", "fine"]],
            "har": {"headers": [{"name": "X-Api-Key", "value": "k1"}, {"name": "Accept", "value": "*/*"}],
                    "queryString": [{"name": "token", "value": "t"}], "url": "https://h/p?password=p&a=1"},
            "query": "api_secret=zzz&uuid=u",
            "api_secret": "plain",
            "note": format!("said {SECRET}"),
            "signature": "valid",
        });
        json(&mut value, &[SECRET.to_owned()]);
        assert_eq!(value["request_headers"][0][1], REDACTED);
        assert_eq!(value["request_headers"][1][1], REDACTED);
        assert_eq!(value["request_headers"][2][1], "fine");
        assert_eq!(value["har"]["headers"][0]["value"], REDACTED);
        assert_eq!(value["har"]["headers"][1]["value"], "*/*");
        assert_eq!(value["har"]["queryString"][0]["value"], REDACTED);
        assert_eq!(value["har"]["url"], "https://h/p?password=<redacted>&a=1");
        assert_eq!(value["query"], "api_secret=<redacted>&uuid=u");
        assert_eq!(value["api_secret"], REDACTED);
        assert_eq!(value["note"], format!("said {REDACTED}"));
        assert_eq!(value["signature"], "valid", "a verdict is not a secret");
    }

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
        json(&mut bundle, &["s3cr3tValue".into(), "abc".into()]);
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
