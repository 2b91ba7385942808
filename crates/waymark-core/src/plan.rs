//! The plan a context conference agrees (`domain.md` 3.7, 5.5): goals for the context, each with
//! actions owned by partner agencies and dated, a review date, and the reviews that continue,
//! change or close it. Like the conference, a plan describes the context (P10).
//!
//! Each goal and action is its own entry keyed by id, so partners changing different actions
//! never touch the same value; an action's status is one value, and when two people set it at
//! once both settings are kept and shown until someone chooses.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::conference::check_describes_the_context;
use crate::school::{optional_date, validate_date};
use crate::text::{at_most, required};
use crate::vocabulary::{ActionStatus, PartnerAgency, ReviewDecision};
use crate::workspace_settings::WorkspaceSettings;
use crate::{RecordId, ValidationError};

/// The most characters of a goal, an action or a note.
pub const TEXT_MAX_CHARS: usize = 4000;
/// The most characters of an owner's role or name.
pub const OWNER_MAX_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: RecordId,
    pub statement: String,
}

/// A note a partner adds when they update an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionUpdate {
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: RecordId,
    pub goal_id: Option<RecordId>,
    pub description: String,
    pub owner_agency: Option<PartnerAgency>,
    /// A role at a partner agency ("Parks manager"), or a member of the workspace.
    pub owner_role: String,
    pub owner_name: String,
    /// Year-month-day.
    pub due: Option<String>,
    pub status: ActionStatus,
    /// Statuses set at the same time on other devices, shown until someone chooses one.
    #[serde(default)]
    pub other_statuses: Vec<ActionStatus>,
    pub blocked_reason: String,
    /// The day it was marked done.
    pub done_on: Option<String>,
    pub updates: Vec<ActionUpdate>,
}

impl Action {
    /// Overdue: due before `today` (year-month-day) and not done.
    pub fn is_overdue(&self, today: &str) -> bool {
        is_overdue(self.due.as_deref(), self.status, today)
    }
}

/// An action as a partner agency sees it: one their agency owns, and the name of the place it
/// is for. A partner reader is given nothing else of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerAction {
    pub plan_id: RecordId,
    pub action_id: RecordId,
    /// The context's name, so that "Repair the lighting" says where.
    pub context_name: String,
    pub description: String,
    pub due: Option<String>,
    pub status: ActionStatus,
    /// Statuses set at the same time elsewhere, shown until someone chooses.
    #[serde(default)]
    pub other_statuses: Vec<ActionStatus>,
    #[serde(default)]
    pub blocked_reason: String,
    #[serde(default)]
    pub updates: Vec<ActionUpdate>,
}

impl PartnerAction {
    pub fn is_overdue(&self, today: &str) -> bool {
        is_overdue(self.due.as_deref(), self.status, today)
    }
}

/// A partner's change to one of their agency's actions: its status, and the note with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerActionUpdate {
    pub plan_id: RecordId,
    pub action_id: RecordId,
    pub change: StatusChange,
}

/// The rule for an overdue action, for anything that lists actions.
pub fn is_overdue(due: Option<&str>, status: ActionStatus, today: &str) -> bool {
    status != ActionStatus::Done && due.is_some_and(|due| due < today)
}

/// An action as the form sends one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionDraft {
    #[serde(default)]
    pub goal_id: Option<RecordId>,
    pub description: String,
    #[serde(default)]
    pub owner_agency: Option<String>,
    #[serde(default)]
    pub owner_role: String,
    #[serde(default)]
    pub owner_name: String,
    #[serde(default)]
    pub due: Option<String>,
}

/// An action's fields that passed the rules. Owner and due date may wait until the plan is
/// agreed; the plan is not agreed without them.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAction {
    pub goal_id: Option<RecordId>,
    pub description: String,
    pub owner_agency: Option<PartnerAgency>,
    pub owner_role: String,
    pub owner_name: String,
    pub due: Option<String>,
}

impl ActionDraft {
    pub fn validate(self) -> Result<ValidAction, ValidationError> {
        Ok(ValidAction {
            goal_id: self.goal_id,
            description: required(
                &self.description,
                "description",
                TEXT_MAX_CHARS,
                ValidationError::ActionDescriptionRequired,
            )?,
            owner_agency: self
                .owner_agency
                .filter(|code| !code.is_empty())
                .map(|code| PartnerAgency::from_code(&code))
                .transpose()?,
            owner_role: at_most(self.owner_role.trim().to_owned(), "owner", OWNER_MAX_CHARS)?,
            owner_name: at_most(self.owner_name.trim().to_owned(), "owner", OWNER_MAX_CHARS)?,
            due: optional_date(self.due)?,
        })
    }
}

