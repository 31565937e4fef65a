//! The app's webhook listener, reached over real HTTP on loopback.

use callboard_core::{CoreEvent, listener::ListenerStatus};

use crate::support::{free_port, open_app};

#[tokio::test]
async fn first_run_listener_answers_the_guide_answer_path_with_json() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    let status = app.start().await.expect("start");
    assert_eq!(
        status,
        ListenerStatus::Running {
            address: format!("http://127.0.0.1:{port}"),
            port
        }
    );
    let response = reqwest::get(format!(
        "http://127.0.0.1:{port}/api/hume-twilio/vonage-voice-webhook/?to=447700900000&from=447700900001&uuid=u1"
    ))
    .await
    .expect("the listener answers");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let ncco: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(
        ncco[0]["action"], "talk",
        "the welcome NCCO is served until one is composed"
    );
    app.shutdown().await;
    assert!(
        reqwest::get(format!("http://127.0.0.1:{port}/"))
            .await
            .is_err(),
        "after shutdown nothing listens on the port"
    );
}

#[tokio::test]
async fn a_busy_port_is_a_status_with_a_hint_and_moving_port_recovers() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let busy = holder.local_addr().expect("addr").port();
    let (app, _dir) = open_app(busy);
    let mut events = app.subscribe();

    let status = app.start().await.expect("a busy port is not an error");
    let ListenerStatus::PortBusy {
        port,
        message,
        hint,
    } = status
    else {
        panic!("expected PortBusy, got {status:?}");
    };
    assert_eq!(port, busy);
    assert!(message.contains(&busy.to_string()) && hint.contains("another port"));
    assert!(matches!(
        events.recv().await.expect("event"),
        CoreEvent::ListenerChanged {
            status: ListenerStatus::PortBusy { .. }
        }
    ));

    let free = free_port();
    let moved = app
        .set_listener_port(u32::from(free))
        .await
        .expect("valid port");
    assert!(
        matches!(moved, ListenerStatus::Running { port, .. } if port == free),
        "{moved:?}"
    );
    let state = app.state().await.expect("state");
    assert_eq!(
        state.active_profile.listener_port, free,
        "the new port is saved in the profile"
    );
    let answered = reqwest::get(format!(
        "http://127.0.0.1:{free}/api/hume-twilio/vonage-event-callback/"
    ))
    .await
    .expect("reachable");
    assert_eq!(answered.status(), 200);
    app.shutdown().await;
}

#[tokio::test]
async fn an_invalid_port_changes_nothing() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    for bad in [0, 80, 65_536, 4_000_000] {
        let error = app.set_listener_port(bad).await.unwrap_err();
        let ui = callboard_core::UiError::from(&error);
        assert_eq!(
            ui.kind,
            callboard_core::ErrorKind::InvalidInput,
            "port {bad}"
        );
        assert!(
            ui.message.contains("1024 to 65535"),
            "the message names the valid range: {}",
            ui.message
        );
    }
    let state = app.state().await.expect("state");
    assert_eq!(state.active_profile.listener_port, port);
    assert!(
        matches!(state.listener, ListenerStatus::Running { .. }),
        "still listening"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_profile_and_its_port_survive_a_restart_of_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = crate::support::config(dir.path().to_owned(), free_port());
    let chosen = free_port();
    {
        let app = crate::support::reopen(config.clone());
        app.set_listener_port(u32::from(chosen)).await.expect("set");
        app.shutdown().await;
    }
    let app = crate::support::reopen(config);
    let state = app.state().await.expect("state");
    assert_eq!(
        state.profiles.len(),
        1,
        "no second Sandbox profile on the second run"
    );
    assert_eq!(state.active_profile.listener_port, chosen);
}
