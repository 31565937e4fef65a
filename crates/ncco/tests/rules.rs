//! One test per rule the reference states beyond a single field's type: what each bad
//! input gets, where, and that the offered fix resolves it.

use callboard_ncco::{Finding, Severity, apply_fix, templates, validate};
use serde_json::{Value, json};

fn only(document: &Value, code: &str) -> Finding {
    let found = validate(document);
    let matching: Vec<_> = found.iter().filter(|f| f.code == code).cloned().collect();
    assert_eq!(matching.len(), 1, "expected one {code}, got {found:#?}");
    matching.into_iter().next().expect("one")
}

fn fixed(document: &Value, finding: &Finding, choice: usize) -> Value {
    let mut copy = document.clone();
    apply_fix(&mut copy, &finding.fixes[choice]).expect("the fix applies");
    copy
}

fn no_errors(document: &Value) {
    let errors: Vec<_> = validate(document)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{document}: {errors:#?}");
}

#[test]
fn stream_with_a_websocket_url_explains_and_converts_to_connect() {
    let ncco = json!([{"action": "talk", "text": "Hi"}, {"action": "stream", "streamUrl": ["wss://example.ngrok.app/ws/vonage-stream/{uuid}/"]}]);
    let finding = only(&ncco, "stream_to_websocket");
    assert_eq!(finding.path, "/1/streamUrl/0");
    assert!(
        finding.message.contains("stream plays an audio file")
            && finding.message.contains("connect")
    );
    let converted = fixed(&ncco, &finding, 0);
    assert_eq!(converted[1]["action"], "connect");
    assert_eq!(converted[1]["endpoint"][0]["type"], "websocket");
    assert_eq!(
        converted[1]["endpoint"][0]["uri"],
        "wss://example.ngrok.app/ws/vonage-stream/{uuid}/"
    );
    no_errors(&converted);
}

#[test]
fn barge_in_needs_a_later_input_and_either_fix_resolves_it() {
    let ncco = json!([{"action": "talk", "text": "Menu", "bargeIn": true}, {"action": "talk", "text": "More"}, {"action": "record"}]);
    let finding = only(&ncco, "barge_in_without_input");
    assert_eq!(finding.path, "/0/bargeIn");
    let with_input = fixed(&ncco, &finding, 0);
    assert_eq!(
        with_input[2]["action"], "input",
        "the input goes before the next non-talk action"
    );
    no_errors(&with_input);
    no_errors(&fixed(&ncco, &finding, 1));
    no_errors(
        &json!([{"action": "stream", "streamUrl": ["https://a.example/x.mp3"], "bargeIn": true},
                       {"action": "talk", "text": "t"}, {"action": "input", "type": ["dtmf"]}]),
    );
}

#[test]
fn actions_after_a_conversation_never_run() {
    let ncco = json!([{"action": "conversation", "name": "room"}, {"action": "talk", "text": "never"}, {"action": "record"}]);
    let found = validate(&ncco);
    let warnings: Vec<_> = found
        .iter()
        .filter(|f| f.code == "after_conversation")
        .collect();
    assert_eq!(
        warnings.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        ["/1", "/2"]
    );
    assert_eq!(
        fixed(&ncco, warnings[0], 0),
        json!([{"action": "conversation", "name": "room"}])
    );
}

#[test]
fn mute_with_can_speak_is_an_error_on_conversation_and_transfer() {
    for action in [
        json!({"action": "conversation", "name": "r"}),
        json!({"action": "transfer", "conversationId": "CON-1"}),
    ] {
        let mut action = action;
        action["mute"] = json!(true);
        action["canSpeak"] = json!(["leg-1"]);
        let ncco = json!([action]);
        let finding = only(&ncco, "mute_with_can_speak");
        assert_eq!(finding.path, "/0/mute");
        no_errors(&fixed(&ncco, &finding, 0));
    }
}

#[test]
fn from_with_random_from_number_is_an_error() {
    let ncco = json!([{"action": "connect", "from": "447700900000", "randomFromNumber": true,
                       "endpoint": [{"type": "phone", "number": "447700900001"}]}]);
    let finding = only(&ncco, "from_with_random_number");
    no_errors(&fixed(&ncco, &finding, 0));
    no_errors(&fixed(&ncco, &finding, 1));
}

#[test]
fn websocket_content_type_must_be_a_supported_rate() {
    let ncco = json!([{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://a.example/s", "content-type": "audio/l16;rate=44100"}]}]);
    let finding = only(&ncco, "invalid_choice");
    assert_eq!(finding.path, "/0/endpoint/0/content-type");
    assert!(
        finding.message.contains("audio/l16;rate=16000") && finding.message.contains("640 bytes"),
        "{}",
        finding.message
    );
}

#[test]
fn websocket_headers_over_512_bytes_are_rejected() {
    let long = "x".repeat(520);
    let ncco = json!([{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://a.example/s",
                       "content-type": "audio/l16;rate=8000", "headers": {"note": long}}]}]);
    let finding = only(&ncco, "headers_too_large");
    assert_eq!(finding.path, "/0/endpoint/0/headers");
    assert!(finding.message.contains("512"));
    no_errors(
        &json!([{"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://a.example/s",
                       "content-type": "audio/l16;rate=8000", "headers": {"note": "x".repeat(400)}}]}]),
    );
}

