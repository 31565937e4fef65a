//! Cross-crate integration tests, one binary. Each module covers one area:
//!
//! - `app_listener`: the app's webhook listener over real HTTP, busy ports, shutdown.
//! - `keychain`: secrets in the real OS keychain (Secret Service), never in SQLite.

mod app_listener;
mod keychain;
mod support;
