//! A record's history: who changed what, and when, read from the document's own changes and
//! told in a practitioner's words. Every record kind shows its history this way.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::directory::Directory;

/// One entry of a record's history: when, on which device, what changed, and how many changes
/// of the same kind it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// "This device", or a short name for another device.
    pub by: String,
    pub what: String,
    pub changes: u32,
}

/// Edits this close together, by one device, to one thing, read as one entry: every keystroke is
/// saved, but nobody wants to read them one by one.
pub const HISTORY_GROUPING: Duration = Duration::minutes(10);

/// Collapses runs of the same change by the same device into one entry, dated by its last change.
/// `entries` must be oldest first.
pub fn collapse_history(entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    let mut collapsed: Vec<HistoryEntry> = Vec::with_capacity(entries.len());
    for entry in entries {
        match collapsed.last_mut() {
            Some(last)
                if last.by == entry.by
                    && last.what == entry.what
                    && entry.at - last.at <= HISTORY_GROUPING =>
            {
                last.at = entry.at;
                last.changes += entry.changes;
            }
            _ => collapsed.push(entry),
        }
    }
    collapsed
}

/// Who made a change, as the history shows it: the person whose device wrote it, when the
/// workspace's directory names the actor, and whether it was this device; otherwise this device,
/// or another one by the start of its Automerge actor id, which an administrator can match to a
/// device.
pub fn changed_by(on_this_device: bool, actor_hex: &str, directory: Option<&Directory>) -> String {
    match (directory.and_then(|d| d.writer(actor_hex)), on_this_device) {
        (Some(member), true) => format!("{} (this device)", member.described()),
        (Some(member), false) => member.described(),
        (None, true) => "This device".to_owned(),
        (None, false) => format!("Another device ({})", &actor_hex[..actor_hex.len().min(8)]),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn entry(minute: i64, by: &str, what: &str) -> HistoryEntry {
        HistoryEntry {
            at: datetime!(2026-11-20 18:00 UTC) + Duration::minutes(minute),
            by: by.into(),
            what: what.into(),
            changes: 1,
        }
    }

    #[test]
    fn keystrokes_collapse_into_one_history_entry() {
        let collapsed = collapse_history(vec![
            entry(0, "This device", "Checked out"),
            entry(1, "This device", "Edited the write-up: Concerns"),
            entry(2, "This device", "Edited the write-up: Concerns"),
            entry(3, "This device", "Edited the write-up: Concerns"),
        ]);
        assert_eq!(collapsed.len(), 2);
        assert_eq!(collapsed[1].changes, 3);
        assert_eq!(collapsed[1].at, entry(3, "", "").at);
    }

    #[test]
    fn other_devices_other_edits_and_later_edits_stay_apart() {
        let collapsed = collapse_history(vec![
            entry(0, "This device", "Edited the write-up: Concerns"),
            entry(
                1,
                "Another device (ab12cd34)",
                "Edited the write-up: Concerns",
            ),
            entry(
                2,
                "Another device (ab12cd34)",
                "Edited the write-up: Strengths",
            ),
            entry(
                30,
                "Another device (ab12cd34)",
                "Edited the write-up: Strengths",
            ),
        ]);
        assert_eq!(collapsed.len(), 4);
        assert!(collapsed.iter().all(|e| e.changes == 1));
    }

    #[test]
    fn another_device_is_named_by_the_start_of_its_actor() {
        assert_eq!(changed_by(true, "ab12cd34ef56", None), "This device");
        assert_eq!(
            changed_by(false, "ab12cd34ef56", None),
            "Another device (ab12cd34)"
        );
        assert_eq!(changed_by(false, "ab12", None), "Another device (ab12)");
    }

    #[test]
    fn a_change_is_named_by_its_writer_once_the_directory_knows_their_actor() {
        use crate::access::WorkspaceRole;
        use crate::directory::Member;
        use crate::vocabulary::PartnerAgency;
        let directory = Directory {
            you: "A.B.".into(),
            workspace: "Northfield detached team".into(),
            members: vec![Member {
                user: "A.B.".into(),
                agency: Some(PartnerAgency::YouthWork),
                role: WorkspaceRole::Practitioner,
                actors: vec!["ab12cd34ef56".into()],
            }],
            records: Vec::new(),
            settings: Default::default(),
        };
        assert_eq!(
            changed_by(true, "ab12cd34ef56", Some(&directory)),
            "A.B., Youth work (this device)"
        );
        assert_eq!(
            changed_by(false, "ab12cd34ef56", Some(&directory)),
            "A.B., Youth work"
        );
        assert_eq!(
            changed_by(false, "99aa", Some(&directory)),
            "Another device (99aa)"
        );
    }
}
