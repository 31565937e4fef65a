//! The Application API v2 surface (`docs/vonage.md` §1): `/v2/applications` with
//! Basic auth, JSON bodies, Vonage's validation of voice webhooks (`connect_timeout`
//! 300–1000 ms, `socket_timeout` 1000–5000 or 10000 ms, GET or POST, the four known
//! properties only), 201 on create, whole-object replacement on PUT, 204 on delete.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::{SandboxState, auth, problem::Problem};
use callboard_vonage::applications::REGIONS;

pub fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route(
            "/v2/applications",
            get(list).post(create).fallback(wrong_verb),
        )
        .route(
            "/v2/applications/{id}",
            get(fetch).put(update).delete(remove).fallback(wrong_verb),
        )
}

async fn wrong_verb() -> Problem {
    Problem::wrong_verb()
}

const WEBHOOK_PROPERTIES: &[&str] = &[
    "http_method",
    "address",
    "socket_timeout",
    "connect_timeout",
];

fn accepts_json(headers: &HeaderMap) -> Result<(), Problem> {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    if accept.split(',').any(|part| {
        let media = part.split(';').next().unwrap_or("").trim();
        matches!(media, "*/*" | "application/*" | "application/json")
    }) {
        Ok(())
    } else {
        Err(Problem::accept_header())
    }
}

fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Problem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !is_json {
        return Err(Problem::content_type());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Problem::bad_request(
            "The request body must be a JSON object",
        )),
        Err(error) => Err(Problem::bad_request(&format!(
            "The request body is not valid JSON: {error}"
        ))),
    }
}

/// Vonage's checks of an application body; the problems, or nothing.
fn validate(body: &Map<String, Value>) -> Result<(), Problem> {
    let mut invalid: Vec<(String, String)> = Vec::new();
    match body.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => {}
        Some(Value::String(_)) | None => invalid.push(("name".into(), "is required".into())),
        Some(_) => invalid.push(("name".into(), "must be a string".into())),
    }
    if let Some(voice) = body.get("capabilities").and_then(|c| c.get("voice")) {
        if let Some(webhooks) = voice.get("webhooks").and_then(Value::as_object) {
            for (name, webhook) in webhooks {
                let max_socket = match name.as_str() {
                    "event_url" => 10_000,
                    "answer_url" | "fallback_answer_url" => 5_000,
                    _ => {
                        invalid.push((
                            format!("capabilities.voice.webhooks.{name}"),
                            "is not a known webhook".into(),
                        ));
                        continue;
                    }
                };
                let Some(webhook) = webhook.as_object() else {
                    invalid.push((
                        format!("capabilities.voice.webhooks.{name}"),
                        "must be an object".into(),
                    ));
                    continue;
                };
                if let Some(unknown) = webhook
                    .keys()
                    .find(|k| !WEBHOOK_PROPERTIES.contains(&k.as_str()))
                {
                    // Vonage's own wording (reported 2025), including its stray bracket.
                    return Err(Problem::bad_request(&format!(
                        "{unknown} is not a known json property (4 known properties: \"http_method\", \"address\", \"socket_timeout\", \"connect_timeout\"]) : please see https://developer.nexmo.com/api/application.v2"
                    )));
                }
                let field = |key: &str| format!("capabilities.voice.webhooks.{name}.{key}");
                match webhook.get("address").and_then(Value::as_str) {
                    Some(address)
                        if url::Url::parse(address)
                            .is_ok_and(|u| matches!(u.scheme(), "http" | "https")) => {}
                    _ => {
                        invalid.push((field("address"), "must be a valid http or https URL".into()))
                    }
                }
                if let Some(method) = webhook.get("http_method")
                    && !matches!(method.as_str(), Some("GET" | "POST"))
                {
                    invalid.push((field("http_method"), "must be one of: GET, POST".into()));
                }
                check_range(
                    webhook.get("connect_timeout"),
                    300,
                    1000,
                    &field("connect_timeout"),
                    &mut invalid,
                );
                check_range(
                    webhook.get("socket_timeout"),
                    1000,
                    max_socket,
                    &field("socket_timeout"),
                    &mut invalid,
                );
            }
        }
        if let Some(region) = voice.get("region")
            && !region.as_str().is_some_and(|r| REGIONS.contains(&r))
        {
            invalid.push((
                "capabilities.voice.region".into(),
                format!("must be one of: {}", REGIONS.join(", ")),
            ));
        }
        if let Some(signed) = voice.get("signed_callbacks")
            && !signed.is_boolean()
        {
            invalid.push((
                "capabilities.voice.signed_callbacks".into(),
                "must be a boolean".into(),
            ));
        }
    }
    if let Some(vbc) = body.get("capabilities").and_then(|c| c.get("vbc"))
        && vbc.as_object().is_none_or(|o| !o.is_empty())
    {
        invalid.push(("capabilities.vbc".into(), "must be an empty object".into()));
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid_parameters("payload-validation", &invalid))
    }
}

