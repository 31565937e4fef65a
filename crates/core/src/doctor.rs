//! The Doctor: the setup guide's troubleshooting list, as checks the app runs itself.
//! Each check has a state, a plain-language message, the evidence (what was sent, what
//! came back, how long it took) and, where one exists, a fix. The checks themselves run
//! in `app/doctor.rs`; the judgements that need no network are here.

use callboard_ncco::{Severity, validate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DoctorState {
    /// As it should be.
    Pass,
    /// Works, but worth a look.
    Warn,
    /// Calls will fail because of this.
    Fail,
    /// Not run (an earlier check failed, or it does not apply).
    Skipped,
}

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DoctorCheckId {
    /// Vonage accepts the API key and secret.
    Credentials,
    /// The application exists in the account.
    Application,
    /// The private key belongs to the application.
    PrivateKey,
    /// The Voice API accepts tokens signed with it.
    VoiceApi,
    /// The webhook listener runs.
    Listener,
    /// The tunnel reaches the listener.
    Tunnel,
    /// The application's webhook addresses are the listener's.
    WebhooksMatch,
    /// The answer webhook replies with a valid NCCO in time.
    AnswerWebhook,
    /// The event webhook answers 2xx.
    EventWebhook,
    /// Every WebSocket the NCCO connects to is wss://, ours, and accepts.
    WebSockets,
    /// Signed webhooks and the signature secret agree.
    Signatures,
    /// The number is linked to the application.
    Number,
}

/// One thing seen while checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Evidence {
    /// What it is (`Sent`, `Status`, `Took`, …).
    pub label: String,
    /// What it was.
    pub value: String,
}

impl Evidence {
    /// `label: value`.
    #[must_use]
    pub fn new(label: &str, value: impl Into<String>) -> Self {
        Self {
            label: label.to_owned(),
            value: value.into(),
        }
    }
}

/// What the Doctor can do about a failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DoctorFix {
    /// Open a section where the person can change it.
    Open {
        /// The section's id (`connect`, `webhooks`, `compose`, …).
        section: String,
        /// The button's words.
        label: String,
    },
    /// Push the listener's addresses to the application.
    PushWebhooks,
    /// On the Sandbox: use the listener's own address as the public URL and push it (no
    /// tunnel needed).
    UseListenerAddress,
    /// Start the listener again.
    RestartListener,
}

impl DoctorFix {
    /// Opens `section` with the button saying `label`.
    #[must_use]
    pub fn open(section: &str, label: &str) -> Self {
        Self::Open {
            section: section.to_owned(),
            label: label.to_owned(),
        }
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DoctorCheck {
    /// Which check.
    pub id: DoctorCheckId,
    /// What it checks, as the setup guide's list says it.
    pub title: String,
    /// How it came out.
    pub state: DoctorState,
    /// What was found, in words a non-developer understands.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// What was sent and what came back.
    pub evidence: Vec<Evidence>,
    /// How long it took, ms.
    pub millis: Option<u32>,
    /// A fix, where one exists.
    pub fix: Option<DoctorFix>,
}

impl DoctorCheck {
    /// A check that came out `state` with `message`.
    #[must_use]
    pub fn new(
        id: DoctorCheckId,
        title: &str,
        state: DoctorState,
        message: impl Into<String>,
    ) -> Self {
        Self {
            id,
            title: title.to_owned(),
            state,
            message: message.into(),
            hint: None,
            evidence: Vec::new(),
            millis: None,
            fix: None,
        }
    }

    /// With what to do.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// With a fix.
    #[must_use]
    pub fn fix(mut self, fix: DoctorFix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// With evidence.
    #[must_use]
    pub fn evidence(mut self, evidence: Vec<Evidence>) -> Self {
        self.evidence = evidence;
        self
    }

    /// With how long it took.
    #[must_use]
    pub fn took(mut self, millis: u32) -> Self {
        self.millis = Some(millis);
        self
    }
}

/// Every check, in the order the setup guide's troubleshooting list takes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DoctorReport {
    /// The checks.
    pub checks: Vec<DoctorCheck>,
    /// When they ran, ms since 1970.
    #[ts(type = "number")]
    pub ran_at_ms: i64,
}

/// What the answer webhook replied, as the Doctor judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerReply {
    /// The HTTP status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: String,
    /// The body.
    pub body: String,
    /// How long it took, ms.
    pub millis: u32,
}

/// Judges an answer-webhook reply against what Vonage needs: a 2xx, an NCCO (a valid JSON
/// array) served as `application/json`, within the application's socket timeout.
#[must_use]
pub fn judge_answer(reply: &AnswerReply, budget_ms: u32) -> (DoctorState, String, Option<String>) {
    let seconds = |ms: u32| format!("{:.1} s", f64::from(ms) / 1000.0);
    if !(200..300).contains(&reply.status) {
        return (
            DoctorState::Fail,
            format!(
                "The answer webhook replied {}, so Vonage would ask the fallback URL instead and the caller would not get your NCCO.",
                reply.status
            ),
            Some(if reply.status == 404 {
                "Check the answer path: the application's answer URL must be one the listener (or your backend) serves.".into()
            } else {
                "Look at the reply in the Inspector; your backend (or the active NCCO) must answer 200.".into()
            }),
        );
    }
    if !reply
        .content_type
        .trim_start()
        .starts_with("application/json")
    {
        return (
            DoctorState::Fail,
            format!(
                "The NCCO is served as {}; Vonage only accepts an NCCO served as application/json.",
                if reply.content_type.is_empty() {
                    "no content type"
                } else {
                    &reply.content_type
                }
            ),
            Some("Set the Content-Type header of the answer to application/json.".into()),
        );
    }
    let document: Value = match serde_json::from_str(&reply.body) {
        Ok(document) => document,
        Err(error) => {
            return (
                DoctorState::Fail,
                format!("The answer is not valid JSON ({error}), so Vonage cannot read an NCCO from it."),
                Some("An NCCO is a JSON array of actions, like [{\"action\":\"talk\",\"text\":\"Hello\"}].".into()),
            );
        }
    };
    let errors: Vec<String> = validate(&document)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}: {}", f.path, f.message))
        .collect();
    if !errors.is_empty() {
        return (
            DoctorState::Fail,
            format!(
                "The NCCO has {} mistake{} Vonage would refuse: {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                errors.join(" ")
            ),
            Some("Open it in Compose: each mistake is shown on its field with a fix.".into()),
        );
    }
    if reply.millis > budget_ms {
        return (
            DoctorState::Fail,
            format!(
                "The answer took {}; Vonage waits {} (the application's socket timeout), then tries again and then the fallback URL.",
                seconds(reply.millis),
                seconds(budget_ms)
            ),
            Some("Make the answer faster (do slow work after answering), or raise the answer URL's socket timeout (at most 5 s) in Webhooks.".into()),
        );
    }
    if u64::from(reply.millis) * 10 > u64::from(budget_ms) * 7 {
        return (
            DoctorState::Warn,
            format!(
                "A valid NCCO as application/json, but it took {} of the {} Vonage waits.",
                seconds(reply.millis),
                seconds(budget_ms)
            ),
            Some("A busier moment could push it past the timeout; make the answer faster.".into()),
        );
    }
    (
        DoctorState::Pass,
        format!(
            "A valid NCCO as application/json in {} (Vonage waits {}).",
            seconds(reply.millis),
            seconds(budget_ms)
        ),
        None,
    )
}

