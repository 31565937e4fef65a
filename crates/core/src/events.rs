//! The event bus from core to the UI: low-volume "something changed" notices.
//!
//! Events tell the UI what to refetch; they carry small state at most. High-volume
//! data (audio levels, frames, live logs) goes over dedicated channels instead.

use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::listener::settings::ListenerStatus;

/// The name under which the shell emits every [`CoreEvent`] to the UI.
pub const UI_EVENT_NAME: &str = "core://event";

/// Something in core changed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CoreEvent {
    /// The webhook listener started, stopped or failed.
    ListenerChanged {
        /// Its new status.
        status: ListenerStatus,
    },
    /// Profiles were added, changed or another became active.
    ProfilesChanged,
    /// NCCO documents were saved or deleted, or another became active.
    NccoChanged,
    /// The listener kept new exchanges.
    ExchangesAdded,
    /// A call-audio stream session opened, progressed or ended.
    StreamsChanged,
    /// The Sandbox's virtual phone noticed something (a call ringing, a caption, …).
    Phone {
        /// What it noticed.
        event: callboard_sandbox::PhoneEvent,
    },
    /// A test call was placed or changed.
    CallsChanged,
    /// A step of a call test being run passed or failed.
    TestStep {
        /// The test.
        test: crate::id::Id,
        /// How the step went.
        step: callboard_calltest::StepResult,
    },
    /// Storing webhooks began to fail, or works again.
    StorageChanged {
        /// Why it fails, in plain words; none once it works again.
        problem: Option<String>,
    },
    /// The ngrok tunnel to the listener has a new address; Vonage still calls the old one.
    TunnelChanged {
        /// The public URL the profile (and the application) use.
        previous: String,
        /// The address ngrok now gives the tunnel.
        current: String,
    },
}

/// A broadcast bus; slow subscribers miss old events rather than block core.
#[derive(Debug, Clone)]
pub struct EventBus(broadcast::Sender<CoreEvent>);

impl Default for EventBus {
    fn default() -> Self {
        Self(broadcast::channel(256).0)
    }
}

impl EventBus {
    /// Publishes an event to every current subscriber (none is fine).
    pub fn publish(&self, event: CoreEvent) {
        let _ = self.0.send(event);
    }

    /// A new subscription that sees events published from now on.
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.0.subscribe()
    }
}
