//! The Inspector's exports of what the listener kept: JSON Lines, and HTTP Archive 1.2
//! (HAR), which browsers' developer tools and many proxies open; redacted of secrets.

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{
    error::CoreError,
    exchanges::{ExchangeDetail, ExchangeFilter, get, list},
};

/// The file formats the Inspector exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One JSON object per exchange per line.
    JsonLines,
    /// HTTP Archive 1.2, which browsers' developer tools and many proxies open.
    Har,
}

/// The exchanges matching `filter`, oldest first, in `format`, redacted
/// ([`callboard_server::redact`]) of credentials and of each of `secrets`.
///
/// # Errors
/// Storage errors.
pub fn export(
    connection: &Connection,
    filter: &ExchangeFilter,
    format: ExportFormat,
    secrets: &[String],
) -> Result<(String, u32), CoreError> {
    let redacted = |mut value: Value| {
        callboard_server::redact::json(&mut value, secrets);
        value
    };
    let mut details = Vec::new();
    for summary in list(connection, filter)?.into_iter().rev() {
        details.push(get(connection, summary.id)?);
    }
    let count = u32::try_from(details.len()).unwrap_or(u32::MAX);
    let text = match format {
        ExportFormat::JsonLines => details
            .iter()
            .map(|detail| {
                let value = redacted(serde_json::to_value(detail).unwrap_or_default());
                serde_json::to_string(&value).unwrap_or_default() + "\n"
            })
            .collect(),
        ExportFormat::Har => {
            let entries: Vec<Value> = details.iter().map(har_entry).collect();
            let har = redacted(serde_json::json!({"log": {
                "version": "1.2",
                "creator": {"name": "Callboard", "version": env!("CARGO_PKG_VERSION")},
                "entries": entries,
            }}));
            serde_json::to_string_pretty(&har).unwrap_or_default()
        }
    };
    Ok((text, count))
}

fn har_entry(detail: &ExchangeDetail) -> Value {
    let pairs = |headers: &[(String, String)]| -> Vec<Value> {
        headers
            .iter()
            .map(|(name, value)| serde_json::json!({"name": name, "value": value}))
            .collect()
    };
    let header = |headers: &[(String, String)], name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let host = header(&detail.request_headers, "host").unwrap_or_else(|| "localhost".into());
    let query = if detail.query.is_empty() {
        String::new()
    } else {
        format!("?{}", detail.query)
    };
    let query_string: Vec<Value> =
        serde_urlencoded::from_str::<Vec<(String, String)>>(&detail.query)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| serde_json::json!({"name": name, "value": value}))
            .collect();
    let started = rfc3339(detail.summary.received_at_ms);
    #[allow(clippy::cast_precision_loss)] // durations are far below 2^52 µs
    let millis = detail.summary.duration_us as f64 / 1000.0;
    let mut request = serde_json::json!({
        "method": detail.summary.method,
        "url": format!("http://{host}{}{query}", detail.summary.path),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&detail.request_headers),
        "queryString": query_string,
        "headersSize": -1,
        "bodySize": detail.request_body.len(),
    });
    if !detail.request_body.is_empty() {
        request["postData"] = serde_json::json!({
            "mimeType": header(&detail.request_headers, "content-type").unwrap_or_default(),
            "text": detail.request_body,
        });
    }
    serde_json::json!({
        "startedDateTime": started,
        "time": millis,
        "request": request,
        "response": {
            "status": detail.summary.status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": pairs(&detail.response_headers),
            "content": {
                "size": detail.response_body.len(),
                "mimeType": header(&detail.response_headers, "content-type").unwrap_or_default(),
                "text": detail.response_body,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": detail.response_body.len(),
        },
        "cache": {},
        "timings": {"send": 0, "wait": millis, "receive": 0},
        "comment": detail.summary.signature.as_ref().map(|s| format!("signature {s}")).unwrap_or_default(),
    })
}

/// RFC 3339 (UTC) for milliseconds since 1970, as HAR's `startedDateTime` wants.
fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_8601_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_200_000_123), "2025-11-26T23:33:20.123Z");
    }
}
