//! Signed callbacks (`docs/vonage.md` §6): when the application has
//! `signed_callbacks`, every webhook the engine sends carries `Authorization: Bearer
//! <JWT>`, HS256 with the account's signature secret, with `iat`, `jti`, `iss: "Vonage"`,
//! `payload_hash` (the SHA-256, hex, of the body sent; of nothing for a GET), `api_key`
//! and `application_id`, as in `payloads/signed-webhook-jwt-sample.txt`.

use jsonwebtoken::{EncodingKey, Header};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Who signs: the account's key and signature secret, for its application. Its `Debug`
/// shows no secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Signer {
    /// The signature secret.
    pub secret: String,
    /// The account's API key.
    pub api_key: String,
    /// The application the webhook is for.
    pub application_id: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("secret", &"<redacted>")
            .field("api_key", &self.api_key)
            .field("application_id", &self.application_id)
            .finish()
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    iat: u64,
    jti: String,
    iss: &'static str,
    payload_hash: String,
    api_key: &'a str,
    application_id: &'a str,
}

impl Signer {
    /// The `Authorization` header value for a request whose body is `body`.
    #[must_use]
    pub fn authorization(&self, body: &[u8]) -> Option<String> {
        let claims = Claims {
            iat: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            jti: uuid::Uuid::new_v4().to_string(),
            iss: "Vonage",
            payload_hash: hex(&Sha256::digest(body)),
            api_key: &self.api_key,
            application_id: &self.application_id,
        };
        jsonwebtoken::encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(self.secret.as_bytes()),
        )
        .ok()
        .map(|token| format!("Bearer {token}"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};

    #[test]
    fn debug_output_holds_no_secret() {
        let signer = Signer {
            secret: "s3cr3t-signing".into(),
            api_key: "a1b2c3d".into(),
            application_id: "app".into(),
        };
        let shown = format!("{signer:?}");
        assert!(
            !shown.contains("s3cr3t-signing") && shown.contains("a1b2c3d"),
            "{shown}"
        );
    }

    #[test]
    fn the_token_carries_the_published_claims_and_the_body_hash() {
        let signer = Signer {
            secret: "s3cr3t".into(),
            api_key: "a1b2c3d".into(),
            application_id: "app".into(),
        };
        let header = signer.authorization(b"{\"a\":1}").expect("signed");
        let token = header.strip_prefix("Bearer ").expect("bearer");
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims::<&str>(&[]);
        let claims = jsonwebtoken::decode::<serde_json::Value>(
            token,
            &DecodingKey::from_secret(b"s3cr3t"),
            &validation,
        )
        .expect("verifies with the secret")
        .claims;
        assert_eq!(claims["iss"], "Vonage");
        assert_eq!(claims["api_key"], "a1b2c3d");
        assert_eq!(claims["application_id"], "app");
        assert_eq!(
            claims["payload_hash"],
            hex(&Sha256::digest(b"{\"a\":1}")),
            "SHA-256 of the body, hex"
        );
        assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    }
}
