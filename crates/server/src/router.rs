//! The router factory: the profile's webhook paths mapped to their handlers.
//!
//! Answer accepts GET (query parameters, Vonage's default) and POST (JSON body) and
//! replies with the active NCCO as `application/json`; event and fallback accept both
//! methods too. Anything else is a 404 with an empty body.

use std::sync::{Arc, RwLock};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use callboard_ncco::{CallContext, render};

use crate::capture::{Classifier, ExchangeSink, capture};
use crate::probes::Probes;
use crate::stream::{StreamOptions, StreamSink, StreamState};
use callboard_vonage::AnswerRequest;
use serde_json::Value;

/// The paths at which the listener serves Vonage's webhooks, each starting with `/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WebhookPaths {
    /// Where Vonage fetches the NCCO when a call is answered.
    pub answer: String,
    /// Where Vonage posts call events.
    pub event: String,
    /// Where Vonage asks for an NCCO when the answer URL fails.
    pub fallback: String,
    /// Where Vonage opens the call-audio WebSocket; `{uuid}` stands for the call leg.
    pub stream: String,
}

impl Default for WebhookPaths {
    /// The setup guide's paths, Callboard's defaults.
    fn default() -> Self {
        Self {
            answer: callboard_ncco::paths::ANSWER.into(),
            event: callboard_ncco::paths::EVENT.into(),
            fallback: callboard_ncco::paths::FALLBACK.into(),
            stream: callboard_ncco::paths::STREAM.into(),
        }
    }
}

/// What the router's routes use.
#[derive(Debug)]
pub struct Services<S, K> {
    /// The NCCO the answer webhook serves.
    pub ncco: ActiveNcco,
    /// Self-check nonces seen.
    pub probes: Probes,
    /// Where exchanges are kept before they are answered.
    pub exchanges: Arc<S>,
    /// Where stream sessions are reported.
    pub streams: Arc<K>,
    /// How the stream route records and answers.
    pub stream: StreamOptions,
    /// Whether and how webhook signatures are checked.
    pub signatures: crate::signature::SignaturePolicy,
    /// Which routes are passed on to the user's backend.
    pub forward: crate::forward::Forwarding,
    /// Listen-in on live stream sessions.
    pub taps: crate::stream::Taps,
}

/// What the answer webhook serves: an NCCO with placeholders, or a flow whose routes
/// answer the webhooks its steps send, and the public base URL that `{public_url}`
/// becomes. Shared with whoever changes them; each request renders the placeholders
/// for its own call.
#[derive(Debug, Clone)]
pub struct ActiveNcco(Arc<RwLock<Served>>);

#[derive(Debug)]
struct Served {
    content: Content,
    public_url: String,
}

#[derive(Debug)]
enum Content {
    Ncco(Value),
    Flow(Arc<callboard_flow::Runner>),
}

impl ActiveNcco {
    /// Starts serving `ncco`, with `{public_url}` rendered as `public_url`.
    #[must_use]
    pub fn new(ncco: Value, public_url: impl Into<String>) -> Self {
        Self(Arc::new(RwLock::new(Served {
            content: Content::Ncco(ncco),
            public_url: public_url.into(),
        })))
    }

    /// Replaces what is served with an NCCO; the next answer request gets the new one.
    pub fn replace(&self, ncco: Value) {
        self.write().content = Content::Ncco(ncco);
    }

    /// Serves a flow instead: the answer webhook gets its start step, and its routes
    /// answer each step's outcome.
    pub fn serve_flow(&self, runner: callboard_flow::Runner) {
        self.write().content = Content::Flow(Arc::new(runner));
    }

    /// Changes what `{public_url}` renders to.
    pub fn set_public_url(&self, public_url: impl Into<String>) {
        self.write().public_url = public_url.into();
    }

    /// The NCCO as served for the call described by `request`, and the flow step it
    /// starts at when a flow is served.
    #[must_use]
    pub fn render_for(&self, request: &AnswerRequest) -> (Value, Option<callboard_flow::Taken>) {
        let (content, context) = self.for_call(request);
        match content {
            Content::Ncco(ncco) => (render(&ncco, &context), None),
            Content::Flow(runner) => {
                let answer = runner.answer(&context);
                (
                    answer.ncco.unwrap_or_else(|| Value::Array(Vec::new())),
                    Some(answer.taken),
                )
            }
        }
    }

