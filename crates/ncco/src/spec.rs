//! The catalogue of NCCO actions and their options, from `docs/vonage.md` §3: the types here, the actions in their order, and lookups; each action's options in `spec/options.rs`, the connect endpoints in `spec/endpoints.rs`, the TTS languages in `spec/languages.rs`.
//!
//! Declared once as data: the validator walks it to check a document, and the
//! composer renders a form from it (labels, defaults, ranges, help, which options are
//! advanced). A rule that cannot be said as a field's kind (ordering across actions,
//! mutually exclusive options, websocket audio formats) lives in `validate`.

use serde::Serialize;

/// What values an option takes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A whole number within the bounds, when given.
    Integer {
        /// Smallest allowed value.
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        min: Option<i64>,
        /// Largest allowed value.
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        max: Option<i64>,
    },
    /// A number (fractions allowed) within the bounds.
    Number {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// Free text; `max_chars` counts characters outside SSML tags.
    Text {
        /// Longest allowed text, when limited.
        max_chars: Option<usize>,
    },
    /// One of a fixed list of strings.
    Choice {
        /// The allowed values.
        values: &'static [&'static str],
    },
    /// Several of a fixed list of strings, as an array.
    ChoiceList {
        /// The allowed values.
        values: &'static [&'static str],
    },
    /// One URL in a string.
    Url {
        /// Allowed schemes, without `://`.
        schemes: &'static [&'static str],
    },
    /// An array holding exactly one URL (`eventUrl`, `streamUrl`, `musicOnHoldUrl`).
    UrlArray {
        /// Allowed schemes, without `://`.
        schemes: &'static [&'static str],
    },
    /// An array of strings.
    TextList,
    /// A BCP-47 language code such as `en-US`.
    Language,
    /// A phone number in E.164 form, digits only.
    PhoneNumber,
    /// A string matching a small pattern, described in words.
    Pattern {
        /// The pattern as a regular expression (anchored).
        regex: &'static str,
        /// What the pattern means, for messages.
        meaning: &'static str,
    },
    /// A JSON object whose own options are listed.
    Object {
        /// The nested options.
        fields: &'static [Field],
    },
    /// Any JSON object (the `notify` payload).
    AnyObject,
    /// An object of key/value metadata, limited in size when serialized.
    Headers {
        /// Largest allowed size of the serialized object, in bytes.
        max_bytes: Option<usize>,
    },
    /// The `connect` action's endpoint array: exactly one endpoint of a known type.
    Endpoints,
}

/// One option of an action (or of a nested object).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    /// The JSON key, exactly as Vonage spells it.
    pub name: &'static str,
    /// A short label for forms.
    pub label: &'static str,
    /// Its values.
    #[serde(flatten)]
    pub kind: Kind,
    /// Whether the action is invalid without it.
    pub required: bool,
    /// Vonage's default, as shown in forms (`None` when there is none).
    pub default: Option<&'static str>,
    /// One or two sentences of help, from the reference.
    pub help: &'static str,
    /// Folded away in forms until asked for.
    pub advanced: bool,
    /// When out of range Vonage uses the nearest bound instead of refusing the NCCO: the
    /// source that says so (and where sources disagree, which one Callboard follows).
    pub clamped: Option<&'static str>,
}

/// One NCCO action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ActionSpec {
    /// The `action` value.
    pub name: &'static str,
    /// What it does, in one sentence.
    pub summary: &'static str,
    /// Whether the next action waits for this one to finish.
    pub synchronous: &'static str,
    /// Its options.
    pub fields: &'static [Field],
}

/// One `connect` endpoint type.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EndpointSpec {
    /// The `type` value.
    pub name: &'static str,
    /// What it connects to.
    pub summary: &'static str,
    /// Its options (besides `type`).
    pub fields: &'static [Field],
}

mod endpoints;
mod languages;
mod options;

pub use endpoints::ENDPOINTS;
pub use languages::{LANGUAGES, VOICE_NAMES};
use options::{
    CONNECT, CONVERSATION, DTMF_SETTINGS, INPUT, NOTIFY, RECORD, STREAM, TALK, TRANSFER, WAIT,
};

/// Every current action, in the reference's order.
pub const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        name: "talk",
        summary: "Speak text to the call with text-to-speech.",
        synchronous: "yes, unless bargeIn is true",
        fields: TALK,
    },
    ActionSpec {
        name: "stream",
        summary: "Play an audio file (mp3 or wav) into the call.",
        synchronous: "yes, unless bargeIn is true",
        fields: STREAM,
    },
    ActionSpec {
        name: "input",
        summary: "Collect key presses or speech from the caller.",
        synchronous: "yes",
        fields: INPUT,
    },
    ActionSpec {
        name: "record",
        summary: "Record the call.",
        synchronous: "no",
        fields: RECORD,
    },
    ActionSpec {
        name: "conversation",
        summary: "Join the call to a named conversation (a conference).",
        synchronous: "yes",
        fields: CONVERSATION,
    },
    ActionSpec {
        name: "connect",
        summary: "Connect the call to a phone, an app user, a WebSocket, a SIP URI or a VBC extension.",
        synchronous: "yes",
        fields: CONNECT,
    },
    ActionSpec {
        name: "notify",
        summary: "Send a JSON payload to a URL; its answer may replace the rest of the NCCO.",
        synchronous: "yes",
        fields: NOTIFY,
    },
    ActionSpec {
        name: "wait",
        summary: "Pause for a number of seconds.",
        synchronous: "yes",
        fields: WAIT,
    },
    ActionSpec {
        name: "transfer",
        summary: "Move the call's legs into another existing conversation.",
        synchronous: "yes",
        fields: TRANSFER,
    },
];

/// Actions that existed in older references and are no longer current.
pub const RETIRED_ACTIONS: &[&str] = &["pay"];

/// Options that older references named and the current one replaced, with what replaced them.
pub const RETIRED_OPTIONS: &[(&str, &str)] = &[(
    "voiceName",
    "voiceName is deprecated: Vonage picks the voice from language and style",
)];

/// The catalogue entry for an action name.
#[must_use]
pub fn action(name: &str) -> Option<&'static ActionSpec> {
    ACTIONS.iter().find(|spec| spec.name == name)
}

/// The catalogue entry for an endpoint type.
#[must_use]
pub fn endpoint(name: &str) -> Option<&'static EndpointSpec> {
    ENDPOINTS.iter().find(|spec| spec.name == name)
}

/// The keypad settings of `input`, which the pre-2021 form put at the action's top level.
#[must_use]
pub fn dtmf_setting(name: &str) -> Option<&'static Field> {
    DTMF_SETTINGS.iter().find(|field| field.name == name)
}
