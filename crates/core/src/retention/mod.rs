//! Retention: what the listener keeps (exchanges, stream sessions and their WAV files)
//! is pruned to the profile's limits, by age and by size, oldest first.
//!
//! Pruning runs on a connection and a thread of its own, in batches of [`BATCH`] rows,
//! so the capture writer (which answers Vonage) only ever waits for one small batch,
//! never for the whole clean-up. The size counted is the database's used pages plus the
//! recordings folder.

use std::path::Path;

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;

pub(crate) mod settings;

pub use settings::Retention;

/// Rows deleted per transaction.
pub const BATCH: usize = 500;

/// What the listener keeps now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StoreSize {
    /// Exchanges kept.
    #[ts(type = "number")]
    pub exchanges: u64,
    /// Stream sessions kept.
    #[ts(type = "number")]
    pub stream_sessions: u64,
    /// Bytes used: the database's pages in use and the recordings.
    #[ts(type = "number")]
    pub bytes: u64,
    /// When the oldest kept exchange arrived, ms since 1970.
    #[ts(type = "number | null")]
    pub oldest_ms: Option<i64>,
}

/// What one pruning removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Exchanges deleted.
    pub exchanges: usize,
    /// Stream sessions deleted, with their recordings.
    pub stream_sessions: usize,
}

