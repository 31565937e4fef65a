//! Compose: a person builds the corrected setup-guide NCCO from the palette, makes the
//! classic mistake, sees it explained on the field, fixes it in one click, saves it,
//! makes it active, and the answer webhook serves it with the call's placeholders.

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::driver::{AppWindow, free_port, http_get};

const URI: &str = "input[data-path='/1/endpoint/0/uri']";
const URI_FINDING: &str = "[data-testid=finding][data-path='/1/endpoint/0/uri']";

async fn press_escape(window: &AppWindow) {
    let escape = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Escape.into(),
        })
        .then(KeyAction::Up {
            value: Key::Escape.into(),
        });
    window
        .client
        .perform_actions(escape)
        .await
        .expect("Escape pressed");
}

#[tokio::test]
async fn builds_fixes_saves_and_activates_the_setup_guide_ncco() {
    let port = free_port();
    let window = AppWindow::launch(port).await;
    window.click("[data-testid=nav-compose]").await;
    window.find("[data-testid=section-compose]").await;

    // The templates menu closes on Escape, as every menu does.
    window.click("[data-testid=ncco-new]").await;
    window.find("[data-testid=template-blank]").await;
    press_escape(&window).await;
    window.wait_gone("[data-testid=template-blank]").await;

    // talk, then connect to the stream route over a websocket
    window.click("[data-testid=palette-talk]").await;
    window
        .type_into(
            "textarea[data-path='/0/text']",
            "Hello, you are connected to the voice assistant.",
        )
        .await;
    // Leaving Compose and coming back keeps the unsaved work, and says so.
    window.click("[data-testid=nav-calls]").await;
    window.find("[data-testid=section-calls]").await;
    window.click("[data-testid=nav-compose]").await;
    window
        .wait_for_text("[data-testid=ncco-notice]", "unsaved changes")
        .await;
    assert_eq!(
        window.value_now("textarea[data-path='/0/text']").await,
        "Hello, you are connected to the voice assistant."
    );
    window.click("[data-testid=palette-connect]").await;
    window
        .click("select[data-path='/1/endpoint/0/type'] option[value=websocket]")
        .await;
    window.find(URI).await;

    // the mistake: an https:// address where Vonage needs a WebSocket address
    window
        .type_into(URI, "https://example.ngrok.app/ws/vonage-stream/{uuid}/")
        .await;
    window
        .wait_for_text(
            URI_FINDING,
            "must be a WebSocket address starting with wss://",
        )
        .await;
    window
        .wait_for_text("[data-testid=ncco-summary]", "1 error")
        .await;
    window.screenshot("compose-finding").await;

    // Plain labels first; the JSON names come with the toggle (and go with it).
    assert!(
        !window
            .exists("[data-field=uri] [data-testid=json-name]")
            .await
    );
    window.click("[data-testid=json-names-toggle]").await;
    window
        .wait_for_text("[data-field=uri] [data-testid=json-name]", "uri")
        .await;
    window.click("[data-testid=json-names-toggle]").await;
    window
        .wait_gone("[data-field=uri] [data-testid=json-name]")
        .await;

    // one click applies the fix on that field
    window
        .click(&format!("{URI_FINDING} [data-testid=fix]"))
        .await;
    window.wait_gone(URI_FINDING).await;
    assert_eq!(
        window.value_of(URI).await,
        "wss://example.ngrok.app/ws/vonage-stream/{uuid}/"
    );
    window
        .wait_for_text("[data-testid=ncco-summary]", "Valid NCCO")
        .await;
    let json = window
        .wait_for_text("[data-testid=json-pane]", "\"websocket\"")
        .await;
    assert!(
        json.contains("wss://example.ngrok.app/ws/vonage-stream/{uuid}/"),
        "the JSON follows the form: {json}"
    );
    assert!(json.contains("\"talk\""), "{json}");

    // a JSON syntax error names its line and column and keeps the cards
    window.click(".cm-content").await;
    let end_then_x = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Control.into(),
        })
        .then(KeyAction::Down {
            value: Key::End.into(),
        })
        .then(KeyAction::Up {
            value: Key::End.into(),
        })
        .then(KeyAction::Up {
            value: Key::Control.into(),
        })
        .then(KeyAction::Down { value: 'x' })
        .then(KeyAction::Up { value: 'x' });
    window
        .client
        .perform_actions(end_then_x)
        .await
        .expect("typing in the JSON pane");
    window
        .wait_for_text("[data-testid=json-syntax-error]", "column")
        .await;
    assert!(
        window.exists("[data-testid=card-1]").await,
        "the form keeps both cards"
    );
    // No badge contradicts it: not "Valid NCCO", not "Saved".
    window
        .wait_for_text("[data-testid=ncco-summary]", "does not parse")
        .await;
    assert!(
        !window
            .wait_for_text("[data-testid=ncco-summary]", "does not parse")
            .await
            .contains("Valid NCCO")
    );
    window
        .wait_for_text("[data-testid=ncco-dirty]", "Unsaved changes")
        .await;
    window.screenshot("compose-syntax-error").await;
    let backspace = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Backspace.into(),
        })
        .then(KeyAction::Up {
            value: Key::Backspace.into(),
        });
    window
        .client
        .perform_actions(backspace)
        .await
        .expect("backspace");
    window.wait_gone("[data-testid=json-syntax-error]").await;

    // save under a name, then make it the NCCO the answer webhook serves
    window
        .type_into("[data-testid=ncco-name]", "Setup guide, corrected")
        .await;
    window.click("[data-testid=ncco-save]").await;
    window
        .wait_for_text("[data-testid=ncco-notice]", "Saved")
        .await;
    window.click("[data-testid=ncco-activate]").await;
    window.find("[data-testid=ncco-active-badge]").await;
    window.screenshot("compose-active").await;

    let response = http_get(
        port,
        "/api/hume-twilio/vonage-voice-webhook/?to=447700900000&from=447700900001&uuid=leg-42",
    )
    .expect("the answer webhook answers");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains("wss://example.ngrok.app/ws/vonage-stream/leg-42/"),
        "the active NCCO is served with the call's uuid: {response}"
    );
    assert!(response.contains("\"action\":\"talk\""), "{response}");

    // Actions added below the fold land in view (issue 16: new cards were added out of sight).
    for _ in 0..4 {
        window.click("[data-testid=palette-record]").await;
    }
    window.screenshot("compose-added").await;
    assert!(
        window.in_view("[data-card]:last-of-type").await,
        "the card just added is in view"
    );
    window.close().await;
}
