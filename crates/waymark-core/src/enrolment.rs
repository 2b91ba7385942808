//! Enrolling a device that already syncs with a workspace. Records about children never move to
//! another server or workspace because a code was typed: if they would, the practitioner is
//! asked first, in words that say where they are and where they would go.

use crate::CommandError;

/// Where a device syncs: the server's address and the workspace its records go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledWith {
    pub server: String,
    pub workspace: String,
}

/// What a new enrolment may do at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolmentChange {
    /// A first enrolment, the same workspace again, or nothing here to move: go ahead.
    Activate,
    /// The records held here would go to another server or workspace: ask first.
    AskFirst(CommandError),
}

/// The code of the question, so the UI knows to offer the two answers.
pub const RECORDS_WOULD_MOVE: &str = "records_would_move";

fn named(workspace: &str) -> String {
    if workspace.is_empty() {
        "your current workspace".to_owned()
    } else {
        format!("\u{201c}{workspace}\u{201d}")
    }
}

/// Whether enrolling with `new` may go ahead, for a device enrolled with `current` and holding
/// `records` records.
pub fn enrolment_change(
    current: Option<&EnrolledWith>,
    new: &EnrolledWith,
    records: usize,
) -> EnrolmentChange {
    match current {
        Some(current) if current != new && records > 0 => {
            let count = if records == 1 {
                "1 record".to_owned()
            } else {
                format!("{records} records")
            };
            EnrolmentChange::AskFirst(CommandError::new(
                RECORDS_WOULD_MOVE,
                format!(
                    "This device holds {count} from {} at {}. Enrolling with {} at {} would send \
                     them there as well. Send them only if that team should have them; otherwise \
                     keep the current enrolment.",
                    named(&current.workspace),
                    current.server,
                    named(&new.workspace),
                    new.server
                ),
            ))
        }
        _ => EnrolmentChange::Activate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(server: &str, workspace: &str) -> EnrolledWith {
        EnrolledWith {
            server: server.to_owned(),
            workspace: workspace.to_owned(),
        }
    }

    #[test]
    fn records_never_move_to_another_workspace_without_asking() {
        let north = at("https://sync.example.org", "Northside team");
        let east = at("https://sync.example.org", "Eastside team");
        let elsewhere = at("https://other.example.org", "Northside team");
        assert_eq!(
            enrolment_change(None, &north, 12),
            EnrolmentChange::Activate
        );
        assert_eq!(
            enrolment_change(Some(&north), &north, 12),
            EnrolmentChange::Activate
        );
        assert_eq!(
            enrolment_change(Some(&north), &east, 0),
            EnrolmentChange::Activate
        );
        for other in [&east, &elsewhere] {
            let EnrolmentChange::AskFirst(question) = enrolment_change(Some(&north), other, 12)
            else {
                panic!("asked nothing");
            };
            assert_eq!(question.code, RECORDS_WOULD_MOVE);
            assert!(
                question.message.starts_with(
                    "This device holds 12 records from \u{201c}Northside team\u{201d} at https://sync.example.org."
                ),
                "{}",
                question.message
            );
        }
    }
}
