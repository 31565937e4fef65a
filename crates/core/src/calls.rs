//! Test calls: what a person asks for (a number, a caller ID, where the NCCO comes
//! from), the calls placed (kept in SQLite), and one timeline per call joining what the
//! listener kept (the answer request and the NCCO served, every event, the fallback,
//! recordings) with the call-audio stream sessions, each status in plain words.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{error::CoreError, id::Id};

/// The Sandbox's virtual phone: how it answers, what it sends, what it notices.
pub use callboard_sandbox::{PhoneAudio, PhoneEvent, Pickup};

mod types;
pub(crate) mod words;

pub use types::{CallControl, PhoneState, Tone};

pub(crate) use words::explain_input;
use words::{ENDED_BY_VONAGE, ENDED_BY_YOU, HUNG_UP, describe_control};
pub use words::{explain_fallback, explain_status};

/// Where a test call's NCCO comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NccoSource {
    /// Vonage asks the listener's answer webhook, as for a real call (the default).
    AnswerWebhook,
    /// The active NCCO goes with the request itself.
    ActiveInline,
}

impl NccoSource {
    fn as_str(self) -> &'static str {
        match self {
            Self::AnswerWebhook => "answer_webhook",
            Self::ActiveInline => "active_inline",
        }
    }
}

/// A test call to place.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PlaceCall {
    /// The number to call, E.164 (a leading `+` and spaces are allowed).
    pub to: String,
    /// The caller ID, one of the account's numbers; none for a random one of them.
    pub from: Option<String>,
    /// Where the NCCO comes from.
    pub ncco_source: NccoSource,
}

/// A number as Vonage wants it: 7 to 15 digits, no `+`, spaces or dashes.
///
/// # Errors
/// [`CoreError::InvalidInput`] for the form's input `field`, saying what is wrong with
/// the `label`led number.
pub fn e164(label: &str, field: &'static str, text: &str) -> Result<String, CoreError> {
    let digits: String = text
        .trim()
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    if digits.is_empty() {
        return Err(CoreError::in_field(
            field,
            format!("Enter the {label}, in international format, e.g. 447700900123."),
        ));
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::in_field(
            field,
            format!(
                "The {label} \"{}\" has characters other than digits; write it like 447700900123.",
                text.trim()
            ),
        ));
    }
    if digits.starts_with('0') {
        return Err(CoreError::in_field(
            field,
            format!(
                "The {label} must start with the country code, not 0 (447700900123, not 07700900123)."
            ),
        ));
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(CoreError::in_field(
            field,
            format!(
                "The {label} has {} digits; international numbers have 7 to 15.",
                digits.len()
            ),
        ));
    }
    Ok(digits)
}

/// A call placed from Callboard, as the Calls list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CallSummary {
    /// The leg's UUID.
    pub uuid: String,
    /// Its conversation.
    pub conversation_uuid: String,
    /// The number called.
    pub to: String,
    /// The caller ID (empty for a random one).
    pub from: String,
    /// Where its NCCO came from.
    pub ncco_source: NccoSource,
    /// When it was placed, ms since 1970.
    #[ts(type = "number")]
    pub placed_at_ms: i64,
    /// The latest status its events reported (`None` before the first).
    pub status: Option<String>,
}

/// Keeps a placed call.
///
/// # Errors
/// Storage errors.
pub fn record_placed(
    connection: &Connection,
    profile: Id,
    call: &CallSummary,
) -> Result<(), CoreError> {
    connection.execute(
        "INSERT INTO calls (uuid, profile_id, conversation_uuid, to_number, from_number, ncco_source, placed_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            call.uuid,
            profile,
            call.conversation_uuid,
            call.to,
            call.from,
            call.ncco_source.as_str(),
            call.placed_at_ms
        ],
    )?;
    Ok(())
}

const CALL_COLUMNS: &str =
    "c.uuid, c.conversation_uuid, c.to_number, c.from_number, c.ncco_source, c.placed_at_ms,
     (SELECT json_extract(e.request_body, '$.status') FROM exchanges e
       WHERE e.route = 'event' AND e.call_uuid = c.uuid AND json_valid(e.request_body)
         AND json_extract(e.request_body, '$.status') IS NOT NULL
       ORDER BY e.id DESC LIMIT 1) AS status";

