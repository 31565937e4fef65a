//! Running a flow: which step each call is in, chosen from what Vonage posts back.
//!
//! The [`Runner`] answers the answer webhook with the start step and each of the flow's
//! routes with the step its outcome leads to, rendered for the call. What a call has
//! pressed, said and recorded, and how often it entered each step, is kept in memory
//! per call uuid (at most [`Runner::MAX_CALLS`] calls, the oldest forgotten first).
//!
//! Anything Vonage would never send (a body that is not a JSON object, an input result
//! without `dtmf` or `speech`, keys that are not keys, a route of a step or flow that no
//! longer exists) gets a short apology and the step again or a goodbye, never an error
//! status and never an empty answer that would end the call without a word, and the
//! [`Taken`] it returns says what was wrong.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use callboard_ncco::CallContext;
use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{ConnectStatus, Flow, Step, When, keys_match, normalise_words};
use crate::render::{Outcome, step_ncco};

/// What the caller hears when the flow cannot go on as written.
pub const APOLOGY: &str = "Sorry, something went wrong.";

/// The most keys kept from one input (Vonage's `maxDigits` is at most 20).
const MAX_KEYS: usize = 20;
/// The most characters of speech kept from one input.
const MAX_SPEECH: usize = 200;

/// A step entered, and why: kept with the exchange that entered it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Taken {
    /// The flow's key, as in its routes.
    pub flow: String,
    /// The step entered, if any.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub step: Option<String>,
    /// Its shown name.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub step_name: Option<String>,
    /// Why, in words ("pressed 2 → Support").
    pub why: String,
    /// What was wrong with what Vonage sent, if anything.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub problem: Option<String>,
}

/// The answer to one of the flow's webhooks.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The NCCO to answer with, or nothing for an event that only informs.
    pub ncco: Option<Value>,
    /// What the call did, for the Inspector and the timeline.
    pub taken: Taken,
}

/// One call's place in the flow.
#[derive(Debug, Default)]
struct CallState {
    visits: HashMap<String, u32>,
    dtmf: String,
    speech: String,
    recording_url: String,
}

#[derive(Debug, Default)]
struct Calls {
    states: HashMap<String, CallState>,
    order: VecDeque<String>,
}

/// A flow being served.
#[derive(Debug)]
pub struct Runner {
    key: String,
    flow: Flow,
    calls: Mutex<Calls>,
}

/// What a call brought to an outcome route.
enum Result_ {
    Keys(String),
    Said(String),
    Nothing,
}

impl Runner {
    /// Calls whose state is kept at once; another call forgets the oldest.
    pub const MAX_CALLS: usize = 10_000;

    /// Serves `flow` under the routes of `key` (written into every route's path).
    #[must_use]
    pub fn new(key: impl Into<String>, flow: Flow) -> Self {
        Self {
            key: key.into(),
            flow,
            calls: Mutex::new(Calls::default()),
        }
    }

    /// The flow's key.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The flow served.
    #[must_use]
    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// The answer webhook: the start step, for the call in `context`.
    #[must_use]
    pub fn answer(&self, context: &CallContext) -> Answer {
        let mut calls = self.lock();
        let state = calls.fresh(&context.uuid);
        let start = self.flow.start.clone();
        self.enter(state, context, &start, "call answered".into(), None)
    }

    /// One of the flow's routes: `flow_key`, `step` and `outcome` as in its path, `body`
    /// what Vonage sent (the JSON body, or the query's fields for a GET).
    #[must_use]
    pub fn event(
        &self,
        flow_key: &str,
        step: &str,
        outcome: Option<Outcome>,
        body: Option<&Value>,
        context: &CallContext,
    ) -> Answer {
        let mut calls = self.lock();
        let state = calls.get(&context.uuid);
        let Some(current) = self.flow.step(step).filter(|_| flow_key == self.key) else {
            return self.goodbye(
                None,
                format!(
                    "a route of a step or flow that is not being served ({}/{}); the flow changed during the call",
                    clip(flow_key, crate::model::MAX_ID_LENGTH),
                    clip(step, crate::model::MAX_ID_LENGTH)
                ),
            );
        };
        let Some(outcome) = outcome else {
            return self.goodbye(Some(current), "an unknown route of the step".into());
        };
        let Some(body) = body.filter(|b| b.is_object()) else {
            return self.again(
                state,
                context,
                current,
                "the webhook's body is not a JSON object".into(),
            );
        };
        match outcome {
            Outcome::Input => self.input(state, context, current, body),
            Outcome::Connect => self.connect(state, context, current, body),
            Outcome::Record => match body.get("recording_url").and_then(Value::as_str) {
                Some(url)
                    if (url.starts_with("https://") || url.starts_with("http://"))
                        && url.len() <= 2048
                        && !url.contains(char::is_whitespace) =>
                {
                    url.clone_into(&mut state.recording_url);
                    self.informed(current, "recording made".into(), None)
                }
                _ => self.informed(
                    current,
                    "recording event".into(),
                    Some("the record event has no recording_url that is an http(s) URL".into()),
                ),
            },
            Outcome::Next => match &current.next {
                Some(next) => {
                    let next = next.clone();
                    self.enter(
                        state,
                        context,
                        &next,
                        format!("after {}", current.name),
                        None,
                    )
                }
                None => self.goodbye(
                    Some(current),
                    "the step's next route was called, but the step has no next step".into(),
                ),
            },
        }
    }

