//! [`App`]: the use cases the desktop shell exposes, one public method each.
//!
//! The shell builds one `App` at start-up, calls [`App::start`], forwards
//! [`App::subscribe`]'s events to the UI and calls [`App::shutdown`] on exit.

use std::{path::PathBuf, sync::Arc};

use callboard_ncco::Ncco;
use callboard_server::ActiveNcco;
use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::{
    db::{self, Db},
    error::CoreError,
    events::{CoreEvent, EventBus},
    listener::{ListenerSlot, ListenerStatus},
    profiles::{self, Profile},
    secrets::SecretStore,
};

/// Where the app keeps its data, and what it does on first run.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The app's data directory (created if missing): database, recordings.
    pub data_dir: PathBuf,
    /// The listener port the first-run Sandbox profile gets.
    pub first_run_listener_port: u16,
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
}

/// The NCCO served until the user activates one of their own.
const WELCOME_TEXT: &str =
    "Callboard is answering this call. Compose an NCCO in Callboard to change what callers hear.";

/// The app's use cases over its store, keychain and listener.
pub struct App {
    config: AppConfig,
    db: Db,
    secrets: Arc<dyn SecretStore>,
    bus: EventBus,
    listener: ListenerSlot,
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
        let db = Db::open(&config.data_dir.join(db::FILE_NAME))?;
        profiles::active_or_first_run(&db.lock(), config.first_run_listener_port)?;
        Ok(Self {
            config,
            db,
            secrets,
            bus: EventBus::default(),
            listener: ListenerSlot::new(ActiveNcco::new(Ncco::talk(WELCOME_TEXT))),
        })
    }

    /// Starts the webhook listener for the active profile.
    ///
    /// # Errors
    /// A storage error reading the active profile. A busy port is not an error: it is
    /// the returned status.
    pub async fn start(&self) -> Result<ListenerStatus, CoreError> {
        let profile = self.active_profile()?;
        Ok(self.restart_listener_for(&profile).await)
    }

    /// Stops the listener gracefully; call on exit.
    pub async fn shutdown(&self) {
        let status = self.listener.stop().await;
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
        Ok(AppState {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.config.data_dir.display().to_string(),
            profiles,
            active_profile,
            listener: self.listener.status().await,
        })
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

    fn active_profile(&self) -> Result<Profile, CoreError> {
        profiles::active_or_first_run(&self.db.lock(), self.config.first_run_listener_port)
    }

    async fn restart_listener_for(&self, profile: &Profile) -> ListenerStatus {
        let status = self.listener.restart(profile).await;
        self.bus.publish(CoreEvent::ListenerChanged {
            status: status.clone(),
        });
        status
    }
}
