// Generated from crates/core/src/contract.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p callboard-core bindings_are_current`.

import type { Channel } from "@tauri-apps/api/core";

/** Audio: 20 ms of 16-bit little-endian PCM per message (for phone_listen, after a 32-bit little-endian rate). */
export type FrameChannel = Channel<ArrayBuffer>;

/** A WAV file's bytes. */
export type WavBytes = ArrayBuffer;

/**
 * The id of a stored row (profile, NCCO document, …).
 */
export type Id = number;

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

/**
 * Method and timeouts of one voice webhook (milliseconds, Vonage's ranges).
 */
export type HookSettings = { 
/**
 * `GET` or `POST`.
 */
http_method: string, 
/**
 * 300 to 1000 ms.
 */
connect_timeout: number, 
/**
 * 1000 to 5000 ms (answer, fallback) or 10000 ms (event).
 */
socket_timeout: number, };

/**
 * What the listener does with webhook signatures (when the profile has a signature secret).
 */
export type SignatureCheck = "off" | "report" | "enforce";

/**
 * How the profile's voice webhooks are configured on push.
 */
export type WebhookSettings = { 
/**
 * The answer webhook (GET by default, as Vonage's).
 */
answer: HookSettings, 
/**
 * The event webhook (POST by default).
 */
event: HookSettings, 
/**
 * The fallback answer webhook.
 */
fallback: HookSettings, 
/**
 * Ask Vonage to sign webhooks with the signature secret.
 */
signed_callbacks: boolean, 
/**
 * Where inbound calls are handled (`None` leaves the application's choice).
 */
region: string | null, 
/**
 * What the listener does with signatures it receives.
 */
signature_check: SignatureCheck, };

/**
 * Where the profile's calls go: the built-in simulation or a real Vonage account.
 */
export type ProfileKind = "sandbox" | "vonage";

/**
 * The paths at which the listener serves Vonage's webhooks, each starting with `/`.
 */
export type WebhookPaths = { 
/**
 * Where Vonage fetches the NCCO when a call is answered.
 */
answer: string, 
/**
 * Where Vonage posts call events.
 */
event: string, 
/**
 * Where Vonage asks for an NCCO when the answer URL fails.
 */
fallback: string, 
/**
 * Where Vonage opens the call-audio WebSocket; `{uuid}` stands for the call leg.
 */
stream: string, };

/**
 * A stored profile.
 */
export type Profile = { 
/**
 * Stable id.
 */
id: Id, 
/**
 * Shown name, unique.
 */
name: string, 
/**
 * Sandbox or Vonage.
 */
kind: ProfileKind, 
/**
 * The local port the webhook listener binds on 127.0.0.1.
 */
listener_port: number, 
/**
 * The webhook paths served.
 */
paths: WebhookPaths, 
/**
 * The account's API key (not secret).
 */
api_key: string, 
/**
 * The voice application's id.
 */
application_id: string, 
/**
 * The REST API base for Vonage profiles (`https://api.nexmo.com`); the Sandbox's own for Sandbox profiles.
 */
api_base_url: string, 
/**
 * The public tunnel URL Vonage reaches the listener through (empty: not set).
 */
public_url: string, 
/**
 * Methods and timeouts of the voice webhooks, for pushes.
 */
webhooks: WebhookSettings, 
/**
 * Forwarding to the user's backend, and the stream route's reply.
 */
listener: ListenerSettings, };

/**
 * What the listener is doing, as the status bar shows it.
 */
export type ListenerStatus = { "state": "stopped" } | { "state": "running", 
/**
 * The local base URL, e.g. `http://127.0.0.1:3000`.
 */
address: string, 
/**
 * The port bound.
 */
port: number, } | { "state": "port_busy", 
/**
 * The port asked for.
 */
port: number, 
/**
 * What happened, in words.
 */
message: string, 
/**
 * What to do.
 */
hint: string, } | { "state": "failed", 
/**
 * The port asked for.
 */
port: number, 
/**
 * What happened, in words.
 */
message: string, 
/**
 * What to do.
 */
hint: string, };

/**
 * Which secrets a profile has in the keychain (never their values).
 */
export type SecretPresence = { 
/**
 * The API secret is stored.
 */
api_secret: boolean, 
/**
 * The private key is stored.
 */
private_key: boolean, 
/**
 * The signature secret is stored.
 */
signature_secret: boolean, };

/**
 * The running Sandbox's account, as the Connect section shows it.
 */
export type SandboxInfo = { 
/**
 * The account's API key.
 */
api_key: string, 
/**
 * The application's id.
 */
application_id: string, 
/**
 * Whether the account is kept for the next run (false when the keychain refused it).
 */
kept: boolean, 
/**
 * Why it could not be kept, when it was not.
 */
not_kept_because: string | null, };

/**
 * Everything the UI shows in its frame: profiles, the active one, the listener.
 */
export type AppState = { 
/**
 * Callboard's version.
 */
version: string, 
/**
 * The data directory, shown in Doctor and About.
 */
data_dir: string, 
/**
 * Every profile.
 */
profiles: Array<Profile>, 
/**
 * The active profile.
 */
active_profile: Profile, 
/**
 * The webhook listener.
 */
listener: ListenerStatus, 
/**
 * Which secrets the active profile has in the keychain.
 */
secrets: SecretPresence, 
/**
 * The REST API base the active profile talks to (the running Sandbox's for a Sandbox profile).
 */
platform_url: string | null, 
/**
 * The running Sandbox's account, for a Sandbox profile.
 */
sandbox: SandboxInfo | null, 
/**
 * When the last push to the active profile's application was made, if Undo can put it back.
 */
undo_available_since: string | null, 
/**
 * The regions Vonage can handle inbound calls in, for the Webhooks view.
 */
voice_regions: Array<string>, 
/**
 * Why webhooks are not being stored right now, if they are not.
 */
storage_problem: string | null, };

