//! The thin Tauri shell: builds [`callboard_core::App`] in `setup`, registers one
//! command per use case, forwards core events to the UI, and stops the listener on
//! exit. No logic lives here.
//!
//! Two environment variables exist for tests and development: `CALLBOARD_DATA_DIR`
//! (use this folder instead of the OS app-data folder), `CALLBOARD_LISTENER_PORT`
//! (the port the first-run Sandbox profile gets) and `CALLBOARD_NGROK_API` (where the
//! ngrok agent's API is, when its `web_addr` is not the default).

mod commands;
mod files;

use std::{path::PathBuf, sync::Arc};

use callboard_core::{
    App, AppConfig, ErrorKind, UiError,
    events::UI_EVENT_NAME,
    profiles::DEFAULT_LISTENER_PORT,
    secrets::{KeyringStore, SERVICE},
    webhooks::NGROK_API_BASE,
};
use tauri::{Emitter, Manager, RunEvent};

/// Runs the app until its window closes.
///
/// # Panics
/// When Tauri itself cannot start (no display, for example).
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tao=warn,wry=warn".into()),
        )
        .init();

    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // A failure to open the data is shown in the window, never a crash.
            let core = match open_core(app.handle()) {
                Ok(core) => {
                    let core = Arc::new(core);
                    forward_events(app.handle().clone(), &core);
                    watch_tunnel(core.clone());
                    if let Err(error) = tauri::async_runtime::block_on(core.start()) {
                        tracing::error!(%error, "the listener could not start");
                    }
                    Ok(core)
                }
                Err(error) => {
                    tracing::error!(message = %error.message, "Callboard could not open its data");
                    Err(error)
                }
            };
            let data_dir = core.as_ref().ok().map(|core| core.data_dir().to_owned());
            app.manage(files::GrantedFiles::new(data_dir));
            app.manage(commands::CoreState(core));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::set_listener_port,
            commands::restart_listener,
            commands::ncco_catalogue,
            commands::ncco_list,
            commands::ncco_get,
            commands::ncco_save,
            commands::ncco_delete,
            commands::ncco_activate,
            commands::ncco_check,
            commands::ncco_apply_fix,
            commands::ncco_import,
            commands::ncco_export,
            commands::tests_list,
            commands::tests_get,
            commands::tests_save,
            commands::tests_save_text,
            commands::tests_delete,
            commands::tests_run,
            commands::tests_from_call,
            commands::tests_import,
            commands::tests_export,
            commands::flow_catalogue,
            commands::flow_list,
            commands::flow_get,
            commands::flow_check,
            commands::flow_save,
            commands::flow_revisions,
            commands::flow_restore,
            commands::flow_delete,
            commands::flow_activate,
            commands::flow_import,
            commands::flow_export,
            commands::dialog_open,
            commands::dialog_save,
            commands::profile_create,
            commands::profile_activate,
            commands::profile_save_connection,
            commands::profile_set_secret,
            commands::profile_set_private_key,
            commands::connect_check,
            commands::webhooks_save,
            commands::webhooks_discover,
            commands::webhooks_self_check,
            commands::webhooks_plan,
            commands::webhooks_push,
            commands::webhooks_undo,
            commands::inspector_list,
            commands::inspector_get,
            commands::inspector_streams,
            commands::inspector_export,
            commands::inspector_store,
            commands::inspector_replay,
            commands::listener_save,
            commands::stream_listen,
            commands::recording_read,
            commands::recording_save,
            commands::calls_numbers,
            commands::calls_place,
            commands::calls_list,
            commands::calls_timeline,
            commands::calls_control,
            commands::calls_recording,
            commands::calls_recording_save,
            commands::phone_state,
            commands::phone_set,
            commands::phone_set_connected_party,
            commands::phone_dial,
            commands::phone_press,
            commands::phone_say,
            commands::phone_hang_up,
            commands::phone_listen,
            commands::phone_unlisten,
            commands::doctor_run,
            commands::calls_bundle,
        ])
        .build(tauri::generate_context!())
        .expect("the Tauri runtime starts");

    app.run(|handle, event| {
        if let RunEvent::Exit = event
            && let Some(state) = handle.try_state::<commands::CoreState>()
            && let Ok(core) = &state.0
        {
            tauri::async_runtime::block_on(core.shutdown());
        }
    });
}

fn open_core(handle: &tauri::AppHandle) -> Result<App, UiError> {
    let data_dir = match std::env::var_os("CALLBOARD_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => handle.path().app_data_dir().map_err(|error| UiError {
            kind: ErrorKind::Storage,
            message: format!("the system did not give Callboard a data folder: {error}"),
            hint: Some("Set CALLBOARD_DATA_DIR to a folder you can write to.".into()),
        })?,
    };
    let first_run_listener_port = std::env::var("CALLBOARD_LISTENER_PORT")
        .ok()
        .and_then(|port| port.parse().ok())
        .unwrap_or(DEFAULT_LISTENER_PORT);
    tracing::info!(data_dir = %data_dir.display(), "opening Callboard data");
    App::open(
        AppConfig {
            data_dir,
            first_run_listener_port,
            ngrok_api_base: std::env::var("CALLBOARD_NGROK_API")
                .unwrap_or_else(|_| NGROK_API_BASE.into()),
        },
        Arc::new(KeyringStore::new(SERVICE)),
    )
    .map_err(UiError::from)
}

/// How often the ngrok agent is asked whether the tunnel's address changed.
const TUNNEL_WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

fn watch_tunnel(core: Arc<App>) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(TUNNEL_WATCH_EVERY).await;
            core.watch_tunnel().await;
        }
    });
}

fn forward_events(handle: tauri::AppHandle, core: &App) {
    let mut events = core.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(error) = handle.emit(UI_EVENT_NAME, &event) {
                        tracing::warn!(%error, "could not forward an event to the UI");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "the UI missed core events");
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}
