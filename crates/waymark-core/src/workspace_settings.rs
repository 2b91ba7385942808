//! The workspace's own settings (privacy rules P3, P12, P18): one set per workspace, held by the
//! server, changed by its managers only, one field at a time, and applied by every device at its
//! next sync. Until the DPIA reference, the data controller and the escalation card are set, the
//! workspace is not ready for real records.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::referral_questions::ReferralQuestions;
use crate::school::RagArea;
use crate::text::at_most;
use crate::vocabulary::PartnerAgency;
use crate::{EscalationCard, RecordKind, ValidationError};

/// The most characters a DPIA reference or the data controllers' names may have.
pub const GOVERNANCE_TEXT_MAX_CHARS: usize = 500;
/// The most first names P3's check may be given.
pub const MAX_FIRST_NAMES: usize = 20_000;
/// The longest retention period: a hundred years, in days.
pub const MAX_RETENTION_DAYS: u32 = 36_525;
/// The most characters a workspace's own name for walkabouts may have.
pub const MAX_LABEL_CHARS: usize = 40;

/// What a workspace calls a walkabout, for one and for several, as its screens say it. The
/// Contextual Safeguarding guidance speaks of neighbourhood observations, and every area words
/// its forms its own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkaboutLabel {
    /// Such as "Neighbourhood observation".
    pub one: String,
    /// Such as "Neighbourhood observations".
    pub many: String,
}

impl Default for WalkaboutLabel {
    fn default() -> Self {
        Self {
            one: "Walkabout".to_owned(),
            many: "Walkabouts".to_owned(),
        }
    }
}

impl WalkaboutLabel {
    /// The name for one, as it reads inside a sentence: "Plan a new walkabout".
    pub fn one_in_text(&self) -> String {
        in_text(&self.one)
    }

    /// The name for several, as it reads inside a sentence: "No walkabouts yet".
    pub fn many_in_text(&self) -> String {
        in_text(&self.many)
    }
}

/// A label as it reads inside a sentence: its first letter in lower case, unless the first word
/// is written in capitals throughout (an acronym such as "CSE").
fn in_text(label: &str) -> String {
    let first_word = label.split_whitespace().next().unwrap_or_default();
    let acronym = first_word.chars().count() > 1
        && first_word
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    let mut chars = label.chars();
    match chars.next() {
        Some(first) if !acronym => first.to_lowercase().chain(chars).collect(),
        _ => label.to_owned(),
    }
}

/// What a workspace has set. Every field may be unset; a device then uses its defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    #[serde(default)]
    pub escalation_card: Option<EscalationCard>,
    /// A regular expression a whole case reference must match, such as `CS-[0-9]{5}`.
    #[serde(default)]
    pub case_reference_pattern: Option<String>,
    /// The first names P3 checks free text against.
    #[serde(default)]
    pub first_names: Vec<String>,
    #[serde(default)]
    pub dpia_reference: Option<String>,
    #[serde(default)]
    pub data_controllers: Option<String>,
    /// Days each kind of record is kept after its last change, by the kind's stored name.
    #[serde(default)]
    pub retention_days: BTreeMap<String, u32>,
    /// Days a walkabout's sealed route track is kept after check-out; unset, the default of
    /// [`crate::erasure::DEFAULT_ROUTE_TRACK_DAYS`].
    #[serde(default)]
    pub route_track_days: Option<u32>,
    /// The agencies of the partner list this partnership does not work with: records are never
    /// shared with them. Every agency is a partner until a manager says otherwise.
    #[serde(default)]
    pub not_partners: BTreeSet<PartnerAgency>,
    /// How coarse observation points are in exports, in metres (privacy rule P19); unset,
    /// [`DEFAULT_EXPORT_LOCATION_METRES`]; 0 exports them exactly.
    #[serde(default)]
    pub export_location_metres: Option<u32>,
    /// The marking on every page of an export; unset, OFFICIAL-SENSITIVE (P15).
    #[serde(default)]
    pub classification: Option<String>,
    /// Survey figures from fewer respondents than this are left out of exports; unset, 5 (P11).
    #[serde(default)]
    pub survey_threshold: Option<u32>,
    /// What the workspace calls a walkabout; unset, "Walkabout".
    #[serde(default)]
    pub walkabout_label: Option<WalkaboutLabel>,
    /// The workspace's own names for the areas of a school assessment's RAG summary, by the
    /// area's code; an area not named here keeps the Beyond Referrals name.
    #[serde(default)]
    pub rag_area_labels: BTreeMap<String, String>,
    /// The referral form's questions as the workspace wrote them (TOML, checked when set);
    /// unset, the defaults.
    #[serde(default)]
    pub referral_questions: Option<String>,
}