fn summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<CallSummary> {
    Ok(CallSummary {
        uuid: row.get("uuid")?,
        conversation_uuid: row.get("conversation_uuid")?,
        to: row.get("to_number")?,
        from: row.get("from_number")?,
        ncco_source: if row.get::<_, String>("ncco_source")? == "active_inline" {
            NccoSource::ActiveInline
        } else {
            NccoSource::AnswerWebhook
        },
        placed_at_ms: row.get("placed_at_ms")?,
        status: row.get("status")?,
    })
}

/// The profile's calls, newest first, those matching `search` (a UUID, a number, a
/// status) when given.
///
/// # Errors
/// Storage errors.
pub fn list(
    connection: &Connection,
    profile: Id,
    search: Option<&str>,
) -> Result<Vec<CallSummary>, CoreError> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT * FROM (SELECT {CALL_COLUMNS} FROM calls c WHERE c.profile_id = ?1)
         WHERE ?2 IS NULL OR uuid LIKE ?2 OR conversation_uuid LIKE ?2 OR to_number LIKE ?2
               OR from_number LIKE ?2 OR status LIKE ?2
         ORDER BY placed_at_ms DESC LIMIT 500"
    ))?;
    let pattern = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{s}%"));
    let rows = statement.query_map(params![profile, pattern], summary)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One placed call.
///
/// # Errors
/// [`CoreError::CallNotFound`] when Callboard did not place it; storage errors.
pub fn get(connection: &Connection, uuid: &str) -> Result<CallSummary, CoreError> {
    connection
        .query_row(
            &format!("SELECT {CALL_COLUMNS} FROM calls c WHERE c.uuid = ?1"),
            [uuid],
            summary,
        )
        .optional()?
        .ok_or_else(|| CoreError::CallNotFound(uuid.to_owned()))
}

/// One moment of a call.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineEntry {
    /// When, ms since 1970.
    #[ts(type = "number")]
    pub at_ms: i64,
    /// `placed`, `answer`, `fallback`, `event`, `stream`, `recording`, or `control` (what
    /// the user did to the call from the Calls section).
    pub kind: String,
    /// A few words: the status, `Answer webhook`, …
    pub title: String,
    /// What it means, in plain words.
    pub detail: String,
    /// How it reads.
    pub tone: Tone,
    /// The exchange behind it, to open in the Inspector.
    pub exchange_id: Option<Id>,
    /// The stream session behind it.
    pub stream_id: Option<String>,
    /// A recording to play.
    pub recording_url: Option<String>,
    /// The NCCO served, for the answer entry.
    pub ncco: Option<Value>,
    /// For a `step` entry: the flow step entered and why.
    pub flow: Option<callboard_flow::Taken>,
}

impl TimelineEntry {
    /// A moment with nothing behind it to open (no exchange, stream, recording, NCCO or step).
    fn new(at_ms: i64, kind: &str, title: String, detail: String, tone: Tone) -> Self {
        Self {
            at_ms,
            kind: kind.to_owned(),
            title,
            detail,
            tone,
            exchange_id: None,
            stream_id: None,
            recording_url: None,
            ncco: None,
            flow: None,
        }
    }
}

/// A call and everything that happened on it, in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Timeline {
    /// The call.
    pub call: CallSummary,
    /// What happened.
    pub entries: Vec<TimelineEntry>,
}

