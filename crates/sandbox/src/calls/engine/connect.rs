//! The `connect` action: to a WebSocket (Vonage as the client: the first message, the
//! call's audio in 20 ms frames in real time, the app's frames taken in and played
//! out, key presses as `websocket:dtmf`, `disconnected` when the app closes it), or to
//! another phone, app, SIP or VBC endpoint (a second leg with its own events).

use callboard_ncco::model::{Authorization, Endpoint};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::*;
use crate::{
    calls::{media::PhoneFeed, mixing::mix_into, playout::Playout},
    phone::HeardAudio,
};

/// How long the WebSocket server may take to accept.
const WEBSOCKET_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl Call {
    /// `connect`: to a WebSocket, or another leg.
    pub(super) async fn connect(&mut self, connect: &model::Connect) -> Interrupt {
        let hook = Hook::of_action(connect.event_url.as_ref(), connect.event_method.as_ref());
        match connect.target() {
            Some(Endpoint::Websocket {
                uri,
                content_type,
                headers,
                authorization,
                ..
            }) => {
                let socket = Socket {
                    uri,
                    content_type,
                    rate: connect
                        .target()
                        .and_then(Endpoint::sample_rate)
                        .unwrap_or(16_000),
                    headers: headers.clone().map_or(json!({}), Value::Object),
                    authorization: authorization.as_ref(),
                };
                websocket(self, hook, socket).await
            }
            Some(endpoint) => other_leg(self, connect, endpoint, hook).await,
            None => Interrupt::Done,
        }
    }
}

/// A websocket endpoint, as `connect` names it.
struct Socket<'a> {
    uri: &'a str,
    content_type: &'a str,
    rate: u32,
    headers: Value,
    authorization: Option<&'a Authorization>,
}

/// The fields of an event about the WebSocket leg.
fn websocket_event(
    call: &Call,
    leg: &str,
    uri: &str,
    status: &str,
    headers: &Value,
) -> serde_json::Map<String, Value> {
    let conversation = lock(&call.record).conversation_uuid.clone();
    let mut body = leg_event(&call.from_text, uri, leg, &conversation);
    body.insert("status".into(), json!(status));
    body.insert("headers".into(), headers.clone());
    body
}

/// The WebSocket handshake request, with the endpoint's `authorization` (§7): `vonage`
/// sends the signed-webhook JWT, `custom` its value verbatim.
fn handshake(
    call: &Call,
    socket: &Socket<'_>,
) -> Option<tokio_tungstenite::tungstenite::handshake::client::Request> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = socket.uri.into_client_request().ok()?;
    let authorization = match socket.authorization {
        Some(Authorization { kind, .. }) if kind == "vonage" => {
            let signer = crate::calls::signing::Signer {
                secret: call.state.account().signature_secret.clone(),
                api_key: call.state.account().api_key.clone(),
                application_id: call.state.account().application_id.clone(),
            };
            signer.authorization(b"")
        }
        Some(Authorization { kind, value, .. }) if kind == "custom" => value.clone(),
        _ => None,
    };
    if let Some(value) = authorization.and_then(|v| v.parse().ok()) {
        request
            .headers_mut()
            .insert(reqwest::header::AUTHORIZATION, value);
    }
    Some(request)
}

