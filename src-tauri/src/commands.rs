//! One command per use case, each a delegation to [`callboard_core::App`]. Names and
//! arguments match `callboard_core::contract`, from which the UI's types are generated.

use std::sync::Arc;

use callboard_core::{App, UiError, app::AppState, listener::ListenerStatus};
use tauri::State;

type Core<'a> = State<'a, Arc<App>>;

#[tauri::command]
pub async fn app_state(core: Core<'_>) -> Result<AppState, UiError> {
    core.state().await.map_err(Into::into)
}

#[tauri::command]
pub async fn set_listener_port(core: Core<'_>, port: u32) -> Result<ListenerStatus, UiError> {
    core.set_listener_port(port).await.map_err(Into::into)
}

#[tauri::command]
pub async fn restart_listener(core: Core<'_>) -> Result<ListenerStatus, UiError> {
    core.restart_listener().await.map_err(Into::into)
}
