// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// The public URL, its proof, and the push to the Vonage application.

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
