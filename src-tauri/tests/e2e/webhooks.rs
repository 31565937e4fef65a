//! Webhooks: on the Sandbox profile, a person enters the public URL, sees what a push
//! would change, learns the address failed its proof, confirms replacing addresses that
//! point elsewhere, pushes, and undoes; each result appears in the card they clicked in.

use crate::driver::{AppWindow, free_port};

#[tokio::test]
async fn enters_a_public_url_sees_the_diff_pushes_and_undoes() {
    let window = AppWindow::launch(free_port()).await;
    window.click("[data-testid=nav-webhooks]").await;

    // A bad address first: refused with what to give instead.
    window
        .type_into("[data-testid=public-url]", "http://192.168.1.20:3000")
        .await;
    window.click("[data-testid=public-url-save]").await;
    window
        .wait_for_text("[data-testid=webhooks-notice]", "over https")
        .await;

    window
        .type_into("[data-testid=public-url]", "https://abc123.ngrok.app")
        .await;
    window.click("[data-testid=plan]").await;
    window
        .wait_for_text("[data-testid=plan-summary]", "3 fields would change")
        .await;
    let diff = window
        .find("[data-testid=diff]")
        .await
        .text()
        .await
        .expect("diff text");
    assert!(
        diff.contains("http://127.0.0.1:3000/api/hume-twilio/vonage-voice-webhook/"),
        "the current address: {diff}"
    );
    assert!(
        diff.contains("https://abc123.ngrok.app/api/hume-twilio/vonage-voice-webhook/"),
        "the new address: {diff}"
    );
    window
        .wait_for_text("[data-testid=plan-proof]", "has not been proved yet")
        .await;
    // The tunnel is made up: its proof fails, and the plan says so.
    window.click("[data-testid=self-check]").await;
    let proof = window
        .wait_for_text("[data-testid=self-check-result]", "abc123.ngrok.app")
        .await;
    assert!(
        proof.contains("abc123.ngrok.app does not exist: is ngrok running")
            && !proof.contains("?."),
        "the cause in plain words, punctuated once: {proof}"
    );
    window
        .wait_for_text("[data-testid=plan-proof]", "failed its proof")
        .await;
    window.screenshot("webhooks-diff").await;

    window.click("[data-testid=push]").await;
    window
        .wait_for_text("[data-testid=confirm-overwrite]", "point at another server")
        .await;
    window
        .wait_for_text(
            "[data-testid=confirm-overwrite]",
            "https://abc123.ngrok.app failed its proof",
        )
        .await;
    window.screenshot("webhooks-confirm").await;
    window
        .wait_for_text(
            "[data-testid=confirm-overwrite]",
            "Answer webhook: http://127.0.0.1:3000",
        )
        .await;
    window.click("[data-testid=push-anyway]").await;
    window
        .wait_for_text(
            "[data-testid=push-card] [data-testid=webhooks-notice]",
            "Pushed 3 changes",
        )
        .await;
    window
        .wait_for_text("[data-testid=plan-summary]", "already up to date")
        .await;
    window.screenshot("webhooks-pushed").await;

    window.click("[data-testid=undo]").await;
    window
        .wait_for_text("[data-testid=webhooks-notice]", "as it was before the push")
        .await;
    window
        .wait_for_text("[data-testid=plan-summary]", "3 fields would change")
        .await;
    window.close().await;
}
