//! What each side of a Sandbox call hears: audio played into the call (a `stream`
//! action, or the Voice API's `PUT …/stream`) runs on one clock for everyone, so the
//! phone's speaker and a connected WebSocket hear the same moment of it; the WebSocket
//! gets it mixed with the phone's own audio ("it receives a mix of all audio",
//! `docs/vonage.md` §7); `mute` keeps the phone's audio from the others and
//! `earmuff` keeps the others' audio from the phone (§3). A recording taps what the
//! application sends back, to record the whole call.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use tokio::time::{Duration, Instant};

use super::lock;

/// The rate audio played into a call is kept at.
pub(crate) const PLAYED_RATE: u32 = 16_000;

/// One 20 ms frame.
const FRAME: Duration = Duration::from_millis(20);

/// How much of the application's audio a tap holds before dropping the oldest: Vonage
/// buffers 3072 messages (about 60 s, `docs/vonage.md` §7).
const TAP_LIMIT: usize = 3072 * (PLAYED_RATE as usize / 50);

/// The audio state of one call, shared by the engine and the tasks that play into it.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallAudio(Arc<Mutex<Shared>>);

#[derive(Debug, Default)]
struct Shared {
    muted: bool,
    earmuffed: bool,
    playing: Option<Playing>,
    /// Counts playbacks, so a stopped one's task can tell it was replaced.
    started: u64,
    /// What the application sent, at [`PLAYED_RATE`], kept for each recording running.
    taps: Vec<(u64, VecDeque<i16>)>,
    /// Counts taps.
    tapped: u64,
    /// What the phone said (typed), and when, for transcriptions.
    said: Vec<(Instant, String)>,
}

/// A file playing into the call.
#[derive(Debug)]
struct Playing {
    id: u64,
    samples: Arc<Vec<i16>>,
    since: Instant,
    /// Times to play it; 0 until stopped.
    repeats: u64,
}

impl Playing {
    /// The frames in one play of the file.
    fn frames_per_play(&self) -> u64 {
        let per_frame = (PLAYED_RATE / 50) as usize;
        self.samples.len().div_ceil(per_frame).max(1) as u64
    }

    /// Frame `index` of the playback at `rate`, or `None` once it is over.
    fn frame(&self, index: u64, rate: u32) -> Option<Vec<i16>> {
        let per_play = self.frames_per_play();
        if self.repeats > 0 && index / per_play >= self.repeats {
            return None;
        }
        let per_frame_played = u64::from(PLAYED_RATE / 50);
        let first = (index % per_play) * per_frame_played;
        let wanted = u64::from(rate / 50);
        Some(
            (0..wanted)
                .map(|i| {
                    // The nearest sample at the played rate: 8 kHz takes every second one,
                    // 24 kHz repeats some; a simulator's resampling.
                    let at = first + i * u64::from(PLAYED_RATE) / u64::from(rate);
                    usize::try_from(at)
                        .ok()
                        .and_then(|at| self.samples.get(at))
                        .copied()
                        .unwrap_or(0)
                })
                .collect(),
        )
    }
}

impl CallAudio {
    /// Starts `samples` (at [`PLAYED_RATE`]) playing into the call, `repeats` times (0:
    /// until stopped), in place of anything playing; the playback's id.
    pub(crate) fn play(&self, samples: Vec<i16>, repeats: u64) -> u64 {
        let mut shared = lock(&self.0);
        shared.started += 1;
        let id = shared.started;
        shared.playing = Some(Playing {
            id,
            samples: Arc::new(samples),
            since: Instant::now(),
            repeats,
        });
        id
    }

    /// Stops playback `id`, if it is still the one playing; `None` stops whatever plays.
    pub(crate) fn stop(&self, id: Option<u64>) {
        let mut shared = lock(&self.0);
        if id.is_none() || shared.playing.as_ref().map(|p| p.id) == id {
            shared.playing = None;
        }
    }

