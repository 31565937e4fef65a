//! `callboard-bench --sandbox-calls N`: how many concurrent calls the Sandbox sustains,
//! each streaming 16 kHz audio both ways (the call's WebSocket to Callboard's stream
//! route, which echoes every frame), with no lost frame, and its memory per call.
//!
//! N calls are dialled at once and run `--seconds` once every WebSocket is open; then
//! they are hung up, and each WebSocket's exact count of frames sent (reported as it
//! closes) is compared with the 50 a second real time needs over the time it was open.
//! A call more than 5 frames (100 ms) short lost frames. Resident memory is sampled
//! every second against what it was before the calls.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use callboard_calltest::platform::{Harness, Target};
use callboard_sandbox::Observed;
use serde_json::json;

#[derive(Default, Clone, Copy)]
struct Socket {
    opened: Option<Instant>,
    closed: Option<Instant>,
    sent: u64,
    back: u64,
}

/// Runs `calls` concurrent calls for `seconds` and prints what they held.
pub async fn run(calls: u64, seconds: u64) {
    let ncco = json!([{"action": "connect", "endpoint": [{
        "type": "websocket",
        "uri": format!("{{public_url}}{}", callboard_ncco::paths::STREAM),
        "content-type": "audio/l16;rate=16000"
    }]}]);
    let harness = Harness::start_with(Target::Ncco(ncco), callboard_server::AudioReply::Echo)
        .await
        .expect("the Sandbox and the server start");
    let sandbox = harness.platform.sandbox.clone();
    sandbox.phone.set_audio(callboard_sandbox::PhoneAudio::Tone);
    let number = sandbox.account().numbers[0].clone();
    let mut observed = sandbox.observe();
    let before = crate::soak::resident_mb();
    let mut legs = Vec::new();
    for _ in 0..calls {
        legs.push(sandbox.dial_in(&number).await.expect("dialled"));
    }
    let mut sockets: HashMap<String, Socket> = HashMap::new();
    let mut peak = before;
    let mut sampled = Instant::now();
    let take = |observed: Observed, sockets: &mut HashMap<String, Socket>| {
        if let Observed::WebSocket {
            call,
            frames_sent,
            frames_back,
            closed,
            ..
        } = observed
        {
            let socket = sockets.entry(call).or_default();
            socket.opened.get_or_insert_with(Instant::now);
            socket.sent = frames_sent;
            socket.back = frames_back;
            if closed {
                socket.closed = Some(Instant::now());
            }
        }
    };
    let opening = Instant::now();
    let mut until: Option<Instant> = None;
    loop {
        let open = sockets.values().filter(|s| s.opened.is_some()).count() as u64;
        if until.is_none() && (open >= calls || opening.elapsed() > Duration::from_secs(60)) {
            until = Some(Instant::now() + Duration::from_secs(seconds));
        }
        if until.is_some_and(|u| Instant::now() >= u) {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(200), observed.recv()).await {
            Ok(Ok(event)) => take(event, &mut sockets),
            Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(skipped))) => {
                eprintln!("(the report channel skipped {skipped} updates)");
            }
            _ => {}
        }
        if sampled.elapsed() > Duration::from_secs(1) {
            peak = peak.max(crate::soak::resident_mb());
            sampled = Instant::now();
        }
    }
    let opened_in = opening.elapsed().as_secs_f64() - seconds as f64;
    for leg in &legs {
        let _ = sandbox.hang_up(leg);
    }
    let closing = Instant::now();
    while sockets.values().filter(|s| s.closed.is_some()).count() < sockets.len()
        && closing.elapsed() < Duration::from_secs(20)
    {
        if let Ok(Ok(event)) =
            tokio::time::timeout(Duration::from_millis(500), observed.recv()).await
        {
            take(event, &mut sockets);
        }
    }
    let (mut sent, mut back, mut short, mut worst) = (0_u64, 0_u64, 0_u64, 0_i64);
    for socket in sockets.values() {
        let (Some(opened), Some(closed)) = (socket.opened, socket.closed) else {
            continue;
        };
        #[allow(clippy::cast_possible_truncation)]
        let expected = (closed.duration_since(opened).as_secs_f64() * 50.0) as i64;
        let deficit = expected - i64::try_from(socket.sent).unwrap_or(i64::MAX);
        worst = worst.max(deficit);
        short += u64::from(deficit > 5);
        sent += socket.sent;
        back += socket.back;
    }
    #[allow(clippy::cast_precision_loss)]
    let per_call = (peak - before) / calls.max(1) as f64;
    println!(
        "{calls} concurrent Sandbox calls, 16 kHz both ways, {seconds} s once all {} WebSockets were open (in {opened_in:.1} s):",
        sockets.len()
    );
    println!(
        "  frames to the WebSocket: {sent}; calls more than 5 frames behind real time: {short} (the worst {worst} frames)"
    );
    println!(
        "  frames echoed back: {back} ({:.2}% of those sent)",
        100.0 * back as f64 / sent.max(1) as f64
    );
    println!(
        "  resident memory: {before:.0} MB before, {peak:.0} MB at peak, {per_call:.2} MB per call"
    );
    harness.stop().await;
}
