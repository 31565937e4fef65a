//! The native menu: File, Edit, View and Help, what desktop users reach for.
//!
//! Items the UI carries out are emitted to it as a [`MenuAction`]; the rest the shell
//! does itself: quit, zoom, About, the logs folder, and on Linux and Windows cut,
//! copy, paste and select all as the web view's own editing commands. On macOS the
//! Edit items are the system's (text fields need them there).
//!
//! Keys: items whose key the web page already handles (Ctrl+1…9, Ctrl+Z, Ctrl+C, F1 …)
//! carry no accelerator outside macOS, because a GTK accelerator takes the key before
//! the page sees it; the page keeps handling those keys itself.

use callboard_core::shell::{MENU_EVENT_NAME, MenuAction, SECTIONS, ZoomChange};
use tauri::{
    AppHandle, Emitter, Manager, Wry,
    menu::{AboutMetadataBuilder, Menu, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder},
};

/// The id prefix of View's section items: `section:calls`.
const SECTION_PREFIX: &str = "section:";

/// The window's zoom, shared by the menu and the `window_zoom` command.
#[derive(Debug)]
pub struct Zoom(std::sync::Mutex<f64>);

impl Default for Zoom {
    fn default() -> Self {
        Self(std::sync::Mutex::new(1.0))
    }
}

/// Zooms the main window one step; answers the new level.
pub fn zoom(handle: &AppHandle, change: ZoomChange) -> f64 {
    let zoom = handle.state::<Zoom>();
    let mut level = zoom
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *level = change.apply(*level);
    if let Some(webview) = handle.get_webview_window("main")
        && let Err(error) = webview.set_zoom(*level)
    {
        tracing::warn!(%error, "the window could not zoom");
    }
    *level
}

/// Builds the menu bar.
///
/// # Errors
/// When the platform refuses a menu item.
pub fn build(handle: &AppHandle) -> tauri::Result<Menu<Wry>> {
    let item = |id: &str, text: &str, keys: Option<&str>| {
        let builder = MenuItemBuilder::with_id(id, text);
        match keys {
            Some(keys) => builder.accelerator(keys).build(handle),
            None => builder.build(handle),
        }
    };
    // A key the page handles itself is shown by the menu only on macOS.
    let page_key = |keys: &'static str| cfg!(target_os = "macos").then_some(keys);

    let file = SubmenuBuilder::new(handle, "File")
        .item(&item("new_ncco", "New NCCO", None)?)
        .item(&item("new_flow", "New flow", None)?)
        .separator()
        .item(&item("import", "Import…", None)?)
        .item(&item("export", "Export…", None)?)
        .separator()
        .item(&item("quit", "Quit Callboard", Some("CmdOrCtrl+Q"))?)
        .build()?;

    let edit = if cfg!(target_os = "macos") {
        SubmenuBuilder::new(handle, "Edit")
            .undo()
            .redo()
            .separator()
            .cut()
            .copy()
            .paste()
            .select_all()
            .build()?
    } else {
        SubmenuBuilder::new(handle, "Edit")
            .item(&item("undo", "Undo", None)?)
            .item(&item("redo", "Redo", None)?)
            .separator()
            .item(&item("cut", "Cut", None)?)
            .item(&item("copy", "Copy", None)?)
            .item(&item("paste", "Paste", None)?)
            .item(&item("select_all", "Select all", None)?)
            .build()?
    };

    let mut view = SubmenuBuilder::new(handle, "View");
    for (index, (id, label)) in SECTIONS.iter().enumerate() {
        let keys = cfg!(target_os = "macos").then(|| format!("CmdOrCtrl+{}", index + 1));
        view = view.item(&item(
            &format!("{SECTION_PREFIX}{id}"),
            label,
            keys.as_deref(),
        )?);
    }
    let view = view
        .separator()
        .item(&item("zoom_in", "Zoom in", None)?)
        .item(&item("zoom_out", "Zoom out", None)?)
        .item(&item("zoom_reset", "Actual size", None)?)
        .build()?;

    let package = handle.package_info();
    let about = AboutMetadataBuilder::new()
        .name(Some(package.name.clone()))
        .version(Some(package.version.to_string()))
        .comments(Some(
            "Set up, test and watch Vonage Voice applications by pointing and clicking.",
        ))
        .license(Some("MIT"))
        .build();
    let help = SubmenuBuilder::new(handle, "Help")
        .item(&item("help", "Help for this section", page_key("F1"))?)
        .item(&item("shortcuts", "Keyboard shortcuts", None)?)
        .item(&item("glossary", "Glossary", None)?)
        .separator()
        .item(&item("logs_folder", "Open the logs folder", None)?)
        .item(&item("report_problem", "Report a problem…", None)?)
        .separator()
        .item(&PredefinedMenuItem::about(
            handle,
            Some("About Callboard"),
            Some(about),
        )?)
        .build()?;

    Menu::with_items(handle, &[&file, &edit, &view, &help])
}

/// What the menu item `id` does.
pub fn handle(handle: &AppHandle, id: &str) {
    let action = match id {
        "quit" => return handle.exit(0),
        "zoom_in" => {
            zoom(handle, ZoomChange::In);
            return;
        }
        "zoom_out" => {
            zoom(handle, ZoomChange::Out);
            return;
        }
        "zoom_reset" => {
            zoom(handle, ZoomChange::Reset);
            return;
        }
        "cut" | "copy" | "paste" | "select_all" => return edit(handle, id),
        "logs_folder" => {
            if let Err(error) = crate::open_logs_folder(handle) {
                tracing::warn!(message = %error.message, "the logs folder could not be opened");
            }
            return;
        }
        "new_ncco" => MenuAction::NewNcco,
        "new_flow" => MenuAction::NewFlow,
        "import" => MenuAction::Import,
        "export" => MenuAction::Export,
        "undo" => MenuAction::Undo,
        "redo" => MenuAction::Redo,
        "help" => MenuAction::Help,
        "shortcuts" => MenuAction::Shortcuts,
        "glossary" => MenuAction::Glossary,
        "report_problem" => MenuAction::ReportProblem,
        other => match other.strip_prefix(SECTION_PREFIX) {
            Some(section) => MenuAction::Section {
                section: section.to_owned(),
            },
            None => return,
        },
    };
    if let Err(error) = handle.emit(MENU_EVENT_NAME, &action) {
        tracing::warn!(%error, "could not hand a menu item to the UI");
    }
}

/// Cut, copy, paste or select all in the focused part of the page, as its keys would.
fn edit(handle: &AppHandle, id: &str) {
    let Some(webview) = handle.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    {
        let command = match id {
            "cut" => "Cut",
            "copy" => "Copy",
            "paste" => "Paste",
            _ => "SelectAll",
        };
        let _ = webview.with_webview(move |platform| {
            use webkit2gtk::WebViewExt;
            platform.inner().execute_editing_command(command);
        });
    }
    #[cfg(not(target_os = "linux"))]
    {
        let command = match id {
            "cut" => "cut",
            "copy" => "copy",
            "paste" => "paste",
            _ => "selectAll",
        };
        let _ = webview.eval(&format!("document.execCommand('{command}')"));
    }
}