    /// Frame `index` of playback `id` at `rate`, for the phone's speaker; `None` once that
    /// playback is over, stopped or replaced.
    pub(crate) fn frame_of(&self, id: u64, index: u64, rate: u32) -> Option<Vec<i16>> {
        let shared = lock(&self.0);
        let playing = shared.playing.as_ref().filter(|p| p.id == id)?;
        playing.frame(index, rate)
    }

    /// The 20 ms of whatever plays into the call at `at`, at `rate`, if anything does.
    pub(crate) fn frame_at(&self, at: Instant, rate: u32) -> Option<Vec<i16>> {
        let shared = lock(&self.0);
        let playing = shared.playing.as_ref()?;
        let elapsed = at.saturating_duration_since(playing.since);
        let index = u64::try_from(elapsed.as_micros() / FRAME.as_micros()).unwrap_or(u64::MAX);
        playing.frame(index, rate)
    }

    /// Starts keeping what the application sends, for a recording; the tap's id.
    pub(crate) fn tap_application(&self) -> u64 {
        let mut shared = lock(&self.0);
        shared.tapped += 1;
        let id = shared.tapped;
        shared.taps.push((id, VecDeque::new()));
        id
    }

    /// Stops keeping it for `tap`.
    pub(crate) fn untap_application(&self, tap: u64) {
        lock(&self.0).taps.retain(|(id, _)| *id != tap);
    }

    /// A frame the application sent at `rate`, for every tap.
    pub(crate) fn application_sent(&self, frame: &[u8], rate: u32) {
        let mut shared = lock(&self.0);
        if shared.taps.is_empty() || rate == 0 {
            return;
        }
        let samples = to_samples(frame);
        // The nearest sample at the played rate.
        let wanted = samples.len() * PLAYED_RATE as usize / rate as usize;
        let at_played_rate = (0..wanted)
            .map(|i| samples[(i * rate as usize / PLAYED_RATE as usize).min(samples.len() - 1)]);
        let at_played_rate: Vec<i16> = at_played_rate.collect();
        for (_, kept) in &mut shared.taps {
            kept.extend(&at_played_rate);
            let over = kept.len().saturating_sub(TAP_LIMIT);
            kept.drain(..over);
        }
    }

    /// Up to `count` samples the application sent, oldest first, from `tap`.
    pub(crate) fn take_application(&self, tap: u64, count: usize) -> Vec<i16> {
        let mut shared = lock(&self.0);
        shared
            .taps
            .iter_mut()
            .find(|(id, _)| *id == tap)
            .map(|(_, kept)| {
                let count = count.min(kept.len());
                kept.drain(..count).collect()
            })
            .unwrap_or_default()
    }

    /// The phone said `text` now.
    pub(crate) fn spoke(&self, text: &str) {
        lock(&self.0).said.push((Instant::now(), text.to_owned()));
    }

    /// What the phone said from `since` on, each with how long after `since`.
    pub(crate) fn said_since(&self, since: Instant) -> Vec<(Duration, String)> {
        lock(&self.0)
            .said
            .iter()
            .filter(|(at, _)| *at >= since)
            .map(|(at, text)| (at.duration_since(since), text.clone()))
            .collect()
    }

    pub(crate) fn set_muted(&self, muted: bool) {
        lock(&self.0).muted = muted;
    }

    pub(crate) fn set_earmuffed(&self, earmuffed: bool) {
        lock(&self.0).earmuffed = earmuffed;
    }

    /// Whether the phone's audio is kept from the others.
    pub(crate) fn muted(&self) -> bool {
        lock(&self.0).muted
    }

    /// Whether the others' audio is kept from the phone.
    pub(crate) fn earmuffed(&self) -> bool {
        lock(&self.0).earmuffed
    }
}

/// Adds `played` into the 16-bit little-endian `frame`, clipping as a mixer does.
pub(crate) fn mix_into(frame: &mut [u8], played: &[i16]) {
    for (pair, add) in frame.chunks_exact_mut(2).zip(played) {
        let sample = i16::from_le_bytes([pair[0], pair[1]]).saturating_add(*add);
        pair.copy_from_slice(&sample.to_le_bytes());
    }
}

