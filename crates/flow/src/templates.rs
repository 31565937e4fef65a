//! Flows to start from, each with real branches and no findings: the files in
//! `examples/flows/`, which are also the README's example and test fixtures.

use crate::model::Flow;

/// A named starting point.
#[derive(Debug, Clone)]
pub struct FlowTemplate {
    /// Stable identifier (the example file's name without `.json`).
    pub id: &'static str,
    /// What it does, in a sentence.
    pub description: &'static str,
    /// The file text.
    pub text: &'static str,
}

/// Every template, in the order the editor lists them.
#[must_use]
pub fn all() -> Vec<FlowTemplate> {
    vec![
        FlowTemplate {
            id: "keypad-menu",
            description: "Press 1 for sales (connected to a phone) or 2 for support (a voicemail); the menu again when nothing is pressed, up to 3 times, then goodbye.",
            text: include_str!("../../../examples/flows/keypad-menu.json"),
        },
        FlowTemplate {
            id: "speech-menu",
            description: "Say “sales” or “support”; what the caller said is repeated back with {speech}.",
            text: include_str!("../../../examples/flows/speech-menu.json"),
        },
        FlowTemplate {
            id: "voicemail-after-no-answer",
            description: "Ring a phone; if it is busy, rings out or fails, take a voicemail instead.",
            text: include_str!("../../../examples/flows/voicemail-after-no-answer.json"),
        },
    ]
}

impl FlowTemplate {
    /// The template as a flow.
    ///
    /// # Panics
    /// Never for the shipped files: a test reads each.
    #[must_use]
    pub fn flow(&self) -> Flow {
        Flow::parse(self.text).expect("a shipped template is a flow")
    }
}
