//! School assessments (`domain.md` 3.5, 5.4): agreed with the designated safeguarding lead, worked
//! on over weeks by several colleagues, each owning components, and summed up as a RAG rating per
//! area with the reasons behind it.

use serde::{Deserialize, Serialize};

use crate::text::{at_most, required};
use crate::vocabulary::{ConcernType, ObservationCategory, PartnerAgency, Rag, SchoolSlot};
use crate::walkabout::RemovedObservation;
use crate::{ObservationDraft, RecordId, ValidationError};

/// The designated safeguarding lead: an adult professional, so named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dsl {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub contact: String,
}

/// A date as practitioners type it: year-month-day.
pub fn validate_date(date: &str) -> Result<String, ValidationError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.trim(), &format)
        .map(|_| date.trim().to_owned())
        .map_err(|_| ValidationError::InvalidDate)
}

/// A date that may be left empty: empty or missing reads as none.
pub fn optional_date(date: Option<String>) -> Result<Option<String>, ValidationError> {
    date.filter(|d| !d.trim().is_empty())
        .map(|d| validate_date(&d))
        .transpose()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolAssessmentDraft {
    pub school_context_id: RecordId,
    pub dsl: Dsl,
    pub agreed_on: String,
    #[serde(default)]
    pub scope: Vec<ConcernType>,
}

impl SchoolAssessmentDraft {
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        self.dsl = Dsl {
            name: required(&self.dsl.name, "dsl", 120, ValidationError::DslRequired)?,
            role: required(&self.dsl.role, "dsl", 120, ValidationError::DslRequired)?,
            contact: at_most(self.dsl.contact.trim().to_owned(), "dsl", 200)?,
        };
        self.agreed_on = validate_date(&self.agreed_on)?;
        self.scope.sort();
        self.scope.dedup();
        Ok(self)
    }
}

/// The parts of a school assessment, each owned by someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    StudentSurvey,
    StaffSurvey,
    FocusGroups,
    Observations,
    Hotspots,
    PolicyReview,
    ParentSurvey,
    BehaviourLogReview,
}

impl ComponentKind {
    /// In the order the page shows them.
    pub const ALL: [Self; 8] = [
        Self::StudentSurvey,
        Self::StaffSurvey,
        Self::ParentSurvey,
        Self::FocusGroups,
        Self::Observations,
        Self::Hotspots,
        Self::BehaviourLogReview,
        Self::PolicyReview,
    ];

    /// Kinds added after school assessments were first kept, which older documents have no map
    /// for. The store keeps their parts as flat keys in the components map instead of making a
    /// map per kind on first use: two devices that each made that map offline would keep only
    /// one of the two after a merge.
    pub fn added_later(self) -> bool {
        matches!(self, Self::ParentSurvey | Self::BehaviourLogReview)
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::StudentSurvey => "student_survey",
            Self::StaffSurvey => "staff_survey",
            Self::FocusGroups => "focus_groups",
            Self::Observations => "observations",
            Self::Hotspots => "hotspots",
            Self::PolicyReview => "policy_review",
            Self::ParentSurvey => "parent_survey",
            Self::BehaviourLogReview => "behaviour_log_review",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for ComponentKind {
    const VOCABULARY: &'static str = "component-kind";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    NotStarted,
    InProgress,
    Done,
    NotUsed,
}

impl ComponentStatus {
    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    /// Still someone's work to do.
    pub fn is_open(self) -> bool {
        matches!(self, Self::NotStarted | Self::InProgress)
    }
}

impl waymark_i18n::Labelled for ComponentStatus {
    const VOCABULARY: &'static str = "component-status";

    fn stored_code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::NotUsed => "not_used",
        }
    }
}

/// Who does a component, how far it has got, and by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub owner: String,
    pub status: ComponentStatus,
    #[serde(default)]
    pub due: Option<String>,
}

impl Assignment {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            owner: at_most(self.owner.trim().to_owned(), "owner", 120)?,
            due: optional_date(self.due)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HotspotSource {
    Students,
    Staff,
    Observation,
    /// Older apps cannot read this source and leave such a hotspot out of their list until
    /// they are updated; they keep it in the document all the same.
    Parents,
}

impl HotspotSource {
    pub const ALL: &'static [Self] = &[
        Self::Students,
        Self::Staff,
        Self::Parents,
        Self::Observation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Students => "students",
            Self::Staff => "staff",
            Self::Observation => "observation",
            Self::Parents => "parents",
        }
    }

    /// Who said so, as the hotspot list reads it.
    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|source| source.code() == code)
    }
}

