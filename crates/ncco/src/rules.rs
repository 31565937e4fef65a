//! Rules across actions and options that a single field's kind cannot say
//! (`docs/vonage.md` §3): barge-in needs a later input, nothing runs after a
//! conversation, exclusive options, legacy input, and talk's text and language.

use serde_json::{Map, Value, json};

use crate::finding::{Finding, child, item};
use crate::spec;

/// Options that the pre-2021 `input` action took at its top level.
const LEGACY_INPUT_OPTIONS: &[&str] = &["maxDigits", "timeOut", "submitOnHash"];

/// Whether `key` at `path` is a pre-2021 top-level input option (reported by [`check`]).
pub(crate) fn is_legacy_input_option(action: &str, path: &str, key: &str) -> bool {
    action == "input" && path.matches('/').count() == 1 && LEGACY_INPUT_OPTIONS.contains(&key)
}

/// Adds the findings of every cross-action rule.
pub(crate) fn check(actions: &[Value], out: &mut Vec<Finding>) {
    let names: Vec<Option<&str>> = actions
        .iter()
        .map(|action| action.get("action").and_then(Value::as_str))
        .collect();
    for (index, action) in actions.iter().enumerate() {
        let Some(object) = action.as_object() else {
            continue;
        };
        let path = item("", index);
        match names[index] {
            Some("talk") => {
                barge_in(&names, index, object, &path, out);
                talk(object, &path, out);
            }
            Some("stream") => barge_in(&names, index, object, &path, out),
            Some("input") => input(object, &path, out),
            Some("record") => record(object, &path, out),
            Some("conversation") => {
                mute_and_can_speak(object, &path, out);
                conversation(object, &path, out);
                after_conversation(actions.len(), index, out);
            }
            Some("transfer") => mute_and_can_speak(object, &path, out),
            Some("connect") => connect(object, &path, out),
            _ => {}
        }
    }
}

/// Whether `key` is on: `true`, or `"true"` in quotes, which Vonage reads the same way
/// (the quoted form gets its own warning).
fn is_true(object: &Map<String, Value>, key: &str) -> bool {
    match object.get(key) {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::String(text)) => text.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn barge_in(
    names: &[Option<&str>],
    index: usize,
    object: &Map<String, Value>,
    path: &str,
    out: &mut Vec<Finding>,
) {
    if !is_true(object, "bargeIn") {
        return;
    }
    // The next action that is neither talk nor stream must be input.
    let next = names[index + 1..]
        .iter()
        .enumerate()
        .find(|(_, name)| !matches!(name, Some("talk" | "stream")));
    if let Some((_, Some("input"))) = next {
        return;
    }
    let insert_at = index + 1 + next.map_or(names.len() - index - 1, |(offset, _)| offset);
    let at = child(path, "bargeIn");
    out.push(
        Finding::error(
            &at,
            "barge_in_without_input",
            "bargeIn lets the caller interrupt with keys or speech, so the next action that is not talk or stream must be an input action to collect them; here there is none.",
        )
        .with_fix(
            "Add an input action after it",
            json!([{"op": "add", "path": item("", insert_at), "value": {"action": "input", "type": ["dtmf"]}}]),
        )
        .with_fix("Turn bargeIn off", json!([{"op": "replace", "path": at, "value": false}])),
    );
}

fn talk(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    if let Some(Value::String(text)) = object.get("text") {
        let trimmed = text.trim();
        let has_tags = crate::ssml::has_tags(text);
        if has_tags && !(trimmed.starts_with("<speak>") && trimmed.ends_with("</speak>")) {
            out.push(
                Finding::warning(
                    &child(path, "text"),
                    "ssml_not_wrapped",
                    "The text contains SSML tags, which Vonage reads only inside <speak> … </speak>; otherwise the tags are spoken or rejected.",
                )
                .with_fix(
                    "Wrap it in <speak>",
                    json!([{"op": "replace", "path": child(path, "text"), "value": format!("<speak>{trimmed}</speak>")}]),
                ),
            );
        }
    }
    if let Some(Value::String(language)) = object.get("language")
        && !spec::LANGUAGES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(language))
    {
        out.push(Finding::warning(
            &child(path, "language"),
            "unknown_tts_language",
            format!("\"{language}\" is not in Vonage's list of text-to-speech languages (for example en-US, en-GB, de-DE, fr-FR); the call may fail to speak."),
        ));
    }
}

