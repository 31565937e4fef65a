//! The Voice API's request and response bodies (`docs/vonage.md` §2.3–2.6), with
//! Vonage's field names. Shared by the client and by the Sandbox that checks them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Someone or something a call reaches (`to` of a new call, `endpoint` of `connect`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Endpoint {
    /// A phone number.
    Phone {
        /// E.164 digits, 7 to 15 of them.
        number: String,
        /// Digits to send once answered (`p` is a 500 ms pause).
        #[serde(
            rename = "dtmfAnswer",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        dtmf_answer: Option<String>,
    },
    /// A SIP URI.
    Sip {
        /// `sip:…`.
        uri: String,
        /// Custom `X-` headers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headers: Option<Value>,
    },
    /// A WebSocket the call's audio is streamed to.
    Websocket {
        /// `ws://` or `wss://`.
        uri: String,
        /// `audio/l16;rate=8000`, `16000` or `24000`.
        #[serde(rename = "content-type")]
        content_type: String,
        /// Sent in the first message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headers: Option<Value>,
    },
    /// A Vonage Business Communications extension.
    Vbc {
        /// The extension.
        extension: String,
    },
    /// A Client SDK user.
    App {
        /// The user's name.
        user: String,
    },
}

/// The caller ID of a new call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneFrom {
    /// Always `phone`.
    #[serde(rename = "type")]
    pub kind: String,
    /// E.164 digits.
    pub number: String,
}

impl PhoneFrom {
    /// The caller ID `number`.
    #[must_use]
    pub fn new(number: &str) -> Self {
        Self {
            kind: "phone".into(),
            number: number.to_owned(),
        }
    }
}

/// `POST /v1/calls`: exactly one of `ncco` and `answer_url`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateCall {
    /// Whom to call (one endpoint).
    pub to: Vec<Endpoint>,
    /// The caller ID, unless `random_from_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PhoneFrom>,
    /// Use a random number linked to the application as caller ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_from_number: Option<bool>,
    /// The NCCO to run once answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ncco: Option<Value>,
    /// Where to fetch the NCCO once answered (one URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_url: Option<Vec<String>>,
    /// `GET` (Vonage's default) or `POST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_method: Option<String>,
    /// Where events go (one URL), unless the application has an event URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_url: Option<Vec<String>>,
    /// `POST` (Vonage's default) or `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// `continue` or `hangup` when a machine answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_detection: Option<String>,
    /// Seconds after answer before Vonage hangs up (1–7200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_timer: Option<u32>,
    /// Seconds of ringing before giving up (1–120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ringing_timer: Option<u32>,
}

/// The 201 answer to `POST /v1/calls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedCall {
    /// The new leg.
    pub uuid: String,
    /// `started`.
    pub status: String,
    /// `outbound`.
    pub direction: String,
    /// `CON-…`.
    pub conversation_uuid: String,
}

/// A call as `GET /v1/calls/{uuid}` returns it (numbers are strings, as Vonage sends them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallInfo {
    /// The leg.
    pub uuid: String,
    /// Its conversation.
    pub conversation_uuid: String,
    /// Whom it reached.
    pub to: Value,
    /// Who it came from.
    pub from: Value,
    /// `started`, `ringing`, `answered`, `completed`, `busy`, …
    pub status: String,
    /// `outbound` or `inbound`.
    pub direction: String,
    /// Per minute, when completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// Charged, when completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// Seconds, when completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// The network's MCCMNC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// What `PUT /v1/calls/{uuid}` asks of a live call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum CallAction {
    /// End it.
    Hangup,
    /// Stop the leg's audio reaching the others.
    Mute,
    /// Undo `mute`.
    Unmute,
    /// Stop the leg hearing the others.
    Earmuff,
    /// Undo `earmuff`.
    Unearmuff,
    /// Replace what runs now with another NCCO.
    Transfer {
        /// `{"type":"ncco","ncco":[…]}` or `{"type":"ncco","url":["https://…"]}`.
        destination: TransferDestination,
    },
}

