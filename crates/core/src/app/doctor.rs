//! The Doctor's checks, run against the active profile: the Check's four steps, the
//! listener, the tunnel, the application's addresses, the answer and event webhooks
//! as Vonage would call them, the WebSockets the NCCO connects to, signatures, and the
//! number. Each failure says why and, where it can, offers the fix.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::App;
use crate::{
    connect::{self, CheckStepId, StepStatus},
    doctor::{
        AnswerReply, DoctorCheck, DoctorCheckId as Id, DoctorFix, DoctorReport,
        DoctorState as State, Evidence, judge_answer, websocket_urls,
    },
    error::CoreError,
    exchanges::ExchangeFilter,
    listener::ListenerStatus,
    secrets::SecretName,
    webhooks::{PushPlan, SignatureCheck},
};

/// How long the Doctor waits for each request (longer than any Vonage timeout, so a slow
/// answer is measured rather than cut off).
const DOCTOR_TIMEOUT: Duration = Duration::from_secs(12);

fn millis(started: Instant) -> u32 {
    u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)
}

fn truncated(text: &str) -> String {
    let short: String = text.chars().take(400).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

impl App {
    /// Runs every check.
    ///
    /// # Errors
    /// Storage errors; each check's own failures are in the report.
    pub async fn doctor_run(&self) -> Result<DoctorReport, CoreError> {
        let mut checks = Vec::new();
        let profile = self.active_profile()?;
        let sandbox = connect::uses_sandbox(&profile);

        // 1–4: the Check's steps.
        let steps = self.connect_check().await?;
        let connected = steps.iter().all(|s| s.status == StepStatus::Passed);
        for step in steps {
            let id = match step.id {
                CheckStepId::Credentials => Id::Credentials,
                CheckStepId::Application => Id::Application,
                CheckStepId::PrivateKey => Id::PrivateKey,
                CheckStepId::VoiceToken => Id::VoiceApi,
            };
            let state = match step.status {
                StepStatus::Passed => State::Pass,
                StepStatus::Failed => State::Fail,
                StepStatus::Skipped => State::Skipped,
            };
            let mut check = DoctorCheck::new(id, &step.title, state, step.detail).took(step.millis);
            if let Some(hint) = step.hint {
                check = check.hint(hint);
            }
            if state == State::Fail {
                check = check.fix(DoctorFix::open("connect", "Open Connect"));
            }
            checks.push(check);
        }

        // 5: the listener.
        let local = match self.listener.status().await {
            ListenerStatus::Running { address, .. } => {
                checks.push(DoctorCheck::new(
                    Id::Listener,
                    "The webhook server is running",
                    State::Pass,
                    format!("The listener answers on {address}."),
                ));
                Some(address)
            }
            other => {
                let why = match other {
                    ListenerStatus::PortBusy { message, .. }
                    | ListenerStatus::Failed { message, .. } => message,
                    _ => "The listener is stopped.".into(),
                };
                checks.push(
                    DoctorCheck::new(
                        Id::Listener,
                        "The webhook server is running",
                        State::Fail,
                        why,
                    )
                    .hint("Start it again, or choose another port from the status bar.")
                    .fix(DoctorFix::RestartListener),
                );
                None
            }
        };

        // 6: the tunnel, and the address Vonage reaches the listener by.
        let base = self
            .doctor_tunnel(&profile, sandbox, local.as_deref(), &mut checks)
            .await;

        // 7: the application's addresses (the plan, read once, also says whether it signs).
        // Only a public URL that proved it reaches Callboard is ever offered for a push; on
        // the Sandbox the listener's own address is Callboard's too.
        let proved = base.is_some() && !profile.public_url.is_empty();
        let plan = if connected && proved {
            Some(self.webhooks_plan().await)
        } else {
            None
        };
        let addresses = match (&plan, connected, sandbox, local.as_deref()) {
            (Some(plan), ..) => doctor_addresses(Some(plan)),
            (None, true, true, Some(local)) => self.doctor_direct_addresses(&profile, local).await,
            (None, true, false, _) if !profile.public_url.is_empty() => DoctorCheck::new(
                Id::WebhooksMatch,
                "The application's webhook URLs are Callboard's",
                State::Skipped,
                format!(
                    "Not offered: {} did not prove that it reaches Callboard, so pushing it would send calls nowhere.",
                    profile.public_url
                ),
            )
            .hint("Fix the tunnel first (the check above says how); then push.")
            .fix(DoctorFix::open("webhooks", "Open Webhooks")),
            _ => doctor_addresses(None),
        };
        checks.push(addresses);

        // 8–10: the webhooks themselves, and the WebSockets.
        match base {
            Some(base) => {
                let (answer, served) = self.doctor_answer(&profile, &base).await;
                checks.push(answer);
                checks.push(self.doctor_event(&profile, &base).await);
                checks.push(
                    self.doctor_websockets(&profile, sandbox, served.as_ref())
                        .await,
                );
            }
            None => {
                for (id, title) in [
                    (
                        Id::AnswerWebhook,
                        "The answer webhook replies with a valid NCCO in time",
                    ),
                    (Id::EventWebhook, "The event webhook answers 200"),
                    (
                        Id::WebSockets,
                        "Every WebSocket in the NCCO is wss://, ours, and accepts",
                    ),
                ] {
                    checks.push(DoctorCheck::new(
                        id,
                        title,
                        State::Skipped,
                        "Not tried: there is no address Vonage can reach the listener by yet.",
                    ));
                }
            }
        }

        // 11: signatures.
        checks.push(self.doctor_signatures(&profile, plan.as_ref(), connected)?);

        // 12: the number.
        checks.push(if sandbox {
            let numbers = self.calls_numbers().await.unwrap_or_default();
            DoctorCheck::new(
                Id::Number,
                "A number is linked to the application",
                State::Pass,
                format!("The Sandbox application's numbers: {}.", numbers.join(", ")),
            )
        } else {
            DoctorCheck::new(
                Id::Number,
                "A number is linked to the application",
                State::Skipped,
                "Callboard cannot list an account's numbers yet.",
            )
            .hint("In the Vonage dashboard, under Numbers, check that the number people call is linked to this application.")
        });

        Ok(DoctorReport {
            checks,
            ran_at_ms: callboard_server::capture::now_ms(),
        })
    }

    async fn doctor_tunnel(
        &self,
        profile: &crate::profiles::Profile,
        sandbox: bool,
        local: Option<&str>,
        checks: &mut Vec<DoctorCheck>,
    ) -> Option<String> {
        const TITLE: &str = "The tunnel is public and reaches Callboard";
        if profile.public_url.is_empty() {
            if sandbox {
                checks.push(DoctorCheck::new(
                    Id::Tunnel,
                    TITLE,
                    State::Skipped,
                    "The Sandbox reaches the listener directly; no tunnel is needed.",
                ));
                return local.map(str::to_owned);
            }
            checks.push(
                DoctorCheck::new(
                    Id::Tunnel,
                    TITLE,
                    State::Fail,
                    "There is no public URL yet, so Vonage cannot reach the listener.",
                )
                .hint("Start a tunnel (ngrok http <port>) and enter its https address in Webhooks.")
                .fix(DoctorFix::open("webhooks", "Open Webhooks")),
            );
            return None;
        }
        let checked = match self.webhooks_self_check().await {
            Ok(checked) => checked,
            Err(error) => {
                checks.push(DoctorCheck::new(
                    Id::Tunnel,
                    TITLE,
                    State::Fail,
                    error.to_string(),
                ));
                return None;
            }
        };
        let evidence = vec![
            Evidence::new(
                "Sent",
                format!(
                    "GET {}{}?callboard_probe=…",
                    profile.public_url, profile.paths.answer
                ),
            ),
            Evidence::new("Came back", checked.detail.clone()),
        ];
        let mut check = DoctorCheck::new(
            Id::Tunnel,
            TITLE,
            if checked.passed {
                State::Pass
            } else {
                State::Fail
            },
            if checked.passed {
                format!("{} reaches this listener.", profile.public_url)
            } else {
                checked.detail.clone()
            },
        )
        .evidence(evidence)
        .took(checked.millis);
        if let Some(hint) = checked.hint {
            check = check
                .hint(hint)
                .fix(DoctorFix::open("webhooks", "Open Webhooks"));
        }
        let passed = checked.passed;
        checks.push(check);
        passed.then(|| profile.public_url.clone())
    }

    async fn doctor_answer(
        &self,
        profile: &crate::profiles::Profile,
        base: &str,
    ) -> (DoctorCheck, Option<Value>) {
        const TITLE: &str = "The answer webhook replies with a valid NCCO in time";
        let call = format!("doctor-{}", uuid::Uuid::new_v4().simple());
        let url = format!(
            "{base}{}?to=447700900000&from=447700900001&uuid={call}&conversation_uuid=CON-{call}",
            profile.paths.answer
        );
        let budget = profile.webhooks.answer.socket_timeout;
        let started = Instant::now();
        let sent = reqwest::Client::new()
            .get(&url)
            .header("x-callboard-doctor", "1")
            .timeout(DOCTOR_TIMEOUT)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                return (
                    DoctorCheck::new(
                        Id::AnswerWebhook,
                        TITLE,
                        State::Fail,
                        format!(
                            "The answer webhook was not reached: {}",
                            callboard_vonage::unreached::sentence(&error)
                        ),
                    )
                    .evidence(vec![Evidence::new("Sent", format!("GET {url}"))])
                    .took(millis(started)),
                    None,
                );
            }
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.unwrap_or_default();
        let reply = AnswerReply {
            status,
            content_type: content_type.clone(),
            body: body.clone(),
            millis: millis(started),
        };
        let (state, message, hint) = judge_answer(&reply, budget);
        let mut check = DoctorCheck::new(Id::AnswerWebhook, TITLE, state, message)
            .evidence(vec![
                Evidence::new("Sent", format!("GET {url}")),
                Evidence::new("Status", status.to_string()),
                Evidence::new(
                    "Content-Type",
                    if content_type.is_empty() {
                        "(none)".to_owned()
                    } else {
                        content_type
                    },
                ),
                Evidence::new(
                    "Budget",
                    format!("{budget} ms (the answer URL's socket timeout)"),
                ),
                Evidence::new("Body", truncated(&body)),
            ])
            .took(reply.millis);
        if let Some(hint) = hint {
            check = check.hint(hint);
        }
        if state == State::Fail {
            check = check.fix(if reply.millis > budget {
                DoctorFix::open("webhooks", "Open Webhooks")
            } else {
                DoctorFix::open("compose", "Open Compose")
            });
        }
        (
            check,
            serde_json::from_str(&body).ok().filter(Value::is_array),
        )
    }

    async fn doctor_event(&self, profile: &crate::profiles::Profile, base: &str) -> DoctorCheck {
        const TITLE: &str = "The event webhook answers 200";
        let url = format!("{base}{}", profile.paths.event);
        let call = format!("doctor-{}", uuid::Uuid::new_v4().simple());
        let body = json!({"from": "447700900001", "to": "447700900000", "uuid": call,
            "conversation_uuid": format!("CON-{call}"), "status": "started", "direction": "inbound",
            "timestamp": "2026-01-01T00:00:00.000Z"});
        let started = Instant::now();
        let sent = reqwest::Client::new()
            .post(&url)
            .header("x-callboard-doctor", "1")
            .json(&body)
            .timeout(DOCTOR_TIMEOUT)
            .send()
            .await;
        let evidence = vec![Evidence::new("Sent", format!("POST {url} {body}"))];
        match sent {
            Ok(response) if response.status().is_success() => DoctorCheck::new(
                Id::EventWebhook,
                TITLE,
                State::Pass,
                format!("It answered {}.", response.status().as_u16()),
            ),
            Ok(response) => DoctorCheck::new(
                Id::EventWebhook,
                TITLE,
                State::Fail,
                format!(
                    "It answered {}; Vonage retries events that do not get a 2xx, and some events wait for one.",
                    response.status().as_u16()
                ),
            )
            .hint("Check the event path, or what your backend does with events."),
            Err(error) => DoctorCheck::new(Id::EventWebhook, TITLE, State::Fail, format!("It was not reached: {}", callboard_vonage::unreached::sentence(&error))),
        }
        .evidence(evidence)
        .took(millis(started))
    }

    async fn doctor_websockets(
        &self,
        profile: &crate::profiles::Profile,
        sandbox: bool,
        served: Option<&Value>,
    ) -> DoctorCheck {
        const TITLE: &str = "Every WebSocket in the NCCO is wss://, on our route, and accepts";
        let Some(ncco) = served else {
            return DoctorCheck::new(
                Id::WebSockets,
                TITLE,
                State::Skipped,
                "Not tried: the answer webhook gave no NCCO to look in.",
            );
        };
        let urls = websocket_urls(ncco);
        if urls.is_empty() {
            return DoctorCheck::new(
                Id::WebSockets,
                TITLE,
                State::Skipped,
                "The NCCO connects no WebSocket.",
            );
        }
        let route = profile
            .paths
            .stream
            .split('{')
            .next()
            .unwrap_or("")
            .to_owned();
        let mut problems = Vec::new();
        let mut evidence = Vec::new();
        let started = Instant::now();
        for (path, url, is_stream) in urls {
            if is_stream {
                problems.push(format!(
                    "{path} is a stream action pointed at {url}: stream plays an audio file and never opens a WebSocket; use connect with a websocket endpoint."
                ));
                continue;
            }
            let secure_enough = url.starts_with("wss://") || (sandbox && url.starts_with("ws://"));
            if !secure_enough {
                problems.push(format!(
                    "{path} is {url}: Vonage needs a secure wss:// address."
                ));
            }
            let on_route = url::Url::parse(&url).is_ok_and(|u| u.path().starts_with(&route));
            if !on_route {
                problems.push(format!(
                    "{path} is {url}, not on the stream route {} the listener serves.",
                    profile.paths.stream
                ));
            }
            let accepted = websocket_accepts(&url).await;
            evidence.push(Evidence::new(&path, format!("{url} → {accepted:?}")));
            if let Err(why) = accepted {
                problems.push(format!("{url} did not accept the WebSocket: {why}."));
            }
        }
        let check = if problems.is_empty() {
            DoctorCheck::new(
                Id::WebSockets,
                TITLE,
                State::Pass,
                "Each WebSocket is on the stream route and accepted the handshake.",
            )
        } else {
            DoctorCheck::new(Id::WebSockets, TITLE, State::Fail, problems.join(" "))
                .hint("Fix the NCCO in Compose: the connect endpoint's uri should be {public_url} followed by the stream route.")
                .fix(DoctorFix::open("compose", "Open Compose"))
        };
        check.evidence(evidence).took(millis(started))
    }

    fn doctor_signatures(
        &self,
        profile: &crate::profiles::Profile,
        plan: Option<&Result<PushPlan, CoreError>>,
        connected: bool,
    ) -> Result<DoctorCheck, CoreError> {
        const TITLE: &str = "Signed webhooks agree with the signature secret";
        let secret = self
            .secrets
            .get(profile.id.0, SecretName::SignatureSecret)
            .ok()
            .flatten()
            .is_some();
        let signing = plan
            .and_then(|plan| plan.as_ref().ok())
            .and_then(|plan| plan.row("signed_callbacks"))
            .is_some_and(|row| row.current.as_deref() == Some("true"));
        let invalid = crate::exchanges::list(
            &self.db.lock(),
            &ExchangeFilter {
                limit: Some(50),
                ..ExchangeFilter::default()
            },
        )?
        .into_iter()
        .find_map(|e| e.signature.filter(|s| s.starts_with("invalid")));
        let mode = profile.webhooks.signature_check;
        let evidence = vec![
            Evidence::new(
                "Application signs webhooks",
                if signing { "yes" } else { "no" },
            ),
            Evidence::new(
                "Signature secret in the keychain",
                if secret { "yes" } else { "no" },
            ),
            Evidence::new("Callboard's check", format!("{mode:?}").to_lowercase()),
        ];
        let check = if let Some(why) = invalid {
            DoctorCheck::new(
                Id::Signatures,
                TITLE,
                State::Fail,
                format!("Webhooks arrive signed, but not with the secret Callboard has ({why})."),
            )
            .hint(
                "Copy the signature secret from the Vonage dashboard (API settings) into Connect.",
            )
            .fix(DoctorFix::open("connect", "Open Connect"))
        } else if mode == SignatureCheck::Enforce && !secret {
            DoctorCheck::new(Id::Signatures, TITLE, State::Fail, "Callboard enforces signatures but has no signature secret, so it refuses every webhook.")
                .fix(DoctorFix::open("connect", "Open Connect"))
        } else if mode == SignatureCheck::Enforce && !signing && connected {
            DoctorCheck::new(Id::Signatures, TITLE, State::Fail, "Callboard enforces signatures, but the application does not sign its webhooks: every one would get 401.")
                .hint("Turn on signed webhooks in Webhooks and push, or set Callboard's check to Report.")
                .fix(DoctorFix::open("webhooks", "Open Webhooks"))
        } else if signing && !secret {
            DoctorCheck::new(Id::Signatures, TITLE, State::Warn, "The application signs its webhooks, but Callboard has no signature secret to check them with.")
                .fix(DoctorFix::open("connect", "Open Connect"))
        } else if signing {
            DoctorCheck::new(
                Id::Signatures,
                TITLE,
                State::Pass,
                "Webhooks are signed and Callboard can check them.",
            )
        } else {
            DoctorCheck::new(
                Id::Signatures,
                TITLE,
                State::Pass,
                "Webhooks are not signed, and Callboard does not require them to be.",
            )
        };
        Ok(check.evidence(evidence))
    }
}

