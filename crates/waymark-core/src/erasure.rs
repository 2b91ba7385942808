//! Erasure (privacy rules P12 and P13). A manager erases a whole record, or the past text in its
//! history, with a reason; a record whose retention period has ended is erased with "retention"
//! as the reason. What stays is a stub: which record, of which kind, when, by whom and why, never
//! what it held.

use serde::{Deserialize, Serialize};

use crate::text;
use crate::workspace_settings::WorkspaceSettings;
use crate::{RecordId, RecordKind, UnixMillis, ValidationError};

/// The longest reason a manager may give for an erasure or an extension.
pub const REASON_MAX_CHARS: usize = 500;

/// The reason given when a record's retention period has ended.
pub const RETENTION_REASON: &str = "retention";

/// Who erases a record when its retention period ends.
pub const RETENTION_ERASER: &str = "retention";

/// How long a record is kept after its last change when the workspace has not set a period for
/// its kind: six years, the proposed default of P12.
pub const DEFAULT_RETENTION_DAYS: u32 = 6 * 365 + 2;

/// How long a walkabout's route track is kept after check-out when the workspace has not said:
/// 90 days, the proposed default of P12. A track says where practitioners, and the young people
/// they followed, were: it goes long before the walkabout.
pub const DEFAULT_ROUTE_TRACK_DAYS: u32 = 90;

/// What the audit log and the history say when a route track's period ends.
pub const ROUTE_TRACK_ERASED: &str = "Route track erased at the end of its retention period";

/// How far ahead a manager sees the records due for erasure.
pub const RETENTION_NOTICE_DAYS: u32 = 30;

/// The most days one extension adds.
pub const MAX_EXTENSION_DAYS: u32 = 3_650;

const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// A kind's stored name in a practitioner's words; one this version does not know is a
/// "Record".
pub fn kind_label(kind: &str) -> &'static str {
    RecordKind::parse(kind).map_or("Record", RecordKind::label)
}

/// A manager's request to erase a record, or the past text in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRequest {
    pub record: RecordId,
    pub reason: String,
}

impl ErasureRequest {
    /// The request as it may be carried out: a reason is required, and kept short.
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            record: self.record,
            reason: text::required(
                &self.reason,
                "reason",
                REASON_MAX_CHARS,
                ValidationError::ErasureReasonRequired,
            )?,
        })
    }
}

/// Refuses a reason that may name a child (P3): an erasure's reason is kept for good, in the stub
/// and the audit log, so it must not repeat what was erased.
pub fn check_reason(reason: &str, settings: &WorkspaceSettings) -> Result<(), ValidationError> {
    let names = crate::name_check::possible_names(reason, &settings.first_names);
    if names.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::PossibleChildNameInReason {
            names: names.join(", "),
        })
    }
}

/// What is left of an erased record, and what a device that held it tells its practitioner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub record: RecordId,
    /// The kind's stored name; a kind this version does not know stays as it came.
    pub kind: String,
    pub erased_at: UnixMillis,
    /// The manager who erased it, or [`RETENTION_ERASER`].
    pub by: String,
    pub reason: String,
}

impl Erasure {
    /// The kind in a practitioner's words.
    pub fn kind_label(&self) -> &str {
        kind_label(&self.kind)
    }
}

/// A record erased while a device held it, as its practitioner is told: which kind, when it was
/// started, who erased it and why. Nothing of what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureNotice {
    pub record: RecordId,
    /// The kind's stored name.
    pub kind: String,
    /// When the record was started, so the practitioner knows which one it was.
    pub created_at: Option<UnixMillis>,
    pub erased_at: UnixMillis,
    pub erased_by: String,
    pub reason: String,
    /// Whether edits made on the device and not yet sent went with it.
    pub unsent_lost: bool,
    /// Only the past text in its history was erased; the record stays. `reason` then holds the
    /// history's own line, which says who had it done and why.
    #[serde(default)]
    pub history_only: bool,
}

impl ErasureNotice {
    /// The kind in a practitioner's words.
    pub fn kind_label(&self) -> &str {
        kind_label(&self.kind)
    }

    /// Who erased it, in a practitioner's words.
    pub fn erased_by_label(&self) -> String {
        if self.erased_by == RETENTION_ERASER {
            "the end of its retention period".to_owned()
        } else {
            self.erased_by.clone()
        }
    }
}

/// An edit made on a device to a record whose history was erased before the edit was sent, that
/// could not be carried onto the record's new epoch (someone had changed the same field): shown to
/// the practitioner to redo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditNotKept {
    pub id: i64,
    pub record: RecordId,
    pub kind: String,
    /// The field, as the keys from the record's root, joined by " › ".
    pub field: String,
    /// What was written there on the device.
    pub value: String,
    pub at: UnixMillis,
}

/// What the history of a record says where its past was erased: who had it done and why. The
/// reason is the manager's own words; what was erased is never in it.
pub fn history_erased_message(by: &str, reason: &str) -> String {
    format!("Earlier history erased by {by}: {reason}")
}

/// A manager's request to keep one record for longer than its retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionExtension {
    pub record: RecordId,
    pub days: u32,
    pub reason: String,
}

impl RetentionExtension {
    pub fn validate(self) -> Result<Self, ValidationError> {
        if self.days == 0 || self.days > MAX_EXTENSION_DAYS {
            return Err(ValidationError::RetentionExtensionOutOfRange);
        }
        Ok(Self {
            record: self.record,
            days: self.days,
            reason: text::required(
                &self.reason,
                "reason",
                REASON_MAX_CHARS,
                ValidationError::RetentionReasonRequired,
            )?,
        })
    }
}

