//! `callboard-bench`: how the listener holds up, measured on loopback with the app's own
//! capture (every exchange kept in SQLite before it is answered, every stream session
//! kept and recorded to WAV).
//!
//! Run it with `cargo run --release -p callboard-cli --bin callboard-bench`. It starts
//! the listener on a free port with the setup-guide NCCO and a fresh SQLite file, then:
//! 1. keeps `--connections` keep-alive clients (in the same process, on the same cores)
//!    sending answer requests for `--seconds`, after a one-second warm-up that is not
//!    counted, and prints requests per second, latency percentiles, and whether every
//!    answered request was stored;
//! 2. opens `--streams` call-audio WebSockets as Vonage does (first message, then a
//!    640-byte 16 kHz frame every 20 ms each, for `--seconds`), and prints how many
//!    frames were sent and how many the server counted and recorded: none may be lost.
//!
//! With `--soak-minutes M` it runs the soak instead ([`soak`]): M minutes of
//! `--soak-rate` webhooks a second and `--soak-streams` streams, pruned to
//! `--soak-megabytes`, with memory and open files sampled every 30 seconds.
//!
//! With `--sandbox-calls N` it measures the Sandbox instead ([`calls_load`]): N
//! concurrent calls streaming 16 kHz audio both ways for `--seconds`.
//!
//! With `--window BINARY [--package FILE...]` it measures the desktop app instead
//! ([`window_bench`]): launch to a usable window, idle memory, package sizes.

mod calls_load;
mod soak;
mod window_bench;

use std::sync::Arc;
use std::time::{Duration, Instant};

use callboard_core::{events::EventBus, exchanges::ExchangeStore};
use callboard_server::{
    ActiveNcco, AudioReply, Listener, Probes, Services, StreamOptions, WebhookPaths, router,
};
use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;

const ANSWER: &str = callboard_ncco::paths::ANSWER;

fn argument(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index]) / 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--window") {
        let binary = args.get(at + 1).expect("--window BINARY");
        let packages: Vec<String> = args
            .iter()
            .position(|a| a == "--package")
            .map(|p| {
                args[p + 1..]
                    .iter()
                    .take_while(|a| !a.starts_with("--"))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        window_bench::run(binary, &packages);
        return;
    }
    let seconds = argument("--seconds", 10);
    let sandbox_calls = argument("--sandbox-calls", 0);
    if sandbox_calls > 0 {
        calls_load::run(sandbox_calls, seconds).await;
        return;
    }
    let connections = argument("--connections", 16);
    let streams = argument("--streams", 500);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("bench.sqlite3");
    let store =
        ExchangeStore::start(&database, EventBus::default()).expect("the exchange store starts");
    let template = callboard_ncco::templates::all()
        .into_iter()
        .find(|t| t.id == "setup-guide")
        .expect("template");
    let paths = WebhookPaths::default();
    let recordings = dir.path().join("recordings");
    std::fs::create_dir_all(&recordings).expect("recordings folder");
    let store = Arc::new(store);
    let services = Services {
        ncco: ActiveNcco::new(template.ncco, "https://bench.example"),
        probes: Probes::default(),
        exchanges: store.clone(),
        streams: store,
        stream: StreamOptions {
            record_dir: Some(recordings.clone()),
            reply: AudioReply::None.into(),
        },
        signatures: callboard_server::SignaturePolicy::default(),
        forward: callboard_server::Forwarding::default(),
        taps: callboard_server::Taps::default(),
    };
    let app = router(&paths, services);
    let listener = Listener::start(([127, 0, 0, 1], 0).into(), app)
        .await
        .expect("the listener binds");
    let url = format!(
        "http://{}{ANSWER}?to=447700900000&from=447700900001&uuid=aaaaaaaa-bbbb-cccc-dddd-0123456789ab&conversation_uuid=CON-1",
        listener.local_addr()
    );
    let soak_minutes = argument("--soak-minutes", 0);
    if soak_minutes > 0 {
        let soak = soak::Soak {
            addr: listener.local_addr(),
            answer_url: url,
            database: &database,
            recordings: &recordings,
        };
        let megabytes = u32::try_from(argument("--soak-megabytes", 256)).unwrap_or(256);
        soak.run(
            soak_minutes,
            argument("--soak-rate", 1000),
            argument("--soak-streams", 50),
            megabytes,
        )
        .await;
        listener.shutdown().await;
        return;
    }

    let warm_up = Instant::now() + Duration::from_secs(1);
    let deadline = warm_up + Duration::from_secs(seconds);
    let mut clients = Vec::new();
    for _ in 0..connections {
        let url = url.clone();
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .expect("client");
            let (mut latencies, mut failures, mut answered) =
                (Vec::with_capacity(100_000), 0u64, 0u64);
            loop {
                let started = Instant::now();
                if started >= deadline {
                    break;
                }
                let ok = match client.get(&url).send().await {
                    Ok(response) => {
                        response.status().is_success() && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                answered += u64::from(ok);
                if started >= warm_up {
                    if ok {
                        latencies
                            .push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
                    } else {
                        failures += 1;
                    }
                }
            }
            (latencies, failures, answered)
        }));
    }
    let mut latencies = Vec::new();
    let (mut failures, mut answered) = (0, 0);
    for client in clients {
        let (mine, failed, ok) = client.await.expect("client task");
        latencies.extend(mine);
        failures += failed;
        answered += ok;
    }
    latencies.sort_unstable();

    let stored: u64 = rusqlite::Connection::open(&database)
        .and_then(|c| c.query_row("SELECT count(*) FROM exchanges", [], |row| row.get(0)))
        .expect("count stored exchanges");
    #[allow(clippy::cast_precision_loss)]
    let rate = latencies.len() as f64 / seconds as f64;
    println!(
        "answer webhook on loopback, {connections} keep-alive connections, {seconds} s (plus 1 s warm-up), every exchange kept in SQLite"
    );
    println!(
        "  requests answered: {}  ({rate:.0} per second)",
        latencies.len()
    );
    println!(
        "  latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!("  failed requests: {failures}");
    println!(
        "  stored in SQLite: {stored} of {answered} answered (including warm-up){}",
        if stored == answered {
            ", none lost"
        } else {
            " — MISSING"
        }
    );

    if streams > 0 {
        stream_benchmark(
            listener.local_addr(),
            streams,
            seconds,
            &database,
            &recordings,
        )
        .await;
    }
    listener.shutdown().await;
}

