//! Call tests saved in SQLite, each a TOML test file (`docs/call-tests.md`) with its last
//! run; the steps as the window's form edits them; and a test made from what a call did.

use callboard_calltest::{
    TestFile,
    file::Action,
    run::{CallEvidence, StepResult},
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{db::Named, error::CoreError, id::Id};

/// What a step does, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TestStepKind {
    /// Hear words.
    Hear,
    /// Hear a pattern.
    HearPattern,
    /// Press keys.
    Press,
    /// Say words.
    Say,
    /// Send a tone or silence.
    Send,
    /// Send a WAV file.
    SendWav,
    /// Wait seconds.
    Wait,
    /// An event status.
    Event,
    /// A flow step.
    Reach,
    /// A connect to a number.
    Connect,
    /// WebSocket frames.
    Websocket,
    /// Audio back from the WebSocket.
    AudioBack,
    /// A recording's seconds.
    Recording,
    /// Hang up.
    HangUp,
    /// The call ends.
    Ended,
}

impl TestStepKind {
    /// The key in the test file.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Hear => "hear",
            Self::HearPattern => "hear_pattern",
            Self::Press => "press",
            Self::Say => "say",
            Self::Send => "send",
            Self::SendWav => "send_wav",
            Self::Wait => "wait",
            Self::Event => "event",
            Self::Reach => "reach",
            Self::Connect => "connect",
            Self::Websocket => "websocket",
            Self::AudioBack => "audio_back",
            Self::Recording => "recording",
            Self::HangUp => "hang_up",
            Self::Ended => "ended",
        }
    }
}

/// One step as the form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TestStep {
    /// What it does.
    pub kind: TestStepKind,
    /// Its value as typed (words, keys, seconds, a status); empty for hang up.
    pub value: String,
    /// How long it waits, seconds (the default 10 when none).
    pub within: Option<f64>,
}

/// A saved test, as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CallTestSummary {
    /// Its id.
    pub id: Id,
    /// Its unique name.
    pub name: String,
    /// How many steps.
    pub steps: u32,
    /// When it was last saved.
    pub updated_at: String,
    /// Its last run.
    pub last_run: Option<TestRunView>,
}

/// A saved test, whole.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CallTestDocument {
    /// Its id.
    pub id: Id,
    /// Its unique name.
    pub name: String,
    /// The test file.
    pub text: String,
    /// Its steps, as the form edits them.
    pub steps: Vec<TestStep>,
}

/// How a run of a saved test went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TestRunView {
    /// The test.
    pub test_id: Id,
    /// When it ran, ms since 1970.
    #[ts(type = "number")]
    pub at_ms: i64,
    /// Whether every step passed.
    pub passed: bool,
    /// The call it placed, whose timeline the Calls section shows.
    pub call: Option<String>,
    /// Each step run, up to the first failure.
    pub steps: Vec<StepResult>,
    /// What the call showed, for a failure.
    pub evidence: CallEvidence,
    /// How long it took.
    #[ts(type = "number")]
    pub took_ms: u64,
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The test file for `name` and `steps`.
#[must_use]
pub fn to_text(name: &str, steps: &[TestStep]) -> String {
    let mut out = format!("name = {}\n", quoted(name.trim()));
    for step in steps {
        out.push_str("\n[[steps]]\n");
        let value = step.value.trim();
        let line = match step.kind {
            TestStepKind::HangUp | TestStepKind::AudioBack => "true".to_owned(),
            TestStepKind::Wait | TestStepKind::Recording | TestStepKind::Websocket
                if value.parse::<f64>().is_ok() =>
            {
                value.to_owned()
            }
            _ => quoted(value),
        };
        out.push_str(&format!("{} = {line}\n", step.kind.key()));
        if let Some(within) = step.within {
            out.push_str(&format!("within = {within}\n"));
        }
    }
    out
}