/// Tries a WebSocket handshake (an HTTP upgrade) at `url`.
async fn websocket_accepts(url: &str) -> Result<(), String> {
    let http = url
        .replacen("wss://", "https://", 1)
        .replacen("ws://", "http://", 1);
    let response = reqwest::Client::new()
        .get(&http)
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("x-callboard-doctor", "1")
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map_err(|e| callboard_vonage::unreached::explain(&e))?;
    if response.status().as_u16() == 101 {
        Ok(())
    } else {
        Err(format!(
            "it answered {} instead of 101 Switching Protocols",
            response.status().as_u16()
        ))
    }
}

/// The application's addresses against the listener's, from the push plan (`None` when
/// the application could not be read).
impl App {
    /// On the Sandbox without a proved public URL: whether the application calls the
    /// listener directly (`local`, its own address), which the Sandbox can.
    async fn doctor_direct_addresses(
        &self,
        profile: &crate::profiles::Profile,
        local: &str,
    ) -> DoctorCheck {
        const TITLE: &str = "The application's webhook URLs are Callboard's";
        let current = match self.application_reader().await {
            Ok((reader, client)) => client
                .get(&reader.application_id)
                .await
                .map_err(|e| e.message),
            Err(error) => Err(error.to_string()),
        };
        let application = match current {
            Ok(application) => application,
            Err(why) => return DoctorCheck::new(Id::WebhooksMatch, TITLE, State::Fail, why),
        };
        let hooks = [
            ("Answer webhook", "answer_url", &profile.paths.answer),
            ("Event webhook", "event_url", &profile.paths.event),
            (
                "Fallback webhook",
                "fallback_answer_url",
                &profile.paths.fallback,
            ),
        ];
        let mut evidence = Vec::new();
        let mut elsewhere = Vec::new();
        for (label, key, path) in hooks {
            let address = application
                .pointer(&format!("/capabilities/voice/webhooks/{key}/address"))
                .and_then(serde_json::Value::as_str)
                .unwrap_or("");
            let wanted = format!("{local}{path}");
            if address != wanted {
                elsewhere.push(format!(
                    "{label} is {} instead of {wanted}",
                    if address.is_empty() {
                        "not set"
                    } else {
                        address
                    }
                ));
            }
            evidence.push(Evidence::new(
                label,
                if address.is_empty() {
                    "(not set)"
                } else {
                    address
                },
            ));
        }
        if elsewhere.is_empty() {
            return DoctorCheck::new(
                Id::WebhooksMatch,
                TITLE,
                State::Pass,
                format!("The Sandbox calls the listener directly at {local}; no tunnel is needed."),
            )
            .evidence(evidence);
        }
        DoctorCheck::new(
            Id::WebhooksMatch,
            TITLE,
            State::Fail,
            format!("Vonage would call somewhere else: {}.", elsewhere.join("; ")),
        )
        .hint("The Sandbox can call the listener directly: use its address and push it (Undo puts the old ones back).")
        .evidence(evidence)
        .fix(DoctorFix::UseListenerAddress)
    }
}