/// One change a manager makes: one field, so two managers changing two fields lose neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum WorkspaceSetting {
    EscalationCard(EscalationCard),
    /// Empty clears it.
    CaseReferencePattern(String),
    FirstNames(Vec<String>),
    DpiaReference(String),
    DataControllers(String),
    RetentionDays {
        kind: RecordKind,
        days: u32,
    },
    /// Days a walkabout's route track is kept after check-out: shorter than the walkabout's.
    RouteTrackDays(u32),
    /// Whether the partnership works with this agency, one agency per key, so that two managers
    /// changing two agencies lose neither.
    PartnerAgency {
        agency: PartnerAgency,
        partner: bool,
    },
    /// Both names empty go back to "Walkabout".
    WalkaboutLabel(WalkaboutLabel),
    /// One area's name, one area per key; empty goes back to the Beyond Referrals name.
    RagAreaLabel {
        area: RagArea,
        label: String,
    },
    /// The referral form's questions, as a question file; empty goes back to the defaults.
    ReferralQuestions(String),
    /// Metres to coarsen observation points to in exports; 0 keeps them exact.
    ExportLocationMetres(u32),
    /// The marking on every page of an export; empty goes back to OFFICIAL-SENSITIVE.
    Classification(String),
    /// The fewest survey respondents a figure may come from and still be exported.
    SurveyThreshold(u32),
}

/// The marking every page of an export carries unless the workspace says otherwise (P15).
pub const DEFAULT_CLASSIFICATION: &str = "OFFICIAL-SENSITIVE";
/// The longest marking: it is printed on one line at the top and foot of each page.
pub const MAX_CLASSIFICATION_CHARS: usize = 60;
/// Survey figures from fewer respondents are left out of exports unless a manager sets
/// otherwise (P11): a breakdown of three people can point at one.
pub const DEFAULT_SURVEY_THRESHOLD: u32 = 5;
/// The most a threshold may be.
pub const MAX_SURVEY_THRESHOLD: u32 = 100;

/// Observation points in exports fall on a grid this many metres wide, unless a manager sets
/// otherwise: privacy by design, for where young people were seen.
pub const DEFAULT_EXPORT_LOCATION_METRES: u32 = 100;
/// Coarser than this says nothing about a park at all.
pub const MAX_EXPORT_LOCATION_METRES: u32 = 5_000;

impl WorkspaceSetting {
    /// The key the server keeps it under, one per field.
    pub fn key(&self) -> String {
        match self {
            Self::EscalationCard(_) => "escalation_card".to_owned(),
            Self::CaseReferencePattern(_) => "case_reference_pattern".to_owned(),
            Self::FirstNames(_) => "first_names".to_owned(),
            Self::DpiaReference(_) => "dpia_reference".to_owned(),
            Self::DataControllers(_) => "data_controllers".to_owned(),
            Self::RetentionDays { kind, .. } => format!("retention_days.{}", kind.as_str()),
            Self::RouteTrackDays(_) => "route_track_days".to_owned(),
            Self::PartnerAgency { agency, .. } => format!("partner_agency.{}", agency.code()),
            Self::WalkaboutLabel(_) => "walkabout_label".to_owned(),
            Self::RagAreaLabel { area, .. } => format!("rag_area_label.{}", area.code()),
            Self::ReferralQuestions(_) => "referral_questions".to_owned(),
            Self::ExportLocationMetres(_) => "export_location_metres".to_owned(),
            Self::Classification(_) => "classification".to_owned(),
            Self::SurveyThreshold(_) => "survey_threshold".to_owned(),
        }
    }

