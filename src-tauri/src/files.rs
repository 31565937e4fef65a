//! The files the web view may name. Every command is reachable from the web view, so a
//! script that got into it (through something a webhook carried, say) could otherwise
//! read or overwrite any file the user can. So the native open and save dialogs run
//! here, not in the page: a path is accepted only if the person chose it in one of them
//! during this run, or if it lies in Callboard's own data folder.

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    sync::Mutex,
};

use callboard_core::{ErrorKind, UiError};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// The paths chosen in a dialog this run, and the app's own folder.
#[derive(Debug)]
pub struct GrantedFiles {
    chosen: Mutex<HashSet<PathBuf>>,
    own: Option<PathBuf>,
}

impl GrantedFiles {
    /// Grants for a run whose data folder is `own` (its files are always allowed).
    pub fn new(own: Option<PathBuf>) -> Self {
        Self {
            chosen: Mutex::new(HashSet::new()),
            own: own.and_then(|dir| dir.canonicalize().ok()),
        }
    }

    fn grant(&self, path: &Path) {
        self.chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_owned());
    }

    /// `path` if the person chose it in a dialog, or it is inside the data folder.
    ///
    /// # Errors
    /// A [`UiError`] saying to choose the file with the dialog.
    pub fn check(&self, path: &str) -> Result<(), UiError> {
        let path = Path::new(path);
        let chosen = self
            .chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(path);
        if chosen || self.is_own(path) {
            return Ok(());
        }
        Err(UiError::new(
            ErrorKind::InvalidInput,
            format!("{} was not chosen in a file dialog.", path.display()),
            Some("Use the Choose… or Save… button to pick the file.".into()),
        ))
    }

    fn is_own(&self, path: &Path) -> bool {
        let Some(own) = &self.own else { return false };
        // A file to be written may not exist yet: its folder must be inside.
        let resolved = path.canonicalize().ok().or_else(|| {
            let parent = path.parent()?.canonicalize().ok()?;
            Some(parent.join(path.file_name()?))
        });
        resolved.is_some_and(|p| p.starts_with(own))
    }
}

fn filters(extensions: &[String]) -> (String, Vec<&str>) {
    let upper: Vec<String> = extensions.iter().map(|e| e.to_uppercase()).collect();
    (
        format!("{} files", upper.join(", ")),
        extensions.iter().map(String::as_str).collect(),
    )
}

/// Waits for the dialog `show` opens to answer (through the sender it is given); the
/// path chosen, granted, or none when the person cancelled.
async fn chosen(
    granted: &GrantedFiles,
    show: impl FnOnce(tokio::sync::oneshot::Sender<Option<FilePath>>),
) -> Option<String> {
    let (send, receive) = tokio::sync::oneshot::channel();
    show(send);
    let path = receive.await.ok().flatten()?.into_path().ok()?;
    granted.grant(&path);
    Some(path.display().to_string())
}

/// Shows the native open dialog; the chosen path, granted, or none when cancelled.
pub async fn open(
    app: &tauri::AppHandle,
    granted: &GrantedFiles,
    title: String,
    extensions: Vec<String>,
) -> Option<String> {
    let (name, extensions) = filters(&extensions);
    chosen(granted, |send| {
        app.dialog()
            .file()
            .set_title(title)
            .add_filter(name, &extensions)
            .pick_file(move |path| {
                let _ = send.send(path);
            });
    })
    .await
}

/// Shows the native save dialog; the chosen path, granted, or none when cancelled.
pub async fn save(
    app: &tauri::AppHandle,
    granted: &GrantedFiles,
    title: String,
    default_name: String,
    extensions: Vec<String>,
) -> Option<String> {
    let (name, extensions) = filters(&extensions);
    chosen(granted, |send| {
        app.dialog()
            .file()
            .set_title(title)
            .set_file_name(default_name)
            .add_filter(name, &extensions)
            .save_file(move |path| {
                let _ = send.send(path);
            });
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_files_and_the_data_folder_are_allowed() {
        let data = tempfile::tempdir().expect("dir");
        let elsewhere = tempfile::tempdir().expect("dir");
        let granted = GrantedFiles::new(Some(data.path().to_owned()));
        let chosen = elsewhere.path().join("export.har");
        let refused = granted
            .check(chosen.to_str().expect("utf-8"))
            .expect_err("not chosen yet");
        assert!(
            refused.message.contains("not chosen in a file dialog"),
            "{}",
            refused.message
        );
        granted.grant(&chosen);
        assert!(granted.check(chosen.to_str().expect("utf-8")).is_ok());

        let own = data.path().join("recordings").join("a.wav");
        std::fs::create_dir_all(own.parent().expect("parent")).expect("dir");
        assert!(
            granted.check(own.to_str().expect("utf-8")).is_ok(),
            "the data folder's files"
        );
        for sneaky in [
            format!("{}/../{}", data.path().display(), "outside.json"),
            "/etc/passwd".to_owned(),
            format!("{}/other.har", elsewhere.path().display()),
        ] {
            assert!(granted.check(&sneaky).is_err(), "{sneaky}");
        }
    }
}
