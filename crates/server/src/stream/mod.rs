//! The call-audio WebSocket (`docs/vonage.md` §7): Vonage connects as the client,
//! sends one text message (`websocket:connected`, the content type, the custom headers
//! flattened), then 16-bit linear PCM in 20 ms binary frames (320 bytes at 8 kHz, 640
//! at 16 kHz, 960 at 24 kHz), and `websocket:dtmf` text messages for key presses.
//!
//! A session checks every frame against the announced rate (a frame of another size is
//! counted and reported, never fatal), notes cadence gaps, the level and key presses,
//! optionally records to WAV, and can answer with silence, an echo or a test tone,
//! paced at 20 ms as Vonage requires. Its state goes to a [`StreamSink`] when it opens,
//! about once a second while it runs, and when it ends. When the profile forwards the
//! stream route, [`proxy`] passes the socket on to the user's backend instead, with the
//! same analysis of what Vonage sends.
//!
//! Vonage's messages are small (a first message of a few kB, frames of at most 960
//! bytes), so a message over [`MAX_MESSAGE`] closes the socket with 1009 ("message too
//! big") before it is read into memory.

mod analysis;
mod proxy;
mod reply;
mod taps;

pub use reply::{AudioReply, SharedReply};
pub use taps::Taps;

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::{
    extract::{
        Path, State,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    http::HeaderMap,
    response::Response,
};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Route, forward::Forwarding};
use analysis::Analysis;

/// Time without any message after which a session is closed as stuck.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest WebSocket message (and frame) accepted from the caller's side.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// What a session tells the other side when a message is over [`MAX_MESSAGE`].
const TOO_BIG: &str = "message too big: Callboard takes WebSocket messages up to 64 KiB";

/// Whether `error` is a message over [`MAX_MESSAGE`] (tungstenite's capacity error).
fn is_too_big(error: axum::Error) -> bool {
    error
        .into_inner()
        .downcast_ref::<tokio_tungstenite::tungstenite::Error>()
        .is_some_and(|e| matches!(e, tokio_tungstenite::tungstenite::Error::Capacity(_)))
}

/// The close frame for a message over [`MAX_MESSAGE`].
fn too_big_frame() -> axum::extract::ws::CloseFrame {
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
impl StreamSink for crate::Discard {
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

pub(crate) async fn upgrade<K: StreamSink>(
    State(state): State<StreamState<K>>,
    uuid: Option<Path<String>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    upgrade: WebSocketUpgrade,
) -> Response {
    let call = uuid.map(|Path(uuid)| uuid).unwrap_or_default();
    let upgrade = upgrade
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE);
    if let Some(base) = state.forward.target_for(Route::Stream) {
        return proxy::open(upgrade, &base, &uri, &headers, call, state).await;
    }
    upgrade.on_upgrade(move |socket| run(socket, call, state))
}

pub use callboard_vonage::audio::frame_bytes;

/// One message as it arrives on the call-audio WebSocket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamMessage {
    /// A text message (the first message, DTMF, …).
    Text(String),
    /// An audio frame.
    Binary(Vec<u8>),
}

/// Runs a session's analysis over `messages` as if they had arrived on a socket for
/// `call_uuid`, without one: what fuzzing and property tests drive. Returns the session
/// as it ended.
pub async fn analyse<K: StreamSink>(
    call_uuid: String,
    options: &StreamOptions,
    messages: impl IntoIterator<Item = StreamMessage>,
    sink: &K,
) -> StreamSession {
    let mut analysis = Analysis::open(call_uuid, options, Taps::default(), sink).await;
    for message in messages {
        match message {
            StreamMessage::Text(text) => analysis.text(&text, sink).await,
            StreamMessage::Binary(frame) => analysis.frame(&frame, sink).await,
        }
    }
    analysis.finish(sink).await
}

fn level(frame: &[u8]) -> f64 {
    let samples = frame.len() / 2;
    if samples == 0 {
        return -96.0;
    }
    let sum: f64 = frame
        .chunks_exact(2)
        .map(|pair| f64::from(i16::from_le_bytes([pair[0], pair[1]])) / 32768.0)
        .map(|s| s * s)
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let rms = (sum / samples as f64).sqrt();
    if rms <= 0.0 {
        -96.0
    } else {
        (20.0 * rms.log10()).max(-96.0)
    }
}

async fn run<K: StreamSink>(mut socket: WebSocket, call_uuid: String, state: StreamState<K>) {
    let sink = state.sink.as_ref();
    let mut analysis = Analysis::open(call_uuid, &state.options, state.taps.clone(), sink).await;
    let reply = state.options.reply.get();
    let mut source: Option<reply::Source> = None;
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);

    loop {
        let message = tokio::select! {
            message = tokio::time::timeout(IDLE_TIMEOUT, socket.recv()) => match message {
                Err(_) => {
                    analysis.note(format!("Nothing arrived for {} s; the session was closed.", IDLE_TIMEOUT.as_secs()));
                    break;
                }
                Ok(Some(Err(error))) => {
                    if is_too_big(error) {
                        analysis.note(format!("A message over {} KiB arrived; the socket was closed with 1009.", MAX_MESSAGE / 1024));
                        let _ = socket.send(Message::Close(Some(too_big_frame()))).await;
                    }
                    break;
                }
                Ok(None) => break,
                Ok(Some(Ok(message))) => message,
            },
            _ = pace.tick(), if source.is_some() => {
                let rate = analysis.session.sample_rate.unwrap_or(16_000);
                let Some(frame) = source.as_mut().and_then(|s| s.next_frame(rate)) else { continue };
                analysis.sent(&frame);
                if socket.send(Message::Binary(frame.into())).await.is_err() {
                    break;
                }
                continue;
            }
        };
        match message {
            Message::Text(text) => {
                analysis.text(text.as_str(), sink).await;
                if source.is_none()
                    && let Some(rate) = analysis.session.sample_rate
                {
                    match reply::Source::new(&reply, rate) {
                        Ok(started) => source = started,
                        Err(why) => analysis.note(format!("No reply is sent: {why}")),
                    }
                }
            }
            Message::Binary(frame) => {
                if let Some(source) = source.as_mut() {
                    source.heard(&frame);
                }
                analysis.frame(&frame, sink).await;
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    let _ = analysis.finish(sink).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_in_dbfs() {
        assert!((level(&vec![0; 640]) - -96.0).abs() < f64::EPSILON);
        let mut phase = 0.0;
        let tone = callboard_vonage::audio::tone_frame(16_000, &mut phase);
        assert_eq!(tone.len(), 640);
        let db = level(&tone);
        assert!(
            (-16.0..-14.0).contains(&db),
            "a sine at a quarter of full scale is about -15 dBFS: {db}"
        );
    }
}
