//! `callboard-cli test`: call tests run on an embedded Sandbox against a flow, an NCCO
//! or the user's backend; each step printed as it passes, each failure with its
//! evidence, then `N passed, M failed`. Exit 0: all passed; 1: any failed; 2: a file is
//! missing, unreadable or not a test (with the file and the line).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use callboard_calltest::{
    TestFile, TestResult,
    platform::{Harness, Target},
    report,
    suite::{self, Shard},
};

/// What `test` was asked to do.
pub struct Options {
    /// Test files or folders.
    pub paths: Vec<PathBuf>,
    /// What answers the calls.
    pub target: TargetOption,
    /// Where to write JUnit XML.
    pub junit: Option<PathBuf>,
    /// Runs of each test.
    pub calls: usize,
    /// Runs at once.
    pub concurrency: usize,
    /// This machine's part of the suite.
    pub shard: Option<String>,
}

/// The target as given on the command line.
pub enum TargetOption {
    /// `--flow FILE`.
    Flow(PathBuf),
    /// `--ncco FILE`.
    Ncco(PathBuf),
    /// `--answer-url URL [--event-url URL]`.
    Backend {
        /// The answer URL.
        answer_url: String,
        /// The event URL.
        event_url: Option<String>,
    },
}

fn load_target(target: TargetOption) -> Result<Target, String> {
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot be read: {e}", path.display()))
    };
    match target {
        TargetOption::Flow(path) => {
            let flow = callboard_flow::Flow::parse(&read(&path)?)
                .map_err(|e| format!("{}: is {e}", path.display()))?;
            let errors: Vec<String> = callboard_flow::check(&flow)
                .into_iter()
                .filter(|f| f.severity == callboard_ncco::Severity::Error)
                .map(|f| f.message)
                .collect();
            if !errors.is_empty() {
                return Err(format!(
                    "{}: the flow has errors: {}",
                    path.display(),
                    errors.join("; ")
                ));
            }
            Ok(Target::Flow(flow))
        }
        TargetOption::Ncco(path) => callboard_ncco::parse_json(&read(&path)?)
            .map(Target::Ncco)
            .map_err(|e| format!("{}: is {e}", path.display())),
        TargetOption::Backend {
            answer_url,
            event_url,
        } => Ok(Target::Backend {
            answer_url,
            event_url,
        }),
    }
}

/// Runs the suite; the exit code.
pub fn run(options: Options) -> ExitCode {
    let shard = match options.shard.as_deref().map(Shard::parse).transpose() {
        Ok(shard) => shard,
        Err(why) => {
            eprintln!("callboard-cli: {why}");
            return ExitCode::from(2);
        }
    };
    let files = match suite::collect(&options.paths) {
        Ok(files) => files,
        Err(why) => {
            eprintln!("callboard-cli: {why}");
            return ExitCode::from(2);
        }
    };
    let files = shard.map_or(files.clone(), |s| s.take(&files));
    let mut tests = Vec::new();
    for file in &files {
        let path = file.display().to_string();
        let parsed = std::fs::read_to_string(file)
            .map_err(|e| format!("{path}:0: cannot be read: {e}"))
            .and_then(|text| TestFile::parse(&path, &text).map_err(|e| e.to_string()));
        match parsed {
            Ok(test) => tests.push(test),
            Err(why) => {
                eprintln!("callboard-cli: {why}");
                return ExitCode::from(2);
            }
        }
    }
    if tests.is_empty() {
        eprintln!("callboard-cli: no test files (*.toml) found");
        return ExitCode::from(2);
    }
    let target = match load_target(options.target) {
        Ok(target) => target,
        Err(why) => {
            eprintln!("callboard-cli: {why}");
            return ExitCode::from(2);
        }
    };
    let runtime = match crate::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let calls = options.calls.max(1);
    let concurrency = options.concurrency.max(1);
    let results = runtime.block_on(async move {
        let harness = match Harness::start(target).await {
            Ok(harness) => harness,
            Err(why) => {
                eprintln!("callboard-cli: {why}");
                return None;
            }
        };
        let results = if calls == 1 && concurrency == 1 {
            sequential(&harness, &tests).await
        } else {
            load(&harness, &tests, calls, concurrency).await
        };
        harness.stop().await;
        Some(results)
    });
    let Some(results) = results else {
        return ExitCode::from(2);
    };
    if let Some(path) = &options.junit
        && let Err(error) = std::fs::write(path, report::junit(&results))
    {
        eprintln!("callboard-cli: --junit {}: {error}", path.display());
        return ExitCode::from(2);
    }
    if calls > 1 || concurrency > 1 {
        print!("{}", report::Load::of(&results).text());
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    println!("{} passed, {failed} failed", results.len() - failed);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Each test in turn, its steps printed as they pass.
async fn sequential(harness: &Harness, tests: &[TestFile]) -> Vec<TestResult> {
    let mut results = Vec::new();
    for test in tests {
        println!("{} ({})", test.name, test.path);
        let mut print = |step: &callboard_calltest::StepResult| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", report::step_line(step)).and_then(|()| out.flush());
        };
        let result = callboard_calltest::run::run(&harness.platform, test, &mut print).await;
        if !result.passed {
            print!("{}", report::evidence_text(&result));
        }
        results.push(result);
    }
    results
}

/// Each test `calls` times, `concurrency` at once; only failures are printed.
async fn load(
    harness: &Harness,
    tests: &[TestFile],
    calls: usize,
    concurrency: usize,
) -> Vec<TestResult> {
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut runs = tokio::task::JoinSet::new();
    for test in tests {
        for _ in 0..calls {
            let permits = permits.clone();
            let platform = harness.platform.clone();
            let test = test.clone();
            runs.spawn(async move {
                let _permit = permits.acquire_owned().await;
                callboard_calltest::run::run(&platform, &test, &mut |_| {}).await
            });
        }
    }
    let mut results = Vec::new();
    while let Some(result) = runs.join_next().await {
        if let Ok(result) = result {
            if let Some(step) = result.failed_step() {
                println!("{}: {}", result.name, report::step_line(step).trim());
            }
            results.push(result);
        }
    }
    results
}
