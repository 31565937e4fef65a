//! What a stream session learns from the messages Vonage sends: the first message, frame
//! sizes against the announced rate, cadence gaps, level, key presses, and the WAV
//! recordings (what the caller sent, and what went back into the call). The same
//! analysis runs whether the listener answers the stream itself or passes it on to the
//! user's backend.
//!
//! Whatever arrives is hostile until proven otherwise, so nothing here grows without a
//! bound: only Vonage's rates (8, 16 and 24 kHz) are recorded or answered, only the first
//! `websocket:connected` opens a recording, key presses are single DTMF characters kept
//! up to [`MAX_DTMF`], and notes stop at [`MAX_NOTES`] with a count of those dropped.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::{
    session::{StreamOptions, StreamSession, StreamSink},
    taps::Taps,
};
use crate::capture::now_ms;
use callboard_vonage::audio::frame_bytes;

type Recording = hound::WavWriter<std::io::BufWriter<std::fs::File>>;

/// The most notes a session keeps; past it they are counted, not kept.
pub const MAX_NOTES: usize = 32;

/// The most key presses a session keeps (Vonage sends one `websocket:dtmf` per key).
pub const MAX_DTMF: usize = 256;

/// One session's running analysis.
pub(crate) struct Analysis {
    pub(crate) session: StreamSession,
    writer: Option<Recording>,
    sent_writer: Option<Recording>,
    last_frame: Option<Instant>,
    last_report: Instant,
    record_dir: Option<std::path::PathBuf>,
    taps: Taps,
    connected: bool,
    notes_dropped: u64,
    keys_dropped: u64,
}

impl Analysis {
    /// Opens a session for `call_uuid` and reports it.
    pub(crate) async fn open<K: StreamSink>(
        call_uuid: String,
        options: &StreamOptions,
        taps: Taps,
        sink: &K,
    ) -> Self {
        let session = StreamSession {
            id: session_id(),
            call_uuid,
            started_at_ms: now_ms(),
            ended_at_ms: None,
            content_type: None,
            sample_rate: None,
            headers: Map::new(),
            frames: 0,
            frames_sent: 0,
            mis_sized_frames: 0,
            last_mis_sized: None,
            gaps: 0,
            longest_gap_ms: 0,
            level_dbfs: -96.0,
            dtmf: String::new(),
            notes: Vec::new(),
            recording: None,
            recording_sent: None,
            forwarded_to: None,
        };
        taps.open(&session.id);
        sink.update(&session).await;
        Self {
            session,
            writer: None,
            sent_writer: None,
            last_frame: None,
            last_report: Instant::now(),
            record_dir: options.record_dir.clone(),
            taps,
            connected: false,
            notes_dropped: 0,
            keys_dropped: 0,
        }
    }

