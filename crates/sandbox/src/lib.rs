//! The Sandbox: a simulated Vonage platform served on loopback, so everything in
//! Callboard works with no account and no network, and tests run against it.
//!
//! It checks what Vonage checks and answers as Vonage answers (`docs/vonage.md`):
//! Basic auth and body shapes on the Application API (`applications`), RS256 JWTs
//! signed with the application's key on the Voice API (`calls::api`), with Vonage's
//! status codes and problem-details bodies (`problem`). Calls run on a call engine
//! (`calls::engine`) against the application's webhooks, with a virtual phone
//! (`phone`) as the other party.

pub mod account;
mod applications;
mod auth;
pub mod calls;
pub mod phone;
pub mod private_file;
mod problem;
pub mod tls;

use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, OnceLock},
    time::Duration,
};

use axum::Router;
use callboard_vonage::applications::WebhookName;
use serde_json::{Value, json};
use tokio::sync::Mutex;

pub use account::SandboxAccount;
pub use calls::{CallRecord, Calls, Control};
pub use phone::{HeardAudio, PhoneAudio, PhoneEvent, Pickup, VirtualPhone};

/// The number the virtual phone calls from.
pub const PHONE_NUMBER: &str = "447700900999";

/// The name the first-run profile takes.
pub const PROFILE_NAME: &str = "Sandbox";

/// The simulated platform's state: one account, its applications, its calls and the
/// virtual phone.
#[derive(Debug)]
pub struct SandboxState {
    account: SandboxAccount,
    /// Applications by id, in creation order.
    applications: Mutex<Vec<Value>>,
    /// Every call.
    pub calls: Calls,
    /// The other party of every call.
    pub phone: VirtualPhone,
    /// The engine's HTTP client for the application's webhooks.
    pub(crate) http: reqwest::Client,
    base_url: OnceLock<String>,
    recordings: OnceLock<PathBuf>,
    /// Voice API token ids seen, so that one id is one token.
    pub(crate) seen_tokens: auth::SeenTokens,
    /// What the platform did on each call, for whoever watches (call tests).
    observed: tokio::sync::broadcast::Sender<Observed>,
}

/// Something the platform did on a call, as a watcher sees it: the answer webhook
/// asked, a webhook posted and what it answered, a recording made.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    /// The NCCO was fetched from the answer URL (or its fallback).
    Answer {
        /// The call.
        call: String,
        /// How long the answer took.
        took: Duration,
        /// The NCCO, or why there was none.
        ncco: Result<Value, String>,
    },
    /// A webhook was posted: a call event, an input result, a notify.
    Event {
        /// The call (the leg the engine runs, also for a second leg's events).
        call: String,
        /// What was posted.
        body: Value,
        /// The NCCO it answered, when one was expected and came.
        answered: Option<Value>,
    },
    /// A call-audio WebSocket, as it goes: reported when it opens, when the first audio
    /// comes back, every second of audio sent, and when it closes.
    WebSocket {
        /// The call.
        call: String,
        /// Where it is connected.
        uri: String,
        /// The audio format announced in the first message.
        content_type: String,
        /// Frames the platform sent it so far.
        frames_sent: u64,
        /// Audio frames the application sent back so far.
        frames_back: u64,
        /// How long after opening the first audio came back.
        first_back: Option<Duration>,
        /// Whether it has closed.
        closed: bool,
    },
    /// A recording was written.
    Recording {
        /// The call.
        call: String,
        /// How long it is.
        seconds: f64,
    },
}

impl SandboxState {
    /// A platform with `account`, whose application already exists.
    #[must_use]
    pub fn new(account: SandboxAccount) -> Self {
        let application = account.application();
        Self {
            account,
            applications: Mutex::new(vec![application]),
            calls: Calls::default(),
            phone: VirtualPhone::default(),
            http: reqwest::Client::builder()
                .no_proxy()
                .user_agent("Vonage-Callboard-Sandbox")
                .build()
                .unwrap_or_default(),
            base_url: OnceLock::new(),
            recordings: OnceLock::new(),
            seen_tokens: auth::SeenTokens::default(),
            observed: tokio::sync::broadcast::channel(1024).0,
        }
    }

    /// What the platform does on calls from now on (a watcher far behind skips ahead).
    #[must_use]
    pub fn observe(&self) -> tokio::sync::broadcast::Receiver<Observed> {
        self.observed.subscribe()
    }

    pub(crate) fn report(&self, observed: Observed) {
        let _ = self.observed.send(observed);
    }

    /// The account it serves.
    #[must_use]
    pub fn account(&self) -> &SandboxAccount {
        &self.account
    }

    /// Where it is served (the `region_url` calls carry), once serving.
    #[must_use]
    pub fn base_url(&self) -> String {
        self.base_url.get().cloned().unwrap_or_default()
    }

    /// Where recordings are kept (a directory of its own under the system's temp dir).
    #[must_use]
    pub fn recordings(&self) -> PathBuf {
        self.recordings
            .get_or_init(|| {
                let dir = std::env::temp_dir().join(format!(
                    "callboard-sandbox-{}-{}",
                    std::process::id(),
                    uuid::Uuid::new_v4().simple()
                ));
                let _ = std::fs::create_dir_all(&dir);
                dir
            })
            .clone()
    }

    /// Who signs webhooks, when the application has `signed_callbacks` on.
    pub async fn signer(&self) -> Option<calls::signing::Signer> {
        let application = self.application().await?;
        (application.pointer("/capabilities/voice/signed_callbacks") == Some(&Value::Bool(true)))
            .then(|| calls::signing::Signer {
                secret: self.account.signature_secret.clone(),
                api_key: self.account.api_key.clone(),
                application_id: self.account.application_id.clone(),
            })
    }

