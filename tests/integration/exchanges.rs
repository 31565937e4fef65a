//! Exchanges through the app's real listener over HTTP, with Vonage's published payloads.

use callboard_core::exchanges::{ExchangeFilter, ReplayTarget};

use crate::support::{free_port, open_app};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../shared/fixtures/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";
const EVENT: &str = "/api/hume-twilio/vonage-event-callback/";

#[tokio::test]
async fn every_published_payload_is_answered_kept_and_listed() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();

    let query = fixture("answer-webhook-GET-querystring.txt");
    let query = query.trim().split_once('?').expect("query").1;
    let get = http
        .get(format!("{base}{ANSWER}?{query}"))
        .send()
        .await
        .expect("answer GET");
    assert_eq!(get.status(), 200);
    let post = http
        .post(format!("{base}{ANSWER}"))
        .header("content-type", "application/json")
        .body(fixture("answer-webhook-POST-body.json"))
        .send()
        .await
        .expect("answer POST");
    assert_eq!(post.status(), 200);

    let mut events = 0;
    for entry in std::fs::read_dir(format!(
        "{}/../../shared/fixtures/payloads",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("dir")
    {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !(name.starts_with("event-") && name.ends_with(".json")) {
            continue;
        }
        let response = http
            .post(format!("{base}{EVENT}"))
            .header("content-type", "application/json")
            .header("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature")
            .body(std::fs::read_to_string(&path).expect("read"))
            .send()
            .await
            .expect("event");
        assert_eq!(response.status(), 200, "{name}");
        events += 1;
    }
    assert!(events >= 6, "the published event samples ({events})");

    let all = app
        .inspector_list(&ExchangeFilter::default())
        .expect("list");
    assert_eq!(
        all.len(),
        2 + events,
        "every exchange was kept before it was answered"
    );
    let only_events = app
        .inspector_list(&ExchangeFilter {
            route: Some("event".into()),
            ..ExchangeFilter::default()
        })
        .expect("list");
    assert_eq!(only_events.len(), events);
    let call = app
        .inspector_list(&ExchangeFilter {
            call: Some("aaaaaaaa-bbbb-cccc-dddd-0123456789ab".into()),
            ..ExchangeFilter::default()
        })
        .expect("list");
    assert!(
        call.len() >= 2,
        "the answer GET and POST of the sample call: {call:#?}"
    );

    let detail = app.inspector_get(only_events[0].id).expect("detail");
    assert!(
        detail
            .request_headers
            .iter()
            .any(|(name, value)| name == "authorization" && value == "<redacted>")
    );
    assert!(!detail.request_body.is_empty());
    let answered = app
        .inspector_get(all.last().expect("first").id)
        .expect("detail");
    assert!(
        answered.response_body.starts_with("[{"),
        "the NCCO served is kept: {}",
        answered.response_body
    );
    app.shutdown().await;
}

/// The next storage change announced on `events`.
async fn storage_change(
    events: &mut tokio::sync::broadcast::Receiver<callboard_core::events::CoreEvent>,
) -> Option<String> {
    loop {
        let event = tokio::time::timeout(std::time::Duration::from_secs(5), events.recv())
            .await
            .expect("announced within 5 s")
            .expect("bus open");
        if let callboard_core::events::CoreEvent::StorageChanged { problem } = event {
            return problem;
        }
    }
}

#[tokio::test]
async fn a_storage_failure_answers_503_and_keeps_what_was_stored() {
    let (app, dir, port) = crate::support::started_on_free_port().await;
    let url = format!("http://127.0.0.1:{port}{EVENT}");
    let send = || {
        reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(r#"{"status":"answered","uuid":"u1"}"#)
            .send()
    };
    assert_eq!(send().await.expect("sent").status(), 200);

    let database =
        rusqlite::Connection::open(dir.path().join("data/callboard.sqlite3")).expect("open");
    database
        .execute_batch("CREATE TRIGGER full_disk BEFORE INSERT ON exchanges BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
        .expect("trigger");
    let mut events = app.subscribe();
    let refused = send().await.expect("sent");
    assert_eq!(
        refused.status(),
        503,
        "never a 200 for data not kept; Vonage retries a 503"
    );
    let told = storage_change(&mut events).await;
    assert!(
        told.as_deref()
            .is_some_and(|p| p.contains("disk is full") && p.contains("503")),
        "the window is told why: {told:?}"
    );
    let shown = app.state().await.expect("state").storage_problem;
    assert_eq!(shown, told, "and finds it in the state when it opens");

    database
        .execute_batch("DROP TRIGGER full_disk;")
        .expect("drop");
    assert_eq!(
        send().await.expect("sent").status(),
        200,
        "storing works again"
    );
    assert_eq!(
        storage_change(&mut events).await,
        None,
        "the window is told it recovered"
    );
    assert_eq!(app.state().await.expect("state").storage_problem, None);
    assert_eq!(
        app.inspector_list(&ExchangeFilter::default())
            .expect("list")
            .len(),
        2,
        "both kept, nothing lost"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_fallback_reason_is_listed_whether_posted_or_in_the_query() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let base = format!("http://127.0.0.1:{port}/api/hume-twilio/vonage-fallback/");
    let mut body: serde_json::Value =
        serde_json::from_str(&fixture("answer-webhook-POST-body.json")).expect("JSON");
    let added: serde_json::Value =
        serde_json::from_str(&fixture("fallback-added-fields.json")).expect("JSON");
    body.as_object_mut()
        .expect("object")
        .extend(added.as_object().expect("object").clone());
    let posted = reqwest::Client::new()
        .post(&base)
        .json(&body)
        .send()
        .await
        .expect("fallback POST");
    let ncco: serde_json::Value = posted.json().await.expect("an NCCO");
    assert_eq!(ncco[0]["action"], "talk");
    reqwest::get(format!("{base}?uuid=u2&reason=Connection%20timeout"))
        .await
        .expect("fallback GET");

    let listed = app
        .inspector_list(&ExchangeFilter {
            route: Some("fallback".into()),
            ..ExchangeFilter::default()
        })
        .expect("list");
    let reasons: Vec<Option<&str>> = listed.iter().map(|e| e.event_status.as_deref()).collect();
    assert_eq!(
        reasons,
        [Some("Connection timeout"), Some("Connection closed.")]
    );
    let explained: Vec<&str> = listed
        .iter()
        .filter_map(|e| e.explanation.as_deref())
        .collect();
    assert!(
        explained[0].contains("did not reply within its socket timeout")
            && explained[1].contains("could not connect to the answer URL"),
        "each reason in plain words: {explained:?}"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_408_and_nothing_stored_is_lost() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let ok = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}{EVENT}"))
        .header("content-type", "application/json")
        .body(r#"{"status":"started"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(ok.status(), 200);

    let mut stalled = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    stalled
        .write_all(format!("POST {EVENT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"status\":").as_bytes())
        .await
        .expect("half a request");
    let mut answer = String::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(15),
        stalled.read_to_string(&mut answer),
    )
    .await
    .expect("the server gives up before the client does")
    .expect("read");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(
        app.inspector_list(&ExchangeFilter::default())
            .expect("list")
            .len(),
        1,
        "the earlier exchange is still there"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn exchanges_export_as_json_lines_and_as_a_har_archive() {
    use callboard_core::exchange_export::ExportFormat;
    let port = free_port();
    let (app, dir) = open_app(port);
    app.start().await.expect("start");
    reqwest::get(format!(
        "http://127.0.0.1:{port}{ANSWER}?to=447700900000&uuid=leg-x"
    ))
    .await
    .expect("answer");
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}{EVENT}"))
        .header("content-type", "application/json")
        .body(r#"{"status":"completed","uuid":"leg-x"}"#)
        .send()
        .await
        .expect("event");

    let lines_path = dir.path().join("out.jsonl");
    let count = app
        .inspector_export(
            &ExchangeFilter::default(),
            ExportFormat::JsonLines,
            lines_path.to_str().expect("utf-8"),
        )
        .await
        .expect("export");
    assert_eq!(count, 2);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&lines_path)
        .expect("read")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["summary"]["route"], "answer", "oldest first");

    let har_path = dir.path().join("out.har");
    app.inspector_export(
        &ExchangeFilter::default(),
        ExportFormat::Har,
        har_path.to_str().expect("utf-8"),
    )
    .await
    .expect("export");
    let har: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&har_path).expect("read"))
            .expect("HAR is JSON");
    assert_eq!(har["log"]["version"], "1.2");
    let entries = har["log"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    assert!(
        entries[0]["request"]["url"]
            .as_str()
            .expect("url")
            .ends_with(&format!("{ANSWER}?to=447700900000&uuid=leg-x"))
    );
    assert_eq!(entries[0]["request"]["queryString"][1]["value"], "leg-x");
    assert_eq!(
        entries[1]["request"]["postData"]["mimeType"],
        "application/json"
    );
    assert_eq!(entries[1]["response"]["status"], 200);
    assert!(
        entries[0]["startedDateTime"]
            .as_str()
            .expect("time")
            .ends_with('Z')
    );

    let error = app
        .inspector_export(
            &ExchangeFilter::default(),
            ExportFormat::Har,
            "/nonexistent/folder/out.har",
        )
        .await
        .expect_err("unwritable");
    assert!(error.to_string().contains("cannot be written"));
    app.shutdown().await;
}

#[tokio::test]
async fn a_kept_request_replays_as_it_was_or_edited_and_the_replay_is_kept() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}{EVENT}"))
        .header("content-type", "application/json")
        .bearer_auth("a.secret.token")
        .body(r#"{"status":"ringing","uuid":"leg-r"}"#)
        .send()
        .await
        .expect("event");
    let original = app
        .inspector_list(&ExchangeFilter::default())
        .expect("list")[0]
        .id;

    let again = app
        .inspector_replay(original, None, ReplayTarget::Listener)
        .await
        .expect("replay");
    assert_ne!(again.id, original, "the replay is a new exchange");
    assert_eq!(
        (
            again.status,
            again.event_status.as_deref(),
            again.call_uuid.as_deref()
        ),
        (200, Some("ringing"), Some("leg-r"))
    );
    let replayed = app.inspector_get(again.id).expect("detail");
    assert!(
        !replayed
            .request_headers
            .iter()
            .any(|(name, _)| name == "authorization"),
        "a redacted token is not replayed"
    );

    let edited = app
        .inspector_replay(
            original,
            Some(r#"{"status":"answered","uuid":"leg-r"}"#),
            ReplayTarget::Listener,
        )
        .await
        .expect("replay");
    assert_eq!(edited.event_status.as_deref(), Some("answered"));
    let broken = app
        .inspector_replay(original, Some("{not json"), ReplayTarget::Listener)
        .await
        .expect("replayed");
    assert_eq!(
        broken.status, 400,
        "an edit the route refuses is answered (and kept) as the route answers it"
    );
    assert!(
        app.inspector_replay(callboard_core::Id(9999), None, ReplayTarget::Listener)
            .await
            .is_err()
    );
    app.shutdown().await;
}

#[tokio::test]
async fn exports_hold_no_credential_and_none_of_the_profiles_secrets_in_any_encoding() {
    use base64::Engine;
    use callboard_core::exchange_export::ExportFormat;
    let port = free_port();
    let (app, dir) = open_app(port);
    app.profile_create("Account").await.expect("profile");
    let secret = "my-api-secret-123!";
    app.profile_set_secret(callboard_core::secrets::SecretName::ApiSecret, secret)
        .await
        .expect("secret");
    let percent: String = serde_urlencoded::to_string([("q", secret)]).expect("encode");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("abc123:{secret}"));
    reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{port}{EVENT}?{percent}&password=pw-in-query"
        ))
        .header("content-type", "application/json")
        .header("cookie", "sessionid=cookie-in-header")
        .header("x-api-key", "key-in-header")
        .header("x-forwarded-auth", format!("Basic {basic}"))
        .body(format!(
            r#"{{"status":"answered","uuid":"leg-e","note":"{secret}","b64":"{basic}"}}"#
        ))
        .send()
        .await
        .expect("event");
    for format in [ExportFormat::JsonLines, ExportFormat::Har] {
        let path = dir.path().join("export");
        let count = app
            .inspector_export(
                &ExchangeFilter::default(),
                format,
                path.to_str().expect("utf-8"),
            )
            .await
            .expect("export");
        assert_eq!(count, 1);
        let text = std::fs::read_to_string(&path).expect("read");
        for leaked in [
            secret,
            percent.trim_start_matches("q="),
            basic.as_str(),
            "pw-in-query",
            "cookie-in-header",
            "key-in-header",
        ] {
            assert!(!text.contains(leaked), "{format:?} holds {leaked}: {text}");
        }
        assert!(text.contains("leg-e"), "the rest is kept");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_stream_left_open_by_a_crash_is_closed_at_the_next_start_with_a_playable_recording() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let secrets = std::sync::Arc::new(callboard_core::secrets::MemoryStore::default());
    let port = free_port();
    let first = callboard_core::App::open(crate::support::config(&data, port), secrets.clone())
        .expect("opens");
    first.start().await.expect("start");
    let (mut socket, _) = tokio_tungstenite::connect_async(format!(
        "ws://127.0.0.1:{port}/ws/vonage-stream/leg-crash/"
    ))
    .await
    .expect("connect");
    socket
        .send(Message::text(
            r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#,
        ))
        .await
        .expect("first");
    let frame: Vec<u8> = (0..320i16).flat_map(|i| (i * 50).to_le_bytes()).collect();
    let mut recording = None;
    for _ in 0..150 {
        socket
            .send(Message::binary(frame.clone()))
            .await
            .expect("frame");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        recording = first
            .inspector_streams(Some("leg-crash"))
            .expect("streams")
            .first()
            .filter(|s| s.frames >= 50)
            .and_then(|s| s.recording.clone());
        if recording.is_some() {
            break;
        }
    }
    let recording = recording.expect("the session is kept with its recording as it runs");
    // Callboard dies here: nothing is shut down, the WAV writer never finishes.
    std::mem::forget(first);

    let again = callboard_core::App::open(crate::support::config(&data, free_port()), secrets)
        .expect("opens after the crash");
    let session = again.inspector_streams(Some("leg-crash")).expect("streams")[0].clone();
    assert!(
        session.ended_at_ms.is_some(),
        "the session is closed: {session:?}"
    );
    assert!(
        session
            .notes
            .iter()
            .any(|n| n.contains("stopped before this session ended") && n.contains("repaired")),
        "{:?}",
        session.notes
    );
    let reader = hound::WavReader::open(&recording).expect("the recording is a valid WAV");
    assert!(reader.len() > 0, "its audio plays");
    for (n, sample) in reader.into_samples::<i16>().enumerate() {
        let expected = i16::try_from(n % 320).expect("small") * 50;
        assert_eq!(
            sample.expect("sample"),
            expected,
            "sample {n} is what was sent"
        );
    }
    drop(socket);
}
