//! Time as Waymark stores it: milliseconds since the Unix epoch, UTC. Documents, rows, frames and
//! the sync loop all keep time this way; this is the one place that converts it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A moment, in milliseconds since 1970-01-01T00:00:00Z. Automerge's own timestamps, the store's
/// columns and the server's columns hold this number.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct UnixMillis(i64);

impl UnixMillis {
    /// 1970-01-01T00:00:00Z, which Waymark reads as "no time known" where a time may be missing.
    pub const EPOCH: Self = Self(0);

    pub const fn new(millis: i64) -> Self {
        Self(millis)
    }

    /// The number itself, for a column or a document.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// A moment given as the time since the epoch, as `SystemTime::duration_since` gives it.
    pub fn since_epoch(elapsed: Duration) -> Self {
        Self(i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
    }

    /// A date and time, to the millisecond below it.
    pub fn from_datetime(at: OffsetDateTime) -> Self {
        let millis = at.unix_timestamp_nanos().div_euclid(1_000_000);
        Self(i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX }))
    }

    /// As a date and time in UTC; a number past what a date can hold reads as the epoch.
    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// This moment moved on by `wait`, saturating at the end of time.
    pub fn after(self, wait: Duration) -> Self {
        let wait = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_add(wait))
    }

    /// This moment moved back by `wait`, saturating at the start of time.
    pub fn before(self, wait: Duration) -> Self {
        let wait = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_sub(wait))
    }

    /// How long after `earlier` this is; zero when it is not later.
    pub fn since(self, earlier: Self) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }
}

/// As an RFC 3339 date and time in UTC, for logs and the admin CLI.
/// The day a moment fell on, year-month-day, in UTC: how records keep dates (a due date, the
/// day an action was done, the day a referral was screened).
pub fn day_of(at: OffsetDateTime) -> String {
    let date = at.date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

impl std::fmt::Display for UnixMillis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self
            .to_datetime()
            .format(&time::format_description::well_known::Rfc3339)
        {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{} ms after 1970", self.0),
        }
    }
}

impl From<OffsetDateTime> for UnixMillis {
    fn from(at: OffsetDateTime) -> Self {
        Self::from_datetime(at)
    }
}

impl From<UnixMillis> for OffsetDateTime {
    fn from(millis: UnixMillis) -> Self {
        millis.to_datetime()
    }
}

/// What time it is, from whoever asks: the system's clock in the app, a set clock in tests. The
/// store and the sync loop are given one and never read the time themselves.
pub trait Clock: Send + Sync {
    fn now(&self) -> UnixMillis;
}

/// A clock that shows the time it was set to and moves only when told: a test passes time
/// without waiting for it.
#[derive(Debug, Default)]
pub struct SetClock(AtomicI64);

impl SetClock {
    pub fn at(at: UnixMillis) -> Self {
        Self(AtomicI64::new(at.get()))
    }

    pub fn set(&self, at: UnixMillis) {
        self.0.store(at.get(), Ordering::SeqCst);
    }

    pub fn advance(&self, by: Duration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for SetClock {
    fn now(&self) -> UnixMillis {
        UnixMillis(self.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_date_and_its_millis_convert_both_ways() {
        let at = datetime!(2026-05-14 18:30:12.345 UTC);
        let millis = UnixMillis::from(at);
        assert_eq!(millis.get(), 1_778_783_412_345);
        assert_eq!(millis.to_datetime(), at);
    }

    #[test]
    fn parts_of_a_millisecond_round_down_even_before_the_epoch() {
        assert_eq!(
            UnixMillis::from(datetime!(2026-05-14 18:30:12.345999 UTC)).get(),
            1_778_783_412_345
        );
        assert_eq!(
            UnixMillis::from(datetime!(1969-12-31 23:59:59.9995 UTC)).get(),
            -1
        );
    }

    #[test]
    fn a_number_no_date_can_hold_reads_as_the_epoch() {
        assert_eq!(
            UnixMillis::new(i64::MAX).to_datetime(),
            OffsetDateTime::UNIX_EPOCH
        );
    }

    #[test]
    fn waits_add_and_subtract_without_overflow() {
        let at = UnixMillis::new(10_000);
        assert_eq!(at.after(Duration::from_secs(2)), UnixMillis::new(12_000));
        assert_eq!(
            UnixMillis::new(i64::MAX).after(Duration::MAX).get(),
            i64::MAX
        );
        assert_eq!(at.before(Duration::from_secs(4)), UnixMillis::new(6_000));
        assert_eq!(
            UnixMillis::new(i64::MIN).before(Duration::MAX).get(),
            i64::MIN
        );
        assert_eq!(at.since(UnixMillis::new(4_000)), Duration::from_secs(6));
        assert_eq!(UnixMillis::new(4_000).since(at), Duration::ZERO);
        assert_eq!(
            UnixMillis::since_epoch(Duration::from_millis(1_500)),
            UnixMillis::new(1_500)
        );
    }

    #[test]
    fn shows_as_a_date_in_utc() {
        assert_eq!(
            UnixMillis::new(1_778_783_412_345).to_string(),
            "2026-05-14T18:30:12.345Z"
        );
    }

    #[test]
    fn serialises_as_the_bare_number() {
        assert_eq!(
            serde_json::to_string(&UnixMillis::new(42)).expect("serialises"),
            "42"
        );
    }
}
