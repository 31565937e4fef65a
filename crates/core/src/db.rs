//! The SQLite store in the app's data directory: opened in WAL mode, migrated on open.
//!
//! Migrations are append-only: a released migration is never edited, a change is a new
//! one. `rusqlite_migration` records the schema version in `user_version`, so opening an
//! older file upgrades it and opening a newer one is refused rather than misread.

use std::{
    path::Path,
    sync::{Mutex, MutexGuard, PoisonError},
};

use rusqlite::{Connection, params};
use rusqlite_migration::{M, Migrations};

use crate::{error::CoreError, id::Id};

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "callboard.sqlite3";

const MIGRATIONS: &[M<'static>] = &[
M::up(
    "CREATE TABLE profiles (
        id             INTEGER PRIMARY KEY,
        name           TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        kind           TEXT    NOT NULL CHECK (kind IN ('sandbox', 'vonage')),
        listener_port  INTEGER NOT NULL DEFAULT 3000 CHECK (listener_port BETWEEN 1 AND 65535),
        answer_path    TEXT    NOT NULL,
        event_path     TEXT    NOT NULL,
        fallback_path  TEXT    NOT NULL,
        stream_path    TEXT    NOT NULL,
        created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;",
),
M::up(
    "CREATE TABLE ncco_documents (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        body        TEXT NOT NULL,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;
    ALTER TABLE profiles ADD COLUMN active_ncco_id INTEGER REFERENCES ncco_documents (id) ON DELETE SET NULL;",
),
M::up(
    "ALTER TABLE profiles ADD COLUMN api_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE profiles ADD COLUMN application_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE profiles ADD COLUMN api_base_url TEXT NOT NULL DEFAULT 'https://api.nexmo.com';",
),
M::up(
    "ALTER TABLE profiles ADD COLUMN public_url TEXT NOT NULL DEFAULT '';
    ALTER TABLE profiles ADD COLUMN webhook_settings TEXT NOT NULL DEFAULT '';
    CREATE TABLE config_snapshots (
        id              INTEGER PRIMARY KEY,
        profile_id      INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        application_id  TEXT    NOT NULL,
        body            TEXT    NOT NULL,
        taken_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        restored_at     TEXT
    ) STRICT;",
),
M::up(
    "CREATE TABLE exchanges (
        id                 INTEGER PRIMARY KEY,
        received_at_ms     INTEGER NOT NULL,
        route              TEXT    NOT NULL,
        method             TEXT    NOT NULL,
        path               TEXT    NOT NULL,
        query              TEXT    NOT NULL,
        request_headers    TEXT    NOT NULL,
        request_body       TEXT    NOT NULL,
        status             INTEGER NOT NULL,
        response_headers   TEXT    NOT NULL,
        response_body      TEXT    NOT NULL,
        duration_us        INTEGER NOT NULL,
        call_uuid          TEXT,
        conversation_uuid  TEXT
    ) STRICT;
    CREATE INDEX exchanges_by_call ON exchanges (call_uuid);",
),
M::up(
    "CREATE TABLE stream_sessions (
        id                TEXT    PRIMARY KEY,
        call_uuid         TEXT    NOT NULL,
        started_at_ms     INTEGER NOT NULL,
        ended_at_ms       INTEGER,
        content_type      TEXT,
        sample_rate       INTEGER,
        headers           TEXT    NOT NULL,
        frames            INTEGER NOT NULL,
        mis_sized_frames  INTEGER NOT NULL,
        gaps              INTEGER NOT NULL,
        longest_gap_ms    INTEGER NOT NULL,
        level_dbfs        REAL    NOT NULL,
        dtmf              TEXT    NOT NULL,
        notes             TEXT    NOT NULL,
        recording         TEXT
    ) STRICT;",
),
M::up("ALTER TABLE exchanges ADD COLUMN signature TEXT;"),
M::up(
    "ALTER TABLE profiles ADD COLUMN listener_settings TEXT NOT NULL DEFAULT '';
    ALTER TABLE exchanges ADD COLUMN forwarded TEXT;
    ALTER TABLE stream_sessions ADD COLUMN frames_sent INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stream_sessions ADD COLUMN forwarded_to TEXT;
    ALTER TABLE stream_sessions ADD COLUMN recording_sent TEXT;",
),
M::up(
    "CREATE TABLE calls (
        uuid               TEXT    PRIMARY KEY,
        profile_id         INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        conversation_uuid  TEXT    NOT NULL,
        to_number          TEXT    NOT NULL,
        from_number        TEXT    NOT NULL,
        ncco_source        TEXT    NOT NULL CHECK (ncco_source IN ('answer_webhook', 'active_inline')),
        placed_at_ms       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX calls_by_profile ON calls (profile_id, placed_at_ms);",
),
M::up(
    "CREATE TABLE call_controls (
        id         INTEGER PRIMARY KEY,
        call_uuid  TEXT    NOT NULL,
        at_ms      INTEGER NOT NULL,
        control    TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX call_controls_by_call ON call_controls (call_uuid, at_ms);",
),
M::up(
    "CREATE TABLE flows (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
    ) STRICT;
    CREATE TABLE flow_revisions (
        id        INTEGER PRIMARY KEY,
        flow_id   INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        body      TEXT    NOT NULL,
        saved_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ) STRICT;
    CREATE INDEX flow_revisions_by_flow ON flow_revisions (flow_id, id);
    ALTER TABLE profiles ADD COLUMN active_flow_id INTEGER REFERENCES flows (id) ON DELETE SET NULL;
    ALTER TABLE exchanges ADD COLUMN flow TEXT;",
),
M::up(
    "CREATE TABLE call_tests (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        body        TEXT NOT NULL,
        updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_run    TEXT
    ) STRICT;",
),
// The origin each push wrote, so Callboard knows its own earlier tunnels' addresses.
M::up("ALTER TABLE config_snapshots ADD COLUMN pushed_origin TEXT;"),
];