async fn websocket(call: &mut Call, hook: Option<Hook>, socket: Socket<'_>) -> Interrupt {
    let leg = uuid::Uuid::new_v4().to_string();
    let connected = match handshake(call, &socket) {
        Some(request) => {
            tokio::time::timeout(
                WEBSOCKET_CONNECT_TIMEOUT,
                tokio_tungstenite::connect_async(request),
            )
            .await
        }
        None => Ok(Err(tokio_tungstenite::tungstenite::Error::Url(
            tokio_tungstenite::tungstenite::error::UrlError::NoHostName,
        ))),
    };
    let Socket {
        uri,
        content_type,
        rate,
        headers,
        ..
    } = socket;
    let Ok(Ok((mut socket, _))) = connected else {
        let body = websocket_event(call, &leg, uri, "unanswered", &headers);
        return call.post_for_ncco(hook.as_ref(), body).await;
    };
    let mut first = json!({"event": "websocket:connected", "content-type": content_type});
    if let (Some(first), Some(headers)) = (first.as_object_mut(), headers.as_object()) {
        for (key, value) in headers {
            first.insert(key.clone(), value.clone());
        }
    }
    if socket.send(Message::text(first.to_string())).await.is_err() {
        return Interrupt::Done;
    }
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut feed = PhoneFeed::new(call.state.phone.clone(), call.audio.clone(), rate);
    let opened = Instant::now();
    let (mut frames_sent, mut frames_back, mut first_back) = (0_u64, 0_u64, None);
    let report = |call: &Call, frames_sent, frames_back, first_back, closed| {
        call.state.report(crate::Observed::WebSocket {
            call: lock(&call.record).uuid.clone(),
            uri: uri.to_owned(),
            content_type: content_type.to_owned(),
            frames_sent,
            frames_back,
            first_back,
            closed,
        });
    };
    report(call, 0, 0, None, false);
    let deadline = call.deadline();
    let leg_of_phone = lock(&call.record).uuid.clone();
    let mut playout = Playout::default();
    loop {
        tokio::select! {
            at = pace.tick() => {
                // The WebSocket hears the call: the phone (silent when muted) and
                // whatever plays into the call, mixed.
                let mut frame = feed.next_frame();
                if let Some(played) = call.audio.frame_at(at, rate) {
                    mix_into(&mut frame, &played);
                }
                if socket.send(Message::binary(frame)).await.is_err() {
                    break;
                }
                frames_sent += 1;
                if frames_sent % 50 == 0 {
                    report(call, frames_sent, frames_back, first_back, false);
                }
                // What the application sent plays in real time: the phone hears it
                // (unless earmuffed) and a recording keeps it.
                let (due, played) = playout.tick();
                for notice in due {
                    if socket.send(Message::text(notice.to_string())).await.is_err() {
                        break;
                    }
                }
                if let Some(frame) = played {
                    call.audio.application_sent(&frame, rate);
                    if !call.audio.earmuffed() {
                        call.state.phone.hear(HeardAudio {
                            call: leg_of_phone.clone(),
                            rate,
                            frame,
                        });
                    }
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Binary(frame))) => {
                    frames_back += 1;
                    if first_back.is_none() {
                        first_back = Some(opened.elapsed());
                        report(call, frames_sent, frames_back, first_back, false);
                    }
                    if !playout.push_frame(frame.to_vec()) {
                        tracing::debug!("the application sent more than Vonage buffers; a frame is dropped");
                    }
                }
                Some(Ok(Message::Text(text))) => {
                    if let Some(answer) = playout.command(&text)
                        && socket.send(Message::text(answer.to_string())).await.is_err()
                    {
                        break;
                    }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            },
            () = async { match deadline { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => {
                let _ = socket.close(None).await;
                report(call, frames_sent, frames_back, first_back, true);
                return Interrupt::HangUp("platform");
            }
            control = call.control.recv() => {
                let keys_before = call.keys.len();
                match call.take_control(control).await {
                    Some(interrupt) => {
                        let _ = socket.close(None).await;
                        report(call, frames_sent, frames_back, first_back, true);
                        return interrupt;
                    }
                    None => {
                        let pressed: String = call.keys.drain(keys_before..).collect();
                        for digit in pressed.chars() {
                            let message = json!({"event": "websocket:dtmf", "digit": digit.to_string(), "duration": 260});
                            if socket.send(Message::text(message.to_string())).await.is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
    report(call, frames_sent, frames_back, first_back, true);
    // The application closed the socket: Vonage tells the event URL, whose NCCO runs next.
    let body = websocket_event(call, &leg, uri, "disconnected", &headers);
    call.post_for_ncco(hook.as_ref(), body).await
}

/// A second leg to a phone, app, SIP or VBC endpoint: its own `started`, `ringing`,
/// then as the phone's connected-party setting says: `answered` and connected until the
/// call ends, then its `completed`; or `busy`, `timeout` (after the connect's `timeout`,
/// 60 s by default), `rejected` or `failed`. With `eventType: synchronous`, the NCCO the
/// failure's event answers replaces the rest; without one the NCCO goes on.
async fn other_leg(
    call: &mut Call,
    connect: &model::Connect,
    endpoint: &Endpoint,
    hook: Option<Hook>,
) -> Interrupt {
    let leg = uuid::Uuid::new_v4().to_string();
    let to = endpoint.address().to_owned();
    let synchronous = connect.synchronous();
    let conversation = lock(&call.record).conversation_uuid.clone();
    let from = connect.from.clone().unwrap_or_else(|| call.to_text.clone());
    let event = |status: &str| {
        let mut body = leg_event(&from, &to, &leg, &conversation);
        body.insert("status".into(), json!(status));
        body.insert("direction".into(), json!("outbound"));
        body.insert("headers".into(), json!({}));
        body
    };
    call.post(hook.as_ref(), event("started"), false).await;
    call.post(hook.as_ref(), event("ringing"), false).await;
    let ring_for = connect.ring_time();
    let (rings, outcome) = match call.state.phone.connected_party() {
        Pickup::Answer { after_ms } => (Duration::from_millis(after_ms).min(ring_for), None),
        Pickup::Busy => (Duration::from_millis(300), Some(("busy", None))),
        Pickup::NoAnswer => (ring_for, Some(("timeout", None))),
        Pickup::Reject => (
            Duration::from_millis(800),
            Some(("rejected", Some("declined"))),
        ),
        Pickup::Unreachable => (
            Duration::from_millis(300),
            Some(("failed", Some("cannot_route"))),
        ),
    };
    match call.pause(Some(rings), Wake::Never).await {
        Interrupt::Done => {}
        other => return other,
    }
    if let Some((status, detail)) = outcome {
        let mut body = event(status);
        if let Some(detail) = detail {
            body.insert("detail".into(), json!(detail));
        }
        call.state.phone.notice(PhoneEvent::Caption {
            call: lock(&call.record).uuid.clone(),
            text: format!("({to} did not answer: {status})"),
        });
        return match call.post(hook.as_ref(), body, synchronous).await {
            Some(ncco) => Interrupt::Replace(ncco),
            None => Interrupt::Done,
        };
    }
    let answered = Instant::now();
    call.post(hook.as_ref(), event("answered"), false).await;
    call.state.phone.notice(PhoneEvent::Caption {
        call: lock(&call.record).uuid.clone(),
        text: format!("(connected to {to})"),
    });
    let outcome = call.pause(None, Wake::Never).await;
    let mut completed = event("completed");
    completed.insert(
        "duration".into(),
        json!(answered.elapsed().as_secs().to_string()),
    );
    call.post(hook.as_ref(), completed, false).await;
    outcome
}
