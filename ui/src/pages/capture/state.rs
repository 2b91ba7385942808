//! What the capture form holds while the practitioner fills it in, and the observation it makes.

use leptos::prelude::*;
use time::OffsetDateTime;
use waymark_core::vocabulary::{
    AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
    ProtectiveFactor, RoleLabel, Valence,
};
use waymark_core::{
    CommandError, Escalation, GeoPoint, Observation, ObservationDraft, ObservedLocation,
    PeopleCount, RecordId, RoutePoint, ValidationError,
};

use crate::clock;

/// Every value on the form, one signal each. `Copy`, so each part of the form takes it whole.
#[derive(Debug, Clone, Copy)]
pub struct CaptureState {
    pub observed_at: OffsetDateTime,
    /// The reading when the form opened, which is where the observation was made.
    pub fix: Option<RoutePoint>,
    pub urgent: bool,
    pub category: RwSignal<Option<ObservationCategory>>,
    pub valence: RwSignal<Valence>,
    pub concern_types: RwSignal<Vec<ConcernType>>,
    pub protective_factors: RwSignal<Vec<ProtectiveFactor>>,
    pub people: PeopleSeen,
    pub note: RwSignal<String>,
    pub photos: RwSignal<Vec<String>>,
    pub typed_place: TypedPlace,
    pub told: WhoWasTold,
    /// The observation being corrected, and where it was captured, which a correction keeps.
    pub editing: Option<RecordId>,
    pub captured_at: StoredValue<Option<ObservedLocation>>,
}

/// "People seen": counts, never names. Each group is a count, an age band, a role and a gender;
/// the row being typed joins the groups already added when the observation is saved.
#[derive(Debug, Clone, Copy)]
pub struct PeopleSeen {
    pub count: RwSignal<String>,
    pub age_band: RwSignal<String>,
    pub role: RwSignal<String>,
    pub gender: RwSignal<String>,
    pub added: RwSignal<Vec<PeopleCount>>,
}

/// Where it was, typed, when there is no location fix.
#[derive(Debug, Clone, Copy)]
pub struct TypedPlace {
    pub lat: RwSignal<String>,
    pub lon: RwSignal<String>,
    pub place_note: RwSignal<String>,
}

/// Who an urgent concern was passed to.
#[derive(Debug, Clone, Copy)]
pub struct WhoWasTold {
    pub role: RwSignal<String>,
    pub agency: RwSignal<String>,
    pub method: RwSignal<String>,
    pub outcome: RwSignal<String>,
    pub case_ref: RwSignal<String>,
    /// When it was escalated, for a correction: the time stays the one first recorded.
    pub at: StoredValue<Option<OffsetDateTime>>,
}

impl CaptureState {
    /// A fresh form. An urgent one is a concern, with nothing else chosen: the practitioner picks
    /// the category and how it was escalated on purpose, not by leaving a default.
    pub fn new(fix: Option<RoutePoint>, urgent: bool) -> Self {
        Self {
            observed_at: clock::now(),
            fix,
            urgent,
            category: RwSignal::new(None),
            valence: RwSignal::new(if urgent {
                Valence::Concern
            } else {
                Valence::Neutral
            }),
            concern_types: RwSignal::new(Vec::new()),
            protective_factors: RwSignal::new(Vec::new()),
            people: PeopleSeen {
                count: RwSignal::new(String::new()),
                age_band: RwSignal::new(AgeBand::Unknown.code().to_owned()),
                role: RwSignal::new(RoleLabel::YoungPerson.code().to_owned()),
                gender: RwSignal::new(GenderMix::Unknown.code().to_owned()),
                added: RwSignal::new(Vec::new()),
            },
            note: RwSignal::new(String::new()),
            photos: RwSignal::new(Vec::new()),
            typed_place: TypedPlace {
                lat: RwSignal::new(String::new()),
                lon: RwSignal::new(String::new()),
                place_note: RwSignal::new(String::new()),
            },
            told: WhoWasTold {
                role: RwSignal::new(String::new()),
                agency: RwSignal::new(PartnerAgency::ChildrensSocialCare.code().to_owned()),
                method: RwSignal::new(String::new()),
                outcome: RwSignal::new(String::new()),
                case_ref: RwSignal::new(String::new()),
                at: StoredValue::new(None),
            },
            editing: None,
            captured_at: StoredValue::new(None),
        }
    }

