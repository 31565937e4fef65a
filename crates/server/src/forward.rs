//! Forwarding to the user's own backend (for example a Django server on port 8000).
//!
//! Per route, a request is passed on to the same path and query under the backend's base
//! URL, with its method, headers (the signature's `Authorization` too) and body; the
//! backend's status, headers and body go back to Vonage, and the capture layer keeps
//! both with a [`Forwarded`] report. An NCCO the backend returns is checked like the
//! composer's (and against Vonage's rules for serving it: a 2xx, `application/json`, a
//! JSON array), so a mistake is flagged where the user sees it. A backend that does not
//! answer gets Vonage a 502 (504 on a timeout), which is what Vonage would meet too.

use std::{
    sync::{Arc, RwLock},
    time::Duration,
};

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderName, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use callboard_ncco::{Severity, validate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::capture::{Classifier, Forwarded, MAX_BODY, NccoNote, Route};

/// How long the backend may take to answer: Vonage's longest read timeout (the event
/// webhook's 10 s); the time it did take is kept with the exchange.
pub const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

/// The header a forwarded request carries, so that a backend address pointing back at
/// this listener is caught instead of looping.
pub const FORWARDED_MARK: &str = "x-callboard-forwarded";

/// Why a request that reached the listener twice was refused.
pub(crate) const LOOP: &str = "The backend address points back at Callboard's own listener; forward to your backend's port instead.";

/// Where the listener forwards, and which routes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForwardTarget {
    /// The backend's base URL, e.g. `http://127.0.0.1:8000`; each request goes to the
    /// same path under it.
    pub base_url: String,
    /// Forward the answer webhook.
    pub answer: bool,
    /// Forward the event webhook.
    pub event: bool,
    /// Forward the fallback answer webhook.
    pub fallback: bool,
    /// Forward the call-audio WebSocket (`ws://` or `wss://` at the same path).
    pub stream: bool,
}

impl ForwardTarget {
    /// Checks a backend base URL and returns it without a trailing `/`.
    ///
    /// # Errors
    /// Why it cannot be forwarded to, in words.
    pub fn check_base_url(text: &str) -> Result<String, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter your backend's address, e.g. http://127.0.0.1:8000.".into());
        }
        let url = reqwest::Url::parse(text).map_err(|error| {
            format!("\"{text}\" is not a URL ({error}); write it like http://127.0.0.1:8000.")
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "The backend's address must start with http:// or https://, not {}://.",
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err("The backend's address needs a host, e.g. 127.0.0.1.".into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(
                "The backend's address cannot have a ?query or #fragment: requests keep their own."
                    .into(),
            );
        }
        Ok(url.as_str().trim_end_matches('/').to_owned())
    }

    fn forwards(&self, route: Route) -> bool {
        match route {
            Route::Answer => self.answer,
            Route::Event => self.event,
            Route::Fallback => self.fallback,
            Route::Stream => self.stream,
            Route::Flow | Route::Unknown => false,
        }
    }
}

/// The listener's forwarding: off, or a [`ForwardTarget`]; shared with whoever changes it,
/// and applied from the next request.
#[derive(Debug, Clone)]
pub struct Forwarding {
    target: Arc<RwLock<Option<ForwardTarget>>>,
    client: reqwest::Client,
}

impl Default for Forwarding {
    fn default() -> Self {
        Self::new(None)
    }
}

impl Forwarding {
    /// Forwarding to `target` (none when `None`).
    #[must_use]
    pub fn new(target: Option<ForwardTarget>) -> Self {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(FORWARD_TIMEOUT)
            .connect_timeout(Duration::from_secs(3))
            .build()
            .unwrap_or_default();
        Self {
            target: Arc::new(RwLock::new(target)),
            client,
        }
    }

    /// Changes where requests are forwarded, from the next request on.
    pub fn set(&self, target: Option<ForwardTarget>) {
        *self
            .target
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = target;
    }

    /// Where requests are forwarded now.
    #[must_use]
    pub fn target(&self) -> Option<ForwardTarget> {
        self.target
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The backend base URL when `route` is forwarded.
    pub(crate) fn target_for(&self, route: Route) -> Option<String> {
        self.target()
            .filter(|target| target.forwards(route))
            .map(|target| target.base_url)
    }
}

/// Whether the forwarding middleware follows the target's per-route choices, or passes
/// every webhook on (for replays sent straight to the backend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Routes {
    AsChosen,
    All,
}

