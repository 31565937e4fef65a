//! Pointing a Vonage application at Callboard, safely.
//!
//! The Application API's PUT replaces the whole application, so a push starts from the
//! application exactly as Vonage returns it and changes only the voice webhooks and
//! settings; everything else goes back byte for byte. Before it, [`plan`] shows each
//! field that changes; addresses that point at another server are overwritten only on
//! confirmation; the application as it was is kept as a snapshot that Undo puts back.
//! The public URL is checked before use, found from the ngrok agent, and proved by a
//! probe sent out through it.

use std::time::{Duration, Instant};

use callboard_vonage::{WebhookName, applications::REGIONS};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use callboard_server::WebhookPaths;

use crate::error::CoreError;

/// Method and timeouts of one voice webhook (milliseconds, Vonage's ranges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HookSettings {
    /// `GET` or `POST`.
    pub http_method: String,
    /// 300 to 1000 ms.
    pub connect_timeout: u32,
    /// 1000 to 5000 ms (answer, fallback) or 10000 ms (event).
    pub socket_timeout: u32,
}

/// What the listener does with webhook signatures (when the profile has a signature secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    /// Do not check.
    Off,
    /// Check, and show the verdict in the Inspector; answer as usual.
    #[default]
    Report,
    /// Answer 401 to anything not validly signed.
    Enforce,
}

impl From<SignatureCheck> for callboard_server::SignatureMode {
    fn from(check: SignatureCheck) -> Self {
        match check {
            SignatureCheck::Off => Self::Off,
            SignatureCheck::Report => Self::Report,
            SignatureCheck::Enforce => Self::Enforce,
        }
    }
}

/// How the profile's voice webhooks are configured on push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WebhookSettings {
    /// The answer webhook (GET by default, as Vonage's).
    pub answer: HookSettings,
    /// The event webhook (POST by default).
    pub event: HookSettings,
    /// The fallback answer webhook.
    pub fallback: HookSettings,
    /// Ask Vonage to sign webhooks with the signature secret.
    pub signed_callbacks: bool,
    /// Where inbound calls are handled (`None` leaves the application's choice).
    pub region: Option<String>,
    /// What the listener does with signatures it receives.
    #[serde(default)]
    pub signature_check: SignatureCheck,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        let hook = |method: &str, socket| HookSettings {
            http_method: method.into(),
            connect_timeout: 1000,
            socket_timeout: socket,
        };
        Self {
            answer: hook("GET", 5000),
            event: hook("POST", 10_000),
            fallback: hook("GET", 5000),
            signed_callbacks: false,
            region: None,
            signature_check: SignatureCheck::default(),
        }
    }
}