    /// Takes in a text message from Vonage; reports the session when the first message
    /// changed what it knows.
    pub(crate) async fn text<K: StreamSink>(&mut self, text: &str, sink: &K) {
        let parsed: Option<Map<String, Value>> = serde_json::from_str(text).ok();
        let event = parsed
            .as_ref()
            .and_then(|m| m.get("event"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match (event.as_str(), parsed) {
            ("websocket:connected", Some(_)) if self.connected => {
                self.note("Another websocket:connected message arrived on the same socket; only the first one counts.".into());
            }
            ("websocket:connected", Some(first)) => {
                self.first_message(first);
                sink.update(&self.session).await;
            }
            ("websocket:dtmf", Some(message)) => {
                self.key(message.get("digit").and_then(Value::as_str));
            }
            // Vonage's answers to the application's `clear` and `notify` commands.
            ("websocket:cleared" | "websocket:notify", Some(_)) => {}
            _ => self.note(format!(
                "A text message Callboard does not know: {}",
                truncate(text)
            )),
        }
    }

    /// Keeps `note`, unless [`MAX_NOTES`] are kept already; then the last note counts
    /// the ones dropped.
    pub(crate) fn note(&mut self, note: String) {
        let notes = &mut self.session.notes;
        if notes.len() < MAX_NOTES - 1 {
            notes.push(note);
            return;
        }
        self.notes_dropped += 1;
        notes.truncate(MAX_NOTES - 1);
        notes.push(format!(
            "{} more notes were not kept (a session keeps {MAX_NOTES}).",
            self.notes_dropped
        ));
    }

    /// Takes in one `websocket:dtmf` digit: a single DTMF character, or a note.
    fn key(&mut self, digit: Option<&str>) {
        let mut chars = digit.unwrap_or_default().chars();
        let (Some(key), None) = (chars.next(), chars.next()) else {
            self.note(format!(
                "A websocket:dtmf message whose digit is not one key: {:?}",
                truncate(digit.unwrap_or_default())
            ));
            return;
        };
        if !matches!(key, '0'..='9' | '*' | '#' | 'A'..='D' | 'a'..='d') {
            self.note(format!(
                "A websocket:dtmf message with {key:?}, which is not a DTMF key."
            ));
            return;
        }
        if self.session.dtmf.len() < MAX_DTMF {
            self.session.dtmf.push(key);
            return;
        }
        self.keys_dropped += 1;
        if self.keys_dropped == 1 {
            self.note(format!(
                "More than {MAX_DTMF} key presses; the rest were not kept."
            ));
        }
    }

    fn first_message(&mut self, mut first: Map<String, Value>) {
        first.remove("event");
        let content_type = first
            .remove("content-type")
            .and_then(|v| v.as_str().map(str::to_owned));
        // Only a rate Vonage uses is believed: anything else would size the WAV header,
        // the frame checks and the reply's buffers from an attacker's number.
        let rate = content_type
            .as_deref()
            .and_then(callboard_vonage::audio::rate_of)
            .filter(|r| callboard_vonage::audio::RATES.contains(r));
        if rate.is_none() {
            self.note(format!(
                "The content type {:?} is not audio/l16 at 8000, 16000 or 24000 Hz, so nothing is recorded or sent back.",
                content_type.as_deref().map(truncate).unwrap_or_default()
            ));
        }
        self.connected = true;
        self.session.content_type = content_type;
        self.session.sample_rate = rate;
        self.session.headers = first;
        if let Some(rate) = rate
            && let Some((writer, path)) = self.create_recording("", rate)
        {
            self.writer = Some(writer);
            self.session.recording = Some(path);
        }
    }

    /// A WAV file for this session in the recording directory, if recording.
    fn create_recording(&mut self, suffix: &str, rate: u32) -> Option<(Recording, String)> {
        let dir = self.record_dir.as_ref()?;
        let path = dir.join(format!(
            "{}-{}{suffix}.wav",
            sanitize(&self.session.call_uuid),
            self.session.id
        ));
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        match hound::WavWriter::create(&path, spec) {
            Ok(created) => Some((created, path.display().to_string())),
            Err(error) => {
                self.note(format!("Recording could not start: {error}."));
                None
            }
        }
    }

    /// Takes in a frame sent back into the call (by the listener's reply or the backend),
    /// recorded to its own WAV file once the rate is known.
    pub(crate) fn sent(&mut self, frame: &[u8]) {
        self.session.frames_sent += 1;
        let Some(rate) = self.session.sample_rate else {
            return;
        };
        if self.session.recording_sent.is_none()
            && self.sent_writer.is_none()
            && let Some((writer, path)) = self.create_recording("-sent", rate)
        {
            self.sent_writer = Some(writer);
            self.session.recording_sent = Some(path);
        }
        if let Some(wav) = self.sent_writer.as_mut()
            && !write_frame(wav, frame)
        {
            self.note("Recording stopped: the disk refused a write.".into());
            self.sent_writer = None;
        }
    }

    /// Takes in an audio frame from Vonage; reports the session about once a second.
    pub(crate) async fn frame<K: StreamSink>(&mut self, frame: &[u8], sink: &K) {
        let now = Instant::now();
        if !self.connected && self.session.frames == 0 {
            self.note("Audio arrived before the websocket:connected message.".into());
        }
        let session = &mut self.session;
        session.frames += 1;
        if let Some(previous) = self.last_frame {
            let gap = u64::try_from(now.duration_since(previous).as_millis()).unwrap_or(u64::MAX);
            if gap > 40 {
                session.gaps += 1;
            }
            session.longest_gap_ms = session.longest_gap_ms.max(gap);
        }
        self.last_frame = Some(now);
        session.level_dbfs = level(frame);
        if let Some(rate) = session.sample_rate {
            let expected = frame_bytes(rate);
            if frame.len() != expected {
                session.mis_sized_frames += 1;
                let first = session.last_mis_sized.is_none();
                session.last_mis_sized = Some((frame.len(), expected));
                if first {
                    self.note(format!(
                        "Frames of {} bytes arrive, but {rate} Hz audio comes in 20 ms frames of {expected} bytes; check the content type.",
                        frame.len(),
                    ));
                }
            }
        }
        if let Some(wav) = self.writer.as_mut()
            && !write_frame(wav, frame)
        {
            self.note("Recording stopped: the disk refused a write.".into());
            self.writer = None;
        }
        self.taps.publish(&self.session.id, frame);
        if self.last_report.elapsed() >= Duration::from_secs(1) {
            self.last_report = Instant::now();
            sink.update(&self.session).await;
        }
    }

    /// Closes the recording and reports the session as ended; the session as it ended.
    pub(crate) async fn finish<K: StreamSink>(mut self, sink: &K) -> StreamSession {
        for wav in [self.writer.take(), self.sent_writer.take()]
            .into_iter()
            .flatten()
        {
            if let Err(error) = wav.finalize() {
                self.note(format!("The recording could not be finished: {error}."));
            }
        }
        self.taps.close(&self.session.id);
        self.session.ended_at_ms = Some(now_ms());
        sink.update(&self.session).await;
        self.session
    }
}

/// Writes a frame's 16-bit samples; false when the disk refused.
fn write_frame(wav: &mut Recording, frame: &[u8]) -> bool {
    frame.chunks_exact(2).all(|pair| {
        wav.write_sample(i16::from_le_bytes([pair[0], pair[1]]))
            .is_ok()
    })
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

fn session_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("s{}-{}", now_ms(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A frame's level in dBFS (silence is -96).
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
