//! `callboard-cli sandbox`: the simulated platform without a window. Prints one JSON
//! line (base URL, API key and secret, signature secret, application id, private key
//! path, numbers),
//! then serves until interrupted.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use callboard_sandbox::SandboxAccount;
use serde_json::json;

/// Where `--tls` keeps its certificate unless told: `callboard/sandbox-tls` in the user's
/// data folder (`$XDG_DATA_HOME`, else `~/.local/share`), or the temp folder.
#[must_use]
pub fn default_tls_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("callboard/sandbox-tls")
}

/// Runs the Sandbox until Ctrl+C, over https with the certificate in `tls_dir` when given.
pub fn run(port: u16, key_file: Option<PathBuf>, tls_dir: Option<PathBuf>) -> ExitCode {
    let runtime = match crate::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let account = SandboxAccount::generate();
        let key_path = key_file.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("callboard-sandbox-{}.key", account.application_id))
        });
        if let Err(error) =
            callboard_sandbox::private_file::write_private(&key_path, &account.private_key.to_pem())
        {
            eprintln!(
                "callboard-cli: cannot write the private key to {}: {error}",
                key_path.display()
            );
            return ExitCode::from(2);
        }
        let tls = match tls_dir
            .as_deref()
            .map(callboard_sandbox::tls::Tls::load_or_create)
        {
            None => None,
            Some(Ok(tls)) => Some(tls),
            Some(Err(why)) => {
                eprintln!("callboard-cli: {why}");
                return ExitCode::from(2);
            }
        };
        let addr = ([127, 0, 0, 1], port).into();
        let serving = match &tls {
            Some(tls) => callboard_sandbox::serve_tls(addr, account.clone(), tls).await,
            None => callboard_sandbox::serve(addr, account.clone()).await,
        };
        let sandbox = match serving {
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
            "signature_secret": account.signature_secret,
            "application_id": account.application_id,
            "private_key_path": key_path,
            "numbers": account.numbers,
            "ca_file": tls.as_ref().map(|tls| tls.ca_file.display().to_string()),
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