    /// The change as it may be kept: text trimmed and within bounds, a pattern that compiles.
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(match self {
            Self::EscalationCard(card) => Self::EscalationCard(card.validate()?),
            Self::CaseReferencePattern(pattern) => {
                let pattern = at_most(pattern.trim().to_owned(), "case_reference_pattern", 200)?;
                if !pattern.is_empty() {
                    anchored(&pattern)?;
                }
                Self::CaseReferencePattern(pattern)
            }
            Self::FirstNames(names) => {
                let mut names: Vec<String> = names
                    .iter()
                    .map(|name| name.trim().to_lowercase())
                    .filter(|name| !name.is_empty())
                    .collect();
                names.sort();
                names.dedup();
                if names.len() > MAX_FIRST_NAMES || names.iter().any(|n| n.chars().count() > 60) {
                    return Err(ValidationError::TooLong {
                        field: "first_names",
                        max: MAX_FIRST_NAMES,
                    });
                }
                Self::FirstNames(names)
            }
            Self::DpiaReference(text) => Self::DpiaReference(at_most(
                text.trim().to_owned(),
                "dpia_reference",
                GOVERNANCE_TEXT_MAX_CHARS,
            )?),
            Self::DataControllers(text) => Self::DataControllers(at_most(
                text.trim().to_owned(),
                "data_controllers",
                GOVERNANCE_TEXT_MAX_CHARS,
            )?),
            Self::RetentionDays { kind, days } => {
                if days == 0 || days > MAX_RETENTION_DAYS {
                    return Err(ValidationError::RetentionOutOfRange);
                }
                Self::RetentionDays { kind, days }
            }
            Self::RouteTrackDays(days) => {
                if days == 0 || days > MAX_RETENTION_DAYS {
                    return Err(ValidationError::RetentionOutOfRange);
                }
                Self::RouteTrackDays(days)
            }
            partner @ Self::PartnerAgency { .. } => partner,
            Self::WalkaboutLabel(label) => {
                let one = label.one.split_whitespace().collect::<Vec<_>>().join(" ");
                let many = label.many.split_whitespace().collect::<Vec<_>>().join(" ");
                if one.is_empty() != many.is_empty() {
                    return Err(ValidationError::WalkaboutLabelIncomplete);
                }
                let one = at_most(one, "walkabout_label", MAX_LABEL_CHARS)?;
                let many = at_most(many, "walkabout_label", MAX_LABEL_CHARS)?;
                Self::WalkaboutLabel(WalkaboutLabel { one, many })
            }
            Self::RagAreaLabel { area, label } => Self::RagAreaLabel {
                area,
                label: at_most(
                    label.split_whitespace().collect::<Vec<_>>().join(" "),
                    "rag_area_label",
                    MAX_LABEL_CHARS,
                )?,
            },
            Self::ReferralQuestions(source) => {
                if !source.trim().is_empty() {
                    ReferralQuestions::parse(&source)?;
                }
                Self::ReferralQuestions(source)
            }
            Self::ExportLocationMetres(metres) => {
                if metres > MAX_EXPORT_LOCATION_METRES {
                    return Err(ValidationError::ExportPrecisionOutOfRange);
                }
                Self::ExportLocationMetres(metres)
            }
            Self::Classification(marking) => Self::Classification(at_most(
                marking.trim().to_owned(),
                "classification",
                MAX_CLASSIFICATION_CHARS,
            )?),
            Self::SurveyThreshold(threshold) => {
                if !(1..=MAX_SURVEY_THRESHOLD).contains(&threshold) {
                    return Err(ValidationError::SurveyThresholdOutOfRange);
                }
                Self::SurveyThreshold(threshold)
            }
        })
    }
}

/// The pattern, compiled to match a whole case reference.
fn anchored(pattern: &str) -> Result<regex_lite::Regex, ValidationError> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$")).map_err(|error| {
        ValidationError::BadCaseRefPattern {
            // One short phrase, such as "unclosed group".
            reason: error.to_string(),
        }
    })
}