/// The form's steps of a test read from its file.
#[must_use]
pub fn steps_of(test: &TestFile) -> Vec<TestStep> {
    test.steps
        .iter()
        .map(|step| {
            let (kind, value) = match &step.action {
                Action::Hear(words) => (TestStepKind::Hear, words.clone()),
                Action::HearPattern(pattern) => {
                    (TestStepKind::HearPattern, pattern.as_str().to_owned())
                }
                Action::Press(keys) => (TestStepKind::Press, keys.clone()),
                Action::Say(words) => (TestStepKind::Say, words.clone()),
                Action::Send(callboard_sandbox::PhoneAudio::Wav { path }) => {
                    (TestStepKind::SendWav, path.clone())
                }
                Action::Send(callboard_sandbox::PhoneAudio::Tone) => {
                    (TestStepKind::Send, "tone".into())
                }
                Action::Send(callboard_sandbox::PhoneAudio::Silence) => {
                    (TestStepKind::Send, "silence".into())
                }
                Action::Wait(time) => (TestStepKind::Wait, time.as_secs_f64().to_string()),
                Action::Event(status) => (TestStepKind::Event, status.clone()),
                Action::Reach(target) => (TestStepKind::Reach, target.clone()),
                Action::Connect(to) => (TestStepKind::Connect, to.clone()),
                Action::WebSocket { min_frames, .. } => {
                    (TestStepKind::Websocket, min_frames.to_string())
                }
                Action::AudioBack => (TestStepKind::AudioBack, String::new()),
                Action::Recording(seconds) => (TestStepKind::Recording, seconds.to_string()),
                Action::HangUp => (TestStepKind::HangUp, String::new()),
                Action::Ended(status) => (
                    TestStepKind::Ended,
                    status.clone().unwrap_or_else(|| "any".into()),
                ),
            };
            let waits = !matches!(
                step.action,
                Action::Press(_)
                    | Action::Say(_)
                    | Action::Send(_)
                    | Action::Wait(_)
                    | Action::HangUp
            );
            TestStep {
                kind,
                value,
                within: (waits && step.within != callboard_calltest::file::DEFAULT_WITHIN)
                    .then_some(step.within.as_secs_f64()),
            }
        })
        .collect()
}

/// Reads a test file as saved under `name`, or why it is not one (with its line).
///
/// # Errors
/// [`CoreError::InvalidInput`] naming the line.
pub fn parse(name: &str, text: &str) -> Result<TestFile, CoreError> {
    TestFile::parse(name, text)
        .map_err(|e| CoreError::input(format!("line {} of the test: {}", e.line, e.message)))
}

/// Every saved test, by name.
///
/// # Errors
/// Storage errors.
pub fn list(connection: &Connection) -> Result<Vec<CallTestSummary>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT id, name, body, updated_at, last_run FROM call_tests ORDER BY name COLLATE NOCASE",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, Id>("id")?,
            row.get::<_, String>("name")?,
            row.get::<_, String>("body")?,
            row.get::<_, String>("updated_at")?,
            row.get::<_, Option<String>>("last_run")?,
        ))
    })?;
    let mut tests = Vec::new();
    for row in rows {
        let (id, name, body, updated_at, last_run) = row?;
        tests.push(CallTestSummary {
            steps: TestFile::parse(&name, &body)
                .map_or(0, |t| u32::try_from(t.steps.len()).unwrap_or(u32::MAX)),
            id,
            name,
            updated_at,
            last_run: last_run.and_then(|text| serde_json::from_str(&text).ok()),
        });
    }
    Ok(tests)
}

/// One saved test.
///
/// # Errors
/// [`CoreError::TestNotFound`]; storage errors.
pub fn get(connection: &Connection, id: Id) -> Result<CallTestDocument, CoreError> {
    let (name, text) = connection
        .query_row(
            "SELECT name, body FROM call_tests WHERE id = ?1",
            [id],
            |row| Ok((row.get::<_, String>("name")?, row.get::<_, String>("body")?)),
        )
        .optional()?
        .ok_or(CoreError::TestNotFound(id))?;
    let steps = TestFile::parse(&name, &text)
        .map(|t| steps_of(&t))
        .unwrap_or_default();
    Ok(CallTestDocument {
        id,
        name,
        text,
        steps,
    })
}

/// Saves a test file (new when `id` is `None`); refused, with its line, when it is not a test.
///
/// # Errors
/// [`CoreError::InvalidInput`] for a bad file, an empty or taken name; storage errors.
pub fn save(
    connection: &Connection,
    id: Option<Id>,
    name: &str,
    text: &str,
) -> Result<CallTestDocument, CoreError> {
    let name = Named::CallTest.checked_name(name)?;
    parse(name, text)?;
    let id = Named::CallTest.save(connection, id, name, Some(text))?;
    get(connection, id)
}

