//! `callboard-cli serve --flow` and `check` on a flow, as the README shows them: the
//! real binary serving `examples/flows/keypad-menu.json`, answered by hand as Vonage
//! would call it (the answer request, then input results POSTed to the eventUrl it
//! served: "1", "2", a timeout, an unknown key), each exchange's line naming the step.

use std::io::{BufRead, BufReader, Lines};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/flows/keypad-menu.json")
}

struct Served {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    base: String,
}

impl Served {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
            .args(["serve", "--port", "0", "--flow"])
            .arg(example())
            .stdout(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first: Value =
            serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON");
        let base = first["listening"].as_str().expect("address").to_owned();
        Self { child, lines, base }
    }

    /// The next exchange line.
    fn exchange(&mut self) -> Value {
        serde_json::from_str(&self.lines.next().expect("a line").expect("read")).expect("JSON")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Answers the call `uuid` and returns the input's eventUrl it served.
async fn answer(served: &mut Served, uuid: &str) -> String {
    let ncco: Value = reqwest::get(format!(
        "{}/api/hume-twilio/vonage-voice-webhook/?uuid={uuid}&from=447700900000&to=447700900099&conversation_uuid=CON-{uuid}",
        served.base
    ))
    .await
    .expect("answered")
    .json()
    .await
    .expect("an NCCO");
    assert!(
        ncco[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("Press 1 for sales, or 2 for support")),
        "{ncco}"
    );
    let line = served.exchange();
    assert_eq!(line["flow"]["why"], "call answered → Menu");
    ncco[1]["eventUrl"][0]
        .as_str()
        .expect("the input's eventUrl")
        .to_owned()
}

/// POSTs an input result as Vonage does; the NCCO answered and the exchange's line.
async fn post_result(
    served: &mut Served,
    url: &str,
    uuid: &str,
    digits: &str,
    timed_out: bool,
) -> (Value, Value) {
    let body = json!({"speech": {"results": []}, "dtmf": {"digits": digits, "timed_out": timed_out},
        "from": "447700900000", "to": "447700900099", "uuid": uuid, "conversation_uuid": format!("CON-{uuid}"),
        "timestamp": "2026-12-01T14:00:00.000Z"});
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let ncco = response.json().await.expect("an NCCO");
    (ncco, served.exchange())
}

fn spoken(ncco: &Value) -> String {
    ncco.as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["text"].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn serves_the_keypad_menu_to_webhooks_sent_by_hand() {
    let mut served = Served::start();

    let url = answer(&mut served, "leg-1").await;
    assert!(
        url.starts_with(&served.base) && url.ends_with("/menu/input"),
        "{url}"
    );
    let (ncco, line) = post_result(&mut served, &url, "leg-1", "1", false).await;
    assert!(spoken(&ncco).contains("sales"), "{ncco}");
    assert_eq!(ncco[1]["action"], "connect");
    assert_eq!(ncco[1]["endpoint"][0]["number"], "447700900001");
    assert_eq!(line["route"], "flow");
    assert_eq!(line["call_uuid"], "leg-1");
    assert_eq!(line["flow"]["why"], "pressed 1 → Sales");

    let url = answer(&mut served, "leg-2").await;
    let (ncco, line) = post_result(&mut served, &url, "leg-2", "2", false).await;
    assert!(spoken(&ncco).contains("support"), "{ncco}");
    assert_eq!(ncco[1]["action"], "record");
    assert_eq!(line["flow"]["why"], "pressed 2 → Support");

    let url = answer(&mut served, "leg-3").await;
    let (ncco, line) = post_result(&mut served, &url, "leg-3", "", true).await;
    assert!(
        spoken(&ncco).contains("Press 1 for sales"),
        "the menu again: {ncco}"
    );
    assert_eq!(line["flow"]["why"], "no input → Menu");
    let (_, _) = post_result(&mut served, &url, "leg-3", "", true).await;
    let (ncco, line) = post_result(&mut served, &url, "leg-3", "", true).await;
    assert!(
        spoken(&ncco).contains("Goodbye"),
        "3 times in all, then goodbye: {ncco}"
    );
    assert_eq!(line["flow"]["step"], "goodbye");

    let url = answer(&mut served, "leg-4").await;
    let (ncco, line) = post_result(&mut served, &url, "leg-4", "7", false).await;
    assert!(spoken(&ncco).contains("Sorry, I didn't get that"), "{ncco}");
    assert_eq!(line["flow"]["why"], "pressed 7 → Sorry");
    let next = ncco[1]["eventUrl"][0]
        .as_str()
        .expect("the notify asks for the menu again");
    let response: Value = reqwest::Client::new()
        .post(next)
        .json(&json!({"callboard": "next", "uuid": "leg-4"}))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("an NCCO");
    assert!(spoken(&response).contains("Press 1 for sales"));
    assert_eq!(served.exchange()["flow"]["why"], "after Sorry → Menu");
}

#[tokio::test]
async fn a_result_vonage_would_never_send_gets_a_safe_ncco_and_is_flagged() {
    let mut served = Served::start();
    let url = answer(&mut served, "leg-1").await;
    let client = reqwest::Client::new();
    for (body, content_type) in [
        ("not json at all", "application/json"),
        (r#"{"uuid":"leg-1"}"#, "application/json"),
        (
            r#"{"uuid":"leg-1","dtmf":{"digits":"12345678901234567890123","timed_out":false}}"#,
            "application/json",
        ),
        (
            r#"{"uuid":"leg-1","dtmf":{"digits":"1;DROP","timed_out":false}}"#,
            "text/plain",
        ),
    ] {
        let response = client
            .post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("answered");
        assert_eq!(
            response.status(),
            200,
            "never a 5xx or 4xx that ends the call: {body}"
        );
        let ncco: Value = response.json().await.expect("never an empty answer");
        assert_eq!(ncco[0]["text"], "Sorry, something went wrong.", "{body}");
        let line = served.exchange();
        assert!(line["flow"]["problem"].is_string(), "flagged: {line}");
    }
    let stale = format!("{}/callboard/flow/another-flow/menu/input", served.base);
    let response = client
        .post(&stale)
        .json(&json!({"uuid": "leg-1"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let ncco: Value = response.json().await.expect("an NCCO");
    assert_eq!(
        ncco,
        json!([{"action": "talk", "text": "Sorry, something went wrong."}])
    );
    assert!(
        served.exchange()["flow"]["problem"]
            .as_str()
            .is_some_and(|p| p.contains("another-flow"))
    );
}

#[tokio::test]
async fn an_input_with_event_method_get_is_answered_from_the_query() {
    let mut served = Served::start();
    let url = answer(&mut served, "leg-1").await;
    let url = reqwest::Url::parse_with_params(
        &url,
        [
            ("uuid", "leg-1"),
            ("dtmf", r#"{"digits":"2","timed_out":false}"#),
            ("speech", r#"{"results":[]}"#),
        ],
    )
    .expect("url");
    let ncco: Value = reqwest::get(url)
        .await
        .expect("answered")
        .json()
        .await
        .expect("an NCCO");
    assert!(spoken(&ncco).contains("support"), "{ncco}");
    assert_eq!(served.exchange()["flow"]["why"], "pressed 2 → Support");
}

fn check(file: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .arg("check")
        .arg(file)
        .output()
        .expect("runs")
}

#[test]
fn check_reads_a_flow_file_with_the_same_exit_codes() {
    let output = check(&example());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    let dir = tempfile::tempdir().expect("dir");
    let broken = dir.path().join("broken.json");
    let mut flow: Value =
        serde_json::from_str(&std::fs::read_to_string(example()).expect("read")).expect("JSON");
    flow["steps"][0]["branches"][0]["to"] = json!("deleted");
    flow["steps"][0]["branches"][1]["when"]["keys"] = json!("22");
    std::fs::write(&broken, flow.to_string()).expect("write");
    let output = check(&broken);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("step menu, branch 1") && text.contains("“deleted”"),
        "{text}"
    );
    assert!(
        text.contains("step menu, branch 2") && text.contains("at most 1"),
        "{text}"
    );

    let not_a_flow = dir.path().join("shape.json");
    std::fs::write(&not_a_flow, r#"{"name": "x", "steps": [{"id": "a"}]}"#).expect("write");
    let output = check(&not_a_flow);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("not a flow"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
