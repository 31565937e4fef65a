//! Call tests in the app, on its Sandbox profile: a saved test runs as a call against the
//! active flow (each step published as it passes, the call on the Calls list with its
//! timeline), fails with its evidence when the flow is wrong, and a test made from a
//! call's timeline replays green.

use callboard_core::{App, calltests::TestStepKind, events::CoreEvent, flow::templates};

use crate::support::{free_port, open_app, push_to_listener, started_app};

async fn pushed_app() -> (App, tempfile::TempDir) {
    let (app, dir) = started_app().await;
    push_to_listener(&app).await;
    let menu = templates::all()
        .into_iter()
        .find(|t| t.id == "keypad-menu")
        .expect("shipped")
        .flow();
    let saved = app.flow_save(None, &menu).expect("saved");
    app.flow_activate(Some(saved.id)).expect("active");
    (app, dir)
}

const SUPPORT: &str = "name = \"Support\"\n\n[[steps]]\nhear = \"Press 1 for sales\"\n\n[[steps]]\npress = \"2\"\n\n[[steps]]\nhear = \"support\"\nwithin = 5\n\n[[steps]]\nreach = \"Support\"\n";

#[tokio::test]
async fn a_saved_test_runs_as_a_sandbox_call_and_a_recorded_one_replays_green() {
    let (app, _dir) = pushed_app().await;
    let mut events = app.subscribe();
    let test = app
        .tests_save_text(None, "Support", SUPPORT)
        .expect("saved");
    assert_eq!(test.steps.len(), 4);
    assert_eq!(test.steps[1].kind, TestStepKind::Press);
    let run = app.tests_run(test.id).await.expect("ran");
    assert!(run.passed, "{run:#?}");
    assert_eq!(run.steps.len(), 4);
    let mut published = 0;
    while let Ok(event) = events.try_recv() {
        if let CoreEvent::TestStep { test: id, .. } = event {
            assert_eq!(id, test.id);
            published += 1;
        }
    }
    assert_eq!(published, 4, "each step is published as it passes");
    let call = run.call.clone().expect("a call");
    let timeline = app
        .calls_timeline(&call)
        .expect("the call is on the Calls list");
    assert!(timeline.entries.iter().any(|e| e.title == "Step: Support"));
    let listed = app.tests_list().expect("listed");
    assert_eq!(
        listed[0].last_run.as_ref().map(|r| r.passed),
        Some(true),
        "the run is kept"
    );

    // What the call did becomes a test, which passes when run again.
    let recorded = app.tests_from_call(&call).expect("recorded");
    let kinds: Vec<TestStepKind> = recorded.steps.iter().map(|s| s.kind).collect();
    assert_eq!(
        &kinds[..3],
        [TestStepKind::Hear, TestStepKind::Press, TestStepKind::Hear],
        "{:#?}",
        recorded.steps
    );
    assert_eq!(recorded.steps[1].value, "2");
    let replay = app.tests_run(recorded.id).await.expect("ran");
    assert!(
        replay.passed,
        "a recorded test replays green: {replay:#?}\n{}",
        recorded.text
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_test_of_a_wrong_menu_fails_on_its_step_with_the_evidence_and_bad_text_names_its_line() {
    let (app, _dir) = pushed_app().await;
    let wrong = SUPPORT.replace("press = \"2\"", "press = \"1\"");
    let test = app
        .tests_save_text(None, "Wrong key", &wrong)
        .expect("saved");
    let run = app.tests_run(test.id).await.expect("ran");
    assert!(!run.passed);
    let failed = run
        .steps
        .iter()
        .find(|s| !s.passed)
        .expect("a failing step");
    assert_eq!(failed.line, 9, "{failed:#?}");
    assert!(
        failed
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("sales team")),
        "{failed:#?}"
    );
    assert!(
        run.evidence
            .captions
            .iter()
            .any(|c| c.contains("sales team"))
    );
    let bad = app
        .tests_save_text(None, "Bad", "[[steps]]\nhear = \"x\"\npress = \"1\"\n")
        .expect_err("two actions")
        .to_string();
    assert!(bad.contains("line 1") && bad.contains("2 actions"), "{bad}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_test_file_imports_and_exports_as_callboard_cli_test_reads_it() {
    let (app, dir) = open_app(free_port());
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/tests/press-2-reaches-support.toml");
    let imported = app
        .tests_import(example.to_str().expect("path"))
        .expect("imported");
    assert_eq!(
        imported.name,
        "Pressing 2 reaches support and a recording is made"
    );
    assert_eq!(imported.steps.len(), 7);
    let again = app
        .tests_import(example.to_str().expect("path"))
        .expect("imported again");
    assert!(again.name.ends_with("(2)"), "{}", again.name);
    let out = dir.path().join("out.toml");
    app.tests_export(imported.id, out.to_str().expect("path"))
        .expect("exported");
    let text = std::fs::read_to_string(&out).expect("read");
    assert_eq!(
        callboard_calltest::TestFile::parse("out.toml", &text)
            .expect("a test")
            .steps
            .len(),
        7
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[steps]]\nwait = \"soon\"\n").expect("write");
    let refused = app
        .tests_import(bad.to_str().expect("path"))
        .expect_err("not a test")
        .to_string();
    assert!(refused.contains("line 2"), "{refused}");
}
