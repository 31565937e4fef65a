// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.

import type { CallControl, CallSummary, PhoneAudio, PhoneState, Pickup, PlaceCall, Timeline } from "./bindings/calls";
import type { ErrorKind, Id, JsonValue, ZoomChange } from "./bindings/common";
import type { DoctorReport } from "./bindings/doctor";
import type { Flow, FlowCatalogue, FlowDocument, FlowFinding, FlowRevision, FlowSummary } from "./bindings/flows";
import type { ExchangeDetail, ExchangeFilter, ExchangeSummary, ExportFormat, ListenerSettings, RecordingSide, ReplayTarget, StoreSize, StreamView } from "./bindings/inspector";
import type { Fix, NccoCatalogue, NccoCheck, NccoDocument, NccoSummary } from "./bindings/ncco";
import type { AppState, CheckStep, ConnectionInput, ListenerStatus, SecretName, WebhookSettings } from "./bindings/profiles";
import type { CallTestDocument, CallTestSummary, TestRunView, TestStep } from "./bindings/tests";
import type { PushPlan, SelfCheck, Tunnel } from "./bindings/webhooks";

import type { Channel } from "@tauri-apps/api/core";

export type * from "./bindings/common";
export type * from "./bindings/profiles";
export type * from "./bindings/webhooks";
export type * from "./bindings/inspector";
export type * from "./bindings/calls";
export type * from "./bindings/doctor";
export type * from "./bindings/ncco";
export type * from "./bindings/tests";
export type * from "./bindings/flows";

/** Audio: 20 ms of 16-bit little-endian PCM per message (for phone_listen, after a 32-bit little-endian rate). */
export type FrameChannel = Channel<ArrayBuffer>;

/** A WAV file's bytes. */
export type WavBytes = ArrayBuffer;

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
