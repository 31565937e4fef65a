//! NCCO documents through the app: saved in the SQLite file, made active, served by the
//! real listener with each call's placeholders, and moved in and out as files.

use callboard_core::{CoreError, ErrorKind, UiError};
use serde_json::{Value, json};

use crate::support::{free_port, open_app};

async fn answer(port: u16, query: &str) -> Value {
    reqwest::get(format!(
        "http://127.0.0.1:{port}/api/hume-twilio/vonage-voice-webhook/?{query}"
    ))
    .await
    .expect("the listener answers")
    .json()
    .await
    .expect("an NCCO")
}

#[tokio::test]
async fn the_active_document_is_served_with_each_calls_placeholders() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let welcome = answer(port, "uuid=a").await;
    assert_eq!(
        welcome[0]["action"], "talk",
        "the welcome NCCO before anything is active"
    );

    let guide = callboard_core::ncco::templates::all()
        .into_iter()
        .find(|t| t.id == "setup-guide")
        .expect("template");
    let saved = app.ncco_save(None, "Guide", &guide.ncco).expect("save");
    app.ncco_activate(Some(saved.id)).expect("activate");

    let served = answer(
        port,
        "to=447700900000&from=447700900001&uuid=leg-1&conversation_uuid=CON-1",
    )
    .await;
    assert_eq!(
        served[1]["from"], "447700900000",
        "{{to}} became the number called"
    );
    assert_eq!(
        served[1]["endpoint"][0]["uri"],
        format!("ws://127.0.0.1:{port}/ws/vonage-stream/leg-1/"),
        "{{public_url}} is the listener itself until a tunnel is set, with the websocket scheme"
    );
    assert_eq!(
        served[1]["endpoint"][0]["headers"]["caller"],
        "447700900001"
    );
    assert_eq!(
        answer(port, "uuid=leg-2").await[1]["endpoint"][0]["uri"],
        format!("ws://127.0.0.1:{port}/ws/vonage-stream/leg-2/")
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_document_with_errors_is_never_served() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let good = app
        .ncco_save(None, "Good", &json!([{"action": "talk", "text": "good"}]))
        .expect("save");
    app.ncco_activate(Some(good.id)).expect("activate");

    let broken = json!([{"action": "stream", "streamUrl": ["wss://x.example/s"]}]);
    let refused = app
        .ncco_save(Some(good.id), "Good", &broken)
        .expect_err("the served document must stay valid");
    assert!(matches!(
        refused,
        CoreError::NccoHasErrors { errors: 1, .. }
    ));
    assert_eq!(UiError::from(&refused).kind, ErrorKind::InvalidInput);
    let other = app
        .ncco_save(None, "Broken", &broken)
        .expect("work in progress can be saved");
    assert!(app.ncco_activate(Some(other.id)).is_err());
    assert_eq!(
        answer(port, "uuid=x").await[0]["text"],
        "good",
        "still serving the last good NCCO"
    );

    app.ncco_delete(good.id).expect("delete");
    assert_eq!(answer(port, "uuid=x").await[0]["action"], "talk");
    assert_ne!(
        answer(port, "uuid=x").await[0]["text"],
        "good",
        "deleting the served NCCO falls back to the welcome"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_active_document_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let config = crate::support::config(dir.path().to_owned(), port);
    {
        let app = crate::support::reopen(config.clone());
        let saved = app
            .ncco_save(None, "Kept", &json!([{"action": "talk", "text": "kept"}]))
            .expect("save");
        app.ncco_activate(Some(saved.id)).expect("activate");
    }
    let app = crate::support::reopen(config);
    app.start().await.expect("start");
    assert_eq!(answer(port, "uuid=x").await[0]["text"], "kept");
    app.shutdown().await;
}

#[tokio::test]
async fn import_and_export_files_and_say_what_is_wrong_with_a_bad_one() {
    let (app, dir) = open_app(free_port());
    let good = dir.path().join("ivr.json");
    std::fs::write(&good, r#"[{"action": "talk", "text": "Press 1", "bargeIn": true}, {"action": "input", "type": ["dtmf"]}]"#).expect("write");
    let imported = app
        .ncco_import(good.to_str().expect("utf-8"))
        .expect("import");
    assert_eq!(imported.name, "ivr");
    let again = app
        .ncco_import(good.to_str().expect("utf-8"))
        .expect("import twice");
    assert_eq!(
        again.name, "ivr (2)",
        "a second import does not overwrite the first"
    );

    let exported = dir.path().join("out.json");
    app.ncco_export(imported.id, exported.to_str().expect("utf-8"))
        .expect("export");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).expect("read")).expect("JSON");
    assert_eq!(written, imported.document);
    assert_eq!(
        written[0]
            .as_object()
            .expect("object")
            .keys()
            .collect::<Vec<_>>(),
        ["action", "text", "bargeIn"],
        "key order is kept"
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "[\n  {\"action\": \"talk\",}\n]").expect("write");
    let error = app
        .ncco_import(broken.to_str().expect("utf-8"))
        .expect_err("not JSON");
    assert!(error.to_string().contains("line 2, column 21"), "{error}");
    let missing = app.ncco_import("/nonexistent/x.json").expect_err("missing");
    assert!(missing.to_string().contains("cannot be read"), "{missing}");
    assert_eq!(
        app.ncco_list().expect("list").len(),
        2,
        "failed imports add nothing"
    );
}
