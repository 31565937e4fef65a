//! Every action's options: the fields of each action and of its nested settings, with
//! types, defaults, ranges and help from the reference (`docs/vonage.md` §3).

use super::types::{Field, Kind};

pub(super) const HTTP: &[&str] = &["https", "http"];
pub(super) const WEBSOCKET: &[&str] = &["wss", "ws"];
pub(super) const METHODS: &[&str] = &["GET", "POST"];

pub(super) const fn field(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    help: &'static str,
) -> Field {
    Field {
        name,
        label,
        kind,
        required: false,
        default: None,
        help,
        advanced: false,
        clamped: None,
    }
}

impl Field {
    pub(super) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(super) const fn default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }

    pub(super) const fn advanced(mut self) -> Self {
        self.advanced = true;
        self
    }

    pub(super) const fn clamped(mut self, source: &'static str) -> Self {
        self.clamped = Some(source);
        self
    }
}

pub(super) const fn int(min: i64, max: i64) -> Kind {
    Kind::Integer {
        min: Some(min),
        max: Some(max),
    }
}

pub(super) const EVENT_URL: Field = field(
    "eventUrl",
    "Event URL",
    Kind::UrlArray { schemes: HTTP },
    "Where Vonage sends this action's events. Always an array of one URL.",
);
pub(super) const EVENT_METHOD: Field = field(
    "eventMethod",
    "Event method",
    Kind::Choice { values: METHODS },
    "The HTTP method for the event URL.",
)
.default("POST")
.advanced();
pub(super) const BARGE_IN: Field = field(
    "bargeIn",
    "Barge in",
    Kind::Bool,
    "Let the caller interrupt by pressing keys or speaking. The next action that is not talk or stream must then be input.",
)
.default("false");
pub(super) const LOOP: Field = field(
    "loop",
    "Repeat",
    Kind::Integer {
        min: Some(0),
        max: None,
    },
    "How many times to play; 0 repeats until the call moves on.",
)
.default("1");
pub(super) const LEVEL: Field = field(
    "level",
    "Volume level",
    Kind::Number {
        min: -1.0,
        max: 1.0,
    },
    "From -1 to 1 in steps of 0.1; 0 is normal.",
)
.default("0")
.advanced();

pub(super) const TALK: &[Field] = &[
    field(
        "text",
        "Text",
        Kind::Text { max_chars: Some(1500) },
        "What the caller hears, up to 1,500 characters not counting SSML tags. SSML must be wrapped in <speak>.",
    )
    .required(),
    BARGE_IN,
    LOOP,
    LEVEL,
    field("language", "Language", Kind::Language, "The BCP-47 code of the voice's language, such as en-GB.").default("en-US"),
    field(
        "style",
        "Voice style",
        Kind::Integer { min: Some(0), max: None },
        "The voice variant for the language; available numbers depend on the language.",
    )
    .default("0")
    .advanced(),
    field("premium", "Premium voice", Kind::Bool, "Use the premium (neural) voice for the language and style.")
        .default("false")
        .advanced(),
];

pub(super) const STREAM: &[Field] = &[
    field(
        "streamUrl",
        "Audio file URL",
        Kind::UrlArray { schemes: HTTP },
        "An array with one http(s) URL of an mp3 or 16-bit wav file to play. This plays a file: to send call audio to a WebSocket, use connect with a websocket endpoint.",
    )
    .required(),
    BARGE_IN,
    LOOP,
    LEVEL,
];

pub(super) const DTMF_SETTINGS: &[Field] = &[
    field(
        "timeOut",
        "Time-out (s)",
        int(0, 10),
        "Seconds of silence after the last key before the result is sent.",
    )
    .default("3"),
    field(
        "maxDigits",
        "Max digits",
        int(1, 20),
        "How many keys to collect.",
    )
    .default("4"),
    field(
        "submitOnHash",
        "Submit on #",
        Kind::Bool,
        "Send the result as soon as the caller presses #.",
    )
    .default("false"),
];

