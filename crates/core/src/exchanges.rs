//! Every exchange the listener answered, kept in SQLite before the answer goes out, and
//! every call-audio stream session, kept as it goes.
//!
//! A writer thread with its own connection takes exchanges from a channel and commits
//! them in batches (group commit): each request waits only for the commit of the batch
//! it is in, so thousands of webhooks a second cost a few transactions, not thousands.
//! The Inspector reads them through the app's main connection (WAL lets both run).

use std::path::Path;

use callboard_server::{Exchange, ExchangeSink, Forwarded, SinkError, StreamSession, StreamSink};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use ts_rs::TS;

use crate::{
    db::Db,
    error::CoreError,
    events::{CoreEvent, EventBus},
    id::Id,
};

/// The most exchanges committed in one transaction.
const BATCH: usize = 1024;

/// Work for the writer thread.
#[derive(Debug)]
enum Job {
    /// An exchange, and who waits for it to be kept.
    Exchange(Exchange, oneshot::Sender<Result<(), String>>),
    /// A stream session's latest state (nobody waits).
    Stream(StreamSession),
}

/// The sink the listener writes exchanges and stream sessions to.
#[derive(Debug, Clone)]
pub struct ExchangeStore {
    jobs: mpsc::UnboundedSender<Job>,
    problem: StorageProblem,
    steps: FlowSteps,
}

/// The flow steps calls enter, with the call each was for, as the listener answers them:
/// what call tests in the window watch.
pub type FlowSteps = tokio::sync::broadcast::Sender<(Option<String>, callboard_flow::Taken)>;

/// Why the writer cannot store right now, if it cannot; shared with whoever shows it.
#[derive(Debug, Clone, Default)]
pub struct StorageProblem(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl StorageProblem {
    /// The reason, in plain words, while storing fails.
    #[must_use]
    pub fn current(&self) -> Option<String> {
        self.lock().clone()
    }

    /// Records the outcome of a batch; true when it changed what is shown.
    fn set(&self, problem: Option<String>) -> bool {
        let mut current = self.lock();
        let changed = *current != problem;
        *current = problem;
        changed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a person reads when storing fails: the cause, and what Vonage is told.
fn in_words(error: &rusqlite::Error) -> String {
    let cause = match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => "the disk is full".to_owned(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            "another program has locked Callboard's database".to_owned()
        }
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied) => {
            "Callboard's database cannot be written (read-only or no permission)".to_owned()
        }
        _ => match error {
            rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
            other => other.to_string(),
        },
    };
    format!("Webhooks are not being stored: {cause}. Vonage is answered 503, so it retries.")
}

impl ExchangeStore {
    /// Starts the writer thread on the database at `path`.
    ///
    /// # Errors
    /// Storage errors opening its connection.
    pub fn start(path: &Path, bus: EventBus) -> Result<Self, CoreError> {
        let mut connection = Connection::open(path)?;
        Db::prepare(&mut connection)?;
        // Checkpoint less often (8192 pages, about 32 MB of WAL) so that the batches
        // waiting on this thread rarely sit behind a checkpoint.
        connection.pragma_update(None, "wal_autocheckpoint", 8192)?;
        let (sender, receiver) = mpsc::unbounded_channel();
        let problem = StorageProblem::default();
        let shown = problem.clone();
        std::thread::Builder::new()
            .name("exchange-writer".into())
            .spawn(move || write_loop(connection, receiver, &bus, &shown))
            .map_err(|e| CoreError::Sandbox(format!("the exchange writer could not start: {e}")))?;
        Ok(Self {
            jobs: sender,
            problem,
            steps: tokio::sync::broadcast::channel(1024).0,
        })
    }

    /// The flow steps entered from now on, as they are kept.
    #[must_use]
    pub fn flow_steps(&self) -> FlowSteps {
        self.steps.clone()
    }

    /// Why storing fails right now, if it does.
    #[must_use]
    pub fn problem(&self) -> Option<String> {
        self.problem.current()
    }
}

fn write_loop(
    mut connection: Connection,
    mut receiver: mpsc::UnboundedReceiver<Job>,
    bus: &EventBus,
    problem: &StorageProblem,
) {
    while let Some(first) = receiver.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match receiver.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let outcome = insert_all(&mut connection, &batch);
        if let Err(error) = &outcome {
            tracing::error!(%error, count = batch.len(), "exchanges were not stored");
        }
        let now = outcome.as_ref().err().map(in_words);
        if problem.set(now.clone()) {
            bus.publish(CoreEvent::StorageChanged { problem: now });
        }
        let result = outcome.map_err(|e| e.to_string());
        let stored = result.is_ok();
        let mut streams = false;
        for job in batch {
            match job {
                Job::Exchange(_, reply) => {
                    let _ = reply.send(result.clone());
                }
                Job::Stream(_) => streams = true,
            }
        }
        if stored {
            bus.publish(CoreEvent::ExchangesAdded);
            if streams {
                bus.publish(CoreEvent::StreamsChanged);
            }
        }
    }
}

