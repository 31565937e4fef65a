//! The Sandbox: a simulated Vonage platform served on loopback.
//!
//! It will serve the Application API and Voice API surfaces, checking what Vonage
//! checks (Basic auth, JWT signatures, body shapes) and answering as Vonage answers,
//! and run calls with a call engine that fetches the answer URL, posts events and
//! opens the call-audio WebSocket. Until those land, the Sandbox profile is a
//! profile whose credentials and endpoints the app itself provides.

/// The name the first-run profile takes.
pub const PROFILE_NAME: &str = "Sandbox";