impl WebhookSettings {
    fn hooks(&self) -> [(WebhookName, &HookSettings, &'static str); 3] {
        [
            (WebhookName::AnswerUrl, &self.answer, "Answer"),
            (WebhookName::EventUrl, &self.event, "Event"),
            (WebhookName::FallbackAnswerUrl, &self.fallback, "Fallback"),
        ]
    }

    /// Checks every value against Vonage's ranges.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] naming the first value out of range.
    pub fn validate(&self) -> Result<(), CoreError> {
        for (name, hook, label) in self.hooks() {
            if !matches!(hook.http_method.as_str(), "GET" | "POST") {
                return Err(CoreError::input(format!(
                    "the {label} webhook's method must be GET or POST"
                )));
            }
            if !(300..=1000).contains(&hook.connect_timeout) {
                return Err(CoreError::input(format!(
                    "the {label} webhook's connect timeout must be from 300 to 1000 ms, not {}",
                    hook.connect_timeout
                )));
            }
            let max = name.max_socket_timeout();
            if !(1000..=max).contains(&hook.socket_timeout) {
                return Err(CoreError::input(format!(
                    "the {label} webhook's socket timeout must be from 1000 to {max} ms, not {}",
                    hook.socket_timeout
                )));
            }
        }
        if let Some(region) = &self.region
            && !REGIONS.contains(&region.as_str())
        {
            return Err(CoreError::input(format!(
                "\"{region}\" is not a Vonage region; choose one of {}",
                REGIONS.join(", ")
            )));
        }
        Ok(())
    }
}

/// Checks a public URL a person gave: an https origin that the internet can reach.
/// Loopback is allowed for the Sandbox, which calls from this computer.
///
/// # Errors
/// [`CoreError::InvalidInput`] saying what is wrong and what to give instead.
pub fn parse_public_url(text: &str, allow_loopback: bool) -> Result<String, CoreError> {
    let text = text.trim();
    let invalid = |message: String| Err(CoreError::in_field("public_url", message));
    let Ok(url) = url::Url::parse(text) else {
        return invalid(format!(
            "\"{text}\" is not a full address; give the https:// address your tunnel shows, like https://abc123.ngrok.app"
        ));
    };
    let loopback = callboard_ncco::address::is_this_computer(&url);
    if url.scheme() != "https" && !(allow_loopback && loopback && url.scheme() == "http") {
        return invalid(format!(
            "Vonage reaches you over https; use the https:// address of your tunnel, not {}://",
            url.scheme()
        ));
    }
    if url.query().is_some() || url.fragment().is_some() || url.path() != "/" {
        return invalid(
            "give only the tunnel's address, like https://abc123.ngrok.app, without a path; the webhook paths are added for you".into(),
        );
    }
    if loopback && !allow_loopback {
        return invalid(format!(
            "{text} is this computer, which Vonage cannot reach; start a tunnel (ngrok http <port>) and use its https address"
        ));
    }
    if is_private(&url) {
        return invalid(format!(
            "{text} is a private network address, which Vonage cannot reach from the internet; use your tunnel's public https address"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_private(url: &url::Url) -> bool {
    match url.host() {
        // 100.64.0.0/10 is carrier-grade NAT, unreachable from the internet too.
        Some(url::Host::Ipv4(ip)) => {
            ip.is_private()
                || ip.is_link_local()
                || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64)
        }
        Some(url::Host::Ipv6(ip)) => {
            let first = ip.segments()[0];
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
        Some(url::Host::Domain(domain)) => {
            domain.ends_with(".local") || domain.ends_with(".internal")
        }
        None => false,
    }
}

/// One field of the voice configuration, as it is and as a push would make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffRow {
    /// Its path under `capabilities.voice`, e.g. `webhooks.answer_url.address`.
    pub field: String,
    /// A label for people, e.g. "Answer address".
    pub label: String,
    /// The value now (`None`: not set).
    pub current: Option<String>,
    /// The value after the push.
    pub proposed: Option<String>,
    /// Whether it changes.
    pub changed: bool,
}

/// What a push would do to an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PushPlan {
    /// The application.
    pub application_id: String,
    /// Its name.
    pub application_name: String,
    /// Every voice field, changed or not.
    pub rows: Vec<DiffRow>,
    /// Current webhook addresses that point at another server (not the public URL, the
    /// listener, nor a tunnel Callboard pushed before), which the push would replace.
    pub foreign: Vec<String>,
    /// How many fields change.
    pub changes: u32,
    /// Whether the public URL the push writes has been proved to reach the listener.
    pub proof: AddressProof,
}

/// What is known of the public URL a push writes: whether a probe sent out through it
/// came back to the listener.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AddressProof {
    /// Its last proof passed.
    Proved,
    /// Its last proof failed; a push needs confirmation.
    Failed {
        /// What the proof found.
        detail: String,
    },
    /// It has not been proved since it was saved.
    Untried,
}

impl AddressProof {
    /// What a self-check of the address found.
    #[must_use]
    pub fn of(check: &SelfCheck) -> Self {
        if check.passed {
            Self::Proved
        } else {
            Self::Failed {
                detail: check.detail.clone(),
            }
        }
    }
}

impl PushPlan {
    /// The row of one field, by its path under `capabilities.voice`.
    #[must_use]
    pub fn row(&self, field: &str) -> Option<&DiffRow> {
        self.rows.iter().find(|row| row.field == field)
    }
}

/// The application as a push would leave it: `current` with only the voice webhooks
/// and settings replaced (and never a private key).
#[must_use]
pub fn desired(
    current: &Value,
    public_url: &str,
    paths: &WebhookPaths,
    settings: &WebhookSettings,
) -> Value {
    let mut application = current.clone();
    if let Some(keys) = application.get_mut("keys").and_then(Value::as_object_mut) {
        keys.remove("private_key");
    }
    let root = application
        .as_object_mut()
        .map(|root| root.entry("capabilities").or_insert_with(|| json!({})));
    let Some(capabilities) = root.and_then(Value::as_object_mut) else {
        return application;
    };
    let voice = capabilities.entry("voice").or_insert_with(|| json!({}));
    let Some(voice) = voice.as_object_mut() else {
        return application;
    };
    let webhooks = voice.entry("webhooks").or_insert_with(|| json!({}));
    if let Some(webhooks) = webhooks.as_object_mut() {
        for (name, hook, _) in settings.hooks() {
            let path = match name {
                WebhookName::AnswerUrl => &paths.answer,
                WebhookName::EventUrl => &paths.event,
                WebhookName::FallbackAnswerUrl => &paths.fallback,
            };
            webhooks.insert(
                name.key().to_owned(),
                json!({
                    "address": format!("{public_url}{path}"),
                    "http_method": hook.http_method,
                    "connect_timeout": hook.connect_timeout,
                    "socket_timeout": hook.socket_timeout,
                }),
            );
        }
    }
    voice.insert(
        "signed_callbacks".into(),
        Value::Bool(settings.signed_callbacks),
    );
    if let Some(region) = &settings.region {
        voice.insert("region".into(), Value::String(region.clone()));
    }
    application
}

fn shown(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// A webhook's name as the diff and its warnings show it.
fn label_of(name: WebhookName) -> &'static str {
    match name {
        WebhookName::AnswerUrl => "Answer",
        WebhookName::EventUrl => "Event",
        WebhookName::FallbackAnswerUrl => "Fallback",
    }
}

/// The field-by-field comparison of the voice configuration of two applications.
#[must_use]
pub fn diff(current: &Value, proposed: &Value) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    for name in WebhookName::ALL {
        let label = label_of(name);
        for (key, what) in [
            ("address", "address"),
            ("http_method", "method"),
            ("connect_timeout", "connect timeout (ms)"),
            ("socket_timeout", "socket timeout (ms)"),
        ] {
            let pointer = format!("/capabilities/voice/webhooks/{}/{key}", name.key());
            let (before, after) = (
                shown(current.pointer(&pointer)),
                shown(proposed.pointer(&pointer)),
            );
            rows.push(DiffRow {
                field: format!("webhooks.{}.{key}", name.key()),
                label: format!("{label} {what}"),
                changed: before != after,
                current: before,
                proposed: after,
            });
        }
    }
    for (key, label) in [
        ("signed_callbacks", "Signed webhooks"),
        ("region", "Region"),
    ] {
        let pointer = format!("/capabilities/voice/{key}");
        let (before, after) = (
            shown(current.pointer(&pointer)),
            shown(proposed.pointer(&pointer)),
        );
        rows.push(DiffRow {
            field: key.to_owned(),
            label: label.to_owned(),
            changed: before != after,
            current: before,
            proposed: after,
        });
    }
    rows
}

/// The origin of `address` (`https://abc.ngrok.app`), as [`foreign_addresses`] compares them.
#[must_use]
pub fn origin_of(address: &str) -> Option<String> {
    url::Url::parse(address)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|origin| origin != "null")
}

