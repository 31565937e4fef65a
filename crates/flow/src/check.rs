//! Checking a whole flow: each finding on its step or branch, in plain words.
//!
//! Besides every finding of the NCCO validator on each step (as served, with the flow's
//! routes written in), a flow is checked for: a start or branch going to a step that
//! does not exist, steps no branch reaches, a branch its step's last action cannot
//! produce (keys on a speech-only input, "12" where one key is allowed, `#` that ends
//! the input, a connect outcome on a step that does not end in `connect`), an input
//! without a no-input branch, an input that is not the last action, a prompt before an
//! input that cannot be interrupted (keys pressed during it are lost), and a loop that
//! never ends when the caller does nothing (no step on it has a repeat limit).

use std::collections::HashSet;

use callboard_ncco::{Fix, Severity};
use petgraph::graphmap::DiGraphMap;
use serde::Serialize;
use serde_json::Value;

use crate::model::{Flow, Step, When, is_valid_id};
use crate::render::{action_name, step_ncco};

/// One problem found in a flow.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowFinding {
    /// Error or warning.
    pub severity: Severity,
    /// A stable identifier of the rule.
    pub code: String,
    /// What is wrong and why.
    pub message: String,
    /// The step it is on, if any.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub step: Option<String>,
    /// The branch it is on (its index among the step's branches), if any.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub branch: Option<usize>,
    /// For a finding of the NCCO validator, its JSON Pointer within the step's NCCO.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub path: Option<String>,
    /// Fixes against the step's NCCO (the NCCO validator's).
    pub fixes: Vec<Fix>,
}

impl FlowFinding {
    fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code: code.into(),
            message: message.into(),
            step: None,
            branch: None,
            path: None,
            fixes: Vec::new(),
        }
    }

    fn on(mut self, step: &Step) -> Self {
        self.step = Some(step.id.clone());
        self
    }

    fn at_branch(mut self, step: &Step, branch: usize) -> Self {
        self.step = Some(step.id.clone());
        self.branch = Some(branch);
        self
    }
}

fn error(code: &str, message: impl Into<String>) -> FlowFinding {
    FlowFinding::new(Severity::Error, code, message)
}

fn warning(code: &str, message: impl Into<String>) -> FlowFinding {
    FlowFinding::new(Severity::Warning, code, message)
}

/// Every finding in `flow`, errors first, in step order.
#[must_use]
pub fn check(flow: &Flow) -> Vec<FlowFinding> {
    let mut findings = Vec::new();
    let ids: HashSet<&str> = flow.steps.iter().map(|s| s.id.as_str()).collect();
    if flow.steps.is_empty() {
        findings.push(error("flow-empty", "The flow has no steps."));
    } else if !ids.contains(flow.start.as_str()) {
        findings.push(error(
            "start-missing",
            format!(
                "The flow starts at “{}”, which is not one of its steps.",
                flow.start
            ),
        ));
    }
    let mut seen = HashSet::new();
    for step in &flow.steps {
        if !is_valid_id(&step.id) {
            findings.push(error("step-id", format!(
                "The step id “{}” must be 1 to 64 lower-case letters, digits or dashes: it is written into webhook paths.",
                step.id
            )).on(step));
        }
        if !seen.insert(step.id.as_str()) {
            findings.push(
                error(
                    "step-id-taken",
                    format!("Two steps have the id “{}”.", step.id),
                )
                .on(step),
            );
        }
        if step.ncco.is_empty() {
            findings.push(
                error(
                    "step-empty",
                    format!(
                        "“{}” has no actions: the call would end there without a word.",
                        step.name
                    ),
                )
                .on(step),
            );
        }
        check_step_ncco(step, &mut findings);
        check_branches(step, &ids, &mut findings);
        if let Some(next) = &step.next
            && !ids.contains(next.as_str())
        {
            findings.push(
                error(
                    "next-missing",
                    format!(
                        "After “{}” the call goes to “{next}”, which is not one of the steps.",
                        step.name
                    ),
                )
                .on(step),
            );
        }
        if let Some(repeat) = &step.repeat {
            if !ids.contains(repeat.then.as_str()) {
                findings.push(
                    error(
                        "repeat-missing",
                        format!(
                            "After {} times “{}” goes to “{}”, which is not one of the steps.",
                            repeat.times, step.name, repeat.then
                        ),
                    )
                    .on(step),
                );
            }
            if repeat.times == 0 {
                findings.push(
                    error(
                        "repeat-zero",
                        format!(
                            "“{}” may be entered 0 times: no call would ever hear it.",
                            step.name
                        ),
                    )
                    .on(step),
                );
            }
        }
    }
    check_reachable(flow, &mut findings);
    check_loops(flow, &mut findings);
    findings.sort_by_key(|f| f.severity);
    findings
}

