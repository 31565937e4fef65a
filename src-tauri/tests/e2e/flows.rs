//! Flows, in the real window, as the user does it: the keypad menu built on
//! the canvas with the mouse and keyboard and no JSON (a greeting with an input; 1 →
//! Sales, 2 → Support, nothing → the menu again up to 3 times then Goodbye, anything
//! else → Sorry then the menu), made active, a Sandbox call placed, 2 pressed on the
//! phone, "support" in its captions, "pressed 2 → Support" on the timeline, and the
//! path lit on the canvas.

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::driver::{AppWindow, free_port};

const TALK_TEXT: &str = "[data-testid=step-panel] textarea[data-path='/0/text']";

/// Adds a branch from the selected step with the branch form.
async fn branch(window: &AppWindow, kind: &str, keys: Option<&str>, to: &str) {
    window.click(&format!("[data-testid=add-{kind}]")).await;
    if let Some(keys) = keys {
        window
            .type_into("[data-testid=branch-form-keys]", keys)
            .await;
    }
    window
        .type_into("[data-testid=branch-form-target]", to)
        .await;
    window.click("[data-testid=branch-form-add]").await;
    window.wait_gone("[data-testid=branch-form]").await;
}

/// Selects a step by clicking its node, and says what the caller hears there.
async fn edit_step(window: &AppWindow, id: &str, text: &str) {
    window
        .click_in_place(&format!("[data-testid=step-node-{id}]"))
        .await;
    window.find("[data-testid=step-panel]").await;
    window.type_into(TALK_TEXT, text).await;
}

async fn press(window: &AppWindow, key: Key) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    window
        .client
        .perform_actions(actions)
        .await
        .expect("key pressed");
}

