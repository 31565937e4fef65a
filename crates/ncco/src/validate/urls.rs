//! Checks of URLs as Vonage receives them: arrays of one URL, schemes, hosts, the text as
//! written (what a URI cannot hold), and unencrypted WebSockets.

use serde_json::{Value, json};

use super::{Checker, Context};
use crate::{Finding, finding::item, spec::Field};

impl Checker {
    pub(super) fn url_array(
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

    pub(super) fn url_entry(
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

    pub(super) fn url(&mut self, path: &str, text: &str, name: &str, schemes: &[&str]) {
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
}

/// Whether `c` may stand in a URI as written (RFC 3986: unreserved, reserved, `%`).
pub(super) fn fits_in_uri(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

pub(super) fn percent_encode(c: char) -> String {
    let mut bytes = [0u8; 4];
    c.encode_utf8(&mut bytes)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}
