//! Signed webhooks (`docs/vonage.md` §6): Vonage puts a JWT in `Authorization:
//! Bearer`, signed HS256 with the account's signature secret, whose `payload_hash` is
//! the SHA-256 (hex) of the request body. The listener checks it when the profile has a
//! signature secret: off, report (kept with the exchange, answered as usual), or enforce
//! (anything but a valid signature gets 401).
//!
//! A valid signature is not enough: a token captured once (from a log, a proxy) must not
//! open the listener again. So a token is valid only while fresh (`iat` at most five
//! minutes old, at most a minute ahead), once (its `jti` remembered for that long), for
//! this profile's account and application (`api_key`, `application_id` when it names
//! them), and for this body (`payload_hash`, the empty body's hash for a GET).

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

/// How far in the past a token's `iat` may be. Vonage signs each webhook as it sends it
/// and retries within seconds, so a token older than this is a replay.
pub const MAX_AGE_SECS: u64 = 5 * 60;

/// How far in the future `iat` may be, for clocks that disagree a little.
pub const CLOCK_SKEW_SECS: u64 = 60;

/// The most token ids remembered (each for [`MAX_AGE_SECS`]); past it the oldest go.
pub const MAX_REMEMBERED_JTI: usize = 100_000;

#[derive(Deserialize)]
struct Claims {
    #[serde(default)]
    payload_hash: Option<String>,
    #[serde(default)]
    iat: Option<u64>,
    #[serde(default)]
    jti: Option<String>,
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    application_id: Option<String>,
}

/// What a valid token must say besides its signature: who it is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    /// The account's API key; a token naming another is refused.
    pub api_key: Option<String>,
    /// The application; a token naming another is refused.
    pub application_id: Option<String>,
}

/// Token ids seen within [`MAX_AGE_SECS`], so that a captured token cannot be sent again.
#[derive(Debug, Default)]
struct SeenTokens {
    by_id: std::collections::HashMap<String, u64>,
    order: std::collections::VecDeque<(u64, String)>,
}

impl SeenTokens {
    /// Remembers `jti` (issued at `iat`); false when it was seen already.
    fn first_time(&mut self, jti: &str, iat: u64, now: u64) -> bool {
        while let Some((seen_at, _)) = self.order.front() {
            if *seen_at + MAX_AGE_SECS + CLOCK_SKEW_SECS >= now
                && self.order.len() < MAX_REMEMBERED_JTI
            {
                break;
            }
            if let Some((_, old)) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
        if self.by_id.contains_key(jti) {
            return false;
        }
        self.by_id.insert(jti.to_owned(), iat);
        self.order.push_back((iat.min(now), jti.to_owned()));
        true
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Checks a request's signature against `secret`, and that the token is fresh (`iat`
/// within [`MAX_AGE_SECS`]) and for `expected`'s account and application, at `now`
/// (seconds since 1970). Whether its `jti` was seen before is the policy's to judge.
#[must_use]
pub fn verify(
    headers: &HeaderMap,
    body: &[u8],
    secret: &str,
    expected: &Expected,
    now: u64,
) -> Verdict {
    match verified_claims(headers, body, secret, expected, now) {
        Ok(_) => Verdict::Valid,
        Err(verdict) => verdict,
    }
}

fn verified_claims(
    headers: &HeaderMap,
    body: &[u8],
    secret: &str,
    expected: &Expected,
    now: u64,
) -> Result<Claims, Verdict> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(Verdict::Missing);
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
            return Err(Verdict::Invalid(why));
        }
    };
    let invalid = |why: &str| Err(Verdict::Invalid(why.to_owned()));
    match claims.iat {
        None => return invalid("the token has no iat, so its age cannot be told"),
        Some(iat) if iat > now + CLOCK_SKEW_SECS => {
            return invalid("the token's iat is in the future (is this computer's clock right?)");
        }
        Some(iat) if iat + MAX_AGE_SECS < now => {
            return Err(Verdict::Invalid(format!(
                "the token was issued {} s ago; Vonage signs each webhook as it sends it, so an old token is a replay",
                now - iat
            )));
        }
        Some(_) => {}
    }
    if claims.jti.as_deref().is_none_or(str::is_empty) {
        return invalid("the token has no jti, so a replay could not be told");
    }
    for (claim, said, wanted) in [
        ("api_key", &claims.api_key, &expected.api_key),
        (
            "application_id",
            &claims.application_id,
            &expected.application_id,
        ),
    ] {
        if let (Some(said), Some(wanted)) = (said, wanted)
            && said != wanted
        {
            return Err(Verdict::Invalid(format!(
                "the token's {claim} is {said}, not this profile's {wanted}"
            )));
        }
    }
    let actual = format!("{:x}", Sha256::digest(body));
    match &claims.payload_hash {
        Some(hash) if hash.eq_ignore_ascii_case(&actual) => {}
        Some(_) => {
            return invalid(
                "the body does not match the token's payload_hash (changed on the way?)",
            );
        }
        None if body.is_empty() => {}
        None => return invalid("the token has no payload_hash for this body"),
    }
    Ok(claims)
}