#[test]
fn talk_text_is_limited_without_counting_ssml_tags() {
    let tags = "<break time=\"1s\"/>".repeat(100);
    let at_limit = format!("<speak>{}{tags}</speak>", "a".repeat(1500));
    no_errors(&json!([{"action": "talk", "text": at_limit}]));
    let over = json!([{"action": "talk", "text": "a".repeat(1501)}]);
    assert!(
        only(&over, "text_too_long")
            .message
            .contains("1501 characters")
    );
}

#[test]
fn ssml_outside_speak_gets_a_warning_and_a_wrap_fix() {
    let ncco = json!([{"action": "talk", "text": "Hello <break time=\"1s\"/> there"}]);
    let finding = only(&ncco, "ssml_not_wrapped");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(
        fixed(&ncco, &finding, 0)[0]["text"],
        "<speak>Hello <break time=\"1s\"/> there</speak>"
    );
}

#[test]
fn event_url_as_a_string_is_wrapped_by_its_fix() {
    let ncco = json!([{"action": "record", "eventUrl": "https://a.example/rec"}]);
    let finding = only(&ncco, "url_not_in_array");
    assert_eq!(
        fixed(&ncco, &finding, 0)[0]["eventUrl"],
        json!(["https://a.example/rec"])
    );
}

#[test]
fn legacy_input_converts_to_the_current_form() {
    let ncco = json!([{"action": "input", "maxDigits": 6, "submitOnHash": true, "eventUrl": ["https://a.example/ivr"]}]);
    let finding = only(&ncco, "legacy_input");
    let converted = fixed(&ncco, &finding, 0);
    assert_eq!(
        converted,
        json!([{"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 6, "submitOnHash": true},
                                  "eventUrl": ["https://a.example/ivr"]}])
    );
    assert!(
        validate(&converted).is_empty(),
        "{:#?}",
        validate(&converted)
    );
}

#[test]
fn a_misspelt_option_is_reported_with_a_rename() {
    let ncco = json!([{"action": "talk", "text": "hi", "bargein": true}]);
    let finding = only(&ncco, "unknown_option");
    assert!(
        finding.message.contains("did you mean \"bargeIn\""),
        "{}",
        finding.message
    );
    assert_eq!(fixed(&ncco, &finding, 0)[0]["bargeIn"], true);
}

