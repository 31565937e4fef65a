//! The first-call guide in the real window: on a fresh app, each step done by the app
//! (Sandbox, credentials checked, the listener as the address, webhooks pushed, the
//! setup-guide NCCO active, a call placed) ending at the call's timeline, the call hung
//! up to completed; then the Doctor finds nothing that would stop a call.

use crate::driver::{AppWindow, free_port};

#[tokio::test]
async fn the_first_call_guide_walks_to_a_completed_sandbox_call_and_the_doctor_agrees() {
    let window = AppWindow::launch(free_port()).await;
    // Ready: the Sandbox profile loaded and its listener up.
    window
        .wait_for_text("[data-testid=listener-text]", "127.0.0.1")
        .await;
    window.click("[data-testid=guide-open]").await;
    for (step, says) in [
        ("platform", "Using the Sandbox"),
        ("credentials", "checks passed"),
        ("tunnel", "no tunnel is needed"),
        ("webhooks", "Pushed"),
        ("ncco", "is the NCCO the answer webhook serves"),
    ] {
        // The step to do now is brought into view with its button (issue 16: the last
        // steps were below the fold).
        let button = format!("[data-testid=guide-do-{step}]");
        assert!(window.in_view(&button).await, "{step}'s button is in view");
        window.click(&button).await;
        window
            .wait_for_text(
                &format!("[data-testid=guide-step][data-id={step}][data-state=done] [data-testid=guide-result]"),
                says,
            )
            .await;
    }
    assert!(
        window.in_view("[data-testid=guide-do-call]").await,
        "the Call button is in view when its step comes"
    );
    window.screenshot("guide").await;
    window.click("[data-testid=guide-do-call]").await;

    // The guide ends at the call's timeline.
    for title in [
        "started",
        "answered",
        "Answer webhook",
        "Audio stream (open)",
    ] {
        window.wait_for_text("[data-testid=timeline]", title).await;
    }
    window.click("[data-testid=call-hangup]").await;
    window
        .wait_for_text("[data-testid=call-status]", "completed")
        .await;

    // Connect no longer calls this person new.
    window.click("[data-testid=nav-connect]").await;
    window
        .wait_for_text(
            "[data-testid=guide-banner]",
            "You have made your first call",
        )
        .await;
    window.screenshot("guide-done").await;

    window.click("[data-testid=nav-doctor]").await;
    let summary = window
        .wait_for_text("[data-testid=doctor-summary]", "Nothing stops a call.")
        .await;
    assert!(summary.contains("12 passed"), "{summary}");
    window.screenshot("doctor").await;
    window.close().await;
}
