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
