//! The audio side of a Sandbox call: `connect` to a WebSocket (Vonage as the client:
//! the first message, the call's audio in 20 ms frames in real time, the app's frames
//! taken in, key presses as `websocket:dtmf`, `disconnected` when the app closes it) or
//! to another phone, app, SIP or VBC endpoint (a second leg with its own events);
//! `record` (a WAV of the whole call, served at `/v1/files/{id}` behind a JWT); audio
//! files played into the call (fetched, their length, to the phone's speaker).

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use callboard_ncco::model::{self, Authorization, Endpoint};
use callboard_vonage::audio::{decode_wav, frame_bytes, load_wav, tone_frame, write_wav};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::{
    engine::{Call, Interrupt, Wake, leg_event, timestamp},
    hooks::Hook,
    lock,
    mixing::{CallAudio, PLAYED_RATE, add_samples, mix_into, to_bytes, to_samples},
    playout::Playout,
};
use crate::phone::{HeardAudio, PhoneAudio, PhoneEvent, Pickup, VirtualPhone};

/// The rate recordings are made at (Vonage's WAV recordings are 16-bit, 16 kHz, mono).
const RECORDING_RATE: u32 = PLAYED_RATE;

/// How long an audio file whose length cannot be read is taken to play.
const UNKNOWN_AUDIO_LENGTH: Duration = Duration::from_secs(2);

/// How long the WebSocket server may take to accept.
const WEBSOCKET_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

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

/// Starts `samples` (at [`PLAYED_RATE`]) playing into the call `repeats` times (0: until
/// stopped).
pub(crate) fn play_into_call(call: &Call, samples: Vec<i16>, repeats: u64) -> Playback {
    let id = call.audio.play(samples, repeats);
    let speaker = tokio::spawn(to_speaker(
        call.audio.clone(),
        call.state.phone.clone(),
        lock(&call.record).uuid.clone(),
        id,
    ));
    Playback { id, speaker }
}

/// The Voice API's stream into a live call: the file fetched, then played into the call
/// until it ends or is stopped (the returned task is aborted).
pub(crate) fn stream_into_call(
    call: &Call,
    url: String,
    repeats: u64,
) -> tokio::task::JoinHandle<()> {
    let http = call.state.http.clone();
    let audio = call.audio.clone();
    let phone = call.state.phone.clone();
    let leg = lock(&call.record).uuid.clone();
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
    id: String,
    started: Instant,
    start_stamp: String,
    hook: Option<Hook>,
    /// Whether to transcribe it (`transcription`), and where to say so if not the
    /// record action's own `eventUrl`.
    transcribe: Option<Option<Hook>>,
    stop: tokio::sync::oneshot::Sender<()>,
    /// The interleaved samples and the channel count, once stopped.
    samples: tokio::task::JoinHandle<(Vec<i16>, u16)>,
    /// Since when the phone has been silent, if it is.
    quiet_since: Arc<Mutex<Option<Instant>>>,
}

