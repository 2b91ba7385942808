use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::school::{
    Assignment, ComponentKind, ComponentStatus, RagArea, RagRating, SchoolAssessment,
};
use waymark_core::vocabulary::Rag;
use waymark_core::workspace_settings::WorkspaceSettings;
use waymark_core::RecordId;

use super::agreement::{Scope, Visits};
use super::observations::SchoolObservations;
use super::recommendations::AgencyRecommendations;
use super::site_plan::SitePlan;
use crate::app::{use_route, Route};
use crate::autosave::{AutoSave, SaveStatusBar};
use crate::commands;
use crate::field::{field_error, options, Errors};
use crate::i18n::{self, t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::name_flags::{NameCheck, NameFlags};
use crate::pages::conflicts::FieldConflicts;
use crate::pages::erasure::EraseRecord;
use crate::pages::history::History;
use crate::pages::who_can_see::WhoCanSee;

const STATUSES: [ComponentStatus; 4] = [
    ComponentStatus::NotStarted,
    ComponentStatus::InProgress,
    ComponentStatus::Done,
    ComponentStatus::NotUsed,
];

#[component]
pub fn SchoolAssessmentPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_school_assessment(id), move |found: SchoolAssessment| {
                let school = found.agreed.school_context_id;
                let assessment = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(Route::Context(school))>{t("school-back-to-the-school")}</button>
                    <WorkspacePeople/>
                    <Assessment assessment/>
                }
            })}
        </section>
    }
}

/// The workspace's practitioners and managers, offered when assigning a part: the people the
/// server last named, so "My tasks" on their devices finds what is theirs.
#[component]
fn WorkspacePeople() -> impl IntoView {
    let people = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            let names = directory
                .members
                .into_iter()
                .filter(|member| member.role.works_on_team_records())
                .map(|member| member.user)
                .collect();
            people.try_set(names);
        }
    });
    view! {
        <datalist id="workspace-people">
            {move || people.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
        </datalist>
    }
}

#[component]
fn Assessment(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let id = assessment.with_untracked(|a| a.id);
    let summaries = AutoSave::new(
        id,
        |(kind, _): &(ComponentKind, String)| kind.code(),
        |id, edit| {
            Box::pin(async move { commands::update_component_summary(id, edit).await.map(drop) })
        },
    );
    let recommendations = AutoSave::new(
        id,
        |_: &String| "recommendations",
        |id, text| {
            Box::pin(async move { commands::update_recommendations(id, text).await.map(drop) })
        },
    );
    let (dsl, agreed_on, initial_recommendations) = assessment.with_untracked(|a| {
        (
            a.agreed.dsl.clone(),
            a.agreed.agreed_on.clone(),
            a.recommendations.clone(),
        )
    });
    let errors = Errors::new();
    // The page is headed with the school's name, as everyone calls the assessment.
    let school_name = RwSignal::new(None::<String>);
    let school = assessment.with_untracked(|a| a.agreed.school_context_id);
    spawn_local(async move {
        if let Ok(context) = commands::get_context(school).await {
            school_name.try_set(Some(context.name));
        }
    });
    // The workspace's own names for the summary's areas, as last synced.
    let areas = RwSignal::new(WorkspaceSettings::default());
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            areas.try_set(directory.settings);
        }
    });
    // Privacy rule P3: every piece of prose is checked against the workspace's first names.
    let names = NameCheck::school(assessment, errors, "write_up");
    let typed_recommendations = RwSignal::new(initial_recommendations.clone());
    let hotspot_notes = Signal::derive(move || {
        assessment.with(|a| {
            a.hotspots
                .iter()
                .map(|(_, hotspot)| hotspot.note.as_str())
                .collect::<Vec<_>>()
                .join(". ")
        })
    });
    let complete = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::complete_school_assessment(id).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "rag_summary"),
            }
        });
    };
    view! {
        <SaveStatusBar status=summaries.status/>
        <header>
            <p class="eyebrow">{t("school-school-assessment")}</p>
            <h1 id="school-name">{move || school_name.get().unwrap_or_else(|| t("school-school"))}</h1>
            <p class="muted">{t_with("school-agreed-with-role", &[("date", Arg::from(&agreed_on.to_string())), ("name", Arg::from(&dsl.name)), ("role", Arg::from(&dsl.role))])}</p>
            {move || assessment.with(|a| a.completed).then(|| view! { <p class="done" id="school-completed">{t("school-completed-editing-is-still")}</p> })}
        </header>
        <FieldConflicts id changed=Signal::derive(move || assessment.with(|a| a.updated_at.to_string()))/>
        <Scope assessment/>
        <Visits assessment/>
        <section>
            <h2>{t("school-components")}</h2>
            {ComponentKind::ALL.into_iter().map(|kind| view! { <ComponentPanel assessment kind summaries names/> }).collect_view()}
        </section>
        <SchoolObservations assessment/>
        <SitePlan assessment/>
        <NameFlags text=hotspot_notes first_names=names.first_names confirmed=names.confirmed field="hotspot-notes" confirm=names.confirm/>
        <section>
            <h2>{t("school-rag-summary")}</h2>
            <p class="hint">{t("school-red-serious-concern-act")}</p>
            {RagArea::ALL.into_iter().map(|area| view! { <RagPanel assessment area names areas/> }).collect_view()}
        </section>
        <div class="field">
            <label for="recommendations">{t("school-recommendations-in-general")}</label>
            <textarea id="recommendations" rows="4" prop:value=initial_recommendations
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    typed_recommendations.set(value.clone());
                    recommendations.save(value);
                }></textarea>
            <NameFlags text=typed_recommendations first_names=names.first_names confirmed=names.confirmed field="recommendations" confirm=names.confirm/>
            {field_error(recommendations.errors, "recommendations")}
        </div>
        <AgencyRecommendations assessment names/>
        {field_error(errors, "rag_summary")}
        {field_error(errors, "write_up")}
        <button id="complete-school" class="primary" on:click=complete>{t("school-complete-the-assessment")}</button>
        <WhoCanSee id/>
        <History id changed=Signal::derive(move || {
            format!("{:?} {:?} {:?}", summaries.status.get(), recommendations.status.get(), assessment.with(|a| a.updated_at))
        })/>
        <EraseRecord id/>
    }
}

