//! The plain types of calls and the Sandbox phone: the phone as its section shows it,
//! what can be done to a live call, and how a timeline entry reads (which the plain-words
//! explanations use too). They import nothing else in core.

use callboard_sandbox::{PhoneAudio, Pickup};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The Sandbox's virtual phone, as its section shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PhoneState {
    /// How it answers calls.
    pub pickup: Pickup,
    /// How the party a `connect` rings answers (a second leg, as a flow's "if nobody
    /// answers" branches need).
    pub connected_party: Pickup,
    /// What it sends into calls.
    pub audio: PhoneAudio,
    /// The number it calls from.
    pub number: String,
    /// The application's numbers, which it can dial.
    pub application_numbers: Vec<String>,
}

/// What to do to a live call from the Calls section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CallControl {
    /// End it.
    Hangup,
    /// Stop the leg's audio reaching the others.
    Mute,
    /// Undo mute.
    Unmute,
    /// Stop the leg hearing the others.
    Earmuff,
    /// Undo earmuff.
    Unearmuff,
    /// Say something into the call.
    Talk {
        /// What to say.
        text: String,
    },
    /// Stop speech started with `Talk`.
    StopTalk,
    /// Stop audio started with `Stream`.
    StopStream,
    /// Play an audio file (MP3 or 16-bit WAV) into the call.
    Stream {
        /// Where the file is, `https://…`.
        url: String,
    },
    /// Send key presses.
    Dtmf {
        /// Digits, `*`, `#`, `p` for a pause.
        digits: String,
    },
    /// Replace what runs with the active NCCO.
    TransferToActive,
    /// Replace what runs with the NCCO a URL answers with.
    TransferToUrl {
        /// `https://…`, answering with an NCCO.
        url: String,
    },
}

/// How an entry on a timeline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// As hoped.
    Ok,
    /// Worth a look.
    Warn,
    /// Something failed.
    Bad,
    /// Neither.
    Info,
}
