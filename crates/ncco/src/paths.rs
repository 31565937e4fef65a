//! The webhook paths of the setup guide Callboard's first users follow: Callboard's
//! defaults everywhere a path is needed (the listener's routes, the Sandbox's first
//! application, the templates' event URL), so each is written once. A profile may change
//! them.

/// Where Vonage fetches the NCCO when a call is answered.
pub const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";

/// Where Vonage posts call events.
pub const EVENT: &str = "/api/hume-twilio/vonage-event-callback/";

/// Where Vonage asks for an NCCO when the answer webhook fails.
pub const FALLBACK: &str = "/api/hume-twilio/vonage-fallback/";

/// Where Vonage opens the call-audio WebSocket; `{uuid}` stands for the call leg.
pub const STREAM: &str = "/ws/vonage-stream/{uuid}/";

/// Where a running flow's branching actions send their results: Callboard's own route,
/// followed by `{flow}/{step}/{outcome}`. Not a profile setting: it belongs to Callboard.
pub const FLOW_PREFIX: &str = "/callboard/flow/";
