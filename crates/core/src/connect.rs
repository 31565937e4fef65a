//! Connecting a profile to its platform: the embedded Sandbox for Sandbox profiles,
//! whose account is kept between runs (key and application id in SQLite, secret and
//! private key in the keychain), Vonage's REST API for the others, and the Check that
//! proves the connection step by step.

use std::time::{Duration, Instant};

use callboard_sandbox::{RunningSandbox, SandboxAccount};
use callboard_vonage::{ApiError, ApplicationsClient, PrivateKey, VoiceClient};
use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::{
    db::Db,
    error::CoreError,
    profiles::{self, Profile, ProfileKind},
    secrets::{Secret, SecretName, SecretStore},
};

/// How long a Check waits for each answer.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// Which secrets a profile has in the keychain (never their values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
pub struct SecretPresence {
    /// The API secret is stored.
    pub api_secret: bool,
    /// The private key is stored.
    pub private_key: bool,
    /// The signature secret is stored.
    pub signature_secret: bool,
}

/// A step of the Check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStepId {
    /// The API key and secret are accepted.
    Credentials,
    /// The application exists in the account.
    Application,
    /// The private key is the application's.
    PrivateKey,
    /// A JWT signed with it is accepted by the Voice API.
    VoiceToken,
}

impl CheckStepId {
    /// Every step, in the order the Check runs them.
    pub const ALL: [Self; 4] = [
        Self::Credentials,
        Self::Application,
        Self::PrivateKey,
        Self::VoiceToken,
    ];

    /// What the step checks, in words.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Credentials => "Vonage accepts the API key and secret",
            Self::Application => "The application exists in this account",
            Self::PrivateKey => "The private key belongs to the application",
            Self::VoiceToken => "The Voice API accepts a token signed with the key",
        }
    }
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// It worked.
    Passed,
    /// It did not; `detail` says why and `hint` what to do.
    Failed,
    /// Not tried, because an earlier step failed.
    Skipped,
}

/// One step's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckStep {
    /// Which step.
    pub id: CheckStepId,
    /// What it checks, in words.
    pub title: String,
    /// How it went.
    pub status: StepStatus,
    /// What was found.
    pub detail: String,
    /// What to do, when it failed.
    pub hint: Option<String>,
    /// How long it took.
    pub millis: u32,
}

/// The running Sandbox's account, as the Connect section shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SandboxInfo {
    /// The account's API key.
    pub api_key: String,
    /// The application's id.
    pub application_id: String,
    /// Whether the account is kept for the next run (false when the keychain refused it).
    pub kept: bool,
    /// Why it could not be kept, when it was not.
    pub not_kept_because: Option<String>,
}

/// The embedded Sandbox, running while a Sandbox profile is active.
#[derive(Debug, Default)]
pub struct SandboxHost(Mutex<Option<(RunningSandbox, SandboxInfo)>>);

