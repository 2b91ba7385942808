//! How long a device waits before it tries the server again: doubling from one second to five
//! minutes, spread by jitter so a team coming back into signal together does not arrive at once.

use std::time::Duration;

const FIRST: Duration = Duration::from_secs(1);
const LONGEST: Duration = Duration::from_secs(300);

/// The wait before attempt `failures + 1`. `jitter` in `0.0..1.0` (from the caller's random
/// source) takes up to half the wait off.
pub fn retry_delay(failures: u32, jitter: f64) -> Duration {
    let doubled = FIRST.saturating_mul(1 << failures.min(16));
    let wait = doubled.min(LONGEST);
    wait.mul_f64(1.0 - 0.5 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_a_ceiling_and_jitter_only_shortens_them() {
        assert_eq!(retry_delay(0, 0.0), Duration::from_secs(1));
        assert_eq!(retry_delay(3, 0.0), Duration::from_secs(8));
        assert_eq!(retry_delay(40, 0.0), LONGEST);
        assert_eq!(retry_delay(3, 1.0), Duration::from_secs(4));
        assert_eq!(retry_delay(3, 7.0), Duration::from_secs(4));
        assert!(retry_delay(u32::MAX, 0.5) <= LONGEST);
    }
}
