//! The Voice API v1 client (`docs/vonage.md` §2), authenticated with an RS256 JWT
//! minted per request from the application's key: create, list, get and control calls
//! (hang up, mute, earmuff, transfer), and talk, stream and DTMF into a live one.
//!
//! A call lives in one region: [`VoiceClient::in_region`] gives a client for the
//! `region_url` its answer webhook carried. Vonage's rate limits are kept on our side
//! ([`limits`]); clones of a client share them, and so do clients given the same limits
//! with [`VoiceClient::with_limits`].

pub mod limits;
pub mod model;

use std::{sync::Arc, time::Duration};

use reqwest::Method;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

pub use model::{
    CallAction, CallInfo, ControlAnswer, CreateCall, CreatedCall, DtmfRequest, Endpoint, Level,
    PhoneFrom, StreamRequest, TalkRequest, TransferDestination,
};

use crate::{
    error::{ApiError, ApiErrorKind},
    jwt,
    keys::PrivateKey,
};

/// The Voice API, for one application.
#[derive(Debug, Clone)]
pub struct VoiceClient {
    http: reqwest::Client,
    base_url: String,
    application_id: String,
    key: PrivateKey,
    limits: Arc<limits::Limits>,
}

/// Which rate-limit window a request counts against.
enum Kind {
    Create,
    Other,
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
        let http = crate::hosts::http_client(base_url, timeout)?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            application_id: application_id.to_owned(),
            key,
            limits: Arc::new(limits::Limits::default()),
        })
    }

    /// The same client counting its requests against `limits` (one account's, shared by
    /// every client made for it, however short-lived).
    #[must_use]
    pub fn with_limits(self, limits: Arc<limits::Limits>) -> Self {
        Self { limits, ..self }
    }

    /// The same client talking to `region_url` (e.g. `https://api-ap-3.vonage.com`, from
    /// the answer webhook), where the call lives; it shares this client's rate limits.
    /// The address comes from a webhook, so only Vonage's own hosts are taken.
    ///
    /// # Errors
    /// [`ApiError`] of kind `UntrustedAddress` for any other address.
    pub fn in_region(&self, region_url: &str) -> Result<Self, ApiError> {
        crate::hosts::check_file_url(region_url, &self.base_url)?;
        Ok(Self {
            base_url: region_url.trim_end_matches('/').to_owned(),
            ..self.clone()
        })
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn token(&self) -> Result<String, ApiError> {
        jwt::mint(&self.application_id, &self.key, jwt::DEFAULT_TTL)
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    /// Sends one request and returns the answer's body, once the rate limit allows.
    async fn send(
        &self,
        kind: Kind,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<String, ApiError> {
        match kind {
            Kind::Create => self.limits.creates.admit().await,
            Kind::Other => self.limits.requests.admit().await,
        }
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(self.token()?)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::network(&self.base_url, &e))?;
        if !response.status().is_success() {
            let mut error = ApiError::from_response(response).await;
            if error.kind == ApiErrorKind::NotFound {
                "Vonage has no call with this UUID here.".clone_into(&mut error.message);
                "A call lives in one region: use the region_url its answer webhook carried, or check the UUID."
                    .clone_into(&mut error.hint);
            }
            return Err(error);
        }
        response
            .text()
            .await
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        kind: Kind,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let text = self.send(kind, method, path, body).await?;
        serde_json::from_str(&text).map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    /// Places a call (`POST /v1/calls`).
    ///
    /// # Errors
    /// [`ApiError`]: a 400 names the parameters Vonage rejected.
    pub async fn create_call(&self, call: &CreateCall) -> Result<CreatedCall, ApiError> {
        self.send_json(Kind::Create, Method::POST, "/v1/calls", Some(call))
            .await
    }

    /// The most recent calls (`GET /v1/calls`), newest first.
    ///
    /// # Errors
    /// [`ApiError`]; unauthorized when Vonage refuses the key's token.
    pub async fn list_calls(&self, page_size: u32) -> Result<Value, ApiError> {
        self.send_json(
            Kind::Other,
            Method::GET,
            &format!("/v1/calls?page_size={page_size}&order=desc"),
            None::<&()>,
        )
        .await
    }

    /// One call (`GET /v1/calls/{uuid}`).
    ///
    /// # Errors
    /// [`ApiError`]; not found in another region or for an unknown UUID.
    pub async fn get_call(&self, uuid: &str) -> Result<CallInfo, ApiError> {
        self.send_json(
            Kind::Other,
            Method::GET,
            &format!("/v1/calls/{}", encode(uuid)),
            None::<&()>,
        )
        .await
    }

    /// Hangs up, mutes, earmuffs or transfers a live call (`PUT /v1/calls/{uuid}`, 204).
    ///
    /// # Errors
    /// [`ApiError`].
    pub async fn update_call(&self, uuid: &str, action: &CallAction) -> Result<(), ApiError> {
        self.send(
            Kind::Other,
            Method::PUT,
            &format!("/v1/calls/{}", encode(uuid)),
            Some(action),
        )
        .await
        .map(|_| ())
    }

    /// Speaks text into a live call (`PUT /v1/calls/{uuid}/talk`).
    ///
    /// # Errors
    /// [`ApiError`]; a 400 when the call is not answered yet.
    pub async fn talk(&self, uuid: &str, talk: &TalkRequest) -> Result<ControlAnswer, ApiError> {
        self.control(Method::PUT, uuid, "talk", Some(talk)).await
    }

    /// Stops speech started by [`Self::talk`].
    ///
    /// # Errors
    /// [`ApiError`].
    pub async fn stop_talk(&self, uuid: &str) -> Result<ControlAnswer, ApiError> {
        self.control(Method::DELETE, uuid, "talk", None::<&()>)
            .await
    }

    /// Plays an audio file into a live call (`PUT /v1/calls/{uuid}/stream`).
    ///
    /// # Errors
    /// [`ApiError`].
    pub async fn stream(
        &self,
        uuid: &str,
        stream: &StreamRequest,
    ) -> Result<ControlAnswer, ApiError> {
        self.control(Method::PUT, uuid, "stream", Some(stream))
            .await
    }

    /// Stops audio started by [`Self::stream`].
    ///
    /// # Errors
    /// [`ApiError`].
    pub async fn stop_stream(&self, uuid: &str) -> Result<ControlAnswer, ApiError> {
        self.control(Method::DELETE, uuid, "stream", None::<&()>)
            .await
    }

    /// Sends key presses into a live call (`PUT /v1/calls/{uuid}/dtmf`).
    ///
    /// # Errors
    /// [`ApiError`].
    pub async fn send_dtmf(&self, uuid: &str, digits: &str) -> Result<ControlAnswer, ApiError> {
        let body = DtmfRequest {
            digits: digits.to_owned(),
        };
        self.control(Method::PUT, uuid, "dtmf", Some(&body)).await
    }

    /// Downloads a recording (`recording_url` of a record event), which needs a JWT
    /// signed by the application's key. The URL comes from a webhook, so the token is
    /// sent only where [`crate::hosts::check_file_url`] allows, and never redirected.
    ///
    /// # Errors
    /// [`ApiError`]: an untrusted address (nothing sent); not found once Vonage has
    /// deleted it (after 30 days).
    pub async fn fetch_file(&self, url: &str) -> Result<Vec<u8>, ApiError> {
        crate::hosts::check_file_url(url, &self.base_url)?;
        self.limits.requests.admit().await;
        let response = self
            .http
            .get(url)
            .bearer_auth(self.token()?)
            .send()
            .await
            .map_err(|e| ApiError::network(url, &e))?;
        if !response.status().is_success() {
            return Err(ApiError::from_response(response).await);
        }
        response
            .bytes()
            .await
            .map(|b| b.to_vec())
            .map_err(|e| ApiError::unexpected(&e.to_string()))
    }

    async fn control(
        &self,
        method: Method,
        uuid: &str,
        what: &str,
        body: Option<&impl Serialize>,
    ) -> Result<ControlAnswer, ApiError> {
        self.send_json(
            Kind::Other,
            method,
            &format!("/v1/calls/{}/{what}", encode(uuid)),
            body,
        )
        .await
    }
}

/// A UUID as one path segment (a user may paste anything).
fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}