    fn input(
        &self,
        state: &mut CallState,
        context: &CallContext,
        current: &Step,
        body: &Value,
    ) -> Answer {
        let result = match read_input(body) {
            Ok(result) => result,
            Err(problem) => return self.again(state, context, current, problem),
        };
        let (why, chosen) = match &result {
            Result_::Keys(keys) => {
                keys.clone_into(&mut state.dtmf);
                let chosen = current.branches.iter().find(|b| match &b.when {
                    When::Keys { keys: pattern } => keys_match(pattern, keys),
                    _ => false,
                });
                (format!("pressed {keys}"), chosen)
            }
            Result_::Said(text) => {
                text.clone_into(&mut state.speech);
                let heard = normalise_words(text);
                let chosen = current.branches.iter().find(|b| match &b.when {
                    When::Said { phrases } => phrases.iter().any(|p| normalise_words(p) == heard),
                    _ => false,
                });
                (format!("said “{text}”"), chosen)
            }
            Result_::Nothing => (
                "no input".to_owned(),
                current.branches.iter().find(|b| b.when == When::NoInput),
            ),
        };
        let chosen = chosen.or_else(|| match result {
            Result_::Nothing => None,
            _ => current.branches.iter().find(|b| b.when == When::Other),
        });
        match chosen {
            Some(branch) => {
                let to = branch.to.clone();
                self.enter(state, context, &to, why, None)
            }
            None => self.goodbye(Some(current), format!("{why}, and no branch takes it")),
        }
    }

    fn connect(
        &self,
        state: &mut CallState,
        context: &CallContext,
        current: &Step,
        body: &Value,
    ) -> Answer {
        let status = body.get("status").and_then(Value::as_str).unwrap_or("");
        let Some(status) = ConnectStatus::parse(status) else {
            // started, ringing, answered, completed: the call goes on as it is.
            return self.informed(current, format!("connect {}", clip(status, 32)), None);
        };
        let branch = current
            .branches
            .iter()
            .find(|b| b.when == When::Connect { status });
        match branch {
            Some(branch) => {
                let to = branch.to.clone();
                self.enter(state, context, &to, status.as_str().into(), None)
            }
            // Without a branch, the rest of the NCCO goes on (as Vonage does).
            None => self.informed(current, format!("connect {}", status.as_str()), None),
        }
    }

    /// Enters `target` (or where its repeat limit sends the call), rendered for the call.
    fn enter(
        &self,
        state: &mut CallState,
        context: &CallContext,
        target: &str,
        why: String,
        problem: Option<String>,
    ) -> Answer {
        let mut target = target.to_owned();
        let mut why = why;
        // Each hop enters a different step's limit; more hops than steps is a cycle.
        for _ in 0..=self.flow.steps.len() {
            let Some(step) = self.flow.step(&target) else {
                return self.goodbye(
                    None,
                    format!("a branch goes to the missing step “{target}”"),
                );
            };
            let visits = state.visits.entry(step.id.clone()).or_insert(0);
            match &step.repeat {
                Some(repeat) if *visits >= repeat.times => {
                    why = format!("{why}; {} {} times already", step.name, repeat.times);
                    target.clone_from(&repeat.then);
                }
                _ => {
                    *visits += 1;
                    let rendered = self.render(step, state, context);
                    return Answer {
                        ncco: Some(rendered),
                        taken: Taken {
                            flow: self.key.clone(),
                            step: Some(step.id.clone()),
                            step_name: Some(step.name.clone()),
                            why: format!("{why} → {}", step.name),
                            problem,
                        },
                    };
                }
            }
        }
        self.goodbye(None, "every step's repeat limit is reached".into())
    }

    /// A problem with what Vonage sent: an apology, then the step again (within its
    /// repeat limit).
    fn again(
        &self,
        state: &mut CallState,
        context: &CallContext,
        current: &Step,
        problem: String,
    ) -> Answer {
        let mut answer = self.enter(
            state,
            context,
            &current.id,
            "a result that could not be read".into(),
            Some(problem),
        );
        if let Some(Value::Array(actions)) = &mut answer.ncco {
            actions.insert(0, json!({"action": "talk", "text": APOLOGY}));
        }
        answer
    }

