//! The call-audio WebSocket's format (`reference/vonage.md` §7): 16-bit linear PCM,
//! mono, little-endian, 20 ms per binary message, at 8, 16 or 24 kHz; and a test tone
//! in that format, which both Callboard's listener and the Sandbox's phone can send.

/// The sample rates Vonage streams at.
pub const RATES: [u32; 3] = [8000, 16_000, 24_000];

/// Bytes in one 20 ms frame of 16-bit mono at `rate` (320, 640, 960).
#[must_use]
pub fn frame_bytes(rate: u32) -> usize {
    usize::try_from(rate / 50 * 2).unwrap_or(0)
}

/// The rate a content type such as `audio/l16;rate=16000` announces.
#[must_use]
pub fn rate_of(content_type: &str) -> Option<u32> {
    content_type
        .split(';')
        .find_map(|part| part.trim().strip_prefix("rate="))
        .and_then(|rate| rate.trim().parse().ok())
}

/// One 20 ms frame of a 440 Hz sine at a quarter of full scale, continuing from `phase`.
#[must_use]
pub fn tone_frame(rate: u32, phase: &mut f64) -> Vec<u8> {
    let samples = rate / 50;
    let step = 2.0 * std::f64::consts::PI * 440.0 / f64::from(rate);
    let mut frame = Vec::with_capacity(frame_bytes(rate));
    for _ in 0..samples {
        #[allow(clippy::cast_possible_truncation)] // |sin| ≤ 1, so the product fits
        let sample = (phase.sin() * 8192.0) as i16;
        frame.extend_from_slice(&sample.to_le_bytes());
        *phase = (*phase + step) % (2.0 * std::f64::consts::PI);
    }
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_20_ms_of_16_bit_audio() {
        assert_eq!(RATES.map(frame_bytes), [320, 640, 960]);
        let mut phase = 0.0;
        assert_eq!(tone_frame(8000, &mut phase).len(), 320);
        assert_eq!(rate_of("audio/l16;rate=16000"), Some(16_000));
        assert_eq!(rate_of("audio/l16"), None);
    }
}
