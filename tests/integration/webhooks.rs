//! Webhooks pushed to the Sandbox profile's application over real HTTP, the ngrok agent
//! played by a stand-in serving its documented API, and a loopback forwarder playing a
//! tunnel for the self-check.

use std::sync::Arc;

use callboard_core::{
    App, AppConfig, CoreError, ErrorKind, UiError,
    webhooks::{AddressProof, WebhookSettings},
};
use tokio::io::copy_bidirectional;

use crate::support::free_port;

/// A started app whose ngrok agent is `ngrok`.
async fn sandbox_app(ngrok: &str) -> (App, tempfile::TempDir) {
    let (app, dir) = with_ngrok(free_port(), ngrok);
    app.start().await.expect("start");
    (app, dir)
}

/// An app listening (once started) on `port`, whose ngrok agent is `ngrok`.
fn with_ngrok(port: u16, ngrok: &str) -> (App, tempfile::TempDir) {
    crate::support::open_app_with(port, |config| AppConfig {
        ngrok_api_base: ngrok.into(),
        ..config
    })
}

#[tokio::test]
async fn push_keeps_other_capabilities_asks_before_overwriting_and_undo_restores_exactly() {
    let (app, _dir) = sandbox_app("http://127.0.0.1:9").await;
    let error = app.webhooks_plan().await.expect_err("no public URL yet");
    assert!(error.to_string().contains("public tunnel URL"));
    app.webhooks_save("https://abc123.ngrok.app", &WebhookSettings::default())
        .await
        .expect("save");

    let plan = app.webhooks_plan().await.expect("plan");
    assert_eq!(plan.application_name, "Callboard Sandbox");
    let answer = plan.row("webhooks.answer_url.address").expect("row");
    assert_eq!(
        answer.current.as_deref(),
        Some("http://127.0.0.1:3000/api/hume-twilio/vonage-voice-webhook/")
    );
    assert_eq!(
        answer.proposed.as_deref(),
        Some("https://abc123.ngrok.app/api/hume-twilio/vonage-voice-webhook/")
    );
    assert_eq!(
        plan.foreign.len(),
        3,
        "the application points at another address today"
    );

    let refused = app
        .webhooks_push(false)
        .await
        .expect_err("needs confirmation");
    assert!(matches!(refused, CoreError::PushNeedsConfirmation { .. }));
    assert_eq!(UiError::from(&refused).kind, ErrorKind::NeedsConfirmation);
    assert!(
        app.state()
            .await
            .expect("state")
            .undo_available_since
            .is_none(),
        "nothing was pushed"
    );

    let before = sandbox_application(&app).await;

    let pushed = app.webhooks_push(true).await.expect("push");
    assert_eq!(
        pushed.changes, 3,
        "three addresses changed; methods and timeouts were already Vonage's defaults"
    );
    let after = sandbox_application(&app).await;
    assert_eq!(
        serde_json::to_string(&after["capabilities"]["messages"]).expect("json"),
        serde_json::to_string(&before["capabilities"]["messages"]).expect("json"),
        "the messages capability is byte for byte as it was"
    );
    assert_eq!(
        after["capabilities"]["voice"]["webhooks"]["event_url"]["address"],
        "https://abc123.ngrok.app/api/hume-twilio/vonage-event-callback/"
    );
    assert_eq!(
        app.webhooks_plan().await.expect("plan").changes,
        0,
        "nothing left to push"
    );
    assert!(
        app.state()
            .await
            .expect("state")
            .undo_available_since
            .is_some()
    );

    app.webhooks_undo().await.expect("undo");
    assert_eq!(
        sandbox_application(&app).await,
        before,
        "undo restores the application exactly"
    );
    assert!(matches!(
        app.webhooks_undo().await,
        Err(CoreError::NothingToUndo)
    ));
    app.shutdown().await;
}

