//! The App's use cases for the public URL and the application's voice webhooks: ngrok,
//! the self-check, the push with its diff, and undo.

use serde_json::Value;

use super::{App, AppState};
use crate::{
    connect,
    error::CoreError,
    events::CoreEvent,
    profiles::{self, Profile},
    secrets::SecretName,
    snapshots,
    webhooks::{self, PushPlan, SelfCheck, Tunnel, WebhookSettings},
};

/// An application as read for a push, what the push would make of it, and the plan between.
struct PushDraft {
    profile: Profile,
    client: callboard_vonage::ApplicationsClient,
    current: Value,
    desired: Value,
    plan: PushPlan,
}

impl App {
    /// Saves the public URL (checked; empty clears it) and the webhook settings.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] saying what is wrong with either; nothing is saved then.
    pub async fn webhooks_save(
        &self,
        public_url: &str,
        settings: &WebhookSettings,
    ) -> Result<AppState, CoreError> {
        let profile = self.active_profile()?;
        let public_url = if public_url.trim().is_empty() {
            String::new()
        } else {
            webhooks::parse_public_url(public_url, connect::uses_sandbox(&profile))?
        };
        settings.validate()?;
        let profile = profiles::set_webhooks(&self.db.lock(), profile.id, &public_url, settings)?;
        self.apply_signature_policy(&profile);
        if !profile.public_url.is_empty() {
            self.served.set_public_url(profile.public_url.clone());
        }
        self.bus.publish(CoreEvent::ProfilesChanged);
        self.state().await
    }

    /// The https tunnels the ngrok agent runs, those reaching the listener first.
    ///
    /// # Errors
    /// [`CoreError::Tunnel`] when ngrok is not running or has no https tunnel.
    pub async fn webhooks_discover(&self) -> Result<Vec<Tunnel>, CoreError> {
        let profile = self.active_profile()?;
        webhooks::discover_ngrok(&self.config.ngrok_api_base, profile.listener_port).await
    }

    /// Looks at the ngrok agent: when the tunnel reaching the listener now has another
    /// address than the profile's public URL, announces it (once per new address) with
    /// [`CoreEvent::TunnelChanged`] and returns it. The shell calls this periodically.
    pub async fn watch_tunnel(&self) -> Option<(String, String)> {
        let profile = self.active_profile().ok()?;
        if profile.public_url.is_empty() {
            return None;
        }
        let tunnels = webhooks::discover_ngrok(&self.config.ngrok_api_base, profile.listener_port)
            .await
            .ok()?;
        let ours: Vec<&Tunnel> = tunnels.iter().filter(|t| t.reaches_listener).collect();
        if ours.is_empty() || ours.iter().any(|t| t.public_url == profile.public_url) {
            return None;
        }
        let current = ours[0].public_url.clone();
        {
            let mut announced = self
                .announced_tunnel
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if announced.as_deref() == Some(current.as_str()) {
                return None;
            }
            *announced = Some(current.clone());
        }
        self.bus.publish(CoreEvent::TunnelChanged {
            previous: profile.public_url.clone(),
            current: current.clone(),
        });
        Some((profile.public_url, current))
    }

    /// Sends a probe out through the public URL and reports whether it came back here.
    ///
    /// # Errors
    /// [`CoreError::NotReady`] when no public URL is set.
    pub async fn webhooks_self_check(&self) -> Result<SelfCheck, CoreError> {
        let profile = self.active_profile()?;
        if profile.public_url.is_empty() {
            return Err(CoreError::first(
                "enter your public tunnel URL first",
                "webhooks",
            ));
        }
        let probes = self.listener.probes().clone();
        let nonce = probes.issue();
        let check =
            webhooks::self_check(&profile.public_url, &profile.paths.answer, &nonce, || {
                probes.take(&nonce)
            })
            .await;
        self.proofs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(
                profile.id,
                (profile.public_url, webhooks::AddressProof::of(&check)),
            );
        Ok(check)
    }

