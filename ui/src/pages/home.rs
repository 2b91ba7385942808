use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::access::WorkspaceRole;
use waymark_core::vocabulary::ContextStatus;
use waymark_core::{CommandError, ContextSummary, Overdue, WalkInProgress};

use crate::app::{use_route, Route};
use crate::i18n::{t, t_with, Arg, Named};
use crate::pages::agency_actions::AgencyActions;
use crate::pages::erasure::ErasureNotices;
use crate::pages::peer_group::LevelOneMaps;
use crate::pages::safety_alerts::SafetyAlerts;
use crate::pages::school::MyTasks;
use crate::{clock, commands};

#[component]
pub fn HomePage() -> impl IntoView {
    let route = use_route();
    let contexts = RwSignal::new(None::<Result<Vec<ContextSummary>, CommandError>>);
    let search = RwSignal::new(String::new());
    // A partner agency's reader starts from the actions their agency owns.
    let partner = RwSignal::new(false);
    spawn_local(async move {
        contexts.try_set(Some(commands::list_contexts().await));
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            partner.try_set(directory.your_role() == Some(WorkspaceRole::PartnerReader));
        }
    });

    view! {
        <section class="page">
            <SafetyAlerts/>
            <ErasureNotices/>
            {move || partner.get().then(|| view! { <AgencyActions/> })}
            <WalkingNow/>
            <h1>{t("home-title")}</h1>
            <p class="lead">{t("home-lead")}</p>
            // A partner reader adds no records of the team's: the server would not keep them.
            {move || (!partner.get()).then(|| view! {
                <div class="actions">
                    <button id="new-referral" class="primary" on:click=move |_| route.set(Route::NewReferral(None))>
                        {t("home-refer-context")}
                    </button>
                    <button id="new-context" class="secondary" on:click=move |_| route.set(Route::NewContext)>
                        {t("home-new-context")}
                    </button>
                    <button id="system-reviews" class="secondary" on:click=move |_| route.set(Route::SystemReviews)>
                        {t("home-system-reviews")}
                    </button>
                </div>
            })}
            <label for="context-search">{t("home-find-context")}</label>
            <input id="context-search" type="search" prop:value=search
                on:input=move |ev| search.set(event_target_value(&ev))/>
            {move || match contexts.get() {
                None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="panel-error" id="store-error" role="alert">{error.message}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" id="no-contexts">
                        {t("home-no-contexts")}
                    </p>
                }.into_any(),
                Some(Ok(list)) => {
                    let wanted = search.get().trim().to_lowercase();
                    let found: Vec<ContextSummary> = list
                        .into_iter()
                        .filter(|c| {
                            wanted.is_empty()
                                || c.name.to_lowercase().contains(&wanted)
                                || c.area_label.to_lowercase().contains(&wanted)
                        })
                        .collect();
                    view! {
                        <div id="context-list">
                            {ContextStatus::ALL.iter().map(|&status| {
                                let here: Vec<ContextSummary> = found.iter().filter(|c| c.status == status).cloned().collect();
                                (!here.is_empty()).then(|| view! {
                                    <h2 class="status-heading" data-status=status.code()>{t_with("home-status-heading", &[("status", Arg::from(&status.named())), ("count", Arg::from(here.len()))])}</h2>
                                    <ul class="context-list">
                                        {here.into_iter().map(|context| context_row(context, route)).collect_view()}
                                    </ul>
                                })
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
            <MyTasks/>
            <LevelOneMaps/>
        </section>
    }
}

/// A context in the home page's list: where it is, what to do next, and any overdue action.
fn context_row(context: ContextSummary, route: RwSignal<Route>) -> impl IntoView {
    let id = context.id;
    let area = (!context.area_label.is_empty()).then(|| format!(" · {}", context.area_label));
    view! {
        <li>
            <button class="context-row" on:click=move |_| route.set(Route::Context(id))>
                <span class="row-name">{context.name}</span>
                <span class="row-meta">
                    {context.context_type.named()} {area} {t_with("home-updated", &[("at", Arg::Text(&clock::date_time(context.updated_at)))])}
                </span>
                <span class="row-next">{context.status.next_step()}</span>
                {(context.overdue_actions > 0).then(|| view! {
                    <span class="badge urgent">{t_with("home-overdue-actions", &[("count", Arg::from(context.overdue_actions))])}</span>
                })}
            </button>
        </li>
    }
}

/// The walkabouts being walked now, first on the home page: a team out in the field is what a
/// colleague at base looks for first.
#[component]
fn WalkingNow() -> impl IntoView {
    let route = use_route();
    let walks = RwSignal::new(Vec::<WalkInProgress>::new());
    spawn_local(async move {
        if let Ok(found) = commands::walks_in_progress().await {
            walks.try_set(found);
        }
    });
    let now = clock::now();
    move || {
        let listed = walks.get();
        (!listed.is_empty()).then(|| view! {
            <section class="panel" id="walking-now">
                <h2>{t("home-walking-now")}</h2>
                <ul class="plain-list">
                    {listed.into_iter().map(|walk| {
                        let id = walk.id;
                        let state = match walk.overdue(now) {
                            Overdue::OnTime => t_with("home-due-back", &[("at", Arg::Text(&clock::clock_time(walk.expected_finish)))]),
                            Overdue::Overdue { minutes } | Overdue::Alarm { minutes } => t_with("home-overdue-by", &[("minutes", Arg::from(minutes))]),
                        };
                        view! {
                            <li>
                                <button class="context-row walking-row" on:click=move |_| route.set(Route::Walkabout(id))>
                                    <span class="row-name">{walk.purpose}</span>
                                    <span class="row-meta">{state}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