#[derive(Debug, Default)]
struct PolicyState {
    mode: SignatureMode,
    secret: Option<String>,
    expected: Expected,
}

/// The listener's signature policy, shared with whoever changes it.
#[derive(Debug, Clone, Default)]
pub struct SignaturePolicy {
    state: Arc<RwLock<PolicyState>>,
    seen: Arc<std::sync::Mutex<SeenTokens>>,
}

impl SignaturePolicy {
    /// Checks with `secret` (none: nothing is checked) in `mode`.
    pub fn set(&self, mode: SignatureMode, secret: Option<String>) {
        let mut state = self
            .state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.mode = mode;
        state.secret = secret;
    }

    /// Refuses tokens that name another account or application than `expected`'s.
    pub fn expect(&self, expected: Expected) {
        self.state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .expected = expected;
    }

    /// The verdict for a request, or `None` when nothing is checked; and whether to refuse it.
    #[must_use]
    pub fn judge(&self, headers: &HeaderMap, body: &[u8]) -> (Option<Verdict>, bool) {
        let state = self
            .state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(secret) = state
            .secret
            .as_deref()
            .filter(|_| state.mode != SignatureMode::Off)
        else {
            return (None, false);
        };
        let now = now_secs();
        let verdict = match verified_claims(headers, body, secret, &state.expected, now) {
            Err(verdict) => verdict,
            Ok(claims) => {
                let jti = claims.jti.unwrap_or_default();
                let fresh = self
                    .seen
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .first_time(&jti, claims.iat.unwrap_or(now), now);
                if fresh {
                    Verdict::Valid
                } else {
                    Verdict::Invalid(
                        "this token (its jti) was used before: a replayed request".into(),
                    )
                }
            }
        };
        let refuse = state.mode == SignatureMode::Enforce && verdict != Verdict::Valid;
        (Some(verdict), refuse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    /// When the sample token was issued (`payloads/signed-webhook-jwt-sample.txt`).
    const IAT: u64 = 1_587_494_962;

    fn signed(secret: &str, body: &[u8]) -> HeaderMap {
        with_claims(
            secret,
            &json!({"iat": IAT, "jti": "c5ba8f24", "iss": "Vonage",
                    "payload_hash": format!("{:x}", Sha256::digest(body)), "api_key": "a1b2c3d",
                    "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"}),
        )
    }

    /// A token signed now, with a fresh `jti`, for `body`.
    fn signed_now(secret: &str, body: &[u8]) -> HeaderMap {
        with_claims(
            secret,
            &json!({"iat": now_secs(), "jti": uuid_like(), "iss": "Vonage",
                    "payload_hash": format!("{:x}", Sha256::digest(body)), "api_key": "a1b2c3d",
                    "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"}),
        )
    }

    fn uuid_like() -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        format!(
            "jti-{}-{}",
            now_secs(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
    }

    fn with_claims(secret: &str, claims: &serde_json::Value) -> HeaderMap {
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
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
            verify(
                &signed("secret-1", body),
                body,
                "secret-1",
                &Expected::default(),
                IAT + 2
            ),
            Verdict::Valid
        );
    }

    fn invalid_because(verdict: &Verdict, words: &str) -> bool {
        matches!(verdict, Verdict::Invalid(why) if why.contains(words))
    }

    #[test]
    fn a_token_is_valid_only_while_fresh() {
        let body = br#"{"status":"answered"}"#;
        let check = |now| verify(&signed("s", body), body, "s", &Expected::default(), now);
        assert_eq!(
            check(IAT + MAX_AGE_SECS),
            Verdict::Valid,
            "five minutes old is fine"
        );
        assert!(
            invalid_because(&check(IAT + MAX_AGE_SECS + 1), "replay"),
            "older is a replay"
        );
        assert_eq!(
            check(IAT - CLOCK_SKEW_SECS),
            Verdict::Valid,
            "a minute of clock skew is fine"
        );
        assert!(
            invalid_because(&check(IAT - CLOCK_SKEW_SECS - 1), "future"),
            "further ahead is refused"
        );
        let no_iat = with_claims(
            "s",
            &json!({"jti": "j", "payload_hash": format!("{:x}", Sha256::digest(body))}),
        );
        assert!(invalid_because(
            &verify(&no_iat, body, "s", &Expected::default(), IAT),
            "no iat"
        ));
        let no_jti = with_claims(
            "s",
            &json!({"iat": IAT, "payload_hash": format!("{:x}", Sha256::digest(body))}),
        );
        assert!(invalid_because(
            &verify(&no_jti, body, "s", &Expected::default(), IAT),
            "no jti"
        ));
    }

    #[test]
    fn a_token_for_another_account_or_application_is_refused() {
        let body = b"{}";
        let ours = Expected {
            api_key: Some("a1b2c3d".into()),
            application_id: Some("aaaaaaaa-bbbb-cccc-dddd-0123456789ab".into()),
        };
        assert_eq!(
            verify(&signed("s", body), body, "s", &ours, IAT),
            Verdict::Valid
        );
        let other_app = Expected {
            application_id: Some("ffffffff-0000-0000-0000-000000000000".into()),
            ..ours.clone()
        };
        assert!(invalid_because(
            &verify(&signed("s", body), body, "s", &other_app, IAT),
            "application_id"
        ));
        let other_key = Expected {
            api_key: Some("zzz999".into()),
            ..ours
        };
        assert!(invalid_because(
            &verify(&signed("s", body), body, "s", &other_key, IAT),
            "api_key"
        ));
    }

    #[test]
    fn a_get_is_held_to_the_empty_bodys_hash() {
        let get_token = signed("s", b"");
        assert_eq!(
            verify(&get_token, b"", "s", &Expected::default(), IAT),
            Verdict::Valid
        );
        let post_token = signed("s", br#"{"status":"ringing"}"#);
        assert!(
            invalid_because(
                &verify(&post_token, b"", "s", &Expected::default(), IAT),
                "payload_hash"
            ),
            "a token made for a body does not open a GET"
        );
    }

    #[test]
    fn a_replayed_token_is_refused_by_the_policy() {
        let policy = SignaturePolicy::default();
        policy.set(SignatureMode::Enforce, Some("s".into()));
        let body = b"";
        let token = signed_now("s", body);
        assert_eq!(policy.judge(&token, body), (Some(Verdict::Valid), false));
        let (verdict, refused) = policy.judge(&token, body);
        assert!(
            refused
                && verdict
                    .as_ref()
                    .is_some_and(|v| invalid_because(v, "used before")),
            "the same token twice is a replay: {verdict:?}"
        );
        assert_eq!(
            policy.judge(&signed_now("s", body), body),
            (Some(Verdict::Valid), false),
            "a new token is fine"
        );
    }

    #[test]
    fn remembered_token_ids_are_bounded() {
        let mut seen = SeenTokens::default();
        let now = 10_000_000;
        for n in 0..MAX_REMEMBERED_JTI + 10 {
            assert!(seen.first_time(&n.to_string(), now, now));
        }
        assert!(
            seen.by_id.len() <= MAX_REMEMBERED_JTI,
            "{}",
            seen.by_id.len()
        );
        assert!(
            !seen.first_time(&(MAX_REMEMBERED_JTI + 9).to_string(), now, now),
            "recent ones stay"
        );
        assert!(seen.first_time(
            "0",
            now + MAX_AGE_SECS + CLOCK_SKEW_SECS + 1,
            now + MAX_AGE_SECS + CLOCK_SKEW_SECS + 1
        ));
    }

    #[test]
    fn each_bad_signature_says_why() {
        let body = br#"{"status":"answered"}"#;
        let verify = |headers: &HeaderMap, body: &[u8], secret: &str| {
            verify(headers, body, secret, &Expected::default(), IAT)
        };
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
            policy.judge(&signed_now("s", body), body),
            (Some(Verdict::Valid), false)
        );
        policy.set(SignatureMode::Off, Some("s".into()));
        assert_eq!(policy.judge(&HeaderMap::new(), body), (None, false));
    }
}
