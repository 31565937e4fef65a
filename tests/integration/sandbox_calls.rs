//! Calls on the Sandbox, end to end over loopback: the Voice API client places and
//! controls them, the call engine runs them against Callboard's own webhook listener
//! (the application's answer, event and fallback URLs point at it), and the virtual
//! phone plays the other party. Each NCCO action and each way a call can end.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use callboard_sandbox::{Pickup, RunningSandbox, SandboxAccount};
use callboard_server::{
    ActiveNcco, Exchange, ExchangeSink, Listener, Probes, Route, Services, SinkError,
    StreamSession, StreamSink, WebhookPaths, router,
};
use callboard_vonage::{
    ApiErrorKind, ApplicationsClient, CallAction, CreateCall, Endpoint, PhoneFrom, VoiceClient,
    voice::{CallInfo, TalkRequest},
};
use serde_json::{Value, json};

#[derive(Default)]
struct Kept {
    exchanges: Mutex<Vec<Exchange>>,
    sessions: Mutex<Vec<StreamSession>>,
}

impl ExchangeSink for Kept {
    async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
        self.exchanges.lock().expect("lock").push(exchange);
        Ok(())
    }
}

impl StreamSink for Kept {
    async fn update(&self, session: &StreamSession) {
        self.sessions.lock().expect("lock").push(session.clone());
    }
}

/// The Sandbox, Callboard's listener as the application's webhooks, and a Voice client.
struct Stage {
    sandbox: RunningSandbox,
    listener: Listener,
    kept: Arc<Kept>,
    ncco: ActiveNcco,
    voice: VoiceClient,
    account: SandboxAccount,
    signatures: callboard_server::SignaturePolicy,
    applications: ApplicationsClient,
}

impl Stage {
    async fn new(ncco: Value) -> Self {
        let account = SandboxAccount::generate();
        let sandbox =
            callboard_sandbox::serve("127.0.0.1:0".parse().expect("addr"), account.clone())
                .await
                .expect("the sandbox binds");
        let kept = Arc::new(Kept::default());
        let served = ActiveNcco::new(ncco, "http://127.0.0.1");
        let signatures = callboard_server::SignaturePolicy::default();
        let listener = Listener::start(
            ([127, 0, 0, 1], 0).into(),
            router(
                &WebhookPaths::default(),
                Services {
                    ncco: served.clone(),
                    probes: Probes::default(),
                    exchanges: kept.clone(),
                    streams: kept.clone(),
                    stream: callboard_server::StreamOptions::default(),
                    signatures: signatures.clone(),
                    forward: callboard_server::Forwarding::default(),
                    taps: callboard_server::Taps::default(),
                },
            ),
        )
        .await
        .expect("the listener binds");
        let base = format!("http://{}", listener.local_addr());
        served.set_public_url(base.clone());
        // Point the application's webhooks at the listener, through the Application API.
        let applications = ApplicationsClient::new(
            &sandbox.base_url(),
            &account.api_key,
            &account.api_secret,
            Duration::from_secs(5),
        )
        .expect("client");
        let mut application = applications
            .get(&account.application_id)
            .await
            .expect("the application");
        let paths = WebhookPaths::default();
        for (key, path) in [
            ("answer_url", &paths.answer),
            ("event_url", &paths.event),
            ("fallback_answer_url", &paths.fallback),
        ] {
            application["capabilities"]["voice"]["webhooks"][key]["address"] =
                json!(format!("{base}{path}"));
        }
        applications
            .update(&account.application_id, &application)
            .await
            .expect("webhooks pushed");
        let voice = VoiceClient::new(
            &sandbox.base_url(),
            &account.application_id,
            account.private_key.clone(),
            Duration::from_secs(5),
        )
        .expect("client");
        Self {
            sandbox,
            listener,
            kept,
            ncco: served,
            voice,
            account,
            signatures,
            applications,
        }
    }

    /// Turns the application's signed callbacks on or off, through the Application API.
    async fn sign_callbacks(&self, on: bool) {
        let mut application = self
            .applications
            .get(&self.account.application_id)
            .await
            .expect("the application");
        application["capabilities"]["voice"]["signed_callbacks"] = json!(on);
        self.applications
            .update(&self.account.application_id, &application)
            .await
            .expect("updated");
    }

    fn base(&self) -> String {
        format!("http://{}", self.listener.local_addr())
    }

    /// A call to the virtual phone whose NCCO comes from the listener's answer webhook.
    fn call_via_answer_url(&self) -> CreateCall {
        CreateCall {
            to: vec![Endpoint::Phone {
                number: "447700900123".into(),
                dtmf_answer: None,
            }],
            from: Some(PhoneFrom::new(&self.account.numbers[0])),
            answer_url: Some(vec![format!(
                "{}{}",
                self.base(),
                WebhookPaths::default().answer
            )]),
            ..CreateCall::default()
        }
    }

    /// The bodies of the events the listener got about leg `uuid`, in order.
    fn events(&self, uuid: &str) -> Vec<Value> {
        self.kept
            .exchanges
            .lock()
            .expect("lock")
            .iter()
            .filter(|e| e.route == Route::Event)
            .filter_map(|e| serde_json::from_str::<Value>(&e.request_body).ok())
            .filter(|body| body["uuid"] == uuid || body["call_uuid"] == uuid)
            .collect()
    }

    fn statuses(&self, uuid: &str) -> Vec<String> {
        self.events(uuid)
            .iter()
            .filter_map(|e| e["status"].as_str().map(str::to_owned))
            .collect()
    }