    /// What the last self-check found of `profile`'s public URL as it is now.
    fn proof_of(&self, profile: &Profile) -> webhooks::AddressProof {
        self.proofs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&profile.id)
            .filter(|(url, _)| *url == profile.public_url)
            .map_or(webhooks::AddressProof::Untried, |(_, proof)| proof.clone())
    }

    /// Callboard's own origins for `profile`'s application: the public URL, the
    /// listener's direct address, and every tunnel an earlier push wrote.
    fn own_origins(&self, profile: &Profile) -> Result<Vec<String>, CoreError> {
        let mut ours =
            snapshots::pushed_origins(&self.db.lock(), profile.id, &profile.application_id)?;
        let port = profile.listener_port;
        let direct = [
            profile.public_url.clone(),
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ];
        ours.extend(direct.iter().filter_map(|url| webhooks::origin_of(url)));
        Ok(ours)
    }

    /// What a push would change in the application, field by field.
    ///
    /// # Errors
    /// Missing public URL or credentials; Vonage's errors.
    pub async fn webhooks_plan(&self) -> Result<PushPlan, CoreError> {
        Ok(self.draft_push().await?.plan)
    }

    /// Pushes the voice webhooks, keeping a snapshot of the application as it was.
    /// Addresses pointing at another server, or a public URL that failed its proof, are
    /// pushed only when `confirmed` (the person has seen the plan's warnings).
    ///
    /// # Errors
    /// [`CoreError::PushNeedsConfirmation`] (nothing is changed); Vonage's errors (the
    /// snapshot is dropped).
    pub async fn webhooks_push(&self, confirmed: bool) -> Result<PushPlan, CoreError> {
        let PushDraft {
            profile,
            client,
            current,
            desired,
            plan,
        } = self.draft_push().await?;
        let failed = matches!(plan.proof, webhooks::AddressProof::Failed { .. });
        if (failed || !plan.foreign.is_empty()) && !confirmed {
            return Err(CoreError::PushNeedsConfirmation {
                foreign: plan.foreign,
                unproved: failed.then(|| profile.public_url.clone()),
            });
        }
        let mut before = current.clone();
        if let Some(keys) = before.get_mut("keys").and_then(Value::as_object_mut) {
            keys.remove("private_key");
        }
        let snapshot = snapshots::take(
            &self.db.lock(),
            profile.id,
            &profile.application_id,
            &before,
            &webhooks::origin_of(&profile.public_url).unwrap_or_default(),
        )?;
        if let Err(error) = client.update(&profile.application_id, &desired).await {
            snapshots::discard(&self.db.lock(), snapshot)?;
            return Err(CoreError::Vonage(error));
        }
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(plan)
    }

    /// Puts the application back as it was before the last push.
    ///
    /// # Errors
    /// [`CoreError::NothingToUndo`]; Vonage's errors (the snapshot is kept for another try).
    pub async fn webhooks_undo(&self) -> Result<PushPlan, CoreError> {
        let (profile, client) = self.applications_client().await?;
        let snapshot = snapshots::latest(&self.db.lock(), profile.id, &profile.application_id)?
            .ok_or(CoreError::NothingToUndo)?;
        let current = client
            .get(&profile.application_id)
            .await
            .map_err(CoreError::Vonage)?;
        client
            .update(&profile.application_id, &snapshot.body)
            .await
            .map_err(CoreError::Vonage)?;
        snapshots::mark_restored(&self.db.lock(), snapshot.id)?;
        self.bus.publish(CoreEvent::ProfilesChanged);
        Ok(webhooks::plan(
            &current,
            &snapshot.body,
            &self.own_origins(&profile)?,
            self.proof_of(&profile),
        ))
    }

    /// Reads the application and works out what a push would make of it.
    async fn draft_push(&self) -> Result<PushDraft, CoreError> {
        let (profile, client) = self.applications_client().await?;
        let current = client
            .get(&profile.application_id)
            .await
            .map_err(CoreError::Vonage)?;
        let desired = webhooks::desired(
            &current,
            &profile.public_url,
            &profile.paths,
            &profile.webhooks,
        );
        let plan = webhooks::plan(
            &current,
            &desired,
            &self.own_origins(&profile)?,
            self.proof_of(&profile),
        );
        Ok(PushDraft {
            profile,
            client,
            current,
            desired,
            plan,
        })
    }

    /// The active profile, checked ready to talk to its application, and a client for it.
    pub(super) async fn applications_client(
        &self,
    ) -> Result<(Profile, callboard_vonage::ApplicationsClient), CoreError> {
        let profile = self.active_profile()?;
        if profile.public_url.is_empty() {
            return Err(CoreError::first(
                "enter your public tunnel URL first",
                "webhooks",
            ));
        }
        self.application_reader().await
    }

    /// The active profile, and a client for its application (to read it, whatever the
    /// public URL).
    pub(super) async fn application_reader(
        &self,
    ) -> Result<(Profile, callboard_vonage::ApplicationsClient), CoreError> {
        let (profile, base_url, sandbox) = self.platform().await?;
        // A Sandbox profile uses its running account, whether or not the keychain kept it.
        let (profile, secret) = match sandbox {
            Some(account) => (
                Profile {
                    api_key: account.api_key,
                    application_id: account.application_id,
                    ..profile
                },
                Some(account.api_secret),
            ),
            None => {
                let secret = self.secrets.get(profile.id.0, SecretName::ApiSecret)?;
                (profile, secret.map(|s| s.expose().to_owned()))
            }
        };
        let (false, false, Some(secret)) = (
            profile.api_key.is_empty(),
            profile.application_id.is_empty(),
            secret,
        ) else {
            return Err(CoreError::first(
                "enter the API key, API secret and application ID in Connect first",
                "connect",
            ));
        };
        let client = callboard_vonage::ApplicationsClient::new(
            &base_url,
            &profile.api_key,
            &secret,
            connect::CHECK_TIMEOUT,
        )
        .map_err(CoreError::Vonage)?;
        Ok((profile, client))
    }
}
