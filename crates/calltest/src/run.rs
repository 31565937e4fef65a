//! Running one test: the call placed on the Sandbox, each step done or awaited in turn,
//! and for a failing step what was expected and what happened instead.

use std::sync::Arc;
use std::time::{Duration, Instant};

use callboard_flow::Taken;
use callboard_sandbox::{Observed, PhoneEvent, SandboxState};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::file::{Action, CallFrom, Step, TestFile};

/// What a test runs on: a Sandbox in this process whose application's webhooks point at
/// what is under test, and the flow steps Callboard's server enters when it serves a flow.
#[derive(Clone)]
pub struct Platform {
    /// The Sandbox.
    pub sandbox: Arc<SandboxState>,
    /// The flow steps entered, with the call each was for, when Callboard serves a flow.
    pub steps: Option<broadcast::Sender<(Option<String>, Taken)>>,
    /// Whether a flow answers the calls; when not, `reach` steps are skipped, so one
    /// suite tests a flow and a backend that implements it alike.
    pub serves_flow: bool,
}

/// How one step went.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StepResult {
    /// Its line in the file.
    pub line: usize,
    /// The step in words.
    pub step: String,
    /// Whether it passed.
    pub passed: bool,
    /// How long it took.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub took_ms: u64,
    /// For a failure: what happened instead.
    pub failure: Option<String>,
    /// Why it was skipped (a `reach` when no flow answers the calls).
    pub skipped: Option<String>,
}

/// What the call showed, as a failure's evidence.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct CallEvidence {
    /// Every caption the phone heard, in order.
    pub captions: Vec<String>,
    /// Every event status posted, in order.
    pub events: Vec<String>,
    /// The flow steps entered and why.
    pub steps: Vec<String>,
    /// The NCCO the answer webhook served, or why there was none.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub ncco: Option<Value>,
}

/// What one run measured, for load reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// How long the answer webhook took.
    pub answer: Option<Duration>,
    /// From the WebSocket opening to the first audio it sent back.
    pub first_audio_back: Option<Duration>,
    /// Frames the WebSocket sent back.
    pub frames_back: u64,
    /// Frames the platform sent it.
    pub frames_sent: u64,
    /// Frames real time needed over the time the WebSocket was open but the platform
    /// did not send (late or lost; 50 a second are due).
    pub frames_late: u64,
}

/// How a test went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestResult {
    /// The test's name.
    pub name: String,
    /// Its file.
    pub path: String,
    /// The call's UUID, once placed.
    pub call: Option<String>,
    /// Whether every step passed.
    pub passed: bool,
    /// Each step run, up to the first failure.
    pub steps: Vec<StepResult>,
    /// What the call showed (filled in for a failure).
    pub evidence: CallEvidence,
    /// What was measured.
    #[serde(skip)]
    pub metrics: Metrics,
    /// How long the whole test took.
    pub took_ms: u64,
}

impl TestResult {
    /// The first failing step, if any.
    #[must_use]
    pub fn failed_step(&self) -> Option<&StepResult> {
        self.steps.iter().find(|s| !s.passed)
    }
}

/// Everything seen on the platform so far, for every call (filtered by the test's call).
#[derive(Default)]
struct Seen {
    captions: Vec<(String, String)>,
    ended: Vec<(String, String)>,
    events: Vec<(String, Value)>,
    answers: Vec<(String, Duration, Result<Value, String>)>,
    recordings: Vec<(String, f64)>,
    sockets: Vec<(String, Observed, Instant)>,
    steps: Vec<(Option<String>, Taken)>,
}

/// Where each kind of expectation has got to in what was seen, so that steps match in order.
#[derive(Default)]
struct Cursors {
    caption: usize,
    event: usize,
    step: usize,
    recording: usize,
}

struct Watch {
    phone: broadcast::Receiver<PhoneEvent>,
    observed: broadcast::Receiver<Observed>,
    steps: Option<broadcast::Receiver<(Option<String>, Taken)>>,
    seen: Seen,
}

impl Watch {
    fn new(platform: &Platform) -> Self {
        Self {
            phone: platform.sandbox.phone.subscribe(),
            observed: platform.sandbox.observe(),
            steps: platform.steps.as_ref().map(broadcast::Sender::subscribe),
            seen: Seen::default(),
        }
    }

