//! Capturing every exchange before it is acknowledged.
//!
//! A middleware around the router reads the request (at most [`MAX_BODY`]; more is a
//! 413), lets the route answer, and hands the whole exchange to an [`ExchangeSink`]. Only
//! when the sink says it is kept does the answer go back to Vonage; if the sink fails,
//! Vonage gets a 503 so that it retries, never a 200 for data not kept.

use std::{
    sync::Arc,
    time::{Instant, SystemTime, UNIX_EPOCH},
};

use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The largest request body accepted (Vonage's webhooks are a few kilobytes).
pub const MAX_BODY: usize = 1024 * 1024;

/// How long a client may take to send its body before it gets 408 (Vonage waits at
/// most 10 s for an answer, and retries).
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Which route an exchange hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The answer webhook.
    Answer,
    /// The event webhook.
    Event,
    /// The fallback answer webhook.
    Fallback,
    /// The call-audio WebSocket's opening handshake.
    Stream,
    /// One of a running flow's routes (`callboard_ncco::paths::FLOW_PREFIX`).
    Flow,
    /// A path the listener does not serve.
    Unknown,
}

impl Route {
    /// The route's name as stored.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answer => "answer",
            Self::Event => "event",
            Self::Fallback => "fallback",
            Self::Stream => "stream",
            Self::Flow => "flow",
            Self::Unknown => "unknown",
        }
    }
}

/// One request and the answer it got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exchange {
    /// When the request arrived, milliseconds since 1970 (UTC).
    pub received_at_ms: i64,
    /// Which route.
    pub route: Route,
    /// The HTTP method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query string, without `?`, credentials redacted.
    pub query: String,
    /// Request headers, credentials redacted ([`crate::redact`]).
    pub request_headers: Vec<(String, String)>,
    /// The request body as text (lossy UTF-8).
    pub request_body: String,
    /// The status answered.
    pub status: u16,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// The response body as text.
    pub response_body: String,
    /// Time spent answering, microseconds.
    pub duration_us: i64,
    /// The call leg's UUID, from the query or the body.
    pub call_uuid: Option<String>,
    /// The conversation's UUID.
    pub conversation_uuid: Option<String>,
    /// The signature verdict, when signatures are checked (`valid`, `missing`, `invalid: …`).
    pub signature: Option<String>,
    /// What forwarding to the user's backend did, when the route is forwarded.
    pub forwarded: Option<Forwarded>,
    /// The step of a flow the call entered (or what was wrong), when a flow answered.
    pub flow: Option<callboard_flow::Taken>,
}

/// What forwarding did for one exchange, kept with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Forwarded {
    /// The URL the request was passed on to.
    pub url: String,
    /// Why no answer came from the backend, when none did.
    pub error: Option<String>,
    /// What is wrong with what the backend answered, as Vonage would see it.
    pub notes: Vec<NccoNote>,
}

/// One problem in what a backend answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NccoNote {
    /// `error` (Vonage would refuse it) or `warning`.
    pub severity: String,
    /// A JSON Pointer into the NCCO (empty for the answer as a whole).
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl NccoNote {
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Self {
            severity: "error".into(),
            path: String::new(),
            message: message.into(),
        }
    }
}

/// Why an exchange could not be kept.
#[derive(Debug, thiserror::Error)]
#[error("the exchange could not be stored: {0}")]
pub struct SinkError(pub String);

/// Where captured exchanges go (SQLite in the app, standard output in the CLI).
pub trait ExchangeSink: Send + Sync + 'static {
    /// Keeps `exchange`; returns only once it is kept.
    fn record(
        &self,
        exchange: Exchange,
    ) -> impl std::future::Future<Output = Result<(), SinkError>> + Send;
}

/// A sink that keeps nothing, for routers that do not capture.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl ExchangeSink for Discard {
    async fn record(&self, _exchange: Exchange) -> Result<(), SinkError> {
        Ok(())
    }
}

/// The paths the capture layer classifies.
#[derive(Debug, Clone)]
pub struct Classifier {
    pub(crate) probes: crate::probes::Probes,
    pub(crate) answer: String,
    pub(crate) event: String,
    pub(crate) fallback: String,
    pub(crate) stream_prefix: String,
}

impl Classifier {
    /// Whether the request is one of Callboard's own awaited tunnel probes.
    pub(crate) fn is_probe(&self, uri: &axum::http::Uri) -> bool {
        self.route(uri.path()) == Route::Answer && self.probes.is_awaited(uri.query())
    }

    pub(crate) fn route(&self, path: &str) -> Route {
        if path == self.answer {
            Route::Answer
        } else if path == self.event {
            Route::Event
        } else if path == self.fallback {
            Route::Fallback
        } else if !self.stream_prefix.is_empty() && path.starts_with(&self.stream_prefix) {
            Route::Stream
        } else if path.starts_with(callboard_ncco::paths::FLOW_PREFIX) {
            Route::Flow
        } else {
            Route::Unknown
        }
    }
}

