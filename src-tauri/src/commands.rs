//! One command per use case, each a delegation to [`callboard_core::App`]. Names and
//! arguments match `callboard_core::contract`, from which the UI's types are generated.

use std::sync::Arc;

use callboard_core::{
    App, Id, UiError,
    app::AppState,
    calls::{CallControl, CallSummary, PhoneState, PlaceCall, Timeline},
    calltests::{CallTestDocument, CallTestSummary, TestRunView, TestStep},
    connect::CheckStep,
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

#[tauri::command]
pub async fn app_state(core: Core<'_>) -> Result<AppState, UiError> {
    app(&core)?.state().await.map_err(Into::into)
}

#[tauri::command]
pub async fn set_listener_port(core: Core<'_>, port: u32) -> Result<ListenerStatus, UiError> {
    app(&core)?
        .set_listener_port(port)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn restart_listener(core: Core<'_>) -> Result<ListenerStatus, UiError> {
    app(&core)?.restart_listener().await.map_err(Into::into)
}

#[tauri::command]
pub fn ncco_catalogue(core: Core<'_>) -> Result<NccoCatalogue, UiError> {
    Ok(app(&core)?.ncco_catalogue())
}

#[tauri::command]
pub fn ncco_list(core: Core<'_>) -> Result<Vec<NccoSummary>, UiError> {
    app(&core)?.ncco_list().map_err(Into::into)
}

#[tauri::command]
pub fn ncco_get(core: Core<'_>, id: Id) -> Result<NccoDocument, UiError> {
    app(&core)?.ncco_get(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_save(
    core: Core<'_>,
    id: Option<Id>,
    name: String,
    document: Value,
) -> Result<NccoDocument, UiError> {
    app(&core)?
        .ncco_save(id, &name, &document)
        .map_err(Into::into)
}

#[tauri::command]
pub fn ncco_delete(core: Core<'_>, id: Id) -> Result<(), UiError> {
    app(&core)?.ncco_delete(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_activate(core: Core<'_>, id: Option<Id>) -> Result<Vec<NccoSummary>, UiError> {
    app(&core)?.ncco_activate(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_check(core: Core<'_>, text: String) -> Result<NccoCheck, UiError> {
    Ok(app(&core)?.ncco_check(&text))
}

#[tauri::command]
pub fn ncco_apply_fix(core: Core<'_>, document: Value, fix: Fix) -> Result<Value, UiError> {
    app(&core)?
        .ncco_apply_fix(&document, &fix)
        .map_err(Into::into)
}

#[tauri::command]
pub fn ncco_import(
    core: Core<'_>,
    files: Files<'_>,
    path: String,
) -> Result<NccoDocument, UiError> {
    files.check(&path)?;
    app(&core)?.ncco_import(&path).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_export(core: Core<'_>, files: Files<'_>, id: Id, path: String) -> Result<(), UiError> {
    files.check(&path)?;
    app(&core)?.ncco_export(id, &path).map_err(Into::into)
}

#[tauri::command]
pub fn tests_list(core: Core<'_>) -> Result<Vec<CallTestSummary>, UiError> {
    app(&core)?.tests_list().map_err(Into::into)
}

#[tauri::command]
pub fn tests_get(core: Core<'_>, id: Id) -> Result<CallTestDocument, UiError> {
    app(&core)?.tests_get(id).map_err(Into::into)
}

#[tauri::command]
pub fn tests_save(
    core: Core<'_>,
    id: Option<Id>,
    name: String,
    steps: Vec<TestStep>,
) -> Result<CallTestDocument, UiError> {
    app(&core)?
        .tests_save(id, &name, &steps)
        .map_err(Into::into)
}

#[tauri::command]
pub fn tests_save_text(
    core: Core<'_>,
    id: Option<Id>,
    name: String,
    text: String,
) -> Result<CallTestDocument, UiError> {
    app(&core)?
        .tests_save_text(id, &name, &text)
        .map_err(Into::into)
}

#[tauri::command]
pub fn tests_delete(core: Core<'_>, id: Id) -> Result<(), UiError> {
    app(&core)?.tests_delete(id).map_err(Into::into)
}

#[tauri::command]
pub async fn tests_run(core: Core<'_>, id: Id) -> Result<TestRunView, UiError> {
    app(&core)?.tests_run(id).await.map_err(Into::into)
}

#[tauri::command]
pub fn tests_from_call(core: Core<'_>, uuid: String) -> Result<CallTestDocument, UiError> {
    app(&core)?.tests_from_call(&uuid).map_err(Into::into)
}

#[tauri::command]
pub fn tests_import(
    core: Core<'_>,
    files: Files<'_>,
    path: String,
) -> Result<CallTestDocument, UiError> {
    files.check(&path)?;
    app(&core)?.tests_import(&path).map_err(Into::into)
}

#[tauri::command]
pub fn tests_export(core: Core<'_>, files: Files<'_>, id: Id, path: String) -> Result<(), UiError> {
    files.check(&path)?;
    app(&core)?.tests_export(id, &path).map_err(Into::into)
}

#[tauri::command]
pub fn flow_catalogue(core: Core<'_>) -> Result<FlowCatalogue, UiError> {
    Ok(app(&core)?.flow_catalogue())
}

#[tauri::command]
pub fn flow_list(core: Core<'_>) -> Result<Vec<FlowSummary>, UiError> {
    app(&core)?.flow_list().map_err(Into::into)
}

#[tauri::command]
pub fn flow_get(core: Core<'_>, id: Id, revision: Option<Id>) -> Result<FlowDocument, UiError> {
    app(&core)?.flow_get(id, revision).map_err(Into::into)
}

#[tauri::command]
pub fn flow_check(core: Core<'_>, flow: Flow) -> Result<Vec<FlowFinding>, UiError> {
    Ok(app(&core)?.flow_check(&flow))
}

#[tauri::command]
pub fn flow_save(core: Core<'_>, id: Option<Id>, flow: Flow) -> Result<FlowDocument, UiError> {
    app(&core)?.flow_save(id, &flow).map_err(Into::into)
}

#[tauri::command]
pub fn flow_revisions(core: Core<'_>, id: Id) -> Result<Vec<FlowRevision>, UiError> {
    app(&core)?.flow_revisions(id).map_err(Into::into)
}

#[tauri::command]
pub fn flow_restore(core: Core<'_>, id: Id, revision: Id) -> Result<FlowDocument, UiError> {
    app(&core)?.flow_restore(id, revision).map_err(Into::into)
}

#[tauri::command]
pub fn flow_delete(core: Core<'_>, id: Id) -> Result<(), UiError> {
    app(&core)?.flow_delete(id).map_err(Into::into)
}

#[tauri::command]
pub fn flow_activate(core: Core<'_>, id: Option<Id>) -> Result<Vec<FlowSummary>, UiError> {
    app(&core)?.flow_activate(id).map_err(Into::into)
}

#[tauri::command]
pub fn flow_import(
    core: Core<'_>,
    files: Files<'_>,
    path: String,
) -> Result<FlowDocument, UiError> {
    files.check(&path)?;
    app(&core)?.flow_import(&path).map_err(Into::into)
}

#[tauri::command]
pub fn flow_export(core: Core<'_>, files: Files<'_>, id: Id, path: String) -> Result<(), UiError> {
    files.check(&path)?;
    app(&core)?.flow_export(id, &path).map_err(Into::into)
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
pub async fn profile_create(core: Core<'_>, name: String) -> Result<AppState, UiError> {
    app(&core)?.profile_create(&name).await.map_err(Into::into)
}

#[tauri::command]
pub async fn profile_activate(core: Core<'_>, id: Id) -> Result<AppState, UiError> {
    app(&core)?.profile_activate(id).await.map_err(Into::into)
}

#[tauri::command]
pub async fn profile_delete(core: Core<'_>, id: Id) -> Result<AppState, UiError> {
    app(&core)?.profile_delete(id).await.map_err(Into::into)
}

#[tauri::command]
pub async fn profile_save_connection(
    core: Core<'_>,
    input: ConnectionInput,
) -> Result<AppState, UiError> {
    app(&core)?
        .profile_save_connection(&input)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn profile_set_secret(
    core: Core<'_>,
    name: SecretName,
    value: String,
) -> Result<AppState, UiError> {
    app(&core)?
        .profile_set_secret(name, &value)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn profile_set_private_key(core: Core<'_>, text: String) -> Result<AppState, UiError> {
    app(&core)?
        .profile_set_private_key(&text)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn connect_check(core: Core<'_>) -> Result<Vec<CheckStep>, UiError> {
    app(&core)?.connect_check().await.map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_save(
    core: Core<'_>,
    public_url: String,
    settings: WebhookSettings,
) -> Result<AppState, UiError> {
    app(&core)?
        .webhooks_save(&public_url, &settings)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_discover(core: Core<'_>) -> Result<Vec<Tunnel>, UiError> {
    app(&core)?.webhooks_discover().await.map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_self_check(core: Core<'_>) -> Result<SelfCheck, UiError> {
    app(&core)?.webhooks_self_check().await.map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_plan(core: Core<'_>) -> Result<PushPlan, UiError> {
    app(&core)?.webhooks_plan().await.map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_push(core: Core<'_>, confirmed: bool) -> Result<PushPlan, UiError> {
    app(&core)?
        .webhooks_push(confirmed)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn webhooks_undo(core: Core<'_>) -> Result<PushPlan, UiError> {
    app(&core)?.webhooks_undo().await.map_err(Into::into)
}

#[tauri::command]
pub fn inspector_list(
    core: Core<'_>,
    filter: ExchangeFilter,
) -> Result<Vec<ExchangeSummary>, UiError> {
    app(&core)?.inspector_list(&filter).map_err(Into::into)
}

#[tauri::command]
pub fn inspector_get(core: Core<'_>, id: Id) -> Result<ExchangeDetail, UiError> {
    app(&core)?.inspector_get(id).map_err(Into::into)
}

#[tauri::command]
pub fn inspector_streams(core: Core<'_>, call: Option<String>) -> Result<Vec<StreamView>, UiError> {
    app(&core)?
        .inspector_streams(call.as_deref())
        .map_err(Into::into)
}

#[tauri::command]
pub async fn inspector_export(
    core: Core<'_>,
    files: Files<'_>,
    filter: ExchangeFilter,
    format: ExportFormat,
    path: String,
) -> Result<u32, UiError> {
    files.check(&path)?;
    app(&core)?
        .inspector_export(&filter, format, &path)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub fn inspector_store(core: Core<'_>) -> Result<StoreSize, UiError> {
    app(&core)?.inspector_store().map_err(Into::into)
}

#[tauri::command]
pub async fn inspector_replay(
    core: Core<'_>,
    id: Id,
    body: Option<String>,
    to: ReplayTarget,
) -> Result<ExchangeSummary, UiError> {
    app(&core)?
        .inspector_replay(id, body, to)
        .await
        .map_err(Into::into)
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
pub fn recording_save(
    core: Core<'_>,
    files: Files<'_>,
    session_id: String,
    side: RecordingSide,
    path: String,
) -> Result<(), UiError> {
    files.check(&path)?;
    app(&core)?
        .recording_save(&session_id, side, &path)
        .map_err(Into::into)
}

#[tauri::command]
pub async fn calls_numbers(core: Core<'_>) -> Result<Vec<String>, UiError> {
    app(&core)?.calls_numbers().await.map_err(Into::into)
}

#[tauri::command]
pub async fn calls_place(core: Core<'_>, request: PlaceCall) -> Result<CallSummary, UiError> {
    app(&core)?.calls_place(request).await.map_err(Into::into)
}

#[tauri::command]
pub fn calls_list(core: Core<'_>, search: Option<String>) -> Result<Vec<CallSummary>, UiError> {
    app(&core)?
        .calls_list(search.as_deref())
        .map_err(Into::into)
}

#[tauri::command]
pub fn calls_timeline(core: Core<'_>, uuid: String) -> Result<Timeline, UiError> {
    app(&core)?.calls_timeline(&uuid).map_err(Into::into)
}

#[tauri::command]
pub async fn calls_control(
    core: Core<'_>,
    uuid: String,
    control: CallControl,
) -> Result<(), UiError> {
    app(&core)?
        .calls_control(&uuid, control)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn calls_recording(core: Core<'_>, url: String) -> Result<Response, UiError> {
    Ok(Response::new(app(&core)?.calls_recording(&url).await?))
}

#[tauri::command]
pub async fn calls_recording_save(
    core: Core<'_>,
    files: Files<'_>,
    url: String,
    path: String,
) -> Result<(), UiError> {
    files.check(&path)?;
    app(&core)?
        .calls_recording_save(&url, &path)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn phone_state(core: Core<'_>) -> Result<PhoneState, UiError> {
    app(&core)?.phone_state().await.map_err(Into::into)
}

#[tauri::command]
pub async fn phone_set(
    core: Core<'_>,
    files: Files<'_>,
    pickup: callboard_core::calls::Pickup,
    audio: callboard_core::calls::PhoneAudio,
) -> Result<PhoneState, UiError> {
    if let callboard_core::calls::PhoneAudio::Wav { path } = &audio {
        files.check(path)?;
    }
    app(&core)?
        .phone_set(pickup, audio)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn phone_set_connected_party(
    core: Core<'_>,
    pickup: callboard_core::calls::Pickup,
) -> Result<PhoneState, UiError> {
    app(&core)?
        .phone_set_connected_party(pickup)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn phone_dial(core: Core<'_>, to: String) -> Result<String, UiError> {
    app(&core)?.phone_dial(&to).await.map_err(Into::into)
}

#[tauri::command]
pub async fn phone_press(core: Core<'_>, uuid: String, digits: String) -> Result<(), UiError> {
    app(&core)?
        .phone_press(&uuid, &digits)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn phone_say(core: Core<'_>, uuid: String, text: String) -> Result<(), UiError> {
    app(&core)?
        .phone_say(&uuid, &text)
        .await
        .map_err(Into::into)
}

#[tauri::command]
pub async fn phone_hang_up(core: Core<'_>, uuid: String) -> Result<(), UiError> {
    app(&core)?.phone_hang_up(&uuid).await.map_err(Into::into)
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
pub async fn doctor_run(core: Core<'_>) -> Result<callboard_core::doctor::DoctorReport, UiError> {
    app(&core)?.doctor_run().await.map_err(Into::into)
}

#[tauri::command]
pub async fn calls_bundle(
    core: Core<'_>,
    files: Files<'_>,
    uuid: String,
    path: String,
) -> Result<String, UiError> {
    files.check(&path)?;
    app(&core)?
        .calls_bundle(&uuid, &path)
        .await
        .map_err(Into::into)
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
