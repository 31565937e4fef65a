//! What each action's options mean when the action runs: the value given, else Vonage's
//! default, within the option's range, both read from the catalogue ([`crate::spec`]),
//! so the engine that runs an NCCO and the validator that checks it agree.

use std::time::Duration;

use serde_json::Number;

use super::{Connect, Conversation, Endpoint, Input, Keypad, Record, Stream, Talk, Wait};
use crate::spec;

/// `given`, else the default of `action`'s option `path`, within its range.
fn number(action: &str, path: &[&str], given: Option<&Number>) -> Option<f64> {
    spec::option(action, path)?.number(given)
}

/// As [`number`], in seconds.
fn seconds(action: &str, path: &[&str], given: Option<&Number>) -> Option<Duration> {
    number(action, path, given).and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
}

/// As [`number`], a count (a fraction rounds down).
fn count(action: &str, path: &[&str], given: Option<&Number>) -> Option<u64> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to ≥ 0
    number(action, path, given).map(|count| count.max(0.0) as u64)
}

/// `given`, else the default of `action`'s option `path`.
fn flag(action: &str, path: &[&str], given: Option<bool>) -> bool {
    spec::option(action, path).map_or(given.unwrap_or(false), |field| field.flag(given))
}

/// The first URL of an array of one.
fn first(urls: Option<&Vec<String>>) -> Option<&str> {
    urls.and_then(|urls| urls.first()).map(String::as_str)
}

impl Talk {
    /// Times it plays (0: until the call moves on).
    #[must_use]
    pub fn repeats(&self) -> u64 {
        count("talk", &["loop"], self.repeat.as_ref()).unwrap_or(1)
    }

    /// Whether the NCCO goes on while it plays.
    #[must_use]
    pub fn barges_in(&self) -> bool {
        flag("talk", &["bargeIn"], self.barge_in)
    }
}

impl Stream {
    /// The audio file's URL.
    #[must_use]
    pub fn url(&self) -> &str {
        first(Some(&self.stream_url)).unwrap_or("")
    }

    /// Times it plays (0: until the call moves on).
    #[must_use]
    pub fn repeats(&self) -> u64 {
        count("stream", &["loop"], self.repeat.as_ref()).unwrap_or(1)
    }

    /// Whether the NCCO goes on while it plays.
    #[must_use]
    pub fn barges_in(&self) -> bool {
        flag("stream", &["bargeIn"], self.barge_in)
    }
}

impl Wait {
    /// How long it pauses.
    #[must_use]
    pub fn duration(&self) -> Duration {
        seconds("wait", &["timeout"], self.timeout.as_ref()).unwrap_or(Duration::from_secs(10))
    }
}

impl Input {
    /// Whether it collects keys (`type` absent only in the pre-2021 form: keys).
    #[must_use]
    pub fn listens_for_keys(&self) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|kind| kind == "dtmf")
    }

    /// Whether it listens for speech.
    #[must_use]
    pub fn listens_for_speech(&self) -> bool {
        self.kinds.iter().any(|kind| kind == "speech")
    }

    /// How it collects keys (its `dtmf` settings; the pre-2021 form, with them at the
    /// top level, is an error Vonage refuses, so never runs).
    #[must_use]
    pub fn keypad(&self) -> Keypad {
        let settings = self.dtmf.as_ref();
        let time_out = settings.and_then(|settings| settings.time_out.as_ref());
        let max_digits = settings.and_then(|settings| settings.max_digits.as_ref());
        Keypad {
            time_out: seconds("input", &["dtmf", "timeOut"], time_out)
                .unwrap_or(Duration::from_secs(3)),
            max_digits: count("input", &["dtmf", "maxDigits"], max_digits)
                .and_then(|digits| usize::try_from(digits).ok())
                .unwrap_or(4),
            submit_on_hash: flag(
                "input",
                &["dtmf", "submitOnHash"],
                settings.and_then(|settings| settings.submit_on_hash),
            ),
        }
    }

    /// How long speech may take to begin.
    #[must_use]
    pub fn speech_start_timeout(&self) -> Duration {
        let given = self.speech.as_ref().and_then(|s| s.start_timeout.as_ref());
        seconds("input", &["speech", "startTimeout"], given).unwrap_or(Duration::from_secs(10))
    }

    /// The silence that ends an utterance.
    #[must_use]
    pub fn speech_end_on_silence(&self) -> Duration {
        let given = self.speech.as_ref().and_then(|s| s.end_on_silence.as_ref());
        seconds("input", &["speech", "endOnSilence"], given).unwrap_or(Duration::from_secs(2))
    }
}

impl Record {
    /// The silence that stops it, when asked.
    #[must_use]
    pub fn end_on_silence(&self) -> Option<Duration> {
        let given = self.end_on_silence.as_ref()?;
        seconds("record", &["endOnSilence"], Some(given))
    }

    /// The time-out it was given, if any.
    #[must_use]
    pub fn given_time_out(&self) -> Option<Duration> {
        let given = self.time_out.as_ref()?;
        seconds("record", &["timeOut"], Some(given))
    }

    /// The longest it records: its time-out, else the default.
    #[must_use]
    pub fn longest(&self) -> Duration {
        seconds("record", &["timeOut"], self.time_out.as_ref()).unwrap_or(Duration::from_secs(7200))
    }

