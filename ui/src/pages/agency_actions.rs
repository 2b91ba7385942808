//! A partner agency's actions, on its reader's home page: the actions of the workspace's plans
//! that their agency owns, each with the place it is for, and a way to update its status with a
//! note. They come from the server, which never sends the plans themselves, so this needs the
//! connection.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::plan::{PartnerAction, PartnerActionUpdate, StatusChange};
use waymark_core::vocabulary::ActionStatus;

use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::{clock, commands};

#[component]
pub fn AgencyActions() -> impl IntoView {
    let actions = RwSignal::new(None::<Result<Vec<PartnerAction>, String>>);
    spawn_local(async move {
        actions.try_set(Some(
            commands::partner_actions()
                .await
                .map_err(|error| error.message),
        ));
    });
    let today = clock::today();
    view! {
        <section class="panel" id="agency-actions">
            <h2>{t("journey-your-agency-s-actions")}</h2>
            <p class="hint">{t("journey-the-work-the-plans")}</p>
            {move || match actions.get() {
                None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
                Some(Err(message)) => view! {
                    <p class="panel-error" role="alert">{message}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" id="no-agency-actions">{t("journey-no-plan-gives-your")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list" id="agency-action-list">
                        {list.into_iter().map(|action| {
                            let today = today.clone();
                            view! { <AgencyActionRow action today actions/> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AgencyActionRow(
    action: PartnerAction,
    today: String,
    actions: RwSignal<Option<Result<Vec<PartnerAction>, String>>>,
) -> impl IntoView {
    let errors = Errors::new();
    let overdue = action.is_overdue(&today);
    let (plan_id, action_id) = (action.plan_id, action.action_id);
    let status = RwSignal::new(action.status.code().to_owned());
    let blocked_reason = RwSignal::new(action.blocked_reason.clone());
    let note = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let save = move |_| {
        errors.clear_all();
        saving.set(true);
        let update = PartnerActionUpdate {
            plan_id,
            action_id,
            change: StatusChange {
                status: status.get_untracked(),
                blocked_reason: blocked_reason.get_untracked(),
                note: note.get_untracked(),
            },
        };
        spawn_local(async move {
            match commands::update_partner_action(update).await {
                Ok(updated) => actions.update(|all| {
                    if let Some(Ok(all)) = all {
                        for listed in all.iter_mut() {
                            if listed.plan_id == plan_id && listed.action_id == action_id {
                                *listed = updated.clone();
                            }
                        }
                    }
                }),
                Err(error) => errors.show(&error, "agency_action"),
            }
            saving.try_set(false);
        });
    };
    view! {
        <li class="action agency-action" class:action-overdue=overdue data-action=action_id.to_string()>
            <p class="eyebrow">{action.context_name.clone()}</p>
            <p class="row-name">{action.description.clone()}</p>
            <p class="row-meta">
                {action.status.named()} " · " {t_with("actions-due", &[("due", Arg::from(&action.due.clone().unwrap_or_else(|| t("actions-due-not-set"))))])}
                {overdue.then(|| view! { <strong class="badge urgent">{t("journey-overdue")}</strong> })}
            </p>
            {(!action.other_statuses.is_empty()).then(|| view! {
                <p class="conflict" role="status">{t("actions-also-set-elsewhere")}" "
                    {action.other_statuses.iter().map(|s| s.named()).collect::<Vec<_>>().join(", ")}</p>
            })}
            <ul class="plain-list updates">
                {action.updates.iter().map(|update| view! {
                    <li class="row-meta">{format!("{} · {}: {}", clock::date_time(update.at), update.by, update.note)}</li>
                }).collect_view()}
            </ul>
            <label>{t("context-status")}
                <select class="agency-action-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    {options(ActionStatus::ALL, ActionStatus::code, ActionStatus::named, Some(action.status))}
                </select>
            </label>
            {move || (status.get() == ActionStatus::Blocked.code()).then(|| view! {
                <label>{t("journey-why-it-is-blocked-2")}
                    <input class="agency-action-blocked" prop:value=blocked_reason on:input=move |ev| blocked_reason.set(event_target_value(&ev))/>
                </label>
            })}
            <label>{t("journey-update-note")}
                <input class="agency-action-note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
            </label>
            {field_error(errors, "agency_action")}
            {field_error(errors, "blocked_reason")}
            <button class="secondary agency-action-save" on:click=save disabled=saving>{t("journey-save-the-update")}</button>
        </li>
    }
}
