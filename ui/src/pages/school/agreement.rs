//! What was agreed with the school and how the work went: the concerns in scope, changed as the
//! assessment learns more, and the visits the team made.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::school::{SchoolAssessment, SchoolVisit};
use waymark_core::vocabulary::ConcernType;

use super::today;
use crate::commands;
use crate::field::{chips, field_error, Errors};
use crate::i18n::{t, Named};

/// The concerns the assessment looks at. Saved when "Save the scope" is pressed, so a half-made
/// choice is not written while the practitioner is still ticking.
#[component]
pub fn Scope(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let chosen = RwSignal::new(assessment.with_untracked(|a| a.agreed.scope.clone()));
    let saved = RwSignal::new(false);
    let save = move |_| {
        errors.clear_all();
        saved.set(false);
        let id = assessment.with_untracked(|a| a.id);
        let scope = chosen.get_untracked();
        spawn_local(async move {
            match commands::set_school_scope(id, scope).await {
                Ok(updated) => {
                    assessment.set(updated);
                    saved.try_set(true);
                }
                Err(error) => errors.show(&error, "scope"),
            }
        });
    };
    view! {
        <section class="panel" id="school-scope">
            <h2>{t("school-what-the-assessment-looks")}</h2>
            {chips("scope-concerns", ConcernType::ALL, ConcernType::named, chosen)}
            {field_error(errors, "scope")}
            <button id="save-scope" class="secondary" on:click=save>{t("school-save-the-scope")}</button>
            {move || saved.get().then(|| view! { <p class="muted" id="scope-saved">{t("school-scope-saved-on-this")}</p> })}
        </section>
    }
}

/// The days the team spent at the school: when, who went, and what they did.
#[component]
pub fn Visits(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let date = RwSignal::new(today());
    let by = RwSignal::new(String::new());
    let activities = RwSignal::new(String::new());
    let add = move |_| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        let visit = SchoolVisit {
            date: date.get_untracked(),
            by: by.get_untracked(),
            activities: activities.get_untracked(),
        };
        spawn_local(async move {
            match commands::add_school_visit(id, visit).await {
                Ok(updated) => {
                    assessment.set(updated);
                    by.try_set(String::new());
                    activities.try_set(String::new());
                }
                Err(error) => errors.show(&error, "visit"),
            }
        });
    };
    let remove = move |visit| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::remove_school_visit(id, visit).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "visit"),
            }
        });
    };
    view! {
        <section class="panel" id="school-visits">
            <h2>{t("school-visits")}</h2>
            {move || assessment.with(|a| if a.visits.is_empty() {
                view! { <p class="muted">{t("school-no-visits-recorded-yet")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="visit-list">
                        {a.visits.iter().map(|(visit_id, visit)| {
                            let visit_id = *visit_id;
                            view! {
                                <li class="visit">
                                    <strong>{visit.date.clone()}</strong> " · " {visit.by.clone()}
                                    {(!visit.activities.is_empty()).then(|| format!(": {}", visit.activities))}
                                    <button class="link remove-visit" on:click=move |_| remove(visit_id)>{t("common-remove")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <fieldset>
                <legend>{t("school-record-a-visit")}</legend>
                <label class="inline-field">{t("school-visit-on")}" "
                    <input id="visit-date" type="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/>
                </label>
                <input id="visit-by" type="text" list="workspace-people" placeholder=t("school-who-went") aria-label=t("school-who-went")
                    prop:value=by on:input=move |ev| by.set(event_target_value(&ev))/>
                <textarea id="visit-activities" rows="2" aria-label=t("school-what-you-did") placeholder=t("school-what-you-did-surveys")
                    prop:value=activities on:input=move |ev| activities.set(event_target_value(&ev))></textarea>
                {field_error(errors, "visit")}
                {field_error(errors, "date")}
                <button id="add-visit" class="secondary" on:click=add>{t("school-add-the-visit")}</button>
            </fieldset>
        </section>
    }
}