/// Adds `add` into `into`, clipping as a mixer does.
pub(crate) fn add_samples(into: &mut [i16], add: &[i16]) {
    for (sample, added) in into.iter_mut().zip(add) {
        *sample = sample.saturating_add(*added);
    }
}

/// A frame's 16-bit little-endian samples.
pub(crate) fn to_samples(frame: &[u8]) -> Vec<i16> {
    frame
        .chunks_exact(2)
        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
        .collect()
}

/// `samples` as 16-bit little-endian bytes.
pub(crate) fn to_bytes(samples: &[i16]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(len: usize) -> Vec<i16> {
        (0..len)
            .map(|i| i16::try_from(i % 1000).expect("small"))
            .collect()
    }

    #[test]
    fn a_playback_is_the_same_moment_for_every_listener_and_ends_after_its_repeats() {
        let audio = CallAudio::default();
        // Half a frame more than two frames: three frames a play, the last padded.
        let id = audio.play(ramp(800), 2);
        assert_eq!(
            audio.frame_of(id, 0, 16_000).expect("playing")[..3],
            [0, 1, 2]
        );
        assert_eq!(
            audio.frame_of(id, 2, 16_000).expect("playing")[160],
            0,
            "padding"
        );
        assert_eq!(audio.frame_of(id, 3, 16_000).expect("second play")[0], 0);
        assert_eq!(audio.frame_of(id, 6, 16_000), None, "two plays, then over");
        // 45 ms after it started (the test itself takes far less than the 15 ms to spare).
        let now = Instant::now() + Duration::from_millis(45);
        assert_eq!(
            audio.frame_at(now, 16_000),
            audio.frame_of(id, 2, 16_000),
            "45 ms in is the third frame"
        );
        let narrow = audio.frame_at(now, 8_000).expect("playing");
        assert_eq!(narrow.len(), 160, "20 ms at 8 kHz");
        assert_eq!(narrow[..2], [640, 642], "every second sample");
        assert_eq!(audio.frame_at(now, 24_000).expect("playing").len(), 480);
    }

    #[test]
    fn a_replaced_or_stopped_playback_gives_no_more_frames() {
        let audio = CallAudio::default();
        let first = audio.play(ramp(3200), 0);
        let second = audio.play(ramp(3200), 0);
        assert_eq!(audio.frame_of(first, 0, 16_000), None, "replaced");
        audio.stop(Some(first));
        assert!(audio.frame_of(second, 99, 16_000).is_some(), "0 plays on");
        audio.stop(None);
        assert_eq!(audio.frame_at(Instant::now(), 16_000), None);
    }

    #[test]
    fn a_tap_keeps_the_applications_audio_at_the_played_rate_until_taken() {
        let audio = CallAudio::default();
        audio.application_sent(&to_bytes(&[1, 2]), 8_000);
        let tap = audio.tap_application();
        audio.application_sent(&to_bytes(&[5, 6, 7]), 8_000);
        assert_eq!(
            audio.take_application(tap, 4),
            [5, 5, 6, 6],
            "only what came after the tap, each 8 kHz sample twice"
        );
        assert_eq!(audio.take_application(tap, 10), [7, 7]);
        assert!(audio.take_application(tap, 10).is_empty());
        audio.untap_application(tap);
        audio.application_sent(&to_bytes(&[9]), 16_000);
        assert!(audio.take_application(tap, 10).is_empty(), "untapped");
    }

    #[test]
    fn mixing_adds_and_clips() {
        let mut frame = to_bytes(&[1000, i16::MAX - 10, -5]);
        mix_into(&mut frame, &[24, 100, -i16::MAX]);
        assert_eq!(frame, to_bytes(&[1024, i16::MAX, i16::MIN]));
    }
}
