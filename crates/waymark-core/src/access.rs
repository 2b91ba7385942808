//! Who may do what in a workspace, and who may see each record (privacy rules P6 to P8). The
//! server holds each member's role, each record's case team and each sharing decision, and
//! enforces them; a device cannot widen them by editing a document.

use serde::{Deserialize, Serialize};

use crate::text;
use crate::vocabulary::{LegalBasis, PartnerAgency};
use crate::{RecordId, UnixMillis, ValidationError};

/// A member's role in one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkspaceRole {
    /// Records and edits the team's records.
    Practitioner,
    /// A practitioner who also screens, signs off, erases and reads the audit log.
    Manager,
    /// Someone of a partner agency: sees only what a sharing decision gives them, and edits
    /// nothing.
    PartnerReader,
}

impl WorkspaceRole {
    pub const ALL: &'static [WorkspaceRole] = &[
        WorkspaceRole::Practitioner,
        WorkspaceRole::Manager,
        WorkspaceRole::PartnerReader,
    ];

    /// How the role is stored and typed in the admin CLI; never changed once released.
    pub fn code(self) -> &'static str {
        match self {
            WorkspaceRole::Practitioner => "practitioner",
            WorkspaceRole::Manager => "manager",
            WorkspaceRole::PartnerReader => "partner_reader",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|role| role.code() == code)
    }

    /// Whether the member sees the team's records (every record of the workspace that is not
    /// restricted further) and may change them.
    pub fn works_on_team_records(self) -> bool {
        matches!(self, WorkspaceRole::Practitioner | WorkspaceRole::Manager)
    }
}

impl waymark_i18n::Labelled for WorkspaceRole {
    const VOCABULARY: &'static str = "workspace-role";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// A manager's change to their workspace's people, made in the app: someone added, or their
/// role changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChange {
    pub user: String,
    /// Recorded for someone new to the server; an existing person keeps theirs.
    #[serde(default)]
    pub agency: Option<PartnerAgency>,
    pub role: WorkspaceRole,
}

/// A manager asks, from the app, for a one-time enrolment code for a device of someone in their
/// workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEnrolment {
    pub user: String,
}

/// The code the server made for a new device: shown once, to be typed into that device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    /// The new device's id, as the devices list names it.
    pub device: String,
    pub user: String,
    pub code: String,
    pub expires_in_hours: u32,
}

/// A manager cuts off a device of someone in their workspace; `wipe`, for a lost or stolen one,
/// also has it erase itself at its next contact (privacy rule P17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRevocation {
    pub device: String,
    #[serde(default)]
    pub wipe: bool,
}

/// A device of someone in the workspace, as a manager sees it listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceDevice {
    pub id: String,
    pub user: String,
    /// "enrolled", "waiting for its code", "revoked" or "revoked, wipe ordered".
    pub state: String,
    /// The device the manager is using: it cannot be revoked from itself.
    #[serde(default)]
    pub yours: bool,
}

/// The most characters a sharing decision's purpose or consent reason may have.
pub const SHARING_TEXT_MAX_CHARS: usize = 1_000;

/// Whether the people a record is about agreed to it being shared (domain section 3.10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Consent {
    Obtained,
    /// Not sought, and why (asking would put a young person at risk, say).
    NotSought {
        reason: String,
    },
    /// Sought and refused, or withdrawn, and shared anyway: why.
    Overridden {
        reason: String,
    },
}

impl Consent {
    /// How the status is stored; never changed once released.
    pub fn code(&self) -> &'static str {
        match self {
            Consent::Obtained => "obtained",
            Consent::NotSought { .. } => "not_sought",
            Consent::Overridden { .. } => "overridden",
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Consent::Obtained => None,
            Consent::NotSought { reason } | Consent::Overridden { reason } => Some(reason),
        }
    }

    /// The consent a stored status and reason describe, or `None` for a status this version
    /// does not know.
    pub fn from_stored(code: &str, reason: Option<String>) -> Option<Self> {
        let reason = reason.unwrap_or_default();
        match code {
            "obtained" => Some(Consent::Obtained),
            "not_sought" => Some(Consent::NotSought { reason }),
            "overridden" => Some(Consent::Overridden { reason }),
            _ => None,
        }
    }
}

/// A manager's revocation of a sharing decision, by its number, as the app sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRevocation {
    pub decision: i64,
}

/// A manager's decision to share records with a partner agency (privacy rule P7), as they
/// record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingDecisionDraft {
    pub record_ids: Vec<RecordId>,
    pub recipient_agency: PartnerAgency,
    pub purpose: String,
    pub legal_basis: LegalBasis,
    pub consent: Consent,
    /// When the share ends by itself; `None` until it is revoked.
    #[serde(default)]
    pub expires_at: Option<UnixMillis>,
}

impl SharingDecisionDraft {
    /// The decision as it may be recorded at `decided_at`: at least one record, each once, a
    /// purpose, a reason wherever consent was not obtained, and an end after the decision.
    pub fn validate(mut self, decided_at: UnixMillis) -> Result<Self, ValidationError> {
        self.record_ids.sort_unstable();
        self.record_ids.dedup();
        if self.record_ids.is_empty() {
            return Err(ValidationError::NothingShared);
        }
        self.purpose = text::required(
            &self.purpose,
            "purpose",
            SHARING_TEXT_MAX_CHARS,
            ValidationError::SharingPurposeRequired,
        )?;
        self.consent = match self.consent {
            Consent::Obtained => Consent::Obtained,
            Consent::NotSought { reason } => Consent::NotSought {
                reason: consent_reason(&reason)?,
            },
            Consent::Overridden { reason } => Consent::Overridden {
                reason: consent_reason(&reason)?,
            },
        };
        if self.expires_at.is_some_and(|end| end <= decided_at) {
            return Err(ValidationError::ShareExpiresBeforeDecided);
        }
        Ok(self)
    }
}

