//! The RS256 JWT the Voice API takes (`docs/vonage.md` §2.2): header `alg` RS256,
//! `typ` JWT; claims `application_id`, `iat`, `jti`, and `exp` (15 minutes by default,
//! as Vonage's SDKs do; at least 30 seconds and at most 24 hours).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use crate::keys::PrivateKey;

/// How long a minted token is valid unless asked otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);

/// The claims of a Voice API token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The application the token acts for.
    pub application_id: String,
    /// Issued at, seconds since 1970 (UTC).
    pub iat: u64,
    /// A unique id for this token.
    pub jti: String,
    /// Expiry, seconds since 1970.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<u64>,
    /// Not before, seconds since 1970.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
}

/// Why a token could not be made.
#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    /// The lifetime is outside what Vonage accepts.
    #[error("a Voice API token must live from 30 seconds to 24 hours, not {0} seconds")]
    Lifetime(u64),
    /// Signing failed.
    #[error("the token could not be signed: {0}")]
    Signing(#[from] jsonwebtoken::errors::Error),
}

/// Mints a token for `application_id`, valid for `ttl` from now.
///
/// # Errors
/// [`JwtError::Lifetime`] outside 30 s to 24 h; [`JwtError::Signing`].
pub fn mint(application_id: &str, key: &PrivateKey, ttl: Duration) -> Result<String, JwtError> {
    let seconds = ttl.as_secs();
    if !(30..=24 * 3600).contains(&seconds) {
        return Err(JwtError::Lifetime(seconds));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let claims = Claims {
        application_id: application_id.to_owned(),
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        exp: Some(now + seconds),
        nbf: None,
    };
    let header = Header {
        typ: Some("JWT".into()),
        ..Header::new(Algorithm::RS256)
    };
    Ok(jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_der(&key.pkcs1_der()),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{DecodingKey, Validation};

    fn key() -> PrivateKey {
        PrivateKey::from_rsa(rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("key"))
    }

    #[test]
    fn a_minted_token_verifies_with_the_public_key_and_carries_the_claims() {
        let key = key();
        let token = mint("app-1", &key, DEFAULT_TTL).expect("mint");
        let header = jsonwebtoken::decode_header(&token).expect("header");
        assert_eq!(
            (header.alg, header.typ.as_deref()),
            (Algorithm::RS256, Some("JWT"))
        );
        let decoded = jsonwebtoken::decode::<Claims>(
            &token,
            &DecodingKey::from_rsa_pem(key.public_key_pem().as_bytes()).expect("public key"),
            &Validation::new(Algorithm::RS256),
        )
        .expect("the signature verifies");
        assert_eq!(decoded.claims.application_id, "app-1");
        assert_eq!(
            decoded.claims.exp,
            Some(decoded.claims.iat + 900),
            "15 minutes, as the SDKs"
        );
        assert_ne!(
            mint("app-1", &key, DEFAULT_TTL).expect("mint"),
            token,
            "each token has its own jti"
        );
    }

    #[test]
    fn another_key_does_not_verify_it() {
        let token = mint("app-1", &key(), DEFAULT_TTL).expect("mint");
        let other = key();
        assert!(
            jsonwebtoken::decode::<Claims>(
                &token,
                &DecodingKey::from_rsa_pem(other.public_key_pem().as_bytes()).expect("public key"),
                &Validation::new(Algorithm::RS256),
            )
            .is_err()
        );
    }

    #[test]
    fn lifetimes_outside_vonages_range_are_refused() {
        let key = key();
        assert!(matches!(
            mint("a", &key, Duration::from_secs(29)),
            Err(JwtError::Lifetime(29))
        ));
        assert!(matches!(
            mint("a", &key, Duration::from_secs(86_401)),
            Err(JwtError::Lifetime(86_401))
        ));
        assert!(mint("a", &key, Duration::from_secs(30)).is_ok());
    }
}
