//! Forwarding over real sockets on loopback: the listener in front of a small backend
//! (standing in for the user's Django server), as Vonage would reach it. What the
//! backend sees, what Vonage gets back, and what is kept with each exchange.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::{
    Json, Router,
    extract::{
        RawQuery,
        ws::{Message as WsMessage, WebSocketUpgrade},
    },
    http::{HeaderMap, StatusCode},
    routing::{any, get},
};
use callboard_server::{
    ActiveNcco, Exchange, ExchangeSink, ForwardTarget, Forwarding, Listener, Probes, Services,
    SinkError, StreamSession, StreamSink, WebhookPaths, backend_router, router,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";
const EVENT: &str = "/api/hume-twilio/vonage-event-callback/";

#[derive(Default)]
struct Kept {
    exchanges: Mutex<Vec<Exchange>>,
    sessions: Mutex<Vec<StreamSession>>,
}

impl ExchangeSink for Kept {
    async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
        self.exchanges.lock().expect("lock").push(exchange);
        Ok(())
    }
}

impl StreamSink for Kept {
    async fn update(&self, session: &StreamSession) {
        self.sessions.lock().expect("lock").push(session.clone());
    }
}

impl Kept {
    fn last(&self) -> Exchange {
        self.exchanges
            .lock()
            .expect("lock")
            .last()
            .cloned()
            .expect("an exchange was kept")
    }

    async fn ended_session(&self) -> StreamSession {
        for _ in 0..150 {
            if let Some(session) = self
                .sessions
                .lock()
                .expect("lock")
                .last()
                .filter(|s| s.ended_at_ms.is_some())
            {
                return session.clone();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the session never ended");
    }
}

/// What the backend saw.
#[derive(Default, Clone)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn push(&self, line: String) {
        self.0.lock().expect("lock").push(line);
    }
    fn all(&self) -> Vec<String> {
        self.0.lock().expect("lock").clone()
    }
}

/// A backend like the setup guide's: its answer NCCO points `stream` at a `wss://` URL
/// (the classic mistake), its event route answers 204, and its WebSocket route answers
/// each audio frame with the same frame and says hello in text.
async fn backend(seen: Seen) -> Listener {
    let answer_seen = seen.clone();
    let event_seen = seen.clone();
    let ws_seen = seen;
    let app = Router::new()
        .route(
            ANSWER,
            get(move |RawQuery(query): RawQuery, headers: HeaderMap| {
                let seen = answer_seen.clone();
                async move {
                    seen.push(format!(
                        "answer ?{} auth={} mark={}",
                        query.unwrap_or_default(),
                        headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-"),
                        headers.contains_key("x-callboard-forwarded")
                    ));
                    Json(json!([{"action": "stream", "streamUrl": ["wss://backend.example/ws"]}]))
                }
            }),
        )
        .route(
            EVENT,
            any(move |body: String| {
                let seen = event_seen.clone();
                async move {
                    seen.push(format!("event {body}"));
                    StatusCode::NO_CONTENT
                }
            }),
        )
        .route(
            "/ws/vonage-stream/{uuid}/",
            get(move |upgrade: WebSocketUpgrade| {
                let seen = ws_seen.clone();
                async move {
                    upgrade.on_upgrade(move |mut socket| async move {
                        let _ = socket
                            .send(WsMessage::Text("hello from the backend".into()))
                            .await;
                        while let Some(Ok(message)) = socket.recv().await {
                            match message {
                                WsMessage::Text(text) => {
                                    seen.push(format!("ws text {}", text.as_str()))
                                }
                                WsMessage::Binary(frame)
                                    if socket
                                        .send(WsMessage::Binary(frame.clone()))
                                        .await
                                        .is_err() =>
                                {
                                    break;
                                }
                                WsMessage::Close(_) => break,
                                _ => {}
                            }
                        }
                    })
                }
            }),
        );
    Listener::start(([127, 0, 0, 1], 0).into(), app)
        .await
        .expect("the backend binds")
}

fn target(base_url: String, answer: bool, event: bool, stream: bool) -> ForwardTarget {
    ForwardTarget {
        base_url,
        answer,
        event,
        fallback: answer,
        stream,
    }
}

/// Where this test binary's streams are recorded.
fn recordings() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("callboard-forward-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("recording directory");
    dir
}

async fn callboard(kept: Arc<Kept>, forward: Option<ForwardTarget>) -> (Listener, Forwarding) {
    callboard_with(kept, forward, Probes::default()).await
}

async fn callboard_with(
    kept: Arc<Kept>,
    forward: Option<ForwardTarget>,
    probes: Probes,
) -> (Listener, Forwarding) {
    let forwarding = Forwarding::new(forward);
    let services = Services {
        ncco: ActiveNcco::new(
            json!([{"action": "talk", "text": "Callboard's own"}]),
            "http://127.0.0.1",
        ),
        probes,
        exchanges: kept.clone(),
        streams: kept,
        stream: callboard_server::StreamOptions {
            record_dir: Some(recordings()),
            ..callboard_server::StreamOptions::default()
        },
        signatures: callboard_server::SignaturePolicy::default(),
        forward: forwarding.clone(),
        taps: callboard_server::Taps::default(),
    };
    let listener = Listener::start(
        ([127, 0, 0, 1], 0).into(),
        router(&WebhookPaths::default(), services),
    )
    .await
    .expect("binds");
    (listener, forwarding)
}

