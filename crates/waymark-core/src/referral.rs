//! A context's referral and its screening (`domain.md` 3.6, 5.5): a place or group is referred in
//! at the front door, and a manager decides what happens next, with a reason.
//!
//! A referral describes the context. A child is never named: where one is known to be at risk,
//! the referral holds their case-system reference only (P2), and where a child may be at
//! immediate risk Waymark records that the child-level process was started, by whom and when.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::observation::{Observation, ObservedLocation};
use crate::peer_group::GroupPlace;
use crate::school::{optional_date, validate_date};
use crate::text::{at_most, required, validate_case_ref};
use crate::vocabulary::{
    AssessmentKind, ConcernType, PartnerAgency, ScreeningDecision, ThresholdLevel, Urgency,
};
use crate::{ContextDraft, RecordId, ValidationError};

/// The most characters of what is known, the sources and the strengths.
pub const PROSE_MAX_CHARS: usize = 8000;
/// The most characters of a name, role, contact or front-door name.
pub const SHORT_MAX_CHARS: usize = 200;

/// The professional who made the referral; a public report is entered by the worker who took it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Referrer {
    #[serde(default)]
    pub name: String,
    pub role: String,
    pub agency: String,
    #[serde(default)]
    pub contact: String,
}

/// Where a referral came from inside Waymark, when it was made in one step from other work.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum ReferralOrigin {
    /// A worrying place seen on a walkabout: the walkabout and the observation.
    Observation {
        walkabout_id: RecordId,
        observation_id: RecordId,
    },
    /// A worrying place a young person named on a Level 1 map. The map itself never travels
    /// with the referral (P8), and neither does its case reference.
    LevelOneMap,
}

/// What the referral form sends. A new context is drafted with it when the place is not yet
/// known to Waymark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferralDraft {
    #[serde(default)]
    pub context_id: Option<RecordId>,
    #[serde(default)]
    pub new_context: Option<ContextDraft>,
    /// The day it was received, year-month-day.
    pub received_on: String,
    /// The front door it came through, in the area's own words ("MASH", "Front door").
    #[serde(default)]
    pub route: String,
    pub referrer: Referrer,
    pub concern_types: Vec<String>,
    pub what_is_known: String,
    pub urgency: String,
    #[serde(default)]
    pub immediate_risk_to_a_child: bool,
    /// Who started the child-level process, when a child may be at immediate risk.
    #[serde(default)]
    pub child_process_started_by: String,
    /// Case-system references of children known to be at risk in the context; never names.
    #[serde(default)]
    pub known_children: Vec<String>,
    #[serde(default)]
    pub young_people_estimate: Option<u32>,
    #[serde(default)]
    pub sources: String,
    #[serde(default)]
    pub strengths: String,
    #[serde(default)]
    pub origin: Option<ReferralOrigin>,
    /// Answers to the workspace's own questions, by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

impl ReferralDraft {
    /// A referral of the place an observation was made, as the form starts it: the point, the
    /// concerns and the note come across, and the practitioner names the place and completes
    /// the rest. Nothing of an escalation comes across, so neither does a child's case reference.
    pub fn from_observation(walkabout_id: RecordId, observation: &Observation) -> Self {
        let detail = &observation.detail;
        let place_note = match &detail.location {
            ObservedLocation::NoFix { place_note } => place_note.clone(),
            ObservedLocation::Fix { .. } => String::new(),
        };
        Self {
            new_context: Some(ContextDraft {
                name: place_note,
                context_type: String::new(),
                description: String::new(),
                location: detail.location.point(),
            }),
            concern_types: detail
                .concern_types
                .iter()
                .map(|concern| concern.code().to_owned())
                .collect(),
            what_is_known: detail.note.clone(),
            origin: Some(ReferralOrigin::Observation {
                walkabout_id,
                observation_id: observation.id,
            }),
            ..Self::default()
        }
    }

    /// A referral of a place a young person named on a Level 1 map, as the form starts it: only
    /// the place's own words. The map, and the case reference it is kept under, stay with the
    /// case team (P8).
    pub fn from_level_one_place(place: &GroupPlace) -> Self {
        let what_is_known = if place.when.is_empty() {
            "Named on a Level 1 map as a place where a group of young people spends time."
                .to_owned()
        } else {
            format!(
                "Named on a Level 1 map as a place where a group of young people spends time ({}).",
                place.when
            )
        };
        Self {
            new_context: Some(ContextDraft {
                name: place.place_note.clone(),
                ..ContextDraft::default()
            }),
            what_is_known,
            origin: Some(ReferralOrigin::LevelOneMap),
            ..Self::default()
        }
    }
}