/**
 * What a person may change in a profile's connection; secrets go to the keychain.
 */
export type ConnectionInput = { 
/**
 * The profile's name.
 */
name: string, 
/**
 * The account's API key.
 */
api_key: string, 
/**
 * The voice application's id.
 */
application_id: string, 
/**
 * The REST API base (leave as `https://api.nexmo.com` unless told otherwise).
 */
api_base_url: string, };

/**
 * Which secret of a profile.
 */
export type SecretName = "api_secret" | "private_key" | "signature_secret";

/**
 * A step of the Check.
 */
export type CheckStepId = "credentials" | "application" | "private_key" | "voice_token";

/**
 * How a step went.
 */
export type StepStatus = "passed" | "failed" | "skipped";

/**
 * One step's outcome.
 */
export type CheckStep = { 
/**
 * Which step.
 */
id: CheckStepId, 
/**
 * What it checks, in words.
 */
title: string, 
/**
 * How it went.
 */
status: StepStatus, 
/**
 * What was found.
 */
detail: string, 
/**
 * What to do, when it failed.
 */
hint: string | null, 
/**
 * How long it took.
 */
millis: number, };

/**
 * A tunnel the ngrok agent reports.
 */
export type Tunnel = { 
/**
 * Its public URL.
 */
public_url: string, 
/**
 * Where it forwards, e.g. `http://localhost:3000`.
 */
forwards_to: string, 
/**
 * Whether it forwards to the listener's port.
 */
reaches_listener: boolean, };

/**
 * The outcome of sending a probe out through the public URL.
 */
export type SelfCheck = { 
/**
 * The probe came back to this listener through the tunnel.
 */
passed: boolean, 
/**
 * What happened.
 */
detail: string, 
/**
 * What to do when it failed.
 */
hint: string | null, 
/**
 * The round trip.
 */
millis: number, };

/**
 * One field of the voice configuration, as it is and as a push would make it.
 */
export type DiffRow = { 
/**
 * Its path under `capabilities.voice`, e.g. `webhooks.answer_url.address`.
 */
field: string, 
/**
 * A label for people, e.g. "Answer address".
 */
label: string, 
/**
 * The value now (`None`: not set).
 */
current: string | null, 
/**
 * The value after the push.
 */
proposed: string | null, 
/**
 * Whether it changes.
 */
changed: boolean, };

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
 * Where a test call's NCCO comes from.
 */
export type NccoSource = "answer_webhook" | "active_inline";

/**
 * A test call to place.
 */
export type PlaceCall = { 
/**
 * The number to call, E.164 (a leading `+` and spaces are allowed).
 */
to: string, 
/**
 * The caller ID, one of the account's numbers; none for a random one of them.
 */
from: string | null, 
/**
 * Where the NCCO comes from.
 */
ncco_source: NccoSource, };

/**
 * What to do to a live call from the Calls section.
 */
export type CallControl = { "kind": "hangup" } | { "kind": "mute" } | { "kind": "unmute" } | { "kind": "earmuff" } | { "kind": "unearmuff" } | { "kind": "talk", 
/**
 * What to say.
 */
text: string, } | { "kind": "stop_talk" } | { "kind": "stop_stream" } | { "kind": "stream", 
/**
 * Where the file is, `https://…`.
 */
url: string, } | { "kind": "dtmf", 
/**
 * Digits, `*`, `#`, `p` for a pause.
 */
digits: string, } | { "kind": "transfer_to_active" } | { "kind": "transfer_to_url", 
/**
 * `https://…`, answering with an NCCO.
 */
url: string, };

/**
 * A call placed from Callboard, as the Calls list shows it.
 */
export type CallSummary = { 
/**
 * The leg's UUID.
 */
uuid: string, 
/**
 * Its conversation.
 */
conversation_uuid: string, 
/**
 * The number called.
 */
to: string, 
/**
 * The caller ID (empty for a random one).
 */
from: string, 
/**
 * Where its NCCO came from.
 */
ncco_source: NccoSource, 
/**
 * When it was placed, ms since 1970.
 */
placed_at_ms: number, 
/**
 * The latest status its events reported (`None` before the first).
 */
status: string | null, };

/**
 * How an entry on a timeline reads.
 */
export type Tone = "ok" | "warn" | "bad" | "info";

/**
 * One moment of a call.
 */
export type TimelineEntry = { 
/**
 * When, ms since 1970.
 */
at_ms: number, 
/**
 * `placed`, `answer`, `fallback`, `event`, `stream`, `recording`, or `control` (what
 * the user did to the call from the Calls section).
 */
kind: string, 
/**
 * A few words: the status, `Answer webhook`, …
 */
title: string, 
/**
 * What it means, in plain words.
 */
detail: string, 
/**
 * How it reads.
 */
tone: Tone, 
/**
 * The exchange behind it, to open in the Inspector.
 */
exchange_id: Id | null, 
/**
 * The stream session behind it.
 */
stream_id: string | null, 
/**
 * A recording to play.
 */
recording_url: string | null, 
/**
 * The NCCO served, for the answer entry.
 */
ncco: JsonValue | null, 
/**
 * For a `step` entry: the flow step entered and why.
 */
flow: Taken | null, };

