//! Call tests, in the real window: with the keypad menu flow active, a test written as
//! steps in the Tests section's form (hear the menu, press 2, hear support) runs as a
//! Sandbox call and passes beside the call's timeline; the call, saved as a test from its
//! timeline in Calls, replays green.

use crate::driver::{AppWindow, free_port};

#[tokio::test]
async fn a_test_built_in_the_form_passes_and_a_call_saved_as_a_test_replays_green() {
    let port = free_port();
    let window = AppWindow::launch(port).await;

    // On the Sandbox no tunnel is needed, and Webhooks says so with the address to use.
    window.click("[data-testid=nav-webhooks]").await;
    window
        .wait_for_text("[data-testid=public-url-sandbox]", "no tunnel is needed")
        .await;
    window.click("[data-testid=use-listener-address]").await;
    assert_eq!(
        window.value_now("[data-testid=public-url]").await,
        format!("http://127.0.0.1:{port}")
    );
    window.push_webhooks().await;

    // The keypad menu, from its template, answers the calls.
    window.click("[data-testid=nav-flows]").await;
    window.click("[data-testid=flow-new]").await;
    window
        .click("[data-testid=flow-template-keypad-menu]")
        .await;
    window.click("[data-testid=flow-activate]").await;
    window.find("[data-testid=flow-active-badge]").await;

    // A test written as steps.
    window.click("[data-testid=nav-tests]").await;
    window.find("[data-testid=section-tests]").await;
    window.click("[data-testid=test-new]").await;
    window
        .type_into("[data-testid=test-name]", "Pressing 2 reaches support")
        .await;
    window
        .type_into(
            "[data-testid=test-step-0] [data-testid=test-step-value]",
            "Press 1 for sales",
        )
        .await;
    window.click("[data-testid=test-add-step]").await;
    window
        .click("[data-testid=test-step-1] select[data-testid=test-step-kind] option[value=press]")
        .await;
    window
        .type_into(
            "[data-testid=test-step-1] [data-testid=test-step-value]",
            "2",
        )
        .await;
    window.click("[data-testid=test-add-step]").await;
    window
        .type_into(
            "[data-testid=test-step-2] [data-testid=test-step-value]",
            "support",
        )
        .await;
    window.click("[data-testid=test-add-step]").await;
    window
        .click("[data-testid=test-step-3] select[data-testid=test-step-kind] option[value=reach]")
        .await;
    window
        .type_into(
            "[data-testid=test-step-3] [data-testid=test-step-value]",
            "Support",
        )
        .await;
    window.click("[data-testid=test-run]").await;
    window
        .wait_for_text("[data-testid=test-verdict]", "Passed")
        .await;
    let steps = window
        .wait_for_text("[data-testid=test-run-steps]", "reach the step Support")
        .await;
    assert!(steps.contains("press 2"), "{steps}");
    window
        .wait_for_text(
            "[data-testid=test-result] [data-testid=timeline]",
            "pressed 2 → Support",
        )
        .await;
    window.screenshot("tests-passed").await;

    // The call, saved as a test from its timeline, replays green.
    window.click("[data-testid=nav-calls]").await;
    window.click("[data-testid=call-row]").await;
    window.click("[data-testid=call-save-test]").await;
    window
        .wait_for_text("[data-testid=calls-notice]", "Saved as the test")
        .await;
    window.click("[data-testid=nav-tests]").await;
    window
        .wait_for_text("[data-testid=tests]", "Recorded call")
        .await;
    window
        .click("li:nth-child(2) > [data-testid=test-row]")
        .await;
    window.click("[data-testid=test-run]").await;
    window
        .wait_for_text("[data-testid=test-verdict]", "Passed")
        .await;
    window.screenshot("tests-recorded-replay").await;
    window.close().await;
}