pub(super) const SPEECH_SETTINGS: &[Field] = &[
    field(
        "uuid",
        "Leg to listen to",
        Kind::TextList,
        "An array with one call-leg UUID; by default the first leg that joined.",
    )
    .advanced(),
    field(
        "endOnSilence",
        "End on silence (s)",
        Kind::Number {
            min: 0.4,
            max: 10.0,
        },
        "Seconds of silence that end the caller's utterance.",
    )
    .default("2.0"),
    field(
        "language",
        "Language",
        Kind::Language,
        "The BCP-47 code of the language spoken.",
    )
    .default("en-US"),
    field(
        "context",
        "Hints",
        Kind::TextList,
        "Words and phrases the caller is likely to say.",
    )
    .advanced(),
    field(
        "startTimeout",
        "Start time-out (s)",
        int(1, 60),
        "Seconds to wait for the caller to start speaking.",
    )
    .default("10"),
    field(
        "maxDuration",
        "Max duration (s)",
        int(1, 60),
        "Longest utterance recognised, in seconds.",
    )
    .default("60"),
    field(
        "saveAudio",
        "Save audio",
        Kind::Bool,
        "Keep the recording of the utterance; its URL comes with the result.",
    )
    .default("false")
    .advanced(),
    field(
        "sensitivity",
        "Sensitivity",
        int(10, 100),
        "Voice-activity sensitivity, 10 (low) to 100 (maximum).",
    )
    .advanced(),
];

pub(super) const INPUT: &[Field] = &[
    field(
        "type",
        "Listen for",
        Kind::ChoiceList { values: &["dtmf", "speech"] },
        "What to collect: keys (dtmf), speech, or both. Required since 2021.",
    )
    .required(),
    field("dtmf", "Keypad settings", Kind::Object { fields: DTMF_SETTINGS }, "How key presses are collected."),
    field("speech", "Speech settings", Kind::Object { fields: SPEECH_SETTINGS }, "How speech is recognised."),
    EVENT_URL,
    EVENT_METHOD,
    field(
        "mode",
        "Mode",
        Kind::Choice { values: &["synchronous", "asynchronous"] },
        "asynchronous sends each key as it is pressed (keys only; leave the keypad settings empty).",
    )
    .default("synchronous")
    .advanced(),
];

pub(super) const TRANSCRIPTION: &[Field] = &[
    field(
        "language",
        "Language",
        Kind::Language,
        "The language of the recording.",
    )
    .default("en-US"),
    field(
        "eventUrl",
        "Transcription URL",
        Kind::UrlArray { schemes: HTTP },
        "Where the transcription-ready event goes.",
    ),
    EVENT_METHOD,
    field(
        "sentimentAnalysis",
        "Sentiment analysis",
        Kind::Bool,
        "Add sentiment scores to the transcription.",
    )
    .advanced(),
];

pub(super) const RECORD: &[Field] = &[
    field(
        "format",
        "Format",
        Kind::Choice {
            values: &["mp3", "wav", "ogg"],
        },
        "The recording's file format (wav when more than 2 channels).",
    )
    .default("mp3"),
    field(
        "split",
        "Split",
        Kind::Choice {
            values: &["conversation"],
        },
        "Record the caller and what the caller hears on separate channels.",
    )
    .advanced(),
    field(
        "channels",
        "Channels",
        int(1, 32),
        "How many channels to record (needs split: conversation).",
    )
    .advanced(),
    field(
        "endOnSilence",
        "End on silence (s)",
        int(3, 10),
        "Stop after this many seconds of silence.",
    ),
    field(
        "endOnKey",
        "End on key",
        Kind::Pattern {
            regex: r"^[0-9#*]$",
            meaning: "a single key: 0-9, * or #",
        },
        "Stop when the caller presses this key.",
    ),
    field(
        "timeOut",
        "Time-out (s)",
        int(3, 7200),
        "The longest recording, in seconds.",
    )
    .default("7200"),
    field(
        "beepStart",
        "Beep at start",
        Kind::Bool,
        "Play a beep when recording starts.",
    )
    .default("false"),
    EVENT_URL,
    EVENT_METHOD,
    field(
        "transcription",
        "Transcription",
        Kind::Object {
            fields: TRANSCRIPTION,
        },
        "Transcribe the recording; {} uses the defaults.",
    )
    .advanced(),
];

pub(super) const CONVERSATION: &[Field] = &[
    field(
        "name",
        "Name",
        Kind::Text { max_chars: None },
        "The conversation to join or create, unique within your application.",
    )
    .required(),
    field(
        "musicOnHoldUrl",
        "Music on hold",
        Kind::UrlArray { schemes: HTTP },
        "An array with one URL of an mp3 played until the conversation starts.",
    ),
    field(
        "startOnEnter",
        "Start on enter",
        Kind::Bool,
        "Start the conversation when this caller joins (moderators).",
    )
    .default("true"),
    field(
        "endOnExit",
        "End on exit",
        Kind::Bool,
        "End the conversation when this caller leaves.",
    )
    .default("false"),
    field(
        "record",
        "Record",
        Kind::Bool,
        "Record the conversation; the recording URL goes to the event URL.",
    )
    .default("false"),
    field(
        "canSpeak",
        "Can speak to",
        Kind::TextList,
        "Leg UUIDs that hear this caller; omit for everyone, [] for nobody.",
    )
    .advanced(),
    field(
        "canHear",
        "Can hear",
        Kind::TextList,
        "Leg UUIDs this caller hears; omit for everyone, [] for nobody.",
    )
    .advanced(),
    field(
        "mute",
        "Muted",
        Kind::Bool,
        "Join muted. Not together with canSpeak.",
    )
    .advanced(),
    EVENT_URL,
    EVENT_METHOD,
    field(
        "transcription",
        "Transcription",
        Kind::Object {
            fields: TRANSCRIPTION,
        },
        "Transcribe the recording (needs record).",
    )
    .advanced(),
];

