//! The Doctor against the Sandbox: a healthy setup passes, and each deliberately broken
//! setup fails its own check with its reason and fix (a wrong path, a slow answer, a
//! `stream` with a `wss://` URL, a tunnel to another port, a wrong signature secret).

use std::time::Duration;

use axum::{Json, Router, routing::get};
use callboard_core::{
    App,
    doctor::{DoctorCheck, DoctorCheckId, DoctorFix, DoctorReport, DoctorState},
    listener::{ForwardSettings, ListenerSettings},
    secrets::{Secret, SecretName},
    webhooks::WebhookSettings,
};
use serde_json::json;

use crate::support::{free_port, push_to_listener, serve_stand_in, started_app};

const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";

/// An app on the Sandbox whose application points at its listener, serving the corrected
/// setup-guide NCCO (its WebSocket on the listener's stream route).
async fn healthy() -> (App, tempfile::TempDir, String) {
    let (app, dir) = started_app().await;
    let address = push_to_listener(&app).await;
    let catalogue = app.ncco_catalogue();
    let template = catalogue
        .templates
        .iter()
        .find(|t| t.id == "setup-guide")
        .expect("the setup-guide template");
    let saved = app
        .ncco_save(None, "Setup guide", &template.ncco)
        .expect("saved");
    app.ncco_activate(Some(saved.id)).expect("active");
    (app, dir, address)
}

fn check(report: &DoctorReport, id: DoctorCheckId) -> &DoctorCheck {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id:?} check"))
}