/**
 * A call and everything that happened on it, in order.
 */
export type Timeline = { 
/**
 * The call.
 */
call: CallSummary, 
/**
 * What happened.
 */
entries: Array<TimelineEntry>, };

/**
 * What the phone does when a call rings.
 */
export type Pickup = { "kind": "answer", 
/**
 * Milliseconds of ringing first.
 */
after_ms: number, } | { "kind": "busy" } | { "kind": "no_answer" } | { "kind": "reject" } | { "kind": "unreachable" };

/**
 * What the phone sends into the call while it is connected.
 */
export type PhoneAudio = { "kind": "silence" } | { "kind": "tone" } | { "kind": "wav", 
/**
 * The file's path.
 */
path: string, };

/**
 * Something the phone noticed, for whoever shows it.
 */
export type PhoneEvent = { "type": "ringing", 
/**
 * The leg.
 */
call: string, 
/**
 * Who calls.
 */
from: string, } | { "type": "answered", 
/**
 * The leg.
 */
call: string, } | { "type": "caption", 
/**
 * The leg.
 */
call: string, 
/**
 * The words.
 */
text: string, } | { "type": "audio", 
/**
 * The leg.
 */
call: string, 
/**
 * Where the audio came from.
 */
source: string, } | { "type": "unplayable", 
/**
 * The leg.
 */
call: string, 
/**
 * Where the audio came from.
 */
source: string, 
/**
 * Why, in words.
 */
reason: string, } | { "type": "keys", 
/**
 * The leg.
 */
call: string, 
/**
 * The digits.
 */
digits: string, } | { "type": "muted", 
/**
 * The leg.
 */
call: string, 
/**
 * Whether it is muted now.
 */
on: boolean, } | { "type": "earmuffed", 
/**
 * The leg.
 */
call: string, 
/**
 * Whether it is earmuffed now.
 */
on: boolean, } | { "type": "ended", 
/**
 * The leg.
 */
call: string, 
/**
 * The final status.
 */
status: string, };

/**
 * The Sandbox's virtual phone, as its section shows it.
 */
export type PhoneState = { 
/**
 * How it answers calls.
 */
pickup: Pickup, 
/**
 * How the party a `connect` rings answers (a second leg, as a flow's "if nobody
 * answers" branches need).
 */
connected_party: Pickup, 
/**
 * What it sends into calls.
 */
audio: PhoneAudio, 
/**
 * The number it calls from.
 */
number: string, 
/**
 * The application's numbers, which it can dial.
 */
application_numbers: Array<string>, };

/**
 * How a check came out.
 */
export type DoctorState = "pass" | "warn" | "fail" | "skipped";

/**
 * Which check.
 */
export type DoctorCheckId = "credentials" | "application" | "private_key" | "voice_api" | "listener" | "tunnel" | "webhooks_match" | "answer_webhook" | "event_webhook" | "web_sockets" | "signatures" | "number";

/**
 * One thing seen while checking.
 */
export type Evidence = { 
/**
 * What it is (`Sent`, `Status`, `Took`, …).
 */
label: string, 
/**
 * What it was.
 */
value: string, };

/**
 * What the Doctor can do about a failed check.
 */
export type DoctorFix = { "kind": "open", 
/**
 * The section's id (`connect`, `webhooks`, `compose`, …).
 */
section: string, 
/**
 * The button's words.
 */
label: string, } | { "kind": "push_webhooks" } | { "kind": "use_listener_address" } | { "kind": "restart_listener" };

/**
 * One check's outcome.
 */
export type DoctorCheck = { 
/**
 * Which check.
 */
id: DoctorCheckId, 
/**
 * What it checks, as the setup guide's list says it.
 */
title: string, 
/**
 * How it came out.
 */
state: DoctorState, 
/**
 * What was found, in words a non-developer understands.
 */
message: string, 
/**
 * What to do about it.
 */
hint: string | null, 
/**
 * What was sent and what came back.
 */
evidence: Array<Evidence>, 
/**
 * How long it took, ms.
 */
millis: number | null, 
/**
 * A fix, where one exists.
 */
fix: DoctorFix | null, };

/**
 * Every check, in the order the setup guide's troubleshooting list takes them.
 */
export type DoctorReport = { 
/**
 * The checks.
 */
checks: Array<DoctorCheck>, 
/**
 * When they ran, ms since 1970.
 */
ran_at_ms: number, };

/**
 * The file formats the Inspector exports.
 */
export type ExportFormat = "json_lines" | "har";

/**
 * What a push would do to an application.
 */
export type PushPlan = { 
/**
 * The application.
 */
application_id: string, 
/**
 * Its name.
 */
application_name: string, 
/**
 * Every voice field, changed or not.
 */
rows: Array<DiffRow>, 
/**
 * Current webhook addresses that point at another server (not the public URL, the
 * listener, nor a tunnel Callboard pushed before), which the push would replace.
 */
foreign: Array<string>, 
/**
 * How many fields change.
 */
changes: number, 
/**
 * Whether the public URL the push writes has been proved to reach the listener.
 */
proof: AddressProof, };

/**
 * What is known of the public URL a push writes: whether a probe sent out through it
 * came back to the listener.
 */
export type AddressProof = { "state": "proved" } | { "state": "failed", 
/**
 * What the proof found.
 */
detail: string, } | { "state": "untried" };

/**
 * The kinds of error the UI distinguishes.
 */
export type ErrorKind = "storage" | "keychain" | "not_found" | "invalid_input" | "unavailable" | "needs_confirmation" | "precondition" | "network" | "refused";

