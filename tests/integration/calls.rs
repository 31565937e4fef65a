//! Test calls through the app on its Sandbox profile: placed with the Voice client,
//! answered by the app's own listener, followed on a timeline, controlled, and the
//! virtual phone playing the other party. Bad requests get a reason and place nothing.

use std::sync::Arc;
use std::time::Duration;

use callboard_core::{
    App,
    calls::{CallControl, NccoSource, PhoneAudio, PhoneEvent, Pickup, PlaceCall},
    events::CoreEvent,
};
use serde_json::{Value, json};

use crate::support::{push_to_listener, serve_stand_in, started_app, wait_for};

/// Saves `ncco` and makes it the one the answer webhook serves.
fn activate(app: &App, ncco: &Value) {
    let saved = app
        .ncco_save(None, &format!("test {}", uuid_like()), ncco)
        .expect("saved");
    app.ncco_activate(Some(saved.id)).expect("active");
}

fn uuid_like() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos()
}

fn place(to: &str) -> PlaceCall {
    PlaceCall {
        to: to.into(),
        from: None,
        ncco_source: NccoSource::AnswerWebhook,
    }
}

#[tokio::test]
async fn a_call_placed_from_the_app_is_followed_on_one_timeline() {
    let (app, _dir) = started_app().await;
    activate(
        &app,
        &json!([{"action": "talk", "text": "Hello from the test"}]),
    );
    let call = app
        .calls_place(place("+44 7700 900123"))
        .await
        .expect("placed");
    assert_eq!(call.to, "447700900123", "tidied to E.164");
    assert_eq!(call.from, "", "a random number of the application");

    let timeline = wait_for(&app, &call.uuid, "completed").await;
    let titles: Vec<&str> = timeline.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Placed from Callboard",
            "started",
            "ringing",
            "answered",
            "Answer webhook",
            "completed"
        ],
        "in order"
    );
    let answer = &timeline.entries[4];
    assert_eq!(
        answer.ncco,
        Some(json!([{"action": "talk", "text": "Hello from the test"}])),
        "the NCCO served is on the timeline"
    );
    assert!(answer.exchange_id.is_some());
    let completed = timeline.entries.last().expect("completed");
    assert!(
        completed.detail.starts_with("The call ended after"),
        "{}",
        completed.detail
    );

    let listed = app.calls_list(None).expect("listed");
    assert_eq!(listed[0].uuid, call.uuid);
    assert_eq!(listed[0].status.as_deref(), Some("completed"));
    assert_eq!(app.calls_list(Some("900123")).expect("search").len(), 1);
    assert!(
        app.calls_list(Some("no-such-thing"))
            .expect("search")
            .is_empty()
    );
    app.shutdown().await;
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_reason_and_place_nothing() {
    let (app, _dir) = started_app().await;
    for (request, says) in [
        (place("07700900123"), "not 0"),
        (place("call me"), "characters other than digits"),
        (place(""), "Enter the number to call"),
        (
            PlaceCall {
                from: Some("12".into()),
                ..place("447700900123")
            },
            "caller ID has 2 digits",
        ),
    ] {
        let error = app.calls_place(request).await.expect_err(says).to_string();
        assert!(error.contains(says), "{says}: {error}");
    }
    activate(
        &app,
        &json!([{"action": "connect", "endpoint": [{"type": "websocket",
            "uri": "{public_url}/ws/vonage-stream/{uuid}/", "content-type": "audio/l16;rate=16000"}]}]),
    );
    let error = app
        .calls_place(PlaceCall {
            ncco_source: NccoSource::ActiveInline,
            ..place("447700900123")
        })
        .await
        .expect_err("needs {uuid}")
        .to_string();
    assert!(
        error.contains("place the call through the answer webhook"),
        "{error}"
    );
    assert!(
        app.calls_list(None).expect("listed").is_empty(),
        "nothing placed"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_live_call_is_controlled_from_the_app_and_the_phone_hears_it() {
    let (app, _dir) = started_app().await;
    let mut events = app.subscribe();
    activate(
        &app,
        &json!([{"action": "conversation", "name": "test-room"}]),
    );
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "answered").await;
    app.calls_control(
        &call.uuid,
        CallControl::Talk {
            text: "Spoken by the API".into(),
        },
    )
    .await
    .expect("talk");
    app.calls_control(
        &call.uuid,
        CallControl::Dtmf {
            digits: "42".into(),
        },
    )
    .await
    .expect("keys");
    let error = app
        .calls_control(
            &call.uuid,
            CallControl::Dtmf {
                digits: "4x".into(),
            },
        )
        .await
        .expect_err("not keys")
        .to_string();
    assert!(error.contains("digits, * and #"), "{error}");
    let error = app
        .calls_control(
            &call.uuid,
            CallControl::Stream {
                url: "hold.mp3".into(),
            },
        )
        .await
        .expect_err("not an address")
        .to_string();
    assert!(error.contains("https://"), "{error}");
    let error = app
        .calls_control(
            &call.uuid,
            CallControl::TransferToUrl { url: "next".into() },
        )
        .await
        .expect_err("not an address")
        .to_string();
    assert!(error.contains("answers with the new NCCO"), "{error}");
    app.calls_control(
        &call.uuid,
        CallControl::Stream {
            url: "https://example.com/hold.mp3".into(),
        },
    )
    .await
    .expect("stream");
    app.calls_control(&call.uuid, CallControl::StopStream)
        .await
        .expect("stop the audio");
    app.calls_control(&call.uuid, CallControl::StopTalk)
        .await
        .expect("stop speaking");
    app.calls_control(&call.uuid, CallControl::Mute)
        .await
        .expect("mute");
    app.calls_control(&call.uuid, CallControl::Hangup)
        .await
        .expect("hang up");
    let timeline = wait_for(&app, &call.uuid, "completed").await;
    assert!(
        timeline.entries.last().expect("last").detail.ends_with(
            "when you hung up from Callboard (Vonage reports that as ended by the platform)."
        ),
        "Vonage calls a hang-up request the platform's; the timeline knows it was yours"
    );
    let over = app
        .calls_control(&call.uuid, CallControl::Hangup)
        .await
        .expect_err("over")
        .to_string();
    assert!(over.contains("no call with this UUID"), "{over}");
    let controls: Vec<String> = app
        .calls_timeline(&call.uuid)
        .expect("timeline")
        .entries
        .into_iter()
        .filter(|entry| entry.kind == "control")
        .map(|entry| format!("{}: {}", entry.title, entry.detail))
        .collect();
    assert_eq!(
        controls,
        [
            "You spoke into the call: Vonage was asked to say \u{201c}Spoken by the API\u{201d}.",
            "You sent keys: The keys 42, as if pressed.",
            "You played audio into the call: The file at https://example.com/hold.mp3.",
            "You stopped the audio: Vonage was asked to stop the audio file.",
            "You stopped the speech: Vonage was asked to stop speaking into the call.",
            "You muted the call: The other side stopped hearing this leg.",
            "You hung up: Callboard asked Vonage to end the call.",
        ],
        "each control Vonage accepted, in order; none it refused or that was refused here"
    );

    let mut heard = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let CoreEvent::Phone { event } = event {
            heard.push(event);
        }
    }
    assert!(
        heard
            .iter()
            .any(|e| matches!(e, PhoneEvent::Caption { text, .. } if text == "Spoken by the API"))
    );
    assert!(
        heard
            .iter()
            .any(|e| matches!(e, PhoneEvent::Keys { digits, .. } if digits == "42"))
    );
    assert!(heard.iter().any(
        |e| matches!(e, PhoneEvent::Audio { source, .. } if source == "https://example.com/hold.mp3")
    ));
    app.shutdown().await;
}

