//! The profile's listener settings through the real app: forwarding to a backend (a
//! small axum server standing in for the user's Django), replays straight to it,
//! listen-in on a live stream, its recording read and saved, and the stream reply.

use std::time::Duration;

use axum::{Json, Router, routing::get};
use callboard_core::{
    App,
    exchanges::{ExchangeFilter, RecordingSide, ReplayTarget},
    listener::{ForwardSettings, ListenerSettings},
};
use callboard_server::AudioReply;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::support::{free_port, open_app, serve_stand_in};

const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";
const STREAM: &str = "/ws/vonage-stream/leg-live/";

/// A backend whose answer NCCO streams from a `wss://` URL (the setup guide's mistake).
async fn backend() -> String {
    serve_stand_in(Router::new().route(
        ANSWER,
        get(|| async {
            Json(json!([{"action": "stream", "streamUrl": ["wss://backend.example/audio"]}]))
        }),
    ))
    .await
}

fn forwarding_to(base_url: &str) -> ListenerSettings {
    ListenerSettings {
        forward: ForwardSettings {
            enabled: true,
            base_url: base_url.into(),
            answer: true,
            event: true,
            fallback: true,
            stream: false,
        },
        reply: AudioReply::None,
        ..ListenerSettings::default()
    }
}

#[tokio::test]
async fn a_profile_forwards_to_its_backend_and_the_inspector_shows_what_it_answered() {
    let port = free_port();
    let (app, dir) = open_app(port);
    app.start().await.expect("start");
    let backend = backend().await;
    let state = app
        .listener_save(forwarding_to(&format!("{backend}/")))
        .await
        .expect("saved");
    assert_eq!(
        state.active_profile.listener.forward.base_url, backend,
        "kept without the trailing slash"
    );

    let served: Value = reqwest::get(format!("http://127.0.0.1:{port}{ANSWER}?uuid=leg-f"))
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(served[0]["streamUrl"][0], "wss://backend.example/audio");

    let rows = app
        .inspector_list(&ExchangeFilter::default())
        .expect("listed");
    let row = rows.first().expect("the exchange is kept");
    assert_eq!(
        row.forwarded_to.as_deref(),
        Some(format!("{backend}{ANSWER}?uuid=leg-f").as_str())
    );
    assert!(
        row.problems >= 1,
        "the list flags the backend's mistake: {row:?}"
    );
    let detail = app.inspector_get(row.id).expect("detail");
    let forwarded = detail.forwarded.expect("the forwarding report");
    assert!(
        forwarded
            .notes
            .iter()
            .any(|n| n.severity == "error" && n.path.starts_with("/0/streamUrl")),
        "{:?}",
        forwarded.notes
    );
    app.shutdown().await;

    // Nothing lost: the settings come back with the profile.
    let again = crate::support::reopen(crate::support::config(dir.path().join("data"), port));
    let state = again.state().await.expect("state");
    assert!(state.active_profile.listener.forward.enabled);
    assert_eq!(state.active_profile.listener.forward.base_url, backend);
}

#[tokio::test]
async fn bad_listener_settings_are_refused_and_the_saved_ones_kept() {
    let port = free_port();
    let (app, dir) = open_app(port);
    app.start().await.expect("start");
    let good = forwarding_to("http://127.0.0.1:8000");
    app.listener_save(good.clone()).await.expect("saved");

    let no_routes = ListenerSettings {
        forward: ForwardSettings {
            answer: false,
            event: false,
            fallback: false,
            stream: false,
            ..good.forward.clone()
        },
        ..good.clone()
    };
    let text_file = dir.path().join("notes.wav");
    std::fs::write(&text_file, "not audio").expect("write");
    for (settings, says) in [
        (
            forwarding_to(&format!("http://localhost:{port}")),
            "is Callboard's own listener",
        ),
        (forwarding_to("localhost:8000"), "must start with http://"),
        (forwarding_to(""), "Enter your backend's address"),
        (no_routes, "Choose at least one route"),
        (
            ListenerSettings {
                reply: AudioReply::Wav {
                    path: String::new(),
                },
                ..good.clone()
            },
            "Choose the WAV file",
        ),
        (
            ListenerSettings {
                reply: AudioReply::Wav {
                    path: text_file.display().to_string(),
                },
                ..good.clone()
            },
            "is not a WAV file Callboard can play",
        ),
    ] {
        let error = app
            .listener_save(settings)
            .await
            .expect_err(says)
            .to_string();
        assert!(error.contains(says), "{says}: {error}");
    }
    let state = app.state().await.expect("state");
    assert_eq!(state.active_profile.listener, good, "nothing changed");
    app.shutdown().await;
}