/**
 * An error as the UI receives it.
 */
export type UiError = { 
/**
 * What kind of failure.
 */
kind: ErrorKind, 
/**
 * What went wrong, in plain words.
 */
message: string, 
/**
 * What to do about it, when there is something to do.
 */
hint: string | null, 
/**
 * For a precondition: the section where it is done (the UI offers to open it).
 */
section: string | null, 
/**
 * For input: the form's input to correct, when one holds it.
 */
field: string | null, 
/**
 * For a network failure: the host that did not answer.
 */
host: string | null, };

/**
 * Something in core changed.
 */
export type CoreEvent = { "type": "listener_changed", 
/**
 * Its new status.
 */
status: ListenerStatus, } | { "type": "profiles_changed" } | { "type": "ncco_changed" } | { "type": "exchanges_added" } | { "type": "streams_changed" } | { "type": "phone", 
/**
 * What it noticed.
 */
event: PhoneEvent, } | { "type": "calls_changed" } | { "type": "test_step", 
/**
 * The test.
 */
test: Id, 
/**
 * How the step went.
 */
step: StepResult, } | { "type": "storage_changed", 
/**
 * Why it fails, in plain words; none once it works again.
 */
problem: string | null, } | { "type": "tunnel_changed", 
/**
 * The public URL the profile (and the application) use.
 */
previous: string, 
/**
 * The address ngrok now gives the tunnel.
 */
current: string, };

/**
 * A native menu item the UI carries out (the shell does the rest itself: quit, zoom,
 * cut/copy/paste/select all, About, the logs folder).
 */
export type MenuAction = { "action": "new_ncco" } | { "action": "new_flow" } | { "action": "import" } | { "action": "export" } | { "action": "undo" } | { "action": "redo" } | { "action": "section", 
/**
 * The section's id, as the UI names it (`"calls"`).
 */
section: string, } | { "action": "help" } | { "action": "shortcuts" } | { "action": "glossary" } | { "action": "report_problem" };

/**
 * A step of the window's zoom.
 */
export type ZoomChange = "in" | "out" | "reset";

/**
 * How bad a finding is.
 */
export type Severity = "error" | "warning";

/**
 * A change that resolves a finding.
 */
export type Fix = { 
/**
 * What the fix does, as a button label ("Wrap the URL in an array").
 */
label: string, 
/**
 * The change, as JSON Patch operations against the whole NCCO.
 */
patch: JsonValue, };

/**
 * One problem found in an NCCO.
 */
export type Finding = { 
/**
 * Error or warning.
 */
severity: Severity, 
/**
 * JSON Pointer to the offending value, e.g. `/1/endpoint/0/uri`.
 */
path: string, 
/**
 * A stable identifier of the rule, for tests and documentation.
 */
code: string, 
/**
 * What is wrong and why, in plain words.
 */
message: string, 
/**
 * Ways to resolve it, best first (may be empty).
 */
fixes: Array<Fix>, };

/**
 * What values an option takes.
 */
export type Kind = { "kind": "bool" } | { "kind": "integer", 
/**
 * Smallest allowed value.
 */
min: number | null, 
/**
 * Largest allowed value.
 */
max: number | null, } | { "kind": "number", 
/**
 * Smallest allowed value.
 */
min: number, 
/**
 * Largest allowed value.
 */
max: number, } | { "kind": "text", 
/**
 * Longest allowed text, when limited.
 */
max_chars: number | null, } | { "kind": "choice", 
/**
 * The allowed values.
 */
values: Array<string>, } | { "kind": "choice_list", 
/**
 * The allowed values.
 */
values: Array<string>, } | { "kind": "url", 
/**
 * Allowed schemes, without `://`.
 */
schemes: Array<string>, } | { "kind": "url_array", 
/**
 * Allowed schemes, without `://`.
 */
schemes: Array<string>, } | { "kind": "text_list" } | { "kind": "language" } | { "kind": "phone_number" } | { "kind": "pattern", 
/**
 * The pattern as a regular expression (anchored).
 */
regex: string, 
/**
 * What the pattern means, for messages.
 */
meaning: string, } | { "kind": "object", 
/**
 * The nested options.
 */
fields: Array<Field>, } | { "kind": "any_object" } | { "kind": "headers", 
/**
 * Largest allowed size of the serialized object, in bytes.
 */
max_bytes: number | null, } | { "kind": "endpoints" };

/**
 * One option of an action (or of a nested object).
 */
export type Field = { 
/**
 * The JSON key, exactly as Vonage spells it.
 */
name: string, 
/**
 * A short label for forms.
 */
label: string, 
/**
 * Whether the action is invalid without it.
 */
required: boolean, 
/**
 * Vonage's default, as shown in forms (`None` when there is none).
 */
default: string | null, 
/**
 * One or two sentences of help, from the reference.
 */
help: string, 
/**
 * Folded away in forms until asked for.
 */
advanced: boolean, 
/**
 * When out of range Vonage uses the nearest bound instead of refusing the NCCO: the
 * source that says so (and where sources disagree, which one Callboard follows).
 */
clamped: string | null, } & ({ "kind": "bool" } | { "kind": "integer", 
/**
 * Smallest allowed value.
 */
min: number | null, 
/**
 * Largest allowed value.
 */
max: number | null, } | { "kind": "number", 
/**
 * Smallest allowed value.
 */
min: number, 
/**
 * Largest allowed value.
 */
max: number, } | { "kind": "text", 
/**
 * Longest allowed text, when limited.
 */
max_chars: number | null, } | { "kind": "choice", 
/**
 * The allowed values.
 */
values: Array<string>, } | { "kind": "choice_list", 
/**
 * The allowed values.
 */
values: Array<string>, } | { "kind": "url", 
/**
 * Allowed schemes, without `://`.
 */
schemes: Array<string>, } | { "kind": "url_array", 
/**
 * Allowed schemes, without `://`.
 */
schemes: Array<string>, } | { "kind": "text_list" } | { "kind": "language" } | { "kind": "phone_number" } | { "kind": "pattern", 
/**
 * The pattern as a regular expression (anchored).
 */
regex: string, 
/**
 * What the pattern means, for messages.
 */
meaning: string, } | { "kind": "object", 
/**
 * The nested options.
 */
fields: Array<Field>, } | { "kind": "any_object" } | { "kind": "headers", 
/**
 * Largest allowed size of the serialized object, in bytes.
 */
max_bytes: number | null, } | { "kind": "endpoints" });

