// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// Flows: steps, branches, findings, documents and revisions.

import type { Id } from "./common";
import type { Fix, Severity } from "./ncco";

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
