//! The call-audio WebSocket's format (`docs/vonage.md` §7): 16-bit linear PCM,
//! mono, little-endian, 20 ms per binary message, at 8, 16 or 24 kHz; and what both
//! Callboard's listener and the Sandbox's phone send in it: a test tone, or a WAV file
//! of any rate, channel count and sample format (read with `hound`, mixed to mono and
//! linearly resampled).

use std::path::Path;

/// The longest WAV file played into a call: ten minutes.
pub const MAX_WAV_SECONDS: u32 = 600;

/// The sample rates Vonage streams at.
pub const RATES: [u32; 3] = [8000, 16_000, 24_000];

/// Bytes in one 20 ms frame of 16-bit mono at `rate` (320, 640, 960).
#[must_use]
pub fn frame_bytes(rate: u32) -> usize {
    usize::try_from(rate / 50 * 2).unwrap_or(0)
}

/// The rate a content type such as `audio/l16;rate=16000` announces (the NCCO model's
/// reading, which a websocket endpoint's `content-type` uses too).
pub use callboard_ncco::model::rate_of;

/// A stream's audio format in plain words, from the content type its first message
/// announced.
#[must_use]
pub fn describe(content_type: Option<&str>) -> String {
    let Some(content_type) = content_type else {
        return "Not announced yet: Vonage's first message names the format.".into();
    };
    match rate_of(content_type) {
        Some(rate) if RATES.contains(&rate) => {
            let quality = match rate {
                8000 => "telephone quality",
                16_000 => "wideband, clearer speech",
                _ => "high definition",
            };
            format!(
                "16-bit linear PCM, mono, {} samples a second ({quality}): 50 frames a second of {} bytes, 20 ms each.",
                thousands(rate),
                frame_bytes(rate)
            )
        }
        _ => format!(
            "\"{content_type}\" is not a format Vonage streams: it sends audio/l16 at 8000, 16000 or 24000 Hz."
        ),
    }
}

fn thousands(n: u32) -> String {
    if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
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

/// Reads a WAV file as mono 16-bit samples at `rate`.
///
/// # Errors
/// Why it cannot be used, in words.
pub fn load_wav(path: &Path, rate: u32) -> Result<Vec<i16>, String> {
    let shown = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|error| format!("{shown} cannot be read: {error}."))?;
    decode_wav(std::io::BufReader::new(file), &shown, rate)
}

/// Writes interleaved 16-bit `samples` of `channels` at `rate` as a WAV file at `path`;
/// its size in bytes.
///
/// # Errors
/// Why the file could not be written, in words.
pub fn write_wav(path: &Path, rate: u32, channels: u16, samples: &[i16]) -> Result<u64, String> {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let failed = |error: hound::Error| format!("{} cannot be written: {error}", path.display());
    let mut writer = hound::WavWriter::create(path, spec).map_err(failed)?;
    for sample in samples {
        writer.write_sample(*sample).map_err(failed)?;
    }
    writer.finalize().map_err(failed)?;
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|error| format!("{} cannot be read back: {error}", path.display()))
}

/// Makes a WAV file whose writer never finished (the app was killed mid-call) playable:
/// its RIFF and `data` chunk sizes, which the writer fills in only when it finishes, are
/// set from the bytes actually on disk (whole sample frames only). Returns the number of
/// data bytes the file now declares.
///
/// hound reads and writes WAV but has no repair; this touches only the two size fields.
///
/// # Errors
/// Why the file could not be read or is not a WAV file, in words.
pub fn repair_wav(path: &Path) -> Result<u64, String> {
    use std::io::{Read, Seek, SeekFrom, Write};
    let failed = |error: std::io::Error| format!("{} cannot be repaired: {error}", path.display());
    let not_wav = || format!("{} is not a WAV file", path.display());
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(failed)?;
    let length = file.metadata().map_err(failed)?.len();
    let mut riff = [0u8; 12];
    file.read_exact(&mut riff).map_err(|_| not_wav())?;
    if &riff[0..4] != b"RIFF" || &riff[8..12] != b"WAVE" {
        return Err(not_wav());
    }
    // Walk the chunks to `data`, noting the block size from `fmt `.
    let mut at = 12u64;
    let mut block = 1u64;
    let data_start = loop {
        let mut head = [0u8; 8];
        file.seek(SeekFrom::Start(at)).map_err(failed)?;
        file.read_exact(&mut head).map_err(|_| not_wav())?;
        let size = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
        if &head[0..4] == b"data" {
            break at + 8;
        }
        if &head[0..4] == b"fmt " {
            let mut format = [0u8; 14];
            file.read_exact(&mut format).map_err(|_| not_wav())?;
            block = u64::from(u16::from_le_bytes([format[12], format[13]])).max(1);
        }
        at += 8 + size + size % 2;
        if at >= length {
            return Err(not_wav());
        }
    };
    let data = (length - data_start) / block * block;
    let data_size = u32::try_from(data).map_err(|_| format!("{} is over 4 GiB", path.display()))?;
    let riff_size = u32::try_from(data_start - 8 + data).unwrap_or(u32::MAX);
    file.seek(SeekFrom::Start(4)).map_err(failed)?;
    file.write_all(&riff_size.to_le_bytes()).map_err(failed)?;
    file.seek(SeekFrom::Start(data_start - 4)).map_err(failed)?;
    file.write_all(&data_size.to_le_bytes()).map_err(failed)?;
    file.set_len(data_start + data).map_err(failed)?;
    Ok(data)
}