/**
 * One NCCO action.
 */
export type ActionSpec = { 
/**
 * The `action` value.
 */
name: string, 
/**
 * What it does, in one sentence.
 */
summary: string, 
/**
 * Whether the next action waits for this one to finish.
 */
synchronous: string, 
/**
 * Its options.
 */
fields: Array<Field>, };

/**
 * One `connect` endpoint type.
 */
export type EndpointSpec = { 
/**
 * The `type` value.
 */
name: string, 
/**
 * What it connects to.
 */
summary: string, 
/**
 * Its options (besides `type`).
 */
fields: Array<Field>, };

/**
 * A named starting point.
 */
export type Template = { 
/**
 * Stable identifier.
 */
id: string, 
/**
 * Shown name.
 */
name: string, 
/**
 * What it does, in a sentence.
 */
description: string, 
/**
 * The NCCO.
 */
ncco: JsonValue, };

/**
 * A per-call placeholder.
 */
export type Placeholder = { 
/**
 * As written in the NCCO, e.g. `{uuid}`.
 */
token: string, 
/**
 * What it becomes.
 */
meaning: string, };

/**
 * What the composer needs to render its forms: the whole catalogue, once.
 */
export type NccoCatalogue = { 
/**
 * Every action with its options.
 */
actions: Array<ActionSpec>, 
/**
 * Every connect endpoint type with its options.
 */
endpoints: Array<EndpointSpec>, 
/**
 * Starting points.
 */
templates: Array<Template>, 
/**
 * The per-call placeholders and what each becomes.
 */
placeholders: Array<Placeholder>, };

/**
 * A saved document, as the document list shows it.
 */
export type NccoSummary = { 
/**
 * Its id.
 */
id: Id, 
/**
 * Its unique name.
 */
name: string, 
/**
 * When it was last saved (UTC, ISO 8601).
 */
updated_at: string, 
/**
 * Whether the active profile's answer webhook serves it.
 */
active: boolean, 
/**
 * How many errors the validator finds in it.
 */
errors: number, 
/**
 * How many warnings.
 */
warnings: number, };

/**
 * A saved document with its content and findings.
 */
export type NccoDocument = { 
/**
 * Its id.
 */
id: Id, 
/**
 * Its unique name.
 */
name: string, 
/**
 * The NCCO.
 */
document: JsonValue, 
/**
 * When it was last saved.
 */
updated_at: string, 
/**
 * Whether the active profile's answer webhook serves it.
 */
active: boolean, 
/**
 * What the validator finds in it.
 */
findings: Array<Finding>, };

/**
 * Where a text stops being JSON.
 */
export type SyntaxError = { 
/**
 * 1-based line.
 */
line: number, 
/**
 * 1-based column.
 */
column: number, 
/**
 * What the parser expected, in its words.
 */
message: string, };

/**
 * The result of checking an NCCO text.
 */
export type NccoCheck = { 
/**
 * Set when the text is not JSON; then `document` is null and there are no findings.
 */
syntax_error: SyntaxError | null, 
/**
 * The parsed document.
 */
document: JsonValue | null, 
/**
 * What the validator finds.
 */
findings: Array<Finding>, };

/**
 * How one step went.
 */
export type StepResult = { 
/**
 * Its line in the file.
 */
line: number, 
/**
 * The step in words.
 */
step: string, 
/**
 * Whether it passed.
 */
passed: boolean, 
/**
 * How long it took.
 */
took_ms: number, 
/**
 * For a failure: what happened instead.
 */
failure: string | null, 
/**
 * Why it was skipped (a `reach` when no flow answers the calls).
 */
skipped: string | null, };

/**
 * What the call showed, as a failure's evidence.
 */
export type CallEvidence = { 
/**
 * Every caption the phone heard, in order.
 */
captions: Array<string>, 
/**
 * Every event status posted, in order.
 */
events: Array<string>, 
/**
 * The flow steps entered and why.
 */
steps: Array<string>, 
/**
 * The NCCO the answer webhook served, or why there was none.
 */
ncco: unknown, };

/**
 * What a step does, as the form offers it.
 */
export type TestStepKind = "hear" | "hear_pattern" | "press" | "say" | "send" | "send_wav" | "wait" | "event" | "reach" | "connect" | "websocket" | "audio_back" | "recording" | "hang_up" | "ended";

/**
 * One step as the form shows it.
 */
export type TestStep = { 
/**
 * What it does.
 */
kind: TestStepKind, 
/**
 * Its value as typed (words, keys, seconds, a status); empty for hang up.
 */
value: string, 
/**
 * How long it waits, seconds (the default 10 when none).
 */
within: number | null, };

