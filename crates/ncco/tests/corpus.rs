//! The validator against the genuine NCCO corpus in `shared/fixtures/ncco`:
//! every valid file passes with no error, every invalid file is rejected on the field
//! its NOTES.md names, every legacy file gets its precise finding, and every fix the
//! validator offers on the corpus applies and removes its finding.

use std::path::PathBuf;

use callboard_ncco::{Finding, Severity, apply_fix, parse_json, validate};
use serde_json::Value;

fn corpus(folder: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/ncco")
        .join(folder);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "json" || ext == "txt")
        })
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

fn findings(text: &str) -> Vec<Finding> {
    validate(&serde_json::from_str::<Value>(text).expect("the corpus file is JSON"))
}

fn errors(found: &[Finding]) -> Vec<&Finding> {
    found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

#[test]
fn every_valid_file_passes_with_no_error() {
    let files = corpus("valid");
    assert!(
        files.len() >= 30,
        "the valid corpus is there ({} files)",
        files.len()
    );
    for (name, text) in files {
        let found = findings(&text);
        assert!(
            errors(&found).is_empty(),
            "{name} is genuine and valid, but got: {:#?}",
            errors(&found)
        );
    }
}

/// Each invalid file, with the JSON path of the field its NOTES.md names and the rule.
const INVALID: &[(&str, &str, &str)] = &[
    ("001", "/0/eventMethod", "invalid_choice"),
    ("002", "/0/eventType", "invalid_choice"),
    ("003", "/0/eventUrl", "wrong_scheme"),
    ("005", "/0/limit", "out_of_range"),
    ("006", "/0/machineDetection", "invalid_choice"),
    ("007", "/0/timeout", "out_of_range"),
    ("009", "/0/endpoint/0/uri", "wrong_scheme"),
    ("010", "/0/endOnExit", "boolean_as_text"),
    ("011", "/0/eventMethod", "invalid_choice"),
    ("013", "/0/musicOnHoldUrl", "invalid_url"),
    ("014", "/0/record", "wrong_type"),
    ("015", "/0/startOnEnter", "wrong_type"),
    ("017", "/0/eventUrl", "invalid_url"),
    ("018", "/0/maxDigits", "out_of_range"),
    ("019", "/0/submitOnHash", "wrong_type"),
    ("021", "/0/action", "unknown_action"),
    ("022", "/0", "missing_action"),
    ("023", "/0/beepStart", "boolean_as_text"),
    ("025", "/0/endOnSilence", "out_of_range"),
    ("026", "/0/eventMethod", "invalid_choice"),
    ("027", "/0/eventUrl", "invalid_url"),
    ("029", "/0/timeOut", "out_of_range"),
    ("030", "/0/bargeIn", "wrong_type"),
    ("031", "/0/level", "out_of_range"),
    ("033", "/0/streamUrl/0", "invalid_url"),
    ("034", "/0/bargeIn", "boolean_as_text"),
    ("035", "/0/loop", "out_of_range"),
    ("037", "/0/voiceName", "unknown_voice"),
    ("038", "/0", "missing_required"),
    ("039", "/0", "missing_required"),
];

#[test]
fn every_invalid_file_is_rejected_on_the_field_its_notes_name() {
    let files = corpus("invalid");
    let json_files: Vec<_> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".json"))
        .collect();
    assert_eq!(
        json_files.len(),
        INVALID.len(),
        "every invalid JSON file has an expectation"
    );
    for (name, text) in json_files {
        let (_, path, code) = INVALID
            .iter()
            .find(|(prefix, _, _)| name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        let found = findings(text);
        // A quoted true or false is one rule with a quoted number: a warning that says
        // Vonage's schema and validator refuse it while its reference examples use it
        // (docs/ncco-validation.md). Every other invalid file is an error.
        let severity = if *code == "boolean_as_text" {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert!(
            found.iter().any(|f| f.severity == severity
                && f.path.starts_with(path)
                && f.code == *code
                && (severity == Severity::Error || f.message.contains("validator refuse"))),
            "{name}: expected a {code} {severity:?} at {path}, got: {found:#?}"
        );
        for finding in &found {
            assert!(
                !finding.message.is_empty() && finding.message.len() > 20,
                "{name}: a message explains: {finding:?}"
            );
        }
    }
}

#[test]
fn the_published_block_with_comments_is_a_syntax_error_with_its_position() {
    let (_, text) = corpus("invalid")
        .into_iter()
        .find(|(name, _)| name.starts_with("041"))
        .expect("041 is in the corpus");
    match parse_json(&text) {
        Err(error) => assert!(error.line >= 1 && error.column >= 1, "{error}"),
        other => panic!("expected a syntax error with a position, got {other:?}"),
    }
}

/// Each legacy file, with a finding it must get (path prefix, rule, severity).
const LEGACY: &[(&str, &str, &str, Severity)] = &[
    ("001", "/0/action", "retired_action", Severity::Warning),
    ("002", "/0/action", "retired_action", Severity::Warning),
    ("004", "/0/action", "retired_action", Severity::Warning),
    ("005", "/1/action", "retired_action", Severity::Warning),
    (
        "007",
        "/0/voiceName",
        "deprecated_option",
        Severity::Warning,
    ),
    ("008", "/1", "legacy_input", Severity::Error),
    ("010", "/2", "legacy_input", Severity::Error),
    ("011", "/0/eventUrl", "url_not_in_array", Severity::Error),
    ("013", "/0", "legacy_input", Severity::Error),
    ("014", "/0/eventUrl", "url_not_in_array", Severity::Error),
    (
        "016",
        "/0/bargeIn",
        "barge_in_without_input",
        Severity::Error,
    ),
    ("017", "/0/mute", "mute_with_can_speak", Severity::Error),
];

#[test]
fn every_legacy_file_gets_its_precise_finding() {
    let files = corpus("legacy");
    assert_eq!(
        files.len(),
        LEGACY.len(),
        "every legacy file has an expectation"
    );
    for (name, text) in files {
        let (_, path, code, severity) = LEGACY
            .iter()
            .find(|(prefix, ..)| name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        let found = findings(&text);
        assert!(
            found
                .iter()
                .any(|f| f.path.starts_with(path) && f.code == *code && f.severity == *severity),
            "{name}: expected {code} ({severity:?}) at {path}, got: {found:#?}"
        );
    }
}

#[test]
fn every_fix_offered_on_the_corpus_applies_and_clears_its_finding() {
    let mut applied = 0;
    for folder in ["valid", "invalid", "legacy"] {
        for (name, text) in corpus(folder)
            .into_iter()
            .filter(|(name, _)| name.ends_with(".json"))
        {
            let document: Value = serde_json::from_str(&text).expect("JSON");
            for finding in validate(&document) {
                for fix in &finding.fixes {
                    let mut fixed = document.clone();
                    apply_fix(&mut fixed, fix)
                        .unwrap_or_else(|e| panic!("{name}: fix {:?} fails: {e}", fix.label));
                    let after = validate(&fixed);
                    assert!(
                        !after
                            .iter()
                            .any(|f| f.path == finding.path && f.code == finding.code),
                        "{name}: after \"{}\" the {} finding at {} remains: {after:#?}",
                        fix.label,
                        finding.code,
                        finding.path
                    );
                    applied += 1;
                }
            }
        }
    }
    assert!(applied > 30, "the corpus exercises many fixes ({applied})");
}

#[test]
fn every_valid_file_fits_the_typed_model_and_round_trips() {
    for (name, text) in corpus("valid") {
        let document: Value = serde_json::from_str(&text).expect("JSON");
        let actions = callboard_ncco::model::parse_actions(&document)
            .unwrap_or_else(|e| panic!("{name} does not fit the typed model: {e}"));
        assert_eq!(actions.len(), document.as_array().map_or(0, Vec::len));
        let back = serde_json::to_value(&actions).expect("serializes");
        let rewrote_numbers = validate(&document)
            .iter()
            .any(|f| f.code == "number_as_text");
        if !rewrote_numbers {
            assert_eq!(
                back, document,
                "{name}: nothing is dropped or changed by the typed model"
            );
        }
    }
}

#[test]
fn the_typed_model_keeps_options_it_does_not_name() {
    let document = serde_json::json!([{"action": "talk", "text": "hi", "future": {"x": 1}},
        {"action": "connect", "endpoint": [{"type": "websocket", "uri": "wss://a.example/s",
         "content-type": "audio/l16;rate=24000", "authorization": {"type": "vonage"}}]}]);
    let actions = callboard_ncco::model::parse_actions(&document).expect("fits");
    let callboard_ncco::model::Action::Talk(talk) = &actions[0] else {
        panic!("talk")
    };
    assert_eq!(talk.other["future"]["x"], 1);
    let callboard_ncco::model::Action::Connect(connect) = &actions[1] else {
        panic!("connect")
    };
    assert_eq!(connect.endpoint[0].sample_rate(), Some(24000));
    assert_eq!(
        serde_json::to_value(&actions).expect("serializes"),
        document
    );
    let error = callboard_ncco::model::parse_actions(&serde_json::json!([{"action": "talk"}]))
        .expect_err("no text");
    assert_eq!(error.index, 0);
}