    /// Takes in what arrives until `deadline`; false once it has passed with nothing new.
    async fn pump(&mut self, deadline: Instant) -> bool {
        let sleep = tokio::time::sleep_until(deadline.into());
        tokio::pin!(sleep);
        let steps = async {
            match self.steps.as_mut() {
                Some(steps) => steps.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = &mut sleep => false,
            event = self.phone.recv() => {
                match event {
                    Ok(PhoneEvent::Caption { call, text }) => self.seen.captions.push((call, text)),
                    Ok(PhoneEvent::Ended { call, status }) => self.seen.ended.push((call, status)),
                    _ => {}
                }
                true
            }
            observed = self.observed.recv() => {
                match observed {
                    Ok(Observed::Answer { call, took, ncco }) => self.seen.answers.push((call, took, ncco)),
                    Ok(Observed::Event { call, body, .. }) => self.seen.events.push((call, body)),
                    Ok(Observed::Recording { call, seconds }) => self.seen.recordings.push((call, seconds)),
                    Ok(socket @ Observed::WebSocket { .. }) => {
                        if let Observed::WebSocket { call, .. } = &socket {
                            let call = call.clone();
                            self.seen.sockets.push((call, socket, Instant::now()));
                        }
                    }
                    Err(_) => {}
                }
                true
            }
            taken = steps => {
                if let Ok(taken) = taken {
                    self.seen.steps.push(taken);
                }
                true
            }
        }
    }
}

fn event_status(body: &Value) -> Option<String> {
    body.get("status")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| body.get("dtmf").map(|_| "input".to_owned()))
}

impl Seen {
    fn captions_of<'a>(&'a self, call: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.captions
            .iter()
            .filter(move |(c, _)| c == call)
            .map(|(_, text)| text.as_str())
    }

    fn events_of<'a>(&'a self, call: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.events
            .iter()
            .filter(move |(c, _)| c == call)
            .map(|(_, body)| body)
    }

    fn steps_of<'a>(&'a self, call: &'a str) -> impl Iterator<Item = &'a Taken> + 'a {
        self.steps
            .iter()
            .filter(move |(c, _)| c.as_deref() == Some(call))
            .map(|(_, taken)| taken)
    }

    fn socket_of(&self, call: &str) -> Option<&Observed> {
        self.sockets
            .iter()
            .rev()
            .find(|(c, _, _)| c == call)
            .map(|(_, s, _)| s)
    }

    /// Frames due at 50 a second over the time the call's WebSocket was open (to its
    /// last report) that were not sent.
    fn frames_late(&self, call: &str) -> u64 {
        let reports: Vec<&(String, Observed, Instant)> =
            self.sockets.iter().filter(|(c, _, _)| c == call).collect();
        let (Some(first), Some(last)) = (reports.first(), reports.last()) else {
            return 0;
        };
        let Observed::WebSocket { frames_sent, .. } = &last.1 else {
            return 0;
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let due = (last.2.duration_since(first.2).as_secs_f64() * 50.0) as u64;
        // Reports come every 50 frames, so up to 50 are in flight between them.
        due.saturating_sub(*frames_sent + 50)
    }

    fn evidence(&self, call: &str) -> CallEvidence {
        CallEvidence {
            captions: self.captions_of(call).map(str::to_owned).collect(),
            events: self.events_of(call).filter_map(event_status).collect(),
            steps: self
                .steps_of(call)
                .map(|t| match &t.problem {
                    Some(problem) => format!("{} ({problem})", t.why),
                    None => t.why.clone(),
                })
                .collect(),
            ncco: self
                .answers
                .iter()
                .find(|(c, _, _)| c == call)
                .map(|(_, _, ncco)| match ncco {
                    Ok(ncco) => ncco.clone(),
                    Err(why) => Value::String(format!("no NCCO: {why}")),
                }),
        }
    }

    fn metrics(&self, call: &str) -> Metrics {
        let socket = self.socket_of(call);
        let (first_audio_back, frames_back, frames_sent) = match socket {
            Some(Observed::WebSocket {
                first_back,
                frames_back,
                frames_sent,
                ..
            }) => (*first_back, *frames_back, *frames_sent),
            _ => (None, 0, 0),
        };
        Metrics {
            answer: self
                .answers
                .iter()
                .find(|(c, _, _)| c == call)
                .map(|(_, took, _)| *took),
            first_audio_back,
            frames_back,
            frames_sent,
            frames_late: self.frames_late(call),
        }
    }
}

