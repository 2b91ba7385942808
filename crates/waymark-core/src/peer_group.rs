//! Peer-group assessments (`domain.md` 3.4, 5.2, 5.3). Level 1: one young person maps who matters
//! to them, kept on their case. Level 2: a peer group, as a context, assessed in its own right.
//! Everyone on a map is initials or a case reference (privacy rule P2).

use serde::{Deserialize, Serialize};

use crate::text::{at_most, required, validate_case_ref, validate_person_ref};
use crate::vocabulary::{AgeBand, ContextType, PartnerAgency};
use crate::{RecordId, ValidationError};

pub const TEXT_MAX_CHARS: usize = 20_000;

/// The document key that holds an assessment's [`PeerAssessmentDraft`] as JSON. The server reads
/// it too: a Level 1 map gets its case team from it.
pub const SUBJECT_KEY: &str = "subject";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerLevel {
    /// One young person's map of their peers, with them.
    One,
    /// A group as a whole.
    Two,
}

/// Who may see the assessment (privacy rule P8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Level 1: the case team only; never aggregated, searched or joined to Level 2 groups.
    CaseTeamOnly,
    Workspace,
}

impl PeerLevel {
    pub fn visibility(self) -> Visibility {
        match self {
            Self::One => Visibility::CaseTeamOnly,
            Self::Two => Visibility::Workspace,
        }
    }
}

/// What starts an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerAssessmentDraft {
    pub level: PeerLevel,
    /// Level 1: the young person whose map this is, by case reference only.
    #[serde(default)]
    pub subject_case_ref: Option<String>,
    /// Level 2: the peer group's context.
    #[serde(default)]
    pub group_context_id: Option<RecordId>,
}

impl PeerAssessmentDraft {
    pub fn validate(self) -> Result<Self, ValidationError> {
        match self.level {
            PeerLevel::One => {
                let case_ref = self
                    .subject_case_ref
                    .as_deref()
                    .map(str::trim)
                    .unwrap_or_default();
                if case_ref.is_empty() {
                    return Err(ValidationError::SubjectCaseRefRequired);
                }
                Ok(Self {
                    level: PeerLevel::One,
                    subject_case_ref: Some(validate_case_ref(case_ref)?),
                    group_context_id: None,
                })
            }
            PeerLevel::Two => Ok(Self {
                level: PeerLevel::Two,
                subject_case_ref: None,
                group_context_id: Some(
                    self.group_context_id
                        .ok_or(ValidationError::GroupContextRequired)?,
                ),
            }),
        }
    }
}

/// Someone on the map: a label that is initials or a case reference, and an age band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub label: String,
    pub age_band: AgeBand,
}

impl Member {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            label: validate_person_ref(&self.label)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieKind {
    Close,
    Protective,
    WorriedAbout,
    Unknown,
}

impl TieKind {
    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }
}

impl waymark_i18n::Labelled for TieKind {
    const VOCABULARY: &'static str = "tie-kind";

    fn stored_code(self) -> &'static str {
        match self {
            Self::Close => "close",
            Self::Protective => "protective",
            Self::WorriedAbout => "worried_about",
            Self::Unknown => "unknown",
        }
    }
}

/// A relationship between two members, named by their ids on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    pub from: RecordId,
    pub to: RecordId,
    pub kind: TieKind,
}

impl Tie {
    /// A tie joins two different members that are on the map.
    pub fn validate(self, members: &[RecordId]) -> Result<Self, ValidationError> {
        if self.from == self.to || !members.contains(&self.from) || !members.contains(&self.to) {
            return Err(ValidationError::UnknownMember);
        }
        Ok(self)
    }
}

/// Where the group spends time: a context, or a note of a place that is not one yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupPlace {
    #[serde(default)]
    pub context_id: Option<RecordId>,
    #[serde(default)]
    pub place_note: String,
    #[serde(default)]
    pub when: String,
}

impl GroupPlace {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            place_note: at_most(self.place_note.trim().to_owned(), "places", 200)?,
            when: at_most(self.when.trim().to_owned(), "places", 200)?,
            ..self
        })
    }
}

/// A professional the assessment consulted, by role and agency: an adult, never a young person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfessionalConsulted {
    pub role: String,
    pub agency: PartnerAgency,
}

impl ProfessionalConsulted {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            role: required(
                &self.role,
                "professionals",
                120,
                ValidationError::ProfessionalRoleRequired,
            )?,
            ..self
        })
    }
}

