//! `callboard-cli sandbox`: the simulated platform without a window. Prints one JSON
//! line (base URL, API key and secret, application id, private key path, numbers),
//! then serves until interrupted.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use callboard_sandbox::SandboxAccount;
use serde_json::json;

/// Runs the Sandbox until Ctrl+C.
pub fn run(port: u16, key_file: Option<PathBuf>) -> ExitCode {
    let runtime = match crate::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let account = SandboxAccount::generate();
        let key_path = key_file.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("callboard-sandbox-{}.key", account.application_id))
        });
        if let Err(error) = std::fs::write(&key_path, account.private_key.to_pem()) {
            eprintln!(
                "callboard-cli: cannot write the private key to {}: {error}",
                key_path.display()
            );
            return ExitCode::from(2);
        }
        let sandbox =
            match callboard_sandbox::serve(([127, 0, 0, 1], port).into(), account.clone()).await {
                Ok(sandbox) => sandbox,
                Err(error) => {
                    eprintln!("callboard-cli: cannot listen on 127.0.0.1:{port}: {error}");
                    return ExitCode::from(2);
                }
            };
        let line = json!({
            "base_url": sandbox.base_url(),
            "api_key": account.api_key,
            "api_secret": account.api_secret,
            "application_id": account.application_id,
            "private_key_path": key_path,
            "numbers": account.numbers,
        });
        let mut stdout = std::io::stdout().lock();
        if writeln!(stdout, "{line}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return ExitCode::from(2);
        }
        drop(stdout);
        let _ = tokio::signal::ctrl_c().await;
        drop(sandbox);
        ExitCode::SUCCESS
    })
}
