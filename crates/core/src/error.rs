//! Core's errors, and the `{kind, message, hint}` shape in which they reach the UI.
//!
//! The UI decides what to show by `kind`, never by matching message text. A kind is
//! added only when the UI treats it differently.

use serde::Serialize;
use ts_rs::TS;

use crate::{id::Id, secrets::SecretError};

/// Everything a core use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The SQLite store failed.
    #[error("the local database failed: {0}")]
    Storage(#[from] rusqlite::Error),
    /// The database file is not a database (damaged, or written by something else).
    #[error("the database file {path} is damaged or is not a Callboard database")]
    DamagedDatabase {
        /// The file.
        path: String,
    },
    /// The store's schema could not be brought up to date.
    #[error("the local database could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The data directory could not be created or used.
    #[error("the data folder {path} cannot be used: {source}")]
    DataDir {
        /// The folder.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The keychain failed.
    #[error(transparent)]
    Keychain(#[from] SecretError),
    /// No profile has this id.
    #[error("profile {0} does not exist")]
    ProfileNotFound(Id),
    /// No NCCO document has this id.
    #[error("NCCO {0} does not exist")]
    NccoNotFound(Id),
    /// A document with errors cannot be served.
    #[error(
        "\"{name}\" has {errors} error(s) that Vonage would reject, so the answer webhook cannot serve it"
    )]
    NccoHasErrors {
        /// The document's name.
        name: String,
        /// How many errors.
        errors: u32,
    },
    /// Callboard placed (or was told of) no call with this UUID.
    #[error("Callboard has no call {0}.")]
    CallNotFound(String),
    /// No flow has this id.
    #[error("flow {0} does not exist")]
    FlowNotFound(Id),
    /// No kept exchange has this id.
    #[error("exchange {0} does not exist (it may have been cleared)")]
    ExchangeNotFound(Id),
    /// No call test has this id.
    #[error("test {0} does not exist (it may have been deleted)")]
    TestNotFound(Id),
    /// A flow with errors cannot be served.
    #[error("\"{name}\" has {errors} error(s), so the answer webhook cannot serve it")]
    FlowHasErrors {
        /// The flow's name.
        name: String,
        /// How many errors.
        errors: u32,
    },
    /// A stored document is no longer JSON (edited outside Callboard).
    #[error("the stored NCCO {id} is damaged: {reason}")]
    CorruptDocument {
        /// The document.
        id: Id,
        /// What the JSON parser said.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The private key given is not usable.
    #[error(transparent)]
    Key(#[from] callboard_vonage::KeyError),
    /// The embedded Sandbox could not start.
    #[error("the Sandbox could not start: {0}")]
    Sandbox(String),
    /// Vonage (or the Sandbox) answered with an error.
    #[error("{}", .0.message)]
    Vonage(callboard_vonage::ApiError),
    /// The tunnel could not be found or used.
    #[error("{message}")]
    Tunnel {
        /// What happened.
        message: String,
        /// What to do.
        hint: String,
    },
    /// A push would replace another server's addresses, or write a public URL that
    /// failed its proof; it needs confirmation.
    #[error("{}", push_warning(foreign, unproved.as_deref()))]
    PushNeedsConfirmation {
        /// The other servers' addresses that would be replaced.
        foreign: Vec<String>,
        /// The public URL, when its proof failed.
        unproved: Option<String>,
    },
    /// There is no push to undo.
    #[error("there is no push to undo for this application")]
    NothingToUndo,
    /// A port outside 1..=65535.
    #[error("{0} is not a usable port; choose a number from 1024 to 65535")]
    InvalidPort(u32),
    /// Other input the user can correct; `field` names the input, when one holds it.
    #[error("{message}")]
    InvalidInput {
        /// What is wrong and how to write it.
        message: String,
        /// The input to correct (the name a form gives it, such as `name` or `to`).
        field: Option<&'static str>,
    },
    /// Something must be done first; the message says what, and `section` where.
    #[error("{message}")]
    NotReady {
        /// What is missing and what to do, e.g. "Enter the application ID in Connect first."
        message: String,
        /// The section where it is done (an id of [`crate::shell::SECTIONS`]), if one.
        section: Option<&'static str>,
    },
    /// A request got no answer (offline, refused, a name that does not resolve): the
    /// sentence names the host and the cause.
    #[error("{message}")]
    Unreached {
        /// What was not reached, and why.
        message: String,
        /// The host that did not answer.
        host: Option<String>,
    },
}

impl CoreError {
    /// Input the user can correct, not held by one field.
    pub(crate) fn input(message: String) -> Self {
        Self::InvalidInput {
            message,
            field: None,
        }
    }

    /// Input the user can correct in the form's input `field`.
    pub(crate) fn in_field(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
            field: Some(field),
        }
    }

    /// A request that got no answer: `message` says what and why.
    pub(crate) fn unreached(message: String, error: &reqwest::Error) -> Self {
        Self::Unreached {
            message,
            host: callboard_vonage::unreached::host(error),
        }
    }

    /// Something to do first, in `section` (an id of [`crate::shell::SECTIONS`]).
    pub(crate) fn first(message: impl Into<String>, section: &'static str) -> Self {
        debug_assert!(
            crate::shell::SECTIONS.iter().any(|(id, _)| *id == section),
            "{section} is not a section"
        );
        Self::NotReady {
            message: message.into(),
            section: Some(section),
        }
    }

    /// Something to do first that no section holds (the call is over, the listener is down).
    pub(crate) fn not_now(message: impl Into<String>) -> Self {
        Self::NotReady {
            message: message.into(),
            section: None,
        }
    }
}

/// The sentence of a push that needs confirmation.
fn push_warning(foreign: &[String], unproved: Option<&str>) -> String {
    let mut said = Vec::new();
    if let Some(url) = unproved {
        said.push(format!(
            "{url} failed its proof, so Vonage may not reach Callboard there"
        ));
    }
    if !foreign.is_empty() {
        said.push(format!(
            "the application's webhooks point at another server ({}); pushing replaces them",
            foreign.join(", ")
        ));
    }
    said.join("; and ")
}

/// The kinds of error the UI distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Local storage failed; the action was not saved.
    Storage,
    /// The OS keychain is unavailable or refused.
    Keychain,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The user's input is wrong; the message says how.
    InvalidInput,
    /// A part of Callboard, or a service it needs, is not available.
    Unavailable,
    /// The action would overwrite something; ask, then repeat it confirmed.
    NeedsConfirmation,
    /// Something must be done first; `section` says where, when a section holds it.
    Precondition,
    /// A server did not answer: offline, refused, or no such name; `host` says which.
    Network,
    /// Vonage (or the Sandbox) answered and refused: the message is what it said.
    Refused,
}