/// A referral that has passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReferral {
    pub context: ReferralContext,
    pub received_on: String,
    pub route: String,
    pub referrer: ValidReferrer,
    pub concern_types: Vec<ConcernType>,
    pub what_is_known: String,
    pub urgency: Urgency,
    pub immediate_risk_to_a_child: bool,
    pub child_process_started_by: String,
    pub known_children: Vec<String>,
    pub young_people_estimate: Option<u32>,
    pub sources: String,
    pub strengths: String,
    pub origin: Option<ReferralOrigin>,
    pub answers: BTreeMap<String, String>,
}

/// The context a referral is about: one Waymark knows, or a new one to make with it.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferralContext {
    Known(RecordId),
    New(crate::ValidContext),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidReferrer {
    pub name: String,
    pub role: String,
    pub agency: PartnerAgency,
    pub contact: String,
}

/// The most young people a referral may estimate, as an observation may count.
pub const MAX_YOUNG_PEOPLE_ESTIMATE: u32 = 500;

impl ReferralDraft {
    /// Checks the referral; `check_case_ref` applies the workspace's format for case references.
    pub fn validate(
        self,
        check_case_ref: impl Fn(&str) -> Result<(), ValidationError>,
    ) -> Result<ValidReferral, ValidationError> {
        let context = match (self.context_id, self.new_context) {
            (Some(id), _) => ReferralContext::Known(id),
            (None, Some(draft)) => ReferralContext::New(draft.validate()?),
            (None, None) => return Err(ValidationError::NameRequired),
        };
        let referrer = ValidReferrer {
            name: at_most(
                self.referrer.name.trim().to_owned(),
                "referrer",
                SHORT_MAX_CHARS,
            )?,
            role: required(
                &self.referrer.role,
                "referrer",
                SHORT_MAX_CHARS,
                ValidationError::ReferrerRequired,
            )?,
            agency: PartnerAgency::from_code(&self.referrer.agency)
                .map_err(|_| ValidationError::ReferrerRequired)?,
            contact: at_most(
                self.referrer.contact.trim().to_owned(),
                "referrer",
                SHORT_MAX_CHARS,
            )?,
        };
        let mut concern_types = self
            .concern_types
            .iter()
            .map(|code| ConcernType::from_code(code))
            .collect::<Result<Vec<_>, _>>()?;
        concern_types.sort();
        concern_types.dedup();
        if concern_types.is_empty() {
            return Err(ValidationError::ConcernTypeRequired);
        }
        let what_is_known = required(
            &self.what_is_known,
            "what_is_known",
            PROSE_MAX_CHARS,
            ValidationError::WhatIsKnownRequired,
        )?;
        let urgency = Urgency::from_code(&self.urgency)?;
        let child_process_started_by = at_most(
            self.child_process_started_by.trim().to_owned(),
            "immediate_risk_to_a_child",
            SHORT_MAX_CHARS,
        )?;
        if self.immediate_risk_to_a_child && child_process_started_by.is_empty() {
            return Err(ValidationError::ChildProcessNotRecorded);
        }
        let mut known_children = Vec::new();
        for case_ref in self.known_children.iter().filter(|c| !c.trim().is_empty()) {
            let case_ref = validate_case_ref(case_ref)?;
            check_case_ref(&case_ref)?;
            if !known_children.contains(&case_ref) {
                known_children.push(case_ref);
            }
        }
        if self
            .young_people_estimate
            .is_some_and(|n| n > MAX_YOUNG_PEOPLE_ESTIMATE)
        {
            return Err(ValidationError::CountOutOfRange);
        }
        Ok(ValidReferral {
            context,
            received_on: validate_date(&self.received_on)?,
            route: at_most(self.route.trim().to_owned(), "route", SHORT_MAX_CHARS)?,
            referrer,
            concern_types,
            what_is_known,
            urgency,
            immediate_risk_to_a_child: self.immediate_risk_to_a_child,
            child_process_started_by,
            known_children,
            young_people_estimate: self.young_people_estimate,
            sources: at_most(self.sources, "sources", PROSE_MAX_CHARS)?,
            strengths: at_most(self.strengths, "strengths", PROSE_MAX_CHARS)?,
            origin: self.origin,
            answers: validate_answers(self.answers)?,
        })
    }
}

