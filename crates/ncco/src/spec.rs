//! The catalogue of NCCO actions and their options, from `docs/vonage.md` §3.
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

const HTTP: &[&str] = &["https", "http"];
const WEBSOCKET: &[&str] = &["wss", "ws"];
const METHODS: &[&str] = &["GET", "POST"];

const fn field(name: &'static str, label: &'static str, kind: Kind, help: &'static str) -> Field {
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
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }

    const fn advanced(mut self) -> Self {
        self.advanced = true;
        self
    }

    const fn clamped(mut self, source: &'static str) -> Self {
        self.clamped = Some(source);
        self
    }
}

const fn int(min: i64, max: i64) -> Kind {
    Kind::Integer {
        min: Some(min),
        max: Some(max),
    }
}

const EVENT_URL: Field = field(
    "eventUrl",
    "Event URL",
    Kind::UrlArray { schemes: HTTP },
    "Where Vonage sends this action's events. Always an array of one URL.",
);
const EVENT_METHOD: Field = field(
    "eventMethod",
    "Event method",
    Kind::Choice { values: METHODS },
    "The HTTP method for the event URL.",
)
.default("POST")
.advanced();
const BARGE_IN: Field = field(
    "bargeIn",
    "Barge in",
    Kind::Bool,
    "Let the caller interrupt by pressing keys or speaking. The next action that is not talk or stream must then be input.",
)
.default("false");
const LOOP: Field = field(
    "loop",
    "Repeat",
    Kind::Integer {
        min: Some(0),
        max: None,
    },
    "How many times to play; 0 repeats until the call moves on.",
)
.default("1");
const LEVEL: Field = field(
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

const TALK: &[Field] = &[
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

const STREAM: &[Field] = &[
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

const DTMF_SETTINGS: &[Field] = &[
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

const SPEECH_SETTINGS: &[Field] = &[
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

const INPUT: &[Field] = &[
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

const TRANSCRIPTION: &[Field] = &[
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

const RECORD: &[Field] = &[
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

const CONVERSATION: &[Field] = &[
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

const ADVANCED_MACHINE_DETECTION: &[Field] = &[
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

const CONNECT: &[Field] = &[
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

const NOTIFY: &[Field] = &[
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

const WAIT: &[Field] = &[field(
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

const TRANSFER: &[Field] = &[
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

const WEBSOCKET_AUTHORIZATION: &[Field] = &[
    field(
        "type",
        "Type",
        Kind::Choice {
            values: &["vonage", "custom"],
        },
        "vonage sends a Vonage-signed JWT; custom sends your value as it is.",
    )
    .required(),
    field(
        "value",
        "Value",
        Kind::Text {
            max_chars: Some(8191),
        },
        "The Authorization header value, for type custom.",
    ),
];

/// Every `connect` endpoint type.
pub const ENDPOINTS: &[EndpointSpec] = &[
    EndpointSpec {
        name: "phone",
        summary: "A phone number.",
        fields: &[
            field("number", "Number", Kind::PhoneNumber, "The number to call, in E.164 form (digits, country code first).").required(),
            field(
                "dtmfAnswer",
                "Keys on answer",
                Kind::Pattern {
                    regex: r"^[0-9*#p]+$",
                    meaning: "keys 0-9, * and #, with p for a half-second pause",
                },
                "Keys sent when the callee answers; p pauses half a second.",
            )
            .advanced(),
            field(
                "onAnswer",
                "On answer",
                Kind::Object {
                    fields: &[
                        field("url", "NCCO URL", Kind::Url { schemes: HTTP }, "An NCCO run for the callee before connecting.").required(),
                        field("ringbackTone", "Ringback tone", Kind::Url { schemes: HTTP }, "Audio played to the caller meanwhile."),
                    ],
                },
                "Run an NCCO for the callee (a whisper) before they are connected.",
            )
            .advanced(),
            field("shaken", "STIR/SHAKEN identity", Kind::Text { max_chars: None }, "The Identity header for the call.").advanced(),
        ],
    },
    EndpointSpec {
        name: "app",
        summary: "A user of your Client SDK app.",
        fields: &[field("user", "User", Kind::Text { max_chars: None }, "The user name to ring.").required()],
    },
    EndpointSpec {
        name: "websocket",
        summary: "Your WebSocket server, which receives the call's audio and may send audio back.",
        fields: &[
            field(
                "uri",
                "WebSocket URI",
                Kind::Url { schemes: WEBSOCKET },
                "The wss:// address of your WebSocket server; Vonage connects to it.",
            )
            .required(),
            field(
                "content-type",
                "Audio format",
                Kind::Choice {
                    values: &["audio/l16;rate=8000", "audio/l16;rate=16000", "audio/l16;rate=24000"],
                },
                "16-bit linear PCM, mono, in 20 ms frames: 320 bytes at 8 kHz, 640 bytes at 16 kHz, 960 bytes at 24 kHz.",
            )
            .required()
            .default("audio/l16;rate=16000"),
            field(
                "headers",
                "Headers",
                Kind::Headers { max_bytes: Some(512) },
                "Metadata sent in the first message, at most 512 bytes.",
            ),
            field(
                "authorization",
                "Authorization",
                Kind::Object { fields: WEBSOCKET_AUTHORIZATION },
                "An Authorization header for the WebSocket handshake.",
            )
            .advanced(),
        ],
    },
    EndpointSpec {
        name: "sip",
        summary: "A SIP URI.",
        fields: &[
            field(
                "uri",
                "SIP URI",
                Kind::Url { schemes: &["sip", "sips"] },
                "sip:user@host; add ;transport=tls or ;media=srtp as needed. Or give domain and user instead.",
            ),
            field("headers", "Headers", Kind::Headers { max_bytes: None }, "Custom headers, sent as X-key: value.").advanced(),
            field("standardHeaders", "Standard headers", Kind::AnyObject, "Standard SIP headers such as User-to-User.").advanced(),
            field("domain", "Domain", Kind::Text { max_chars: None }, "A SIP domain configured in your account (with user).").advanced(),
            field("user", "User", Kind::Text { max_chars: None }, "The user at the SIP domain (with domain).").advanced(),
        ],
    },
    EndpointSpec {
        name: "vbc",
        summary: "A Vonage Business Communications extension.",
        fields: &[field("extension", "Extension", Kind::Text { max_chars: None }, "The VBC extension to ring.").required()],
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

/// TTS language codes of the reference's supported-languages table (compared case-insensitively).
pub const LANGUAGES: &[&str] = &[
    "af-ZA",
    "ar",
    "bg-BG",
    "bn-IN",
    "ca-ES",
    "cmn-CN",
    "cmn-TW",
    "cs-CZ",
    "cy-GB",
    "da-DK",
    "de-DE",
    "el-GR",
    "en-AU",
    "en-GB",
    "en-GB-WLS",
    "en-IN",
    "en-US",
    "en-ZA",
    "es-ES",
    "es-MX",
    "es-US",
    "eu-ES",
    "fi-FI",
    "fil-PH",
    "fr-CA",
    "fr-FR",
    "gu-IN",
    "he-IL",
    "hi-IN",
    "hu-HU",
    "id-ID",
    "is-IS",
    "it-IT",
    "ja-JP",
    "kn-IN",
    "ko-KR",
    "lv-LV",
    "ml-IN",
    "ms-MY",
    "nb-NO",
    "nl-BE",
    "nl-NL",
    "pa-IN",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ro-RO",
    "ru-RU",
    "sk-SK",
    "sr-RS",
    "sv-SE",
    "ta-IN",
    "te-IN",
    "th-TH",
    "tr-TR",
    "uk-UA",
    "vi-VN",
    "yue-CN",
    "yue-HK",
];

/// The deprecated `voiceName` values, from the Voice API spec's `voice_name` enum
/// (SPEC-VOICE, `definitions/voice.yml`; default Kimberly).
pub const VOICE_NAMES: &[&str] = &[
    "Aditi",
    "Agnieszka",
    "Alva",
    "Amy",
    "Astrid",
    "Bianca",
    "Brian",
    "Carla",
    "Carmen",
    "Carmit",
    "Catarina",
    "Celine",
    "Cem",
    "Chantal",
    "Chipmunk",
    "Conchita",
    "Cristiano",
    "Damayanti",
    "Dora",
    "Emma",
    "Empar",
    "Enrique",
    "Eric",
    "Ewa",
    "Felipe",
    "Filiz",
    "Geraint",
    "Giorgio",
    "Gwyneth",
    "Hans",
    "Henrik",
    "Ines",
    "Ioana",
    "Iveta",
    "Ivy",
    "Jacek",
    "Jan",
    "Jennifer",
    "Joana",
    "Joanna",
    "Joey",
    "Jordi",
    "Justin",
    "Kanya",
    "Karl",
    "Kendra",
    "Kimberly",
    "Laila",
    "Laura",
    "Lea",
    "Lekha",
    "Liv",
    "Lotte",
    "Lucia",
    "Luciana",
    "Mads",
    "Maged",
    "Maja",
    "Mariska",
    "Marlene",
    "Mathieu",
    "Matthew",
    "Maxim",
    "Mei-Jia",
    "Melina",
    "Mia",
    "Miguel",
    "Miren",
    "Mizuki",
    "Montserrat",
    "Naja",
    "Nicole",
    "Nikos",
    "Nora",
    "Oskar",
    "Penelope",
    "Raveena",
    "Ricardo",
    "Ruben",
    "Russell",
    "Salli",
    "Satu",
    "Seoyeon",
    "Sin-Ji",
    "Sora",
    "Takumi",
    "Tarik",
    "Tatyana",
    "Tessa",
    "Tian-Tian",
    "Vicki",
    "Vitoria",
    "Yelda",
    "Zeina",
    "Zhiyu",
    "Zuzana",
];

/// The keypad settings of `input`, which the pre-2021 form put at the action's top level.
#[must_use]
pub fn dtmf_setting(name: &str) -> Option<&'static Field> {
    DTMF_SETTINGS.iter().find(|field| field.name == name)
}
