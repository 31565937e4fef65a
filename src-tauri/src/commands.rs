//! The shell's adapter of each command in `callboard_core::contract`'s one list. A command
//! marked `sync`, `awaited` or `infallible` there is a delegation to the
//! [`callboard_core::App`] method of its name (after checking the path it names against
//! the files the dialogs granted, when it names one), generated here from the list; one
//! marked `shell` does something else of the shell's (opens a channel, reads a file a
//! setting names, uses the window) and is written here by hand.

use std::sync::Arc;

use callboard_core::{
    App, Id, UiError,
    app::AppState,
    calls::{CallControl, CallSummary, PhoneAudio, PhoneState, Pickup, PlaceCall, Timeline},
    calltests::{CallTestDocument, CallTestSummary, TestRunView, TestStep},
    connect::CheckStep,
    doctor::DoctorReport,
    exchange_export::ExportFormat,
    exchanges::{
        ExchangeDetail, ExchangeFilter, ExchangeSummary, RecordingSide, ReplayTarget, StreamView,
    },
    flow::{Flow, FlowFinding},
    flows::{FlowCatalogue, FlowDocument, FlowRevision, FlowSummary},
    listener::{ListenerSettings, ListenerStatus},
    ncco::Fix,
    ncco_docs::{NccoCatalogue, NccoCheck, NccoDocument, NccoSummary},
    profiles::ConnectionInput,
    retention::StoreSize,
    secrets::SecretName,
    shell::{BUNDLE_LOG_LINES, ZoomChange},
    webhooks::{PushPlan, SelfCheck, Tunnel, WebhookSettings},
};
use serde_json::Value;
use tauri::{
    State,
    ipc::{Channel, InvokeResponseBody, Response},
};

/// The app, or why it could not open its data; every command answers with that error.
pub struct CoreState(pub Result<Arc<App>, UiError>);

type Core<'a> = State<'a, CoreState>;

/// The files the web view may name ([`crate::files`]).
type Files<'a> = State<'a, crate::files::GrantedFiles>;

fn app<'a>(core: &'a Core<'_>) -> Result<&'a Arc<App>, UiError> {
    core.0.as_ref().map_err(Clone::clone)
}

/// The adapter of each command the contract marks `sync`, `awaited` or `infallible`: it
/// checks the path the contract names against the files the dialogs granted, hands its
/// arguments to the `App` method of the same name (see [`Lend`]) and its error to the UI.
/// A `shell` command's adapter is written below, by hand.
macro_rules! command_adapters {
    ($( $(#[doc = $doc:literal])* $kind:ident $(($checked:ident))? $name:ident ( $($arg:ident : $arg_ty:ty),* ) -> $result:ty; )*) => {
        $( command_adapter!($kind $(($checked))? $name ($($arg: $arg_ty),*) -> $result); )*
    };
}

macro_rules! command_adapter {
    (sync $name:ident ($($arg:ident : $arg_ty:ty),*) -> $result:ty) => {
        #[tauri::command]
        pub fn $name(core: Core<'_>, $($arg: $arg_ty),*) -> Result<$result, UiError> {
            app(&core)?.$name($($arg.lend()),*).map_err(Into::into)
        }
    };
    (sync ($checked:ident) $name:ident ($($arg:ident : $arg_ty:ty),*) -> $result:ty) => {
        #[tauri::command]
        pub fn $name(core: Core<'_>, files: Files<'_>, $($arg: $arg_ty),*) -> Result<$result, UiError> {
            files.check(&$checked)?;
            app(&core)?.$name($($arg.lend()),*).map_err(Into::into)
        }
    };
    (awaited $name:ident ($($arg:ident : $arg_ty:ty),*) -> $result:ty) => {
        #[tauri::command]
        pub async fn $name(core: Core<'_>, $($arg: $arg_ty),*) -> Result<$result, UiError> {
            app(&core)?.$name($($arg.lend()),*).await.map_err(Into::into)
        }
    };
    (awaited ($checked:ident) $name:ident ($($arg:ident : $arg_ty:ty),*) -> $result:ty) => {
        #[tauri::command]
        pub async fn $name(core: Core<'_>, files: Files<'_>, $($arg: $arg_ty),*) -> Result<$result, UiError> {
            files.check(&$checked)?;
            app(&core)?.$name($($arg.lend()),*).await.map_err(Into::into)
        }
    };
    (infallible $name:ident ($($arg:ident : $arg_ty:ty),*) -> $result:ty) => {
        #[tauri::command]
        pub fn $name(core: Core<'_>, $($arg: $arg_ty),*) -> Result<$result, UiError> {
            Ok(app(&core)?.$name($($arg.lend()),*))
        }
    };
    (shell $($written_by_hand:tt)*) => {};
}

callboard_core::with_commands!(command_adapters);

/// How a command's argument is handed to its use case: small values as they are, text
/// as `&str`, lists as slices, anything else lent by reference. (A method call picks the
/// by-value impl when there is one, else the one for a reference.)
trait Lend {
    type Lent;
    fn lend(self) -> Self::Lent;
}

/// Values a use case takes as they are.
macro_rules! lent_as_they_are {
    ($($ty:ty),*) => {$(
        impl Lend for $ty {
            type Lent = Self;
            fn lend(self) -> Self {
                self
            }
        }
    )*};
}

/// Values a use case borrows.
macro_rules! lent_by_reference {
    ($($ty:ty),*) => {$(
        impl<'a> Lend for &'a $ty {
            type Lent = Self;
            fn lend(self) -> Self {
                self
            }
        }
    )*};
}

lent_as_they_are!(
    Id,
    Option<Id>,
    u32,
    bool,
    CallControl,
    PlaceCall,
    ExportFormat,
    RecordingSide,
    ReplayTarget,
    SecretName,
    PhoneAudio,
    Pickup
);
lent_by_reference!(
    ConnectionInput,
    ExchangeFilter,
    Fix,
    Flow,
    Value,
    WebhookSettings
);

impl<'a> Lend for &'a String {
    type Lent = &'a str;
    fn lend(self) -> &'a str {
        self
    }
}

impl<'a> Lend for &'a Option<String> {
    type Lent = Option<&'a str>;
    fn lend(self) -> Option<&'a str> {
        self.as_deref()
    }
}

