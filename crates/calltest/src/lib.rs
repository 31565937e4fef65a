//! Call tests: scripted calls that prove a flow, an NCCO or a backend works, on the
//! Sandbox with its virtual phone, in the window and in CI (`docs/call-tests.md`).
//!
//! - [`file`]: the test file (TOML), each step with its line.
//! - [`run`]: one test run on a [`Platform`], each step done or awaited, a failure with
//!   what happened instead.
//! - [`platform`]: the embedded Sandbox and Callboard's server for `callboard-cli test`.
//! - [`report`]: printed lines, JUnit XML, load figures.
//! - [`suite`]: finding test files in folders, and shards.

pub mod file;
pub mod platform;
pub mod report;
pub mod run;
pub mod suite;

pub use file::{FileError, TestFile};
pub use run::{Platform, StepResult, TestResult};
