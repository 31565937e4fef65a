//! Connecting profiles: the embedded Sandbox's account kept between runs, the Check on
//! it and on a Sandbox playing a Vonage account, and keys imported from files.

use std::sync::Arc;

use callboard_core::{
    App, CoreError,
    connect::{CheckStep, StepStatus},
    profiles::ConnectionInput,
    secrets::{MemoryStore, SecretName},
};
use callboard_sandbox::SandboxAccount;

use crate::support::{free_port, open_app};

fn statuses(steps: &[CheckStep]) -> Vec<StepStatus> {
    steps.iter().map(|s| s.status).collect()
}

#[tokio::test]
async fn the_sandbox_profile_checks_out_and_keeps_its_account_between_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let secrets = Arc::new(MemoryStore::default());
    let config = crate::support::config(dir.path().to_owned(), free_port());
    let first_key = {
        let app = App::open(config.clone(), secrets.clone()).expect("open");
        app.start().await.expect("start");
        let steps = app.connect_check().await.expect("check");
        assert_eq!(statuses(&steps), [StepStatus::Passed; 4], "{steps:#?}");
        let state = app.state().await.expect("state");
        assert!(
            state.secrets.api_secret && state.secrets.private_key,
            "the Sandbox's secrets are in the keychain"
        );
        assert!(
            state
                .platform_url
                .is_some_and(|url| url.starts_with("http://127.0.0.1:"))
        );
        app.shutdown().await;
        state.active_profile.api_key
    };
    let app = App::open(config, secrets).expect("reopen");
    app.start().await.expect("start");
    assert_eq!(
        app.state().await.expect("state").active_profile.api_key,
        first_key,
        "the same account after a restart"
    );
    assert_eq!(
        statuses(&app.connect_check().await.expect("check")),
        [StepStatus::Passed; 4]
    );
    let refused = app
        .profile_set_secret(SecretName::ApiSecret, "x")
        .await
        .expect_err("the Sandbox's own");
    assert!(matches!(refused, CoreError::InvalidInput { .. }));
    app.shutdown().await;
}

#[tokio::test]
async fn a_vonage_profile_is_checked_step_by_step_against_an_account() {
    let account = SandboxAccount::generate();
    let vonage = callboard_sandbox::serve("127.0.0.1:0".parse().expect("addr"), account.clone())
        .await
        .expect("bind");
    let (app, _dir) = open_app(free_port());
    app.profile_create("Acme").await.expect("create");

    let steps = app.connect_check().await.expect("check");
    assert_eq!(
        statuses(&steps),
        [
            StepStatus::Failed,
            StepStatus::Skipped,
            StepStatus::Skipped,
            StepStatus::Skipped
        ]
    );
    assert!(
        steps[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("API settings"))
    );

    let input = ConnectionInput {
        name: "Acme".into(),
        api_key: account.api_key.clone(),
        application_id: account.application_id.clone(),
        api_base_url: vonage.base_url(),
    };
    app.profile_save_connection(&input).await.expect("save");
    app.profile_set_secret(SecretName::ApiSecret, "wrong")
        .await
        .expect("store");
    let steps = app.connect_check().await.expect("check");
    assert_eq!(steps[0].status, StepStatus::Failed);
    assert!(
        steps[0].detail.contains("did not accept"),
        "{}",
        steps[0].detail
    );

    app.profile_set_secret(SecretName::ApiSecret, &account.api_secret)
        .await
        .expect("store");
    let steps = app.connect_check().await.expect("check");
    assert_eq!(
        statuses(&steps)[..3],
        [StepStatus::Passed, StepStatus::Passed, StepStatus::Failed],
        "no key yet"
    );

    // Pasted from a .env file: quoted, with escaped newlines.
    let pasted = format!("\"{}\"", account.private_key.to_pem().replace('\n', "\\n"));
    let state = app.profile_set_private_key(&pasted).await.expect("store");
    assert!(state.secrets.private_key);
    assert_eq!(
        statuses(&app.connect_check().await.expect("check")),
        [StepStatus::Passed; 4]
    );

    let mut wrong_id = input.clone();
    wrong_id.application_id = "00000000-0000-0000-0000-000000000000".into();
    app.profile_save_connection(&wrong_id).await.expect("save");
    let steps = app.connect_check().await.expect("check");
    assert_eq!(
        statuses(&steps)[..2],
        [StepStatus::Passed, StepStatus::Failed]
    );
    assert!(
        steps[1].detail.contains("no application with this ID"),
        "{}",
        steps[1].detail
    );
}

#[tokio::test]
async fn bad_keys_and_bad_input_are_refused_with_what_is_wrong_and_nothing_is_stored() {
    let (app, _dir) = open_app(free_port());
    app.profile_create("Acme").await.expect("create");
    let truncated =
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    let error = app
        .profile_set_private_key(truncated)
        .await
        .expect_err("truncated");
    assert!(
        error.to_string().contains("incomplete or damaged"),
        "{error}"
    );
    assert!(
        !app.state().await.expect("state").secrets.private_key,
        "nothing stored"
    );
    let bad_base = ConnectionInput {
        name: "Acme".into(),
        api_key: "k".into(),
        application_id: "a".into(),
        api_base_url: "api.nexmo.com".into(),
    };
    let error = app
        .profile_save_connection(&bad_base)
        .await
        .expect_err("no scheme");
    assert!(error.to_string().contains("https://"), "{error}");
    assert!(
        app.profile_create("Acme").await.is_err(),
        "names are unique"
    );
}