fn consent_reason(reason: &str) -> Result<String, ValidationError> {
    text::required(
        reason,
        "consent",
        SHARING_TEXT_MAX_CHARS,
        ValidationError::ConsentReasonRequired,
    )
}

/// A recorded sharing decision, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingDecision {
    /// The decision's number, quoted on whatever is shared under it (privacy rule P15).
    pub id: i64,
    pub decision: SharingDecisionDraft,
    pub decided_by: String,
    pub decided_at: UnixMillis,
    pub revoked: Option<Revocation>,
}

impl SharingDecision {
    /// Whether the decision still lets its agency see the records at `now`.
    pub fn in_force(&self, now: UnixMillis) -> bool {
        self.revoked.is_none() && self.decision.expires_at.is_none_or(|end| now < end)
    }
}

/// Who ended a sharing decision, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub by: String,
    pub at: UnixMillis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_code() {
        for &role in WorkspaceRole::ALL {
            assert_eq!(WorkspaceRole::from_code(role.code()), Some(role));
        }
        assert_eq!(WorkspaceRole::from_code("admin"), None);
    }

    #[test]
    fn a_partner_reader_neither_sees_nor_edits_the_teams_records() {
        assert!(WorkspaceRole::Practitioner.works_on_team_records());
        assert!(WorkspaceRole::Manager.works_on_team_records());
        assert!(!WorkspaceRole::PartnerReader.works_on_team_records());
    }

    fn record(n: u8) -> RecordId {
        format!("0190ab12-3456-7890-abcd-ef012345678{n}")
            .parse()
            .expect("a record id")
    }

    fn draft() -> SharingDecisionDraft {
        SharingDecisionDraft {
            record_ids: vec![record(2), record(1), record(2)],
            recipient_agency: PartnerAgency::School,
            purpose: "  So the DSL can plan supervision of the back gate.  ".to_owned(),
            legal_basis: LegalBasis::EducationAct2002S175,
            consent: Consent::Obtained,
            expires_at: None,
        }
    }

    #[test]
    fn a_decision_names_each_record_once_and_its_purpose_trimmed() {
        let valid = draft().validate(UnixMillis::new(1_000)).expect("valid");
        assert_eq!(valid.record_ids, vec![record(1), record(2)]);
        assert_eq!(
            valid.purpose,
            "So the DSL can plan supervision of the back gate."
        );
    }

    #[test]
    fn a_decision_without_records_purpose_or_a_reason_for_consent_is_refused() {
        let now = UnixMillis::new(1_000);
        let nothing = SharingDecisionDraft {
            record_ids: Vec::new(),
            ..draft()
        };
        assert_eq!(nothing.validate(now), Err(ValidationError::NothingShared));
        let no_purpose = SharingDecisionDraft {
            purpose: "   ".to_owned(),
            ..draft()
        };
        assert_eq!(
            no_purpose.validate(now),
            Err(ValidationError::SharingPurposeRequired)
        );
        let overridden = SharingDecisionDraft {
            consent: Consent::Overridden {
                reason: " ".to_owned(),
            },
            ..draft()
        };
        assert_eq!(
            overridden.validate(now),
            Err(ValidationError::ConsentReasonRequired)
        );
        let ended = SharingDecisionDraft {
            expires_at: Some(now),
            ..draft()
        };
        assert_eq!(
            ended.validate(now),
            Err(ValidationError::ShareExpiresBeforeDecided)
        );
    }

    #[test]
    fn a_decision_is_in_force_until_it_expires_or_is_revoked() {
        let decided_at = UnixMillis::new(1_000);
        let mut decision = SharingDecision {
            id: 1,
            decision: SharingDecisionDraft {
                expires_at: Some(UnixMillis::new(5_000)),
                ..draft()
            }
            .validate(decided_at)
            .expect("valid"),
            decided_by: "manager.m".to_owned(),
            decided_at,
            revoked: None,
        };
        assert!(decision.in_force(UnixMillis::new(4_999)));
        assert!(!decision.in_force(UnixMillis::new(5_000)));
        decision.revoked = Some(Revocation {
            by: "manager.m".to_owned(),
            at: UnixMillis::new(2_000),
        });
        assert!(!decision.in_force(UnixMillis::new(3_000)));
    }

    #[test]
    fn consent_reads_back_from_what_is_stored() {
        for consent in [
            Consent::Obtained,
            Consent::NotSought {
                reason: "Asking would alert the adults involved.".to_owned(),
            },
            Consent::Overridden {
                reason: "Risk of significant harm.".to_owned(),
            },
        ] {
            let stored = Consent::from_stored(consent.code(), consent.reason().map(str::to_owned));
            assert_eq!(stored, Some(consent));
        }
        assert_eq!(Consent::from_stored("implied", None), None);
    }
}
