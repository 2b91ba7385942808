//! A record's history: who changed what, and when, read from the document's own changes and
//! told in a practitioner's words. Every record kind shows its history this way.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use waymark_i18n::{Arg, Messages};

use crate::directory::{self, Directory};
use crate::vocabulary::PartnerAgency;

/// One entry of a record's history: when, on which device, what changed, and how many changes
/// of the same kind it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub by: ChangedBy,
    pub what: String,
    pub changes: u32,
}

/// The English of the history note `id` (in `history.ftl`), as a change's message is written.
pub fn note(id: &str) -> &'static str {
    waymark_i18n::english_note(id)
}

/// The English of the history note `id`, naming `what` changed.
pub fn note_with(id: &str, what: &str) -> String {
    waymark_i18n::english().format(id, &[("what", Arg::from(what))])
}

impl HistoryEntry {
    /// What changed, in the language of `words`.
    pub fn what_in(&self, words: &Messages) -> String {
        words.history_note(&self.what)
    }
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangedBy {
    Member {
        user: String,
        agency: Option<PartnerAgency>,
        this_device: bool,
    },
    ThisDevice,
    AnotherDevice {
        /// The first eight hex digits of its actor id.
        actor: String,
    },
}

/// Who wrote a change under `actor_hex`.
pub fn changed_by(
    on_this_device: bool,
    actor_hex: &str,
    directory: Option<&Directory>,
) -> ChangedBy {
    match (directory.and_then(|d| d.writer(actor_hex)), on_this_device) {
        (Some(member), this_device) => ChangedBy::Member {
            user: member.user.clone(),
            agency: member.agency,
            this_device,
        },
        (None, true) => ChangedBy::ThisDevice,
        (None, false) => ChangedBy::AnotherDevice {
            actor: actor_hex.chars().take(8).collect(),
        },
    }
}

impl ChangedBy {
    /// Who it was, in the language of `words`.
    pub fn named_in(&self, words: &Messages) -> String {
        match self {
            Self::Member {
                user,
                agency,
                this_device,
            } => {
                let person = directory::described_in(words, user, *agency);
                if *this_device {
                    words.format("history-on-this-device", &[("person", Arg::from(&person))])
                } else {
                    person
                }
            }
            Self::ThisDevice => words.text("history-this-device"),
            Self::AnotherDevice { actor } => {
                words.format("history-another-device", &[("actor", Arg::from(actor))])
            }
        }
    }
}

/// In English, for logs and tests.
impl std::fmt::Display for ChangedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.named_in(waymark_i18n::english()))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn entry(minute: i64, by: &str, what: &str) -> HistoryEntry {
        HistoryEntry {
            at: datetime!(2026-11-20 18:00 UTC) + Duration::minutes(minute),
            by: if by == "This device" {
                ChangedBy::ThisDevice
            } else {
                ChangedBy::AnotherDevice {
                    actor: by.to_owned(),
                }
            },
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
            entry(1, "ab12cd34", "Edited the write-up: Concerns"),
            entry(2, "ab12cd34", "Edited the write-up: Strengths"),
            entry(30, "ab12cd34", "Edited the write-up: Strengths"),
        ]);
        assert_eq!(collapsed.len(), 4);
        assert!(collapsed.iter().all(|e| e.changes == 1));
    }

    #[test]
    fn another_device_is_named_by_the_start_of_its_actor() {
        assert_eq!(
            changed_by(true, "ab12cd34ef56", None).to_string(),
            "This device"
        );
        assert_eq!(
            changed_by(false, "ab12cd34ef56", None).to_string(),
            "Another device (ab12cd34)"
        );
        assert_eq!(
            changed_by(false, "ab12", None).to_string(),
            "Another device (ab12)"
        );
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
            changed_by(true, "ab12cd34ef56", Some(&directory)).to_string(),
            "A.B., Youth work (this device)"
        );
        assert_eq!(
            changed_by(false, "ab12cd34ef56", Some(&directory)).to_string(),
            "A.B., Youth work"
        );
        assert_eq!(
            changed_by(false, "99aa", Some(&directory)).to_string(),
            "Another device (99aa)"
        );
    }
}
