//! The answer webhook's request (`docs/vonage.md` §4).
//!
//! Vonage sends it as GET with query parameters by default, or as POST with a JSON
//! body when the application's `http_method` is POST. Both decode to one type.
//! Fields Vonage may add (SIP `SipHeader_X-…` headers, `custom_data`, …) are kept
//! in `extra`, never dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What Vonage tells the answer webhook about the call leg being answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerRequest {
    /// The number or address called.
    #[serde(default)]
    pub to: Option<String>,
    /// The caller.
    #[serde(default)]
    pub from: Option<String>,
    /// The call leg's UUID.
    #[serde(default)]
    pub uuid: Option<String>,
    /// The conversation's UUID (`CON-…`).
    #[serde(default)]
    pub conversation_uuid: Option<String>,
    /// The regional API host that owns this call, e.g. `https://api-ap-3.vonage.com`.
    #[serde(default)]
    pub region_url: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Why an answer request could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum AnswerRequestError {
    /// The query string is not `key=value` pairs.
    #[error("the query string is malformed: {0}")]
    Query(#[from] serde_urlencoded::de::Error),
    /// The POST body is not a JSON object.
    #[error("the body is not a JSON object: {0}")]
    Body(#[from] serde_json::Error),
}

impl AnswerRequest {
    /// Decodes the GET form: the query string without its leading `?`.
    ///
    /// # Errors
    /// [`AnswerRequestError::Query`] when the query string does not decode.
    pub fn from_query(query: &str) -> Result<Self, AnswerRequestError> {
        let pairs: BTreeMap<String, String> = serde_urlencoded::from_str(query)?;
        let mut request = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "to" => request.to = Some(value),
                "from" => request.from = Some(value),
                "uuid" => request.uuid = Some(value),
                "conversation_uuid" => request.conversation_uuid = Some(value),
                "region_url" => request.region_url = Some(value),
                _ => {
                    request.extra.insert(key, Value::String(value));
                }
            }
        }
        Ok(request)
    }

    /// Decodes the POST form: a JSON object body.
    ///
    /// # Errors
    /// [`AnswerRequestError::Body`] when the body is not a JSON object of this shape.
    pub fn from_json(body: &[u8]) -> Result<Self, AnswerRequestError> {
        Ok(serde_json::from_slice(body)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/../../../shared/fixtures/payloads/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
    }

    #[test]
    fn decodes_the_published_get_query_string() {
        let line = fixture("answer-webhook-GET-querystring.txt");
        let query = line
            .trim()
            .split_once('?')
            .expect("the sample has a query")
            .1;
        let request = AnswerRequest::from_query(query).expect("the published sample decodes");
        assert_eq!(request.to.as_deref(), Some("442079460000"));
        assert_eq!(request.from.as_deref(), Some("447700900000"));
        assert_eq!(
            request.conversation_uuid.as_deref(),
            Some("CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
        );
        assert_eq!(
            request.extra.get("SipHeader_X-UserId"),
            Some(&Value::from("1938ND9")),
            "SIP headers are kept, not dropped"
        );
    }

    #[test]
    fn decodes_the_published_post_body() {
        let request = AnswerRequest::from_json(fixture("answer-webhook-POST-body.json").as_bytes())
            .expect("the published sample decodes");
        assert_eq!(
            request.uuid.as_deref(),
            Some("aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
        );
        assert!(request.extra.contains_key("SipHeader_X-UserId"));
    }

    #[test]
    fn rejects_a_body_that_is_not_an_object() {
        assert!(matches!(
            AnswerRequest::from_json(b"[1,2]"),
            Err(AnswerRequestError::Body(_))
        ));
    }
}
