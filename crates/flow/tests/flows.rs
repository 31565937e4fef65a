//! Flows as their users meet them: the shipped templates, a call walking the keypad
//! menu as Vonage would post its results, and the findings each mistake gets.

use callboard_flow::{Flow, Outcome, Runner, check, templates};
use callboard_ncco::{CallContext, Severity};
use serde_json::{Value, json};

fn keypad_menu() -> Flow {
    templates::all()
        .into_iter()
        .find(|t| t.id == "keypad-menu")
        .expect("shipped")
        .flow()
}

fn call(uuid: &str) -> CallContext {
    CallContext {
        uuid: uuid.into(),
        from: "447700900000".into(),
        to: "447700900099".into(),
        conversation_uuid: "CON-1".into(),
        public_url: "https://abc.ngrok.app".into(),
        ..CallContext::default()
    }
}

/// An input result as Vonage posts it (`payloads/event-input-dtmf.json`'s shape).
fn pressed(digits: &str, timed_out: bool) -> Value {
    json!({"speech": {"results": []}, "dtmf": {"digits": digits, "timed_out": timed_out},
           "uuid": "leg-1", "conversation_uuid": "CON-1", "from": "447700900000", "to": "447700900099",
           "timestamp": "2020-01-01T14:00:00.000Z"})
}

fn texts(ncco: &Value) -> String {
    ncco.as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("text").and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn every_template_is_clean_and_its_file_is_in_the_stable_form() {
    for template in templates::all() {
        let flow = template.flow();
        let findings = check(&flow);
        assert!(findings.is_empty(), "{}: {findings:#?}", template.id);
        assert_eq!(
            flow.to_file_text(),
            template.text,
            "{} is written as Callboard writes it",
            template.id
        );
    }
}

#[test]
fn the_keypad_menu_answers_each_result_as_the_issue_describes() {
    let flow = keypad_menu();
    let runner = Runner::new("keypad", flow);
    let leg = call("leg-1");
    let answered = runner.answer(&leg);
    let ncco = answered.ncco.expect("the menu");
    assert!(texts(&ncco).contains("Press 1 for sales, or 2 for support"));
    assert_eq!(
        ncco[1]["eventUrl"],
        json!(["https://abc.ngrok.app/callboard/flow/keypad/menu/input"]),
        "the input's result comes back to the flow's own route"
    );
    assert_eq!(answered.taken.why, "call answered → Menu");

    let one = runner.event(
        "keypad",
        "menu",
        Some(Outcome::Input),
        Some(&pressed("1", false)),
        &leg,
    );
    let ncco = one.ncco.expect("sales");
    assert!(texts(&ncco).contains("sales"));
    assert_eq!(ncco[1]["endpoint"][0]["number"], "447700900001");
    assert_eq!(one.taken.why, "pressed 1 → Sales");

    let leg = call("leg-2");
    let _ = runner.answer(&leg);
    let two = runner.event(
        "keypad",
        "menu",
        Some(Outcome::Input),
        Some(&pressed("2", false)),
        &leg,
    );
    assert!(texts(two.ncco.as_ref().expect("support")).contains("support"));
    assert_eq!(two.taken.why, "pressed 2 → Support");
    assert_eq!(two.taken.step.as_deref(), Some("support"));

    let leg = call("leg-3");
    let _ = runner.answer(&leg);
    let nine = runner.event(
        "keypad",
        "menu",
        Some(Outcome::Input),
        Some(&pressed("9", false)),
        &leg,
    );
    assert!(texts(nine.ncco.as_ref().expect("sorry")).contains("Sorry, I didn't get that"));
    assert_eq!(nine.taken.why, "pressed 9 → Sorry");
    let again = runner.event(
        "keypad",
        "sorry",
        Some(Outcome::Next),
        Some(&json!({"callboard":"next"})),
        &leg,
    );
    assert_eq!(again.taken.why, "after Sorry → Menu");
}

#[test]
fn no_key_plays_the_menu_again_three_times_in_all_then_goodbye() {
    let runner = Runner::new("keypad", keypad_menu());
    let leg = call("leg-1");
    let _ = runner.answer(&leg);
    let timeout = pressed("", true);
    let second = runner.event("keypad", "menu", Some(Outcome::Input), Some(&timeout), &leg);
    assert_eq!(second.taken.why, "no input → Menu");
    let third = runner.event("keypad", "menu", Some(Outcome::Input), Some(&timeout), &leg);
    assert_eq!(third.taken.step.as_deref(), Some("menu"));
    let fourth = runner.event("keypad", "menu", Some(Outcome::Input), Some(&timeout), &leg);
    assert_eq!(fourth.taken.step.as_deref(), Some("goodbye"));
    assert!(
        fourth.taken.why.contains("3 times already"),
        "{}",
        fourth.taken.why
    );
    assert!(texts(fourth.ncco.as_ref().expect("goodbye")).contains("Goodbye"));
    // A new call starts counting again.
    let other = call("leg-9");
    let _ = runner.answer(&other);
    let menu = runner.event(
        "keypad",
        "menu",
        Some(Outcome::Input),
        Some(&timeout),
        &other,
    );
    assert_eq!(menu.taken.step.as_deref(), Some("menu"));
}

#[test]
fn what_vonage_would_never_send_gets_an_apology_and_the_menu_again() {
    let runner = Runner::new("keypad", keypad_menu());
    let leg = call("leg-1");
    let _ = runner.answer(&leg);
    for (body, problem) in [
        (json!("not an object"), "not a JSON object"),
        (json!({"uuid": "leg-1"}), "neither dtmf nor speech"),
        (
            json!({"dtmf": {"digits": "1<speak>", "timed_out": false}}),
            "not a key",
        ),
        (
            json!({"dtmf": {"digits": "1".repeat(5_000), "timed_out": false}}),
            "at most 20",
        ),
        (
            json!({"dtmf": {"digits": 1, "timed_out": false}}),
            "not text",
        ),
    ] {
        let leg = call(&format!("leg-{body}"));
        let _ = runner.answer(&leg);
        let answer = runner.event("keypad", "menu", Some(Outcome::Input), Some(&body), &leg);
        let ncco = answer.ncco.expect("never an empty answer");
        assert_eq!(ncco[0]["text"], callboard_flow::run::APOLOGY);
        assert!(
            texts(&ncco).contains("Press 1"),
            "the menu again for {body}"
        );
        assert!(
            answer
                .taken
                .problem
                .as_deref()
                .is_some_and(|p| p.contains(problem)),
            "{body}: {:?}",
            answer.taken.problem
        );
    }
    let stale = runner.event(
        "another-flow",
        "menu",
        Some(Outcome::Input),
        Some(&pressed("1", false)),
        &leg,
    );
    assert_eq!(
        texts(stale.ncco.as_ref().expect("apology")),
        callboard_flow::run::APOLOGY
    );
    assert!(stale.taken.problem.is_some());
    let gone = runner.event(
        "keypad",
        "deleted-step",
        Some(Outcome::Input),
        Some(&pressed("1", false)),
        &leg,
    );
    assert!(
        gone.taken
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("deleted-step"))
    );
}