/**
 * A saved test, as the list shows it.
 */
export type CallTestSummary = { 
/**
 * Its id.
 */
id: Id, 
/**
 * Its unique name.
 */
name: string, 
/**
 * How many steps.
 */
steps: number, 
/**
 * When it was last saved.
 */
updated_at: string, 
/**
 * Its last run.
 */
last_run: TestRunView | null, };

/**
 * A saved test, whole.
 */
export type CallTestDocument = { 
/**
 * Its id.
 */
id: Id, 
/**
 * Its unique name.
 */
name: string, 
/**
 * The test file.
 */
text: string, 
/**
 * Its steps, as the form edits them.
 */
steps: Array<TestStep>, };

/**
 * How a run of a saved test went.
 */
export type TestRunView = { 
/**
 * The test.
 */
test_id: Id, 
/**
 * When it ran, ms since 1970.
 */
at_ms: number, 
/**
 * Whether every step passed.
 */
passed: boolean, 
/**
 * The call it placed, whose timeline the Calls section shows.
 */
call: string | null, 
/**
 * Each step run, up to the first failure.
 */
steps: Array<StepResult>, 
/**
 * What the call showed, for a failure.
 */
evidence: CallEvidence, 
/**
 * How long it took.
 */
took_ms: number, };

/**
 * A named graph of steps.
 */
export type Flow = { 
/**
 * Shown name ("Keypad menu").
 */
name: string, 
/**
 * The identifier of the step a call starts at.
 */
start: string, 
/**
 * Every step.
 */
steps: Array<Step>, };

/**
 * One step: an NCCO, and where the call goes after it.
 */
export type Step = { 
/**
 * Stable identifier: lower-case letters, digits and `-`, written into webhook paths.
 */
id: string, 
/**
 * Shown name ("Support").
 */
name: string, 
/**
 * The actions, as in any NCCO. A step that branches on keys, words or a connect's
 * outcome ends with that `input` or `connect`.
 */
ncco: Array<Record<string, unknown>>, 
/**
 * Where the call goes by the outcome of the step's last action, first match wins.
 */
branches?: Array<Branch>, 
/**
 * Where the call goes when the step's actions are over (for a `connect`, once the
 * connected call ends; for a `record`, once the recording is made).
 */
next?: string, 
/**
 * A limit on how often one call enters this step.
 */
repeat?: Repeat, 
/**
 * Where the step sits on the canvas.
 */
position?: Position, };

/**
 * One way out of a step.
 */
export type Branch = { 
/**
 * The outcome that takes it.
 */
when: When, 
/**
 * The step it goes to.
 */
to: string, };

/**
 * An outcome of a step's last action.
 */
export type When = { "type": "keys", 
/**
 * The keys, or a pattern of them.
 */
keys: string, } | { "type": "said", 
/**
 * The phrases.
 */
phrases: Array<string>, } | { "type": "no_input" } | { "type": "other" } | { "type": "connect", 
/**
 * How it ended.
 */
status: ConnectStatus, };

/**
 * How a synchronous `connect` can fail to connect (`docs/vonage.md` §5).
 */
export type ConnectStatus = "busy" | "timeout" | "failed" | "rejected" | "unanswered";

/**
 * "Up to `times` times in a call, then `then`": a call about to enter the step once
 * more goes to `then` instead.
 */
export type Repeat = { 
/**
 * How many times a call may enter the step.
 */
times: number, 
/**
 * The step it goes to instead.
 */
then: string, };

/**
 * A step's place on the canvas.
 */
export type Position = { 
/**
 * Left, in canvas units.
 */
x: number, 
/**
 * Top, in canvas units.
 */
y: number, };

/**
 * One problem found in a flow.
 */
export type FlowFinding = { 
/**
 * Error or warning.
 */
severity: Severity, 
/**
 * A stable identifier of the rule.
 */
code: string, 
/**
 * What is wrong and why.
 */
message: string, 
/**
 * The step it is on, if any.
 */
step?: string, 
/**
 * The branch it is on (its index among the step's branches), if any.
 */
branch?: number, 
/**
 * For a finding of the NCCO validator, its JSON Pointer within the step's NCCO.
 */
path?: string, 
/**
 * Fixes against the step's NCCO (the NCCO validator's).
 */
fixes: Array<Fix>, };

/**
 * A step entered, and why: kept with the exchange that entered it.
 */
export type Taken = { 
/**
 * The flow's key, as in its routes.
 */
flow: string, 
/**
 * The step entered, if any.
 */
step?: string, 
/**
 * Its shown name.
 */
step_name?: string, 
/**
 * Why, in words ("pressed 2 → Support").
 */
why: string, 
/**
 * What was wrong with what Vonage sent, if anything.
 */
problem?: string, };

/**
 * A saved flow, as the flow list shows it.
 */
export type FlowSummary = { 
/**
 * Its id.
 */
id: Id, 
/**
 * Its unique name.
 */
name: string, 
/**
 * When it was last saved (UTC, ISO 8601).
 */
updated_at: string, 
/**
 * Whether the active profile's answer webhook serves it.
 */
active: boolean, 
/**
 * How many steps.
 */
steps: number, 
/**
 * How many errors the check finds.
 */
errors: number, 
/**
 * How many warnings.
 */
warnings: number, };

/**
 * A saved flow, whole, with its findings.
 */
