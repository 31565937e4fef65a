//! The Vonage wire contract, as `docs/vonage.md` states it.
//!
//! Every type here mirrors a documented Vonage shape; field names are Vonage's own.
//! The Application API client lives in [`applications`], the Voice API client in [`voice`].

pub mod answer;
pub mod applications;
pub mod audio;
pub mod error;
pub mod hosts;
pub mod jwt;
pub mod keys;
pub mod unreached;
pub mod voice;

pub use answer::{AnswerRequest, AnswerRequestError};
pub use applications::{ApplicationsClient, VoiceWebhook, WebhookName};
pub use error::{ApiError, ApiErrorKind};
pub use keys::{Damage, KeyError, PrivateKey};
pub use voice::{CallAction, CreateCall, Endpoint, PhoneFrom, VoiceClient};
