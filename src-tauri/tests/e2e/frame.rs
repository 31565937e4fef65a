//! The window opens with its frame: sidebar, sections, status bar with the listener.

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::driver::{AppWindow, free_port, http_get};

const SECTIONS: [(&str, &str); 7] = [
    ("connect", "Connect"),
    ("webhooks", "Webhooks"),
    ("compose", "Compose"),
    ("calls", "Calls"),
    ("inspector", "Inspector"),
    ("phone", "Sandbox phone"),
    ("doctor", "Doctor"),
];

#[tokio::test]
async fn window_shows_the_listener_address_and_reaches_every_section() {
    let port = free_port();
    let window = AppWindow::launch(port).await;

    let address = format!("http://127.0.0.1:{port}");
    window
        .wait_for_text(
            "[data-testid=listener-text]",
            &format!("Listening on {address}"),
        )
        .await;
    window
        .wait_for_text("[data-testid=status-profile]", "Sandbox")
        .await;
    let response = http_get(
        port,
        "/api/hume-twilio/vonage-voice-webhook/?to=1&from=2&uuid=3",
    )
    .expect("the address shown is really listening");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    for (id, label) in SECTIONS {
        window.click(&format!("[data-testid=nav-{id}]")).await;
        let heading = window.find(&format!("[data-testid=section-{id}] h1")).await;
        assert_eq!(
            heading.text().await.expect("heading text"),
            label,
            "section {id} shows its title"
        );
        if id == "webhooks" {
            window
                .wait_for_text("[data-testid=ngrok-command]", &format!("ngrok http {port}"))
                .await;
            window.screenshot("webhooks").await;
        }
    }

    // Keyboard: Ctrl+2 goes to Webhooks from anywhere.
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Control.into(),
        })
        .then(KeyAction::Down { value: '2' })
        .then(KeyAction::Up { value: '2' })
        .then(KeyAction::Up {
            value: Key::Control.into(),
        });
    window
        .client
        .perform_actions(keys)
        .await
        .expect("key actions");
    window.find("[data-testid=section-webhooks]").await;

    window.click("[data-testid=nav-connect]").await;
    window.find("[data-testid=connection-card]").await;
    window.screenshot("frame").await;
    window.close().await;
}

#[tokio::test]
async fn a_damaged_database_is_explained_in_the_window_and_left_as_it_was() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let database = data_dir.path().join("callboard.sqlite3");
    let garbage =
        b"this file is not a database: it was damaged, or written by another program".repeat(20);
    std::fs::write(&database, &garbage).expect("write");
    let window = AppWindow::launch_in(data_dir, free_port()).await;
    let alert = window
        .wait_for_text("[role=alert]", "could not load its state")
        .await;
    assert!(
        alert.contains("is damaged or is not a Callboard database"),
        "the cause is named: {alert}"
    );
    assert!(
        alert.contains("callboard.sqlite3"),
        "the file is named: {alert}"
    );
    window.screenshot("damaged-database").await;
    assert_eq!(
        std::fs::read(&database).expect("read"),
        garbage,
        "nothing is overwritten"
    );
    window.close().await;
}
