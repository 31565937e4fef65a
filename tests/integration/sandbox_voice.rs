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
}
