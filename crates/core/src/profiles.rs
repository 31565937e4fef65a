//! Profiles: a named set of Vonage credentials, listener port and webhook paths.
//!
//! Exactly one profile is active. On first run a Sandbox profile is created and made
//! active, so the app works with no account. Secrets are not stored here (see
//! [`crate::secrets`]): a profile row holds nothing that must stay private.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    error::CoreError, id::Id, listener::settings::ListenerSettings, settings,
    webhooks::WebhookSettings,
};

/// Where the profile's calls go: the built-in simulation or a real Vonage account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    /// The built-in simulated platform.
    Sandbox,
    /// A real Vonage account.
    Vonage,
}

impl ProfileKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Vonage => "vonage",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "vonage" {
            Self::Vonage
        } else {
            Self::Sandbox
        }
    }
}

/// The paths the listener serves: the server's own type, so a profile's paths need no conversion.
pub use callboard_server::WebhookPaths;

/// A stored profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Profile {
    /// Stable id.
    pub id: Id,
    /// Shown name, unique.
    pub name: String,
    /// Sandbox or Vonage.
    pub kind: ProfileKind,
    /// The local port the webhook listener binds on 127.0.0.1.
    pub listener_port: u16,
    /// The webhook paths served.
    pub paths: WebhookPaths,
    /// The account's API key (not secret).
    pub api_key: String,
    /// The voice application's id.
    pub application_id: String,
    /// The REST API base for Vonage profiles (`https://api.nexmo.com`); the Sandbox's own for Sandbox profiles.
    pub api_base_url: String,
    /// The public tunnel URL Vonage reaches the listener through (empty: not set).
    pub public_url: String,
    /// Methods and timeouts of the voice webhooks, for pushes.
    pub webhooks: WebhookSettings,
    /// Forwarding to the user's backend, and the stream route's reply.
    pub listener: ListenerSettings,
}

/// What a person may change in a profile's connection; secrets go to the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ConnectionInput {
    /// The profile's name.
    pub name: String,
    /// The account's API key.
    pub api_key: String,
    /// The voice application's id.
    pub application_id: String,
    /// The REST API base (leave as `https://api.nexmo.com` unless told otherwise).
    pub api_base_url: String,
}

/// The port the listener uses unless the profile says otherwise (`ngrok http 3000`).
pub const DEFAULT_LISTENER_PORT: u16 = 3000;

const COLUMNS: &str = "id, name, kind, listener_port, answer_path, event_path, fallback_path, stream_path, \
                       api_key, application_id, api_base_url, public_url, webhook_settings, listener_settings";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: row.get("id")?,
        name: row.get("name")?,
        kind: ProfileKind::parse(&row.get::<_, String>("kind")?),
        listener_port: row.get("listener_port")?,
        paths: WebhookPaths {
            answer: row.get("answer_path")?,
            event: row.get("event_path")?,
            fallback: row.get("fallback_path")?,
            stream: row.get("stream_path")?,
        },
        api_key: row.get("api_key")?,
        application_id: row.get("application_id")?,
        api_base_url: row.get("api_base_url")?,
        public_url: row.get("public_url")?,
        webhooks: settings(row, "webhook_settings", "webhook settings")?,
        listener: settings(row, "listener_settings", "listener settings")?,
    })
}

/// A profile's settings stored as JSON: the defaults when none were ever saved (the
/// column starts empty), else what was saved. Text that does not read is an error naming
/// it: turning it into defaults would let the next save write them over the person's
/// settings.
fn settings<T: Default + serde::de::DeserializeOwned>(
    row: &Row<'_>,
    column: &str,
    what: &str,
) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(&text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            row.as_ref().column_index(column).unwrap_or_default(),
            rusqlite::types::Type::Text,
            format!(
                "the profile's saved {what} are damaged ({error}); Callboard has not changed them"
            )
            .into(),
        )
    })
}

/// Every profile, by name.
///
/// # Errors
/// [`CoreError::Storage`] on a database failure.
pub fn list(connection: &Connection) -> Result<Vec<Profile>, CoreError> {
    let mut statement = connection.prepare(&format!(
        "SELECT {COLUMNS} FROM profiles ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One profile.
///
/// # Errors
/// [`CoreError::ProfileNotFound`] when no profile has this id.
pub fn get(connection: &Connection, id: Id) -> Result<Profile, CoreError> {
    connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM profiles WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(CoreError::ProfileNotFound(id))
}

/// Creates a profile with default paths.
///
/// # Errors
/// [`CoreError::InvalidInput`] for an empty or taken name; [`CoreError::Storage`] otherwise.
pub fn create(
    connection: &Connection,
    name: &str,
    kind: ProfileKind,
    listener_port: u16,
) -> Result<Profile, CoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::in_field("name", "a profile needs a name"));
    }
    if listener_port == 0 {
        return Err(CoreError::InvalidPort(0));
    }
    let paths = WebhookPaths::default();
    let inserted = connection.execute(
        "INSERT INTO profiles (name, kind, listener_port, answer_path, event_path, fallback_path, stream_path)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            name,
            kind.as_str(),
            listener_port,
            paths.answer,
            paths.event,
            paths.fallback,
            paths.stream
        ],
    );
    inserted.map_err(|error| crate::db::name_taken(error, "a profile", name))?;
    get(connection, Id(connection.last_insert_rowid()))
}

