//! The UI/Rust contract, declared once: the commands the UI may call, the events it
//! receives, and every type they carry. `ui/src/lib/bindings.ts` and its files of types
//! in `ui/src/lib/bindings/` are generated from this module ([`typescript`] writes
//! them); the `bindings_are_current` test fails when a committed file is stale and
//! rewrites them when run with `UPDATE_BINDINGS=1` (`./dev bindings`).

use ts_rs::TS;

mod typescript;
use typescript::{Declaration, Index, TypesFile};

use callboard_calltest::run::{CallEvidence, StepResult};
use callboard_flow::{
    Branch, ConnectStatus, Flow, FlowFinding, Position, Repeat, Step, Taken, When,
};
use callboard_ncco::{
    Finding, Fix, Severity, SyntaxError,
    spec::{ActionSpec, EndpointSpec, Field, Kind},
    templates::Template,
};
use callboard_server::{AudioReply, Forwarded, NccoNote};
use serde_json::Value;

use callboard_sandbox::{PhoneAudio, PhoneEvent, Pickup};

use crate::{
    app::AppState,
    calls::{
        CallControl, CallSummary, NccoSource, PhoneState, PlaceCall, Timeline, TimelineEntry, Tone,
    },
    calltests::{CallTestDocument, CallTestSummary, TestRunView, TestStep, TestStepKind},
    connect::{CheckStep, CheckStepId, SandboxInfo, SecretPresence, StepStatus},
    doctor::{DoctorCheck, DoctorCheckId, DoctorFix, DoctorReport, DoctorState, Evidence},
    error::{ErrorKind, UiError},
    events::{CoreEvent, UI_EVENT_NAME},
    exchange_export::ExportFormat,
    exchanges::{
        ExchangeDetail, ExchangeFilter, ExchangeSummary, RecordingSide, ReplayTarget, StreamView,
    },
    flows::{FlowCatalogue, FlowDocument, FlowRevision, FlowSummary, FlowTemplateView},
    id::Id,
    listener::{ForwardSettings, ListenerSettings, ListenerStatus},
    ncco_docs::{NccoCatalogue, NccoCheck, NccoDocument, NccoSummary, Placeholder},
    profiles::{ConnectionInput, Profile, ProfileKind, WebhookPaths},
    retention::{Retention, StoreSize},
    secrets::SecretName,
    shell::{MENU_EVENT_NAME, MenuAction, SECTIONS, ZoomChange},
    webhooks::{
        AddressProof, DiffRow, HookSettings, PushPlan, SelfCheck, SignatureCheck, Tunnel,
        WebhookSettings,
    },
};

/// A Tauri `Channel` the UI opens to receive audio: each message an `ArrayBuffer` of
/// 16-bit little-endian PCM, 20 ms of it: at the session's rate for `stream_listen`; for
/// `phone_listen` after a 32-bit little-endian sample rate.
#[derive(TS)]
pub struct FrameChannel;

/// A WAV file's bytes, arriving in the UI as an `ArrayBuffer`.
#[derive(TS)]
pub struct WavBytes;

/// What the TypeScript of the types above needs from Tauri.
const IPC_IMPORTS: &str = "import type { Channel } from \"@tauri-apps/api/core\";\n";

/// The TypeScript of the types above, which stand for things Tauri carries itself.
const IPC_TYPES: &str = "/** Audio: 20 ms of 16-bit little-endian PCM per message (for phone_listen, after a 32-bit little-endian rate). */\n\
export type FrameChannel = Channel<ArrayBuffer>;\n\n\
/** A WAV file's bytes. */\nexport type WavBytes = ArrayBuffer;\n\n";

