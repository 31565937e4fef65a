//! Logs: to standard error from the first line, and to daily files in the app's log
//! folder (seven kept) once the folder is known. `info` unless `RUST_LOG` says
//! otherwise. Reading the newest lines back is for the support bundle.

use std::{
    io::IsTerminal,
    path::{Path, PathBuf},
};

use tracing_appender::{non_blocking::WorkerGuard, rolling};
use tracing_subscriber::{
    EnvFilter, Layer, Registry, layer::SubscriberExt, reload, util::SubscriberInitExt,
};

/// The log files' names: `callboard.YYYY-MM-DD.log`.
const FILE_PREFIX: &str = "callboard";
const FILE_SUFFIX: &str = "log";
/// How many daily files are kept.
const KEPT_FILES: usize = 7;

type FileLayer = Box<dyn Layer<Registry> + Send + Sync>;

/// Adds the file once the log folder is known; holds the writer until the app exits.
pub struct Logging {
    file: reload::Handle<Option<FileLayer>, Registry>,
    guard: Option<WorkerGuard>,
}

/// Starts logging to standard error.
#[must_use]
pub fn init() -> Logging {
    let (file, handle) = reload::Layer::new(None::<FileLayer>);
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tao=warn,wry=warn".into());
    // The file layer sits first: reload's handle is typed by the subscriber beneath it.
    let _ = tracing_subscriber::registry()
        .with(file)
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr),
        )
        .with(filter)
        .try_init();
    Logging {
        file: handle,
        guard: None,
    }
}

impl Logging {
    /// Also writes to rotated files in `dir` (created if missing).
    pub fn write_to_folder(&mut self, dir: &Path) {
        // The appender prunes old files before it creates the folder.
        let _ = std::fs::create_dir_all(dir);
        let appender = match rolling::Builder::new()
            .rotation(rolling::Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix(FILE_SUFFIX)
            .max_log_files(KEPT_FILES)
            .build(dir)
        {
            Ok(appender) => appender,
            Err(error) => {
                tracing::warn!(%error, dir = %dir.display(), "logs are not written to a file");
                return;
            }
        };
        let (writer, guard) = tracing_appender::non_blocking(appender);
        let layer: FileLayer = Box::new(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer),
        );
        if self.file.reload(Some(layer)).is_ok() {
            self.guard = Some(guard);
            tracing::info!(dir = %dir.display(), version = env!("CARGO_PKG_VERSION"), "logging to files");
        }
    }
}

/// The log files in `dir`, oldest first.
#[must_use]
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX))
        })
        .collect();
    // Dated names sort by date.
    files.sort();
    files
}

/// At most the last `lines` lines across the log files in `dir`, oldest first.
#[must_use]
pub fn tail(dir: &Path, lines: usize) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for file in files(dir).iter().rev() {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let mut these: Vec<String> = text.lines().map(str::to_owned).collect();
        these.append(&mut kept);
        kept = these;
        if kept.len() >= lines {
            break;
        }
    }
    let skip = kept.len().saturating_sub(lines);
    kept.split_off(skip)
}