#[tokio::test]
async fn a_replay_goes_straight_to_the_backend_when_asked() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    reqwest::get(format!("http://127.0.0.1:{port}{ANSWER}?uuid=leg-r"))
        .await
        .expect("answered");
    let original = app
        .inspector_list(&ExchangeFilter::default())
        .expect("listed")[0]
        .id;
    let mut off = forwarding_to("");
    off.forward.enabled = false;
    app.listener_save(off).await.expect("saved");
    let error = app
        .inspector_replay(original, None, ReplayTarget::Backend)
        .await
        .expect_err("no backend yet")
        .to_string();
    assert!(error.contains("Set your backend's address"), "{error}");

    let backend = backend().await;
    let mut off = forwarding_to(&backend);
    off.forward.enabled = false;
    app.listener_save(off).await.expect("saved");
    let replayed = app
        .inspector_replay(original, None, ReplayTarget::Backend)
        .await
        .expect("replayed");
    assert_eq!(
        replayed.forwarded_to,
        Some(format!("{backend}{ANSWER}?uuid=leg-r")),
        "sent to the backend although forwarding is off"
    );
    let detail = app.inspector_get(replayed.id).expect("detail");
    assert!(detail.response_body.contains("wss://backend.example/audio"));
    app.shutdown().await;
}

async fn live_session(app: &App) -> String {
    for _ in 0..100 {
        if let Some(session) = app
            .inspector_streams(Some("leg-live"))
            .expect("streams")
            .into_iter()
            .find(|s| s.ended_at_ms.is_none())
        {
            return session.id;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the stream session never showed up");
}

#[tokio::test]
async fn a_live_stream_is_heard_and_its_recording_read_and_saved() {
    let port = free_port();
    let (app, dir) = open_app(port);
    app.start().await.expect("start");
    let mut tone = forwarding_to("http://127.0.0.1:8000");
    tone.forward.enabled = false;
    tone.reply = AudioReply::Tone;
    app.listener_save(tone).await.expect("saved");

    let (mut vonage, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}{STREAM}"))
            .await
            .expect("connects");
    vonage
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#,
        ))
        .await
        .expect("first");
    let id = live_session(&app).await;
    let mut heard = app.stream_listen(&id).expect("live, so it can be heard");
    for n in 1..=5u8 {
        vonage
            .send(Message::binary(vec![n; 640]))
            .await
            .expect("frame");
    }
    for n in 1..=5u8 {
        let frame = tokio::time::timeout(Duration::from_secs(2), heard.recv())
            .await
            .expect("in time")
            .expect("a frame");
        assert_eq!(frame, vec![n; 640], "what the caller said, in order");
    }
    let reply = loop {
        match tokio::time::timeout(Duration::from_secs(2), vonage.next()).await {
            Ok(Some(Ok(Message::Binary(frame)))) => break frame,
            Ok(Some(Ok(_))) => {}
            other => panic!("no reply: {other:?}"),
        }
    };
    assert_eq!(reply.len(), 640, "the tone, in 20 ms frames at 16 kHz");
    assert!(reply.iter().any(|b| *b != 0), "a tone, not silence");
    vonage.close(None).await.expect("close");

    for _ in 0..100 {
        if app
            .inspector_streams(Some("leg-live"))
            .expect("streams")
            .iter()
            .all(|s| s.ended_at_ms.is_some())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        heard.recv().await.is_none(),
        "listening ends with the stream"
    );
    let error = app.stream_listen(&id).expect_err("ended").to_string();
    assert!(error.contains("has ended"), "{error}");

    let wav = app
        .recording_read(&id, RecordingSide::Received)
        .expect("a recording");
    assert_eq!(&wav[..4], b"RIFF");
    let saved = dir.path().join("copy.wav");
    app.recording_save(&id, RecordingSide::Received, &saved.display().to_string())
        .expect("saved");
    let reader = hound::WavReader::open(&saved).expect("a WAV");
    assert_eq!(reader.len(), 5 * 320, "every sample the caller sent");

    let session = app.inspector_streams(Some("leg-live")).expect("streams")[0].clone();
    assert!(session.frames_sent > 0, "the tone went out: {session:?}");
    let sent = dir.path().join("sent.wav");
    app.recording_save(&id, RecordingSide::Sent, &sent.display().to_string())
        .expect("the tone was recorded too");
    let reader = hound::WavReader::open(&sent).expect("a WAV");
    assert_eq!(
        i64::from(reader.len()),
        session.frames_sent * 320,
        "every frame sent back is in its own recording"
    );

    let error = app
        .recording_save(
            &id,
            RecordingSide::Received,
            &dir.path().join("no/such/dir/x.wav").display().to_string(),
        )
        .expect_err("unwritable")
        .to_string();
    assert!(error.contains("cannot be written"), "{error}");
    assert!(
        app.recording_read("no-such-session", RecordingSide::Received)
            .is_err()
    );
    app.shutdown().await;
}
