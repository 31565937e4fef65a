//! The engine's side of the webhooks (`docs/vonage.md` §4–5): the answer URL
//! fetched with the application's method and timeouts, tried twice on a connection
//! failure, a timeout or a 429/503/504, then the fallback answer URL twice (with
//! `reason` and `original_request`), an invalid NCCO going to the fallback at once; and
//! events posted (JSON by default, GET with query parameters when asked), retried once;
//! an event that may return an NCCO goes, when it fails, to the fallback answer URL too.

use std::time::Duration;

use callboard_ncco::model::Runnable;
use callboard_vonage::applications::{WebhookName, voice_webhook};
use serde_json::{Map, Value, json};

use super::signing::Signer;

/// One webhook address as the engine calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// The URL.
    pub url: String,
    /// `GET` or `POST`.
    pub method: String,
    /// Time allowed to connect and read.
    pub timeout: Duration,
}

impl Hook {
    /// The application's webhook `name`, if it has one.
    pub fn of_application(application: &Value, name: WebhookName) -> Option<Self> {
        let hook = voice_webhook(application, name)?;
        if hook.address.is_empty() {
            return None;
        }
        Some(Self {
            url: hook.address,
            method: hook.http_method,
            timeout: Duration::from_millis(u64::from(
                hook.connect_timeout.unwrap_or(1000)
                    + hook
                        .socket_timeout
                        .unwrap_or_else(|| name.max_socket_timeout()),
            )),
        })
    }

    /// An NCCO action's `eventUrl` (an array of one) and `eventMethod` (POST unless it
    /// says GET).
    pub fn of_action(
        event_url: Option<&Vec<String>>,
        event_method: Option<&String>,
    ) -> Option<Self> {
        let url = event_url?.first()?;
        Some(Self {
            url: url.clone(),
            method: event_method
                .map_or("POST", String::as_str)
                .to_ascii_uppercase(),
            timeout: Duration::from_secs(11),
        })
    }
}

/// Why a webhook gave nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No connection.
    Unreachable(String),
    /// No answer in time.
    Timeout,
    /// An HTTP error status.
    Status(u16),
    /// A 2xx whose body is not a valid NCCO (why).
    InvalidNcco(String),
}

impl Failure {
    /// Whether Vonage tries the same URL again.
    fn retried(&self) -> bool {
        matches!(
            self,
            Self::Unreachable(_) | Self::Timeout | Self::Status(429 | 503 | 504)
        )
    }

    /// The `reason` the fallback request carries.
    pub fn reason(&self) -> String {
        match self {
            Self::Unreachable(_) => "Connection closed.".into(),
            Self::Timeout => "Read timed out".into(),
            Self::Status(status) => format!("Received status code {status}"),
            Self::InvalidNcco(why) => format!("Invalid NCCO: {why}"),
        }
    }
}

/// Sends `body` to `hook`: JSON for POST, query parameters for GET. The answer's body.
///
/// # Errors
/// A [`Failure`] other than [`Failure::InvalidNcco`].
pub async fn send(
    http: &reqwest::Client,
    hook: &Hook,
    body: &Value,
    signer: Option<&Signer>,
) -> Result<String, Failure> {
    let (request, sent) = if hook.method.eq_ignore_ascii_case("GET") {
        let mut url = url::Url::parse(&hook.url)
            .map_err(|e| Failure::Unreachable(format!("{} is not a URL: {e}", hook.url)))?;
        url.query_pairs_mut().extend_pairs(query_pairs(body));
        (http.get(url), Vec::new())
    } else {
        let json = serde_json::to_vec(body).unwrap_or_default();
        (
            http.post(&hook.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json.clone()),
            json,
        )
    };
    let request = match signer.and_then(|s| s.authorization(&sent)) {
        Some(authorization) => request.header(reqwest::header::AUTHORIZATION, authorization),
        None => request,
    };
    let answer = request
        .timeout(hook.timeout)
        .send()
        .await
        .map_err(|error| {
            if error.is_timeout() {
                Failure::Timeout
            } else {
                Failure::Unreachable(error.to_string())
            }
        })?;
    let status = answer.status();
    let text = answer.text().await.map_err(|error| {
        if error.is_timeout() {
            Failure::Timeout
        } else {
            Failure::Unreachable(error.to_string())
        }
    })?;
    if status.is_success() {
        Ok(text)
    } else {
        Err(Failure::Status(status.as_u16()))
    }
}

