//! Vonage's Voice API rate limits, respected on our side (`docs/vonage.md` §2.8):
//! at most 3 calls created per second, and 15 other requests per second. A request
//! over the limit waits for its turn instead of earning a 429.

use std::{collections::VecDeque, time::Duration};

use tokio::{sync::Mutex, time::Instant};

/// Calls created per second.
pub const CREATES_PER_SECOND: usize = 3;
/// Other Voice API requests per second.
pub const REQUESTS_PER_SECOND: usize = 15;

/// A sliding one-second window: at most `per_second` requests start in any second.
#[derive(Debug)]
pub struct Window {
    per_second: usize,
    started: Mutex<VecDeque<Instant>>,
}

impl Window {
    /// A window letting `per_second` requests start in any one second.
    #[must_use]
    pub fn new(per_second: usize) -> Self {
        Self {
            per_second,
            started: Mutex::new(VecDeque::with_capacity(per_second)),
        }
    }

    /// Waits until a request may start, and counts it.
    pub async fn admit(&self) {
        let mut started = self.started.lock().await;
        let now = Instant::now();
        while started
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            started.pop_front();
        }
        if started.len() >= self.per_second
            && let Some(oldest) = started.pop_front()
        {
            tokio::time::sleep_until(oldest + Duration::from_secs(1)).await;
        }
        started.push_back(Instant::now());
    }
}

/// The two windows of one account.
#[derive(Debug)]
pub struct Limits {
    /// `POST /v1/calls`.
    pub creates: Window,
    /// Everything else.
    pub requests: Window,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            creates: Window::new(CREATES_PER_SECOND),
            requests: Window::new(REQUESTS_PER_SECOND),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_fourth_create_in_a_second_waits_for_the_first_to_age() {
        let window = Window::new(3);
        let start = Instant::now();
        for _ in 0..3 {
            window.admit().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "three go at once");
        window.admit().await;
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(1),
            "the fourth starts when the first is a second old"
        );
        tokio::time::advance(Duration::from_secs(5)).await;
        let later = Instant::now();
        window.admit().await;
        assert_eq!(
            later.elapsed(),
            Duration::ZERO,
            "an idle window admits at once"
        );
    }
}