#[tokio::test]
async fn callboards_own_addresses_are_not_foreign_and_an_address_that_failed_its_proof_asks_first()
{
    let (app, _dir) = sandbox_app("http://127.0.0.1:9").await;
    let listener_port = app
        .state()
        .await
        .expect("state")
        .active_profile
        .listener_port;
    let direct = format!("http://127.0.0.1:{listener_port}");
    app.webhooks_save(&direct, &WebhookSettings::default())
        .await
        .expect("save");
    assert_eq!(
        app.webhooks_plan().await.expect("plan").proof,
        AddressProof::Untried,
        "not proved since it was saved"
    );
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(check.passed, "{check:?}");
    assert_eq!(
        app.webhooks_plan().await.expect("plan").proof,
        AddressProof::Proved
    );
    app.webhooks_push(true).await.expect("push");

    // The listener's own address is Callboard's, whatever the public URL now is.
    app.webhooks_save("https://abc123.ngrok.app", &WebhookSettings::default())
        .await
        .expect("save");
    let plan = app.webhooks_plan().await.expect("plan");
    assert!(plan.foreign.is_empty(), "{:?}", plan.foreign);
    assert_eq!(plan.changes, 3);
    // An untried address is pushed without asking (the plan says it is untried)...
    app.webhooks_push(false).await.expect("push");

    // ...and a tunnel Callboard pushed before stays Callboard's after it changes.
    app.webhooks_save("https://def456.ngrok.app", &WebhookSettings::default())
        .await
        .expect("save");
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(
        !check.passed,
        "def456.ngrok.app does not reach this listener"
    );
    let plan = app.webhooks_plan().await.expect("plan");
    assert!(
        plan.foreign.is_empty(),
        "abc123.ngrok.app was pushed by Callboard: {:?}",
        plan.foreign
    );
    assert!(
        matches!(plan.proof, AddressProof::Failed { .. }),
        "{:?}",
        plan.proof
    );
    let refused = app
        .webhooks_push(false)
        .await
        .expect_err("a failed proof asks first");
    let shown = UiError::from(&refused);
    assert_eq!(shown.kind, ErrorKind::NeedsConfirmation);
    assert_eq!(
        shown.message,
        "https://def456.ngrok.app failed its proof, so Vonage may not reach Callboard there"
    );
    assert!(
        shown
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with("Prove it again")),
        "{shown:?}"
    );
    assert_eq!(
        sandbox_application(&app).await["capabilities"]["voice"]["webhooks"]["answer_url"]["address"],
        "https://abc123.ngrok.app/api/hume-twilio/vonage-voice-webhook/",
        "nothing was pushed"
    );
    app.webhooks_push(true).await.expect("confirmed");
    app.shutdown().await;
}

/// The Sandbox profile's application, read with its own credentials.
async fn sandbox_application(app: &App) -> serde_json::Value {
    let state = app.state().await.expect("state");
    let secret = app
        .secrets()
        .get(
            state.active_profile.id.0,
            callboard_core::secrets::SecretName::ApiSecret,
        )
        .expect("keychain")
        .expect("the Sandbox secret");
    callboard_vonage::ApplicationsClient::new(
        state.platform_url.as_deref().expect("sandbox url"),
        &state.active_profile.api_key,
        secret.expose(),
        std::time::Duration::from_secs(5),
    )
    .expect("client")
    .get(&state.active_profile.application_id)
    .await
    .expect("get")
}

#[tokio::test]
async fn bad_public_urls_and_settings_are_refused_and_nothing_is_saved() {
    let (app, _dir) = sandbox_app("http://127.0.0.1:9").await;
    let error = app
        .webhooks_save("http://192.168.1.4:3000", &WebhookSettings::default())
        .await
        .expect_err("private");
    assert!(
        error.to_string().contains("over https") || error.to_string().contains("private"),
        "{error}"
    );
    let mut settings = WebhookSettings::default();
    settings.event.socket_timeout = 20_000;
    assert!(
        app.webhooks_save("https://abc.ngrok.app", &settings)
            .await
            .is_err()
    );
    assert_eq!(
        app.state().await.expect("state").active_profile.public_url,
        "",
        "nothing saved"
    );
}

/// A stand-in for the ngrok agent's local API, answering `GET /api/tunnels` as documented.
async fn ngrok_agent(body: serde_json::Value) -> String {
    let app = axum::Router::new().route(
        "/api/tunnels",
        axum::routing::get(move || async move { axum::Json(body) }),
    );
    crate::support::serve_stand_in(app).await
}

#[tokio::test]
async fn the_tunnel_is_found_from_the_ngrok_agent_and_its_absence_explained() {
    let port = free_port();
    let agent = ngrok_agent(serde_json::json!({"tunnels": [
        {"name": "other", "public_url": "https://other.ngrok.app", "proto": "https", "config": {"addr": "http://localhost:8000", "inspect": true}},
        {"name": "plain", "public_url": "http://plain.ngrok.app", "proto": "http", "config": {"addr": format!("http://localhost:{port}")}},
        {"name": "command_line", "public_url": "https://abc123.ngrok.app", "proto": "https", "config": {"addr": format!("http://localhost:{port}"), "inspect": true}}
    ], "uri": "/api/tunnels"}))
    .await;
    let (app, _dir) = with_ngrok(port, &agent);
    let tunnels = app.webhooks_discover().await.expect("discover");
    assert_eq!(tunnels.len(), 2, "only https tunnels");
    assert_eq!(
        tunnels[0].public_url, "https://abc123.ngrok.app",
        "the one reaching the listener first"
    );
    assert!(tunnels[0].reaches_listener && !tunnels[1].reaches_listener);

    let (absent, _dir2) = sandbox_app(&format!("http://127.0.0.1:{}", free_port())).await;
    let error = absent.webhooks_discover().await.expect_err("no agent");
    let ui = UiError::from(&error);
    assert!(
        ui.message.contains("ngrok is not running"),
        "{}",
        ui.message
    );
    assert!(ui.hint.is_some_and(|h| h.contains("ngrok http")));
}

