//! The context conference (`domain.md` 3.7, 5.5): partners meet, weigh the assessments, hear
//! what young people and the community said, analyse harm and safety in the context, and decide.
//! It ends in the plan. P10 holds throughout: a conference describes the context, so no field
//! takes a child's name or case reference.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::school::validate_date;
use crate::text::{at_most, required};
use crate::vocabulary::{ConferenceDecision, ConferenceFormat, PartnerAgency};
use crate::workspace_settings::WorkspaceSettings;
use crate::{name_check, RecordId, ValidationError};

/// The most characters of a section of prose.
pub const SECTION_MAX_CHARS: usize = 20_000;
/// The most characters of a name or role.
pub const NAME_MAX_CHARS: usize = 120;

/// Who chairs the conference: a professional, so named.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chair {
    pub name: String,
    pub role: String,
}

/// Someone at the conference, or invited to it: a professional or a community member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    pub id: RecordId,
    pub name: String,
    pub role: String,
    pub agency: PartnerAgency,
    pub present: bool,
}

/// An attendee as the form sends one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttendeeDraft {
    pub name: String,
    pub role: String,
    pub agency: String,
    #[serde(default)]
    pub present: bool,
}

/// An attendee that passed the rules, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAttendee {
    pub name: String,
    pub role: String,
    pub agency: PartnerAgency,
    pub present: bool,
}

impl AttendeeDraft {
    pub fn validate(self) -> Result<ValidAttendee, ValidationError> {
        Ok(ValidAttendee {
            name: required(
                &self.name,
                "attendees",
                NAME_MAX_CHARS,
                ValidationError::AttendeeRequired,
            )?,
            role: required(
                &self.role,
                "attendees",
                NAME_MAX_CHARS,
                ValidationError::AttendeeRequired,
            )?,
            agency: PartnerAgency::from_code(&self.agency)
                .map_err(|_| ValidationError::AttendeeRequired)?,
            present: self.present,
        })
    }
}

/// The conference's prose, each section its own text so that two people writing in different
/// sections, or in the same one, merge character by character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceSection {
    /// What young people said, in their own words.
    YoungPeopleVoice,
    /// How their views were gathered, or why they were not.
    YoungPeopleVoiceMethod,
    /// What residents, businesses and the community said.
    CommunityVoice,
    /// Analysis of harm in the context.
    HarmAnalysis,
    /// Analysis of safety in the context: what already protects young people there.
    SafetyAnalysis,
    /// Which contexts weigh most, and why.
    ContextWeighting,
}

impl ConferenceSection {
    pub const ALL: [Self; 6] = [
        Self::YoungPeopleVoice,
        Self::YoungPeopleVoiceMethod,
        Self::CommunityVoice,
        Self::HarmAnalysis,
        Self::SafetyAnalysis,
        Self::ContextWeighting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::YoungPeopleVoice => "young_people_voice",
            Self::YoungPeopleVoiceMethod => "young_people_voice_method",
            Self::CommunityVoice => "community_voice",
            Self::HarmAnalysis => "harm_analysis",
            Self::SafetyAnalysis => "safety_analysis",
            Self::ContextWeighting => "context_weighting",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for ConferenceSection {
    const VOCABULARY: &'static str = "conference-section";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// What the new-conference form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConferenceDraft {
    pub context_id: RecordId,
    /// Year-month-day; may be left for later, but a conference is not completed without it.
    #[serde(default)]
    pub held_on: String,
    pub format: String,
}

impl ConferenceDraft {
    pub fn validate(self) -> Result<(RecordId, Option<String>, ConferenceFormat), ValidationError> {
        let held_on = (!self.held_on.trim().is_empty())
            .then(|| validate_date(&self.held_on))
            .transpose()?;
        Ok((
            self.context_id,
            held_on,
            ConferenceFormat::from_code(&self.format)?,
        ))
    }
}

/// One change to a conference, made in place on its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum ConferenceEdit {
    HeldOn(String),
    Format(String),
    Chair(Chair),
    AddAttendee(AttendeeDraft),
    RemoveAttendee(RecordId),
    Present {
        attendee: RecordId,
        present: bool,
    },
    Consider(RecordId),
    StopConsidering(RecordId),
    Section {
        section: ConferenceSection,
        text: String,
    },
    Decision(String),
    NextReview(String),
}

/// A conference as it is read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conference {
    pub id: RecordId,
    pub context_id: RecordId,
    pub held_on: Option<String>,
    pub format: ConferenceFormat,
    pub chair: Chair,
    pub attendees: Vec<Attendee>,
    pub assessments_considered: Vec<RecordId>,
    /// Each section's text, in [`ConferenceSection::ALL`]'s order.
    pub sections: Vec<(ConferenceSection, String)>,
    pub decision: Option<ConferenceDecision>,
    /// Decisions recorded at the same time on other devices, until someone chooses one.
    #[serde(default)]
    pub other_decisions: Vec<ConferenceDecision>,
    pub next_review: Option<String>,
    pub completed: bool,
    /// The plan it ended in.
    pub plan_id: Option<RecordId>,
    #[serde(default)]
    pub not_childs_names: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Conference {
    pub fn section(&self, section: ConferenceSection) -> &str {
        self.sections
            .iter()
            .find(|(s, _)| *s == section)
            .map_or("", |(_, text)| text.as_str())
    }

    /// The prose P3 and P10 read: the sections. Names of the chair and attendees are the
    /// professionals', and are not checked.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> + Clone {
        self.sections.iter().map(|(_, text)| text.as_str())
    }