#[test]
fn placeholders_carry_what_the_caller_pressed_and_said_into_later_steps() {
    let speech = templates::all()
        .into_iter()
        .find(|t| t.id == "speech-menu")
        .expect("shipped")
        .flow();
    let runner = Runner::new("speech", speech);
    let leg = call("leg-1");
    let _ = runner.answer(&leg);
    let body = json!({"speech": {"timeout_reason": "end_on_silence_timeout",
        "results": [{"confidence": "0.94", "text": "Sales, please!"}, {"confidence": "0.7", "text": "sails"}]},
        "dtmf": {"digits": null, "timed_out": false}});
    let answer = runner.event("speech", "menu", Some(Outcome::Input), Some(&body), &leg);
    assert_eq!(
        answer.taken.step.as_deref(),
        Some("sales"),
        "matched without case or punctuation"
    );
    assert!(texts(answer.ncco.as_ref().expect("sales")).contains("You said Sales, please!"));
    let markup =
        json!({"speech": {"results": [{"confidence": "1", "text": "<break time='9s'/>{uuid}"}]}});
    let answer = runner.event("speech", "menu", Some(Outcome::Input), Some(&markup), &leg);
    let said = texts(answer.ncco.as_ref().expect("sorry"));
    assert!(
        !said.contains('<') && !said.contains("leg-1"),
        "speech is words only: {said}"
    );
}

#[test]
fn a_busy_or_unanswered_connect_goes_to_voicemail_and_a_recording_is_remembered() {
    let flow = templates::all()
        .into_iter()
        .find(|t| t.id == "voicemail-after-no-answer")
        .expect("shipped")
        .flow();
    let runner = Runner::new("vm", flow);
    let leg = call("leg-1");
    let first = runner.answer(&leg).ncco.expect("call");
    assert_eq!(first[1]["eventType"], "synchronous");
    let ringing = runner.event(
        "vm",
        "call",
        Some(Outcome::Connect),
        Some(&json!({"status": "ringing"})),
        &leg,
    );
    assert_eq!(
        ringing.ncco, None,
        "an event that only informs is answered without an NCCO"
    );
    let busy = runner.event(
        "vm",
        "call",
        Some(Outcome::Connect),
        Some(&json!({"status": "busy"})),
        &leg,
    );
    assert_eq!(busy.taken.why, "busy → Voicemail");
    let ncco = busy.ncco.expect("voicemail");
    assert_eq!(
        ncco[1]["eventUrl"][0],
        "https://abc.ngrok.app/callboard/flow/vm/voicemail/record"
    );
    assert_eq!(
        ncco[2]["action"], "notify",
        "then the next step is asked for"
    );
    let recorded = runner.event(
        "vm",
        "voicemail",
        Some(Outcome::Record),
        Some(&json!({"recording_url": "https://api.nexmo.com/v1/files/r-1", "size": 1})),
        &leg,
    );
    assert_eq!(recorded.ncco, None);
    let thanks = runner.event(
        "vm",
        "voicemail",
        Some(Outcome::Next),
        Some(&json!({})),
        &leg,
    );
    assert_eq!(thanks.taken.step.as_deref(), Some("thanks"));
}