impl<'a, T> Lend for &'a Vec<T> {
    type Lent = &'a [T];
    fn lend(self) -> &'a [T] {
        self
    }
}

#[tauri::command]
pub async fn app_state(core: Core<'_>) -> Result<AppState, UiError> {
    app(&core)?.state().await.map_err(Into::into)
}

#[tauri::command]
pub async fn dialog_open(
    handle: tauri::AppHandle,
    files: Files<'_>,
    title: String,
    extensions: Vec<String>,
) -> Result<Option<String>, UiError> {
    Ok(crate::files::open(&handle, &files, title, extensions).await)
}

#[tauri::command]
pub async fn dialog_save(
    handle: tauri::AppHandle,
    files: Files<'_>,
    title: String,
    default_name: String,
    extensions: Vec<String>,
) -> Result<Option<String>, UiError> {
    Ok(crate::files::save(&handle, &files, title, default_name, extensions).await)
}

#[tauri::command]
pub async fn listener_save(
    core: Core<'_>,
    files: Files<'_>,
    settings: ListenerSettings,
) -> Result<AppState, UiError> {
    if let callboard_core::listener::AudioReply::Wav { path } = &settings.reply {
        // The file already saved may stay; a new one must have been chosen.
        let saved = app(&core)?.state().await?.active_profile.listener.reply;
        if !matches!(&saved, callboard_core::listener::AudioReply::Wav { path: kept } if kept == path)
        {
            files.check(path)?;
        }
    }
    app(&core)?
        .listener_save(settings)
        .await
        .map_err(Into::into)
}

/// Sends a live stream's frames to the UI's channel until the stream ends or the UI
/// drops the channel.
#[tauri::command]
pub fn stream_listen(
    core: Core<'_>,
    session_id: String,
    on_frame: Channel<InvokeResponseBody>,
) -> Result<(), UiError> {
    let mut frames = app(&core)?.stream_listen(&session_id)?;
    tauri::async_runtime::spawn(async move {
        while let Some(frame) = frames.recv().await {
            if on_frame.send(InvokeResponseBody::Raw(frame)).is_err() {
                break;
            }
        }
    });
    Ok(())
}

#[tauri::command]
pub fn recording_read(
    core: Core<'_>,
    session_id: String,
    side: RecordingSide,
) -> Result<Response, UiError> {
    Ok(Response::new(
        app(&core)?.recording_read(&session_id, side)?,
    ))
}

#[tauri::command]
pub async fn calls_recording(core: Core<'_>, url: String) -> Result<Response, UiError> {
    Ok(Response::new(app(&core)?.calls_recording(&url).await?))
}

#[tauri::command]
pub async fn phone_set(
    core: Core<'_>,
    files: Files<'_>,
    pickup: Pickup,
    audio: PhoneAudio,
) -> Result<PhoneState, UiError> {
    if let PhoneAudio::Wav { path } = &audio {
        files.check(path)?;
    }
    app(&core)?
        .phone_set(pickup, audio)
        .await
        .map_err(Into::into)
}

/// The one task sending what the virtual phone hears to the UI, if it listens.
static PHONE_SPEAKER: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>> =
    std::sync::Mutex::new(None);

fn replace_phone_speaker(task: Option<tauri::async_runtime::JoinHandle<()>>) {
    let mut speaker = PHONE_SPEAKER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(previous) = std::mem::replace(&mut *speaker, task) {
        previous.abort();
    }
}

/// Sends what the virtual phone hears to the UI's channel, each frame after its sample
/// rate (32-bit little-endian), until `phone_unlisten` or another `phone_listen`.
#[tauri::command]
pub async fn phone_listen(
    core: Core<'_>,
    on_frame: Channel<InvokeResponseBody>,
) -> Result<(), UiError> {
    let mut heard = app(&core)?.phone_listen().await?;
    let task = tauri::async_runtime::spawn(async move {
        loop {
            match heard.recv().await {
                Ok(audio) => {
                    let mut message = audio.rate.to_le_bytes().to_vec();
                    message.extend_from_slice(&audio.frame);
                    if on_frame.send(InvokeResponseBody::Raw(message)).is_err() {
                        break;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    replace_phone_speaker(Some(task));
    Ok(())
}

/// Stops sending what the virtual phone hears.
#[tauri::command]
pub fn phone_unlisten() {
    replace_phone_speaker(None);
}

#[tauri::command]
pub fn window_zoom(handle: tauri::AppHandle, change: ZoomChange) -> f64 {
    crate::menu::zoom(&handle, change)
}

#[tauri::command]
pub fn app_ready() {
    crate::window_ready();
}

#[tauri::command]
pub fn app_logs_folder(handle: tauri::AppHandle) -> Result<String, UiError> {
    crate::open_logs_folder(&handle)
}

#[tauri::command]
pub async fn app_support_bundle(
    core: Core<'_>,
    files: Files<'_>,
    paths: State<'_, crate::paths::AppPaths>,
    path: String,
) -> Result<String, UiError> {
    files.check(&path)?;
    let log = crate::logging::tail(&paths.log_dir, BUNDLE_LOG_LINES);
    app(&core)?
        .support_bundle(&path, log)
        .await
        .map_err(Into::into)
}
