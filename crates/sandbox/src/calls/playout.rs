//! What an application sends back over the call-audio WebSocket, played into the call in
//! real time as Vonage does (`docs/vonage.md` §7): its frames wait in a buffer (at
//! most 3072 messages, about a minute) and one leaves every 20 ms, so an application may
//! send faster than real time; `{"action":"clear"}` empties the buffer and is answered
//! with `websocket:cleared`; `{"action":"notify"}` is answered with `websocket:notify`
//! and its payload once the audio sent before it has played. (The two commands come
//! from a secondary source: `fixtures/payloads/websocket-*.SECONDARY.json`.)

use std::collections::VecDeque;

use serde_json::{Value, json};

/// The most messages Vonage keeps waiting.
pub(crate) const BUFFER_LIMIT: usize = 3072;

#[derive(Debug)]
enum Queued {
    Frame(Vec<u8>),
    Notify(Value),
}

/// The buffer between the application's WebSocket and the call.
#[derive(Debug, Default)]
pub(crate) struct Playout {
    queue: VecDeque<Queued>,
    frames: usize,
}

impl Playout {
    /// Queues a frame; false (and the frame dropped) when the buffer is full.
    pub(crate) fn push_frame(&mut self, frame: Vec<u8>) -> bool {
        if self.frames >= BUFFER_LIMIT {
            return false;
        }
        self.frames += 1;
        self.queue.push_back(Queued::Frame(frame));
        true
    }

    /// Takes a text message from the application; what to answer at once, if anything.
    pub(crate) fn command(&mut self, text: &str) -> Option<Value> {
        let message: Value = serde_json::from_str(text).ok()?;
        match message.get("action").and_then(Value::as_str)? {
            "clear" => {
                self.queue
                    .retain(|queued| matches!(queued, Queued::Notify(_)));
                self.frames = 0;
                Some(json!({"event": "websocket:cleared"}))
            }
            "notify" => {
                let payload = message.get("payload").cloned().unwrap_or(json!({}));
                self.queue.push_back(Queued::Notify(payload));
                None
            }
            _ => None,
        }
    }

    /// Every 20 ms: the `websocket:notify` events now due (the audio before them has
    /// played), and the next frame to play, if any.
    pub(crate) fn tick(&mut self) -> (Vec<Value>, Option<Vec<u8>>) {
        let mut due = Vec::new();
        while let Some(Queued::Notify(_)) = self.queue.front() {
            if let Some(Queued::Notify(payload)) = self.queue.pop_front() {
                due.push(json!({"event": "websocket:notify", "payload": payload}));
            }
        }
        let frame = match self.queue.pop_front() {
            Some(Queued::Frame(frame)) => {
                self.frames -= 1;
                Some(frame)
            }
            Some(notify) => {
                self.queue.push_front(notify);
                None
            }
            None => None,
        };
        (due, frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(name: &str) -> Value {
        let path = format!(
            "{}/../../../shared/fixtures/payloads/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
    }

    #[test]
    fn frames_sent_at_once_play_one_every_tick() {
        let mut playout = Playout::default();
        for n in 0..3 {
            assert!(playout.push_frame(vec![n; 4]));
        }
        let played: Vec<Option<Vec<u8>>> = (0..4).map(|_| playout.tick().1).collect();
        assert_eq!(
            played,
            [Some(vec![0; 4]), Some(vec![1; 4]), Some(vec![2; 4]), None]
        );
    }

    #[test]
    fn a_notify_is_answered_once_the_audio_before_it_has_played() {
        let mut playout = Playout::default();
        playout.push_frame(vec![1]);
        let notify = published("websocket-notify-command.SECONDARY.json");
        assert_eq!(playout.command(&notify.to_string()), None);
        playout.push_frame(vec![2]);
        assert_eq!(playout.tick(), (vec![], Some(vec![1])));
        assert_eq!(
            playout.tick(),
            (
                vec![published("websocket-notify-event.SECONDARY.json")],
                Some(vec![2])
            ),
            "due once frame 1 has played"
        );
    }

    #[test]
    fn clear_empties_the_buffer_and_is_answered() {
        let mut playout = Playout::default();
        for _ in 0..10 {
            playout.push_frame(vec![7]);
        }
        let clear = published("websocket-clear-command.SECONDARY.json");
        assert_eq!(
            playout.command(&clear.to_string()),
            Some(published("websocket-cleared-event.SECONDARY.json"))
        );
        assert_eq!(playout.tick(), (vec![], None));
        assert_eq!(playout.command("not json"), None);
        assert_eq!(playout.command(r#"{"action":"dance"}"#), None);
    }

    #[test]
    fn a_full_buffer_drops_what_comes_next() {
        let mut playout = Playout::default();
        for _ in 0..BUFFER_LIMIT {
            assert!(playout.push_frame(vec![0]));
        }
        assert!(!playout.push_frame(vec![1]), "the 3073rd message");
        playout.tick();
        assert!(playout.push_frame(vec![1]), "room again after one played");
    }
}