pub(super) const ADVANCED_MACHINE_DETECTION: &[Field] = &[
    field(
        "behavior",
        "Behaviour",
        Kind::Choice {
            values: &["continue", "hangup"],
        },
        "What to do when a machine answers.",
    ),
    field(
        "mode",
        "Mode",
        Kind::Choice {
            values: &["default", "detect", "detect_beep"],
        },
        "detect_beep also waits for the voicemail beep.",
    )
    .default("default"),
    field(
        "beep_timeout",
        "Beep time-out (s)",
        int(45, 120),
        "How long to wait for the beep.",
    ),
];

pub(super) const CONNECT: &[Field] = &[
    field("endpoint", "Endpoint", Kind::Endpoints, "What to connect the call to: exactly one endpoint.").required(),
    field("from", "Caller ID", Kind::PhoneNumber, "A Vonage number in E.164 form shown to the callee. Not with random caller ID."),
    field("randomFromNumber", "Random caller ID", Kind::Bool, "Use a random number linked to your application. Not with a caller ID.")
        .default("false")
        .advanced(),
    field(
        "eventType",
        "Event type",
        Kind::Choice { values: &["synchronous"] },
        "synchronous makes connect wait for its events, and the event URL may answer with a new NCCO.",
    )
    .advanced(),
    field("timeout", "Ring time (s)", int(3, 7200), "How long the endpoint may ring before the call gives up.").default("60"),
    field("limit", "Length limit (s)", int(1, 7200), "The longest the connected call may last.").default("7200"),
    field(
        "machineDetection",
        "Machine detection",
        Kind::Choice { values: &["continue", "hangup"] },
        "What to do when a machine answers: continue (and send a machine event) or hang up.",
    )
    .advanced(),
    field(
        "advancedMachineDetection",
        "Advanced machine detection",
        Kind::Object { fields: ADVANCED_MACHINE_DETECTION },
        "Machine detection with voicemail-beep detection.",
    )
    .advanced(),
    EVENT_URL,
    EVENT_METHOD,
    field(
        "ringbackTone",
        "Ringback tone",
        Kind::Url { schemes: HTTP },
        "An audio URL played to the caller until the endpoint answers (not advised for phone endpoints).",
    )
    .advanced(),
];

pub(super) const NOTIFY: &[Field] = &[
    field(
        "payload",
        "Payload",
        Kind::AnyObject,
        "The JSON object sent to the event URL.",
    )
    .required(),
    field(
        "eventUrl",
        "Event URL",
        Kind::UrlArray { schemes: HTTP },
        "Where the payload is sent: an array of one URL.",
    )
    .required(),
    EVENT_METHOD,
];

pub(super) const WAIT: &[Field] = &[field(
    "timeout",
    "Seconds",
    Kind::Number {
        min: 0.1,
        max: 7200.0,
    },
    "How long to pause, from 0.1 to 7200 seconds; Vonage takes a value outside that as the nearest of the two.",
)
.default("10")
.clamped(
    "values below 0.1 count as 0.1 and above 7200 as 7200, as Vonage's Node and Java SDKs document \
     (the .NET SDK's comment says 2 to 60 seconds; Callboard follows the two that agree with the reference)",
)];

pub(super) const TRANSFER: &[Field] = &[
    field(
        "conversationId",
        "Conversation ID",
        Kind::Text { max_chars: None },
        "The existing conversation to move the call's legs into.",
    )
    .required(),
    field(
        "canSpeak",
        "Can speak to",
        Kind::TextList,
        "Leg UUIDs that hear the moved legs.",
    )
    .advanced(),
    field(
        "canHear",
        "Can hear",
        Kind::TextList,
        "Leg UUIDs the moved legs hear.",
    )
    .advanced(),
    field(
        "mute",
        "Muted",
        Kind::Bool,
        "Move the legs muted. Not together with canSpeak.",
    )
    .advanced(),
];
