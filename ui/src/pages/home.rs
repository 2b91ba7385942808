use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::access::WorkspaceRole;
use waymark_core::{
    CommandError, ContextGroup, ContextSearch, ContextSummary, Overdue, WalkInProgress,
    CONTEXTS_PER_PAGE,
};

use crate::app::{use_route, Route};
use crate::i18n::{t, t_with, Arg, Named};
use crate::on_demand::{self, when_fetched};
use crate::{clock, commands};

#[component]
pub fn HomePage() -> impl IntoView {
    let route = use_route();
    // A partner agency's reader starts from the actions their agency owns.
    let partner = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            partner.try_set(directory.your_role() == Some(WorkspaceRole::PartnerReader));
        }
    });

    view! {
        <section class="page">
            {when_fetched(on_demand::safety_alerts())}
            {when_fetched(on_demand::erasure_notices())}
            {move || partner.get().then(|| when_fetched(on_demand::agency_actions()))}
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
            <ContextList/>
            {when_fetched(on_demand::my_tasks())}
            {when_fetched(on_demand::level_one_maps())}
        </section>
    }
}

/// The contexts, a page of each status at a time, found by name or area as the practitioner
/// types: a device holding a year's records lists 25 of each status, not thousands.
#[component]
fn ContextList() -> impl IntoView {
    let route = use_route();
    let search = RwSignal::new(ContextSearch::default());
    let groups = RwSignal::new(None::<Result<Vec<ContextGroup>, CommandError>>);
    // Answers can come back out of order while someone types; only the latest is shown.
    let asked = StoredValue::new(0_u64);
    let find = move |wanted: ContextSearch| {
        let ask = asked.get_value() + 1;
        asked.set_value(ask);
        search.set(wanted.clone());
        spawn_local(async move {
            let found = commands::find_contexts(&wanted).await;
            if asked.try_get_value() == Some(ask) {
                groups.try_set(Some(found));
            }
        });
    };
    find(ContextSearch::default());

    view! {
        <label for="context-search">{t("home-find-context")}</label>
        <input id="context-search" type="search" prop:value=move || search.with(|s| s.text.clone())
            on:input=move |ev| find(ContextSearch { text: event_target_value(&ev), shown: Vec::new() })/>
        {move || match groups.get() {
            None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
            Some(Err(error)) => view! {
                <p class="panel-error" id="store-error" role="alert">{error.message}</p>
            }.into_any(),
            Some(Ok(found)) if found.is_empty() => {
                let typed = search.with(|s| s.text.trim().to_owned());
                if typed.is_empty() {
                    view! { <p class="empty" id="no-contexts">{t("home-no-contexts")}</p> }.into_any()
                } else {
                    view! {
                        <p class="empty" id="no-match">{t_with("home-no-match", &[("search", Arg::Text(&typed))])}</p>
                    }.into_any()
                }
            }
            Some(Ok(found)) => view! {
                <div id="context-list">
                    {found.into_iter().map(|group| {
                        let status = group.status;
                        let unlisted = group.unlisted();
                        let shown = group.contexts.len();
                        view! {
                            <h2 class="status-heading" data-status=status.code()>{t_with("home-status-heading", &[("status", Arg::from(&status.named())), ("count", Arg::from(group.total))])}</h2>
                            <ul class="context-list">
                                {group.contexts.into_iter().map(|context| context_row(context, route)).collect_view()}
                            </ul>
                            {(unlisted > 0).then(|| view! {
                                <p class="muted list-more">{t_with("home-showing", &[("shown", Arg::from(shown)), ("total", Arg::from(group.total))])}</p>
                                <button class="secondary show-more" data-status=status.code()
                                    on:click=move |_| find(search.get_untracked().show_more(status))>
                                    {t_with("home-show-more", &[("count", Arg::from(unlisted.min(CONTEXTS_PER_PAGE))), ("total", Arg::from(group.total))])}
                                </button>
                            })}
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
        }}
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
