//! Starting points for the composer, each a valid NCCO using placeholders where a
//! value depends on the call or the tunnel. Paths are the setup guide's defaults.

use serde::Serialize;
use serde_json::{Value, json};

/// A named starting point.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Template {
    /// Stable identifier.
    pub id: &'static str,
    /// Shown name.
    pub name: &'static str,
    /// What it does, in a sentence.
    pub description: &'static str,
    /// The NCCO.
    pub ncco: Value,
}

/// Every template, in the order the composer lists them.
#[must_use]
pub fn all() -> Vec<Template> {
    // The listener's event and stream routes under the public URL.
    let event_url = format!("{{public_url}}{}", crate::paths::EVENT);
    let event_url = event_url.as_str();
    let stream_url = format!("{{public_url}}{}", crate::paths::STREAM);
    vec![
        Template {
            id: "setup-guide",
            name: "Stream the call to your WebSocket",
            description: "The setup guide's flow done right: a greeting, then connect the call's audio to your stream route over wss:// (the guide's stream action cannot do this).",
            ncco: json!([
                {"action": "talk", "text": "Hello, you are connected to the voice assistant."},
                {"action": "connect", "eventUrl": [event_url], "from": "{to}", "endpoint": [{
                    "type": "websocket",
                    "uri": stream_url,
                    "content-type": "audio/l16;rate=16000",
                    "headers": {"caller": "{from}", "call_uuid": "{uuid}"}
                }]}
            ]),
        },
        Template {
            id: "ivr-menu",
            name: "Keypad menu",
            description: "Read a menu the caller can interrupt, then collect one key press and send it to your event webhook.",
            ncco: json!([
                {"action": "talk", "text": "Press 1 for sales, or 2 for support.", "bargeIn": true},
                {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1, "timeOut": 5}, "eventUrl": [event_url]}
            ]),
        },
        Template {
            id: "voicemail",
            name: "Voicemail",
            description: "Ask for a message, record it after a beep until silence or #, and thank the caller.",
            ncco: json!([
                {"action": "talk", "text": "Please leave a message after the tone, then press the hash key."},
                {"action": "record", "beepStart": true, "endOnSilence": 3, "endOnKey": "#", "timeOut": 120, "eventUrl": [event_url]},
                {"action": "talk", "text": "Thank you, goodbye."}
            ]),
        },
        Template {
            id: "forward",
            name: "Forward to a phone",
            description: "Connect the caller to another number, showing the number they called as caller ID.",
            ncco: json!([
                {"action": "talk", "text": "Please wait while we connect you."},
                {"action": "connect", "from": "{to}", "timeout": 30, "eventUrl": [event_url],
                 "endpoint": [{"type": "phone", "number": "447700900001"}]}
            ]),
        },
        Template {
            id: "conference",
            name: "Conference",
            description: "Put every caller into one named conversation.",
            ncco: json!([
                {"action": "talk", "text": "Welcome to the conference."},
                {"action": "conversation", "name": "callboard-conference", "startOnEnter": true, "endOnExit": false}
            ]),
        },
        Template {
            id: "notify",
            name: "Notify your backend",
            description: "Tell your backend where the call is; its answer may replace the rest of the NCCO.",
            ncco: json!([
                {"action": "talk", "text": "One moment please."},
                {"action": "notify", "payload": {"step": "greeted", "call": "{uuid}"}, "eventUrl": [event_url], "eventMethod": "POST"},
                {"action": "talk", "text": "Thank you for waiting."}
            ]),
        },
    ]
}
