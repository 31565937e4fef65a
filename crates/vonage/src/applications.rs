//! The Application API v2 (`docs/vonage.md` §1): list, get, create and update
//! applications with Basic auth. Applications travel as JSON values, not structs, so an
//! update sends back every capability exactly as it came; [`VoiceWebhook`] and
//! [`WebhookName`] name the only part Callboard changes.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ApiError;

/// Vonage's production Application API base.
pub const DEFAULT_BASE_URL: &str = "https://api.nexmo.com";

/// The values `capabilities.voice.region` accepts (docs/vonage.md, the voice capability).
pub const REGIONS: &[&str] = &[
    "na-east",
    "na-west",
    "eu-west",
    "eu-east",
    "apac-sng",
    "apac-australia",
];

/// One voice webhook of an application, field names as the API spells them
/// (`connect_timeout`, never `connection_timeout`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceWebhook {
    /// The URL Vonage calls.
    pub address: String,
    /// `GET` or `POST`.
    pub http_method: String,
    /// Milliseconds to connect, 300 to 1000 (default 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<u32>,
    /// Milliseconds to read the answer: 1000 to 5000 for answer and fallback, to 10000 for event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket_timeout: Option<u32>,
}

/// The three voice webhooks, by their key under `capabilities.voice.webhooks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookName {
    /// `answer_url`.
    AnswerUrl,
    /// `event_url`.
    EventUrl,
    /// `fallback_answer_url`.
    FallbackAnswerUrl,
}

impl WebhookName {
    /// All three, in the order Vonage's dashboard shows them.
    pub const ALL: [Self; 3] = [Self::AnswerUrl, Self::EventUrl, Self::FallbackAnswerUrl];

    /// The JSON key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::AnswerUrl => "answer_url",
            Self::EventUrl => "event_url",
            Self::FallbackAnswerUrl => "fallback_answer_url",
        }
    }

    /// The largest `socket_timeout` Vonage allows for this webhook, in ms.
    #[must_use]
    pub fn max_socket_timeout(self) -> u32 {
        match self {
            Self::EventUrl => 10_000,
            Self::AnswerUrl | Self::FallbackAnswerUrl => 5_000,
        }
    }
}

/// A page of `GET /v2/applications`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ApplicationPage {
    /// Items per page.
    pub page_size: u32,
    /// This page, from 1.
    pub page: u32,
    /// All applications in the account.
    pub total_items: u32,
    /// Pages in all.
    pub total_pages: u32,
    /// The applications on this page.
    #[serde(rename = "_embedded")]
    pub embedded: Embedded,
}

/// The `_embedded` part of a page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Embedded {
    /// The applications, as the API sends them.
    pub applications: Vec<Value>,
}

/// The voice webhook `name` of an application, if it has one.
#[must_use]
pub fn voice_webhook(application: &Value, name: WebhookName) -> Option<VoiceWebhook> {
    let webhook = application.pointer(&format!("/capabilities/voice/webhooks/{}", name.key()))?;
    serde_json::from_value(webhook.clone()).ok()
}

/// The Application API, for one account.
#[derive(Clone)]
pub struct ApplicationsClient {
    http: reqwest::Client,
    base_url: String,
    api_key: String,
    api_secret: String,
}

/// The API secret never reaches a log.
impl std::fmt::Debug for ApplicationsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplicationsClient")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl ApplicationsClient {
    /// A client for `base_url` (Vonage's, or the Sandbox's) with the account's key and secret.
    ///
    /// # Errors
    /// [`ApiError`] when the HTTP client cannot be built.
    pub fn new(
        base_url: &str,
        api_key: &str,
        api_secret: &str,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        let http = crate::hosts::http_client(base_url, timeout)?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key: api_key.to_owned(),
            api_secret: api_secret.to_owned(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v2/applications{path}", self.base_url)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, ApiError> {
        let response = request
            .basic_auth(&self.api_key, Some(&self.api_secret))
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| ApiError::network(&self.base_url, &e))?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(ApiError::from_response(response).await)
        }
    }

    async fn json(&self, request: reqwest::RequestBuilder) -> Result<Value, ApiError> {
        let response = self.send(request).await?;
        response
            .json()
            .await
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    /// One page of the account's applications.
    ///
    /// # Errors
    /// [`ApiError`] as Vonage answers.
    pub async fn list(&self, page: u32, page_size: u32) -> Result<ApplicationPage, ApiError> {
        let value = self
            .json(
                self.http
                    .get(self.url(&format!("?page={page}&page_size={page_size}"))),
            )
            .await?;
        serde_json::from_value(value).map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    /// One application, whole.
    ///
    /// # Errors
    /// [`ApiError`] (not found when the id is not in this account).
    pub async fn get(&self, id: &str) -> Result<Value, ApiError> {
        self.json(self.http.get(self.url(&format!("/{id}")))).await
    }

    /// Creates an application; the answer carries its keys (the private key only now).
    ///
    /// # Errors
    /// [`ApiError`] as Vonage answers.
    pub async fn create(&self, application: &Value) -> Result<Value, ApiError> {
        self.json(self.http.post(self.url("")).json(application))
            .await
    }

    /// Replaces an application with `application` (PUT replaces the whole object).
    ///
    /// # Errors
    /// [`ApiError`] as Vonage answers.
    pub async fn update(&self, id: &str, application: &Value) -> Result<Value, ApiError> {
        self.json(self.http.put(self.url(&format!("/{id}"))).json(application))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_holds_no_secret() {
        let client = ApplicationsClient::new(
            "https://api.nexmo.com",
            "a1b2c3d",
            "the-api-secret-9",
            std::time::Duration::from_secs(5),
        )
        .expect("client");
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("the-api-secret-9") && shown.contains("a1b2c3d"),
            "{shown}"
        );
    }
}
