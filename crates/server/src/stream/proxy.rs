//! Passing the call-audio WebSocket on to the user's backend: the backend's socket is
//! opened first (so a backend that refuses it gets Vonage a failed handshake, as it
//! would without Callboard in between), then every message goes across in both
//! directions while the session's analysis watches what Vonage sends.

use axum::{
    extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade},
    http::{HeaderMap, StatusCode, Uri, header},
    response::Response,
};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use super::{
    analysis::Analysis,
    session::{IDLE_TIMEOUT, MAX_MESSAGE, StreamSink, StreamState, is_too_big, too_big_frame},
};
use crate::{
    capture::Forwarded,
    forward::{FORWARDED_MARK, refused},
};

/// How long the backend may take to accept the WebSocket.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

type Backend =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The backend's WebSocket address for a request to `uri`, under `base` (`http` → `ws`).
fn ws_url(base: &str, uri: &Uri) -> String {
    let base = base
        .strip_prefix("https://")
        .map(|rest| format!("wss://{rest}"))
        .or_else(|| {
            base.strip_prefix("http://")
                .map(|rest| format!("ws://{rest}"))
        })
        .unwrap_or_else(|| base.to_owned());
    let path = uri
        .path_and_query()
        .map_or("/", axum::http::uri::PathAndQuery::as_str);
    format!("{base}{path}")
}

/// Opens the backend's WebSocket, then accepts Vonage's and joins the two.
pub(crate) async fn open<K: StreamSink>(
    upgrade: WebSocketUpgrade,
    base: &str,
    uri: &Uri,
    headers: &HeaderMap,
    call: String,
    state: StreamState<K>,
) -> Response {
    let target = ws_url(base, uri);
    let refused = |status: StatusCode, why: String| refused(status, target.clone(), why);
    if headers.contains_key(FORWARDED_MARK) {
        return refused(StatusCode::LOOP_DETECTED, crate::forward::LOOP.into());
    }
    let mut request = match target.as_str().into_client_request() {
        Ok(request) => request,
        Err(error) => {
            return refused(
                StatusCode::BAD_GATEWAY,
                format!("{target} is not a WebSocket address: {error}."),
            );
        }
    };
    if let Some(authorization) = headers.get(header::AUTHORIZATION) {
        request
            .headers_mut()
            .insert(header::AUTHORIZATION, authorization.clone());
    }
    request
        .headers_mut()
        .insert(FORWARDED_MARK, axum::http::HeaderValue::from_static("1"));
    let backend = match tokio::time::timeout(
        CONNECT_TIMEOUT,
        tokio_tungstenite::connect_async(request),
    )
    .await
    {
        Ok(Ok((backend, _))) => backend,
        Ok(Err(tungstenite::Error::Http(answer)))
            if answer.status() == StatusCode::LOOP_DETECTED =>
        {
            return refused(StatusCode::LOOP_DETECTED, crate::forward::LOOP.into());
        }
        Ok(Err(tungstenite::Error::Http(answer))) => {
            return refused(
                StatusCode::BAD_GATEWAY,
                format!(
                    "Your backend answered {} instead of accepting the WebSocket at {target}; is there a WebSocket route at that path?",
                    answer.status()
                ),
            );
        }
        Ok(Err(error)) => {
            return refused(
                StatusCode::BAD_GATEWAY,
                format!("Your backend did not accept the WebSocket at {target}: {error}."),
            );
        }
        Err(_) => {
            return refused(
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "Your backend did not accept the WebSocket at {target} within {} s.",
                    CONNECT_TIMEOUT.as_secs()
                ),
            );
        }
    };
    let forwarded_to = base.to_owned();
    let mut response =
        upgrade.on_upgrade(move |socket| join(socket, backend, forwarded_to, call, state));
    response.extensions_mut().insert(Forwarded {
        url: target,
        error: None,
        notes: Vec::new(),
    });
    response
}

