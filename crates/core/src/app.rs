//! [`App`]: the use cases the desktop shell exposes, one public method each.
//!
//! The shell builds one `App` at start-up, calls [`App::start`], forwards
//! [`App::subscribe`]'s events to the UI and calls [`App::shutdown`] on exit.
//!
//! This file is the context every use case shares (the store, keychain, listener,
//! Sandbox and event bus, and the helpers over them); each feature's use cases are an
//! `impl App` of their own in `app/`: `profiles`, `webhooks`, `ncco`, `flows`,
//! `inspector`, `calls` (with the Sandbox phone), `calltests`, `doctor` and `support`.

use std::{path::PathBuf, sync::Arc};

use callboard_server::ActiveNcco;
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::{
    connect::{self, SandboxHost, SandboxInfo, SecretPresence},
    db::{self, Db, Served},
    error::CoreError,
    events::{CoreEvent, EventBus},
    exchanges::{self, ExchangeStore},
    id::Id,
    listener::{ListenerSlot, ListenerStatus},
    ncco_docs,
    profiles::Profile,
    secrets::{SecretName, SecretStore},
    snapshots,
};

mod calls;
mod calltests;
mod doctor;
mod flows;
mod inspector;
mod ncco;
mod profiles;
mod support;
mod webhooks;

/// Where the app keeps its data, and what it does on first run.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The app's data directory (created if missing): database, recordings.
    pub data_dir: PathBuf,
    /// The listener port the first-run Sandbox profile gets.
    pub first_run_listener_port: u16,
    /// The ngrok agent's local API ([`crate::webhooks::NGROK_API_BASE`] unless configured).
    pub ngrok_api_base: String,
}

/// Everything the UI shows in its frame: profiles, the active one, the listener.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppState {
    /// Callboard's version.
    pub version: String,
    /// The data directory, shown in Doctor and About.
    pub data_dir: String,
    /// Every profile.
    pub profiles: Vec<Profile>,
    /// The active profile.
    pub active_profile: Profile,
    /// The webhook listener.
    pub listener: ListenerStatus,
    /// Which secrets the active profile has in the keychain.
    pub secrets: SecretPresence,
    /// The REST API base the active profile talks to (the running Sandbox's for a Sandbox profile).
    pub platform_url: Option<String>,
    /// The running Sandbox's account, for a Sandbox profile.
    pub sandbox: Option<SandboxInfo>,
    /// When the last push to the active profile's application was made, if Undo can put it back.
    pub undo_available_since: Option<String>,
    /// The regions Vonage can handle inbound calls in, for the Webhooks view.
    pub voice_regions: Vec<String>,
    /// Why webhooks are not being stored right now, if they are not.
    pub storage_problem: Option<String>,
}

/// The NCCO served until the user activates one of their own.
fn welcome_ncco() -> Value {
    json!([{"action": "talk", "text": "Callboard is answering this call. Compose an NCCO in Callboard to change what callers hear."}])
}

