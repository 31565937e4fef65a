// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.
// Profiles, their connection and secrets, the listener's state and the Check.

import type { Id } from "./common";
import type { ListenerSettings } from "./inspector";

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
