//! Where captured observations belong: a walkabout, or a school assessment (observations at set
//! times of the school day). The form and the list are the same for both; this is all that
//! differs.

use leptos::prelude::*;
use waymark_core::school::{SchoolAssessment, SchoolObservation};
use waymark_core::vocabulary::SchoolSlot;
use waymark_core::{
    CommandError, Observation, ObservationDraft, RecordId, RemovedObservation, ValidationError,
    Walkabout,
};

use crate::commands;
use crate::field::Errors;
use crate::name_flags::NameCheck;

#[derive(Debug, Clone, Copy)]
pub enum CaptureTarget {
    Walkabout(RwSignal<Walkabout>),
    School(RwSignal<SchoolAssessment>),
}

impl CaptureTarget {
    pub fn id(self) -> RecordId {
        match self {
            Self::Walkabout(current) => current.with_untracked(|w| w.id),
            Self::School(current) => current.with_untracked(|a| a.id),
        }
    }

    /// Whether each observation belongs to a time of the school day.
    pub fn has_slots(self) -> bool {
        matches!(self, Self::School(_))
    }

    pub fn names(self, errors: Errors, slot: &'static str) -> NameCheck {
        match self {
            Self::Walkabout(current) => NameCheck::walkabout(current, errors, slot),
            Self::School(current) => NameCheck::school(current, errors, slot),
        }
    }

    /// The observations in the list, in time order, each with its time of the school day at a
    /// school. Tracked: a view that reads it redraws when the record changes.
    pub fn observations(self) -> Vec<(Observation, Option<SchoolSlot>)> {
        match self {
            Self::Walkabout(current) => {
                current.with(|w| w.observations.iter().map(|o| (o.clone(), None)).collect())
            }
            Self::School(current) => current.with(|a| {
                a.observations
                    .iter()
                    .map(|(id, o)| {
                        let observation = Observation {
                            id: *id,
                            detail: o.detail.clone(),
                        };
                        (observation, Some(o.time_slot))
                    })
                    .collect()
            }),
        }
    }

    /// The observations taken out of the list, with why. Tracked.
    pub fn removed(self) -> Vec<RemovedObservation> {
        match self {
            Self::Walkabout(current) => current.with(|w| w.removed_observations.clone()),
            Self::School(current) => current.with(|a| a.removed_observations.clone()),
        }
    }

    /// Saves a new observation, or a correction of `editing`, and shows the record as saved.
    pub async fn save(
        self,
        editing: Option<RecordId>,
        draft: ObservationDraft,
        slot: Option<SchoolSlot>,
    ) -> Result<(), CommandError> {
        let id = self.id();
        match self {
            Self::Walkabout(current) => {
                let saved = match editing {
                    Some(observation) => {
                        commands::update_observation(id, observation, &draft).await
                    }
                    None => commands::add_observation(id, &draft).await,
                }?;
                current.set(saved);
            }
            Self::School(current) => {
                let observation = SchoolObservation {
                    time_slot: slot.ok_or(ValidationError::TimeSlotRequired)?,
                    detail: draft,
                };
                let saved = match editing {
                    Some(observation_id) => {
                        commands::update_school_observation(id, observation_id, observation).await
                    }
                    None => commands::add_school_observation(id, observation).await,
                }?;
                current.set(saved);
            }
        }
        Ok(())
    }

    pub async fn remove(self, observation: RecordId, reason: String) -> Result<(), CommandError> {
        let id = self.id();
        match self {
            Self::Walkabout(current) => {
                current.set(commands::remove_observation(id, observation, reason).await?);
            }
            Self::School(current) => {
                current.set(commands::remove_school_observation(id, observation, reason).await?);
            }
        }
        Ok(())
    }
}
