//! Inspector: webhooks sent to the app's listener appear in the Inspector as they
//! arrive, can be filtered, and show their request and response; a call-audio stream
//! appears as a session with its format, frames and key presses.

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::driver::{AppWindow, free_port, http_get};

fn post_json(port: u16, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[tokio::test]
async fn webhooks_appear_live_in_the_inspector_with_their_details() {
    let port = free_port();
    let window = AppWindow::launch(port).await;
    window.click("[data-testid=nav-inspector]").await;
    window.find("[data-testid=inspector-empty]").await;

    let answered = http_get(port, "/api/hume-twilio/vonage-voice-webhook/?to=447700900000&from=447700900001&uuid=leg-9&conversation_uuid=CON-9")
        .expect("answer");
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    let event = post_json(
        port,
        "/api/hume-twilio/vonage-event-callback/",
        r#"{"from":"447700900001","to":"447700900000","uuid":"leg-9","conversation_uuid":"CON-9","status":"ringing","direction":"inbound","timestamp":"2026-11-26T23:00:00.000Z"}"#,
    );
    assert!(event.starts_with("HTTP/1.1 200"), "{event}");

    window
        .wait_for_text("[data-testid=exchanges]", "ringing")
        .await;
    window
        .wait_for_text("[data-testid=exchanges]", "vonage-voice-webhook")
        .await;
    window
        .click("[data-testid=exchange-row][data-route=event] td:nth-child(3)")
        .await;
    let body = window
        .wait_for_text(
            "[data-testid=detail-request-body]",
            "\"status\": \"ringing\"",
        )
        .await;
    assert!(body.contains("leg-9"), "{body}");
    window.screenshot("inspector").await;

    // Replay it: a third exchange appears, kept like the others.
    window.click("[data-testid=replay]").await;
    window
        .find("[data-testid=exchanges] tbody tr:nth-child(3)")
        .await;

    window
        .click("select[data-testid=filter-route] option[value=answer]")
        .await;
    window
        .wait_gone("[data-testid=exchange-row][data-route=event]")
        .await;
    assert!(
        window
            .exists("[data-testid=exchange-row][data-route=answer]")
            .await
    );
    window.close().await;
}

#[tokio::test]
async fn a_call_audio_stream_session_appears_with_its_frames_and_keys() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;

    let port = free_port();
    let window = AppWindow::launch(port).await;
    window.click("[data-testid=nav-inspector]").await;
    window.click("[data-testid=tab-streams]").await;
    window.find("[data-testid=streams-empty]").await;

    let (mut socket, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws/vonage-stream/leg-77/"))
            .await
            .expect("the stream route accepts the WebSocket");
    socket
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000","caller":"447700900001"}"#,
        ))
        .await
        .expect("first message");
    let mut pace = tokio::time::interval(std::time::Duration::from_millis(20));
    for n in 0..60i16 {
        pace.tick().await;
        let frame: Vec<u8> = (0..320i16)
            .flat_map(|i| ((i * 97 + n) % 6000 - 3000).to_le_bytes())
            .collect();
        socket.send(Message::binary(frame)).await.expect("frame");
    }
    socket
        .send(Message::text(
            r#"{"event":"websocket:dtmf","digit":"7","duration":260}"#,
        ))
        .await
        .expect("key");
    socket.close(None).await.expect("close");

    window
        .wait_for_text("[data-testid=stream-frames]", "60")
        .await;
    window.wait_for_text("[data-testid=stream-dtmf]", "7").await;
    let card = window
        .find("[data-testid=stream-session]")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        card.contains("leg-77") && card.contains("audio/l16;rate=16000"),
        "{card}"
    );
    assert!(
        card.contains("caller"),
        "the first message's headers are shown: {card}"
    );
    window.screenshot("inspector-stream").await;
    window.close().await;
}