#[test]
fn placeholders_are_accepted_where_they_become_valid_values() {
    no_errors(&json!([
        {"action": "talk", "text": "Call {uuid}"},
        {"action": "connect", "from": "{to}", "eventUrl": ["{public_url}/events"],
         "endpoint": [{"type": "websocket", "uri": "{public_url}/ws/vonage-stream/{uuid}/", "content-type": "audio/l16;rate=16000"}]},
    ]));
    assert!(validate(&json!([{"action": "connect", "from": "{to}", "endpoint": [{"type": "phone", "number": "{from}"}]}])).is_empty());
}

#[test]
fn the_answer_shapes_people_get_wrong_are_explained() {
    assert_eq!(
        only(&json!({"action": "talk", "text": "hi"}), "not_an_array")
            .fixes
            .len(),
        1,
        "a bare object is wrapped"
    );
    assert_eq!(only(&json!([]), "empty_ncco").path, "");
    assert_eq!(
        only(&json!([{"action": "tlak", "text": "x"}]), "unknown_action").fixes[0].label,
        "Change it to talk"
    );
    let missing = only(&json!([{"text": "hello"}]), "missing_action");
    assert_eq!(missing.fixes[0].label, "Make it a talk action");
}

#[test]
fn every_template_is_valid_without_a_warning() {
    let all = templates::all();
    assert!(all.len() >= 6);
    for template in all {
        let found = validate(&template.ncco);
        assert!(
            found.is_empty(),
            "template {} has findings: {found:#?}",
            template.id
        );
    }
}

#[test]
fn the_setup_guide_template_connects_to_the_stream_route_over_wss() {
    let guide = templates::all()
        .into_iter()
        .find(|t| t.id == "setup-guide")
        .expect("setup-guide template");
    let rendered = callboard_ncco::render(&guide.ncco, &callboard_ncco::CallContext::sample());
    assert_eq!(
        rendered[1]["endpoint"][0]["uri"],
        "wss://example.ngrok.app/ws/vonage-stream/aaaaaaaa-bbbb-cccc-dddd-0123456789ab/"
    );
}

#[test]
fn a_less_than_sign_that_opens_no_ssml_tag_is_counted_and_needs_no_speak() {
    for plain in ["1 < 2", "I <3 it"] {
        let ncco = json!([{"action": "talk", "text": plain}]);
        assert!(
            !validate(&ncco).iter().any(|f| f.code == "ssml_not_wrapped"),
            "{plain} is not SSML"
        );
        let long = json!([{"action": "talk", "text": plain.repeat(1501 / plain.len() + 1)}]);
        assert!(
            only(&long, "text_too_long")
                .message
                .contains("characters long"),
            "every character of {plain} counts toward the limit"
        );
    }
    let real =
        json!([{"action": "talk", "text": format!("{}<break time=\"1s\"/>", "a".repeat(1500))}]);
    assert!(
        !validate(&real).iter().any(|f| f.code == "text_too_long"),
        "a real SSML tag does not count"
    );
}

#[test]
fn speech_uuid_holds_exactly_one_leg() {
    let with =
        |uuid: Value| json!([{"action": "input", "type": ["speech"], "speech": {"uuid": uuid}}]);
    assert!(
        !validate(&with(json!(["aaaaaaaa-bbbb-cccc-dddd-0123456789ab"])))
            .iter()
            .any(|f| f.code == "speech_uuid_count")
    );
    let empty = with(json!([]));
    let finding = only(&empty, "speech_uuid_count");
    assert_eq!(
        (finding.path.as_str(), finding.severity),
        ("/0/speech/uuid", Severity::Error)
    );
    assert!(
        fixed(&empty, &finding, 0)[0]["speech"]
            .get("uuid")
            .is_none()
    );
    let two = with(json!(["leg-a", "leg-b"]));
    let finding = only(&two, "speech_uuid_count");
    assert!(finding.message.contains("2 legs"), "{}", finding.message);
    assert_eq!(
        fixed(&two, &finding, 0)[0]["speech"]["uuid"],
        json!(["leg-a"])
    );
}