impl SandboxHost {
    /// Starts the Sandbox for `profile` if it is not running; returns its base URL.
    ///
    /// # Errors
    /// Storage errors, or the Sandbox failing to bind on loopback.
    pub async fn ensure(
        &self,
        db: &Db,
        secrets: &dyn SecretStore,
        profile: &Profile,
        bus: &crate::events::EventBus,
    ) -> Result<String, CoreError> {
        let mut running = self.0.lock().await;
        if let Some((sandbox, _)) = running.as_ref() {
            return Ok(sandbox.base_url());
        }
        let (account, not_kept_because) = load_or_create_account(db, secrets, profile)?;
        let info = SandboxInfo {
            api_key: account.api_key.clone(),
            application_id: account.application_id.clone(),
            kept: not_kept_because.is_none(),
            not_kept_because,
        };
        let sandbox = callboard_sandbox::serve(([127, 0, 0, 1], 0).into(), account)
            .await
            .map_err(|source| CoreError::Sandbox(source.to_string()))?;
        let url = sandbox.base_url();
        tracing::info!(%url, "sandbox started");
        // What the virtual phone notices goes to the UI.
        let mut noticed = sandbox.state.phone.subscribe();
        let bus = bus.clone();
        tokio::spawn(async move {
            loop {
                match noticed.recv().await {
                    Ok(event) => bus.publish(crate::events::CoreEvent::Phone { event }),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        *running = Some((sandbox, info));
        Ok(url)
    }

    /// The running Sandbox's base URL and account, if it runs.
    pub async fn running(&self) -> Option<(String, SandboxInfo)> {
        self.0
            .lock()
            .await
            .as_ref()
            .map(|(sandbox, info)| (sandbox.base_url(), info.clone()))
    }

    /// The running Sandbox's account, with its secrets, if it runs.
    pub async fn account(&self) -> Option<SandboxAccount> {
        self.0
            .lock()
            .await
            .as_ref()
            .map(|(sandbox, _)| sandbox.state.account().clone())
    }

    /// The running Sandbox's state (its calls and virtual phone), if it runs.
    pub async fn state(&self) -> Option<std::sync::Arc<callboard_sandbox::SandboxState>> {
        self.0
            .lock()
            .await
            .as_ref()
            .map(|(sandbox, _)| sandbox.state.clone())
    }

    /// Stops it (when another profile becomes active, and on exit).
    pub async fn stop(&self) {
        self.0.lock().await.take();
    }
}

/// The Sandbox account of `profile`: the stored one, or a new one stored now. When the
/// keychain cannot keep it, the account lives for this run only, and the reason is returned.
fn load_or_create_account(
    db: &Db,
    secrets: &dyn SecretStore,
    profile: &Profile,
) -> Result<(SandboxAccount, Option<String>), CoreError> {
    let stored = || -> Option<SandboxAccount> {
        if profile.api_key.is_empty() || profile.application_id.is_empty() {
            return None;
        }
        let api_secret = secrets.get(profile.id.0, SecretName::ApiSecret).ok()??;
        let key = secrets.get(profile.id.0, SecretName::PrivateKey).ok()??;
        // Accounts kept before the Sandbox signed webhooks get their secret now.
        let signature_secret = match secrets.get(profile.id.0, SecretName::SignatureSecret) {
            Ok(Some(secret)) => secret.expose().to_owned(),
            _ => {
                let secret = SandboxAccount::new_signature_secret();
                let _ = secrets.set(
                    profile.id.0,
                    SecretName::SignatureSecret,
                    &Secret::new(secret.clone()),
                );
                secret
            }
        };
        Some(SandboxAccount {
            api_key: profile.api_key.clone(),
            api_secret: api_secret.expose().to_owned(),
            application_id: profile.application_id.clone(),
            private_key: PrivateKey::parse(key.expose()).ok()?,
            numbers: vec!["447700900000".into(), "447700900001".into()],
            signature_secret,
        })
    };
    if let Some(account) = stored() {
        return Ok((account, None));
    }
    let account = SandboxAccount::generate();
    let kept = secrets
        .set(
            profile.id.0,
            SecretName::ApiSecret,
            &Secret::new(account.api_secret.clone()),
        )
        .and_then(|()| {
            secrets.set(
                profile.id.0,
                SecretName::PrivateKey,
                &Secret::new(account.private_key.to_pem()),
            )
        })
        .and_then(|()| {
            secrets.set(
                profile.id.0,
                SecretName::SignatureSecret,
                &Secret::new(account.signature_secret.clone()),
            )
        });
    match kept {
        Ok(()) => {
            profiles::set_sandbox_account(
                &db.lock(),
                profile.id,
                &account.api_key,
                &account.application_id,
            )?;
            Ok((account, None))
        }
        Err(error) => {
            tracing::warn!(%error, "the Sandbox account is kept for this run only");
            Ok((account, Some(error.to_string())))
        }
    }
}

/// Which secrets `profile` has.
#[must_use]
pub fn secret_presence(secrets: &dyn SecretStore, profile: &Profile) -> SecretPresence {
    let has = |name| secrets.get(profile.id.0, name).ok().flatten().is_some();
    SecretPresence {
        api_secret: has(SecretName::ApiSecret),
        private_key: has(SecretName::PrivateKey),
        signature_secret: has(SecretName::SignatureSecret),
    }
}

struct Step {
    id: CheckStepId,
    started: Instant,
}

impl Step {
    fn start(id: CheckStepId) -> Self {
        Self {
            id,
            started: Instant::now(),
        }
    }

    fn finish(self, result: Result<String, (String, String)>) -> CheckStep {
        let millis = u32::try_from(self.started.elapsed().as_millis()).unwrap_or(u32::MAX);
        let (status, detail, hint) = match result {
            Ok(detail) => (StepStatus::Passed, detail, None),
            Err((detail, hint)) => (StepStatus::Failed, detail, Some(hint)),
        };
        CheckStep {
            id: self.id,
            title: self.id.title().to_owned(),
            status,
            detail,
            hint,
            millis,
        }
    }
}

fn api_failure(error: &ApiError) -> (String, String) {
    (error.message.clone(), error.hint.clone())
}

/// Runs the Check for `profile` against `base_url`; stops at the first failure and marks
/// the rest skipped.
pub async fn check(profile: &Profile, base_url: &str, secrets: &dyn SecretStore) -> Vec<CheckStep> {
    let mut steps = Vec::new();
    let secret = |name| secrets.get(profile.id.0, name).ok().flatten();

    let step = Step::start(CheckStepId::Credentials);
    let applications = match (profile.api_key.is_empty(), secret(SecretName::ApiSecret)) {
        (true, _) | (_, None) => {
            steps.push(step.finish(Err((
                "The API key or secret is missing.".into(),
                "Enter both; they are on the Vonage dashboard's API settings page.".into(),
            ))));
            None
        }
        (false, Some(api_secret)) => {
            let client = ApplicationsClient::new(
                base_url,
                &profile.api_key,
                api_secret.expose(),
                CHECK_TIMEOUT,
            );
            let listed = match &client {
                Ok(client) => client.list(1, 1).await.map(|page| page.total_items),
                Err(error) => Err(error.clone()),
            };
            match listed {
                Ok(count) => {
                    steps.push(step.finish(Ok(format!(
                        "Accepted; the account has {count} application(s)."
                    ))));
                    client.ok()
                }
                Err(error) => {
                    steps.push(step.finish(Err(api_failure(&error))));
                    None
                }
            }
        }
    };

    let application = match applications {
        None => None,
        Some(client) => {
            let step = Step::start(CheckStepId::Application);
            if profile.application_id.is_empty() {
                steps.push(step.finish(Err((
                    "The application ID is missing.".into(),
                    "Copy it from the application's page on the Vonage dashboard.".into(),
                ))));
                None
            } else {
                match client.get(&profile.application_id).await {
                    Ok(application) => {
                        let name = application["name"]
                            .as_str()
                            .unwrap_or("(no name)")
                            .to_owned();
                        steps.push(step.finish(Ok(format!("Found \"{name}\"."))));
                        Some(application)
                    }
                    Err(error) => {
                        steps.push(step.finish(Err(api_failure(&error))));
                        None
                    }
                }
            }
        }
    };

    let key = match application {
        None => None,
        Some(application) => {
            let step = Step::start(CheckStepId::PrivateKey);
            let public = application["keys"]["public_key"]
                .as_str()
                .unwrap_or_default();
            match secret(SecretName::PrivateKey).map(|pem| PrivateKey::parse(pem.expose())) {
                None => {
                    steps.push(step.finish(Err((
                        "No private key is stored.".into(),
                        "Import the private.key file Vonage gave you when you created the application.".into(),
                    ))));
                    None
                }
                Some(Err(error)) => {
                    steps.push(
                        step.finish(Err((error.to_string(), "Import the key again.".into()))),
                    );
                    None
                }
                Some(Ok(key)) if key.matches_public_key(public) => {
                    steps.push(step.finish(Ok("It matches the application's public key.".into())));
                    Some(key)
                }
                Some(Ok(_)) => {
                    steps.push(step.finish(Err((
                        "This private key does not match the application's public key, so Vonage would refuse every call made with it.".into(),
                        "Import the private.key of this application, or generate a new key pair on the dashboard and import that.".into(),
                    ))));
                    None
                }
            }
        }
    };

    if let Some(key) = key {
        let step = Step::start(CheckStepId::VoiceToken);
        let listed = match VoiceClient::new(base_url, &profile.application_id, key, CHECK_TIMEOUT) {
            Ok(client) => client.list_calls(1).await.map(|_| ()),
            Err(error) => Err(error),
        };
        steps.push(step.finish(match listed {
            Ok(()) => Ok("A signed JWT was accepted.".into()),
            Err(error) => Err(api_failure(&error)),
        }));
    }

    for id in CheckStepId::ALL {
        if !steps.iter().any(|s| s.id == id) {
            steps.push(CheckStep {
                id,
                title: id.title().to_owned(),
                status: StepStatus::Skipped,
                detail: "Not tried: an earlier step failed.".into(),
                hint: None,
                millis: 0,
            });
        }
    }
    steps
}

/// Whether a profile runs on the embedded Sandbox.
#[must_use]
pub fn uses_sandbox(profile: &Profile) -> bool {
    profile.kind == ProfileKind::Sandbox
}