/// The timeline of the call `uuid`.
///
/// # Errors
/// [`CoreError::CallNotFound`] when Callboard did not place it; storage errors.
pub fn timeline(connection: &Connection, uuid: &str) -> Result<Timeline, CoreError> {
    let call = get(connection, uuid)?;
    let mut entries = vec![TimelineEntry::new(
        call.placed_at_ms,
        "placed",
        "Placed from Callboard".into(),
        format!(
            "To {}, {}; the NCCO {}.",
            call.to,
            if call.from.is_empty() {
                "from a random number of the application".to_owned()
            } else {
                format!("from {}", call.from)
            },
            match call.ncco_source {
                NccoSource::AnswerWebhook => "comes from the answer webhook",
                NccoSource::ActiveInline => "went with the request",
            }
        ),
        Tone::Info,
    )];
    let mut statement = connection.prepare_cached(
        "SELECT id, received_at_ms, route, status, request_body, response_body, query, flow FROM exchanges
         WHERE call_uuid = ?1 OR conversation_uuid = ?2 ORDER BY id",
    )?;
    let rows = statement.query_map(params![call.uuid, call.conversation_uuid], |row| {
        Ok((
            row.get::<_, Id>("id")?,
            row.get::<_, i64>("received_at_ms")?,
            row.get::<_, String>("route")?,
            row.get::<_, u16>("status")?,
            row.get::<_, String>("request_body")?,
            row.get::<_, String>("response_body")?,
            row.get::<_, String>("query")?,
            row.get::<_, Option<String>>("flow")?,
        ))
    })?;
    for row in rows {
        let (id, at_ms, route, status, request, response, query, flow) = row?;
        if route != "flow" {
            entries.push(exchange_entry(
                id, at_ms, &route, status, &request, &response, &query, &call.uuid,
            ));
        }
        if let Some(taken) = flow.and_then(|text| serde_json::from_str(&text).ok()) {
            entries.push(step_entry(id, at_ms, taken));
        }
    }
    for session in crate::exchanges::streams(connection, Some(&call.uuid))? {
        let format = session
            .content_type
            .unwrap_or_else(|| "no content type yet".into());
        let mut detail = format!(
            "{format}: {} frames received, {} sent back",
            session.frames, session.frames_sent
        );
        if session.mis_sized_frames > 0 {
            detail.push_str(&format!(", {} of the wrong size", session.mis_sized_frames));
        }
        if !session.dtmf.is_empty() {
            detail.push_str(&format!(", keys {}", session.dtmf));
        }
        if let Some(backend) = session.forwarded_to {
            detail.push_str(&format!(", passed on to {backend}"));
        }
        detail.push('.');
        entries.push(TimelineEntry {
            stream_id: Some(session.id),
            ..TimelineEntry::new(
                session.started_at_ms,
                "stream",
                if session.ended_at_ms.is_some() {
                    "Audio stream (closed)".into()
                } else {
                    "Audio stream (open)".into()
                },
                detail,
                if session.mis_sized_frames > 0 {
                    Tone::Warn
                } else {
                    Tone::Ok
                },
            )
        });
    }
    let mut statement = connection.prepare_cached(
        "SELECT at_ms, control FROM call_controls WHERE call_uuid = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map(params![call.uuid], |row| {
        Ok((
            row.get::<_, i64>("at_ms")?,
            row.get::<_, String>("control")?,
        ))
    })?;
    for row in rows {
        let (at_ms, control) = row?;
        let Ok(control) = serde_json::from_str::<CallControl>(&control) else {
            continue;
        };
        let (title, detail) = describe_control(&control);
        entries.push(TimelineEntry::new(
            at_ms,
            "control",
            title.into(),
            detail,
            Tone::Info,
        ));
    }
    // A hang-up from here is the platform's to Vonage: say which it was.
    if entries
        .iter()
        .any(|e| e.kind == "control" && e.title == HUNG_UP)
    {
        for entry in entries.iter_mut().filter(|e| e.title == "completed") {
            entry.detail = entry.detail.replace(ENDED_BY_VONAGE, ENDED_BY_YOU);
        }
    }
    // Stable: what happened at the same millisecond stays in the order it was kept.
    entries.sort_by_key(|entry| entry.at_ms);
    Ok(Timeline { call, entries })
}

