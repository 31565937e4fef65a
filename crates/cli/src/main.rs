//! `callboard-cli`: Callboard's engine without a window.
//!
//! - `check [--json] FILE...` validates NCCO files (or `-` for standard input) and
//!   exits 0 when none has errors, 1 when any has, 2 when a file cannot be read or
//!   is not JSON.

mod check;

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
    /// Validate NCCO files against Vonage's NCCO reference; prints each finding with its JSON path.
    Check {
        /// Print one JSON document with every file's findings instead of text.
        #[arg(long)]
        json: bool,
        /// NCCO files to check; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { json, files } => check::run(&files, json),
    }
}