/// Whether `action` is met by what was seen on `call`; advances the matching cursor.
fn met(action: &Action, seen: &Seen, call: &str, cursors: &mut Cursors) -> bool {
    let advance = |cursor: &mut usize, found: Option<usize>| match found {
        Some(at) => {
            *cursor = at + 1;
            true
        }
        None => false,
    };
    match action {
        Action::Hear(words) => {
            let wanted = words.to_lowercase();
            let found = seen
                .captions_of(call)
                .enumerate()
                .skip(cursors.caption)
                .find(|(_, text)| text.to_lowercase().contains(&wanted))
                .map(|(at, _)| at);
            advance(&mut cursors.caption, found)
        }
        Action::HearPattern(pattern) => {
            let found = seen
                .captions_of(call)
                .enumerate()
                .skip(cursors.caption)
                .find(|(_, text)| pattern.is_match(text))
                .map(|(at, _)| at);
            advance(&mut cursors.caption, found)
        }
        Action::Event(status) => {
            let found = seen
                .events_of(call)
                .enumerate()
                .skip(cursors.event)
                .find(|(_, body)| event_status(body).as_deref() == Some(status.as_str()))
                .map(|(at, _)| at);
            advance(&mut cursors.event, found)
        }
        Action::Reach(target) => {
            let wanted = target.to_lowercase();
            let found = seen
                .steps_of(call)
                .enumerate()
                .skip(cursors.step)
                .find(|(_, t)| {
                    t.why.contains('→')
                        && (t.step.as_deref() == Some(target.as_str())
                            || t.step_name.as_deref().map(str::to_lowercase)
                                == Some(wanted.clone()))
                })
                .map(|(at, _)| at);
            advance(&mut cursors.step, found)
        }
        Action::Connect(to) => seen.events_of(call).any(|body| {
            body.get("status").and_then(Value::as_str) == Some("started")
                && body.get("to").and_then(Value::as_str) == Some(to.as_str())
                && body.get("uuid").and_then(Value::as_str) != Some(call)
        }),
        Action::Recording(min) => {
            let found = seen
                .recordings
                .iter()
                .filter(|(c, _)| c == call)
                .enumerate()
                .skip(cursors.recording)
                .find(|(_, (_, seconds))| seconds >= min)
                .map(|(at, _)| at);
            advance(&mut cursors.recording, found)
        }
        Action::WebSocket {
            min_frames,
            content_type,
        } => {
            matches!(seen.socket_of(call), Some(Observed::WebSocket { frames_sent, content_type: format, .. })
            if frames_sent >= min_frames && content_type.as_ref().is_none_or(|c| c == format))
        }
        Action::AudioBack => matches!(
            seen.socket_of(call),
            Some(Observed::WebSocket {
                first_back: Some(_),
                ..
            })
        ),
        Action::Ended(status) => seen
            .ended
            .iter()
            .any(|(c, s)| c == call && status.as_ref().is_none_or(|wanted| wanted == s)),
        Action::Press(_) | Action::Say(_) | Action::Send(_) | Action::Wait(_) | Action::HangUp => {
            true
        }
    }
}

/// What happened instead of `action`, in words.
fn instead(action: &Action, seen: &Seen, call: &str) -> String {
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "nothing".to_owned()
        } else {
            items.join(" | ")
        }
    };
    match action {
        Action::Hear(_) | Action::HearPattern(_) => format!(
            "the phone heard: {}",
            list(seen.captions_of(call).map(|t| format!("“{t}”")).collect())
        ),
        Action::Event(_) | Action::Connect(_) => format!(
            "the events were: {}",
            list(seen.events_of(call).filter_map(event_status).collect())
        ),
        Action::Reach(_) => format!(
            "the flow went: {}",
            list(seen.steps_of(call).map(|t| t.why.clone()).collect())
        ),
        Action::Recording(_) => format!(
            "recordings made: {}",
            list(
                seen.recordings
                    .iter()
                    .filter(|(c, _)| c == call)
                    .map(|(_, s)| format!("{s:.1} s"))
                    .collect()
            )
        ),
        Action::WebSocket { .. } | Action::AudioBack => match seen.socket_of(call) {
            Some(Observed::WebSocket {
                uri,
                content_type,
                frames_sent,
                frames_back,
                ..
            }) => format!(
                "the WebSocket to {uri} ({content_type}) carried {frames_sent} frames and sent {frames_back} back"
            ),
            _ => "no WebSocket was opened".into(),
        },
        Action::Ended(_) => match seen.ended.iter().find(|(c, _)| c == call) {
            Some((_, status)) => format!("the call ended {status}"),
            None => format!(
                "the call is still going; its events were: {}",
                list(seen.events_of(call).filter_map(event_status).collect())
            ),
        },
        _ => String::new(),
    }
}

