// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// The Doctor's checks and fixes.

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
