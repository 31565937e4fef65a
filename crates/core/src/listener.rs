//! The webhook listener's life inside the app: start on the profile's port, report
//! what happened, restart on another port, stop on exit.

use std::net::{Ipv4Addr, SocketAddr};

use callboard_server::{
    ActiveNcco, BindError, Listener, Probes, Services, SignaturePolicy, StreamOptions, router,
};
use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::{exchanges::ExchangeStore, profiles::Profile};

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

/// The one running listener, if any, and its status.
#[derive(Debug)]
pub struct ListenerSlot {
    inner: Mutex<(Option<Listener>, ListenerStatus)>,
    ncco: ActiveNcco,
    probes: Probes,
    exchanges: std::sync::Arc<ExchangeStore>,
    recordings: std::path::PathBuf,
    signatures: SignaturePolicy,
}

impl ListenerSlot {
    /// An empty slot whose listeners will answer with `ncco` and keep every exchange in
    /// `exchanges`; once a listener is up,
    /// `{public_url}` renders as its local address until the profile has a tunnel.
    #[must_use]
    pub fn new(ncco: ActiveNcco, exchanges: ExchangeStore, recordings: std::path::PathBuf) -> Self {
        Self {
            inner: Mutex::new((None, ListenerStatus::Stopped)),
            ncco,
            probes: Probes::default(),
            exchanges: std::sync::Arc::new(exchanges),
            recordings,
            signatures: SignaturePolicy::default(),
        }
    }

    /// How the listener checks webhook signatures (changes apply to the next request).
    #[must_use]
    pub fn signatures(&self) -> &SignaturePolicy {
        &self.signatures
    }

    /// The self-check nonces the listener has seen.
    #[must_use]
    pub fn probes(&self) -> &Probes {
        &self.probes
    }

    /// The current status.
    pub async fn status(&self) -> ListenerStatus {
        self.inner.lock().await.1.clone()
    }

    /// Stops any running listener, then starts one for `profile` on 127.0.0.1.
    pub async fn restart(&self, profile: &Profile) -> ListenerStatus {
        let mut inner = self.inner.lock().await;
        if let Some(running) = inner.0.take() {
            running.shutdown().await;
        }
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, profile.listener_port));
        let record_dir = std::fs::create_dir_all(&self.recordings)
            .is_ok()
            .then(|| self.recordings.clone());
        let services = Services {
            ncco: self.ncco.clone(),
            probes: self.probes.clone(),
            exchanges: self.exchanges.clone(),
            streams: self.exchanges.clone(),
            stream: StreamOptions {
                record_dir,
                ..StreamOptions::default()
            },
            signatures: self.signatures.clone(),
        };
        let status = match Listener::start(addr, router(&profile.paths, services)).await {
            Ok(listener) => {
                let bound = listener.local_addr();
                inner.0 = Some(listener);
                self.ncco.set_public_url(format!("http://{bound}"));
                ListenerStatus::Running {
                    address: format!("http://{bound}"),
                    port: bound.port(),
                }
            }
            Err(error) => status_for_bind_error(profile.listener_port, &error),
        };
        inner.1 = status.clone();
        status
    }

    /// Stops the listener gracefully.
    pub async fn stop(&self) -> ListenerStatus {
        let mut inner = self.inner.lock().await;
        if let Some(running) = inner.0.take() {
            running.shutdown().await;
        }
        inner.1 = ListenerStatus::Stopped;
        ListenerStatus::Stopped
    }
}

fn status_for_bind_error(port: u16, error: &BindError) -> ListenerStatus {
    match error {
        BindError::PortBusy { .. } => ListenerStatus::PortBusy {
            port,
            message: format!(
                "Port {port} is already in use by another program, so Callboard cannot receive webhooks on it."
            ),
            hint: format!(
                "Choose another port (ngrok must then forward to it), or stop the program using port {port}."
            ),
        },
        BindError::PermissionDenied { .. } => ListenerStatus::Failed {
            port,
            message: format!("The system does not allow Callboard to listen on port {port}."),
            hint: "Ports below 1024 need administrator rights; choose a port of 1024 or above."
                .into(),
        },
        BindError::Io { .. } => ListenerStatus::Failed {
            port,
            message: error.to_string(),
            hint: "Try another port; if it keeps failing, restart Callboard.".into(),
        },
    }
}
