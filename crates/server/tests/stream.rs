//! The call-audio WebSocket over a real socket on loopback, as Vonage drives it: the
//! published first message, 20 ms frames, a key press; then what a session reports,
//! the WAV it records, mis-sized frames flagged, and the echo reply.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use callboard_server::{
    ActiveNcco, AudioReply, Discard, Listener, Probes, Services, StreamOptions, StreamSession,
    StreamSink, WebhookPaths, router,
};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

#[derive(Default)]
struct Sessions(Mutex<Vec<StreamSession>>);

impl StreamSink for Sessions {
    async fn update(&self, session: &StreamSession) {
        self.0.lock().expect("lock").push(session.clone());
    }
}

impl Sessions {
    fn last(&self) -> Option<StreamSession> {
        self.0.lock().expect("lock").last().cloned()
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../../shared/fixtures/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

async fn listen(sessions: Arc<Sessions>, options: StreamOptions) -> Listener {
    let services = Services {
        ncco: ActiveNcco::new(
            serde_json::json!([{"action": "talk", "text": "hi"}]),
            "http://127.0.0.1",
        ),
        probes: Probes::default(),
        exchanges: Arc::new(Discard),
        streams: sessions,
        stream: options,
        signatures: callboard_server::SignaturePolicy::default(),
        forward: callboard_server::Forwarding::default(),
        taps: callboard_server::Taps::default(),
    };
    Listener::start(
        ([127, 0, 0, 1], 0).into(),
        router(&WebhookPaths::default(), services),
    )
    .await
    .expect("binds")
}

async fn ended(sessions: &Sessions) -> StreamSession {
    for _ in 0..100 {
        if let Some(session) = sessions.last().filter(|s| s.ended_at_ms.is_some()) {
            return session;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the session never ended: {:?}", sessions.last());
}

#[tokio::test]
async fn a_vonage_style_stream_is_measured_and_recorded() {
    let dir = tempfile::tempdir().expect("dir");
    let sessions = Arc::new(Sessions::default());
    let listener = listen(
        sessions.clone(),
        StreamOptions {
            record_dir: Some(dir.path().to_owned()),
            reply: AudioReply::None.into(),
        },
    )
    .await;
    let url = format!("ws://{}/ws/vonage-stream/leg-1/", listener.local_addr());
    let (mut socket, response) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("Vonage's handshake is accepted");
    assert_eq!(response.status(), 101);

    socket
        .send(Message::text(fixture(
            "websocket-first-message-generic.json",
        )))
        .await
        .expect("first message");
    let mut pace = tokio::time::interval(Duration::from_millis(20));
    for n in 0..50i16 {
        pace.tick().await;
        let frame: Vec<u8> = (0..320i16)
            .flat_map(|i| ((i * 64 + n) % 4000).to_le_bytes())
            .collect();
        socket.send(Message::binary(frame)).await.expect("frame");
    }
    socket
        .send(Message::text(fixture("websocket-dtmf-message.json")))
        .await
        .expect("dtmf");
    // The caller's audio stalls for 200 ms: a gap the session must notice.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..3 {
        pace.tick().await;
        socket
            .send(Message::binary(vec![0u8; 320]))
            .await
            .expect("a frame sized for 8 kHz");
    }
    socket.close(None).await.expect("close");

    let session = ended(&sessions).await;
    assert_eq!(session.call_uuid, "leg-1");
    assert_eq!(
        (session.content_type.as_deref(), session.sample_rate),
        (Some("audio/l16;rate=16000"), Some(16_000))
    );
    assert_eq!(
        session.headers.get("prop1").and_then(|v| v.as_str()),
        Some("value1"),
        "custom headers are kept"
    );
    assert_eq!(session.frames, 53);
    assert_eq!(
        (session.mis_sized_frames, session.last_mis_sized),
        (3, Some((320, 640)))
    );
    assert!(
        session
            .notes
            .iter()
            .any(|n| n.contains("Frames of 320 bytes") && n.contains("640")),
        "{:?}",
        session.notes
    );
    assert_eq!(session.dtmf, "5");
    assert!(
        session.gaps >= 1 && session.longest_gap_ms >= 200,
        "the 200 ms stall is a gap: {session:?}"
    );

    let recording = session.recording.expect("a recording");
    let reader = hound::WavReader::open(&recording).expect("a valid WAV");
    assert_eq!(
        (
            reader.spec().sample_rate,
            reader.spec().channels,
            reader.spec().bits_per_sample
        ),
        (16_000, 1, 16)
    );
    assert_eq!(
        reader.len(),
        50 * 320 + 3 * 160,
        "every sample received is in the file"
    );
    listener.shutdown().await;
}

#[tokio::test]
async fn echo_sends_the_audio_back_in_20_ms_frames() {
    let sessions = Arc::new(Sessions::default());
    let listener = listen(
        sessions.clone(),
        StreamOptions {
            record_dir: None,
            reply: AudioReply::Echo.into(),
        },
    )
    .await;
    let url = format!("ws://{}/ws/vonage-stream/leg-2/", listener.local_addr());
    let (mut socket, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    socket
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=8000"}"#,
        ))
        .await
        .expect("first");
    let frame = vec![7u8; 320];
    for _ in 0..5 {
        socket
            .send(Message::binary(frame.clone()))
            .await
            .expect("frame");
    }
    let mut echoed = 0;
    while echoed < 5 {
        match tokio::time::timeout(Duration::from_secs(2), socket.next()).await {
            Ok(Some(Ok(Message::Binary(data)))) => {
                assert_eq!(
                    data.as_ref(),
                    frame.as_slice(),
                    "the same 20 ms frame comes back"
                );
                echoed += 1;
            }
            Ok(Some(Ok(_))) => {}
            other => panic!("no echo: {other:?}"),
        }
    }
    socket.close(None).await.expect("close");
    assert_eq!(ended(&sessions).await.frames, 5);
    listener.shutdown().await;
}

#[tokio::test]
async fn a_stream_that_skips_the_first_message_or_sends_rubbish_is_flagged_not_dropped() {
    let sessions = Arc::new(Sessions::default());
    let listener = listen(sessions.clone(), StreamOptions::default()).await;
    let url = format!("ws://{}/ws/vonage-stream/leg-3/", listener.local_addr());
    let (mut socket, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    socket
        .send(Message::binary(vec![1u8; 640]))
        .await
        .expect("audio first");
    socket
        .send(Message::text("not json"))
        .await
        .expect("rubbish");
    // Vonage's answers to an application's clear and notify are known, not flagged.
    for known in [
        r#"{"event":"websocket:cleared"}"#,
        r#"{"event":"websocket:notify","payload":{"customKey":"customValue"}}"#,
    ] {
        socket.send(Message::text(known)).await.expect("known");
    }
    socket
        .send(Message::binary(vec![1u8; 640]))
        .await
        .expect("more audio");
    socket.close(None).await.expect("close");
    let session = ended(&sessions).await;
    assert_eq!(session.frames, 2, "the session went on");
    assert!(
        session
            .notes
            .iter()
            .any(|n| n.contains("before the websocket:connected")),
        "{:?}",
        session.notes
    );
    assert_eq!(
        session
            .notes
            .iter()
            .filter(|n| n.contains("does not know"))
            .count(),
        1,
        "only the rubbish: {:?}",
        session.notes
    );
    listener.shutdown().await;
}

/// Opens a stream on `listener` for `leg` and sends `first` as its first message.
async fn open_stream(
    listener: &Listener,
    leg: &str,
    first: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let url = format!("ws://{}/ws/vonage-stream/{leg}/", listener.local_addr());
    let (mut socket, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    socket.send(Message::text(first)).await.expect("first");
    socket
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).expect("dir").count()
}

#[tokio::test]
async fn a_rate_vonage_never_uses_is_a_note_with_nothing_recorded_or_sent_back() {
    for rate in ["0", "4000000000", "44100", "-1", "abc"] {
        let dir = tempfile::tempdir().expect("dir");
        let sessions = Arc::new(Sessions::default());
        let listener = listen(
            sessions.clone(),
            StreamOptions {
                record_dir: Some(dir.path().to_owned()),
                reply: AudioReply::Tone.into(),
            },
        )
        .await;
        let first =
            format!(r#"{{"event":"websocket:connected","content-type":"audio/l16;rate={rate}"}}"#);
        let mut socket = open_stream(&listener, "leg-rate", &first).await;
        for _ in 0..5 {
            socket
                .send(Message::binary(vec![1u8; 640]))
                .await
                .expect("frame");
        }
        // Anything sent back would arrive within a few 20 ms ticks.
        let back = tokio::time::timeout(Duration::from_millis(300), async {
            loop {
                match socket.next().await {
                    Some(Ok(Message::Binary(_))) => return true,
                    Some(Ok(_)) => {}
                    _ => return false,
                }
            }
        })
        .await;
        assert_eq!(back.ok(), None, "rate={rate}: no audio is sent back");
        socket.close(None).await.expect("close");
        let session = ended(&sessions).await;
        assert_eq!(session.sample_rate, None, "rate={rate} is not believed");
        assert_eq!(
            (
                session.frames,
                session.frames_sent,
                session.recording.as_deref()
            ),
            (5, 0, None),
            "rate={rate}: frames counted, none sent, nothing recorded"
        );
        assert!(
            session
                .notes
                .iter()
                .any(|n| n.contains("8000, 16000 or 24000")),
            "rate={rate}: {:?}",
            session.notes
        );
        assert_eq!(files_in(dir.path()), 0, "rate={rate}: no file left behind");
        listener.shutdown().await;
    }
}

#[tokio::test]
async fn a_message_over_64_kib_closes_the_socket_with_1009() {
    let sessions = Arc::new(Sessions::default());
    let listener = listen(sessions.clone(), StreamOptions::default()).await;
    let mut socket = open_stream(
        &listener,
        "leg-big",
        r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#,
    )
    .await;
    let _ = socket.send(Message::binary(vec![0u8; 1024 * 1024])).await;
    let close = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame,
                Some(Ok(_)) => {}
                other => panic!("the socket ended without a close frame: {other:?}"),
            }
        }
    })
    .await
    .expect("the listener answers at once");
    let close = close.expect("a close frame with a code");
    assert_eq!(u16::from(close.code), 1009, "1009 is 'message too big'");
    let session = ended(&sessions).await;
    assert!(
        session.notes.iter().any(|n| n.contains("over 64 KiB")),
        "{:?}",
        session.notes
    );
    listener.shutdown().await;
}