/// Whether a Level 2 assessment may name `linked` as a group its group is linked to: another
/// peer group's context. A Level 1 map is never joined to a group (privacy rule P8).
pub fn check_group_link(
    subject: &PeerAssessmentDraft,
    linked: RecordId,
    linked_type: ContextType,
) -> Result<(), ValidationError> {
    if subject.level == PeerLevel::One {
        return Err(ValidationError::LevelOneMapNotLinked);
    }
    if linked_type != ContextType::PeerGroup || subject.group_context_id == Some(linked) {
        return Err(ValidationError::NotAPeerGroup);
    }
    Ok(())
}

/// The prose sections, each Automerge text that colleagues edit together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerSection {
    /// Level 1: the young person's view in their own words. Level 2: what the group says.
    Voice,
    Dynamics,
    ParentCarerView,
    Strengths,
    Concerns,
    Analysis,
    Recommendations,
}

impl PeerSection {
    pub const ALL: [Self; 7] = [
        Self::Voice,
        Self::Dynamics,
        Self::ParentCarerView,
        Self::Strengths,
        Self::Concerns,
        Self::Analysis,
        Self::Recommendations,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Voice => "voice",
            Self::Dynamics => "dynamics",
            Self::ParentCarerView => "parent_carer_view",
            Self::Strengths => "strengths",
            Self::Concerns => "concerns",
            Self::Analysis => "analysis",
            Self::Recommendations => "recommendations",
        }
    }

    /// The id of the section's heading in the message files: the voice section is worded for
    /// one young person on a Level 1 map and for the group at Level 2.
    pub fn message_id(self, level: PeerLevel) -> &'static str {
        match (self, level) {
            (Self::Voice, PeerLevel::One) => "peer-section-voice-one",
            (Self::Voice, PeerLevel::Two) => "peer-section-voice-group",
            (Self::Dynamics, _) => "peer-section-dynamics",
            (Self::ParentCarerView, _) => "peer-section-parent_carer_view",
            (Self::Strengths, _) => "peer-section-strengths",
            (Self::Concerns, _) => "peer-section-concerns",
            (Self::Analysis, _) => "peer-section-analysis",
            (Self::Recommendations, _) => "peer-section-recommendations",
        }
    }

    /// The section's heading in English.
    pub fn label(self, level: PeerLevel) -> String {
        waymark_i18n::english().text(self.message_id(level))
    }

    pub fn check(text: String) -> Result<String, ValidationError> {
        at_most(text, "text", TEXT_MAX_CHARS)
    }
}

/// A peer-group assessment as read back from the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerAssessment {
    pub id: RecordId,
    #[serde(flatten)]
    pub subject: PeerAssessmentDraft,
    pub visibility: Visibility,
    /// By id, in the order they were added.
    pub members: Vec<(RecordId, Member)>,
    pub ties: Vec<(RecordId, Tie)>,
    pub places: Vec<(RecordId, GroupPlace)>,
    pub sections: Vec<(PeerSection, String)>,
    /// Level 2: the contexts of other groups this group is linked to.
    #[serde(default)]
    pub linked_groups: Vec<RecordId>,
    /// Level 2: the professionals consulted, in the order they were added.
    #[serde(default)]
    pub professionals: Vec<(RecordId, ProfessionalConsulted)>,
    #[serde(default)]
    pub completed: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
}

impl PeerAssessment {
    pub fn section(&self, section: PeerSection) -> &str {
        self.sections
            .iter()
            .find(|(s, _)| *s == section)
            .map_or("", |(_, text)| text.as_str())
    }

    pub fn member_ids(&self) -> Vec<RecordId> {
        self.members.iter().map(|(id, _)| *id).collect()
    }

    /// The ties that join `member` to anyone: taken off the map with them.
    pub fn ties_of(&self, member: RecordId) -> Vec<RecordId> {
        self.ties
            .iter()
            .filter(|(_, tie)| tie.from == member || tie.to == member)
            .map(|(id, _)| *id)
            .collect()
    }

    /// To complete, the strengths, concerns, analysis and recommendations are written. It locks
    /// nothing.
    pub fn check_completable(&self) -> Result<(), ValidationError> {
        let needed = [
            PeerSection::Strengths,
            PeerSection::Concerns,
            PeerSection::Analysis,
            PeerSection::Recommendations,
        ];
        if needed.iter().any(|s| self.section(*s).trim().is_empty()) {
            return Err(ValidationError::PeerAssessmentIncomplete);
        }
        Ok(())
    }
}