    /// A flow route's answer: `flow_key`, `step` and `outcome` from its path, `body`
    /// what Vonage sent.
    fn flow_event(
        &self,
        flow_key: &str,
        step: &str,
        outcome: &str,
        body: Option<&Value>,
    ) -> callboard_flow::Answer {
        let request = body.map(call_of).unwrap_or_default();
        let (content, context) = self.for_call(&request);
        match content {
            Content::Flow(runner) => runner.event(
                flow_key,
                step,
                callboard_flow::Outcome::parse(outcome),
                body,
                &context,
            ),
            Content::Ncco(_) => callboard_flow::run::not_served(flow_key),
        }
    }

    /// What is served (an NCCO cloned, or the flow's runner shared) and the call's
    /// placeholders, read under the lock once.
    fn for_call(&self, request: &AnswerRequest) -> (Content, CallContext) {
        let served = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let context = CallContext {
            uuid: request.uuid.clone().unwrap_or_default(),
            from: request.from.clone().unwrap_or_default(),
            to: request.to.clone().unwrap_or_default(),
            conversation_uuid: request.conversation_uuid.clone().unwrap_or_default(),
            public_url: served.public_url.clone(),
            ..CallContext::default()
        };
        let content = match &served.content {
            Content::Ncco(ncco) => Content::Ncco(ncco.clone()),
            Content::Flow(runner) => Content::Flow(Arc::clone(runner)),
        };
        (content, context)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The call's fields in a flow route's body (the event's `uuid`, `from`, `to`, …).
fn call_of(body: &Value) -> AnswerRequest {
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    AnswerRequest {
        uuid: text("uuid").or_else(|| text("call_uuid")),
        from: text("from"),
        to: text("to"),
        conversation_uuid: text("conversation_uuid"),
        ..AnswerRequest::default()
    }
}

#[derive(Clone)]
struct Hooks {
    ncco: ActiveNcco,
    probes: Probes,
}

/// Builds the listener's router for `paths`, keeping every exchange before answering it.
pub fn router<S: ExchangeSink, K: StreamSink>(
    paths: &WebhookPaths,
    services: Services<S, K>,
) -> Router {
    let classifier = classifier(paths, services.probes.clone());
    let hooks = Router::new()
        .route(&paths.answer, get(answer_get).post(answer_post))
        .route(&paths.event, get(event_get).post(event_post))
        .route(&paths.fallback, get(fallback).post(fallback))
        .route(
            &format!(
                "{}{{flow}}/{{step}}/{{outcome}}",
                callboard_ncco::paths::FLOW_PREFIX
            ),
            get(flow_get).post(flow_post),
        )
        .with_state(Hooks {
            ncco: services.ncco,
            probes: services.probes,
        })
        .layer(axum::middleware::from_fn_with_state(
            (
                services.forward.clone(),
                classifier.clone(),
                crate::forward::Routes::AsChosen,
            ),
            crate::forward::forward,
        ));
    let stream = Router::new()
        .route(&paths.stream, get(crate::stream::upgrade::<K>))
        .with_state(StreamState {
            sink: services.streams,
            options: services.stream,
            taps: services.taps,
            forward: services.forward,
        });
    hooks
        .merge(stream)
        .layer(axum::middleware::from_fn_with_state(
            (services.exchanges, classifier, services.signatures),
            capture::<S>,
        ))
}

/// A router that passes every webhook request straight to `forwarding`'s backend
/// (whatever its per-route choices) and keeps each exchange like the listener does: how
/// a kept request is replayed to the backend. Without a backend it answers 404.
pub fn backend_router<S: ExchangeSink>(
    paths: &WebhookPaths,
    exchanges: Arc<S>,
    forwarding: crate::forward::Forwarding,
) -> Router {
    let classifier = classifier(paths, Probes::default());
    Router::new()
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn_with_state(
            (forwarding, classifier.clone(), crate::forward::Routes::All),
            crate::forward::forward,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (
                exchanges,
                classifier,
                crate::signature::SignaturePolicy::default(),
            ),
            capture::<S>,
        ))
}

fn classifier(paths: &WebhookPaths, probes: Probes) -> Arc<Classifier> {
    Arc::new(Classifier {
        probes,
        answer: paths.answer.clone(),
        event: paths.event.clone(),
        fallback: paths.fallback.clone(),
        stream_prefix: paths
            .stream
            .split('{')
            .next()
            .unwrap_or(&paths.stream)
            .to_owned(),
    })
}

/// A router that keeps nothing and reports no streams, answering with `ncco`.
pub fn test_router(paths: &WebhookPaths, ncco: ActiveNcco, probes: Probes) -> Router {
    router(
        paths,
        Services {
            ncco,
            probes,
            exchanges: Arc::new(crate::capture::Discard),
            streams: Arc::new(crate::capture::Discard),
            stream: StreamOptions::default(),
            signatures: crate::signature::SignaturePolicy::default(),
            forward: crate::forward::Forwarding::default(),
            taps: crate::stream::Taps::default(),
        },
    )
}

async fn answer_get(State(hooks): State<Hooks>, RawQuery(query): RawQuery) -> Response {
    hooks.probes.arrived(query.as_deref());
    match AnswerRequest::from_query(query.as_deref().unwrap_or_default()) {
        Ok(request) => serve_ncco(&hooks.ncco, &request),
        Err(error) => bad_request(&error.to_string()),
    }
}

async fn answer_post(State(hooks): State<Hooks>, headers: HeaderMap, body: Bytes) -> Response {
    let ncco = hooks.ncco;
    if !is_json(&headers) && !body.is_empty() {
        return bad_request(
            "the answer webhook's POST body must be JSON (Content-Type: application/json)",
        );
    }
    let parsed = if body.is_empty() {
        Ok(AnswerRequest::default())
    } else {
        AnswerRequest::from_json(&body)
    };
    match parsed {
        Ok(request) => serve_ncco(&ncco, &request),
        Err(error) => bad_request(&error.to_string()),
    }
}

/// What the fallback answer webhook serves: Vonage calls it only when the answer
/// webhook (or an NCCO-returning event) failed, so it says so to the caller instead of
/// trying the same NCCO again. The `reason` Vonage gives is kept with the exchange.
pub const FALLBACK_TEXT: &str =
    "Sorry, this call cannot be connected right now. Please try again later.";

async fn fallback() -> Response {
    Json(serde_json::json!([{"action": "talk", "text": FALLBACK_TEXT}])).into_response()
}

async fn event_get() -> StatusCode {
    StatusCode::OK
}

/// Events arrive as JSON (Vonage's default); anything else is refused with a reason.
async fn event_post(headers: HeaderMap, body: Bytes) -> Response {
    if !is_json(&headers) {
        return bad_request(
            "the event webhook's POST body must be JSON (Content-Type: application/json)",
        );
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(_)) => StatusCode::OK.into_response(),
        Ok(_) => bad_request("the event body must be a JSON object"),
        Err(error) => bad_request(&format!("the event body is not valid JSON: {error}")),
    }
}

fn serve_ncco(ncco: &ActiveNcco, request: &AnswerRequest) -> Response {
    let (served, taken) = ncco.render_for(request);
    let mut response = Json(served).into_response();
    if let Some(taken) = taken {
        response.extensions_mut().insert(taken);
    }
    response
}

/// A flow route called with GET: the event's fields as query parameters (objects such
/// as `dtmf` as JSON text, as Vonage sends them).
async fn flow_get(
    State(hooks): State<Hooks>,
    Path((flow, step, outcome)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let body = Value::Object(
        pairs
            .into_iter()
            .map(|(key, text)| {
                let value = match serde_json::from_str::<Value>(&text) {
                    Ok(parsed @ (Value::Object(_) | Value::Array(_))) => parsed,
                    _ => Value::String(text),
                };
                (key, value)
            })
            .collect(),
    );
    flow_answer(&hooks.ncco, &flow, &step, &outcome, Some(&body))
}

/// A flow route called with POST: the event as JSON. A body that is not JSON is the
/// runner's to answer safely, never a 4xx that would send Vonage to the fallback.
async fn flow_post(
    State(hooks): State<Hooks>,
    Path((flow, step, outcome)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let body = serde_json::from_slice::<Value>(&body).ok();
    flow_answer(&hooks.ncco, &flow, &step, &outcome, body.as_ref())
}

fn flow_answer(
    ncco: &ActiveNcco,
    flow: &str,
    step: &str,
    outcome: &str,
    body: Option<&Value>,
) -> Response {
    let answer = ncco.flow_event(flow, step, outcome, body);
    let mut response = match answer.ncco {
        Some(ncco) => Json(ncco).into_response(),
        None => StatusCode::OK.into_response(),
    };
    response.extensions_mut().insert(answer.taken);
    response
}

fn bad_request(reason: &str) -> Response {
    (StatusCode::BAD_REQUEST, reason.to_owned()).into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Method, Request};
    use http_body_util::BodyExt;
    use serde_json::json;
    use tower::ServiceExt;

    fn paths() -> WebhookPaths {
        WebhookPaths::default()
    }

    /// Sends `request` to a router serving a one-`talk` NCCO.
    async fn send(request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let app = test_router(
            &paths(),
            ActiveNcco::new(
                json!([{"action":"talk","text":"hello"}]),
                "https://x.example",
            ),
            Probes::default(),
        );
        send_to(app, request).await
    }

    /// Sends `request` to `app` and reads the whole answer.
    async fn send_to(app: Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = app
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let (parts, body) = response.into_parts();
        let bytes = body
            .collect()
            .await
            .expect("body reads")
            .to_bytes()
            .to_vec();
        (parts.status, parts.headers, bytes)
    }

    #[tokio::test]
    async fn answers_get_with_the_active_ncco_as_json() {
        let (status, headers, body) = send(
            Request::get("/api/hume-twilio/vonage-voice-webhook/?to=447700900000&uuid=abc")
                .body(Body::empty())
                .expect("request builds"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/json",
            "Vonage rejects an NCCO served with any other content type"
        );
        let served: serde_json::Value = serde_json::from_slice(&body).expect("body is JSON");
        assert_eq!(
            served,
            serde_json::json!([{"action":"talk","text":"hello"}])
        );
    }

    #[tokio::test]
    async fn answers_post_with_a_json_body() {
        let (status, _, body) = send(
            Request::post("/api/hume-twilio/vonage-voice-webhook/")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"to":"447700900000","uuid":"abc"}"#))
                .expect("request builds"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.starts_with(b"[{"), "an NCCO is always an array");
    }

    #[tokio::test]
    async fn rejects_a_malformed_post_body_with_a_reason() {
        let (status, _, body) = send(
            Request::post("/api/hume-twilio/vonage-voice-webhook/")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .expect("request builds"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(String::from_utf8_lossy(&body).contains("not a JSON object"));
    }

    #[tokio::test]
    async fn acknowledges_events_with_200() {
        let (status, _, _) = send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/hume-twilio/vonage-event-callback/")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"status":"started"}"#))
                .expect("request builds"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn unknown_paths_get_a_bare_404_without_echo() {
        let (status, _, body) = send(
            Request::get("/secret/%3Cscript%3E?x=1")
                .body(Body::empty())
                .expect("request builds"),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            body.is_empty(),
            "a public listener must not reflect the request"
        );
    }

    #[tokio::test]
    async fn serves_the_replacement_after_the_active_ncco_changes() {
        let ncco = ActiveNcco::new(
            json!([{"action":"talk","text":"before"}]),
            "https://x.example",
        );
        let app = test_router(&paths(), ncco.clone(), Probes::default());
        ncco.replace(json!([{"action":"talk","text":"after"}]));
        let (_, _, body) = send_to(
            app,
            Request::get("/api/hume-twilio/vonage-voice-webhook/")
                .body(Body::empty())
                .expect("request builds"),
        )
        .await;
        assert!(String::from_utf8_lossy(&body).contains("after"));
    }

    #[tokio::test]
    async fn renders_the_callers_placeholders_into_the_served_ncco() {
        let ncco = ActiveNcco::new(
            json!([{"action":"connect","from":"{to}","endpoint":[{"type":"websocket",
                    "uri":"{public_url}/ws/vonage-stream/{uuid}/","content-type":"audio/l16;rate=16000"}]}]),
            "https://abc.ngrok.app",
        );
        let probes = Probes::default();
        let app = test_router(&paths(), ncco, probes.clone());
        let (_, _, body) = send_to(
            app,
            Request::get("/api/hume-twilio/vonage-voice-webhook/?to=447700900000&from=447700900001&uuid=leg-7&conversation_uuid=CON-7&callboard_probe=n1")
                .body(Body::empty())
                .expect("request builds"),
        )
        .await;
        let served: Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(served[0]["from"], "447700900000");
        assert_eq!(
            served[0]["endpoint"][0]["uri"],
            "wss://abc.ngrok.app/ws/vonage-stream/leg-7/"
        );
    }

    #[tokio::test]
    async fn the_fallback_webhook_serves_the_fallback_ncco_whatever_the_reason() {
        let (status, headers, body) = send(
            Request::post("/api/hume-twilio/vonage-fallback/")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"reason":"Connection closed.","original_request":{"url":"https://a.example/answer","type":"answer"}}"#))
                .expect("request builds"),
        )
        .await;
        assert_eq!(
            (status, &headers[header::CONTENT_TYPE]),
            (
                StatusCode::OK,
                &"application/json"
                    .parse::<axum::http::HeaderValue>()
                    .expect("value")
            )
        );
        let served: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(
            served[0]["text"], FALLBACK_TEXT,
            "not the answer NCCO that just failed"
        );
    }

    #[tokio::test]
    async fn only_probes_callboard_issued_count_and_a_flood_evicts_none() {
        let probes = Probes::default();
        let app = test_router(
            &paths(),
            ActiveNcco::new(json!([]), "https://x.example"),
            probes.clone(),
        );
        let nonce = probes.issue();
        for n in 0..1_000 {
            let made_up =
                format!("/api/hume-twilio/vonage-voice-webhook/?callboard_probe=flood{n}");
            send_to(
                app.clone(),
                Request::get(made_up).body(Body::empty()).expect("request"),
            )
            .await;
        }
        assert!(
            !probes.take("flood7"),
            "a nonce Callboard never issued is not a probe"
        );
        assert!(!probes.take(&nonce), "issued but not arrived yet");
        let nonce = probes.issue();
        send_to(
            app,
            Request::get(format!(
                "/api/hume-twilio/vonage-voice-webhook/?callboard_probe={nonce}"
            ))
            .body(Body::empty())
            .expect("request"),
        )
        .await;
        assert!(probes.take(&nonce), "the probe Callboard sent arrived");
        assert!(!probes.take(&nonce), "each probe is reported once");
    }

    #[tokio::test]
    async fn an_awaited_probe_is_answered_when_signatures_are_enforced() {
        let probes = Probes::default();
        let signatures = crate::signature::SignaturePolicy::default();
        signatures.set(
            crate::signature::SignatureMode::Enforce,
            Some("secret".into()),
        );
        let app = router(
            &paths(),
            Services {
                ncco: ActiveNcco::new(json!([{"action":"talk","text":"hi"}]), "https://x.example"),
                probes: probes.clone(),
                exchanges: Arc::new(crate::capture::Discard),
                streams: Arc::new(crate::capture::Discard),
                stream: StreamOptions::default(),
                signatures,
                forward: crate::forward::Forwarding::default(),
                taps: crate::stream::Taps::default(),
            },
        );
        let unsigned = |query: String| {
            Request::get(format!("/api/hume-twilio/vonage-voice-webhook/?{query}"))
                .body(Body::empty())
                .expect("request")
        };
        let (status, _, _) = send_to(app.clone(), unsigned("callboard_probe=guessed".into())).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "a made-up probe is an unsigned request"
        );
        let nonce = probes.issue();
        let (status, _, _) = send_to(app, unsigned(format!("callboard_probe={nonce}"))).await;
        assert_eq!(status, StatusCode::OK, "Callboard's own probe is answered");
        assert!(probes.take(&nonce));
    }
}