/// The forwarding middleware: forwarded routes are answered by the backend (see the
/// module doc); the others, and Callboard's own tunnel probes, go on to the router.
pub(crate) async fn forward(
    State((forwarding, classifier, routes)): State<(Forwarding, Arc<Classifier>, Routes)>,
    request: Request,
    next: Next,
) -> Response {
    let route = classifier.route(request.uri().path());
    let probe = classifier.is_probe(request.uri());
    let http_route = matches!(route, Route::Answer | Route::Event | Route::Fallback);
    let target = match routes {
        Routes::AsChosen => forwarding.target_for(route),
        Routes::All => forwarding.target().map(|t| t.base_url),
    };
    let Some(base) = target.filter(|_| http_route && !probe) else {
        return next.run(request).await;
    };
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or("/", axum::http::uri::PathAndQuery::as_str)
        .to_owned();
    let url = format!("{base}{path_and_query}");
    if request.headers().contains_key(FORWARDED_MARK) {
        let mut response = refused(StatusCode::LOOP_DETECTED, url, LOOP.into());
        response
            .headers_mut()
            .insert(FORWARDED_MARK, axum::http::HeaderValue::from_static("loop"));
        return response;
    }
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let mut outgoing = forwarding
        .client
        .request(parts.method.clone(), &url)
        .body(body.to_vec());
    for (name, value) in &parts.headers {
        if !is_hop_by_hop(name) && name != header::CONTENT_LENGTH {
            outgoing = outgoing.header(name, value);
        }
    }
    outgoing = outgoing.header(FORWARDED_MARK, "1");
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => {
            let (status, why) = if error.is_timeout() {
                (
                    StatusCode::GATEWAY_TIMEOUT,
                    format!(
                        "Your backend did not answer within {} s.",
                        FORWARD_TIMEOUT.as_secs()
                    ),
                )
            } else if error.is_connect() {
                (
                    StatusCode::BAD_GATEWAY,
                    format!("Nothing answers at {base}: is your backend running on that port?"),
                )
            } else {
                (
                    StatusCode::BAD_GATEWAY,
                    format!("Your backend's answer could not be read: {error}."),
                )
            };
            return refused(status, url, why);
        }
    };
    let status = answer.status();
    let mut headers = HeaderMap::new();
    for (name, value) in answer.headers() {
        if !is_hop_by_hop(name) && name != header::CONTENT_LENGTH {
            headers.append(name.clone(), value.clone());
        }
    }
    let body = match answer.bytes().await {
        Ok(body) => body,
        Err(error) => {
            return refused(
                StatusCode::BAD_GATEWAY,
                url,
                format!("Your backend's answer broke off: {error}."),
            );
        }
    };
    if headers.get(FORWARDED_MARK).is_some_and(|v| v == "loop") {
        return refused(StatusCode::LOOP_DETECTED, url, LOOP.into());
    }
    let notes = review(route, status, &headers, &body);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    answered_with(
        response,
        Forwarded {
            url,
            error: None,
            notes,
        },
    )
}

/// What Vonage gets when the backend gave no usable answer: `status`, and the reason
/// kept with the exchange.
pub(crate) fn refused(status: StatusCode, url: String, why: String) -> Response {
    answered_with(
        (status, "the backend did not answer").into_response(),
        Forwarded {
            url,
            error: Some(why),
            notes: Vec::new(),
        },
    )
}

fn answered_with(mut response: Response, report: Forwarded) -> Response {
    response.extensions_mut().insert(report);
    response
}

fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
    )
}