/// A keychain that refuses everything, as on a machine without a Secret Service.
struct NoKeychain;

impl callboard_core::secrets::SecretStore for NoKeychain {
    fn get(
        &self,
        _: i64,
        _: SecretName,
    ) -> Result<Option<callboard_core::secrets::Secret>, callboard_core::secrets::SecretError> {
        Err(callboard_core::secrets::SecretError::Unavailable(
            "no Secret Service on this machine".into(),
        ))
    }
    fn set(
        &self,
        _: i64,
        _: SecretName,
        _: &callboard_core::secrets::Secret,
    ) -> Result<(), callboard_core::secrets::SecretError> {
        Err(callboard_core::secrets::SecretError::Unavailable(
            "no Secret Service on this machine".into(),
        ))
    }
    fn delete(&self, _: i64, _: SecretName) -> Result<(), callboard_core::secrets::SecretError> {
        Err(callboard_core::secrets::SecretError::Unavailable(
            "no Secret Service on this machine".into(),
        ))
    }
}

#[tokio::test]
async fn without_a_keychain_the_sandbox_still_works_and_says_its_account_lasts_this_run() {
    let dir = tempfile::tempdir().expect("dir");
    let app = App::open(
        crate::support::config(dir.path().join("data"), free_port()),
        Arc::new(NoKeychain),
    )
    .expect("open");
    app.start().await.expect("start");
    let state = app.state().await.expect("state");
    let sandbox = state.sandbox.expect("the Sandbox runs");
    assert!(!sandbox.kept, "the keychain refused it");
    assert!(
        sandbox
            .not_kept_because
            .is_some_and(|why| why.contains("keychain")),
        "the reason is given"
    );
    assert!(!sandbox.api_key.is_empty(), "the running account is shown");
    assert_eq!(
        statuses(&app.connect_check().await.expect("check")),
        [StepStatus::Passed; 4],
        "the Check uses the running account"
    );
    app.webhooks_save(
        "https://abc123.ngrok.app",
        &callboard_core::webhooks::WebhookSettings::default(),
    )
    .await
    .expect("save");
    assert!(
        app.webhooks_plan().await.expect("plan").changes > 0,
        "pushes work with the running account"
    );
    app.webhooks_push(true).await.expect("pushed");
    assert!(
        app.state()
            .await
            .expect("state")
            .undo_available_since
            .is_some(),
        "and Undo is offered for them"
    );
    app.webhooks_undo().await.expect("undone");
    app.shutdown().await;
}

#[tokio::test]
async fn deleting_a_profile_removes_its_secrets_and_calls_and_the_sandbox_stays() {
    let (app, _dir) = open_app(free_port());
    let sandbox = app.state().await.expect("state").active_profile;
    let acme = app
        .profile_create("Acme")
        .await
        .expect("create")
        .active_profile;
    app.profile_set_secret(SecretName::ApiSecret, "acme-api-secret-123")
        .await
        .expect("stored");
    app.profile_set_secret(SecretName::SignatureSecret, "acme-signature-secret-456")
        .await
        .expect("stored");
    assert!(
        app.secrets()
            .get(acme.id.0, SecretName::ApiSecret)
            .expect("keychain")
            .is_some()
    );

    // The active profile deleted: its secrets leave the keychain, the Sandbox is active.
    let state = app.profile_delete(acme.id).await.expect("deleted");
    assert_eq!(state.active_profile.id, sandbox.id);
    assert!(
        state.profiles.iter().all(|p| p.id != acme.id),
        "gone from the list"
    );
    for name in [
        SecretName::ApiSecret,
        SecretName::SignatureSecret,
        SecretName::PrivateKey,
    ] {
        assert!(
            app.secrets()
                .get(acme.id.0, name)
                .expect("keychain")
                .is_none(),
            "{name:?} left in the keychain"
        );
    }
    // A name can be used again, and another profile deleted while it is not active.
    let again = app
        .profile_create("Acme")
        .await
        .expect("the name is free")
        .active_profile;
    app.profile_activate(sandbox.id).await.expect("back");
    let state = app.profile_delete(again.id).await.expect("deleted");
    assert_eq!(
        state.active_profile.id, sandbox.id,
        "the active profile is unchanged"
    );

    // The Sandbox profile, and a profile that is not there, are refused with why.
    let error = app
        .profile_delete(sandbox.id)
        .await
        .expect_err("the Sandbox stays")
        .to_string();
    assert!(error.contains("Sandbox profile is always there"), "{error}");
    let error = app
        .profile_delete(again.id)
        .await
        .expect_err("gone")
        .to_string();
    assert!(error.contains("does not exist"), "{error}");
    app.shutdown().await;
}
