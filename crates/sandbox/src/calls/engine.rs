//! One call, run as Vonage runs it (`docs/vonage.md` §3–5): `started`, `ringing`,
//! then what the virtual phone does (answer, or `busy`, `timeout`, `rejected`,
//! `failed`; `cancelled` when hung up while ringing); once answered, `answered`, the
//! NCCO (inline, or from the answer URL with its retries and fallback), every action in
//! order with controls from the Voice API and the phone taking effect as they arrive;
//! and `completed` with its duration when the NCCO runs out or someone hangs up.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use callboard_ncco::model::{self, Action, Runnable};
use callboard_vonage::applications::WebhookName;
use serde_json::{Map, Value, json};
use tokio::{sync::mpsc, time::Instant};

use super::{
    CallRecord, Control,
    clock::{call_time, timestamp},
    hooks::{self, Hook},
    lock, media,
    mixing::CallAudio,
};
use crate::{
    SandboxState,
    phone::{PhoneEvent, Pickup},
};

mod connect;
mod controls;
mod input;
mod record;

/// The network code events and calls report (MCC 001 / MNC 01, the test network).
pub const NETWORK: &str = "00101";
/// What a Sandbox minute costs.
pub const RATE: &str = "0.00000000";
/// What a Sandbox call costs.
pub const PRICE: &str = "0.00000000";

/// Time to speak one character of `talk` text.
const SPEECH_PER_CHAR: Duration = Duration::from_millis(55);
/// The shortest time a `talk` takes.
const SHORTEST_TALK: Duration = Duration::from_millis(500);

/// What a new call needs.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The record to keep current (status `started`).
    pub record: CallRecord,
    /// `to` as events carry it (a number, a URI, a user).
    pub to_text: String,
    /// `from` as events carry it.
    pub from_text: String,
    /// The NCCO given with the call, if any.
    pub ncco: Option<Runnable>,
    /// Where to fetch the NCCO otherwise.
    pub answer: Option<Hook>,
    /// Where events go (the call's, else the application's).
    pub event: Option<Hook>,
    /// How long it may ring.
    pub ringing_timer: Duration,
    /// How long it may last once answered.
    pub length_timer: Duration,
    /// `continue` or `hangup` when a machine answers (the phone is always a human).
    pub machine_detection: Option<String>,
}

/// How an action or a pause ended.
#[derive(Debug)]
pub(crate) enum Interrupt {
    /// It ran its course.
    Done,
    /// Keys arrived (they are in `Call::keys`).
    Keys,
    /// The phone spoke (it is in `Call::said`).
    Speech,
    /// The call must end; who ended it (`user` or `platform`).
    HangUp(&'static str),
    /// The rest of the NCCO is replaced.
    Replace(Vec<Action>),
}

/// What, besides its time running out, ends a pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// Nothing but the call's course.
    Never,
    /// The phone pressing keys.
    Keys,
    /// The phone speaking.
    Speech,
    /// Either.
    KeysOrSpeech,
}

/// A running call.
pub(crate) struct Call {
    pub(crate) state: Arc<SandboxState>,
    pub(crate) record: Arc<Mutex<CallRecord>>,
    pub(crate) control: mpsc::UnboundedReceiver<Control>,
    pub(crate) event: Option<Hook>,
    pub(crate) to_text: String,
    pub(crate) from_text: String,
    /// Keys the phone pressed that no action has taken yet.
    pub(crate) keys: String,
    /// What the phone said while an `input` listened for speech.
    said: Option<String>,
    deadline: Option<Instant>,
    answered_at: Option<(Instant, String)>,
    /// A recording running in the background (`record` without an end condition).
    pub(crate) background_recording: Option<media::Recording>,
    /// Audio playing into the call while the NCCO goes on (`stream` with `bargeIn`).
    background_audio: Option<media::Playback>,
    /// What each side hears: audio played into the call, mute and earmuff.
    pub(crate) audio: CallAudio,
    /// Audio the Voice API is playing into the call (`PUT …/stream`): fetched, then played.
    api_stream: Option<tokio::task::JoinHandle<()>>,
    /// Where each key the phone presses is posted as it is pressed (`PUT …/input/dtmf`).
    dtmf_listener: Option<String>,
}

