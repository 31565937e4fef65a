//! The soak: `--soak-minutes M` keeps webhooks and call-audio streams coming for M
//! minutes against the listener with the app's own capture and retention (pruned every
//! 10 seconds to `--soak-megabytes`), and samples this process's memory and open file
//! handles, the store's size and what it keeps, every 30 seconds. What it shows: once
//! retention holds, nothing grows.

use std::time::{Duration, Instant};

use callboard_core::retention::{self, Retention};
use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;

/// One sample of what the process holds.
#[derive(Debug, Clone, Copy)]
struct Sample {
    at_s: u64,
    resident_mb: f64,
    open_files: usize,
    store_mb: f64,
    exchanges: u64,
    sessions: u64,
}

pub(crate) fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn open_files() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, Iterator::count)
}

/// What the soak needs of the bench's set-up.
pub struct Soak<'a> {
    /// The listener's address.
    pub addr: std::net::SocketAddr,
    /// The answer URL, with a call's query.
    pub answer_url: String,
    /// The capture's database.
    pub database: &'a std::path::Path,
    /// Where streams are recorded.
    pub recordings: &'a std::path::Path,
}

impl Soak<'_> {
    /// Runs for `minutes` with `webhooks_per_second` and `streams` streams of 10 s each,
    /// reopened as they end, pruning to `megabytes`; prints the samples and a verdict.
    pub async fn run(&self, minutes: u64, webhooks_per_second: u64, streams: u64, megabytes: u32) {
        let retention = Retention {
            days: 30,
            max_megabytes: megabytes,
        };
        let deadline = Instant::now() + Duration::from_secs(minutes * 60);
        println!(
            "soak: {minutes} min of {webhooks_per_second} webhooks/s and {streams} simultaneous 16 kHz streams (10 s each, reopened), \
             every exchange kept in SQLite, pruned every 10 s to {megabytes} MB"
        );
        let mut load = Vec::new();
        let url = self.answer_url.clone();
        load.push(tokio::spawn(webhooks(url, webhooks_per_second, deadline)));
        for n in 0..streams {
            load.push(tokio::spawn(streams_from(self.addr, n, deadline)));
        }
        let pruning = {
            let (database, recordings) = (self.database.to_owned(), self.recordings.to_owned());
            tokio::task::spawn_blocking(move || {
                let connection = rusqlite::Connection::open(&database).expect("database");
                connection
                    .busy_timeout(Duration::from_secs(5))
                    .expect("busy timeout");
                let mut pruned = 0usize;
                while Instant::now() < deadline {
                    std::thread::sleep(Duration::from_secs(10));
                    match retention::prune(
                        &connection,
                        &recordings,
                        retention,
                        callboard_server::capture::now_ms(),
                    ) {
                        Ok(done) => pruned += done.exchanges,
                        Err(error) => eprintln!("  pruning failed: {error}"),
                    }
                }
                pruned
            })
        };
        let started = Instant::now();
        let mut samples = Vec::new();
        println!(
            "  {:>6}  {:>9}  {:>10}  {:>9}  {:>10}  {:>8}",
            "time", "RSS MB", "open files", "store MB", "exchanges", "streams"
        );
        while Instant::now() < deadline {
            tokio::time::sleep(Duration::from_secs(30).min(deadline - Instant::now())).await;
            let sample = self.sample(started.elapsed().as_secs());
            println!(
                "  {:>5}s  {:>9.1}  {:>10}  {:>9.1}  {:>10}  {:>8}",
                sample.at_s,
                sample.resident_mb,
                sample.open_files,
                sample.store_mb,
                sample.exchanges,
                sample.sessions
            );
            samples.push(sample);
        }
        let mut sent = 0u64;
        for task in load {
            sent += task.await.unwrap_or(0);
        }
        let pruned = pruning.await.unwrap_or(0);
        println!("  sent: {sent} webhooks and frames; pruned: {pruned} exchanges");
        verdict(&samples, f64::from(megabytes));
    }

    fn sample(&self, at_s: u64) -> Sample {
        let connection = rusqlite::Connection::open(self.database).expect("database");
        let size = retention::size(&connection, self.recordings).expect("size");
        #[allow(clippy::cast_precision_loss)]
        Sample {
            at_s,
            resident_mb: resident_mb(),
            open_files: open_files(),
            store_mb: size.bytes as f64 / (1024.0 * 1024.0),
            exchanges: size.exchanges,
            sessions: size.stream_sessions,
        }
    }
}

/// Compares the second half of the run with the first: memory and handles flat, the
/// store within its limit.
fn verdict(samples: &[Sample], megabytes: f64) {
    let half = samples.len() / 2;
    if half == 0 {
        println!("  too short to judge growth (run at least a minute)");
        return;
    }
    let peak = |part: &[Sample], f: fn(&Sample) -> f64| part.iter().map(f).fold(0.0, f64::max);
    let (early, late) = samples.split_at(half);
    #[allow(clippy::cast_precision_loss)]
    let files = |s: &Sample| s.open_files as f64;
    let rss = |s: &Sample| s.resident_mb;
    let store = |s: &Sample| s.store_mb;
    println!(
        "  first half: peak RSS {:.1} MB, peak open files {:.0}; second half: peak RSS {:.1} MB, peak open files {:.0}",
        peak(early, rss),
        peak(early, files),
        peak(late, rss),
        peak(late, files)
    );
    println!(
        "  store: peak {:.1} MB against a limit of {megabytes:.0} MB (pruned every 10 s, so it may pass the limit by 10 s of traffic)",
        peak(samples, store)
    );
}

/// Answer webhooks at `per_second` until `deadline`; how many were answered.
async fn webhooks(url: String, per_second: u64, deadline: Instant) -> u64 {
    let client = reqwest::Client::new();
    let mut pace = tokio::time::interval(Duration::from_micros(1_000_000 / per_second.max(1)));
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut answered = 0;
    while Instant::now() < deadline {
        pace.tick().await;
        if client
            .get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            answered += 1;
        }
    }
    answered
}

/// Streams of 10 s each, one after another, until `deadline`; frames sent.
async fn streams_from(addr: std::net::SocketAddr, n: u64, deadline: Instant) -> u64 {
    let mut sent = 0;
    let mut round = 0;
    while Instant::now() < deadline {
        round += 1;
        let url = format!(
            "ws://{addr}{}",
            callboard_ncco::paths::STREAM.replace("{uuid}", &format!("soak-{n}-{round}"))
        );
        let Ok((mut socket, _)) = tokio_tungstenite::connect_async(&url).await else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        let first = r#"{"event":"websocket:connected","content-type":"audio/l16;rate=16000"}"#;
        if socket.send(Message::text(first)).await.is_err() {
            continue;
        }
        let mut pace = tokio::time::interval(Duration::from_millis(20));
        for _ in 0..500 {
            pace.tick().await;
            if Instant::now() >= deadline
                || socket
                    .send(Message::binary(vec![0x10u8; 640]))
                    .await
                    .is_err()
            {
                break;
            }
            sent += 1;
        }
        let _ = socket.close(None).await;
    }
    sent
}
