//! The observations of a walkabout or a school, each of which can be corrected or removed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::vocabulary::{SchoolSlot, Valence};
use waymark_core::{Observation, ObservedLocation, RecordId, RemovedObservation};

use super::{CaptureForm, CaptureTarget};
use crate::app::{use_route, Route};
use crate::clock;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::pages::ReferralStart;
use crate::stored_photo::StoredPhoto;

/// What the list is doing with one observation: correcting it, or asking why it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Changing {
    Correcting(RecordId),
    Removing(RecordId),
}

/// The observations, in time order, each of which can be corrected or removed with a reason;
/// the removed ones are listed after, with why.
#[component]
pub fn ObservationList(target: CaptureTarget) -> impl IntoView {
    let changing = RwSignal::new(None::<Changing>);
    view! {
        <section>
            <h2>{t("walkabout-observations")}</h2>
            {move || {
                let observations = target.observations();
                if observations.is_empty() {
                    view! { <p class="empty">{t("walkabout-no-observations-yet")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="observations" id="observations">
                            {observations.into_iter().map(|(o, slot)| match changing.get() {
                                Some(Changing::Correcting(id)) if id == o.id => {
                                    let done = Callback::new(move |()| changing.set(None));
                                    let urgent = o.detail.urgent;
                                    view! {
                                        <li class="observation correcting">
                                            <CaptureForm target last_fix=RwSignal::new(None) urgent done editing=o editing_slot=slot/>
                                        </li>
                                    }.into_any()
                                }
                                Some(Changing::Removing(id)) if id == o.id => {
                                    view! { <RemoveObservation target observation=o.id changing/> }.into_any()
                                }
                                _ => observation_item(target, &o, slot, changing).into_any(),
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
            {move || {
                let removed = target.removed();
                (!removed.is_empty()).then(|| view! {
                    <div class="removed-observations" id="removed-observations">
                        <p class="label">{t("walkabout-removed")}</p>
                        <ul>
                            {removed.iter().map(|removed| view! {
                                <li>{removed_line(removed)}</li>
                            }).collect_view()}
                        </ul>
                        <p class="hint">{t("walkabout-what-they-said-stays")}</p>
                    </div>
                })
            }}
        </section>
    }
}

/// When, by whom (where the device knows its practitioner) and why an observation was removed.
fn removed_line(removed: &RemovedObservation) -> String {
    let when = clock::date_time(removed.at);
    if removed.by.trim().is_empty() {
        format!("{when} · {}", removed.reason)
    } else {
        format!("{when} · {} · {}", removed.by, removed.reason)
    }
}

/// Asks why an observation is removed, then removes it.
#[component]
fn RemoveObservation(
    target: CaptureTarget,
    observation: RecordId,
    changing: RwSignal<Option<Changing>>,
) -> impl IntoView {
    let errors = Errors::new();
    let reason = RwSignal::new(String::new());
    let remove = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match target.remove(observation, reason.get_untracked()).await {
                Ok(()) => changing.set(None),
                Err(error) => errors.show(&error, "removal_reason"),
            }
        });
    };
    view! {
        <li class="observation removing">
            <label for="removal-reason">{t("walkabout-why-remove-this-observation")}</label>
            <p class="hint">{t("walkabout-it-leaves-the-list")}</p>
            <input id="removal-reason" type="text" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
            {field_error(errors, "removal_reason")}
            <div class="pair">
                <button class="secondary" on:click=move |_| changing.set(None)>{t("walkabout-keep-it")}</button>
                <button id="confirm-remove-observation" class="primary" on:click=remove>{t("common-remove")}</button>
            </div>
        </li>
    }
}

fn observation_item(
    target: CaptureTarget,
    observation: &Observation,
    slot: Option<SchoolSlot>,
    changing: RwSignal<Option<Changing>>,
) -> impl IntoView {
    let observation_id = observation.id;
    let route = use_route();
    let detail = &observation.detail;
    // On a walk, a worrying place becomes a referral of its own in one step (the form starts
    // from it). At a school the school is already the context.
    let start = match target {
        CaptureTarget::Walkabout(_) => Some(ReferralStart::Observation {
            walkabout: target.id(),
            observation: observation.id,
        }),
        CaptureTarget::School(_) => None,
    };
    let worrying = detail.urgent || detail.valence == Valence::Concern;
    let people = detail
        .people
        .iter()
        .map(|group| {
            format!(
                "{} × {} ({}, {})",
                group.count,
                group.role.named(),
                group.age_band.named(),
                group.gender.named()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let actions = view! {
        <div class="pair observation-actions">
            <button class="secondary correct-observation" on:click=move |_| changing.set(Some(Changing::Correcting(observation_id)))>{t("walkabout-correct")}</button>
            <button class="secondary remove-observation" on:click=move |_| changing.set(Some(Changing::Removing(observation_id)))>{t("common-remove")}</button>
        </div>
    };
    let place = match &detail.location {
        ObservedLocation::Fix {
            accuracy_m: Some(accuracy),
            manual: false,
            ..
        } => t_with(
            "capture-location-accuracy",
            &[("metres", Arg::from(accuracy.round() as i64))],
        ),
        ObservedLocation::Fix { .. } => t("capture-pin-by-hand"),
        ObservedLocation::NoFix { place_note } if place_note.is_empty() => t("capture-no-fix"),
        ObservedLocation::NoFix { place_note } => {
            t_with("capture-no-fix-at", &[("place", Arg::from(place_note))])
        }
    };
    let photos = detail.photos.len();
    view! {
        <li class="observation" class:urgent=detail.urgent>
            <p class="observation-head">
                <strong>{clock::clock_time(detail.observed_at)}</strong>
                {slot.map(|slot| view! { " · " <span class="school-slot">{slot.named()}</span> })}
                " · " {detail.category.named()}
                " · " {detail.valence.named()}
                {detail.urgent.then(|| view! { <span class="badge urgent">{t("walkabout-urgent")}</span> })}
            </p>
            {(!people.is_empty()).then(|| view! { <p>{people}</p> })}
            {(!detail.note.is_empty()).then(|| view! { <p>{detail.note.clone()}</p> })}
            <p class="muted">{place}{(photos > 0).then(|| format!(" · {photos} photo(s) of the place"))}</p>
            {detail.photos.iter().map(|sha256| view! { <StoredPhoto sha256=sha256.clone()/> }).collect_view()}
            {start.filter(|_| worrying).map(|start| view! {
                <button class="secondary refer-place" on:click=move |_| route.set(Route::NewReferral(Some(start)))>
                    {t("walkabout-refer-this-place-as")}
                </button>
            })}
            {actions}
        </li>
    }
}