#[tokio::test]
async fn a_healthy_sandbox_setup_passes_every_check() {
    let (app, _dir, _) = healthy().await;
    let report = app.doctor_run().await.expect("ran");
    for check in &report.checks {
        assert!(
            check.state == DoctorState::Pass,
            "{:?} {:?}: {} {:?}",
            check.id,
            check.state,
            check.message,
            check.evidence
        );
    }
    assert_eq!(report.checks.len(), 12);
    let answer = check(&report, DoctorCheckId::AnswerWebhook);
    assert!(answer.millis.is_some(), "the time is measured");
    assert!(
        answer
            .evidence
            .iter()
            .any(|e| e.label == "Budget" && e.value.starts_with("5000 ms")),
        "{:?}",
        answer.evidence
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_wrong_path_in_the_application_fails_the_address_check_with_a_push_fix() {
    let (app, _dir, _) = healthy().await;
    // Someone changed the answer URL's path in the dashboard.
    let state = app.state().await.expect("state");
    let sandbox = state.sandbox.expect("the Sandbox runs");
    let secret = app
        .secrets()
        .get(state.active_profile.id.0, SecretName::ApiSecret)
        .expect("keychain")
        .expect("the Sandbox's secret");
    let applications = callboard_vonage::ApplicationsClient::new(
        &state.platform_url.expect("the Sandbox's URL"),
        &sandbox.api_key,
        secret.expose(),
        Duration::from_secs(5),
    )
    .expect("client");
    let mut application = applications
        .get(&sandbox.application_id)
        .await
        .expect("app");
    let address = application["capabilities"]["voice"]["webhooks"]["answer_url"]["address"]
        .as_str()
        .expect("address")
        .replace("vonage-voice-webhook", "vonage-voice-webhok");
    application["capabilities"]["voice"]["webhooks"]["answer_url"]["address"] = json!(address);
    applications
        .update(&sandbox.application_id, &application)
        .await
        .expect("updated");

    let report = app.doctor_run().await.expect("ran");
    let addresses = check(&report, DoctorCheckId::WebhooksMatch);
    assert_eq!(addresses.state, DoctorState::Fail);
    assert!(
        addresses.message.contains("vonage-voice-webhok"),
        "{}",
        addresses.message
    );
    assert_eq!(addresses.fix, Some(DoctorFix::PushWebhooks));

    // The fix works.
    app.webhooks_push(true).await.expect("pushed");
    let report = app.doctor_run().await.expect("ran");
    assert_eq!(
        check(&report, DoctorCheckId::WebhooksMatch).state,
        DoctorState::Pass
    );
    app.shutdown().await;
}

/// Forwards the answer webhook to `backend` (a stand-in for the user's own server).
async fn forward_answer_to(app: &App, backend: &str) {
    app.listener_save(ListenerSettings {
        forward: ForwardSettings {
            enabled: true,
            base_url: backend.into(),
            answer: true,
            event: false,
            fallback: false,
            stream: false,
        },
        ..ListenerSettings::default()
    })
    .await
    .expect("forwarding");
}

#[tokio::test]
async fn a_slow_answer_fails_against_the_applications_socket_timeout() {
    let (app, _dir, address) = healthy().await;
    let settings = WebhookSettings {
        answer: callboard_core::webhooks::HookSettings {
            socket_timeout: 1000,
            ..WebhookSettings::default().answer
        },
        ..WebhookSettings::default()
    };
    app.webhooks_save(&address, &settings).await.expect("saved");
    let backend = serve_stand_in(Router::new().route(
        ANSWER,
        get(|| async {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            Json(json!([{"action": "talk", "text": "Sorry to keep you"}]))
        }),
    ))
    .await;
    forward_answer_to(&app, &backend).await;
    let report = app.doctor_run().await.expect("ran");
    let answer = check(&report, DoctorCheckId::AnswerWebhook);
    assert_eq!(answer.state, DoctorState::Fail);
    assert!(
        answer.message.contains("Vonage waits 1.0 s"),
        "{}",
        answer.message
    );
    assert!(answer.millis.is_some_and(|ms| ms >= 1500));
    assert_eq!(
        answer.fix,
        Some(DoctorFix::Open {
            section: "webhooks".into(),
            label: "Open Webhooks".into()
        })
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_stream_action_with_a_wss_url_fails_the_answer_and_websocket_checks() {
    let (app, _dir, _) = healthy().await;
    let backend = serve_stand_in(Router::new().route(
        ANSWER,
        get(|| async {
            Json(json!([{"action": "stream", "streamUrl": ["wss://example.com/ws"]}]))
        }),
    ))
    .await;
    forward_answer_to(&app, &backend).await;
    let report = app.doctor_run().await.expect("ran");
    let answer = check(&report, DoctorCheckId::AnswerWebhook);
    assert_eq!(answer.state, DoctorState::Fail);
    assert!(
        answer.message.contains("/0/streamUrl"),
        "{}",
        answer.message
    );
    let sockets = check(&report, DoctorCheckId::WebSockets);
    assert_eq!(sockets.state, DoctorState::Fail);
    assert!(
        sockets
            .message
            .contains("stream plays an audio file and never opens a WebSocket"),
        "{}",
        sockets.message
    );
    assert_eq!(
        sockets.fix,
        Some(DoctorFix::Open {
            section: "compose".into(),
            label: "Open Compose".into()
        })
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_tunnel_to_another_port_fails_the_tunnel_check() {
    let (app, _dir, _) = healthy().await;
    // Something else answers on the address given as the tunnel.
    let elsewhere =
        serve_stand_in(Router::new().route(ANSWER, get(|| async { "hello from another program" })))
            .await;
    app.webhooks_save(&elsewhere, &WebhookSettings::default())
        .await
        .expect("saved");
    let report = app.doctor_run().await.expect("ran");
    let tunnel = check(&report, DoctorCheckId::Tunnel);
    assert_eq!(tunnel.state, DoctorState::Fail);
    assert!(
        tunnel.message.contains("never reached Callboard"),
        "{}",
        tunnel.message
    );
    assert_eq!(
        check(&report, DoctorCheckId::AnswerWebhook).state,
        DoctorState::Skipped,
        "nothing more to try through a tunnel that does not reach us"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_wrong_signature_secret_fails_the_signature_check() {
    let (app, _dir, address) = healthy().await;
    let settings = WebhookSettings {
        signed_callbacks: true,
        ..WebhookSettings::default()
    };
    app.webhooks_save(&address, &settings).await.expect("saved");
    app.webhooks_push(true)
        .await
        .expect("the Sandbox now signs");
    // Callboard holds another secret than the account's.
    let profile = app.state().await.expect("state").active_profile;
    app.secrets()
        .set(
            profile.id.0,
            SecretName::SignatureSecret,
            &Secret::new("not-the-accounts-secret".to_owned()),
        )
        .expect("stored");
    app.restart_listener().await.expect("restarted");
    let call = app
        .calls_place(callboard_core::calls::PlaceCall {
            to: "447700900123".into(),
            from: None,
            ncco_source: callboard_core::calls::NccoSource::AnswerWebhook,
        })
        .await
        .expect("placed");
    for _ in 0..100 {
        let timeline = app.calls_timeline(&call.uuid).expect("timeline");
        if timeline.entries.iter().any(|e| e.title == "answered") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let report = app.doctor_run().await.expect("ran");
    let signatures = check(&report, DoctorCheckId::Signatures);
    assert_eq!(
        signatures.state,
        DoctorState::Fail,
        "{}",
        signatures.message
    );
    assert!(
        signatures
            .message
            .contains("not with the secret Callboard has"),
        "{}",
        signatures.message
    );
    app.calls_control(&call.uuid, callboard_core::calls::CallControl::Hangup)
        .await
        .expect("hung up");
    app.shutdown().await;
}

#[tokio::test]
async fn on_the_sandbox_the_listeners_own_address_is_callboards_and_an_unproved_url_is_never_offered()
 {
    let (app, _dir, address) = healthy().await;

    // The public URL cleared: no tunnel needed, and the application calling the listener
    // directly is right, not "somewhere else".
    app.webhooks_save("", &WebhookSettings::default())
        .await
        .expect("cleared");
    let report = app.doctor_run().await.expect("ran");
    assert_eq!(
        check(&report, DoctorCheckId::Tunnel).state,
        DoctorState::Skipped
    );
    let addresses = check(&report, DoctorCheckId::WebhooksMatch);
    assert_eq!(addresses.state, DoctorState::Pass, "{addresses:?}");
    assert!(
        addresses
            .message
            .contains(&format!("directly at {address}")),
        "{}",
        addresses.message
    );

    // A made-up tunnel: its proof fails, the application (still on the listener) is not
    // called wrong, and the address that failed is never offered for a push.
    app.webhooks_save(
        "https://made-up-tunnel.ngrok-free.invalid",
        &WebhookSettings::default(),
    )
    .await
    .expect("saved");
    let report = app.doctor_run().await.expect("ran");
    let tunnel = check(&report, DoctorCheckId::Tunnel);
    assert_eq!(tunnel.state, DoctorState::Fail);
    assert!(
        tunnel.message.contains("does not exist: is ngrok running"),
        "{}",
        tunnel.message
    );
    let addresses = check(&report, DoctorCheckId::WebhooksMatch);
    assert_eq!(addresses.state, DoctorState::Pass, "{addresses:?}");
    assert!(
        report
            .checks
            .iter()
            .all(|c| c.fix != Some(DoctorFix::PushWebhooks)),
        "no push offered"
    );

    // The application moved elsewhere: the fix is to use the Sandbox directly.
    let listener_port = app
        .state()
        .await
        .expect("state")
        .active_profile
        .listener_port;
    app.webhooks_save(
        &format!("http://127.0.0.1:{}", free_port()),
        &WebhookSettings::default(),
    )
    .await
    .expect("saved");
    app.webhooks_push(true).await.expect("pushed elsewhere");
    app.webhooks_save("", &WebhookSettings::default())
        .await
        .expect("cleared");
    let report = app.doctor_run().await.expect("ran");
    let addresses = check(&report, DoctorCheckId::WebhooksMatch);
    assert_eq!(addresses.state, DoctorState::Fail, "{addresses:?}");
    assert_eq!(addresses.fix, Some(DoctorFix::UseListenerAddress));
    assert!(
        addresses
            .message
            .contains(&format!("instead of http://127.0.0.1:{listener_port}")),
        "{}",
        addresses.message
    );
    app.shutdown().await;
}