    /// The form holding an observation to correct: everything as it was saved, its time and
    /// place kept.
    pub fn editing(observation: &Observation) -> Self {
        let detail = &observation.detail;
        let form = Self::new(None, detail.urgent);
        let form = Self {
            observed_at: detail.observed_at,
            editing: Some(observation.id),
            captured_at: StoredValue::new(Some(detail.location.clone())),
            ..form
        };
        form.category.set(Some(detail.category));
        form.valence.set(detail.valence);
        form.concern_types.set(detail.concern_types.clone());
        form.protective_factors
            .set(detail.protective_factors.clone());
        form.people.added.set(detail.people.clone());
        form.note.set(detail.note.clone());
        form.photos.set(detail.photos.clone());
        if let ObservedLocation::NoFix { place_note } = &detail.location {
            form.typed_place.place_note.set(place_note.clone());
        }
        if let Some(escalation) = &detail.escalation {
            let told = form.told;
            told.role.set(escalation.to_role.clone());
            if let Some(agency) = escalation.to_agency {
                told.agency.set(agency.code().to_owned());
            }
            told.method.set(escalation.method.code().to_owned());
            told.outcome.set(escalation.outcome.clone());
            told.case_ref
                .set(escalation.case_ref.clone().unwrap_or_default());
            told.at.set_value(Some(escalation.at));
        }
        form
    }
    /// The observation the form describes, or what is wrong with it and the field to show it at.
    /// Core checks it again when it is saved.
    pub fn draft(&self) -> Result<ObservationDraft, (CommandError, &'static str)> {
        let Some(category) = self.category.get_untracked() else {
            return Err((
                ValidationError::UnknownObservationCategory.into(),
                "category",
            ));
        };
        let location = self.location().map_err(|error| (error, "location"))?;
        let people = self.people.counted()?;
        Ok(ObservationDraft {
            observed_at: self.observed_at,
            location,
            category,
            valence: self.valence.get_untracked(),
            people,
            concern_types: self.concern_types.get_untracked(),
            protective_factors: self.protective_factors.get_untracked(),
            note: self.note.get_untracked(),
            photos: self.photos.get_untracked(),
            urgent: self.urgent,
            escalation: self.urgent.then(|| self.told.escalation()).transpose()?,
        })
    }

    fn location(&self) -> Result<ObservedLocation, CommandError> {
        // A correction keeps where it was captured; a place typed in words may be reworded.
        match self.captured_at.get_value() {
            Some(ObservedLocation::NoFix { .. }) => {
                return Ok(ObservedLocation::NoFix {
                    place_note: self.typed_place.place_note.get_untracked(),
                })
            }
            Some(captured) => return Ok(captured),
            None => {}
        }
        if let Some(fix) = self.fix {
            return Ok(ObservedLocation::Fix {
                lat: fix.lat,
                lon: fix.lon,
                accuracy_m: Some(fix.accuracy_m),
                manual: false,
            });
        }
        let place = self.typed_place;
        Ok(
            match GeoPoint::parse(&place.lat.get_untracked(), &place.lon.get_untracked())? {
                Some(point) => ObservedLocation::Fix {
                    lat: point.lat,
                    lon: point.lon,
                    accuracy_m: None,
                    manual: true,
                },
                None => ObservedLocation::NoFix {
                    place_note: place.place_note.get_untracked(),
                },
            },
        )
    }
}

impl PeopleSeen {
    /// Every group: those added, then the row being typed, if it has a count.
    fn counted(&self) -> Result<Vec<PeopleCount>, (CommandError, &'static str)> {
        let mut groups = self.added.get_untracked();
        groups.extend(self.typed()?);
        Ok(groups)
    }

    /// The group in the row being typed; none while its count is empty.
    fn typed(&self) -> Result<Option<PeopleCount>, (CommandError, &'static str)> {
        match self.count.get_untracked().trim() {
            "" => Ok(None),
            text => match text.parse::<u32>() {
                Ok(count) => Ok(Some(PeopleCount {
                    count,
                    age_band: AgeBand::from_code(&self.age_band.get_untracked())
                        .unwrap_or(AgeBand::Unknown),
                    role: RoleLabel::from_code(&self.role.get_untracked())
                        .unwrap_or(RoleLabel::YoungPerson),
                    gender: GenderMix::from_code(&self.gender.get_untracked())
                        .unwrap_or(GenderMix::Unknown),
                })),
                Err(_) => Err((ValidationError::CountOutOfRange.into(), "people")),
            },
        }
    }

    /// Moves the typed row into the groups, and empties the count for the next one.
    pub fn add_typed(&self) -> Result<(), (CommandError, &'static str)> {
        if let Some(group) = self.typed()? {
            self.added.update(|groups| groups.push(group));
            self.count.set(String::new());
        }
        Ok(())
    }
}

impl WhoWasTold {
    /// Who was told and how; "how" has no default, so it must have been chosen.
    fn escalation(&self) -> Result<Escalation, (CommandError, &'static str)> {
        let method = EscalationMethod::from_code(&self.method.get_untracked())
            .map_err(|error| (CommandError::from(error), "escalation"))?;
        Ok(Escalation {
            to_role: self.role.get_untracked(),
            to_agency: PartnerAgency::from_code(&self.agency.get_untracked()).ok(),
            method,
            at: self.at.get_value().unwrap_or_else(clock::now),
            outcome: self.outcome.get_untracked(),
            case_ref: Some(self.case_ref.get_untracked()),
        })
    }
}
