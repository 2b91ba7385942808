//! Peer-group assessments: Level 1 maps (on the young person's case) and Level 2 groups.

mod consulted;
mod page;
mod peer_map;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::peer_group::{PeerAssessmentDraft, PeerAssessmentSummary, PeerLevel};
use waymark_core::{CommandError, RecordId};

pub use page::PeerAssessmentPage;

use crate::app::{use_route, Route};
use crate::field::{field_error, Errors};
use crate::i18n::t;
use crate::{clock, commands};

fn summary_rows(
    list: Vec<PeerAssessmentSummary>,
    route: RwSignal<Route>,
    id: &'static str,
) -> impl IntoView {
    view! {
        <ul class="context-list" id=id>
            {list.into_iter().map(|summary| {
                let assessment = summary.id;
                let title = match summary.level {
                    PeerLevel::One => t("peer-level-one-map-case-team"),
                    PeerLevel::Two => t("peer-level-two-assessment"),
                };
                view! {
                    <li>
                        <button class="context-row peer-row" on:click=move |_| route.set(Route::PeerAssessment(assessment))>
                            <span class="row-name">{title}</span>
                            <span class="row-meta">
                                {summary.member_count} " people on the map · updated " {clock::date_time(summary.updated_at)}
                            </span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The Level 1 maps on this device, on the home page. No case reference is shown in the list:
/// a list of maps must not become a list of young people (privacy rule P9).
#[component]
pub fn LevelOneMaps() -> impl IntoView {
    let route = use_route();
    let maps = RwSignal::new(None::<Result<Vec<PeerAssessmentSummary>, CommandError>>);
    spawn_local(async move {
        maps.try_set(Some(commands::list_level_one_maps().await));
    });
    view! {
        <section class="walkabouts">
            <h2>{t("peer-maps-title")}</h2>
            <p class="hint">{t("peer-maps-hint")}</p>
            <button id="new-level-one-map" class="secondary" on:click=move |_| route.set(Route::NewLevelOneMap)>
                {t("peer-maps-new")}
            </button>
            {move || match maps.get() {
                Some(Ok(list)) if !list.is_empty() => summary_rows(list, route, "level-one-maps").into_any(),
                Some(Err(error)) => view! { <p class="panel-error">{error.message}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
pub fn NewLevelOneMapPage() -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let case_ref = RwSignal::new(String::new());
    let start = move |_| {
        errors.clear_all();
        let draft = PeerAssessmentDraft {
            level: PeerLevel::One,
            subject_case_ref: Some(case_ref.get_untracked()),
            group_context_id: None,
        };
        spawn_local(async move {
            match commands::create_peer_assessment(&draft).await {
                Ok(map) => route.set(Route::PeerAssessment(map.id)),
                Err(error) => errors.show(&error, "subject_case_ref"),
            }
        });
    };
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("peer-home")}</button>
            <h1>{t("peer-maps-new")}</h1>
            <div class="field">
                <label for="subject-case-ref">{t("peer-the-young-person-s")}</label>
                <p class="hint">{t("peer-only-the-case-system")}</p>
                <input id="subject-case-ref" type="text" autocomplete="off" on:input=move |ev| case_ref.set(event_target_value(&ev))/>
                {field_error(errors, "subject_case_ref")}
                {field_error(errors, "case_ref")}
            </div>
            <button id="start-map" class="primary" on:click=start>{t("peer-start-the-map")}</button>
        </section>
    }
}

/// The Level 2 assessments of a peer group, on the group's context page.
#[component]
pub fn GroupAssessments(group_context_id: RecordId) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let list = RwSignal::new(None::<Result<Vec<PeerAssessmentSummary>, CommandError>>);
    spawn_local(async move {
        list.try_set(Some(
            commands::list_peer_assessments(group_context_id).await,
        ));
    });
    let start = move |_| {
        let draft = PeerAssessmentDraft {
            level: PeerLevel::Two,
            subject_case_ref: None,
            group_context_id: Some(group_context_id),
        };
        spawn_local(async move {
            match commands::create_peer_assessment(&draft).await {
                Ok(assessment) => route.set(Route::PeerAssessment(assessment.id)),
                Err(error) => errors.show(&error, "group_context_id"),
            }
        });
    };
    view! {
        <section class="walkabouts">
            <h2>{t("peer-peer-group-assessments")}</h2>
            <button id="start-group-assessment" class="primary" on:click=start>{t("peer-start-a-level-2")}</button>
            {field_error(errors, "group_context_id")}
            {move || match list.get() {
                Some(Ok(items)) if !items.is_empty() => summary_rows(items, route, "group-assessments").into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
