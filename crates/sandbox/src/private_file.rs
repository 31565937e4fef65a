//! Writing a file only its owner may read (0600 on Unix): the Sandbox's private keys, for
//! the CLI's `--key-file` and `--tls`'s certificate key alike.

use std::{io::Write, path::Path};

/// Writes `text` to `path` readable by this user only, whatever was there before (an old
/// file is made private too); a symbolic link at `path` is refused rather than followed.
///
/// # Errors
/// The I/O error, or a link at `path`.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("it is a symbolic link"));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())
}