/// Current webhook addresses that point at a server other than Callboard's own: the
/// origins in `ours` (the public URL, the listener's direct address, earlier tunnels).
#[must_use]
pub fn foreign_addresses(current: &Value, ours: &[String]) -> Vec<String> {
    WebhookName::ALL
        .iter()
        .filter_map(|name| {
            let address = current
                .pointer(&format!(
                    "/capabilities/voice/webhooks/{}/address",
                    name.key()
                ))?
                .as_str()?;
            let ours = origin_of(address).is_some_and(|origin| ours.contains(&origin));
            (!address.is_empty() && !ours)
                .then(|| format!("{} webhook: {address}", label_of(*name)))
        })
        .collect()
}

/// The plan for pushing `desired` over `current`; `ours` are Callboard's own origins, and
/// `proof` what is known of the public URL pushed.
#[must_use]
pub fn plan(current: &Value, desired: &Value, ours: &[String], proof: AddressProof) -> PushPlan {
    let rows = diff(current, desired);
    PushPlan {
        application_id: current["id"].as_str().unwrap_or_default().to_owned(),
        application_name: current["name"].as_str().unwrap_or_default().to_owned(),
        changes: u32::try_from(rows.iter().filter(|r| r.changed).count()).unwrap_or(u32::MAX),
        foreign: foreign_addresses(current, ours),
        rows,
        proof,
    }
}

