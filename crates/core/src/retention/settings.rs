//! How long and how much a profile's listener keeps: a plain type, importing nothing
//! else in core, so the profile and listener settings can hold it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;

/// How long and how much the listener keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Retention {
    /// Keep what arrived in the last this many days.
    pub days: u32,
    /// Keep at most this many megabytes (database and recordings together).
    pub max_megabytes: u32,
}

impl Default for Retention {
    /// The last 30 days, at most 1 GB.
    fn default() -> Self {
        Self {
            days: 30,
            max_megabytes: 1024,
        }
    }
}

impl Retention {
    /// Checks the limits a person typed.
    ///
    /// # Errors
    /// [`CoreError::InvalidInput`] saying which limit is out of range.
    pub fn checked(self) -> Result<Self, CoreError> {
        if !(1..=3650).contains(&self.days) {
            return Err(CoreError::in_field(
                "retention.days",
                format!("keep webhooks for 1 to 3650 days, not {}", self.days),
            ));
        }
        if !(1..=1_000_000).contains(&self.max_megabytes) {
            return Err(CoreError::in_field(
                "retention.max_megabytes",
                format!("keep 1 to 1,000,000 MB, not {}", self.max_megabytes),
            ));
        }
        Ok(self)
    }

    pub(crate) fn max_bytes(self) -> u64 {
        u64::from(self.max_megabytes) * 1024 * 1024
    }
}
