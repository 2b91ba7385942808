//! A context's timeline (`domain.md` 5.5): every step of its journey in order, from the referral
//! through screening, the assessments and the conference to the plan and its reviews. It is where
//! a practitioner starts with a context.

use serde::{Deserialize, Serialize};

use waymark_i18n::{Arg, Messages};

use crate::vocabulary::{
    AssessmentKind, ConferenceDecision, PartnerAgency, ReviewDecision, ScreeningDecision, Urgency,
};
use crate::{RecordId, RecordKind, WalkaboutState};

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
    /// What happened, worded in a line by [`Happened::line_in`].
    pub summary: Happened,
    /// The record to open for it.
    pub record: RecordId,
    pub record_kind: RecordKind,
}

/// What happened at a step, for its line on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Happened {
    /// By whom: the referrer's role, and their agency where it is known.
    Referred {
        referrer: String,
        agency: Option<PartnerAgency>,
        urgency: Option<Urgency>,
    },
    Screened {
        decision: Option<ScreeningDecision>,
    },
    Walkabout {
        purpose: String,
        state: Option<WalkaboutState>,
    },
    SchoolAssessment {
        completed: bool,
    },
    PeerAssessment,
    /// Held, with its decision; or only arranged when `decision` is `None`.
    Conference {
        decision: Option<ConferenceDecision>,
    },
    Plan {
        agreed: bool,
    },
    ActionDone {
        description: String,
    },
    Reviewed {
        decision: Option<ReviewDecision>,
    },
}

impl Happened {
    /// The line, in the language of `words`.
    pub fn line_in(&self, words: &Messages) -> String {
        let label = |value: Option<String>| value.unwrap_or_default();
        match self {
            Self::Referred {
                referrer,
                agency,
                urgency,
            } => {
                let referrer = match agency {
                    Some(agency) => crate::directory::described_in(words, referrer, Some(*agency)),
                    None => referrer.clone(),
                };
                words.format(
                    "timeline-referred-by",
                    &[
                        ("referrer", Arg::from(&referrer)),
                        (
                            "urgency",
                            Arg::from(&label(urgency.map(|u| words.label(u)))),
                        ),
                    ],
                )
            }
            Self::Screened { decision } => words.format(
                "timeline-screened",
                &[(
                    "decision",
                    Arg::from(&label(decision.map(|d| words.label(d)))),
                )],
            ),
            Self::Walkabout { purpose, state } => words.format(
                "timeline-walkabout",
                &[
                    ("purpose", Arg::from(purpose)),
                    ("state", Arg::from(&label(state.map(|s| words.label(s))))),
                ],
            ),
            Self::SchoolAssessment { completed: true } => {
                words.text("timeline-school-assessment-completed")
            }
            Self::SchoolAssessment { completed: false } => {
                words.text("timeline-school-assessment-in-progress")
            }
            Self::PeerAssessment => words.text("timeline-peer-assessment"),
            Self::Conference {
                decision: Some(decision),
            } => words.format(
                "timeline-conference-held",
                &[("decision", Arg::from(&words.label(*decision)))],
            ),
            Self::Conference { decision: None } => words.text("timeline-conference-arranged"),
            Self::Plan { agreed: true } => words.text("timeline-plan-agreed"),
            Self::Plan { agreed: false } => words.text("timeline-plan-started"),
            Self::ActionDone { description } => description.clone(),
            Self::Reviewed { decision } => label(decision.map(|d| words.label(d))),
        }
    }
}

/// In English, for logs and tests.
impl std::fmt::Display for Happened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line_in(waymark_i18n::english()))
    }
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
