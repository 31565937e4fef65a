//! `callboard-cli serve` as people run it: the real binary serves the NCCO with each
//! call's placeholders, prints every exchange as a JSON line, and refuses a bad NCCO.

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