#[tokio::test]
async fn builds_the_keypad_menu_on_the_canvas_and_a_sandbox_call_walks_it() {
    let port = free_port();
    let window = AppWindow::launch(port).await;

    // The Sandbox application's webhooks point at the listener.
    window.click("[data-testid=nav-webhooks]").await;
    window
        .type_into(
            "[data-testid=public-url]",
            &format!("http://127.0.0.1:{port}"),
        )
        .await;
    window.push_webhooks().await;

    // A blank flow: one step, renamed Menu, greeting and collecting a key.
    window.click("[data-testid=nav-flows]").await;
    window.find("[data-testid=section-flows]").await;
    window.click("[data-testid=flow-new]").await;
    window.click("[data-testid=flow-template-blank]").await;
    window
        .type_into("[data-testid=flow-name]", "Sales and support")
        .await;
    window.type_into("[data-testid=step-name]", "Menu").await;
    window
        .type_into(TALK_TEXT, "Press 1 for sales, or 2 for support.")
        .await;
    window
        .click("select[data-testid=step-add-action] option[value=input]")
        .await;
    window.find("[data-testid=add-keys]").await;
    // Keys pressed during the prompt are lost unless it can be interrupted: the
    // flow says so on the step, and the form turns it on.
    window
        .wait_for_text("[data-testid=flow-findings]", "Turn on Barge in")
        .await;
    window
        .click("[data-testid=step-panel] select[data-path='/0/bargeIn'] option[value=true]")
        .await;

    // Its branches, each target typed by name: a new name makes the step.
    branch(&window, "keys", Some("1"), "Sales").await;
    branch(&window, "keys", Some("2"), "Support").await;
    branch(&window, "no_input", None, "Menu").await;
    branch(&window, "other", None, "Sorry").await;
    branch(&window, "repeat", None, "Goodbye").await;
    for id in ["sales", "support", "sorry", "goodbye"] {
        window.find(&format!("[data-testid=step-node-{id}]")).await;
    }
    window.screenshot("flows-menu-branches").await;
    // Bringing a field at the foot of the step panel into view scrolled the panel, never
    // the window as a whole (issue 16: the header once slid away, a blank strip below).
    let window_scrolled = window
        .client
        .execute(
            "let e = document.querySelector('[data-testid=section-flows]'), top = 0; while (e) { top += e.scrollTop + e.scrollLeft; e = e.parentElement; } return top;",
            vec![],
        )
        .await
        .expect("scroll offsets");
    assert_eq!(
        window_scrolled,
        serde_json::json!(0),
        "the window itself scrolled"
    );

    edit_step(&window, "sales", "Connecting you to our sales team.").await;
    edit_step(
        &window,
        "support",
        "You have reached support. Please leave a message after the tone.",
    )
    .await;
    window
        .click("select[data-testid=step-add-action] option[value=record]")
        .await;
    edit_step(&window, "sorry", "Sorry, I didn't get that.").await;
    branch(&window, "next", None, "Menu").await;
    edit_step(&window, "goodbye", "We did not hear from you. Goodbye.").await;

    // The keyboard on the canvas: the arrow keys move between steps, undo and redo.
    window
        .click_in_place("[data-testid=step-node-goodbye]")
        .await;
    press(&window, Key::Left).await;
    assert_eq!(
        window.value_of("[data-testid=step-name]").await,
        "Sorry",
        "the step before Goodbye"
    );
    press(&window, Key::Right).await;
    assert_eq!(window.value_of("[data-testid=step-name]").await, "Goodbye");
    window.click("[data-testid=flow-layout]").await;

    // Nothing is saved yet: leaving Flows and coming back keeps every step (issue 16).
    window.click("[data-testid=nav-calls]").await;
    window.find("[data-testid=section-calls]").await;
    window.click("[data-testid=nav-flows]").await;
    window
        .wait_for_text(
            "[data-testid=flow-notice]",
            "unsaved changes to “Sales and support” were kept",
        )
        .await;
    window
        .wait_for_text("[data-testid=flow-dirty]", "Unsaved changes")
        .await;
    for id in ["start", "sales", "support", "sorry", "goodbye"] {
        window.find(&format!("[data-testid=step-node-{id}]")).await;
    }
    window.screenshot("flows-draft-kept").await;

    window
        .wait_for_text("[data-testid=flow-findings]", "No findings")
        .await;
    window.click("[data-testid=flow-save]").await;
    window
        .wait_for_text("[data-testid=flow-notice]", "Saved")
        .await;
    window.click("[data-testid=flow-activate]").await;
    window.find("[data-testid=flow-active-badge]").await;
    window.screenshot("flows-menu-active").await;

    // A Sandbox call walks it; the phone presses 2.
    window.click("[data-testid=nav-calls]").await;
    window
        .type_into("[data-testid=call-to]", "+44 7700 900123")
        .await;
    window.click("[data-testid=call-place]").await;
    window
        .wait_for_text("[data-testid=timeline]", "call answered → Menu")
        .await;
    // The phone's captions and keypad are beside the live call: no trip to another section
    // while the menu's input waits (issue 16).
    window
        .wait_for_text(
            "[data-testid=calls-phone] [data-testid=phone-captions]",
            "Press 1 for sales",
        )
        .await;
    window
        .click("[data-testid=calls-phone] [data-testid=phone-key-2]")
        .await;
    window
        .wait_for_text("[data-testid=calls-phone] [data-testid=phone-pressed]", "2")
        .await;
    window
        .wait_for_text(
            "[data-testid=calls-phone] [data-testid=phone-captions]",
            "You have reached support",
        )
        .await;
    window.screenshot("flows-phone-support").await;
    window.click("[data-testid=nav-calls]").await;
    window.click("[data-testid=call-row]").await;
    window
        .wait_for_text("[data-testid=timeline]", "pressed 2 → Support")
        .await;
    window.screenshot("flows-timeline").await;

    // The path lit on the canvas.
    window.click("[data-testid=nav-flows]").await;
    window
        .click("select[data-testid=flow-path-call] option:nth-child(2)")
        .await;
    window
        .find("[data-testid=step-node-support][data-on-path=true]")
        .await;
    window
        .find("[data-testid=step-node-start][data-on-path=true]")
        .await;
    assert!(
        window
            .exists("[data-testid=step-node-sales][data-on-path=false]")
            .await,
        "only the steps the call went through are lit"
    );
    window.screenshot("flows-path").await;
    window.close().await;
}