/// Deletes a test.
///
/// # Errors
/// [`CoreError::TestNotFound`]; storage errors.
pub fn delete(connection: &Connection, id: Id) -> Result<(), CoreError> {
    Named::CallTest.delete(connection, id)
}

/// Keeps a run as the test's last.
///
/// # Errors
/// Storage errors.
pub fn record_run(connection: &Connection, run: &TestRunView) -> Result<(), CoreError> {
    connection.execute(
        "UPDATE call_tests SET last_run = ?1 WHERE id = ?2",
        params![serde_json::to_string(run).unwrap_or_default(), run.test_id],
    )?;
    Ok(())
}

/// A test of what call `uuid` did, from what the listener kept: each talk of the NCCOs
/// served as something to hear, each input result as the keys pressed or words said, and
/// how the call ended.
///
/// # Errors
/// Storage errors.
pub fn from_call(connection: &Connection, uuid: &str) -> Result<Vec<TestStep>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT route, request_body, response_body, status FROM exchanges WHERE call_uuid = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([uuid], |row| {
        Ok((
            row.get::<_, String>("route")?,
            row.get::<_, String>("request_body")?,
            row.get::<_, String>("response_body")?,
            row.get::<_, u16>("status")?,
        ))
    })?;
    let mut steps = Vec::new();
    let mut ended = None;
    for row in rows {
        let (route, request, response, _) = row?;
        let request: Value = serde_json::from_str(&request).unwrap_or(Value::Null);
        if let Some(digits) = request
            .pointer("/dtmf/digits")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty())
        {
            steps.push(TestStep {
                kind: TestStepKind::Press,
                value: digits.to_owned(),
                within: None,
            });
        } else if let Some(said) = request
            .pointer("/speech/results/0/text")
            .and_then(Value::as_str)
        {
            steps.push(TestStep {
                kind: TestStepKind::Say,
                value: said.to_owned(),
                within: None,
            });
        }
        if route == "event"
            && let Some(status) = request.get("status").and_then(Value::as_str)
            && request.get("uuid").and_then(Value::as_str) == Some(uuid)
            && matches!(
                status,
                "completed"
                    | "busy"
                    | "failed"
                    | "rejected"
                    | "unanswered"
                    | "timeout"
                    | "cancelled"
            )
        {
            ended = Some((
                status.to_owned(),
                request
                    .get("disconnected_by")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            ));
        }
        let served: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
        for action in served.as_array().into_iter().flatten() {
            if action.get("action").and_then(Value::as_str) == Some("talk")
                && let Some(text) = action.get("text").and_then(Value::as_str)
                && !text.contains('<')
            {
                steps.push(TestStep {
                    kind: TestStepKind::Hear,
                    value: text.to_owned(),
                    within: None,
                });
            }
        }
    }
    if let Some((status, by)) = ended {
        if by.as_deref() == Some("user") {
            steps.push(TestStep {
                kind: TestStepKind::HangUp,
                value: String::new(),
                within: None,
            });
        }
        steps.push(TestStep {
            kind: TestStepKind::Ended,
            value: status,
            within: Some(30.0),
        });
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_and_the_file_say_the_same_test() {
        let steps = vec![
            TestStep {
                kind: TestStepKind::Hear,
                value: "Press \"1\"".into(),
                within: Some(5.0),
            },
            TestStep {
                kind: TestStepKind::Press,
                value: "2".into(),
                within: None,
            },
            TestStep {
                kind: TestStepKind::Wait,
                value: "1.5".into(),
                within: None,
            },
            TestStep {
                kind: TestStepKind::HangUp,
                value: String::new(),
                within: None,
            },
            TestStep {
                kind: TestStepKind::Ended,
                value: "completed".into(),
                within: Some(20.0),
            },
        ];
        let text = to_text("A test", &steps);
        let test = parse("A test", &text).expect("a test");
        assert_eq!(test.name, "A test");
        assert_eq!(steps_of(&test), steps, "{text}");
        let bad = vec![TestStep {
            kind: TestStepKind::Press,
            value: "1a".into(),
            within: None,
        }];
        let error = parse("x", &to_text("x", &bad))
            .expect_err("not keys")
            .to_string();
        assert!(error.contains("line 3"), "{error}");
    }
}
