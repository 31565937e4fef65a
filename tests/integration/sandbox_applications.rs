//! The Application API client against the Sandbox over real HTTP.

use std::time::Duration;

use callboard_sandbox::{RunningSandbox, SandboxAccount};
use callboard_vonage::{
    ApiErrorKind, ApplicationsClient, PrivateKey, WebhookName, applications::voice_webhook,
};
use serde_json::{Value, json};

async fn sandbox() -> RunningSandbox {
    callboard_sandbox::serve(
        "127.0.0.1:0".parse().expect("addr"),
        SandboxAccount::generate(),
    )
    .await
    .expect("the sandbox binds")
}

fn client(sandbox: &RunningSandbox) -> ApplicationsClient {
    let account = sandbox.state.account();
    ApplicationsClient::new(
        &sandbox.base_url(),
        &account.api_key,
        &account.api_secret,
        Duration::from_secs(5),
    )
    .expect("client")
}

#[tokio::test]
async fn reads_the_application_and_its_key_matches_the_accounts_private_key() {
    let sandbox = sandbox().await;
    let account = sandbox.state.account().clone();
    let application = client(&sandbox)
        .get(&account.application_id)
        .await
        .expect("get");
    assert_eq!(application["id"], account.application_id.as_str());
    let public = application["keys"]["public_key"]
        .as_str()
        .expect("public key");
    assert!(account.private_key.matches_public_key(public));
    let answer = voice_webhook(&application, WebhookName::AnswerUrl).expect("answer webhook");
    assert_eq!(
        (answer.http_method.as_str(), answer.connect_timeout),
        ("GET", Some(1000))
    );
    let page = client(&sandbox).list(1, 10).await.expect("list");
    assert_eq!((page.total_items, page.embedded.applications.len()), (1, 1));
}

#[tokio::test]
async fn a_voice_only_update_keeps_every_other_capability_byte_for_byte() {
    let sandbox = sandbox().await;
    let id = sandbox.state.account().application_id.clone();
    let client = client(&sandbox);
    let before = client.get(&id).await.expect("get");
    let mut changed = before.clone();
    changed["capabilities"]["voice"]["webhooks"]["answer_url"] = json!({
        "address": "https://abc.ngrok.app/api/hume-twilio/vonage-voice-webhook/", "http_method": "GET",
        "connect_timeout": 500, "socket_timeout": 3000});
    let answer = client.update(&id, &changed).await.expect("update");
    assert_eq!(
        answer["capabilities"]["voice"]["webhooks"]["answer_url"]["connect_timeout"],
        500
    );
    let after = client.get(&id).await.expect("get again");
    assert_eq!(
        serde_json::to_string(&after["capabilities"]["messages"]).expect("json"),
        serde_json::to_string(&before["capabilities"]["messages"]).expect("json"),
        "the messages capability is exactly as it was"
    );
    assert_eq!(after["privacy"], before["privacy"]);
    assert_eq!(
        after["keys"]["public_key"], before["keys"]["public_key"],
        "the key is kept when the body has none"
    );
}

#[tokio::test]
async fn creating_returns_201_with_a_private_key_only_then() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let created = client
        .create(&json!({"name": "Second"}))
        .await
        .expect("create");
    let private = created["keys"]["private_key"]
        .as_str()
        .expect("a private key on create");
    let key = PrivateKey::parse(private).expect("it parses");
    let fetched = client
        .get(created["id"].as_str().expect("id"))
        .await
        .expect("get");
    assert!(
        fetched["keys"].get("private_key").is_none(),
        "never again after create"
    );
    assert!(key.matches_public_key(fetched["keys"]["public_key"].as_str().expect("public")));
}

#[tokio::test]
async fn each_application_api_error_reaches_the_user_with_its_kind() {
    let sandbox = sandbox().await;
    let account = sandbox.state.account().clone();
    let good = client(&sandbox);
    let application = good.get(&account.application_id).await.expect("get");

    let wrong_secret = ApplicationsClient::new(
        &sandbox.base_url(),
        &account.api_key,
        "wrong",
        Duration::from_secs(5),
    )
    .expect("client");
    let error = wrong_secret
        .get(&account.application_id)
        .await
        .expect_err("401");
    assert_eq!(
        (error.kind, error.status),
        (ApiErrorKind::Unauthorized, Some(401))
    );
    assert!(error.hint.contains("API key and secret"));

    let error = good
        .get("00000000-0000-0000-0000-000000000000")
        .await
        .expect_err("404");
    assert_eq!(error.kind, ApiErrorKind::NotFound);

    let mut legacy = application.clone();
    legacy["capabilities"]["voice"]["webhooks"]["answer_url"] = json!({"address": "https://a.example/answer", "http_method": "GET", "connection_timeout": 500});
    let error = good
        .update(&account.application_id, &legacy)
        .await
        .expect_err("connection_timeout");
    assert_eq!(error.kind, ApiErrorKind::InvalidParameters);
    assert!(
        error
            .message
            .contains("connection_timeout is not a known json property"),
        "{}",
        error.message
    );

    let mut out_of_range = application.clone();
    out_of_range["capabilities"]["voice"]["webhooks"]["event_url"]["socket_timeout"] =
        json!(20_000);
    out_of_range["capabilities"]["voice"]["webhooks"]["answer_url"]["http_method"] = json!("PATCH");
    let error = good
        .update(&account.application_id, &out_of_range)
        .await
        .expect_err("ranges");
    let names: Vec<&str> = error
        .invalid_parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "capabilities.voice.webhooks.answer_url.http_method",
            "capabilities.voice.webhooks.event_url.socket_timeout"
        ]
    );
    assert!(
        error.message.contains("must be one of: GET, POST")
            && error.message.contains("must be between 1000 and 10000")
    );

    let error = good
        .update(&account.application_id, &json!({"capabilities": {}}))
        .await
        .expect_err("no name");
    assert_eq!(error.invalid_parameters[0].name, "name");

    let error = good.list(1, 0).await.expect_err("page_size 0");
    assert_eq!(
        error.invalid_parameters[0].reason,
        "must be between 1 and 100"
    );

    let unchanged = good.get(&account.application_id).await.expect("get");
    assert_eq!(unchanged, application, "refused updates changed nothing");
}

