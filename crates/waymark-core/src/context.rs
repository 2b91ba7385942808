//! A context: the place, school, peer group or online space that a Level 2 assessment targets
//! (`domain.md` 3.1).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::text::at_most;
use crate::vocabulary::{ContextStatus, PartnerAgency, ThresholdLevel};
use crate::{ContextType, GeoPoint, RecordId, ValidationError};

pub const NAME_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
/// The most corners an outline may have (`domain.md` 3.1).
pub const OUTLINE_MAX_VERTICES: usize = 500;
/// The most characters of an area label, a lead worker's name or an organisation's.
pub const SHORT_TEXT_MAX_CHARS: usize = 120;

/// An organisation that owns or runs the place, such as the council's parks team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponsibleBody {
    pub id: RecordId,
    pub agency: PartnerAgency,
    pub organisation: String,
}

/// The lead worker and agency, set at screening.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub worker: String,
    #[serde(default)]
    pub agency: Option<PartnerAgency>,
}

/// A context as it is read back from the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    pub id: RecordId,
    pub name: String,
    pub context_type: ContextType,
    pub description: String,
    pub location: Option<GeoPoint>,
    /// The place's boundary, corner by corner; empty when only a point is known.
    #[serde(default)]
    pub outline: Vec<GeoPoint>,
    /// The ward or estate, as a practitioner would say it.
    #[serde(default)]
    pub area_label: String,
    #[serde(default)]
    pub responsible_bodies: Vec<ResponsibleBody>,
    #[serde(default)]
    pub lead: Lead,
    #[serde(default)]
    pub linked_contexts: Vec<RecordId>,
    #[serde(default)]
    pub threshold_level: Option<ThresholdLevel>,
    pub status: ContextStatus,
    /// Statuses set at the same time on other devices, shown until someone chooses one.
    #[serde(default)]
    pub other_statuses: Vec<ContextStatus>,
    /// Why it was closed, when it is.
    #[serde(default)]
    pub closing_reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Context {
    /// Whether a walkabout can be planned here: peer groups and online spaces are not walked.
    pub fn can_be_walked(&self) -> bool {
        self.context_type.is_a_place()
    }
}

/// One row of the context list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextSummary {
    pub id: RecordId,
    pub name: String,
    pub context_type: ContextType,
    #[serde(default)]
    pub area_label: String,
    pub status: ContextStatus,
    /// Actions of its plan past their due date and not done.
    #[serde(default)]
    pub overdue_actions: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// How many contexts of one status the home page lists before "Show more".
pub const CONTEXTS_PER_PAGE: u32 = 25;

/// What the home page asks for: the contexts whose name or area contains `text` (any case),
/// grouped by status, the most recently updated of each status first. Each status lists
/// [`CONTEXTS_PER_PAGE`], or as many as `shown` asks for it after "Show more".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextSearch {
    pub text: String,
    #[serde(default)]
    pub shown: Vec<(ContextStatus, u32)>,
}

impl ContextSearch {
    /// How many contexts of `status` to list.
    pub fn limit(&self, status: ContextStatus) -> u32 {
        self.shown
            .iter()
            .find(|(shown, _)| *shown == status)
            .map_or(CONTEXTS_PER_PAGE, |(_, limit)| *limit)
    }

    /// The same search, listing one more page of `status`.
    pub fn show_more(&self, status: ContextStatus) -> Self {
        let mut more = self.clone();
        let limit = self.limit(status).saturating_add(CONTEXTS_PER_PAGE);
        more.shown.retain(|(shown, _)| *shown != status);
        more.shown.push((status, limit));
        more
    }
}

/// The contexts of one status that match a search: how many there are, and the first of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextGroup {
    pub status: ContextStatus,
    /// How many contexts of this status match, listed or not.
    pub total: u32,
    pub contexts: Vec<ContextSummary>,
}

impl ContextGroup {
    /// How many more match than are listed.
    pub fn unlisted(&self) -> u32 {
        self.total
            .saturating_sub(u32::try_from(self.contexts.len()).unwrap_or(u32::MAX))
    }
}

/// What the create form sends. Values stay raw until [`ContextDraft::validate`], so that a bad
/// value gets its own message rather than a generic "could not read the request".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextDraft {
    pub name: String,
    pub context_type: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub location: Option<GeoPoint>,
}

/// A context that has passed every rule; the only way to make one is to validate a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidContext {
    pub name: String,
    pub context_type: ContextType,
    pub description: String,
    pub location: Option<GeoPoint>,
}

impl ContextDraft {
    pub fn validate(self) -> Result<ValidContext, ValidationError> {
        Ok(ValidContext {
            name: validate_name(&self.name)?,
            context_type: ContextType::from_code(&self.context_type)?,
            description: validate_description(self.description)?,
            location: self.location.map(GeoPoint::validated).transpose()?,
        })
    }
}