    /// Waits until leg `uuid` reported `status`; that event.
    async fn wait_for(&self, uuid: &str, status: &str) -> Value {
        for _ in 0..300 {
            if let Some(event) = self
                .events(uuid)
                .into_iter()
                .find(|e| e["status"] == status)
            {
                return event;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{uuid} never reported {status}; it reported {:?}",
            self.statuses(uuid)
        );
    }

    /// Waits until an event matching `wanted` arrived (any leg).
    async fn wait_for_event(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..300 {
            let found = self
                .kept
                .exchanges
                .lock()
                .expect("lock")
                .iter()
                .filter(|e| e.route == Route::Event)
                .filter_map(|e| serde_json::from_str::<Value>(&e.request_body).ok())
                .find(|body| wanted(body));
            if let Some(found) = found {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the event never arrived");
    }

    /// A recording's file, fetched with the application's JWT as Vonage requires.
    async fn fetch_recording(&self, url: &str) -> Vec<u8> {
        let token = callboard_vonage::jwt::mint(
            &self.account.application_id,
            &self.account.private_key,
            callboard_vonage::jwt::DEFAULT_TTL,
        )
        .expect("token");
        reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("answer")
            .bytes()
            .await
            .expect("bytes")
            .to_vec()
    }

    /// Asks the Voice API to say `text` into call `uuid`.
    async fn talk(
        &self,
        uuid: &str,
        text: &str,
    ) -> Result<callboard_vonage::voice::ControlAnswer, callboard_vonage::ApiError> {
        self.voice
            .talk(
                uuid,
                &TalkRequest {
                    text: text.into(),
                    ..TalkRequest::default()
                },
            )
            .await
    }

    /// Places a call to the virtual phone through the answer webhook.
    async fn place_call(&self) -> callboard_vonage::voice::CreatedCall {
        self.voice
            .create_call(&self.call_via_answer_url())
            .await
            .expect("201")
    }

    /// A call to the virtual phone through the answer webhook, once it is answered.
    async fn answered_call(&self) -> callboard_vonage::voice::CreatedCall {
        let created = self.place_call().await;
        self.wait_for(&created.uuid, "answered").await;
        created
    }

    /// The samples of the recording a record event points at (16-bit, as Vonage's WAVs).
    async fn recorded_samples(&self, record: &Value) -> Vec<i16> {
        let wav = self
            .fetch_recording(record["recording_url"].as_str().expect("recording_url"))
            .await;
        hound::WavReader::new(std::io::Cursor::new(wav))
            .expect("a WAV")
            .samples::<i16>()
            .collect::<Result<_, _>>()
            .expect("samples")
    }

    /// Plays the stand-in application's `/level.wav` into call `uuid`, `loops` times.
    async fn stream_level(&self, uuid: &str, app: &str, loops: u32) {
        let answer = self
            .voice
            .stream(
                uuid,
                &callboard_vonage::voice::StreamRequest {
                    stream_url: vec![format!("{app}/level.wav")],
                    loop_count: Some(loops),
                    level: None,
                },
            )
            .await
            .expect("200");
        assert_eq!(answer.message, "Stream started");
    }

    fn answer_requests(&self) -> Vec<Exchange> {
        self.kept
            .exchanges
            .lock()
            .expect("lock")
            .iter()
            .filter(|e| e.route == Route::Answer || e.route == Route::Fallback)
            .cloned()
            .collect()
    }
}

fn talk(text: &str) -> Value {
    json!([{"action": "talk", "text": text}])
}

#[tokio::test]
async fn a_call_runs_from_started_to_completed_through_the_answer_webhook() {
    let stage = Stage::new(talk("Hi")).await;
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.place_call().await;
    assert_eq!(
        (created.status.as_str(), created.direction.as_str()),
        ("started", "outbound")
    );
    assert!(created.conversation_uuid.starts_with("CON-"));

    let completed = stage.wait_for(&created.uuid, "completed").await;
    assert_eq!(
        stage.statuses(&created.uuid),
        ["started", "ringing", "answered", "completed"],
        "Vonage's order"
    );
    assert_eq!(completed["direction"], "outbound");
    assert_eq!(completed["disconnected_by"], "platform", "the NCCO ran out");
    for field in [
        "start_time",
        "end_time",
        "duration",
        "rate",
        "price",
        "network",
        "timestamp",
    ] {
        assert!(
            completed.get(field).is_some_and(|v| !v.is_null()),
            "{field}: {completed}"
        );
    }
    assert_eq!(completed["to"], "447700900123");
    assert_eq!(completed["from"], stage.account.numbers[0].as_str());

    let answers = stage.answer_requests();
    assert_eq!(answers.len(), 1, "the answer URL fetched once");
    assert_eq!(answers[0].method, "GET", "Vonage's default");
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(&answers[0].query).expect("query");
    let field = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    assert_eq!(field("uuid").as_deref(), Some(created.uuid.as_str()));
    assert_eq!(
        field("conversation_uuid"),
        Some(created.conversation_uuid.clone())
    );
    assert_eq!(field("region_url"), Some(stage.sandbox.base_url()));

    let mut heard = Vec::new();
    while let Ok(event) = phone.try_recv() {
        heard.push(serde_json::to_value(event).expect("json"));
    }
    assert!(
        heard
            .iter()
            .any(|e| e["type"] == "caption" && e["text"] == "Hi"),
        "the phone heard the talk: {heard:?}"
    );

    let info: CallInfo = stage.voice.get_call(&created.uuid).await.expect("the call");
    assert_eq!(info.status, "completed");
    assert!(info.duration.is_some() && info.end_time.is_some());
    let listed = stage.voice.list_calls(10).await.expect("listed");
    assert_eq!(listed["count"], 1);
}

#[tokio::test]
async fn each_way_a_call_can_go_unanswered_is_reported() {
    let stage = Stage::new(talk("never heard")).await;
    for (pickup, status, detail) in [
        (Pickup::Busy, "busy", None),
        (Pickup::Reject, "rejected", Some("declined")),
        (Pickup::Unreachable, "failed", Some("cannot_route")),
        (Pickup::NoAnswer, "timeout", None),
    ] {
        stage.sandbox.state.phone.set_pickup(pickup);
        let mut call = stage.call_via_answer_url();
        call.ringing_timer = Some(1);
        let created = stage.voice.create_call(&call).await.expect("201");
        let last = stage.wait_for(&created.uuid, status).await;
        assert_eq!(last["detail"].as_str(), detail, "{status}");
        assert_eq!(
            stage.statuses(&created.uuid),
            ["started", "ringing", status],
            "no answer webhook, no completed"
        );
    }
    assert!(stage.answer_requests().is_empty());

    // Hung up while ringing: cancelled.
    stage.sandbox.state.phone.set_pickup(Pickup::NoAnswer);
    let created = stage.place_call().await;
    stage.wait_for(&created.uuid, "ringing").await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "cancelled").await;
}

#[tokio::test]
async fn hang_ups_from_the_api_and_from_the_phone_end_the_call_with_who_did_it() {
    let stage = Stage::new(json!([{"action": "conversation", "name": "room"}])).await;
    let created = stage.answered_call().await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    let completed = stage.wait_for(&created.uuid, "completed").await;
    assert_eq!(completed["disconnected_by"], "platform");
    let gone = stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect_err("the call is over");
    assert_eq!(gone.kind, ApiErrorKind::NotFound);

    let created = stage.answered_call().await;
    assert!(stage.sandbox.state.hang_up(&created.uuid));
    let completed = stage.wait_for(&created.uuid, "completed").await;
    assert_eq!(completed["disconnected_by"], "user");
}

#[tokio::test]
async fn input_collects_the_phones_keys_and_the_returned_ncco_runs_next() {
    let stage = Stage::new(json!([])).await;
    // The application's input handler: keeps what it got, answers with the next NCCO.
    let got = Arc::new(Mutex::new(Vec::<Value>::new()));
    let kept = got.clone();
    let handler = crate::support::serve_stand_in(axum::Router::new().route(
        "/input",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let kept = kept.clone();
            async move {
                kept.lock().expect("lock").push(body);
                axum::Json(json!([{"action": "talk", "text": "You pressed 12"}]))
            }
        }),
    ))
    .await;
    stage.ncco.replace(json!([
        {"action": "talk", "text": "Press 1, 2, then hash", "bargeIn": true},
        {"action": "input", "type": ["dtmf"], "dtmf": {"submitOnHash": true, "timeOut": 5},
         "eventUrl": [format!("{handler}/input")]},
        {"action": "talk", "text": "replaced, never heard"}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.answered_call().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(stage.sandbox.state.press(&created.uuid, "12#"));
    stage.wait_for(&created.uuid, "completed").await;
    let input = got
        .lock()
        .expect("lock")
        .first()
        .cloned()
        .expect("the input result");
    assert_eq!(input["dtmf"], json!({"digits": "12", "timed_out": false}));
    assert_eq!(input["speech"], json!({"results": []}));
    assert_eq!(input["uuid"], created.uuid.as_str());
    let mut captions = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Caption { text, .. } = event {
            captions.push(text);
        }
    }
    assert_eq!(captions, ["Press 1, 2, then hash", "You pressed 12"]);
}

#[tokio::test]
async fn an_input_times_out_with_what_was_pressed() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "input", "type": ["dtmf"], "dtmf": {"timeOut": 1, "maxDigits": 4},
         "eventUrl": [event_url]}
    ]));
    let created = stage.answered_call().await;
    assert!(stage.sandbox.state.press(&created.uuid, "7"));
    let input = stage
        .wait_for_event(|e| e["uuid"] == created.uuid.as_str() && e.get("dtmf").is_some())
        .await;
    assert_eq!(input["dtmf"], json!({"digits": "7", "timed_out": true}));
}

