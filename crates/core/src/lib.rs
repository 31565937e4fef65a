//! Callboard's use cases, free of any window toolkit.
//!
//! [`App`] is the one object the desktop shell (and later the CLI) holds: it owns the
//! SQLite store, the keychain, the webhook listener and the event bus, and each of its
//! public methods is one thing a user can do. Everything that crosses to the UI is
//! declared in [`contract`], from which the TypeScript bindings are generated.

pub mod app;
pub mod calls;
pub mod calltests;
pub mod connect;
pub mod contract;
pub mod db;
pub mod doctor;
pub mod error;
pub mod events;
pub mod exchange_export;
pub mod exchanges;
pub mod flows;
pub mod id;
pub mod listener;
pub mod ncco_docs;
pub mod profiles;
pub mod retention;
pub mod secrets;
pub mod settings;
pub mod shell;
pub mod snapshots;
pub mod webhooks;

pub use app::{App, AppConfig};
/// The NCCO crate, for the types that cross to the UI with core's own.
pub use callboard_flow as flow;
pub use callboard_ncco as ncco;
pub use error::{CoreError, ErrorKind, UiError};
pub use events::CoreEvent;
pub use id::Id;
