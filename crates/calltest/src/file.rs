//! The test file: one call and what must happen on it, as TOML.
//!
//! ```toml
//! name = "Pressing 2 reaches support"
//! call = "dial"            # the phone dials the application (default), or "voice_api"
//!
//! [[steps]]
//! hear = "Press 1 for sales"
//!
//! [[steps]]
//! press = "2"
//!
//! [[steps]]
//! hear = "support"
//! within = 10              # seconds to wait (default 10)
//! ```
//!
//! Each step has exactly one action: `hear` (words, without case), `hear_pattern` (a
//! regular expression), `press`, `say`, `send` (`"tone"` or `"silence"`), `send_wav`, `wait`
//! (seconds), `event` (a status such as `answered`), `reach` (a flow step's id or name),
//! `connect` (a connect rings this number),
//! `websocket` (at least this many frames received, with `content_type` to match),
//! `audio_back` (the WebSocket sends audio back), `recording` (at least this many seconds),
//! `hang_up`, `ended` (the call ends, with this status, or `"any"`).

use std::time::Duration;

use serde::Deserialize;

/// How long an expectation waits unless the step says `within`.
pub const DEFAULT_WITHIN: Duration = Duration::from_secs(10);

/// How the test's call begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallFrom {
    /// The virtual phone dials the application's number (an inbound call).
    #[default]
    Dial,
    /// The call is placed to the phone through the Voice API, as the Calls section does.
    VoiceApi,
}

/// One step of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its line in the file.
    pub line: usize,
    /// What it does or expects.
    pub action: Action,
    /// How long an expectation waits.
    pub within: Duration,
}

/// What a step does or expects.
#[derive(Debug, Clone)]
pub enum Action {
    /// Hear these words in the captions (without case).
    Hear(String),
    /// Hear a caption matching this pattern.
    HearPattern(regex_lite::Regex),
    /// Press these keys.
    Press(String),
    /// Say these words.
    Say(String),
    /// Send a tone or silence from now on.
    Send(callboard_sandbox::PhoneAudio),
    /// Wait this long.
    Wait(Duration),
    /// An event with this status is posted.
    Event(String),
    /// The flow enters this step (id or name).
    Reach(String),
    /// A connect rings this number or address (its leg's `started` event).
    Connect(String),
    /// The call's WebSocket has received at least this many frames, of this content type.
    WebSocket {
        /// Frames received at least.
        min_frames: u64,
        /// Its content type, when given.
        content_type: Option<String>,
    },
    /// The WebSocket sends audio back.
    AudioBack,
    /// A recording at least this many seconds long is made.
    Recording(f64),
    /// The phone hangs up.
    HangUp,
    /// The call ends, with this status (or any).
    Ended(Option<String>),
}

impl PartialEq for Action {
    fn eq(&self, other: &Self) -> bool {
        self.describe() == other.describe()
    }
}

impl Action {
    /// The step in words, as the run prints it.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Hear(words) => format!("hear “{words}”"),
            Self::HearPattern(pattern) => format!("hear /{}/", pattern.as_str()),
            Self::Press(keys) => format!("press {keys}"),
            Self::Say(words) => format!("say “{words}”"),
            Self::Send(audio) => match audio {
                callboard_sandbox::PhoneAudio::Wav { path } => format!("send {path}"),
                callboard_sandbox::PhoneAudio::Tone => "send a tone".into(),
                callboard_sandbox::PhoneAudio::Silence => "send silence".into(),
            },
            Self::Wait(time) => format!("wait {} s", time.as_secs_f64()),
            Self::Event(status) => format!("event {status}"),
            Self::Reach(step) => format!("reach the step {step}"),
            Self::Connect(to) => format!("a connect to {to}"),
            Self::WebSocket {
                min_frames,
                content_type,
            } => format!(
                "a WebSocket receives {min_frames} frames{}",
                content_type
                    .as_ref()
                    .map(|c| format!(" of {c}"))
                    .unwrap_or_default()
            ),
            Self::AudioBack => "audio back from the WebSocket".into(),
            Self::Recording(seconds) => format!("a recording of {seconds} s or more"),
            Self::HangUp => "hang up".into(),
            Self::Ended(Some(status)) => format!("the call ends {status}"),
            Self::Ended(None) => "the call ends".into(),
        }
    }
}

/// A test, read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFile {
    /// Where it was read from.
    pub path: String,
    /// Its name (the file's stem unless it says).
    pub name: String,
    /// How the call begins.
    pub call: CallFrom,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

/// Why a file is not a test.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct FileError {
    /// The file.
    pub path: String,
    /// The line (1-based), 0 when the file could not be read.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    name: Option<String>,
    #[serde(default)]
    call: CallFrom,
    #[serde(default)]
    steps: Vec<toml::Spanned<StepSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    hear: Option<String>,
    hear_pattern: Option<String>,
    press: Option<String>,
    say: Option<String>,
    send: Option<String>,
    send_wav: Option<String>,
    wait: Option<f64>,
    event: Option<String>,
    reach: Option<String>,
    connect: Option<String>,
    websocket: Option<u64>,
    content_type: Option<String>,
    audio_back: Option<bool>,
    recording: Option<f64>,
    hang_up: Option<bool>,
    ended: Option<String>,
    within: Option<f64>,
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn seconds(value: f64, what: &str) -> Result<Duration, String> {
    if value.is_finite() && (0.0..=3600.0).contains(&value) {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(format!(
            "{what} must be between 0 and 3600 seconds, not {value}"
        ))
    }
}

