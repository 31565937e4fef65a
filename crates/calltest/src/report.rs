//! What a suite's results become: lines as steps pass, a JUnit XML file for CI, and the
//! load figures of many runs.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::run::{StepResult, TestResult};

/// A step as printed while it runs.
#[must_use]
pub fn step_line(step: &StepResult) -> String {
    if let Some(why) = &step.skipped {
        format!("  - {} (skipped: {why})", step.step)
    } else if step.passed {
        format!("  ✓ {} ({} ms)", step.step, step.took_ms)
    } else {
        format!(
            "  ✗ line {}: {}\n      {}",
            step.line,
            step.step,
            step.failure.as_deref().unwrap_or("failed")
        )
    }
}

/// A failure's evidence, as printed after it.
#[must_use]
pub fn evidence_text(result: &TestResult) -> String {
    let evidence = &result.evidence;
    let mut out = String::new();
    let list = |items: &[String]| {
        if items.is_empty() {
            "(none)".to_owned()
        } else {
            items.join(" | ")
        }
    };
    out.push_str(&format!("      heard:  {}\n", list(&evidence.captions)));
    out.push_str(&format!("      events: {}\n", list(&evidence.events)));
    if !evidence.steps.is_empty() {
        out.push_str(&format!("      flow:   {}\n", list(&evidence.steps)));
    }
    if let Some(ncco) = &evidence.ncco {
        out.push_str(&format!("      NCCO:   {ncco}\n"));
    }
    out
}

/// JUnit XML: one test case per test file, a failure carrying its step and evidence.
#[must_use]
pub fn junit(results: &[TestResult]) -> String {
    let mut suite = TestSuite::new("callboard call tests");
    for result in results {
        let status = match result.failed_step() {
            None => TestCaseStatus::success(),
            Some(step) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!("line {}: {}", step.line, step.step));
                status.set_description(format!(
                    "{}\n{}",
                    step.failure.as_deref().unwrap_or("failed"),
                    evidence_text(result)
                ));
                status
            }
        };
        let mut case = TestCase::new(result.name.clone(), status);
        case.set_classname(result.path.clone());
        case.set_time(Duration::from_millis(result.took_ms));
        suite.add_test_case(case);
    }
    let mut report = Report::new("callboard");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}

/// The load figures of many runs of the tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Runs in all.
    pub runs: usize,
    /// Runs that failed.
    pub failed: usize,
    /// The answer webhook's latency: p50, p95, p99.
    pub answer: Option<[Duration; 3]>,
    /// From the WebSocket opening to the first audio back: p50, p95, p99.
    pub first_audio_back: Option<[Duration; 3]>,
    /// WebSocket frames the platform sent, those the backend sent back, and those real
    /// time needed that were late or lost.
    pub frames: (u64, u64, u64),
    /// Failures by step ("line 12: hear “support”" and how many).
    pub failures_by_step: Vec<(String, usize)>,
}

fn percentiles(mut values: Vec<Duration>) -> Option<[Duration; 3]> {
    if values.is_empty() {
        return None;
    }
    values.sort();
    let at = |p: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let index = ((values.len() as f64 * p).ceil() as usize).clamp(1, values.len()) - 1;
        values[index]
    };
    Some([at(0.50), at(0.95), at(0.99)])
}

impl Load {
    /// The figures of `results`.
    #[must_use]
    pub fn of(results: &[TestResult]) -> Self {
        let mut failures: Vec<(String, usize)> = Vec::new();
        for step in results.iter().filter_map(TestResult::failed_step) {
            let key = format!("line {}: {}", step.line, step.step);
            match failures.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => failures.push((key, 1)),
            }
        }
        Self {
            runs: results.len(),
            failed: results.iter().filter(|r| !r.passed).count(),
            answer: percentiles(results.iter().filter_map(|r| r.metrics.answer).collect()),
            first_audio_back: percentiles(
                results
                    .iter()
                    .filter_map(|r| r.metrics.first_audio_back)
                    .collect(),
            ),
            frames: results.iter().fold((0, 0, 0), |(sent, back, late), r| {
                (
                    sent + r.metrics.frames_sent,
                    back + r.metrics.frames_back,
                    late + r.metrics.frames_late,
                )
            }),
            failures_by_step: failures,
        }
    }

    /// The figures in words.
    #[must_use]
    pub fn text(&self) -> String {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let triple = |p: &Option<[Duration; 3]>| match p {
            Some([p50, p95, p99]) => {
                format!("p50 {}, p95 {}, p99 {}", ms(*p50), ms(*p95), ms(*p99))
            }
            None => "not measured".into(),
        };
        let mut out = format!(
            "load: {} runs, {} failed\n  answer webhook: {}\n  first audio back from the WebSocket: {}\n  WebSocket frames: {} sent to it, {} back, {} late or lost\n",
            self.runs,
            self.failed,
            triple(&self.answer),
            triple(&self.first_audio_back),
            self.frames.0,
            self.frames.1,
            self.frames.2
        );
        for (step, count) in &self.failures_by_step {
            out.push_str(&format!("  failed at {step}: {count}\n"));
        }
        out
    }
}
