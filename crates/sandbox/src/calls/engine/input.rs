//! The `input` action: the phone's keys and what it says, collected as the action's
//! options say, and the result posted to its event URL (whose NCCO runs next).

use super::*;

impl Call {
    /// `input`: DTMF from the phone (`timeOut` after the last key, `maxDigits`,
    /// `submitOnHash`) and speech (what the phone says, typed; `startTimeout` to begin,
    /// then heard after `endOnSilence`). The result goes to the action's `eventUrl`,
    /// whose NCCO replaces the rest.
    pub(super) async fn input(&mut self, action: &Value) -> Interrupt {
        let types: Vec<&str> = action
            .get("type")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_else(|| vec!["dtmf"]);
        let (listens_to_keys, listens_to_speech) =
            (types.contains(&"dtmf"), types.contains(&"speech"));
        let dtmf = action.get("dtmf").cloned().unwrap_or(json!({}));
        let time_out = Duration::from_secs(
            dtmf.get("timeOut")
                .and_then(Value::as_u64)
                .unwrap_or(3)
                .min(10),
        );
        let max_digits = usize::try_from(
            dtmf.get("maxDigits")
                .and_then(Value::as_u64)
                .unwrap_or(4)
                .min(20),
        )
        .unwrap_or(4);
        let on_hash = dtmf.get("submitOnHash").and_then(Value::as_bool) == Some(true);
        let start_timeout = Duration::from_secs(
            action
                .pointer("/speech/startTimeout")
                .and_then(Value::as_u64)
                .unwrap_or(10)
                .clamp(1, 60),
        );
        let end_on_silence = Duration::from_secs_f64(
            action
                .pointer("/speech/endOnSilence")
                .and_then(Value::as_f64)
                .unwrap_or(2.0)
                .clamp(0.4, 10.0),
        );
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
        match self
            .post(Hook::of_action(action).as_ref(), body, true)
            .await
        {
            Some(ncco) => Interrupt::Replace(ncco),
            None => Interrupt::Done,
        }
    }
}
