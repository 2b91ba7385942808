//! The device's passcode (privacy rules P16, P17): how long it must be, what the lock screen says
//! about it, and how long a practitioner waits after too many wrong tries. The key work itself
//! (Argon2id, the wrapped data key) is the store's: this crate reads no clock and no random source.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The fewest characters a passcode may have.
pub const MIN_PASSCODE_CHARS: usize = 6;
/// Wrong passcodes allowed before each further try makes the practitioner wait.
pub const FREE_TRIES: u32 = 5;
/// The app locks itself after this many idle minutes unless the practitioner chooses fewer.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 5;
/// The longest idle time a practitioner may choose; they may only shorten the default.
pub const MAX_IDLE_LOCK_MINUTES: u32 = DEFAULT_IDLE_LOCK_MINUTES;
/// The longest wait after wrong passcodes: fifteen minutes.
const MAX_WAIT_SECONDS: u64 = 15 * 60;

/// A new passcode, typed twice.
pub fn check_new(passcode: &str, confirmation: &str) -> Result<(), ValidationError> {
    if passcode.chars().count() < MIN_PASSCODE_CHARS {
        return Err(ValidationError::PasscodeTooShort);
    }
    if passcode != confirmation {
        return Err(ValidationError::PasscodesDiffer);
    }
    Ok(())
}

/// The seconds to wait before the next try after `failures` wrong passcodes in a row: none for
/// the first five, then 30 seconds, doubling with each further wrong one, to at most 15 minutes.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_TRIES {
        return 0;
    }
    let doublings = (failures - FREE_TRIES).min(16);
    (30u64 << doublings).min(MAX_WAIT_SECONDS)
}

/// The idle time a practitioner chose, in minutes, checked.
pub fn check_idle_minutes(minutes: u32) -> Result<u32, ValidationError> {
    if (1..=MAX_IDLE_LOCK_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ValidationError::IdleLockOutOfRange)
    }
}

/// Whether a practitioner typed the word that resets the device.
pub fn check_reset(typed: &str) -> Result<(), ValidationError> {
    if typed.trim() == "ERASE" {
        Ok(())
    } else {
        Err(ValidationError::ResetNotConfirmed)
    }
}

/// An administrator's order to erase a device that was lost or stolen (privacy rule P17): the
/// server refuses the device and tells it, at its next contact, who had it erased and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WipeOrder {
    /// The administrator's name, as they gave it.
    pub by: String,
    pub at: crate::UnixMillis,
}

/// Whether an administrator typed the word that orders a device wiped.
pub fn check_wipe(typed: &str) -> Result<(), ValidationError> {
    if typed.trim() == "WIPE" {
        Ok(())
    } else {
        Err(ValidationError::WipeNotConfirmed)
    }
}

/// Where the device's protection stands, as the lock screen needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockState {
    pub phase: LockPhase,
    /// Seconds before another passcode may be tried; 0 when one may be tried now.
    pub wait_seconds: u64,
    /// Minutes of idleness before the app locks itself.
    pub idle_lock_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum LockPhase {
    /// No passcode yet: the first run, or records saved by a version without encryption that
    /// are encrypted when the passcode is set (`upgrade`).
    FirstRun { upgrade: bool },
    /// The records are encrypted and closed until the passcode is typed.
    Locked,
    /// Open: the practitioner is working.
    Unlocked,
    /// An administrator had this device erased; it holds nothing.
    Wiped { by: String, at: crate::UnixMillis },
    /// The check of the whole records file, run beside the app after unlocking, found it
    /// damaged: the store was closed and the file left exactly as it was, for recovery.
    Damaged,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passcode_is_long_enough_and_typed_twice_the_same() {
        assert_eq!(
            check_new("12345", "12345"),
            Err(ValidationError::PasscodeTooShort)
        );
        assert_eq!(
            check_new("123456", "123465"),
            Err(ValidationError::PasscodesDiffer)
        );
        assert_eq!(check_new("123456", "123456"), Ok(()));
    }

    #[test]
    fn five_wrong_tries_are_free_then_the_wait_doubles_to_fifteen_minutes() {
        assert_eq!(wait_after(4), 0);
        assert_eq!(wait_after(5), 30);
        assert_eq!(wait_after(6), 60);
        assert_eq!(wait_after(7), 120);
        assert_eq!(wait_after(40), 900);
        assert_eq!(wait_after(u32::MAX), 900);
    }

    #[test]
    fn the_idle_time_may_only_be_shortened_and_a_reset_needs_the_word() {
        assert_eq!(check_idle_minutes(1), Ok(1));
        assert_eq!(
            check_idle_minutes(0),
            Err(ValidationError::IdleLockOutOfRange)
        );
        assert_eq!(
            check_idle_minutes(6),
            Err(ValidationError::IdleLockOutOfRange)
        );
        assert_eq!(
            check_reset("erase"),
            Err(ValidationError::ResetNotConfirmed)
        );
        assert_eq!(check_reset("ERASE"), Ok(()));
        assert_eq!(check_wipe("wipe"), Err(ValidationError::WipeNotConfirmed));
        assert_eq!(check_wipe(" WIPE\n"), Ok(()));
    }
}
