//! The App's use cases for the Inspector: what the listener kept, listed, exported,
//! replayed and pruned; stream sessions listened to and their recordings; the listener's
//! settings.

use super::{App, AppState};
use crate::{
    error::CoreError,
    events::CoreEvent,
    exchange_export::{self, ExportFormat},
    exchanges::{
        self, ExchangeDetail, ExchangeFilter, ExchangeSummary, RecordingSide, ReplayTarget,
        StreamView,
    },
    id::Id,
    listener::{ListenerSettings, ListenerStatus},
    profiles,
};

/// Request headers a replay does not send again: the connection's own, and
/// `Authorization`, which was never kept.
const REPLAY_SKIPS: [&str; 5] = [
    "host",
    "content-length",
    "authorization",
    "connection",
    "transfer-encoding",
];

impl App {
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
        let (text, count) = exchange_export::export(&self.db.lock(), filter, format, &secrets)?;
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
        body: Option<&str>,
        to: ReplayTarget,
    ) -> Result<ExchangeSummary, CoreError> {
        let body = body.map(str::to_owned);
        let original = self.inspector_get(id)?;
        if to == ReplayTarget::Backend {
            return self.replay_to_backend(original, body).await;
        }
        let ListenerStatus::Running { address, .. } = self.listener.status().await else {
            return Err(CoreError::not_now(
                "the listener is not running, so there is nothing to replay to",
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
                CoreError::input(format!("{} cannot be replayed", original.summary.method))
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
            CoreError::unreached(
                format!(
                    "the replay did not reach the listener: {}",
                    callboard_vonage::unreached::explain(&e)
                ),
                &e,
            )
        })?;
        // The capture layer kept the replay before it answered it.
        exchanges::find_marked(&self.db.lock(), &mark)?
            .ok_or_else(|| CoreError::input("the replay was not kept".into()))
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
                    CoreError::first(
                        format!("Set your backend's address in Forwarding first. {why}"),
                        "inspector",
                    )
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
            .map_err(|e| CoreError::input(format!("this exchange cannot be replayed: {e}")))?;
        let _ = tower::ServiceExt::oneshot(app, request).await;
        exchanges::find_marked(&self.db.lock(), &mark)?
            .ok_or_else(|| CoreError::input("the replay was not kept".into()))
    }

    /// Starts listening to a live stream session: its incoming frames (16-bit PCM at the
    /// session's rate) arrive on the receiver until the session ends.
    ///
    /// # Errors
    /// [`CoreError::NotReady`] when the session is not live.
    pub fn stream_listen(
        &self,
        session_id: &str,
    ) -> Result<tokio::sync::mpsc::Receiver<Vec<u8>>, CoreError> {
        self.listener.taps().listen(session_id).ok_or_else(|| {
            CoreError::not_now(
                "This stream has ended; only a live stream can be listened to. Play its recording instead.",
            )
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
        std::fs::read(&path)
            .map_err(|e| CoreError::input(format!("The recording {path} cannot be read: {e}.")))
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
            CoreError::input(match side {
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
}