impl Recording {
    /// Starts recording the call (a `record`, or a `conversation` with `record: true`):
    /// the record event goes to `hook`; `transcribe` when it is to be transcribed (and
    /// where that event goes, if not to `hook`); `split` for two channels.
    pub(crate) fn start(
        call: &Call,
        hook: Option<Hook>,
        transcribe: Option<Option<Hook>>,
        split: bool,
    ) -> Self {
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let quiet_since = Arc::new(Mutex::new(Some(Instant::now())));
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            started: Instant::now(),
            start_stamp: timestamp(),
            hook,
            transcribe,
            stop,
            samples: tokio::spawn(record_call(
                call.audio.clone(),
                call.state.phone.clone(),
                quiet_since.clone(),
                split,
                stopped,
            )),
            quiet_since,
        }
    }

    /// How long the phone has been silent (or muted).
    fn silent_for(&self) -> Duration {
        lock(&self.quiet_since).map_or(Duration::ZERO, |since| since.elapsed())
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

/// `record`: the call's audio, until `endOnKey`, `endOnSilence` (that many seconds in
/// which the phone sends only silence, or is muted), `timeOut`, or the call's end;
/// without any of those it runs in the background and the NCCO goes on.
pub(crate) async fn record(call: &mut Call, record: &model::Record) -> Interrupt {
    let transcribe = record.transcription.as_ref().map(|transcription| {
        Hook::of_action(
            transcription.event_url.as_ref(),
            transcription.event_method.as_ref(),
        )
    });
    let recording = Recording::start(
        call,
        Hook::of_action(record.event_url.as_ref(), record.event_method.as_ref()),
        transcribe,
        record.splits_channels(),
    );
    if record.runs_in_background() {
        if let Some(earlier) = call.background_recording.replace(recording) {
            finish_recording(call, earlier).await;
        }
        return Interrupt::Done;
    }
    let end_on_key = record.end_on_key.as_deref();
    let until = Instant::now() + record.longest();
    let end_on_silence = record.end_on_silence();
    call.keys.clear();
    let outcome = loop {
        let now = Instant::now();
        if now >= until {
            break Interrupt::Done;
        }
        // The silence is looked at every 100 ms, as the phone's audio can change.
        let wait = match end_on_silence {
            Some(enough) => {
                let silent = recording.silent_for();
                if silent >= enough {
                    break Interrupt::Done;
                }
                (enough - silent).min(Duration::from_millis(100))
            }
            None => until - now,
        };
        match call.pause(Some(wait.min(until - now)), Wake::Keys).await {
            Interrupt::Done => {}
            Interrupt::Keys => {
                let pressed = std::mem::take(&mut call.keys);
                if end_on_key.is_some_and(|key| pressed.contains(key)) {
                    break Interrupt::Done;
                }
            }
            other => break other,
        }
    };
    finish_recording(call, recording).await;
    outcome
}

/// Writes the recording's WAV and posts the record event (`recording_url`, `size`, …).
pub(crate) async fn finish_recording(call: &Call, recording: Recording) {
    let _ = recording.stop.send(());
    let (samples, channels) = recording.samples.await.unwrap_or((Vec::new(), 1));
    #[allow(clippy::cast_precision_loss)]
    let seconds = samples.len() as f64 / f64::from(channels.max(1)) / f64::from(RECORDING_RATE);
    let path = call
        .state
        .recordings()
        .join(format!("{}.wav", recording.id));
    let written =
        tokio::task::spawn_blocking(move || write_wav(&path, RECORDING_RATE, channels, &samples))
            .await
            .ok()
            .and_then(Result::ok);
    let Some(size) = written else {
        tracing::warn!("a sandbox recording could not be written");
        return;
    };
    let mut body = serde_json::Map::new();
    body.insert("start_time".into(), json!(recording.start_stamp));
    body.insert("end_time".into(), json!(timestamp()));
    body.insert(
        "recording_url".into(),
        json!(format!(
            "{}/v1/files/{}",
            call.state.base_url(),
            recording.id
        )),
    );
    body.insert("size".into(), json!(size));
    body.insert("recording_uuid".into(), json!(recording.id));
    body.insert(
        "conversation_uuid".into(),
        json!(lock(&call.record).conversation_uuid),
    );
    body.insert("timestamp".into(), json!(timestamp()));
    call.state.report(crate::Observed::Recording {
        call: lock(&call.record).uuid.clone(),
        seconds,
    });
    call.post(recording.hook.as_ref(), body, false).await;
    if let Some(hook) = &recording.transcribe {
        let hook = hook.as_ref().or(recording.hook.as_ref());
        transcribe(call, &recording.id, recording.started, hook).await;
    }
}

/// Writes the recording's transcription file (what the phone said during it) and posts
/// the `transcribed` event with its `transcription_url` (§5).
async fn transcribe(call: &Call, recording_id: &str, started: Instant, hook: Option<&Hook>) {
    let id = uuid::Uuid::new_v4().to_string();
    let file = super::transcript::transcription_file(
        &id,
        &call.audio.said_since(started),
        started.elapsed(),
    );
    let path = call.state.recordings().join(format!("{id}.json"));
    if let Err(error) = std::fs::write(&path, file.to_string()) {
        tracing::warn!(%error, "a sandbox transcription could not be written");
        return;
    }
    let body = json!({
        "conversation_uuid": lock(&call.record).conversation_uuid,
        "recording_uuid": recording_id,
        "status": "transcribed",
        "transcription_url": format!("{}/v1/files/{id}", call.state.base_url()),
        "type": "record"
    });
    if let Value::Object(body) = body {
        call.post(hook, body, false).await;
    }
}

/// What the phone sends into a call, 20 ms at a time: its current setting (changed on
/// the phone during the call, it takes effect at once), silence while the call mutes it.
struct PhoneFeed {
    phone: VirtualPhone,
    audio: CallAudio,
    rate: u32,
    sending: PhoneAudio,
    source: PhoneSource,
}

impl PhoneFeed {
    fn new(phone: VirtualPhone, audio: CallAudio, rate: u32) -> Self {
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

    fn next_frame(&mut self) -> Vec<u8> {
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

/// `connect`: to a WebSocket, or another leg.
pub(crate) async fn connect(call: &mut Call, connect: &model::Connect) -> Interrupt {
    let hook = Hook::of_action(connect.event_url.as_ref(), connect.event_method.as_ref());
    match connect.target() {
        Some(Endpoint::Websocket {
            uri,
            content_type,
            headers,
            authorization,
            ..
        }) => {
            let socket = Socket {
                uri,
                content_type,
                rate: connect
                    .target()
                    .and_then(Endpoint::sample_rate)
                    .unwrap_or(16_000),
                headers: headers.clone().map_or(json!({}), Value::Object),
                authorization: authorization.as_ref(),
            };
            websocket(call, hook, socket).await
        }
        Some(endpoint) => other_leg(call, connect, endpoint, hook).await,
        None => Interrupt::Done,
    }
}

/// A websocket endpoint, as `connect` names it.
struct Socket<'a> {
    uri: &'a str,
    content_type: &'a str,
    rate: u32,
    headers: Value,
    authorization: Option<&'a Authorization>,
}

/// The fields of an event about the WebSocket leg.
fn websocket_event(
    call: &Call,
    leg: &str,
    uri: &str,
    status: &str,
    headers: &Value,
) -> serde_json::Map<String, Value> {
    let conversation = lock(&call.record).conversation_uuid.clone();
    let mut body = leg_event(&call.from_text, uri, leg, &conversation);
    body.insert("status".into(), json!(status));
    body.insert("headers".into(), headers.clone());
    body
}

/// The WebSocket handshake request, with the endpoint's `authorization` (§7): `vonage`
/// sends the signed-webhook JWT, `custom` its value verbatim.
fn handshake(
    call: &Call,
    socket: &Socket<'_>,
) -> Option<tokio_tungstenite::tungstenite::handshake::client::Request> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = socket.uri.into_client_request().ok()?;
    let authorization = match socket.authorization {
        Some(Authorization { kind, .. }) if kind == "vonage" => {
            let signer = super::signing::Signer {
                secret: call.state.account().signature_secret.clone(),
                api_key: call.state.account().api_key.clone(),
                application_id: call.state.account().application_id.clone(),
            };
            signer.authorization(b"")
        }
        Some(Authorization { kind, value, .. }) if kind == "custom" => value.clone(),
        _ => None,
    };
    if let Some(value) = authorization.and_then(|v| v.parse().ok()) {
        request
            .headers_mut()
            .insert(reqwest::header::AUTHORIZATION, value);
    }
    Some(request)
}

async fn websocket(call: &mut Call, hook: Option<Hook>, socket: Socket<'_>) -> Interrupt {
    let leg = uuid::Uuid::new_v4().to_string();
    let connected = match handshake(call, &socket) {
        Some(request) => {
            tokio::time::timeout(
                WEBSOCKET_CONNECT_TIMEOUT,
                tokio_tungstenite::connect_async(request),
            )
            .await
        }
        None => Ok(Err(tokio_tungstenite::tungstenite::Error::Url(
            tokio_tungstenite::tungstenite::error::UrlError::NoHostName,
        ))),
    };
    let Socket {
        uri,
        content_type,
        rate,
        headers,
        ..
    } = socket;
    let Ok(Ok((mut socket, _))) = connected else {
        let body = websocket_event(call, &leg, uri, "unanswered", &headers);
        return call.post_for_ncco(hook.as_ref(), body).await;
    };
    let mut first = json!({"event": "websocket:connected", "content-type": content_type});
    if let (Some(first), Some(headers)) = (first.as_object_mut(), headers.as_object()) {
        for (key, value) in headers {
            first.insert(key.clone(), value.clone());
        }
    }
    if socket.send(Message::text(first.to_string())).await.is_err() {
        return Interrupt::Done;
    }
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut feed = PhoneFeed::new(call.state.phone.clone(), call.audio.clone(), rate);
    let opened = Instant::now();
    let (mut frames_sent, mut frames_back, mut first_back) = (0_u64, 0_u64, None);
    let report = |call: &Call, frames_sent, frames_back, first_back, closed| {
        call.state.report(crate::Observed::WebSocket {
            call: lock(&call.record).uuid.clone(),
            uri: uri.to_owned(),
            content_type: content_type.to_owned(),
            frames_sent,
            frames_back,
            first_back,
            closed,
        });
    };
    report(call, 0, 0, None, false);
    let deadline = call.deadline();
    let leg_of_phone = lock(&call.record).uuid.clone();
    let mut playout = Playout::default();
    loop {
        tokio::select! {
            at = pace.tick() => {
                // The WebSocket hears the call: the phone (silent when muted) and
                // whatever plays into the call, mixed.
                let mut frame = feed.next_frame();
                if let Some(played) = call.audio.frame_at(at, rate) {
                    mix_into(&mut frame, &played);
                }
                if socket.send(Message::binary(frame)).await.is_err() {
                    break;
                }
                frames_sent += 1;
                if frames_sent % 50 == 0 {
                    report(call, frames_sent, frames_back, first_back, false);
                }
                // What the application sent plays in real time: the phone hears it
                // (unless earmuffed) and a recording keeps it.
                let (due, played) = playout.tick();
                for notice in due {
                    if socket.send(Message::text(notice.to_string())).await.is_err() {
                        break;
                    }
                }
                if let Some(frame) = played {
                    call.audio.application_sent(&frame, rate);
                    if !call.audio.earmuffed() {
                        call.state.phone.hear(HeardAudio {
                            call: leg_of_phone.clone(),
                            rate,
                            frame,
                        });
                    }
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Binary(frame))) => {
                    frames_back += 1;
                    if first_back.is_none() {
                        first_back = Some(opened.elapsed());
                        report(call, frames_sent, frames_back, first_back, false);
                    }
                    if !playout.push_frame(frame.to_vec()) {
                        tracing::debug!("the application sent more than Vonage buffers; a frame is dropped");
                    }
                }
                Some(Ok(Message::Text(text))) => {
                    if let Some(answer) = playout.command(&text)
                        && socket.send(Message::text(answer.to_string())).await.is_err()
                    {
                        break;
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            () = async { match deadline { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => {
                let _ = socket.close(None).await;
                report(call, frames_sent, frames_back, first_back, true);
                return Interrupt::HangUp("platform");
            }
            control = call.control.recv() => {
                let keys_before = call.keys.len();
                match call.take_control(control).await {
                    Some(interrupt) => {
                        let _ = socket.close(None).await;
                        report(call, frames_sent, frames_back, first_back, true);
                        return interrupt;
                    }
                    None => {
                        let pressed: String = call.keys.drain(keys_before..).collect();
                        for digit in pressed.chars() {
                            let message = json!({"event": "websocket:dtmf", "digit": digit.to_string(), "duration": 260});
                            if socket.send(Message::text(message.to_string())).await.is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
    report(call, frames_sent, frames_back, first_back, true);
    // The application closed the socket: Vonage tells the event URL, whose NCCO runs next.
    let body = websocket_event(call, &leg, uri, "disconnected", &headers);
    call.post_for_ncco(hook.as_ref(), body).await
}

/// A second leg to a phone, app, SIP or VBC endpoint: its own `started`, `ringing`,
/// then as the phone's connected-party setting says: `answered` and connected until the
/// call ends, then its `completed`; or `busy`, `timeout` (after the connect's `timeout`,
/// 60 s by default), `rejected` or `failed`. With `eventType: synchronous`, the NCCO the
/// failure's event answers replaces the rest; without one the NCCO goes on.
async fn other_leg(
    call: &mut Call,
    connect: &model::Connect,
    endpoint: &Endpoint,
    hook: Option<Hook>,
) -> Interrupt {
    let leg = uuid::Uuid::new_v4().to_string();
    let to = endpoint.address().to_owned();
    let synchronous = connect.synchronous();
    let conversation = lock(&call.record).conversation_uuid.clone();
    let from = connect.from.clone().unwrap_or_else(|| call.to_text.clone());
    let event = |status: &str| {
        let mut body = leg_event(&from, &to, &leg, &conversation);
        body.insert("status".into(), json!(status));
        body.insert("direction".into(), json!("outbound"));
        body.insert("headers".into(), json!({}));
        body
    };
    call.post(hook.as_ref(), event("started"), false).await;
    call.post(hook.as_ref(), event("ringing"), false).await;
    let ring_for = connect.ring_time();
    let (rings, outcome) = match call.state.phone.connected_party() {
        Pickup::Answer { after_ms } => (Duration::from_millis(after_ms).min(ring_for), None),
        Pickup::Busy => (Duration::from_millis(300), Some(("busy", None))),
        Pickup::NoAnswer => (ring_for, Some(("timeout", None))),
        Pickup::Reject => (
            Duration::from_millis(800),
            Some(("rejected", Some("declined"))),
        ),
        Pickup::Unreachable => (
            Duration::from_millis(300),
            Some(("failed", Some("cannot_route"))),
        ),
    };
    match call.pause(Some(rings), Wake::Never).await {
        Interrupt::Done => {}
        other => return other,
    }
    if let Some((status, detail)) = outcome {
        let mut body = event(status);
        if let Some(detail) = detail {
            body.insert("detail".into(), json!(detail));
        }
        call.state.phone.notice(PhoneEvent::Caption {
            call: lock(&call.record).uuid.clone(),
            text: format!("({to} did not answer: {status})"),
        });
        return match call.post(hook.as_ref(), body, synchronous).await {
            Some(ncco) => Interrupt::Replace(ncco),
            None => Interrupt::Done,
        };
    }
    let answered = Instant::now();
    call.post(hook.as_ref(), event("answered"), false).await;
    call.state.phone.notice(PhoneEvent::Caption {
        call: lock(&call.record).uuid.clone(),
        text: format!("(connected to {to})"),
    });
    let outcome = call.pause(None, Wake::Never).await;
    let mut completed = event("completed");
    completed.insert(
        "duration".into(),
        json!(answered.elapsed().as_secs().to_string()),
    );
    call.post(hook.as_ref(), completed, false).await;
    outcome
}
