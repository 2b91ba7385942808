//! An observation made on a walkabout (`domain.md` 3.3): what was seen, where and when, and who
//! was there, counted by age band and role and never named (privacy rule P1).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::text::{at_most, required, validate_case_ref};
use crate::vocabulary::{
    AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
    ProtectiveFactor, RoleLabel, Valence,
};
use crate::{GeoPoint, RecordId, ValidationError};

pub const NOTE_MAX_CHARS: usize = 2000;
pub const PLACE_NOTE_MAX_CHARS: usize = 200;
/// The most people one group in an observation may count (proposed cap in `domain.md`).
pub const MAX_PEOPLE_IN_A_GROUP: u32 = 500;

/// Where an observation was made: a reading (from the device, or a pin the practitioner placed),
/// or no fix at all, with a note of the place instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObservedLocation {
    Fix {
        lat: f64,
        lon: f64,
        /// Metres; a manual pin has no accuracy of its own.
        accuracy_m: Option<f64>,
        /// True when the practitioner placed or typed it rather than the device reading it.
        manual: bool,
    },
    NoFix {
        place_note: String,
    },
}

impl ObservedLocation {
    pub fn point(&self) -> Option<GeoPoint> {
        match *self {
            Self::Fix { lat, lon, .. } => Some(GeoPoint { lat, lon }),
            Self::NoFix { .. } => None,
        }
    }

    fn validate(self) -> Result<Self, ValidationError> {
        match self {
            Self::Fix {
                lat,
                lon,
                accuracy_m,
                manual,
            } => {
                GeoPoint::new(lat, lon)?;
                if accuracy_m.is_some_and(|a| !(a.is_finite() && a >= 0.0)) {
                    return Err(ValidationError::AccuracyOutOfRange);
                }
                Ok(Self::Fix {
                    lat,
                    lon,
                    accuracy_m,
                    manual,
                })
            }
            Self::NoFix { place_note } => Ok(Self::NoFix {
                place_note: at_most(
                    place_note.trim().to_owned(),
                    "place_note",
                    PLACE_NOTE_MAX_CHARS,
                )?,
            }),
        }
    }
}

/// A group of people seen together: how many, roughly how old, in what role. Never who.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeopleCount {
    pub count: u32,
    pub age_band: AgeBand,
    pub role: RoleLabel,
    pub gender: GenderMix,
}

/// Who an urgent concern was escalated to, how and when. A known child appears only as a case
/// reference (privacy rule P2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalation {
    pub to_role: String,
    pub to_agency: Option<PartnerAgency>,
    pub method: EscalationMethod,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub case_ref: Option<String>,
}

impl Escalation {
    fn validate(self, now: OffsetDateTime) -> Result<Self, ValidationError> {
        not_in_future(self.at, now)?;
        Ok(Self {
            to_role: required(
                &self.to_role,
                "escalation",
                120,
                ValidationError::EscalationIncomplete,
            )?,
            outcome: at_most(self.outcome, "outcome", NOTE_MAX_CHARS)?,
            case_ref: match self.case_ref.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(case_ref) => Some(validate_case_ref(case_ref)?),
            },
            ..self
        })
    }
}

/// What the capture screen sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservationDraft {
    #[serde(with = "time::serde::rfc3339")]
    pub observed_at: OffsetDateTime,
    pub location: ObservedLocation,
    pub category: ObservationCategory,
    pub valence: Valence,
    #[serde(default)]
    pub people: Vec<PeopleCount>,
    #[serde(default)]
    pub concern_types: Vec<ConcernType>,
    #[serde(default)]
    pub protective_factors: Vec<ProtectiveFactor>,
    #[serde(default)]
    pub note: String,
    /// SHA-256 of photos already stored as attachments.
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub urgent: bool,
    #[serde(default)]
    pub escalation: Option<Escalation>,
}

/// An observation as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub id: RecordId,
    #[serde(flatten)]
    pub detail: ObservationDraft,
}

/// How far ahead of the device clock a time may be, for clocks that disagree by a little.
pub const CLOCK_SKEW: time::Duration = time::Duration::minutes(5);

pub(crate) fn not_in_future(
    at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), ValidationError> {
    if at > now + CLOCK_SKEW {
        Err(ValidationError::TimeInFuture)
    } else {
        Ok(())
    }
}

