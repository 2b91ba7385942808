//! A context's journey: the referral and its screening, the context conference, the plan with
//! its partner actions, and the timeline on the context's page that leads to each.

mod conference;
mod plan;
mod referral;

pub use conference::ConferencePage;
pub use plan::PlanPage;
pub use referral::{NewReferralPage, ReferralPage, ReferralStart};

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::conference::ConferenceDraft;
use waymark_core::timeline::Timeline;
use waymark_core::{RecordId, RecordKind};

use crate::app::{use_route, Route};
use crate::commands;
use crate::i18n::{self, t, t_with, Arg, Named};
use crate::loaded::loaded;

/// Where a timeline entry's record opens.
pub fn route_to(kind: RecordKind, id: RecordId) -> Route {
    match kind {
        RecordKind::Referral => Route::Referral(id),
        RecordKind::Conference => Route::Conference(id),
        RecordKind::Plan => Route::Plan(id),
        RecordKind::Walkabout => Route::Walkabout(id),
        RecordKind::SchoolAssessment => Route::SchoolAssessment(id),
        RecordKind::PeerAssessment => Route::PeerAssessment(id),
        RecordKind::Context => Route::Context(id),
        RecordKind::SystemReview => Route::SystemReview(id),
    }
}

/// The context's timeline: every step in order, the assessments still to start, and the way on
/// to a conference or the plan. The first thing on the context's page.
#[component]
pub fn ContextTimeline(context_id: RecordId) -> impl IntoView {
    let route = use_route();
    let error = RwSignal::new(None::<String>);
    let arrange = move |_| {
        spawn_local(async move {
            let draft = ConferenceDraft {
                context_id,
                held_on: String::new(),
                format: "social_care_chaired".to_owned(),
            };
            match commands::create_conference(draft).await {
                Ok(conference) => route.set(Route::Conference(conference.id)),
                Err(failure) => error.set(Some(failure.message)),
            }
        });
    };
    view! {
        <section class="panel" id="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t("journey-timeline")}</h2>
            {loaded(commands::context_timeline(context_id), move |timeline: Timeline| {
                let overdue = timeline.overdue_actions;
                let latest_plan = timeline.plan_ids.last().copied();
                view! {
                    {(overdue > 0).then(|| view! {
                        <p class="overdue" id="overdue-actions" role="status">
                            "⚠ " {t_with("journey-actions-overdue", &[("count", Arg::from(overdue))])}
                        </p>
                    })}
                    {(!timeline.tasks.is_empty()).then(|| view! {
                        <h3>{t("journey-assessments-chosen-at-screening")}</h3>
                        <ul class="task-list" id="assessment-tasks">
                            {timeline.tasks.into_iter().map(|task| view! {
                                <li class:done=task.started>
                                    {if task.started { "✓ " } else { "○ " }}
                                    {task.kind.named()}
                                    <span class="row-meta">
                                        " · " {t_with("journey-lead", &[("worker", Arg::from(&task.lead_worker))])}
                                        {task.due.map(|due| format!(" · {}", t_with("journey-due-on", &[("date", Arg::from(&due.to_string()))])))}
                                        " · " {if task.started { t("journey-started") } else { t("journey-not-started") }}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {if timeline.entries.is_empty() {
                        view! { <p class="empty">{t("journey-nothing-has-happened-yet")}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="timeline" id="timeline-entries">
                                {timeline.entries.into_iter().map(|entry| {
                                    let target = route_to(entry.record_kind, entry.record);
                                    view! {
                                        <li>
                                            <button class="context-row timeline-entry" data-step=format!("{:?}", entry.step)
                                                on:click=move |_| route.set(target)>
                                                <span class="row-name">{entry.step.named()}</span>
                                                <span class="row-meta">{entry.on} " · " {entry.summary.line_in(i18n::current())}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <div class="actions">
                        {latest_plan.map(|plan| view! {
                            <button id="open-plan" class="primary" on:click=move |_| route.set(Route::Plan(plan))>{t("journey-open-the-plan")}</button>
                        })}
                        <button id="arrange-conference" class="secondary" on:click=arrange>{t("journey-arrange-a-context-conference")}</button>
                    </div>
                }
            })}
            {move || error.get().map(|message| view! { <p class="panel-error" role="alert">{message}</p> })}
        </section>
    }
}
