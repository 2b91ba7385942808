//! Attempts per network address: enrolment codes tried, and tokens refused. An address that has
//! used its attempts is answered 429 with `Retry-After` until a new attempt is due, so guessing
//! codes or tokens goes no faster than the limit, however fast it is asked.
//!
//! Written here rather than taken from a rate-limiting crate: it is a token bucket per address
//! in a map, and the server needs the wait in whole seconds for its own refusal body.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many addresses are remembered before those with all their attempts back are forgotten.
const REMEMBERED: usize = 10_000;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// A number of attempts per minute for each address.
#[derive(Debug)]
pub struct AddressLimit {
    per_minute: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl AddressLimit {
    pub fn per_minute(attempts: u32) -> Self {
        Self {
            per_minute: f64::from(attempts.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        let elapsed = now.duration_since(bucket.last).as_secs_f64();
        bucket.last = now;
        bucket.tokens = (bucket.tokens + elapsed * self.per_minute / 60.0).min(self.per_minute);
    }

    /// How long `address` must wait before its next attempt, if it has none left now.
    pub fn wait(&self, address: IpAddr, now: Instant) -> Option<Duration> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = buckets.get_mut(&address)?;
        self.refill(bucket, now);
        (bucket.tokens < 1.0)
            .then(|| Duration::from_secs_f64((1.0 - bucket.tokens) * 60.0 / self.per_minute))
    }

    /// Counts one attempt by `address`.
    pub fn spend(&self, address: IpAddr, now: Instant) {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= REMEMBERED {
            let per_minute = self.per_minute;
            buckets.retain(|_, bucket| {
                let refilled = bucket.tokens
                    + now.duration_since(bucket.last).as_secs_f64() * per_minute / 60.0;
                refilled < per_minute
            });
        }
        let bucket = buckets.entry(address).or_insert(Bucket {
            tokens: self.per_minute,
            last: now,
        });
        self.refill(bucket, now);
        bucket.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_attempts_then_waits_and_others_are_not_held_up() {
        let limit = AddressLimit::per_minute(6);
        let (guesser, neighbour) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let start = Instant::now();
        for _ in 0..6 {
            assert_eq!(limit.wait(guesser, start), None);
            limit.spend(guesser, start);
        }
        let wait = limit.wait(guesser, start).expect("must wait");
        assert!(
            wait > Duration::from_secs(9) && wait <= Duration::from_secs(10),
            "{wait:?}"
        );
        assert_eq!(limit.wait(neighbour, start), None);
        // Ten seconds later one attempt is back.
        assert_eq!(limit.wait(guesser, start + Duration::from_secs(10)), None);
    }
}
