//! What a live call does when it is told something: the Voice API's controls (hang up,
//! transfer, mute, earmuff, talk, stream, DTMF, the asynchronous DTMF listener) and the
//! virtual phone's keys, speech and hang-up.

use super::*;
use crate::calls::TransferTo;

impl Call {
    /// Applies one control; an interrupt when it changes the course of the call.
    pub(crate) async fn take_control(&mut self, control: Option<Control>) -> Option<Interrupt> {
        let uuid = self.uuid();
        match control? {
            Control::PhoneHangUp => Some(Interrupt::HangUp("user")),
            Control::HangUp => Some(Interrupt::HangUp("platform")),
            Control::Transfer(TransferTo::Ncco(actions)) => Some(Interrupt::Replace(actions)),
            Control::Transfer(TransferTo::Url(url)) => {
                let hook = Hook {
                    url,
                    method: "GET".into(),
                    timeout: Duration::from_secs(6),
                };
                let request = self.event_body(None);
                let signer = self.state.signer().await;
                hooks::fetch_ncco(&self.state.http, &hook, None, &request, signer.as_ref())
                    .await
                    .ok()
                    .map(|ncco| Interrupt::Replace(ncco.actions))
            }
            Control::Mute(on) => {
                self.audio.set_muted(on);
                self.state
                    .phone
                    .notice(PhoneEvent::Muted { call: uuid, on });
                None
            }
            Control::Earmuff(on) => {
                self.audio.set_earmuffed(on);
                self.state
                    .phone
                    .notice(PhoneEvent::Earmuffed { call: uuid, on });
                None
            }
            Control::Talk(talk) => {
                self.speak(&talk.text);
                None
            }
            Control::Stream(stream) => {
                let url = stream.stream_url.first().cloned().unwrap_or_default();
                self.stop_api_stream();
                let repeats = stream.loop_count.map_or(1, u64::from);
                self.api_stream = Some(media::stream_into_call(
                    self.state.http.clone(),
                    self.audio.clone(),
                    self.state.phone.clone(),
                    uuid,
                    (url, repeats),
                ));
                None
            }
            Control::StopStream => {
                self.stop_api_stream();
                None
            }
            Control::Dtmf(digits) => {
                self.state
                    .phone
                    .notice(PhoneEvent::Keys { call: uuid, digits });
                None
            }
            Control::PhoneSays(text) => {
                self.audio.spoke(&text);
                self.said = Some(text);
                None
            }
            Control::PhoneKeys(digits) => {
                if let Some(url) = self.dtmf_listener.clone() {
                    self.post_keys_as_pressed(&url, &digits).await;
                }
                self.keys.push_str(&digits);
                None
            }
            Control::DtmfListener(url) => {
                self.dtmf_listener = url;
                None
            }
        }
    }

    /// Posts each key to the `PUT …/input/dtmf` listener as it is pressed, in the input
    /// event's shape (`dtmf.digits`, `timed_out: false`) with `mode: asynchronous`; the
    /// reference names the subscription but not this body, so it follows the input result.
    pub(super) async fn post_keys_as_pressed(&self, url: &str, digits: &str) {
        let hook = Hook {
            url: url.to_owned(),
            method: "POST".into(),
            timeout: Duration::from_secs(6),
        };
        let signer = self.state.signer().await;
        for key in digits.chars() {
            let mut body = self.event_body(None);
            body.insert("mode".into(), json!("asynchronous"));
            body.insert(
                "dtmf".into(),
                json!({"digits": key.to_string(), "timed_out": false}),
            );
            hooks::post_event(
                &self.state.http,
                &hook,
                &Value::Object(body),
                signer.as_ref(),
            )
            .await;
        }
    }
}
