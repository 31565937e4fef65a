//! The virtual phone: the other party of every Sandbox call. It decides how a ringing
//! call ends up (answered after a moment, busy, unanswered, rejected, failed), says what
//! it hears (captions of `talk`, key presses and audio sent to it), and sends keys,
//! audio and hang-ups into the call. Left alone it rings for about a second, answers and
//! sends silence, so a call placed by a script runs to the end with nobody at the window.

use std::{
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// How long the phone rings before it answers, left to itself.
pub const DEFAULT_ANSWER_AFTER: Duration = Duration::from_millis(1000);

/// What the phone does when a call rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pickup {
    /// Answers after `after_ms`.
    Answer {
        /// Milliseconds of ringing first.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        after_ms: u64,
    },
    /// Is busy (`busy`).
    Busy,
    /// Rings until the ringing timer gives up (`timeout`).
    NoAnswer,
    /// Declines (`rejected`, detail `declined`).
    Reject,
    /// Cannot be reached (`failed`, detail `cannot_route`).
    Unreachable,
}

impl Default for Pickup {
    fn default() -> Self {
        Self::Answer {
            after_ms: u64::try_from(DEFAULT_ANSWER_AFTER.as_millis()).unwrap_or(1000),
        }
    }
}

/// What the phone sends into the call while it is connected.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhoneAudio {
    /// Silence.
    #[default]
    Silence,
    /// A 440 Hz tone.
    Tone,
    /// A WAV file, looped.
    Wav {
        /// The file's path.
        path: String,
    },
}

/// Audio the phone hears from the application (a WebSocket's frames), for its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeardAudio {
    /// The leg.
    pub call: String,
    /// Samples per second.
    pub rate: u32,
    /// 20 ms of 16-bit little-endian PCM.
    pub frame: Vec<u8>,
}

/// Something the phone noticed, for whoever shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PhoneEvent {
    /// A call rings.
    Ringing {
        /// The leg.
        call: String,
        /// Who calls.
        from: String,
    },
    /// The call was answered.
    Answered {
        /// The leg.
        call: String,
    },
    /// Speech it hears, as a caption.
    Caption {
        /// The leg.
        call: String,
        /// The words.
        text: String,
    },
    /// An audio file it hears.
    Audio {
        /// The leg.
        call: String,
        /// Where the audio came from.
        source: String,
    },
    /// An audio file it should hear that cannot be played on the Sandbox.
    Unplayable {
        /// The leg.
        call: String,
        /// Where the audio came from.
        source: String,
        /// Why, in words.
        reason: String,
    },
    /// Keys sent to it.
    Keys {
        /// The leg.
        call: String,
        /// The digits.
        digits: String,
    },
    /// The call muted this phone (the others stop hearing it) or unmuted it.
    Muted {
        /// The leg.
        call: String,
        /// Whether it is muted now.
        on: bool,
    },
    /// The call earmuffed this phone (it stops hearing the others) or took that off.
    Earmuffed {
        /// The leg.
        call: String,
        /// Whether it is earmuffed now.
        on: bool,
    },
    /// The call ended.
    Ended {
        /// The leg.
        call: String,
        /// The final status.
        status: String,
    },
}

/// The phone's settings and what it notices. Besides how the phone answers, it says how
/// the party a `connect` rings answers (the second leg, `docs/flows.md`), so that a
/// flow's "if nobody answers" branches can be walked on the Sandbox.
#[derive(Debug, Clone)]
pub struct VirtualPhone {
    settings: Arc<Mutex<(Pickup, PhoneAudio)>>,
    connected_party: Arc<Mutex<Pickup>>,
    events: broadcast::Sender<PhoneEvent>,
    heard: broadcast::Sender<HeardAudio>,
}

impl Default for VirtualPhone {
    fn default() -> Self {
        Self {
            settings: Arc::new(Mutex::new((Pickup::default(), PhoneAudio::default()))),
            connected_party: Arc::new(Mutex::new(Pickup::Answer { after_ms: 500 })),
            events: broadcast::channel(256).0,
            // Two seconds of frames; a listener further behind skips ahead.
            heard: broadcast::channel(100).0,
        }
    }
}

impl VirtualPhone {
    /// How it will answer the next call.
    #[must_use]
    pub fn pickup(&self) -> Pickup {
        self.lock().0
    }

    /// Changes how it answers calls from now on.
    pub fn set_pickup(&self, pickup: Pickup) {
        self.lock().0 = pickup;
    }

    /// How the party a `connect` rings answers.
    #[must_use]
    pub fn connected_party(&self) -> Pickup {
        *self
            .connected_party
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Changes how the party a `connect` rings answers, from the next connect on.
    pub fn set_connected_party(&self, pickup: Pickup) {
        *self
            .connected_party
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = pickup;
    }

    /// What it sends into calls.
    #[must_use]
    pub fn audio(&self) -> PhoneAudio {
        self.lock().1.clone()
    }

    /// Changes what it sends.
    pub fn set_audio(&self, audio: PhoneAudio) {
        self.lock().1 = audio;
    }

    /// What it notices from now on.
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<PhoneEvent> {
        self.events.subscribe()
    }

    pub(crate) fn notice(&self, event: PhoneEvent) {
        let _ = self.events.send(event);
    }

    /// The audio it hears from now on (what the application sends over a WebSocket).
    #[must_use]
    pub fn listen(&self) -> broadcast::Receiver<HeardAudio> {
        self.heard.subscribe()
    }

    pub(crate) fn hear(&self, audio: HeardAudio) {
        if self.heard.receiver_count() > 0 {
            let _ = self.heard.send(audio);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Pickup, PhoneAudio)> {
        self.settings.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