/// The most local questions a referral may answer, as a workspace may ask.
pub const MAX_ANSWERS: usize = crate::referral_questions::MAX_QUESTIONS;

/// Answers kept by a question id of the question file's shape, each within the bound of prose;
/// an empty answer is no answer.
fn validate_answers(
    answers: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ValidationError> {
    let answers: BTreeMap<String, String> = answers
        .into_iter()
        .map(|(id, answer)| (id, answer.trim().to_owned()))
        .filter(|(_, answer)| !answer.is_empty())
        .collect();
    if answers.len() > MAX_ANSWERS
        || answers
            .keys()
            .any(|id| !crate::referral_questions::is_id(id))
    {
        return Err(ValidationError::TooLong {
            field: "answers",
            max: MAX_ANSWERS,
        });
    }
    answers
        .into_iter()
        .map(|(id, answer)| Ok((id, at_most(answer, "answers", PROSE_MAX_CHARS)?)))
        .collect()
}

/// What a manager sends to screen a referral.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScreeningDraft {
    pub decision: String,
    pub reason: String,
    pub threshold_level: String,
    #[serde(default)]
    pub assessments_chosen: Vec<String>,
    #[serde(default)]
    pub lead_worker: String,
    #[serde(default)]
    pub lead_agency: Option<String>,
    /// When the assessments are due, year-month-day.
    #[serde(default)]
    pub assessment_due: Option<String>,
}

/// A screening decision that has passed every rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    pub decision: ScreeningDecision,
    pub reason: String,
    pub threshold_level: ThresholdLevel,
    pub assessments_chosen: Vec<AssessmentKind>,
    pub lead_worker: String,
    pub lead_agency: Option<PartnerAgency>,
    pub assessment_due: Option<String>,
    /// Who screened it: the manager's name as the device knows it.
    #[serde(default)]
    pub screener: String,
    #[serde(with = "time::serde::rfc3339")]
    pub screened_at: OffsetDateTime,
}

/// A screening decision's rules, before it is stamped with who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidScreening {
    pub decision: ScreeningDecision,
    pub reason: String,
    pub threshold_level: ThresholdLevel,
    pub assessments_chosen: Vec<AssessmentKind>,
    pub lead_worker: String,
    pub lead_agency: Option<PartnerAgency>,
    pub assessment_due: Option<String>,
}

impl ScreeningDraft {
    pub fn validate(self) -> Result<ValidScreening, ValidationError> {
        let decision = ScreeningDecision::from_code(&self.decision)?;
        let reason = required(
            &self.reason,
            "reason",
            PROSE_MAX_CHARS,
            ValidationError::ScreeningReasonRequired,
        )?;
        let threshold_level = ThresholdLevel::from_code(&self.threshold_level)?;
        let mut assessments_chosen = self
            .assessments_chosen
            .iter()
            .map(|code| AssessmentKind::from_code(code))
            .collect::<Result<Vec<_>, _>>()?;
        assessments_chosen.sort();
        assessments_chosen.dedup();
        let lead_worker = at_most(
            self.lead_worker.trim().to_owned(),
            "lead_worker",
            SHORT_MAX_CHARS,
        )?;
        if decision == ScreeningDecision::Assessment
            && (assessments_chosen.is_empty() || lead_worker.is_empty())
        {
            return Err(ValidationError::AssessmentsRequired);
        }
        if decision != ScreeningDecision::Assessment {
            assessments_chosen.clear();
        }
        Ok(ValidScreening {
            decision,
            reason,
            threshold_level,
            assessments_chosen,
            lead_worker,
            lead_agency: self
                .lead_agency
                .filter(|code| !code.is_empty())
                .map(|code| PartnerAgency::from_code(&code))
                .transpose()?,
            assessment_due: optional_date(self.assessment_due)?,
        })
    }
}

