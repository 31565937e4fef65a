//! Help where the user is: F1 opens the section's help page, the glossary explains the
//! words as tooltips where they appear, the shortcuts are listed; the native menu's
//! items reach the window (sections, File › New flow, Help › Keyboard shortcuts), zoom
//! works, and Help › Report a problem writes a support bundle with the log in it.

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use crate::driver::{AppWindow, free_port};

async fn press(window: &AppWindow, keys: KeyActions) {
    window
        .client
        .perform_actions(keys)
        .await
        .expect("key actions");
}

#[tokio::test]
async fn f1_the_glossary_and_the_menu_bring_help_and_sections() {
    let window = AppWindow::launch(free_port()).await;
    window.click("[data-testid=nav-compose]").await;

    // F1: the Compose help page, beside the section.
    press(
        &window,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::F1.into(),
            })
            .then(KeyAction::Up {
                value: Key::F1.into(),
            }),
    )
    .await;
    window
        .wait_for_text("[data-testid=help-title]", "Compose")
        .await;
    let page = window
        .find("[data-testid=help-panel]")
        .await
        .text()
        .await
        .expect("help text")
        .to_lowercase();
    for part in ["steps", "what can go wrong", "make active"] {
        assert!(page.contains(part), "the help page has {part:?}: {page}");
    }
    // The header's purpose explains NCCO in a tooltip.
    let term = window
        .find("[data-testid=section-compose] header abbr[data-term=NCCO]")
        .await;
    let meaning = term.attr("title").await.expect("title").unwrap_or_default();
    assert!(meaning.contains("Call Control Object"), "{meaning}");
    window.click("[data-testid=help-tab-glossary]").await;
    window
        .wait_for_text("[data-testid=glossary]", "E.164")
        .await;
    window.screenshot("help-glossary").await;

    // Esc closes the panel.
    press(
        &window,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Escape.into(),
            })
            .then(KeyAction::Up {
                value: Key::Escape.into(),
            }),
    )
    .await;
    window.wait_gone("[data-testid=help-panel]").await;

    // The native menu: View › Calls, File › New flow, Help › Keyboard shortcuts.
    window
        .menu(json!({"action": "section", "section": "calls"}))
        .await;
    window.find("[data-testid=section-calls]").await;
    window.click("[data-testid=nav-flows]").await;
    window.click("[data-testid=flow-new]").await;
    window
        .click("[data-testid=flow-template-keypad-menu]")
        .await;
    assert_eq!(
        window.value_now("[data-testid=flow-name]").await,
        "Keypad menu"
    );
    window
        .menu(json!({"action": "section", "section": "calls"}))
        .await;
    window.find("[data-testid=section-calls]").await;
    window.menu(json!({"action": "new_flow"})).await;
    window.find("[data-testid=section-flows]").await;
    let started = std::time::Instant::now();
    while window.value_now("[data-testid=flow-name]").await != "Untitled flow" {
        assert!(
            started.elapsed().as_secs() < 15,
            "File › New flow opens a new flow"
        );
    }
    window.menu(json!({"action": "shortcuts"})).await;
    window
        .wait_for_text("[data-testid=help-panel]", "Ctrl+4")
        .await;
    window
        .wait_for_text("[data-testid=help-panel]", "Open Flows")
        .await;
    window.screenshot("help-shortcuts").await;

    // Zoom, by the keys the menu shows, and back.
    let zoomed = window.invoke("window_zoom", json!({"change": "in"})).await;
    assert!(
        (zoomed.as_f64().unwrap_or_default() - 1.1).abs() < 1e-9,
        "{zoomed}"
    );
    let reset = window
        .invoke("window_zoom", json!({"change": "reset"}))
        .await;
    assert!(
        (reset.as_f64().unwrap_or_default() - 1.0).abs() < 1e-9,
        "{reset}"
    );

    // Help › Report a problem: the bundle (saved where the save dialog points; here the
    // data folder, which file commands accept) holds the version and the log's lines.
    let path = window.data_dir().join("support.json");
    let said = window
        .invoke(
            "app_support_bundle",
            json!({"path": path.to_string_lossy()}),
        )
        .await;
    assert!(
        said.as_str().is_some_and(|s| s.contains("log lines")),
        "{said}"
    );
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the bundle is written"))
            .expect("JSON");
    assert_eq!(bundle["callboard"], json!(env!("CARGO_PKG_VERSION")));
    let log = bundle["log"].as_array().expect("log lines");
    assert!(
        log.iter().any(|line| line
            .as_str()
            .is_some_and(|l| l.contains("the window is ready"))),
        "{log:?}"
    );
    // Outside the data folder and without the dialog, a path is refused.
    let refused = window
        .invoke(
            "app_support_bundle",
            json!({"path": "/tmp/callboard-elsewhere.json"}),
        )
        .await;
    assert!(refused.get("error").is_some(), "{refused}");
    // So is it for a command whose adapter the contract generates: the path is checked
    // before the app is asked; a path the check lets by reaches the app (here, a file
    // that is not there).
    let not_chosen = window
        .invoke("ncco_import", json!({"path": "/etc/hostname"}))
        .await;
    assert!(
        not_chosen["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("was not chosen in a file dialog")),
        "{not_chosen}"
    );
    let missing = window.data_dir().join("no-such.json");
    let reached = window
        .invoke("ncco_import", json!({"path": missing.to_string_lossy()}))
        .await;
    let message = reached["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty() && !message.contains("was not chosen"),
        "{reached}"
    );
    window.close().await;
}
