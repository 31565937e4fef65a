//! The audio of a Sandbox call, apart from the call's course: audio files fetched and
//! played into the call (to the phone's speaker, in real time), the Voice API's stream,
//! a recording taking the call's audio 20 ms at a time (a WAV of the whole call, served
//! at `/v1/files/{id}` behind a JWT), and what the phone sends into a call. The
//! engine's `record` and `connect` actions (`engine/record.rs`, `engine/connect.rs`)
//! use these.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use callboard_vonage::audio::{decode_wav, frame_bytes, load_wav, tone_frame};
use tokio::time::Instant;

use super::{
    clock::timestamp,
    hooks::Hook,
    lock,
    mixing::{CallAudio, PLAYED_RATE, add_samples, to_bytes, to_samples},
};
use crate::phone::{HeardAudio, PhoneAudio, PhoneEvent, VirtualPhone};

/// The rate recordings are made at (Vonage's WAV recordings are 16-bit, 16 kHz, mono).
pub(crate) const RECORDING_RATE: u32 = PLAYED_RATE;

/// How long an audio file whose length cannot be read is taken to play.
const UNKNOWN_AUDIO_LENGTH: Duration = Duration::from_secs(2);

/// The audio file at `url`, played into call `leg` (a `stream` action, the Voice API's
/// stream, music on hold), fetched: the phone is told of it, and of why it cannot be
/// played if it cannot. A WAV's samples at [`PLAYED_RATE`] and its length; anything else
/// (an MP3, or a file that cannot be fetched) no samples and two seconds.
pub(crate) async fn fetch_audio(
    http: &reqwest::Client,
    phone: &VirtualPhone,
    leg: &str,
    url: &str,
) -> (Duration, Option<Vec<i16>>) {
    phone.notice(PhoneEvent::Audio {
        call: leg.to_owned(),
        source: url.to_owned(),
    });
    match fetch_wav(http, url).await {
        Ok(samples) => {
            #[allow(clippy::cast_precision_loss)] // at most ten minutes of samples
            let seconds = samples.len() as f64 / f64::from(PLAYED_RATE);
            (Duration::from_secs_f64(seconds), Some(samples))
        }
        Err(reason) => {
            phone.notice(PhoneEvent::Unplayable {
                call: leg.to_owned(),
                source: url.to_owned(),
                reason,
            });
            (UNKNOWN_AUDIO_LENGTH, None)
        }
    }
}

/// A WAV file's samples at [`PLAYED_RATE`], or why there are none.
async fn fetch_wav(http: &reqwest::Client, url: &str) -> Result<Vec<i16>, String> {
    let answer = http
        .get(url)
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|error| format!("{url} could not be fetched: {error}."))?;
    if !answer.status().is_success() {
        return Err(format!("{url} answered {}.", answer.status()));
    }
    let bytes = answer
        .bytes()
        .await
        .map_err(|error| format!("{url} could not be fetched: {error}."))?;
    if !bytes.starts_with(b"RIFF") {
        return Err(format!(
            "{url} is not a WAV file: the Sandbox plays WAV files (Vonage also plays MP3)."
        ));
    }
    match decode_wav(std::io::Cursor::new(bytes), url, PLAYED_RATE) {
        Ok(samples) if samples.is_empty() => Err(format!("{url} holds no audio.")),
        other => other,
    }
}

/// Audio playing into a call: heard by any connected WebSocket, mixed in, and by the
/// phone's speaker (unless earmuffed) in real time, 20 ms at a time.
#[derive(Debug)]
pub(crate) struct Playback {
    id: u64,
    speaker: tokio::task::JoinHandle<()>,
}

impl Playback {
    /// Stops it (when its action ends, or something else plays).
    pub(crate) fn stop(self, audio: &CallAudio) {
        self.speaker.abort();
        audio.stop(Some(self.id));
    }
}

/// Starts `samples` (at [`PLAYED_RATE`]) playing into call `leg` `repeats` times (0:
/// until stopped).
pub(crate) fn play(
    audio: &CallAudio,
    phone: &VirtualPhone,
    leg: String,
    samples: Vec<i16>,
    repeats: u64,
) -> Playback {
    let id = audio.play(samples, repeats);
    let speaker = tokio::spawn(to_speaker(audio.clone(), phone.clone(), leg, id));
    Playback { id, speaker }
}

