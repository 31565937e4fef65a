//! Whatever JSON arrives (composed, imported or returned by a user's backend), the
//! validator answers with findings and never panics; fixes never panic either.

use callboard_ncco::{apply_fix, parse_json, validate};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Arbitrary JSON, biased toward NCCO-like shapes: known keys and action names.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "action",
        "text",
        "bargeIn",
        "eventUrl",
        "endpoint",
        "type",
        "uri",
        "content-type",
        "headers",
        "streamUrl",
        "dtmf",
        "speech",
        "maxDigits",
        "timeOut",
        "from",
        "randomFromNumber",
        "mute",
        "canSpeak",
        "payload",
        "level",
        "loop",
        "voiceName",
        "name",
        "transcription",
        "channels",
        "split",
        "mode",
        "zzz",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(vec![
            "talk",
            "stream",
            "input",
            "record",
            "conversation",
            "connect",
            "notify",
            "wait",
            "transfer",
            "pay",
            "websocket",
            "phone",
            "sip",
            "wss://x.example/{uuid}",
            "https://e.example/a",
            "ws://",
            "{public_url}/ws",
            "true",
            "45",
            "<speak>hi</speak>",
            "audio/l16;rate=16000",
            "dtmf",
            "",
            "é字🙂",
        ])
        .prop_map(Value::from),
        ".*".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|pairs| Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validating_any_json_never_panics_and_every_fix_applies_or_errs(document in json_value()) {
        for finding in validate(&document) {
            prop_assert!(finding.path.is_empty() || finding.path.starts_with('/'));
            for fix in &finding.fixes {
                let mut copy = document.clone();
                let _ = apply_fix(&mut copy, fix);
            }
        }
        let _ = callboard_ncco::model::parse_actions(&document);
    }

    #[test]
    fn parsing_any_text_never_panics(text in ".*") {
        let _ = parse_json(&text);
    }
}
