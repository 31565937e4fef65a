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
async fn a_storage_failure_shows_in_the_status_bar_until_storing_works_again() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let database = data_dir.path().join("callboard.sqlite3");
    let port = free_port();
    let window = AppWindow::launch_in(data_dir, port).await;
    window.click("[data-testid=nav-inspector]").await;
    let event = "/api/hume-twilio/vonage-event-callback/";
    let body = r#"{"status":"ringing","uuid":"leg-disk"}"#;
    assert!(post_json(port, event, body).starts_with("HTTP/1.1 200"));
    window
        .wait_for_text("[data-testid=inspector-kept]", "1 kept")
        .await;

    // The disk fills up: Vonage is told to retry, and the window says why.
    let connection = rusqlite::Connection::open(&database).expect("the app's database");
    connection
        .execute_batch("CREATE TRIGGER full_disk BEFORE INSERT ON exchanges BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
        .expect("trigger");
    assert!(post_json(port, event, body).starts_with("HTTP/1.1 503"));
    let shown = window
        .wait_for_text("[data-testid=status-storage]", "not being stored")
        .await;
    assert!(
        shown.contains("disk is full"),
        "the cause in plain words: {shown}"
    );
    window.screenshot("storage-failure").await;

    connection
        .execute_batch("DROP TRIGGER full_disk;")
        .expect("drop");
    assert!(post_json(port, event, body).starts_with("HTTP/1.1 200"));
    window.wait_gone("[data-testid=status-storage]").await;
    window
        .wait_for_text("[data-testid=inspector-kept]", "2 kept")
        .await;
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

/// A stand-in for the user's backend: answers every request with an NCCO whose `stream`
/// action points at a `wss://` URL, the setup guide's classic mistake. Its base URL.
fn mistaken_backend() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let body = r#"[{"action":"stream","streamUrl":["wss://backend.example/audio"]}]"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn forwarding_to_a_backend_shows_what_it_answered_and_what_is_wrong() {
    let port = free_port();
    let backend = mistaken_backend();
    let window = AppWindow::launch(port).await;
    window.click("[data-testid=nav-inspector]").await;
    window
        .wait_for_text(
            "[data-testid=answering-summary]",
            "Answering with the active NCCO",
        )
        .await;
    window.click("[data-testid=listener-settings-toggle]").await;
    window.click("[data-testid=forward-enabled]").await;
    window
        .type_into(
            "[data-testid=forward-base]",
            &format!("http://127.0.0.1:{port}"),
        )
        .await;
    window.click("[data-testid=listener-settings-save]").await;
    window
        .wait_for_text(
            "[data-testid=listener-settings-error]",
            "is Callboard's own listener",
        )
        .await;
    window.screenshot("listener-settings").await;
    window
        .type_into("[data-testid=forward-base]", &backend)
        .await;
    window.click("[data-testid=listener-settings-save]").await;
    window
        .wait_for_text(
            "[data-testid=answering-summary]",
            &format!("Forwarding every route to {backend}"),
        )
        .await;

    let answered =
        http_get(port, "/api/hume-twilio/vonage-voice-webhook/?uuid=leg-fw").expect("answer");
    assert!(
        answered.contains("wss://backend.example/audio"),
        "Vonage gets the backend's NCCO: {answered}"
    );
    window
        .wait_for_text("[data-testid=row-forwarded]", "1 problem")
        .await;
    window
        .click("[data-testid=exchange-row][data-route=answer] td:nth-child(3)")
        .await;
    let note = window
        .wait_for_text("[data-testid=forward-note]", "/0/streamUrl")
        .await;
    assert!(note.contains("Vonage would refuse this"), "{note}");
    window.screenshot("inspector-forwarded").await;

    // Replayed straight to the backend: a second forwarded exchange.
    window.click("[data-testid=replay-backend]").await;
    window
        .find("[data-testid=exchanges] tbody tr:nth-child(2) [data-testid=row-forwarded]")
        .await;
    window.close().await;
}

#[tokio::test]
async fn a_live_stream_is_listened_to_and_its_recording_played() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;

    let port = free_port();
    let window = AppWindow::launch(port).await;
    window.click("[data-testid=nav-inspector]").await;
    window.click("[data-testid=tab-streams]").await;

    let (mut socket, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws/vonage-stream/leg-88/"))
            .await
            .expect("connects");
    socket
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=8000"}"#,
        ))
        .await
        .expect("first message");
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let caller = tokio::spawn(async move {
        let mut pace = tokio::time::interval(std::time::Duration::from_millis(20));
        let mut sent = 0u32;
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                _ = pace.tick() => {
                    let frame: Vec<u8> = (0..160i32)
                        .flat_map(|i| i16::try_from((i * 211) % 8000 - 4000).expect("in range").to_le_bytes())
                        .collect();
                    socket.send(Message::binary(frame)).await.expect("frame");
                    sent += 1;
                }
            }
        }
        socket.close(None).await.expect("close");
        sent
    });

    window.click("[data-testid=stream-listen]").await;
    let started = std::time::Instant::now();
    loop {
        let heard = window
            .wait_for_text("[data-testid=stream-heard]", "frames heard")
            .await;
        let count: u32 = heard
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if count >= 25 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the window hears too little: {heard}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    window.screenshot("inspector-listening").await;
    stop.send(()).expect("the caller is still sending");
    let sent = caller.await.expect("the caller finishes");

    window
        .click("[data-testid=recording-received] [data-testid=recording-play]")
        .await;
    // Decoded and playing on the speakers (Web Audio), as long as the frames sent.
    let length = window
        .wait_for_text(
            "[data-testid=recording-received] [data-testid=recording-play-length]",
            "Play",
        )
        .await;
    assert!(
        length.ends_with(&format!("· {:.1} s", f64::from(sent) * 0.02)),
        "the recording holds every frame sent: {length}"
    );
    window.close().await;
}
