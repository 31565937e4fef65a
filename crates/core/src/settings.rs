//! App-wide settings: a small key/value table, each key a constant here.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::CoreError;

/// The id of the profile in use.
pub const ACTIVE_PROFILE: &str = "active_profile_id";

/// Reads a setting.
///
/// # Errors
/// [`CoreError::Storage`] on a database failure.
pub fn get(connection: &Connection, key: &str) -> Result<Option<String>, CoreError> {
    Ok(connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Writes a setting, replacing any earlier value.
///
/// # Errors
/// [`CoreError::Storage`] on a database failure.
pub fn set(connection: &Connection, key: &str, value: &str) -> Result<(), CoreError> {
    connection.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
