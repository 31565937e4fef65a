//! A step as served: its NCCO with Callboard's own routes written in where the flow
//! needs Vonage to come back (`docs/vonage.md` §3 and §5).
//!
//! - The last action, when it is an `input` (or a `connect` the step branches on), sends
//!   its result to the step's `input` (or `connect`) route; a branched-on `connect` is
//!   made synchronous, so that its failure events may answer with an NCCO.
//! - A `record` without an `eventUrl` of its own reports to the step's `record` route,
//!   so that `{recording_url}` is known to later steps.
//! - A step with a `next` ends with a `notify` to its `next` route, whose answer is the
//!   next step (Vonage replaces the rest of the NCCO with what a notify's event answers).
//!   Vonage posts only a notify's payload, so the payload carries the call's `{uuid}`.

use serde_json::{Value, json};

use crate::model::{Step, When};

/// Which of a step's routes Vonage calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The `input` action's result.
    Input,
    /// A synchronous `connect`'s events.
    Connect,
    /// A `record` action's recording.
    Record,
    /// The step's actions are over.
    Next,
}

impl Outcome {
    /// The last segment of the route's path.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Connect => "connect",
            Self::Record => "record",
            Self::Next => "next",
        }
    }

    /// The outcome a path segment names.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Input, Self::Connect, Self::Record, Self::Next]
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// The path of one of a step's routes, under the public URL.
#[must_use]
pub fn route_path(flow_key: &str, step: &str, outcome: Outcome) -> String {
    format!(
        "{}{flow_key}/{step}/{}",
        callboard_ncco::paths::FLOW_PREFIX,
        outcome.as_str()
    )
}

/// The action's name.
pub(crate) fn action_name(action: &Value) -> &str {
    action.get("action").and_then(Value::as_str).unwrap_or("")
}

/// Whether the step branches on a connect's outcome.
pub(crate) fn branches_on_connect(step: &Step) -> bool {
    step.branches
        .iter()
        .any(|branch| matches!(branch.when, When::Connect { .. }))
}

/// The step's NCCO with the flow's routes written in, placeholders not yet rendered
/// (`{public_url}` stands for the public URL, as in any NCCO).
#[must_use]
pub fn step_ncco(flow_key: &str, step: &Step) -> Value {
    let url = |outcome| {
        json!([format!(
            "{{public_url}}{}",
            route_path(flow_key, &step.id, outcome)
        )])
    };
    let mut actions = step.ncco.clone();
    let last = actions.len().saturating_sub(1);
    for (index, action) in actions.iter_mut().enumerate() {
        let Some(fields) = action.as_object_mut() else {
            continue;
        };
        match fields.get("action").and_then(Value::as_str) {
            Some("input") if index == last => {
                fields.insert("eventUrl".into(), url(Outcome::Input));
            }
            Some("connect") if index == last && branches_on_connect(step) => {
                fields.insert("eventType".into(), json!("synchronous"));
                fields.insert("eventUrl".into(), url(Outcome::Connect));
            }
            Some("record") if !fields.contains_key("eventUrl") => {
                fields.insert("eventUrl".into(), url(Outcome::Record));
            }
            _ => {}
        }
    }
    let ends_in_input = step.ncco.last().is_some_and(|a| action_name(a) == "input");
    if step.next.is_some() && !ends_in_input {
        // Vonage posts only the payload, so the payload names the call.
        actions.push(json!({
            "action": "notify",
            "payload": {"callboard": "next", "uuid": "{uuid}", "conversation_uuid": "{conversation_uuid}"},
            "eventUrl": url(Outcome::Next),
        }));
    }
    Value::Array(actions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Branch, ConnectStatus};

    fn step(ncco: Value) -> Step {
        Step {
            id: "menu".into(),
            name: "Menu".into(),
            ncco: ncco.as_array().cloned().unwrap_or_default(),
            branches: Vec::new(),
            next: None,
            repeat: None,
            position: None,
        }
    }

    #[test]
    fn the_last_input_reports_to_the_steps_input_route() {
        let served = step_ncco(
            "f1",
            &step(json!([{"action":"talk","text":"Press 1"},
                         {"action":"input","type":["dtmf"],"eventUrl":["https://mine.example/x"]}])),
        );
        assert_eq!(
            served[1]["eventUrl"],
            json!(["{public_url}/callboard/flow/f1/menu/input"]),
            "the flow answers the result, so its route replaces the author's"
        );
        assert_eq!(
            served.as_array().map(Vec::len),
            Some(2),
            "no notify after an input"
        );
    }

    #[test]
    fn a_branched_connect_is_made_synchronous() {
        let mut sales = step(
            json!([{"action":"connect","endpoint":[{"type":"phone","number":"447700900001"}]}]),
        );
        sales.branches.push(Branch {
            when: When::Connect {
                status: ConnectStatus::Busy,
            },
            to: "voicemail".into(),
        });
        let served = step_ncco("f1", &sales);
        assert_eq!(served[0]["eventType"], "synchronous");
        assert_eq!(
            served[0]["eventUrl"][0],
            "{public_url}/callboard/flow/f1/menu/connect"
        );
    }

    #[test]
    fn a_next_step_is_asked_for_with_a_notify_at_the_end() {
        let mut sorry = step(json!([{"action":"talk","text":"Sorry"}]));
        sorry.next = Some("menu".into());
        let served = step_ncco("f1", &sorry);
        assert_eq!(served[1]["action"], "notify");
        assert_eq!(
            served[1]["eventUrl"][0],
            "{public_url}/callboard/flow/f1/menu/next"
        );
        let alone = step_ncco("f1", &step(json!([{"action":"talk","text":"Bye"}])));
        assert_eq!(
            alone,
            json!([{"action":"talk","text":"Bye"}]),
            "a last step is served as written"
        );
    }

    #[test]
    fn a_record_reports_its_recording_unless_it_has_its_own_event_url() {
        let served = step_ncco(
            "f1",
            &step(json!([{"action":"record","endOnKey":"#"},
                         {"action":"record","eventUrl":["https://mine.example/r"]}])),
        );
        assert_eq!(
            served[0]["eventUrl"][0],
            "{public_url}/callboard/flow/f1/menu/record"
        );
        assert_eq!(served[1]["eventUrl"][0], "https://mine.example/r");
    }
}