/// What Vonage would make of a backend's answer on `route`.
#[must_use]
pub fn review(route: Route, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Vec<NccoNote> {
    let expects_ncco = matches!(route, Route::Answer | Route::Fallback);
    if !status.is_success() {
        let message = match route {
            Route::Answer => format!(
                "Your backend answered {status}. Vonage counts that as a failure: it asks the fallback answer URL instead, and the call ends if that fails too."
            ),
            Route::Fallback => format!(
                "Your backend answered {status} on the fallback URL. Vonage ends the call when the fallback answer fails."
            ),
            _ => format!(
                "Your backend answered {status}. Vonage expects a 2xx from a webhook and retries otherwise."
            ),
        };
        return vec![NccoNote::error(message)];
    }
    let looks_like_ncco = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if !expects_ncco && !looks_like_ncco {
        return Vec::new();
    }
    let mut notes = Vec::new();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.trim_start().starts_with("application/json") {
        let served = if content_type.is_empty() {
            "with no content type".to_owned()
        } else {
            format!("as {content_type}")
        };
        notes.push(NccoNote::error(format!(
            "The NCCO is served {served}; Vonage only accepts an NCCO served as application/json."
        )));
    }
    let document: Value = match serde_json::from_slice(body) {
        Ok(document) => document,
        Err(error) => {
            notes.push(NccoNote::error(if body.is_empty() {
                "The answer is empty; Vonage needs an NCCO, a JSON array of actions.".to_owned()
            } else {
                format!(
                    "The answer is not valid JSON (line {}, column {}); Vonage needs an NCCO, a JSON array of actions.",
                    error.line(),
                    error.column()
                )
            }));
            return notes;
        }
    };
    notes.extend(validate(&document).into_iter().map(|finding| NccoNote {
        severity: match finding.severity {
            Severity::Error => "error".into(),
            Severity::Warning => "warning".into(),
        },
        path: finding.path,
        message: finding.message,
    }));
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers
    }

    #[test]
    fn base_urls_are_checked_and_tidied() {
        assert_eq!(
            ForwardTarget::check_base_url(" http://127.0.0.1:8000/ "),
            Ok("http://127.0.0.1:8000".into())
        );
        assert_eq!(
            ForwardTarget::check_base_url("https://api.example.com/prefix/"),
            Ok("https://api.example.com/prefix".into())
        );
        for (bad, says) in [
            ("", "Enter your backend's address"),
            ("localhost:8000", "must start with http:// or https://"),
            ("127.0.0.1:8000", "is not a URL"),
            ("ftp://x.example", "must start with http://"),
            ("http://127.0.0.1:8000/?a=1", "cannot have a ?query"),
        ] {
            let error = ForwardTarget::check_base_url(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn a_valid_ncco_served_as_json_has_no_note() {
        let body = br#"[{"action":"talk","text":"hello"}]"#;
        assert_eq!(
            review(Route::Answer, StatusCode::OK, &json_headers(), body),
            vec![]
        );
    }

    #[test]
    fn a_stream_action_with_a_wss_url_is_flagged_on_its_field() {
        let body = br#"[{"action":"stream","streamUrl":["wss://x.example/ws"]}]"#;
        let notes = review(Route::Answer, StatusCode::OK, &json_headers(), body);
        assert!(
            notes
                .iter()
                .any(|n| n.severity == "error" && n.path.starts_with("/0/streamUrl")),
            "{notes:?}"
        );
    }

    #[test]
    fn how_vonage_would_see_each_bad_answer() {
        let mut html = HeaderMap::new();
        html.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        let ncco = br#"[{"action":"talk","text":"hi"}]"#;
        for (status, headers, body, says) in [
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json_headers(),
                &b""[..],
                "asks the fallback answer URL",
            ),
            (
                StatusCode::OK,
                html.clone(),
                &ncco[..],
                "only accepts an NCCO served as application/json",
            ),
            (
                StatusCode::OK,
                json_headers(),
                &b""[..],
                "The answer is empty",
            ),
            (
                StatusCode::OK,
                json_headers(),
                &b"<html>"[..],
                "not valid JSON (line 1, column 1)",
            ),
            (
                StatusCode::OK,
                json_headers(),
                &br#"{"action":"talk"}"#[..],
                "array",
            ),
        ] {
            let notes = review(Route::Answer, status, &headers, body);
            assert!(
                notes.iter().any(|n| n.message.contains(says)),
                "{says}: {notes:?}"
            );
        }
    }

    #[test]
    fn events_are_reviewed_only_when_they_return_an_ncco() {
        assert_eq!(
            review(Route::Event, StatusCode::OK, &HeaderMap::new(), b"ok"),
            vec![]
        );
        let notes = review(
            Route::Event,
            StatusCode::OK,
            &json_headers(),
            br#"[{"action":"talk"}]"#,
        );
        assert!(
            notes
                .iter()
                .any(|n| n.message.contains("talk needs \"text\"")),
            "{notes:?}"
        );
        let notes = review(
            Route::Event,
            StatusCode::SERVICE_UNAVAILABLE,
            &HeaderMap::new(),
            b"",
        );
        assert!(notes[0].message.contains("retries"), "{notes:?}");
    }
}