fn codes(flow: &Flow) -> Vec<(Severity, String, Option<String>, Option<usize>)> {
    check(flow)
        .into_iter()
        .map(|f| (f.severity, f.code, f.step, f.branch))
        .collect()
}

fn flow(value: Value) -> Flow {
    Flow::from_value(value).expect("a flow")
}

#[test]
fn each_mistake_in_a_flow_gets_its_finding_on_its_step_or_branch() {
    let menu_input = json!({"action":"input","type":["dtmf"],"dtmf":{"maxDigits":1}});
    let broken = flow(json!({"name":"x","start":"menu","steps":[
        {"id":"menu","name":"Menu","ncco":[{"action":"talk","text":"Press"}, menu_input],
         "branches":[{"when":{"type":"keys","keys":"12"},"to":"gone"},
                     {"when":{"type":"said","phrases":["yes"]},"to":"menu"}]},
        {"id":"island","name":"Island","ncco":[{"action":"talk","text":"Nobody hears me"}]}
    ]}));
    let found = codes(&broken);
    let has = |code: &str, branch: Option<usize>| {
        found.iter().any(|(_, c, _, b)| c == code && *b == branch)
    };
    assert!(has("keys-too-long", Some(0)), "{found:#?}");
    assert!(has("branch-missing", Some(0)), "{found:#?}");
    assert!(has("said-without-speech", Some(1)), "{found:#?}");
    assert!(has("input-no-timeout-branch", None), "{found:#?}");
    assert!(has("step-unreached", None), "{found:#?}");
    let barge = check(&broken)
        .into_iter()
        .find(|f| f.code == "prompt-without-barge-in")
        .expect("a prompt the caller cannot interrupt");
    assert_eq!(barge.path.as_deref(), Some("/0/bargeIn"));
    let mut fixed = serde_json::to_value(&broken.steps[0].ncco).expect("ncco");
    callboard_ncco::apply_fix(&mut fixed, &barge.fixes[0]).expect("the fix applies");
    assert_eq!(fixed[0]["bargeIn"], true);
    assert!(
        found
            .iter()
            .any(|(_, c, s, _)| c == "step-unreached" && s.as_deref() == Some("island"))
    );

    let endless = flow(json!({"name":"x","start":"menu","steps":[
        {"id":"menu","name":"Menu","ncco":[{"action":"talk","text":"Press"}, menu_input],
         "branches":[{"when":{"type":"no_input"},"to":"again"},{"when":{"type":"other"},"to":"menu"}]},
        {"id":"again","name":"Again","ncco":[{"action":"talk","text":"Once more"}],"next":"menu"}
    ]}));
    assert!(
        codes(&endless)
            .iter()
            .any(|(s, c, step, _)| *s == Severity::Error
                && c == "loop-without-end"
                && step.as_deref() == Some("menu"))
    );
    let mut limited = endless.clone();
    limited.steps[0].repeat = Some(callboard_flow::Repeat {
        times: 3,
        then: "again".into(),
    });
    assert!(
        !codes(&limited)
            .iter()
            .any(|(_, c, _, _)| c == "loop-without-end")
    );

    let ncco_errors = flow(json!({"name":"x","start":"a","steps":[
        {"id":"a","name":"A","ncco":[{"action":"talk"}]},
    ]}));
    let finding = check(&ncco_errors)
        .into_iter()
        .find(|f| f.path.is_some())
        .expect("the NCCO validator's finding");
    assert_eq!(finding.step.as_deref(), Some("a"));
    assert_eq!(
        finding.path.as_deref(),
        Some("/0"),
        "a missing text is reported on its action"
    );

    let bad_ids = flow(json!({"name":"x","start":"nowhere","steps":[
        {"id":"Bad Id","name":"A","ncco":[{"action":"talk","text":"hi"}]},
        {"id":"Bad Id","name":"B","ncco":[]}
    ]}));
    let found = codes(&bad_ids);
    for code in ["start-missing", "step-id", "step-id-taken", "step-empty"] {
        assert!(
            found.iter().any(|(_, c, _, _)| c == code),
            "{code}: {found:#?}"
        );
    }
    assert_eq!(found[0].0, Severity::Error, "errors first");
}
