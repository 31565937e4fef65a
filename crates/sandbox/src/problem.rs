//! Vonage's problem-details error bodies (`docs/vonage.md` §1.4), served as
//! `application/json` with the status Vonage uses.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

const TYPES: &str = "https://developer.nexmo.com/api-errors";

/// One problem answer.
pub struct Problem {
    status: StatusCode,
    body: Value,
}

impl Problem {
    fn new(status: StatusCode, kind: &str, title: &str, detail: &str) -> Self {
        Self {
            status,
            body: json!({"type": format!("{TYPES}/{kind}"), "title": title, "detail": detail,
                         "instance": uuid::Uuid::new_v4().to_string()}),
        }
    }

    /// 401, as for wrong Basic credentials or a bad JWT.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "#unauthorized",
            "Unauthorized",
            "Invalid credentials supplied",
        )
    }

    /// 404 for an unknown resource.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "application#not-found",
            "Not Found",
            &format!("{what} does not exist, or you do not have access"),
        )
    }

    /// 405 for a method the path does not take.
    pub fn wrong_verb() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "#wrong-verb",
            "Method Not Allowed",
            "This endpoint does not support this HTTP method",
        )
    }

    /// 406 when `Accept` excludes JSON.
    pub fn accept_header() -> Self {
        Self::new(
            StatusCode::NOT_ACCEPTABLE,
            "#accept-header",
            "Not Acceptable",
            "The Accept header must allow application/json",
        )
    }

    /// 415 when the body is not declared as JSON.
    pub fn content_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "#content-type-header",
            "Unsupported Media Type",
            "The Content-Type header must be application/json",
        )
    }

    /// 400 with the parameters that failed, as the Application API answers.
    pub fn invalid_parameters(kind: &str, parameters: &[(String, String)]) -> Self {
        let mut problem = Self::new(
            StatusCode::BAD_REQUEST,
            &format!("application#{kind}"),
            "Bad Request",
            "The request failed due to validation errors",
        );
        problem.body["invalid_parameters"] = parameters
            .iter()
            .map(|(name, reason)| json!({"name": name, "reason": reason}))
            .collect();
        problem
    }

    /// 400 as the Voice API answers it: a numeric `type` and the parameters that failed
    /// (`docs/vonage.md` §2.7, `payloads/error-voice-create-call-400-event_url.json`).
    pub fn voice_bad_request(parameters: &[(String, String)]) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: json!({"type": 400, "title": "Bad Request",
                "invalid_parameters": parameters.iter()
                    .map(|(name, reason)| json!({"reason": reason, "name": name}))
                    .collect::<Vec<_>>()}),
        }
    }

    /// 404 for a call the Voice API does not know.
    pub fn call_not_found(uuid: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "#not-found",
            "Not Found",
            &format!("Call {uuid} does not exist, or you do not have access"),
        )
    }

    /// 400 with only a detail, as for an unknown property or a body that is not JSON.
    pub fn bad_request(detail: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "application#payload-validation",
            "Bad Request",
            detail,
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// Unknown paths: Vonage's 404 problem, in the Voice API's form under `/v1/` and the
/// Application API's elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Problem {
    if uri.path().starts_with("/v1/") {
        Problem::new(
            StatusCode::NOT_FOUND,
            "#not-found",
            "Not Found",
            &format!("{} does not exist in the Voice API", uri.path()),
        )
    } else {
        Problem::not_found("The requested resource")
    }
}