#[tokio::test]
async fn a_websocket_connect_streams_audio_to_the_listener_until_hang_up() {
    let stage = Stage::new(json!([])).await;
    let ws = stage.base().replace("http://", "ws://");
    stage.ncco.replace(json!([
        {"action": "connect", "endpoint": [{"type": "websocket",
            "uri": format!("{ws}/ws/vonage-stream/{{uuid}}/"),
            "content-type": "audio/l16;rate=16000", "headers": {"caller": "447700900123"}}]}
    ]));
    let created = stage.answered_call().await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(stage.sandbox.state.press(&created.uuid, "5"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "completed").await;
    let mut session = None;
    for _ in 0..100 {
        session = stage
            .kept
            .sessions
            .lock()
            .expect("lock")
            .iter()
            .rev()
            .find(|s| s.ended_at_ms.is_some())
            .cloned();
        if session.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let session = session.expect("the stream session ended");
    assert_eq!(session.call_uuid, created.uuid, "{{uuid}} was the call's");
    assert_eq!(session.sample_rate, Some(16_000));
    assert_eq!(session.headers.get("caller"), Some(&json!("447700900123")));
    assert!(
        session.frames >= 50,
        "20 ms frames in real time for over a second: {}",
        session.frames
    );
    assert_eq!(session.mis_sized_frames, 0);
    assert_eq!(session.dtmf, "5", "the phone's key as websocket:dtmf");
}

#[tokio::test]
async fn when_the_app_closes_the_websocket_vonage_posts_disconnected_and_runs_its_ncco() {
    // A WebSocket server that closes as soon as the first message arrives.
    let closer = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let closer_addr = closer.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = closer.accept().await {
            tokio::spawn(async move {
                use futures_util::StreamExt;
                if let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await {
                    let _ = socket.next().await;
                    let _ = socket.close(None).await;
                }
            });
        }
    });
    let stage = Stage::new(json!([])).await;
    stage.ncco.replace(json!([
        {"action": "connect", "endpoint": [{"type": "websocket",
            "uri": format!("ws://{closer_addr}/socket"), "content-type": "audio/l16;rate=8000"}]},
        {"action": "talk", "text": "after the socket"}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.place_call().await;
    let disconnected = stage
        .wait_for_event(|e| e["status"] == "disconnected")
        .await;
    assert_eq!(disconnected["to"], format!("ws://{closer_addr}/socket"));
    assert_eq!(
        disconnected["conversation_uuid"],
        created.conversation_uuid.as_str()
    );
    stage.wait_for(&created.uuid, "completed").await;
    let mut captions = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Caption { text, .. } = event {
            captions.push(text);
        }
    }
    assert!(
        captions.contains(&"after the socket".to_owned()),
        "{captions:?}"
    );
}

#[tokio::test]
async fn a_websocket_nobody_answers_is_reported_unanswered() {
    let stage = Stage::new(json!([])).await;
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    stage.ncco.replace(json!([
        {"action": "connect", "endpoint": [{"type": "websocket",
            "uri": format!("ws://127.0.0.1:{port}/nothing"), "content-type": "audio/l16;rate=16000",
            "headers": {"caller-id": "447700900123"}}]}
    ]));
    stage.place_call().await;
    let unanswered = stage.wait_for_event(|e| e["status"] == "unanswered").await;
    assert_eq!(unanswered["headers"], json!({"caller-id": "447700900123"}));
}

#[tokio::test]
async fn a_failing_answer_url_goes_to_the_fallback_with_the_reason() {
    let stage = Stage::new(talk("from the fallback route")).await;
    let mut call = stage.call_via_answer_url();
    call.answer_url = Some(vec![format!("{}/no/such/path", stage.base())]);
    let created = stage.voice.create_call(&call).await.expect("201");
    stage.wait_for(&created.uuid, "completed").await;
    let requests = stage.answer_requests();
    let fallback = requests
        .iter()
        .find(|e| e.route == Route::Fallback)
        .expect("the fallback URL was asked");
    let query: Vec<(String, String)> = serde_urlencoded::from_str(&fallback.query).expect("query");
    let reason = query
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.clone());
    assert_eq!(reason.as_deref(), Some("Received status code 404"));
    let original = query
        .iter()
        .find(|(k, _)| k == "original_request")
        .map(|(_, v)| v.clone())
        .expect("original_request");
    assert!(original.contains("/no/such/path") && original.contains("\"type\":\"answer\""));
}

#[tokio::test]
async fn an_invalid_ncco_from_the_answer_url_goes_to_the_fallback_at_once() {
    let stage = Stage::new(json!([{"action": "talk"}])).await;
    let created = stage.place_call().await;
    stage.wait_for(&created.uuid, "completed").await;
    let routes: Vec<Route> = stage.answer_requests().iter().map(|e| e.route).collect();
    assert_eq!(
        routes,
        [Route::Answer, Route::Fallback],
        "no retry of an invalid NCCO"
    );
}

#[tokio::test]
async fn a_call_with_an_inline_ncco_records_and_the_recording_can_be_fetched() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    let mut call = stage.call_via_answer_url();
    call.answer_url = None;
    call.event_url = Some(vec![event_url.clone()]);
    call.ncco = Some(json!([
        {"action": "record", "endOnKey": "#", "eventUrl": [event_url]},
        {"action": "talk", "text": "Thanks"}
    ]));
    let created = stage.voice.create_call(&call).await.expect("201");
    stage.wait_for(&created.uuid, "answered").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(stage.sandbox.state.press(&created.uuid, "#"));
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    assert_eq!(
        record["conversation_uuid"],
        created.conversation_uuid.as_str()
    );
    assert!(record["size"].as_u64().is_some_and(|s| s > 44));
    let url = record["recording_url"].as_str().expect("url").to_owned();
    assert!(url.starts_with(&format!("{}/v1/files/", stage.sandbox.base_url())));
    let refused = reqwest::get(&url).await.expect("answer");
    assert_eq!(
        refused.status(),
        401,
        "recordings need the application's JWT"
    );
    let wav = stage.fetch_recording(&url).await;
    let reader = hound::WavReader::new(std::io::Cursor::new(wav)).expect("a WAV");
    assert_eq!(reader.spec().sample_rate, 16_000);
    assert!(
        reader.duration() >= 16_000 / 2,
        "about the time before # was pressed"
    );
    assert!(
        stage.answer_requests().is_empty(),
        "an inline NCCO needs no answer URL"
    );
    stage.wait_for(&created.uuid, "completed").await;
}

#[tokio::test]
async fn notify_and_transfer_replace_what_runs() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "notify", "payload": {"step": "one"}, "eventUrl": [event_url]},
        {"action": "conversation", "name": "waiting-room"}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.place_call().await;
    let notified = stage.wait_for_event(|e| e["step"] == "one").await;
    assert_eq!(notified, json!({"step": "one"}), "notify posts its payload");
    stage.wait_for(&created.uuid, "answered").await;
    stage
        .voice
        .update_call(
            &created.uuid,
            &CallAction::transfer_to_ncco(talk("Transferred")),
        )
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "completed").await;
    let mut captions = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Caption { text, .. } = event {
            captions.push(text);
        }
    }
    assert_eq!(
        captions,
        ["Transferred"],
        "the transfer's NCCO ran, ending the call"
    );
}

#[tokio::test]
async fn talk_and_dtmf_reach_the_phone_only_once_the_call_is_answered() {
    let stage = Stage::new(json!([{"action": "conversation", "name": "room"}])).await;
    stage
        .sandbox
        .state
        .phone
        .set_pickup(Pickup::Answer { after_ms: 800 });
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.place_call().await;
    stage.wait_for(&created.uuid, "ringing").await;
    let early = stage
        .talk(&created.uuid, "too soon")
        .await
        .expect_err("ringing");
    assert_eq!(early.kind, ApiErrorKind::InvalidParameters);
    stage.wait_for(&created.uuid, "answered").await;
    let started = stage
        .talk(&created.uuid, "Hello from the API")
        .await
        .expect("200");
    assert_eq!(started.message, "Talk started");
    assert_eq!(
        stage
            .voice
            .send_dtmf(&created.uuid, "9")
            .await
            .expect("200")
            .message,
        "DTMF sent"
    );
    let bad = stage
        .voice
        .send_dtmf(&created.uuid, "x")
        .await
        .expect_err("not a key");
    assert!(bad.message.contains("digits"), "{}", bad.message);
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "completed").await;
    let mut noticed = Vec::new();
    while let Ok(event) = phone.try_recv() {
        noticed.push(serde_json::to_value(event).expect("json"));
    }
    assert!(
        noticed
            .iter()
            .any(|e| e["type"] == "caption" && e["text"] == "Hello from the API")
    );
    assert!(
        noticed
            .iter()
            .any(|e| e["type"] == "keys" && e["digits"] == "9")
    );
}