fn insert_all(connection: &mut Connection, batch: &[Job]) -> rusqlite::Result<()> {
    let transaction = connection.transaction()?;
    {
        let mut upsert = transaction.prepare_cached(
            "INSERT INTO stream_sessions (id, call_uuid, started_at_ms, ended_at_ms, content_type, sample_rate, headers,
                                          frames, mis_sized_frames, gaps, longest_gap_ms, level_dbfs, dtmf, notes, recording,
                                          frames_sent, forwarded_to, recording_sent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT (id) DO UPDATE SET ended_at_ms = excluded.ended_at_ms, content_type = excluded.content_type,
                 sample_rate = excluded.sample_rate, headers = excluded.headers, frames = excluded.frames,
                 mis_sized_frames = excluded.mis_sized_frames, gaps = excluded.gaps, longest_gap_ms = excluded.longest_gap_ms,
                 level_dbfs = excluded.level_dbfs, dtmf = excluded.dtmf, notes = excluded.notes, recording = excluded.recording,
                 frames_sent = excluded.frames_sent, forwarded_to = excluded.forwarded_to,
                 recording_sent = excluded.recording_sent",
        )?;
        for session in batch.iter().filter_map(|job| match job {
            Job::Stream(session) => Some(session),
            Job::Exchange(..) => None,
        }) {
            upsert.execute(params![
                session.id,
                session.call_uuid,
                session.started_at_ms,
                session.ended_at_ms,
                session.content_type,
                session.sample_rate,
                Value::Object(session.headers.clone()).to_string(),
                i64::try_from(session.frames).unwrap_or(i64::MAX),
                i64::try_from(session.mis_sized_frames).unwrap_or(i64::MAX),
                i64::try_from(session.gaps).unwrap_or(i64::MAX),
                i64::try_from(session.longest_gap_ms).unwrap_or(i64::MAX),
                session.level_dbfs,
                session.dtmf,
                serde_json::to_string(&session.notes).unwrap_or_default(),
                session.recording,
                i64::try_from(session.frames_sent).unwrap_or(i64::MAX),
                session.forwarded_to,
                session.recording_sent,
            ])?;
        }
    }
    {
        let mut statement = transaction.prepare_cached(
            "INSERT INTO exchanges (received_at_ms, route, method, path, query, request_headers, request_body,
                                    status, response_headers, response_body, duration_us, call_uuid, conversation_uuid,
                                    signature, forwarded, flow)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        for exchange in batch.iter().filter_map(|job| match job {
            Job::Exchange(exchange, _) => Some(exchange),
            Job::Stream(_) => None,
        }) {
            statement.execute(params![
                exchange.received_at_ms,
                exchange.route.as_str(),
                exchange.method,
                exchange.path,
                exchange.query,
                serde_json::to_string(&exchange.request_headers).unwrap_or_default(),
                exchange.request_body,
                exchange.status,
                serde_json::to_string(&exchange.response_headers).unwrap_or_default(),
                exchange.response_body,
                exchange.duration_us,
                exchange.call_uuid,
                exchange.conversation_uuid,
                exchange.signature,
                exchange
                    .forwarded
                    .as_ref()
                    .and_then(|f| serde_json::to_string(f).ok()),
                exchange
                    .flow
                    .as_ref()
                    .and_then(|f| serde_json::to_string(f).ok()),
            ])?;
        }
    }
    transaction.commit()
}

impl ExchangeSink for ExchangeStore {
    async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
        if let Some(taken) = &exchange.flow {
            let _ = self.steps.send((exchange.call_uuid.clone(), taken.clone()));
        }
        let (reply, stored) = oneshot::channel();
        self.jobs
            .send(Job::Exchange(exchange, reply))
            .map_err(|_| SinkError("the exchange writer has stopped".into()))?;
        stored
            .await
            .map_err(|_| SinkError("the exchange writer has stopped".into()))?
            .map_err(SinkError)
    }
}