impl waymark_i18n::Labelled for HotspotSource {
    const VOCABULARY: &'static str = "hotspot-source";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// A place on the site plan where students feel unsafe or harm is seen. The position is a fraction
/// of the image's width and height, so it lands on the same spot on any screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotspot {
    pub x: f64,
    pub y: f64,
    pub category: ObservationCategory,
    pub time_slot: SchoolSlot,
    pub source: HotspotSource,
    #[serde(default)]
    pub note: String,
}

impl Hotspot {
    pub fn validate(self) -> Result<Self, ValidationError> {
        let on_plan = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        if !(on_plan(self.x) && on_plan(self.y)) {
            return Err(ValidationError::HotspotOutsidePlan);
        }
        Ok(Self {
            note: at_most(self.note, "note", 2000)?,
            ..self
        })
    }
}

/// A day the team spent at the school, and what they did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolVisit {
    pub date: String,
    /// Who went, as the team names themselves.
    pub by: String,
    pub activities: String,
}

impl SchoolVisit {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            date: validate_date(&self.date)?,
            by: required(&self.by, "visit", 200, ValidationError::VisitByRequired)?,
            activities: at_most(self.activities.trim().to_owned(), "visit", 2000)?,
        })
    }
}

/// A recommendation addressed to the agency that is to act on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolRecommendation {
    pub for_agency: PartnerAgency,
    pub text: String,
}

impl SchoolRecommendation {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            text: required(
                &self.text,
                "recommendation",
                2000,
                ValidationError::RecommendationRequired,
            )?,
            ..self
        })
    }
}

/// An observation made at the school at a set time of the school day (break, lunch, home time),
/// captured as a walkabout's observations are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolObservation {
    pub time_slot: SchoolSlot,
    pub detail: ObservationDraft,
}

impl SchoolObservation {
    pub fn validate(self, now: time::OffsetDateTime) -> Result<Self, ValidationError> {
        Ok(Self {
            detail: self.detail.validate(now)?,
            ..self
        })
    }
}

/// The areas rated in the summary, by default those of Beyond Referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RagArea {
    StructuresAndSystems,
    Prevention,
    Identification,
    ResponseAndIntervention,
}

impl RagArea {
    pub const ALL: [Self; 4] = [
        Self::StructuresAndSystems,
        Self::Prevention,
        Self::Identification,
        Self::ResponseAndIntervention,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::StructuresAndSystems => "structures_and_systems",
            Self::Prevention => "prevention",
            Self::Identification => "identification",
            Self::ResponseAndIntervention => "response_and_intervention",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for RagArea {
    const VOCABULARY: &'static str = "rag-area";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RagRating {
    pub rag: Rag,
    pub reason: String,
}

impl RagRating {
    /// A rating may be saved while its reason is being written; see [`check_rag_summary`].
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            reason: at_most(self.reason, "rag_summary", 4000)?,
            ..self
        })
    }
}

/// One rater's proposed rating of one area. Each rater keeps their own, so two people who rate
/// the same area offline both see the other's after sync; the lead then records the agreed
/// rating in the summary, seeing every proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RagProposal {
    pub area: RagArea,
    /// The rater, as the device names its person.
    pub author: String,
    pub rating: RagRating,
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// To complete, every area has a rating and every rating a reason.
pub fn check_rag_summary(summary: &[(RagArea, RagRating)]) -> Result<(), ValidationError> {
    if summary
        .iter()
        .any(|(_, rating)| rating.reason.trim().is_empty())
    {
        return Err(ValidationError::RagReasonRequired);
    }
    let rated = |area| summary.iter().any(|(a, _)| *a == area);
    if !RagArea::ALL.into_iter().all(rated) {
        return Err(ValidationError::RagSummaryIncomplete);
    }
    Ok(())
}

/// One component as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub kind: ComponentKind,
    pub assignment: Option<Assignment>,
    pub summary: String,
}