/// Turns the command list into [`COMMAND_NAMES`] and the TypeScript `Commands` type.
macro_rules! declare_commands {
    ($( $(#[doc = $doc:literal])* $kind:ident $(($checked:ident))? $name:ident ( $($arg:ident : $arg_ty:ty),* ) -> $result:ty; )*) => {
        /// The command names, in declaration order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        fn commands_typescript() -> String {
            let mut out = String::from("/** Every command: its arguments and its result. */\nexport type Commands = {\n");
            $(
                $( out.push_str(&format!("  /**{} */\n", $doc)); )*
                let args: Vec<String> = vec![$(format!("{}: {}", camel_case(stringify!($arg)), <$arg_ty as TS>::name())),*];
                out.push_str(&format!(
                    "  {}: {{ args: {{ {} }}; result: {} }};\n",
                    stringify!($name),
                    args.join("; "),
                    <$result as TS>::name()
                ));
            )*
            out.push_str("};\n");
            out
        }
    };
}

/// The one list of commands: each name, its arguments and its result, handed to
/// `$callback!`. Core turns it into the TypeScript `Commands` type and the permission
/// set; the shell into its adapters and their registration. Each command is marked:
/// `sync` or `awaited`, a delegation to the `App` method of its name (the shell generates
/// its adapter; adding one is this line and that method), with `(path)` when the shell
/// first checks that argument is a file its dialogs granted; `infallible`, a delegation
/// to a method that cannot fail; or `shell`, whose adapter the shell writes (a `shell`
/// command without it does not compile).
#[macro_export]
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
        /// The frame's state: profiles, the active one, the listener.
        shell app_state() -> AppState;
        /// Moves the active profile's listener to another port and restarts it.
        awaited set_listener_port(port: u32) -> ListenerStatus;
        /// Starts the active profile's listener again on its saved port.
        awaited restart_listener() -> ListenerStatus;
        /// Every action, endpoint type, template and placeholder, for the composer's forms.
        infallible ncco_catalogue() -> NccoCatalogue;
        /// Every saved NCCO document.
        sync ncco_list() -> Vec<NccoSummary>;
        /// One saved document with its findings.
        sync ncco_get(id: Id) -> NccoDocument;
        /// Saves a document; a new one when id is null.
        sync ncco_save(id: Option<Id>, name: String, document: Value) -> NccoDocument;
        /// Deletes a document.
        sync ncco_delete(id: Id) -> ();
        /// Makes the answer webhook serve a document (null: the welcome NCCO).
        sync ncco_activate(id: Option<Id>) -> Vec<NccoSummary>;
        /// Parses and validates NCCO text.
        infallible ncco_check(text: String) -> NccoCheck;
        /// Applies a validator fix to a document.
        sync ncco_apply_fix(document: Value, fix: Fix) -> Value;
        /// Imports an NCCO file as a new document.
        sync(path) ncco_import(path: String) -> NccoDocument;
        /// Writes a document to a file.
        sync(path) ncco_export(id: Id, path: String) -> ();
        /// Every saved call test with its last run.
        sync tests_list() -> Vec<CallTestSummary>;
        /// One saved call test.
        sync tests_get(id: Id) -> CallTestDocument;
        /// Saves a call test from the form's steps; a new one when id is null.
        sync tests_save(id: Option<Id>, name: String, steps: Vec<TestStep>) -> CallTestDocument;
        /// Saves a call test from its TOML text.
        sync tests_save_text(id: Option<Id>, name: String, text: String) -> CallTestDocument;
        /// Deletes a call test.
        sync tests_delete(id: Id) -> ();
        /// Runs a call test as a Sandbox call.
        awaited tests_run(id: Id) -> TestRunView;
        /// A new call test of what a call did.
        sync tests_from_call(uuid: String) -> CallTestDocument;
        /// Imports a call test file (.toml) as a new test.
        sync(path) tests_import(path: String) -> CallTestDocument;
        /// Writes a call test to a file that `callboard-cli test` runs.
        sync(path) tests_export(id: Id, path: String) -> ();
        /// The flows to start from.
        infallible flow_catalogue() -> FlowCatalogue;
        /// Every saved flow.
        sync flow_list() -> Vec<FlowSummary>;
        /// A saved flow at its newest revision, or at the revision given.
        sync flow_get(id: Id, revision: Option<Id>) -> FlowDocument;
        /// Every finding in a flow being edited.
        infallible flow_check(flow: Flow) -> Vec<FlowFinding>;
        /// Saves a flow as a new revision; a new flow when id is null.
        sync flow_save(id: Option<Id>, flow: Flow) -> FlowDocument;
        /// Every kept revision of a flow, newest first.
        sync flow_revisions(id: Id) -> Vec<FlowRevision>;
        /// Saves an old revision again as the newest.
        sync flow_restore(id: Id, revision: Id) -> FlowDocument;
        /// Deletes a flow and its revisions.
        sync flow_delete(id: Id) -> ();
        /// Makes the answer webhook serve a flow (null: no flow).
        sync flow_activate(id: Option<Id>) -> Vec<FlowSummary>;
        /// Imports a flow file as a new flow.
        sync(path) flow_import(path: String) -> FlowDocument;
        /// Writes a flow to a file.
        sync(path) flow_export(id: Id, path: String) -> ();
        /// The native open dialog; the file chosen (which file commands then accept), or none.
        shell dialog_open(title: String, extensions: Vec<String>) -> Option<String>;
        /// The native save dialog; the path chosen (which file commands then accept), or none.
        shell dialog_save(title: String, default_name: String, extensions: Vec<String>) -> Option<String>;
        /// Creates a profile for a Vonage account and makes it active.
        awaited profile_create(name: String) -> AppState;
        /// Deletes a profile for an account and its secrets in the keychain.
        awaited profile_delete(id: Id) -> AppState;
        /// Makes another profile active.
        awaited profile_activate(id: Id) -> AppState;
        /// Saves the active profile's name and connection settings.
        awaited profile_save_connection(input: ConnectionInput) -> AppState;
        /// Stores (or, when empty, removes) the API secret or the signature secret in the keychain.
        awaited profile_set_secret(name: SecretName, value: String) -> AppState;
        /// Checks and stores a pasted private key.
        awaited profile_set_private_key(text: String) -> AppState;
        /// Proves the active profile's connection step by step.
        awaited connect_check() -> Vec<CheckStep>;
        /// Saves the public URL (checked) and the webhook settings.
        awaited webhooks_save(public_url: String, settings: WebhookSettings) -> AppState;
        /// The https tunnels the ngrok agent runs.
        awaited webhooks_discover() -> Vec<Tunnel>;
        /// Sends a probe out through the public URL and reports whether it came back.
        awaited webhooks_self_check() -> SelfCheck;
        /// What a push would change, field by field.
        awaited webhooks_plan() -> PushPlan;
        /// Pushes the voice webhooks; overwriting webhooks that point elsewhere needs confirmation.
        awaited webhooks_push(confirmed: bool) -> PushPlan;
        /// Puts the application back as it was before the last push.
        awaited webhooks_undo() -> PushPlan;
        /// The newest exchanges the listener kept, filtered.
        sync inspector_list(filter: ExchangeFilter) -> Vec<ExchangeSummary>;
        /// One exchange, whole.
        sync inspector_get(id: Id) -> ExchangeDetail;
        /// The newest call-audio stream sessions, of one call when given.
        sync inspector_streams(call: Option<String>) -> Vec<StreamView>;
        /// Sends a kept request to the listener again, with another body when given.
        awaited inspector_replay(id: Id, body: Option<String>, to: ReplayTarget) -> ExchangeSummary;
        /// Writes the exchanges matching the filter to a file; answers how many.
        awaited(path) inspector_export(filter: ExchangeFilter, format: ExportFormat, path: String) -> u32;
        /// How much the listener keeps (exchanges, stream sessions, bytes).
        sync inspector_store() -> StoreSize;
        shell listener_save(settings: ListenerSettings) -> AppState;
        shell stream_listen(session_id: String, on_frame: FrameChannel) -> ();
        shell recording_read(session_id: String, side: RecordingSide) -> WavBytes;
        sync(path) recording_save(session_id: String, side: RecordingSide, path: String) -> ();
        awaited calls_numbers() -> Vec<String>;
        awaited calls_place(request: PlaceCall) -> CallSummary;
        sync calls_list(search: Option<String>) -> Vec<CallSummary>;
        sync calls_timeline(uuid: String) -> Timeline;
        awaited calls_control(uuid: String, control: CallControl) -> ();
        shell calls_recording(url: String) -> WavBytes;
        awaited(path) calls_recording_save(url: String, path: String) -> ();
        awaited phone_state() -> PhoneState;
        shell phone_set(pickup: Pickup, audio: PhoneAudio) -> PhoneState;
        /// How the party a connect rings answers on the Sandbox (a second leg).
        awaited phone_set_connected_party(pickup: Pickup) -> PhoneState;
        awaited phone_dial(to: String) -> String;
        awaited phone_press(uuid: String, digits: String) -> ();
        awaited phone_say(uuid: String, text: String) -> ();
        awaited phone_hang_up(uuid: String) -> ();
        shell phone_listen(on_frame: FrameChannel) -> ();
        shell phone_unlisten() -> ();
        awaited doctor_run() -> DoctorReport;
        awaited(path) calls_bundle(uuid: String, path: String) -> String;
        /// Zooms the window one step (View › Zoom, Ctrl+= / Ctrl+- / Ctrl+0); answers the new level.
        shell window_zoom(change: ZoomChange) -> f64;
        /// The window has painted its first screen with the app's state (logged with the time since launch).
        shell app_ready() -> ();
        /// Opens the logs folder in the file manager; answers where it is.
        shell app_logs_folder() -> String;
        /// Saves the support bundle (Help › Report a problem) at a path chosen in the save dialog.
        shell app_support_bundle(path: String) -> String;
        }
    };
}