fn input(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    let legacy: Vec<&str> = LEGACY_INPUT_OPTIONS
        .iter()
        .copied()
        .filter(|key| object.contains_key(*key))
        .collect();
    if !object.contains_key("type") || !legacy.is_empty() {
        let mut patch = Vec::new();
        if !object.contains_key("type") {
            patch.push(json!({"op": "add", "path": child(path, "type"), "value": ["dtmf"]}));
        }
        if !legacy.is_empty() {
            let mut dtmf = object
                .get("dtmf")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for key in &legacy {
                patch.push(json!({"op": "remove", "path": child(path, key)}));
                dtmf.entry((*key).to_owned())
                    .or_insert_with(|| object[*key].clone());
            }
            patch.push(json!({"op": "add", "path": child(path, "dtmf"), "value": dtmf}));
        }
        let message = if legacy.is_empty() {
            "input needs \"type\" since 2021: [\"dtmf\"] for keys, [\"speech\"], or both."
                .to_owned()
        } else {
            format!(
                "This is the pre-2021 form of input: {} now {} inside \"dtmf\", and \"type\" is required.",
                legacy.join(", "),
                if legacy.len() == 1 { "goes" } else { "go" }
            )
        };
        let at = if object.contains_key("type") {
            child(path, legacy[0])
        } else {
            path.to_owned()
        };
        out.push(
            Finding::error(&at, "legacy_input", message)
                .with_fix("Convert to the current form", Value::Array(patch)),
        );
    }
    speech_uuid(object, path, out);
    if object.get("mode").and_then(Value::as_str) == Some("asynchronous") {
        let lists_speech = object
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "speech"));
        if lists_speech || object.contains_key("speech") {
            out.push(Finding::error(
                &child(path, "mode"),
                "asynchronous_speech",
                "asynchronous mode sends key presses one at a time; it works for keys (dtmf) only, not speech.",
            ));
        }
        if object
            .get("dtmf")
            .and_then(Value::as_object)
            .is_some_and(|dtmf| !dtmf.is_empty())
        {
            out.push(
                Finding::error(
                    &child(path, "dtmf"),
                    "asynchronous_dtmf_settings",
                    "In asynchronous mode the keypad settings must be left empty: keys are sent as they are pressed.",
                )
                .with_fix("Clear the keypad settings", json!([{"op": "remove", "path": child(path, "dtmf")}])),
            );
        }
    }
}

/// `speech.uuid` names the one leg to listen to: an array of exactly one UUID
/// (the reference's `string[1]`).
fn speech_uuid(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    let Some(Value::Array(legs)) = object.get("speech").and_then(|speech| speech.get("uuid"))
    else {
        return;
    };
    let at = child(&child(path, "speech"), "uuid");
    match legs.len() {
        1 => {}
        0 => out.push(
            Finding::error(
                &at,
                "speech_uuid_count",
                "speech.uuid is empty; it holds exactly one call-leg UUID (the leg to listen to), or leave it out to listen to the first leg that joined.",
            )
            .with_fix("Leave it out", json!([{"op": "remove", "path": at}])),
        ),
        n => out.push(
            Finding::error(
                &at,
                "speech_uuid_count",
                format!("speech.uuid lists {n} legs, but speech input listens to exactly one: keep the UUID of the leg to listen to."),
            )
            .with_fix("Keep the first", json!([{"op": "replace", "path": at, "value": [legs[0].clone()]}])),
        ),
    }
}

fn record(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    if object.contains_key("channels")
        && object.get("split").and_then(Value::as_str) != Some("conversation")
    {
        out.push(
            Finding::error(
                &child(path, "channels"),
                "channels_without_split",
                "channels works only with split set to \"conversation\".",
            )
            .with_fix(
                "Set split to conversation",
                json!([{"op": "add", "path": child(path, "split"), "value": "conversation"}]),
            ),
        );
    }
}

fn conversation(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    if object.contains_key("transcription") && !is_true(object, "record") {
        out.push(
            Finding::warning(
                &child(path, "transcription"),
                "transcription_without_record",
                "transcription needs the conversation to be recorded; set record to true.",
            )
            .with_fix(
                "Turn record on",
                json!([{"op": "add", "path": child(path, "record"), "value": true}]),
            ),
        );
    }
}

fn mute_and_can_speak(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    if object.contains_key("mute") && object.contains_key("canSpeak") {
        out.push(
            Finding::error(
                &child(path, "mute"),
                "mute_with_can_speak",
                "mute cannot be used together with canSpeak: choose who hears this caller with canSpeak ([] for nobody), or mute them.",
            )
            .with_fix("Remove mute", json!([{"op": "remove", "path": child(path, "mute")}]))
            .with_fix("Remove canSpeak", json!([{"op": "remove", "path": child(path, "canSpeak")}])),
        );
    }
}

fn connect(object: &Map<String, Value>, path: &str, out: &mut Vec<Finding>) {
    if object.contains_key("from") && is_true(object, "randomFromNumber") {
        out.push(
            Finding::error(
                &child(path, "randomFromNumber"),
                "from_with_random_number",
                "from and randomFromNumber cannot be used together: give a caller ID, or let Vonage pick a random one of your numbers.",
            )
            .with_fix(
                "Keep from",
                json!([{"op": "remove", "path": child(path, "randomFromNumber")}]),
            )
            .with_fix("Keep the random number", json!([{"op": "remove", "path": child(path, "from")}])),
        );
    }
}

fn after_conversation(len: usize, index: usize, out: &mut Vec<Finding>) {
    if index + 1 >= len {
        return;
    }
    let removals: Vec<Value> = (index + 1..len)
        .rev()
        .map(|later| json!({"op": "remove", "path": item("", later)}))
        .collect();
    for later in index + 1..len {
        out.push(
            Finding::warning(
                &item("", later),
                "after_conversation",
                format!(
                    "This action never runs: the conversation at item {index} lasts until the call ends, so Vonage ignores every action after it. Move it before the conversation."
                ),
            )
            .with_fix("Remove the actions after the conversation", Value::Array(removals.clone())),
        );
    }
}
