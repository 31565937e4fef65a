//! The official Vonage SDKs, unchanged, as the Sandbox's clients: each SDK's script in
//! `tests/sdk/` runs every Application and Voice operation the SDK offers against
//! `callboard-cli sandbox` (over https for Python, whose SDK builds only https:// URLs),
//! with `callboard-cli serve` answering the webhooks. `./dev setup` installs the SDKs at
//! the versions pinned there (`tests/sdk/node/package-lock.json`,
//! `tests/sdk/python/requirements.txt`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A child process stopped (SIGINT, then waited for) when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// The Sandbox and the webhook receiver, and what a script needs to reach them.
struct Platform {
    env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
    _sandbox: Running,
    _serve: Running,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Starts `callboard-cli` with `args`; its first stdout line (JSON), the rest drained.
fn start(args: &[&str]) -> (Running, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("callboard-cli runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a first line").expect("read");
    // Every exchange is a line; nobody reading them would fill the pipe and stall it.
    std::thread::spawn(move || lines.for_each(drop));
    (Running(child), serde_json::from_str(&first).expect("JSON"))
}

impl Platform {
    fn start(tls: bool) -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let ncco = dir.path().join("ncco.json");
        // A conversation keeps the call up while the SDK controls it.
        std::fs::write(&ncco, r#"[{"action":"conversation","name":"sdk-room"}]"#).expect("NCCO");
        let (serve, listening) = start(&[
            "serve",
            "--port",
            "0",
            "--ncco",
            ncco.to_str().expect("utf-8"),
        ]);
        let key = dir.path().join("private.key");
        let tls_dir = dir.path().join("tls");
        let mut args = vec![
            "sandbox",
            "--port",
            "0",
            "--key-file",
            key.to_str().expect("utf-8"),
        ];
        if tls {
            args.extend(["--tls", "--tls-dir", tls_dir.to_str().expect("utf-8")]);
        }
        let (sandbox, account) = start(&args);
        let text = |key: &str| account[key].as_str().unwrap_or_default().to_owned();
        let base = text("base_url");
        let mut env = vec![
            ("SANDBOX_URL".to_owned(), base.clone()),
            (
                "SANDBOX_HOST".to_owned(),
                base.split("://").nth(1).unwrap_or_default().to_owned(),
            ),
            ("SANDBOX_API_KEY".to_owned(), text("api_key")),
            ("SANDBOX_API_SECRET".to_owned(), text("api_secret")),
            (
                "SANDBOX_SIGNATURE_SECRET".to_owned(),
                text("signature_secret"),
            ),
            ("SANDBOX_APPLICATION_ID".to_owned(), text("application_id")),
            ("SANDBOX_PRIVATE_KEY".to_owned(), text("private_key_path")),
            (
                "SANDBOX_NUMBER".to_owned(),
                account["numbers"][0]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            (
                "WEBHOOK_BASE".to_owned(),
                listening["listening"].as_str().expect("address").to_owned(),
            ),
        ];
        if tls {
            // Python's requests and Node both take a CA bundle from the environment.
            env.push(("REQUESTS_CA_BUNDLE".to_owned(), text("ca_file")));
            env.push(("NODE_EXTRA_CA_CERTS".to_owned(), text("ca_file")));
        }
        Self {
            env,
            _dir: dir,
            _sandbox: sandbox,
            _serve: serve,
        }
    }

    /// Runs `program script` with the platform's environment; its output, checked.
    fn run(&self, program: &Path, script: &Path, sdk: &str) -> String {
        assert!(
            program.exists(),
            "{} is missing: `./dev setup` installs the {sdk} SDK for this test",
            program.display()
        );
        let output = Command::new(program)
            .arg(script)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("the script runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "the {sdk} SDK failed against the Sandbox.\nwhat passed:\n{stdout}\nwhat it said:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        println!("{stdout}");
        stdout
    }
}

#[test]
fn the_python_sdk_runs_every_operation_against_the_sandbox_over_https_with_no_proxy() {
    let platform = Platform::start(true);
    let python = repo().join("tests/sdk/python/.venv/bin/python");
    let stdout = platform.run(
        &python,
        &repo().join("tests/sdk/python/exercise.py"),
        "Python",
    );
    assert!(
        stdout.contains("python sdk: all operations passed"),
        "{stdout}"
    );
}

#[test]
fn the_node_sdk_runs_every_operation_against_the_sandbox() {
    let platform = Platform::start(false);
    let node = PathBuf::from("/usr/bin/node");
    let node = if node.exists() {
        node
    } else {
        PathBuf::from("node")
    };
    let script = repo().join("tests/sdk/node/exercise.mjs");
    assert!(
        repo()
            .join("tests/sdk/node/node_modules/@vonage/server-sdk")
            .exists(),
        "`./dev setup` installs the Node SDK for this test"
    );
    let stdout = platform.run(&node, &script, "Node");
    assert!(
        stdout.contains("node sdk: all operations passed"),
        "{stdout}"
    );
}