#[tokio::test]
async fn the_virtual_phone_declines_dials_in_presses_keys_and_hangs_up() {
    let (app, _dir) = started_app().await;
    let state = app
        .phone_set(Pickup::Busy, PhoneAudio::Tone)
        .await
        .expect("set");
    assert_eq!(
        (state.pickup, state.audio),
        (Pickup::Busy, PhoneAudio::Tone)
    );
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    let timeline = wait_for(&app, &call.uuid, "busy").await;
    assert_eq!(
        timeline.entries.last().expect("busy").detail,
        "The number was busy."
    );
    let too_slow = app
        .phone_set(Pickup::Answer { after_ms: 120_000 }, PhoneAudio::Silence)
        .await
        .expect_err("too slow")
        .to_string();
    assert!(too_slow.contains("within a minute"), "{too_slow}");
    app.phone_set(Pickup::default(), PhoneAudio::Silence)
        .await
        .expect("set");

    // The phone calls the application, whose webhooks the user points at the listener.
    push_to_listener(&app).await;
    let state = app.phone_state().await.expect("state");
    activate(
        &app,
        &json!([{"action": "conversation", "name": "inbound-room"}]),
    );
    let inbound = app
        .phone_dial(&state.application_numbers[0])
        .await
        .expect("dialled");
    assert!(
        app.calls_list(None)
            .expect("listed")
            .iter()
            .any(|c| c.uuid == inbound && c.from == callboard_sandbox::PHONE_NUMBER),
        "the phone's call is listed in Calls"
    );
    let refused = app
        .phone_dial("447700900555")
        .await
        .expect_err("not the application's")
        .to_string();
    assert!(refused.contains("not linked"), "{refused}");
    let mut answered = false;
    for _ in 0..100 {
        let exchanges = app
            .inspector_list(&callboard_core::exchanges::ExchangeFilter {
                call: Some(inbound.clone()),
                ..Default::default()
            })
            .expect("listed");
        if exchanges
            .iter()
            .any(|e| e.event_status.as_deref() == Some("answered"))
        {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        answered,
        "the inbound call was answered through the listener"
    );
    app.phone_press(&inbound, "1#").await.expect("keys");
    let bad = app
        .phone_press(&inbound, "1a")
        .await
        .expect_err("not a key")
        .to_string();
    assert!(bad.contains("keypad"), "{bad}");
    app.phone_hang_up(&inbound).await.expect("hung up");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let over = app
        .phone_hang_up(&inbound)
        .await
        .expect_err("over")
        .to_string();
    assert!(over.contains("over"), "{over}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_recording_on_the_timeline_can_be_played() {
    let (app, _dir) = started_app().await;
    activate(
        &app,
        &json!([{"action": "record", "endOnKey": "#"}, {"action": "talk", "text": "Saved"}]),
    );
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "answered").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.phone_press(&call.uuid, "#").await.expect("keys");
    let timeline = wait_for(&app, &call.uuid, "Recording").await;
    let url = timeline
        .entries
        .iter()
        .find_map(|e| e.recording_url.clone())
        .expect("a recording url");
    let wav = app
        .calls_recording(&url)
        .await
        .expect("fetched with the JWT");
    assert_eq!(&wav[..4], b"RIFF");
    app.shutdown().await;
}

#[tokio::test]
async fn a_recording_url_from_anyone_else_never_gets_the_token() {
    let (app, _dir) = started_app().await;
    let asked = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = asked.clone();
    let attacker = serve_stand_in(axum::Router::new().fallback(
        move |headers: axum::http::HeaderMap| {
            let seen = seen.clone();
            async move {
                seen.lock().expect("lock").push(format!("{headers:?}"));
                "RIFF"
            }
        },
    ))
    .await;
    // What an event body posted by anyone with the tunnel URL could name.
    for url in [
        format!("{attacker}/v1/files/stolen"),
        "https://recordings.evil.example/v1/files/x".to_owned(),
        "http://api.nexmo.com/v1/files/x".to_owned(),
    ] {
        let error = app
            .calls_recording(&url)
            .await
            .expect_err("refused before anything is sent");
        let shown = callboard_core::error::UiError::from(&error);
        assert!(
            shown.message.contains("not https") || shown.message.contains("not Vonage's"),
            "{url}: {}",
            shown.message
        );
    }
    assert!(
        asked.lock().expect("lock").is_empty(),
        "the stand-in saw no request, so no token"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_phone_sends_a_wav_file_and_hears_what_the_application_sends_back() {
    let (app, dir) = started_app().await;
    let missing = dir.path().join("missing.wav");
    let error = app
        .phone_set(
            Pickup::default(),
            PhoneAudio::Wav {
                path: missing.display().to_string(),
            },
        )
        .await
        .expect_err("no such file")
        .to_string();
    assert!(error.contains("cannot be read"), "{error}");

    // A WAV of a constant level: what the phone sends is that.
    let wav = dir.path().join("voice.wav");
    callboard_vonage::audio::write_wav(&wav, 8000, 1, &[1000; 8000]).expect("written");
    app.phone_set(
        Pickup::default(),
        PhoneAudio::Wav {
            path: wav.display().to_string(),
        },
    )
    .await
    .expect("a playable file");

    // The listener answers the stream with a tone; the phone hears it.
    let mut reply = app.state().await.expect("state").active_profile.listener;
    reply.reply = callboard_server::AudioReply::Tone;
    app.listener_save(reply).await.expect("saved");
    activate(
        &app,
        &json!([{"action": "connect", "endpoint": [{"type": "websocket",
            "uri": "{public_url}/ws/vonage-stream/{uuid}/", "content-type": "audio/l16;rate=16000"}]}]),
    );
    let mut heard = app.phone_listen().await.expect("listening");
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    let audio = tokio::time::timeout(Duration::from_secs(10), heard.recv())
        .await
        .expect("in time")
        .expect("a frame");
    assert_eq!(
        (audio.call.as_str(), audio.rate, audio.frame.len()),
        (call.uuid.as_str(), 16_000, 640)
    );
    assert!(audio.frame.iter().any(|b| *b != 0), "the tone, not silence");

    // What the phone sent reached the listener: the WAV's level, not silence.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.calls_control(&call.uuid, CallControl::Hangup)
        .await
        .expect("hang up");
    let timeline = wait_for(&app, &call.uuid, "completed").await;
    let stream = timeline
        .entries
        .iter()
        .find_map(|e| e.stream_id.clone())
        .expect("a stream session");
    let sessions = app.inspector_streams(Some(&call.uuid)).expect("streams");
    let session = sessions.iter().find(|s| s.id == stream).expect("session");
    assert!(
        session.level_dbfs > -40.0,
        "the phone's WAV (1000/32768, about -30 dBFS), not silence: {}",
        session.level_dbfs
    );
    assert!(session.frames_sent > 0, "the listener's tone went back");
    app.shutdown().await;
}

#[tokio::test]
async fn a_support_bundle_holds_the_call_and_no_secret() {
    let (app, dir) = started_app().await;
    let profile = app.state().await.expect("state").active_profile;
    let api_secret = app
        .secrets()
        .get(profile.id.0, callboard_core::secrets::SecretName::ApiSecret)
        .expect("keychain")
        .expect("the Sandbox keeps it");
    // Someone pasted the API secret into the NCCO, as it is, percent-encoded and inside
    // base64 (as a Basic credential): in no form may it leave in the bundle.
    let encoded: String =
        serde_urlencoded::to_string([("s", api_secret.expose())]).expect("encode");
    let basic = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .encode(format!("a1b2c3d4:{}", api_secret.expose()))
    };
    activate(
        &app,
        &json!([{"action": "talk", "text": format!("Bundle me {}", api_secret.expose())},
                {"action": "talk", "text": format!("encoded {encoded} and Basic {basic}")}]),
    );
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "completed").await;
    let path = dir.path().join("bundle.json");
    let said = app
        .calls_bundle(&call.uuid, &path.display().to_string())
        .await
        .expect("saved");
    assert!(said.contains("with no secret"), "{said}");
    let text = std::fs::read_to_string(&path).expect("written");
    let bundle: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(bundle["call"]["uuid"], call.uuid.as_str());
    assert_eq!(bundle["call"]["leg_uuids"], json!([call.uuid]));
    assert!(
        bundle["timeline"]["entries"]
            .as_array()
            .is_some_and(|e| e.len() >= 5)
    );
    assert!(
        bundle["exchanges"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    assert_eq!(bundle["active_ncco"][0]["text"], "Bundle me <redacted>");
    assert!(
        bundle["application_voice"]["webhooks"].is_object(),
        "{}",
        bundle["application_voice"]
    );
    for name in [
        callboard_core::secrets::SecretName::ApiSecret,
        callboard_core::secrets::SecretName::SignatureSecret,
        callboard_core::secrets::SecretName::PrivateKey,
    ] {
        let secret = app
            .secrets()
            .get(profile.id.0, name)
            .expect("keychain")
            .expect("the Sandbox keeps it");
        assert!(
            !text.contains(secret.expose()),
            "{name:?} leaked into the bundle"
        );
    }
    assert!(!text.contains("BEGIN"), "no key material");
    for form in [encoded.trim_start_matches("s="), basic.as_str()] {
        assert!(!text.contains(form), "the secret leaked encoded as {form}");
    }
    let error = app
        .calls_bundle("no-such-call", &path.display().to_string())
        .await
        .expect_err("unknown call")
        .to_string();
    assert!(error.contains("no call"), "{error}");
    app.shutdown().await;
}

#[tokio::test]
async fn the_phone_says_what_a_speech_input_hears_and_the_timeline_tells_it() {
    let (app, _dir) = started_app().await;
    activate(
        &app,
        &json!([{"action": "input", "type": ["speech"], "speech": {"endOnSilence": 0.5}}]),
    );
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "answered").await;
    let nothing = app
        .phone_say(&call.uuid, "  ")
        .await
        .expect_err("nothing to say")
        .to_string();
    assert!(nothing.contains("Type what the phone says"), "{nothing}");
    app.phone_say(&call.uuid, " sales ").await.expect("said");
    let timeline = wait_for(&app, &call.uuid, "input").await;
    let input = timeline
        .entries
        .iter()
        .find(|e| e.title == "input")
        .expect("the input's result");
    assert_eq!(
        input.detail,
        "Heard \u{201c}sales\u{201d} (confidence 1.0)."
    );
    wait_for(&app, &call.uuid, "completed").await;
    let over = app
        .phone_say(&call.uuid, "again")
        .await
        .expect_err("over")
        .to_string();
    assert!(over.contains("That call is over"), "{over}");
    app.shutdown().await;
}

#[tokio::test]
async fn the_support_bundle_holds_profiles_calls_and_the_log_with_no_secret_of_any_profile() {
    let (app, dir) = started_app().await;
    let sandbox = app.state().await.expect("state").active_profile;
    let sandbox_secret = app
        .secrets()
        .get(sandbox.id.0, callboard_core::secrets::SecretName::ApiSecret)
        .expect("keychain")
        .expect("the Sandbox keeps it");
    let call = app
        .calls_place(place("447700900123"))
        .await
        .expect("placed");
    wait_for(&app, &call.uuid, "completed").await;
    // A second profile for an account, with its own secret, not the active one.
    app.profile_create("Work account").await.expect("created");
    let account_secret = "w0rk-account-secret-9f8e7d";
    app.profile_set_secret(
        callboard_core::secrets::SecretName::ApiSecret,
        account_secret,
    )
    .await
    .expect("stored");
    app.profile_activate(sandbox.id)
        .await
        .expect("back to the Sandbox");
    // What the log said, secrets and all (as a careless line might).
    let log = vec![
        "INFO the window is ready ms=812".to_owned(),
        format!("WARN a request failed with api_secret={account_secret}"),
        format!("DEBUG sandbox secret {}", sandbox_secret.expose()),
    ];
    let path = dir.path().join("support.json");
    let said = app
        .support_bundle(&path.display().to_string(), log)
        .await
        .expect("saved");
    assert!(
        said.contains("2 profiles")
            && said.contains("1 recent calls")
            && said.contains("3 log lines"),
        "{said}"
    );
    let text = std::fs::read_to_string(&path).expect("written");
    let bundle: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(bundle["callboard"], env!("CARGO_PKG_VERSION"));
    assert_eq!(bundle["recent_calls"][0]["uuid"], call.uuid.as_str());
    assert_eq!(bundle["log"][0], "INFO the window is ready ms=812");
    let names: Vec<&str> = bundle["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&"Work account"), "{names:?}");
    assert!(
        !text.contains(account_secret),
        "another profile's secret leaked"
    );
    assert!(
        !text.contains(sandbox_secret.expose()),
        "the Sandbox's secret leaked"
    );
    let error = app
        .support_bundle(
            &dir.path()
                .join("no/such/folder/x.json")
                .display()
                .to_string(),
            Vec::new(),
        )
        .await
        .expect_err("an unwritable path")
        .to_string();
    assert!(error.contains("cannot be written"), "{error}");
    app.shutdown().await;
}
