//! Observations at set times of the school day (before school, break, lunch, home time),
//! captured with the same form as a walkabout's, each with the time of day it belongs to.

use leptos::prelude::*;
use waymark_core::school::SchoolAssessment;

use crate::i18n::t;
use crate::pages::capture::{CaptureForm, CaptureTarget, ObservationList};

#[component]
pub fn SchoolObservations(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let target = CaptureTarget::School(assessment);
    let capturing = RwSignal::new(false);
    let done = Callback::new(move |()| capturing.set(false));
    view! {
        <section class="panel" id="school-observations">
            <h2>{t("school-observations-at-set-times")}</h2>
            <p class="hint">{t("school-what-you-see-at")}</p>
            {move || if capturing.get() {
                view! { <CaptureForm target last_fix=RwSignal::new(None) urgent=false done/> }.into_any()
            } else {
                view! {
                    <button id="add-school-observation" class="primary" on:click=move |_| capturing.set(true)>
                        {t("walkabout-add-observation")}
                    </button>
                }.into_any()
            }}
            <ObservationList target/>
        </section>
    }
}