impl TestFile {
    /// Reads a test from its text; `path` names it in errors and its stem names it.
    ///
    /// # Errors
    /// A [`FileError`] with the line of the mistake: not TOML, an unknown key, a step
    /// with no action or two, keys that are not keys, a pattern that does not compile.
    pub fn parse(path: &str, text: &str) -> Result<Self, FileError> {
        let error = |line: usize, message: String| FileError {
            path: path.to_owned(),
            line,
            message,
        };
        let spec: FileSpec = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            error(line, e.message().to_owned())
        })?;
        if spec.steps.is_empty() {
            return Err(error(1, "a test needs at least one [[steps]]".into()));
        }
        let mut steps = Vec::new();
        for spanned in spec.steps {
            let line = line_of(text, spanned.span().start);
            let step = spanned.into_inner();
            let action = action_of(&step).map_err(|message| error(line, message))?;
            let within = step
                .within
                .map(|w| seconds(w, "within"))
                .transpose()
                .map_err(|message| error(line, message))?
                .unwrap_or(DEFAULT_WITHIN);
            steps.push(Step {
                line,
                action,
                within,
            });
        }
        let name = spec.name.unwrap_or_else(|| {
            std::path::Path::new(path)
                .file_stem()
                .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned())
        });
        Ok(Self {
            path: path.to_owned(),
            name,
            call: spec.call,
            steps,
        })
    }
}

fn action_of(step: &StepSpec) -> Result<Action, String> {
    let mut actions = Vec::new();
    if let Some(words) = &step.hear {
        actions.push(Action::Hear(words.clone()));
    }
    if let Some(pattern) = &step.hear_pattern {
        let regex = regex_lite::Regex::new(pattern)
            .map_err(|e| format!("hear_pattern is not a regular expression: {e}"))?;
        actions.push(Action::HearPattern(regex));
    }
    if let Some(keys) = &step.press {
        if keys.is_empty()
            || !keys
                .chars()
                .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
        {
            return Err(format!("press takes digits, * and #, not “{keys}”"));
        }
        actions.push(Action::Press(keys.clone()));
    }
    if let Some(words) = &step.say {
        if words.trim().is_empty() {
            return Err("say needs words".into());
        }
        actions.push(Action::Say(words.clone()));
    }
    if let Some(send) = &step.send {
        actions.push(Action::Send(match send.as_str() {
            "tone" => callboard_sandbox::PhoneAudio::Tone,
            "silence" => callboard_sandbox::PhoneAudio::Silence,
            other => {
                return Err(format!(
                    "send is \"tone\" or \"silence\" (or use send_wav), not “{other}”"
                ));
            }
        }));
    }
    if let Some(path) = &step.send_wav {
        actions.push(Action::Send(callboard_sandbox::PhoneAudio::Wav {
            path: path.clone(),
        }));
    }
    if let Some(wait) = step.wait {
        actions.push(Action::Wait(seconds(wait, "wait")?));
    }
    if let Some(status) = &step.event {
        actions.push(Action::Event(status.clone()));
    }
    if let Some(target) = &step.reach {
        actions.push(Action::Reach(target.clone()));
    }
    if let Some(to) = &step.connect {
        actions.push(Action::Connect(to.clone()));
    }
    if let Some(min_frames) = step.websocket {
        actions.push(Action::WebSocket {
            min_frames,
            content_type: step.content_type.clone(),
        });
    } else if step.content_type.is_some() {
        return Err("content_type goes with websocket".into());
    }
    if step.audio_back == Some(true) {
        actions.push(Action::AudioBack);
    }
    if let Some(seconds) = step.recording {
        actions.push(Action::Recording(seconds));
    }
    if step.hang_up == Some(true) {
        actions.push(Action::HangUp);
    }
    if let Some(status) = &step.ended {
        actions.push(Action::Ended((status != "any").then(|| status.clone())));
    }
    match actions.len() {
        1 => Ok(actions.remove(0)),
        0 => Err("the step has no action (hear, press, say, wait, event, reach, recording, hang_up, ended, …)".into()),
        _ => Err(format!(
            "the step has {} actions ({}); give each its own [[steps]]",
            actions.len(),
            actions.iter().map(Action::describe).collect::<Vec<_>>().join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_test_with_each_steps_line() {
        let test = TestFile::parse(
            "tests/support.toml",
            "# a comment\ncall = \"dial\"\n\n[[steps]]\nhear = \"Press 1\"\n\n[[steps]]\npress = \"2\"\nwithin = 3\n",
        )
        .expect("a test");
        assert_eq!(test.name, "support");
        assert_eq!(test.steps.len(), 2);
        assert_eq!(test.steps[0].line, 4);
        assert_eq!(test.steps[1].line, 7);
        assert_eq!(test.steps[1].action.describe(), "press 2");
        assert_eq!(test.steps[1].within, Duration::from_secs(3));
    }

    #[test]
    fn each_mistake_is_named_with_its_line() {
        for (text, line, says) in [
            ("[[steps]]\nhear = \"a\"\npress = \"1\"\n", 1, "2 actions"),
            (
                "[[steps]]\nhear = \"a\"\n\n[[steps]]\nwithin = 3\n",
                4,
                "no action",
            ),
            ("[[steps]]\npress = \"1a\"\n", 1, "digits, * and #"),
            ("[[steps]]\nheer = \"a\"\n", 2, "unknown field"),
            ("name = \n", 1, ""),
            ("[[steps]]\nhear_pattern = \"(\"\n", 1, "regular expression"),
            ("[[steps]]\nwait = -1\n", 1, "between 0 and 3600"),
            ("name = \"x\"\n", 1, "at least one"),
        ] {
            let error = TestFile::parse("t.toml", text).expect_err(text);
            assert_eq!(error.line, line, "{text}: {error}");
            assert!(error.message.contains(says), "{text}: {error}");
        }
    }
}
