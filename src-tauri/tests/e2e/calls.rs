//! Calls on the Sandbox, in the real window: the corrected setup-guide NCCO made active,
//! the application's webhooks pushed to the listener, a call placed from the Calls
//! section, its timeline (started, ringing, answered, the answer request with the NCCO
//! served, the WebSocket session with its frames), the virtual phone hearing the
//! greeting as a caption and the listener's tone on its speaker, a hang-up from the
//! window, completed, and the stream's recording played.

use crate::driver::{AppWindow, free_port};

#[tokio::test]
async fn a_sandbox_call_is_placed_followed_hung_up_and_its_recording_played() {
    let port = free_port();
    let window = AppWindow::launch(port).await;

    // The setup guide's flow, done right, is the NCCO the answer webhook serves.
    window.click("[data-testid=nav-compose]").await;
    window.click("[data-testid=ncco-new]").await;
    window.click("[data-testid=template-setup-guide]").await;
    window
        .type_into("[data-testid=ncco-name]", "Setup guide, corrected")
        .await;
    window.click("[data-testid=ncco-save]").await;
    window
        .wait_for_text("[data-testid=ncco-notice]", "Saved")
        .await;
    window.click("[data-testid=ncco-activate]").await;
    window.find("[data-testid=ncco-active-badge]").await;

    // The Sandbox application's webhooks point at the listener.
    window.click("[data-testid=nav-webhooks]").await;
    window
        .type_into(
            "[data-testid=public-url]",
            &format!("http://127.0.0.1:{port}"),
        )
        .await;
    window.push_webhooks().await;

    // The listener answers the call's audio with a test tone, which the phone will hear.
    window.click("[data-testid=nav-inspector]").await;
    window.click("[data-testid=listener-settings-toggle]").await;
    window
        .click("select[data-testid=stream-reply] option[value=tone]")
        .await;
    window.click("[data-testid=listener-settings-save]").await;
    window.wait_gone("[data-testid=listener-settings]").await;

    // A call from the Calls section, answered by the virtual phone.
    window.click("[data-testid=nav-calls]").await;
    // On the Sandbox the number to call is filled in: the virtual phone's.
    let started = std::time::Instant::now();
    while window.value_now("[data-testid=call-to]").await.is_empty()
        && started.elapsed() < std::time::Duration::from_secs(10)
    {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        window.value_now("[data-testid=call-to]").await,
        "447700900999"
    );
    // A national number first: refused with what to type instead, nothing placed.
    window
        .type_into("[data-testid=call-to]", "07700 900123")
        .await;
    window.click("[data-testid=call-place]").await;
    window
        .wait_for_text("[data-testid=calls-error]", "start with the country code")
        .await;
    assert!(window.exists("[data-testid=calls-empty]").await);
    window.screenshot("calls-bad-number").await;
    window
        .type_into("[data-testid=call-to]", "+44 7700 900123")
        .await;
    window.click("[data-testid=call-place]").await;
    for title in ["started", "ringing", "answered", "Answer webhook"] {
        window.wait_for_text("[data-testid=timeline]", title).await;
    }
    let served = window
        .find("[data-testid=timeline-ncco]")
        .await
        .prop("textContent")
        .await
        .expect("text")
        .unwrap_or_default();
    assert!(
        served.contains(&format!("ws://127.0.0.1:{port}/ws/vonage-stream/")),
        "the NCCO served connects to the listener's stream route: {served}"
    );
    window
        .wait_for_text("[data-testid=timeline]", "Audio stream (open)")
        .await;
    // Frames arrive in real time: wait for a second's worth on the timeline.
    let started = std::time::Instant::now();
    loop {
        let text = window
            .find("[data-testid=timeline]")
            .await
            .text()
            .await
            .unwrap_or_default();
        let frames = text
            .split("audio/l16;rate=16000: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        if frames >= 50 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "frames never reached the timeline: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // The phone heard the greeting.
    window.click("[data-testid=nav-phone]").await;
    window
        .wait_for_text("[data-testid=phone-call-state]", "In a call")
        .await;
    let heard = window
        .wait_for_text(
            "[data-testid=phone-captions]",
            "connected to the voice assistant",
        )
        .await;
    assert!(!heard.is_empty());
    window.click("[data-testid=phone-speaker-on]").await;
    let started = std::time::Instant::now();
    loop {
        let heard = window
            .wait_for_text("[data-testid=phone-heard]", "frames heard")
            .await;
        let frames: u32 = heard
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if frames >= 10 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the phone never heard the tone: {heard}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // What the phone says is kept on its screen (a speech input would hear it).
    window
        .type_into("[data-testid=phone-say-text]", "hello")
        .await;
    window.click("[data-testid=phone-say]").await;
    window
        .wait_for_text(
            "[data-testid=phone-captions]",
            "It said \u{201c}hello\u{201d}",
        )
        .await;
    window.screenshot("phone-in-call").await;

    window.click("[data-testid=nav-calls]").await;
    assert_eq!(
        window.value_of("[data-testid=call-to]").await,
        "+44 7700 900123",
        "the dialer keeps what was typed across sections"
    );
    window.click("[data-testid=call-row]").await;
    window.screenshot("calls-live").await;
    // Muted from the Calls section, the Sandbox phone shows it.
    window.click("[data-testid=call-mute]").await;
    window.click("[data-testid=nav-phone]").await;
    window
        .wait_for_text("[data-testid=phone-muted]", "MUTED")
        .await;
    window
        .wait_for_text(
            "[data-testid=phone-captions]",
            "Muted: the call no longer hears this phone",
        )
        .await;
    window.click("[data-testid=nav-calls]").await;
    window.click("[data-testid=call-row]").await;
    window.click("[data-testid=call-hangup]").await;
    window
        .wait_for_text("[data-testid=call-status]", "completed")
        .await;
    window
        .wait_for_text("[data-testid=timeline]", "Audio stream (closed)")
        .await;
    let completed = window
        .wait_for_text("[data-testid=timeline]", "The call ended after")
        .await;
    window
        .wait_for_text("[data-testid=timeline]", "You muted the call")
        .await;
    assert!(
        completed.contains("when you hung up from Callboard"),
        "{completed}"
    );
    assert!(
        !window.exists("[data-testid=call-hangup]").await,
        "no controls once it is over"
    );
    window.click("[data-testid=timeline-stream-play]").await;
    // Decoded and playing on the speakers (Web Audio).
    let length = window
        .wait_for_text("[data-testid=timeline-stream-play-length]", "Play")
        .await;
    let seconds: f64 = length
        .rsplit("· ")
        .next()
        .and_then(|s| s.trim_end_matches(" s").parse().ok())
        .expect("seconds");
    assert!(
        seconds >= 1.0,
        "at least the second of frames counted: {length}"
    );

    window.screenshot("calls-timeline").await;
    window.close().await;
}