/// The NCCO validator's findings on the step as served, and where its branching
/// action must be.
fn check_step_ncco(step: &Step, findings: &mut Vec<FlowFinding>) {
    let served = step_ncco("check", step);
    for finding in callboard_ncco::validate(&served) {
        let mut flow_finding =
            FlowFinding::new(finding.severity, finding.code, finding.message).on(step);
        flow_finding.path = Some(finding.path);
        flow_finding.fixes = finding.fixes;
        findings.push(flow_finding);
    }
    let last = step.ncco.len().saturating_sub(1);
    for (index, action) in step.ncco.iter().enumerate() {
        if action_name(action) == "input" && index != last {
            findings.push(error("input-not-last", format!(
                "In “{}” the input is not the last action: the flow answers its result with the next step, so the actions after it would never be heard. Move them to a step of their own.",
                step.name
            )).on(step));
        }
        if action_name(action) == "input"
            && action.get("mode").and_then(Value::as_str) == Some("asynchronous")
        {
            findings.push(error("input-asynchronous", format!(
                "In “{}” the input is asynchronous: Vonage then sends each key as it is pressed and no result the flow could branch on.",
                step.name
            )).on(step));
        }
    }
    let ends_in = step.ncco.last().map_or("", action_name);
    if ends_in == "input"
        && let Some(prompt) = last.checked_sub(1)
        && matches!(action_name(&step.ncco[prompt]), "talk" | "stream")
        && step.ncco[prompt].get("bargeIn").and_then(Value::as_bool) != Some(true)
    {
        let mut finding = warning("prompt-without-barge-in", format!(
            "In “{}” keys pressed (or words said) while the prompt still plays are not heard: Vonage listens only once it ends. Turn on Barge in on the prompt so callers can answer at once.",
            step.name
        )).on(step);
        finding.path = Some(format!("/{prompt}/bargeIn"));
        finding.fixes.push(Fix {
            label: "Turn on Barge in".into(),
            patch: serde_json::json!([{"op": "add", "path": format!("/{prompt}/bargeIn"), "value": true}]),
        });
        findings.push(finding);
    }
    if ends_in == "conversation" && step.next.is_some() {
        findings.push(warning("next-after-conversation", format!(
            "“{}” ends in a conversation, which lasts until the call ends: its next step is never reached.",
            step.name
        )).on(step));
    }
}

fn check_branches(step: &Step, ids: &HashSet<&str>, findings: &mut Vec<FlowFinding>) {
    let last = step.ncco.last();
    let ends_in = last.map_or("", action_name);
    let input_types: Vec<&str> = last
        .filter(|_| ends_in == "input")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let max_digits = last
        .and_then(|a| a.pointer("/dtmf/maxDigits"))
        .and_then(Value::as_u64)
        .unwrap_or(4);
    let submit_on_hash = last
        .and_then(|a| a.pointer("/dtmf/submitOnHash"))
        .and_then(Value::as_bool)
        == Some(true);
    let mut keys_seen = HashSet::new();
    for (index, branch) in step.branches.iter().enumerate() {
        let label = branch.when.label();
        let at = |finding: FlowFinding| finding.at_branch(step, index);
        if !ids.contains(branch.to.as_str()) {
            findings.push(at(error("branch-missing", format!(
                "The branch “{label}” of “{}” goes to “{}”, which is not one of the steps (deleted?).",
                step.name, branch.to
            ))));
        }
        match &branch.when {
            When::Keys { keys } => {
                if ends_in != "input" || !input_types.contains(&"dtmf") {
                    findings.push(at(error("keys-without-dtmf", format!(
                        "“{}” does not end in an input that listens for keys, so “{label}” can never happen.",
                        step.name
                    ))));
                } else if keys.is_empty()
                    || keys
                        .chars()
                        .any(|c| !(c.is_ascii_digit() || "*#Xx".contains(c)))
                {
                    findings.push(at(error("keys-pattern", format!(
                        "“{keys}” is not a key pattern: use digits, * and #, with X for any digit."
                    ))));
                } else if keys.chars().count() as u64 > max_digits {
                    findings.push(at(error("keys-too-long", format!(
                        "“{label}” needs {} keys, but the input takes at most {max_digits} (its Max digits).",
                        keys.chars().count()
                    ))));
                } else if submit_on_hash && keys.contains('#') {
                    findings.push(at(error("keys-hash", format!(
                        "With Submit on # on, # ends the input and is not among the keys, so “{label}” can never happen."
                    ))));
                }
                if !keys_seen.insert(keys.to_ascii_uppercase()) {
                    findings.push(at(warning(
                        "keys-twice",
                        format!("“{label}” is there twice; only the first is ever taken."),
                    )));
                }
            }
            When::Said { phrases } => {
                if ends_in != "input" || !input_types.contains(&"speech") {
                    findings.push(at(error("said-without-speech", format!(
                        "“{}” does not end in an input that listens for speech, so “{label}” can never happen.",
                        step.name
                    ))));
                } else if phrases
                    .iter()
                    .all(|p| crate::model::normalise_words(p).is_empty())
                {
                    findings.push(at(error(
                        "said-empty",
                        "Give the words this branch listens for.",
                    )));
                }
            }
            When::NoInput | When::Other => {
                if ends_in != "input" {
                    findings.push(at(error(
                        "branch-without-input",
                        format!(
                            "“{}” does not end in an input, so “{label}” can never happen.",
                            step.name
                        ),
                    )));
                }
            }
            When::Connect { .. } => {
                if ends_in != "connect" {
                    findings.push(at(error(
                        "connect-branch-without-connect",
                        format!(
                            "“{}” does not end in a connect, so “{label}” can never happen.",
                            step.name
                        ),
                    )));
                }
            }
        }
    }
    if ends_in == "input" {
        if !step.branches.iter().any(|b| b.when == When::NoInput) {
            findings.push(warning("input-no-timeout-branch", format!(
                "“{}” has no branch for when the caller presses or says nothing: the call would end there with an apology.",
                step.name
            )).on(step));
        }
        if step.branches.is_empty() {
            findings.push(
                warning(
                    "input-no-branches",
                    format!(
                        "“{}” collects input but has no branches: add “When the caller presses…”.",
                        step.name
                    ),
                )
                .on(step),
            );
        } else if !step.branches.iter().any(|b| b.when == When::Other) {
            findings.push(warning("input-no-other-branch", format!(
                "“{}” has no branch for anything else: an unexpected key ends the call with an apology.",
                step.name
            )).on(step));
        }
    }
}

