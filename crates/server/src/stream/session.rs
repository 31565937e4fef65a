//! A call-audio WebSocket session's plain parts, shared by the listener's own handling
//! ([`super::run`]), its analysis and the pass-through to a backend: the limits, the
//! session as reported, where it is reported, and the route's options.

use std::{path::PathBuf, sync::Arc, time::Duration};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{reply::SharedReply, taps::Taps};
use crate::forward::Forwarding;

/// Time without any message after which a session is closed as stuck.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest WebSocket message (and frame) accepted from the caller's side.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// What a session tells the other side when a message is over [`MAX_MESSAGE`].
const TOO_BIG: &str = "message too big: Callboard takes WebSocket messages up to 64 KiB";

/// Whether `error` is a message over [`MAX_MESSAGE`] (tungstenite's capacity error).
pub(super) fn is_too_big(error: axum::Error) -> bool {
    error
        .into_inner()
        .downcast_ref::<tokio_tungstenite::tungstenite::Error>()
        .is_some_and(|e| matches!(e, tokio_tungstenite::tungstenite::Error::Capacity(_)))
}

/// The close frame for a message over [`MAX_MESSAGE`].
pub(super) fn too_big_frame() -> axum::extract::ws::CloseFrame {
    axum::extract::ws::CloseFrame {
        code: axum::extract::ws::close_code::SIZE,
        reason: TOO_BIG.into(),
    }
}

/// A stream session as it is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamSession {
    /// A unique id for the session.
    pub id: String,
    /// The call leg, from the path.
    pub call_uuid: String,
    /// When it opened, milliseconds since 1970.
    pub started_at_ms: i64,
    /// When it ended, if it has.
    pub ended_at_ms: Option<i64>,
    /// The content type the first message announced.
    pub content_type: Option<String>,
    /// The sample rate it announced.
    pub sample_rate: Option<u32>,
    /// The other fields of the first message (the NCCO's custom headers).
    pub headers: Map<String, Value>,
    /// Audio frames received.
    pub frames: u64,
    /// Audio frames sent back into the call (by the listener's reply or the backend).
    pub frames_sent: u64,
    /// Frames whose size did not match the announced rate.
    pub mis_sized_frames: u64,
    /// The size of the last mis-sized frame, and what it should have been.
    pub last_mis_sized: Option<(usize, usize)>,
    /// Pauses of more than two frame times between frames.
    pub gaps: u64,
    /// The longest pause between frames, ms.
    pub longest_gap_ms: u64,
    /// The level of the last frame, dBFS (-inf for silence is reported as -96).
    pub level_dbfs: f64,
    /// Key presses, in order.
    pub dtmf: String,
    /// Problems noticed, in words.
    pub notes: Vec<String>,
    /// The WAV file of what the caller sent, if recording.
    pub recording: Option<String>,
    /// The WAV file of what went back into the call, if recording and anything did.
    pub recording_sent: Option<String>,
    /// The backend WebSocket the session was passed on to, when forwarded.
    pub forwarded_to: Option<String>,
}

/// Where stream sessions are reported (SQLite in the app, standard output in the CLI).
pub trait StreamSink: Send + Sync + 'static {
    /// Called when the session opens, about once a second, and when it ends.
    fn update(&self, session: &StreamSession) -> impl std::future::Future<Output = ()> + Send;
}

/// A sink that keeps nothing.
impl StreamSink for crate::capture::Discard {
    async fn update(&self, _session: &StreamSession) {}
}

/// How the stream route behaves.
#[derive(Debug, Clone, Default)]
pub struct StreamOptions {
    /// Where WAV recordings go (no recording when `None`).
    pub record_dir: Option<PathBuf>,
    /// What to send back (read when a session opens).
    pub reply: SharedReply,
}

pub(crate) struct StreamState<K> {
    pub(crate) sink: Arc<K>,
    pub(crate) options: StreamOptions,
    pub(crate) taps: Taps,
    pub(crate) forward: Forwarding,
}

impl<K> Clone for StreamState<K> {
    fn clone(&self) -> Self {
        Self {
            sink: self.sink.clone(),
            options: self.options.clone(),
            taps: self.taps.clone(),
            forward: self.forward.clone(),
        }
    }
}