#[tokio::test]
async fn create_call_is_refused_as_vonage_refuses_it() {
    let stage = Stage::new(talk("x")).await;
    let base = stage.sandbox.base_url();
    let token = callboard_vonage::jwt::mint(
        &stage.account.application_id,
        &stage.account.private_key,
        callboard_vonage::jwt::DEFAULT_TTL,
    )
    .expect("token");
    let post = |body: Value| {
        let token = token.clone();
        let base = base.clone();
        async move {
            let answer = reqwest::Client::new()
                .post(format!("{base}/v1/calls"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("answer");
            (
                answer.status().as_u16(),
                answer.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let to = json!([{"type": "phone", "number": "447700900123"}]);
    let from = json!({"type": "phone", "number": "447700900000"});
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/fixtures/payloads/error-voice-create-call-400-event_url.json"
    ))
    .expect("fixture");
    let (status, body) = post(json!({"to": to, "from": from, "ncco": talk("x"),
                                     "event_url": "https://x.example/event"}))
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::from_str::<Value>(&published).expect("json"),
        "Vonage's own 400"
    );
    for (request, names) in [
        (
            json!({"to": to, "from": from, "ncco": talk("x"), "answer_url": ["https://x.example/a"]}),
            "answer_url",
        ),
        (json!({"to": to, "ncco": talk("x")}), "from"),
        (
            json!({"to": to, "from": from, "random_from_number": true, "ncco": talk("x")}),
            "random_from_number",
        ),
        (json!({"to": to, "from": from}), "ncco"),
        (
            json!({"to": to, "from": from, "ncco": talk("x"), "ringing_timer": 500}),
            "ringing_timer",
        ),
        (
            json!({"to": to, "from": from, "ncco": talk("x"), "length_timer": 0}),
            "length_timer",
        ),
        (
            json!({"to": [{"type": "phone", "number": "+44 7700"}], "from": from, "ncco": talk("x")}),
            "to.number",
        ),
        (
            json!({"to": [{"type": "websocket", "uri": "https://x.example", "content-type": "audio/l16;rate=44100"}],
                "from": from, "ncco": talk("x")}),
            "to.uri",
        ),
        (
            json!({"to": to, "from": from, "ncco": [{"action": "talk"}]}),
            "ncco.0",
        ),
    ] {
        let (status, body) = post(request.clone()).await;
        assert_eq!(status, 400, "{request}");
        let named: Vec<&str> = body["invalid_parameters"]
            .as_array()
            .expect("invalid_parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(
            named.iter().any(|n| n.starts_with(names)),
            "{names}: {body}"
        );
    }
    let unauthorized = reqwest::Client::new()
        .post(format!("{base}/v1/calls"))
        .bearer_auth("not.a.jwt")
        .json(&json!({"to": to, "from": from, "ncco": talk("x")}))
        .send()
        .await
        .expect("answer");
    assert_eq!(unauthorized.status(), 401);
    let missing = stage.voice.get_call("no-such-call").await.expect_err("404");
    assert_eq!(missing.kind, ApiErrorKind::NotFound);
    assert!(missing.hint.contains("region"), "{}", missing.hint);
}

#[tokio::test]
async fn the_phone_dials_the_application_number_and_the_answer_url_decides() {
    let stage = Stage::new(talk("Welcome, caller")).await;
    let uuid = stage
        .sandbox
        .state
        .dial_in(&stage.account.numbers[1])
        .await
        .expect("the number is linked");
    let completed = stage.wait_for(&uuid, "completed").await;
    assert_eq!(completed["direction"], "inbound");
    assert_eq!(completed["from"], callboard_sandbox::PHONE_NUMBER);
    let answers = stage.answer_requests();
    assert_eq!(answers.len(), 1);
    assert!(answers[0].query.contains(&stage.account.numbers[1]));
    let refused = stage
        .sandbox
        .state
        .dial_in("447700900555")
        .await
        .expect_err("not linked");
    assert!(refused.contains("not linked"), "{refused}");
}

#[tokio::test]
async fn a_connect_to_another_phone_is_a_second_leg_with_its_own_events() {
    let stage = Stage::new(json!([])).await;
    stage.ncco.replace(json!([
        {"action": "connect", "from": "447700900000",
         "endpoint": [{"type": "phone", "number": "447700900456"}]}
    ]));
    let created = stage.place_call().await;
    let answered = stage
        .wait_for_event(|e| e["to"] == "447700900456" && e["status"] == "answered")
        .await;
    let leg = answered["uuid"].as_str().expect("uuid").to_owned();
    assert_ne!(leg, created.uuid, "a leg of its own");
    assert_eq!(
        answered["conversation_uuid"],
        created.conversation_uuid.as_str()
    );
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(&leg, "completed").await;
    assert_eq!(
        stage.statuses(&leg),
        ["started", "ringing", "answered", "completed"]
    );
}

#[tokio::test]
async fn wait_and_stream_take_their_time_and_the_phone_hears_the_file() {
    let stage = Stage::new(json!([])).await;
    // A one-second WAV served by a stand-in web server.
    let wav = level_wav(0);
    let files = crate::support::serve_stand_in(axum::Router::new().route(
        "/hold.wav",
        axum::routing::get(move || {
            let wav = wav.clone();
            async move { ([("content-type", "audio/wav")], wav) }
        }),
    ))
    .await;
    stage.ncco.replace(json!([
        {"action": "wait", "timeout": 0.5},
        {"action": "stream", "streamUrl": [format!("{files}/hold.wav")]}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let mut speaker = stage.sandbox.state.phone.listen();
    let created = stage.place_call().await;
    let answered_at = std::time::Instant::now();
    stage.wait_for(&created.uuid, "answered").await;
    stage.wait_for(&created.uuid, "completed").await;
    assert!(
        answered_at.elapsed() >= Duration::from_millis(1500),
        "half a second of wait, then the one-second file"
    );
    let mut sources = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Audio { source, .. } = event {
            sources.push(source);
        }
    }
    assert_eq!(sources, [format!("{files}/hold.wav")]);
    let mut frames = 0;
    while let Ok(heard) = speaker.try_recv() {
        assert_eq!((heard.rate, heard.frame.len()), (16_000, 640));
        frames += 1;
    }
    assert!(
        (45..=50).contains(&frames),
        "the one-second file played to the phone in 20 ms frames: {frames}"
    );
}

#[tokio::test]
async fn signed_callbacks_are_signed_with_the_accounts_signature_secret() {
    let stage = Stage::new(talk("Signed")).await;
    stage.sign_callbacks(true).await;
    stage.signatures.set(
        callboard_server::SignatureMode::Enforce,
        Some(stage.account.signature_secret.clone()),
    );
    let created = stage.place_call().await;
    stage.wait_for(&created.uuid, "completed").await;
    let exchanges = stage.kept.exchanges.lock().expect("lock").clone();
    assert!(exchanges.len() >= 5, "answer and four events");
    for exchange in &exchanges {
        assert_eq!(
            (exchange.status, exchange.signature.as_deref()),
            (200, Some("valid")),
            "{} {}",
            exchange.method,
            exchange.path
        );
    }

    // The listener holds another secret: enforcement refuses every webhook.
    stage.signatures.set(
        callboard_server::SignatureMode::Enforce,
        Some("not the account's secret".into()),
    );
    let refused = stage.place_call().await;
    for _ in 0..200 {
        if stage
            .sandbox
            .state
            .calls
            .get(&refused.uuid)
            .is_some_and(|c| c.status == "completed")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let answer = stage
        .answer_requests()
        .into_iter()
        .find(|e| e.call_uuid.as_deref() == Some(refused.uuid.as_str()))
        .expect("the answer request");
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .signature
            .as_deref()
            .is_some_and(|s| s.starts_with("invalid")),
        "{:?}",
        answer.signature
    );

    // Off again: webhooks arrive unsigned.
    stage.sign_callbacks(false).await;
    stage.signatures.set(
        callboard_server::SignatureMode::Report,
        Some(stage.account.signature_secret.clone()),
    );
    let unsigned = stage.place_call().await;
    stage.wait_for(&unsigned.uuid, "completed").await;
    let last = stage
        .kept
        .exchanges
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("kept");
    assert_eq!(last.signature.as_deref(), Some("missing"));
}

#[tokio::test]
async fn a_websocket_with_vonage_authorization_gets_the_signed_jwt() {
    let stage = Stage::new(json!([])).await;
    stage.signatures.set(
        callboard_server::SignatureMode::Enforce,
        Some(stage.account.signature_secret.clone()),
    );
    let ws = stage.base().replace("http://", "ws://");
    let mut call = stage.call_via_answer_url();
    call.answer_url = None;
    call.event_url = Some(vec![format!(
        "{}{}",
        stage.base(),
        WebhookPaths::default().event
    )]);
    call.ncco = Some(
        json!([{"action": "connect", "endpoint": [{"type": "websocket",
        "uri": format!("{ws}/ws/vonage-stream/signed/"), "content-type": "audio/l16;rate=8000",
        "authorization": {"type": "vonage"}}]}]),
    );
    let created = stage.voice.create_call(&call).await.expect("201");
    let handshake = loop {
        let found = stage
            .kept
            .exchanges
            .lock()
            .expect("lock")
            .iter()
            .find(|e| e.route == Route::Stream)
            .cloned();
        if let Some(found) = found {
            break found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(handshake.status, 101, "accepted under enforcement");
    assert_eq!(handshake.signature.as_deref(), Some("valid"));
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
}

#[tokio::test]
async fn machine_detection_reports_the_phone_as_a_human_by_call_uuid() {
    let stage = Stage::new(talk("Hi")).await;
    let mut call = stage.call_via_answer_url();
    call.machine_detection = Some("continue".into());
    let created = stage.voice.create_call(&call).await.expect("201");
    let human = stage.wait_for_event(|e| e["status"] == "human").await;
    assert_eq!(
        human["call_uuid"],
        created.uuid.as_str(),
        "call_uuid, not uuid"
    );
    assert!(human.get("uuid").is_none());
    stage.wait_for(&created.uuid, "completed").await;
    let mut bad = stage.call_via_answer_url();
    bad.machine_detection = Some("maybe".into());
    let refused = stage.voice.create_call(&bad).await.expect_err("400");
    assert!(
        refused.message.contains("machine_detection"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn a_transfer_to_a_url_runs_the_ncco_it_answers_with() {
    let stage = Stage::new(json!([{"action": "conversation", "name": "waiting"}])).await;
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.answered_call().await;
    let next = crate::support::serve_stand_in(axum::Router::new().route(
        "/next",
        axum::routing::get(|| async {
            axum::Json(json!([{"action": "talk", "text": "From the URL"}]))
        }),
    ))
    .await;
    stage
        .voice
        .update_call(
            &created.uuid,
            &CallAction::transfer_to_url(&format!("{next}/next")),
        )
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "completed").await;
    let mut captions = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Caption { text, .. } = event {
            captions.push(text);
        }
    }
    assert_eq!(captions, ["From the URL"]);
}

/// A one-second 8 kHz WAV whose every sample is `value`.
fn level_wav(value: i16) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 8000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::new(&mut bytes, spec).expect("writer");
    for _ in 0..8000 {
        writer.write_sample(value).expect("sample");
    }
    writer.finalize().expect("finalize");
    bytes.into_inner()
}

/// Frames a stand-in application's WebSocket received, with when.
type Received = Arc<Mutex<Vec<(std::time::Instant, Vec<i16>)>>>;

/// A stand-in application: serves `/level.wav` and a WebSocket at `/socket` that keeps
/// every frame Vonage sends and answers each with a frame of its own.
async fn application_with_a_socket(received: Received) -> String {
    use axum::extract::ws::{Message, WebSocketUpgrade};
    let wav = level_wav(8000);
    crate::support::serve_stand_in(
        axum::Router::new()
            .route(
                "/level.wav",
                axum::routing::get(move || {
                    let wav = wav.clone();
                    async move { ([("content-type", "audio/wav")], wav) }
                }),
            )
            .route(
                "/socket",
                axum::routing::any(move |upgrade: WebSocketUpgrade| {
                    let received = received.clone();
                    async move {
                        upgrade.on_upgrade(move |mut socket| async move {
                            while let Some(Ok(message)) = socket.recv().await {
                                if let Message::Binary(frame) = message {
                                    let samples = frame
                                        .chunks_exact(2)
                                        .map(|p| i16::from_le_bytes([p[0], p[1]]))
                                        .collect();
                                    received
                                        .lock()
                                        .expect("lock")
                                        .push((std::time::Instant::now(), samples));
                                    let answer = vec![0x10; frame.len()];
                                    if socket.send(Message::Binary(answer.into())).await.is_err() {
                                        break;
                                    }
                                }
                            }
                        })
                    }
                }),
            ),
    )
    .await
}

/// A `connect` to the stand-in application's WebSocket, 16 kHz.
fn connect_to_socket(app: &str) -> Value {
    json!({"action": "connect", "endpoint": [{"type": "websocket",
        "uri": format!("{}/socket", app.replace("http://", "ws://")),
        "content-type": "audio/l16;rate=16000"}]})
}

/// Waits (up to 5 s) for 300 ms in which every frame the application receives passes
/// `test`, so a change is judged once it has arrived however busy the machine; those
/// samples.
async fn received_until(received: &Received, what: &str, test: impl Fn(i16) -> bool) -> Vec<i16> {
    let started = std::time::Instant::now();
    loop {
        let from = std::time::Instant::now();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let window: Vec<i16> = received
            .lock()
            .expect("lock")
            .iter()
            .filter(|(at, _)| *at >= from)
            .flat_map(|(_, frame)| frame.clone())
            .collect();
        // At least 5 of the 15 frames 300 ms holds.
        if window.len() >= 5 * 320 && window.iter().all(|s| test(*s)) {
            return window;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the application never received {what}; last: {} samples, values {:?}",
            window.len(),
            window.iter().collect::<std::collections::BTreeSet<_>>()
        );
    }
}

/// Waits (up to 5 s) for 300 ms in which the number of frames the phone's speaker gets
/// passes `test`.
async fn heard_until(
    speaker: &mut tokio::sync::broadcast::Receiver<callboard_sandbox::HeardAudio>,
    what: &str,
    test: impl Fn(usize) -> bool,
) {
    let started = std::time::Instant::now();
    loop {
        drain_heard(speaker);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let frames = drain_heard(speaker);
        if test(frames) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the phone never heard {what}; last: {frames} frames in 300 ms"
        );
    }
}

/// How many frames the phone's speaker got since the last call.
fn drain_heard(
    speaker: &mut tokio::sync::broadcast::Receiver<callboard_sandbox::HeardAudio>,
) -> usize {
    let mut heard = 0;
    loop {
        match speaker.try_recv() {
            Ok(_) => heard += 1,
            Err(tokio::sync::broadcast::error::TryRecvError::Lagged(missed)) => {
                heard += usize::try_from(missed).expect("small");
            }
            Err(_) => return heard,
        }
    }
}

#[tokio::test]
async fn the_websocket_hears_the_whole_call_and_mute_and_earmuff_take_effect() {
    let stage = Stage::new(json!([])).await;
    let received = Received::default();
    let app = application_with_a_socket(received.clone()).await;
    stage.ncco.replace(json!([connect_to_socket(&app)]));
    let mut speaker = stage.sandbox.state.phone.listen();
    let mut noticed = stage.sandbox.state.phone.subscribe();
    let created = stage.answered_call().await;
    let uuid = created.uuid.as_str();
    let voice = &stage.voice;
    let update = |action: CallAction| async move {
        voice.update_call(uuid, &action).await.expect("204");
    };

    received_until(&received, "the phone's silence", |s| s == 0).await;
    // A file played into the call by the Voice API reaches the WebSocket too, every
    // sample at its level (8000 comes back as 7999 from WAV loading's float conversion).
    stage.stream_level(uuid, &app, 0).await;
    received_until(&received, "the file", |s| s.abs_diff(8000) <= 1).await;
    stage.voice.stop_stream(uuid).await.expect("200");
    received_until(&received, "silence after the stop", |s| s == 0).await;

    // The phone sends a tone (a frame of it is never all zero); muted, none of it.
    stage
        .sandbox
        .state
        .phone
        .set_audio(callboard_sandbox::PhoneAudio::Tone);
    let tone = received_until(&received, "the tone", |_| true).await;
    assert!(tone.iter().any(|s| *s != 0), "the phone's tone");
    update(CallAction::Mute).await;
    received_until(&received, "silence while muted", |s| s == 0).await;
    update(CallAction::Unmute).await;
    let unmuted = received_until(&received, "the tone again", |_| true).await;
    assert!(unmuted.iter().any(|s| *s != 0), "unmuted: the tone again");

    // Earmuffed, the phone hears nothing of what the application sends back.
    assert!(
        drain_heard(&mut speaker) > 0,
        "the phone hears the application"
    );
    update(CallAction::Earmuff).await;
    heard_until(&mut speaker, "nothing while earmuffed", |frames| {
        frames == 0
    })
    .await;
    stage.talk(uuid, "said while earmuffed").await.expect("200");
    update(CallAction::Unearmuff).await;
    heard_until(&mut speaker, "the application again", |frames| frames >= 5).await;
    stage
        .talk(uuid, "said after the earmuff")
        .await
        .expect("200");

    stage
        .voice
        .update_call(uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(uuid, "completed").await;
    // The phone's screen is told each time.
    let (mut changes, mut captions) = (Vec::new(), Vec::new());
    while let Ok(event) = noticed.try_recv() {
        match event {
            callboard_sandbox::PhoneEvent::Muted { on, .. } => changes.push(("muted", on)),
            callboard_sandbox::PhoneEvent::Earmuffed { on, .. } => changes.push(("earmuffed", on)),
            callboard_sandbox::PhoneEvent::Caption { text, .. } => captions.push(text),
            _ => {}
        }
    }
    assert_eq!(
        captions,
        ["said after the earmuff"],
        "an earmuffed phone hears no speech"
    );
    assert_eq!(
        changes,
        [
            ("muted", true),
            ("muted", false),
            ("earmuffed", true),
            ("earmuffed", false)
        ]
    );
}

#[tokio::test]
async fn a_recording_keeps_the_whole_call_the_application_and_what_played() {
    let stage = Stage::new(json!([])).await;
    let app = application_with_a_socket(Received::default()).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    // A recording in the background, then the WebSocket: the application answers every
    // frame with one of its own, every sample 0x1010.
    stage.ncco.replace(json!([
        {"action": "record", "eventUrl": [event_url]},
        connect_to_socket(&app)
    ]));
    let created = stage.answered_call().await;
    let uuid = created.uuid.as_str();
    tokio::time::sleep(Duration::from_millis(500)).await;
    stage.stream_level(uuid, &app, 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stage
        .voice
        .update_call(uuid, &CallAction::Hangup)
        .await
        .expect("204");
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    let samples = stage.recorded_samples(&record).await;
    assert!(
        samples.len() >= 16_000 * 18 / 10,
        "the two seconds from the answer to the hang-up: {} samples",
        samples.len()
    );
    let count = |wanted: i16| samples.iter().filter(|s| s.abs_diff(wanted) <= 1).count();
    let application = 0x1010;
    assert!(
        count(application) >= 16_000 / 5,
        "the application's answers, alone before the file played and after: {}",
        count(application)
    );
    assert!(
        count(application + 8000) >= 16_000 * 6 / 10,
        "the one-second file mixed with the application: {}",
        count(application + 8000)
    );
    stage.wait_for(uuid, "completed").await;
}

#[tokio::test]
async fn end_on_silence_counts_from_when_the_phone_goes_quiet() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "record", "endOnSilence": 3, "eventUrl": [event_url]},
        {"action": "talk", "text": "Recorded"}
    ]));
    stage
        .sandbox
        .state
        .phone
        .set_audio(callboard_sandbox::PhoneAudio::Tone);
    let created = stage.answered_call().await;
    // The caller speaks (a tone) for 1.5 s, then stops.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stage
        .sandbox
        .state
        .phone
        .set_audio(callboard_sandbox::PhoneAudio::Silence);
    let quiet = std::time::Instant::now();
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    let waited = quiet.elapsed();
    assert!(
        waited >= Duration::from_millis(2800),
        "three seconds of silence end it, counted from when the tone stopped: {waited:?}"
    );
    let samples = stage.recorded_samples(&record).await;
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    assert!(
        (16_000..=16_000 * 5 / 2).contains(&loud),
        "about 1.5 s of tone at the start: {loud} loud samples"
    );
    assert!(
        samples.len() >= 16_000 * 43 / 10,
        "the tone and the three seconds of silence: {} samples",
        samples.len()
    );
    stage.wait_for(&created.uuid, "completed").await;
}

#[tokio::test]
async fn speech_input_hears_what_the_phone_says_or_times_out_before_it_starts() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    let input = json!({"action": "input", "type": ["dtmf", "speech"],
        "speech": {"startTimeout": 1, "endOnSilence": 0.5}, "eventUrl": [event_url]});
    stage.ncco.replace(json!([input]));
    let said = stage.answered_call().await;
    let spoke_at = std::time::Instant::now();
    assert!(stage.sandbox.state.say(&said.uuid, "sales"));
    let result = stage
        .wait_for_event(|e| e["uuid"] == said.uuid.as_str() && e.get("speech").is_some())
        .await;
    assert!(
        spoke_at.elapsed() >= Duration::from_millis(500),
        "heard once the phone has been silent for endOnSilence"
    );
    // The shape of Vonage's published speech result (fixtures/payloads/event-input-speech.json).
    assert_eq!(
        result["speech"],
        json!({"timeout_reason": "end_on_silence_timeout",
               "results": [{"confidence": "1.0", "text": "sales"}]})
    );
    assert_eq!(result["dtmf"], json!({"digits": null, "timed_out": false}));

    // Nobody speaks: after startTimeout, the start timeout and no results.
    let silent = stage.answered_call().await;
    let result = stage
        .wait_for_event(|e| e["uuid"] == silent.uuid.as_str() && e.get("speech").is_some())
        .await;
    assert_eq!(
        result["speech"],
        json!({"timeout_reason": "start_timeout", "results": []})
    );
    assert!(
        !stage.sandbox.state.say("no-such-call", "hello"),
        "nothing is said into a call that is not live"
    );
}

#[tokio::test]
async fn an_input_whose_event_url_fails_goes_to_the_fallback_whose_ncco_runs() {
    let stage = Stage::new(json!([])).await;
    let broken = format!("{}/no/such/event", stage.base());
    stage.ncco.replace(json!([
        {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1}, "eventUrl": [broken]},
        {"action": "talk", "text": "after the input"}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.answered_call().await;
    assert!(stage.sandbox.state.press(&created.uuid, "3"));
    stage.wait_for(&created.uuid, "completed").await;
    let fallback = stage
        .answer_requests()
        .into_iter()
        .find(|e| e.route == Route::Fallback)
        .expect("the input's result went to the fallback URL");
    // The original payload plus the two fields Vonage adds
    // (fixtures/payloads/fallback-added-fields.json), here as GET parameters.
    let query: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(&fallback.query).expect("query");
    assert_eq!(query["reason"], "Received status code 404");
    assert_eq!(
        serde_json::from_str::<Value>(&query["original_request"]).expect("json"),
        json!({"url": broken, "type": "event"})
    );
    assert_eq!(
        serde_json::from_str::<Value>(&query["dtmf"]).expect("json"),
        json!({"digits": "3", "timed_out": false})
    );
    // The fallback's NCCO replaced the rest: its apology, not "after the input".
    let mut captions = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Caption { text, .. } = event {
            captions.push(text);
        }
    }
    assert_eq!(captions, [callboard_server::router::FALLBACK_TEXT]);
}

/// Text messages a stand-in application got from Vonage, with when.
type Texts = Arc<Mutex<Vec<(std::time::Instant, Value)>>>;

/// A stand-in voice bot at `/bot`: once connected it sends two seconds of audio at once,
/// a `notify`, and five more seconds; when the notify comes back it sends `clear`.
async fn bot_ahead_of_time(texts: Texts) -> String {
    use axum::extract::ws::{Message, WebSocketUpgrade};
    crate::support::serve_stand_in(axum::Router::new().route(
        "/bot",
        axum::routing::any(move |upgrade: WebSocketUpgrade| {
            let texts = texts.clone();
            async move {
                upgrade.on_upgrade(move |mut socket| async move {
                    let frame = || Message::Binary(vec![0x10; 640].into());
                    let _first = socket.recv().await;
                    for _ in 0..100 {
                        let _ = socket.send(frame()).await;
                    }
                    let notify = json!({"action": "notify", "payload": {"mark": "two seconds"}});
                    let _ = socket.send(Message::Text(notify.to_string().into())).await;
                    for _ in 0..250 {
                        let _ = socket.send(frame()).await;
                    }
                    while let Some(Ok(message)) = socket.recv().await {
                        if let Message::Text(text) = message {
                            let event: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                            let notified = event["event"] == "websocket:notify";
                            texts
                                .lock()
                                .expect("lock")
                                .push((std::time::Instant::now(), event));
                            if notified {
                                let clear = json!({"action": "clear"}).to_string();
                                let _ = socket.send(Message::Text(clear.into())).await;
                            }
                        }
                    }
                })
            }
        }),
    ))
    .await
}

#[tokio::test]
async fn audio_sent_ahead_plays_in_real_time_and_notify_and_clear_are_answered() {
    let stage = Stage::new(json!([])).await;
    let texts = Texts::default();
    let bot = bot_ahead_of_time(texts.clone()).await;
    stage.ncco.replace(json!([
        {"action": "connect", "endpoint": [{"type": "websocket",
            "uri": format!("{}/bot", bot.replace("http://", "ws://")),
            "content-type": "audio/l16;rate=16000"}]}
    ]));
    let mut speaker = stage.sandbox.state.phone.listen();
    let created = stage.answered_call().await;
    let answered = std::time::Instant::now();
    let event = |name: &'static str| {
        let texts = texts.clone();
        async move {
            for _ in 0..200 {
                let found = texts
                    .lock()
                    .expect("lock")
                    .iter()
                    .find(|(_, e)| e["event"] == name)
                    .cloned();
                if let Some(found) = found {
                    return found;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("the bot never got {name}");
        }
    };
    let (notified_at, notify) = event("websocket:notify").await;
    assert_eq!(notify["payload"], json!({"mark": "two seconds"}));
    assert!(
        notified_at.duration_since(answered) >= Duration::from_millis(1800),
        "answered once the two seconds before it had played: {:?}",
        notified_at.duration_since(answered)
    );
    let heard = drain_heard(&mut speaker);
    assert!(
        (90..=150).contains(&heard),
        "the phone heard the two seconds in real time, not all 350 frames at once: {heard}"
    );
    event("websocket:cleared").await;
    heard_until(
        &mut speaker,
        "nothing once the buffer was cleared",
        |frames| frames == 0,
    )
    .await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    stage.wait_for(&created.uuid, "completed").await;
}

#[tokio::test]
async fn a_split_recording_keeps_the_caller_left_and_what_it_hears_right() {
    let stage = Stage::new(json!([])).await;
    let app = application_with_a_socket(Received::default()).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "record", "split": "conversation", "eventUrl": [event_url]},
        connect_to_socket(&app)
    ]));
    stage
        .sandbox
        .state
        .phone
        .set_audio(callboard_sandbox::PhoneAudio::Tone);
    let created = stage.answered_call().await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    let wav = stage
        .fetch_recording(record["recording_url"].as_str().expect("url"))
        .await;
    let mut reader = hound::WavReader::new(std::io::Cursor::new(wav)).expect("a WAV");
    assert_eq!(reader.spec().channels, 2, "split: conversation is stereo");
    let samples: Vec<i16> = reader
        .samples::<i16>()
        .collect::<Result<_, _>>()
        .expect("samples");
    let (left, right): (Vec<i16>, Vec<i16>) = samples
        .chunks_exact(2)
        .map(|pair| (pair[0], pair[1]))
        .unzip();
    let application = 0x1010;
    let share = |channel: &[i16], test: &dyn Fn(i16) -> bool| {
        channel.iter().filter(|s| test(**s)).count() * 100 / channel.len().max(1)
    };
    assert!(
        share(&left, &|s| s.unsigned_abs() > 1000) >= 60,
        "the caller's tone on the left"
    );
    assert_eq!(
        share(&left, &|s| s == application),
        0,
        "none of the application on the left"
    );
    assert!(
        share(&right, &|s| s == application) >= 60,
        "what the caller hears, the application, on the right"
    );
    stage.wait_for(&created.uuid, "completed").await;
}