/// The size of what is kept.
///
/// # Errors
/// Storage errors.
pub fn size(connection: &Connection, recordings: &Path) -> Result<StoreSize, CoreError> {
    let count = |table: &str| -> Result<u64, CoreError> {
        let n: i64 =
            connection.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    Ok(StoreSize {
        exchanges: count("exchanges")?,
        stream_sessions: count("stream_sessions")?,
        bytes: used_bytes(connection, recordings)?,
        oldest_ms: connection.query_row("SELECT MIN(received_at_ms) FROM exchanges", [], |r| {
            r.get(0)
        })?,
    })
}

fn used_bytes(connection: &Connection, recordings: &Path) -> Result<u64, CoreError> {
    let pragma = |name: &str| -> Result<u64, CoreError> {
        let n: i64 = connection.pragma_query_value(None, name, |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    let pages = pragma("page_count")?.saturating_sub(pragma("freelist_count")?);
    let files: u64 = std::fs::read_dir(recordings)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or(0);
    Ok(pages * pragma("page_size")? + files)
}

/// Deletes what is older than `retention.days` before `now_ms`, then the oldest until
/// what is kept fits `retention.max_megabytes`. Sessions still open are never deleted.
///
/// # Errors
/// Storage errors (what was deleted before stays deleted).
pub fn prune(
    connection: &Connection,
    recordings: &Path,
    retention: Retention,
    now_ms: i64,
) -> Result<Pruned, CoreError> {
    let mut pruned = Pruned::default();
    let cutoff = now_ms - i64::from(retention.days) * 24 * 3600 * 1000;
    loop {
        let deleted = connection.execute(
            "DELETE FROM exchanges WHERE id IN
                 (SELECT id FROM exchanges WHERE received_at_ms < ?1 ORDER BY id LIMIT ?2)",
            params![cutoff, BATCH],
        )?;
        pruned.exchanges += deleted;
        if deleted < BATCH {
            break;
        }
    }
    pruned.stream_sessions += delete_sessions_before(connection, cutoff)?;
    loop {
        let used = used_bytes(connection, recordings)?;
        if used <= retention.max_bytes() {
            break;
        }
        let deleted = delete_oldest_exchanges(connection, used - retention.max_bytes())?;
        pruned.exchanges += deleted;
        // Sessions no younger than the oldest exchange left go with the exchanges.
        let oldest: Option<i64> =
            connection.query_row("SELECT MIN(received_at_ms) FROM exchanges", [], |r| {
                r.get(0)
            })?;
        let sessions = delete_sessions_before(connection, oldest.unwrap_or(i64::MAX))?;
        pruned.stream_sessions += sessions;
        if deleted == 0 && sessions == 0 {
            break;
        }
    }
    Ok(pruned)
}

/// Deletes the oldest exchanges whose stored text adds up to `excess` bytes (at most
/// [`BATCH`]); how many went.
fn delete_oldest_exchanges(connection: &Connection, excess: u64) -> Result<usize, CoreError> {
    let sizes: Vec<(i64, i64)> = connection
        .prepare_cached(
            "SELECT id, length(request_body) + length(response_body) + length(request_headers)
                        + length(response_headers) + length(query) + length(path) + 64 AS size
             FROM exchanges ORDER BY id LIMIT ?1",
        )?
        .query_map(params![BATCH], |row| Ok((row.get("id")?, row.get("size")?)))?
        .collect::<Result<_, _>>()?;
    let mut covered = 0u64;
    let mut last = None;
    for (id, bytes) in sizes {
        last = Some(id);
        covered += u64::try_from(bytes).unwrap_or(0);
        if covered >= excess {
            break;
        }
    }
    let Some(last) = last else { return Ok(0) };
    Ok(connection.execute("DELETE FROM exchanges WHERE id <= ?1", params![last])?)
}

/// Deletes ended sessions that started before `before_ms`, and their WAV files.
fn delete_sessions_before(connection: &Connection, before_ms: i64) -> Result<usize, CoreError> {
    let mut total = 0;
    loop {
        let old: Vec<(String, Option<String>, Option<String>)> = connection
            .prepare_cached(
                "SELECT id, recording, recording_sent FROM stream_sessions
                 WHERE started_at_ms < ?1 AND ended_at_ms IS NOT NULL ORDER BY started_at_ms LIMIT ?2",
            )?
            .query_map(params![before_ms, BATCH], |row| {
                Ok((
                    row.get("id")?,
                    row.get("recording")?,
                    row.get("recording_sent")?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        for (id, recording, recording_sent) in &old {
            for file in [recording, recording_sent].into_iter().flatten() {
                // A file already gone is what pruning wants anyway.
                let _ = std::fs::remove_file(file);
            }
            connection.execute("DELETE FROM stream_sessions WHERE id = ?1", params![id])?;
        }
        total += old.len();
        if old.len() < BATCH {
            return Ok(total);
        }
    }
}

/// How often the background pruning runs (and once at start, and after a settings change).
pub const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Prunes the app's store in the background, with the active profile's [`Retention`].
#[derive(Debug, Clone)]
pub struct Pruner {
    database: std::path::PathBuf,
    recordings: std::path::PathBuf,
    first_run_port: u16,
    bus: crate::events::EventBus,
    wake: std::sync::Arc<tokio::sync::Notify>,
}

impl Pruner {
    /// A pruner for the database at `database` and WAV files in `recordings`.
    #[must_use]
    pub fn new(
        database: std::path::PathBuf,
        recordings: std::path::PathBuf,
        first_run_port: u16,
        bus: crate::events::EventBus,
    ) -> Self {
        Self {
            database,
            recordings,
            first_run_port,
            bus,
            wake: std::sync::Arc::default(),
        }
    }

    /// One pass now, on a connection and a blocking thread of its own; the Inspector is
    /// told when anything went.
    ///
    /// # Errors
    /// Storage errors.
    pub async fn run_once(&self) -> Result<Pruned, CoreError> {
        let this = self.clone();
        let pruned = tokio::task::spawn_blocking(move || {
            let mut connection = Connection::open(&this.database)?;
            crate::db::Db::prepare(&mut connection)?;
            let retention = crate::profiles::active_or_first_run(&connection, this.first_run_port)?
                .listener
                .retention;
            prune(
                &connection,
                &this.recordings,
                retention,
                callboard_server::capture::now_ms(),
            )
        })
        .await
        .map_err(|e| CoreError::Sandbox(format!("pruning stopped: {e}")))??;
        if pruned.exchanges > 0 {
            self.bus.publish(crate::events::CoreEvent::ExchangesAdded);
        }
        if pruned.stream_sessions > 0 {
            self.bus.publish(crate::events::CoreEvent::StreamsChanged);
        }
        Ok(pruned)
    }

    /// Asks the background loop for a pass now (after the limits changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Runs a pass now and every [`PRUNE_EVERY`] (or when woken) until aborted.
    #[must_use]
    pub fn spawn(&self) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match this.run_once().await {
                    Ok(pruned) if pruned != Pruned::default() => {
                        tracing::info!(?pruned, "pruned what the listener kept");
                    }
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "pruning failed; trying again later"),
                }
                tokio::select! {
                    () = tokio::time::sleep(PRUNE_EVERY) => {}
                    () = this.wake.notified() => {}
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_out_of_range_are_refused_with_the_limit_named() {
        assert!(Retention::default().checked().is_ok());
        for (bad, says) in [
            (
                Retention {
                    days: 0,
                    ..Retention::default()
                },
                "days",
            ),
            (
                Retention {
                    days: 4000,
                    ..Retention::default()
                },
                "days",
            ),
            (
                Retention {
                    max_megabytes: 0,
                    ..Retention::default()
                },
                "MB",
            ),
        ] {
            let error = bad.checked().expect_err("out of range").to_string();
            assert!(error.contains(says), "{error}");
        }
    }
}
