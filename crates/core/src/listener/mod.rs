//! The webhook listener's life inside the app: start on the profile's port, report
//! what happened, restart on another port, stop on exit; and the profile's listener
//! settings (forwarding to the user's backend, the stream route's reply), applied to
//! the running listener from the next request.

use std::net::{Ipv4Addr, SocketAddr};

pub use callboard_server::AudioReply;
use callboard_server::{
    ActiveNcco, BindError, Forwarding, Listener, Probes, Services, SharedReply, SignaturePolicy,
    StreamOptions, Taps, router,
};
use tokio::sync::Mutex;

use crate::{exchanges::ExchangeStore, profiles::Profile};

pub(crate) mod settings;

pub use settings::{ForwardSettings, ListenerSettings, ListenerStatus};

/// The one running listener, if any, and its status.
#[derive(Debug)]
pub struct ListenerSlot {
    inner: Mutex<(Option<Listener>, ListenerStatus)>,
    ncco: ActiveNcco,
    probes: Probes,
    exchanges: std::sync::Arc<ExchangeStore>,
    recordings: std::path::PathBuf,
    signatures: SignaturePolicy,
    forward: Forwarding,
    reply: SharedReply,
    taps: Taps,
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
            forward: Forwarding::default(),
            reply: SharedReply::default(),
            taps: Taps::default(),
        }
    }

    /// Applies a profile's listener settings from the next request (and stream) on.
    pub fn apply(&self, settings: &ListenerSettings) {
        self.forward.set(settings.forward.target());
        self.reply.set(settings.reply.clone());
    }

    /// Where the listener forwards now.
    #[must_use]
    pub fn forwarding(&self) -> &Forwarding {
        &self.forward
    }

    /// Listen-in on live stream sessions.
    #[must_use]
    pub fn taps(&self) -> &Taps {
        &self.taps
    }

    /// Where exchanges are kept.
    #[must_use]
    pub fn exchanges(&self) -> &std::sync::Arc<ExchangeStore> {
        &self.exchanges
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
                reply: self.reply.clone(),
            },
            signatures: self.signatures.clone(),
            forward: self.forward.clone(),
            taps: self.taps.clone(),
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