/// Holds `count` Vonage-style 16 kHz streams for `seconds`, then compares every frame
/// sent with what the server counted and recorded.
async fn stream_benchmark(
    addr: std::net::SocketAddr,
    count: u64,
    seconds: u64,
    database: &std::path::Path,
    recordings: &std::path::Path,
) {
    const FRAME: usize = 640;
    let start = tokio::time::Instant::now() + Duration::from_secs(1);
    let mut tasks = Vec::new();
    for n in 0..count {
        tasks.push(tokio::spawn(async move {
            let url = format!(
                "ws://{addr}{}",
                callboard_ncco::paths::STREAM.replace("{uuid}", &format!("bench-{n}"))
            );
            let Ok((mut socket, _)) = tokio_tungstenite::connect_async(&url).await else { return (false, 0u64) };
            let first = r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000","bench":"true"}"#;
            if socket.send(Message::text(first)).await.is_err() {
                return (false, 0);
            }
            let mut pace = tokio::time::interval_at(start, Duration::from_millis(20));
            let mut sent = 0u64;
            for _ in 0..seconds * 50 {
                pace.tick().await;
                #[allow(clippy::cast_possible_truncation)]
                let sample = ((sent % 100) as i16) * 100;
                let frame: Vec<u8> = std::iter::repeat_n(sample.to_le_bytes(), FRAME / 2).flatten().collect();
                if socket.send(Message::binary(frame)).await.is_err() {
                    return (true, sent);
                }
                sent += 1;
            }
            let _ = socket.close(None).await;
            (true, sent)
        }));
    }
    let (mut connected, mut sent) = (0u64, 0u64);
    for task in tasks {
        let (ok, frames) = task.await.expect("stream task");
        connected += u64::from(ok);
        sent += frames;
    }
    // Wait for every session to be closed and kept.
    let connection = rusqlite::Connection::open(database).expect("database");
    let mut received = 0i64;
    let mut mis_sized = 0i64;
    let mut gaps = 0i64;
    for _ in 0..200 {
        let (ended, frames, wrong, gap): (i64, i64, i64, i64) = connection
            .query_row(
                "SELECT count(*), coalesce(sum(frames), 0), coalesce(sum(mis_sized_frames), 0), coalesce(sum(gaps), 0)
                 FROM stream_sessions WHERE ended_at_ms IS NOT NULL",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .expect("count sessions");
        (received, mis_sized, gaps) = (frames, wrong, gap);
        if u64::try_from(ended).unwrap_or(0) >= connected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recorded: u64 = std::fs::read_dir(recordings)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len().saturating_sub(44))
                .sum()
        })
        .unwrap_or(0);
    let lost = i64::try_from(sent).unwrap_or(i64::MAX) - received;
    println!(
        "call-audio streams on loopback: {count} WebSockets at 16 kHz, a 640-byte frame every 20 ms each, {seconds} s, recorded to WAV"
    );
    println!("  streams held: {connected} of {count}");
    println!("  frames sent: {sent}  received and counted: {received}  lost: {lost}");
    println!(
        "  frames recorded: {} (WAV data {} MB)",
        recorded / FRAME as u64,
        recorded / 1_000_000
    );
    println!("  wrong-size frames: {mis_sized}  gaps over 40 ms seen by the server: {gaps}");
}