/// A change to one field, made in place on the detail page. Edits carry a single field so that
/// two people changing different fields offline never overwrite each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum ContextEdit {
    Name(String),
    ContextType(String),
    Description(String),
    Location(Option<GeoPoint>),
    Outline(Vec<GeoPoint>),
    AreaLabel(String),
    ThresholdLevel(Option<String>),
    Lead(Lead),
    /// A status chosen by hand; closing needs a reason.
    Status {
        status: String,
        #[serde(default)]
        reason: String,
    },
    AddResponsibleBody {
        agency: String,
        organisation: String,
    },
    RemoveResponsibleBody(RecordId),
    LinkContext(RecordId),
    UnlinkContext(RecordId),
}

/// A [`ContextEdit`] whose value has passed the rules for its field.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidContextEdit {
    Name(String),
    ContextType(ContextType),
    Description(String),
    Location(Option<GeoPoint>),
    Outline(Vec<GeoPoint>),
    AreaLabel(String),
    ThresholdLevel(Option<ThresholdLevel>),
    Lead(Lead),
    Status {
        status: ContextStatus,
        reason: String,
    },
    AddResponsibleBody {
        agency: PartnerAgency,
        organisation: String,
    },
    RemoveResponsibleBody(RecordId),
    LinkContext(RecordId),
    UnlinkContext(RecordId),
}

impl ContextEdit {
    /// The field this edit changes, as named in [`ValidationError::field`].
    pub fn field(&self) -> &'static str {
        match self {
            Self::Name(_) => "name",
            Self::ContextType(_) => "context_type",
            Self::Description(_) => "description",
            Self::Location(_) => "location",
            Self::Outline(_) => "outline",
            Self::AreaLabel(_) => "area_label",
            Self::ThresholdLevel(_) => "threshold_level",
            Self::Lead(_) => "lead",
            Self::Status { .. } => "status",
            Self::AddResponsibleBody { .. } | Self::RemoveResponsibleBody(_) => {
                "responsible_bodies"
            }
            Self::LinkContext(_) | Self::UnlinkContext(_) => "linked_contexts",
        }
    }

    pub fn validate(self) -> Result<ValidContextEdit, ValidationError> {
        Ok(match self {
            Self::Name(name) => ValidContextEdit::Name(validate_name(&name)?),
            Self::ContextType(code) => {
                ValidContextEdit::ContextType(ContextType::from_code(&code)?)
            }
            Self::Description(text) => ValidContextEdit::Description(validate_description(text)?),
            Self::Location(point) => {
                ValidContextEdit::Location(point.map(GeoPoint::validated).transpose()?)
            }
            Self::Outline(points) => ValidContextEdit::Outline(validate_outline(points)?),
            Self::AreaLabel(label) => ValidContextEdit::AreaLabel(at_most(
                label.trim().to_owned(),
                "area_label",
                SHORT_TEXT_MAX_CHARS,
            )?),
            Self::ThresholdLevel(code) => ValidContextEdit::ThresholdLevel(
                code.filter(|c| !c.is_empty())
                    .map(|c| ThresholdLevel::from_code(&c))
                    .transpose()?,
            ),
            Self::Lead(lead) => ValidContextEdit::Lead(Lead {
                worker: at_most(lead.worker.trim().to_owned(), "lead", SHORT_TEXT_MAX_CHARS)?,
                agency: lead.agency,
            }),
            Self::Status { status, reason } => {
                let status = ContextStatus::from_code(&status)?;
                let reason = at_most(reason.trim().to_owned(), "status", DESCRIPTION_MAX_CHARS)?;
                if status == ContextStatus::Closed && reason.is_empty() {
                    return Err(ValidationError::ClosingReasonRequired);
                }
                ValidContextEdit::Status { status, reason }
            }
            Self::AddResponsibleBody {
                agency,
                organisation,
            } => ValidContextEdit::AddResponsibleBody {
                agency: PartnerAgency::from_code(&agency)?,
                organisation: at_most(
                    organisation.trim().to_owned(),
                    "responsible_bodies",
                    SHORT_TEXT_MAX_CHARS,
                )?,
            },
            Self::RemoveResponsibleBody(id) => ValidContextEdit::RemoveResponsibleBody(id),
            Self::LinkContext(id) => ValidContextEdit::LinkContext(id),
            Self::UnlinkContext(id) => ValidContextEdit::UnlinkContext(id),
        })
    }
}