/// Where a transfer goes: an inline NCCO or a URL returning one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransferDestination {
    /// Always `ncco`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The NCCO itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ncco: Option<Value>,
    /// A URL that answers with the NCCO (one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Vec<String>>,
}

impl CallAction {
    /// A transfer to `ncco`.
    #[must_use]
    pub fn transfer_to_ncco(ncco: Value) -> Self {
        Self::Transfer {
            destination: TransferDestination {
                kind: "ncco".into(),
                ncco: Some(ncco),
                url: None,
            },
        }
    }

    /// A transfer to the NCCO that `url` answers with.
    #[must_use]
    pub fn transfer_to_url(url: &str) -> Self {
        Self::Transfer {
            destination: TransferDestination {
                kind: "ncco".into(),
                ncco: None,
                url: Some(vec![url.to_owned()]),
            },
        }
    }
}

/// `PUT /v1/calls/{uuid}/talk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TalkRequest {
    /// What to say.
    pub text: String,
    /// BCP-47, default `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The voice style number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<u32>,
    /// Times to repeat (0 forever).
    #[serde(rename = "loop", default, skip_serializing_if = "Option::is_none")]
    pub loop_count: Option<u32>,
    /// `-1` to `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

/// A volume from -1 to 1 (0 is normal). Vonage's reference writes it as text (`"0.5"`);
/// the official SDKs send a number (`0.5`, as the Python SDK always does); Vonage
/// takes both, and so do Callboard's types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Level {
    /// `0.5`
    Number(f64),
    /// `"0.5"`
    Text(String),
}

impl Level {
    /// The level as a number, if it reads as one.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// `PUT /v1/calls/{uuid}/stream`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamRequest {
    /// The audio file (one URL).
    pub stream_url: Vec<String>,
    /// Times to repeat (0 forever).
    #[serde(rename = "loop", default, skip_serializing_if = "Option::is_none")]
    pub loop_count: Option<u32>,
    /// `-1` to `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

/// `PUT /v1/calls/{uuid}/dtmf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtmfRequest {
    /// Digits, `*`, `#`, and `p` for a pause.
    pub digits: String,
}

/// The 200 answer to talk, stream and DTMF requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlAnswer {
    /// `Talk started`, `Stream stopped`, `DTMF sent`, …
    pub message: String,
    /// The leg.
    pub uuid: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_new_call_serialises_as_vonage_documents_it() {
        let call = CreateCall {
            to: vec![Endpoint::Phone {
                number: "447700900000".into(),
                dtmf_answer: None,
            }],
            from: Some(PhoneFrom::new("447700900001")),
            answer_url: Some(vec!["https://x.example/answer".into()]),
            event_url: Some(vec!["https://x.example/event".into()]),
            ..CreateCall::default()
        };
        assert_eq!(
            serde_json::to_value(&call).expect("serialises"),
            json!({"to": [{"type": "phone", "number": "447700900000"}],
                   "from": {"type": "phone", "number": "447700900001"},
                   "answer_url": ["https://x.example/answer"],
                   "event_url": ["https://x.example/event"]})
        );
    }

    #[test]
    fn call_actions_carry_their_action_name() {
        assert_eq!(
            serde_json::to_value(CallAction::Hangup).expect("json"),
            json!({"action": "hangup"})
        );
        assert_eq!(
            serde_json::to_value(CallAction::transfer_to_url("https://x.example/n")).expect("json"),
            json!({"action": "transfer", "destination": {"type": "ncco", "url": ["https://x.example/n"]}})
        );
        let websocket: Endpoint = serde_json::from_value(json!({"type": "websocket",
            "uri": "wss://x.example/ws", "content-type": "audio/l16;rate=16000"}))
        .expect("reads");
        assert!(matches!(websocket, Endpoint::Websocket { .. }));
    }
}
