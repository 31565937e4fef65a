//! The Sandbox's account: an API key and secret, one voice application with its RSA
//! key pair, and numbers in Ofcom's drama range (never real subscribers).

use callboard_ncco::paths;
use callboard_vonage::PrivateKey;
use rand::Rng;
use serde_json::{Value, json};

/// A simulated Vonage account. Its `Debug` shows no secret.
#[derive(Clone)]
pub struct SandboxAccount {
    /// The API key (8 hex characters, as Vonage's).
    pub api_key: String,
    /// The API secret (16 characters).
    pub api_secret: String,
    /// The voice application's id.
    pub application_id: String,
    /// The application's private key.
    pub private_key: PrivateKey,
    /// Numbers linked to the application.
    pub numbers: Vec<String>,
    /// The secret signed webhooks are signed with.
    pub signature_secret: String,
}

impl std::fmt::Debug for SandboxAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxAccount")
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .field("application_id", &self.application_id)
            .field("private_key", &self.private_key)
            .field("numbers", &self.numbers)
            .field("signature_secret", &"<redacted>")
            .finish()
    }
}

impl SandboxAccount {
    /// A new account with fresh credentials and a 2048-bit key.
    ///
    /// # Panics
    /// Only if the OS random source fails.
    #[must_use]
    pub fn generate() -> Self {
        let mut rng = rand::thread_rng();
        let key = rsa::RsaPrivateKey::new(&mut rng, 2048).expect("the OS provides randomness");
        let secret = Self::generate_secret(16);
        let signature_secret = Self::new_signature_secret();
        Self {
            api_key: format!("{:08x}", rng.r#gen::<u32>()),
            api_secret: secret,
            application_id: uuid::Uuid::new_v4().to_string(),
            private_key: PrivateKey::from_rsa(key),
            numbers: vec!["447700900000".into(), "447700900001".into()],
            signature_secret,
        }
    }

    /// A new signature secret (48 characters), also for an account kept before accounts had one.
    #[must_use]
    pub fn new_signature_secret() -> String {
        Self::generate_secret(48)
    }

    fn generate_secret(length: usize) -> String {
        let mut rng = rand::thread_rng();
        (0..length)
            .map(|_| {
                const ALPHABET: &[u8] =
                    b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
                ALPHABET[rng.gen_range(0..ALPHABET.len())] as char
            })
            .collect()
    }

    /// The application as the Application API returns it on first run: a voice
    /// capability on the setup guide's paths, and a messages capability that a push of
    /// voice webhooks must leave untouched.
    #[must_use]
    pub fn application(&self) -> Value {
        let webhook = |path: &str, method: &str, socket: u32| {
            json!({"address": format!("http://127.0.0.1:3000{path}"), "http_method": method,
                   "connect_timeout": 1000, "socket_timeout": socket})
        };
        json!({
            "id": self.application_id,
            "name": "Callboard Sandbox",
            "capabilities": {
                "voice": {
                    "webhooks": {
                        "answer_url": webhook(paths::ANSWER, "GET", 5000),
                        "fallback_answer_url": webhook(paths::FALLBACK, "GET", 5000),
                        "event_url": webhook(paths::EVENT, "POST", 10000)
                    },
                    "signed_callbacks": false,
                    "conversations_ttl": 48,
                    "leg_persistence_time": 7
                },
                "messages": {
                    "webhooks": {
                        "inbound_url": {"address": "https://example.com/webhooks/inbound", "http_method": "POST"},
                        "status_url": {"address": "https://example.com/webhooks/status", "http_method": "POST"}
                    },
                    "version": "v1"
                }
            },
            "privacy": {"improve_ai": false},
            "keys": {"public_key": self.private_key.public_key_pem()}
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_holds_no_secret() {
        let account = SandboxAccount::generate();
        let shown = format!("{account:?}");
        for secret in [&account.api_secret, &account.signature_secret] {
            assert!(!shown.contains(secret.as_str()), "{shown}");
        }
        assert!(!shown.contains("BEGIN"), "no key material: {shown}");
        assert!(shown.contains(&account.api_key), "the key is not secret");
    }
}
