//! `callboard-cli serve` as people run it: the real binary serves the NCCO with each
//! call's placeholders, prints every exchange as a JSON line, refuses a bad NCCO or
//! forward address, forwards to a backend with its answer reviewed, and records streams.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[tokio::test]
async fn serves_the_ncco_and_prints_each_exchange_as_a_json_line() {
    let dir = tempfile::tempdir().expect("dir");
    let ncco = dir.path().join("ncco.json");
    std::fs::write(&ncco, r#"[{"action":"talk","text":"Hello {from}"}]"#).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["serve", "--port", "0", "--ncco"])
        .arg(&ncco)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first: serde_json::Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
    let base = first["listening"].as_str().expect("address").to_owned();

    let answer = reqwest::get(format!(
        "{base}/api/hume-twilio/vonage-voice-webhook/?from=447700900001&uuid=leg-1"
    ))
    .await
    .expect("answered");
    let ncco: serde_json::Value = answer.json().await.expect("NCCO");
    assert_eq!(ncco[0]["text"], "Hello 447700900001");

    let exchange: serde_json::Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
    assert_eq!(exchange["route"], "answer");
    assert_eq!(exchange["call_uuid"], "leg-1");
    assert_eq!(exchange["status"], 200);
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(child.wait().expect("exits").success());
}

#[test]
fn refuses_an_ncco_vonage_would_reject() {
    let dir = tempfile::tempdir().expect("dir");
    let ncco = dir.path().join("ncco.json");
    std::fs::File::create(&ncco)
        .and_then(|mut f| {
            f.write_all(br#"[{"action":"stream","streamUrl":["wss://a.example/s"]}]"#)
        })
        .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["serve", "--port", "0", "--ncco"])
        .arg(&ncco)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stream plays an audio file"), "{stderr}");
}

/// A backend answering every request with an NCCO that streams from a `wss://` URL.
fn mistaken_backend() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut request);
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
async fn forwards_to_a_backend_and_records_streams_when_asked() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;

    let dir = tempfile::tempdir().expect("dir");
    let ncco = dir.path().join("ncco.json");
    std::fs::write(&ncco, r#"[{"action":"talk","text":"own"}]"#).expect("write");
    let recordings = dir.path().join("wav");
    let backend = mistaken_backend();
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args([
            "serve",
            "--port",
            "0",
            "--forward",
            &backend,
            "--record-dir",
        ])
        .arg(&recordings)
        .arg("--ncco")
        .arg(&ncco)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first: serde_json::Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
    assert_eq!(first["forward"], backend.as_str());
    let base = first["listening"].as_str().expect("address").to_owned();

    let served = reqwest::get(format!(
        "{base}/api/hume-twilio/vonage-voice-webhook/?uuid=leg-2"
    ))
    .await
    .expect("answered")
    .text()
    .await
    .expect("body");
    assert!(served.contains("wss://backend.example/audio"), "{served}");
    let exchange: serde_json::Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
    let notes = exchange["forwarded"]["notes"].as_array().expect("notes");
    assert!(
        notes.iter().any(|n| n["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("/0/streamUrl"))),
        "{exchange}"
    );

    drop(lines);
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(child.wait().expect("exits").success());

    // Recording: a stream the server answers itself is kept as a WAV in --record-dir.
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["serve", "--port", "0", "--record-dir"])
        .arg(&recordings)
        .arg("--ncco")
        .arg(&ncco)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first: serde_json::Value =
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
    let ws = first["listening"]
        .as_str()
        .expect("address")
        .replace("http://", "ws://");
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("{ws}/ws/vonage-stream/leg-3/"))
        .await
        .expect("connects");
    socket
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=8000"}"#,
        ))
        .await
        .expect("first");
    for _ in 0..5 {
        socket
            .send(Message::binary(vec![1u8; 320]))
            .await
            .expect("frame");
    }
    socket.close(None).await.expect("close");
    let ended = loop {
        let line: serde_json::Value =
            serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
        if line.get("stream").is_some() {
            break line;
        }
    };
    let recording = ended["stream"]["recording"].as_str().expect("recorded");
    assert!(recording.starts_with(&recordings.display().to_string()));
    assert!(std::path::Path::new(recording).exists());
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(child.wait().expect("exits").success());
}

#[test]
fn a_forward_address_that_is_not_a_url_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let ncco = dir.path().join("ncco.json");
    std::fs::write(&ncco, r#"[{"action":"talk","text":"own"}]"#).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args([
            "serve",
            "--port",
            "0",
            "--forward",
            "localhost:8000",
            "--ncco",
        ])
        .arg(&ncco)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--forward") && stderr.contains("http://"),
        "{stderr}"
    );
}