/// An outline is a closed ring of at least three corners and at most
/// [`OUTLINE_MAX_VERTICES`]; none may be empty. An empty list clears it.
pub fn validate_outline(points: Vec<GeoPoint>) -> Result<Vec<GeoPoint>, ValidationError> {
    if points.is_empty() {
        return Ok(points);
    }
    if points.len() < 3 {
        return Err(ValidationError::OutlineTooFewCorners);
    }
    if points.len() > OUTLINE_MAX_VERTICES {
        return Err(ValidationError::TooLong {
            field: "outline",
            max: OUTLINE_MAX_VERTICES,
        });
    }
    points.into_iter().map(GeoPoint::validated).collect()
}

/// Reads an outline as a practitioner types it: one corner per line, latitude then longitude,
/// separated by a comma or a space.
pub fn parse_outline(text: &str) -> Result<Vec<GeoPoint>, ValidationError> {
    let points = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let mut parts = line
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty());
            match (parts.next(), parts.next(), parts.next()) {
                (Some(lat), Some(lon), None) => {
                    GeoPoint::parse(lat, lon)?.ok_or(ValidationError::LocationIncomplete)
                }
                _ => Err(ValidationError::LocationIncomplete),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    validate_outline(points)
}

/// A name is required and short. Surrounding spaces are not part of it.
pub fn validate_name(name: &str) -> Result<String, ValidationError> {
    let name = name.trim();
    if name.is_empty() {
        Err(ValidationError::NameRequired)
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err(ValidationError::NameTooLong)
    } else {
        Ok(name.to_owned())
    }
}