fn set(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl WorkspaceSettings {
    /// The settings with one validated change applied.
    pub fn apply(&mut self, setting: WorkspaceSetting) {
        match setting {
            WorkspaceSetting::EscalationCard(card) => self.escalation_card = Some(card),
            WorkspaceSetting::CaseReferencePattern(p) => self.case_reference_pattern = set(p),
            WorkspaceSetting::FirstNames(names) => self.first_names = names,
            WorkspaceSetting::DpiaReference(text) => self.dpia_reference = set(text),
            WorkspaceSetting::DataControllers(text) => self.data_controllers = set(text),
            WorkspaceSetting::RetentionDays { kind, days } => {
                self.retention_days.insert(kind.as_str().to_owned(), days);
            }
            WorkspaceSetting::RouteTrackDays(days) => self.route_track_days = Some(days),
            WorkspaceSetting::PartnerAgency { agency, partner } => {
                if partner {
                    self.not_partners.remove(&agency);
                } else {
                    self.not_partners.insert(agency);
                }
            }
            WorkspaceSetting::WalkaboutLabel(label) => {
                self.walkabout_label = (!label.one.is_empty()).then_some(label);
            }
            WorkspaceSetting::RagAreaLabel { area, label } => {
                if label.is_empty() {
                    self.rag_area_labels.remove(area.code());
                } else {
                    self.rag_area_labels.insert(area.code().to_owned(), label);
                }
            }
            WorkspaceSetting::ReferralQuestions(source) => {
                self.referral_questions = (!source.trim().is_empty()).then_some(source);
            }
            WorkspaceSetting::ExportLocationMetres(metres) => {
                self.export_location_metres = Some(metres);
            }
            WorkspaceSetting::Classification(marking) => self.classification = set(marking),
            WorkspaceSetting::SurveyThreshold(threshold) => {
                self.survey_threshold = Some(threshold);
            }
        }
    }

    /// The marking on every page of this workspace's exports.
    pub fn classification(&self) -> &str {
        self.classification
            .as_deref()
            .unwrap_or(DEFAULT_CLASSIFICATION)
    }

    /// The fewest survey respondents a figure in this workspace's exports may come from.
    pub fn survey_threshold(&self) -> u32 {
        self.survey_threshold.unwrap_or(DEFAULT_SURVEY_THRESHOLD)
    }

    /// How coarse observation points are in this workspace's exports, in metres.
    pub fn export_metres(&self) -> u32 {
        self.export_location_metres
            .unwrap_or(DEFAULT_EXPORT_LOCATION_METRES)
    }

    /// What the workspace calls an area of the RAG summary, in English where it has not named it.
    pub fn rag_area_label(&self, area: RagArea) -> String {
        self.rag_area_label_in(waymark_i18n::english(), area)
    }

    /// What the workspace calls an area of the RAG summary; where it has not named it, Waymark's
    /// name in the language of `words`.
    pub fn rag_area_label_in(&self, words: &waymark_i18n::Messages, area: RagArea) -> String {
        self.rag_area_labels
            .get(area.code())
            .cloned()
            .unwrap_or_else(|| words.label(area))
    }

    /// The referral form's questions, in the order asked.
    pub fn referral_questions(&self) -> ReferralQuestions {
        ReferralQuestions::in_force(self.referral_questions.as_deref())
    }

    /// What the workspace's screens call a walkabout.
    pub fn walkabout_words(&self) -> WalkaboutLabel {
        self.walkabout_label.clone().unwrap_or_default()
    }

    /// The partner agencies records may be shared with, in the partner list's order.
    pub fn partners(&self) -> Vec<PartnerAgency> {
        PartnerAgency::ALL
            .iter()
            .copied()
            .filter(|agency| !self.not_partners.contains(agency))
            .collect()
    }

    /// Privacy rule P18: ready for real records once the DPIA reference, the data controller and
    /// the workspace's own escalation card are set.
    pub fn ready_for_real_records(&self) -> bool {
        self.dpia_reference.is_some()
            && self.data_controllers.is_some()
            && self.escalation_card.is_some()
    }

    /// Checks a case reference, already in the general form, against the workspace's format.
    pub fn check_case_reference(&self, case_ref: &str) -> Result<(), ValidationError> {
        let Some(pattern) = &self.case_reference_pattern else {
            return Ok(());
        };
        // A pattern was checked when it was saved; one that no longer compiles checks nothing.
        match anchored(pattern) {
            Ok(format) if !format.is_match(case_ref) => Err(ValidationError::CaseRefNotInFormat {
                pattern: pattern.clone(),
            }),
            _ => Ok(()),
        }
    }
}

impl WorkspaceSettings {
    /// The words of `text` that look like a case reference (P10): those the workspace's format
    /// matches, or, until it sets one, a word of capitals, digits, dashes or slashes holding both
    /// a capital and a digit ("CS-10234"), which neither a date nor a name is.
    pub fn case_refs_in(&self, text: &str) -> Vec<String> {
        let format = self
            .case_reference_pattern
            .as_deref()
            .and_then(|pattern| anchored(pattern).ok());
        let mut found: Vec<String> = Vec::new();
        let words = text.split(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”')
        });
        for word in words {
            let word = word.trim_end_matches(['.', '!', '?']);
            let looks_like = match &format {
                Some(format) => format.is_match(word),
                None => {
                    crate::text::validate_case_ref(word).is_ok()
                        && word.chars().any(|c| c.is_ascii_uppercase())
                }
            };
            if looks_like && !found.iter().any(|f| f == word) {
                found.push(word.to_owned());
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_references_are_found_in_prose_but_dates_and_places_are_not() {
        let default = WorkspaceSettings::default();
        assert_eq!(
            default
                .case_refs_in("Raised at panel (CS-10234). Met on 2026-11-02 at Brookside Park."),
            ["CS-10234"]
        );
        let own = WorkspaceSettings {
            case_reference_pattern: Some("[0-9]{6}".into()),
            ..WorkspaceSettings::default()
        };
        assert_eq!(
            own.case_refs_in("Open case 123456, and CS-10234."),
            ["123456"]
        );
        assert!(own
            .case_refs_in("Lighting fixed by the council.")
            .is_empty());
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_refused_and_one_that_does_checks_whole_references() {
        let refused = WorkspaceSetting::CaseReferencePattern("CS-[0-9".into()).validate();
        // The reason is one phrase a manager can act on, not the pattern quoted back with a caret.
        assert!(
            matches!(
                &refused,
                Err(ValidationError::BadCaseRefPattern { reason })
                    if !reason.is_empty() && !reason.contains('\n')
            ),
            "{refused:?}"
        );
        let mut settings = WorkspaceSettings::default();
        settings.apply(
            WorkspaceSetting::CaseReferencePattern(" CS-[0-9]{5} ".into())
                .validate()
                .expect("compiles"),
        );
        assert_eq!(settings.check_case_reference("CS-10234"), Ok(()));
        for wrong in ["CS-1023", "XCS-10234", "CS-102345"] {
            assert_eq!(
                settings.check_case_reference(wrong),
                Err(ValidationError::CaseRefNotInFormat {
                    pattern: "CS-[0-9]{5}".into()
                }),
                "{wrong}"
            );
        }
        // The usual shorthand for a digit is understood.
        settings.apply(WorkspaceSetting::CaseReferencePattern(r"CS-\d{5}".into()));
        assert_eq!(settings.check_case_reference("CS-10234"), Ok(()));
        assert!(settings.check_case_reference("CS-1023").is_err());
        settings.apply(WorkspaceSetting::CaseReferencePattern(String::new()));
        assert_eq!(settings.check_case_reference("anything-1"), Ok(()));
    }

    #[test]
    fn the_workspace_is_ready_for_real_records_only_with_its_dpia_controller_and_card() {
        let mut settings = WorkspaceSettings::default();
        assert!(!settings.ready_for_real_records());
        settings.apply(WorkspaceSetting::DpiaReference("DPIA-2026-014".into()));
        settings.apply(WorkspaceSetting::DataControllers(
            "Northside Borough Council".into(),
        ));
        assert!(!settings.ready_for_real_records());
        settings.apply(WorkspaceSetting::EscalationCard(EscalationCard::default()));
        assert!(settings.ready_for_real_records());
    }

    #[test]
    fn each_field_has_its_own_key_and_bad_values_are_refused() {
        assert_eq!(
            WorkspaceSetting::RetentionDays {
                kind: RecordKind::Walkabout,
                days: 30
            }
            .key(),
            "retention_days.walkabout"
        );
        assert_eq!(
            WorkspaceSetting::RetentionDays {
                kind: RecordKind::Walkabout,
                days: 0
            }
            .validate(),
            Err(ValidationError::RetentionOutOfRange)
        );
        let names = WorkspaceSetting::FirstNames(vec![" Amira ".into(), "amira".into(), "".into()])
            .validate()
            .expect("valid");
        assert_eq!(names, WorkspaceSetting::FirstNames(vec!["amira".into()]));
        assert!(WorkspaceSetting::EscalationCard(EscalationCard {
            instructions: String::new(),
            phone: "999".into()
        })
        .validate()
        .is_err());
    }

    #[test]
    fn a_workspace_may_name_walkabouts_its_own_way_for_one_and_for_several() {
        let mut settings = WorkspaceSettings::default();
        assert_eq!(settings.walkabout_words().one_in_text(), "walkabout");
        let own = WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: "  Neighbourhood   observation ".into(),
            many: "Neighbourhood observations".into(),
        });
        assert_eq!(own.key(), "walkabout_label");
        settings.apply(own.validate().expect("valid"));
        let words = settings.walkabout_words();
        assert_eq!(words.one, "Neighbourhood observation");
        assert_eq!(words.many_in_text(), "neighbourhood observations");
        let acronym = WalkaboutLabel {
            one: "CSE walk".into(),
            many: "CSE walks".into(),
        };
        assert_eq!(acronym.one_in_text(), "CSE walk");
        let half = WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: "Patrol".into(),
            many: " ".into(),
        });
        assert_eq!(
            half.validate(),
            Err(ValidationError::WalkaboutLabelIncomplete)
        );
        let long = WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: "x".repeat(MAX_LABEL_CHARS + 1),
            many: "y".into(),
        });
        assert!(matches!(
            long.validate(),
            Err(ValidationError::TooLong {
                field: "walkabout_label",
                ..
            })
        ));
        settings.apply(
            WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
                one: String::new(),
                many: String::new(),
            })
            .validate()
            .expect("clears"),
        );
        assert_eq!(settings.walkabout_words(), WalkaboutLabel::default());
    }

    #[test]
    fn a_workspace_may_rename_an_area_of_the_rag_summary_and_go_back_to_the_default() {
        let mut settings = WorkspaceSettings::default();
        assert_eq!(
            settings.rag_area_label(RagArea::Prevention),
            RagArea::Prevention.label()
        );
        let renamed = WorkspaceSetting::RagAreaLabel {
            area: RagArea::Prevention,
            label: " Prevention  and education ".into(),
        };
        assert_eq!(renamed.key(), "rag_area_label.prevention");
        settings.apply(renamed.validate().expect("valid"));
        assert_eq!(
            settings.rag_area_label(RagArea::Prevention),
            "Prevention and education"
        );
        assert_eq!(
            settings.rag_area_label(RagArea::Identification),
            RagArea::Identification.label(),
            "the other areas keep their names"
        );
        let long = WorkspaceSetting::RagAreaLabel {
            area: RagArea::Prevention,
            label: "x".repeat(MAX_LABEL_CHARS + 1),
        };
        assert!(long.validate().is_err());
        settings.apply(WorkspaceSetting::RagAreaLabel {
            area: RagArea::Prevention,
            label: String::new(),
        });
        assert_eq!(
            settings.rag_area_label(RagArea::Prevention),
            RagArea::Prevention.label()
        );
    }

    #[test]
    fn every_agency_is_a_partner_until_a_manager_says_otherwise_and_each_has_its_own_key() {
        let mut settings = WorkspaceSettings::default();
        assert_eq!(settings.partners(), PartnerAgency::ALL);
        let not_licensing = WorkspaceSetting::PartnerAgency {
            agency: PartnerAgency::Licensing,
            partner: false,
        };
        assert_eq!(not_licensing.key(), "partner_agency.licensing");
        settings.apply(not_licensing);
        settings.apply(WorkspaceSetting::PartnerAgency {
            agency: PartnerAgency::Businesses,
            partner: false,
        });
        assert!(!settings.partners().contains(&PartnerAgency::Licensing));
        assert!(!settings.partners().contains(&PartnerAgency::Businesses));
        assert_eq!(settings.partners().len(), PartnerAgency::ALL.len() - 2);
        settings.apply(WorkspaceSetting::PartnerAgency {
            agency: PartnerAgency::Licensing,
            partner: true,
        });
        assert!(settings.partners().contains(&PartnerAgency::Licensing));
    }

    #[test]
    fn the_marking_and_the_survey_threshold_have_defaults_and_bounds() {
        let mut settings = WorkspaceSettings::default();
        assert_eq!(settings.classification(), "OFFICIAL-SENSITIVE");
        assert_eq!(settings.survey_threshold(), 5);
        let marking = WorkspaceSetting::Classification("  OFFICIAL  ".into())
            .validate()
            .expect("valid");
        settings.apply(marking);
        assert_eq!(settings.classification(), "OFFICIAL");
        settings.apply(WorkspaceSetting::Classification(String::new()));
        assert_eq!(settings.classification(), "OFFICIAL-SENSITIVE");
        assert!(WorkspaceSetting::Classification("X".repeat(61))
            .validate()
            .is_err());
        assert_eq!(
            WorkspaceSetting::SurveyThreshold(0).validate(),
            Err(ValidationError::SurveyThresholdOutOfRange)
        );
        settings.apply(
            WorkspaceSetting::SurveyThreshold(10)
                .validate()
                .expect("valid"),
        );
        assert_eq!(settings.survey_threshold(), 10);
    }
}
