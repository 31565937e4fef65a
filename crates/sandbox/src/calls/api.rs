//! The Voice API surface (`docs/vonage.md` §2): `POST /v1/calls` checked as Vonage
//! checks it (one of `ncco`/`answer_url`, `from` or `random_from_number`, `event_url` an
//! array, endpoint shapes, timers in range, the NCCO valid) and answered 201; listing
//! and reading calls; `PUT` hang-up, mute, earmuff and transfer (204); talk, stream and
//! DTMF into a live call (200); recordings at `/v1/files/{id}`. Every request needs a
//! JWT signed with the application's key.

use std::{sync::Arc, time::Duration};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{FromRequestParts, Path, Query, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{get, put},
};
use callboard_ncco::model::Runnable;
use callboard_vonage::{
    applications::WebhookName,
    voice::{
        CallAction, CreateCall, CreatedCall, Endpoint, StreamRequest, TalkRequest,
        TransferDestination,
    },
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{CallRecord, Control, TransferTo, engine, hooks::Hook};
use crate::{SandboxState, auth, problem::Problem};

/// The Voice API's routes.
pub fn routes() -> Router<Arc<SandboxState>> {
    Router::new()
        .route("/v1/calls", get(list).post(create))
        .route("/v1/calls/{uuid}", get(fetch).put(update))
        .route("/v1/calls/{uuid}/talk", put(talk).delete(stop_talk))
        .route("/v1/calls/{uuid}/stream", put(stream).delete(stop_stream))
        .route("/v1/calls/{uuid}/dtmf", put(dtmf))
        .route(
            "/v1/calls/{uuid}/input/dtmf",
            put(subscribe_dtmf).delete(unsubscribe_dtmf),
        )
        .route("/v1/files/{id}", get(file))
}

type Invalid = Vec<(String, String)>;

fn digits(number: &str) -> bool {
    (7..=15).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}

/// Checks the fields whose type serde cannot see wrongly typed (Vonage's 400 names them).
fn check_types(body: &Value, invalid: &mut Invalid) {
    for field in ["to", "answer_url", "event_url", "ncco"] {
        if body.get(field).is_some_and(|v| !v.is_array()) {
            invalid.push((field.into(), "Invalid type parameter provided".into()));
        }
    }
}

fn check_endpoint(endpoint: &Endpoint, invalid: &mut Invalid) {
    match endpoint {
        Endpoint::Phone { number, .. } if !digits(number) => invalid.push((
            "to.number".into(),
            "must be an E.164 number of 7 to 15 digits, without + or spaces".into(),
        )),
        Endpoint::Websocket {
            uri, content_type, ..
        } => {
            if !(uri.starts_with("ws://") || uri.starts_with("wss://")) {
                invalid.push(("to.uri".into(), "must be a ws:// or wss:// URI".into()));
            }
            if !callboard_vonage::audio::rate_of(content_type)
                .is_some_and(|r| callboard_vonage::audio::RATES.contains(&r))
            {
                invalid.push((
                    "to.content-type".into(),
                    "must be audio/l16;rate=8000, 16000 or 24000".into(),
                ));
            }
        }
        Endpoint::Sip { uri, .. } if !uri.starts_with("sip:") => {
            invalid.push(("to.uri".into(), "must be a sip: URI".into()));
        }
        _ => {}
    }
}

/// What is wrong with `call`, and its NCCO parsed when it gives one that is valid.
fn check(call: &CreateCall, has_app_event_url: bool) -> (Invalid, Option<Runnable>) {
    let mut invalid = Invalid::new();
    let mut runnable = None;
    match call.to.as_slice() {
        [endpoint] => check_endpoint(endpoint, &mut invalid),
        [] => invalid.push(("to".into(), "is required".into())),
        _ => invalid.push(("to".into(), "takes one endpoint".into())),
    }
    match (&call.from, call.random_from_number) {
        (Some(_), Some(true)) => invalid.push((
            "random_from_number".into(),
            "cannot be used together with from".into(),
        )),
        (None, None | Some(false)) => invalid.push((
            "from".into(),
            "is required unless random_from_number is true".into(),
        )),
        (Some(from), _) if !digits(&from.number) => invalid.push((
            "from.number".into(),
            "must be an E.164 number of 7 to 15 digits".into(),
        )),
        _ => {}
    }
    match (&call.ncco, &call.answer_url) {
        (Some(_), Some(_)) => invalid.push((
            "answer_url".into(),
            "ncco and answer_url cannot be used together".into(),
        )),
        (None, None) => invalid.push((
            "ncco".into(),
            "either ncco or answer_url must be set".into(),
        )),
        (Some(ncco), None) => match Runnable::parse(ncco.clone()) {
            Ok(ncco) => runnable = Some(ncco),
            Err(refusal) => invalid.push((
                format!("ncco{}", refusal.path.replace('/', ".")),
                refusal.message,
            )),
        },
        (None, Some(urls)) if urls.len() != 1 || !urls[0].starts_with("http") => invalid.push((
            "answer_url".into(),
            "must be an array of one http(s) URL".into(),
        )),
        (None, Some(_)) => {}
    }
    match &call.event_url {
        None if !has_app_event_url => invalid.push((
            "event_url".into(),
            "is required unless the application has an event URL".into(),
        )),
        Some(urls) if urls.len() != 1 || !urls[0].starts_with("http") => invalid.push((
            "event_url".into(),
            "must be an array of one http(s) URL".into(),
        )),
        _ => {}
    }
    for (field, method) in [
        ("answer_method", &call.answer_method),
        ("event_method", &call.event_method),
    ] {
        if method.as_deref().is_some_and(|m| m != "GET" && m != "POST") {
            invalid.push((field.into(), "must be GET or POST".into()));
        }
    }
    if call
        .machine_detection
        .as_deref()
        .is_some_and(|m| m != "continue" && m != "hangup")
    {
        invalid.push((
            "machine_detection".into(),
            "must be continue or hangup".into(),
        ));
    }
    if call.length_timer.is_some_and(|t| !(1..=7200).contains(&t)) {
        invalid.push(("length_timer".into(), "must be between 1 and 7200".into()));
    }
    if call.ringing_timer.is_some_and(|t| !(1..=120).contains(&t)) {
        invalid.push(("ringing_timer".into(), "must be between 1 and 120".into()));
    }
    (invalid, runnable)
}

/// How an endpoint appears in events' `to` and `from`.
pub(crate) fn endpoint_text(endpoint: &Endpoint) -> String {
    match endpoint {
        Endpoint::Phone { number, .. } => number.clone(),
        Endpoint::Sip { uri, .. } | Endpoint::Websocket { uri, .. } => uri.clone(),
        Endpoint::Vbc { extension } => extension.clone(),
        Endpoint::App { user } => user.clone(),
    }
}

async fn create(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    auth::bearer(&headers, &state)?;
    let raw: Value = serde_json::from_slice(&body)
        .map_err(|e| Problem::voice_bad_request(&[("body".into(), format!("is not JSON: {e}"))]))?;
    let mut invalid = Invalid::new();
    check_types(&raw, &mut invalid);
    if !invalid.is_empty() {
        return Err(Problem::voice_bad_request(&invalid));
    }
    let call: CreateCall = serde_json::from_value(raw)
        .map_err(|e| Problem::voice_bad_request(&[("body".into(), e.to_string())]))?;
    let application = state.application().await;
    let app_event = application
        .as_ref()
        .and_then(|app| Hook::of_application(app, WebhookName::EventUrl));
    let (invalid, ncco) = check(&call, app_event.is_some());
    if !invalid.is_empty() {
        return Err(Problem::voice_bad_request(&invalid));
    }
    let from_number = call
        .from
        .as_ref()
        .map_or_else(|| state.account().numbers[0].clone(), |f| f.number.clone());
    let to = call.to[0].clone();
    let created = CreatedCall {
        uuid: uuid::Uuid::new_v4().to_string(),
        status: "started".into(),
        direction: "outbound".into(),
        conversation_uuid: format!("CON-{}", uuid::Uuid::new_v4()),
    };
    let event = call
        .event_url
        .as_ref()
        .map(|urls| Hook {
            url: urls[0].clone(),
            method: call.event_method.clone().unwrap_or_else(|| "POST".into()),
            timeout: Duration::from_secs(11),
        })
        .or(app_event);
    let answer = call.answer_url.as_ref().map(|urls| Hook {
        url: urls[0].clone(),
        method: call.answer_method.clone().unwrap_or_else(|| "GET".into()),
        timeout: Duration::from_secs(6),
    });
    engine::spawn(
        state.clone(),
        engine::Setup {
            record: CallRecord {
                uuid: created.uuid.clone(),
                conversation_uuid: created.conversation_uuid.clone(),
                to: serde_json::to_value(&to).unwrap_or(Value::Null),
                from: json!({"type": "phone", "number": from_number}),
                status: "started".into(),
                direction: "outbound".into(),
                start_time: None,
                end_time: None,
                duration: None,
            },
            to_text: endpoint_text(&to),
            from_text: from_number,
            ncco,
            answer,
            event,
            ringing_timer: Duration::from_secs(u64::from(call.ringing_timer.unwrap_or(60))),
            length_timer: Duration::from_secs(u64::from(call.length_timer.unwrap_or(7200))),
            machine_detection: call.machine_detection.clone(),
        },
    );
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    date_start: Option<String>,
    date_end: Option<String>,
    page_size: Option<i64>,
    record_index: Option<i64>,
    order: Option<String>,
    conversation_uuid: Option<String>,
}

/// An ISO 8601 date-time (`2016-11-14T07:45:14Z`, any offset) as the call object's
/// `start_time` writes it (`2016-11-14 07:45:14`, UTC), so the two compare as text.
fn as_call_time(text: &str) -> Option<String> {
    let parsed =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    let utc = parsed.to_offset(time::UtcOffset::UTC);
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}

async fn list(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, Problem> {
    auth::bearer(&headers, &state)?;
    let page_size = query.page_size.unwrap_or(10);
    let record_index = query.record_index.unwrap_or(0);
    let mut invalid = Invalid::new();
    if !(1..=100).contains(&page_size) {
        invalid.push(("page_size".into(), "must be between 1 and 100".into()));
    }
    if record_index < 0 {
        invalid.push(("record_index".into(), "must be 0 or more".into()));
    }
    if query
        .order
        .as_deref()
        .is_some_and(|o| o != "asc" && o != "desc")
    {
        invalid.push(("order".into(), "must be asc or desc".into()));
    }
    let mut window = [None, None];
    for (slot, (name, given)) in window.iter_mut().zip([
        ("date_start", query.date_start.as_deref()),
        ("date_end", query.date_end.as_deref()),
    ]) {
        if let Some(text) = given {
            *slot = as_call_time(text);
            if slot.is_none() {
                invalid.push((
                    name.into(),
                    "must be an ISO 8601 date-time, like 2016-11-14T07:45:14Z".into(),
                ));
            }
        }
    }
    let [start, end] = window;
    if !invalid.is_empty() {
        return Err(Problem::voice_bad_request(&invalid));
    }
    let mut calls: Vec<CallRecord> = state
        .calls
        .all()
        .into_iter()
        .filter(|c| query.status.as_deref().is_none_or(|s| c.status == s))
        .filter(|c| {
            query
                .conversation_uuid
                .as_deref()
                .is_none_or(|id| c.conversation_uuid == id)
        })
        // A call that has not started yet is outside any date window.
        .filter(|c| {
            start
                .as_deref()
                .is_none_or(|s| c.start_time.as_deref().is_some_and(|t| t >= s))
        })
        .filter(|c| {
            end.as_deref()
                .is_none_or(|e| c.start_time.as_deref().is_some_and(|t| t <= e))
        })
        .collect();
    if query.order.as_deref() == Some("desc") {
        calls.reverse();
    }
    let count = calls.len();
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // checked above
    let page: Vec<Value> = calls
        .iter()
        .skip(record_index as usize)
        .take(page_size as usize)
        .map(CallRecord::to_json)
        .collect();
    // Every link Vonage's list has, absolute (the Node SDK builds `new URL(href)`), with
    // the filters kept so that following next gives the next page of the same list.
    let mut kept = Vec::new();
    for (name, value) in [
        ("status", &query.status),
        ("date_start", &query.date_start),
        ("date_end", &query.date_end),
        ("order", &query.order),
        ("conversation_uuid", &query.conversation_uuid),
    ] {
        if let Some(value) = value {
            kept.push(format!(
                "{name}={}",
                url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
            ));
        }
    }
    let filters: String = kept.iter().map(|k| format!("&{k}")).collect();
    let base = state.base_url();
    let href = |index: i64| json!({"href": format!("{base}/v1/calls?page_size={page_size}&record_index={index}{filters}")});
    let total = i64::try_from(count).unwrap_or(i64::MAX);
    let last = if total == 0 {
        0
    } else {
        (total - 1) / page_size * page_size
    };
    let mut links = json!({"self": href(record_index), "first": href(0), "last": href(last)});
    if record_index + page_size < total {
        links["next"] = href(record_index + page_size);
    }
    if record_index > 0 {
        links["prev"] = href((record_index - page_size).max(0));
    }
    Ok(Json(json!({
        "count": count,
        "page_size": page_size,
        "record_index": record_index,
        "_links": links,
        "_embedded": {"calls": page}
    })))
}

async fn fetch(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Result<Json<Value>, Problem> {
    auth::bearer(&headers, &state)?;
    state
        .calls
        .get(&uuid)
        .map(|call| Json(call.to_json()))
        .ok_or_else(|| Problem::call_not_found(&uuid))
}

/// The call a control names (`/v1/calls/{uuid}/…`), taken once the request's JWT is
/// checked and the call is live: otherwise Vonage's 401 or 404, before the body is read.
struct LiveCall(String);

impl FromRequestParts<Arc<SandboxState>> for LiveCall {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<SandboxState>,
    ) -> Result<Self, Problem> {
        auth::bearer(&parts.headers, state)?;
        let Path(uuid) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| Problem::call_not_found(""))?;
        live(state, &uuid)?;
        Ok(Self(uuid))
    }
}

/// A [`LiveCall`] that is answered: talk, stream and DTMF need one (a ringing call gets
/// 400).
struct AnsweredCall(String);

impl FromRequestParts<Arc<SandboxState>> for AnsweredCall {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<SandboxState>,
    ) -> Result<Self, Problem> {
        let LiveCall(uuid) = LiveCall::from_request_parts(parts, state).await?;
        let status = live(state, &uuid)?.status;
        if status == "answered" {
            Ok(Self(uuid))
        } else {
            Err(Problem::voice_bad_request(&[(
                "uuid".into(),
                format!("the call is {status}, not answered"),
            )]))
        }
    }
}