#[tokio::test]
async fn the_backends_answer_goes_to_vonage_and_its_mistakes_are_flagged() {
    let seen = Seen::default();
    let backend = backend(seen.clone()).await;
    let kept = Arc::new(Kept::default());
    let (listener, _) = callboard(
        kept.clone(),
        Some(target(
            format!("http://{}", backend.local_addr()),
            true,
            true,
            false,
        )),
    )
    .await;

    let answer = reqwest::Client::new()
        .get(format!(
            "http://{}{ANSWER}?to=447700900000&uuid=leg-1",
            listener.local_addr()
        ))
        .header("authorization", "Bearer signed.by.vonage")
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 200);
    let served: Value = answer.json().await.expect("JSON");
    assert_eq!(
        served[0]["streamUrl"][0], "wss://backend.example/ws",
        "Vonage gets the backend's NCCO, not Callboard's"
    );
    assert_eq!(
        seen.all(),
        vec!["answer ?to=447700900000&uuid=leg-1 auth=Bearer signed.by.vonage mark=true"],
        "same path and query, the signature passed on, and the loop mark"
    );

    let exchange = kept.last();
    assert_eq!(exchange.status, 200);
    assert!(exchange.response_body.contains("wss://backend.example/ws"));
    let forwarded = exchange.forwarded.expect("a forwarding report");
    assert_eq!(
        forwarded.url,
        format!(
            "http://{}{ANSWER}?to=447700900000&uuid=leg-1",
            backend.local_addr()
        )
    );
    assert_eq!(forwarded.error, None);
    assert!(
        forwarded
            .notes
            .iter()
            .any(|n| n.severity == "error" && n.path.starts_with("/0/streamUrl")),
        "the wss:// stream URL is flagged on its field: {:?}",
        forwarded.notes
    );

    let event = reqwest::Client::new()
        .post(format!("http://{}{EVENT}", listener.local_addr()))
        .json(&json!({"status": "started", "uuid": "leg-1"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(event.status(), 204, "the backend's own status");
    assert!(
        seen.all()
            .iter()
            .any(|l| l.contains(r#""status":"started""#))
    );
    let exchange = kept.last();
    assert_eq!(exchange.forwarded.map(|f| f.notes), Some(vec![]));
    listener.shutdown().await;
    backend.shutdown().await;
}

#[tokio::test]
async fn only_the_chosen_routes_are_forwarded_and_tunnel_probes_never_are() {
    let seen = Seen::default();
    let backend = backend(seen.clone()).await;
    let kept = Arc::new(Kept::default());
    let probes = Probes::default();
    let (listener, forwarding) = callboard_with(
        kept.clone(),
        Some(target(
            format!("http://{}", backend.local_addr()),
            false,
            true,
            false,
        )),
        probes.clone(),
    )
    .await;
    let client = reqwest::Client::new();
    let own = client
        .get(format!("http://{}{ANSWER}", listener.local_addr()))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("body");
    assert!(
        own.contains("Callboard's own"),
        "answer is not forwarded: {own}"
    );
    assert_eq!(kept.last().forwarded, None);

    forwarding.set(Some(target(
        format!("http://{}", backend.local_addr()),
        true,
        true,
        false,
    )));
    let nonce = probes.issue();
    let probe = client
        .get(format!(
            "http://{}{ANSWER}?callboard_probe={nonce}",
            listener.local_addr()
        ))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("body");
    assert!(
        probe.contains("Callboard's own"),
        "a tunnel probe is Callboard's own request"
    );
    assert!(
        seen.all().is_empty(),
        "the backend saw nothing: {:?}",
        seen.all()
    );
    assert!(probes.take(&nonce), "the probe is seen as arrived");
    let made_up = client
        .get(format!(
            "http://{}{ANSWER}?callboard_probe=n1",
            listener.local_addr()
        ))
        .send()
        .await
        .expect("answered");
    assert_eq!(made_up.status(), 200);
    assert_eq!(
        seen.all().len(),
        1,
        "a probe Callboard did not send is an ordinary request, forwarded like any other"
    );
    listener.shutdown().await;
    backend.shutdown().await;
}

#[tokio::test]
async fn a_backend_that_is_not_running_gets_vonage_a_502_and_says_why() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    let kept = Arc::new(Kept::default());
    let (listener, _) = callboard(
        kept.clone(),
        Some(target(format!("http://127.0.0.1:{port}"), true, true, true)),
    )
    .await;
    let answer = reqwest::get(format!("http://{}{ANSWER}", listener.local_addr()))
        .await
        .expect("answered");
    assert_eq!(answer.status(), 502);
    let forwarded = kept.last().forwarded.expect("report");
    assert!(
        forwarded.error.as_deref().is_some_and(
            |e| e.contains("Nothing answers at") && e.contains("is your backend running")
        ),
        "{forwarded:?}"
    );

    let refused = tokio_tungstenite::connect_async(format!(
        "ws://{}/ws/vonage-stream/leg-9/",
        listener.local_addr()
    ))
    .await;
    assert!(
        matches!(refused, Err(tokio_tungstenite::tungstenite::Error::Http(ref r)) if r.status() == 502),
        "Vonage's handshake fails as it would against the backend"
    );
    let forwarded = kept.last().forwarded.expect("report");
    assert!(
        forwarded
            .error
            .as_deref()
            .is_some_and(|e| e.contains("did not accept the WebSocket")),
        "{forwarded:?}"
    );
    listener.shutdown().await;
}

#[tokio::test]
async fn a_backend_address_pointing_back_at_callboard_is_caught_not_looped() {
    let kept = Arc::new(Kept::default());
    let (listener, forwarding) = callboard(kept.clone(), None).await;
    forwarding.set(Some(target(
        format!("http://{}", listener.local_addr()),
        true,
        true,
        false,
    )));
    let answer = reqwest::get(format!("http://{}{ANSWER}", listener.local_addr()))
        .await
        .expect("answered");
    assert_eq!(answer.status(), 508);
    let error = kept.last().forwarded.and_then(|f| f.error).expect("why");
    assert!(error.contains("points back at Callboard"), "{error}");
    listener.shutdown().await;
}

#[tokio::test]
async fn the_websocket_is_proxied_both_ways_and_measured() {
    let seen = Seen::default();
    let backend = backend(seen.clone()).await;
    let kept = Arc::new(Kept::default());
    let (listener, _) = callboard(
        kept.clone(),
        Some(target(
            format!("http://{}", backend.local_addr()),
            false,
            false,
            true,
        )),
    )
    .await;
    let (mut vonage, response) = tokio_tungstenite::connect_async(format!(
        "ws://{}/ws/vonage-stream/leg-3/",
        listener.local_addr()
    ))
    .await
    .expect("the handshake passes through");
    assert_eq!(response.status(), 101);
    let first = r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000","caller":"447700900001"}"#;
    vonage.send(Message::text(first)).await.expect("first");
    for n in 0..10u8 {
        vonage
            .send(Message::binary(vec![n; 640]))
            .await
            .expect("frame");
    }
    let mut texts = Vec::new();
    let mut frames = Vec::new();
    while frames.len() < 10 {
        match tokio::time::timeout(Duration::from_secs(3), vonage.next()).await {
            Ok(Some(Ok(Message::Binary(frame)))) => frames.push(frame[0]),
            Ok(Some(Ok(Message::Text(text)))) => texts.push(text.to_string()),
            other => panic!("the backend's answer did not come through: {other:?}"),
        }
    }
    assert_eq!(frames, (0..10).collect::<Vec<u8>>(), "in order, none lost");
    assert_eq!(texts, vec!["hello from the backend"]);
    vonage.close(None).await.expect("close");

    let session = kept.ended_session().await;
    assert_eq!(session.call_uuid, "leg-3");
    assert_eq!(session.sample_rate, Some(16_000));
    assert_eq!((session.frames, session.frames_sent), (10, 10));
    for (recording, what) in [
        (&session.recording, "the caller's audio"),
        (&session.recording_sent, "the backend's audio"),
    ] {
        let reader = hound::WavReader::open(recording.as_deref().expect(what)).expect("a WAV");
        assert_eq!(reader.len(), 10 * 320, "all of {what} is recorded");
    }
    assert_eq!(
        session.forwarded_to,
        Some(format!("http://{}", backend.local_addr()))
    );
    assert!(
        seen.all().iter().any(|l| l == &format!("ws text {first}")),
        "the backend got Vonage's first message unchanged: {:?}",
        seen.all()
    );
    listener.shutdown().await;
    backend.shutdown().await;
}

#[tokio::test]
async fn a_replay_to_the_backend_is_kept_with_what_it_answered() {
    let seen = Seen::default();
    let backend = backend(seen.clone()).await;
    let kept = Arc::new(Kept::default());
    let forwarding = Forwarding::new(Some(target(
        format!("http://{}", backend.local_addr()),
        false,
        false,
        false,
    )));
    let app = backend_router(&WebhookPaths::default(), kept.clone(), forwarding);
    let response = tower::ServiceExt::oneshot(
        app,
        axum::http::Request::post(EVENT)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(r#"{"status":"completed"}"#))
            .expect("request"),
    )
    .await
    .expect("infallible");
    assert_eq!(
        response.status(),
        204,
        "sent even though no route is forwarded"
    );
    assert!(seen.all().iter().any(|l| l.contains("completed")));
    let exchange = kept.last();
    assert_eq!(exchange.route, callboard_server::Route::Event);
    assert!(exchange.forwarded.is_some());
    backend.shutdown().await;
}
