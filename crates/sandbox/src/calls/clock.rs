//! Times as the platform writes them: in events, and in the call object.

/// Now as events write it: `2021-03-10T10:36:27.080Z`.
#[must_use]
pub fn timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    )
}

/// Now as the call object writes it: `2021-03-10 10:36:27`.
#[must_use]
pub fn call_time() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_vonage_writes_them() {
        let stamp = timestamp();
        assert_eq!(stamp.len(), "2021-03-10T10:36:27.080Z".len(), "{stamp}");
        assert!(stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T');
        assert_eq!(call_time().len(), "2021-03-10 10:36:27".len());
    }
}