/// The live call `uuid`, or Vonage's 404.
fn live(state: &SandboxState, uuid: &str) -> Result<CallRecord, Problem> {
    let call = state
        .calls
        .get(uuid)
        .ok_or_else(|| Problem::call_not_found(uuid))?;
    if state.calls.is_live(uuid) {
        Ok(call)
    } else {
        Err(Problem::call_not_found(uuid))
    }
}

/// Parses a request body, naming in the 400 the field that failed (or, for a body that
/// is not JSON or lacks a required field, `field`).
fn parse<T: serde::de::DeserializeOwned>(body: &Bytes, field: &str) -> Result<T, Problem> {
    let mut json = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut json).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner().to_string();
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned);
        let name = match path.as_str() {
            "." | "" => missing.unwrap_or_else(|| field.to_owned()),
            named => named.to_owned(),
        };
        Problem::voice_bad_request(&[(name, inner)])
    })
}

/// A talk's or stream's `level`: a number or text from -1 to 1.
fn check_level(level: Option<&callboard_vonage::voice::Level>) -> Result<(), Problem> {
    match level.map(callboard_vonage::voice::Level::value) {
        None => Ok(()),
        Some(Some(value)) if (-1.0..=1.0).contains(&value) => Ok(()),
        Some(_) => Err(Problem::voice_bad_request(&[(
            "level".into(),
            "must be a number from -1 to 1".into(),
        )])),
    }
}