/// Every step the start, a branch, a next or a repeat limit goes to.
fn edges(step: &Step) -> impl Iterator<Item = &str> {
    step.branches
        .iter()
        .map(|b| b.to.as_str())
        .chain(step.next.as_deref())
        .chain(step.repeat.as_ref().map(|r| r.then.as_str()))
}

fn check_reachable(flow: &Flow, findings: &mut Vec<FlowFinding>) {
    let mut reached: HashSet<&str> = HashSet::new();
    let mut queue = vec![flow.start.as_str()];
    while let Some(id) = queue.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(step) = flow.step(id) {
            queue.extend(edges(step));
        }
    }
    for step in &flow.steps {
        if !reached.contains(step.id.as_str()) {
            findings.push(
                warning(
                    "step-unreached",
                    format!(
                        "No branch reaches “{}”: no call will ever hear it.",
                        step.name
                    ),
                )
                .on(step),
            );
        }
    }
}

/// Loops the call goes round by itself (next steps and no-input branches) with no
/// repeat limit anywhere on them.
fn check_loops(flow: &Flow, findings: &mut Vec<FlowFinding>) {
    let mut graph: DiGraphMap<&str, ()> = DiGraphMap::new();
    for step in &flow.steps {
        graph.add_node(step.id.as_str());
        let automatic = step
            .branches
            .iter()
            .filter(|b| b.when == When::NoInput)
            .map(|b| b.to.as_str())
            .chain(step.next.as_deref());
        for to in automatic {
            if flow.step(to).is_some() {
                graph.add_edge(step.id.as_str(), to, ());
            }
        }
    }
    for component in petgraph::algo::tarjan_scc(&graph) {
        let is_loop = component.len() > 1
            || component
                .first()
                .is_some_and(|only| graph.contains_edge(only, only));
        let limited = component
            .iter()
            .any(|id| flow.step(id).is_some_and(|s| s.repeat.is_some()));
        if is_loop
            && !limited
            && let Some(first) = component
                .iter()
                .filter_map(|id| flow.steps.iter().position(|s| s.id == *id))
                .min()
        {
            let step = &flow.steps[first];
            let mut names: Vec<&str> = flow
                .steps
                .iter()
                .filter(|s| component.contains(&s.id.as_str()))
                .map(|s| s.name.as_str())
                .collect();
            names.dedup();
            findings.push(error("loop-without-end", format!(
                "If the caller does nothing, the call goes round {} for ever: give “{}” a repeat limit (“up to 3 times, then…”).",
                names.join(" → "),
                step.name
            )).on(step));
        }
    }
}
