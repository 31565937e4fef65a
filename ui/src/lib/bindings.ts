// Generated from crates/core/src/contract.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p callboard-core bindings_are_current`.

/**
 * Where the profile's calls go: the built-in simulation or a real Vonage account.
 */
export type ProfileKind = "sandbox" | "vonage";

/**
 * The paths the listener serves, as the setup guide names them by default.
 */
export type WebhookPaths = { 
/**
 * The answer webhook.
 */
answer: string, 
/**
 * The event webhook.
 */
event: string, 
/**
 * The fallback answer webhook.
 */
fallback: string, 
/**
 * The call-audio WebSocket route; `{uuid}` stands for the call leg.
 */
stream: string, };

/**
 * A stored profile.
 */
export type Profile = { 
/**
 * Stable id.
 */
id: number, 
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
paths: WebhookPaths, };

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
listener: ListenerStatus, };

/**
 * The kinds of error the UI distinguishes.
 */
export type ErrorKind = "storage" | "keychain" | "not_found" | "invalid_input";

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
hint: string | null, };

/**
 * Something in core changed.
 */
export type CoreEvent = { "type": "listener_changed", 
/**
 * Its new status.
 */
status: ListenerStatus, } | { "type": "profiles_changed" };

/** The Tauri event name carrying every CoreEvent. */
export const CORE_EVENT = "core://event";

/** Every command: its arguments and its result. */
export type Commands = {
  /** The frame's state: profiles, the active one, the listener. */
  app_state: { args: {  }; result: AppState };
  /** Moves the active profile's listener to another port and restarts it. */
  set_listener_port: { args: { port: number }; result: ListenerStatus };
  /** Starts the active profile's listener again on its saved port. */
  restart_listener: { args: {  }; result: ListenerStatus };
};