async fn update(
    State(state): State<Arc<SandboxState>>,
    LiveCall(uuid): LiveCall,
    body: Bytes,
) -> Result<StatusCode, Problem> {
    let control = match parse(&body, "action")? {
        CallAction::Hangup => Control::HangUp,
        CallAction::Mute => Control::Mute(true),
        CallAction::Unmute => Control::Mute(false),
        CallAction::Earmuff => Control::Earmuff(true),
        CallAction::Unearmuff => Control::Earmuff(false),
        CallAction::Transfer { destination } => Control::Transfer(transfer_to(destination)?),
    };
    state.calls.control(&uuid, control);
    Ok(StatusCode::NO_CONTENT)
}

/// A transfer's destination: `{"type":"ncco"}` with a valid NCCO or one URL.
fn transfer_to(destination: TransferDestination) -> Result<TransferTo, Problem> {
    let to = match (destination.kind.as_str(), destination.ncco, destination.url) {
        ("ncco", Some(ncco), None) => Runnable::parse(ncco)
            .ok()
            .map(|ncco| TransferTo::Ncco(ncco.actions)),
        ("ncco", None, Some(mut urls)) if urls.len() == 1 => urls.pop().map(TransferTo::Url),
        _ => None,
    };
    to.ok_or_else(|| {
        Problem::voice_bad_request(&[(
            "destination".into(),
            "must be {\"type\":\"ncco\"} with a valid ncco or one url".into(),
        )])
    })
}

