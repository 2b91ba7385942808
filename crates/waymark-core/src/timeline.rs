//! A context's timeline (`domain.md` 5.5): every step of its journey in order, from the referral
//! through screening, the assessments and the conference to the plan and its reviews. It is where
//! a practitioner starts with a context.

use serde::{Deserialize, Serialize};

use crate::vocabulary::AssessmentKind;
use crate::{RecordId, RecordKind};

/// What happened at one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Referral,
    Screening,
    Walkabout,
    PeerAssessment,
    SchoolAssessment,
    Conference,
    Plan,
    ActionDone,
    Review,
}

impl Step {
    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for Step {
    const VOCABULARY: &'static str = "timeline-step";

    fn stored_code(self) -> &'static str {
        match self {
            Self::Referral => "referral",
            Self::Screening => "screening",
            Self::Walkabout => "walkabout",
            Self::PeerAssessment => "peer_assessment",
            Self::SchoolAssessment => "school_assessment",
            Self::Conference => "conference",
            Self::Plan => "plan",
            Self::ActionDone => "action_done",
            Self::Review => "review",
        }
    }
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The day it happened, year-month-day.
    pub on: String,
    pub step: Step,
    /// What happened, in a line.
    pub summary: String,
    /// The record to open for it.
    pub record: RecordId,
    pub record_kind: RecordKind,
}

/// An assessment screening chose, and whether it has been started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentTask {
    pub kind: AssessmentKind,
    pub lead_worker: String,
    pub due: Option<String>,
    pub started: bool,
}

/// Everything the timeline page shows for a context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub context_id: RecordId,
    pub entries: Vec<TimelineEntry>,
    pub tasks: Vec<AssessmentTask>,
    /// The referrals, conferences and plans of the context, newest last, to open from the page.
    pub referral_ids: Vec<RecordId>,
    pub conference_ids: Vec<RecordId>,
    pub plan_ids: Vec<RecordId>,
    pub overdue_actions: u32,
}

/// Puts entries in the order they happened; on one day, in the journey's order.
pub fn in_order(entries: &mut [TimelineEntry]) {
    entries.sort_by(|a, b| (&a.on, a.step).cmp(&(&b.on, b.step)));
}
