//! Shared set-up: a fresh app in a temporary data directory, free ports, stand-in servers.

use std::sync::Arc;

use callboard_core::{App, AppConfig, secrets::MemoryStore};
use tempfile::TempDir;

/// A port nothing listens on right now (the OS picks it; it is released at once).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("the OS hands out an ephemeral port")
        .port()
}

/// The app's configuration for tests: `data_dir`, the first-run port, ngrok's default API.
pub fn config(data_dir: impl Into<std::path::PathBuf>, port: u16) -> AppConfig {
    AppConfig {
        data_dir: data_dir.into(),
        first_run_listener_port: port,
        ngrok_api_base: callboard_core::webhooks::NGROK_API_BASE.into(),
    }
}

/// An app on a fresh data directory whose first-run profile listens on `port`.
pub fn open_app(port: u16) -> (App, TempDir) {
    open_app_with(port, |config| config)
}

/// [`open_app`] with its configuration changed first (another ngrok agent, say).
pub fn open_app_with(port: u16, change: impl FnOnce(AppConfig) -> AppConfig) -> (App, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = reopen(change(config(dir.path().join("data"), port)));
    (app, dir)
}

/// An app on `config`'s data directory, as it opens after a restart (its keychain empty).
pub fn reopen(config: AppConfig) -> App {
    App::open(config, Arc::new(MemoryStore::default())).expect("the data directory opens")
}

/// A started app on a fresh data directory (its listener holding a free port).
pub async fn started_app() -> (App, TempDir) {
    let (app, dir, _) = started_on_free_port().await;
    (app, dir)
}

/// An app on a fresh data directory, started, whose listener really holds the port it
/// was given: [`free_port`] releases the port it found, and another test may take it
/// before the listener binds it, so a busy port is tried again with another.
pub async fn started_on_free_port() -> (App, TempDir, u16) {
    for _ in 0..5 {
        let port = free_port();
        let (app, dir) = open_app(port);
        app.start().await.expect("start");
        let status = app.state().await.expect("state").listener;
        if matches!(
            status,
            callboard_core::listener::ListenerStatus::Running { .. }
        ) {
            return (app, dir, port);
        }
        app.shutdown().await;
    }
    panic!("no free port could be held in five tries");
}

/// Serves `router` on a loopback port for the rest of the test; its base URL.
pub async fn serve_stand_in(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// Waits until the call's timeline has an entry titled `title`.
pub async fn wait_for(app: &App, uuid: &str, title: &str) -> callboard_core::calls::Timeline {
    for _ in 0..300 {
        let timeline = app.calls_timeline(uuid).expect("timeline");
        if timeline.entries.iter().any(|e| e.title == title) {
            return timeline;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let titles: Vec<String> = app
        .calls_timeline(uuid)
        .expect("timeline")
        .entries
        .iter()
        .map(|e| format!("{}: {}", e.title, e.detail))
        .collect();
    panic!("{uuid} never showed {title}; it showed {titles:#?}");
}

/// Points the Sandbox application's webhooks at `app`'s running listener, as the person
/// does in Webhooks; the listener's address.
pub async fn push_to_listener(app: &App) -> String {
    let callboard_core::listener::ListenerStatus::Running { address, .. } =
        app.state().await.expect("state").listener
    else {
        panic!("the listener runs");
    };
    app.webhooks_save(
        &address,
        &callboard_core::webhooks::WebhookSettings::default(),
    )
    .await
    .expect("saved");
    app.webhooks_push(true)
        .await
        .expect("pushed to the Sandbox application");
    address
}
