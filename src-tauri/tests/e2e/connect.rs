//! Connect: a person creates a profile for a Vonage account (here a Sandbox started by
//! the test plays Vonage over real HTTP), enters the key, secret and application ID,
//! pastes a wrong private key and sees the Check fail at the key step, imports the
//! application's private.key file and sees every step pass.

use callboard_sandbox::SandboxAccount;
use callboard_vonage::PrivateKey;

use crate::driver::{AppWindow, free_port};

const STEPS: [&str; 4] = ["credentials", "application", "private_key", "voice_token"];

async fn step_statuses(window: &AppWindow) -> Vec<String> {
    let mut statuses = Vec::new();
    for step in STEPS {
        let element = window
            .find(&format!("[data-testid=check-step-{step}]"))
            .await;
        statuses.push(
            element
                .attr("data-status")
                .await
                .expect("attribute")
                .unwrap_or_default(),
        );
    }
    statuses
}

#[tokio::test]
async fn a_new_profile_is_checked_step_by_step_and_a_wrong_key_fails_at_its_step() {
    let account = SandboxAccount::generate();
    let vonage = callboard_sandbox::serve("127.0.0.1:0".parse().expect("addr"), account.clone())
        .await
        .expect("sandbox");
    let window = AppWindow::launch(free_port()).await;
    window.click("[data-testid=nav-connect]").await;

    window
        .type_into("[data-testid=profile-new-name]", "Acme test account")
        .await;
    window.click("[data-testid=profile-create]").await;
    // Asked first: a new profile takes over the listener and calls.
    window
        .wait_for_text("[data-testid=profile-create-confirm]", "switch to it?")
        .await;
    window.click("[data-testid=profile-create-yes]").await;
    window
        .wait_for_text("[data-testid=status-profile]", "Acme test account")
        .await;

    // Calling before the account is set up says what to do first, and opens where (issue 11).
    window.click("[data-testid=nav-calls]").await;
    window
        .type_into("[data-testid=call-to]", "447700900123")
        .await;
    window.click("[data-testid=call-place]").await;
    window
        .wait_for_text("[data-testid=calls-error]", "first")
        .await;
    window
        .find("[data-testid=calls-error][data-kind=precondition]")
        .await;
    let open = window
        .wait_for_text("[data-testid=error-open-section]", "Open")
        .await;
    window.screenshot("calls-do-first").await;
    let section = if open.contains("Webhooks") {
        "webhooks"
    } else {
        "connect"
    };
    window.click("[data-testid=error-open-section]").await;
    window
        .find(&format!("[data-testid=section-{section}] h1"))
        .await;
    window.click("[data-testid=nav-connect]").await;
    // Where each credential is found in Vonage's dashboard is said beside it.
    window
        .wait_for_text("[data-testid=where-api-key]", "API Settings")
        .await;
    window
        .wait_for_text(
            "[data-testid=where-private-key]",
            "Generate public and private key",
        )
        .await;

    window
        .type_into("[data-testid=conn-api-key]", &account.api_key)
        .await;
    window
        .type_into("[data-testid=conn-app-id]", &account.application_id)
        .await;
    // An address that is not http(s): the error says so and marks the input it is about.
    window
        .type_into("[data-testid=conn-base-url]", "ftp://api.nexmo.com")
        .await;
    window.click("[data-testid=conn-save]").await;
    window
        .wait_for_text("[data-testid=error-connection]", "must start with https://")
        .await;
    assert!(
        window
            .exists("[data-testid=conn-base-url][aria-invalid=true]")
            .await,
        "the API base URL input is marked as the one to correct"
    );
    assert!(!window.exists("[data-testid=conn-name][aria-invalid]").await);
    window
        .type_into("[data-testid=conn-base-url]", &vonage.base_url())
        .await;
    window.click("[data-testid=conn-save]").await;
    window
        .wait_for_text("[data-testid=connect-saved]", "Connection saved")
        .await;
    assert!(
        !window
            .exists("[data-testid=conn-base-url][aria-invalid]")
            .await,
        "corrected, it is no longer marked"
    );

    window
        .type_into("[data-testid=secret-api_secret]", &account.api_secret)
        .await;
    window.click("[data-testid=secret-api_secret-save]").await;
    window
        .wait_for_text("[data-testid=connect-saved]", "keychain")
        .await;

    // A key that is not the application's: the first two steps pass, the key step fails.
    let wrong =
        PrivateKey::from_rsa(rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key"));
    window
        .type_into("[data-testid=key-paste]", &wrong.to_pem())
        .await;
    window.click("[data-testid=key-paste-save]").await;
    window
        .wait_for_text("[data-testid=key-status]", "stored in the keychain")
        .await;
    window.click("[data-testid=connect-check]").await;
    window.find("[data-testid=check-steps]").await;
    assert_eq!(
        step_statuses(&window).await,
        ["passed", "passed", "failed", "skipped"]
    );
    window
        .wait_for_text(
            "[data-testid=check-step-private_key]",
            "does not match the application's public key",
        )
        .await;
    window.screenshot("connect-wrong-key").await;

    // The application's own key, imported from its private.key file: every step passes.
    let key_dir = tempfile::tempdir().expect("dir");
    let key_file = key_dir.path().join("private.key");
    std::fs::write(&key_file, account.private_key.to_pem()).expect("write the key file");
    window
        .find("input[data-testid=key-import]")
        .await
        .send_keys(key_file.to_str().expect("utf-8 path"))
        .await
        .expect("the file is chosen");
    window
        .wait_for_text("[data-testid=connect-saved]", "from private.key stored")
        .await;
    window.click("[data-testid=connect-check]").await;
    window
        .wait_for_text(
            "[data-testid=check-step-voice_token]",
            "A signed JWT was accepted",
        )
        .await;
    assert_eq!(
        step_statuses(&window).await,
        ["passed", "passed", "passed", "passed"]
    );
    window.screenshot("connect-passed").await;

    // A key that is not a key is refused on the spot, with what it is.
    window
        .type_into(
            "[data-testid=key-paste]",
            "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
        )
        .await;
    window.click("[data-testid=key-paste-save]").await;
    window
        .wait_for_text("[data-testid=error-key]", "this is a public key")
        .await;

    // The profile can be deleted, after a question; the Sandbox becomes active again.
    window
        .click("button[data-testid^=profile-delete-]:not([data-testid=profile-delete-yes])")
        .await;
    window
        .wait_for_text(
            "[data-testid=profile-delete-confirm]",
            "removed from the keychain",
        )
        .await;
    window.screenshot("connect-delete-profile").await;
    window.click("[data-testid=profile-delete-yes]").await;
    window
        .wait_for_text("[data-testid=status-profile]", "Sandbox")
        .await;
    window
        .wait_gone("[data-testid=profile-delete-confirm]")
        .await;
    window.close().await;
}
