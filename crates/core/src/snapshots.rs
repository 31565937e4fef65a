//! Snapshots of an application as it was before a push, for Undo. The body is the
//! application exactly as Vonage returned it (without any private key).

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::{error::CoreError, id::Id};

/// A kept snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Its id.
    pub id: Id,
    /// The application it is of.
    pub application_id: String,
    /// The application as it was.
    pub body: Value,
    /// When it was taken.
    pub taken_at: String,
}

/// Keeps `body` as the state of `application_id` before a push by `profile` that
/// points its webhooks at `pushed_origin`.
///
/// # Errors
/// Storage errors.
pub fn take(
    connection: &Connection,
    profile: Id,
    application_id: &str,
    body: &Value,
    pushed_origin: &str,
) -> Result<Id, CoreError> {
    connection.execute(
        "INSERT INTO config_snapshots (profile_id, application_id, body, pushed_origin)
         VALUES (?1, ?2, ?3, ?4)",
        params![profile, application_id, body.to_string(), pushed_origin],
    )?;
    Ok(Id(connection.last_insert_rowid()))
}

/// Every origin (`https://abc.ngrok.app`) `profile` has pushed to `application_id`:
/// addresses there are Callboard's own, from an earlier tunnel.
///
/// # Errors
/// Storage errors.
pub fn pushed_origins(
    connection: &Connection,
    profile: Id,
    application_id: &str,
) -> Result<Vec<String>, CoreError> {
    let mut statement = connection.prepare(
        "SELECT DISTINCT pushed_origin FROM config_snapshots
         WHERE profile_id = ?1 AND application_id = ?2 AND pushed_origin IS NOT NULL",
    )?;
    let origins = statement
        .query_map(params![profile, application_id], |row| {
            row.get::<_, String>("pushed_origin")
        })?
        .collect::<Result<_, _>>()?;
    Ok(origins)
}

/// Forgets a snapshot whose push did not happen.
///
/// # Errors
/// Storage errors.
pub fn discard(connection: &Connection, id: Id) -> Result<(), CoreError> {
    connection.execute("DELETE FROM config_snapshots WHERE id = ?1", [id])?;
    Ok(())
}

/// The newest snapshot of `application_id` not yet restored.
///
/// # Errors
/// Storage errors, or a stored body that is no longer JSON.
pub fn latest(
    connection: &Connection,
    profile: Id,
    application_id: &str,
) -> Result<Option<Snapshot>, CoreError> {
    let row = connection
        .query_row(
            "SELECT id, body, taken_at FROM config_snapshots
             WHERE profile_id = ?1 AND application_id = ?2 AND restored_at IS NULL
             ORDER BY id DESC LIMIT 1",
            params![profile, application_id],
            |row| {
                Ok((
                    row.get::<_, Id>("id")?,
                    row.get::<_, String>("body")?,
                    row.get::<_, String>("taken_at")?,
                ))
            },
        )
        .optional()?;
    row.map(|(id, body, taken_at)| {
        let body = serde_json::from_str(&body).map_err(|e| CoreError::CorruptDocument {
            id,
            reason: e.to_string(),
        })?;
        Ok(Snapshot {
            id,
            application_id: application_id.to_owned(),
            body,
            taken_at,
        })
    })
    .transpose()
}

/// Marks a snapshot as put back.
///
/// # Errors
/// Storage errors.
pub fn mark_restored(connection: &Connection, id: Id) -> Result<(), CoreError> {
    connection.execute(
        "UPDATE config_snapshots SET restored_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
        [id],
    )?;
    Ok(())
}
