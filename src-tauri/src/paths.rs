//! Where this instance keeps things: its data folder, its log folder, the file that
//! remembers the window, and the name that makes it one instance.
//!
//! Normally these come from Tauri's path API (the OS's app-data, app-log and
//! app-config folders) and the app's identifier. With `CALLBOARD_DATA_DIR` set,
//! everything lives under that folder instead and the instance is keyed by it: two
//! test runs side by side are two instances, two launches on one folder are one.

use std::path::PathBuf;

use callboard_core::{ErrorKind, UiError};
use tauri::Manager;

/// The data and log folders of this instance.
#[derive(Debug, Clone)]
pub struct AppPaths {
    /// The database, the Sandbox's account and recordings.
    pub data_dir: PathBuf,
    /// The rotated log files.
    pub log_dir: PathBuf,
}

/// The file name of the remembered window.
const WINDOW_STATE_FILE: &str = "window-state.json";

fn data_dir_override() -> Option<PathBuf> {
    std::env::var_os("CALLBOARD_DATA_DIR").map(PathBuf::from)
}

/// The name only one running instance may own (a D-Bus name on Linux).
#[must_use]
pub fn instance_id(identifier: &str) -> String {
    match data_dir_override() {
        Some(dir) => format!(
            "{identifier}.data_{:016x}",
            fnv1a(dir.as_os_str().as_encoded_bytes())
        ),
        None => identifier.to_owned(),
    }
}

/// The window-state file: a name in the app's config folder, or a path in the
/// configured data folder.
#[must_use]
pub fn window_state_file() -> String {
    match data_dir_override() {
        Some(dir) => dir.join(WINDOW_STATE_FILE).to_string_lossy().into_owned(),
        None => WINDOW_STATE_FILE.to_owned(),
    }
}

impl AppPaths {
    /// The configured folder's, or the OS's folders for this app from Tauri's path API.
    ///
    /// # Errors
    /// When none is configured and the OS gives no app-data folder.
    pub fn resolve(handle: &tauri::AppHandle) -> Result<Self, UiError> {
        if let Some(data_dir) = data_dir_override() {
            return Ok(Self {
                log_dir: data_dir.join("logs"),
                data_dir,
            });
        }
        let path = handle.path();
        let data_dir = path.app_data_dir().map_err(|error| {
            UiError::new(
                ErrorKind::Storage,
                format!("the system did not give Callboard a data folder: {error}"),
                Some("Set CALLBOARD_DATA_DIR to a folder you can write to.".into()),
            )
        })?;
        let log_dir = path.app_log_dir().unwrap_or_else(|_| data_dir.join("logs"));
        Ok(Self { data_dir, log_dir })
    }
}

/// A stable 64-bit hash (FNV-1a) of a path, for a D-Bus name element.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