/// Headers as kept: credentials redacted ([`crate::redact`]).
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            (
                name.as_str().to_owned(),
                crate::redact::header_value(name.as_str(), &value),
            )
        })
        .collect()
}

fn ids(query: &str, body: &[u8]) -> (Option<String>, Option<String>) {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let from_query = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let from_body = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let call = from_query("uuid")
        .or_else(|| from_body("uuid"))
        .or_else(|| from_body("call_uuid"));
    let conversation = from_query("conversation_uuid").or_else(|| from_body("conversation_uuid"));
    (call, conversation)
}

/// Milliseconds since 1970 (UTC), as exchanges and stream sessions record times.
#[must_use]
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The capture middleware (see the module doc).
pub async fn capture<S: ExchangeSink>(
    State((sink, classifier, policy)): State<(
        Arc<S>,
        Arc<Classifier>,
        crate::signature::SignaturePolicy,
    )>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let received_at_ms = now_ms();
    let (parts, body) = request.into_parts();
    let Ok(read) = tokio::time::timeout(BODY_TIMEOUT, to_bytes(body, MAX_BODY)).await else {
        return (
            StatusCode::REQUEST_TIMEOUT,
            "the request body did not arrive in time",
        )
            .into_response();
    };
    let Ok(body) = read else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is larger than 1 MiB",
        )
            .into_response();
    };
    let path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().unwrap_or_default();
    let query = crate::redact::query(raw_query);
    let method = parts.method.to_string();
    let request_headers = header_pairs(&parts.headers);
    let (call_uuid, conversation_uuid) = ids(raw_query, &body);
    let (verdict, refuse) = policy.judge(&parts.headers, &body);
    let refuse = refuse && !classifier.is_probe(&parts.uri);

    let response = if refuse {
        let why = verdict
            .as_ref()
            .map(crate::signature::Verdict::describe)
            .unwrap_or_default();
        (
            StatusCode::UNAUTHORIZED,
            format!("the webhook signature is {why}"),
        )
            .into_response()
    } else {
        next.run(Request::from_parts(parts, Body::from(body.clone())))
            .await
    };
    let (mut response_parts, response_body) = response.into_parts();
    let response_body: Bytes = to_bytes(response_body, usize::MAX)
        .await
        .unwrap_or_default();

    let exchange = Exchange {
        received_at_ms,
        route: classifier.route(&path),
        method,
        path,
        query,
        request_headers,
        request_body: String::from_utf8_lossy(&body).into_owned(),
        status: response_parts.status.as_u16(),
        response_headers: header_pairs(&response_parts.headers),
        response_body: String::from_utf8_lossy(&response_body).into_owned(),
        duration_us: i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX),
        call_uuid,
        conversation_uuid,
        signature: verdict.as_ref().map(crate::signature::Verdict::describe),
        forwarded: response_parts.extensions.remove::<Forwarded>(),
        flow: response_parts.extensions.remove::<callboard_flow::Taken>(),
    };
    if let Err(error) = sink.record(exchange).await {
        tracing::error!(%error, "answering 503 so that Vonage retries");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the request could not be stored; try again",
        )
            .into_response();
    }
    response_parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(response_parts, Body::from(response_body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        probes::Probes, router::ActiveNcco, router::Services, router::WebhookPaths, router::router,
        stream::StreamOptions,
    };
    use axum::http::Request as HttpRequest;
    use http_body_util::BodyExt;
    use std::sync::Mutex;
    use tower::ServiceExt;

    #[derive(Default)]
    struct Kept(Mutex<Vec<Exchange>>);

    impl ExchangeSink for Kept {
        async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
            self.0.lock().expect("lock").push(exchange);
            Ok(())
        }
    }

    struct Broken;

    impl ExchangeSink for Broken {
        async fn record(&self, _exchange: Exchange) -> Result<(), SinkError> {
            Err(SinkError("disk full".into()))
        }
    }

    fn app<S: ExchangeSink>(sink: Arc<S>) -> axum::Router {
        router(
            &WebhookPaths {
                answer: "/answer".into(),
                event: "/event".into(),
                fallback: "/fallback".into(),
                stream: "/ws/{uuid}/".into(),
            },
            Services {
                ncco: ActiveNcco::new(
                    serde_json::json!([{"action": "talk", "text": "hi"}]),
                    "https://x.example",
                ),
                probes: Probes::default(),
                exchanges: sink,
                streams: Arc::new(crate::capture::Discard),
                stream: StreamOptions::default(),
                signatures: crate::signature::SignaturePolicy::default(),
                forward: crate::forward::Forwarding::default(),
                taps: crate::stream::Taps::default(),
            },
        )
    }

    async fn send<S: ExchangeSink>(
        sink: Arc<S>,
        request: HttpRequest<Body>,
    ) -> (StatusCode, String) {
        let response = app(sink).oneshot(request).await.expect("infallible");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn no_credential_in_a_header_or_the_query_is_kept() {
        let kept = Arc::new(Kept::default());
        let request = HttpRequest::get(
            "/answer?uuid=leg-9&api_secret=qs-secret-1&access_token=qs-token-2&to=447700900000",
        )
        .header("cookie", "session=cookie-value-3")
        .header("proxy-authorization", "Basic proxy-value-4")
        .header("x-api-key", "api-key-value-5")
        .header("user-agent", "Vonage")
        .body(Body::empty())
        .expect("request");
        assert_eq!(send(kept.clone(), request).await.0, StatusCode::OK);
        let exchange = kept.0.lock().expect("lock")[0].clone();
        let everything = format!("{exchange:?}");
        for secret in [
            "qs-secret-1",
            "qs-token-2",
            "cookie-value-3",
            "proxy-value-4",
            "api-key-value-5",
        ] {
            assert!(
                !everything.contains(secret),
                "{secret} was kept: {everything}"
            );
        }
        assert_eq!(
            exchange.query,
            "uuid=leg-9&api_secret=<redacted>&access_token=<redacted>&to=447700900000"
        );
        assert_eq!(
            exchange.call_uuid.as_deref(),
            Some("leg-9"),
            "ids still come from the query"
        );
        assert!(
            exchange
                .request_headers
                .contains(&("user-agent".into(), "Vonage".into()))
        );
    }

    #[tokio::test]
    async fn keeps_each_exchange_with_its_call_and_never_the_authorization() {
        let kept = Arc::new(Kept::default());
        let request = HttpRequest::post("/event")
            .header("content-type", "application/json")
            .header("authorization", "Bearer secret.jwt.value")
            .body(Body::from(
                r#"{"status":"ringing","uuid":"leg-1","conversation_uuid":"CON-1"}"#,
            ))
            .expect("request");
        assert_eq!(send(kept.clone(), request).await.0, StatusCode::OK);
        let request = HttpRequest::get("/answer?uuid=leg-2&to=447700900000")
            .body(Body::empty())
            .expect("request");
        let (status, body) = send(kept.clone(), request).await;
        assert_eq!(status, StatusCode::OK);

        let exchanges = kept.0.lock().expect("lock").clone();
        assert_eq!(exchanges.len(), 2);
        let event = &exchanges[0];
        assert_eq!(
            (event.route, event.method.as_str(), event.status),
            (Route::Event, "POST", 200)
        );
        assert_eq!(
            (
                event.call_uuid.as_deref(),
                event.conversation_uuid.as_deref()
            ),
            (Some("leg-1"), Some("CON-1"))
        );
        assert!(
            event
                .request_headers
                .contains(&("authorization".into(), "<redacted>".into()))
        );
        assert!(
            !format!("{event:?}").contains("secret.jwt.value"),
            "the token is never kept"
        );
        let answer = &exchanges[1];
        assert_eq!(
            (answer.route, answer.call_uuid.as_deref()),
            (Route::Answer, Some("leg-2"))
        );
        assert_eq!(
            answer.response_body, body,
            "the NCCO served is what was kept"
        );
    }

    #[tokio::test]
    async fn unknown_paths_are_kept_and_answered_404() {
        let kept = Arc::new(Kept::default());
        let (status, body) = send(
            kept.clone(),
            HttpRequest::get("/wrong/path")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
        assert_eq!(kept.0.lock().expect("lock")[0].route, Route::Unknown);
    }

    #[tokio::test]
    async fn a_body_over_one_mebibyte_is_413_and_a_malformed_event_400() {
        let kept = Arc::new(Kept::default());
        let huge = vec![b'x'; MAX_BODY + 1];
        let request = HttpRequest::post("/event")
            .header("content-type", "application/json")
            .body(Body::from(huge))
            .expect("request");
        assert_eq!(
            send(kept.clone(), request).await.0,
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let request = HttpRequest::post("/event")
            .header("content-type", "application/json")
            .body(Body::from("{oops"))
            .expect("request");
        let (status, reason) = send(kept.clone(), request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(reason.contains("not valid JSON"), "{reason}");
        let request = HttpRequest::post("/event")
            .header("content-type", "text/plain")
            .body(Body::from("status=ringing"))
            .expect("request");
        assert_eq!(send(kept.clone(), request).await.0, StatusCode::BAD_REQUEST);
        assert_eq!(
            kept.0.lock().expect("lock").len(),
            2,
            "refused requests are kept too, with the answer they got"
        );
    }

    #[tokio::test]
    async fn a_storage_failure_answers_503_so_vonage_retries() {
        let request = HttpRequest::post("/event")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"status":"answered"}"#))
            .expect("request");
        let (status, body) = send(Arc::new(Broken), request).await;
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "never a 200 for data not kept"
        );
        assert!(body.contains("could not be stored"));
    }
}
