//! What the Sandbox checks before it answers: Basic auth for the Application API, and
//! for the Voice API an RS256 JWT signed with the application's key, with the claims
//! Vonage requires (`docs/vonage.md` §2.2).
//!
//! A test that passes against the Sandbox must hold on Vonage, so the Sandbox is no
//! softer: a token without `exp` lives Vonage's default 15 minutes, an `iat` in the
//! future or an `nbf` not yet reached is refused, a `jti` belongs to one token only
//! (the same token may be sent again while it lives; another token with its id may
//! not), and the API secret is compared in constant time.

use std::{collections::HashMap, sync::Mutex};

use axum::http::{HeaderMap, header};
use base64::Engine;
use callboard_vonage::jwt::Claims;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{SandboxState, problem::Problem};

/// Checks `Authorization: Basic base64(key:secret)` against the account.
pub fn basic(headers: &HeaderMap, state: &SandboxState) -> Result<(), Problem> {
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
        })
        .and_then(|decoded| String::from_utf8(decoded).ok());
    let account = state.account();
    match credentials.as_deref().and_then(|c| c.split_once(':')) {
        Some((key, secret))
            if key == account.api_key
                && bool::from(secret.as_bytes().ct_eq(account.api_secret.as_bytes())) =>
        {
            Ok(())
        }
        _ => Err(Problem::unauthorized()),
    }
}

/// How long a token without `exp` lives (Vonage's default).
pub const DEFAULT_LIFETIME_SECS: u64 = 15 * 60;

/// Seconds of clock difference forgiven on `iat`, `nbf` and `exp`.
pub const LEEWAY_SECS: u64 = 5;

/// The token ids seen, each with the token that carried it and when it expires.
#[derive(Default)]
pub struct SeenTokens(Mutex<HashMap<String, ([u8; 32], u64)>>);

impl std::fmt::Debug for SeenTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SeenTokens(..)")
    }
}

impl SeenTokens {
    /// Whether `jti` is this `token`'s own (seen with no other token), remembering it
    /// until `exp`; expired ids are forgotten.
    fn belongs_to(&self, jti: &str, token: &str, exp: u64, now: u64) -> bool {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.retain(|_, (_, until)| *until + LEEWAY_SECS >= now);
        match seen.get(jti) {
            Some((known, _)) => *known == digest,
            None => {
                seen.insert(jti.to_owned(), (digest, exp));
                true
            }
        }
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Checks `Authorization: Bearer <JWT>`: RS256, signed by the application's key, for
/// this application, with `iat` and `jti`, not expired, living at most 24 hours.
pub fn bearer(headers: &HeaderMap, state: &SandboxState) -> Result<Claims, Problem> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(Problem::unauthorized)?;
    let account = state.account();
    let key = DecodingKey::from_rsa_pem(account.private_key.public_key_pem().as_bytes())
        .map_err(|_| Problem::unauthorized())?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_required_spec_claims::<&str>(&[]);
    // Times are checked below, with Vonage's default for a missing `exp`.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| Problem::unauthorized())?
        .claims;
    let now = now_secs();
    let exp = claims.exp.unwrap_or(claims.iat + DEFAULT_LIFETIME_SECS);
    let times_ok = claims.iat <= now + LEEWAY_SECS
        && claims.nbf.is_none_or(|nbf| nbf <= now + LEEWAY_SECS)
        && now <= exp + LEEWAY_SECS
        && exp.saturating_sub(claims.iat) <= 24 * 3600;
    if claims.application_id != account.application_id
        || claims.jti.is_empty()
        || !times_ok
        || !state.seen_tokens.belongs_to(&claims.jti, token, exp, now)
    {
        return Err(Problem::unauthorized());
    }
    Ok(claims)
}