    /// Whether it may be completed: a chair, a date, a decision, at least one assessment
    /// considered, and nothing that names a child.
    pub fn check_completable(&self, settings: &WorkspaceSettings) -> Result<(), ValidationError> {
        if self.chair.name.trim().is_empty() {
            return Err(ValidationError::ConferenceChairRequired);
        }
        if self.held_on.is_none() {
            return Err(ValidationError::ConferenceDateRequired);
        }
        if self.decision.is_none() {
            return Err(ValidationError::ConferenceDecisionRequired);
        }
        if self.assessments_considered.is_empty() {
            return Err(ValidationError::AssessmentsConsideredRequired);
        }
        check_describes_the_context(self.free_texts(), &self.not_childs_names, settings)
    }
}

/// P10, and P3 within it: prose in a conference or plan holds no case reference, and no word
/// the name check flags that nobody has confirmed is not a child's name.
pub fn check_describes_the_context<'a>(
    texts: impl IntoIterator<Item = &'a str> + Clone,
    confirmed: &[String],
    settings: &WorkspaceSettings,
) -> Result<(), ValidationError> {
    for text in texts.clone() {
        if let Some(found) = settings.case_refs_in(text).into_iter().next() {
            return Err(ValidationError::CaseRefInText { found });
        }
    }
    let confirmed = confirmed.iter().cloned().collect();
    let names = name_check::unconfirmed(texts, &settings.first_names, &confirmed);
    if names.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::PossibleChildNameInPlan {
            names: names.join(", "),
        })
    }
}

/// A section's text as it may be kept.
pub fn check_section(text: String) -> Result<String, ValidationError> {
    at_most(text, "text", SECTION_MAX_CHARS)
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

    fn conference() -> Conference {
        let at = OffsetDateTime::UNIX_EPOCH;
        Conference {
            id: id(1),
            context_id: id(2),
            held_on: Some("2026-11-20".into()),
            format: ConferenceFormat::SocialCareChaired,
            chair: Chair {
                name: "Head of Service".into(),
                role: "Chair".into(),
            },
            attendees: Vec::new(),
            assessments_considered: vec![id(3)],
            sections: vec![(
                ConferenceSection::HarmAnalysis,
                "Poor lighting and hidden spots by the bushes.".into(),
            )],
            decision: Some(ConferenceDecision::Plan),
            other_decisions: Vec::new(),
            next_review: None,
            completed: false,
            plan_id: None,
            not_childs_names: Vec::new(),
            created_at: at,
            updated_at: at,
        }
    }

    fn settings() -> WorkspaceSettings {
        WorkspaceSettings {
            first_names: vec!["sam".into()],
            ..WorkspaceSettings::default()
        }
    }

    #[test]
    fn a_conference_with_a_chair_a_date_and_a_decision_can_be_completed() {
        assert_eq!(conference().check_completable(&settings()), Ok(()));
    }

    #[test]
    fn a_conference_without_a_chair_or_a_date_cannot_be_completed() {
        let mut no_chair = conference();
        no_chair.chair.name = " ".into();
        assert_eq!(
            no_chair.check_completable(&settings()),
            Err(ValidationError::ConferenceChairRequired)
        );
        let mut no_date = conference();
        no_date.held_on = None;
        assert_eq!(
            no_date.check_completable(&settings()),
            Err(ValidationError::ConferenceDateRequired)
        );
        let mut nothing_considered = conference();
        nothing_considered.assessments_considered.clear();
        assert_eq!(
            nothing_considered.check_completable(&settings()),
            Err(ValidationError::AssessmentsConsideredRequired)
        );
    }

    #[test]
    fn a_case_reference_or_a_listed_name_in_the_analysis_is_caught() {
        let mut with_ref = conference();
        with_ref.sections = vec![(
            ConferenceSection::HarmAnalysis,
            "Linked to CS-10234 at the skate park.".into(),
        )];
        assert_eq!(
            with_ref.check_completable(&settings()),
            Err(ValidationError::CaseRefInText {
                found: "CS-10234".into()
            })
        );
        let mut with_name = conference();
        with_name.sections = vec![(
            ConferenceSection::YoungPeopleVoice,
            "Sam said the path is dark.".into(),
        )];
        assert_eq!(
            with_name.check_completable(&settings()),
            Err(ValidationError::PossibleChildNameInPlan {
                names: "Sam".into()
            })
        );
        with_name.not_childs_names = vec!["sam".into()];
        assert_eq!(with_name.check_completable(&settings()), Ok(()));
    }

    #[test]
    fn an_attendee_needs_a_name_a_role_and_an_agency() {
        let attendee = AttendeeDraft {
            name: "J. Parks".into(),
            role: "Parks manager".into(),
            agency: "parks".into(),
            present: true,
        };
        assert!(attendee.clone().validate().is_ok());
        assert_eq!(
            AttendeeDraft {
                agency: "friends".into(),
                ..attendee
            }
            .validate(),
            Err(ValidationError::AttendeeRequired)
        );
    }
}