/// One row of a list of peer assessments. It never carries a young person's case reference:
/// Level 1 maps are not listed or searched by who they are about (privacy rules P8, P9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerAssessmentSummary {
    pub id: RecordId,
    pub level: PeerLevel,
    pub member_count: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> RecordId {
        format!("01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f{n:02}")
            .parse()
            .expect("valid id")
    }

    #[test]
    fn a_level_1_map_needs_the_young_persons_case_ref_and_never_a_name() {
        let draft = |case_ref: Option<&str>| PeerAssessmentDraft {
            level: PeerLevel::One,
            subject_case_ref: case_ref.map(str::to_owned),
            group_context_id: Some(id(1)),
        };
        let valid = draft(Some(" CS-10234 ")).validate().expect("valid");
        assert_eq!(valid.subject_case_ref.as_deref(), Some("CS-10234"));
        assert_eq!(
            valid.group_context_id, None,
            "a Level 1 map is never joined to a group"
        );
        assert_eq!(
            draft(None).validate(),
            Err(ValidationError::SubjectCaseRefRequired)
        );
        assert_eq!(
            draft(Some("Sam Jones")).validate(),
            Err(ValidationError::InvalidCaseRef)
        );
    }

    #[test]
    fn a_level_2_assessment_needs_its_group_and_holds_no_subject() {
        let draft = PeerAssessmentDraft {
            level: PeerLevel::Two,
            subject_case_ref: Some("CS-1".into()),
            group_context_id: None,
        };
        assert_eq!(
            draft.clone().validate(),
            Err(ValidationError::GroupContextRequired)
        );
        let valid = PeerAssessmentDraft {
            group_context_id: Some(id(2)),
            ..draft
        }
        .validate()
        .expect("valid");
        assert_eq!(valid.subject_case_ref, None);
    }

    #[test]
    fn level_1_maps_are_for_the_case_team_only() {
        assert_eq!(PeerLevel::One.visibility(), Visibility::CaseTeamOnly);
        assert_eq!(PeerLevel::Two.visibility(), Visibility::Workspace);
    }

    #[test]
    fn members_are_initials_or_case_refs() {
        let member = |label: &str| {
            Member {
                label: label.into(),
                age_band: AgeBand::From14To15,
            }
            .validate()
        };
        assert!(member("A.B.").is_ok());
        assert!(member("CS-20411").is_ok());
        assert_eq!(
            member("Jordan Smith"),
            Err(ValidationError::InvalidPersonRef)
        );
        assert_eq!(
            ValidationError::InvalidPersonRef.to_string(),
            "Use initials such as A.B., or a case reference such as CS-10234. Never a full name: the map records who matters to a young person, not who they are."
        );
    }

    #[test]
    fn ties_join_two_members_of_the_map() {
        let members = [id(1), id(2)];
        assert!(Tie {
            from: id(1),
            to: id(2),
            kind: TieKind::Close
        }
        .validate(&members)
        .is_ok());
        assert_eq!(
            Tie {
                from: id(1),
                to: id(1),
                kind: TieKind::Close
            }
            .validate(&members),
            Err(ValidationError::UnknownMember)
        );
        assert_eq!(
            Tie {
                from: id(1),
                to: id(3),
                kind: TieKind::WorriedAbout
            }
            .validate(&members),
            Err(ValidationError::UnknownMember)
        );
    }

    #[test]
    fn sections_are_bounded_and_worded_for_the_level() {
        assert!(PeerSection::check("x".repeat(TEXT_MAX_CHARS)).is_ok());
        assert!(PeerSection::check("x".repeat(TEXT_MAX_CHARS + 1)).is_err());
        assert_ne!(
            PeerSection::Voice.label(PeerLevel::One),
            PeerSection::Voice.label(PeerLevel::Two)
        );
    }

    #[test]
    fn only_a_level_2_group_links_to_another_group() {
        let group = PeerAssessmentDraft {
            level: PeerLevel::Two,
            subject_case_ref: None,
            group_context_id: Some(id(1)),
        };
        assert_eq!(
            check_group_link(&group, id(2), ContextType::PeerGroup),
            Ok(())
        );
        assert_eq!(
            check_group_link(&group, id(1), ContextType::PeerGroup),
            Err(ValidationError::NotAPeerGroup),
            "not to itself"
        );
        assert_eq!(
            check_group_link(&group, id(2), ContextType::ParkOrGreenSpace),
            Err(ValidationError::NotAPeerGroup)
        );
        let map = PeerAssessmentDraft {
            level: PeerLevel::One,
            subject_case_ref: Some("CS-10234".into()),
            group_context_id: None,
        };
        assert_eq!(
            check_group_link(&map, id(2), ContextType::PeerGroup),
            Err(ValidationError::LevelOneMapNotLinked)
        );
        let nobody = ProfessionalConsulted {
            role: " ".into(),
            agency: PartnerAgency::Police,
        };
        assert_eq!(
            nobody.validate(),
            Err(ValidationError::ProfessionalRoleRequired)
        );
    }
}