impl ObservationDraft {
    /// Checks the observation on its own; [`crate::Walkabout::check_observation`] adds the rules
    /// that depend on the walkabout.
    pub fn validate(mut self, now: OffsetDateTime) -> Result<Self, ValidationError> {
        not_in_future(self.observed_at, now)?;
        self.location = self.location.validate()?;
        if self
            .people
            .iter()
            .any(|group| group.count > MAX_PEOPLE_IN_A_GROUP)
        {
            return Err(ValidationError::CountOutOfRange);
        }
        if self.valence == Valence::Concern && self.concern_types.is_empty() {
            return Err(ValidationError::ConcernTypeRequired);
        }
        dedup(&mut self.concern_types);
        dedup(&mut self.protective_factors);
        dedup(&mut self.photos);
        self.note = at_most(self.note, "note", NOTE_MAX_CHARS)?;
        self.escalation = self.escalation.map(|e| e.validate(now)).transpose()?;
        if self.urgent && self.escalation.is_none() {
            return Err(ValidationError::EscalationIncomplete);
        }
        Ok(self)
    }
}

/// Why an observation is taken out of the list, wherever it was made: a reason is required.
pub fn check_removal_reason(reason: &str) -> Result<String, ValidationError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ValidationError::RemovalReasonRequired);
    }
    at_most(
        reason.to_owned(),
        "removal_reason",
        crate::walkabout::REMOVAL_REASON_MAX_CHARS,
    )
}

