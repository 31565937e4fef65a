// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// What the listener kept (exchanges, streams, recordings) and how it answers.

import type { Id, JsonValue } from "./common";
import type { Taken } from "./flows";

/**
 * Which exchanges the Inspector lists.
 */
export type ExchangeFilter = { 
/**
 * Only this call leg (or conversation).
 */
call: string | null, 
/**
 * Only this route: `answer`, `event`, `fallback`, `stream`, `flow` or `unknown`.
 */
route: string | null, 
/**
 * Only statuses of this class: 2, 4 or 5 (for 2xx, 4xx, 5xx).
 */
status_class: number | null, 
/**
 * At most this many, newest first (default 200).
 */
limit: number | null, };

/**
 * An exchange as the Inspector's list shows it.
 */
export type ExchangeSummary = { 
/**
 * Its id.
 */
id: Id, 
/**
 * When it arrived, milliseconds since 1970.
 */
received_at_ms: number, 
/**
 * Which route.
 */
route: string, 
/**
 * The method.
 */
method: string, 
/**
 * The path.
 */
path: string, 
/**
 * The status answered.
 */
status: number, 
/**
 * Time spent answering, microseconds.
 */
duration_us: number, 
/**
 * The call leg.
 */
call_uuid: string | null, 
/**
 * For event webhooks the event's status (`ringing`, `answered`, …); for the fallback
 * webhook the reason Vonage gives.
 */
event_status: string | null, 
/**
 * The signature verdict, when signatures are checked (`valid`, `missing`, `invalid: …`).
 */
signature: string | null, 
/**
 * The backend URL the request was forwarded to, when it was.
 */
forwarded_to: string | null, 
/**
 * Errors in what the backend answered (or its not answering), when forwarded.
 */
problems: number, 
/**
 * What the event's status or the fallback's reason means, in plain words.
 */
explanation: string | null, 
/**
 * When a flow answered: the step the call entered and why, or what was wrong.
 */
flow: Taken | null, };

/**
 * An exchange, whole.
 */
export type ExchangeDetail = { 
/**
 * The summary.
 */
summary: ExchangeSummary, 
/**
 * The query string.
 */
query: string, 
/**
 * Request headers (`Authorization` redacted).
 */
request_headers: Array<[string, string]>, 
/**
 * The request body.
 */
request_body: string, 
/**
 * Response headers.
 */
response_headers: Array<[string, string]>, 
/**
 * The response body.
 */
response_body: string, 
/**
 * The conversation.
 */
conversation_uuid: string | null, 
/**
 * What forwarding to the user's backend did, when the route was forwarded.
 */
forwarded: Forwarded | null, };

/**
 * A call-audio stream session as the Inspector shows it.
 */
export type StreamView = { 
/**
 * Its id.
 */
id: string, 
/**
 * The call leg.
 */
call_uuid: string, 
/**
 * When it opened, ms since 1970.
 */
started_at_ms: number, 
/**
 * When it ended, if it has.
 */
ended_at_ms: number | null, 
/**
 * The announced content type.
 */
content_type: string | null, 
/**
 * The announced sample rate.
 */
sample_rate: number | null, 
/**
 * The audio format in plain words.
 */
format: string, 
/**
 * The first message's other fields.
 */
headers: JsonValue, 
/**
 * Frames received.
 */
frames: number, 
/**
 * Frames of the wrong size.
 */
mis_sized_frames: number, 
/**
 * Pauses longer than two frames.
 */
gaps: number, 
/**
 * The longest pause, ms.
 */
longest_gap_ms: number, 
/**
 * The last frame's level, dBFS.
 */
level_dbfs: number, 
/**
 * Key presses.
 */
dtmf: string, 
/**
 * Problems noticed.
 */
notes: Array<string>, 
/**
 * The WAV recording of what the caller sent, if any.
 */
recording: string | null, 
/**
 * The WAV recording of what went back into the call, if any.
 */
recording_sent: string | null, 
/**
 * Frames sent back into the call (by the listener's reply or the backend).
 */
frames_sent: number, 
/**
 * The backend the session was passed on to, when forwarded.
 */
forwarded_to: string | null, };

/**
 * Where a replay goes.
 */
export type ReplayTarget = "listener" | "backend";

/**
 * Which of a stream session's recordings.
 */
export type RecordingSide = "received" | "sent";

/**
 * One problem in what a backend answered.
 */
export type NccoNote = { 
/**
 * `error` (Vonage would refuse it) or `warning`.
 */
severity: string, 
/**
 * A JSON Pointer into the NCCO (empty for the answer as a whole).
 */
path: string, 
/**
 * What is wrong, in plain words.
 */
message: string, };

/**
 * What forwarding did for one exchange, kept with it.
 */
export type Forwarded = { 
/**
 * The URL the request was passed on to.
 */
url: string, 
/**
 * Why no answer came from the backend, when none did.
 */
error: string | null, 
/**
 * What is wrong with what the backend answered, as Vonage would see it.
 */
notes: Array<NccoNote>, };

/**
 * What the listener sends back into the call.
 */
export type AudioReply = { "kind": "none" } | { "kind": "silence" } | { "kind": "echo" } | { "kind": "tone" } | { "kind": "wav", 
/**
 * The file's path.
 */
path: string, };

/**
 * Forwarding to the user's own backend, as a profile keeps it.
 */
export type ForwardSettings = { 
/**
 * Whether the listener forwards at all.
 */
enabled: boolean, 
/**
 * The backend's base URL, e.g. `http://127.0.0.1:8000`.
 */
base_url: string, 
/**
 * Forward the answer webhook.
 */
answer: boolean, 
/**
 * Forward the event webhook.
 */
event: boolean, 
/**
 * Forward the fallback answer webhook.
 */
fallback: boolean, 
/**
 * Forward the call-audio WebSocket.
 */
stream: boolean, };

/**
 * How long and how much the listener keeps.
 */
export type Retention = { 
/**
 * Keep what arrived in the last this many days.
 */
days: number, 
/**
 * Keep at most this many megabytes (database and recordings together).
 */
max_megabytes: number, };

/**
 * How a profile's listener behaves beyond its paths.
 */
export type ListenerSettings = { 
/**
 * Forwarding to the user's backend.
 */
forward: ForwardSettings, 
/**
 * What the stream route sends back into the call when it is not forwarded.
 */
reply: AudioReply, 
/**
 * How long and how much of what arrives is kept.
 */
retention: Retention, };

/**
 * What the listener keeps now.
 */
export type StoreSize = { 
/**
 * Exchanges kept.
 */
exchanges: number, 
/**
 * Stream sessions kept.
 */
stream_sessions: number, 
/**
 * Bytes used: the database's pages in use and the recordings.
 */
bytes: number, 
/**
 * When the oldest kept exchange arrived, ms since 1970.
 */
oldest_ms: number | null, };

/**
 * The file formats the Inspector exports.
 */
export type ExportFormat = "json_lines" | "har";
