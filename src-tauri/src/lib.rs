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
mod logging;
mod menu;
mod paths;

use std::{path::PathBuf, sync::Arc};

use callboard_core::{
    App, AppConfig, ErrorKind, UiError,
    events::UI_EVENT_NAME,
    profiles::DEFAULT_LISTENER_PORT,
    secrets::{KeyringStore, SERVICE},
    webhooks::NGROK_API_BASE,
};
use tauri::{Emitter, Manager, RunEvent};

/// When `run` began: the start of the launch-to-ready figure.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Logs, once, that the window painted its first screen, with the time since launch.
pub(crate) fn window_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let ms = STARTED
            .get()
            .map_or(0, |started| started.elapsed().as_millis());
        tracing::info!(ms, "the window is ready");
    });
}

/// The handler for every command of the contract's one list, each the function of that
/// name in [`commands`]: a command declared there without its function here does not
/// compile, and a function here the contract does not declare is never registered.
macro_rules! command_handler {
    ($( $(#[doc = $doc:literal])* $kind:ident $(($checked:ident))? $name:ident ( $($arg:ident : $arg_ty:ty),* ) -> $result:ty; )*) => {
        tauri::generate_handler![$(commands::$name),*]
    };
}

/// Runs the app until its window closes.
///
/// # Panics
/// When Tauri itself cannot start (no display, for example).
pub fn run() {
    let _ = STARTED.set(std::time::Instant::now());
    let mut logging = logging::init();
    let context = tauri::generate_context!();
    let instance_id = paths::instance_id(&context.config().identifier);

    let app = tauri::Builder::default()
        // First: a second launch hands over to the running window and exits.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id)
                .callback(|handle, _args, _cwd| focus_main_window(handle))
                .build(),
        )
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_filename(paths::window_state_file())
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(menu::Zoom::default())
        .menu(menu::build)
        .on_menu_event(|handle, event| menu::handle(handle, event.id().as_ref()))
        .setup(move |app| {
            // A failure to open the data is shown in the window, never a crash.
            let paths = paths::AppPaths::resolve(app.handle());
            if let Ok(paths) = &paths {
                logging.write_to_folder(&paths.log_dir);
                app.manage(paths.clone());
            }
            // Kept until the app exits, so the last lines reach the file.
            app.manage(std::sync::Mutex::new(logging));
            let core = match paths.and_then(|paths| open_core(paths.data_dir)) {
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
            exit_on_terminate(app.handle().clone());
            let data_dir = core.as_ref().ok().map(|core| core.data_dir().to_owned());
            app.manage(files::GrantedFiles::new(data_dir));
            app.manage(commands::CoreState(core));
            Ok(())
        })
        .invoke_handler(callboard_core::with_commands!(command_handler))
        .build(context)
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

fn open_core(data_dir: PathBuf) -> Result<App, UiError> {
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

/// Quits as the Quit menu item does (the listener stopped, the window remembered, the
/// logs written) when the system asks the app to end: at logout, or `kill`.
fn exit_on_terminate(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        #[cfg(unix)]
        let asked = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut terminate) => drop(terminate.recv().await),
                Err(_) => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let asked = async { drop(tokio::signal::ctrl_c().await) };
        asked.await;
        tracing::info!("asked to end: quitting");
        handle.exit(0);
    });
}

/// Brings the main window to the front (a second launch, for one).
fn focus_main_window(handle: &tauri::AppHandle) {
    tracing::info!("another launch of Callboard was brought here");
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Opens the logs folder in the file manager; answers where it is.
///
/// # Errors
/// When the folder is unknown or cannot be shown.
pub(crate) fn open_logs_folder(handle: &tauri::AppHandle) -> Result<String, UiError> {
    use tauri_plugin_opener::OpenerExt;
    let paths = handle.try_state::<paths::AppPaths>().ok_or_else(|| {
        UiError::new(
            ErrorKind::Unavailable,
            "Callboard has no logs folder: it could not open its data".into(),
            None,
        )
    })?;
    let dir = paths.log_dir.display().to_string();
    handle
        .opener()
        .open_path(&dir, None::<&str>)
        .map_err(|error| {
            UiError::new(
                ErrorKind::Unavailable,
                format!("the file manager could not be opened: {error}"),
                Some(format!("The logs are in {dir}.")),
            )
        })?;
    Ok(dir)
}

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