fn check_range(
    value: Option<&Value>,
    min: i64,
    max: i64,
    name: &str,
    invalid: &mut Vec<(String, String)>,
) {
    if let Some(value) = value
        && !value.as_i64().is_some_and(|v| (min..=max).contains(&v))
    {
        invalid.push((name.to_owned(), format!("must be between {min} and {max}")));
    }
}

#[derive(Deserialize)]
struct Page {
    page: Option<i64>,
    page_size: Option<i64>,
}

async fn list(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Query(query): Query<Page>,
) -> Result<Json<Value>, Problem> {
    auth::basic(&headers, &state)?;
    accepts_json(&headers)?;
    let page_size = query.page_size.unwrap_or(100);
    let page = query.page.unwrap_or(1);
    let mut invalid = Vec::new();
    if !(1..=100).contains(&page_size) {
        invalid.push((
            "page_size".to_owned(),
            "must be between 1 and 100".to_owned(),
        ));
    }
    if page < 1 {
        invalid.push(("page".to_owned(), "must be 1 or more".to_owned()));
    }
    if !invalid.is_empty() {
        return Err(Problem::invalid_parameters("list-validation", &invalid));
    }
    let applications = state.applications.lock().await;
    let total = applications.len();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // both checked positive above
    let (page_size, page) = (page_size as usize, page as usize);
    let items: Vec<Value> = applications
        .iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .cloned()
        .collect();
    let total_pages = total.div_ceil(page_size).max(1);
    let href = |page: usize| json!({"href": format!("{}/v2/applications?page_size={page_size}&page={page}", state.base_url())});
    // The links Vonage returns (the Python SDK's model requires them, the Node SDK's
    // "list all" follows next); absolute, so that a client can follow them as they are.
    let mut links = json!({"self": href(page), "first": href(1), "last": href(total_pages)});
    if page < total_pages {
        links["next"] = href(page + 1);
    }
    if page > 1 {
        links["prev"] = href(page - 1);
    }
    Ok(Json(json!({
        "page_size": page_size,
        "page": page,
        "total_items": total,
        "total_pages": total.div_ceil(page_size),
        "_embedded": {"applications": items},
        "_links": links
    })))
}

async fn fetch(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    auth::basic(&headers, &state)?;
    accepts_json(&headers)?;
    let applications = state.applications.lock().await;
    applications
        .iter()
        .find(|app| app["id"] == id.as_str())
        .cloned()
        .map(Json)
        .ok_or_else(|| Problem::not_found(&format!("Application {id}")))
}

async fn create(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    auth::basic(&headers, &state)?;
    accepts_json(&headers)?;
    let mut body = json_body(&headers, &body)?;
    validate(&body)?;
    let id = uuid::Uuid::new_v4().to_string();
    body.insert("id".into(), Value::String(id));
    let given = body
        .get("keys")
        .and_then(|k| k.get("public_key"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (public_key, private_key) = match given {
        Some(public_key) => (public_key, None),
        None => {
            let key = callboard_vonage::PrivateKey::from_rsa(
                rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
                    .map_err(|_| Problem::bad_request("key generation failed"))?,
            );
            (key.public_key_pem(), Some(key.to_pem()))
        }
    };
    body.insert("keys".into(), json!({"public_key": public_key}));
    let stored = Value::Object(body);
    state.applications.lock().await.push(stored.clone());
    let mut answer = stored;
    if let Some(private_key) = private_key {
        answer["keys"]["private_key"] = Value::String(private_key);
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

async fn update(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    auth::basic(&headers, &state)?;
    accepts_json(&headers)?;
    let mut body = json_body(&headers, &body)?;
    validate(&body)?;
    let mut applications = state.applications.lock().await;
    let stored = applications
        .iter_mut()
        .find(|app| app["id"] == id.as_str())
        .ok_or_else(|| Problem::not_found(&format!("Application {id}")))?;
    // PUT replaces the whole object; only the id, and the key unless a new one is given, stay.
    body.insert("id".into(), Value::String(id));
    if body.get("keys").and_then(|k| k.get("public_key")).is_none() {
        body.insert(
            "keys".into(),
            json!({"public_key": stored["keys"]["public_key"].clone()}),
        );
    }
    *stored = Value::Object(body);
    Ok(Json(stored.clone()))
}

async fn remove(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    auth::basic(&headers, &state)?;
    let mut applications = state.applications.lock().await;
    let before = applications.len();
    applications.retain(|app| app["id"] != id.as_str());
    if applications.len() == before {
        return Err(Problem::not_found(&format!("Application {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