/// A change of an action's status, with the note that goes with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: String,
    #[serde(default)]
    pub blocked_reason: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStatusChange {
    pub status: ActionStatus,
    pub blocked_reason: String,
    pub note: String,
}

impl StatusChange {
    pub fn validate(self) -> Result<ValidStatusChange, ValidationError> {
        let status = ActionStatus::from_code(&self.status)?;
        let blocked_reason = at_most(
            self.blocked_reason.trim().to_owned(),
            "blocked_reason",
            TEXT_MAX_CHARS,
        )?;
        if status == ActionStatus::Blocked && blocked_reason.is_empty() {
            return Err(ValidationError::BlockedReasonRequired);
        }
        Ok(ValidStatusChange {
            status,
            blocked_reason,
            note: at_most(self.note.trim().to_owned(), "note", TEXT_MAX_CHARS)?,
        })
    }
}

/// A review of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: RecordId,
    pub held_on: String,
    pub summary: String,
    pub decision: ReviewDecision,
    /// The next review, when the plan goes on.
    pub next_review: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewDraft {
    pub held_on: String,
    pub summary: String,
    pub decision: String,
    #[serde(default)]
    pub next_review: Option<String>,
}

impl ReviewDraft {
    pub fn validate(self) -> Result<ReviewDraft, ValidationError> {
        let decision = ReviewDecision::from_code(&self.decision)?;
        let next_review = optional_date(self.next_review)?;
        if decision != ReviewDecision::Close && next_review.is_none() {
            return Err(ValidationError::ReviewDateRequired);
        }
        Ok(ReviewDraft {
            held_on: validate_date(&self.held_on)?,
            summary: required(
                &self.summary,
                "summary",
                TEXT_MAX_CHARS,
                ValidationError::ReviewSummaryRequired,
            )?,
            decision: decision.code().to_owned(),
            next_review,
        })
    }
}

/// One change to a plan, made in place on its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum PlanEdit {
    AddGoal(String),
    EditGoal {
        goal: RecordId,
        statement: String,
    },
    AddAction(ActionDraft),
    EditAction {
        action: RecordId,
        draft: ActionDraft,
    },
    RemoveAction(RecordId),
    ReviewDate(String),
    YoungPeopleVoice(String),
}

/// A plan as it is read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: RecordId,
    pub context_id: RecordId,
    pub conference_id: Option<RecordId>,
    pub goals: Vec<Goal>,
    pub actions: Vec<Action>,
    pub young_people_voice: String,
    pub review_date: Option<String>,
    pub reviews: Vec<Review>,
    /// Agreed at the conference, or later by its lead.
    pub agreed: bool,
    pub closed: bool,
    #[serde(default)]
    pub not_childs_names: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Plan {
    /// The prose P3 and P10 read.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> + Clone {
        self.goals
            .iter()
            .map(|goal| goal.statement.as_str())
            .chain(self.actions.iter().flat_map(|action| {
                [action.description.as_str(), action.blocked_reason.as_str()]
                    .into_iter()
                    .chain(action.updates.iter().map(|u| u.note.as_str()))
            }))
            .chain(std::iter::once(self.young_people_voice.as_str()))
            .chain(self.reviews.iter().map(|r| r.summary.as_str()))
    }

    /// Whether it may be agreed: every action owned by an agency and dated, a review date, and
    /// nothing that names a child.
    pub fn check_agreeable(&self, settings: &WorkspaceSettings) -> Result<(), ValidationError> {
        if let Some(action) = self
            .actions
            .iter()
            .find(|a| a.owner_agency.is_none() || a.due.is_none())
        {
            return Err(ValidationError::ActionIncomplete {
                action: action.description.clone(),
            });
        }
        if self.review_date.is_none() {
            return Err(ValidationError::ReviewDateRequired);
        }
        check_describes_the_context(self.free_texts(), &self.not_childs_names, settings)
    }

    pub fn overdue_actions(&self, today: &str) -> usize {
        self.actions.iter().filter(|a| a.is_overdue(today)).count()
    }
}