/// Changes the port the profile's listener binds.
///
/// # Errors
/// [`CoreError::InvalidPort`] for port 0; [`CoreError::ProfileNotFound`]; storage errors.
pub fn set_listener_port(connection: &Connection, id: Id, port: u16) -> Result<Profile, CoreError> {
    if port == 0 {
        return Err(CoreError::InvalidPort(0));
    }
    let changed = connection.execute(
        "UPDATE profiles SET listener_port = ?1 WHERE id = ?2",
        params![port, id],
    )?;
    if changed == 0 {
        return Err(CoreError::ProfileNotFound(id));
    }
    get(connection, id)
}

/// The active profile, creating the Sandbox profile on first run (or if the
/// recorded active profile no longer exists).
///
/// # Errors
/// [`CoreError::Storage`] on a database failure.
pub fn active_or_first_run(
    connection: &Connection,
    first_run_port: u16,
) -> Result<Profile, CoreError> {
    if let Some(id) =
        settings::get(connection, settings::ACTIVE_PROFILE)?.and_then(|v| v.parse().ok().map(Id))
    {
        match get(connection, id) {
            Ok(profile) => return Ok(profile),
            Err(CoreError::ProfileNotFound(_)) => {}
            Err(other) => return Err(other),
        }
    }
    let profile = match list(connection)?.into_iter().next() {
        Some(existing) => existing,
        None => create(
            connection,
            callboard_sandbox::PROFILE_NAME,
            ProfileKind::Sandbox,
            first_run_port,
        )?,
    };
    set_active(connection, profile.id)?;
    Ok(profile)
}

/// Saves a profile's name and connection settings (not its secrets).
///
/// # Errors
/// [`CoreError::InvalidInput`] for an empty or taken name, or a base URL that is not
/// http(s); [`CoreError::ProfileNotFound`].
pub fn set_connection(
    connection: &Connection,
    id: Id,
    input: &ConnectionInput,
) -> Result<Profile, CoreError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CoreError::in_field("name", "a profile needs a name"));
    }
    let base = input.api_base_url.trim().trim_end_matches('/');
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return Err(CoreError::in_field(
            "api_base_url",
            format!(
                "the API base URL must start with https:// (Vonage's is https://api.nexmo.com), not \"{base}\""
            ),
        ));
    }
    let changed = connection
        .execute(
            "UPDATE profiles SET name = ?1, api_key = ?2, application_id = ?3, api_base_url = ?4 WHERE id = ?5",
            params![name, input.api_key.trim(), input.application_id.trim(), base, id],
        )
        .map_err(|error| crate::db::name_taken(error, "a profile", name))?;
    if changed == 0 {
        return Err(CoreError::ProfileNotFound(id));
    }
    get(connection, id)
}

/// Saves the public URL (already checked) and the webhook settings.
///
/// # Errors
/// [`CoreError::ProfileNotFound`]; storage errors.
pub fn set_webhooks(
    connection: &Connection,
    id: Id,
    public_url: &str,
    settings: &WebhookSettings,
) -> Result<Profile, CoreError> {
    let settings = serde_json::to_string(settings).map_err(|e| CoreError::input(e.to_string()))?;
    let changed = connection.execute(
        "UPDATE profiles SET public_url = ?1, webhook_settings = ?2 WHERE id = ?3",
        params![public_url, settings, id],
    )?;
    if changed == 0 {
        return Err(CoreError::ProfileNotFound(id));
    }
    get(connection, id)
}

/// Saves the listener settings (already checked).
///
/// # Errors
/// [`CoreError::ProfileNotFound`]; storage errors.
pub fn set_listener_settings(
    connection: &Connection,
    id: Id,
    settings: &ListenerSettings,
) -> Result<Profile, CoreError> {
    let settings = serde_json::to_string(settings).map_err(|e| CoreError::input(e.to_string()))?;
    let changed = connection.execute(
        "UPDATE profiles SET listener_settings = ?1 WHERE id = ?2",
        params![settings, id],
    )?;
    if changed == 0 {
        return Err(CoreError::ProfileNotFound(id));
    }
    get(connection, id)
}

/// Records the Sandbox account's public identifiers in its profile.
///
/// # Errors
/// Storage errors.
pub fn set_sandbox_account(
    connection: &Connection,
    id: Id,
    api_key: &str,
    application_id: &str,
) -> Result<(), CoreError> {
    connection.execute(
        "UPDATE profiles SET api_key = ?1, application_id = ?2 WHERE id = ?3",
        params![api_key, application_id, id],
    )?;
    Ok(())
}

