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
mod session;
mod taps;

pub use reply::{AudioReply, SharedReply};
pub(crate) use session::StreamState;
pub use session::{IDLE_TIMEOUT, MAX_MESSAGE, StreamOptions, StreamSession, StreamSink};
pub use taps::Taps;

use std::time::Duration;

use crate::capture::Route;
use analysis::Analysis;
use axum::{
    extract::{
        Path, State,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    http::HeaderMap,
    response::Response,
};
use session::{is_too_big, too_big_frame};

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
