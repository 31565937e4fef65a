//! The Voice API v1 client (`reference/vonage.md` §2), authenticated with an RS256 JWT
//! minted per request from the application's key. It starts with listing calls, which
//! also proves a key is accepted; creating and controlling calls join it.

use std::time::Duration;

use serde_json::Value;

use crate::{error::ApiError, jwt, keys::PrivateKey};

/// The Voice API, for one application.
#[derive(Debug, Clone)]
pub struct VoiceClient {
    http: reqwest::Client,
    base_url: String,
    application_id: String,
    key: PrivateKey,
}

impl VoiceClient {
    /// A client for `base_url` (Vonage's `https://api.nexmo.com`, a regional host, or the Sandbox's).
    ///
    /// # Errors
    /// [`ApiError`] when the HTTP client cannot be built.
    pub fn new(
        base_url: &str,
        application_id: &str,
        key: PrivateKey,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        let http = crate::error::http_client(base_url, timeout)?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            application_id: application_id.to_owned(),
            key,
        })
    }

    fn token(&self) -> Result<String, ApiError> {
        jwt::mint(&self.application_id, &self.key, jwt::DEFAULT_TTL)
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    /// The most recent calls (`GET /v1/calls`).
    ///
    /// # Errors
    /// [`ApiError`]; unauthorized when Vonage refuses the key's token.
    pub async fn list_calls(&self, page_size: u32) -> Result<Value, ApiError> {
        let response = self
            .http
            .get(format!(
                "{}/v1/calls?page_size={page_size}&order=desc",
                self.base_url
            ))
            .bearer_auth(self.token()?)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| ApiError::network(&self.base_url, &e))?;
        if !response.status().is_success() {
            return Err(ApiError::from_response(response).await);
        }
        response
            .json()
            .await
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }
}