/// The WebSocket URLs an NCCO connects to, and `stream` actions wrongly given one
/// (`(JSON pointer, URL, is_stream_action)`).
#[must_use]
pub fn websocket_urls(ncco: &Value) -> Vec<(String, String, bool)> {
    let mut found = Vec::new();
    for (index, action) in ncco.as_array().into_iter().flatten().enumerate() {
        match action.get("action").and_then(Value::as_str) {
            Some("connect") => {
                for (e, endpoint) in action
                    .get("endpoint")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    if endpoint.get("type").and_then(Value::as_str) == Some("websocket")
                        && let Some(uri) = endpoint.get("uri").and_then(Value::as_str)
                    {
                        found.push((format!("/{index}/endpoint/{e}/uri"), uri.to_owned(), false));
                    }
                }
            }
            Some("stream") => {
                for (u, url) in action
                    .get("streamUrl")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    if let Some(url) = url.as_str()
                        && (url.starts_with("ws://") || url.starts_with("wss://"))
                    {
                        found.push((format!("/{index}/streamUrl/{u}"), url.to_owned(), true));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reply(status: u16, content_type: &str, body: &str, millis: u32) -> AnswerReply {
        AnswerReply {
            status,
            content_type: content_type.into(),
            body: body.into(),
            millis,
        }
    }

    #[test]
    fn each_way_an_answer_can_fail_is_told_apart() {
        let ncco = r#"[{"action":"talk","text":"hi"}]"#;
        for (reply, state, says) in [
            (
                reply(200, "application/json", ncco, 40),
                DoctorState::Pass,
                "A valid NCCO",
            ),
            (
                reply(404, "text/html", "", 5),
                DoctorState::Fail,
                "replied 404",
            ),
            (
                reply(200, "text/html", ncco, 5),
                DoctorState::Fail,
                "served as text/html",
            ),
            (
                reply(200, "application/json", "<html>", 5),
                DoctorState::Fail,
                "not valid JSON",
            ),
            (
                reply(200, "application/json", r#"[{"action":"talk"}]"#, 5),
                DoctorState::Fail,
                "1 mistake",
            ),
            (
                reply(200, "application/json", ncco, 2300),
                DoctorState::Fail,
                "took 2.3 s; Vonage waits 1.0 s",
            ),
            (
                reply(200, "application/json", ncco, 800),
                DoctorState::Warn,
                "0.8 s of the 1.0 s",
            ),
        ] {
            let (got, message, _) = judge_answer(&reply, 1000);
            assert_eq!(got, state, "{message}");
            assert!(message.contains(says), "{says}: {message}");
        }
    }

    #[test]
    fn websocket_urls_are_found_in_connect_and_in_a_mistaken_stream() {
        let ncco = json!([
            {"action": "stream", "streamUrl": ["wss://x.example/ws"]},
            {"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://y.example/s/1/"}]},
            {"action": "connect", "endpoint": [{"type": "phone", "number": "447700900000"}]}
        ]);
        assert_eq!(
            websocket_urls(&ncco),
            vec![
                ("/0/streamUrl/0".into(), "wss://x.example/ws".into(), true),
                (
                    "/1/endpoint/0/uri".into(),
                    "wss://y.example/s/1/".into(),
                    false
                )
            ]
        );
    }
}