fn doctor_addresses(plan: Option<&Result<PushPlan, CoreError>>) -> DoctorCheck {
    const TITLE: &str = "The application's webhook URLs are Callboard's";
    let Some(plan) = plan else {
        return DoctorCheck::new(
            Id::WebhooksMatch,
            TITLE,
            State::Skipped,
            "Not tried: the application could not be read.",
        );
    };
    match plan {
        Err(error) => DoctorCheck::new(Id::WebhooksMatch, TITLE, State::Fail, error.to_string())
            .fix(DoctorFix::open("webhooks", "Open Webhooks")),
        Ok(plan) => {
            let wrong: Vec<_> = plan
                .rows
                .iter()
                .filter(|row| row.changed && row.field.ends_with(".address"))
                .collect();
            let other: Vec<_> = plan
                .rows
                .iter()
                .filter(|row| row.changed && !row.field.ends_with(".address"))
                .collect();
            let evidence = plan
                .rows
                .iter()
                .filter(|row| row.field.ends_with(".address"))
                .map(|row| {
                    Evidence::new(
                        &row.label,
                        row.current.clone().unwrap_or_else(|| "(not set)".into()),
                    )
                })
                .collect();
            if !wrong.is_empty() {
                let names: Vec<String> = wrong
                    .iter()
                    .map(|row| {
                        format!(
                            "{} is {} instead of {}",
                            row.label,
                            row.current.as_deref().unwrap_or("not set"),
                            row.proposed.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                DoctorCheck::new(
                    Id::WebhooksMatch,
                    TITLE,
                    State::Fail,
                    format!("Vonage would call somewhere else: {}.", names.join("; ")),
                )
                .hint("Push the listener's addresses to the application (Undo puts them back).")
                .evidence(evidence)
                .fix(DoctorFix::PushWebhooks)
            } else if !other.is_empty() {
                let names: Vec<&str> = other.iter().map(|row| row.label.as_str()).collect();
                DoctorCheck::new(
                    Id::WebhooksMatch,
                    TITLE,
                    State::Warn,
                    format!(
                        "The addresses are right; these settings differ from Callboard's: {}.",
                        names.join(", ")
                    ),
                )
                .evidence(evidence)
                .fix(DoctorFix::PushWebhooks)
            } else {
                DoctorCheck::new(
                    Id::WebhooksMatch,
                    TITLE,
                    State::Pass,
                    "The answer, event and fallback URLs point at the listener.",
                )
                .evidence(evidence)
            }
        }
    }
}
