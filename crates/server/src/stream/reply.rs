//! What the listener sends back into the call, 20 ms at a time: silence, an echo of what
//! it hears, a test tone, or a WAV file (read by `callboard_vonage::audio::load_wav`), looped.

use std::{
    collections::VecDeque,
    path::Path,
    sync::{Arc, RwLock},
};

use serde::{Deserialize, Serialize};

use callboard_vonage::audio::{frame_bytes, load_wav, tone_frame};

/// What the listener sends back into the call.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AudioReply {
    /// Nothing.
    #[default]
    None,
    /// Silence, 20 ms at a time.
    Silence,
    /// Every frame received, straight back.
    Echo,
    /// A 440 Hz tone at -12 dBFS.
    Tone,
    /// A WAV file, looped.
    Wav {
        /// The file's path.
        path: String,
    },
}

/// The reply new sessions use; shared with whoever changes it (a session keeps the reply
/// it started with).
#[derive(Debug, Clone, Default)]
pub struct SharedReply(Arc<RwLock<AudioReply>>);

impl SharedReply {
    /// A setting starting at `reply`.
    #[must_use]
    pub fn new(reply: AudioReply) -> Self {
        Self(Arc::new(RwLock::new(reply)))
    }

    /// Changes the reply for sessions that open from now on.
    pub fn set(&self, reply: AudioReply) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = reply;
    }

    /// The reply now.
    #[must_use]
    pub fn get(&self) -> AudioReply {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl From<AudioReply> for SharedReply {
    fn from(reply: AudioReply) -> Self {
        Self::new(reply)
    }
}

/// A session's running reply.
pub(crate) enum Source {
    Silence,
    Tone { phase: f64 },
    Echo(VecDeque<Vec<u8>>),
    Samples { samples: Vec<i16>, at: usize },
}

impl Source {
    /// The source for `reply` at `rate` (`None` for no reply).
    ///
    /// # Errors
    /// Why a WAV file cannot be played, in words.
    pub(crate) fn new(reply: &AudioReply, rate: u32) -> Result<Option<Self>, String> {
        Ok(Some(match reply {
            AudioReply::None => return Ok(None),
            AudioReply::Silence => Self::Silence,
            AudioReply::Echo => Self::Echo(VecDeque::new()),
            AudioReply::Tone => Self::Tone { phase: 0.0 },
            AudioReply::Wav { path } => Self::Samples {
                samples: load_wav(Path::new(path), rate)?,
                at: 0,
            },
        }))
    }

    /// Keeps a frame heard, for the echo.
    pub(crate) fn heard(&mut self, frame: &[u8]) {
        if let Self::Echo(queue) = self
            && queue.len() < 3072
        {
            queue.push_back(frame.to_vec());
        }
    }

    /// The next 20 ms frame to send, if there is one now.
    pub(crate) fn next_frame(&mut self, rate: u32) -> Option<Vec<u8>> {
        match self {
            Self::Silence => Some(vec![0; frame_bytes(rate)]),
            Self::Tone { phase } => Some(tone_frame(rate, phase)),
            Self::Echo(queue) => queue.pop_front(),
            Self::Samples { samples, at } => {
                let count = frame_bytes(rate) / 2;
                let mut frame = Vec::with_capacity(count * 2);
                for _ in 0..count {
                    frame.extend_from_slice(&samples[*at].to_le_bytes());
                    *at = (*at + 1) % samples.len();
                }
                Some(frame)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use callboard_vonage::audio::write_wav;

    #[test]
    fn a_stereo_8k_file_becomes_mono_16k_frames() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.wav");
        // 0.1 s of stereo at 8 kHz: left 1000, right 3000 → mono 2000.
        let samples: Vec<i16> = (0..800).flat_map(|_| [1000, 3000]).collect();
        write_wav(&path, 8000, 2, &samples).expect("written");
        let loaded = load_wav(&path, 16_000).expect("loads");
        assert_eq!(loaded.len(), 1600, "twice the samples at twice the rate");
        assert!(loaded.iter().all(|s| (i32::from(*s) - 2000).abs() <= 1));
        let mut source = Source::new(
            &AudioReply::Wav {
                path: path.display().to_string(),
            },
            16_000,
        )
        .expect("plays")
        .expect("a source");
        for _ in 0..10 {
            assert_eq!(source.next_frame(16_000).map(|f| f.len()), Some(640));
        }
    }
}
