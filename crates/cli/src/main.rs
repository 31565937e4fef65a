//! `callboard-cli`: Callboard's engine without a window.
//!
//! - `check [--json] FILE...` validates NCCO files (or `-` for standard input) and
//!   exits 0 when none has errors, 1 when any has, 2 when a file cannot be read or
//!   is not JSON.
//! - `test PATH... (--flow FILE | --ncco FILE | --answer-url URL [--event-url URL])
//!   [--junit FILE] [--calls N --concurrency C] [--shard K/N]` runs call tests on an
//!   embedded Sandbox and exits 0 when all pass, 1 when any fails, 2 for a bad file.
//! - `sandbox [--port P] [--key-file PATH]` runs the simulated Vonage platform and
//!   prints its account as one JSON line, so a backend's Vonage SDK can point at it.
//! - `serve --port P (--ncco FILE | --flow FILE) [--public-url URL] [--forward URL]
//!   [--record-dir DIR]` runs the webhook server headless, answering with the NCCO or
//!   the flow (or passing every route on to a backend) and printing each exchange as a
//!   JSON line.

mod calltest;
mod check;
mod sandbox;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "callboard-cli",
    version,
    about = "Callboard without a window: check NCCO files in your CI."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate NCCO or flow files against Vonage's NCCO reference; prints each finding with its JSON path (and step).
    Check {
        /// Print one JSON document with every file's findings instead of text.
        #[arg(long)]
        json: bool,
        /// NCCO or flow files to check; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// Run the webhook server without a window; prints each exchange as a JSON line.
    Serve {
        /// The port to listen on (0 picks a free one; the address is printed first).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// The NCCO the answer webhook serves (checked first: errors stop it).
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "flow",
            conflicts_with = "flow"
        )]
        ncco: Option<std::path::PathBuf>,
        /// A flow the answer webhook and the flow's own routes serve, step by step
        /// (checked first: errors stop it).
        #[arg(long, value_name = "FILE")]
        flow: Option<std::path::PathBuf>,
        /// What {public_url} becomes (default: the server's own address).
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// Pass every webhook and the call-audio WebSocket on to this backend (e.g.
        /// http://127.0.0.1:8000), printing what it answered and what is wrong with it.
        #[arg(long, value_name = "URL")]
        forward: Option<String>,
        /// Record each call-audio stream to a WAV file in this directory.
        #[arg(long, value_name = "DIR")]
        record_dir: Option<std::path::PathBuf>,
    },
    /// Run call tests (TOML files; folders are searched) on an embedded Sandbox against a flow, an NCCO or your backend.
    Test {
        /// Test files or folders of them.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<std::path::PathBuf>,
        /// A flow that Callboard serves to the test calls.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["ncco", "answer_url"])]
        flow: Option<std::path::PathBuf>,
        /// An NCCO that Callboard serves to the test calls.
        #[arg(long, value_name = "FILE", conflicts_with = "answer_url")]
        ncco: Option<std::path::PathBuf>,
        /// Your backend's answer URL: the Sandbox fetches each call's NCCO there.
        #[arg(long, value_name = "URL", required_unless_present_any = ["flow", "ncco"])]
        answer_url: Option<String>,
        /// Your backend's event URL (default: Callboard takes the events).
        #[arg(long, value_name = "URL", requires = "answer_url")]
        event_url: Option<String>,
        /// Write JUnit XML here, one test case per test file.
        #[arg(long, value_name = "FILE")]
        junit: Option<std::path::PathBuf>,
        /// Run each test this many times and report the backend's load figures.
        #[arg(long, default_value_t = 1)]
        calls: usize,
        /// How many runs at once.
        #[arg(long, default_value_t = 1)]
        concurrency: usize,
        /// Run the K-th of N slices of the suite (for a CI matrix), e.g. 2/4.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
    },
    /// Run the simulated Vonage platform on loopback until interrupted; prints its account as JSON.
    Sandbox {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Where to write the application's private key (PEM).
        #[arg(long, value_name = "PATH")]
        key_file: Option<std::path::PathBuf>,
        /// Serve https (for SDKs that only build https:// URLs) with a local CA's certificate,
        /// made on first use; the CA's file is printed as ca_file.
        #[arg(long)]
        tls: bool,
        /// Where the certificate is kept (default: callboard/sandbox-tls in the user's data folder).
        #[arg(long, value_name = "DIR", requires = "tls")]
        tls_dir: Option<std::path::PathBuf>,
    },
}

/// A multi-threaded Tokio runtime for the serving commands, or exit code 2 once it has
/// said why there is none.
fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("callboard-cli: cannot start: {error}");
            ExitCode::from(2)
        })
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { json, files } => check::run(&files, json),
        Command::Test {
            paths,
            flow,
            ncco,
            answer_url,
            event_url,
            junit,
            calls,
            concurrency,
            shard,
        } => {
            let target = match (flow, ncco, answer_url) {
                (Some(flow), _, _) => calltest::TargetOption::Flow(flow),
                (None, Some(ncco), _) => calltest::TargetOption::Ncco(ncco),
                (None, None, Some(answer_url)) => calltest::TargetOption::Backend {
                    answer_url,
                    event_url,
                },
                (None, None, None) => {
                    eprintln!("callboard-cli: test needs --flow, --ncco or --answer-url");
                    return ExitCode::from(2);
                }
            };
            calltest::run(calltest::Options {
                paths,
                target,
                junit,
                calls,
                concurrency,
                shard,
            })
        }
        Command::Sandbox {
            port,
            key_file,
            tls,
            tls_dir,
        } => sandbox::run(
            port,
            key_file,
            tls.then(|| tls_dir.unwrap_or_else(sandbox::default_tls_dir)),
        ),
        Command::Serve {
            port,
            ncco,
            flow,
            public_url,
            forward,
            record_dir,
        } => serve::run(&serve::Options {
            port,
            serve: match (ncco, flow) {
                (_, Some(flow)) => serve::Serve::Flow(flow),
                (Some(ncco), None) => serve::Serve::Ncco(ncco),
                (None, None) => {
                    eprintln!("callboard-cli: serve needs --ncco FILE or --flow FILE");
                    return ExitCode::from(2);
                }
            },
            public_url,
            forward,
            record_dir,
        }),
    }
}
