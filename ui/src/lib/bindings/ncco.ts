// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// NCCO documents, the catalogue the composer's forms come from, and the validator's findings.

import type { Id, JsonValue } from "./common";

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
