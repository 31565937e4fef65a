//! Listen-in: live copies of a session's incoming audio for whoever asks (the app plays
//! them on the desktop's speakers). A listener that falls behind loses frames, never the
//! call: publishing does not wait, and costs one atomic load when nobody listens.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicUsize, Ordering},
    },
};

use tokio::sync::mpsc;

/// Frames a listener may fall behind by (two seconds) before frames are dropped for it.
pub const TAP_BACKLOG: usize = 100;

/// The live sessions and their listeners.
#[derive(Debug, Clone, Default)]
pub struct Taps(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    listeners: AtomicUsize,
    sessions: Mutex<HashMap<String, Vec<mpsc::Sender<Vec<u8>>>>>,
}

impl Taps {
    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<mpsc::Sender<Vec<u8>>>>> {
        self.0
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks session `id` live, so that it can be listened to.
    pub(crate) fn open(&self, id: &str) {
        self.sessions().insert(id.to_owned(), Vec::new());
    }

    /// Starts listening to live session `id`: each incoming frame (16-bit little-endian
    /// PCM at the session's rate) arrives on the receiver, which closes when the session
    /// ends. `None` when the session is not live.
    #[must_use]
    pub fn listen(&self, id: &str) -> Option<mpsc::Receiver<Vec<u8>>> {
        let mut sessions = self.sessions();
        let listeners = sessions.get_mut(id)?;
        let (sender, receiver) = mpsc::channel(TAP_BACKLOG);
        listeners.push(sender);
        self.0.listeners.fetch_add(1, Ordering::Relaxed);
        Some(receiver)
    }

    /// Copies `frame` to the listeners of session `id`, dropping those that have gone.
    pub(crate) fn publish(&self, id: &str, frame: &[u8]) {
        if self.0.listeners.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut sessions = self.sessions();
        let Some(listeners) = sessions.get_mut(id) else {
            return;
        };
        let before = listeners.len();
        listeners.retain(|listener| {
            !matches!(
                listener.try_send(frame.to_vec()),
                Err(mpsc::error::TrySendError::Closed(_))
            )
        });
        self.0
            .listeners
            .fetch_sub(before - listeners.len(), Ordering::Relaxed);
    }

    /// Ends session `id`: its listeners' receivers close.
    pub(crate) fn close(&self, id: &str) {
        if let Some(listeners) = self.sessions().remove(id) {
            self.0
                .listeners
                .fetch_sub(listeners.len(), Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_gets_frames_until_the_session_ends() {
        let taps = Taps::default();
        assert!(taps.listen("s1").is_none(), "no such live session");
        taps.open("s1");
        let mut receiver = taps.listen("s1").expect("live");
        taps.publish("s1", &[1, 2]);
        taps.publish("s2", &[9, 9]);
        assert_eq!(receiver.try_recv().ok(), Some(vec![1, 2]));
        assert!(
            receiver.try_recv().is_err(),
            "only its own session's frames"
        );
        taps.close("s1");
        assert!(matches!(
            receiver.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
    }

    #[test]
    fn a_slow_listener_loses_frames_and_a_gone_one_is_forgotten() {
        let taps = Taps::default();
        taps.open("s1");
        let mut slow = taps.listen("s1").expect("live");
        for i in 0..(TAP_BACKLOG + 10) {
            taps.publish("s1", &[u8::try_from(i % 256).expect("byte")]);
        }
        let mut kept = 0;
        while slow.try_recv().is_ok() {
            kept += 1;
        }
        assert_eq!(kept, TAP_BACKLOG, "the backlog, then frames were dropped");
        drop(slow);
        taps.publish("s1", &[0]);
        assert_eq!(taps.0.listeners.load(Ordering::Relaxed), 0);
    }
}
