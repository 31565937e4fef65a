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

/// What scrolls sideways, or is cut off at the right, inside the section shown: each as
/// `tag.class (scroll width > width)`. Empty when the layout holds.
const SIDEWAYS: &str = r"
const section = document.querySelector('[data-testid^=section-]');
const found = [];
const ancestors = [];
for (let e = section.parentElement; e; e = e.parentElement) ancestors.push(e);
for (const e of [...ancestors, section, ...section.querySelectorAll('*')]) {
  const style = getComputedStyle(e);
  if (style.display === 'none' || e.closest('.svelte-flow, .cm-editor')) continue;
  const scrolls = ['auto', 'scroll'].includes(style.overflowX);
  if (scrolls && e.scrollWidth > e.clientWidth + 1) {
    found.push(`${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(0, 3).join('.')} (${e.scrollWidth} > ${e.clientWidth})`);
  }
}
const bounds = section.getBoundingClientRect();
for (const e of section.querySelectorAll('button, input, select, td, th')) {
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > bounds.right + 1 && !e.closest('.svelte-flow')) {
    found.push(`${e.tagName.toLowerCase()} '${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}' ends at ${Math.round(r.right)} > ${Math.round(bounds.right)}`);
  }
}
return found;
";

/// Whether any two cells of a table's rows overlap (text printed over text).
const OVERLAPS: &str = r"
const found = [];
for (const row of document.querySelectorAll('[data-testid^=section-] tr')) {
  const cells = [...row.children].map((c) => [c, c.getBoundingClientRect()]);
  for (let i = 1; i < cells.length; i++) {
    const [a, ra] = cells[i - 1], [b, rb] = cells[i];
    for (const child of a.querySelectorAll('*')) {
      const rc = child.getBoundingClientRect();
      if (rc.width > 0 && rc.right > rb.left + 1 && rc.top < rb.bottom && rc.bottom > rb.top) {
        found.push(`'${child.textContent.trim().slice(0, 20)}' runs into '${b.textContent.trim().slice(0, 20)}'`);
      }
    }
  }
}
return found;
";

#[tokio::test]
async fn every_section_holds_at_the_minimum_window_size() {
    let port = free_port();
    let window = AppWindow::launch(port).await;
    window
        .client
        .set_window_size(960, 620)
        .await
        .expect("the window resizes");
    // Rows in the Inspector, as a first look at a call gives it.
    for query in ["?to=447700900123&from=447700900000&uuid=u1", "?uuid=u2"] {
        http_get(
            port,
            &format!("/api/hume-twilio/vonage-voice-webhook/{query}"),
        )
        .expect("the listener answers");
    }
    for id in [
        "connect",
        "webhooks",
        "compose",
        "flows",
        "calls",
        "tests",
        "inspector",
        "phone",
        "doctor",
    ] {
        window.click(&format!("[data-testid=nav-{id}]")).await;
        window.find(&format!("[data-testid=section-{id}] h1")).await;
        if id == "inspector" {
            window.find("[data-testid=exchange-row]").await;
        }
        let sideways = window
            .client
            .execute(SIDEWAYS, vec![])
            .await
            .expect("layout measured");
        let overlaps = window
            .client
            .execute(OVERLAPS, vec![])
            .await
            .expect("cells measured");
        window.screenshot(&format!("min-size-{id}")).await;
        assert_eq!(sideways, serde_json::json!([]), "{id} at 960×620: sideways");
        assert_eq!(overlaps, serde_json::json!([]), "{id} at 960×620: overlaps");
    }
    window.close().await;
}