/// A tunnel the ngrok agent reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Tunnel {
    /// Its public URL.
    pub public_url: String,
    /// Where it forwards, e.g. `http://localhost:3000`.
    pub forwards_to: String,
    /// Whether it forwards to the listener's port.
    pub reaches_listener: bool,
}

#[derive(Deserialize)]
struct NgrokTunnels {
    tunnels: Vec<NgrokTunnel>,
}

#[derive(Deserialize)]
struct NgrokTunnel {
    public_url: String,
    #[serde(default)]
    config: NgrokConfig,
}

#[derive(Deserialize, Default)]
struct NgrokConfig {
    #[serde(default)]
    addr: String,
}

/// Where the ngrok agent serves its local API unless configured otherwise.
pub const NGROK_API_BASE: &str = "http://127.0.0.1:4040";

/// The https tunnels the ngrok agent runs, those reaching `port` first.
///
/// # Errors
/// [`CoreError::Tunnel`] when no agent answers or it answers something else.
pub async fn discover_ngrok(api_base: &str, port: u16) -> Result<Vec<Tunnel>, CoreError> {
    let not_running = || CoreError::Tunnel {
        message: format!("ngrok is not running on this computer (nothing answers at {api_base})."),
        hint: format!(
            "Start it with: ngrok http {port}, then try again; or paste your tunnel's address."
        ),
    };
    let response = reqwest::Client::new()
        .get(format!("{api_base}/api/tunnels"))
        .timeout(Duration::from_secs(3))
        .send()
        .await
        .map_err(|_| not_running())?;
    let listed: NgrokTunnels = response.json().await.map_err(|e| CoreError::Tunnel {
        message: format!("the ngrok agent answered in a form Callboard does not know: {e}"),
        hint: "Paste your tunnel's https address instead.".into(),
    })?;
    let mut tunnels: Vec<Tunnel> = listed
        .tunnels
        .into_iter()
        .filter(|t| t.public_url.starts_with("https://"))
        .map(|t| {
            let addr = t.config.addr;
            let reaches_listener = addr == port.to_string() || addr.ends_with(&format!(":{port}"));
            Tunnel {
                public_url: t.public_url.trim_end_matches('/').to_owned(),
                forwards_to: addr,
                reaches_listener,
            }
        })
        .collect();
    tunnels.sort_by_key(|t| !t.reaches_listener);
    if tunnels.is_empty() {
        return Err(CoreError::Tunnel {
            message: "ngrok is running but has no https tunnel.".into(),
            hint: format!("Start one with: ngrok http {port}"),
        });
    }
    Ok(tunnels)
}

/// The outcome of sending a probe out through the public URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SelfCheck {
    /// The probe came back to this listener through the tunnel.
    pub passed: bool,
    /// What happened.
    pub detail: String,
    /// What to do when it failed.
    pub hint: Option<String>,
    /// The round trip.
    pub millis: u32,
}

