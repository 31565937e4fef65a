//! Vonage's error answers as `{kind, message, hint}`: what happened and what to do.
//!
//! The Application API answers with problem-details JSON (`type`, `title`, `detail`,
//! `invalid_parameters`, and `retry_after` when throttled); timeouts and unreachable
//! hosts never reach Vonage at all. Each becomes one [`ApiErrorKind`].

use serde::{Deserialize, Serialize};

/// What kind of failure, for the UI to choose how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    /// 400: Vonage named the parameters it rejected.
    InvalidParameters,
    /// 401: key and secret (or JWT) not accepted.
    Unauthorized,
    /// 404: no such application (or call) in this account.
    NotFound,
    /// 405, 406, 415: the request's form was wrong (a Callboard bug).
    BadRequestFormat,
    /// 429: too many requests.
    RateLimited,
    /// 5xx: Vonage's side failed.
    ServerError,
    /// No answer in time.
    Timeout,
    /// Vonage could not be reached.
    Network,
    /// An answer Callboard could not read.
    UnexpectedResponse,
    /// An address Callboard will not send the account's credentials to.
    UntrustedAddress,
}

/// One rejected parameter of a 400.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidParameter {
    /// Its path, e.g. `capabilities.voice.webhooks.answer_url.http_method`.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// A failed call to a Vonage API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// What kind of failure.
    pub kind: ApiErrorKind,
    /// What happened, in plain words.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The parameters a 400 named.
    pub invalid_parameters: Vec<InvalidParameter>,
    /// Seconds to wait, from a 429.
    pub retry_after: Option<u64>,
    /// The host that did not answer, for a timeout or a network failure.
    pub host: Option<String>,
}

#[derive(Deserialize, Default)]
struct Problem {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    invalid_parameters: Vec<InvalidParameter>,
    #[serde(default)]
    retry_after: Option<u64>,
}

impl ApiError {
    /// An address Callboard refused to send credentials to, and why.
    pub(crate) fn untrusted(message: String, hint: &str) -> Self {
        Self::new(ApiErrorKind::UntrustedAddress, message, hint)
    }

    fn new(kind: ApiErrorKind, message: String, hint: &str) -> Self {
        Self {
            kind,
            message,
            hint: hint.to_owned(),
            status: None,
            invalid_parameters: Vec::new(),
            retry_after: None,
            host: None,
        }
    }

    /// A request that never got an answer.
    pub(crate) fn network(base_url: &str, error: &reqwest::Error) -> Self {
        let host = crate::unreached::host(error).or_else(|| {
            url::Url::parse(base_url)
                .ok()
                .and_then(|url| url.host_str().map(str::to_owned))
        });
        let mut failure = Self::unanswered(base_url, error);
        failure.host = host;
        failure
    }

