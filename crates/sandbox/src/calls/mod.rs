//! The Sandbox's calls: every call it has placed or received (what `GET /v1/calls`
//! lists), and a control channel to each live one's engine task.
//!
//! [`api`] is the Voice API surface over them; [`engine`] runs one call as Vonage
//! would (its actions, the WebSocket and the second leg included); [`hooks`] calls the
//! application's webhooks, signed by [`signing`] when the application asks; [`media`]
//! is the audio apart from the call's course (files played, recordings, what the phone
//! sends), [`mixing`] what each side of a call hears, [`playout`] the application's
//! WebSocket audio played in real time; `clock` writes times as the platform does.

pub mod api;
pub(crate) mod clock;
pub mod engine;
pub mod hooks;
pub mod media;
pub(crate) mod mixing;
pub(crate) mod playout;
pub mod signing;
pub(crate) mod transcript;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use callboard_ncco::model::Action;
use callboard_vonage::voice::{CallInfo, StreamRequest, TalkRequest};
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// Something asked of a live call, by the Voice API or by the virtual phone.
#[derive(Debug, Clone)]
pub enum Control {
    /// `PUT /v1/calls/{uuid}` `hangup`.
    HangUp,
    /// `mute` (true) or `unmute`.
    Mute(bool),
    /// `earmuff` (true) or `unearmuff`.
    Earmuff(bool),
    /// `transfer`: what runs now is replaced.
    Transfer(TransferTo),
    /// `PUT /v1/calls/{uuid}/talk`.
    Talk(TalkRequest),
    /// `PUT /v1/calls/{uuid}/stream`.
    Stream(StreamRequest),
    /// `DELETE /v1/calls/{uuid}/stream`.
    StopStream,
    /// `PUT /v1/calls/{uuid}/dtmf`.
    Dtmf(String),
    /// The virtual phone pressed keys.
    PhoneKeys(String),
    /// The virtual phone said something (typed: what speech recognition hears).
    PhoneSays(String),
    /// The virtual phone hung up.
    PhoneHangUp,
    /// `PUT` (a URL) or `DELETE` (none) `/v1/calls/{uuid}/input/dtmf`.
    DtmfListener(Option<String>),
}

/// Where a transfer takes the call.
#[derive(Debug, Clone)]
pub enum TransferTo {
    /// An NCCO given with the transfer, checked and parsed.
    Ncco(Vec<Action>),
    /// The URL that answers with the NCCO.
    Url(String),
}

/// A call as the Voice API reports it; the engine keeps it current.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// The leg.
    pub uuid: String,
    /// `CON-…`.
    pub conversation_uuid: String,
    /// Whom it reached, `{type, number}` or the endpoint.
    pub to: Value,
    /// Who it came from.
    pub from: Value,
    /// The latest status.
    pub status: String,
    /// `outbound` or `inbound`.
    pub direction: String,
    /// When it was answered, `YYYY-MM-DD HH:MM:SS`.
    pub start_time: Option<String>,
    /// When it ended.
    pub end_time: Option<String>,
    /// Seconds between answer and end.
    pub duration: Option<u64>,
}

impl CallRecord {
    /// The call object of `GET /v1/calls/{uuid}` (`docs/vonage.md` §2.4).
    #[must_use]
    pub fn to_json(&self) -> Value {
        let completed = self.status == "completed";
        let info = CallInfo {
            uuid: self.uuid.clone(),
            conversation_uuid: self.conversation_uuid.clone(),
            to: self.to.clone(),
            from: self.from.clone(),
            status: self.status.clone(),
            direction: self.direction.clone(),
            rate: completed.then(|| engine::RATE.to_owned()),
            price: completed.then(|| engine::PRICE.to_owned()),
            duration: completed.then(|| self.duration.unwrap_or(0).to_string()),
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            network: Some(engine::NETWORK.to_owned()),
        };
        let mut call = json!({"_links": {"self": {"href": format!("/calls/{}", self.uuid)}}});
        if let (Some(call), Value::Object(fields)) = (
            call.as_object_mut(),
            serde_json::to_value(info).unwrap_or_default(),
        ) {
            call.extend(fields);
        }
        call
    }
}

/// Every call, and the live ones' controls.
#[derive(Debug, Default)]
pub struct Calls {
    records: Mutex<Vec<Arc<Mutex<CallRecord>>>>,
    live: Mutex<HashMap<String, mpsc::UnboundedSender<Control>>>,
}

impl Calls {
    /// Adds a call and its control channel; the engine keeps `record` current.
    pub(crate) fn add(
        &self,
        record: CallRecord,
    ) -> (Arc<Mutex<CallRecord>>, mpsc::UnboundedReceiver<Control>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        lock(&self.live).insert(record.uuid.clone(), sender);
        let shared = Arc::new(Mutex::new(record));
        lock(&self.records).push(shared.clone());
        (shared, receiver)
    }

    /// Forgets a call's control channel when it has ended.
    pub(crate) fn ended(&self, uuid: &str) {
        lock(&self.live).remove(uuid);
    }

    /// Sends `control` to live call `uuid`; false when it is not live.
    pub fn control(&self, uuid: &str, control: Control) -> bool {
        lock(&self.live)
            .get(uuid)
            .is_some_and(|sender| sender.send(control).is_ok())
    }

    /// Whether call `uuid` is live.
    #[must_use]
    pub fn is_live(&self, uuid: &str) -> bool {
        lock(&self.live).contains_key(uuid)
    }

    /// One call as it is now.
    #[must_use]
    pub fn get(&self, uuid: &str) -> Option<CallRecord> {
        lock(&self.records)
            .iter()
            .map(|record| lock(record).clone())
            .find(|record| record.uuid == uuid)
    }

    /// Every call, oldest first.
    #[must_use]
    pub fn all(&self) -> Vec<CallRecord> {
        lock(&self.records)
            .iter()
            .map(|record| lock(record).clone())
            .collect()
    }
}

/// Locks a mutex, whatever a panicking holder left behind.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
