//! Observations at set times of the school day (before school, break, lunch, home time),
//! captured with the same form as a walkabout's, each with the time of day it belongs to.

use leptos::prelude::*;
use waymark_core::school::SchoolAssessment;

use crate::pages::capture::{CaptureForm, CaptureTarget, ObservationList};

#[component]
pub fn SchoolObservations(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let target = CaptureTarget::School(assessment);
    let capturing = RwSignal::new(false);
    let done = Callback::new(move |()| capturing.set(false));
    view! {
        <section class="panel" id="school-observations">
            <h2>"Observations at set times of the school day"</h2>
            <p class="hint">"What you see at break, lunch and home time: counts and places, never names."</p>
            {move || if capturing.get() {
                view! { <CaptureForm target last_fix=RwSignal::new(None) urgent=false done/> }.into_any()
            } else {
                view! {
                    <button id="add-school-observation" class="primary" on:click=move |_| capturing.set(true)>
                        "Add observation"
                    </button>
                }.into_any()
            }}
            <ObservationList target/>
        </section>
    }
}