/// Sends `GET {public_url}{answer_path}?callboard_probe={nonce}`; `arrived` says whether
/// this listener saw the nonce.
pub async fn self_check(
    public_url: &str,
    answer_path: &str,
    nonce: &str,
    arrived: impl Fn() -> bool,
) -> SelfCheck {
    let started = Instant::now();
    let url = format!("{public_url}{answer_path}?callboard_probe={nonce}");
    let outcome = reqwest::Client::new()
        .get(&url)
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    let millis = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let fail = |detail: String, hint: &str| SelfCheck {
        passed: false,
        detail,
        hint: Some(hint.to_owned()),
        millis,
    };
    match outcome {
        Err(error) if error.is_timeout() => fail(
            format!("{public_url} did not answer within 10 seconds."),
            "Check that the tunnel is running and forwards to Callboard's port.",
        ),
        Err(error) => fail(
            callboard_vonage::unreached::sentence(&error),
            "Check the address, and that the tunnel is running and forwards to Callboard's port.",
        ),
        Ok(_) if arrived() => SelfCheck {
            passed: true,
            detail: format!("A request sent to {public_url} reached Callboard in {millis} ms."),
            hint: None,
            millis,
        },
        Ok(response) => fail(
            format!(
                "{public_url} answered ({}), but the request never reached Callboard.",
                response.status()
            ),
            "The tunnel forwards to another program or port; start it with the port Callboard listens on.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_must_be_https_origins_the_internet_can_reach() {
        assert_eq!(
            parse_public_url(" https://abc123.ngrok.app/ ", false).expect("fine"),
            "https://abc123.ngrok.app"
        );
        for (bad, says) in [
            ("abc123.ngrok.app", "not a full address"),
            ("http://abc123.ngrok.app", "over https"),
            ("https://abc123.ngrok.app/api/answer", "without a path"),
            ("https://abc123.ngrok.app/?x=1", "without a path"),
            ("https://localhost:3000", "this computer"),
            ("https://127.0.0.1", "this computer"),
            ("https://192.168.1.20", "private network"),
            ("https://10.0.0.5", "private network"),
            ("https://172.20.1.1", "private network"),
            ("https://100.64.1.1", "private network"),
            ("https://[fd00::1]", "private network"),
            ("https://printer.local", "private network"),
        ] {
            let error = parse_public_url(bad, false).expect_err(bad).to_string();
            assert!(error.contains(says), "{bad}: {error}");
        }
        assert_eq!(
            parse_public_url("http://127.0.0.1:3000", true).expect("the Sandbox calls from here"),
            "http://127.0.0.1:3000"
        );
    }

    fn paths() -> WebhookPaths {
        WebhookPaths::default()
    }

    fn application() -> Value {
        json!({"id": "app-1", "name": "Demo",
               "capabilities": {"voice": {"webhooks": {"answer_url": {"address": "https://old.example/answer", "http_method": "GET"}},
                                           "conversations_ttl": 48},
                                "messages": {"webhooks": {"inbound_url": {"address": "https://m.example/in", "http_method": "POST"}}, "version": "v1"}},
               "keys": {"public_key": "PEM", "private_key": "SECRET"}})
    }

    #[test]
    fn desired_changes_only_the_voice_webhooks_and_settings() {
        let current = application();
        let desired = desired(
            &current,
            "https://abc.ngrok.app",
            &paths(),
            &WebhookSettings::default(),
        );
        assert_eq!(
            desired["capabilities"]["messages"],
            current["capabilities"]["messages"]
        );
        assert_eq!(
            desired["capabilities"]["voice"]["conversations_ttl"], 48,
            "other voice settings stay"
        );
        assert_eq!(
            desired["capabilities"]["voice"]["webhooks"]["answer_url"],
            json!({"address": "https://abc.ngrok.app/api/hume-twilio/vonage-voice-webhook/", "http_method": "GET",
                   "connect_timeout": 1000, "socket_timeout": 5000})
        );
        assert_eq!(
            desired["capabilities"]["voice"]["webhooks"]["event_url"]["http_method"],
            "POST"
        );
        assert!(
            desired["keys"].get("private_key").is_none(),
            "a private key is never sent back"
        );
        assert_eq!(desired["keys"]["public_key"], "PEM");
    }

    #[test]
    fn the_plan_lists_each_field_and_the_addresses_pointing_elsewhere() {
        let current = application();
        let desired = desired(
            &current,
            "https://abc.ngrok.app",
            &paths(),
            &WebhookSettings::default(),
        );
        let plan = plan(
            &current,
            &desired,
            &["https://abc.ngrok.app".into()],
            AddressProof::Untried,
        );
        assert_eq!(plan.rows.len(), 14);
        let answer = plan.row("webhooks.answer_url.address").expect("row");
        assert_eq!(
            answer.current.as_deref(),
            Some("https://old.example/answer")
        );
        assert!(answer.changed);
        let method = plan.row("webhooks.answer_url.http_method").expect("row");
        assert!(!method.changed, "GET stays GET");
        assert_eq!(
            plan.foreign,
            ["Answer webhook: https://old.example/answer"],
            "in the diff's words, not Vonage's field names"
        );
        let again = plan_after_push(&desired);
        assert_eq!(
            again.changes, 0,
            "pushing twice changes nothing the second time"
        );
        assert!(
            again.foreign.is_empty(),
            "our own addresses are not foreign"
        );
    }

    fn plan_after_push(pushed: &Value) -> PushPlan {
        let desired = desired(
            pushed,
            "https://abc.ngrok.app",
            &paths(),
            &WebhookSettings::default(),
        );
        plan(
            pushed,
            &desired,
            &["https://abc.ngrok.app".into()],
            AddressProof::Proved,
        )
    }

    #[test]
    fn callboards_own_origins_are_never_foreign() {
        let mut current = application();
        current["capabilities"]["voice"]["webhooks"]["answer_url"]["address"] =
            json!("http://127.0.0.1:3000/answer");
        current["capabilities"]["voice"]["webhooks"]["event_url"]["address"] =
            json!("https://old-tunnel.ngrok.app/event");
        let ours = [
            "https://abc.ngrok.app".to_owned(),
            "http://127.0.0.1:3000".to_owned(),
            "https://old-tunnel.ngrok.app".to_owned(),
        ];
        assert!(foreign_addresses(&current, &ours).is_empty());
        assert_eq!(
            foreign_addresses(&current, &ours[..2]),
            ["Event webhook: https://old-tunnel.ngrok.app/event"]
        );
        assert_eq!(
            origin_of("HTTPS://ABC.ngrok.app:443/x?y"),
            Some("https://abc.ngrok.app".into())
        );
        assert_eq!(origin_of("not a url"), None);
    }

    #[test]
    fn settings_outside_vonages_ranges_are_refused() {
        assert!(WebhookSettings::default().validate().is_ok());
        let mut settings = WebhookSettings::default();
        settings.answer.connect_timeout = 200;
        assert!(
            settings
                .validate()
                .expect_err("too short")
                .to_string()
                .contains("from 300 to 1000")
        );
        let mut settings = WebhookSettings::default();
        settings.answer.socket_timeout = 8000;
        assert!(
            settings
                .validate()
                .expect_err("answer max 5000")
                .to_string()
                .contains("1000 to 5000")
        );
        settings.answer.socket_timeout = 5000;
        settings.event.socket_timeout = 10_000;
        assert!(
            settings.validate().is_ok(),
            "the event webhook may wait 10 s"
        );
        settings.event.http_method = "PUT".into();
        assert!(settings.validate().is_err());
        let settings = WebhookSettings {
            region: Some("mars-1".into()),
            ..WebhookSettings::default()
        };
        assert!(
            settings
                .validate()
                .expect_err("region")
                .to_string()
                .contains("eu-west")
        );
    }
}