/// This process's resident memory, in bytes (Linux).
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmRSS")
        * 1024
}

#[tokio::test]
async fn floods_of_keys_notes_and_first_messages_are_capped_and_memory_stays_flat() {
    let dir = tempfile::tempdir().expect("dir");
    let sessions = Arc::new(Sessions::default());
    let listener = listen(
        sessions.clone(),
        StreamOptions {
            record_dir: Some(dir.path().to_owned()),
            reply: AudioReply::None.into(),
        },
    )
    .await;
    let first = r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#;
    let mut socket = open_stream(&listener, "leg-flood", first).await;
    let before = resident_bytes();
    let digit = r#"{"event":"websocket:dtmf","digit":"1","duration":250}"#;
    let long_digit = format!(
        r#"{{"event":"websocket:dtmf","digit":"{}","duration":250}}"#,
        "9".repeat(50_000)
    );
    let unknown = format!(r#"{{"event":"nonsense","pad":"{}"}}"#, "x".repeat(60_000));
    for round in 0..2_000 {
        socket.send(Message::text(digit)).await.expect("digit");
        if round % 4 == 0 {
            socket
                .send(Message::text(long_digit.as_str()))
                .await
                .expect("long digit");
            socket
                .send(Message::text(unknown.as_str()))
                .await
                .expect("unknown");
            socket
                .send(Message::text(first))
                .await
                .expect("first again");
        }
    }
    socket.close(None).await.expect("close");
    let session = ended(&sessions).await;
    let grown = resident_bytes().saturating_sub(before);
    assert_eq!(session.dtmf, "1".repeat(256), "keys are kept up to 256");
    assert!(
        session.notes.len() <= 32,
        "at most 32 notes: {}",
        session.notes.len()
    );
    assert!(
        session
            .notes
            .last()
            .is_some_and(|n| n.contains("more notes were not kept")),
        "the last note counts what was dropped: {:?}",
        session.notes.last()
    );
    assert!(
        session.notes.iter().all(|n| n.len() < 400),
        "a note never holds a whole message"
    );
    assert_eq!(
        files_in(dir.path()),
        1,
        "a repeated websocket:connected does not start another recording"
    );
    assert!(
        grown < 16 * 1024 * 1024,
        "55 MB of hostile text left {grown} bytes resident"
    );
    listener.shutdown().await;
}
