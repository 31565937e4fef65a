// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// Call tests, their steps and runs.

import type { Id } from "./common";

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