/// Places the call: its task runs until the call ends.
pub fn spawn(state: Arc<SandboxState>, setup: Setup) {
    let uuid = setup.record.uuid.clone();
    let (record, control) = state.calls.add(setup.record.clone());
    let call = Call {
        state,
        record,
        control,
        event: setup.event.clone(),
        to_text: setup.to_text.clone(),
        from_text: setup.from_text.clone(),
        keys: String::new(),
        said: None,
        deadline: None,
        answered_at: None,
        background_recording: None,
        background_audio: None,
        audio: CallAudio::default(),
        api_stream: None,
        dtmf_listener: None,
    };
    tokio::spawn(async move {
        call.run(setup).await;
        tracing::debug!(uuid, "a sandbox call ended");
    });
}

impl Call {
    /// When the length timer ends the call, once answered.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    fn uuid(&self) -> String {
        lock(&self.record).uuid.clone()
    }

    /// The fields every event carries.
    pub(crate) fn event_body(&self, status: Option<&str>) -> Map<String, Value> {
        let record = lock(&self.record);
        let mut body = leg_event(
            &self.from_text,
            &self.to_text,
            &record.uuid,
            &record.conversation_uuid,
        );
        if let Some(status) = status {
            body.insert("status".into(), json!(status));
            body.insert("direction".into(), json!(record.direction));
        }
        body
    }

    /// Posts an event to `hook` (or the call's event URL); when `expects_ncco`, the NCCO
    /// it returned, or the fallback answer URL's when it failed.
    pub(crate) async fn post(
        &self,
        hook: Option<&Hook>,
        body: Map<String, Value>,
        expects_ncco: bool,
    ) -> Option<Vec<Action>> {
        let observed = Value::Object(body.clone());
        let answered = self.send(hook, body, expects_ncco).await;
        // Reported even when no URL took it: the event happened on the platform.
        self.state.report(crate::Observed::Event {
            call: self.uuid(),
            body: observed,
            answered: answered.as_ref().map(|ncco| ncco.document.clone()),
        });
        answered.map(|ncco| ncco.actions)
    }

    /// Posts an event that may steer the call: the rest of the NCCO is replaced by the
    /// one it answers, if any.
    pub(crate) async fn post_for_ncco(
        &self,
        hook: Option<&Hook>,
        body: Map<String, Value>,
    ) -> Interrupt {
        match self.post(hook, body, true).await {
            Some(actions) => Interrupt::Replace(actions),
            None => Interrupt::Done,
        }
    }

    async fn send(
        &self,
        hook: Option<&Hook>,
        body: Map<String, Value>,
        expects_ncco: bool,
    ) -> Option<Runnable> {
        let hook = hook.or(self.event.as_ref())?;
        let signer = self.state.signer().await;
        if !expects_ncco {
            hooks::post_event(
                &self.state.http,
                hook,
                &Value::Object(body),
                signer.as_ref(),
            )
            .await;
            return None;
        }
        let fallback = self
            .state
            .application()
            .await
            .and_then(|app| Hook::of_application(&app, WebhookName::FallbackAnswerUrl));
        hooks::post_event_for_ncco(
            &self.state.http,
            hook,
            fallback.as_ref(),
            &body,
            signer.as_ref(),
        )
        .await
    }

    async fn status(&self, status: &str, extra: &[(&str, Value)]) {
        lock(&self.record).status = status.to_owned();
        let mut body = self.event_body(Some(status));
        for (key, value) in extra {
            body.insert((*key).to_owned(), value.clone());
        }
        self.post(None, body, false).await;
    }

    async fn run(mut self, setup: Setup) {
        self.status("started", &[]).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        self.status("ringing", &[]).await;
        let uuid = self.uuid();
        self.state.phone.notice(PhoneEvent::Ringing {
            call: uuid.clone(),
            from: self.from_text.clone(),
        });
        if let Some(final_status) = self.ring(setup.ringing_timer).await {
            self.finish_unanswered(&uuid, final_status).await;
            return;
        }
        let started = Instant::now();
        self.answered_at = Some((started, timestamp()));
        self.deadline = Some(started + setup.length_timer);
        lock(&self.record).start_time = Some(call_time());
        self.status(
            "answered",
            &[
                ("start_time", Value::Null),
                ("rate", Value::Null),
                ("network", Value::Null),
            ],
        )
        .await;
        self.state
            .phone
            .notice(PhoneEvent::Answered { call: uuid.clone() });
        if setup.machine_detection.is_some() {
            // Machine detection reports with `call_uuid` instead of `uuid` (§5).
            let mut body = self.event_body(Some("human"));
            if let Some(leg) = body.remove("uuid") {
                body.insert("call_uuid".into(), leg);
            }
            self.post(None, body, false).await;
        }

        let disconnected_by = match self.first_ncco(&setup).await {
            Ok(ncco) => self.execute(ncco.actions).await,
            Err(failure) => {
                let mut body = self.event_body(None);
                body.insert(
                    "reason".into(),
                    json!(format!(
                        "The call's NCCO could not be fetched: {}",
                        failure.reason()
                    )),
                );
                self.post(None, body, false).await;
                "platform"
            }
        };
        self.complete(&uuid, disconnected_by).await;
    }

    /// Rings until the phone answers (`None`) or the call ends unanswered (its status
    /// and detail).
    async fn ring(
        &mut self,
        ringing_timer: Duration,
    ) -> Option<(&'static str, Option<&'static str>)> {
        let give_up = Instant::now() + ringing_timer;
        let outcome_at = match self.state.phone.pickup() {
            Pickup::Answer { after_ms } => {
                Some((Instant::now() + Duration::from_millis(after_ms), None))
            }
            Pickup::Busy => Some((
                Instant::now() + Duration::from_millis(300),
                Some(("busy", None)),
            )),
            Pickup::Reject => Some((
                Instant::now() + Duration::from_millis(800),
                Some(("rejected", Some("declined"))),
            )),
            Pickup::Unreachable => Some((
                Instant::now() + Duration::from_millis(300),
                Some(("failed", Some("cannot_route"))),
            )),
            Pickup::NoAnswer => None,
        };
        loop {
            let until = outcome_at.map_or(give_up, |(at, _)| at.min(give_up));
            tokio::select! {
                () = tokio::time::sleep_until(until) => {
                    return match outcome_at {
                        Some((at, outcome)) if at <= give_up => outcome,
                        _ => Some(("timeout", None)),
                    };
                }
                control = self.control.recv() => match control {
                    Some(Control::HangUp | Control::PhoneHangUp) | None => {
                        return Some(("cancelled", None));
                    }
                    Some(_) => {}
                },
            }
        }
    }

    async fn finish_unanswered(
        &mut self,
        uuid: &str,
        (status, detail): (&'static str, Option<&'static str>),
    ) {
        let extra: Vec<(&str, Value)> = detail.map(|d| ("detail", json!(d))).into_iter().collect();
        self.status(status, &extra).await;
        lock(&self.record).end_time = Some(call_time());
        self.state.calls.ended(uuid);
        self.state.phone.notice(PhoneEvent::Ended {
            call: uuid.to_owned(),
            status: status.to_owned(),
        });
    }

    async fn first_ncco(&self, setup: &Setup) -> Result<Runnable, hooks::Failure> {
        if let Some(ncco) = &setup.ncco {
            return Ok(ncco.clone());
        }
        let Some(answer) = &setup.answer else {
            return Err(hooks::Failure::Unreachable("no answer URL".into()));
        };
        let record = lock(&self.record).clone();
        let mut request = Map::new();
        request.insert("to".into(), json!(self.to_text));
        request.insert("from".into(), json!(self.from_text));
        request.insert("uuid".into(), json!(record.uuid));
        request.insert("conversation_uuid".into(), json!(record.conversation_uuid));
        request.insert("region_url".into(), json!(self.state.base_url()));
        let fallback = self
            .state
            .application()
            .await
            .and_then(|app| Hook::of_application(&app, WebhookName::FallbackAnswerUrl));
        let signer = self.state.signer().await;
        let asked = Instant::now();
        let fetched = hooks::fetch_ncco(
            &self.state.http,
            answer,
            fallback.as_ref(),
            &request,
            signer.as_ref(),
        )
        .await;
        self.state.report(crate::Observed::Answer {
            call: record.uuid,
            took: asked.elapsed(),
            ncco: match &fetched {
                Ok(ncco) => Ok(ncco.document.clone()),
                Err(failure) => Err(failure.reason()),
            },
        });
        fetched
    }

    /// Runs `actions` (and whatever replaces them) to the end; who ended the call.
    async fn execute(&mut self, actions: Vec<Action>) -> &'static str {
        let mut queue: VecDeque<Action> = actions.into();
        while let Some(action) = queue.pop_front() {
            match self.act(&action).await {
                Interrupt::Done | Interrupt::Keys | Interrupt::Speech => {}
                Interrupt::HangUp(by) => return by,
                Interrupt::Replace(actions) => queue = actions.into(),
            }
        }
        "platform"
    }

    async fn act(&mut self, action: &Action) -> Interrupt {
        match action {
            Action::Talk(talk) => self.talk(talk).await,
            Action::Stream(stream) => self.stream(stream).await,
            Action::Wait(wait) => self.pause(Some(wait.duration()), Wake::Never).await,
            Action::Input(input) => self.input(input).await,
            Action::Notify(notify) => {
                let body = notify.payload.as_object().cloned().unwrap_or_default();
                let hook = Hook::of_action(Some(&notify.event_url), notify.event_method.as_ref());
                self.post_for_ncco(hook.as_ref(), body).await
            }
            Action::Record(record) => self.record(record).await,
            Action::Connect(connect) => self.connect(connect).await,
            Action::Conversation(conversation) => self.conversation(conversation).await,
            Action::Transfer(transfer) => {
                let mut body = self.event_body(None);
                body.insert("type".into(), json!("transfer"));
                body.insert(
                    "conversation_uuid_from".into(),
                    body["conversation_uuid"].clone(),
                );
                body.insert(
                    "conversation_uuid_to".into(),
                    json!(transfer.conversation_id),
                );
                self.post(None, body, false).await;
                self.pause(None, Wake::Never).await
            }
        }
    }

    async fn talk(&mut self, talk: &model::Talk) -> Interrupt {
        self.speak(&talk.text);
        if talk.barges_in() {
            return Interrupt::Done;
        }
        let repeats = talk.repeats();
        let once = speaking_time(&talk.text);
        let total = (repeats > 0).then(|| once * u32::try_from(repeats).unwrap_or(u32::MAX));
        self.pause(total, Wake::Never).await
    }

    async fn stream(&mut self, stream: &model::Stream) -> Interrupt {
        let (length, samples) = media::fetch_audio(
            &self.state.http,
            &self.state.phone,
            &self.uuid(),
            stream.url(),
        )
        .await;
        let repeats = stream.repeats();
        if let Some(earlier) = self.background_audio.take() {
            earlier.stop(&self.audio);
        }
        let playing = samples.map(|samples| self.play(samples, repeats));
        if stream.barges_in() {
            // Plays on while the NCCO goes on (to the input that must follow).
            self.background_audio = playing;
            return Interrupt::Done;
        }
        let total = (repeats > 0).then(|| length * u32::try_from(repeats).unwrap_or(u32::MAX));
        let outcome = self.pause(total, Wake::Never).await;
        if let Some(playing) = playing {
            playing.stop(&self.audio);
        }
        outcome
    }

    /// Starts `samples` playing into the call `repeats` times (0: until stopped).
    fn play(&self, samples: Vec<i16>, repeats: u64) -> media::Playback {
        media::play(
            &self.audio,
            &self.state.phone,
            self.uuid(),
            samples,
            repeats,
        )
    }

    /// Speech into the call: a caption on the phone, unless it is earmuffed.
    fn speak(&self, text: &str) {
        if !self.audio.earmuffed() {
            self.state.phone.notice(PhoneEvent::Caption {
                call: self.uuid(),
                text: strip_tags(text),
            });
        }
    }

    /// Stops what the Voice API is playing into the call, and whatever else plays.
    fn stop_api_stream(&mut self) {
        if let Some(task) = self.api_stream.take() {
            task.abort();
        }
        self.audio.stop(None);
    }

    /// `conversation`: the call stays in it until it ends ("all actions in an NCCO after a
    /// conversation action will be ignored", §3). With `record: true` it is recorded, the
    /// record event going to the action's `eventUrl`. A participant who waits for a
    /// moderator (`startOnEnter: false`) hears `musicOnHoldUrl` meanwhile; on the Sandbox
    /// nobody else joins, so until the call ends.
    async fn conversation(&mut self, conversation: &model::Conversation) -> Interrupt {
        if conversation.records() {
            let recording = media::Recording::start(
                (&self.audio, &self.state.phone),
                Hook::of_action(
                    conversation.event_url.as_ref(),
                    conversation.event_method.as_ref(),
                ),
                None,
                false,
            );
            if let Some(earlier) = self.background_recording.replace(recording) {
                self.finish_recording(earlier).await;
            }
        }
        let music = conversation
            .music_on_hold()
            .filter(|_| conversation.waits_for_moderator())
            .map(str::to_owned);
        let mut playing = None;
        if let Some(url) = music {
            let leg = self.uuid();
            if let (_, Some(samples)) =
                media::fetch_audio(&self.state.http, &self.state.phone, &leg, &url).await
            {
                playing = Some(self.play(samples, 0));
            }
        }
        let outcome = self.pause(None, Wake::Never).await;
        if let Some(playing) = playing {
            playing.stop(&self.audio);
        }
        outcome
    }

    /// Waits `duration` (or until the call ends, when `None`), taking controls as they
    /// come; returns early as soon as the phone does what `wake` says.
    pub(crate) async fn pause(&mut self, duration: Option<Duration>, wake: Wake) -> Interrupt {
        let until = duration.map(|d| Instant::now() + d);
        loop {
            let deadline = self.deadline;
            let next = match (until, deadline) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let control = tokio::select! {
                () = async { match next { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => {
                    if deadline.is_some_and(|d| d <= Instant::now()) {
                        return Interrupt::HangUp("platform");
                    }
                    return Interrupt::Done;
                }
                control = self.control.recv() => control,
            };
            if let Some(interrupt) = self.take_control(control).await {
                return interrupt;
            }
            let (keys, speech) = match wake {
                Wake::Never => (false, false),
                Wake::Keys => (true, false),
                Wake::Speech => (false, true),
                Wake::KeysOrSpeech => (true, true),
            };
            if keys && !self.keys.is_empty() {
                return Interrupt::Keys;
            }
            if speech && self.said.is_some() {
                return Interrupt::Speech;
            }
        }
    }

    async fn complete(&mut self, uuid: &str, disconnected_by: &'static str) {
        self.state.calls.ended(uuid);
        if let Some(audio) = self.background_audio.take() {
            audio.stop(&self.audio);
        }
        self.stop_api_stream();
        if let Some(recording) = self.background_recording.take() {
            self.finish_recording(recording).await;
        }
        let (started, start_stamp) = self
            .answered_at
            .clone()
            .unwrap_or_else(|| (Instant::now(), timestamp()));
        let duration = started.elapsed().as_secs();
        {
            let mut record = lock(&self.record);
            record.duration = Some(duration);
            record.end_time = Some(call_time());
        }
        self.status(
            "completed",
            &[
                ("start_time", json!(start_stamp)),
                ("end_time", json!(timestamp())),
                ("duration", json!(duration.to_string())),
                ("rate", json!(RATE)),
                ("price", json!(PRICE)),
                ("network", json!(NETWORK)),
                ("disconnected_by", json!(disconnected_by)),
            ],
        )
        .await;
        self.state.phone.notice(PhoneEvent::Ended {
            call: uuid.to_owned(),
            status: "completed".into(),
        });
    }
}

/// The fields every event about leg `leg` carries (`docs/vonage.md` §5).
pub(crate) fn leg_event(from: &str, to: &str, leg: &str, conversation: &str) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("from".into(), json!(from));
    body.insert("to".into(), json!(to));
    body.insert("uuid".into(), json!(leg));
    body.insert("conversation_uuid".into(), json!(conversation));
    body.insert("timestamp".into(), json!(timestamp()));
    body
}

/// How long `text` takes to say (SSML tags are not spoken).
fn speaking_time(text: &str) -> Duration {
    let spoken = u32::try_from(strip_tags(text).chars().count()).unwrap_or(u32::MAX);
    (SPEECH_PER_CHAR * spoken).max(SHORTEST_TALK)
}

/// Text without SSML tags, as the caller hears it (the validator reads it the same way).
fn strip_tags(text: &str) -> String {
    callboard_ncco::ssml::spoken(text).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_takes_time_by_its_spoken_length() {
        assert_eq!(speaking_time("Hi"), SHORTEST_TALK);
        assert_eq!(
            speaking_time("<speak>Hello there, caller</speak>"),
            SPEECH_PER_CHAR * 19
        );
        assert_eq!(strip_tags("<speak>a <break time='1s'/>b</speak>"), "a b");
    }
}