/// The Voice API's stream into live call `leg`: the file fetched, then played into the
/// call until it ends or is stopped (the returned task is aborted).
pub(crate) fn stream_into_call(
    http: reqwest::Client,
    audio: CallAudio,
    phone: VirtualPhone,
    leg: String,
    (url, repeats): (String, u64),
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let (_, Some(samples)) = fetch_audio(&http, &phone, &leg, &url).await {
            let id = audio.play(samples, repeats);
            to_speaker(audio, phone, leg, id).await;
        }
    })
}

/// Gives the phone's speaker playback `id`, frame by frame, until it is over.
async fn to_speaker(audio: CallAudio, phone: VirtualPhone, leg: String, id: u64) {
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    for index in 0.. {
        pace.tick().await;
        let Some(samples) = audio.frame_of(id, index, PLAYED_RATE) else {
            break;
        };
        if !audio.earmuffed() {
            phone.hear(HeardAudio {
                call: leg.clone(),
                rate: PLAYED_RATE,
                frame: to_bytes(&samples),
            });
        }
    }
}

/// A recording in progress: a task taking the call's audio 20 ms at a time.
#[derive(Debug)]
pub(crate) struct Recording {
    tape: Tape,
    stop: tokio::sync::oneshot::Sender<()>,
    /// The interleaved samples and the channel count, once stopped.
    samples: tokio::task::JoinHandle<(Vec<i16>, u16)>,
    /// Since when the phone has been silent, if it is.
    quiet_since: Arc<Mutex<Option<Instant>>>,
}

/// What a recording is, apart from its audio.
#[derive(Debug)]
pub(crate) struct Tape {
    /// Its file's id.
    pub(crate) id: String,
    /// When it started.
    pub(crate) started: Instant,
    /// When it started, as events write it.
    pub(crate) start_stamp: String,
    /// Where the record event goes.
    pub(crate) hook: Option<Hook>,
    /// Whether to transcribe it (`transcription`), and where to say so if not `hook`.
    pub(crate) transcribe: Option<Option<Hook>>,
}

impl Recording {
    /// Starts recording the call whose audio is `audio` (a `record`, or a `conversation`
    /// with `record: true`): the record event goes to `hook`; `transcribe` when it is to
    /// be transcribed (and where that event goes, if not to `hook`); `split` for two
    /// channels.
    pub(crate) fn start(
        (audio, phone): (&CallAudio, &VirtualPhone),
        hook: Option<Hook>,
        transcribe: Option<Option<Hook>>,
        split: bool,
    ) -> Self {
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let quiet_since = Arc::new(Mutex::new(Some(Instant::now())));
        Self {
            tape: Tape {
                id: uuid::Uuid::new_v4().to_string(),
                started: Instant::now(),
                start_stamp: timestamp(),
                hook,
                transcribe,
            },
            stop,
            samples: tokio::spawn(record_call(
                audio.clone(),
                phone.clone(),
                quiet_since.clone(),
                split,
                stopped,
            )),
            quiet_since,
        }
    }

    /// How long the phone has been silent (or muted).
    pub(crate) fn silent_for(&self) -> Duration {
        lock(&self.quiet_since).map_or(Duration::ZERO, |since| since.elapsed())
    }

    /// Stops it: what it is, its interleaved samples and their channel count.
    pub(crate) async fn stop(self) -> (Tape, Vec<i16>, u16) {
        let _ = self.stop.send(());
        let (samples, channels) = self.samples.await.unwrap_or((Vec::new(), 1));
        (self.tape, samples, channels)
    }
}

/// The loudest sample a frame of "silence" may have (about -50 dBFS).
const SILENCE_PEAK: u16 = 100;

