//! Per-call placeholders in NCCO strings: `{uuid}`, `{from}`, `{to}`,
//! `{conversation_uuid}` and `{public_url}`, rendered when the answer webhook serves
//! the NCCO for a call, and in a flow `{dtmf}`, `{speech}` and `{recording_url}`: what
//! the caller pressed, said or recorded at an earlier step.
//!
//! In a websocket endpoint's `uri`, a leading `{public_url}` takes the WebSocket
//! scheme of the public URL's (https → wss, http → ws), so one template serves both a
//! tunnel and the Sandbox on loopback. The validator checks values as they will be
//! rendered, using [`CallContext::sample`].

use serde_json::Value;

/// The placeholders, with what each becomes.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("{uuid}", "the call leg's UUID"),
    ("{from}", "the caller's number"),
    ("{to}", "the number called"),
    ("{conversation_uuid}", "the conversation's UUID (CON-…)"),
    (
        "{public_url}",
        "your public tunnel URL, without a trailing slash",
    ),
    ("{dtmf}", "in a flow, the keys the caller last pressed"),
    ("{speech}", "in a flow, the words the caller last said"),
    (
        "{recording_url}",
        "in a flow, the address of the caller's last recording",
    ),
];

/// The values placeholders render to for one call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallContext {
    /// The call leg's UUID.
    pub uuid: String,
    /// The caller.
    pub from: String,
    /// The number called.
    pub to: String,
    /// The conversation's UUID.
    pub conversation_uuid: String,
    /// The public base URL (a trailing slash is ignored).
    pub public_url: String,
    /// In a flow: the keys last pressed (empty outside a flow).
    pub dtmf: String,
    /// In a flow: the words last said.
    pub speech: String,
    /// In a flow: the last recording's address.
    pub recording_url: String,
}

impl CallContext {
    /// Plausible values, for checking a document before any call exists.
    #[must_use]
    pub fn sample() -> Self {
        Self {
            uuid: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab".into(),
            from: "447700900000".into(),
            to: "447700900001".into(),
            conversation_uuid: "CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab".into(),
            public_url: "https://example.ngrok.app".into(),
            dtmf: "1".into(),
            speech: "sales".into(),
            recording_url: "https://api.nexmo.com/v1/files/aaaaaaaa-bbbb-cccc-dddd-0123456789ab"
                .into(),
        }
    }

    /// Renders the placeholders in one string.
    #[must_use]
    pub fn render_str(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_owned();
        }
        text.replace("{public_url}", self.public_url.trim_end_matches('/'))
            .replace("{conversation_uuid}", &self.conversation_uuid)
            .replace("{uuid}", &self.uuid)
            .replace("{from}", &self.from)
            .replace("{to}", &self.to)
            .replace("{dtmf}", &self.dtmf)
            .replace("{speech}", &self.speech)
            .replace("{recording_url}", &self.recording_url)
    }

    /// Renders a websocket URI: a leading `{public_url}` gets the ws/wss scheme.
    #[must_use]
    pub fn render_websocket_uri(&self, text: &str) -> String {
        let rendered = self.render_str(text);
        if !text.starts_with("{public_url}") {
            return rendered;
        }
        if let Some(rest) = rendered.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = rendered.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            rendered
        }
    }
}

/// Renders every placeholder in an NCCO for one call; the structure is unchanged.
#[must_use]
pub fn render(ncco: &Value, context: &CallContext) -> Value {
    let mut rendered = render_value(ncco, context);
    if let Value::Array(actions) = &mut rendered {
        for (action, original) in actions
            .iter_mut()
            .zip(ncco.as_array().into_iter().flatten())
        {
            let endpoints = action.get_mut("endpoint").and_then(Value::as_array_mut);
            let originals = original.get("endpoint").and_then(Value::as_array);
            if let (Some(endpoints), Some(originals)) = (endpoints, originals) {
                for (endpoint, original) in endpoints.iter_mut().zip(originals) {
                    if endpoint.get("type").and_then(Value::as_str) == Some("websocket")
                        && let Some(uri) = original.get("uri").and_then(Value::as_str)
                    {
                        endpoint["uri"] = Value::String(context.render_websocket_uri(uri));
                    }
                }
            }
        }
    }
    rendered
}

fn render_value(value: &Value, context: &CallContext) -> Value {
    match value {
        Value::String(text) => Value::String(context.render_str(text)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_value(v, context)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), render_value(v, context)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context(public_url: &str) -> CallContext {
        CallContext {
            uuid: "u-1".into(),
            from: "447700900000".into(),
            to: "447700900001".into(),
            conversation_uuid: "CON-1".into(),
            public_url: public_url.into(),
            ..CallContext::default()
        }
    }

    #[test]
    fn renders_every_placeholder_in_every_string() {
        let ncco = json!([{"action":"talk","text":"Call {uuid} from {from} to {to} in {conversation_uuid}"},
                          {"action":"notify","payload":{"at":"{public_url}/x"},"eventUrl":["{public_url}/e"]}]);
        let rendered = render(&ncco, &context("https://abc.ngrok.app/"));
        assert_eq!(
            rendered[0]["text"],
            "Call u-1 from 447700900000 to 447700900001 in CON-1"
        );
        assert_eq!(
            rendered[1]["payload"]["at"], "https://abc.ngrok.app/x",
            "no double slash"
        );
        assert_eq!(rendered[1]["eventUrl"][0], "https://abc.ngrok.app/e");
    }

    #[test]
    fn a_websocket_uri_takes_the_websocket_scheme_of_the_public_url() {
        let ncco = json!([{"action":"connect","endpoint":[{"type":"websocket","uri":"{public_url}/ws/vonage-stream/{uuid}/","content-type":"audio/l16;rate=16000"}]}]);
        let tunnel = render(&ncco, &context("https://abc.ngrok.app"));
        assert_eq!(
            tunnel[0]["endpoint"][0]["uri"],
            "wss://abc.ngrok.app/ws/vonage-stream/u-1/"
        );
        let loopback = render(&ncco, &context("http://127.0.0.1:3000"));
        assert_eq!(
            loopback[0]["endpoint"][0]["uri"],
            "ws://127.0.0.1:3000/ws/vonage-stream/u-1/"
        );
    }

    #[test]
    fn text_without_placeholders_is_untouched() {
        let ncco = json!([{"action":"talk","text":"a {brace} that is not ours"}]);
        assert_eq!(render(&ncco, &context("https://x")), ncco);
    }
}