    /// Whether it runs in the background while the NCCO goes on (no end condition given).
    #[must_use]
    pub fn runs_in_background(&self) -> bool {
        self.end_on_key.is_none() && self.end_on_silence.is_none() && self.time_out.is_none()
    }

    /// Whether the caller and what the caller hears go on separate channels.
    #[must_use]
    pub fn splits_channels(&self) -> bool {
        self.split.as_deref() == Some("conversation")
    }
}

impl Conversation {
    /// Whether the caller waits for a moderator (`startOnEnter: false`).
    #[must_use]
    pub fn waits_for_moderator(&self) -> bool {
        !flag("conversation", &["startOnEnter"], self.start_on_enter)
    }

    /// The music played while the caller waits.
    #[must_use]
    pub fn music_on_hold(&self) -> Option<&str> {
        first(self.music_on_hold_url.as_ref())
    }

    /// Whether it is recorded.
    #[must_use]
    pub fn records(&self) -> bool {
        flag("conversation", &["record"], self.record)
    }
}

impl Connect {
    /// Its endpoint (the array holds exactly one).
    #[must_use]
    pub fn target(&self) -> Option<&Endpoint> {
        self.endpoint.first()
    }

    /// How long the endpoint may ring.
    #[must_use]
    pub fn ring_time(&self) -> Duration {
        seconds("connect", &["timeout"], self.timeout.as_ref()).unwrap_or(Duration::from_secs(60))
    }

    /// Whether its events may answer with an NCCO (`eventType: synchronous`).
    #[must_use]
    pub fn synchronous(&self) -> bool {
        self.event_type.as_deref() == Some("synchronous")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::{Action, parse_actions};
    use super::*;

    fn one(action: Value) -> Action {
        parse_actions(&json!([action]))
            .expect("fits the model")
            .remove(0)
    }

    #[test]
    fn absent_options_run_with_the_catalogue_defaults() {
        let Action::Talk(talk) = one(json!({"action": "talk", "text": "Hi"})) else {
            panic!("talk");
        };
        assert_eq!((talk.repeats(), talk.barges_in()), (1, false));
        let Action::Wait(wait) = one(json!({"action": "wait"})) else {
            panic!("wait");
        };
        assert_eq!(wait.duration(), Duration::from_secs(10));
        let Action::Input(input) = one(json!({"action": "input", "type": ["dtmf", "speech"]}))
        else {
            panic!("input");
        };
        assert_eq!(
            input.keypad(),
            Keypad {
                time_out: Duration::from_secs(3),
                max_digits: 4,
                submit_on_hash: false
            }
        );
        assert_eq!(input.speech_start_timeout(), Duration::from_secs(10));
        assert_eq!(input.speech_end_on_silence(), Duration::from_secs(2));
        let Action::Connect(connect) = one(
            json!({"action": "connect", "endpoint": [{"type": "phone", "number": "447700900001"}]}),
        ) else {
            panic!("connect");
        };
        assert_eq!(connect.ring_time(), Duration::from_secs(60));
        assert_eq!(
            connect.target().map(Endpoint::address),
            Some("447700900001")
        );
        let Action::Record(record) = one(json!({"action": "record"})) else {
            panic!("record");
        };
        assert!(record.runs_in_background());
        assert_eq!(record.longest(), Duration::from_secs(7200));
        let Action::Conversation(room) = one(json!({"action": "conversation", "name": "room"}))
        else {
            panic!("conversation");
        };
        assert!(!room.waits_for_moderator() && !room.records());
    }

    #[test]
    fn given_options_are_kept_within_the_catalogue_ranges() {
        let Action::Wait(wait) = one(json!({"action": "wait", "timeout": 0.01})) else {
            panic!("wait");
        };
        assert_eq!(wait.duration(), Duration::from_millis(100));
        let Action::Wait(wait) = one(json!({"action": "wait", "timeout": "2.5"})) else {
            panic!("wait");
        };
        assert_eq!(wait.duration(), Duration::from_millis(2500));
        let Action::Input(input) = one(json!({
            "action": "input", "type": ["dtmf"],
            "dtmf": {"timeOut": 30, "maxDigits": 1, "submitOnHash": true}
        })) else {
            panic!("input");
        };
        assert_eq!(
            input.keypad(),
            Keypad {
                time_out: Duration::from_secs(10),
                max_digits: 1,
                submit_on_hash: true
            }
        );
        let Action::Talk(talk) =
            one(json!({"action": "talk", "text": "Hi", "loop": 0, "bargeIn": true}))
        else {
            panic!("talk");
        };
        assert_eq!((talk.repeats(), talk.barges_in()), (0, true));
    }

    #[test]
    fn every_option_the_settings_read_is_in_the_catalogue() {
        for (action, path) in [
            ("talk", &["loop"][..]),
            ("talk", &["bargeIn"]),
            ("stream", &["loop"]),
            ("stream", &["bargeIn"]),
            ("wait", &["timeout"]),
            ("input", &["dtmf", "timeOut"]),
            ("input", &["dtmf", "maxDigits"]),
            ("input", &["dtmf", "submitOnHash"]),
            ("input", &["speech", "startTimeout"]),
            ("input", &["speech", "endOnSilence"]),
            ("record", &["endOnSilence"]),
            ("record", &["timeOut"]),
            ("conversation", &["startOnEnter"]),
            ("conversation", &["record"]),
            ("connect", &["timeout"]),
        ] {
            assert!(spec::option(action, path).is_some(), "{action} {path:?}");
        }
    }
}
