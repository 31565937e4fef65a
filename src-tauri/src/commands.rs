//! One command per use case, each a delegation to [`callboard_core::App`]. Names and
//! arguments match `callboard_core::contract`, from which the UI's types are generated.

use std::sync::Arc;

use callboard_core::{
    App, Id, UiError,
    app::{AppState, NccoCatalogue},
    listener::ListenerStatus,
    ncco::Fix,
    ncco_docs::{NccoCheck, NccoDocument, NccoSummary},
};
use serde_json::Value;
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

#[tauri::command]
pub fn ncco_catalogue(core: Core<'_>) -> NccoCatalogue {
    core.ncco_catalogue()
}

#[tauri::command]
pub fn ncco_list(core: Core<'_>) -> Result<Vec<NccoSummary>, UiError> {
    core.ncco_list().map_err(Into::into)
}

#[tauri::command]
pub fn ncco_get(core: Core<'_>, id: Id) -> Result<NccoDocument, UiError> {
    core.ncco_get(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_save(
    core: Core<'_>,
    id: Option<Id>,
    name: String,
    document: Value,
) -> Result<NccoDocument, UiError> {
    core.ncco_save(id, &name, &document).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_delete(core: Core<'_>, id: Id) -> Result<(), UiError> {
    core.ncco_delete(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_activate(core: Core<'_>, id: Option<Id>) -> Result<Vec<NccoSummary>, UiError> {
    core.ncco_activate(id).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_check(core: Core<'_>, text: String) -> NccoCheck {
    core.ncco_check(&text)
}

#[tauri::command]
pub fn ncco_apply_fix(core: Core<'_>, document: Value, fix: Fix) -> Result<Value, UiError> {
    core.ncco_apply_fix(&document, &fix).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_import(core: Core<'_>, path: String) -> Result<NccoDocument, UiError> {
    core.ncco_import(&path).map_err(Into::into)
}

#[tauri::command]
pub fn ncco_export(core: Core<'_>, id: Id, path: String) -> Result<(), UiError> {
    core.ncco_export(id, &path).map_err(Into::into)
}
