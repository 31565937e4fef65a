//! `callboard-bench`: how fast the answer webhook answers, measured on loopback with the
//! app's own capture (every exchange kept in SQLite before it is answered).
//!
//! Run it with `cargo run --release -p callboard-cli --bin callboard-bench`. It starts
//! the listener on a free port with the setup-guide NCCO and a fresh SQLite file, then
//! keeps `--connections` keep-alive clients (in the same process, on the same cores)
//! sending answer requests for `--seconds`, after a one-second warm-up that is not
//! counted. It prints requests per second, the latency percentiles seen by the
//! clients, and checks that every answered request was stored.

use std::sync::Arc;
use std::time::{Duration, Instant};

use callboard_core::{events::EventBus, exchanges::ExchangeStore};
use callboard_server::{
    ActiveNcco, Listener, Probes, Services, StreamOptions, WebhookPaths, router,
};

const ANSWER: &str = "/api/hume-twilio/vonage-voice-webhook/";

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
    let seconds = argument("--seconds", 10);
    let connections = argument("--connections", 16);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("bench.sqlite3");
    let store =
        ExchangeStore::start(&database, EventBus::default()).expect("the exchange store starts");
    let template = callboard_ncco::templates::all()
        .into_iter()
        .find(|t| t.id == "setup-guide")
        .expect("template");
    let paths = WebhookPaths::default();
    let store = Arc::new(store);
    let services = Services {
        ncco: ActiveNcco::new(template.ncco, "https://bench.example"),
        probes: Probes::default(),
        exchanges: store.clone(),
        streams: store,
        stream: StreamOptions::default(),
    };
    let app = router(&paths, services);
    let listener = Listener::start(([127, 0, 0, 1], 0).into(), app)
        .await
        .expect("the listener binds");
    let url = format!(
        "http://{}{ANSWER}?to=447700900000&from=447700900001&uuid=aaaaaaaa-bbbb-cccc-dddd-0123456789ab&conversation_uuid=CON-1",
        listener.local_addr()
    );

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
    listener.shutdown().await;
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
}