#[test]
fn quoted_booleans_and_numbers_are_one_rule_a_warning_that_names_both_sources() {
    let ncco = json!([{"action": "talk", "text": "Hi", "bargeIn": "true", "loop": "2"},
                      {"action": "input", "type": ["dtmf"]}]);
    for code in ["boolean_as_text", "number_as_text"] {
        let finding = only(&ncco, code);
        assert_eq!(finding.severity, Severity::Warning, "{code}");
        assert!(
            finding.message.contains("reference examples")
                && finding.message.contains("validator refuse"),
            "{code}: {}",
            finding.message
        );
    }
    assert_eq!(
        fixed(&ncco, &only(&ncco, "boolean_as_text"), 0)[0]["bargeIn"],
        json!(true)
    );
    assert_eq!(
        fixed(&ncco, &only(&ncco, "number_as_text"), 0)[0]["loop"],
        json!(2)
    );
    let unquoted = json!([{"action": "talk", "text": "Hi", "bargeIn": true, "loop": 2}, {"action": "input", "type": ["dtmf"]}]);
    assert!(
        !validate(&unquoted)
            .iter()
            .any(|f| f.code.ends_with("_as_text"))
    );
    let not_a_flag = json!([{"action": "talk", "text": "Hi", "bargeIn": "yes"}]);
    assert_eq!(
        only(&not_a_flag, "wrong_type").severity,
        Severity::Error,
        "other text is still wrong"
    );
}

#[test]
fn a_wait_outside_its_range_is_a_warning_with_the_value_vonage_uses() {
    for (timeout, uses) in [(9000.0, 7200), (0.01, 0)] {
        let ncco = json!([{"action": "wait", "timeout": timeout}]);
        let finding = only(&ncco, "clamped");
        assert_eq!(finding.severity, Severity::Warning);
        let expected = if uses == 0 {
            "uses 0.1 instead"
        } else {
            "uses 7200 instead"
        };
        assert!(finding.message.contains(expected), "{}", finding.message);
        assert!(
            finding.message.contains(".NET"),
            "the disagreeing source is named: {}",
            finding.message
        );
    }
    for fine in [0.1, 10.0, 7200.0] {
        let ncco = json!([{"action": "wait", "timeout": fine}]);
        assert!(validate(&ncco).is_empty(), "{fine}: {:?}", validate(&ncco));
    }
}

#[test]
fn an_event_url_is_checked_as_written_not_as_the_parser_encodes_it() {
    let ncco = json!([{"action": "record", "eventUrl": ["https://a.example/my recordings?x=<1>"]}]);
    let finding = only(&ncco, "unencoded_url");
    assert_eq!(finding.path, "/0/eventUrl/0");
    assert!(
        finding.message.contains("a space") && finding.message.contains("\"<\""),
        "{}",
        finding.message
    );
    assert_eq!(
        fixed(&ncco, &finding, 0)[0]["eventUrl"][0],
        "https://a.example/my%20recordings?x=%3C1%3E"
    );
    no_errors(
        &json!([{"action": "record", "eventUrl": ["https://a.example/rec%20ordings/{uuid}?a=1&b=%7E"]}]),
    );
}

#[test]
fn a_deeply_nested_but_valid_document_gets_findings_not_a_syntax_error() {
    let depth = 600;
    let payload = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let text = format!(
        r#"[{{"action": "notify", "payload": {{"deep": {payload}}}, "eventUrl": ["https://a.example/n"]}}]"#
    );
    let document = callboard_ncco::parse_json(&text).expect("deep JSON is JSON");
    no_errors(&document);
    let past = format!(
        "{}{}",
        "[".repeat(callboard_ncco::MAX_DEPTH + 1),
        "]".repeat(callboard_ncco::MAX_DEPTH + 1)
    );
    let error = callboard_ncco::parse_json(&past).expect_err("past the limit");
    assert!(error.message.contains("levels deep"), "{}", error.message);
    assert!(
        callboard_ncco::parse_json("[1,").is_err(),
        "broken JSON is still a syntax error"
    );
}
