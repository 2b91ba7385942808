//! Walkabouts: the list on a context's page, the plan, and the walkabout's own page, which shows
//! what the walkabout's state calls for: check in, walk, or write up.

mod check_in;
mod plan;
mod sketch_map;
mod walking;
mod write_up;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{CommandError, RecordId, Walkabout, WalkaboutState, WalkaboutSummary};

pub use plan::PlanWalkaboutPage;

use crate::app::{use_route, walkabout_words, Route};
use crate::i18n::{t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::pages::conflicts::FieldConflicts;
use crate::{clock, commands};

/// The walkabouts of a context, on the context's page.
#[component]
pub fn WalkaboutList(context_id: RecordId) -> impl IntoView {
    let route = use_route();
    let words = walkabout_words();
    let walkabouts = RwSignal::new(None::<Result<Vec<WalkaboutSummary>, CommandError>>);
    spawn_local(async move {
        walkabouts.try_set(Some(commands::list_walkabouts(context_id).await));
    });
    view! {
        <section class="walkabouts">
            <h2 id="walkabouts-heading">{move || words.with(|w| w.many.clone())}</h2>
            <button id="plan-walkabout" class="primary" on:click=move |_| route.set(Route::PlanWalkabout(context_id))>
                {move || words.with(|w| t_with("walkabout-plan-new", &[("walkabout", Arg::from(&w.one_in_text()))]))}
            </button>
            {move || match walkabouts.get() {
                None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="panel-error">{error.message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">{words.with(|w| t_with("walkabout-none-yet", &[("walkabouts", Arg::from(&w.many_in_text()))]))}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="context-list" id="walkabout-list">
                        {list.into_iter().map(|w| {
                            let id = w.id;
                            view! {
                                <li>
                                    <button class="context-row walkabout-row" on:click=move |_| route.set(Route::Walkabout(id))>
                                        <span class="row-name">{w.purpose}</span>
                                        <span class="row-meta">
                                            {w.state.named()} " · " {clock::date_time(w.planned_start)} " · "
                                            {w.observation_count} " observations"
                                        </span>
                                        {w.urgent_concern.then(|| view! { <span class="badge urgent">{t("walkabout-urgent-concern")}</span> })}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// A walkabout's page.
#[component]
pub fn WalkaboutPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_walkabout(id), move |walkabout: Walkabout| {
                let back = walkabout.plan.context_ids.first().copied();
                let current = RwSignal::new(walkabout);
                view! {
                    <button id="back" class="link" on:click=move |_| {
                        route.set(back.map_or(Route::Home, Route::Context));
                    }>{t("walkabout-back-to-the-context")}</button>
                    <WalkaboutView current/>
                }
            })}
        </section>
    }
}

#[component]
fn WalkaboutView(current: RwSignal<Walkabout>) -> impl IntoView {
    let words = walkabout_words();
    // Only a change of state rebuilds the page; other changes update the parts that show them.
    let state = Memo::new(move |_| current.with(|w| w.state));
    // A walk that covers several places names them all; one place is the page it came from.
    let context_ids = current.with_untracked(|w| w.plan.context_ids.clone());
    let places = RwSignal::new(Vec::<String>::new());
    if context_ids.len() > 1 {
        spawn_local(async move {
            if let Ok(named) = commands::contexts_named(&context_ids).await {
                places.try_set(named.into_iter().map(|c| c.name).collect());
            }
        });
    }
    view! {
        <header class="walkabout-header">
            <p class="eyebrow" id="walkabout-eyebrow">{move || words.with(|w| w.one.clone())}</p>
            <h1>{move || current.with(|w| w.plan.purpose.clone())}</h1>
            <p class="state" id="walkabout-state">{move || state.get().named()}</p>
            <p class="muted">
                {t("walkabout-team-is")} " " {move || current.with(|w| w.plan.team.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", "))}
            </p>
            {move || places.with(|names| (!names.is_empty()).then(|| view! {
                <p class="muted" id="walkabout-places">{t("walkabout-places-are")} " " {names.join(", ")}</p>
            }))}
        </header>
        <FieldConflicts id=current.with_untracked(|w| w.id) changed=Signal::derive(move || current.with(|w| w.updated_at.to_string()))/>
        {move || match state.get() {
            WalkaboutState::Planned => view! { <check_in::CheckInForm current/> }.into_any(),
            WalkaboutState::InProgress => view! { <walking::WalkingScreen current/> }.into_any(),
            WalkaboutState::CheckedOut | WalkaboutState::Completed => view! {
                <write_up::WriteUp current/>
            }.into_any(),
            WalkaboutState::Cancelled => view! {
                <p class="panel-error" id="cancelled">
                    {words.with(|w| t_with("walkabout-was-cancelled", &[("walkabout", Arg::from(&w.one_in_text()))]))}
                    {current.with(|w| if w.cancel_reason.is_empty() { ".".to_owned() } else { format!(": {}", w.cancel_reason) })}
                </p>
            }.into_any(),
        }}
    }
}

/// Which member of the team did something (checked in, checked out): the walkabout records it.
/// Starts at the first member, the lead.
pub(super) fn team_member_choice(
    id: &'static str,
    label: String,
    current: RwSignal<Walkabout>,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let names: Vec<String> =
        current.with_untracked(|w| w.plan.team.iter().map(|m| m.name.clone()).collect());
    if chosen.get_untracked().is_empty() {
        chosen.set(names.first().cloned().unwrap_or_default());
    }
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| chosen.set(event_target_value(&ev))>
                {names.into_iter().map(|name| {
                    let selected = name == chosen.get_untracked();
                    let shown = name.clone();
                    view! { <option value=name selected=selected>{shown}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
