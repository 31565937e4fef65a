//! The `record` action: the call's audio taken until its end condition (or in the
//! background), written as a WAV file the Voice API serves, the record event posted,
//! and with `transcription` a transcript of what the phone said and its event.

use callboard_vonage::audio::write_wav;

use super::*;
use crate::calls::media::{RECORDING_RATE, Recording};

impl Call {
    /// `record`: the call's audio, until `endOnKey`, `endOnSilence` (that many seconds in
    /// which the phone sends only silence, or is muted), `timeOut`, or the call's end;
    /// without any of those it runs in the background and the NCCO goes on.
    pub(super) async fn record(&mut self, record: &model::Record) -> Interrupt {
        let transcribe = record.transcription.as_ref().map(|transcription| {
            Hook::of_action(
                transcription.event_url.as_ref(),
                transcription.event_method.as_ref(),
            )
        });
        let recording = Recording::start(
            (&self.audio, &self.state.phone),
            Hook::of_action(record.event_url.as_ref(), record.event_method.as_ref()),
            transcribe,
            record.splits_channels(),
        );
        if record.runs_in_background() {
            if let Some(earlier) = self.background_recording.replace(recording) {
                self.finish_recording(earlier).await;
            }
            return Interrupt::Done;
        }
        let end_on_key = record.end_on_key.as_deref();
        let until = Instant::now() + record.longest();
        let end_on_silence = record.end_on_silence();
        self.keys.clear();
        let outcome = loop {
            let now = Instant::now();
            if now >= until {
                break Interrupt::Done;
            }
            // The silence is looked at every 100 ms, as the phone's audio can change.
            let wait = match end_on_silence {
                Some(enough) => {
                    let silent = recording.silent_for();
                    if silent >= enough {
                        break Interrupt::Done;
                    }
                    (enough - silent).min(Duration::from_millis(100))
                }
                None => until - now,
            };
            match self.pause(Some(wait.min(until - now)), Wake::Keys).await {
                Interrupt::Done => {}
                Interrupt::Keys => {
                    let pressed = std::mem::take(&mut self.keys);
                    if end_on_key.is_some_and(|key| pressed.contains(key)) {
                        break Interrupt::Done;
                    }
                }
                other => break other,
            }
        };
        self.finish_recording(recording).await;
        outcome
    }

    /// Writes the recording's WAV and posts the record event (`recording_url`, `size`, …).
    pub(crate) async fn finish_recording(&self, recording: Recording) {
        let (recording, samples, channels) = recording.stop().await;
        #[allow(clippy::cast_precision_loss)]
        let seconds = samples.len() as f64 / f64::from(channels.max(1)) / f64::from(RECORDING_RATE);
        let path = self
            .state
            .recordings()
            .join(format!("{}.wav", recording.id));
        let written = tokio::task::spawn_blocking(move || {
            write_wav(&path, RECORDING_RATE, channels, &samples)
        })
        .await
        .ok()
        .and_then(Result::ok);
        let Some(size) = written else {
            tracing::warn!("a sandbox recording could not be written");
            return;
        };
        let mut body = serde_json::Map::new();
        body.insert("start_time".into(), json!(recording.start_stamp));
        body.insert("end_time".into(), json!(timestamp()));
        body.insert(
            "recording_url".into(),
            json!(format!(
                "{}/v1/files/{}",
                self.state.base_url(),
                recording.id
            )),
        );
        body.insert("size".into(), json!(size));
        body.insert("recording_uuid".into(), json!(recording.id));
        body.insert(
            "conversation_uuid".into(),
            json!(lock(&self.record).conversation_uuid),
        );
        body.insert("timestamp".into(), json!(timestamp()));
        self.state.report(crate::Observed::Recording {
            call: lock(&self.record).uuid.clone(),
            seconds,
        });
        self.post(recording.hook.as_ref(), body, false).await;
        if let Some(hook) = &recording.transcribe {
            let hook = hook.as_ref().or(recording.hook.as_ref());
            self.transcribe(&recording.id, recording.started, hook)
                .await;
        }
    }

    /// Writes the recording's transcription file (what the phone said during it) and posts
    /// the `transcribed` event with its `transcription_url` (§5).
    async fn transcribe(&self, recording_id: &str, started: Instant, hook: Option<&Hook>) {
        let id = uuid::Uuid::new_v4().to_string();
        let file = crate::calls::transcript::transcription_file(
            &id,
            &self.audio.said_since(started),
            started.elapsed(),
        );
        let path = self.state.recordings().join(format!("{id}.json"));
        if let Err(error) = std::fs::write(&path, file.to_string()) {
            tracing::warn!(%error, "a sandbox transcription could not be written");
            return;
        }
        let body = json!({
            "conversation_uuid": lock(&self.record).conversation_uuid,
            "recording_uuid": recording_id,
            "status": "transcribed",
            "transcription_url": format!("{}/v1/files/{id}", self.state.base_url()),
            "type": "record"
        });
        if let Value::Object(body) = body {
            self.post(hook, body, false).await;
        }
    }
}
