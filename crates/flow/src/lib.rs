//! Flows: a whole call as steps joined by branches, answered by Callboard's own server.
//!
//! Every real voice application is several NCCOs linked by webhooks: an `input` posts
//! the caller's keys or words to its `eventUrl` and the answer is the next NCCO. A flow
//! says which NCCO comes after which outcome, and Callboard's listener answers those
//! webhooks itself (`docs/flows.md`). Pure: no I/O and no async.
//!
//! - [`model`]: the flow, its steps and branches, and the file form that diffs well.
//! - [`check()`]: findings on steps and branches, with every NCCO finding of each step.
//! - [`render`]: a step as served, with the flow's routes written in.
//! - [`run`]: the per-call runner the webhook server asks what to answer.
//! - [`templates`]: flows to start from (keypad menu, speech menu, voicemail).

mod check;
pub mod model;
pub mod render;
pub mod run;
pub mod templates;

pub use check::{FlowFinding, check};
pub use model::{Branch, ConnectStatus, Flow, FlowFileError, Position, Repeat, Step, When};
pub use render::Outcome;
pub use run::{Answer, Runner, Taken};