    /// The account's voice application as it is now.
    pub async fn application(&self) -> Option<Value> {
        self.applications
            .lock()
            .await
            .iter()
            .find(|app| app["id"] == self.account.application_id.as_str())
            .cloned()
    }

    /// Points the application's voice webhook `name` at `address` (as a push through the
    /// Application API would), with `method`. For harnesses that run the Sandbox in
    /// process, such as call tests against a backend.
    pub async fn set_webhook(&self, name: WebhookName, address: &str, method: &str) {
        let key = match name {
            WebhookName::AnswerUrl => "answer_url",
            WebhookName::EventUrl => "event_url",
            WebhookName::FallbackAnswerUrl => "fallback_answer_url",
        };
        let mut applications = self.applications.lock().await;
        if let Some(app) = applications
            .iter_mut()
            .find(|app| app["id"] == self.account.application_id.as_str())
        {
            app["capabilities"]["voice"]["webhooks"][key]["address"] = json!(address);
            app["capabilities"]["voice"]["webhooks"][key]["http_method"] = json!(method);
        }
    }

    /// The virtual phone dials the application's number `to`: an inbound call whose
    /// NCCO comes from the application's answer URL. The new call's UUID.
    ///
    /// # Errors
    /// Why the call cannot be placed: a number not linked to the application, or an
    /// application without an answer URL.
    pub async fn dial_in(self: &Arc<Self>, to: &str) -> Result<String, String> {
        if !self.account.numbers.iter().any(|n| n == to) {
            return Err(format!(
                "{to} is not linked to the application; its numbers are {}",
                self.account.numbers.join(", ")
            ));
        }
        let application = self.application().await;
        let hook = |name| {
            application
                .as_ref()
                .and_then(|app| calls::hooks::Hook::of_application(app, name))
        };
        let answer = hook(WebhookName::AnswerUrl)
            .ok_or("the application has no answer URL, so Vonage would not know what to do")?;
        let uuid = uuid::Uuid::new_v4().to_string();
        calls::engine::spawn(
            self.clone(),
            calls::engine::Setup {
                record: CallRecord {
                    uuid: uuid.clone(),
                    conversation_uuid: format!("CON-{}", uuid::Uuid::new_v4()),
                    to: json!({"type": "phone", "number": to}),
                    from: json!({"type": "phone", "number": PHONE_NUMBER}),
                    status: "started".into(),
                    direction: "inbound".into(),
                    start_time: None,
                    end_time: None,
                    duration: None,
                },
                to_text: to.to_owned(),
                from_text: PHONE_NUMBER.to_owned(),
                ncco: None,
                answer: Some(answer),
                event: hook(WebhookName::EventUrl),
                ringing_timer: Duration::from_secs(60),
                length_timer: Duration::from_secs(7200),
                machine_detection: None,
            },
        );
        Ok(uuid)
    }

    /// The virtual phone presses `digits` in live call `uuid`; false when it is not live.
    #[must_use]
    pub fn press(&self, uuid: &str, digits: &str) -> bool {
        self.calls
            .control(uuid, Control::PhoneKeys(digits.to_owned()))
    }

    /// The virtual phone says `text` in live call `uuid` (an `input` listening for speech
    /// hears it word for word); false when it is not live.
    #[must_use]
    pub fn say(&self, uuid: &str, text: &str) -> bool {
        self.calls
            .control(uuid, Control::PhoneSays(text.to_owned()))
    }

    /// The virtual phone hangs up call `uuid`; false when it is not live.
    #[must_use]
    pub fn hang_up(&self, uuid: &str) -> bool {
        self.calls.control(uuid, Control::PhoneHangUp)
    }
}

/// The Sandbox's HTTP surface.
pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .merge(applications::routes())
        .merge(calls::api::routes())
        .fallback(problem::not_found)
        .with_state(state)
}

/// A Sandbox serving on a local address until dropped.
#[derive(Debug)]
pub struct RunningSandbox {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, to inspect in tests.
    pub state: Arc<SandboxState>,
    task: tokio::task::JoinHandle<()>,
    scheme: &'static str,
}

impl RunningSandbox {
    /// The base URL to give clients, e.g. `http://127.0.0.1:4321` (`https://` with TLS).
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `account`'s platform on `addr` (port 0 for any free port).
///
/// # Errors
/// The bind error.
pub async fn serve(addr: SocketAddr, account: SandboxAccount) -> std::io::Result<RunningSandbox> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SandboxState::new(account));
    let _ = state.base_url.set(format!("http://{addr}"));
    let app = router(state.clone());
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::warn!(%error, "the sandbox stopped");
        }
    });
    Ok(RunningSandbox {
        addr,
        state,
        task,
        scheme: "http",
    })
}

/// Serves `account`'s platform over https on `addr` with `tls`'s certificate; its base
/// URL (and every link and recording URL it gives) is `https://…`.
///
/// # Errors
/// The bind error.
pub async fn serve_tls(
    addr: SocketAddr,
    account: SandboxAccount,
    tls: &tls::Tls,
) -> std::io::Result<RunningSandbox> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SandboxState::new(account));
    let _ = state.base_url.set(format!("https://{addr}"));
    let app = router(state.clone());
    let acceptor = tokio_rustls::TlsAcceptor::from(tls.server_config());
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A client that does not trust the certificate just fails its handshake.
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper_util::server::conn::auto::Builder::new(
                    hyper_util::rt::TokioExecutor::new(),
                )
                .serve_connection_with_upgrades(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            });
        }
    });
    Ok(RunningSandbox {
        addr,
        state,
        task,
        scheme: "https",
    })
}