#[tokio::test]
async fn a_transcribed_recording_holds_what_the_phone_said() {
    let stage = Stage::new(json!([])).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "record", "endOnKey": "#", "transcription": {}, "eventUrl": [event_url]}
    ]));
    let created = stage.answered_call().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        stage
            .sandbox
            .state
            .say(&created.uuid, "Transcription example, test!")
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(stage.sandbox.state.press(&created.uuid, "#"));
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    // The published transcribed event's fields (fixtures/payloads/event-record-transcribed.json).
    let transcribed = stage.wait_for_event(|e| e["status"] == "transcribed").await;
    assert_eq!(transcribed["type"], "record");
    assert_eq!(transcribed["recording_uuid"], record["recording_uuid"]);
    assert_eq!(
        transcribed["conversation_uuid"],
        created.conversation_uuid.as_str()
    );
    let url = transcribed["transcription_url"].as_str().expect("url");
    assert_eq!(
        reqwest::get(url).await.expect("answer").status(),
        401,
        "a transcription needs the application's JWT, as a recording does"
    );
    let file: Value =
        serde_json::from_slice(&stage.fetch_recording(url).await).expect("a JSON transcription");
    let sentence = &file["channels"][0]["transcript"][0];
    assert_eq!(sentence["raw_sentence"], "transcription example test");
    assert_eq!(sentence["sentence"], "Transcription example test.");
    assert!(
        sentence["timestamp"]
            .as_u64()
            .is_some_and(|ms| (200..2000).contains(&ms)),
        "said about 300 ms into the recording: {}",
        sentence["timestamp"]
    );
}