impl ErrorKind {
    /// Every kind, for the UI's contract.
    pub const ALL: [Self; 9] = [
        Self::Storage,
        Self::Keychain,
        Self::NotFound,
        Self::InvalidInput,
        Self::Unavailable,
        Self::NeedsConfirmation,
        Self::Precondition,
        Self::Network,
        Self::Refused,
    ];

    /// Fails to compile (in tests) when a kind is added and not listed in [`ErrorKind::ALL`].
    #[cfg(test)]
    const fn listed(self) -> usize {
        match self {
            Self::Storage => 0,
            Self::Keychain => 1,
            Self::NotFound => 2,
            Self::InvalidInput => 3,
            Self::Unavailable => 4,
            Self::NeedsConfirmation => 5,
            Self::Precondition => 6,
            Self::Network => 7,
            Self::Refused => 8,
        }
    }
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UiError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What went wrong, in plain words.
    pub message: String,
    /// What to do about it, when there is something to do.
    pub hint: Option<String>,
    /// For a precondition: the section where it is done (the UI offers to open it).
    pub section: Option<&'static str>,
    /// For input: the form's input to correct, when one holds it.
    pub field: Option<&'static str>,
    /// For a network failure: the host that did not answer.
    pub host: Option<String>,
}

impl UiError {
    /// An error of the shell's own (no section, field or host).
    #[must_use]
    pub fn new(kind: ErrorKind, message: String, hint: Option<String>) -> Self {
        Self {
            kind,
            message,
            hint,
            section: None,
            field: None,
            host: None,
        }
    }
}