#[component]
fn ComponentPanel(
    assessment: RwSignal<SchoolAssessment>,
    kind: ComponentKind,
    summaries: AutoSave<(ComponentKind, String)>,
    names: NameCheck,
) -> impl IntoView {
    let errors = Errors::new();
    let current =
        assessment.with_untracked(|a| a.components.iter().find(|c| c.kind == kind).cloned());
    let (owner, status, due, summary) = match current {
        Some(c) => (
            c.assignment
                .as_ref()
                .map(|a| a.owner.clone())
                .unwrap_or_default(),
            c.assignment.as_ref().map_or(0, |a| {
                STATUSES.iter().position(|s| *s == a.status).unwrap_or(0)
            }),
            c.assignment
                .as_ref()
                .and_then(|a| a.due.clone())
                .unwrap_or_default(),
            c.summary,
        ),
        None => (String::new(), 0, String::new(), String::new()),
    };
    let typed = RwSignal::new(summary.clone());
    let owner = RwSignal::new(owner);
    let status = RwSignal::new(status);
    let due = RwSignal::new(due);
    let assign = move || {
        errors.clear_all();
        let due = due.get_untracked();
        let assignment = Assignment {
            owner: owner.get_untracked(),
            status: STATUSES[status.get_untracked()],
            due: (!due.trim().is_empty()).then_some(due),
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::assign_component(id, kind, &assignment).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "owner"),
            }
        });
    };
    let code = kind.code();
    view! {
        <div class="panel component" id=format!("component-{code}")>
            <h3>{kind.named()}</h3>
            <div class="pair">
                <input id=format!("owner-{code}") type="text" list="workspace-people" placeholder=t("school-who-does-this") aria-label=t("school-who-does-this")
                    prop:value=owner on:input=move |ev| owner.set(event_target_value(&ev)) on:change=move |_| assign()/>
                <select id=format!("status-{code}") aria-label=t("context-status")
                    on:change=move |ev| { status.set(event_target_value(&ev).parse().unwrap_or(0)); assign(); }>
                    {STATUSES.iter().enumerate().map(|(index, s)| view! {
                        <option value=index.to_string() selected=index == status.get_untracked()>{s.named()}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="inline-field">{t("school-due-by")}" "
                <input id=format!("due-{code}") type="date" prop:value=due
                    on:input=move |ev| due.set(event_target_value(&ev)) on:change=move |_| assign()/>
            </label>
            {field_error(errors, "owner")}
            {field_error(errors, "date")}
            <textarea id=format!("summary-{code}") rows="3" aria-label=t("school-summary") placeholder=t("school-summary-aggregates-only-never")
                prop:value=summary on:input=move |ev| {
                    let value = event_target_value(&ev);
                    typed.set(value.clone());
                    summaries.save((kind, value));
                }></textarea>
            <NameFlags text=typed first_names=names.first_names confirmed=names.confirmed field=code confirm=names.confirm/>
            {field_error(summaries.errors, code)}
        </div>
    }
}

#[component]
fn RagPanel(
    assessment: RwSignal<SchoolAssessment>,
    area: RagArea,
    names: NameCheck,
    areas: RwSignal<WorkspaceSettings>,
) -> impl IntoView {
    let errors = Errors::new();
    let current = assessment.with_untracked(|a| {
        a.rag_summary
            .iter()
            .find(|(x, _)| *x == area)
            .map(|(_, r)| r.clone())
    });
    let rag = RwSignal::new(
        current
            .as_ref()
            .map_or(Rag::Amber, |r| r.rag)
            .code()
            .to_owned(),
    );
    let reason = RwSignal::new(current.map(|r| r.reason).unwrap_or_default());
    let saved = RwSignal::new(false);
    let save = move |_| {
        errors.clear_all();
        saved.set(false);
        let rating = RagRating {
            rag: Rag::from_code(&rag.get_untracked()).unwrap_or(Rag::Amber),
            reason: reason.get_untracked(),
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::rate_area(id, area, &rating).await {
                Ok(updated) => {
                    assessment.set(updated);
                    saved.try_set(true);
                }
                Err(error) => errors.show(&error, "rag_summary"),
            }
        });
    };
    // Each rater's own proposal, kept under their name; the lead agrees the rating below.
    let proposed_rag = RwSignal::new(Rag::Amber.code().to_owned());
    let proposed_reason = RwSignal::new(String::new());
    let propose = move |_| {
        errors.clear_all();
        let rating = RagRating {
            rag: Rag::from_code(&proposed_rag.get_untracked()).unwrap_or(Rag::Amber),
            reason: proposed_reason.get_untracked(),
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::propose_rating(id, area, rating).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "rag_proposal"),
            }
        });
    };
    let code = area.code();
    view! {
        <div class="panel rag" id=format!("rag-{code}")>
            <h3>{move || areas.with(|settings| settings.rag_area_label_in(i18n::current(), area))}</h3>
            <div class="proposals" id=format!("proposals-{code}")>
                <h4>{t("school-proposals")}</h4>
                {move || assessment.with(|a| {
                    let here: Vec<_> = a.rag_proposals.iter().filter(|p| p.area == area).cloned().collect();
                    if here.is_empty() {
                        view! { <p class="muted">{t("school-no-proposals-yet")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                                {here.into_iter().map(|p| view! {
                                    <li class="proposal">
                                        <strong>{p.author}</strong> ": " {p.rating.rag.named()}
                                        {(!p.rating.reason.is_empty()).then(|| format!(" · {}", p.rating.reason))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </div>
            <fieldset>
                <legend>{t("school-your-proposal")}</legend>
                <select id=format!("propose-value-{code}") aria-label=t("school-your-rating") on:change=move |ev| proposed_rag.set(event_target_value(&ev))>
                    {options(Rag::ALL, Rag::code, Rag::named, Some(Rag::Amber))}
                </select>
                <textarea id=format!("propose-reason-{code}") rows="2" aria-label=t("school-why-you-propose-it") placeholder=t("school-why-you-propose-this")
                    prop:value=proposed_reason on:input=move |ev| proposed_reason.set(event_target_value(&ev))></textarea>
                {field_error(errors, "rag_proposal")}
                <button id=format!("propose-{code}") class="secondary" on:click=propose>{t("school-propose")}</button>
            </fieldset>
            <fieldset>
                <legend>{t("school-agreed-rating-the-lead")}</legend>
                <select id=format!("rag-value-{code}") aria-label=t("school-rating") on:change=move |ev| rag.set(event_target_value(&ev))>
                    {options(Rag::ALL, Rag::code, Rag::named, Rag::from_code(&rag.get_untracked()).ok())}
                </select>
                <textarea id=format!("reason-{code}") rows="2" aria-label=t("records-reason") placeholder=t("school-why-this-rating")
                    prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <NameFlags text=reason first_names=names.first_names confirmed=names.confirmed field=format!("reason-{code}") confirm=names.confirm/>
                {field_error(errors, "rag_summary")}
                <button id=format!("rate-{code}") class="secondary" on:click=save>{t("school-save-the-agreed-rating")}</button>
                {move || saved.get().then(|| view! { <p class="muted">{t("settings-saved-on-this-device")}</p> })}
            </fieldset>
        </div>
    }
}
