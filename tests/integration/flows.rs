//! Flows through the app on its Sandbox profile: saved with every revision kept, one
//! flow or one NCCO active, and a Sandbox call walking the keypad menu as its caller
//! presses keys, each step on the call's timeline with why it was entered.

use std::time::Duration;

use callboard_core::{
    calls::{NccoSource, PlaceCall},
    flow::{Flow, templates},
};
use serde_json::json;

use crate::support::{free_port, open_app, wait_for};

fn keypad_menu() -> Flow {
    templates::all()
        .into_iter()
        .find(|t| t.id == "keypad-menu")
        .expect("shipped")
        .flow()
}

#[tokio::test]
async fn a_sandbox_call_walks_the_active_flow_as_the_caller_presses_keys() {
    let (app, _dir) = open_app(free_port());
    app.start().await.expect("start");
    let saved = app.flow_save(None, &keypad_menu()).expect("saved");
    app.flow_activate(Some(saved.id)).expect("active");

    let call = app
        .calls_place(PlaceCall {
            to: "447700900123".into(),
            from: None,
            ncco_source: NccoSource::AnswerWebhook,
        })
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "Step: Menu").await;
    app.phone_press(&call.uuid, "2").await.expect("pressed");
    let timeline = wait_for(&app, &call.uuid, "Step: Support").await;
    let support = timeline
        .entries
        .iter()
        .find(|e| e.title == "Step: Support")
        .expect("entered");
    assert_eq!(support.detail, "pressed 2 → Support.");
    let path: Vec<&str> = timeline
        .entries
        .iter()
        .filter_map(|e| e.flow.as_ref()?.step.as_deref())
        .collect();
    assert_eq!(&path[..2], ["menu", "support"], "the path taken: {path:?}");
    let exchanges = app
        .inspector_list(&callboard_core::exchanges::ExchangeFilter {
            call: Some(call.uuid.clone()),
            route: Some("flow".into()),
            ..Default::default()
        })
        .expect("listed");
    assert!(
        exchanges
            .iter()
            .any(|e| e.event_status.as_deref() == Some("pressed 2 → Support")),
        "the flow's exchange is in the Inspector with what it did"
    );
    app.calls_control(&call.uuid, callboard_core::calls::CallControl::Hangup)
        .await
        .expect("hung up");
    app.shutdown().await;
}

#[tokio::test]
async fn every_save_is_a_revision_and_any_can_be_restored() {
    let (app, _dir) = open_app(free_port());
    let mut flow = keypad_menu();
    let first = app.flow_save(None, &flow).expect("saved");
    flow.steps[0].name = "Main menu".into();
    let second = app.flow_save(Some(first.id), &flow).expect("saved again");
    assert_ne!(first.revision, second.revision);
    let revisions = app.flow_revisions(first.id).expect("revisions");
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0].id, second.revision, "newest first");
    let restored = app
        .flow_restore(first.id, first.revision)
        .expect("restored");
    assert_eq!(restored.flow.steps[0].name, "Menu");
    assert_eq!(
        app.flow_revisions(first.id).expect("revisions").len(),
        3,
        "nothing lost"
    );
    let taken = app
        .flow_save(None, &keypad_menu())
        .expect_err("same name")
        .to_string();
    assert!(taken.contains("already exists"), "{taken}");
}

#[tokio::test]
async fn only_a_flow_without_errors_is_served_and_one_flow_or_one_ncco_is_active() {
    let (app, dir) = open_app(free_port());
    let mut broken = keypad_menu();
    broken.name = "Broken".into();
    broken.steps[0].branches[0].to = "deleted".into();
    let saved = app.flow_save(None, &broken).expect("saved with findings");
    assert!(saved.findings.iter().any(|f| f.code == "branch-missing"));
    let refused = app
        .flow_activate(Some(saved.id))
        .expect_err("errors")
        .to_string();
    assert!(refused.contains("cannot serve"), "{refused}");

    let good = app.flow_save(None, &keypad_menu()).expect("saved");
    let ncco = app
        .ncco_save(None, "plain", &json!([{"action": "talk", "text": "hi"}]))
        .expect("saved");
    app.ncco_activate(Some(ncco.id)).expect("active");
    let flows = app.flow_activate(Some(good.id)).expect("active");
    assert!(flows.iter().any(|f| f.id == good.id && f.active));
    assert!(
        app.ncco_list().expect("list").iter().all(|d| !d.active),
        "making a flow active leaves no NCCO active"
    );
    app.ncco_activate(Some(ncco.id)).expect("active again");
    assert!(app.flow_list().expect("list").iter().all(|f| !f.active));

    let mut served = good.flow.clone();
    app.flow_activate(Some(good.id)).expect("active");
    served.steps[0].branches[0].to = "deleted".into();
    let refused = app
        .flow_save(Some(good.id), &served)
        .expect_err("served")
        .to_string();
    assert!(refused.contains("cannot serve"), "{refused}");

    let file = dir.path().join("menu.json");
    app.flow_export(good.id, file.to_str().expect("path"))
        .expect("exported");
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        text,
        keypad_menu().to_file_text(),
        "the file form, which diffs well"
    );
    let imported = app
        .flow_import(file.to_str().expect("path"))
        .expect("imported");
    assert_eq!(imported.flow.name, "Keypad menu (2)");
    std::fs::write(&file, "{\"name\": 1}").expect("write");
    let bad = app
        .flow_import(file.to_str().expect("path"))
        .expect_err("not a flow")
        .to_string();
    assert!(bad.contains("not a flow"), "{bad}");
}

#[tokio::test]
async fn a_busy_connected_party_sends_the_call_down_the_flows_busy_branch() {
    let (app, _dir) = open_app(free_port());
    app.start().await.expect("start");
    let voicemail = templates::all()
        .into_iter()
        .find(|t| t.id == "voicemail-after-no-answer")
        .expect("shipped")
        .flow();
    let saved = app.flow_save(None, &voicemail).expect("saved");
    app.flow_activate(Some(saved.id)).expect("active");
    let phone = app
        .phone_set_connected_party(callboard_core::calls::Pickup::Busy)
        .await
        .expect("set");
    assert_eq!(phone.connected_party, callboard_core::calls::Pickup::Busy);

    let call = app
        .calls_place(PlaceCall {
            to: "447700900123".into(),
            from: None,
            ncco_source: NccoSource::AnswerWebhook,
        })
        .await
        .expect("placed");
    let timeline = wait_for(&app, &call.uuid, "Step: Voicemail").await;
    let entered = timeline
        .entries
        .iter()
        .find(|e| e.title == "Step: Voicemail")
        .expect("entered");
    assert_eq!(
        entered.detail, "busy → Voicemail.",
        "Vonage's synchronous connect event, answered with the branch's NCCO"
    );
    // The recording ends on #, then the next step is asked for.
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.phone_press(&call.uuid, "#").await.expect("pressed");
    let timeline = wait_for(&app, &call.uuid, "Step: Thanks").await;
    assert!(
        timeline
            .entries
            .iter()
            .any(|e| e.detail.starts_with("recording made")),
        "the record event reached the flow, so {{recording_url}} is known: {:#?}",
        timeline
            .entries
            .iter()
            .map(|e| format!("{}: {}", e.title, e.detail))
            .collect::<Vec<_>>()
    );
    app.shutdown().await;
}