impl StreamSink for ExchangeStore {
    async fn update(&self, session: &StreamSession) {
        let _ = self.jobs.send(Job::Stream(session.clone()));
    }
}

/// Ends the stream sessions that a crash or a kill left open: each gets an end time and a
/// note, and its WAV files (whose writer never finished) are repaired so they play.
/// Returns how many were closed. Run before the listener starts, when none is live.
///
/// # Errors
/// Storage errors.
pub fn close_interrupted(connection: &Connection, now_ms: i64) -> Result<usize, CoreError> {
    let open: Vec<(String, String, Option<String>, Option<String>)> = connection
        .prepare("SELECT id, notes, recording, recording_sent FROM stream_sessions WHERE ended_at_ms IS NULL")?
        .query_map([], |row| {
            Ok((
                row.get("id")?,
                row.get("notes")?,
                row.get("recording")?,
                row.get("recording_sent")?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    for (id, notes, recording, recording_sent) in &open {
        let mut notes: Vec<String> = serde_json::from_str(notes).unwrap_or_default();
        let mut note = "Callboard stopped before this session ended; it was closed when Callboard started again.".to_owned();
        for file in [recording, recording_sent].into_iter().flatten() {
            match callboard_vonage::audio::repair_wav(std::path::Path::new(file)) {
                Ok(_) => note.push_str(&format!(" {file} was repaired and plays.")),
                Err(why) => note.push_str(&format!(" {why}.")),
            }
        }
        notes.push(note);
        connection.execute(
            "UPDATE stream_sessions SET ended_at_ms = ?1, notes = ?2 WHERE id = ?3",
            params![
                now_ms,
                serde_json::to_string(&notes).unwrap_or_default(),
                id
            ],
        )?;
    }
    Ok(open.len())
}

/// A call-audio stream session as the Inspector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StreamView {
    /// Its id.
    pub id: String,
    /// The call leg.
    pub call_uuid: String,
    /// When it opened, ms since 1970.
    #[ts(type = "number")]
    pub started_at_ms: i64,
    /// When it ended, if it has.
    #[ts(type = "number | null")]
    pub ended_at_ms: Option<i64>,
    /// The announced content type.
    pub content_type: Option<String>,
    /// The announced sample rate.
    pub sample_rate: Option<u32>,
    /// The audio format in plain words.
    pub format: String,
    /// The first message's other fields.
    pub headers: Value,
    /// Frames received.
    #[ts(type = "number")]
    pub frames: i64,
    /// Frames of the wrong size.
    #[ts(type = "number")]
    pub mis_sized_frames: i64,
    /// Pauses longer than two frames.
    #[ts(type = "number")]
    pub gaps: i64,
    /// The longest pause, ms.
    #[ts(type = "number")]
    pub longest_gap_ms: i64,
    /// The last frame's level, dBFS.
    pub level_dbfs: f64,
    /// Key presses.
    pub dtmf: String,
    /// Problems noticed.
    pub notes: Vec<String>,
    /// The WAV recording of what the caller sent, if any.
    pub recording: Option<String>,
    /// The WAV recording of what went back into the call, if any.
    pub recording_sent: Option<String>,
    /// Frames sent back into the call (by the listener's reply or the backend).
    #[ts(type = "number")]
    pub frames_sent: i64,
    /// The backend the session was passed on to, when forwarded.
    pub forwarded_to: Option<String>,
}

/// The newest stream sessions, of one call when `call` is given.
///
/// # Errors
/// Storage errors.
pub fn streams(connection: &Connection, call: Option<&str>) -> Result<Vec<StreamView>, CoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT id, call_uuid, started_at_ms, ended_at_ms, content_type, sample_rate, headers, frames, mis_sized_frames,
                gaps, longest_gap_ms, level_dbfs, dtmf, notes, recording, frames_sent, forwarded_to, recording_sent
         FROM stream_sessions WHERE (?1 IS NULL OR call_uuid = ?1) ORDER BY started_at_ms DESC LIMIT 200",
    )?;
    let rows = statement.query_map([call.map(str::trim).filter(|c| !c.is_empty())], |row| {
        Ok(StreamView {
            id: row.get("id")?,
            call_uuid: row.get("call_uuid")?,
            started_at_ms: row.get("started_at_ms")?,
            ended_at_ms: row.get("ended_at_ms")?,
            format: callboard_vonage::audio::describe(
                row.get::<_, Option<String>>("content_type")?.as_deref(),
            ),
            content_type: row.get("content_type")?,
            sample_rate: row.get("sample_rate")?,
            headers: serde_json::from_str(&row.get::<_, String>("headers")?).unwrap_or(Value::Null),
            frames: row.get("frames")?,
            mis_sized_frames: row.get("mis_sized_frames")?,
            gaps: row.get("gaps")?,
            longest_gap_ms: row.get("longest_gap_ms")?,
            level_dbfs: row.get("level_dbfs")?,
            dtmf: row.get("dtmf")?,
            notes: serde_json::from_str(&row.get::<_, String>("notes")?).unwrap_or_default(),
            recording: row.get("recording")?,
            frames_sent: row.get("frames_sent")?,
            forwarded_to: row.get("forwarded_to")?,
            recording_sent: row.get("recording_sent")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Which of a stream session's recordings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordingSide {
    /// What the caller sent (Vonage's audio).
    Received,
    /// What went back into the call (the listener's reply or the backend's audio).
    Sent,
}

/// The recording of stream session `id` on `side`, if it has one.
///
/// # Errors
/// Storage errors.
pub fn recording_of(
    connection: &Connection,
    id: &str,
    side: RecordingSide,
) -> Result<Option<String>, CoreError> {
    let column = match side {
        RecordingSide::Received => "recording",
        RecordingSide::Sent => "recording_sent",
    };
    Ok(connection
        .query_row(
            &format!("SELECT {column} FROM stream_sessions WHERE id = ?1"),
            [id],
            |row| row.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Where a replay goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReplayTarget {
    /// Callboard's own listener, as Vonage would send it.
    #[default]
    Listener,
    /// Straight to the user's backend (the profile's forwarding address).
    Backend,
}

/// Which exchanges the Inspector lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct ExchangeFilter {
    /// Only this call leg (or conversation).
    pub call: Option<String>,
    /// Only this route: `answer`, `event`, `fallback`, `stream`, `flow` or `unknown`.
    pub route: Option<String>,
    /// Only statuses of this class: 2, 4 or 5 (for 2xx, 4xx, 5xx).
    pub status_class: Option<u16>,
    /// At most this many, newest first (default 200).
    pub limit: Option<u32>,
}

/// An exchange as the Inspector's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExchangeSummary {
    /// Its id.
    pub id: Id,
    /// When it arrived, milliseconds since 1970.
    #[ts(type = "number")]
    pub received_at_ms: i64,
    /// Which route.
    pub route: String,
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// Time spent answering, microseconds.
    #[ts(type = "number")]
    pub duration_us: i64,
    /// The call leg.
    pub call_uuid: Option<String>,
    /// For event webhooks the event's status (`ringing`, `answered`, …); for the fallback
    /// webhook the reason Vonage gives.
    pub event_status: Option<String>,
    /// The signature verdict, when signatures are checked (`valid`, `missing`, `invalid: …`).
    pub signature: Option<String>,
    /// The backend URL the request was forwarded to, when it was.
    pub forwarded_to: Option<String>,
    /// Errors in what the backend answered (or its not answering), when forwarded.
    pub problems: u32,
    /// What the event's status or the fallback's reason means, in plain words.
    pub explanation: Option<String>,
    /// When a flow answered: the step the call entered and why, or what was wrong.
    pub flow: Option<callboard_flow::Taken>,
}

/// An exchange, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExchangeDetail {
    /// The summary.
    pub summary: ExchangeSummary,
    /// The query string.
    pub query: String,
    /// Request headers (`Authorization` redacted).
    pub request_headers: Vec<(String, String)>,
    /// The request body.
    pub request_body: String,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// The response body.
    pub response_body: String,
    /// The conversation.
    pub conversation_uuid: Option<String>,
    /// What forwarding to the user's backend did, when the route was forwarded.
    pub forwarded: Option<Forwarded>,
}

const SUMMARY: &str = "id, received_at_ms, route, method, path, status, duration_us, call_uuid,
     CASE WHEN json_valid(request_body) THEN json_extract(request_body, CASE route WHEN 'event' THEN '$.status' WHEN 'fallback' THEN '$.reason' END) END
       AS said_status,
     signature, CASE WHEN route = 'fallback' THEN query END AS fallback_query,
     json_extract(forwarded, '$.url') AS forwarded_to,
     CASE WHEN forwarded IS NULL THEN 0 ELSE
       (json_extract(forwarded, '$.error') IS NOT NULL)
       + (SELECT count(*) FROM json_each(forwarded, '$.notes') WHERE json_extract(value, '$.severity') = 'error') END
       AS problems,
     flow";

fn summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<ExchangeSummary> {
    Ok(ExchangeSummary {
        id: row.get("id")?,
        received_at_ms: row.get("received_at_ms")?,
        route: row.get("route")?,
        method: row.get("method")?,
        path: row.get("path")?,
        status: row.get("status")?,
        duration_us: row.get("duration_us")?,
        call_uuid: row.get("call_uuid")?,
        event_status: row.get::<_, Option<String>>("said_status")?.or_else(|| {
            // A GET fallback carries its reason in the query string.
            let query: Option<String> = row.get("fallback_query").ok().flatten();
            serde_urlencoded::from_str::<Vec<(String, String)>>(&query?)
                .ok()?
                .into_iter()
                .find_map(|(key, value)| (key == "reason").then_some(value))
        }),
        signature: row.get("signature")?,
        forwarded_to: row.get("forwarded_to")?,
        problems: row.get("problems")?,
        explanation: None,
        flow: row
            .get::<_, Option<String>>("flow")?
            .and_then(|text| serde_json::from_str(&text).ok()),
    })
    .map(|mut summary| {
        if let Some(taken) = &summary.flow {
            summary.event_status = Some(taken.why.clone());
            if let Some(problem) = &taken.problem {
                summary.problems += 1;
                summary.explanation = Some(format!(
                    "Flagged: {problem}. The caller was answered with a safe NCCO."
                ));
            }
            return summary;
        }
        summary.explanation = summary.event_status.as_deref().map(|said| {
            if summary.route == "fallback" {
                crate::calls::words::explain_fallback(said)
            } else {
                crate::calls::words::explain_status(said, &Value::Null).0
            }
        });
        summary
    })
}

/// The newest exchanges matching `filter`.
///
/// # Errors
/// Storage errors.
pub fn list(
    connection: &Connection,
    filter: &ExchangeFilter,
) -> Result<Vec<ExchangeSummary>, CoreError> {
    let (low, high) = filter
        .status_class
        .map_or((0, 999), |class| (class * 100, class * 100 + 99));
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {SUMMARY} FROM exchanges
         WHERE (?1 IS NULL OR call_uuid = ?1 OR conversation_uuid = ?1)
           AND (?2 IS NULL OR route = ?2)
           AND status BETWEEN ?3 AND ?4
         ORDER BY id DESC LIMIT ?5"
    ))?;
    let call = filter
        .call
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let rows = statement.query_map(
        params![
            call,
            filter.route,
            low,
            high,
            filter.limit.unwrap_or(200).min(5000)
        ],
        summary,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The exchange whose request carried `x-callboard-replay-of: mark`.
///
/// # Errors
/// Storage errors.
pub fn find_marked(
    connection: &Connection,
    mark: &str,
) -> Result<Option<ExchangeSummary>, CoreError> {
    let pattern = format!("%\"x-callboard-replay-of\",\"{mark}\"%");
    Ok(connection
        .query_row(
            &format!("SELECT {SUMMARY} FROM exchanges WHERE request_headers LIKE ?1 ORDER BY id DESC LIMIT 1"),
            [pattern],
            summary,
        )
        .optional()?)
}

/// One exchange, whole.
///
/// # Errors
/// [`CoreError::ExchangeNotFound`]; storage errors.
pub fn get(connection: &Connection, id: Id) -> Result<ExchangeDetail, CoreError> {
    connection
        .query_row(
            &format!("SELECT {SUMMARY}, query, request_headers, request_body, response_headers, response_body, conversation_uuid, forwarded FROM exchanges WHERE id = ?1"),
            [id],
            |row| {
                let headers = |column: &str| -> rusqlite::Result<Vec<(String, String)>> {
                    Ok(serde_json::from_str(&row.get::<_, String>(column)?).unwrap_or_default())
                };
                Ok(ExchangeDetail {
                    summary: summary(row)?,
                    query: row.get("query")?,
                    request_headers: headers("request_headers")?,
                    request_body: row.get("request_body")?,
                    response_headers: headers("response_headers")?,
                    response_body: row.get("response_body")?,
                    conversation_uuid: row.get("conversation_uuid")?,
                    forwarded: row
                        .get::<_, Option<String>>("forwarded")?
                        .and_then(|text| serde_json::from_str(&text).ok()),
                })
            },
        )
        .optional()?
        .ok_or(CoreError::ExchangeNotFound(id))
}