/// A school assessment as read back from the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolAssessment {
    pub id: RecordId,
    #[serde(flatten)]
    pub agreed: SchoolAssessmentDraft,
    /// One per kind, in the order of [`ComponentKind::ALL`].
    pub components: Vec<Component>,
    /// By id, in the order they were placed.
    pub hotspots: Vec<(RecordId, Hotspot)>,
    /// SHA-256 of the site plan image, stored as an attachment.
    pub site_plan: Option<String>,
    pub rag_summary: Vec<(RagArea, RagRating)>,
    /// Every rater's proposal, by area, then author.
    #[serde(default)]
    pub rag_proposals: Vec<RagProposal>,
    /// The recommendations in general, as prose.
    pub recommendations: String,
    /// Recommendations each addressed to an agency, in the order they were written.
    #[serde(default)]
    pub agency_recommendations: Vec<(RecordId, SchoolRecommendation)>,
    /// The days spent at the school, by date.
    #[serde(default)]
    pub visits: Vec<(RecordId, SchoolVisit)>,
    /// Observations at set times of the school day, by when they were made.
    #[serde(default)]
    pub observations: Vec<(RecordId, SchoolObservation)>,
    /// Observations taken out of the list, with why; what they said stays in the history.
    #[serde(default)]
    pub removed_observations: Vec<RemovedObservation>,
    pub completed: bool,
    /// Words the name check flagged that someone confirmed are not a child's name (P3),
    /// lower-cased.
    #[serde(default)]
    pub not_childs_names: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
}

impl SchoolAssessment {
    /// The attachments this assessment names: its site plan and its observations' photos.
    pub fn attachments(&self) -> Vec<&str> {
        self.site_plan
            .as_deref()
            .into_iter()
            .chain(
                self.observations
                    .iter()
                    .flat_map(|(_, o)| o.detail.photos.iter().map(String::as_str)),
            )
            .collect()
    }

    pub fn has_observation(&self, observation: RecordId) -> bool {
        self.observations.iter().any(|(id, _)| *id == observation)
    }

    /// Everything written in prose, for the name check (P3): the components' summaries, the
    /// hotspots' notes, the ratings' reasons and the recommendations.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> {
        self.components
            .iter()
            .map(|component| component.summary.as_str())
            .chain(
                self.hotspots
                    .iter()
                    .map(|(_, hotspot)| hotspot.note.as_str()),
            )
            .chain(
                self.rag_summary
                    .iter()
                    .map(|(_, rating)| rating.reason.as_str()),
            )
            .chain(
                self.rag_proposals
                    .iter()
                    .map(|proposal| proposal.rating.reason.as_str()),
            )
            .chain(std::iter::once(self.recommendations.as_str()))
            .chain(
                self.agency_recommendations
                    .iter()
                    .map(|(_, recommendation)| recommendation.text.as_str()),
            )
            .chain(
                self.visits
                    .iter()
                    .map(|(_, visit)| visit.activities.as_str()),
            )
            .chain(
                self.observations
                    .iter()
                    .map(|(_, o)| o.detail.note.as_str()),
            )
            .chain(
                self.removed_observations
                    .iter()
                    .map(|removed| removed.reason.as_str()),
            )
    }
}