impl From<&CoreError> for UiError {
    fn from(error: &CoreError) -> Self {
        let (kind, hint) = match error {
            CoreError::Storage(_) | CoreError::Migration(_) => (
                ErrorKind::Storage,
                Some("Nothing was changed. Check the disk has space, then try again.".to_owned()),
            ),
            CoreError::DamagedDatabase { path } => (
                ErrorKind::Storage,
                Some(format!(
                    "Callboard has not changed it. Quit, move {path} somewhere else (or restore it from a backup), and start Callboard again: it will begin with a fresh database."
                )),
            ),
            CoreError::DataDir { .. } => (
                ErrorKind::Storage,
                Some("Check that the folder exists and that you may write to it.".to_owned()),
            ),
            CoreError::Keychain(SecretError::Unavailable(_)) => (
                ErrorKind::Keychain,
                Some("Unlock your system keychain (or start one), then try again.".to_owned()),
            ),
            CoreError::Keychain(SecretError::Refused(_)) => (ErrorKind::Keychain, None),
            CoreError::NccoNotFound(_) => (
                ErrorKind::NotFound,
                Some("It may have been deleted; reload the list.".to_owned()),
            ),
            CoreError::NccoHasErrors { .. } => (
                ErrorKind::InvalidInput,
                Some("Fix the errors shown on the cards, then try again.".to_owned()),
            ),
            CoreError::CallNotFound(_) => (
                ErrorKind::NotFound,
                Some("It may belong to another profile, or have been cleared; choose a call from the list.".to_owned()),
            ),
            CoreError::FlowNotFound(_)
            | CoreError::TestNotFound(_)
            | CoreError::ExchangeNotFound(_) => (
                ErrorKind::NotFound,
                Some("It may have been deleted; reload the list.".to_owned()),
            ),
            CoreError::FlowHasErrors { .. } => (
                ErrorKind::InvalidInput,
                Some("Fix the errors shown on the steps and branches, then try again.".to_owned()),
            ),
            CoreError::CorruptDocument { .. } => (
                ErrorKind::Storage,
                Some("Delete it, or import a copy from a file.".to_owned()),
            ),
            CoreError::Key(_) => (
                ErrorKind::InvalidInput,
                Some("Nothing was stored. Import the application's private.key file.".to_owned()),
            ),
            CoreError::Sandbox(_) => (
                ErrorKind::Unavailable,
                Some(
                    "Restart Callboard; if it persists, check that loopback networking works."
                        .to_owned(),
                ),
            ),
            CoreError::Vonage(api) => {
                use callboard_vonage::ApiErrorKind as Api;
                let kind = match api.kind {
                    Api::InvalidParameters | Api::Unauthorized | Api::RateLimited => {
                        ErrorKind::Refused
                    }
                    Api::NotFound => ErrorKind::NotFound,
                    Api::Timeout | Api::Network => ErrorKind::Network,
                    Api::BadRequestFormat
                    | Api::ServerError
                    | Api::UnexpectedResponse
                    | Api::UntrustedAddress => ErrorKind::Unavailable,
                };
                (kind, Some(api.hint.clone()))
            }
            CoreError::Tunnel { hint, .. } => (ErrorKind::Unavailable, Some(hint.clone())),
            CoreError::PushNeedsConfirmation { unproved, .. } => (
                ErrorKind::NeedsConfirmation,
                Some(if unproved.is_some() {
                    "Prove it again once the tunnel runs; push anyway only if you know Vonage can reach it."
                } else {
                    "Push anyway only if those addresses are no longer used."
                }
                .to_owned()),
            ),
            CoreError::NothingToUndo => (ErrorKind::InvalidInput, None),
            CoreError::File { .. } => (
                ErrorKind::InvalidInput,
                Some("Check the file and try again.".to_owned()),
            ),
            CoreError::ProfileNotFound(_) => (
                ErrorKind::NotFound,
                Some("It may have been deleted; choose another profile.".to_owned()),
            ),
            CoreError::InvalidPort(_) | CoreError::InvalidInput { .. } => {
                (ErrorKind::InvalidInput, None)
            }
            CoreError::NotReady { .. } => (ErrorKind::Precondition, None),
            CoreError::Unreached { .. } => (
                ErrorKind::Network,
                Some("Check that this computer is online and the server is running, then try again.".to_owned()),
            ),
        };
        let section = match error {
            CoreError::NotReady { section, .. } => *section,
            _ => None,
        };
        let field = match error {
            CoreError::InvalidInput { field, .. } => *field,
            CoreError::InvalidPort(_) => Some("port"),
            _ => None,
        };
        let host = match error {
            CoreError::Unreached { host, .. } => host.clone(),
            CoreError::Vonage(api) => api.host.clone(),
            _ => None,
        };
        Self {
            kind,
            message: error.to_string(),
            hint,
            section,
            field,
            host,
        }
    }
}

impl From<CoreError> for UiError {
    fn from(error: CoreError) -> Self {
        tracing::warn!(%error, "command failed");
        Self::from(&error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_precondition_names_its_section_and_a_network_failure_is_its_own_kind() {
        let first = UiError::from(&CoreError::first(
            "Enter the application ID in Connect first.",
            "connect",
        ));
        assert_eq!(first.kind, ErrorKind::Precondition);
        assert_eq!(first.section, Some("connect"));
        assert_eq!(first.message, "Enter the application ID in Connect first.");
        let now = UiError::from(&CoreError::not_now("That call is over."));
        assert_eq!((now.kind, now.section), (ErrorKind::Precondition, None));
        let offline = UiError::from(&CoreError::Unreached {
            message: "api.nexmo.com could not be found".into(),
            host: Some("api.nexmo.com".into()),
        });
        assert_eq!(offline.kind, ErrorKind::Network);
        assert_eq!(offline.host.as_deref(), Some("api.nexmo.com"));
        assert!(offline.hint.is_some_and(|h| h.contains("online")));
        assert_eq!(UiError::from(&CoreError::input("x".into())).section, None);
        let named = UiError::from(&CoreError::in_field("name", "Give it a name."));
        assert_eq!(
            (named.kind, named.field),
            (ErrorKind::InvalidInput, Some("name"))
        );
        assert_eq!(
            UiError::from(&CoreError::InvalidPort(80)).field,
            Some("port")
        );
        let gone = UiError::from(&CoreError::CallNotFound("leg-1".into()));
        assert_eq!(
            (gone.kind, gone.message.as_str()),
            (ErrorKind::NotFound, "Callboard has no call leg-1.")
        );
    }

    #[test]
    fn every_error_kind_is_listed_for_the_ui() {
        for (index, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(
                kind.listed(),
                index,
                "ErrorKind::ALL is in declaration order and complete"
            );
        }
    }
}