/// Makes a profile the active one.
///
/// # Errors
/// [`CoreError::ProfileNotFound`]; storage errors.
pub fn set_active(connection: &Connection, id: Id) -> Result<Profile, CoreError> {
    let profile = get(connection, id)?;
    settings::set(connection, settings::ACTIVE_PROFILE, &id.to_string())?;
    Ok(profile)
}

/// Deletes a profile for an account, with its calls and push snapshots (the exchanges
/// the listener kept stay, as they belong to no profile). The Sandbox profile stays.
///
/// # Errors
/// [`CoreError::ProfileNotFound`]; [`CoreError::InvalidInput`] for the Sandbox profile;
/// storage errors.
pub fn delete(connection: &Connection, id: Id) -> Result<Profile, CoreError> {
    let profile = get(connection, id)?;
    if profile.kind == ProfileKind::Sandbox {
        return Err(CoreError::input(
            "the Sandbox profile is always there; only profiles for an account can be deleted"
                .into(),
        ));
    }
    connection.execute("DELETE FROM profiles WHERE id = ?1", [id])?;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn damaged_settings_are_an_error_never_defaults_saved_over_them() {
        let db = Db::open_in_memory().expect("db");
        let profile = active_or_first_run(&db.lock(), DEFAULT_LISTENER_PORT).expect("first run");
        db.lock()
            .execute(
                "UPDATE profiles SET listener_settings = '{\"forward\": {\"enabled\": tru' WHERE id = ?1",
                [profile.id],
            )
            .expect("damage it");
        let error = get(&db.lock(), profile.id)
            .expect_err("damaged")
            .to_string();
        assert!(
            error.contains("listener settings are damaged") && error.contains("not changed"),
            "{error}"
        );
        let kept: String = db
            .lock()
            .query_row(
                "SELECT listener_settings FROM profiles WHERE id = ?1",
                [profile.id],
                |r| r.get(0),
            )
            .expect("row");
        assert_eq!(kept, "{\"forward\": {\"enabled\": tru", "left as it was");
        db.lock()
            .execute(
                "UPDATE profiles SET listener_settings = '' WHERE id = ?1",
                [profile.id],
            )
            .expect("reset");
        assert_eq!(
            get(&db.lock(), profile.id).expect("readable").listener,
            crate::listener::settings::ListenerSettings::default(),
            "never saved: the defaults"
        );
    }

    #[test]
    fn first_run_creates_an_active_sandbox_profile_with_the_guide_paths() {
        let db = Db::open_in_memory().expect("db");
        let profile = active_or_first_run(&db.lock(), DEFAULT_LISTENER_PORT).expect("first run");
        assert_eq!(profile.name, "Sandbox");
        assert_eq!(profile.kind, ProfileKind::Sandbox);
        assert_eq!(profile.listener_port, 3000);
        assert_eq!(
            profile.paths.answer,
            "/api/hume-twilio/vonage-voice-webhook/"
        );
        assert_eq!(profile.paths.stream, "/ws/vonage-stream/{uuid}/");
        let again = active_or_first_run(&db.lock(), 4000).expect("second run");
        assert_eq!(
            again, profile,
            "a second start reuses the profile, it does not add one"
        );
        assert_eq!(list(&db.lock()).expect("list").len(), 1);
    }

    #[test]
    fn names_must_be_present_and_unique() {
        let db = Db::open_in_memory().expect("db");
        let connection = db.lock();
        create(&connection, "Work", ProfileKind::Vonage, 3000).expect("first");
        let duplicate = create(&connection, " Work ", ProfileKind::Vonage, 3001).unwrap_err();
        assert!(
            matches!(duplicate, CoreError::InvalidInput { message: ref m, .. } if m.contains("already exists"))
        );
        let empty = create(&connection, "   ", ProfileKind::Vonage, 3001).unwrap_err();
        assert!(matches!(empty, CoreError::InvalidInput { .. }));
        assert_eq!(
            list(&connection).expect("list").len(),
            1,
            "failed creations add nothing"
        );
    }

    #[test]
    fn port_zero_is_refused_and_the_old_port_kept() {
        let db = Db::open_in_memory().expect("db");
        let connection = db.lock();
        let profile = create(&connection, "P", ProfileKind::Sandbox, 3000).expect("create");
        assert!(matches!(
            set_listener_port(&connection, profile.id, 0),
            Err(CoreError::InvalidPort(0))
        ));
        assert_eq!(
            get(&connection, profile.id).expect("get").listener_port,
            3000
        );
        assert_eq!(
            set_listener_port(&connection, profile.id, 8081)
                .expect("valid port")
                .listener_port,
            8081
        );
        assert!(matches!(
            set_listener_port(&connection, Id(999), 8081),
            Err(CoreError::ProfileNotFound(Id(999)))
        ));
    }
}
