//! The Sandbox: a simulated Vonage platform served on loopback, so everything in
//! Callboard works with no account and no network, and tests run against it.
//!
//! It checks what Vonage checks and answers as Vonage answers (`reference/vonage.md`):
//! Basic auth and body shapes on the Application API (`applications`), RS256 JWTs
//! signed with the application's key on the Voice API (`voice`), with Vonage's status
//! codes and problem-details bodies (`problem`). The call engine joins it next.

pub mod account;
mod applications;
mod auth;
mod problem;
mod voice;

use std::{net::SocketAddr, sync::Arc};

use axum::Router;
use serde_json::Value;
use tokio::sync::Mutex;

pub use account::SandboxAccount;

/// The name the first-run profile takes.
pub const PROFILE_NAME: &str = "Sandbox";

/// The simulated platform's state: one account, its applications.
#[derive(Debug)]
pub struct SandboxState {
    account: SandboxAccount,
    /// Applications by id, in creation order.
    applications: Mutex<Vec<Value>>,
}

impl SandboxState {
    /// A platform with `account`, whose application already exists.
    #[must_use]
    pub fn new(account: SandboxAccount) -> Self {
        let application = account.application();
        Self {
            account,
            applications: Mutex::new(vec![application]),
        }
    }

    /// The account it serves.
    #[must_use]
    pub fn account(&self) -> &SandboxAccount {
        &self.account
    }
}

/// The Sandbox's HTTP surface.
pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .merge(applications::routes())
        .merge(voice::routes())
        .fallback(problem::not_found)
        .with_state(state)
}

/// A Sandbox serving on a local address until dropped.
#[derive(Debug)]
pub struct RunningSandbox {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, to inspect in tests.
    pub state: Arc<SandboxState>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningSandbox {
    /// The base URL to give clients, e.g. `http://127.0.0.1:4321`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `account`'s platform on `addr` (port 0 for any free port).
///
/// # Errors
/// The bind error.
pub async fn serve(addr: SocketAddr, account: SandboxAccount) -> std::io::Result<RunningSandbox> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SandboxState::new(account));
    let app = router(state.clone());
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::warn!(%error, "the sandbox stopped");
        }
    });
    Ok(RunningSandbox { addr, state, task })
}
