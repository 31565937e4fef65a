//! The Vonage wire contract, as `reference/vonage.md` states it.
//!
//! Every type here mirrors a documented Vonage shape; field names are Vonage's own.
//! Clients for the Application and Voice APIs join this crate with their issues.

pub mod answer;

pub use answer::{AnswerRequest, AnswerRequestError};
