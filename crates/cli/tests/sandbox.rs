//! `callboard-cli sandbox` as people run it: the real binary prints its account, and
//! the Application API it serves accepts exactly those credentials.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn prints_a_working_account_as_json_and_serves_it() {
    let dir = tempfile::tempdir().expect("dir");
    let key_path = dir.path().join("private.key");
    // A key file left world-readable by something else is made private, not kept so.
    std::fs::write(&key_path, "old").expect("an old file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["sandbox", "--port", "0", "--key-file"])
        .arg(&key_path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("one line");
    let account: serde_json::Value = serde_json::from_str(&line).expect("JSON account");
    let key = std::fs::read_to_string(&key_path).expect("the key file is written");
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(
            mode, 0o600,
            "the private key is readable by its owner only: {mode:o}"
        );
    }

    assert!(
        account["signature_secret"]
            .as_str()
            .is_some_and(|s| s.len() >= 16),
        "the signature secret, for an SDK's signed-webhook check: {account}"
    );
    let base = account["base_url"].as_str().expect("base_url");
    let id = account["application_id"].as_str().expect("id");
    let url = format!("{base}/v2/applications/{id}");
    let client = reqwest::Client::new();
    let ok = client
        .get(&url)
        .basic_auth(
            account["api_key"].as_str().expect("key"),
            account["api_secret"].as_str(),
        )
        .send()
        .await
        .expect("answer");
    assert_eq!(ok.status(), 200);
    let refused = client
        .get(&url)
        .basic_auth("x", Some("y"))
        .send()
        .await
        .expect("answer");
    assert_eq!(refused.status(), 401);
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(
        child.wait().expect("exits").success(),
        "Ctrl+C stops it cleanly"
    );
}

#[tokio::test]
async fn with_tls_it_serves_https_with_a_ca_the_client_trusts() {
    let dir = tempfile::tempdir().expect("dir");
    let tls_dir = dir.path().join("tls");
    let mut child = Command::new(env!("CARGO_BIN_EXE_callboard-cli"))
        .args(["sandbox", "--port", "0", "--tls", "--tls-dir"])
        .arg(&tls_dir)
        .arg("--key-file")
        .arg(dir.path().join("private.key"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("one line");
    let account: serde_json::Value = serde_json::from_str(&line).expect("JSON account");
    let base = account["base_url"].as_str().expect("base_url").to_owned();
    assert!(base.starts_with("https://127.0.0.1:"), "{base}");
    let ca = std::fs::read(account["ca_file"].as_str().expect("ca_file")).expect("the CA file");
    let url = format!(
        "{base}/v2/applications/{}",
        account["application_id"].as_str().expect("id")
    );
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).expect("PEM"))
        .build()
        .expect("client");
    let answer = trusting
        .get(&url)
        .basic_auth(
            account["api_key"].as_str().expect("key"),
            account["api_secret"].as_str(),
        )
        .send()
        .await
        .expect("https works with the CA trusted");
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.expect("JSON");
    assert!(body["id"].is_string());
    let stranger = reqwest::Client::new().get(&url).send().await;
    assert!(
        stranger.is_err(),
        "a client that does not trust the CA is refused at the handshake"
    );
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(child.wait().expect("exits").success());
}
