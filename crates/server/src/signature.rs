//! Signed webhooks (`reference/vonage.md` §6): Vonage puts a JWT in `Authorization:
//! Bearer`, signed HS256 with the account's signature secret, whose `payload_hash` is
//! the SHA-256 (hex) of the request body. The listener checks it when the profile has a
//! signature secret: off, report (kept with the exchange, answered as usual), or enforce
//! (anything but a valid signature gets 401).

use std::sync::{Arc, RwLock};

use axum::http::{HeaderMap, header};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What to do with webhook signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureMode {
    /// Do not look.
    Off,
    /// Check and keep the verdict with the exchange; answer as usual.
    #[default]
    Report,
    /// Answer 401 unless the signature is valid.
    Enforce,
}

/// The verdict on one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed with the secret, and the body matches its hash.
    Valid,
    /// No `Authorization: Bearer` token.
    Missing,
    /// A token that does not verify, or a body that does not match; why.
    Invalid(String),
}

impl Verdict {
    /// The verdict as kept with the exchange.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Valid => "valid".into(),
            Self::Missing => "missing".into(),
            Self::Invalid(why) => format!("invalid: {why}"),
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    payload_hash: Option<String>,
}

/// Checks a request's signature against `secret`.
#[must_use]
pub fn verify(headers: &HeaderMap, body: &[u8], secret: &str) -> Verdict {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Verdict::Missing;
    };
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims::<&str>(&[]);
    validation.validate_exp = false;
    let claims = match jsonwebtoken::decode::<Claims>(
        token.trim(),
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    ) {
        Ok(data) => data.claims,
        Err(error) => {
            let why = match error.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                    "the signature does not match the signature secret".into()
                }
                jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
                    "it is not signed with HS256".into()
                }
                _ => format!("the token cannot be read ({error})"),
            };
            return Verdict::Invalid(why);
        }
    };
    if !body.is_empty() {
        let actual = format!("{:x}", Sha256::digest(body));
        match claims.payload_hash {
            Some(expected) if expected.eq_ignore_ascii_case(&actual) => {}
            Some(_) => {
                return Verdict::Invalid(
                    "the body does not match the token's payload_hash (changed on the way?)".into(),
                );
            }
            None => return Verdict::Invalid("the token has no payload_hash for this body".into()),
        }
    }
    Verdict::Valid
}

/// The listener's signature policy, shared with whoever changes it.
#[derive(Debug, Clone, Default)]
pub struct SignaturePolicy(Arc<RwLock<(SignatureMode, Option<String>)>>);

impl SignaturePolicy {
    /// Checks with `secret` (none: nothing is checked) in `mode`.
    pub fn set(&self, mode: SignatureMode, secret: Option<String>) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = (mode, secret);
    }

    /// The verdict for a request, or `None` when nothing is checked; and whether to refuse it.
    #[must_use]
    pub fn judge(&self, headers: &HeaderMap, body: &[u8]) -> (Option<Verdict>, bool) {
        let guard = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match (&guard.0, &guard.1) {
            (SignatureMode::Off, _) | (_, None) => (None, false),
            (mode, Some(secret)) => {
                let verdict = verify(headers, body, secret);
                let refuse = *mode == SignatureMode::Enforce && verdict != Verdict::Valid;
                (Some(verdict), refuse)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    fn signed(secret: &str, body: &[u8]) -> HeaderMap {
        let claims = json!({"iat": 1_587_494_962, "jti": "c5ba8f24", "iss": "Vonage",
                            "payload_hash": format!("{:x}", Sha256::digest(body)), "api_key": "a1b2c3d",
                            "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"});
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("sign");
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("header"),
        );
        headers
    }

    #[test]
    fn a_vonage_style_token_with_the_right_secret_and_body_is_valid() {
        let body = br#"{"status":"answered"}"#;
        assert_eq!(
            verify(&signed("secret-1", body), body, "secret-1"),
            Verdict::Valid
        );
    }

    #[test]
    fn each_bad_signature_says_why() {
        let body = br#"{"status":"answered"}"#;
        assert_eq!(verify(&HeaderMap::new(), body, "s"), Verdict::Missing);
        let wrong = verify(&signed("another-secret", body), body, "secret-1");
        assert!(
            matches!(&wrong, Verdict::Invalid(why) if why.contains("signature secret")),
            "{wrong:?}"
        );
        let tampered = verify(
            &signed("secret-1", body),
            br#"{"status":"completed"}"#,
            "secret-1",
        );
        assert!(
            matches!(&tampered, Verdict::Invalid(why) if why.contains("payload_hash")),
            "{tampered:?}"
        );
        let mut garbage = HeaderMap::new();
        garbage.insert(
            header::AUTHORIZATION,
            "Bearer not.a.jwt".parse().expect("header"),
        );
        assert!(matches!(
            verify(&garbage, body, "secret-1"),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn the_policy_refuses_only_when_enforcing() {
        let policy = SignaturePolicy::default();
        let body = b"{}";
        assert_eq!(
            policy.judge(&HeaderMap::new(), body),
            (None, false),
            "no secret, nothing checked"
        );
        policy.set(SignatureMode::Report, Some("s".into()));
        assert_eq!(
            policy.judge(&HeaderMap::new(), body),
            (Some(Verdict::Missing), false)
        );
        policy.set(SignatureMode::Enforce, Some("s".into()));
        assert_eq!(
            policy.judge(&HeaderMap::new(), body),
            (Some(Verdict::Missing), true)
        );
        assert_eq!(
            policy.judge(&signed("s", body), body),
            (Some(Verdict::Valid), false)
        );
        policy.set(SignatureMode::Off, Some("s".into()));
        assert_eq!(policy.judge(&HeaderMap::new(), body), (None, false));
    }
}
