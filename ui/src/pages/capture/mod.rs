//! Quick capture: Add observation, a category, Save. Everything else on the form is optional.
//! `state` holds what is typed; `parts` are the form's sections, one component each; `target`
//! is where the observation goes (a walkabout, or a school at a time of its day); `list` shows
//! them, each to correct or remove.

mod list;
mod parts;
mod state;
mod target;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::vocabulary::SchoolSlot;
use waymark_core::{Observation, RoutePoint};

use crate::clock;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};
pub use list::ObservationList;
use parts::{
    Category, EscalationCardPanel, MoreDetails, SchoolTime, TypedLocation, ValenceChoice,
    WhoYouTold,
};
use state::CaptureState;
pub use target::CaptureTarget;

#[component]
pub fn CaptureForm(
    target: CaptureTarget,
    last_fix: RwSignal<Option<RoutePoint>>,
    urgent: bool,
    done: Callback<()>,
    /// The observation to correct, when the form corrects one rather than adding one.
    #[prop(optional)]
    editing: Option<Observation>,
    /// At a school, the time of the school day the corrected observation was made.
    #[prop(default = None)]
    editing_slot: Option<SchoolSlot>,
) -> impl IntoView {
    let errors = Errors::new();
    let form = match &editing {
        Some(observation) => CaptureState::editing(observation),
        None => CaptureState::new(last_fix.get_untracked(), urgent),
    };
    let urgent = form.urgent;
    // Chosen on purpose, like the category: nothing is picked for the practitioner.
    let slot = RwSignal::new(editing_slot);

    let save = move |_| {
        errors.clear_all();
        let draft = match form.draft() {
            Ok(draft) => draft,
            Err((error, field)) => return errors.show(&error, field),
        };
        spawn_local(async move {
            match target.save(form.editing, draft, slot.get_untracked()).await {
                Ok(()) => done.run(()),
                Err(error) => errors.show(&error, "category"),
            }
        });
    };

    view! {
        <section class="panel capture" class:urgent-panel=urgent id="capture">
            {(urgent && form.editing.is_none()).then(|| view! { <EscalationCardPanel/> })}
            <h2>{match (form.editing.is_some(), urgent) {
                (true, _) => t("capture-correct-title"),
                (false, true) => t("capture-urgent-title"),
                (false, false) => t("capture-new-title"),
            }}</h2>
            <p class="muted">{t_with("capture-at", &[("time", Arg::from(&clock::clock_time(form.observed_at)))])} " · "
                {match form.fix {
                    Some(fix) => t_with("capture-form-fix", &[("metres", Arg::from(fix.accuracy_m.round() as i64))]),
                    None => t("capture-form-no-fix"),
                }}
            </p>
            {target.has_slots().then(|| view! { <SchoolTime time_slot=slot errors/> })}
            <Category form errors/>
            <ValenceChoice form errors/>
            <MoreDetails form errors target/>
            {form.fix.is_none().then(|| view! { <TypedLocation form errors/> })}
            {urgent.then(|| view! { <WhoYouTold form errors/> })}
            {field_error(errors, "at")}
            <div class="pair">
                <button id="cancel-observation" class="secondary" on:click=move |_| done.run(())>{t("walkabout-cancel")}</button>
                <button id="save-observation" class="primary" on:click=save>{t("walkabout-save")}</button>
            </div>
        </section>
    }
}