/// A connection to the store, shared behind a mutex (writes are short and few).
#[derive(Debug)]
pub struct Db(Mutex<Connection>);

impl Db {
    /// Opens (creating if needed) the store at `path`, in WAL mode, fully migrated.
    ///
    /// # Errors
    /// [`CoreError::Storage`] when the file cannot be opened, [`CoreError::Migration`]
    /// when its schema cannot be brought up to date.
    pub fn open(path: &Path) -> Result<Self, CoreError> {
        let damaged = |error: rusqlite::Error| match error {
            rusqlite::Error::SqliteFailure(failure, _)
                if failure.code == rusqlite::ErrorCode::NotADatabase =>
            {
                CoreError::DamagedDatabase {
                    path: path.display().to_string(),
                }
            }
            other => other.into(),
        };
        let mut connection = Connection::open(path).map_err(damaged)?;
        Self::prepare(&mut connection).map_err(|error| match error {
            CoreError::Storage(inner) => damaged(inner),
            CoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                damaged(err)
            }
            other => other,
        })?;
        Ok(Self(Mutex::new(connection)))
    }

    /// An in-memory store, for tests that do not need a file.
    ///
    /// # Errors
    /// As [`Db::open`].
    pub fn open_in_memory() -> Result<Self, CoreError> {
        let mut connection = Connection::open_in_memory()?;
        Self::prepare(&mut connection)?;
        Ok(Self(Mutex::new(connection)))
    }

    /// Applies the connection settings and migrations (also used by the exchange writer's
    /// own connection).
    pub(crate) fn prepare(connection: &mut Connection) -> Result<(), CoreError> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::from_slice(MIGRATIONS).to_latest(connection)?;
        Ok(())
    }

    /// The connection, for one unit of work.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `stem`, or else `stem (2)`, `stem (3)`, …: the first that no name in `taken` is
/// (ignoring case), for what is imported or made under a name of its own.
#[must_use]
pub fn unique_name(stem: &str, taken: &[String]) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                stem.to_owned()
            } else {
                format!("{stem} ({n})")
            }
        })
        .find(|candidate| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate)))
        .unwrap_or_else(|| stem.to_owned())
}

/// A store error, where a unique name's constraint refused the row, as the person's
/// mistake in the `name` input: `a_thing` (such as "an NCCO") named `name` already exists.
pub fn name_taken(error: rusqlite::Error, a_thing: &str, name: &str) -> CoreError {
    match error {
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            CoreError::in_field(
                "name",
                format!("{a_thing} named \"{name}\" already exists; choose another name"),
            )
        }
        other => other.into(),
    }
}

