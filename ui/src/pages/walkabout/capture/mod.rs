//! Quick capture: Add observation, a category, Save. Everything else on the form is optional.
//! `state` holds what is typed; `parts` are the form's sections, one component each.

mod parts;
mod state;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{Observation, RoutePoint, Walkabout};

use crate::field::{field_error, Errors};
use crate::{clock, commands};
use parts::{Category, EscalationCardPanel, MoreDetails, TypedLocation, ValenceChoice, WhoYouTold};
use state::CaptureState;

#[component]
pub fn CaptureForm(
    current: RwSignal<Walkabout>,
    last_fix: RwSignal<Option<RoutePoint>>,
    urgent: bool,
    done: Callback<()>,
    /// The observation to correct, when the form corrects one rather than adding one.
    #[prop(optional)]
    editing: Option<Observation>,
) -> impl IntoView {
    let errors = Errors::new();
    let form = match &editing {
        Some(observation) => CaptureState::editing(observation),
        None => CaptureState::new(last_fix.get_untracked(), urgent),
    };
    let urgent = form.urgent;

    let save = move |_| {
        errors.clear_all();
        let draft = match form.draft() {
            Ok(draft) => draft,
            Err((error, field)) => return errors.show(&error, field),
        };
        let id = current.with_untracked(|w| w.id);
        spawn_local(async move {
            let saved = match form.editing {
                Some(observation) => commands::update_observation(id, observation, &draft).await,
                None => commands::add_observation(id, &draft).await,
            };
            match saved {
                Ok(walkabout) => {
                    current.set(walkabout);
                    done.run(());
                }
                Err(error) => errors.show(&error, "category"),
            }
        });
    };

    view! {
        <section class="panel capture" class:urgent-panel=urgent id="capture">
            {(urgent && form.editing.is_none()).then(|| view! { <EscalationCardPanel/> })}
            <h2>{match (form.editing.is_some(), urgent) {
                (true, _) => "Correct the observation",
                (false, true) => "What you saw",
                (false, false) => "New observation",
            }}</h2>
            <p class="muted">{format!("At {}", clock::clock_time(form.observed_at))} " · "
                {match form.fix {
                    Some(fix) => format!("location ±{:.0} m", fix.accuracy_m),
                    None => "no location fix".to_owned(),
                }}
            </p>
            <Category form errors/>
            <ValenceChoice form errors/>
            <MoreDetails form errors current/>
            {form.fix.is_none().then(|| view! { <TypedLocation form errors/> })}
            {urgent.then(|| view! { <WhoYouTold form errors/> })}
            {field_error(errors, "at")}
            <div class="pair">
                <button id="cancel-observation" class="secondary" on:click=move |_| done.run(())>"Cancel"</button>
                <button id="save-observation" class="primary" on:click=save>"Save"</button>
            </div>
        </section>
    }
}
