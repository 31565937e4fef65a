//! Call tests of a call's audio WebSocket on a real Sandbox and Callboard's stream route:
//! the frames it carries in the announced format and the audio it sends back pass, and
//! without audio back the step fails saying what the WebSocket did; the call placed
//! through the Voice API as the Calls section does.

use callboard_calltest::{
    TestFile,
    platform::{Harness, Target},
    run::run,
};
use serde_json::json;

fn stream_ncco() -> serde_json::Value {
    json!([{"action": "talk", "text": "Connecting you to the assistant."},
           {"action": "connect", "endpoint": [{"type": "websocket",
             "uri": "{public_url}/ws/vonage-stream/{uuid}/", "content-type": "audio/l16;rate=16000"}]}])
}

const TEST: &str = r#"
name = "The assistant's WebSocket"
call = "voice_api"

[[steps]]
hear = "assistant"

[[steps]]
websocket = 25
content_type = "audio/l16;rate=16000"
within = 5

[[steps]]
audio_back = true
within = 3

[[steps]]
hang_up = true

[[steps]]
ended = "any"
"#;

#[tokio::test]
async fn frames_in_the_announced_format_and_audio_back_pass() {
    let harness = Harness::start_with(
        Target::Ncco(stream_ncco()),
        callboard_server::AudioReply::Echo,
    )
    .await
    .expect("starts");
    let test = TestFile::parse("ws.toml", TEST).expect("a test");
    let result = run(&harness.platform, &test, &mut |_| {}).await;
    assert!(result.passed, "{result:#?}");
    assert!(
        result.metrics.first_audio_back.is_some(),
        "the time to the first audio back is measured"
    );
    assert!(
        result.metrics.answer.is_some(),
        "the answer webhook's latency is measured"
    );
    harness.stop().await;
}

#[tokio::test]
async fn without_audio_back_the_step_fails_saying_what_the_websocket_did() {
    let harness = Harness::start(Target::Ncco(stream_ncco()))
        .await
        .expect("starts");
    let test = TestFile::parse("ws.toml", TEST).expect("a test");
    let result = run(&harness.platform, &test, &mut |_| {}).await;
    assert!(!result.passed);
    let failed = result.failed_step().expect("a failing step");
    assert_eq!(failed.step, "audio back from the WebSocket");
    let why = failed.failure.as_deref().unwrap_or_default();
    assert!(
        why.contains("/ws/vonage-stream/") && why.contains("sent 0 back"),
        "{why}"
    );
    harness.stop().await;
}
