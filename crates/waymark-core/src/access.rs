//! Who may do what in a workspace (privacy rule P6). The server holds each member's role and
//! enforces it; a device cannot widen it by editing a document.

use serde::{Deserialize, Serialize};

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
        match self {
            WorkspaceRole::Practitioner => "Practitioner",
            WorkspaceRole::Manager => "Manager",
            WorkspaceRole::PartnerReader => "Partner reader",
        }
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
}
