//! Tauri's build step. `ui/dist` must exist for the app to compile; an empty one is
//! created when the UI has not been built, so `cargo test --workspace` never needs npm
//! (the window then shows a page saying to build the UI).

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
    tauri_build::build();
}
