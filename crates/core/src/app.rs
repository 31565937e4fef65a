//! [`App`]: the use cases the desktop shell exposes, one public method each.
//!
//! The shell builds one `App` at start-up, calls [`App::start`], forwards
//! [`App::subscribe`]'s events to the UI and calls [`App::shutdown`] on exit.

use std::{path::PathBuf, sync::Arc};

use callboard_ncco::{Fix, apply_fix, spec, templates};
use callboard_server::ActiveNcco;
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::{
    connect::{self, CheckStep, SandboxHost, SandboxInfo, SecretPresence},
    db::{self, Db},
    error::CoreError,
    events::{CoreEvent, EventBus},
    exchanges::{
        self, ExchangeDetail, ExchangeFilter, ExchangeStore, ExchangeSummary, ExportFormat,
        RecordingSide, ReplayTarget, StreamView,
    },
    id::Id,
    listener::{ListenerSettings, ListenerSlot, ListenerStatus},
    ncco_docs::{self, NccoCheck, NccoDocument, NccoSummary},
    profiles::{self, ConnectionInput, Profile, ProfileKind},
    secrets::{Secret, SecretName, SecretStore},
    snapshots,
    webhooks::{self, PushPlan, SelfCheck, Tunnel, WebhookSettings},
};

#[path = "app/calls.rs"]
mod calls;
#[path = "app/doctor.rs"]
mod doctor;

pub use calls::PhoneState;

/// Where the app keeps its data, and what it does on first run.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The app's data directory (created if missing): database, recordings.
    pub data_dir: PathBuf,
    /// The listener port the first-run Sandbox profile gets.
    pub first_run_listener_port: u16,
    /// The ngrok agent's local API ([`webhooks::NGROK_API_BASE`] unless configured).
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

/// Request headers a replay does not send again: the connection's own, and
/// `Authorization`, which was never kept.
const REPLAY_SKIPS: [&str; 5] = [
    "host",
    "content-length",
    "authorization",
    "connection",
    "transfer-encoding",
];

/// The NCCO served until the user activates one of their own.
fn welcome_ncco() -> Value {
    json!([{"action": "talk", "text": "Callboard is answering this call. Compose an NCCO in Callboard to change what callers hear."}])
}

/// What the composer needs to render its forms: the whole catalogue, once.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NccoCatalogue {
    /// Every action with its options.
    pub actions: &'static [spec::ActionSpec],
    /// Every connect endpoint type with its options.
    pub endpoints: &'static [spec::EndpointSpec],
    /// Starting points.
    pub templates: Vec<templates::Template>,
    /// The per-call placeholders and what each becomes.
    pub placeholders: Vec<Placeholder>,
}

/// A per-call placeholder.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Placeholder {
    /// As written in the NCCO, e.g. `{uuid}`.
    pub token: &'static str,
    /// What it becomes.
    pub meaning: &'static str,
}

/// An application as read for a push, what the push would make of it, and the plan between.
struct PushDraft {
    profile: Profile,
    client: callboard_vonage::ApplicationsClient,
    current: Value,
    desired: Value,
    plan: PushPlan,
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
        let profile = profiles::active_or_first_run(&db.lock(), config.first_run_listener_port)?;
        let served = ActiveNcco::new(served_document(&db, profile.id)?, "http://127.0.0.1");
        let bus = EventBus::default();
        let exchanges = ExchangeStore::start(&path, bus.clone())?;
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
            announced_tunnel: std::sync::Mutex::new(None),
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

    /// Prunes what the listener keeps to the active profile's retention, now.
    ///
    /// # Errors
    /// Storage errors.
    pub async fn inspector_prune(&self) -> Result<crate::retention::Pruned, CoreError> {
        self.pruner.run_once().await
    }