with_commands!(declare_commands);

/// Tauri maps a JavaScript `camelCase` argument to a Rust `snake_case` one.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The contract's types, a file per feature (the UI imports them all from `bindings.ts`).
fn types_files() -> Vec<TypesFile> {
    vec![
        TypesFile {
            name: "common",
            about: "Ids, JSON, errors, events and the shell's own types.",
            types: vec![
                Declaration::of::<Id>(),
                Declaration::of::<Value>(),
                Declaration::of::<ErrorKind>(),
                Declaration::of::<UiError>(),
                Declaration::of::<CoreEvent>(),
                Declaration::of::<MenuAction>(),
                Declaration::of::<ZoomChange>(),
            ],
        },
        TypesFile {
            name: "profiles",
            about: "Profiles, their connection and secrets, the listener's state and the Check.",
            types: vec![
                Declaration::of::<HookSettings>(),
                Declaration::of::<SignatureCheck>(),
                Declaration::of::<WebhookSettings>(),
                Declaration::of::<ProfileKind>(),
                Declaration::of::<WebhookPaths>(),
                Declaration::of::<Profile>(),
                Declaration::of::<ListenerStatus>(),
                Declaration::of::<SecretPresence>(),
                Declaration::of::<SandboxInfo>(),
                Declaration::of::<AppState>(),
                Declaration::of::<ConnectionInput>(),
                Declaration::of::<SecretName>(),
                Declaration::of::<CheckStepId>(),
                Declaration::of::<StepStatus>(),
                Declaration::of::<CheckStep>(),
            ],
        },
        TypesFile {
            name: "webhooks",
            about: "The public URL, its proof, and the push to the Vonage application.",
            types: vec![
                Declaration::of::<Tunnel>(),
                Declaration::of::<SelfCheck>(),
                Declaration::of::<DiffRow>(),
                Declaration::of::<PushPlan>(),
                Declaration::of::<AddressProof>(),
            ],
        },
        TypesFile {
            name: "inspector",
            about: "What the listener kept (exchanges, streams, recordings) and how it answers.",
            types: vec![
                Declaration::of::<ExchangeFilter>(),
                Declaration::of::<ExchangeSummary>(),
                Declaration::of::<ExchangeDetail>(),
                Declaration::of::<StreamView>(),
                Declaration::of::<ReplayTarget>(),
                Declaration::of::<RecordingSide>(),
                Declaration::of::<NccoNote>(),
                Declaration::of::<Forwarded>(),
                Declaration::of::<AudioReply>(),
                Declaration::of::<ForwardSettings>(),
                Declaration::of::<Retention>(),
                Declaration::of::<ListenerSettings>(),
                Declaration::of::<StoreSize>(),
                Declaration::of::<ExportFormat>(),
            ],
        },
        TypesFile {
            name: "calls",
            about: "Test calls, their timelines and controls, and the Sandbox phone.",
            types: vec![
                Declaration::of::<NccoSource>(),
                Declaration::of::<PlaceCall>(),
                Declaration::of::<CallControl>(),
                Declaration::of::<CallSummary>(),
                Declaration::of::<Tone>(),
                Declaration::of::<TimelineEntry>(),
                Declaration::of::<Timeline>(),
                Declaration::of::<Pickup>(),
                Declaration::of::<PhoneAudio>(),
                Declaration::of::<PhoneEvent>(),
                Declaration::of::<PhoneState>(),
            ],
        },
        TypesFile {
            name: "doctor",
            about: "The Doctor's checks and fixes.",
            types: vec![
                Declaration::of::<DoctorState>(),
                Declaration::of::<DoctorCheckId>(),
                Declaration::of::<Evidence>(),
                Declaration::of::<DoctorFix>(),
                Declaration::of::<DoctorCheck>(),
                Declaration::of::<DoctorReport>(),
            ],
        },
        TypesFile {
            name: "ncco",
            about: "NCCO documents, the catalogue the composer's forms come from, and the validator's findings.",
            types: vec![
                Declaration::of::<Severity>(),
                Declaration::of::<Fix>(),
                Declaration::of::<Finding>(),
                Declaration::of::<Kind>(),
                Declaration::of::<Field>(),
                Declaration::of::<ActionSpec>(),
                Declaration::of::<EndpointSpec>(),
                Declaration::of::<Template>(),
                Declaration::of::<Placeholder>(),
                Declaration::of::<NccoCatalogue>(),
                Declaration::of::<NccoSummary>(),
                Declaration::of::<NccoDocument>(),
                Declaration::of::<SyntaxError>(),
                Declaration::of::<NccoCheck>(),
            ],
        },
        TypesFile {
            name: "tests",
            about: "Call tests, their steps and runs.",
            types: vec![
                Declaration::of::<StepResult>(),
                Declaration::of::<CallEvidence>(),
                Declaration::of::<TestStepKind>(),
                Declaration::of::<TestStep>(),
                Declaration::of::<CallTestSummary>(),
                Declaration::of::<CallTestDocument>(),
                Declaration::of::<TestRunView>(),
            ],
        },
        TypesFile {
            name: "flows",
            about: "Flows: steps, branches, findings, documents and revisions.",
            types: vec![
                Declaration::of::<Flow>(),
                Declaration::of::<Step>(),
                Declaration::of::<Branch>(),
                Declaration::of::<When>(),
                Declaration::of::<ConnectStatus>(),
                Declaration::of::<Repeat>(),
                Declaration::of::<Position>(),
                Declaration::of::<FlowFinding>(),
                Declaration::of::<Taken>(),
                Declaration::of::<FlowSummary>(),
                Declaration::of::<FlowDocument>(),
                Declaration::of::<FlowRevision>(),
                Declaration::of::<FlowCatalogue>(),
                Declaration::of::<FlowTemplateView>(),
            ],
        },
    ]
}

