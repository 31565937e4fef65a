//! Calls in plain words: what each status, fallback reason, input result and control
//! means to the person watching the call, for the timeline and the Inspector.

use serde_json::Value;

use super::types::{CallControl, Tone};

/// What a call status (and its `detail`) means, in plain words (`docs/vonage.md` §5).
#[must_use]
pub fn explain_status(status: &str, event: &Value) -> (String, Tone) {
    let detail = event.get("detail").and_then(Value::as_str).unwrap_or("");
    let because = |known: &[(&str, &str)]| {
        known
            .iter()
            .find(|(key, _)| *key == detail)
            .map(|(_, words)| format!(" ({words})"))
            .unwrap_or_default()
    };
    match status {
        "started" => ("Vonage created the call.".into(), Tone::Info),
        "ringing" => ("The phone is ringing.".into(), Tone::Info),
        "answered" => (
            "The call was answered; Vonage now runs the NCCO.".into(),
            Tone::Ok,
        ),
        "busy" => ("The number was busy.".into(), Tone::Warn),
        "cancelled" => (
            "The call was hung up before anyone answered.".into(),
            Tone::Warn,
        ),
        "timeout" => (
            "It rang until the ringing timer gave up; nobody answered.".into(),
            Tone::Warn,
        ),
        "unanswered" => (
            format!(
                "Nobody answered{}.",
                because(&[
                    ("unavailable", "the phone was unreachable"),
                    ("timeout", "it rang out")
                ])
            ),
            Tone::Warn,
        ),
        "rejected" => (
            format!(
                "Vonage refused to place the call{}.",
                because(&[
                    ("invalid_number", "the number is not valid"),
                    ("restricted", "calls to this number are restricted"),
                    ("declined", "the phone declined it"),
                ])
            ),
            Tone::Bad,
        ),
        "failed" => (
            format!(
                "The call could not be connected{}.",
                because(&[
                    ("cannot_route", "no route to the number"),
                    ("number_out_of_service", "the number is out of service"),
                    ("internal_error", "Vonage had an internal error"),
                ])
            ),
            Tone::Bad,
        ),
        "disconnected" => (
            "The WebSocket was closed by your server; Vonage runs any NCCO your event URL returned."
                .into(),
            Tone::Warn,
        ),
        "completed" => {
            let seconds = event.get("duration").and_then(Value::as_str).unwrap_or("?");
            let by = match event.get("disconnected_by").and_then(Value::as_str) {
                Some("user") => ", hung up by the phone",
                Some("platform") => ENDED_BY_VONAGE,
                _ => "",
            };
            (format!("The call ended after {seconds} s{by}."), Tone::Ok)
        }
        "human" | "machine" => (
            format!("Machine detection says a {status} answered."),
            Tone::Info,
        ),
        "transcribed" => (
            "A recording's transcription is ready (its transcription_url needs the application's JWT, as recordings do)."
                .into(),
            Tone::Ok,
        ),
        other => (format!("Vonage reported \"{other}\"."), Tone::Info),
    }
}

/// A status event of a WebSocket leg (`to` is its `ws://` or `wss://` address) that never
/// connected, told as what it is rather than as a phone nobody answered: its title and words.
#[must_use]
pub fn explain_websocket_leg(status: &str, to: &str) -> Option<(String, String)> {
    let address = url::Url::parse(to)
        .ok()
        .filter(|url| matches!(url.scheme(), "ws" | "wss"))?;
    if !matches!(status, "unanswered" | "failed" | "rejected" | "timeout") {
        return None;
    }
    let shown = format!(
        "{}://{}{}",
        address.scheme(),
        address.host_str().unwrap_or(""),
        address.port().map(|p| format!(":{p}")).unwrap_or_default()
    ) + address.path();
    Some((
        "WebSocket not connected".into(),
        format!(
            "The WebSocket at {shown} did not accept the connection, so no call audio reached it. Check that your server is running, that this address reaches it (a tunnel must pass WebSockets through), and that it accepts WebSockets at that path."
        ),
    ))
}

/// What a fallback `reason` means, in plain words (`docs/vonage.md` §4).
#[must_use]
pub fn explain_fallback(reason: &str) -> String {
    let lowered = reason.to_ascii_lowercase();
    let cause = if lowered.contains("timed out") || lowered.contains("timeout") {
        "the answer URL did not reply within its socket timeout"
    } else if lowered.contains("connection")
        || lowered.contains("refused")
        || lowered.contains("closed")
    {
        "Vonage could not connect to the answer URL (is the tunnel up and the server running?)"
    } else if lowered.contains("status code") {
        "the answer URL replied with an HTTP error"
    } else if lowered.contains("ncco") || lowered.contains("syntax") {
        "the answer URL's reply was not a valid NCCO"
    } else {
        "the answer URL failed"
    };
    format!("Vonage used the fallback URL because {cause} (\"{reason}\").")
}