fn control_answer(message: &str, uuid: &str) -> Json<Value> {
    Json(json!({"message": message, "uuid": uuid}))
}

async fn talk(
    State(state): State<Arc<SandboxState>>,
    AnsweredCall(uuid): AnsweredCall,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let talk: TalkRequest = parse(&body, "text")?;
    check_level(talk.level.as_ref())?;
    if talk.text.trim().is_empty() {
        return Err(Problem::voice_bad_request(&[(
            "text".into(),
            "is required".into(),
        )]));
    }
    state.calls.control(&uuid, Control::Talk(talk));
    Ok(control_answer("Talk started", &uuid))
}

async fn stop_talk(LiveCall(uuid): LiveCall) -> Result<Json<Value>, Problem> {
    Ok(control_answer("Talk stopped", &uuid))
}

async fn stream(
    State(state): State<Arc<SandboxState>>,
    AnsweredCall(uuid): AnsweredCall,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let stream: StreamRequest = parse(&body, "stream_url")?;
    check_level(stream.level.as_ref())?;
    if stream.stream_url.len() != 1 {
        return Err(Problem::voice_bad_request(&[(
            "stream_url".into(),
            "must be an array of one URL".into(),
        )]));
    }
    state.calls.control(&uuid, Control::Stream(stream));
    Ok(control_answer("Stream started", &uuid))
}

