//! The App's use cases for test calls and the Sandbox's virtual phone: placing a call
//! with the Voice client (the same code for Vonage and the Sandbox), following it on a
//! timeline, controlling it; and playing the other party on the Sandbox.

use std::time::Duration;

use crate::calls::PhoneState;

use callboard_sandbox::{PhoneAudio, Pickup};
use callboard_vonage::{
    CallAction, CreateCall, Endpoint, PhoneFrom, PrivateKey, VoiceClient, voice::TalkRequest,
};

use super::App;
use crate::{
    calls::{self, CallControl, CallSummary, NccoSource, PlaceCall, Timeline},
    connect,
    error::CoreError,
    events::CoreEvent,
    listener::ListenerStatus,
    secrets::SecretName,
};
use callboard_server::capture::now_ms;

/// How long a Voice API request may take.
const VOICE_TIMEOUT: Duration = Duration::from_secs(15);

impl App {
    /// A Voice API client for the active profile (the running Sandbox's account for a
    /// Sandbox profile), and whether it is the Sandbox.
    async fn voice_client(
        &self,
    ) -> Result<(crate::profiles::Profile, VoiceClient, bool), CoreError> {
        let (profile, base_url, sandbox) = self.platform().await?;
        let (application_id, key, is_sandbox) = match sandbox {
            Some(account) => (account.application_id, account.private_key, true),
            None => {
                let key = self
                    .secrets
                    .get(profile.id.0, SecretName::PrivateKey)?
                    .ok_or_else(|| {
                        CoreError::first(
                            "Import the application's private key in Connect first: Vonage needs it to sign each call request.",
                            "connect",
                        )
                    })?;
                (
                    profile.application_id.clone(),
                    PrivateKey::parse(key.expose())?,
                    false,
                )
            }
        };
        if application_id.is_empty() {
            return Err(CoreError::first(
                "Enter the application ID in Connect first.",
                "connect",
            ));
        }
        let client = VoiceClient::new(&base_url, &application_id, key, VOICE_TIMEOUT)
            .map_err(CoreError::Vonage)?
            .with_limits(self.voice_limits.clone());
        Ok((profile, client, is_sandbox))
    }

    /// The listener's address as Vonage reaches it: the local one for the Sandbox, the
    /// public tunnel URL for Vonage.
    async fn reachable_base(
        &self,
        profile: &crate::profiles::Profile,
        sandbox: bool,
    ) -> Result<String, CoreError> {
        if sandbox {
            return match self.listener.status().await {
                ListenerStatus::Running { address, .. } => Ok(address),
                _ => Err(CoreError::not_now(
                    "The listener is not running, so the call would have no webhooks to reach; start it from the status bar first.",
                )),
            };
        }
        if profile.public_url.is_empty() {
            return Err(CoreError::first(
                "Enter your public tunnel URL in Webhooks first: Vonage must reach the listener to get the NCCO and send events.",
                "webhooks",
            ));
        }
        Ok(profile.public_url.trim_end_matches('/').to_owned())
    }

    /// The numbers a call can come from: the Sandbox application's (a Vonage account's
    /// are typed by hand).
    ///
    /// # Errors
    /// The Sandbox failing to start.
    pub async fn calls_numbers(&self) -> Result<Vec<String>, CoreError> {
        let (_, _, sandbox) = self.platform().await?;
        Ok(sandbox.map(|account| account.numbers).unwrap_or_default())
    }

    /// Places a test call; it is kept, and followed on its timeline.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for a number that is not E.164, an inline NCCO that
    /// needs the call's own UUID, or no way for Vonage to reach the listener;
    /// [`CoreError::Vonage`] when Vonage refuses.
    pub async fn calls_place(&self, request: PlaceCall) -> Result<CallSummary, CoreError> {
        let to = calls::e164("number to call", "to", &request.to)?;
        let from = request
            .from
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(|f| calls::e164("caller ID", "from", f))
            .transpose()?;
        let (profile, client, sandbox) = self.voice_client().await?;
        let base = self.reachable_base(&profile, sandbox).await?;
        let mut call = CreateCall {
            to: vec![Endpoint::Phone {
                number: to.clone(),
                dtmf_answer: None,
            }],
            from: from.as_deref().map(PhoneFrom::new),
            random_from_number: from.is_none().then_some(true),
            event_url: Some(vec![format!("{base}{}", profile.paths.event)]),
            ..CreateCall::default()
        };
        match request.ncco_source {
            NccoSource::AnswerWebhook => {
                call.answer_url = Some(vec![format!("{base}{}", profile.paths.answer)]);
            }
            NccoSource::ActiveInline => {
                let document = super::served_document(&self.db, profile.id)?;
                let text = document.to_string();
                if text.contains("{uuid}") || text.contains("{conversation_uuid}") {
                    return Err(CoreError::input(
                        "The active NCCO uses {uuid} or {conversation_uuid}, which exist only once the call does; place the call through the answer webhook instead."
                            .into(),
                    ));
                }
                call.ncco = Some(
                    self.served
                        .render_for(&callboard_vonage::AnswerRequest {
                            to: Some(to.clone()),
                            from: from.clone(),
                            ..callboard_vonage::AnswerRequest::default()
                        })
                        .0,
                );
            }
        }
        let placed_at_ms = now_ms();
        let created = client.create_call(&call).await.map_err(CoreError::Vonage)?;
        let summary = CallSummary {
            uuid: created.uuid,
            conversation_uuid: created.conversation_uuid,
            to,
            from: from.unwrap_or_default(),
            ncco_source: request.ncco_source,
            placed_at_ms,
            status: None,
        };
        calls::record_placed(&self.db.lock(), profile.id, &summary)?;
        self.bus.publish(CoreEvent::CallsChanged);
        Ok(summary)
    }

