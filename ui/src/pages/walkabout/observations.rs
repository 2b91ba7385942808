use leptos::prelude::*;
use waymark_core::vocabulary::Valence;
use waymark_core::{Observation, ObservedLocation, RecordId, Walkabout};

use crate::app::{use_route, Route};
use crate::clock;
use crate::pages::ReferralStart;
use crate::stored_photo::StoredPhoto;

/// The observations of a walkabout, in time order.
#[component]
pub fn ObservationList(current: RwSignal<Walkabout>) -> impl IntoView {
    view! {
        <section>
            <h2>"Observations"</h2>
            {move || current.with(|w| {
                if w.observations.is_empty() {
                    view! { <p class="empty">"No observations yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="observations" id="observations">
                            {w.observations.iter().map(|o| observation_item(w.id, o)).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
        </section>
    }
}

fn observation_item(walkabout: RecordId, observation: &Observation) -> impl IntoView {
    let route = use_route();
    let detail = &observation.detail;
    // A worrying place becomes a referral of its own in one step (the form starts from it).
    let start = ReferralStart::Observation {
        walkabout,
        observation: observation.id,
    };
    let worrying = detail.urgent || detail.valence == Valence::Concern;
    let people = detail
        .people
        .iter()
        .map(|group| {
            format!(
                "{} × {} ({})",
                group.count,
                group.role.label(),
                group.age_band.label()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let place = match &detail.location {
        ObservedLocation::Fix {
            accuracy_m: Some(accuracy),
            manual: false,
            ..
        } => format!("Location ±{accuracy:.0} m"),
        ObservedLocation::Fix { .. } => "Pin placed by hand".to_owned(),
        ObservedLocation::NoFix { place_note } if place_note.is_empty() => {
            "No location fix".to_owned()
        }
        ObservedLocation::NoFix { place_note } => format!("No location fix: {place_note}"),
    };
    let photos = detail.photos.len();
    view! {
        <li class="observation" class:urgent=detail.urgent>
            <p class="observation-head">
                <strong>{clock::clock_time(detail.observed_at)}</strong> " · " {detail.category.label()}
                " · " {detail.valence.label()}
                {detail.urgent.then(|| view! { <span class="badge urgent">"Urgent"</span> })}
            </p>
            {(!people.is_empty()).then(|| view! { <p>{people}</p> })}
            {(!detail.note.is_empty()).then(|| view! { <p>{detail.note.clone()}</p> })}
            <p class="muted">{place}{(photos > 0).then(|| format!(" · {photos} photo(s) of the place"))}</p>
            {detail.photos.iter().map(|sha256| view! { <StoredPhoto sha256=sha256.clone()/> }).collect_view()}
            {worrying.then(|| view! {
                <button class="secondary refer-place" on:click=move |_| route.set(Route::NewReferral(Some(start)))>
                    "Refer this place as a context"
                </button>
            })}
        </li>
    }
}
