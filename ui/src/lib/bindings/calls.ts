// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// Test calls, their timelines and controls, and the Sandbox phone.

import type { Id, JsonValue } from "./common";
import type { Taken } from "./flows";

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