fn dedup<T: Ord>(values: &mut Vec<T>) {
    values.sort();
    values.dedup();
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-11-20 17:30 UTC);

    pub(crate) fn draft() -> ObservationDraft {
        ObservationDraft {
            observed_at: datetime!(2026-11-20 17:20 UTC),
            location: ObservedLocation::Fix {
                lat: 52.41,
                lon: -1.97,
                accuracy_m: Some(8.0),
                manual: false,
            },
            category: ObservationCategory::YoungPeoplesPresence,
            valence: Valence::Neutral,
            people: vec![PeopleCount {
                count: 6,
                age_band: AgeBand::From14To15,
                role: RoleLabel::YoungPerson,
                gender: GenderMix::Mixed,
            }],
            concern_types: vec![],
            protective_factors: vec![],
            note: "Group by the skate ramp, music playing.".into(),
            photos: vec![],
            urgent: false,
            escalation: None,
        }
    }

    fn escalation() -> Escalation {
        Escalation {
            to_role: "Duty social worker".into(),
            to_agency: Some(PartnerAgency::ChildrensSocialCare),
            method: EscalationMethod::FrontDoor,
            at: datetime!(2026-11-20 17:25 UTC),
            outcome: "Duty team will visit tonight.".into(),
            case_ref: None,
        }
    }

    #[test]
    fn a_plain_observation_is_valid() {
        assert_eq!(draft().validate(NOW), Ok(draft()));
    }

    #[test]
    fn a_time_in_the_future_beyond_the_clock_skew_is_refused() {
        let just_ahead = ObservationDraft {
            observed_at: NOW + time::Duration::minutes(4),
            ..draft()
        };
        assert!(just_ahead.validate(NOW).is_ok());
        let ahead = ObservationDraft {
            observed_at: NOW + time::Duration::minutes(6),
            ..draft()
        };
        assert_eq!(ahead.validate(NOW), Err(ValidationError::TimeInFuture));
    }

    #[test]
    fn counts_above_the_cap_are_refused_and_zero_is_allowed() {
        let mut absurd = draft();
        absurd.people[0].count = MAX_PEOPLE_IN_A_GROUP + 1;
        assert_eq!(absurd.validate(NOW), Err(ValidationError::CountOutOfRange));
        let mut cap = draft();
        cap.people[0].count = MAX_PEOPLE_IN_A_GROUP;
        assert!(cap.validate(NOW).is_ok());
        let mut none = draft();
        none.people[0].count = 0;
        assert!(none.validate(NOW).is_ok());
    }

    #[test]
    fn a_negative_count_cannot_even_be_read() {
        let mut json = serde_json::to_value(draft()).expect("serialises");
        json["people"][0]["count"] = serde_json::json!(-3);
        assert!(serde_json::from_value::<ObservationDraft>(json).is_err());
    }

    #[test]
    fn an_unknown_category_is_refused_with_the_reason() {
        let mut json = serde_json::to_value(draft()).expect("serialises");
        json["category"] = serde_json::json!("gang_activity");
        let error = serde_json::from_value::<ObservationDraft>(json).expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("Choose an observation category from the list"),
            "{error}"
        );
    }

    #[test]
    fn there_is_no_field_for_a_childs_name() {
        // Privacy rule P1: extra fields such as a name are not part of an observation and are
        // never stored: reading drops them.
        let mut json = serde_json::to_value(draft()).expect("serialises");
        json["child_name"] = serde_json::json!("Sam Jones");
        json["people"][0]["name"] = serde_json::json!("Sam Jones");
        let read: ObservationDraft = serde_json::from_value(json).expect("reads");
        let written = serde_json::to_string(&read).expect("serialises");
        assert!(!written.contains("Sam"), "{written}");
    }

    #[test]
    fn out_of_range_coordinates_and_no_fix_readings_are_refused() {
        for (lat, lon, error) in [
            (91.0, 0.5, ValidationError::LatitudeOutOfRange),
            (51.0, 181.0, ValidationError::LongitudeOutOfRange),
            (0.0, 0.0, ValidationError::LocationNoFix),
        ] {
            let location = ObservedLocation::Fix {
                lat,
                lon,
                accuracy_m: None,
                manual: true,
            };
            assert_eq!(
                ObservationDraft {
                    location,
                    ..draft()
                }
                .validate(NOW),
                Err(error)
            );
        }
        let location = ObservedLocation::Fix {
            lat: 51.0,
            lon: 0.1,
            accuracy_m: Some(-1.0),
            manual: false,
        };
        assert_eq!(
            ObservationDraft {
                location,
                ..draft()
            }
            .validate(NOW),
            Err(ValidationError::AccuracyOutOfRange)
        );
    }

    #[test]
    fn no_fix_is_a_valid_location_with_a_place_note() {
        let location = ObservedLocation::NoFix {
            place_note: " by the bandstand ".into(),
        };
        let valid = ObservationDraft {
            location,
            ..draft()
        }
        .validate(NOW)
        .expect("valid");
        assert_eq!(
            valid.location,
            ObservedLocation::NoFix {
                place_note: "by the bandstand".into()
            }
        );
        assert_eq!(valid.location.point(), None);
    }

    #[test]
    fn a_concern_needs_at_least_one_kind_of_concern() {
        let concern = ObservationDraft {
            valence: Valence::Concern,
            ..draft()
        };
        assert_eq!(
            concern.clone().validate(NOW),
            Err(ValidationError::ConcernTypeRequired)
        );
        let typed = ObservationDraft {
            concern_types: vec![ConcernType::Cce],
            ..concern
        };
        assert!(typed.validate(NOW).is_ok());
    }

    #[test]
    fn an_urgent_observation_needs_its_escalation() {
        let urgent = ObservationDraft {
            urgent: true,
            ..draft()
        };
        assert_eq!(
            urgent.clone().validate(NOW),
            Err(ValidationError::EscalationIncomplete)
        );
        let escalated = ObservationDraft {
            escalation: Some(escalation()),
            ..urgent
        };
        assert!(escalated.validate(NOW).is_ok());
        let nobody = Escalation {
            to_role: " ".into(),
            ..escalation()
        };
        let unnamed = ObservationDraft {
            urgent: true,
            escalation: Some(nobody),
            ..draft()
        };
        assert_eq!(
            unnamed.validate(NOW),
            Err(ValidationError::EscalationIncomplete)
        );
    }

    #[test]
    fn an_escalation_takes_a_case_ref_and_never_a_name() {
        let with_ref = Escalation {
            case_ref: Some("CS-10234".into()),
            ..escalation()
        };
        let valid = ObservationDraft {
            urgent: true,
            escalation: Some(with_ref),
            ..draft()
        };
        assert!(valid.validate(NOW).is_ok());
        let with_name = Escalation {
            case_ref: Some("Sam Jones".into()),
            ..escalation()
        };
        let named = ObservationDraft {
            urgent: true,
            escalation: Some(with_name),
            ..draft()
        };
        assert_eq!(named.validate(NOW), Err(ValidationError::InvalidCaseRef));
    }

    #[test]
    fn a_long_note_is_refused() {
        let long = ObservationDraft {
            note: "x".repeat(NOTE_MAX_CHARS + 1),
            ..draft()
        };
        assert_eq!(
            long.validate(NOW),
            Err(ValidationError::TooLong {
                field: "note",
                max: NOTE_MAX_CHARS
            })
        );
    }

    #[test]
    fn repeated_tags_are_kept_once() {
        let tagged = ObservationDraft {
            valence: Valence::Concern,
            concern_types: vec![ConcernType::Cce, ConcernType::Weapons, ConcernType::Cce],
            protective_factors: vec![
                ProtectiveFactor::TrustedAdult,
                ProtectiveFactor::TrustedAdult,
            ],
            ..draft()
        };
        let valid = tagged.validate(NOW).expect("valid");
        assert_eq!(
            valid.concern_types,
            [ConcernType::Cce, ConcernType::Weapons]
        );
        assert_eq!(valid.protective_factors, [ProtectiveFactor::TrustedAdult]);
    }
}
