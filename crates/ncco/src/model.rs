//! The typed model of every current NCCO action, for code that runs an NCCO (the
//! Sandbox's call engine) rather than checks it.
//!
//! Parse with [`parse_actions`] after [`crate::validate`] has no errors. Parsing never
//! panics and drops nothing: options the model does not name are kept in each action's
//! `other` map and serialized back. Numbers stay `serde_json::Number` so `3` and `3.0`
//! survive a round trip as written; numeric strings and a single URL given as a string
//! (both seen in Vonage's own examples) are accepted as the values they mean.
//!
//! [`Runnable::parse`] is the one way in for an NCCO that is about to run: checked by
//! the validator, then parsed once. What each option means when it runs (given, else
//! Vonage's default, within its range, both from [`crate::spec`]) is in `model/settings.rs`.

mod settings;

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Number, Value};

use crate::{Severity, validate};

/// Options the model does not name, kept as written.
pub type Other = Map<String, Value>;

/// One NCCO action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Action {
    /// Speak text.
    Talk(Talk),
    /// Play an audio file.
    Stream(Stream),
    /// Collect keys or speech.
    Input(Input),
    /// Record the call.
    Record(Record),
    /// Join a named conversation.
    Conversation(Conversation),
    /// Connect to an endpoint.
    Connect(Connect),
    /// Send a payload to a URL.
    Notify(Notify),
    /// Pause.
    Wait(Wait),
    /// Move legs into another conversation.
    Transfer(Transfer),
}

/// `talk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Talk {
    /// What is spoken (plain text or SSML in `<speak>`).
    pub text: String,
    /// The caller may interrupt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barge_in: Option<bool>,
    /// Times to play; 0 repeats.
    #[serde(
        default,
        rename = "loop",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub repeat: Option<Number>,
    /// Volume, -1 to 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub level: Option<Number>,
    /// BCP-47 language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Voice style number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub style: Option<Number>,
    /// Premium voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `stream`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stream {
    /// The audio file's URL (an array of one).
    #[serde(deserialize_with = "url_list")]
    pub stream_url: Vec<String>,
    /// The caller may interrupt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barge_in: Option<bool>,
    /// Times to play; 0 repeats.
    #[serde(
        default,
        rename = "loop",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub repeat: Option<Number>,
    /// Volume, -1 to 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub level: Option<Number>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `input`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
    /// `dtmf`, `speech` or both (absent in the pre-2021 form).
    #[serde(default, rename = "type", skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// Keypad settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dtmf: Option<DtmfSettings>,
    /// Speech settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<SpeechSettings>,
    /// Where results go.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub event_url: Option<Vec<String>>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// `synchronous` or `asynchronous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Everything else (including the pre-2021 top-level keypad options).
    #[serde(flatten)]
    pub other: Other,
}

/// How `input` collects keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keypad {
    /// Silence after the last key before the result is sent.
    pub time_out: Duration,
    /// Keys to collect.
    pub max_digits: usize,
    /// Whether # sends the result at once.
    pub submit_on_hash: bool,
}

/// `input.dtmf`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DtmfSettings {
    /// Seconds of silence before the result is sent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub time_out: Option<Number>,
    /// Keys to collect.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub max_digits: Option<Number>,
    /// Send on #.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_on_hash: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `input.speech`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeechSettings {
    /// Seconds of silence that end the utterance.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub end_on_silence: Option<Number>,
    /// Language spoken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Vec<String>>,
    /// Seconds to wait for speech to start.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub start_timeout: Option<Number>,
    /// Longest utterance.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub max_duration: Option<Number>,
    /// Keep the audio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub save_audio: Option<bool>,
    /// Everything else (`uuid`, `sensitivity`, …).
    #[serde(flatten)]
    pub other: Other,
}

/// `record`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// mp3, wav or ogg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `conversation` for split channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    /// Channels (with split).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub channels: Option<Number>,
    /// Seconds of silence that stop it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub end_on_silence: Option<Number>,
    /// Key that stops it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_on_key: Option<String>,
    /// Longest recording.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub time_out: Option<Number>,
    /// Beep at start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beep_start: Option<bool>,
    /// Where the recording event goes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub event_url: Option<Vec<String>>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// Transcribe the recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcription: Option<Transcription>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `record.transcription`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transcription {
    /// Where the transcription event goes (else the record's own event URL).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub event_url: Option<Vec<String>>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// Everything else (`language`, `sentimentAnalysis`).
    #[serde(flatten)]
    pub other: Other,
}

/// `conversation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// The conversation's name.
    pub name: String,
    /// Music until it starts.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub music_on_hold_url: Option<Vec<String>>,
    /// Start when this caller joins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_on_enter: Option<bool>,
    /// End when this caller leaves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_on_exit: Option<bool>,
    /// Record it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<bool>,
    /// Leg UUIDs that hear this caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_speak: Option<Vec<String>>,
    /// Leg UUIDs this caller hears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_hear: Option<Vec<String>>,
    /// Join muted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Where its events go.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub event_url: Option<Vec<String>>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `connect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connect {
    /// The endpoint (an array of one).
    pub endpoint: Vec<Endpoint>,
    /// Caller ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Random caller ID from the application's numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_from_number: Option<bool>,
    /// `synchronous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Ring time, seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub timeout: Option<Number>,
    /// Length limit, seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub limit: Option<Number>,
    /// `continue` or `hangup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_detection: Option<String>,
    /// Where its events go.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_url_list"
    )]
    pub event_url: Option<Vec<String>>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// Audio played to the caller until answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ringback_tone: Option<String>,
    /// Everything else (`advancedMachineDetection`, …).
    #[serde(flatten)]
    pub other: Other,
}

