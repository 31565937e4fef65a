//! `callboard-cli test` as a team runs it in CI: the shipped examples against the shipped
//! keypad flow (with JUnit XML), the same tests against an ordinary backend written with
//! Python's standard library (`tests/backends/menu_backend.py`), and against one whose
//! menu is wrong, failing on the right step with the evidence; bad files exit 2 with
//! their line; shards split the suite.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .current_dir(root())
        .arg("test")
        .args(args)
        .output()
        .expect("callboard-cli runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The Python backend, killed when dropped.
struct Backend(Child, String);

impl Backend {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new("python3")
            .arg(root().join("tests/backends/menu_backend.py"))
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the backend says where it listens");
        let listening: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        let base = listening["listening"].as_str().expect("address").to_owned();
        Self(child, base)
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_examples_pass_against_the_keypad_flow_with_junit_xml() {
    let dir = tempfile::tempdir().expect("dir");
    let junit = dir.path().join("out.xml");
    let output = cli(&[
        "examples/tests",
        "--flow",
        "examples/flows/keypad-menu.json",
        "--junit",
        junit.to_str().expect("path"),
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.ends_with("3 passed, 0 failed\n"), "{text}");
    assert!(text.contains("✓ reach the step support"), "{text}");
    assert!(text.contains("✓ a connect to 447700900001"), "{text}");
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    assert!(
        xml.contains(r#"tests="3""#) && xml.contains(r#"failures="0""#),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<testcase ").count(),
        3,
        "one case per file: {xml}"
    );
}

#[test]
fn the_same_tests_pass_against_an_ordinary_backend_that_implements_the_menu() {
    let backend = Backend::start(&[]);
    let output = cli(&[
        "examples/tests",
        "--answer-url",
        &format!("{}/answer", backend.1),
        "--event-url",
        &format!("{}/event", backend.1),
        "--concurrency",
        "3",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("load: 3 runs, 0 failed"), "{text}");
    assert!(
        text.contains("answer webhook: p50"),
        "the backend's answer latency is measured: {text}"
    );
    assert!(text.ends_with("3 passed, 0 failed\n"), "{text}");
}

#[test]
fn a_backend_whose_menu_is_wrong_fails_on_the_right_step_with_the_evidence() {
    let backend = Backend::start(&["--broken"]);
    let dir = tempfile::tempdir().expect("dir");
    let junit = dir.path().join("out.xml");
    let output = cli(&[
        "examples/tests/press-2-reaches-support.toml",
        "--answer-url",
        &format!("{}/answer", backend.1),
        "--junit",
        junit.to_str().expect("path"),
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("✗ line 11: hear “support”"),
        "the step that fails: {text}"
    );
    assert!(
        text.contains("“Connecting you to our sales team.”"),
        "what was heard instead: {text}"
    );
    assert!(text.contains("NCCO:"), "the NCCO served: {text}");
    assert!(text.ends_with("0 passed, 1 failed\n"), "{text}");
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("line 11: hear “support”"), "{xml}");
}

#[test]
fn a_file_that_is_not_a_test_exits_2_with_its_line() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[steps]]\nhear = \"Press 1\"\n\n[[steps]]\npress = \"1\"\nsay = \"sales\"\n",
    )
    .expect("write");
    let output = cli(&[
        bad.to_str().expect("path"),
        "--flow",
        "examples/flows/keypad-menu.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml:4:") && stderr.contains("2 actions"),
        "{stderr}"
    );
    let output = cli(&[
        "no/such/folder",
        "--flow",
        "examples/flows/keypad-menu.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or folder"));
}

#[test]
fn a_shard_runs_its_slice_of_the_suite() {
    let output = cli(&[
        "examples/tests",
        "--flow",
        "examples/flows/keypad-menu.json",
        "--shard",
        "2/3",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.ends_with("1 passed, 0 failed\n"), "{text}");
    assert!(
        text.contains("press-1-connects-sales.toml"),
        "the second of three, sorted: {text}"
    );
    let output = cli(&[
        "examples/tests",
        "--flow",
        "examples/flows/keypad-menu.json",
        "--shard",
        "4/3",
    ]);
    assert_eq!(output.status.code(), Some(2));
}
