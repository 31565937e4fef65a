//! "Report a problem": one JSON file that says what a person's Callboard is and did,
//! with every secret of every profile removed, for them to read before sending it.

use serde_json::json;

use callboard_server::capture::now_ms;

use super::App;
use crate::{calls, error::CoreError, profiles};

impl App {
    /// Saves the support bundle at `path`: the version and system, each profile's
    /// settings (no secret), the listener, the active profile's recent calls and the
    /// newest `log_lines`, with every form of every profile's secrets redacted.
    /// Answers what it holds, in plain words.
    ///
    /// # Errors
    /// Storage errors; [`CoreError::File`] when the file cannot be written.
    pub async fn support_bundle(
        &self,
        path: &str,
        log_lines: Vec<String>,
    ) -> Result<String, CoreError> {
        let state = self.state().await?;
        let profiles = profiles::list(&self.db.lock())?;
        let mut secrets = Vec::new();
        for profile in &profiles {
            secrets.extend(self.profile_secrets(profile).await);
        }
        let calls = calls::list(&self.db.lock(), state.active_profile.id, None)?;
        let recent_calls: Vec<_> = calls.into_iter().take(20).collect();
        let lines = log_lines.len();
        let mut bundle = json!({
            "callboard": env!("CARGO_PKG_VERSION"),
            "generated_at_ms": now_ms(),
            "system": {"os": std::env::consts::OS, "arch": std::env::consts::ARCH, "family": std::env::consts::FAMILY},
            "data_dir": state.data_dir,
            "profiles": profiles.iter().map(|p| json!({
                "name": p.name, "kind": p.kind, "application_id": p.application_id,
                "api_base_url": p.api_base_url, "public_url": p.public_url,
                "paths": p.paths, "webhooks": p.webhooks, "active": p.id == state.active_profile.id,
            })).collect::<Vec<_>>(),
            "listener": state.listener,
            "recent_calls": recent_calls,
            "log": log_lines,
        });
        super::write_redacted(path, &mut bundle, &secrets)?;
        Ok(format!(
            "Saved Callboard's version, your {} profiles' settings, {} recent calls and the last {lines} log lines, with no secret in them.",
            profiles.len(),
            bundle["recent_calls"].as_array().map_or(0, Vec::len),
        ))
    }
}