/// Every generated TypeScript file: its path under `ui/src/lib/` and its text.
#[must_use]
pub fn typescript_files() -> Vec<(String, String)> {
    let mut out = String::from(IPC_TYPES);
    out.push_str(&format!(
        "/** The Tauri event name carrying every CoreEvent. */\nexport const CORE_EVENT = \"{UI_EVENT_NAME}\";\n\n\
         /** The Tauri event name carrying every MenuAction of the native menu. */\nexport const MENU_EVENT = \"{MENU_EVENT_NAME}\";\n\n"
    ));
    let sections: Vec<String> = SECTIONS
        .iter()
        .map(|(id, label)| format!("  {id}: \"{label}\","))
        .collect();
    out.push_str(&format!(
        "/** The window's sections in sidebar order (Ctrl+1 is the first), each id with its label. */\n\
         export const SECTION_LABELS = {{\n{}\n}} as const;\n\n\
         export type SectionId = keyof typeof SECTION_LABELS;\n\n",
        sections.join("\n")
    ));
    let kinds: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|kind| serde_json::to_string(kind).unwrap_or_default())
        .collect();
    out.push_str(&format!(
        "/** Every ErrorKind, to recognise a UiError. */\nexport const ERROR_KINDS: readonly ErrorKind[] = [{}];\n\n",
        kinds.join(", ")
    ));
    out.push_str(&commands_typescript());
    typescript::files(
        &types_files(),
        &Index {
            imports: IPC_IMPORTS,
            body: &out,
        },
    )
}

