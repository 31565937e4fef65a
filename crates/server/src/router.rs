//! The router factory: the profile's webhook paths mapped to their handlers.
//!
//! Answer accepts GET (query parameters, Vonage's default) and POST (JSON body) and
//! replies with the active NCCO as `application/json`; event and fallback accept both
//! methods too. Anything else is a 404 with an empty body.

use std::sync::{Arc, RwLock};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use callboard_ncco::Ncco;
use callboard_vonage::AnswerRequest;

/// The paths at which the listener serves Vonage's webhooks, each starting with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookPaths {
    /// Where Vonage fetches the NCCO when a call is answered.
    pub answer: String,
    /// Where Vonage posts call events.
    pub event: String,
    /// Where Vonage asks for an NCCO when the answer URL fails.
    pub fallback: String,
}

/// The NCCO the answer webhook serves, shared with whoever changes it.
#[derive(Debug, Clone)]
pub struct ActiveNcco(Arc<RwLock<Ncco>>);

impl ActiveNcco {
    /// Starts serving `ncco`.
    #[must_use]
    pub fn new(ncco: Ncco) -> Self {
        Self(Arc::new(RwLock::new(ncco)))
    }

    /// Replaces the served NCCO; the next answer request gets the new one.
    pub fn replace(&self, ncco: Ncco) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = ncco;
    }

    fn current(&self) -> Ncco {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Builds the listener's router for `paths`, answering with `ncco`.
pub fn router(paths: &WebhookPaths, ncco: ActiveNcco) -> Router {
    Router::new()
        .route(&paths.answer, get(answer_get).post(answer_post))
        .route(&paths.event, get(event).post(event))
        .route(&paths.fallback, get(answer_get).post(answer_post))
        .with_state(ncco)
}

async fn answer_get(State(ncco): State<ActiveNcco>, RawQuery(query): RawQuery) -> Response {
    match AnswerRequest::from_query(query.as_deref().unwrap_or_default()) {
        Ok(_request) => serve_ncco(&ncco),
        Err(error) => bad_request(&error.to_string()),
    }
}

async fn answer_post(State(ncco): State<ActiveNcco>, headers: HeaderMap, body: Bytes) -> Response {
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
        Ok(_request) => serve_ncco(&ncco),
        Err(error) => bad_request(&error.to_string()),
    }
}

async fn event() -> StatusCode {
    StatusCode::OK
}

fn serve_ncco(ncco: &ActiveNcco) -> Response {
    Json(ncco.current().to_value()).into_response()
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
    use tower::ServiceExt;

    fn paths() -> WebhookPaths {
        WebhookPaths {
            answer: "/api/hume-twilio/vonage-voice-webhook/".into(),
            event: "/api/hume-twilio/vonage-event-callback/".into(),
            fallback: "/api/hume-twilio/vonage-fallback/".into(),
        }
    }

    async fn send(request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let app = router(&paths(), ActiveNcco::new(Ncco::talk("hello")));
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
        let ncco = ActiveNcco::new(Ncco::talk("before"));
        let app = router(&paths(), ncco.clone());
        ncco.replace(Ncco::talk("after"));
        let response = app
            .oneshot(
                Request::get("/api/hume-twilio/vonage-fallback/")
                    .body(Body::empty())
                    .expect("request builds"),
            )
            .await
            .expect("the router is infallible");
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("after"));
    }
}