/// Reads WAV bytes (named `shown` in messages) as mono 16-bit samples at `rate`.
///
/// # Errors
/// Why they cannot be used, in words.
pub fn decode_wav(source: impl std::io::Read, shown: &str, rate: u32) -> Result<Vec<i16>, String> {
    let reader = hound::WavReader::new(source).map_err(|error| match error {
        hound::Error::IoError(error) => {
            format!(
                "{shown} cannot be read: {}.",
                error.to_string().trim_end_matches('.')
            )
        }
        other => format!(
            "{shown} is not a WAV file Callboard can play: {}.",
            other.to_string().trim_end_matches('.')
        ),
    })?;
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(format!("{shown} has no audio channels."));
    }
    if reader.duration() > MAX_WAV_SECONDS * spec.sample_rate {
        return Err(format!(
            "{shown} is longer than {} minutes; choose a shorter file.",
            MAX_WAV_SECONDS / 60
        ));
    }
    let as_f32: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader
            .into_samples::<f32>()
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{shown} is damaged: {e}."))?,
        hound::SampleFormat::Int => {
            #[allow(clippy::cast_precision_loss)]
            let full = (1_i64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|s| s as f32 / full))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{shown} is damaged: {e}."))?
        }
    };
    let channels = usize::from(spec.channels);
    let mono: Vec<f32> = as_f32
        .chunks(channels)
        .map(|frame| frame.iter().sum::<f32>() / frame.len() as f32)
        .collect();
    if mono.is_empty() {
        return Err(format!("{shown} holds no audio."));
    }
    let out_len = (mono.len() as u64 * u64::from(rate) / u64::from(spec.sample_rate)).max(1);
    let ratio = f64::from(spec.sample_rate) / f64::from(rate);
    let samples = (0..out_len)
        .map(|i| {
            #[allow(clippy::cast_precision_loss)]
            let position = i as f64 * ratio;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let index = position as usize;
            let next = mono[(index + 1).min(mono.len() - 1)];
            let here = mono[index.min(mono.len() - 1)];
            #[allow(clippy::cast_possible_truncation)]
            let fraction = (position - index as f64) as f32;
            let value = here + (next - here) * fraction;
            #[allow(clippy::cast_possible_truncation)]
            let sample = (value.clamp(-1.0, 1.0) * 32767.0) as i16;
            sample
        })
        .collect();
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_whose_writer_never_finished_is_repaired_to_play_every_sample_on_disk() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("crashed.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer =
            hound::WavWriter::new(std::fs::File::create(&path).expect("file"), spec).expect("wav");
        for n in 0..1600i16 {
            writer.write_sample(n).expect("sample");
        }
        // The process dies here: the writer never finalizes, so the header's sizes are stale.
        std::mem::forget(writer);
        {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .expect("open");
            file.write_all(&[0x7f])
                .expect("half a sample, cut off mid-write");
        }
        let before = hound::WavReader::open(&path).map(|r| r.len()).unwrap_or(0);
        assert_ne!(before, 1600, "a crashed file does not declare its samples");
        assert_eq!(repair_wav(&path).expect("repaired"), 3200);
        let reader = hound::WavReader::open(&path).expect("a valid WAV");
        assert_eq!(reader.len(), 1600, "every whole sample written is playable");
        let samples: Vec<i16> = reader.into_samples().map(|s| s.expect("sample")).collect();
        assert_eq!(samples[1599], 1599);
        assert_eq!(
            repair_wav(&path).expect("again"),
            3200,
            "repairing twice changes nothing"
        );

        let text = dir.path().join("notes.wav");
        std::fs::write(&text, b"not audio at all").expect("write");
        assert!(
            repair_wav(&text)
                .expect_err("not WAV")
                .contains("not a WAV file")
        );
    }

    #[test]
    fn frames_are_20_ms_of_16_bit_audio() {
        assert_eq!(RATES.map(frame_bytes), [320, 640, 960]);
        let mut phase = 0.0;
        assert_eq!(tone_frame(8000, &mut phase).len(), 320);
        assert_eq!(rate_of("audio/l16;rate=16000"), Some(16_000));
        assert_eq!(rate_of("audio/l16"), None);
        assert_eq!(
            describe(Some("audio/l16;rate=16000")),
            "16-bit linear PCM, mono, 16,000 samples a second (wideband, clearer speech): 50 frames a second of 640 bytes, 20 ms each."
        );
        assert!(describe(Some("audio/pcmu")).contains("is not a format Vonage streams"));
        assert!(describe(None).contains("Not announced yet"));
    }

    #[test]
    fn files_that_cannot_be_played_say_why() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("missing.wav");
        assert!(
            load_wav(&missing, 8000)
                .expect_err("missing")
                .contains("cannot be read")
        );
        let text = dir.path().join("notes.wav");
        std::fs::write(&text, "not audio").expect("write");
        assert!(
            load_wav(&text, 8000)
                .expect_err("text")
                .contains("is not a WAV file Callboard can play")
        );
        let empty = dir.path().join("empty.wav");
        write_wav(&empty, 8000, 1, &[]).expect("written");
        assert!(
            load_wav(&empty, 8000)
                .expect_err("empty")
                .contains("holds no audio")
        );
    }
}
