//! The Sandbox's Voice API accepts JWTs minted from the application's private key and
//! refuses every other token, as Vonage does.

use std::time::{SystemTime, UNIX_EPOCH};

use callboard_sandbox::SandboxAccount;
use callboard_vonage::{PrivateKey, jwt};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

async fn status_with(base: &str, token: &str) -> u16 {
    reqwest::Client::new()
        .get(format!("{base}/v1/calls"))
        .bearer_auth(token)
        .send()
        .await
        .expect("answer")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_token_from_the_application_key_is_accepted_and_others_are_refused() {
    let account = SandboxAccount::generate();
    let sandbox = callboard_sandbox::serve("127.0.0.1:0".parse().expect("addr"), account.clone())
        .await
        .expect("bind");
    let base = sandbox.base_url();

    let good = jwt::mint(
        &account.application_id,
        &account.private_key,
        jwt::DEFAULT_TTL,
    )
    .expect("mint");
    assert_eq!(status_with(&base, &good).await, 200);

    let other_key =
        PrivateKey::from_rsa(rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("key"));
    let wrong_key = jwt::mint(&account.application_id, &other_key, jwt::DEFAULT_TTL).expect("mint");
    assert_eq!(
        status_with(&base, &wrong_key).await,
        401,
        "signed by a key that does not match the application"
    );

    let wrong_app = jwt::mint(
        "another-application",
        &account.private_key,
        jwt::DEFAULT_TTL,
    )
    .expect("mint");
    assert_eq!(status_with(&base, &wrong_app).await, 401);

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let sign = |claims: serde_json::Value| {
        let der = {
            use rsa::pkcs1::EncodeRsaPrivateKey;
            let pem = account.private_key.to_pem();
            let key = <rsa::RsaPrivateKey as rsa::pkcs8::DecodePrivateKey>::from_pkcs8_pem(&pem)
                .expect("key");
            key.to_pkcs1_der().expect("der").as_bytes().to_vec()
        };
        jsonwebtoken::encode(
            &Header::new(Algorithm::RS256),
            &claims,
            &EncodingKey::from_rsa_der(&der),
        )
        .expect("sign")
    };
    let expired = sign(
        json!({"application_id": account.application_id, "iat": now - 3600, "exp": now - 60, "jti": "x"}),
    );
    assert_eq!(status_with(&base, &expired).await, 401, "expired");
    let no_jti =
        sign(json!({"application_id": account.application_id, "iat": now, "exp": now + 60}));
    assert_eq!(status_with(&base, &no_jti).await, 401, "jti is required");
    let too_long = sign(
        json!({"application_id": account.application_id, "iat": now, "exp": now + 90_000, "jti": "y"}),
    );
    assert_eq!(status_with(&base, &too_long).await, 401, "at most 24 hours");
    assert_eq!(status_with(&base, "not-a-jwt").await, 401);

    // Without exp a token lives Vonage's default 15 minutes, not forever.
    let fresh_without_exp =
        sign(json!({"application_id": account.application_id, "iat": now, "jti": "no-exp-1"}));
    assert_eq!(
        status_with(&base, &fresh_without_exp).await,
        200,
        "a fresh token without exp is fine"
    );
    let old_without_exp = sign(
        json!({"application_id": account.application_id, "iat": now - 16 * 60, "jti": "no-exp-2"}),
    );
    assert_eq!(
        status_with(&base, &old_without_exp).await,
        401,
        "a token without exp expires 15 minutes after iat"
    );
    let future = sign(
        json!({"application_id": account.application_id, "iat": now + 600, "exp": now + 900, "jti": "future"}),
    );
    assert_eq!(status_with(&base, &future).await, 401, "iat in the future");
    let not_yet = sign(
        json!({"application_id": account.application_id, "iat": now, "nbf": now + 600, "exp": now + 900, "jti": "nbf"}),
    );
    assert_eq!(status_with(&base, &not_yet).await, 401, "nbf not reached");

    // One jti, one token: the same token may be sent again, another with its id may not.
    let first = sign(
        json!({"application_id": account.application_id, "iat": now, "exp": now + 600, "jti": "shared-id"}),
    );
    assert_eq!(status_with(&base, &first).await, 200);
    assert_eq!(
        status_with(&base, &first).await,
        200,
        "the same token again, while it lives"
    );
    let reused_id = sign(
        json!({"application_id": account.application_id, "iat": now, "exp": now + 700, "jti": "shared-id"}),
    );
    assert_eq!(
        status_with(&base, &reused_id).await,
        401,
        "another token with a jti already used"
    );
}

#[tokio::test]
async fn the_application_api_refuses_a_wrong_secret_of_any_length() {
    let account = SandboxAccount::generate();
    let sandbox = callboard_sandbox::serve("127.0.0.1:0".parse().expect("addr"), account.clone())
        .await
        .expect("bind");
    let status = |secret: String| {
        let url = format!("{}/v2/applications", sandbox.base_url());
        let key = account.api_key.clone();
        async move {
            reqwest::Client::new()
                .get(url)
                .basic_auth(key, Some(secret))
                .header("Accept", "application/json")
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(account.api_secret.clone()).await, 200);
    let prefix: String = account.api_secret.chars().take(3).collect();
    for wrong in [
        String::new(),
        prefix,
        format!("{}x", account.api_secret),
        "a".repeat(4096),
    ] {
        assert_eq!(status(wrong.clone()).await, 401, "secret {wrong:.20}");
    }
}