/// A record whose retention period ends soon, as a manager sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionDue {
    pub record: RecordId,
    pub kind: String,
    pub last_changed: UnixMillis,
    /// When it is erased unless it is kept longer.
    pub due_at: UnixMillis,
    /// Days added by managers so far.
    pub extended_days: u32,
}

/// How many days a workspace keeps a kind of record after its last change.
pub fn retention_days(settings: &WorkspaceSettings, kind: &str) -> u32 {
    settings
        .retention_days
        .get(kind)
        .copied()
        .unwrap_or(DEFAULT_RETENTION_DAYS)
}

/// How many days a workspace keeps a walkabout's route track after check-out.
pub fn route_track_days(settings: &WorkspaceSettings) -> u32 {
    settings
        .route_track_days
        .unwrap_or(DEFAULT_ROUTE_TRACK_DAYS)
}

/// When a record changed last at `last_changed` is due for erasure, with `extended_days` added.
pub fn due_at(last_changed: UnixMillis, days: u32, extended_days: u32) -> UnixMillis {
    let days = i64::from(days) + i64::from(extended_days);
    UnixMillis::new(
        last_changed
            .get()
            .saturating_add(days.saturating_mul(DAY_MILLIS)),
    )
}

/// The first moment (UTC) of a day typed as year-month-day: retention can be run as of a day.
pub fn start_of_day(date: &str) -> Result<UnixMillis, ValidationError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(date.trim(), &format).map_err(|_| ValidationError::InvalidDate)?;
    Ok(UnixMillis::from_datetime(day.midnight().assume_utc()))
}

/// The end of the window in which a manager is told a record is due.
pub fn notice_until(now: UnixMillis) -> UnixMillis {
    due_at(now, RETENTION_NOTICE_DAYS, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> RecordId {
        "0190f1c4-6a4b-7cde-8f00-0123456789ab".parse().expect("id")
    }

    #[test]
    fn an_erasure_needs_a_reason_and_keeps_it_short() {
        let blank = ErasureRequest {
            record: id(),
            reason: "   ".into(),
        };
        assert_eq!(
            blank.validate(),
            Err(ValidationError::ErasureReasonRequired)
        );
        let long = ErasureRequest {
            record: id(),
            reason: "x".repeat(REASON_MAX_CHARS + 1),
        };
        assert!(matches!(
            long.validate(),
            Err(ValidationError::TooLong {
                field: "reason",
                ..
            })
        ));
        let fine = ErasureRequest {
            record: id(),
            reason: "  A name typed in a note  ".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(fine.reason, "A name typed in a note");
    }

    #[test]
    fn a_reason_that_may_name_a_child_is_refused() {
        let settings = WorkspaceSettings {
            first_names: vec!["sam".into()],
            ..WorkspaceSettings::default()
        };
        assert!(check_reason("A name typed in the write-up", &settings).is_ok());
        assert_eq!(
            check_reason("Sam Jones was named in the write-up", &settings),
            Err(ValidationError::PossibleChildNameInReason {
                names: "Sam Jones".into()
            })
        );
    }

    #[test]
    fn an_extension_is_between_one_day_and_ten_years_with_a_reason() {
        let extension = |days: u32, reason: &str| RetentionExtension {
            record: id(),
            days,
            reason: reason.into(),
        };
        assert_eq!(
            extension(0, "Court case").validate(),
            Err(ValidationError::RetentionExtensionOutOfRange)
        );
        assert_eq!(
            extension(MAX_EXTENSION_DAYS + 1, "Court case").validate(),
            Err(ValidationError::RetentionExtensionOutOfRange)
        );
        assert_eq!(
            extension(30, "").validate(),
            Err(ValidationError::RetentionReasonRequired)
        );
        assert!(extension(MAX_EXTENSION_DAYS, "Court case")
            .validate()
            .is_ok());
    }

    #[test]
    fn a_record_is_due_its_period_after_its_last_change_plus_any_extension() {
        let mut settings = WorkspaceSettings::default();
        assert_eq!(
            retention_days(&settings, "walkabout"),
            DEFAULT_RETENTION_DAYS
        );
        settings.retention_days.insert("walkabout".into(), 90);
        assert_eq!(retention_days(&settings, "walkabout"), 90);
        let changed = UnixMillis::new(1_000);
        assert_eq!(due_at(changed, 90, 0).get(), 1_000 + 90 * DAY_MILLIS);
        assert_eq!(due_at(changed, 90, 10).get(), 1_000 + 100 * DAY_MILLIS);
        assert_eq!(notice_until(changed).get(), 1_000 + 30 * DAY_MILLIS);
        assert_eq!(route_track_days(&settings), DEFAULT_ROUTE_TRACK_DAYS);
        settings.route_track_days = Some(30);
        assert_eq!(route_track_days(&settings), 30);
        assert_eq!(
            start_of_day("1970-01-02").map(UnixMillis::get),
            Ok(DAY_MILLIS)
        );
        assert_eq!(start_of_day("2 January"), Err(ValidationError::InvalidDate));
    }

    #[test]
    fn the_stub_names_the_kind_in_words() {
        let erasure = Erasure {
            record: id(),
            kind: "walkabout".into(),
            erased_at: UnixMillis::new(5),
            by: RETENTION_ERASER.into(),
            reason: RETENTION_REASON.into(),
        };
        assert_eq!(erasure.kind_label(), "Walkabout");
        let unknown = Erasure {
            kind: "from_a_newer_app".into(),
            ..erasure
        };
        assert_eq!(unknown.kind_label(), "Record");
        assert_eq!(
            history_erased_message("M.N.", "A name in a note"),
            "Earlier history erased by M.N.: A name in a note"
        );
    }
}
