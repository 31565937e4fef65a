//! Tauri's build step. `ui/dist` must exist for the app to compile; an empty one is
//! created when the UI has not been built, so `cargo test --workspace` never needs npm
//! (the window then shows a page saying to build the UI).
//!
//! The app's commands get Tauri permissions from `permissions/commands.toml` (generated
//! from core's contract): without an app manifest Tauri lets the page call every
//! registered command; with it, only those the capability grants.

fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(&dist).expect("ui/dist can be created");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Callboard</title>\
             <p style=\"font-family:sans-serif;padding:2rem\">The interface has not been built. \
             Run <code>./dev run</code> from the repository root.</p>",
        )
        .expect("placeholder page can be written");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=permissions");
    let set = std::fs::read_to_string("permissions/commands.toml")
        .expect("permissions/commands.toml (./dev bindings writes it)");
    let commands: Vec<&'static str> = set
        .lines()
        .filter_map(|line| line.trim().strip_prefix("\"allow-"))
        .filter_map(|rest| rest.split('"').next())
        .map(|slug| &*Box::leak(slug.replace('-', "_").into_boxed_str()))
        .collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(Vec::leak(commands))),
    )
    .expect("Tauri's build step");
}
