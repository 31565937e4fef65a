//! `callboard-cli check`: the NCCO validator over files, for people's CI. A flow file
//! (an object with `steps`) is checked as a flow: every step's NCCO and the branches.

use std::io::{Read, Write};
use std::process::ExitCode;

use callboard_flow::Flow;
use callboard_ncco::{Finding, Fix, Severity, validate};
use serde::Serialize;

/// A finding of either checker, as reported.
#[derive(Serialize)]
struct Reported {
    severity: Severity,
    /// JSON Pointer: within the NCCO, or within the step's NCCO for a flow.
    path: String,
    code: String,
    message: String,
    fixes: Vec<Fix>,
    /// For a flow: the step the finding is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<String>,
    /// For a flow: the branch (its index in the step's branches).
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<usize>,
}

impl From<Finding> for Reported {
    fn from(finding: Finding) -> Self {
        Self {
            severity: finding.severity,
            path: finding.path,
            code: finding.code.into(),
            message: finding.message,
            fixes: finding.fixes,
            step: None,
            branch: None,
        }
    }
}

impl From<callboard_flow::FlowFinding> for Reported {
    fn from(finding: callboard_flow::FlowFinding) -> Self {
        Self {
            severity: finding.severity,
            path: finding.path.unwrap_or_default(),
            code: finding.code,
            message: finding.message,
            fixes: finding.fixes,
            step: finding.step,
            branch: finding.branch,
        }
    }
}

/// The outcome for one file.
#[derive(Serialize)]
struct FileReport {
    file: String,
    /// Set when the file could not be read or is not JSON; then there are no findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<String>,
    errors: usize,
    warnings: usize,
    findings: Vec<Reported>,
}

#[derive(Serialize)]
struct Report {
    files: Vec<FileReport>,
    errors: usize,
    warnings: usize,
}

/// Checks every file, prints the report, and returns 0, 1 (errors) or 2 (unreadable).
pub fn run(files: &[String], json: bool) -> ExitCode {
    let reports: Vec<FileReport> = files.iter().map(|file| check_file(file)).collect();
    let report = Report {
        errors: reports.iter().map(|r| r.errors).sum(),
        warnings: reports.iter().map(|r| r.warnings).sum(),
        files: reports,
    };
    let printed = if json {
        serde_json::to_string_pretty(&report)
            .map(|text| println!("{text}"))
            .is_ok()
    } else {
        print_text(&report).is_ok()
    };
    if !printed {
        return ExitCode::from(2);
    }
    if report.files.iter().any(|file| file.unreadable.is_some()) {
        ExitCode::from(2)
    } else if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_file(file: &str) -> FileReport {
    let text = if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let parsed = text
        .map_err(|e| format!("cannot be read: {e}"))
        .and_then(|text| {
            callboard_ncco::parse_json(&text).map_err(|e| {
                format!(
                    "is not valid JSON: {} at line {} column {}",
                    e.message, e.line, e.column
                )
            })
        });
    let name = if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    };
    let checked = parsed.and_then(|document| {
        if Flow::looks_like_flow(&document) {
            let flow = Flow::from_value(document).map_err(|e| format!("is {e}"))?;
            Ok(callboard_flow::check(&flow)
                .into_iter()
                .map(Reported::from)
                .collect::<Vec<_>>())
        } else {
            Ok(validate(&document)
                .into_iter()
                .map(Reported::from)
                .collect())
        }
    });
    match checked {
        Ok(findings) => FileReport {
            file: name,
            unreadable: None,
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            findings,
        },
        Err(reason) => FileReport {
            file: name,
            unreadable: Some(reason),
            errors: 0,
            warnings: 0,
            findings: Vec::new(),
        },
    }
}

fn print_text(report: &Report) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for file in &report.files {
        if let Some(reason) = &file.unreadable {
            writeln!(out, "{}: {reason}", file.file)?;
            continue;
        }
        if file.findings.is_empty() {
            writeln!(out, "{}: ok", file.file)?;
            continue;
        }
        writeln!(out, "{}:", file.file)?;
        for finding in &file.findings {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let path = if finding.path.is_empty() {
                "/"
            } else {
                &finding.path
            };
            let place = match (&finding.step, finding.branch) {
                (Some(step), Some(branch)) => format!("step {step}, branch {}", branch + 1),
                (Some(step), None) if finding.path.is_empty() => format!("step {step}"),
                (Some(step), None) => format!("step {step} {path}"),
                (None, _) => path.to_owned(),
            };
            writeln!(out, "  {severity:<7} {place}  {}", finding.message)?;
            for fix in &finding.fixes {
                writeln!(out, "          fix: {}", fix.label)?;
            }
        }
    }
    let unreadable = report
        .files
        .iter()
        .filter(|f| f.unreadable.is_some())
        .count();
    write!(
        out,
        "{} error{}, {} warning{} in {} file{}",
        report.errors,
        plural(report.errors),
        report.warnings,
        plural(report.warnings),
        report.files.len(),
        plural(report.files.len())
    )?;
    if unreadable > 0 {
        write!(out, "; {unreadable} could not be checked")?;
    }
    writeln!(out)
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
