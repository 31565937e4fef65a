//! `callboard-bench --window BINARY`: the desktop app as a person meets it. Launches
//! the app (first on a fresh data folder, then again on it, as a returning user), and
//! measures the time from launch to its painted, usable window (the first screen with
//! the app's state, which the app logs as "the window is ready"), then the idle memory
//! of all its processes (the app and WebKit's) after five quiet seconds: resident (RSS)
//! and proportional (PSS, shared pages divided among the processes that map them). With
//! `--package FILE...` it prints each file's size. It needs a display and a keychain,
//! as the app does (`./dev bench-window` provides both under Xvfb).

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

/// How long the window may take before the run is called failed.
const READY_WITHIN: Duration = Duration::from_secs(60);
/// How long the app sits idle before its memory is read.
const IDLE: Duration = Duration::from_secs(5);
/// How many returning launches are averaged.
const RETURNING_LAUNCHES: u32 = 3;

/// Runs the measurement and prints its figures.
pub fn run(binary: &str, packages: &[String]) {
    let data = tempfile::tempdir().expect("a temporary data folder");
    println!("Launch to a painted, usable window, and idle memory, of {binary}");
    let first = launch(binary, data.path());
    println!(
        "  first run (a new data folder, the Sandbox's key made): {} ms",
        first.ready_ms
    );
    let mut returning = Vec::new();
    for _ in 0..RETURNING_LAUNCHES {
        returning.push(launch(binary, data.path()));
    }
    let average =
        returning.iter().map(|r| r.ready_ms).sum::<u128>() / u128::from(RETURNING_LAUNCHES);
    println!("  returning (the same data folder), mean of {RETURNING_LAUNCHES}: {average} ms");
    let last = returning.last().unwrap_or(&first);
    println!("Idle memory after {} s:", IDLE.as_secs());
    for process in &last.processes {
        println!(
            "  {:<18} RSS {:>6.1} MiB   PSS {:>6.1} MiB",
            process.name,
            mib(process.rss_kib),
            mib(process.pss_kib)
        );
    }
    let (rss, pss) = last.processes.iter().fold((0, 0), |(r, p), process| {
        (r + process.rss_kib, p + process.pss_kib)
    });
    println!(
        "  all {} processes      RSS {:>6.1} MiB   PSS {:>6.1} MiB",
        last.processes.len(),
        mib(rss),
        mib(pss)
    );
    for package in packages {
        match std::fs::metadata(package) {
            Ok(meta) => println!("Package {package}: {:.1} MiB", mib(meta.len() / 1024)),
            Err(error) => println!("Package {package}: not found ({error})"),
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

struct Launch {
    ready_ms: u128,
    processes: Vec<ProcessMemory>,
}

struct ProcessMemory {
    name: String,
    rss_kib: u64,
    pss_kib: u64,
}

fn launch(binary: &str, data_dir: &Path) -> Launch {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env("CALLBOARD_DATA_DIR", data_dir)
        .env("CALLBOARD_LISTENER_PORT", free_port().to_string())
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{binary} does not start: {error}"));
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let ready_ms = loop {
        let left = READY_WITHIN.saturating_sub(started.elapsed());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains("the window is ready") => {
                break started.elapsed().as_millis();
            }
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                panic!("the window was not ready within {READY_WITHIN:?}");
            }
        }
    };
    // Quiet time, then the memory of the app and every process it started.
    std::thread::sleep(IDLE);
    let processes = tree(child.id()).into_iter().filter_map(memory).collect();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    Launch {
        ready_ms,
        processes,
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_or(3000, |address| address.port())
}

/// `root` and its descendants (from `/proc`; none elsewhere).
fn tree(root: u32) -> Vec<u32> {
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children"))
            .unwrap_or_default();
        found.extend(
            children
                .split_whitespace()
                .filter_map(|pid| pid.parse::<u32>().ok()),
        );
        index += 1;
    }
    found
}

fn memory(pid: u32) -> Option<ProcessMemory> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let field = |name: &str| {
        rollup
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse().ok())
            .unwrap_or(0)
    };
    let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    Some(ProcessMemory {
        name: name.trim().to_owned(),
        rss_kib: field("Rss:"),
        pss_kib: field("Pss:"),
    })
}
