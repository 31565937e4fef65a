//! Cross-crate integration tests, one binary. Each module covers one area:
//!
//! - `app_listener`: the app's webhook listener over real HTTP, busy ports, shutdown.
//! - `keychain`: secrets in the real OS keychain (Secret Service), never in SQLite.
//! - `ncco_documents`: NCCO documents saved in SQLite, activated, served over HTTP with
//!   each call's placeholders, imported from and exported to files.

mod app_listener;
mod keychain;
mod ncco_documents;
mod support;