/// Runs `test` on `platform`, telling `progress` each step's result as it comes.
pub async fn run(
    platform: &Platform,
    test: &TestFile,
    progress: &mut (dyn FnMut(&StepResult) + Send),
) -> TestResult {
    let started = Instant::now();
    let mut watch = Watch::new(platform);
    let mut result = TestResult {
        name: test.name.clone(),
        path: test.path.clone(),
        call: None,
        passed: false,
        steps: Vec::new(),
        evidence: CallEvidence::default(),
        metrics: Metrics::default(),
        took_ms: 0,
    };
    let call = match place(platform, test.call).await {
        Ok(call) => call,
        Err(why) => {
            let step = StepResult {
                line: 1,
                step: "place the call".into(),
                passed: false,
                took_ms: 0,
                failure: Some(why),
                skipped: None,
            };
            progress(&step);
            result.steps.push(step);
            result.took_ms = elapsed_ms(started);
            return result;
        }
    };
    result.call = Some(call.clone());
    let mut cursors = Cursors::default();
    let mut passed = true;
    for step in &test.steps {
        let outcome = run_step(platform, &mut watch, &call, step, &mut cursors).await;
        passed = outcome.passed;
        progress(&outcome);
        result.steps.push(outcome);
        if !passed {
            break;
        }
    }
    // Whatever the test left running ends here, so calls do not pile up.
    let _ = platform.sandbox.hang_up(&call);
    result.passed = passed;
    result.metrics = watch.seen.metrics(&call);
    if !passed {
        result.evidence = watch.seen.evidence(&call);
    }
    result.took_ms = elapsed_ms(started);
    result
}

async fn run_step(
    platform: &Platform,
    watch: &mut Watch,
    call: &str,
    step: &Step,
    cursors: &mut Cursors,
) -> StepResult {
    let started = Instant::now();
    let done = |passed: bool, failure: Option<String>| StepResult {
        line: step.line,
        step: step.action.describe(),
        passed,
        took_ms: elapsed_ms(started),
        failure,
        skipped: None,
    };
    let sandbox = &platform.sandbox;
    let live = |ok: bool| {
        if ok {
            done(true, None)
        } else {
            done(false, Some("the call is not live any more".into()))
        }
    };
    match &step.action {
        Action::Press(keys) => return live(sandbox.press(call, keys)),
        Action::Say(words) => return live(sandbox.say(call, words)),
        Action::HangUp => return live(sandbox.hang_up(call)),
        Action::Send(audio) => {
            sandbox.phone.set_audio(audio.clone());
            return done(true, None);
        }
        Action::Wait(time) => {
            let until = Instant::now() + *time;
            while watch.pump(until).await {}
            return done(true, None);
        }
        Action::Reach(_) if !platform.serves_flow => {
            return StepResult {
                skipped: Some("no flow answers these calls".into()),
                ..done(true, None)
            };
        }
        _ => {}
    }
    let deadline = Instant::now() + step.within;
    loop {
        if met(&step.action, &watch.seen, call, cursors) {
            return done(true, None);
        }
        if !watch.pump(deadline).await {
            return done(
                false,
                Some(format!(
                    "expected to {} within {} s; {}",
                    step.action.describe(),
                    step.within.as_secs_f64(),
                    instead(&step.action, &watch.seen, call)
                )),
            );
        }
    }
}

/// Places the test's call; its UUID.
async fn place(platform: &Platform, from: CallFrom) -> Result<String, String> {
    let sandbox = &platform.sandbox;
    match from {
        CallFrom::Dial => {
            let number = sandbox
                .account()
                .numbers
                .first()
                .cloned()
                .ok_or("the Sandbox application has no number")?;
            sandbox.dial_in(&number).await
        }
        CallFrom::VoiceApi => {
            let account = sandbox.account();
            let client = callboard_vonage::voice::VoiceClient::new(
                &sandbox.base_url(),
                &account.application_id,
                account.private_key.clone(),
                Duration::from_secs(10),
            )
            .map_err(|e| e.to_string())?;
            let application = sandbox.application().await;
            let address = |key: &str| {
                application
                    .as_ref()
                    .and_then(|app| {
                        app["capabilities"]["voice"]["webhooks"][key]["address"].as_str()
                    })
                    .map(|a| vec![a.to_owned()])
            };
            let created = client
                .create_call(&callboard_vonage::voice::CreateCall {
                    to: vec![callboard_vonage::voice::Endpoint::Phone {
                        number: callboard_sandbox::PHONE_NUMBER.into(),
                        dtmf_answer: None,
                    }],
                    random_from_number: Some(true),
                    answer_url: address("answer_url"),
                    event_url: address("event_url"),
                    ..callboard_vonage::voice::CreateCall::default()
                })
                .await
                .map_err(|e| e.to_string())?;
            Ok(created.uuid)
        }
    }
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}
