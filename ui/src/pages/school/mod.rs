//! School assessments: agreed with the DSL on the school's context page, then worked on by several
//! colleagues over several visits.

mod agreement;
mod observations;
mod page;
mod recommendations;
mod site_plan;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::school::{AssignedComponent, Dsl, SchoolAssessment, SchoolAssessmentDraft};
use waymark_core::{CommandError, RecordId};

pub use page::SchoolAssessmentPage;

use crate::app::{use_route, Route};
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::{clock, commands};

/// Today's date as a date input shows it.
fn today() -> String {
    clock::to_input(clock::now()).chars().take(10).collect()
}

#[component]
pub fn SchoolAssessments(school_context_id: RecordId) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let list = RwSignal::new(None::<Result<Vec<SchoolAssessment>, CommandError>>);
    spawn_local(async move {
        list.try_set(Some(
            commands::list_school_assessments(school_context_id).await,
        ));
    });
    let dsl_name = RwSignal::new(String::new());
    let dsl_role = RwSignal::new(String::new());
    let agreed_on = RwSignal::new(today());
    let agree = move |_| {
        errors.clear_all();
        let draft = SchoolAssessmentDraft {
            school_context_id,
            dsl: Dsl {
                name: dsl_name.get_untracked(),
                role: dsl_role.get_untracked(),
                contact: String::new(),
            },
            agreed_on: agreed_on.get_untracked(),
            scope: vec![],
        };
        spawn_local(async move {
            match commands::create_school_assessment(&draft).await {
                Ok(assessment) => route.set(Route::SchoolAssessment(assessment.id)),
                Err(error) => errors.show(&error, "dsl"),
            }
        });
    };
    view! {
        <section class="walkabouts">
            <h2>{t("school-school-assessments")}</h2>
            {move || match list.get() {
                Some(Ok(items)) if !items.is_empty() => view! {
                    <ul class="context-list" id="school-assessments">
                        {items.into_iter().map(|a| {
                            let id = a.id;
                            view! {
                                <li><button class="context-row school-row" on:click=move |_| route.set(Route::SchoolAssessment(id))>
                                    <span class="row-name">{t_with("school-agreed-with", &[("date", Arg::from(&a.agreed.agreed_on.to_string())), ("name", Arg::from(&a.agreed.dsl.name))])}</span>
                                    <span class="row-meta">{if a.completed { t("school-completed") } else { t("school-in-progress") }}
                                        {t_with("school-hotspots-count", &[("count", Arg::from(a.hotspots.len()))])}</span>
                                </button></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                _ => ().into_any(),
            }}
            <fieldset class="panel">
                <legend>{t("school-agree-an-assessment-with")}</legend>
                <input id="dsl-name" type="text" placeholder=t("school-dsl-s-name") aria-label=t("school-dsl-s-name")
                    on:input=move |ev| dsl_name.set(event_target_value(&ev))/>
                <input id="dsl-role" type="text" placeholder=t("school-dsl-s-role-e") aria-label=t("school-dsl-s-role")
                    on:input=move |ev| dsl_role.set(event_target_value(&ev))/>
                <label>{t("school-agreed-on")} <input id="agreed-on" type="date" prop:value=agreed_on
                    on:input=move |ev| agreed_on.set(event_target_value(&ev))/></label>
                {field_error(errors, "dsl")}
                {field_error(errors, "date")}
                <button id="agree-school-assessment" class="primary" on:click=agree>{t("school-start-the-school-assessment")}</button>
            </fieldset>
        </section>
    }
}

/// What is assigned to this device's practitioner and still open, on the home page.
#[component]
pub fn MyTasks() -> impl IntoView {
    let route = use_route();
    let tasks = RwSignal::new(None::<(String, Vec<AssignedComponent>)>);
    spawn_local(async move {
        let Ok(name) = commands::practitioner_name().await else {
            return;
        };
        if name.is_empty() {
            return;
        }
        if let Ok(list) = commands::assigned_to(&name).await {
            tasks.try_set(Some((name, list)));
        }
    });
    view! {
        {move || tasks.get().map(|(name, list)| view! {
            <section class="walkabouts">
                <h2>{t("school-my-tasks")}</h2>
                <p class="hint">{t_with("school-parts-assigned-to", &[("name", Arg::from(&name))])}</p>
                {if list.is_empty() {
                    view! { <p class="empty">{t("school-nothing-open")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="context-list" id="my-tasks">
                            {list.into_iter().map(|task| {
                                let id = task.assessment_id;
                                view! {
                                    <li><button class="context-row task-row" on:click=move |_| route.set(Route::SchoolAssessment(id))>
                                        <span class="row-name">{task.kind.named()}</span>
                                        <span class="row-meta">{task.status.named()}
                                            {task.due.map(|due| t_with("school-task-due", &[("due", Arg::from(&due))]))}</span>
                                    </button></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
    }
}