/// The app's use cases over its store, keychain and listener.
pub struct App {
    config: AppConfig,
    db: Db,
    secrets: Arc<dyn SecretStore>,
    bus: EventBus,
    listener: ListenerSlot,
    served: ActiveNcco,
    sandbox: SandboxHost,
    /// Vonage's Voice API rate limits, counted across every client the use cases make.
    voice_limits: Arc<callboard_vonage::voice::limits::Limits>,
    /// The last tunnel address a change was announced for, so it is announced once.
    announced_tunnel: std::sync::Mutex<Option<String>>,
    /// Keeps what the listener stores within the profile's retention.
    pruner: crate::retention::Pruner,
    /// The background pruning, once started.
    pruning: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// The flow steps calls enter, as the listener keeps them (call tests watch them).
    flow_steps: crate::exchanges::FlowSteps,
    /// The last self-check of each profile's public URL: (the URL, what it found).
    proofs:
        std::sync::Mutex<std::collections::HashMap<Id, (String, crate::webhooks::AddressProof)>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("data_dir", &self.config.data_dir)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Opens the data directory and its store, creating the Sandbox profile on first run.
    ///
    /// # Errors
    /// [`CoreError::DataDir`] or a storage error; nothing is half-created.
    pub fn open(config: AppConfig, secrets: Arc<dyn SecretStore>) -> Result<Self, CoreError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| CoreError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
        let path = config.data_dir.join(db::FILE_NAME);
        let db = Db::open(&path)?;
        let closed = exchanges::close_interrupted(&db.lock(), callboard_server::capture::now_ms())?;
        if closed > 0 {
            tracing::warn!(
                closed,
                "closed stream sessions left open when Callboard last stopped"
            );
        }
        let profile =
            crate::profiles::active_or_first_run(&db.lock(), config.first_run_listener_port)?;
        let served = ActiveNcco::new(served_document(&db, profile.id)?, "http://127.0.0.1");
        flows::serve_active(&db, &served, profile.id)?;
        let bus = EventBus::default();
        let exchanges = ExchangeStore::start(&path, bus.clone())?;
        let flow_steps = exchanges.flow_steps();
        let recordings = config.data_dir.join("recordings");
        let pruner = crate::retention::Pruner::new(
            path.clone(),
            recordings.clone(),
            config.first_run_listener_port,
            bus.clone(),
        );
        Ok(Self {
            pruner,
            pruning: std::sync::Mutex::new(None),
            config,
            db,
            secrets,
            bus,
            listener: ListenerSlot::new(served.clone(), exchanges, recordings),
            served,
            sandbox: SandboxHost::default(),
            voice_limits: Arc::default(),
            proofs: std::sync::Mutex::default(),
            announced_tunnel: std::sync::Mutex::new(None),
            flow_steps,
        })
    }

    /// Starts the webhook listener for the active profile.
    ///
    /// # Errors
    /// A storage error reading the active profile. A busy port is not an error: it is
    /// the returned status.
    pub async fn start(&self) -> Result<ListenerStatus, CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile)
            && let Err(error) = self
                .sandbox
                .ensure(&self.db, self.secrets.as_ref(), &profile, &self.bus)
                .await
        {
            tracing::warn!(%error, "the Sandbox did not start");
        }
        self.pruning
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get_or_insert_with(|| self.pruner.spawn());
        Ok(self.restart_listener_for(&profile).await)
    }

    /// The data folder (the database, recordings).
    #[must_use]
    pub fn data_dir(&self) -> &std::path::Path {
        &self.config.data_dir
    }

    /// Stops the listener and the Sandbox gracefully; call on exit.
    pub async fn shutdown(&self) {
        let pruning = self
            .pruning
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(pruning) = pruning {
            pruning.abort();
        }
        let status = self.listener.stop().await;
        self.sandbox.stop().await;
        self.bus.publish(CoreEvent::ListenerChanged { status });
    }

    /// A subscription to core's events.
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.bus.subscribe()
    }

    /// The keychain this app uses.
    #[must_use]
    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    /// What the frame shows.
    ///
    /// # Errors
    /// A storage error.
    pub async fn state(&self) -> Result<AppState, CoreError> {
        let (profiles, active_profile) = {
            let connection = self.db.lock();
            let active = crate::profiles::active_or_first_run(
                &connection,
                self.config.first_run_listener_port,
            )?;
            (crate::profiles::list(&connection)?, active)
        };
        let (platform_url, sandbox) = if connect::uses_sandbox(&active_profile) {
            self.sandbox
                .running()
                .await
                .map_or((None, None), |(url, info)| (Some(url), Some(info)))
        } else {
            (Some(active_profile.api_base_url.clone()), None)
        };
        // The Sandbox's application is its running account's, kept in the profile or not.
        let application_id = sandbox
            .as_ref()
            .map_or(active_profile.application_id.as_str(), |info| {
                info.application_id.as_str()
            });
        let undo_available_since =
            snapshots::latest(&self.db.lock(), active_profile.id, application_id)?
                .map(|snapshot| snapshot.taken_at);
        Ok(AppState {
            undo_available_since,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.config.data_dir.display().to_string(),
            secrets: connect::secret_presence(self.secrets.as_ref(), &active_profile),
            profiles,
            active_profile,
            listener: self.listener.status().await,
            platform_url,
            sandbox,
            voice_regions: callboard_vonage::applications::REGIONS
                .iter()
                .map(|region| (*region).to_owned())
                .collect(),
            storage_problem: self.listener.exchanges().problem(),
        })
    }

    fn active_ncco_id(&self, connection: &rusqlite::Connection) -> Result<Option<Id>, CoreError> {
        let profile = self.active_profile_locked(connection)?;
        Served::Ncco.active_id(connection, profile.id)
    }

    fn active_profile_locked(
        &self,
        connection: &rusqlite::Connection,
    ) -> Result<Profile, CoreError> {
        crate::profiles::active_or_first_run(connection, self.config.first_run_listener_port)
    }

    fn active_profile(&self) -> Result<Profile, CoreError> {
        crate::profiles::active_or_first_run(&self.db.lock(), self.config.first_run_listener_port)
    }

    /// Checks webhook signatures with the profile's signature secret, as its settings say.
    fn apply_signature_policy(&self, profile: &Profile) {
        let secret = self
            .secrets
            .get(profile.id.0, SecretName::SignatureSecret)
            .ok()
            .flatten()
            .map(|secret| secret.expose().to_owned());
        let named = |value: &str| Some(value.to_owned()).filter(|v| !v.is_empty());
        let signatures = self.listener.signatures();
        signatures.expect(callboard_server::Expected {
            api_key: named(&profile.api_key),
            application_id: named(&profile.application_id),
        });
        signatures.set(profile.webhooks.signature_check.into(), secret);
    }

    async fn restart_listener_for(&self, profile: &Profile) -> ListenerStatus {
        self.apply_signature_policy(profile);
        self.listener.apply(&profile.listener);
        let status = self.listener.restart(profile).await;
        if !profile.public_url.is_empty() {
            self.served.set_public_url(profile.public_url.clone());
        }
        self.bus.publish(CoreEvent::ListenerChanged {
            status: status.clone(),
        });
        status
    }
    /// Every secret Callboard holds for `profile` (its keychain's, and the embedded
    /// Sandbox's account when it runs), for redaction before anything leaves the app.
    pub(crate) async fn profile_secrets(&self, profile: &Profile) -> Vec<String> {
        let mut secrets: Vec<String> = [
            SecretName::ApiSecret,
            SecretName::SignatureSecret,
            SecretName::PrivateKey,
        ]
        .into_iter()
        .filter_map(|name| self.secrets.get(profile.id.0, name).ok().flatten())
        .map(|secret| secret.expose().to_owned())
        .collect();
        if let Some(account) = self.sandbox.account().await {
            secrets.extend([
                account.api_secret,
                account.signature_secret,
                account.private_key.to_pem(),
            ]);
        }
        secrets
    }
}

/// Writes a support bundle at `path`, pretty-printed, with every form of `secrets`
/// redacted from it first (the bundle is left redacted, for the caller's summary).
fn write_redacted(path: &str, bundle: &mut Value, secrets: &[String]) -> Result<(), CoreError> {
    callboard_server::redact::json(bundle, secrets);
    let text = serde_json::to_string_pretty(bundle).unwrap_or_default();
    std::fs::write(path, text).map_err(|e| CoreError::File {
        path: path.to_owned(),
        reason: format!("cannot be written: {e}"),
    })
}

/// What a profile's answer webhook serves: its active document, or the welcome NCCO.
fn served_document(db: &Db, profile: Id) -> Result<Value, CoreError> {
    let connection = db.lock();
    match Served::Ncco.active_id(&connection, profile)? {
        Some(id) => Ok(ncco_docs::get(&connection, id, Some(id))?.document),
        None => Ok(welcome_ncco()),
    }
}