/// An `input` result in plain words: the keys pressed, or what speech recognition heard
/// (its best guess with its confidence, then the others), or why there was nothing.
pub(crate) fn explain_input(body: &Value) -> String {
    let digits = body
        .pointer("/dtmf/digits")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !digits.is_empty() {
        let timed_out = body.pointer("/dtmf/timed_out").and_then(Value::as_bool) == Some(true);
        return format!(
            "Keys pressed: {digits}{}.",
            if timed_out {
                " (then it timed out)"
            } else {
                ""
            }
        );
    }
    let heard: Vec<(&str, &str)> = body
        .pointer("/speech/results")
        .and_then(Value::as_array)
        .map(|results| {
            results
                .iter()
                .filter_map(|r| {
                    Some((
                        r.get("text")?.as_str()?,
                        r.get("confidence").and_then(Value::as_str).unwrap_or("?"),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(((best, confidence), others)) = heard.split_first() {
        let mut words = format!("Heard \u{201c}{best}\u{201d} (confidence {confidence})");
        if !others.is_empty() {
            let others: Vec<String> = others
                .iter()
                .map(|(text, _)| format!("\u{201c}{text}\u{201d}"))
                .collect();
            words.push_str(&format!("; or perhaps {}", others.join(", ")));
        }
        words.push('.');
        return words;
    }
    if let Some(error) = body.pointer("/speech/error").and_then(Value::as_str) {
        return format!("Speech recognition failed: {error}.");
    }
    match body
        .pointer("/speech/timeout_reason")
        .and_then(Value::as_str)
    {
        Some("start_timeout") => "Nobody spoke or pressed a key before the input timed out.".into(),
        Some("max_duration") => {
            "The caller spoke for the longest time allowed, and nothing was recognised.".into()
        }
        _ => "No key was pressed before the input timed out.".into(),
    }
}

/// A control on the timeline: a few words, and what Vonage was asked to do.
pub(super) fn describe_control(control: &CallControl) -> (&'static str, String) {
    match control {
        CallControl::Hangup => (HUNG_UP, "Callboard asked Vonage to end the call.".into()),
        CallControl::Mute => (
            "You muted the call",
            "The other side stopped hearing this leg.".into(),
        ),
        CallControl::Unmute => (
            "You unmuted the call",
            "The other side hears this leg again.".into(),
        ),
        CallControl::Earmuff => (
            "You earmuffed the call",
            "This leg stopped hearing the other side.".into(),
        ),
        CallControl::Unearmuff => (
            "You took the earmuff off",
            "This leg hears the other side again.".into(),
        ),
        CallControl::Talk { text } => (
            "You spoke into the call",
            format!("Vonage was asked to say \u{201c}{text}\u{201d}."),
        ),
        CallControl::StopTalk => (
            "You stopped the speech",
            "Vonage was asked to stop speaking into the call.".into(),
        ),
        CallControl::Stream { url } => (
            "You played audio into the call",
            format!("The file at {url}."),
        ),
        CallControl::StopStream => (
            "You stopped the audio",
            "Vonage was asked to stop the audio file.".into(),
        ),
        CallControl::Dtmf { digits } => (
            "You sent keys",
            format!("The keys {digits}, as if pressed."),
        ),
        CallControl::TransferToActive => (
            "You transferred the call",
            "To the active NCCO, which replaced what was running.".into(),
        ),
        CallControl::TransferToUrl { url } => (
            "You transferred the call",
            format!("To the NCCO {url} answers with, which replaced what was running."),
        ),
    }
}

/// How a `completed` event with `disconnected_by: platform` reads.
pub(super) const ENDED_BY_VONAGE: &str =
    ", ended by Vonage (the NCCO ran out, or a hang-up request)";

/// How it reads when the hang-up request was yours, from the Calls section.
pub(super) const ENDED_BY_YOU: &str =
    ", when you hung up from Callboard (Vonage reports that as ended by the platform)";

/// The timeline's title for a hang-up from the Calls section.
pub(super) const HUNG_UP: &str = "You hung up";