/// A component that is someone's work, for "what is assigned to me".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignedComponent {
    pub assessment_id: RecordId,
    pub kind: ComponentKind,
    pub owner: String,
    pub status: ComponentStatus,
    pub due: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Rag;

    fn draft() -> SchoolAssessmentDraft {
        SchoolAssessmentDraft {
            school_context_id: "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f01".parse().expect("id"),
            dsl: Dsl {
                name: "K. Mensah".into(),
                role: "Deputy head, DSL".into(),
                contact: String::new(),
            },
            agreed_on: "2026-11-02".into(),
            scope: vec![
                ConcernType::SexualHarassment,
                ConcernType::Bullying,
                ConcernType::SexualHarassment,
            ],
        }
    }

    fn hotspot(x: f64, y: f64) -> Hotspot {
        Hotspot {
            x,
            y,
            category: ObservationCategory::HiddenSpots,
            time_slot: SchoolSlot::Lunch,
            source: HotspotSource::Students,
            note: "Behind the sports hall".into(),
        }
    }

    #[test]
    fn an_assessment_is_agreed_with_a_named_dsl_on_a_date() {
        let valid = draft().validate().expect("valid");
        assert_eq!(
            valid.scope,
            [ConcernType::SexualHarassment, ConcernType::Bullying]
        );
        let no_dsl = SchoolAssessmentDraft {
            dsl: Dsl {
                name: " ".into(),
                ..draft().dsl
            },
            ..draft()
        };
        assert_eq!(no_dsl.validate(), Err(ValidationError::DslRequired));
        let bad_date = SchoolAssessmentDraft {
            agreed_on: "2 November".into(),
            ..draft()
        };
        assert_eq!(bad_date.validate(), Err(ValidationError::InvalidDate));
    }

    #[test]
    fn hotspots_are_on_the_plan() {
        for (x, y) in [(0.0, 0.0), (1.0, 1.0), (0.25, 0.75)] {
            assert!(hotspot(x, y).validate().is_ok());
        }
        for (x, y) in [(-0.01, 0.5), (0.5, 1.01), (f64::NAN, 0.5), (2.0, 2.0)] {
            assert_eq!(
                hotspot(x, y).validate(),
                Err(ValidationError::HotspotOutsidePlan),
                "{x},{y}"
            );
        }
    }

    #[test]
    fn assignments_have_an_owner_a_status_and_maybe_a_due_date() {
        let assignment = Assignment {
            owner: " R. Patel ".into(),
            status: ComponentStatus::InProgress,
            due: Some("2026-12-01".into()),
        };
        assert_eq!(
            assignment.validate().map(|a| a.owner),
            Ok("R. Patel".to_owned())
        );
        let bad = Assignment {
            owner: "R. Patel".into(),
            status: ComponentStatus::NotStarted,
            due: Some("soon".into()),
        };
        assert_eq!(bad.validate(), Err(ValidationError::InvalidDate));
        assert!(ComponentStatus::InProgress.is_open() && !ComponentStatus::NotUsed.is_open());
    }

    #[test]
    fn a_visit_says_when_and_who_and_a_recommendation_names_its_agency() {
        let visit = SchoolVisit {
            date: "2026-11-09".into(),
            by: " R. Patel, S. Okafor ".into(),
            activities: "Lunch observation; staff survey handed out.".into(),
        };
        assert_eq!(
            visit.clone().validate().map(|v| v.by),
            Ok("R. Patel, S. Okafor".to_owned())
        );
        let nobody = SchoolVisit {
            by: "  ".into(),
            ..visit.clone()
        };
        assert_eq!(nobody.validate(), Err(ValidationError::VisitByRequired));
        let undated = SchoolVisit {
            date: "last Monday".into(),
            ..visit
        };
        assert_eq!(undated.validate(), Err(ValidationError::InvalidDate));
        let empty = SchoolRecommendation {
            for_agency: PartnerAgency::School,
            text: " ".into(),
        };
        assert_eq!(
            empty.validate(),
            Err(ValidationError::RecommendationRequired)
        );
    }

    #[test]
    fn later_component_kinds_are_known_and_listed_once() {
        let codes: std::collections::BTreeSet<_> =
            ComponentKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), ComponentKind::ALL.len());
        assert!(codes.contains("parent_survey") && codes.contains("behaviour_log_review"));
        assert!(
            ComponentKind::ParentSurvey.added_later() && !ComponentKind::StaffSurvey.added_later()
        );
        assert_eq!(
            HotspotSource::from_code("parents"),
            Some(HotspotSource::Parents)
        );
    }

    #[test]
    fn a_rag_summary_needs_every_area_with_a_reason() {
        let rated = |reason: &str| -> Vec<(RagArea, RagRating)> {
            RagArea::ALL
                .map(|area| {
                    (
                        area,
                        RagRating {
                            rag: Rag::Amber,
                            reason: reason.into(),
                        },
                    )
                })
                .to_vec()
        };
        assert_eq!(
            check_rag_summary(&rated("Policy in place, not yet used.")),
            Ok(())
        );
        assert_eq!(
            check_rag_summary(&rated("  ")),
            Err(ValidationError::RagReasonRequired)
        );
        let mut three = rated("Reason.");
        three.pop();
        assert_eq!(
            check_rag_summary(&three),
            Err(ValidationError::RagSummaryIncomplete)
        );
    }
}
