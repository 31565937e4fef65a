//! What the desktop shell adds around the use cases: the native menu's actions the UI
//! carries out, the window's zoom steps, and the app-wide support bundle ("Report a
//! problem"). Plain types; the bundle is an `impl App` in `app/support.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The name under which the shell emits each [`MenuAction`] to the UI.
pub const MENU_EVENT_NAME: &str = "shell://menu";

/// A native menu item the UI carries out (the shell does the rest itself: quit, zoom,
/// cut/copy/paste/select all, About, the logs folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum MenuAction {
    /// File › New NCCO: a new document in Compose.
    NewNcco,
    /// File › New flow: a new flow in Flows.
    NewFlow,
    /// File › Import…: the current section's import (Compose, Flows, Tests).
    Import,
    /// File › Export…: the current section's export.
    Export,
    /// Edit › Undo: in the focused text field, or the section's history.
    Undo,
    /// Edit › Redo.
    Redo,
    /// View › a section.
    Section {
        /// The section's id, as the UI names it (`"calls"`).
        section: String,
    },
    /// Help › Help for this section.
    Help,
    /// Help › Keyboard shortcuts.
    Shortcuts,
    /// Help › Glossary.
    Glossary,
    /// Help › Report a problem…: save a support bundle.
    ReportProblem,
}

/// A step of the window's zoom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ZoomChange {
    /// 10 % larger (up to 300 %).
    In,
    /// 10 % smaller (down to 50 %).
    Out,
    /// Back to 100 %.
    Reset,
}

impl ZoomChange {
    /// The zoom after this step from `level` (1.0 is 100 %).
    #[must_use]
    pub fn apply(self, level: f64) -> f64 {
        let next = match self {
            Self::In => level + 0.1,
            Self::Out => level - 0.1,
            Self::Reset => 1.0,
        };
        // Whole tenths, so repeated steps never drift.
        ((next * 10.0).round() / 10.0).clamp(0.5, 3.0)
    }
}

/// The window's sections in sidebar order, each its id and label: the UI's sidebar and
/// Ctrl+digit shortcuts and the native View menu both come from this list.
pub const SECTIONS: &[(&str, &str)] = &[
    ("connect", "Connect"),
    ("webhooks", "Webhooks"),
    ("compose", "Compose"),
    ("flows", "Flows"),
    ("calls", "Calls"),
    ("tests", "Tests"),
    ("inspector", "Inspector"),
    ("phone", "Sandbox phone"),
    ("doctor", "Doctor"),
];

/// How many of the newest log lines a support bundle carries.
pub const BUNDLE_LOG_LINES: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::ZoomChange;

    #[test]
    fn zoom_moves_in_tenths_within_bounds() {
        assert!((ZoomChange::In.apply(1.0) - 1.1).abs() < 1e-9);
        assert!((ZoomChange::Out.apply(ZoomChange::In.apply(1.0)) - 1.0).abs() < 1e-9);
        assert!((ZoomChange::Out.apply(0.5) - 0.5).abs() < 1e-9);
        assert!((ZoomChange::In.apply(3.0) - 3.0).abs() < 1e-9);
        assert!((ZoomChange::Reset.apply(2.4) - 1.0).abs() < 1e-9);
    }
}