#[tokio::test]
async fn a_waiting_conversation_plays_its_music_on_hold_and_records_when_asked() {
    let stage = Stage::new(json!([])).await;
    let files = application_with_a_socket(Received::default()).await;
    let event_url = format!("{}{}", stage.base(), WebhookPaths::default().event);
    stage.ncco.replace(json!([
        {"action": "conversation", "name": "support-queue", "startOnEnter": false,
         "musicOnHoldUrl": [format!("{files}/level.wav")], "record": true,
         "eventUrl": [event_url]},
        {"action": "talk", "text": "never reached"}
    ]));
    let mut speaker = stage.sandbox.state.phone.listen();
    let created = stage.answered_call().await;
    heard_until(&mut speaker, "the music on hold", |frames| frames >= 10).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    stage
        .voice
        .update_call(&created.uuid, &CallAction::Hangup)
        .await
        .expect("204");
    let record = stage
        .wait_for_event(|e| e.get("recording_url").is_some())
        .await;
    let samples = stage.recorded_samples(&record).await;
    let music = samples.iter().filter(|s| s.abs_diff(8000) <= 1).count();
    assert!(
        music * 2 >= samples.len(),
        "the recording holds the music the caller heard: {music} of {} samples",
        samples.len()
    );
    stage.wait_for(&created.uuid, "completed").await;
}

