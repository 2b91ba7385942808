//! A context's plan: goals, partner actions with owners and due dates, their status and updates,
//! agreement, and reviews. Overdue actions stand out; a status set twice at once is shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::plan::{Action, ActionDraft, Plan, PlanEdit, ReviewDraft, StatusChange};
use waymark_core::vocabulary::{ActionStatus, PartnerAgency, ReviewDecision};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::name_flags::{NameCheck, NameFlags};
use crate::pages::history::History;
use crate::{clock, commands};

#[component]
pub fn PlanPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_plan(id), move |found: Plan| {
                let context = found.context_id;
                let plan = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(Route::Context(context))>{t("walkabout-back-to-the-context")}</button>
                    <h1>{t("journey-plan")}</h1>
                    <p class="hint">{t("journey-a-plan-describes-the")}</p>
                    <PlanBody plan/>
                    <History id changed=Signal::derive(move || plan.with(|p| p.updated_at.to_string()))/>
                }
            })}
        </section>
    }
}

#[component]
fn PlanBody(plan: RwSignal<Plan>) -> impl IntoView {
    let errors = Errors::new();
    let id = plan.with_untracked(|p| p.id);
    let today = clock::today();
    let change =
        move |result: Result<Plan, waymark_core::CommandError>, slot: &'static str| match result {
            Ok(updated) => plan.set(updated),
            Err(error) => errors.show(&error, slot),
        };
    let edit = move |edit: PlanEdit, slot: &'static str| {
        errors.clear(slot);
        spawn_local(async move { change(commands::update_plan(id, edit).await, slot) });
    };
    let names = NameCheck::plan(plan, errors, "agree");
    let goal = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let owner_role = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let review_summary = RwSignal::new(String::new());
    let review_decision = RwSignal::new(String::new());
    let next_review = RwSignal::new(String::new());
    let agree = move |_| {
        errors.clear_all();
        spawn_local(async move { change(commands::agree_plan(id).await, "agree") });
    };
    let review = move |_| {
        errors.clear_all();
        let draft = ReviewDraft {
            held_on: clock::today(),
            summary: review_summary.get_untracked(),
            decision: review_decision.get_untracked(),
            next_review: Some(next_review.get_untracked()),
        };
        spawn_local(async move { change(commands::review_plan(id, draft).await, "review") });
    };
    view! {
        <p class="status-line" id="plan-status">
            {move || plan.with(|p| match (p.closed, p.agreed) {
                (true, _) => t("plan-closed"),
                (false, true) => t_with("plan-agreed-review-on", &[("date", Arg::from(&p.review_date.clone().unwrap_or_default()))]),
                (false, false) => t("plan-not-yet-agreed"),
            })}
        </p>
        <section id="goals">
            <h2>{t("journey-goals")}</h2>
            <ul class="plain-list">
                {move || plan.with(|p| p.goals.iter().map(|g| view! { <li class="goal">{g.statement.clone()}</li> }).collect_view())}
            </ul>
            <label for="new-goal">{t("journey-a-goal-for-the")}</label>
            <input id="new-goal" prop:value=goal on:input=move |ev| goal.set(event_target_value(&ev))/>
            {field_error(errors, "goals")}
            <button id="add-goal" class="secondary" on:click=move |_| {
                edit(PlanEdit::AddGoal(goal.get_untracked()), "goals");
                goal.set(String::new());
            }>{t("journey-add-goal")}</button>
        </section>
        <section id="actions">
            <h2>{t("journey-actions")}</h2>
            <ul class="action-list" id="action-list">
                {move || {
                    let today = today.clone();
                    plan.with(|p| p.actions.iter().cloned().map(|action| view! {
                        <ActionRow plan action today=today.clone() errors/>
                    }).collect_view())
                }}
            </ul>
            <fieldset id="new-action">
                <legend>{t("journey-add-an-action")}</legend>
                <label for="action-description">{t("journey-what-will-be-done")}</label>
                <input id="action-description" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))/>
                <label for="action-agency">{t("journey-owner-agency")}</label>
                <select id="action-agency" prop:value=agency on:change=move |ev| agency.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, None)}
                </select>
                <label for="action-owner-role">{t("journey-owner-a-role-or")}</label>
                <input id="action-owner-role" prop:value=owner_role on:input=move |ev| owner_role.set(event_target_value(&ev))/>
                <label for="action-due">{t("journey-due")}</label>
                <input id="action-due" type="date" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
                {field_error(errors, "description")}
                <button id="add-action" class="primary" on:click=move |_| {
                    edit(PlanEdit::AddAction(ActionDraft {
                        goal_id: plan.with_untracked(|p| p.goals.last().map(|g| g.id)),
                        description: description.get_untracked(),
                        owner_agency: Some(agency.get_untracked()),
                        owner_role: owner_role.get_untracked(),
                        owner_name: String::new(),
                        due: Some(due.get_untracked()),
                    }), "description");
                    description.set(String::new());
                    owner_role.set(String::new());
                }>{t("journey-add-action")}</button>
            </fieldset>
        </section>
        <label for="review-date">{t("journey-review-date")}</label>
        <input id="review-date" type="date" prop:value=move || plan.with(|p| p.review_date.clone().unwrap_or_default())
            on:change=move |ev| edit(PlanEdit::ReviewDate(event_target_value(&ev)), "review_date")/>
        {field_error(errors, "review_date")}
        {field_error(errors, "actions")}
        {field_error(errors, "text")}
        // P3 over everything the plan says, with a way to confirm a word is not a child's name.
        <NameFlags text=Signal::derive(move || plan.with(|p| p.free_texts().collect::<Vec<_>>().join("\n")))
            first_names=names.first_names confirmed=names.confirmed field="plan" confirm=names.confirm/>
        {field_error(errors, "agree")}
        {move || (!plan.with(|p| p.agreed)).then(|| view! {
            <button id="agree-plan" class="primary" on:click=agree>{t("journey-agree-the-plan")}</button>
        })}
        <section id="reviews">
            <h2>{t("journey-reviews")}</h2>
            <ul class="plain-list">
                {move || plan.with(|p| p.reviews.iter().map(|r| view! {
                    <li>{format!("{}: {} · {}", r.held_on, r.decision.named(), r.summary)}</li>
                }).collect_view())}
            </ul>
            {move || (plan.with(|p| p.agreed && !p.closed)).then(|| view! {
                <label for="review-summary">{t("journey-what-the-review-found")}</label>
                <textarea id="review-summary" rows="3" prop:value=review_summary on:input=move |ev| review_summary.set(event_target_value(&ev))></textarea>
                <label for="review-decision">{t("journey-decision")}</label>
                <select id="review-decision" on:change=move |ev| review_decision.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {options(ReviewDecision::ALL, ReviewDecision::code, ReviewDecision::named, None)}
                </select>
                <label for="next-review-date">{t("journey-next-review")}</label>
                <input id="next-review-date" type="date" prop:value=next_review on:input=move |ev| next_review.set(event_target_value(&ev))/>
                {field_error(errors, "summary")}
                {field_error(errors, "review")}
                <button id="review-plan" class="secondary" on:click=review>{t("journey-record-the-review")}</button>
            })}
        </section>
    }
}