/// A loopback forwarder standing in for a tunnel: every connection to it is relayed to `target`.
async fn forwarder(target: u16) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            tokio::spawn(async move {
                if let Ok(mut outbound) =
                    tokio::net::TcpStream::connect(("127.0.0.1", target)).await
                {
                    let _ = copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn the_self_check_passes_through_a_tunnel_to_us_and_fails_through_one_to_elsewhere() {
    let (app, _dir) = sandbox_app("http://127.0.0.1:9").await;
    let listener_port = app
        .state()
        .await
        .expect("state")
        .active_profile
        .listener_port;
    let tunnel = forwarder(listener_port).await;
    app.webhooks_save(
        &format!("http://127.0.0.1:{tunnel}"),
        &WebhookSettings::default(),
    )
    .await
    .expect("save");
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(check.passed, "{check:?}");
    let enforcing = WebhookSettings {
        signature_check: callboard_core::webhooks::SignatureCheck::Enforce,
        ..WebhookSettings::default()
    };
    app.webhooks_save(&format!("http://127.0.0.1:{tunnel}"), &enforcing)
        .await
        .expect("save");
    let unsigned = reqwest::get(format!(
        "http://127.0.0.1:{tunnel}/api/hume-twilio/vonage-voice-webhook/?callboard_probe=guessed"
    ))
    .await
    .expect("answered");
    assert_eq!(
        unsigned.status(),
        401,
        "enforcement is on (the Sandbox profile's signature secret)"
    );
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(
        check.passed,
        "Callboard's own unsigned probe is answered while signatures are enforced: {check:?}"
    );

    let (other, _dir2) = sandbox_app("http://127.0.0.1:9").await;
    let other_port = other
        .state()
        .await
        .expect("state")
        .active_profile
        .listener_port;
    let wrong = forwarder(other_port).await;
    app.webhooks_save(
        &format!("http://127.0.0.1:{wrong}"),
        &WebhookSettings::default(),
    )
    .await
    .expect("save");
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(
        !check.passed,
        "the probe reached another Callboard, not this one"
    );
    assert!(
        check.detail.contains("never reached Callboard"),
        "{}",
        check.detail
    );

    let closed = free_port();
    app.webhooks_save(
        &format!("http://127.0.0.1:{closed}"),
        &WebhookSettings::default(),
    )
    .await
    .expect("save");
    let check = app.webhooks_self_check().await.expect("self-check");
    assert!(
        !check.passed
            && check.detail
                == format!(
                    "127.0.0.1:{closed} refused the connection: nothing is listening there."
                )
            && !check.detail.contains("callboard_probe"),
        "{}",
        check.detail
    );
    app.shutdown().await;
    other.shutdown().await;
}

#[tokio::test]
async fn a_new_tunnel_address_is_announced_once() {
    let port = free_port();
    let tunnels = Arc::new(std::sync::Mutex::new("https://first.ngrok.app".to_owned()));
    let served = tunnels.clone();
    let agent = axum::Router::new().route(
        "/api/tunnels",
        axum::routing::get(move || {
            let url = served.lock().expect("lock").clone();
            async move {
                axum::Json(
                    serde_json::json!({"tunnels": [{"public_url": url, "proto": "https",
                    "config": {"addr": format!("http://localhost:{port}")}}]}),
                )
            }
        }),
    );
    let agent_url = crate::support::serve_stand_in(agent).await;

    let (app, _dir) = with_ngrok(port, &agent_url);
    assert_eq!(
        app.watch_tunnel().await,
        None,
        "no public URL set: nothing to compare"
    );
    app.webhooks_save("https://first.ngrok.app", &WebhookSettings::default())
        .await
        .expect("save");
    assert_eq!(
        app.watch_tunnel().await,
        None,
        "the tunnel still has the saved address"
    );

    *tunnels.lock().expect("lock") = "https://second.ngrok.app".to_owned();
    let mut events = app.subscribe();
    assert_eq!(
        app.watch_tunnel().await,
        Some((
            "https://first.ngrok.app".to_owned(),
            "https://second.ngrok.app".to_owned()
        ))
    );
    assert!(matches!(
        events.recv().await.expect("event"),
        callboard_core::CoreEvent::TunnelChanged { ref current, .. } if current == "https://second.ngrok.app"
    ));
    assert_eq!(
        app.watch_tunnel().await,
        None,
        "announced once, not every poll"
    );
}
