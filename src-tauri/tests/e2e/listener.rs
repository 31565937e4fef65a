//! A busy listener port is explained in the window, and the user can move the listener.

use crate::driver::{AppWindow, free_port, http_get};

#[tokio::test]
async fn a_busy_port_is_explained_and_another_port_can_be_chosen() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let busy = holder.local_addr().expect("addr").port();
    let window = AppWindow::launch(busy).await;

    window
        .wait_for_text("[data-testid=listener-alert]", "already in use")
        .await;
    window
        .wait_for_text(
            "[data-testid=listener-text]",
            &format!("Port {busy} is in use"),
        )
        .await;
    window.screenshot("port-busy").await;

    // Typed over as a person does: select all, type (the field used to refill itself
    // with the old port once emptied, so this gave the old port with 80 after it).
    let input = "[data-testid=listener-alert] [data-testid=port-input]";
    let submit = "[data-testid=listener-alert] [data-testid=port-submit]";
    window.type_into(input, "80").await;
    assert_eq!(window.value_of(input).await, "80");
    window.click(submit).await;
    window
        .wait_for_text(
            "[data-testid=listener-alert] [data-testid=port-error]",
            "Choose a port from 1024 to 65535",
        )
        .await;

    let free = free_port();
    window.type_into(input, &free.to_string()).await;
    window.click(submit).await;
    window
        .wait_for_text(
            "[data-testid=listener-text]",
            &format!("Listening on http://127.0.0.1:{free}"),
        )
        .await;
    assert!(
        !window.exists("[data-testid=listener-alert]").await,
        "the alert goes once listening"
    );
    let response = http_get(free, "/api/hume-twilio/vonage-event-callback/")
        .expect("listening on the new port");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    drop(holder);
    window.close().await;
}