/// What a profile serves from its answer webhook: an NCCO document, or a flow (which,
/// while one is active, answers instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Served {
    /// The profile's active NCCO document.
    Ncco,
    /// The profile's active flow.
    Flow,
}

impl Served {
    fn column(self) -> &'static str {
        match self {
            Self::Ncco => "active_ncco_id",
            Self::Flow => "active_flow_id",
        }
    }

    /// The profile's active one, if any.
    ///
    /// # Errors
    /// Storage errors.
    pub fn active_id(self, connection: &Connection, profile: Id) -> Result<Option<Id>, CoreError> {
        use rusqlite::OptionalExtension;
        let column = self.column();
        Ok(connection
            .query_row(
                &format!("SELECT {column} FROM profiles WHERE id = ?1"),
                [profile],
                |row| row.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Makes `id` (or none) the profile's active one.
    ///
    /// # Errors
    /// Storage errors.
    pub fn set_active_id(
        self,
        connection: &Connection,
        profile: Id,
        id: Option<Id>,
    ) -> Result<(), CoreError> {
        let column = self.column();
        connection.execute(
            &format!("UPDATE profiles SET {column} = ?1 WHERE id = ?2"),
            params![id, profile],
        )?;
        Ok(())
    }
}

/// The tables of things a person names and saves (the name is unique in each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// `ncco_documents` (name, body).
    Ncco,
    /// `call_tests` (name, body).
    CallTest,
    /// `flows` (name; the bodies are revisions in `flow_revisions`).
    Flow,
}

impl Named {
    fn table(self) -> &'static str {
        match self {
            Self::Ncco => "ncco_documents",
            Self::CallTest => "call_tests",
            Self::Flow => "flows",
        }
    }

    /// The thing, as "the …" names it: "NCCO", "test", "flow".
    fn noun(self) -> &'static str {
        match self {
            Self::Ncco => "NCCO",
            Self::CallTest => "test",
            Self::Flow => "flow",
        }
    }

    /// The thing with its article: "an NCCO", "a test", "a flow".
    fn a_thing(self) -> &'static str {
        match self {
            Self::Ncco => "an NCCO",
            Self::CallTest => "a test",
            Self::Flow => "a flow",
        }
    }

    /// `name` trimmed, or why it cannot be saved under it (the `name` input).
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for an empty name.
    pub fn checked_name(self, name: &str) -> Result<&str, CoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::in_field(
                "name",
                format!("give the {} a name before saving it", self.noun()),
            ));
        }
        Ok(name)
    }

    /// The error for no row `id`.
    /// Deletes the thing `id`.
    ///
    /// # Errors
    /// This table's not-found for an id it does not hold; storage errors.
    pub fn delete(self, connection: &Connection, id: Id) -> Result<(), CoreError> {
        let table = self.table();
        if connection.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])? == 0 {
            return Err(self.not_found(id));
        }
        Ok(())
    }

    fn not_found(self, id: Id) -> CoreError {
        match self {
            Self::Ncco => CoreError::NccoNotFound(id),
            Self::CallTest => CoreError::TestNotFound(id),
            Self::Flow => CoreError::FlowNotFound(id),
        }
    }

    /// Writes `name` (and `body`, in a table that keeps one) as a new row (`id` `None`)
    /// or over row `id`: the row's id.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for a name already taken; the table's not-found error
    /// when there is no row `id`; storage errors.
    pub fn save(
        self,
        connection: &Connection,
        id: Option<Id>,
        name: &str,
        body: Option<&str>,
    ) -> Result<Id, CoreError> {
        let table = self.table();
        let taken = |error| name_taken(error, self.a_thing(), name);
        let Some(id) = id else {
            match body {
                Some(body) => connection.execute(
                    &format!("INSERT INTO {table} (name, body) VALUES (?1, ?2)"),
                    params![name, body],
                ),
                None => {
                    connection.execute(&format!("INSERT INTO {table} (name) VALUES (?1)"), [name])
                }
            }
            .map_err(taken)?;
            return Ok(Id(connection.last_insert_rowid()));
        };
        let changed = match body {
            Some(body) => connection.execute(
                &format!(
                    "UPDATE {table} SET name = ?1, body = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?3"
                ),
                params![name, body, id],
            ),
            None => connection.execute(
                &format!("UPDATE {table} SET name = ?1 WHERE id = ?2"),
                params![name, id],
            ),
        }
        .map_err(taken)?;
        if changed == 0 {
            return Err(self.not_found(id));
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_table_saves_renames_deletes_and_refuses_a_taken_or_missing_name_the_same_way() {
        let db = Db::open_in_memory().expect("opens");
        let connection = db.lock();
        for (table, body) in [
            (Named::Ncco, Some("[]")),
            (Named::CallTest, Some("name: x")),
            (Named::Flow, None),
        ] {
            let first = table.save(&connection, None, "Menu", body).expect("saved");
            let second = table.save(&connection, None, "Other", body).expect("saved");
            assert_eq!(
                table
                    .save(&connection, Some(first), "Menu 2", body)
                    .expect("renamed"),
                first
            );
            let taken = table
                .save(&connection, Some(second), "Menu 2", body)
                .expect_err("taken");
            assert!(
                matches!(&taken, CoreError::InvalidInput { message, field: Some("name") } if message.contains("already exists")),
                "{table:?}: {taken}"
            );
            let missing = table
                .save(&connection, Some(Id(999)), "Elsewhere", body)
                .expect_err("no such row");
            assert_eq!(
                crate::UiError::from(&missing).kind,
                crate::error::ErrorKind::NotFound,
                "{table:?}: {missing}"
            );
            assert_eq!(table.checked_name("  Menu ").expect("trimmed"), "Menu");
            assert!(matches!(
                table.checked_name("   "),
                Err(CoreError::InvalidInput {
                    field: Some("name"),
                    ..
                })
            ));
            table.delete(&connection, first).expect("deleted");
            let gone = table.delete(&connection, first).expect_err("already gone");
            assert_eq!(
                crate::UiError::from(&gone).kind,
                crate::error::ErrorKind::NotFound,
                "{table:?}: {gone}"
            );
        }
    }

    #[test]
    fn what_a_profile_serves_is_set_and_cleared_per_kind() {
        let db = Db::open_in_memory().expect("opens");
        let connection = db.lock();
        let profile = crate::profiles::active_or_first_run(&connection, 3000).expect("profile");
        let ncco = Named::Ncco
            .save(&connection, None, "Menu", Some("[]"))
            .expect("saved");
        Served::Ncco
            .set_active_id(&connection, profile.id, Some(ncco))
            .expect("set");
        assert_eq!(
            Served::Ncco
                .active_id(&connection, profile.id)
                .expect("read"),
            Some(ncco)
        );
        assert_eq!(
            Served::Flow
                .active_id(&connection, profile.id)
                .expect("read"),
            None,
            "the other kind untouched"
        );
        Served::Ncco
            .set_active_id(&connection, profile.id, None)
            .expect("cleared");
        assert_eq!(
            Served::Ncco
                .active_id(&connection, profile.id)
                .expect("read"),
            None
        );
    }

    #[test]
    fn migrations_are_valid() {
        Migrations::from_slice(MIGRATIONS)
            .validate()
            .expect("every migration applies to an empty database");
    }

    #[test]
    fn a_file_store_uses_wal_and_survives_reopening() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        {
            let db = Db::open(&path).expect("opens");
            let mode: String = db
                .lock()
                .query_row("PRAGMA journal_mode", [], |row| row.get(0))
                .expect("pragma reads");
            assert_eq!(
                mode, "wal",
                "WAL keeps readers from blocking the webhook writer"
            );
            db.lock()
                .execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])
                .expect("insert");
        }
        let db = Db::open(&path).expect("reopens an existing file");
        let value: String = db
            .lock()
            .query_row("SELECT value FROM settings WHERE key = 'k'", [], |row| {
                row.get(0)
            })
            .expect("the row survived");
        assert_eq!(value, "v");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_a_storage_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            b"this is not a database, it is a text file of some length",
        )
        .expect("write");
        let error = Db::open(&path).unwrap_err();
        assert!(
            matches!(error, CoreError::DamagedDatabase { .. }),
            "{error:?}"
        );
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "the file is named: {error}"
        );
        assert_eq!(
            std::fs::read(&path).expect("still there"),
            b"this is not a database, it is a text file of some length",
            "a file we cannot read is left as it was"
        );
    }
}