/// A body's fields as query parameters (objects and arrays as JSON text).
fn query_pairs(body: &Value) -> Vec<(String, String)> {
    body.as_object()
        .map(|fields| {
            fields
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| {
                    let text = match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    (key.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reads an answer as an NCCO Vonage would run.
///
/// # Errors
/// Why it is not one.
pub fn parse_ncco(text: &str) -> Result<Runnable, String> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| format!("the answer is not JSON ({e})"))?;
    Runnable::parse(document).map_err(|refusal| refusal.to_string())
}

/// Sends `body` to `hook`, once more after a connection failure, a timeout or a
/// 429/503/504. The answer's body.
async fn send_retried(
    http: &reqwest::Client,
    hook: &Hook,
    body: &Value,
    signer: Option<&Signer>,
) -> Result<String, Failure> {
    match send(http, hook, body, signer).await {
        Err(failure) if failure.retried() => send(http, hook, body, signer).await,
        answered => answered,
    }
}

/// Sends `body` to `hook` as [`send_retried`] does, then reads the answer as an NCCO.
async fn fetch_from(
    http: &reqwest::Client,
    hook: &Hook,
    body: &Value,
    signer: Option<&Signer>,
) -> Result<Runnable, Failure> {
    let text = send_retried(http, hook, body, signer).await?;
    parse_ncco(&text).map_err(Failure::InvalidNcco)
}

/// Fetches the call's NCCO from `answer`, then from `fallback` as Vonage does.
///
/// # Errors
/// The last failure, when neither gave a valid NCCO (the call then ends).
pub async fn fetch_ncco(
    http: &reqwest::Client,
    answer: &Hook,
    fallback: Option<&Hook>,
    request: &Map<String, Value>,
    signer: Option<&Signer>,
) -> Result<Runnable, Failure> {
    let body = Value::Object(request.clone());
    match fetch_from(http, answer, &body, signer).await {
        Ok(ncco) => Ok(ncco),
        Err(failure) => {
            from_fallback(
                http,
                (answer, "answer"),
                fallback,
                request,
                &failure,
                signer,
            )
            .await
        }
    }
}

/// Asks `fallback` (twice, as any NCCO fetch) for the NCCO `original` failed to give,
/// with the original payload plus `reason` and `original_request` (§4).
async fn from_fallback(
    http: &reqwest::Client,
    (original, kind): (&Hook, &str),
    fallback: Option<&Hook>,
    request: &Map<String, Value>,
    failure: &Failure,
    signer: Option<&Signer>,
) -> Result<Runnable, Failure> {
    let Some(fallback) = fallback else {
        return Err(failure.clone());
    };
    let mut body = request.clone();
    body.insert("reason".into(), json!(failure.reason()));
    body.insert(
        "original_request".into(),
        json!({"url": original.url, "type": kind}),
    );
    fetch_from(http, fallback, &Value::Object(body), signer).await
}

/// Posts an event, once more after a connection failure or a timeout.
pub async fn post_event(
    http: &reqwest::Client,
    hook: &Hook,
    body: &Value,
    signer: Option<&Signer>,
) {
    for _ in 0..2 {
        match send(http, hook, body, signer).await {
            Ok(_) => return,
            Err(Failure::Unreachable(_) | Failure::Timeout) => {}
            Err(failure) => {
                tracing::debug!(?failure, url = hook.url, "an event was refused");
                return;
            }
        }
    }
}

/// Posts an event that may answer with an NCCO (an input's result, a notify, a
/// WebSocket's end): the NCCO it returned. An error status, no answer (after a second
/// try on a connection failure, a timeout or a 429/503/504) or an invalid NCCO sends the
/// event to `fallback`, whose NCCO then runs; a 2xx without an NCCO, or the fallback
/// failing too, lets the call go on (§4).
pub async fn post_event_for_ncco(
    http: &reqwest::Client,
    hook: &Hook,
    fallback: Option<&Hook>,
    body: &Map<String, Value>,
    signer: Option<&Signer>,
) -> Option<Runnable> {
    let failure = match send_retried(http, hook, &Value::Object(body.clone()), signer).await {
        Ok(text) if text.trim_start().starts_with('[') => match parse_ncco(&text) {
            Ok(ncco) => return Some(ncco),
            Err(why) => Failure::InvalidNcco(why),
        },
        Ok(_) => return None,
        Err(failure) => failure,
    };
    tracing::debug!(
        ?failure,
        url = hook.url,
        "an event's NCCO goes to the fallback"
    );
    from_fallback(http, (hook, "event"), fallback, body, &failure, signer)
        .await
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_requests_carry_fields_as_query_parameters() {
        let pairs =
            query_pairs(&json!({"to": "447700900000", "dtmf": {"digits": "12"}, "x": null}));
        assert_eq!(
            pairs,
            vec![
                ("to".to_owned(), "447700900000".to_owned()),
                ("dtmf".to_owned(), r#"{"digits":"12"}"#.to_owned())
            ]
        );
    }

    #[test]
    fn only_connection_failures_timeouts_and_busy_statuses_are_retried() {
        assert!(Failure::Timeout.retried());
        assert!(Failure::Status(503).retried());
        assert!(!Failure::Status(404).retried());
        assert!(!Failure::InvalidNcco("x".into()).retried());
    }

    #[test]
    fn an_invalid_ncco_says_where() {
        let why = parse_ncco(r#"[{"action":"talk"}]"#).expect_err("no text");
        assert!(why.contains("talk needs"), "{why}");
        assert!(parse_ncco("<html>").is_err());
    }
}
