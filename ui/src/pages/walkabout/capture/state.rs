//! What the capture form holds while the practitioner fills it in, and the observation it makes.

use leptos::prelude::*;
use time::OffsetDateTime;
use waymark_core::vocabulary::{
    AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
    ProtectiveFactor, RoleLabel, Valence,
};
use waymark_core::{
    CommandError, Escalation, GeoPoint, ObservationDraft, ObservedLocation, PeopleCount,
    RoutePoint, ValidationError,
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
}

/// "People seen": a count, never a name.
#[derive(Debug, Clone, Copy)]
pub struct PeopleSeen {
    pub count: RwSignal<String>,
    pub age_band: RwSignal<String>,
    pub role: RwSignal<String>,
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
            },
        }
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
    fn counted(&self) -> Result<Vec<PeopleCount>, (CommandError, &'static str)> {
        match self.count.get_untracked().trim() {
            "" => Ok(vec![]),
            text => match text.parse::<u32>() {
                Ok(count) => Ok(vec![PeopleCount {
                    count,
                    age_band: AgeBand::from_code(&self.age_band.get_untracked())
                        .unwrap_or(AgeBand::Unknown),
                    role: RoleLabel::from_code(&self.role.get_untracked())
                        .unwrap_or(RoleLabel::YoungPerson),
                    gender: GenderMix::Unknown,
                }]),
                Err(_) => Err((ValidationError::CountOutOfRange.into(), "people")),
            },
        }
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
            at: clock::now(),
            outcome: self.outcome.get_untracked(),
            case_ref: Some(self.case_ref.get_untracked()),
        })
    }
}
