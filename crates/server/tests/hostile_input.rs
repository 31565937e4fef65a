//! Whatever reaches the public listener, its handlers answer and never panic: the answer,
//! event and fallback webhooks with arbitrary methods, queries, headers and bodies; the
//! call-audio WebSocket with arbitrary sequences of messages. Each answer is one Vonage's
//! contract allows, and each session's lists stay within their bounds.

use std::sync::{Arc, Mutex};

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use callboard_server::{
    ActiveNcco, Discard, Listener, Probes, Services, StreamOptions, StreamSession, StreamSink,
    WebhookPaths, router,
};
use futures_util::SinkExt;
use http_body_util::BodyExt;
use proptest::prelude::*;
use tokio_tungstenite::tungstenite::Message;
use tower::ServiceExt;

fn services<K: StreamSink>(
    streams: Arc<K>,
    record_dir: Option<std::path::PathBuf>,
) -> Services<Discard, K> {
    Services {
        ncco: ActiveNcco::new(
            serde_json::json!([{"action": "talk", "text": "Hello {from}"}]),
            "https://x.example",
        ),
        probes: Probes::default(),
        exchanges: Arc::new(Discard),
        streams,
        stream: StreamOptions {
            record_dir,
            reply: callboard_server::AudioReply::Tone.into(),
        },
        signatures: {
            let policy = callboard_server::SignaturePolicy::default();
            policy.set(
                callboard_server::SignatureMode::Report,
                Some("secret".into()),
            );
            policy
        },
        forward: callboard_server::Forwarding::default(),
        taps: callboard_server::Taps::default(),
    }
}

fn path() -> impl Strategy<Value = String> {
    let paths = WebhookPaths::default();
    prop_oneof![
        Just(paths.answer),
        Just(paths.event),
        Just(paths.fallback),
        Just("/ws/vonage-stream/leg/".to_owned()),
        "/[a-z%0-9/._-]{0,40}",
    ]
}

fn method() -> impl Strategy<Value = Method> {
    prop::sample::select(vec![
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::HEAD,
    ])
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(any::<u8>(), 0..512),
        prop::sample::select(vec![
            r#"{"status":"answered","uuid":"u","conversation_uuid":"c"}"#,
            r#"{"to":"447700900000","from":"447700900001","uuid":"u"}"#,
            r#"{"dtmf":{"digits":"1","timed_out":false},"uuid":"u"}"#,
            r#"{"reason":"Connection closed.","original_request":{"url":"x","type":"answer"}}"#,
            "[]",
            "null",
            r#"{"uuid":123,"to":{"a":[1,2]}}"#,
            "{\"status\":\"\u{0}\"}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop::sample::select(vec![
        "content-type",
        "authorization",
        "x-anything",
        "cookie",
        "content-encoding",
        "accept",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "Bearer not.a.jwt",
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
            "gzip",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(32u8..127, 0..64),
    ];
    prop::collection::vec((name.prop_map(str::to_owned), value), 0..5)
}

/// One runtime and one router for every case (building them is most of a case's cost).
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
});
static APP: std::sync::LazyLock<axum::Router> = std::sync::LazyLock::new(|| {
    router(&WebhookPaths::default(), services(Arc::new(Discard), None))
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_request_to_any_route_gets_an_answer_vonage_understands(
        method in method(),
        path in path(),
        query in prop::option::of("[a-z_=&%0-9+.-]{0,80}"),
        headers in headers(),
        body in body(),
    ) {
        let (status, content_type, bytes) = RUNTIME.block_on(async {
            let app = APP.clone();
            let uri = match &query { Some(q) => format!("{path}?{q}"), None => path.clone() };
            let mut request = Request::builder().method(method.clone()).uri(uri);
            for (name, value) in &headers {
                request = request.header(name.as_str(), value.as_slice());
            }
            let Ok(request) = request.body(Body::from(body.clone())) else {
                return (StatusCode::BAD_REQUEST, None, Vec::new());
            };
            let response = app.oneshot(request).await.expect("infallible");
            let status = response.status();
            let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_owned());
            let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
            (status, content_type, bytes)
        });
        prop_assert!(!status.is_server_error(), "{method} {path}: {status}");
        if status == StatusCode::OK && path == WebhookPaths::default().answer && method != Method::HEAD {
            prop_assert_eq!(content_type.as_deref(), Some("application/json"));
            let served: serde_json::Value = serde_json::from_slice(&bytes).expect("an NCCO");
            prop_assert!(served.is_array(), "an NCCO is an array");
        }
    }
}

/// Keeps every session update, to check the bounds at the end.
#[derive(Default)]
struct Sessions(Mutex<Vec<StreamSession>>);

impl StreamSink for Sessions {
    async fn update(&self, session: &StreamSession) {
        self.0.lock().expect("lock").push(session.clone());
    }
}

#[derive(Debug, Clone)]
enum Sent {
    Text(String),
    Binary(Vec<u8>),
}

fn message() -> impl Strategy<Value = Sent> {
    prop_oneof![
        prop::sample::select(vec![
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#,
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=0"}"#,
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=4294967295"}"#,
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=8000","x":{"y":[1,2,3]}}"#,
            r#"{"event":"websocket:connected"}"#,
            r#"{"event":"websocket:dtmf","digit":"5","duration":250}"#,
            r#"{"event":"websocket:dtmf","digit":"55555555555555555555"}"#,
            r#"{"event":"websocket:dtmf","digit":7}"#,
            r#"{"event":"websocket:cleared"}"#,
            "not json",
            "",
        ])
        .prop_map(|s| Sent::Text(s.to_owned())),
        ".{0,200}".prop_map(Sent::Text),
        prop::collection::vec(any::<u8>(), 0..1200).prop_map(Sent::Binary),
        prop::sample::select(vec![320usize, 640, 960, 1, 0])
            .prop_map(|n| Sent::Binary(vec![0x11; n])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_sequence_of_messages_ends_a_session_within_its_bounds(
        messages in prop::collection::vec(message(), 0..120),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let dir = tempfile::tempdir().expect("dir");
        let session = runtime.block_on(async {
            let sessions = Arc::new(Sessions::default());
            let listener = Listener::start(
                ([127, 0, 0, 1], 0).into(),
                router(&WebhookPaths::default(), services(sessions.clone(), Some(dir.path().to_owned()))),
            )
            .await
            .expect("binds");
            let url = format!("ws://{}/ws/vonage-stream/leg/", listener.local_addr());
            let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.expect("connect");
            for message in &messages {
                let sent = match message {
                    Sent::Text(text) => socket.send(Message::text(text.as_str())).await,
                    Sent::Binary(bytes) => socket.send(Message::binary(bytes.clone())).await,
                };
                if sent.is_err() {
                    break;
                }
            }
            let _ = socket.close(None).await;
            let mut ended = None;
            for _ in 0..200 {
                ended = sessions.0.lock().expect("lock").last().filter(|s| s.ended_at_ms.is_some()).cloned();
                if ended.is_some() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            listener.shutdown().await;
            ended
        });
        let session = session.expect("the session ended and was reported, whatever was sent");
        prop_assert!(session.notes.len() <= 32);
        prop_assert!(session.dtmf.len() <= 256);
        prop_assert!(session.sample_rate.is_none_or(|r| [8000, 16000, 24000].contains(&r)));
        let wavs = std::fs::read_dir(dir.path()).expect("dir").count();
        prop_assert!(wavs <= 2, "at most what was heard and what was sent: {wavs}");
    }
}
