// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// Ids, JSON, errors, events and the shell's own types.

import type { PhoneEvent } from "./calls";
import type { ListenerStatus } from "./profiles";
import type { StepResult } from "./tests";

/**
 * The id of a stored row (profile, NCCO document, …).
 */
export type Id = number;

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

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
