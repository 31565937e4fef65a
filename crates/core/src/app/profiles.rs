//! The App's use cases for profiles and their connection: create, activate, save, keep
//! secrets in the keychain, the Check, and the listener's port.

use super::{App, AppState};
use crate::{
    connect::{self, CheckStep},
    error::CoreError,
    events::CoreEvent,
    id::Id,
    listener::ListenerStatus,
    profiles::{self, ConnectionInput, Profile, ProfileKind},
    secrets::{Secret, SecretName, SecretStore},
};

impl App {
    /// Creates a profile for a Vonage account and makes it active.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for an empty or taken name; storage errors.
    pub async fn profile_create(&self, name: &str) -> Result<AppState, CoreError> {
        let profile = {
            let connection = self.db.lock();
            let port =
                profiles::active_or_first_run(&connection, self.config.first_run_listener_port)?
                    .listener_port;
            profiles::create(&connection, name, ProfileKind::Vonage, port)?
        };
        self.profile_activate(profile.id).await
    }

    /// Makes another profile active: its listener, its Sandbox (for a Sandbox profile), its NCCO.
    ///
    /// # Errors
    /// [`CoreError::ProfileNotFound`]; storage errors.
    pub async fn profile_activate(&self, id: Id) -> Result<AppState, CoreError> {
        let profile = profiles::set_active(&self.db.lock(), id)?;
        self.sandbox.stop().await;
        super::flows::serve_active(&self.db, &self.served, profile.id)?;
        self.start().await?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Deletes a profile for an account and removes its secrets from the keychain; when
    /// it was the active one, the Sandbox profile becomes active.
    ///
    /// # Errors
    /// [`CoreError::ProfileNotFound`]; [`CoreError::InvalidInput`] for the Sandbox
    /// profile; keychain and storage errors.
    pub async fn profile_delete(&self, id: Id) -> Result<AppState, CoreError> {
        let was_active = self.active_profile()?.id == id;
        let deleted = profiles::delete(&self.db.lock(), id)?;
        for name in [
            SecretName::ApiSecret,
            SecretName::SignatureSecret,
            SecretName::PrivateKey,
        ] {
            self.secrets.delete(deleted.id.0, name)?;
        }
        if was_active {
            let sandbox = profiles::list(&self.db.lock())?
                .into_iter()
                .find(|p| p.kind == ProfileKind::Sandbox)
                .ok_or(CoreError::ProfileNotFound(id))?;
            return self.profile_activate(sandbox.id).await;
        }
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Saves the active profile's name and connection settings.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for the Sandbox profile (its account is its own) or bad input.
    pub async fn profile_save_connection(
        &self,
        input: &ConnectionInput,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::input(
                "the Sandbox's account is its own; create a profile to connect a Vonage account"
                    .into(),
            ));
        }
        profiles::set_connection(&self.db.lock(), profile.id, input)?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// Stores (or, for an empty value, removes) the active profile's API secret or signature secret.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for the private key (use [`App::profile_set_private_key`])
    /// or the Sandbox profile; keychain errors.
    pub async fn profile_set_secret(
        &self,
        name: SecretName,
        value: &str,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if name == SecretName::PrivateKey {
            return Err(CoreError::input(
                "import the private key as a key, so that it is checked".into(),
            ));
        }
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::input("the Sandbox's secrets are its own".into()));
        }
        let value = value.trim();
        if value.is_empty() {
            self.secrets.delete(profile.id.0, name)?;
        } else {
            self.secrets.set(profile.id.0, name, &Secret::new(value))?;
        }
        self.apply_signature_policy(&profile);
        self.state().await
    }

    /// Checks and stores the active profile's private key, given as text.
    ///
    /// # Errors
    /// [`CoreError::Key`] saying what is wrong with it (nothing is stored); keychain errors.
    pub async fn profile_set_private_key(&self, text: &str) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            return Err(CoreError::input("the Sandbox's key is its own".into()));
        }
        let key = callboard_vonage::PrivateKey::parse(text)?;
        self.secrets.set(
            profile.id.0,
            SecretName::PrivateKey,
            &Secret::new(key.to_pem()),
        )?;
        self.state().await
    }

    /// Proves the active profile's connection step by step.
    ///
    /// # Errors
    /// Storage errors, or the Sandbox failing to start.
    pub async fn connect_check(&self) -> Result<Vec<CheckStep>, CoreError> {
        let (profile, base_url, sandbox) = self.platform().await?;
        match sandbox {
            // The Sandbox's own account, whether or not the keychain could keep it.
            Some(account) => {
                let secrets = crate::secrets::MemoryStore::default();
                secrets.set(
                    profile.id.0,
                    SecretName::ApiSecret,
                    &Secret::new(account.api_secret.clone()),
                )?;
                secrets.set(
                    profile.id.0,
                    SecretName::PrivateKey,
                    &Secret::new(account.private_key.to_pem()),
                )?;
                let profile = Profile {
                    api_key: account.api_key,
                    application_id: account.application_id,
                    ..profile
                };
                Ok(connect::check(&profile, &base_url, &secrets).await)
            }
            None => Ok(connect::check(&profile, &base_url, self.secrets.as_ref()).await),
        }
    }

    /// The active profile, the REST base it talks to, and for a Sandbox profile the
    /// running Sandbox's account (started if needed; the profile is read after, as the
    /// Sandbox may just have stored a new account in it).
    pub(super) async fn platform(
        &self,
    ) -> Result<(Profile, String, Option<callboard_sandbox::SandboxAccount>), CoreError> {
        let profile = self.active_profile()?;
        if connect::uses_sandbox(&profile) {
            let base_url = self
                .sandbox
                .ensure(&self.db, self.secrets.as_ref(), &profile, &self.bus)
                .await?;
            Ok((
                self.active_profile()?,
                base_url,
                self.sandbox.account().await,
            ))
        } else {
            let base_url = profile.api_base_url.clone();
            Ok((profile, base_url, None))
        }
    }

    /// Moves the active profile's listener to `port`, saving the choice.
    ///
    /// # Errors
    /// [`CoreError::InvalidPort`] outside 1024..=65535 (nothing is changed); storage errors.
    pub async fn set_listener_port(&self, port: u32) -> Result<ListenerStatus, CoreError> {
        let port = u16::try_from(port)
            .ok()
            .filter(|port| *port >= 1024)
            .ok_or(CoreError::InvalidPort(port))?;
        let profile = {
            let connection = self.db.lock();
            let active =
                profiles::active_or_first_run(&connection, self.config.first_run_listener_port)?;
            profiles::set_listener_port(&connection, active.id, port)?
        };
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(self.restart_listener_for(&profile).await)
    }

    /// Starts the active profile's listener again (after the user freed its port).
    ///
    /// # Errors
    /// A storage error.
    pub async fn restart_listener(&self) -> Result<ListenerStatus, CoreError> {
        self.start().await
    }
}