/// The whole call at [`RECORDING_RATE`], in real time until `stopped`: the caller (the
/// phone, silent while muted) and what the caller hears (whatever plays into the call,
/// and what the application sends back over a WebSocket). Mixed to mono; with `split`
/// (`split: conversation`), two channels, the caller left and what it hears right (§3.4).
/// The interleaved samples and the channel count.
async fn record_call(
    audio: CallAudio,
    phone: VirtualPhone,
    quiet_since: Arc<Mutex<Option<Instant>>>,
    split: bool,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) -> (Vec<i16>, u16) {
    let tap = audio.tap_application();
    // Ticks missed under load are caught up (tokio's default), each at its own moment of
    // what plays, so the recording is as long as the call.
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    let mut feed = PhoneFeed::new(phone, audio.clone(), RECORDING_RATE);
    let mut samples = Vec::new();
    loop {
        tokio::select! {
            at = pace.tick() => {
                let mut caller = to_samples(&feed.next_frame());
                let quiet = caller.iter().all(|s| s.unsigned_abs() <= SILENCE_PEAK);
                {
                    let mut since = lock(&quiet_since);
                    match (quiet, *since) {
                        (true, None) => *since = Some(at),
                        (false, Some(_)) => *since = None,
                        _ => {}
                    }
                }
                let mut heard = vec![0; caller.len()];
                if let Some(played) = audio.frame_at(at, RECORDING_RATE) {
                    add_samples(&mut heard, &played);
                }
                add_samples(&mut heard, &audio.take_application(tap, caller.len()));
                if split {
                    samples.extend(caller.iter().zip(&heard).flat_map(|(left, right)| [*left, *right]));
                } else {
                    add_samples(&mut caller, &heard);
                    samples.extend(caller);
                }
            }
            _ = &mut stopped => break,
        }
    }
    audio.untap_application(tap);
    (samples, if split { 2 } else { 1 })
}

/// What the phone sends into a call, 20 ms at a time: its current setting (changed on
/// the phone during the call, it takes effect at once), silence while the call mutes it.
pub(crate) struct PhoneFeed {
    phone: VirtualPhone,
    audio: CallAudio,
    rate: u32,
    sending: PhoneAudio,
    source: PhoneSource,
}

impl PhoneFeed {
    pub(crate) fn new(phone: VirtualPhone, audio: CallAudio, rate: u32) -> Self {
        let sending = phone.audio();
        let source = PhoneSource::new(&sending, rate);
        Self {
            phone,
            audio,
            rate,
            sending,
            source,
        }
    }

    pub(crate) fn next_frame(&mut self) -> Vec<u8> {
        let now_sending = self.phone.audio();
        if now_sending != self.sending {
            self.source = PhoneSource::new(&now_sending, self.rate);
            self.sending = now_sending;
        }
        let mut frame = self.source.next_frame(self.rate);
        if self.audio.muted() {
            frame.fill(0);
        }
        frame
    }
}

/// One setting of what the phone sends, 20 ms at a time.
enum PhoneSource {
    Silence,
    Tone { phase: f64 },
    Samples { samples: Vec<i16>, at: usize },
}

impl PhoneSource {
    /// The source for `audio` at `rate`; silence when its WAV file cannot be played.
    fn new(audio: &PhoneAudio, rate: u32) -> Self {
        match audio {
            PhoneAudio::Silence => Self::Silence,
            PhoneAudio::Tone => Self::Tone { phase: 0.0 },
            PhoneAudio::Wav { path } => match load_wav(std::path::Path::new(path), rate) {
                Ok(samples) => Self::Samples { samples, at: 0 },
                Err(why) => {
                    tracing::warn!(%why, "the phone sends silence instead of its WAV file");
                    Self::Silence
                }
            },
        }
    }

    fn next_frame(&mut self, rate: u32) -> Vec<u8> {
        match self {
            Self::Silence => vec![0; frame_bytes(rate)],
            Self::Tone { phase } => tone_frame(rate, phase),
            Self::Samples { samples, at } => {
                let mut frame = Vec::with_capacity(frame_bytes(rate));
                for _ in 0..frame_bytes(rate) / 2 {
                    frame.extend_from_slice(&samples[*at].to_le_bytes());
                    *at = (*at + 1) % samples.len();
                }
                frame
            }
        }
    }
}
