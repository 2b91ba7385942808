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

/// The workspace by its name in quotes, or, where the device never learnt it, in words.
fn named(workspace: &str) -> String {
    if workspace.is_empty() {
        waymark_i18n::english().text("enrolment-your-current-workspace")
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
            let args = vec![
                ("count", records.to_string()),
                ("from", named(&current.workspace)),
                ("from_server", current.server.clone()),
                ("to", named(&new.workspace)),
                ("to_server", new.server.clone()),
            ];
            let mut question = CommandError::new(
                RECORDS_WOULD_MOVE,
                waymark_i18n::english().error(RECORDS_WOULD_MOVE, &args),
            );
            question.args = args
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
            EnrolmentChange::AskFirst(question)
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