async fn stop_stream(
    State(state): State<Arc<SandboxState>>,
    LiveCall(uuid): LiveCall,
) -> Result<Json<Value>, Problem> {
    state.calls.control(&uuid, Control::StopStream);
    Ok(control_answer("Stream stopped", &uuid))
}

async fn dtmf(
    State(state): State<Arc<SandboxState>>,
    AnsweredCall(uuid): AnsweredCall,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    let request: callboard_vonage::voice::DtmfRequest = parse(&body, "digits")?;
    if request.digits.is_empty()
        || !request
            .digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | 'p'))
    {
        return Err(Problem::voice_bad_request(&[(
            "digits".into(),
            "must be digits, *, # or p".into(),
        )]));
    }
    state.calls.control(&uuid, Control::Dtmf(request.digits));
    Ok(control_answer("DTMF sent", &uuid))
}

/// `PUT /v1/calls/{uuid}/input/dtmf`: where key presses of an asynchronous input go.
/// The Node and .NET SDKs send `event_url`, the Java SDK `eventUrl`, each an array of one
/// URL (Vonage's curl example a plain string); all are taken. 204, as the SDKs expect.
async fn subscribe_dtmf(
    State(state): State<Arc<SandboxState>>,
    LiveCall(uuid): LiveCall,
    body: Bytes,
) -> Result<StatusCode, Problem> {
    let request: Value = parse(&body, "event_url")?;
    let url = request
        .get("event_url")
        .or_else(|| request.get("eventUrl"))
        .and_then(|v| match v {
            Value::Array(urls) if urls.len() == 1 => urls[0].as_str(),
            Value::String(url) => Some(url.as_str()),
            _ => None,
        })
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    let Some(url) = url else {
        return Err(Problem::voice_bad_request(&[(
            "event_url".into(),
            "must be an array of one http(s) URL".into(),
        )]));
    };
    state
        .calls
        .control(&uuid, Control::DtmfListener(Some(url.to_owned())));
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /v1/calls/{uuid}/input/dtmf`: stop sending asynchronous key presses there.
async fn unsubscribe_dtmf(
    State(state): State<Arc<SandboxState>>,
    LiveCall(uuid): LiveCall,
) -> Result<StatusCode, Problem> {
    state.calls.control(&uuid, Control::DtmfListener(None));
    Ok(StatusCode::NO_CONTENT)
}

async fn file(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    auth::bearer(&headers, &state)?;
    let safe = !id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    // A recording, or a recording's transcription.
    let found = [("wav", "audio/wav"), ("json", "application/json")]
        .into_iter()
        .filter(|_| safe)
        .find_map(|(extension, content_type)| {
            let bytes = std::fs::read(state.recordings().join(format!("{id}.{extension}"))).ok()?;
            Some(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
        });
    found.ok_or_else(|| Problem::not_found(&format!("File {id}")))
}