/// A flow's answer on the timeline: the step entered and why ("pressed 2 → Support"),
/// or what was wrong with what Vonage sent.
fn step_entry(id: Id, at_ms: i64, taken: callboard_flow::Taken) -> TimelineEntry {
    let (title, tone) = match (&taken.step_name, &taken.problem) {
        (_, Some(_)) => ("Flow: flagged".to_owned(), Tone::Warn),
        (Some(name), None) if taken.why.contains('→') => (format!("Step: {name}"), Tone::Ok),
        (Some(name), None) => (format!("In {name}"), Tone::Info),
        (None, None) => ("Flow".to_owned(), Tone::Info),
    };
    let detail = match &taken.problem {
        Some(problem) => format!("{}: {problem}.", taken.why),
        None => format!("{}.", taken.why),
    };
    TimelineEntry {
        exchange_id: Some(id),
        flow: Some(taken),
        ..TimelineEntry::new(at_ms, "step", title, detail, tone)
    }
}

/// Keeps a control Vonage accepted for call `uuid`, for its timeline.
///
/// # Errors
/// [`CoreError::Storage`] when it cannot be written.
pub fn record_control(
    connection: &Connection,
    uuid: &str,
    at_ms: i64,
    control: &CallControl,
) -> Result<(), CoreError> {
    let control = serde_json::to_string(control).unwrap_or_default();
    connection
        .prepare_cached(
            "INSERT INTO call_controls (call_uuid, at_ms, control) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![uuid, at_ms, control])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn exchange_entry(
    id: Id,
    at_ms: i64,
    route: &str,
    status: u16,
    request: &str,
    response: &str,
    query: &str,
    leg: &str,
) -> TimelineEntry {
    let body: Value = serde_json::from_str(request).unwrap_or_else(|_| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map(|pairs| {
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect()
            })
            .unwrap_or(Value::Null)
    });
    let served: Option<Value> = serde_json::from_str(response).ok().filter(Value::is_array);
    let tone = if status < 300 { Tone::Ok } else { Tone::Bad };
    let mut entry = TimelineEntry {
        exchange_id: Some(id),
        ..TimelineEntry::new(at_ms, route, String::new(), String::new(), tone)
    };
    match route {
        "answer" => {
            entry.title = "Answer webhook".into();
            entry.detail = match &served {
                Some(ncco) if status < 300 => format!(
                    "Vonage asked for the NCCO; the listener answered {status} with {} action{}.",
                    ncco.as_array().map_or(0, Vec::len),
                    if ncco.as_array().map_or(0, Vec::len) == 1 {
                        ""
                    } else {
                        "s"
                    }
                ),
                _ => format!(
                    "Vonage asked for the NCCO and got {status}, so it tries the fallback URL."
                ),
            };
            entry.ncco = served;
        }
        "fallback" => {
            let reason = body
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            entry.title = "Fallback webhook".into();
            entry.detail = explain_fallback(reason);
            entry.tone = Tone::Warn;
            entry.ncco = served;
        }
        _ => {
            if let Some(url) = body.get("recording_url").and_then(Value::as_str) {
                entry.kind = "recording".into();
                entry.title = "Recording".into();
                entry.detail = format!(
                    "A recording finished ({} bytes).",
                    body.get("size").and_then(Value::as_u64).unwrap_or(0)
                );
                entry.recording_url = Some(url.to_owned());
            } else if body.get("dtmf").is_some() || body.get("speech").is_some() {
                entry.title = "input".into();
                entry.detail = explain_input(&body);
            } else if let Some(state) = body.get("status").and_then(Value::as_str) {
                let (words, tone) = explain_status(state, &body);
                let other_leg = body
                    .get("uuid")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u != leg);
                let to = body.get("to").and_then(Value::as_str).unwrap_or("");
                if let Some((title, words)) = words::explain_websocket_leg(state, to) {
                    entry.title = title;
                    entry.detail = words;
                    entry.tone = Tone::Bad;
                } else {
                    entry.title = if other_leg {
                        format!("{state} (other leg)")
                    } else {
                        state.to_owned()
                    };
                    entry.detail = words;
                    entry.tone = tone;
                }
            } else if body.get("type").and_then(Value::as_str) == Some("transfer") {
                entry.title = "transfer".into();
                entry.detail = "The leg moved to another conversation.".into();
            } else if let Some(reason) = body.get("reason").and_then(Value::as_str) {
                entry.title = "error".into();
                entry.detail = format!("Vonage reported an error: {reason}");
                entry.tone = Tone::Bad;
            } else {
                entry.title = "event".into();
                entry.detail = "An event (notify or another action's).".into();
            }
        }
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn input_results_read_in_plain_words() {
        let published = |name: &str| -> Value {
            let path = format!(
                "{}/../../../shared/fixtures/payloads/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json")
        };
        assert_eq!(
            explain_input(&published("event-input-speech.json")),
            "Heard \u{201c}sales\u{201d} (confidence 0.9405097); or perhaps \u{201c}sails\u{201d}, \u{201c}sale\u{201d}."
        );
        assert_eq!(
            explain_input(&published("event-input-dtmf.json")),
            "Keys pressed: 1234 (then it timed out)."
        );
        assert_eq!(
            explain_input(&json!({"dtmf": {"digits": "", "timed_out": true},
                "speech": {"timeout_reason": "start_timeout", "results": []}})),
            "Nobody spoke or pressed a key before the input timed out."
        );
        assert_eq!(
            explain_input(&json!({"speech": {"error": "ERR1: Failed to analyze audio"}})),
            "Speech recognition failed: ERR1: Failed to analyze audio."
        );
    }

    #[test]
    fn numbers_are_checked_and_tidied_with_reasons() {
        assert_eq!(
            e164("number", "to", "+44 7700 900123").ok().as_deref(),
            Some("447700900123")
        );
        for (bad, says) in [
            ("", "Enter the number"),
            ("07700900123", "not 0"),
            ("44-77-abc", "characters other than digits"),
            ("12345", "has 5 digits"),
            ("1234567890123456", "has 16 digits"),
        ] {
            let error = e164("number", "to", bad).expect_err(bad).to_string();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn statuses_read_in_plain_words() {
        let (words, tone) = explain_status("failed", &json!({"detail": "cannot_route"}));
        assert_eq!(
            (words.as_str(), tone),
            (
                "The call could not be connected (no route to the number).",
                Tone::Bad
            )
        );
        let (words, _) = explain_status(
            "completed",
            &json!({"duration": "12", "disconnected_by": "user"}),
        );
        assert_eq!(words, "The call ended after 12 s, hung up by the phone.");
        assert!(
            explain_status("answered", &json!({}))
                .0
                .contains("runs the NCCO")
        );
        assert!(
            explain_status("transcribed", &json!({"type": "record"}))
                .0
                .contains("transcription is ready")
        );
        assert!(
            explain_fallback("Read timed out").contains("did not reply within its socket timeout")
        );
        assert!(explain_fallback("Received status code 404").contains("HTTP error"));
        assert!(explain_fallback("Invalid NCCO: /0/text").contains("not a valid NCCO"));
        assert!(explain_fallback("Connection closed.").contains("could not connect"));
    }

    #[test]
    fn a_websocket_that_never_connected_is_not_a_phone_nobody_answered() {
        let body = json!({"uuid": "ws-leg", "to": "wss://abc.ngrok.app/ws/call-1?token=secret",
            "status": "unanswered", "conversation_uuid": "c"});
        let entry = exchange_entry(
            Id(1),
            0,
            "event",
            200,
            &body.to_string(),
            "",
            "",
            "phone-leg",
        );
        assert_eq!(entry.title, "WebSocket not connected");
        assert_eq!(entry.tone, Tone::Bad);
        assert!(
            entry
                .detail
                .starts_with("The WebSocket at wss://abc.ngrok.app/ws/call-1 did not accept"),
            "{}",
            entry.detail
        );
        assert!(!entry.detail.contains("secret"), "the query is never shown");
        // A phone leg nobody answered is still told as one.
        let phone = json!({"uuid": "other", "to": "447700900123", "status": "unanswered"});
        let entry = exchange_entry(
            Id(2),
            0,
            "event",
            200,
            &phone.to_string(),
            "",
            "",
            "phone-leg",
        );
        assert_eq!(entry.title, "unanswered (other leg)");
        assert!(entry.detail.starts_with("Nobody answered"));
    }
}
