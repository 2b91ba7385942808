//! The audit log's entries and its hash chain (privacy rule P14): who did what to which record,
//! when and from which device. Each entry's hash covers the one before, so an entry edited,
//! removed or slipped in afterwards breaks the chain at that point. The chain shows tampering
//! with the stored log; it does not stop someone who can rewrite the whole log from writing a
//! new chain, so `audit verify` also prints the last hash, for keeping somewhere else.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{RecordId, UnixMillis, ValidationError};

macro_rules! audit_actions {
    ($($variant:ident => $code:literal;)+) => {
        /// What an audit entry records. Codes are stored and hashed, so a code never changes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum AuditAction {
            $($variant,)+
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)+];

            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)+
                }
            }

            /// The English label, from `vocabulary.ftl` (`audit-action-{code}`).
            pub fn label(self) -> &'static str {
                waymark_i18n::english_label(self)
            }

            pub fn from_code(code: &str) -> Result<Self, ValidationError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|action| action.code() == code)
                    .ok_or(ValidationError::UnknownAuditAction)
            }
        }

        impl waymark_i18n::Labelled for AuditAction {
            const VOCABULARY: &'static str = "audit-action";

            fn stored_code(self) -> &'static str {
                self.code()
            }
        }

        impl TryFrom<String> for AuditAction {
            type Error = ValidationError;

            fn try_from(code: String) -> Result<Self, Self::Error> {
                Self::from_code(&code)
            }
        }

        impl From<AuditAction> for &'static str {
            fn from(action: AuditAction) -> Self {
                action.code()
            }
        }
    };
}

audit_actions! {
    Create => "create";
    View => "view";
    Edit => "edit";
    Export => "export";
    Print => "print";
    Share => "share";
    RevokeShare => "revoke_share";
    CaseTeamAdd => "case_team_add";
    CaseTeamRemove => "case_team_remove";
    Refused => "refused";
    Withdraw => "withdraw";
    Erase => "erase";
    EraseHistory => "erase_history";
    RetentionExtended => "retention_extended";
    NotAChildsName => "not_a_childs_name";
    WipeOrdered => "wipe_ordered";
}

impl AuditAction {
    /// Whether a device reports it (what happens on the device, offline too) rather than the
    /// server seeing it happen.
    pub fn is_reported_by_devices(self) -> bool {
        matches!(
            self,
            Self::View | Self::Export | Self::Print | Self::NotAChildsName
        )
    }
}

/// What a device did to a record that only the device saw (a view, an export, a print), kept on
/// the device until the server has it and sent at the next sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedEvent {
    /// Its number on the device, so the device knows which the server has.
    pub id: u64,
    pub record: RecordId,
    pub action: AuditAction,
    /// When it happened on the device, by the device's clock.
    pub at: UnixMillis,
}

/// The most events a device sends in one request.
pub const MAX_REPORTED_EVENTS: usize = 500;

/// One thing done, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: UnixMillis,
    /// The person who did it, by their user name on the server.
    pub user: String,
    /// The device it was done on; none for what an administrator did on the server.
    pub device: Option<String>,
    pub action: AuditAction,
    pub record: Option<RecordId>,
    /// What else a reader of the log needs: the agency shared with, the member added.
    pub detail: String,
}

/// What a manager asks of the audit log in the app: one record's entries, one person's, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub record: Option<RecordId>,
    #[serde(default)]
    pub user: Option<String>,
}

/// The most entries the app is sent at once, newest first: a manager narrows by record or
/// person to see further back; the whole log is for `audit list` on the server.
pub const MAX_AUDIT_ENTRIES_READ: usize = 500;

/// A link of the chain: SHA-256 of the link before and of the entry.
pub type ChainHash = [u8; 32];

/// What the first entry's link follows.
pub const CHAIN_START: ChainHash = [0; 32];