    /// The active profile's calls, newest first, filtered by `search`.
    ///
    /// # Errors
    /// Storage errors.
    pub fn calls_list(&self, search: Option<&str>) -> Result<Vec<CallSummary>, CoreError> {
        let profile = self.active_profile()?;
        calls::list(&self.db.lock(), profile.id, search)
    }

    /// One call's timeline.
    ///
    /// # Errors
    /// [`CoreError::CallNotFound`] for a call Callboard did not place; storage errors.
    pub fn calls_timeline(&self, uuid: &str) -> Result<Timeline, CoreError> {
        calls::timeline(&self.db.lock(), uuid)
    }

    /// Hangs up, mutes, earmuffs, speaks into, sends keys to or transfers a live call.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for empty text or keys; [`CoreError::Vonage`] when
    /// Vonage refuses (a call already over is not found).
    pub async fn calls_control(&self, uuid: &str, control: CallControl) -> Result<(), CoreError> {
        let (_, client, _) = self.voice_client().await?;
        // Timed when asked, so it comes before what it causes on the timeline.
        let (asked_at_ms, kept) = (now_ms(), control.clone());
        let result = match control {
            CallControl::Hangup => client.update_call(uuid, &CallAction::Hangup).await,
            CallControl::Mute => client.update_call(uuid, &CallAction::Mute).await,
            CallControl::Unmute => client.update_call(uuid, &CallAction::Unmute).await,
            CallControl::Earmuff => client.update_call(uuid, &CallAction::Earmuff).await,
            CallControl::Unearmuff => client.update_call(uuid, &CallAction::Unearmuff).await,
            CallControl::Talk { text } => {
                if text.trim().is_empty() {
                    return Err(CoreError::in_field("text", "Type what to say first."));
                }
                client
                    .talk(
                        uuid,
                        &TalkRequest {
                            text,
                            ..TalkRequest::default()
                        },
                    )
                    .await
                    .map(|_| ())
            }
            CallControl::StopTalk => client.stop_talk(uuid).await.map(|_| ()),
            CallControl::StopStream => client.stop_stream(uuid).await.map(|_| ()),
            CallControl::Stream { url } => {
                let url = url.trim().to_owned();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(CoreError::in_field(
                        "stream_url",
                        "Give the audio file's address, starting with https:// (an MP3 or a 16-bit WAV Vonage can download).",
                    ));
                }
                client
                    .stream(
                        uuid,
                        &callboard_vonage::voice::StreamRequest {
                            stream_url: vec![url],
                            loop_count: None,
                            level: None,
                        },
                    )
                    .await
                    .map(|_| ())
            }
            CallControl::Dtmf { digits } => {
                let digits = digits.trim().to_owned();
                if digits.is_empty()
                    || !digits
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | 'p'))
                {
                    return Err(CoreError::in_field(
                        "digits",
                        "Keys are digits, * and #, with p for a half-second pause.",
                    ));
                }
                client.send_dtmf(uuid, &digits).await.map(|_| ())
            }
            CallControl::TransferToUrl { url } => {
                let url = url.trim();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(CoreError::in_field(
                        "transfer_url",
                        "Give the address that answers with the new NCCO, starting with https://.",
                    ));
                }
                client
                    .update_call(uuid, &CallAction::transfer_to_url(url))
                    .await
            }
            CallControl::TransferToActive => {
                let request = callboard_vonage::AnswerRequest {
                    uuid: Some(uuid.to_owned()),
                    ..callboard_vonage::AnswerRequest::default()
                };
                client
                    .update_call(
                        uuid,
                        &CallAction::transfer_to_ncco(self.served.render_for(&request).0),
                    )
                    .await
            }
        };
        result.map_err(CoreError::Vonage)?;
        calls::record_control(&self.db.lock(), uuid, asked_at_ms, &kept)?;
        self.bus.publish(CoreEvent::CallsChanged);
        Ok(())
    }

    /// A recording's WAV bytes (the `recording_url` of a record event), fetched with
    /// the application's JWT.
    ///
    /// # Errors
    /// [`CoreError::Vonage`] when it cannot be fetched.
    pub async fn calls_recording(&self, url: &str) -> Result<Vec<u8>, CoreError> {
        let (_, client, _) = self.voice_client().await?;
        client.fetch_file(url).await.map_err(CoreError::Vonage)
    }

    /// Saves a recording (the `recording_url` of a record event) at `path`.
    ///
    /// # Errors
    /// [`CoreError::Vonage`] when it cannot be fetched; [`CoreError::File`] when it
    /// cannot be written.
    pub async fn calls_recording_save(&self, url: &str, path: &str) -> Result<(), CoreError> {
        let bytes = self.calls_recording(url).await?;
        std::fs::write(path, bytes).map_err(|e| CoreError::File {
            path: path.to_owned(),
            reason: format!("cannot be written: {e}"),
        })
    }

    /// Saves a support bundle for call `uuid` at `path`: its timeline, the exchanges and
    /// stream sessions behind it, the NCCO it was served, the application's voice
    /// configuration and the call ids, with every secret of the profile removed. What
    /// it holds, for the person to check before sending it.
    ///
    /// # Errors
    /// [`CoreError::CallNotFound`] for a call Callboard did not place; [`CoreError::File`]
    /// when the file cannot be written.
    pub async fn calls_bundle(&self, uuid: &str, path: &str) -> Result<String, CoreError> {
        let timeline = calls::timeline(&self.db.lock(), uuid)?;
        let profile = self.active_profile()?;
        let exchanges: Vec<_> = timeline
            .entries
            .iter()
            .filter_map(|entry| entry.exchange_id)
            .filter_map(|id| crate::exchanges::get(&self.db.lock(), id).ok())
            .collect();
        let streams = crate::exchanges::streams(&self.db.lock(), Some(uuid))?;
        let mut leg_uuids: Vec<String> = exchanges
            .iter()
            .filter_map(|e| e.summary.call_uuid.clone())
            .collect();
        leg_uuids.sort();
        leg_uuids.dedup();
        let application = match self.application_reader().await {
            Ok((profile, client)) => client
                .get(&profile.application_id)
                .await
                .map(|app| {
                    app.pointer("/capabilities/voice")
                        .cloned()
                        .unwrap_or_default()
                })
                .unwrap_or_else(|e| serde_json::json!({"not_read": e.message})),
            Err(error) => serde_json::json!({"not_read": error.to_string()}),
        };
        let mut bundle = serde_json::json!({
            "callboard": env!("CARGO_PKG_VERSION"),
            "generated_at_ms": now_ms(),
            "profile": {"name": profile.name, "kind": profile.kind, "application_id": profile.application_id,
                        "public_url": profile.public_url, "paths": profile.paths, "webhooks": profile.webhooks},
            "call": {"uuid": timeline.call.uuid, "conversation_uuid": timeline.call.conversation_uuid,
                     "leg_uuids": leg_uuids},
            "timeline": timeline,
            "exchanges": exchanges,
            "stream_sessions": streams,
            "application_voice": application,
            "active_ncco": super::served_document(&self.db, profile.id)?,
        });
        let secrets = self.profile_secrets(&profile).await;
        super::write_redacted(path, &mut bundle, &secrets)?;
        Ok(format!(
            "Saved the call's timeline, {} exchanges, {} stream sessions, the NCCO and the application's voice settings, with no secret in them.",
            bundle["exchanges"].as_array().map_or(0, Vec::len),
            bundle["stream_sessions"].as_array().map_or(0, Vec::len)
        ))
    }

    pub(crate) async fn sandbox_state(
        &self,
    ) -> Result<std::sync::Arc<callboard_sandbox::SandboxState>, CoreError> {
        let profile = self.active_profile()?;
        if !connect::uses_sandbox(&profile) {
            return Err(CoreError::first(
                "The virtual phone belongs to the Sandbox; switch to the Sandbox profile in Connect to use it.",
                "connect",
            ));
        }
        self.platform().await?;
        self.sandbox
            .state()
            .await
            .ok_or_else(|| CoreError::Sandbox("the Sandbox is not running".into()))
    }

    /// The virtual phone's settings.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] outside a Sandbox profile.
    pub async fn phone_state(&self) -> Result<PhoneState, CoreError> {
        let state = self.sandbox_state().await?;
        Ok(PhoneState {
            pickup: state.phone.pickup(),
            connected_party: state.phone.connected_party(),
            audio: state.phone.audio(),
            number: callboard_sandbox::PHONE_NUMBER.into(),
            application_numbers: state.account().numbers.clone(),
        })
    }

    /// Changes how the virtual phone answers and what it sends.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] outside a Sandbox profile, or an answer delay over a minute.
    pub async fn phone_set(
        &self,
        pickup: Pickup,
        audio: PhoneAudio,
    ) -> Result<PhoneState, CoreError> {
        if let Pickup::Answer { after_ms } = pickup
            && after_ms > 60_000
        {
            return Err(CoreError::input(
                "The phone answers within a minute at most; Vonage's ringing timer defaults to 60 s.".into(),
            ));
        }
        if let PhoneAudio::Wav { path } = &audio {
            callboard_vonage::audio::load_wav(std::path::Path::new(path), 16_000)
                .map_err(CoreError::input)?;
        }
        let state = self.sandbox_state().await?;
        state.phone.set_pickup(pickup);
        state.phone.set_audio(audio);
        self.phone_state().await
    }

    /// Changes how the party a `connect` rings answers, from the next connect on.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] outside a Sandbox profile, or an answer delay over a minute.
    pub async fn phone_set_connected_party(&self, pickup: Pickup) -> Result<PhoneState, CoreError> {
        if let Pickup::Answer { after_ms } = pickup
            && after_ms > 60_000
        {
            return Err(CoreError::input(
                "The connected party answers within a minute at most.".into(),
            ));
        }
        self.sandbox_state()
            .await?
            .phone
            .set_connected_party(pickup);
        self.phone_state().await
    }

    /// What the virtual phone hears from now on: the application's audio over a
    /// WebSocket, frame by frame, for the desktop's speakers.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] outside a Sandbox profile.
    pub async fn phone_listen(
        &self,
    ) -> Result<tokio::sync::broadcast::Receiver<callboard_sandbox::HeardAudio>, CoreError> {
        Ok(self.sandbox_state().await?.phone.listen())
    }

    /// The virtual phone calls the application's number `to`; the call's UUID.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for a number not linked to the application.
    pub async fn phone_dial(&self, to: &str) -> Result<String, CoreError> {
        let to = calls::e164("number to dial", "to", to)?;
        let state = self.sandbox_state().await?;
        let placed_at_ms = now_ms();
        let uuid = state.dial_in(&to).await.map_err(CoreError::input)?;
        // The phone's calls are listed in Calls beside those placed there, with their timeline.
        let summary = CallSummary {
            conversation_uuid: state
                .calls
                .get(&uuid)
                .map(|c| c.conversation_uuid)
                .unwrap_or_default(),
            uuid: uuid.clone(),
            to,
            from: callboard_sandbox::PHONE_NUMBER.into(),
            ncco_source: NccoSource::AnswerWebhook,
            placed_at_ms,
            status: None,
        };
        let profile = self.active_profile()?;
        calls::record_placed(&self.db.lock(), profile.id, &summary)?;
        self.bus.publish(CoreEvent::CallsChanged);
        Ok(uuid)
    }

    /// The virtual phone presses keys in call `uuid`.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for keys other than digits, `*` and `#`, or a call not live.
    pub async fn phone_press(&self, uuid: &str, digits: &str) -> Result<(), CoreError> {
        if digits.is_empty()
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#'))
        {
            return Err(CoreError::input("The keypad has digits, * and #.".into()));
        }
        let state = self.sandbox_state().await?;
        still_live(state.press(uuid, digits))
    }

    /// The virtual phone says `text` in call `uuid`: an `input` listening for speech
    /// hears it word for word.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] for nothing to say, or a call not live.
    pub async fn phone_say(&self, uuid: &str, text: &str) -> Result<(), CoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CoreError::input("Type what the phone says first.".into()));
        }
        let state = self.sandbox_state().await?;
        still_live(state.say(uuid, text))
    }

    /// The virtual phone hangs up call `uuid`.
    ///
    /// # Errors
    /// [`CoreError::NotReady`] for a call not live.
    pub async fn phone_hang_up(&self, uuid: &str) -> Result<(), CoreError> {
        let state = self.sandbox_state().await?;
        still_live(state.hang_up(uuid))
    }
}

/// What the virtual phone did to a call, when the call was still live to take it.
fn still_live(taken: bool) -> Result<(), CoreError> {
    if taken {
        Ok(())
    } else {
        Err(CoreError::not_now("That call is over."))
    }
}