    /// The call cannot go on: an apology, and the call ends.
    fn goodbye(&self, current: Option<&Step>, problem: String) -> Answer {
        Answer {
            ncco: Some(json!([{"action": "talk", "text": APOLOGY}])),
            taken: Taken {
                flow: self.key.clone(),
                step: current.map(|s| s.id.clone()),
                step_name: current.map(|s| s.name.clone()),
                why: "the call ends with an apology".into(),
                problem: Some(problem),
            },
        }
    }

    /// An event that only informs: answered with no NCCO, so the call goes on.
    fn informed(&self, current: &Step, why: String, problem: Option<String>) -> Answer {
        Answer {
            ncco: None,
            taken: Taken {
                flow: self.key.clone(),
                step: Some(current.id.clone()),
                step_name: Some(current.name.clone()),
                why,
                problem,
            },
        }
    }

    fn render(&self, step: &Step, state: &CallState, context: &CallContext) -> Value {
        let context = CallContext {
            dtmf: state.dtmf.clone(),
            speech: state.speech.clone(),
            recording_url: state.recording_url.clone(),
            ..context.clone()
        };
        callboard_ncco::render(&step_ncco(&self.key, step), &context)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Calls> {
        self.calls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The answer to a flow route when no flow is being served (it was made inactive
/// during the call): an apology, and the call ends.
#[must_use]
pub fn not_served(flow_key: &str) -> Answer {
    Answer {
        ncco: Some(json!([{"action": "talk", "text": APOLOGY}])),
        taken: Taken {
            flow: clip(flow_key, crate::model::MAX_ID_LENGTH),
            step: None,
            step_name: None,
            why: "the call ends with an apology".into(),
            problem: Some("a flow route was called, but no flow is being served".into()),
        },
    }
}

impl Calls {
    /// The call's state, started afresh (an answer request begins the call).
    fn fresh(&mut self, uuid: &str) -> &mut CallState {
        self.states.remove(uuid);
        self.get(uuid)
    }

    /// The call's state, made if this is the first the flow hears of it.
    fn get(&mut self, uuid: &str) -> &mut CallState {
        if !self.states.contains_key(uuid) {
            while self.states.len() >= Runner::MAX_CALLS {
                match self.order.pop_front() {
                    Some(oldest) => {
                        self.states.remove(&oldest);
                    }
                    None => break,
                }
            }
            self.order.retain(|u| u != uuid);
            self.order.push_back(uuid.to_owned());
        }
        self.states.entry(uuid.to_owned()).or_default()
    }
}

/// Reads an input result (`docs/vonage.md` §5): keys from `dtmf.digits`, words from the
/// first of `speech.results`, or nothing (timed out, no speech).
fn read_input(body: &Value) -> Result<Result_, String> {
    let dtmf = body.get("dtmf");
    let speech = body.get("speech");
    if dtmf.is_none() && speech.is_none() {
        return Err("the input result has neither dtmf nor speech".into());
    }
    if let Some(said) = speech
        .and_then(|s| s.get("results"))
        .and_then(Value::as_array)
        .and_then(|results| results.first())
    {
        let text = said
            .get("text")
            .and_then(Value::as_str)
            .ok_or("the first speech result has no text")?;
        let text = clean_speech(text);
        if !text.is_empty() {
            return Ok(Result_::Said(text));
        }
    }
    match dtmf.and_then(|d| d.get("digits")) {
        None | Some(Value::Null) => Ok(Result_::Nothing),
        Some(Value::String(digits)) if digits.is_empty() => Ok(Result_::Nothing),
        Some(Value::String(digits)) => {
            if digits.len() > MAX_KEYS {
                Err(format!(
                    "{} keys in one input; Vonage sends at most {MAX_KEYS}",
                    digits.len()
                ))
            } else if let Some(bad) = digits
                .chars()
                .find(|c| !(c.is_ascii_digit() || *c == '*' || *c == '#'))
            {
                Err(format!(
                    "the digits contain “{}”, which is not a key",
                    clip(&bad.to_string(), 4)
                ))
            } else {
                Ok(Result_::Keys(digits.clone()))
            }
        }
        Some(_) => Err("dtmf.digits is not text".into()),
    }
}

/// What a caller said, as kept and rendered: letters, digits, spaces and plain
/// punctuation only (no markup, no braces), at most [`MAX_SPEECH`] characters.
fn clean_speech(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '\'' | '-' | '.' | ',' | '?' | '!'))
        .take(MAX_SPEECH)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(text: &str, most: usize) -> String {
    text.chars().take(most).collect()
}