/// One action: its owner and date, standing out when overdue, its status with any other status
/// set at the same time elsewhere, and its updates.
#[component]
fn ActionRow(plan: RwSignal<Plan>, action: Action, today: String, errors: Errors) -> impl IntoView {
    let id = plan.with_untracked(|p| p.id);
    let action_id = action.id;
    let overdue = action.is_overdue(&today);
    let blocked_reason = RwSignal::new(action.blocked_reason.clone());
    let note = RwSignal::new(String::new());
    let set_status = move |status: String| {
        errors.clear("blocked_reason");
        let change = StatusChange {
            status,
            blocked_reason: blocked_reason.get_untracked(),
            note: note.get_untracked(),
        };
        spawn_local(async move {
            match commands::set_action_status(id, action_id, change).await {
                Ok(updated) => {
                    note.set(String::new());
                    plan.set(updated);
                }
                Err(error) => errors.show(&error, "blocked_reason"),
            }
        });
    };
    let owner = format!(
        "{}{}",
        action.owner_agency.map_or_else(
            || t("plan-no-owner-agency"),
            |agency| agency.named().to_owned()
        ),
        if action.owner_role.is_empty() {
            String::new()
        } else {
            format!(" · {}", action.owner_role)
        }
    );
    view! {
        <li class="action" class:action-overdue=overdue data-action=action_id.to_string()>
            <p class="row-name">{action.description.clone()}</p>
            <p class="row-meta">
                {owner} " · " {t_with("journey-due-on", &[("date", Arg::from(&action.due.clone().unwrap_or_else(|| t("plan-due-not-set"))))])}
                {overdue.then(|| view! { <strong class="badge urgent">{t("journey-overdue")}</strong> })}
            </p>
            <label>{t("context-status")}
                <select class="action-status" on:change=move |ev| set_status(event_target_value(&ev))>
                    {options(ActionStatus::ALL, ActionStatus::code, ActionStatus::named, Some(action.status))}
                </select>
            </label>
            {(!action.other_statuses.is_empty()).then(|| view! {
                <p class="conflict" role="status">{t_with("plan-also-set", &[("values", Arg::from(&action.other_statuses.iter().map(|s| s.named()).collect::<Vec<_>>().join(", ")))])}</p>
            })}
            {(action.status == ActionStatus::Blocked).then(|| view! {
                <p class="row-meta">{t_with("plan-blocked", &[("reason", Arg::from(&action.blocked_reason))])}</p>
            })}
            <label>{t("journey-why-it-is-blocked")}
                <input class="blocked-reason" prop:value=blocked_reason on:input=move |ev| blocked_reason.set(event_target_value(&ev))/>
            </label>
            <label>{t("journey-update-note")}
                <input class="action-note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
            </label>
            <ul class="plain-list updates">
                {action.updates.iter().map(|u| view! {
                    <li class="row-meta">{format!("{} · {}: {}", clock::date_time(u.at), u.by, u.note)}</li>
                }).collect_view()}
            </ul>
        </li>
    }
}
