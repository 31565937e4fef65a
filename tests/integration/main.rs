//! Cross-crate integration tests, one binary. Each module covers one area:
//!
//! - `app_listener`: the app's webhook listener over real HTTP, busy ports, shutdown.
//! - `calls`: test calls placed from the app on its Sandbox, followed on a timeline,
//!   controlled, recordings played; the virtual phone answering, dialling in, hanging up.
//! - `connect`: profiles, their secrets and the Check, on the embedded Sandbox and on a
//!   Sandbox playing a Vonage account.
//! - `doctor`: the Doctor passing a healthy Sandbox setup, and failing each broken one
//!   for its own reason (wrong path, slow answer, wss stream, wrong tunnel, wrong secret).
//! - `exchanges`: Vonage's published payloads through the listener, each kept in SQLite
//!   before it is answered, listed and filtered; a storage failure answers 503.
//! - `keychain`: secrets in the real OS keychain (Secret Service), never in SQLite.
//! - `ncco_documents`: NCCO documents saved in SQLite, activated, served over HTTP with
//!   each call's placeholders, imported from and exported to files.
//! - `forwarding`: the profile's listener settings: webhooks and the call-audio WebSocket
//!   passed on to a backend and reviewed, replays straight to it, listen-in, recordings,
//!   the stream reply; each bad setting refused with nothing changed.
//! - `retention`: what the listener keeps pruned by age and by size, oldest first, with
//!   stream sessions' recordings.
//! - `sandbox_applications`: the Application API client against the Sandbox: reads,
//!   a voice-only update that keeps every other capability byte for byte, each error.
//! - `sandbox_calls`: calls on the Sandbox placed and controlled with the Voice client,
//!   run by the call engine against Callboard's listener: every action, every ending.
//! - `sandbox_voice`: JWTs minted from the application key accepted, others refused (stale,
//!   future, reused ids); the API secret compared in full.
//! - `signatures`: signed webhooks checked with the signature secret: reported or enforced,
//!   a replayed token refused.
//! - `webhooks`: the public URL, ngrok discovery, the diff, a push that keeps every other
//!   capability, confirmation before overwriting, undo, and the self-check.

mod app_listener;
mod calls;
mod calltests;
mod connect;
mod doctor;
mod exchanges;
mod flows;
mod forwarding;
mod keychain;
mod ncco_documents;
mod retention;
mod sandbox_applications;
mod sandbox_calls;
mod sandbox_voice;
mod signatures;
mod support;
mod webhooks;