#[tokio::test]
async fn audio_the_sandbox_cannot_play_is_explained_to_the_phone() {
    let stage = Stage::new(json!([])).await;
    let files = crate::support::serve_stand_in(axum::Router::new().route(
        "/hold.mp3",
        axum::routing::get(|| async { ([("content-type", "audio/mpeg")], vec![0xFF, 0xFB, 0x90]) }),
    ))
    .await;
    stage.ncco.replace(json!([
        {"action": "stream", "streamUrl": [format!("{files}/missing.wav")]},
        {"action": "stream", "streamUrl": [format!("{files}/hold.mp3")]}
    ]));
    let mut phone = stage.sandbox.state.phone.subscribe();
    let created = stage.answered_call().await;
    stage.wait_for(&created.uuid, "completed").await;
    let mut reasons = Vec::new();
    while let Ok(event) = phone.try_recv() {
        if let callboard_sandbox::PhoneEvent::Unplayable { reason, .. } = event {
            reasons.push(reason);
        }
    }
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(
        reasons[0],
        format!("{files}/missing.wav answered 404 Not Found.")
    );
    assert_eq!(
        reasons[1],
        format!(
            "{files}/hold.mp3 is not a WAV file: the Sandbox plays WAV files (Vonage also plays MP3)."
        )
    );
}

