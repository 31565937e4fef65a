//! A recording's transcription (`record` with `transcription`, `docs/vonage.md`
//! §3.4 and §5): the Sandbox's phone cannot speak aloud, so what it said during the
//! recording (typed on the phone) is transcribed word for word, in the shape of Vonage's
//! published transcription file (`fixtures/payloads/transcription-file-response.json`).

use std::time::Duration;

use serde_json::{Value, json};

/// How long the Sandbox takes a word to be spoken.
const WORD: Duration = Duration::from_millis(400);

/// The transcription file for a recording `length` long in which the phone said each
/// text at its offset from the recording's start.
pub(crate) fn transcription_file(id: &str, said: &[(Duration, String)], length: Duration) -> Value {
    let transcript: Vec<Value> = said
        .iter()
        .filter_map(|(at, text)| sentence(*at, text))
        .collect();
    json!({
        "ver": "1.0.19",
        "request_id": id,
        "channels": [{"transcript": transcript, "duration": round_tenths(length)}]
    })
}

/// One sentence: its words timed one after another from `at`.
fn sentence(at: Duration, text: &str) -> Option<Value> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let start = millis(at);
    let per_word = millis(WORD);
    let timed: Vec<Value> = words
        .iter()
        .zip(0u64..)
        .map(|(word, n)| {
            json!({
                "word": word,
                "start_time": start + n * per_word,
                "end_time": start + (n + 1) * per_word,
                // Typed, so heard for certain.
                "confidence": 1
            })
        })
        .collect();
    let raw_sentence = words.join(" ");
    let mut written = raw_sentence.clone();
    if let Some(first) = written.get(..1) {
        written = format!("{}{}.", first.to_uppercase(), &written[1..]);
    }
    Some(json!({
        "sentence": written,
        "timestamp": start,
        "duration": per_word * words.len() as u64,
        "action_items": [],
        "questions": [],
        "answers": [],
        "raw_sentence": raw_sentence,
        "words": timed
    }))
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Seconds to a tenth, as the published file gives a channel's duration.
fn round_tenths(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_phone_said_reads_as_vonages_transcription_file() {
        let file = transcription_file(
            "t-1",
            &[(
                Duration::from_millis(9630),
                "Transcription example, test!".into(),
            )],
            Duration::from_millis(16_230),
        );
        let published: Value = serde_json::from_str(
            &std::fs::read_to_string(format!(
                "{}/../../../shared/fixtures/payloads/transcription-file-response.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("fixture"),
        )
        .expect("json");
        let ours = &file["channels"][0];
        let theirs = &published["channels"][0];
        assert_eq!(ours["duration"], theirs["duration"]);
        for key in ["sentence", "raw_sentence", "timestamp"] {
            assert_eq!(
                ours["transcript"][0][key], theirs["transcript"][0][key],
                "{key}"
            );
        }
        let words: Vec<&str> = ours["transcript"][0]["words"]
            .as_array()
            .expect("words")
            .iter()
            .filter_map(|w| w["word"].as_str())
            .collect();
        assert_eq!(words, ["transcription", "example", "test"]);
        assert_eq!(ours["transcript"][0]["words"][1]["start_time"], 10_030);
    }

    #[test]
    fn nothing_said_is_an_empty_transcript() {
        let file = transcription_file("t-2", &[(Duration::ZERO, " ... ".into())], Duration::ZERO);
        assert_eq!(file["channels"][0]["transcript"], json!([]));
    }
}
