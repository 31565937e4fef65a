//! The catalogue of NCCO actions and their options, from `docs/vonage.md` §3: the actions in
//! their order, and lookups; the vocabulary in `spec/types.rs`, each action's options in
//! `spec/options.rs`, the connect endpoints in `spec/endpoints.rs`, the TTS languages in
//! `spec/languages.rs`.
//!
//! Declared once as data: the validator walks it to check a document, and the
//! composer renders a form from it (labels, defaults, ranges, help, which options are
//! advanced). A rule that cannot be said as a field's kind (ordering across actions,
//! mutually exclusive options, websocket audio formats) lives in `validate`.

mod endpoints;
mod languages;
mod options;
mod types;

pub use endpoints::ENDPOINTS;
pub use languages::{LANGUAGES, VOICE_NAMES};
use options::{
    CONNECT, CONVERSATION, DTMF_SETTINGS, INPUT, NOTIFY, RECORD, STREAM, TALK, TRANSFER, WAIT,
};
pub use types::{ActionSpec, EndpointSpec, Field, Kind};

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

/// The catalogue entry for option `path` of `action`: `["loop"]`, or `["dtmf",
/// "timeOut"]` for one inside an object.
#[must_use]
pub fn option(action: &str, path: &[&str]) -> Option<&'static Field> {
    let (first, nested) = path.split_first()?;
    let mut found = self::action(action)?
        .fields
        .iter()
        .find(|field| field.name == *first)?;
    for name in nested {
        let Kind::Object { fields } = found.kind else {
            return None;
        };
        found = fields.iter().find(|field| field.name == *name)?;
    }
    Some(found)
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
