//! The call-audio WebSocket (`reference/vonage.md` §7): Vonage connects as the client,
//! sends one text message (`websocket:connected`, the content type, the custom headers
//! flattened), then 16-bit linear PCM in 20 ms binary frames (320 bytes at 8 kHz, 640
//! at 16 kHz, 960 at 24 kHz), and `websocket:dtmf` text messages for key presses.
//!
//! A session checks every frame against the announced rate (a frame of another size is
//! counted and reported, never fatal), notes cadence gaps, the level and key presses,
//! optionally records to WAV, and can answer with silence, an echo or a test tone,
//! paced at 20 ms as Vonage requires. Its state goes to a [`StreamSink`] when it opens,
//! about once a second while it runs, and when it ends.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    extract::{
        Path, State,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    response::Response,
};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::capture::now_ms;

/// Time without any message after which a session is closed as stuck.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the listener sends back into the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AudioReply {
    /// Nothing.
    #[default]
    None,
    /// Silence, 20 ms at a time.
    Silence,
    /// Every frame received, straight back.
    Echo,
    /// A 440 Hz tone at -12 dBFS.
    Tone,
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
    /// The WAV file being written, if recording.
    pub recording: Option<String>,
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
    /// What to send back.
    pub reply: AudioReply,
}

pub(crate) struct StreamState<K> {
    pub(crate) sink: Arc<K>,
    pub(crate) options: StreamOptions,
}

impl<K> Clone for StreamState<K> {
    fn clone(&self) -> Self {
        Self {
            sink: self.sink.clone(),
            options: self.options.clone(),
        }
    }
}

pub(crate) async fn upgrade<K: StreamSink>(
    State(state): State<StreamState<K>>,
    uuid: Option<Path<String>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let call = uuid.map(|Path(uuid)| uuid).unwrap_or_default();
    upgrade.on_upgrade(move |socket| run(socket, call, state))
}