async fn join<K: StreamSink>(
    mut vonage: WebSocket,
    backend: Backend,
    forwarded_to: String,
    call: String,
    state: StreamState<K>,
) {
    let sink = state.sink.as_ref();
    let mut analysis = Analysis::open(call, &state.options, state.taps.clone(), sink).await;
    analysis.session.forwarded_to = Some(forwarded_to);
    let (mut to_backend, mut from_backend) = backend.split();
    loop {
        tokio::select! {
            message = tokio::time::timeout(IDLE_TIMEOUT, vonage.recv()) => {
                let message = match message {
                    Err(_) => {
                        analysis.note(format!("Nothing arrived for {} s; the session was closed.", IDLE_TIMEOUT.as_secs()));
                        let _ = to_backend.send(tungstenite::Message::Close(None)).await;
                        break;
                    }
                    Ok(Some(Err(error))) => {
                        if is_too_big(error) {
                            analysis.note(format!("A message over {} KiB arrived; the socket was closed with 1009.", MAX_MESSAGE / 1024));
                            let _ = vonage.send(Message::Close(Some(too_big_frame()))).await;
                        }
                        let _ = to_backend.send(tungstenite::Message::Close(None)).await;
                        break;
                    }
                    Ok(None) => {
                        let _ = to_backend.send(tungstenite::Message::Close(None)).await;
                        break;
                    }
                    Ok(Some(Ok(message))) => message,
                };
                let passed = match message {
                    Message::Text(text) => {
                        analysis.text(text.as_str(), sink).await;
                        tungstenite::Message::text(text.as_str())
                    }
                    Message::Binary(frame) => {
                        analysis.frame(&frame, sink).await;
                        tungstenite::Message::Binary(frame)
                    }
                    Message::Close(frame) => {
                        let _ = to_backend.send(tungstenite::Message::Close(frame.map(|f| tungstenite::protocol::CloseFrame {
                            code: f.code.into(),
                            reason: f.reason.as_str().into(),
                        }))).await;
                        break;
                    }
                    Message::Ping(_) | Message::Pong(_) => continue,
                };
                if to_backend.send(passed).await.is_err() {
                    analysis.note("Your backend's WebSocket broke off.".into());
                    let _ = vonage.send(Message::Close(None)).await;
                    break;
                }
            }
            message = from_backend.next() => {
                let passed = match message {
                    None | Some(Err(_)) => {
                        analysis.note("Your backend's WebSocket broke off.".into());
                        let _ = vonage.send(Message::Close(None)).await;
                        break;
                    }
                    Some(Ok(tungstenite::Message::Binary(frame))) => {
                        analysis.sent(&frame);
                        Message::Binary(frame)
                    }
                    Some(Ok(tungstenite::Message::Text(text))) => Message::Text(text.as_str().into()),
                    Some(Ok(tungstenite::Message::Close(frame))) => {
                        analysis.note(
                            "Your backend closed the WebSocket; Vonage then posts a disconnected event to the event URL.".into(),
                        );
                        let _ = vonage.send(Message::Close(frame.map(|f| CloseFrame {
                            code: f.code.into(),
                            reason: f.reason.as_str().into(),
                        }))).await;
                        break;
                    }
                    Some(Ok(_)) => continue,
                };
                if vonage.send(passed).await.is_err() {
                    let _ = to_backend.send(tungstenite::Message::Close(None)).await;
                    break;
                }
            }
        }
    }
    let _ = analysis.finish(sink).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_websocket_addresses_keep_the_path_and_query() {
        let uri: Uri = "/ws/vonage-stream/leg-1/?a=b".parse().expect("uri");
        assert_eq!(
            ws_url("http://127.0.0.1:8000", &uri),
            "ws://127.0.0.1:8000/ws/vonage-stream/leg-1/?a=b"
        );
        assert_eq!(
            ws_url("https://api.example.com/prefix", &uri),
            "wss://api.example.com/prefix/ws/vonage-stream/leg-1/?a=b"
        );
    }
}