/// A description is kept exactly as typed: it is saved on every keystroke, and trimming would
/// eat the space a practitioner has just typed between two words.
pub fn validate_description(text: String) -> Result<String, ValidationError> {
    if text.chars().count() > DESCRIPTION_MAX_CHARS {
        Err(ValidationError::DescriptionTooLong)
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_more_lists_one_more_page_of_that_status_only() {
        let first = ContextSearch::default();
        assert_eq!(first.limit(ContextStatus::Assessing), CONTEXTS_PER_PAGE);
        let more = first
            .show_more(ContextStatus::Assessing)
            .show_more(ContextStatus::Assessing);
        assert_eq!(more.limit(ContextStatus::Assessing), 3 * CONTEXTS_PER_PAGE);
        assert_eq!(more.limit(ContextStatus::Closed), CONTEXTS_PER_PAGE);
        assert_eq!(more.shown.len(), 1);
    }

    fn draft() -> ContextDraft {
        ContextDraft {
            name: "Northfield Park".into(),
            context_type: "park_or_green_space".into(),
            description: "Open park with a skate area and a path to the station.".into(),
            location: Some(GeoPoint {
                lat: 52.41,
                lon: -1.97,
            }),
        }
    }

    #[test]
    fn a_complete_draft_is_valid() {
        let valid = draft().validate().expect("valid draft");
        assert_eq!(valid.name, "Northfield Park");
        assert_eq!(valid.context_type, ContextType::ParkOrGreenSpace);
        assert_eq!(
            valid.location,
            Some(GeoPoint {
                lat: 52.41,
                lon: -1.97
            })
        );
    }

    #[test]
    fn only_name_and_type_are_required() {
        let valid = ContextDraft {
            name: "Group A, Northfield".into(),
            context_type: "peer_group".into(),
            ..ContextDraft::default()
        }
        .validate()
        .expect("valid");
        assert_eq!(valid.description, "");
        assert_eq!(valid.location, None);
    }

    #[test]
    fn the_name_is_trimmed() {
        let valid = ContextDraft {
            name: "  Station Road  ".into(),
            ..draft()
        }
        .validate();
        assert_eq!(valid.map(|v| v.name), Ok("Station Road".to_owned()));
    }

    #[test]
    fn an_empty_or_blank_name_is_refused() {
        for name in ["", "   ", "\n\t"] {
            let result = ContextDraft {
                name: name.into(),
                ..draft()
            }
            .validate();
            assert_eq!(result, Err(ValidationError::NameRequired), "{name:?}");
        }
    }

    #[test]
    fn a_name_of_120_characters_is_accepted_and_121_refused() {
        let at_limit = "é".repeat(NAME_MAX_CHARS);
        assert!(ContextDraft {
            name: at_limit,
            ..draft()
        }
        .validate()
        .is_ok());
        let over = "a".repeat(NAME_MAX_CHARS + 1);
        assert_eq!(
            ContextDraft {
                name: over,
                ..draft()
            }
            .validate(),
            Err(ValidationError::NameTooLong)
        );
    }

    #[test]
    fn an_unknown_context_type_is_refused() {
        for code in ["", "Park", "gang"] {
            let result = ContextDraft {
                context_type: code.into(),
                ..draft()
            }
            .validate();
            assert_eq!(result, Err(ValidationError::UnknownContextType), "{code:?}");
        }
    }

    #[test]
    fn a_description_of_4000_characters_is_accepted_and_4001_refused() {
        let at_limit = "x".repeat(DESCRIPTION_MAX_CHARS);
        assert!(ContextDraft {
            description: at_limit,
            ..draft()
        }
        .validate()
        .is_ok());
        let over = "x".repeat(DESCRIPTION_MAX_CHARS + 1);
        assert_eq!(
            ContextDraft {
                description: over,
                ..draft()
            }
            .validate(),
            Err(ValidationError::DescriptionTooLong)
        );
    }

    #[test]
    fn the_description_keeps_its_spaces() {
        let valid = ContextDraft {
            description: "lit path ".into(),
            ..draft()
        }
        .validate();
        assert_eq!(valid.map(|v| v.description), Ok("lit path ".to_owned()));
    }

    #[test]
    fn a_location_is_checked_again_in_a_draft() {
        for (point, error) in [
            (
                GeoPoint { lat: 0.0, lon: 0.0 },
                ValidationError::LocationNoFix,
            ),
            (
                GeoPoint {
                    lat: 91.0,
                    lon: 1.0,
                },
                ValidationError::LatitudeOutOfRange,
            ),
            (
                GeoPoint {
                    lat: 1.0,
                    lon: 200.0,
                },
                ValidationError::LongitudeOutOfRange,
            ),
        ] {
            let result = ContextDraft {
                location: Some(point),
                ..draft()
            }
            .validate();
            assert_eq!(result, Err(error));
        }
    }

    #[test]
    fn each_edit_is_checked_by_the_rule_for_its_field() {
        assert_eq!(
            ContextEdit::Name(" ".into()).validate(),
            Err(ValidationError::NameRequired)
        );
        assert_eq!(
            ContextEdit::ContextType("castle".into()).validate(),
            Err(ValidationError::UnknownContextType)
        );
        assert_eq!(
            ContextEdit::Description("x".repeat(DESCRIPTION_MAX_CHARS + 1)).validate(),
            Err(ValidationError::DescriptionTooLong)
        );
        assert_eq!(
            ContextEdit::Location(Some(GeoPoint { lat: 0.0, lon: 0.0 })).validate(),
            Err(ValidationError::LocationNoFix)
        );
    }

    #[test]
    fn valid_edits_pass_with_their_typed_value() {
        assert_eq!(
            ContextEdit::Name(" Bus station ".into()).validate(),
            Ok(ValidContextEdit::Name("Bus station".into()))
        );
        assert_eq!(
            ContextEdit::ContextType("transport_hub_stop_or_route".into()).validate(),
            Ok(ValidContextEdit::ContextType(
                ContextType::TransportHubStopOrRoute
            ))
        );
        assert_eq!(
            ContextEdit::Location(None).validate(),
            Ok(ValidContextEdit::Location(None))
        );
    }

    #[test]
    fn an_edits_field_is_the_field_its_errors_name() {
        let cases = [
            (
                ContextEdit::Name(String::new()),
                ValidationError::NameRequired,
            ),
            (
                ContextEdit::ContextType(String::new()),
                ValidationError::UnknownContextType,
            ),
            (
                ContextEdit::Description(String::new()),
                ValidationError::DescriptionTooLong,
            ),
            (ContextEdit::Location(None), ValidationError::LocationNoFix),
        ];
        for (edit, error) in cases {
            assert_eq!(Some(edit.field()), error.field());
        }
    }

    #[test]
    fn an_edit_travels_as_field_and_value() {
        let json = serde_json::to_value(ContextEdit::Name("Market Square".into())).expect("ok");
        assert_eq!(
            json,
            serde_json::json!({"field": "name", "value": "Market Square"})
        );
        let cleared: ContextEdit =
            serde_json::from_value(serde_json::json!({"field": "location", "value": null}))
                .expect("parses");
        assert_eq!(cleared, ContextEdit::Location(None));
    }

    #[test]
    fn every_error_has_a_distinct_stable_code_and_a_message() {
        let all = [
            ValidationError::NameRequired,
            ValidationError::NameTooLong,
            ValidationError::UnknownContextType,
            ValidationError::DescriptionTooLong,
            ValidationError::LatitudeOutOfRange,
            ValidationError::LongitudeOutOfRange,
            ValidationError::LocationNoFix,
            ValidationError::LocationIncomplete,
            ValidationError::InvalidRecordId,
        ];
        let mut codes: Vec<_> = all.iter().map(ValidationError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for error in all {
            assert!(
                error.to_string().ends_with('.'),
                "{error:?} reads as a sentence"
            );
        }
    }
}