/// A request to the Sandbox's Voice API with the application's token, as an SDK sends it.
async fn voice_request(
    stage: &Stage,
    method: reqwest::Method,
    path_and_query: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let token = callboard_vonage::jwt::mint(
        &stage.account.application_id,
        &stage.account.private_key,
        callboard_vonage::jwt::DEFAULT_TTL,
    )
    .expect("token");
    let url = if path_and_query.starts_with("http") {
        path_and_query.to_owned()
    } else {
        format!("{}{path_and_query}", stage.sandbox.base_url())
    };
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_calls_list_has_vonages_absolute_links_and_filters_by_date() {
    let stage = Stage::new(talk("Listed")).await;
    let mut uuids = Vec::new();
    for _ in 0..3 {
        let created = stage.place_call().await;
        stage.wait_for(&created.uuid, "completed").await;
        uuids.push(created.uuid);
    }
    let base = stage.sandbox.base_url();
    let (status, first) =
        voice_request(&stage, reqwest::Method::GET, "/v1/calls?page_size=2", None).await;
    assert_eq!(status, 200);
    for link in ["self", "first", "last", "next"] {
        let href = first["_links"][link]["href"].as_str().unwrap_or_default();
        assert!(
            href.starts_with(&format!("{base}/v1/calls?")),
            "{link} is absolute: {href}"
        );
    }
    assert!(
        first["_links"].get("prev").is_none(),
        "no page before the first"
    );
    assert_eq!(
        first["_embedded"]["calls"].as_array().map(Vec::len),
        Some(2)
    );
    let next = first["_links"]["next"]["href"]
        .as_str()
        .expect("next")
        .to_owned();
    let (_, second) = voice_request(&stage, reqwest::Method::GET, &next, None).await;
    assert_eq!(
        second["_embedded"]["calls"].as_array().map(Vec::len),
        Some(1),
        "following next gives the rest"
    );
    assert!(second["_links"].get("next").is_none() && second["_links"].get("prev").is_some());

    let (_, future) = voice_request(
        &stage,
        reqwest::Method::GET,
        "/v1/calls?date_start=2099-01-01T00:00:00Z",
        None,
    )
    .await;
    assert_eq!(
        future["count"], 0,
        "no call starts after date_start: {future}"
    );
    let (_, past) = voice_request(
        &stage,
        reqwest::Method::GET,
        "/v1/calls?date_end=2000-01-01T00:00:00Z",
        None,
    )
    .await;
    assert_eq!(past["count"], 0, "no call starts before date_end");
    let (_, around) = voice_request(
        &stage,
        reqwest::Method::GET,
        "/v1/calls?date_start=2000-01-01T00:00:00Z&date_end=2099-01-01T00:00:00%2B02:00",
        None,
    )
    .await;
    assert_eq!(around["count"], 3, "all three are in the window");
    let (status, refused) = voice_request(
        &stage,
        reqwest::Method::GET,
        "/v1/calls?date_start=yesterday",
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(refused["invalid_parameters"][0]["name"], "date_start");
}

#[tokio::test]
async fn the_applications_list_has_vonages_links() {
    let stage = Stage::new(talk("x")).await;
    let client = reqwest::Client::new();
    let base = stage.sandbox.base_url();
    let created = client
        .post(format!("{base}/v2/applications"))
        .basic_auth(&stage.account.api_key, Some(&stage.account.api_secret))
        .json(&json!({"name": "second"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(created.status(), 201);
    let page: Value = client
        .get(format!("{base}/v2/applications?page_size=1"))
        .basic_auth(&stage.account.api_key, Some(&stage.account.api_secret))
        .header("Accept", "application/json")
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(page["total_pages"], 2);
    assert_eq!(
        page["_links"]["next"]["href"],
        format!("{base}/v2/applications?page_size=1&page=2")
    );
    assert_eq!(
        page["_links"]["last"]["href"],
        format!("{base}/v2/applications?page_size=1&page=2")
    );
    assert!(
        page["_links"]["self"]["href"].is_string() && page["_links"]["first"]["href"].is_string()
    );
}

#[tokio::test]
async fn talk_and_stream_take_a_numeric_level_and_name_the_field_they_refuse() {
    let stage = Stage::new(json!([{"action": "conversation", "name": "room"}])).await;
    let call = stage.answered_call().await;
    let talk_path = format!("/v1/calls/{}/talk", call.uuid);
    let stream_path = format!("/v1/calls/{}/stream", call.uuid);
    let put = reqwest::Method::PUT;
    for level in [json!(0.5), json!("0.5"), json!(-1), json!("1")] {
        let body = json!({"text": "Hi", "level": level});
        let (status, _) = voice_request(&stage, put.clone(), &talk_path, Some(body)).await;
        assert_eq!(status, 200, "talk with level {level}");
    }
    let body = json!({"stream_url": ["https://example.com/a.wav"], "level": 0.5});
    let (status, _) = voice_request(&stage, put.clone(), &stream_path, Some(body)).await;
    assert_eq!(
        status, 200,
        "stream with a numeric level, as the Python SDK sends it"
    );
    for (path, body, named) in [
        (&talk_path, json!({"text": "Hi", "level": 5}), "level"),
        (&talk_path, json!({"text": "Hi", "level": "loud"}), "level"),
        (&talk_path, json!({"text": 5}), "text"),
        (&talk_path, json!({"language": "en-GB"}), "text"),
        (
            &stream_path,
            json!({"stream_url": "https://example.com/a.wav"}),
            "stream_url",
        ),
        (
            &stream_path,
            json!({"stream_url": ["https://example.com/a.wav"], "loop": "twice"}),
            "loop",
        ),
    ] {
        let (status, answer) = voice_request(&stage, put.clone(), path, Some(body.clone())).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            answer["invalid_parameters"][0]["name"], named,
            "{body}: {answer}"
        );
    }
}

#[tokio::test]
async fn asynchronous_keys_go_to_the_listener_subscribed_with_input_dtmf() {
    let stage = Stage::new(json!([{"action": "conversation", "name": "room"}])).await;
    let call = stage.answered_call().await;
    let path = format!("/v1/calls/{}/input/dtmf", call.uuid);
    let listener_url = format!("{}/dtmf-listener", stage.base());
    let (status, _) = voice_request(
        &stage,
        reqwest::Method::PUT,
        &path,
        Some(json!({"event_url": [listener_url]})),
    )
    .await;
    assert_eq!(status, 204, "subscribed, as the SDKs expect");
    stage.sandbox.state.calls.control(
        &call.uuid,
        callboard_sandbox::calls::Control::PhoneKeys("12".into()),
    );
    let pressed = |key: &'static str| {
        move |e: &callboard_server::Exchange| {
            e.path == "/dtmf-listener" && e.request_body.contains(&format!("\"digits\":\"{key}\""))
        }
    };
    for key in ["1", "2"] {
        let mut seen = false;
        for _ in 0..100 {
            seen = stage
                .kept
                .exchanges
                .lock()
                .expect("lock")
                .iter()
                .any(pressed(key));
            if seen {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            seen,
            "key {key} was posted to the listener as it was pressed"
        );
    }
    let (status, _) = voice_request(&stage, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 204, "unsubscribed");
    let (status, refused) = voice_request(
        &stage,
        reqwest::Method::PUT,
        &path,
        Some(json!({"event_url": "not a url"})),
    )
    .await;
    assert_eq!(
        (status, refused["invalid_parameters"][0]["name"].as_str()),
        (400, Some("event_url"))
    );
    let (status, missing) = voice_request(
        &stage,
        reqwest::Method::GET,
        "/v1/calls/x/nothing-here",
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        missing["type"], "https://developer.nexmo.com/api-errors/#not-found",
        "a Voice path's 404 is the Voice API's, not application#not-found: {missing}"
    );
}