/// The hash of `entry` following `previous`. Every field is written with its length first, so
/// no two different entries write the same bytes.
pub fn link(previous: &ChainHash, entry: &AuditEntry) -> ChainHash {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(entry.at.get().to_be_bytes());
    let record = entry.record.map(|id| id.to_string()).unwrap_or_default();
    for field in [
        entry.user.as_str(),
        entry.device.as_deref().unwrap_or_default(),
        entry.action.code(),
        record.as_str(),
        entry.detail.as_str(),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().into()
}

/// An entry as stored: its place in the log, and the links it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedEntry {
    /// Its number in the log, from 1, one more for each entry.
    pub seq: u64,
    pub entry: AuditEntry,
    pub previous: ChainHash,
    pub hash: ChainHash,
}

/// Where a chain does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry no longer hashes to the link stored with it: it was changed.
    Altered { seq: u64 },
    /// The entry does not follow the link before it: an entry was removed or put in before it.
    Unlinked { seq: u64 },
    /// Numbers are missing before this entry: entries were removed.
    Missing { seq: u64, expected: u64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Altered { seq } => write!(f, "entry {seq} was changed after it was written"),
            Self::Unlinked { seq } => write!(
                f,
                "entry {seq} does not follow the entry before it: one was removed or put in"
            ),
            Self::Missing { seq, expected } => {
                write!(f, "entries {expected} to {} are missing", seq - 1)
            }
        }
    }
}

/// Walks the log in order and says where it breaks; an intact log gives none.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a ChainedEntry>) -> Vec<ChainBreak> {
    let mut breaks = Vec::new();
    let mut previous = CHAIN_START;
    let mut expected = 1;
    for stored in entries {
        if stored.seq != expected {
            breaks.push(ChainBreak::Missing {
                seq: stored.seq,
                expected,
            });
        }
        if stored.previous != previous {
            breaks.push(ChainBreak::Unlinked { seq: stored.seq });
        }
        if link(&stored.previous, &stored.entry) != stored.hash {
            breaks.push(ChainBreak::Altered { seq: stored.seq });
        }
        previous = stored.hash;
        expected = stored.seq + 1;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64) -> AuditEntry {
        AuditEntry {
            at: UnixMillis::new(1_795_000_000_000 + n),
            user: "worker.a".into(),
            device: Some("0190ab12-0000-7000-8000-000000000001".into()),
            action: AuditAction::Edit,
            record: None,
            detail: String::new(),
        }
    }

    fn chain(n: i64) -> Vec<ChainedEntry> {
        let mut previous = CHAIN_START;
        (1..=n)
            .map(|i| {
                let entry = entry(i);
                let hash = link(&previous, &entry);
                let stored = ChainedEntry {
                    seq: i as u64,
                    entry,
                    previous,
                    hash,
                };
                previous = hash;
                stored
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert!(verify(&chain(5)).is_empty());
        assert!(verify(&[]).is_empty());
    }

    #[test]
    fn a_changed_entry_breaks_the_chain_where_it_was_changed() {
        let mut log = chain(5);
        log[2].entry.user = "someone.else".into();
        assert_eq!(verify(&log), [ChainBreak::Altered { seq: 3 }]);
    }

    #[test]
    fn a_removed_entry_is_found_whether_or_not_the_numbers_were_redone() {
        let mut log = chain(5);
        log.remove(2);
        assert_eq!(
            verify(&log),
            [
                ChainBreak::Missing {
                    seq: 4,
                    expected: 3
                },
                ChainBreak::Unlinked { seq: 4 }
            ]
        );
        for (i, stored) in log.iter_mut().enumerate() {
            stored.seq = i as u64 + 1;
        }
        assert_eq!(verify(&log), [ChainBreak::Unlinked { seq: 3 }]);
    }

    #[test]
    fn fields_cannot_be_shifted_into_one_another() {
        let mut moved = entry(1);
        moved.user = "worker.ab".into();
        moved.device = Some(String::new());
        let mut original = entry(1);
        original.user = "worker.a".into();
        original.device = Some("b".into());
        assert_ne!(link(&CHAIN_START, &moved), link(&CHAIN_START, &original));
    }

    #[test]
    fn action_codes_never_change() {
        let codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(
            codes,
            [
                "create",
                "view",
                "edit",
                "export",
                "print",
                "share",
                "revoke_share",
                "case_team_add",
                "case_team_remove",
                "refused",
                "withdraw",
                "erase",
                "erase_history",
                "retention_extended",
                "not_a_childs_name",
                "wipe_ordered"
            ]
        );
    }
}
