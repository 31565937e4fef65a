//! `callboard-cli check` as users run it in CI: the real binary on the fixture corpus,
//! on standard input, and on files it cannot read; exit codes and both output forms.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/ncco")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn check(args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .arg("check")
        .args(args)
        .args(files)
        .output()
        .expect("callboard-cli runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_valid_corpus_exits_0() {
    let output = check(&[], &corpus("valid"));
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 errors"), "{}", stdout(&output));
}

#[test]
fn each_invalid_file_exits_1_and_names_its_path() {
    for file in corpus("invalid") {
        let output = check(&[], std::slice::from_ref(&file));
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {}",
            file.display(),
            stdout(&output)
        );
        assert!(
            stdout(&output).contains("  error   /0"),
            "{}: {}",
            file.display(),
            stdout(&output)
        );
    }
}

#[test]
fn a_file_that_is_not_json_exits_2_with_its_position() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/ncco/invalid");
    let output = check(&[], &[dir.join("041-docs-selective-audio-js-comments.txt")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("is not valid JSON")
            && stdout(&output).contains("line 1 column 1")
    );
}

#[test]
fn a_missing_file_exits_2_even_beside_valid_ones() {
    let mut files = corpus("valid");
    files.truncate(2);
    files.push(PathBuf::from("/nonexistent/ncco.json"));
    let output = check(&[], &files);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("/nonexistent/ncco.json: cannot be read"));
    assert!(stdout(&output).contains("1 could not be checked"));
}

#[test]
fn json_output_is_one_document_with_paths_codes_and_fixes() {
    let output = check(&["--json"], &corpus("legacy"));
    assert_eq!(
        output.status.code(),
        Some(1),
        "the legacy corpus has errors"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    assert_eq!(report["files"].as_array().map(Vec::len), Some(12));
    let first = &report["files"][0]["findings"][0];
    assert_eq!(first["path"], "/0/action");
    assert_eq!(first["code"], "retired_action");
    assert_eq!(first["severity"], "warning");
    let with_fix = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|file| file["findings"].as_array().cloned().unwrap_or_default())
        .find(|finding| finding["code"] == "url_not_in_array")
        .expect("a legacy string eventUrl is found");
    assert_eq!(
        with_fix["fixes"][0]["patch"][0]["op"], "replace",
        "fixes are JSON Patch"
    );
}

#[test]
fn reads_standard_input_for_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(br#"[{"action":"stream","streamUrl":["wss://example.com/ws"]}]"#)
        .expect("write");
    let output = child.wait_with_output().expect("exits");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("<stdin>:"), "{text}");
    assert!(
        text.contains("stream plays an audio file"),
        "the stream/WebSocket mistake is explained: {text}"
    );
    assert!(
        text.contains("fix: Replace with connect to a websocket endpoint"),
        "{text}"
    );
}

#[test]
fn a_deeply_nested_but_valid_file_is_checked_not_called_unreadable() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("deep.json");
    let payload = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    std::fs::write(
        &file,
        format!(r#"[{{"action":"notify","payload":{{"deep":{payload}}},"eventUrl":["https://a.example/n"]}}]"#),
    )
    .expect("write");
    let output = check(&[], &[file]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "valid JSON gets findings, not exit 2: {}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("0 errors"), "{}", stdout(&output));
}
