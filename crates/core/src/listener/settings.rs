//! The listener's plain types, which import nothing else in core but the retention
//! settings: how a profile's listener behaves (forwarding, the stream route's reply, what
//! is kept), and what the listener is doing.

use callboard_server::{AudioReply, ForwardTarget};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{error::CoreError, retention::settings::Retention};

/// Forwarding to the user's own backend, as a profile keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ForwardSettings {
    /// Whether the listener forwards at all.
    pub enabled: bool,
    /// The backend's base URL, e.g. `http://127.0.0.1:8000`.
    pub base_url: String,
    /// Forward the answer webhook.
    pub answer: bool,
    /// Forward the event webhook.
    pub event: bool,
    /// Forward the fallback answer webhook.
    pub fallback: bool,
    /// Forward the call-audio WebSocket.
    pub stream: bool,
}

impl Default for ForwardSettings {
    /// Off; when turned on, every route to a backend on port 8000 (Django's).
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: "http://127.0.0.1:8000".into(),
            answer: true,
            event: true,
            fallback: true,
            stream: true,
        }
    }
}

impl ForwardSettings {
    /// The server's target when forwarding is on.
    #[must_use]
    pub fn target(&self) -> Option<ForwardTarget> {
        self.enabled.then(|| ForwardTarget {
            base_url: self.base_url.clone(),
            answer: self.answer,
            event: self.event,
            fallback: self.fallback,
            stream: self.stream,
        })
    }
}

/// How a profile's listener behaves beyond its paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListenerSettings {
    /// Forwarding to the user's backend.
    pub forward: ForwardSettings,
    /// What the stream route sends back into the call when it is not forwarded.
    pub reply: AudioReply,
    /// How long and how much of what arrives is kept.
    pub retention: Retention,
}

impl ListenerSettings {
    /// Checks the settings for a listener on `listener_port`, tidying the backend URL.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] saying what is wrong; nothing is saved then.
    pub fn checked(mut self, listener_port: u16) -> Result<Self, CoreError> {
        self.retention = self.retention.checked()?;
        let forward = &mut self.forward;
        if forward.enabled {
            forward.base_url = ForwardTarget::check_base_url(&forward.base_url)
                .map_err(|why| CoreError::in_field("forward.base_url", why))?;
            let url = url::Url::parse(&forward.base_url)
                .map_err(|e| CoreError::in_field("forward.base_url", e.to_string()))?;
            let loopback = callboard_ncco::address::is_this_computer(&url);
            if loopback && url.port_or_known_default() == Some(listener_port) {
                return Err(CoreError::in_field(
                    "forward.base_url",
                    format!(
                        "Port {listener_port} is Callboard's own listener; forward to the port your backend listens on (Django's runserver uses 8000)."
                    ),
                ));
            }
            if !(forward.answer || forward.event || forward.fallback || forward.stream) {
                return Err(CoreError::input(
                    "Choose at least one route to forward, or turn forwarding off.".into(),
                ));
            }
        } else if !forward.base_url.trim().is_empty() {
            forward.base_url = ForwardTarget::check_base_url(&forward.base_url)
                .unwrap_or_else(|_| forward.base_url.trim().to_owned());
        }
        if let AudioReply::Wav { path } = &self.reply {
            if path.trim().is_empty() {
                return Err(CoreError::in_field(
                    "reply.path",
                    "Choose the WAV file the stream route plays.",
                ));
            }
            callboard_vonage::audio::load_wav(std::path::Path::new(path), 16_000)
                .map_err(|why| CoreError::in_field("reply.path", why))?;
        }
        Ok(self)
    }
}

/// What the listener is doing, as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ListenerStatus {
    /// Not listening (before start, or after shutdown).
    Stopped,
    /// Listening.
    Running {
        /// The local base URL, e.g. `http://127.0.0.1:3000`.
        address: String,
        /// The port bound.
        port: u16,
    },
    /// Another program holds the port; the user can choose another.
    PortBusy {
        /// The port asked for.
        port: u16,
        /// What happened, in words.
        message: String,
        /// What to do.
        hint: String,
    },
    /// The listener could not start for another reason.
    Failed {
        /// The port asked for.
        port: u16,
        /// What happened, in words.
        message: String,
        /// What to do.
        hint: String,
    },
}