    /// How much the listener keeps now.
    ///
    /// # Errors
    /// Storage errors.
    pub fn inspector_store(&self) -> Result<crate::retention::StoreSize, CoreError> {
        crate::retention::size(&self.db.lock(), &self.config.data_dir.join("recordings"))
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
            let active =
                profiles::active_or_first_run(&connection, self.config.first_run_listener_port)?;
            (profiles::list(&connection)?, active)
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

    /// Creates a profile for a Vonage account and makes it active.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for an empty or taken name; storage errors.
    pub async fn profile_create(&self, name: &str) -> Result<AppState, CoreError> {
        let profile = {
            let connection = self.db.lock();
            let port =
                profiles::active_or_first_run(&connection, self.config.first_run_listener_port)?
                    .listener_port;
            profiles::create(&connection, name, ProfileKind::Vonage, port)?
        };
        self.profile_activate(profile.id).await
    }

    /// Makes another profile active: its listener, its Sandbox (for a Sandbox profile), its NCCO.
    ///
    /// # Errors
    /// [`CoreError::ProfileNotFound`]; storage errors.
    pub async fn profile_activate(&self, id: Id) -> Result<AppState, CoreError> {
        let profile = profiles::set_active(&self.db.lock(), id)?;
        self.sandbox.stop().await;
        self.served.replace(served_document(&self.db, profile.id)?);
        self.start().await?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Saves the active profile's name and connection settings.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for the Sandbox profile (its account is its own) or bad input.
    pub async fn profile_save_connection(
        &self,
        input: &ConnectionInput,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::InvalidInput(
                "the Sandbox's account is its own; create a profile to connect a Vonage account"
                    .into(),
            ));
        }
        profiles::set_connection(&self.db.lock(), profile.id, input)?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Stores (or, for an empty value, removes) the active profile's API secret or signature secret.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for the private key (use [`App::profile_set_private_key`])
    /// or the Sandbox profile; keychain errors.
    pub async fn profile_set_secret(
        &self,
        name: SecretName,
        value: &str,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if name == SecretName::PrivateKey {
            return Err(CoreError::InvalidInput(
                "import the private key as a key, so that it is checked".into(),
            ));
        }
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::InvalidInput(
                "the Sandbox's secrets are its own".into(),
            ));
        }
        let value = value.trim();
        if value.is_empty() {
            self.secrets.delete(profile.id.0, name)?;
        } else {
            self.secrets.set(profile.id.0, name, &Secret::new(value))?;
        }
        self.apply_signature_policy(&profile);
        self.state().await
    }

    /// Checks and stores the active profile's private key, given as text.
    ///
    /// # Errors
    /// [`CoreError::Key`] saying what is wrong with it (nothing is stored); keychain errors.
    pub async fn profile_set_private_key(&self, text: &str) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::InvalidInput(
                "the Sandbox's key is its own".into(),
            ));
        }
        let key = callboard_vonage::PrivateKey::parse(text)?;
        self.secrets.set(
            profile.id.0,
            SecretName::PrivateKey,
            &Secret::new(key.to_pem()),
        )?;
        self.state().await
    }

    /// Proves the active profile's connection step by step.
    ///
    /// # Errors
    /// Storage errors, or the Sandbox failing to start.
    pub async fn connect_check(&self) -> Result<Vec<CheckStep>, CoreError> {
        let (profile, base_url, sandbox) = self.platform().await?;
        match sandbox {
            // The Sandbox's own account, whether or not the keychain could keep it.
            Some(account) => {
                let secrets = crate::secrets::MemoryStore::default();
                secrets.set(
                    profile.id.0,
                    SecretName::ApiSecret,
                    &Secret::new(account.api_secret.clone()),
                )?;
                secrets.set(
                    profile.id.0,
                    SecretName::PrivateKey,
                    &Secret::new(account.private_key.to_pem()),
                )?;
                let profile = Profile {
                    api_key: account.api_key,
                    application_id: account.application_id,
                    ..profile
                };
                Ok(connect::check(&profile, &base_url, &secrets).await)
            }
            None => Ok(connect::check(&profile, &base_url, self.secrets.as_ref()).await),
        }
    }

    /// The active profile, the REST base it talks to, and for a Sandbox profile the
    /// running Sandbox's account (started if needed; the profile is read after, as the
    /// Sandbox may just have stored a new account in it).
    async fn platform(
        &self,
    ) -> Result<(Profile, String, Option<callboard_sandbox::SandboxAccount>), CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            let base_url = self
                .sandbox
                .ensure(&self.db, self.secrets.as_ref(), &profile, &self.bus)
                .await?;
            Ok((
                self.active_profile()?,
                base_url,
                self.sandbox.account().await,
            ))
        } else {
            let base_url = profile.api_base_url.clone();
            Ok((profile, base_url, None))
        }
    }

    /// Moves the active profile's listener to `port`, saving the choice.
    ///
    /// # Errors
    /// [`CoreError::InvalidPort`] outside 1024..=65535 (nothing is changed); storage errors.
    pub async fn set_listener_port(&self, port: u32) -> Result<ListenerStatus, CoreError> {
        let port = u16::try_from(port)
            .ok()
            .filter(|port| *port >= 1024)
            .ok_or(CoreError::InvalidPort(port))?;
        let profile = {
            let connection = self.db.lock();
            let active =
                profiles::active_or_first_run(&connection, self.config.first_run_listener_port)?;
            profiles::set_listener_port(&connection, active.id, port)?
        };
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(self.restart_listener_for(&profile).await)
    }

    /// Starts the active profile's listener again (after the user freed its port).
    ///
    /// # Errors
    /// A storage error.
    pub async fn restart_listener(&self) -> Result<ListenerStatus, CoreError> {
        self.start().await
    }

    /// The newest exchanges the listener kept, filtered.
    ///
    /// # Errors
    /// Storage errors.
    pub fn inspector_list(
        &self,
        filter: &ExchangeFilter,
    ) -> Result<Vec<ExchangeSummary>, CoreError> {
        exchanges::list(&self.db.lock(), filter)
    }

    /// One exchange, whole.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when it does not exist; storage errors.
    pub fn inspector_get(&self, id: Id) -> Result<ExchangeDetail, CoreError> {
        exchanges::get(&self.db.lock(), id)
    }

    /// Writes the exchanges matching `filter` (oldest first) to `path` in `format`, with
    /// no credential and none of the profile's secrets in them; returns how many were
    /// written.
    ///
    /// # Errors
    /// [`CoreError::File`] when the file cannot be written; storage errors.
    pub async fn inspector_export(
        &self,
        filter: &ExchangeFilter,
        format: ExportFormat,
        path: &str,
    ) -> Result<u32, CoreError> {
        let secrets = self.profile_secrets(&self.active_profile()?).await;
        let (text, count) = exchanges::export(&self.db.lock(), filter, format, &secrets)?;
        std::fs::write(path, text).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })?;
        Ok(count)
    }

    /// Saves the active profile's listener settings (forwarding, the stream reply) and
    /// applies them from the next request on.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] saying what is wrong; nothing is saved or changed then.
    pub async fn listener_save(&self, settings: ListenerSettings) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        let settings = settings.checked(profile.listener_port)?;
        let profile = profiles::set_listener_settings(&self.db.lock(), profile.id, &settings)?;
        self.listener.apply(&profile.listener);
        self.pruner.wake();
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Sends a kept exchange's request again (with `body` instead of its own when given),
    /// as Vonage would: to the listener, or straight to the user's backend; the new
    /// exchange is kept like any other and returned. `Authorization` is not replayed: it
    /// was never kept.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the exchange does not exist, the listener is not
    /// running, no backend is set, or the request cannot be sent.
    pub async fn inspector_replay(
        &self,
        id: Id,
        body: Option<String>,
        to: ReplayTarget,
    ) -> Result<ExchangeSummary, CoreError> {
        let original = self.inspector_get(id)?;
        if to == ReplayTarget::Backend {
            return self.replay_to_backend(original, body).await;
        }
        let ListenerStatus::Running { address, .. } = self.listener.status().await else {
            return Err(CoreError::InvalidInput(
                "the listener is not running, so there is nothing to replay to".into(),
            ));
        };
        let query = if original.query.is_empty() {
            String::new()
        } else {
            format!("?{}", original.query)
        };
        let url = format!("{address}{}{query}", original.summary.path);
        let method =
            reqwest::Method::from_bytes(original.summary.method.as_bytes()).map_err(|_| {
                CoreError::InvalidInput(format!("{} cannot be replayed", original.summary.method))
            })?;
        let mut request = reqwest::Client::new()
            .request(method, &url)
            .timeout(std::time::Duration::from_secs(15));
        for (name, value) in &original.request_headers {
            if !REPLAY_SKIPS.contains(&name.to_ascii_lowercase().as_str()) {
                request = request.header(name, value);
            }
        }
        // A unique mark finds this replay among exchanges arriving at the same moment.
        let mark = format!("{id}-{}", uuid::Uuid::new_v4().simple());
        request = request.header("x-callboard-replay-of", &mark);
        let body = body.unwrap_or(original.request_body);
        if !body.is_empty() {
            request = request.body(body);
        }
        request.send().await.map_err(|e| {
            CoreError::InvalidInput(format!("the replay did not reach the listener: {e}"))
        })?;
        // The capture layer kept the replay before it answered it.
        exchanges::find_marked(&self.db.lock(), &mark)?
            .ok_or_else(|| CoreError::InvalidInput("the replay was not kept".into()))
    }

    async fn replay_to_backend(
        &self,
        original: ExchangeDetail,
        body: Option<String>,
    ) -> Result<ExchangeSummary, CoreError> {
        let profile = self.active_profile()?;
        let base_url =
            callboard_server::ForwardTarget::check_base_url(&profile.listener.forward.base_url)
                .map_err(|why| {
                    CoreError::InvalidInput(format!(
                        "Set your backend's address in Forwarding first. {why}"
                    ))
                })?;
        let forwarding = callboard_server::Forwarding::new(Some(callboard_server::ForwardTarget {
            base_url,
            answer: true,
            event: true,
            fallback: true,
            stream: false,
        }));
        let app = callboard_server::backend_router(
            &profile.paths,
            self.listener.exchanges().clone(),
            forwarding,
        );
        let query = if original.query.is_empty() {
            String::new()
        } else {
            format!("?{}", original.query)
        };
        let mut request = axum::http::Request::builder()
            .method(original.summary.method.as_str())
            .uri(format!("{}{query}", original.summary.path));
        for (name, value) in &original.request_headers {
            if !REPLAY_SKIPS.contains(&name.to_ascii_lowercase().as_str()) {
                request = request.header(name, value);
            }
        }
        let mark = format!("{}-{}", original.summary.id, uuid::Uuid::new_v4().simple());
        let request = request
            .header("x-callboard-replay-of", &mark)
            .body(axum::body::Body::from(
                body.unwrap_or(original.request_body),
            ))
            .map_err(|e| {
                CoreError::InvalidInput(format!("this exchange cannot be replayed: {e}"))
            })?;
        let _ = tower::ServiceExt::oneshot(app, request).await;
        exchanges::find_marked(&self.db.lock(), &mark)?
            .ok_or_else(|| CoreError::InvalidInput("the replay was not kept".into()))
    }

    /// Starts listening to a live stream session: its incoming frames (16-bit PCM at the
    /// session's rate) arrive on the receiver until the session ends.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the session is not live.
    pub fn stream_listen(
        &self,
        session_id: &str,
    ) -> Result<tokio::sync::mpsc::Receiver<Vec<u8>>, CoreError> {
        self.listener.taps().listen(session_id).ok_or_else(|| {
            CoreError::InvalidInput("This stream has ended; only a live stream can be listened to. Play its recording instead.".into())
        })
    }

    /// The WAV recording of a stream session, as bytes (for playing in the window).
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the session has no recording or it is gone.
    pub fn recording_read(
        &self,
        session_id: &str,
        side: RecordingSide,
    ) -> Result<Vec<u8>, CoreError> {
        let path = self.recording_path(session_id, side)?;
        std::fs::read(&path).map_err(|e| {
            CoreError::InvalidInput(format!("The recording {path} cannot be read: {e}."))
        })
    }

    /// Saves a copy of a stream session's WAV recording at `path`.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when there is no recording; [`CoreError::File`] when the
    /// copy cannot be written.
    pub fn recording_save(
        &self,
        session_id: &str,
        side: RecordingSide,
        path: &str,
    ) -> Result<(), CoreError> {
        let from = self.recording_path(session_id, side)?;
        std::fs::copy(&from, path)
            .map(|_| ())
            .map_err(|e| CoreError::File {
                path: path.to_owned(),
                reason: format!("cannot be written: {e}"),
            })
    }

    fn recording_path(&self, session_id: &str, side: RecordingSide) -> Result<String, CoreError> {
        exchanges::recording_of(&self.db.lock(), session_id, side)?.ok_or_else(|| {
            CoreError::InvalidInput(match side {
                RecordingSide::Received => "This stream session has no recording.".into(),
                RecordingSide::Sent => {
                    "Nothing was sent back into this call, so there is no recording of it.".into()
                }
            })
        })
    }

    /// The newest call-audio stream sessions, of one call when `call` is given.
    ///
    /// # Errors
    /// Storage errors.
    pub fn inspector_streams(&self, call: Option<&str>) -> Result<Vec<StreamView>, CoreError> {
        exchanges::streams(&self.db.lock(), call)
    }

    /// The catalogue of actions, endpoint types, templates and placeholders.
    #[must_use]
    pub fn ncco_catalogue(&self) -> NccoCatalogue {
        NccoCatalogue {
            actions: spec::ACTIONS,
            endpoints: spec::ENDPOINTS,
            templates: templates::all(),
            placeholders: callboard_ncco::placeholders::PLACEHOLDERS
                .iter()
                .map(|(token, meaning)| Placeholder { token, meaning })
                .collect(),
        }
    }

    /// Every saved NCCO document.
    ///
    /// # Errors
    /// Storage errors.
    pub fn ncco_list(&self) -> Result<Vec<NccoSummary>, CoreError> {
        let connection = self.db.lock();
        let active = self.active_ncco_id(&connection)?;
        ncco_docs::list(&connection, active)
    }

    /// One saved document with its findings.
    ///
    /// # Errors
    /// [`CoreError::NccoNotFound`]; storage errors.
    pub fn ncco_get(&self, id: Id) -> Result<NccoDocument, CoreError> {
        let connection = self.db.lock();
        let active = self.active_ncco_id(&connection)?;
        ncco_docs::get(&connection, id, active)
    }

    /// Saves a document (new when `id` is `None`). The document being served must stay
    /// free of errors, so saving it with errors is refused (the composer keeps the edit).
    ///
    /// # Errors
    /// [`CoreError::NccoHasErrors`] for the served document; name and storage errors.
    pub fn ncco_save(
        &self,
        id: Option<Id>,
        name: &str,
        document: &Value,
    ) -> Result<NccoDocument, CoreError> {
        let saved = {
            let connection = self.db.lock();
            let active = self.active_ncco_id(&connection)?;
            if id.is_some() && id == active {
                let errors = callboard_ncco::validate(document)
                    .iter()
                    .filter(|f| f.severity == callboard_ncco::Severity::Error)
                    .count();
                if errors > 0 {
                    return Err(CoreError::NccoHasErrors {
                        name: name.trim().to_owned(),
                        errors: u32::try_from(errors).unwrap_or(u32::MAX),
                    });
                }
            }
            ncco_docs::save(&connection, id, name, document, active)?
        };
        if saved.active {
            self.served.replace(saved.document.clone());
        }
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(saved)
    }

    /// Deletes a document; if it was served, the welcome NCCO is served instead.
    ///
    /// # Errors
    /// [`CoreError::NccoNotFound`]; storage errors.
    pub fn ncco_delete(&self, id: Id) -> Result<(), CoreError> {
        let profile = {
            let connection = self.db.lock();
            ncco_docs::delete(&connection, id)?;
            self.active_profile_locked(&connection)?
        };
        self.served.replace(served_document(&self.db, profile.id)?);
        self.bus.publish(CoreEvent::NccoChanged);
        Ok(())
    }

    /// Makes the answer webhook serve `id` (or the welcome NCCO for `None`).
    ///
    /// # Errors
    /// [`CoreError::NccoHasErrors`] (nothing changes); not found and storage errors.
    pub fn ncco_activate(&self, id: Option<Id>) -> Result<Vec<NccoSummary>, CoreError> {
        let served = {
            let connection = self.db.lock();
            let profile = self.active_profile_locked(&connection)?;
            ncco_docs::set_active(&connection, profile.id, id)?
        };
        self.served.replace(served.unwrap_or_else(welcome_ncco));
        self.bus.publish(CoreEvent::NccoChanged);
        self.ncco_list()
    }

    /// Parses and validates an NCCO text (the composer's JSON pane).
    #[must_use]
    pub fn ncco_check(&self, text: &str) -> NccoCheck {
        ncco_docs::check(text)
    }

    /// Applies a validator fix to a document.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when the fix no longer applies (the document changed).
    pub fn ncco_apply_fix(&self, document: &Value, fix: &Fix) -> Result<Value, CoreError> {
        let mut fixed = document.clone();
        apply_fix(&mut fixed, fix).map_err(|e| CoreError::InvalidInput(e.to_string()))?;
        Ok(fixed)
    }

    /// Imports an NCCO file as a new document named after the file.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be read or is not JSON (with line and column).
    pub fn ncco_import(&self, path: &str) -> Result<NccoDocument, CoreError> {
        let file = |reason: String| CoreError::File {
            path: path.to_owned(),
            reason,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| file(format!("cannot be read: {e}")))?;
        let document =
            callboard_ncco::parse_json(&text).map_err(|error| file(format!("is {error}")))?;
        let stem = std::path::Path::new(path).file_stem().map_or_else(
            || "Imported NCCO".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        let taken: Vec<String> = self.ncco_list()?.into_iter().map(|doc| doc.name).collect();
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem} ({n})")
                }
            })
            .find(|candidate| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate)))
            .unwrap_or(stem);
        self.ncco_save(None, &name, &document)
    }

    /// Writes a document to a file as pretty JSON.
    ///
    /// # Errors
    /// [`CoreError::File`] when it cannot be written; not found errors.
    pub fn ncco_export(&self, id: Id, path: &str) -> Result<(), CoreError> {
        let document = self.ncco_get(id)?;
        let mut text = serde_json::to_string_pretty(&document.document)
            .map_err(|e| CoreError::InvalidInput(e.to_string()))?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })
    }

    /// Saves the public URL (checked; empty clears it) and the webhook settings.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] saying what is wrong with either; nothing is saved then.
    pub async fn webhooks_save(
        &self,
        public_url: &str,
        settings: &WebhookSettings,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        let public_url = if public_url.trim().is_empty() {
            String::new()
        } else {
            webhooks::parse_public_url(public_url, connect::uses_sandbox(&profile))?
        };
        settings.validate()?;
        let profile = profiles::set_webhooks(&self.db.lock(), profile.id, &public_url, settings)?;
        self.apply_signature_policy(&profile);
        if !profile.public_url.is_empty() {
            self.served.set_public_url(profile.public_url.clone());
        }
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// The https tunnels the ngrok agent runs, those reaching the listener first.
    ///
    /// # Errors
    /// [`CoreError::Tunnel`] when ngrok is not running or has no https tunnel.
    pub async fn webhooks_discover(&self) -> Result<Vec<Tunnel>, CoreError> {
        let profile = self.active_profile()?;
        webhooks::discover_ngrok(&self.config.ngrok_api_base, profile.listener_port).await
    }

    /// Looks at the ngrok agent: when the tunnel reaching the listener now has another
    /// address than the profile's public URL, announces it (once per new address) with
    /// [`CoreEvent::TunnelChanged`] and returns it. The shell calls this periodically.
    pub async fn watch_tunnel(&self) -> Option<(String, String)> {
        let profile = self.active_profile().ok()?;
        if profile.public_url.is_empty() {
            return None;
        }
        let tunnels = webhooks::discover_ngrok(&self.config.ngrok_api_base, profile.listener_port)
            .await
            .ok()?;
        let ours: Vec<&Tunnel> = tunnels.iter().filter(|t| t.reaches_listener).collect();
        if ours.is_empty() || ours.iter().any(|t| t.public_url == profile.public_url) {
            return None;
        }
        let current = ours[0].public_url.clone();
        {
            let mut announced = self
                .announced_tunnel
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if announced.as_deref() == Some(current.as_str()) {
                return None;
            }
            *announced = Some(current.clone());
        }
        self.bus.publish(CoreEvent::TunnelChanged {
            previous: profile.public_url.clone(),
            current: current.clone(),
        });
        Some((profile.public_url, current))
    }

    /// Sends a probe out through the public URL and reports whether it came back here.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] when no public URL is set.
    pub async fn webhooks_self_check(&self) -> Result<SelfCheck, CoreError> {
        let profile = self.active_profile()?;
        if profile.public_url.is_empty() {
            return Err(CoreError::InvalidInput(
                "enter your public tunnel URL first".into(),
            ));
        }
        let probes = self.listener.probes().clone();
        let nonce = probes.issue();
        Ok(
            webhooks::self_check(&profile.public_url, &profile.paths.answer, &nonce, || {
                probes.take(&nonce)
            })
            .await,
        )
    }

    /// What a push would change in the application, field by field.
    ///
    /// # Errors
    /// Missing public URL or credentials; Vonage's errors.
    pub async fn webhooks_plan(&self) -> Result<PushPlan, CoreError> {
        Ok(self.draft_push().await?.plan)
    }

    /// Pushes the voice webhooks, keeping a snapshot of the application as it was.
    /// Addresses pointing at another server are replaced only when `overwrite_foreign`.
    ///
    /// # Errors
    /// [`CoreError::ForeignWebhooks`] (nothing is changed); Vonage's errors (the snapshot is dropped).
    pub async fn webhooks_push(&self, overwrite_foreign: bool) -> Result<PushPlan, CoreError> {
        let PushDraft {
            profile,
            client,
            current,
            desired,
            plan,
        } = self.draft_push().await?;
        if !plan.foreign.is_empty() && !overwrite_foreign {
            return Err(CoreError::ForeignWebhooks {
                addresses: plan.foreign,
            });
        }
        let mut before = current.clone();
        if let Some(keys) = before.get_mut("keys").and_then(Value::as_object_mut) {
            keys.remove("private_key");
        }
        let snapshot = snapshots::take(
            &self.db.lock(),
            profile.id,
            &profile.application_id,
            &before,
        )?;
        if let Err(error) = client.update(&profile.application_id, &desired).await {
            snapshots::discard(&self.db.lock(), snapshot)?;
            return Err(CoreError::Vonage(error));
        }
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(plan)
    }

    /// Puts the application back as it was before the last push.
    ///
    /// # Errors
    /// [`CoreError::NothingToUndo`]; Vonage's errors (the snapshot is kept for another try).
    pub async fn webhooks_undo(&self) -> Result<PushPlan, CoreError> {
        let (profile, client) = self.applications_client().await?;
        let snapshot = snapshots::latest(&self.db.lock(), profile.id, &profile.application_id)?
            .ok_or(CoreError::NothingToUndo)?;
        let current = client
            .get(&profile.application_id)
            .await
            .map_err(CoreError::Vonage)?;
        client
            .update(&profile.application_id, &snapshot.body)
            .await
            .map_err(CoreError::Vonage)?;
        snapshots::mark_restored(&self.db.lock(), snapshot.id)?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(webhooks::plan(
            &current,
            &snapshot.body,
            &profile.public_url,
        ))
    }

    /// Reads the application and works out what a push would make of it.
    async fn draft_push(&self) -> Result<PushDraft, CoreError> {
        let (profile, client) = self.applications_client().await?;
        let current = client
            .get(&profile.application_id)
            .await
            .map_err(CoreError::Vonage)?;
        let desired = webhooks::desired(
            &current,
            &profile.public_url,
            &profile.paths,
            &profile.webhooks,
        );
        let plan = webhooks::plan(&current, &desired, &profile.public_url);
        Ok(PushDraft {
            profile,
            client,
            current,
            desired,
            plan,
        })
    }

    /// The active profile, checked ready to talk to its application, and a client for it.
    async fn applications_client(
        &self,
    ) -> Result<(Profile, callboard_vonage::ApplicationsClient), CoreError> {
        let profile = self.active_profile()?;
        if profile.public_url.is_empty() {
            return Err(CoreError::InvalidInput(
                "enter your public tunnel URL first".into(),
            ));
        }
        self.application_reader().await
    }

    /// The active profile, and a client for its application (to read it, whatever the
    /// public URL).
    async fn application_reader(
        &self,
    ) -> Result<(Profile, callboard_vonage::ApplicationsClient), CoreError> {
        let (profile, base_url, sandbox) = self.platform().await?;
        // A Sandbox profile uses its running account, whether or not the keychain kept it.
        let (profile, secret) = match sandbox {
            Some(account) => (
                Profile {
                    api_key: account.api_key,
                    application_id: account.application_id,
                    ..profile
                },
                Some(account.api_secret),
            ),
            None => {
                let secret = self.secrets.get(profile.id.0, SecretName::ApiSecret)?;
                (profile, secret.map(|s| s.expose().to_owned()))
            }
        };
        let (false, false, Some(secret)) = (
            profile.api_key.is_empty(),
            profile.application_id.is_empty(),
            secret,
        ) else {
            return Err(CoreError::InvalidInput(
                "enter the API key, API secret and application ID in Connect first".into(),
            ));
        };
        let client = callboard_vonage::ApplicationsClient::new(
            &base_url,
            &profile.api_key,
            &secret,
            connect::CHECK_TIMEOUT,
        )
        .map_err(CoreError::Vonage)?;
        Ok((profile, client))
    }

    fn active_ncco_id(&self, connection: &rusqlite::Connection) -> Result<Option<Id>, CoreError> {
        let profile = self.active_profile_locked(connection)?;
        ncco_docs::active_id(connection, profile.id)
    }

    fn active_profile_locked(
        &self,
        connection: &rusqlite::Connection,
    ) -> Result<Profile, CoreError> {
        profiles::active_or_first_run(connection, self.config.first_run_listener_port)
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

    fn active_profile(&self) -> Result<Profile, CoreError> {
        profiles::active_or_first_run(&self.db.lock(), self.config.first_run_listener_port)
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
}

/// What a profile's answer webhook serves: its active document, or the welcome NCCO.
fn served_document(db: &Db, profile: Id) -> Result<Value, CoreError> {
    let connection = db.lock();
    match ncco_docs::active_id(&connection, profile)? {
        Some(id) => Ok(ncco_docs::get(&connection, id, Some(id))?.document),
        None => Ok(welcome_ncco()),
    }
}