export type FlowDocument = { 
/**
 * Its id.
 */
id: Id, 
/**
 * The newest revision's id.
 */
revision: Id, 
/**
 * The flow.
 */
flow: Flow, 
/**
 * When it was last saved.
 */
updated_at: string, 
/**
 * Whether the active profile's answer webhook serves it.
 */
active: boolean, 
/**
 * What the check finds.
 */
findings: Array<FlowFinding>, };

/**
 * One kept revision.
 */
export type FlowRevision = { 
/**
 * Its id.
 */
id: Id, 
/**
 * When it was saved.
 */
saved_at: string, 
/**
 * The flow's name then.
 */
name: string, 
/**
 * How many steps it had.
 */
steps: number, };

/**
 * What the flow editor needs besides the NCCO catalogue: the flows to start from.
 */
export type FlowCatalogue = { 
/**
 * Starting points, each with real branches and no findings.
 */
templates: Array<FlowTemplateView>, };

/**
 * A flow to start from.
 */
export type FlowTemplateView = { 
/**
 * Stable identifier.
 */
id: string, 
/**
 * What it does.
 */
description: string, 
/**
 * The flow.
 */
flow: Flow, };

/** The Tauri event name carrying every CoreEvent. */
export const CORE_EVENT = "core://event";

/** The Tauri event name carrying every MenuAction of the native menu. */
export const MENU_EVENT = "shell://menu";

/** The window's sections in sidebar order (Ctrl+1 is the first), each id with its label. */
export const SECTION_LABELS = {
  connect: "Connect",
  webhooks: "Webhooks",
  compose: "Compose",
  flows: "Flows",
  calls: "Calls",
  tests: "Tests",
  inspector: "Inspector",
  phone: "Sandbox phone",
  doctor: "Doctor",
} as const;

export type SectionId = keyof typeof SECTION_LABELS;

/** Every ErrorKind, to recognise a UiError. */
export const ERROR_KINDS: readonly ErrorKind[] = ["storage", "keychain", "not_found", "invalid_input", "unavailable", "needs_confirmation", "precondition", "network", "refused"];

