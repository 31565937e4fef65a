//! The endpoints a `connect` reaches (phone, app, WebSocket, SIP, VBC) and their options.

use super::options::{HTTP, WEBSOCKET, field};
use super::types::{EndpointSpec, Field, Kind};

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
