//! Secrets (API secret, private key, signature secret) in the OS keychain.
//!
//! Each secret is one keychain entry: service [`SERVICE`] (suffixed `-dev` in debug
//! builds so development never touches a user's real entries), account
//! `profile-<id>/<name>`. In memory a secret is a [`Secret`], whose `Debug` prints
//! `<redacted>` and which cannot be serialized, so it cannot reach the UI, the
//! database or a log by accident.

use std::{collections::HashMap, fmt, sync::Mutex};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The keychain service all of Callboard's entries live under.
pub const SERVICE: &str = if cfg!(debug_assertions) {
    "callboard-dev"
} else {
    "callboard"
};

/// A secret value. Deliberately neither `Serialize` nor `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that must send it (an auth header, a signer).
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Which secret of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SecretName {
    /// The account's API secret (Basic auth for the Application API).
    ApiSecret,
    /// The application's RSA private key, PEM (signs Voice API JWTs).
    PrivateKey,
    /// The account's signature secret (verifies signed webhooks).
    SignatureSecret,
}

impl SecretName {
    fn as_str(self) -> &'static str {
        match self {
            Self::ApiSecret => "api-secret",
            Self::PrivateKey => "private-key",
            Self::SignatureSecret => "signature-secret",
        }
    }
}

/// The keychain account name for a profile's secret.
#[must_use]
pub fn account(profile_id: i64, name: SecretName) -> String {
    format!("profile-{profile_id}/{}", name.as_str())
}

/// Why the keychain could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keychain service is reachable, or it is locked.
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    /// The keychain answered with an error.
    #[error("the system keychain refused the request: {0}")]
    Refused(String),
}

/// Where secrets are kept. The app uses [`KeyringStore`]; unit tests use [`MemoryStore`].
pub trait SecretStore: Send + Sync {
    /// Reads a secret; `None` when none is stored.
    ///
    /// # Errors
    /// A [`SecretError`] when the keychain cannot be used.
    fn get(&self, profile_id: i64, name: SecretName) -> Result<Option<Secret>, SecretError>;
    /// Stores a secret, replacing any earlier one.
    ///
    /// # Errors
    /// A [`SecretError`] when the keychain cannot be used.
    fn set(&self, profile_id: i64, name: SecretName, secret: &Secret) -> Result<(), SecretError>;
    /// Removes a secret; removing an absent one is not an error.
    ///
    /// # Errors
    /// A [`SecretError`] when the keychain cannot be used.
    fn delete(&self, profile_id: i64, name: SecretName) -> Result<(), SecretError>;
}

/// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// A store under `service` (use [`SERVICE`] in the app).
    #[must_use]
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, profile_id: i64, name: SecretName) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, &account(profile_id, name)).map_err(keyring_error)
    }
}

fn keyring_error(error: keyring::Error) -> SecretError {
    match error {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            SecretError::Unavailable(error.to_string())
        }
        other => SecretError::Refused(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, profile_id: i64, name: SecretName) -> Result<Option<Secret>, SecretError> {
        match self.entry(profile_id, name)?.get_password() {
            Ok(value) => Ok(Some(Secret(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(keyring_error(error)),
        }
    }

    fn set(&self, profile_id: i64, name: SecretName, secret: &Secret) -> Result<(), SecretError> {
        self.entry(profile_id, name)?
            .set_password(secret.expose())
            .map_err(keyring_error)
    }

    fn delete(&self, profile_id: i64, name: SecretName) -> Result<(), SecretError> {
        match self.entry(profile_id, name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(keyring_error(error)),
        }
    }
}

/// A process-local store shared by all its users, for unit tests.
#[derive(Debug, Default)]
pub struct MemoryStore(Mutex<HashMap<(i64, SecretName), Secret>>);

impl SecretStore for MemoryStore {
    fn get(&self, profile_id: i64, name: SecretName) -> Result<Option<Secret>, SecretError> {
        Ok(self.map().get(&(profile_id, name)).cloned())
    }

    fn set(&self, profile_id: i64, name: SecretName, secret: &Secret) -> Result<(), SecretError> {
        self.map().insert((profile_id, name), secret.clone());
        Ok(())
    }

    fn delete(&self, profile_id: i64, name: SecretName) -> Result<(), SecretError> {
        self.map().remove(&(profile_id, name));
        Ok(())
    }
}

impl MemoryStore {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, SecretName), Secret>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let secret = Secret::new("s3cr3t-value");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
    }

    #[test]
    fn accounts_are_namespaced_per_profile_and_secret() {
        assert_eq!(account(7, SecretName::PrivateKey), "profile-7/private-key");
        assert_ne!(
            account(7, SecretName::ApiSecret),
            account(8, SecretName::ApiSecret)
        );
    }

    #[test]
    fn memory_store_round_trips_and_deletes() {
        let store = MemoryStore::default();
        store
            .set(1, SecretName::ApiSecret, &Secret::new("a"))
            .expect("set");
        assert_eq!(
            store.get(1, SecretName::ApiSecret).expect("get"),
            Some(Secret::new("a"))
        );
        assert_eq!(store.get(2, SecretName::ApiSecret).expect("get"), None);
        store.delete(1, SecretName::ApiSecret).expect("delete");
        store
            .delete(1, SecretName::ApiSecret)
            .expect("deleting twice is fine");
        assert_eq!(store.get(1, SecretName::ApiSecret).expect("get"), None);
    }
}