/// A goal's statement as it may be kept.
pub fn check_goal(statement: &str) -> Result<String, ValidationError> {
    required(
        statement,
        "goals",
        TEXT_MAX_CHARS,
        ValidationError::GoalRequired,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> RecordId {
        RecordId::new(uuid::Uuid::from_u128(
            n | 0x0000_0000_0000_7000_8000_0000_0000_0000,
        ))
        .expect("id")
    }

    fn action(description: &str, agency: Option<PartnerAgency>, due: Option<&str>) -> Action {
        Action {
            id: id(10),
            goal_id: None,
            description: description.into(),
            owner_agency: agency,
            owner_role: "Lighting engineer".into(),
            owner_name: String::new(),
            due: due.map(str::to_owned),
            status: ActionStatus::NotStarted,
            other_statuses: Vec::new(),
            blocked_reason: String::new(),
            done_on: None,
            updates: Vec::new(),
        }
    }

    fn plan(actions: Vec<Action>) -> Plan {
        Plan {
            id: id(1),
            context_id: id(2),
            conference_id: None,
            goals: vec![Goal {
                id: id(3),
                statement: "The park is well lit after dark.".into(),
            }],
            actions,
            young_people_voice: String::new(),
            review_date: Some("2027-02-01".into()),
            reviews: Vec::new(),
            agreed: false,
            closed: false,
            not_childs_names: Vec::new(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn an_action_without_an_owner_agency_or_a_due_date_stops_the_plan_being_agreed() {
        let settings = WorkspaceSettings::default();
        let no_owner = plan(vec![action("Fix the lights", None, Some("2026-12-20"))]);
        assert_eq!(
            no_owner.check_agreeable(&settings),
            Err(ValidationError::ActionIncomplete {
                action: "Fix the lights".into()
            })
        );
        let no_due = plan(vec![action(
            "Fix the lights",
            Some(PartnerAgency::PlanningHighwaysLighting),
            None,
        )]);
        assert!(no_due.check_agreeable(&settings).is_err());
        let complete = plan(vec![action(
            "Fix the lights",
            Some(PartnerAgency::PlanningHighwaysLighting),
            Some("2026-12-20"),
        )]);
        assert_eq!(complete.check_agreeable(&settings), Ok(()));
        let mut no_review = complete;
        no_review.review_date = None;
        assert_eq!(
            no_review.check_agreeable(&settings),
            Err(ValidationError::ReviewDateRequired)
        );
    }

    #[test]
    fn a_case_reference_in_an_action_stops_the_plan_being_agreed() {
        let with_ref = plan(vec![action(
            "Visit CS-10234 at home",
            Some(PartnerAgency::ChildrensSocialCare),
            Some("2026-12-20"),
        )]);
        assert_eq!(
            with_ref.check_agreeable(&WorkspaceSettings::default()),
            Err(ValidationError::CaseRefInText {
                found: "CS-10234".into()
            })
        );
    }

    #[test]
    fn an_action_is_overdue_after_its_due_date_until_it_is_done() {
        let mut lights = action(
            "Fix the lights",
            Some(PartnerAgency::Parks),
            Some("2026-12-01"),
        );
        assert!(!lights.is_overdue("2026-12-01"));
        assert!(lights.is_overdue("2026-12-02"));
        lights.status = ActionStatus::Blocked;
        assert!(lights.is_overdue("2026-12-02"));
        lights.status = ActionStatus::Done;
        assert!(!lights.is_overdue("2027-01-01"));
        let undated = action("Talk to the café", None, None);
        assert!(!undated.is_overdue("2030-01-01"));
    }

    #[test]
    fn blocked_needs_a_reason_and_a_review_that_goes_on_needs_its_next_date() {
        assert_eq!(
            StatusChange {
                status: "blocked".into(),
                ..StatusChange::default()
            }
            .validate(),
            Err(ValidationError::BlockedReasonRequired)
        );
        assert!(StatusChange {
            status: "blocked".into(),
            blocked_reason: "Waiting for the budget.".into(),
            ..StatusChange::default()
        }
        .validate()
        .is_ok());
        let review = ReviewDraft {
            held_on: "2027-02-01".into(),
            summary: "Lighting fixed; fewer concerns seen.".into(),
            decision: "continue".into(),
            next_review: None,
        };
        assert_eq!(
            review.clone().validate(),
            Err(ValidationError::ReviewDateRequired)
        );
        assert!(ReviewDraft {
            decision: "close".into(),
            ..review
        }
        .validate()
        .is_ok());
    }
}