/// The shell's permission set for every command (`src-tauri/permissions/commands.toml`):
/// the capability grants the window this set, and the shell's build step has Tauri
/// generate an `allow-…` permission for each name in it, so a command is callable from
/// the page only if the contract declares it.
#[must_use]
pub fn permission_set() -> String {
    let mut out = String::from(
        "# Generated from crates/core/src/contract.rs by `./dev bindings`: do not edit.\n\
         # Every command the contract declares; the capability grants this set to the window.\n\n\
         [[set]]\nidentifier = \"callboard-commands\"\n\
         description = \"Every command Callboard's contract declares, and no other.\"\npermissions = [\n",
    );
    for name in COMMAND_NAMES {
        out.push_str(&format!("  \"allow-{}\",\n", name.replace('_', "-")));
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shells_permission_set_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../src-tauri/permissions/commands.toml"
        );
        let generated = permission_set();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(std::path::Path::new(path).parent().expect("folder"))
                .expect("permissions folder");
            std::fs::write(path, &generated).expect("permission set written");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "src-tauri/permissions/commands.toml is stale: the Rust contract changed. Run `./dev bindings` and commit the result."
        );
    }

    #[test]
    fn bindings_are_current() {
        let lib = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib"));
        let generated = typescript_files();
        let update = std::env::var_os("UPDATE_BINDINGS").is_some();
        // A file of types the contract no longer writes is stale too.
        let written: Vec<String> = std::fs::read_dir(lib.join("bindings"))
            .map(|entries| {
                entries
                    .filter_map(|entry| {
                        Some(format!("bindings/{}", entry.ok()?.file_name().to_str()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for path in written {
            if !generated.iter().any(|(name, _)| *name == path) {
                assert!(
                    update,
                    "ui/src/lib/{path} is not generated any more: run `./dev bindings`"
                );
                std::fs::remove_file(lib.join(&path)).expect("stale file removed");
            }
        }
        for (path, text) in &generated {
            let file = lib.join(path);
            if update {
                std::fs::create_dir_all(file.parent().expect("folder")).expect("bindings folder");
                std::fs::write(&file, text).expect("bindings written");
                continue;
            }
            let committed = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                committed == *text,
                "ui/src/lib/{path} is stale: the Rust contract changed. Run `./dev bindings` and commit the result."
            );
        }
    }

    #[test]
    fn no_generated_file_is_long() {
        for (path, text) in typescript_files() {
            let lines = text.lines().count();
            assert!(
                lines <= 800,
                "{path} has {lines} lines: split its file of types"
            );
        }
    }

    #[test]
    fn camel_case_matches_tauri_argument_mapping() {
        assert_eq!(camel_case("port"), "port");
        assert_eq!(camel_case("profile_id"), "profileId");
        assert_eq!(camel_case("a_b_c"), "aBC");
    }

    #[test]
    fn every_command_is_in_the_generated_map() {
        let files = typescript_files();
        let (_, bindings) = files.last().expect("the index");
        for name in COMMAND_NAMES {
            assert!(
                bindings.contains(&format!("  {name}: {{ args:")),
                "{name} missing"
            );
        }
    }
}
