//! The `input` action: the phone's keys and what it says, collected as the action's
//! options say, and the result posted to its event URL (whose NCCO runs next).

use super::*;

impl Call {
    /// `input`: DTMF from the phone (`timeOut` after the last key, `maxDigits`,
    /// `submitOnHash`) and speech (what the phone says, typed; `startTimeout` to begin,
    /// then heard after `endOnSilence`). The result goes to the action's `eventUrl`,
    /// whose NCCO replaces the rest.
    pub(super) async fn input(&mut self, input: &model::Input) -> Interrupt {
        let (listens_to_keys, listens_to_speech) =
            (input.listens_for_keys(), input.listens_for_speech());
        let keypad = input.keypad();
        let (time_out, max_digits, on_hash) =
            (keypad.time_out, keypad.max_digits, keypad.submit_on_hash);
        let start_timeout = input.speech_start_timeout();
        let end_on_silence = input.speech_end_on_silence();
        let wake = match (listens_to_keys, listens_to_speech) {
            (true, true) => Wake::KeysOrSpeech,
            (false, true) => Wake::Speech,
            _ => Wake::Keys,
        };
        let mut digits = String::new();
        let mut timed_out = true;
        let mut heard = None;
        self.keys.clear();
        self.said = None;
        loop {
            // Before the first key, speech may still begin; after one, keys time out.
            let wait = if listens_to_speech && digits.is_empty() {
                start_timeout
            } else {
                time_out
            };
            match self.pause(Some(wait), wake).await {
                Interrupt::Keys => {
                    let pressed = std::mem::take(&mut self.keys);
                    for key in pressed.chars() {
                        if key == '#' && on_hash {
                            timed_out = false;
                            break;
                        }
                        digits.push(key);
                    }
                    if !timed_out || digits.len() >= max_digits {
                        digits.truncate(max_digits);
                        timed_out = false;
                        break;
                    }
                }
                Interrupt::Speech => {
                    heard = self.said.take();
                    // Vonage hears the end of speech once it has been silent this long.
                    if let other @ (Interrupt::HangUp(_) | Interrupt::Replace(_)) =
                        self.pause(Some(end_on_silence), Wake::Never).await
                    {
                        return other;
                    }
                    break;
                }
                Interrupt::Done => break,
                other => return other,
            }
        }
        let mut body = self.event_body(None);
        let (dtmf_result, speech_result) = match heard {
            Some(text) => (
                json!({"digits": null, "timed_out": false}),
                json!({
                    "timeout_reason": "end_on_silence_timeout",
                    // Typed, so heard for certain; Vonage gives confidence as a string.
                    "results": [{"confidence": "1.0", "text": text}]
                }),
            ),
            None if listens_to_speech && digits.is_empty() => (
                json!({"digits": digits, "timed_out": timed_out}),
                json!({"timeout_reason": "start_timeout", "results": []}),
            ),
            None => (
                json!({"digits": digits, "timed_out": timed_out}),
                json!({"results": []}),
            ),
        };
        body.insert("dtmf".into(), dtmf_result);
        body.insert("speech".into(), speech_result);
        let hook = Hook::of_action(input.event_url.as_ref(), input.event_method.as_ref());
        self.post_for_ncco(hook.as_ref(), body).await
    }
}