    fn unanswered(base_url: &str, error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::new(
                ApiErrorKind::Timeout,
                format!("{base_url} did not answer in time."),
                "Check your internet connection, then try again.",
            )
        } else {
            let hint = match crate::unreached::cause(error) {
                crate::unreached::Cause::NoSuchHost => {
                    "Check your internet connection (Callboard's Sandbox works offline), then try again."
                }
                crate::unreached::Cause::Refused => {
                    "Check the Vonage API address in the profile; leave it as https://api.nexmo.com unless Vonage gave you another."
                }
                _ => "Check your internet connection, proxy or firewall, then try again.",
            };
            Self::new(
                ApiErrorKind::Network,
                crate::unreached::sentence(error),
                hint,
            )
        }
    }

    /// An answer that could not be read.
    pub(crate) fn unexpected(detail: &str) -> Self {
        Self::new(
            ApiErrorKind::UnexpectedResponse,
            format!("Vonage answered in a form Callboard could not read: {detail}."),
            "Try again; if it keeps happening, report it with the support bundle.",
        )
    }

    /// Reads an error answer.
    pub(crate) async fn from_response(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let header_retry = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = response.text().await.unwrap_or_default();
        let mut error = Self::from_status(status, &body);
        error.retry_after = error.retry_after.or(header_retry);
        if error.kind == ApiErrorKind::RateLimited
            && let Some(seconds) = error.retry_after
        {
            error.hint = format!("Wait {seconds} seconds, then try again.");
        }
        error
    }

    /// Builds the error for a status and the body Vonage sent with it.
    #[must_use]
    pub fn from_status(status: u16, body: &str) -> Self {
        let problem: Problem = serde_json::from_str(body).unwrap_or_default();
        let detail = problem
            .detail
            .clone()
            .or(problem.title.clone())
            .unwrap_or_default();
        let mut error = match status {
            400 | 422 => {
                let named: Vec<String> = problem
                    .invalid_parameters
                    .iter()
                    .map(|p| format!("{}: {}", p.name, p.reason))
                    .collect();
                let what = if named.is_empty() {
                    detail.clone()
                } else {
                    named.join("; ")
                };
                Self::new(
                    ApiErrorKind::InvalidParameters,
                    format!("Vonage rejected the request: {what}."),
                    "Correct the setting it names, then try again.",
                )
            }
            401 | 403 => Self::new(
                ApiErrorKind::Unauthorized,
                "Vonage did not accept these credentials.".to_owned(),
                "Check the API key and secret in the Vonage dashboard (API settings); the secret is case-sensitive.",
            ),
            404 => Self::new(
                ApiErrorKind::NotFound,
                "Vonage has no application with this ID in this account.".to_owned(),
                "Check the application ID, and that the API key belongs to the account that owns it.",
            ),
            405 | 406 | 415 => Self::new(
                ApiErrorKind::BadRequestFormat,
                format!(
                    "Vonage refused the form of the request ({status}{}).",
                    if detail.is_empty() {
                        String::new()
                    } else {
                        format!(": {detail}")
                    }
                ),
                "This is a Callboard bug; please report it with the support bundle.",
            ),
            429 => Self::new(
                ApiErrorKind::RateLimited,
                "Vonage is limiting requests: too many were sent in a short time.".to_owned(),
                "Wait a few seconds, then try again.",
            ),
            500..=599 => Self::new(
                ApiErrorKind::ServerError,
                format!("Vonage had a problem answering ({status})."),
                "Try again in a minute; if it persists, check Vonage's status page.",
            ),
            _ => Self::unexpected(&format!("HTTP {status} {detail}")),
        };
        error.status = Some(status);
        error.invalid_parameters = problem.invalid_parameters;
        error.retry_after = problem.retry_after;
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_connection_timeout_400_names_the_field() {
        let body = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/payloads/error-application-400-connection_timeout.txt"
        ))
        .expect("fixture");
        // The published body was line-wrapped by its reporter; JSON forbids raw newlines in strings.
        let body = body.replace("\n        ", " ");
        let error = ApiError::from_status(400, &body);
        assert_eq!(error.kind, ApiErrorKind::InvalidParameters);
        assert!(
            error
                .message
                .contains("connection_timeout is not a known json property"),
            "{}",
            error.message
        );
    }

    #[test]
    fn each_status_has_its_kind_and_a_hint() {
        for (status, kind) in [
            (400, ApiErrorKind::InvalidParameters),
            (401, ApiErrorKind::Unauthorized),
            (404, ApiErrorKind::NotFound),
            (405, ApiErrorKind::BadRequestFormat),
            (406, ApiErrorKind::BadRequestFormat),
            (415, ApiErrorKind::BadRequestFormat),
            (429, ApiErrorKind::RateLimited),
            (500, ApiErrorKind::ServerError),
            (503, ApiErrorKind::ServerError),
        ] {
            let error = ApiError::from_status(status, "{}");
            assert_eq!((error.kind, error.status), (kind, Some(status)));
            assert!(!error.hint.is_empty() && !error.message.is_empty());
        }
    }

    #[test]
    fn a_400_lists_its_invalid_parameters_and_a_429_its_wait() {
        let error = ApiError::from_status(
            400,
            r#"{"title":"Bad Request","invalid_parameters":[{"name":"capabilities.voice.webhooks.answer_url.http_method","reason":"must be one of: GET, POST"}]}"#,
        );
        assert!(
            error
                .message
                .contains("answer_url.http_method: must be one of: GET, POST")
        );
        let throttled =
            ApiError::from_status(429, r#"{"title":"Too Many Requests","retry_after":7}"#);
        assert_eq!(throttled.retry_after, Some(7));
    }
}