/// A `connect` endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Endpoint {
    /// A phone number.
    Phone {
        /// E.164 digits.
        number: String,
        /// Keys sent on answer.
        #[serde(
            default,
            rename = "dtmfAnswer",
            skip_serializing_if = "Option::is_none"
        )]
        dtmf_answer: Option<String>,
        /// Everything else (`onAnswer`, `shaken`).
        #[serde(flatten)]
        other: Other,
    },
    /// A Client SDK user.
    App {
        /// The user name.
        user: String,
        /// Everything else.
        #[serde(flatten)]
        other: Other,
    },
    /// A WebSocket server.
    Websocket {
        /// ws:// or wss:// URI.
        uri: String,
        /// `audio/l16;rate=…`.
        #[serde(rename = "content-type")]
        content_type: String,
        /// Metadata for the first message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headers: Option<Map<String, Value>>,
        /// The handshake's Authorization header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authorization: Option<Authorization>,
        /// Everything else.
        #[serde(flatten)]
        other: Other,
    },
    /// A SIP URI.
    Sip {
        /// sip: URI (or domain and user in `other`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uri: Option<String>,
        /// Custom headers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headers: Option<Map<String, Value>>,
        /// Everything else.
        #[serde(flatten)]
        other: Other,
    },
    /// A VBC extension.
    Vbc {
        /// The extension.
        extension: String,
        /// Everything else.
        #[serde(flatten)]
        other: Other,
    },
}

/// A websocket endpoint's `authorization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authorization {
    /// `vonage` (a Vonage-signed JWT) or `custom` (`value` as it is).
    #[serde(rename = "type")]
    pub kind: String,
    /// The header's value, for `custom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

impl Endpoint {
    /// The audio sample rate of a websocket endpoint, from its content type.
    #[must_use]
    pub fn sample_rate(&self) -> Option<u32> {
        match self {
            Self::Websocket { content_type, .. } => rate_of(content_type),
            _ => None,
        }
    }

    /// Whom it reaches, as events name it: the number, URI, user or extension (empty
    /// for a SIP endpoint given by domain and user).
    #[must_use]
    pub fn address(&self) -> &str {
        match self {
            Self::Phone { number, .. } => number,
            Self::App { user, .. } => user,
            Self::Websocket { uri, .. } => uri,
            Self::Sip { uri, .. } => uri.as_deref().unwrap_or(""),
            Self::Vbc { extension, .. } => extension,
        }
    }
}

/// The sample rate an audio content type names (`audio/l16;rate=16000`: 16000).
#[must_use]
pub fn rate_of(content_type: &str) -> Option<u32> {
    content_type
        .split(';')
        .find_map(|part| part.trim().strip_prefix("rate="))
        .and_then(|rate| rate.trim().parse().ok())
}

/// `notify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notify {
    /// What is sent.
    pub payload: Value,
    /// Where it is sent.
    #[serde(deserialize_with = "url_list")]
    pub event_url: Vec<String>,
    /// GET or POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_method: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `wait`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wait {
    /// Seconds, 0.1 to 7200 (default 10).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number"
    )]
    pub timeout: Option<Number>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// `transfer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// The target conversation.
    pub conversation_id: String,
    /// Everything else (`canHear`, `canSpeak`, `mute`).
    #[serde(flatten)]
    pub other: Other,
}

/// Why a document does not fit the model (run the validator for the full story).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("action {index}: {reason}")]
pub struct ModelError {
    /// Which action (`None` when the document is not an array).
    pub index: usize,
    /// What serde said.
    pub reason: String,
}

/// Parses every action of a document into the typed model.
///
/// # Errors
/// A [`ModelError`] naming the first action that does not fit.
pub fn parse_actions(document: &Value) -> Result<Vec<Action>, ModelError> {
    let Value::Array(items) = document else {
        return Err(ModelError {
            index: 0,
            reason: "an NCCO is an array of actions".into(),
        });
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            Action::deserialize(item).map_err(|error| ModelError {
                index,
                reason: error.to_string(),
            })
        })
        .collect()
}

/// An NCCO as Vonage would run it: the document as written (for whoever watches the
/// call) and its actions, parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Runnable {
    /// The document as it came.
    pub document: Value,
    /// Its actions.
    pub actions: Vec<Action>,
}

/// Why Vonage would not run a document: the first error, at its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path} {message}")]
pub struct Refusal {
    /// Where, as a JSON pointer (`/0/text`).
    pub path: String,
    /// What is wrong, in the validator's words.
    pub message: String,
}

impl Runnable {
    /// Checks `document` as Vonage would (any error refuses it), then parses it.
    ///
    /// # Errors
    /// The validator's first error, or the action that does not fit the model.
    pub fn parse(document: Value) -> Result<Self, Refusal> {
        if let Some(error) = validate(&document)
            .into_iter()
            .find(|finding| finding.severity == Severity::Error)
        {
            return Err(Refusal {
                path: error.path,
                message: error.message,
            });
        }
        let actions = parse_actions(&document).map_err(|error| Refusal {
            path: format!("/{}", error.index),
            message: error.reason,
        })?;
        Ok(Self { document, actions })
    }
}

/// A number, or a string holding one (Vonage's docs show `"timeout": "45"`).
fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Number>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Number(number) => Ok(Some(number)),
        Value::String(text) => serde_json::from_str::<Number>(text.trim())
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("\"{text}\" is not a number"))),
        Value::Null => Ok(None),
        other => Err(serde::de::Error::custom(format!(
            "expected a number, found {other}"
        ))),
    }
}

/// An array of URLs, or one URL as a string (the pre-current form).
fn url_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(url) => Ok(vec![url]),
        other => Vec::<String>::deserialize(other).map_err(serde::de::Error::custom),
    }
}

fn optional_url_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    url_list(deserializer).map(Some)
}
