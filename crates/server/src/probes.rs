//! Callboard's own requests through the tunnel: nonces sent out to prove that the public
//! URL reaches this listener, and whether each came back.

use std::sync::Arc;

/// Self-check probes: nonces Callboard sent out through the tunnel, and whether each
/// came back to this listener.
///
/// Callboard proves a tunnel by sending an answer request with `callboard_probe=<nonce>`
/// through it and looking for the nonce here; a request reaching some other server
/// never shows up. Only nonces that Callboard itself issued count, so a flood of made-up
/// ones changes nothing, and an awaited probe is answered by Callboard whatever the
/// signature mode or forwarding (it carries no Vonage signature, and it is Callboard's
/// own request). Only nonces are kept, nothing of the request.
#[derive(Debug, Clone, Default)]
pub struct Probes(Arc<std::sync::Mutex<AwaitedProbes>>);

/// The probes issued and not yet taken, oldest first, at most [`Probes::MAX_AWAITED`].
#[derive(Debug, Default)]
struct AwaitedProbes(std::collections::VecDeque<(String, bool)>);

impl Probes {
    /// Probes awaited at once; issuing another forgets the oldest.
    pub const MAX_AWAITED: usize = 16;

    /// A new nonce to send out, awaited until [`Probes::take`].
    #[must_use]
    pub fn issue(&self) -> String {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let mut awaited = self.lock();
        if awaited.0.len() >= Self::MAX_AWAITED {
            awaited.0.pop_front();
        }
        awaited.0.push_back((nonce.clone(), false));
        nonce
    }

    /// Whether `query` carries a nonce that Callboard issued and still awaits.
    #[must_use]
    pub fn is_awaited(&self, query: Option<&str>) -> bool {
        probe_nonce(query).is_some_and(|nonce| self.lock().0.iter().any(|(n, _)| *n == nonce))
    }

    /// Notes that the probe in `query` arrived, if it is one Callboard awaits.
    pub(crate) fn arrived(&self, query: Option<&str>) {
        let Some(nonce) = probe_nonce(query) else {
            return;
        };
        if let Some(entry) = self.lock().0.iter_mut().find(|(n, _)| *n == nonce) {
            entry.1 = true;
        }
    }

    /// Whether the probe with `nonce` arrived; it is no longer awaited after this.
    #[must_use]
    pub fn take(&self, nonce: &str) -> bool {
        let mut awaited = self.lock();
        let position = awaited.0.iter().position(|(n, _)| n == nonce);
        position
            .and_then(|at| awaited.0.remove(at))
            .is_some_and(|(_, arrived)| arrived)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, AwaitedProbes> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The `callboard_probe` value of a query string.
fn probe_nonce(query: Option<&str>) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query?)
        .ok()?
        .into_iter()
        .find_map(|(key, value)| (key == "callboard_probe").then_some(value))
}