#[tokio::test]
async fn the_sandbox_answers_wrong_content_types_verbs_and_accept_headers_as_vonage() {
    let sandbox = sandbox().await;
    let account = sandbox.state.account().clone();
    let http = reqwest::Client::new();
    let url = format!(
        "{}/v2/applications/{}",
        sandbox.base_url(),
        account.application_id
    );
    let put_text = http
        .put(&url)
        .basic_auth(&account.api_key, Some(&account.api_secret))
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .expect("answer");
    assert_eq!(put_text.status(), 415);
    let body: Value = put_text.json().await.expect("problem JSON");
    assert_eq!(
        body["type"],
        "https://developer.nexmo.com/api-errors/#content-type-header"
    );
    let patch = http
        .patch(&url)
        .basic_auth(&account.api_key, Some(&account.api_secret))
        .send()
        .await
        .expect("answer");
    assert_eq!(patch.status(), 405);
    let xml = http
        .get(&url)
        .basic_auth(&account.api_key, Some(&account.api_secret))
        .header("accept", "application/xml")
        .send()
        .await
        .expect("answer");
    assert_eq!(xml.status(), 406);
    let anonymous = http.get(&url).send().await.expect("answer");
    assert_eq!(anonymous.status(), 401);
}

/// A stand-in that answers every request with one status and body, for the errors the
/// Sandbox has no reason to produce (throttling, server failures).
async fn stand_in(status: u16, body: &'static str, retry_after: Option<&'static str>) -> String {
    let app = axum::Router::new().fallback(move || async move {
        let mut response = axum::response::Response::builder()
            .status(status)
            .header("content-type", "application/json");
        if let Some(seconds) = retry_after {
            response = response.header("retry-after", seconds);
        }
        response
            .body(axum::body::Body::from(body))
            .expect("response")
    });
    crate::support::serve_stand_in(app).await
}

#[tokio::test]
async fn throttling_server_errors_timeouts_and_unreachable_hosts_are_explained() {
    let throttled = stand_in(429, r#"{"type":"https://developer.nexmo.com/api-errors#throttled","title":"Too Many Requests"}"#, Some("7")).await;
    let error = ApplicationsClient::new(&throttled, "k", "s", Duration::from_secs(5))
        .expect("client")
        .get("x")
        .await
        .expect_err("429");
    assert_eq!(
        (error.kind, error.retry_after),
        (ApiErrorKind::RateLimited, Some(7))
    );
    assert_eq!(error.hint, "Wait 7 seconds, then try again.");

    let failing = stand_in(503, "upstream down", None).await;
    let error = ApplicationsClient::new(&failing, "k", "s", Duration::from_secs(5))
        .expect("client")
        .get("x")
        .await
        .expect_err("503");
    assert_eq!(
        (error.kind, error.status),
        (ApiErrorKind::ServerError, Some(503))
    );

    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let silent_url = format!("http://{}", silent.local_addr().expect("addr"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket); // accept, never answer
        }
    });
    let error = ApplicationsClient::new(&silent_url, "k", "s", Duration::from_millis(300))
        .expect("client")
        .get("x")
        .await
        .expect_err("timeout");
    assert_eq!(error.kind, ApiErrorKind::Timeout);

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let error = ApplicationsClient::new(
        &format!("http://{closed}"),
        "k",
        "s",
        Duration::from_secs(5),
    )
    .expect("client")
    .get("x")
    .await
    .expect_err("refused");
    assert_eq!(error.kind, ApiErrorKind::Network);
    // Refused, not offline: the address is wrong, and the message says which host.
    assert_eq!(
        error.message,
        format!("{closed} refused the connection: nothing is listening there.")
    );
    assert!(error.hint.contains("Vonage API address"), "{}", error.hint);
}