/** Every command: its arguments and its result. */
export type Commands = {
  /** The frame's state: profiles, the active one, the listener. */
  app_state: { args: {  }; result: AppState };
  /** Moves the active profile's listener to another port and restarts it. */
  set_listener_port: { args: { port: number }; result: ListenerStatus };
  /** Starts the active profile's listener again on its saved port. */
  restart_listener: { args: {  }; result: ListenerStatus };
  /** Every action, endpoint type, template and placeholder, for the composer's forms. */
  ncco_catalogue: { args: {  }; result: NccoCatalogue };
  /** Every saved NCCO document. */
  ncco_list: { args: {  }; result: Array<NccoSummary> };
  /** One saved document with its findings. */
  ncco_get: { args: { id: Id }; result: NccoDocument };
  /** Saves a document; a new one when id is null. */
  ncco_save: { args: { id: Id | null; name: string; document: JsonValue }; result: NccoDocument };
  /** Deletes a document. */
  ncco_delete: { args: { id: Id }; result: null };
  /** Makes the answer webhook serve a document (null: the welcome NCCO). */
  ncco_activate: { args: { id: Id | null }; result: Array<NccoSummary> };
  /** Parses and validates NCCO text. */
  ncco_check: { args: { text: string }; result: NccoCheck };
  /** Applies a validator fix to a document. */
  ncco_apply_fix: { args: { document: JsonValue; fix: Fix }; result: JsonValue };
  /** Imports an NCCO file as a new document. */
  ncco_import: { args: { path: string }; result: NccoDocument };
  /** Writes a document to a file. */
  ncco_export: { args: { id: Id; path: string }; result: null };
  /** Every saved call test with its last run. */
  tests_list: { args: {  }; result: Array<CallTestSummary> };
  /** One saved call test. */
  tests_get: { args: { id: Id }; result: CallTestDocument };
  /** Saves a call test from the form's steps; a new one when id is null. */
  tests_save: { args: { id: Id | null; name: string; steps: Array<TestStep> }; result: CallTestDocument };
  /** Saves a call test from its TOML text. */
  tests_save_text: { args: { id: Id | null; name: string; text: string }; result: CallTestDocument };
  /** Deletes a call test. */
  tests_delete: { args: { id: Id }; result: null };
  /** Runs a call test as a Sandbox call. */
  tests_run: { args: { id: Id }; result: TestRunView };
  /** A new call test of what a call did. */
  tests_from_call: { args: { uuid: string }; result: CallTestDocument };
  /** Imports a call test file (.toml) as a new test. */
  tests_import: { args: { path: string }; result: CallTestDocument };
  /** Writes a call test to a file that `callboard-cli test` runs. */
  tests_export: { args: { id: Id; path: string }; result: null };
  /** The flows to start from. */
  flow_catalogue: { args: {  }; result: FlowCatalogue };
  /** Every saved flow. */
  flow_list: { args: {  }; result: Array<FlowSummary> };
  /** A saved flow at its newest revision, or at the revision given. */
  flow_get: { args: { id: Id; revision: Id | null }; result: FlowDocument };
  /** Every finding in a flow being edited. */
  flow_check: { args: { flow: Flow }; result: Array<FlowFinding> };
  /** Saves a flow as a new revision; a new flow when id is null. */
  flow_save: { args: { id: Id | null; flow: Flow }; result: FlowDocument };
  /** Every kept revision of a flow, newest first. */
  flow_revisions: { args: { id: Id }; result: Array<FlowRevision> };
  /** Saves an old revision again as the newest. */
  flow_restore: { args: { id: Id; revision: Id }; result: FlowDocument };
  /** Deletes a flow and its revisions. */
  flow_delete: { args: { id: Id }; result: null };
  /** Makes the answer webhook serve a flow (null: no flow). */
  flow_activate: { args: { id: Id | null }; result: Array<FlowSummary> };
  /** Imports a flow file as a new flow. */
  flow_import: { args: { path: string }; result: FlowDocument };
  /** Writes a flow to a file. */
  flow_export: { args: { id: Id; path: string }; result: null };
  /** The native open dialog; the file chosen (which file commands then accept), or none. */
  dialog_open: { args: { title: string; extensions: Array<string> }; result: string | null };
  /** The native save dialog; the path chosen (which file commands then accept), or none. */
  dialog_save: { args: { title: string; defaultName: string; extensions: Array<string> }; result: string | null };
  /** Creates a profile for a Vonage account and makes it active. */
  profile_create: { args: { name: string }; result: AppState };
  /** Deletes a profile for an account and its secrets in the keychain. */
  profile_delete: { args: { id: Id }; result: AppState };
  /** Makes another profile active. */
  profile_activate: { args: { id: Id }; result: AppState };
  /** Saves the active profile's name and connection settings. */
  profile_save_connection: { args: { input: ConnectionInput }; result: AppState };
  /** Stores (or, when empty, removes) the API secret or the signature secret in the keychain. */
  profile_set_secret: { args: { name: SecretName; value: string }; result: AppState };
  /** Checks and stores a pasted private key. */
  profile_set_private_key: { args: { text: string }; result: AppState };
  /** Proves the active profile's connection step by step. */
  connect_check: { args: {  }; result: Array<CheckStep> };
  /** Saves the public URL (checked) and the webhook settings. */
  webhooks_save: { args: { publicUrl: string; settings: WebhookSettings }; result: AppState };
  /** The https tunnels the ngrok agent runs. */
  webhooks_discover: { args: {  }; result: Array<Tunnel> };
  /** Sends a probe out through the public URL and reports whether it came back. */
  webhooks_self_check: { args: {  }; result: SelfCheck };
  /** What a push would change, field by field. */
  webhooks_plan: { args: {  }; result: PushPlan };
  /** Pushes the voice webhooks; overwriting webhooks that point elsewhere needs confirmation. */
  webhooks_push: { args: { confirmed: boolean }; result: PushPlan };
  /** Puts the application back as it was before the last push. */
  webhooks_undo: { args: {  }; result: PushPlan };
  /** The newest exchanges the listener kept, filtered. */
  inspector_list: { args: { filter: ExchangeFilter }; result: Array<ExchangeSummary> };
  /** One exchange, whole. */
  inspector_get: { args: { id: Id }; result: ExchangeDetail };
  /** The newest call-audio stream sessions, of one call when given. */
  inspector_streams: { args: { call: string | null }; result: Array<StreamView> };
  /** Sends a kept request to the listener again, with another body when given. */
  inspector_replay: { args: { id: Id; body: string | null; to: ReplayTarget }; result: ExchangeSummary };
  /** Writes the exchanges matching the filter to a file; answers how many. */
  inspector_export: { args: { filter: ExchangeFilter; format: ExportFormat; path: string }; result: number };
  /** How much the listener keeps (exchanges, stream sessions, bytes). */
  inspector_store: { args: {  }; result: StoreSize };
  listener_save: { args: { settings: ListenerSettings }; result: AppState };
  stream_listen: { args: { sessionId: string; onFrame: FrameChannel }; result: null };
  recording_read: { args: { sessionId: string; side: RecordingSide }; result: WavBytes };
  recording_save: { args: { sessionId: string; side: RecordingSide; path: string }; result: null };
  calls_numbers: { args: {  }; result: Array<string> };
  calls_place: { args: { request: PlaceCall }; result: CallSummary };
  calls_list: { args: { search: string | null }; result: Array<CallSummary> };
  calls_timeline: { args: { uuid: string }; result: Timeline };
  calls_control: { args: { uuid: string; control: CallControl }; result: null };
  calls_recording: { args: { url: string }; result: WavBytes };
  calls_recording_save: { args: { url: string; path: string }; result: null };
  phone_state: { args: {  }; result: PhoneState };
  phone_set: { args: { pickup: Pickup; audio: PhoneAudio }; result: PhoneState };
  /** How the party a connect rings answers on the Sandbox (a second leg). */
  phone_set_connected_party: { args: { pickup: Pickup }; result: PhoneState };
  phone_dial: { args: { to: string }; result: string };
  phone_press: { args: { uuid: string; digits: string }; result: null };
  phone_say: { args: { uuid: string; text: string }; result: null };
  phone_hang_up: { args: { uuid: string }; result: null };
  phone_listen: { args: { onFrame: FrameChannel }; result: null };
  phone_unlisten: { args: {  }; result: null };
  doctor_run: { args: {  }; result: DoctorReport };
  calls_bundle: { args: { uuid: string; path: string }; result: string };
  /** Zooms the window one step (View › Zoom, Ctrl+= / Ctrl+- / Ctrl+0); answers the new level. */
  window_zoom: { args: { change: ZoomChange }; result: number };
  /** The window has painted its first screen with the app's state (logged with the time since launch). */
  app_ready: { args: {  }; result: null };
  /** Opens the logs folder in the file manager; answers where it is. */
  app_logs_folder: { args: {  }; result: string };
  /** Saves the support bundle (Help › Report a problem) at a path chosen in the save dialog. */
  app_support_bundle: { args: { path: string }; result: string };
};