/// That the child-level process was started for a child at immediate risk: by whom, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildProcessStarted {
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A referral as it is read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub id: RecordId,
    pub context_id: RecordId,
    pub received_on: String,
    pub route: String,
    pub referrer: ValidReferrer,
    pub concern_types: Vec<ConcernType>,
    pub what_is_known: String,
    pub urgency: Urgency,
    pub child_process_started: Option<ChildProcessStarted>,
    pub known_children: Vec<String>,
    pub young_people_estimate: Option<u32>,
    pub sources: String,
    pub strengths: String,
    pub origin: Option<ReferralOrigin>,
    /// Answers to the workspace's own questions, by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    pub screening: Option<Screening>,
    /// Screenings made at the same time on other devices: a true conflict, shown to the
    /// managers until one of them screens again.
    #[serde(default)]
    pub other_screenings: Vec<Screening>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Referral {
    /// What it says in prose, for the name check (P3).
    pub fn free_texts(&self) -> impl Iterator<Item = &str> {
        [
            self.what_is_known.as_str(),
            self.sources.as_str(),
            self.strengths.as_str(),
        ]
        .into_iter()
        .chain(self.answers.values().map(String::as_str))
        .chain(self.screening.iter().map(|s| s.reason.as_str()))
    }
}

/// Where screening leaves the context.
pub fn status_after(decision: ScreeningDecision) -> crate::vocabulary::ContextStatus {
    use crate::vocabulary::ContextStatus;
    match decision {
        ScreeningDecision::Assessment
        | ScreeningDecision::ExploitationPanel
        | ScreeningDecision::ChildLevelProcess => ContextStatus::Assessing,
        ScreeningDecision::NoFurtherAction
        | ScreeningDecision::InformationOnly
        | ScreeningDecision::UniversalOrSignpost => ContextStatus::Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ReferralDraft {
        ReferralDraft {
            context_id: None,
            new_context: Some(ContextDraft {
                name: "Brookside Park".into(),
                context_type: "park_or_green_space".into(),
                ..ContextDraft::default()
            }),
            received_on: "2026-11-02".into(),
            route: "Front door".into(),
            referrer: Referrer {
                name: "P. Officer".into(),
                role: "Neighbourhood officer".into(),
                agency: "police".into(),
                contact: String::new(),
            },
            concern_types: vec!["cce".into(), "county_lines".into(), "cce".into()],
            what_is_known: "Adults meet young people by the bushes after dark.".into(),
            urgency: "soon".into(),
            ..ReferralDraft::default()
        }
    }

    fn any_format(_: &str) -> Result<(), ValidationError> {
        Ok(())
    }

    fn id(n: u128) -> RecordId {
        RecordId::new(uuid::Uuid::from_u128(
            n | 0x0000_0000_0000_7000_8000_0000_0000_0000,
        ))
        .expect("id")
    }

    #[test]
    fn an_urgent_observation_becomes_a_referral_of_its_place_without_the_childs_case_reference() {
        use crate::observation::{Escalation, ObservationDraft};
        use crate::vocabulary::{EscalationMethod, ObservationCategory, Valence};
        let at = time::macros::datetime!(2026-11-02 21:40 UTC);
        let observation = Observation {
            id: id(7),
            detail: ObservationDraft {
                observed_at: at,
                location: ObservedLocation::Fix {
                    lat: 52.41,
                    lon: -1.97,
                    accuracy_m: Some(6.0),
                    manual: false,
                },
                category: ObservationCategory::HiddenSpots,
                valence: Valence::Concern,
                people: vec![],
                concern_types: vec![ConcernType::Cce],
                protective_factors: vec![],
                note: "A car waits by the bushes; young people go to it one at a time.".into(),
                photos: vec![],
                urgent: true,
                escalation: Some(Escalation {
                    to_role: "Duty social worker".into(),
                    to_agency: None,
                    method: EscalationMethod::FrontDoor,
                    at,
                    outcome: "Strategy discussion".into(),
                    case_ref: Some("CS-10234".into()),
                }),
            },
        };
        let walkabout = id(3);
        let started = ReferralDraft::from_observation(walkabout, &observation);
        let place = started.new_context.as_ref().expect("a new context");
        assert_eq!(place.location.map(|p| (p.lat, p.lon)), Some((52.41, -1.97)));
        assert_eq!(started.concern_types, ["cce"]);
        assert_eq!(started.what_is_known, observation.detail.note);
        assert_eq!(
            started.origin,
            Some(ReferralOrigin::Observation {
                walkabout_id: walkabout,
                observation_id: observation.id
            })
        );
        assert!(started.known_children.is_empty());
        let everything = serde_json::to_string(&started).expect("serialises");
        assert!(!everything.contains("CS-10234"), "{everything}");
        assert!(!everything.contains("Strategy discussion"), "{everything}");
    }

    #[test]
    fn a_place_on_a_level_one_map_becomes_a_referral_of_the_place_only() {
        let started = ReferralDraft::from_level_one_place(&GroupPlace {
            context_id: None,
            place_note: "The underpass by Mill Road".into(),
            when: "weekday evenings".into(),
        });
        assert_eq!(
            started.new_context.map(|c| c.name).as_deref(),
            Some("The underpass by Mill Road")
        );
        assert!(started.what_is_known.contains("(weekday evenings)"));
        assert_eq!(started.origin, Some(ReferralOrigin::LevelOneMap));
        assert!(started.known_children.is_empty() && started.context_id.is_none());
    }

    #[test]
    fn a_complete_referral_is_valid_and_its_concerns_are_listed_once() {
        let valid = draft().validate(any_format).expect("valid");
        assert_eq!(
            valid.concern_types,
            [ConcernType::Cce, ConcernType::CountyLines]
        );
        assert_eq!(valid.urgency, Urgency::Soon);
        assert!(matches!(valid.context, ReferralContext::New(c) if c.name == "Brookside Park"));
    }

    #[test]
    fn a_referral_needs_a_referrer_a_concern_and_what_is_known() {
        let mut no_role = draft();
        no_role.referrer.role = " ".into();
        assert_eq!(
            no_role.validate(any_format),
            Err(ValidationError::ReferrerRequired)
        );
        let mut no_concern = draft();
        no_concern.concern_types.clear();
        assert_eq!(
            no_concern.validate(any_format),
            Err(ValidationError::ConcernTypeRequired)
        );
        let mut nothing_known = draft();
        nothing_known.what_is_known = String::new();
        assert_eq!(
            nothing_known.validate(any_format),
            Err(ValidationError::WhatIsKnownRequired)
        );
        let mut bad_urgency = draft();
        bad_urgency.urgency = "whenever".into();
        assert_eq!(
            bad_urgency.validate(any_format),
            Err(ValidationError::UnknownUrgency)
        );
    }

    #[test]
    fn a_child_at_immediate_risk_needs_the_child_level_process_recorded() {
        let mut at_risk = draft();
        at_risk.immediate_risk_to_a_child = true;
        assert_eq!(
            at_risk.clone().validate(any_format),
            Err(ValidationError::ChildProcessNotRecorded)
        );
        at_risk.child_process_started_by = "Duty social worker".into();
        assert!(at_risk.validate(any_format).is_ok());
    }

    #[test]
    fn a_known_child_is_a_case_reference_in_the_workspace_format_and_never_a_name() {
        let mut named = draft();
        named.known_children = vec!["Sam Jones".into()];
        assert_eq!(
            named.validate(any_format),
            Err(ValidationError::InvalidCaseRef)
        );
        let mut other_format = draft();
        other_format.known_children = vec!["AB-123".into()];
        let workspace_format = |_: &str| {
            Err(ValidationError::CaseRefNotInFormat {
                pattern: "CS-[0-9]{5}".into(),
            })
        };
        assert!(matches!(
            other_format.validate(workspace_format),
            Err(ValidationError::CaseRefNotInFormat { .. })
        ));
    }

    #[test]
    fn screening_needs_a_reason_and_an_assessment_needs_its_kinds_and_a_lead() {
        let screening = ScreeningDraft {
            decision: "assessment".into(),
            reason: "Repeated concerns from two agencies.".into(),
            threshold_level: "universal_plus".into(),
            assessments_chosen: vec!["walkabout".into()],
            lead_worker: "Youth worker A".into(),
            ..ScreeningDraft::default()
        };
        assert!(screening.clone().validate().is_ok());
        let no_reason = ScreeningDraft {
            reason: "  ".into(),
            ..screening.clone()
        };
        assert_eq!(
            no_reason.validate(),
            Err(ValidationError::ScreeningReasonRequired)
        );
        let nothing_chosen = ScreeningDraft {
            assessments_chosen: Vec::new(),
            ..screening.clone()
        };
        assert_eq!(
            nothing_chosen.validate(),
            Err(ValidationError::AssessmentsRequired)
        );
        let no_further_action = ScreeningDraft {
            decision: "no_further_action".into(),
            lead_worker: String::new(),
            ..screening
        }
        .validate()
        .expect("valid");
        assert!(no_further_action.assessments_chosen.is_empty());
        assert_eq!(
            status_after(no_further_action.decision),
            crate::vocabulary::ContextStatus::Closed
        );
    }
}
