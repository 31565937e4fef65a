//! Signed webhooks through the app's listener: Vonage-style HS256 tokens with a
//! payload_hash, checked with the profile's signature secret, reported or enforced.

use callboard_core::{
    exchanges::ExchangeFilter,
    secrets::SecretName,
    webhooks::{SignatureCheck, WebhookSettings},
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sha2::{Digest, Sha256};

use crate::support::{free_port, open_app};

const EVENT: &str = "/api/hume-twilio/vonage-event-callback/";
const BODY: &str = r#"{"status":"answered","uuid":"leg-s","conversation_uuid":"CON-s"}"#;

/// A token as Vonage signs one: issued now, with an id of its own.
fn token(secret: &str, body: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let claims = serde_json::json!({"iat": now, "jti": format!("j-{}", NEXT.fetch_add(1, Ordering::Relaxed)),
        "iss": "Vonage", "api_key": "a1b2c3d", "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        "payload_hash": format!("{:x}", Sha256::digest(body.as_bytes()))});
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign")
}

async fn post(port: u16, authorization: Option<String>, body: &str) -> u16 {
    let mut request = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}{EVENT}"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(token) = authorization {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("answered").status().as_u16()
}

#[tokio::test]
async fn signatures_are_reported_then_enforced_with_the_profiles_secret() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.profile_create("Signed").await.expect("profile");
    app.profile_set_secret(SecretName::SignatureSecret, "sig-secret")
        .await
        .expect("secret");

    assert_eq!(post(port, Some(token("sig-secret", BODY)), BODY).await, 200);
    assert_eq!(
        post(port, None, BODY).await,
        200,
        "report mode answers as usual"
    );
    assert_eq!(
        post(port, Some(token("wrong-secret", BODY)), BODY).await,
        200
    );
    let verdicts: Vec<Option<String>> = app
        .inspector_list(&ExchangeFilter::default())
        .expect("list")
        .into_iter()
        .rev()
        .map(|e| e.signature)
        .collect();
    assert_eq!(verdicts[0].as_deref(), Some("valid"));
    assert_eq!(verdicts[1].as_deref(), Some("missing"));
    assert!(
        verdicts[2]
            .as_deref()
            .is_some_and(|v| v.contains("does not match the signature secret")),
        "{verdicts:?}"
    );

    let enforce = WebhookSettings {
        signature_check: SignatureCheck::Enforce,
        ..WebhookSettings::default()
    };
    app.webhooks_save("", &enforce).await.expect("save");
    assert_eq!(post(port, Some(token("sig-secret", BODY)), BODY).await, 200);
    assert_eq!(
        post(port, None, BODY).await,
        401,
        "enforce refuses an unsigned webhook"
    );
    let tampered = BODY.replace("answered", "completed");
    assert_eq!(
        post(port, Some(token("sig-secret", BODY)), &tampered).await,
        401,
        "a body that changed on the way"
    );
    assert_eq!(
        app.inspector_list(&ExchangeFilter::default())
            .expect("list")
            .len(),
        6,
        "refused webhooks are kept too"
    );
    let captured = token("sig-secret", BODY);
    assert_eq!(post(port, Some(captured.clone()), BODY).await, 200);
    assert_eq!(
        post(port, Some(captured), BODY).await,
        401,
        "a captured token sent again is a replay"
    );

    app.profile_set_secret(SecretName::SignatureSecret, "")
        .await
        .expect("remove");
    assert_eq!(
        post(port, None, BODY).await,
        200,
        "without a secret nothing is checked"
    );
    app.shutdown().await;
}
