//! What the Sandbox checks before it answers: Basic auth for the Application API, and
//! for the Voice API an RS256 JWT signed with the application's key, with the claims
//! Vonage requires (`reference/vonage.md` §2.2).

use axum::http::{HeaderMap, header};
use base64::Engine;
use callboard_vonage::jwt::Claims;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

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
        Some((key, secret)) if key == account.api_key && secret == account.api_secret => Ok(()),
        _ => Err(Problem::unauthorized()),
    }
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
    validation.leeway = 5;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| Problem::unauthorized())?
        .claims;
    let lifetime_ok = claims
        .exp
        .is_none_or(|exp| exp.saturating_sub(claims.iat) <= 24 * 3600);
    if claims.application_id != account.application_id || claims.jti.is_empty() || !lifetime_ok {
        return Err(Problem::unauthorized());
    }
    Ok(claims)
}