/// Bytes in one 20 ms frame of 16-bit mono at `rate`.
#[must_use]
pub fn frame_bytes(rate: u32) -> usize {
    usize::try_from(rate / 50 * 2).unwrap_or(0)
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

fn tone_frame(rate: u32, phase: &mut f64) -> Vec<u8> {
    let samples = rate / 50;
    let step = 2.0 * std::f64::consts::PI * 440.0 / f64::from(rate);
    let mut frame = Vec::with_capacity(frame_bytes(rate));
    for _ in 0..samples {
        #[allow(clippy::cast_possible_truncation)]
        let sample = (phase.sin() * 8192.0) as i16;
        frame.extend_from_slice(&sample.to_le_bytes());
        *phase = (*phase + step) % (2.0 * std::f64::consts::PI);
    }
    frame
}

async fn run<K: StreamSink>(mut socket: WebSocket, call_uuid: String, state: StreamState<K>) {
    let mut session = StreamSession {
        id: uuid_like(),
        call_uuid,
        started_at_ms: now_ms(),
        ended_at_ms: None,
        content_type: None,
        sample_rate: None,
        headers: Map::new(),
        frames: 0,
        mis_sized_frames: 0,
        last_mis_sized: None,
        gaps: 0,
        longest_gap_ms: 0,
        level_dbfs: -96.0,
        dtmf: String::new(),
        notes: Vec::new(),
        recording: None,
    };
    state.sink.update(&session).await;
    let mut writer: Option<hound::WavWriter<std::io::BufWriter<std::fs::File>>> = None;
    let mut last_frame: Option<Instant> = None;
    let mut last_report = Instant::now();
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut phase = 0.0;
    let mut echo: std::collections::VecDeque<Vec<u8>> = std::collections::VecDeque::new();

    loop {
        let message = tokio::select! {
            message = tokio::time::timeout(IDLE_TIMEOUT, socket.recv()) => match message {
                Err(_) => {
                    session.notes.push(format!("Nothing arrived for {} s; the session was closed.", IDLE_TIMEOUT.as_secs()));
                    break;
                }
                Ok(None | Some(Err(_))) => break,
                Ok(Some(Ok(message))) => message,
            },
            _ = pace.tick(), if state.options.reply != AudioReply::None && session.sample_rate.is_some() => {
                let rate = session.sample_rate.unwrap_or(16_000);
                let frame = match state.options.reply {
                    AudioReply::Silence => vec![0; frame_bytes(rate)],
                    AudioReply::Tone => tone_frame(rate, &mut phase),
                    AudioReply::Echo => match echo.pop_front() { Some(frame) => frame, None => continue },
                    AudioReply::None => continue,
                };
                if socket.send(Message::Binary(frame.into())).await.is_err() {
                    break;
                }
                continue;
            }
        };
        match message {
            Message::Text(text) => {
                let parsed: Option<Map<String, Value>> = serde_json::from_str(text.as_str()).ok();
                let event = parsed
                    .as_ref()
                    .and_then(|m| m.get("event"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                match (event.as_str(), parsed) {
                    ("websocket:connected", Some(mut first)) => {
                        first.remove("event");
                        let content_type = first
                            .remove("content-type")
                            .and_then(|v| v.as_str().map(str::to_owned));
                        let rate = content_type
                            .as_deref()
                            .and_then(|c| c.split(';').find_map(|p| p.trim().strip_prefix("rate=")))
                            .and_then(|r| r.parse::<u32>().ok());
                        if !matches!(rate, Some(8000 | 16_000 | 24_000)) {
                            session.notes.push(format!(
                                "The content type {content_type:?} is not audio/l16 at 8000, 16000 or 24000 Hz."
                            ));
                        }
                        session.content_type = content_type;
                        session.sample_rate = rate;
                        session.headers = first;
                        if let (Some(dir), Some(rate)) = (&state.options.record_dir, rate) {
                            let path = dir.join(format!(
                                "{}-{}.wav",
                                sanitize(&session.call_uuid),
                                session.id
                            ));
                            let spec = hound::WavSpec {
                                channels: 1,
                                sample_rate: rate,
                                bits_per_sample: 16,
                                sample_format: hound::SampleFormat::Int,
                            };
                            match hound::WavWriter::create(&path, spec) {
                                Ok(created) => {
                                    writer = Some(created);
                                    session.recording = Some(path.display().to_string());
                                }
                                Err(error) => session
                                    .notes
                                    .push(format!("Recording could not start: {error}.")),
                            }
                        }
                        state.sink.update(&session).await;
                    }
                    ("websocket:dtmf", Some(message)) => {
                        if let Some(digit) = message.get("digit").and_then(Value::as_str) {
                            session.dtmf.push_str(digit);
                        }
                    }
                    _ => session.notes.push(format!(
                        "A text message Callboard does not know: {}",
                        truncate(text.as_str())
                    )),
                }
            }
            Message::Binary(frame) => {
                let now = Instant::now();
                if session.content_type.is_none() && session.frames == 0 {
                    session
                        .notes
                        .push("Audio arrived before the websocket:connected message.".into());
                }
                session.frames += 1;
                if let Some(previous) = last_frame {
                    let gap =
                        u64::try_from(now.duration_since(previous).as_millis()).unwrap_or(u64::MAX);
                    if gap > 40 {
                        session.gaps += 1;
                    }
                    session.longest_gap_ms = session.longest_gap_ms.max(gap);
                }
                last_frame = Some(now);
                if let Some(rate) = session.sample_rate {
                    let expected = frame_bytes(rate);
                    if frame.len() != expected {
                        session.mis_sized_frames += 1;
                        if session.last_mis_sized.is_none() {
                            session.notes.push(format!(
                                "Frames of {} bytes arrive, but {} Hz audio comes in 20 ms frames of {expected} bytes; check the content type.",
                                frame.len(),
                                rate
                            ));
                        }
                        session.last_mis_sized = Some((frame.len(), expected));
                    }
                }
                session.level_dbfs = level(&frame);
                if let Some(wav) = writer.as_mut() {
                    for pair in frame.chunks_exact(2) {
                        if wav
                            .write_sample(i16::from_le_bytes([pair[0], pair[1]]))
                            .is_err()
                        {
                            session
                                .notes
                                .push("Recording stopped: the disk refused a write.".into());
                            writer = None;
                            break;
                        }
                    }
                }
                if state.options.reply == AudioReply::Echo && echo.len() < 3072 {
                    echo.push_back(frame.to_vec());
                }
                if last_report.elapsed() >= Duration::from_secs(1) {
                    last_report = Instant::now();
                    state.sink.update(&session).await;
                }
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    if let Some(wav) = writer.take()
        && let Err(error) = wav.finalize()
    {
        session
            .notes
            .push(format!("The recording could not be finished: {error}."));
    }
    session.ended_at_ms = Some(now_ms());
    state.sink.update(&session).await;
}

fn truncate(text: &str) -> String {
    text.chars().take(120).collect()
}

fn sanitize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    if cleaned.is_empty() {
        "call".into()
    } else {
        cleaned
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("s{}-{}", now_ms(), NEXT.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_sizes_follow_the_rate() {
        assert_eq!(
            [frame_bytes(8000), frame_bytes(16_000), frame_bytes(24_000)],
            [320, 640, 960]
        );
    }

    #[test]
    fn levels_are_in_dbfs() {
        assert!((level(&vec![0; 640]) - -96.0).abs() < f64::EPSILON);
        let mut phase = 0.0;
        let tone = tone_frame(16_000, &mut phase);
        assert_eq!(tone.len(), 640);
        let db = level(&tone);
        assert!(
            (-16.0..-14.0).contains(&db),
            "a sine at a quarter of full scale is about -15 dBFS: {db}"
        );
    }
}
