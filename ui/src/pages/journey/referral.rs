//! The referral form (the front door's questions) and a referral's page with its screening.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::referral::{Referral, ReferralDraft, Referrer, ScreeningDraft};
use waymark_core::vocabulary::{
    AssessmentKind, ConcernType, ContextType, PartnerAgency, ScreeningDecision, ThresholdLevel,
    Urgency,
};
use waymark_core::{ContextDraft, RecordId};

use crate::app::{use_route, Route};
use crate::field::{field_error, options, Errors};
use crate::loaded::loaded;
use crate::{clock, commands};

/// Ticks for a vocabulary, held as the codes chosen.
fn ticks<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: RwSignal<Vec<String>>,
    group: &'static str,
) -> impl IntoView {
    all.iter()
        .map(|&value| {
            let value_code = code(value);
            view! {
                <label class="tick">
                    <input type="checkbox" name=group value=value_code
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|codes| {
                                codes.retain(|c| c != value_code);
                                if on { codes.push(value_code.to_owned()); }
                            });
                        }/>
                    {label(value)}
                </label>
            }
        })
        .collect_view()
}

/// The front door's questions for a new context. A child is never named: a known child is a
/// case reference, and a child at immediate risk means starting the child-level process now.
#[component]
pub fn NewReferralPage() -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let name = RwSignal::new(String::new());
    let context_type = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let received_on = RwSignal::new(clock::today());
    let front_door = RwSignal::new(String::new());
    let referrer_name = RwSignal::new(String::new());
    let referrer_role = RwSignal::new(String::new());
    let referrer_agency = RwSignal::new(String::new());
    let concerns = RwSignal::new(Vec::<String>::new());
    let what_is_known = RwSignal::new(String::new());
    let urgency = RwSignal::new(String::new());
    let immediate_risk = RwSignal::new(false);
    let started_by = RwSignal::new(String::new());
    let known = RwSignal::new(String::new());
    let sending = RwSignal::new(false);

    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        errors.clear_all();
        let draft = ReferralDraft {
            context_id: None,
            new_context: Some(ContextDraft {
                name: name.get_untracked(),
                context_type: context_type.get_untracked(),
                ..ContextDraft::default()
            }),
            received_on: received_on.get_untracked(),
            route: front_door.get_untracked(),
            referrer: Referrer {
                name: referrer_name.get_untracked(),
                role: referrer_role.get_untracked(),
                agency: referrer_agency.get_untracked(),
                contact: String::new(),
            },
            concern_types: concerns.get_untracked(),
            what_is_known: what_is_known.get_untracked(),
            urgency: urgency.get_untracked(),
            immediate_risk_to_a_child: immediate_risk.get_untracked(),
            child_process_started_by: started_by.get_untracked(),
            known_children: known
                .get_untracked()
                .split([',', '\n'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            ..ReferralDraft::default()
        };
        let area = area.get_untracked();
        sending.set(true);
        spawn_local(async move {
            match commands::create_referral(draft).await {
                Ok(referral) => {
                    if !area.trim().is_empty() {
                        let _ = commands::update_context(
                            referral.context_id,
                            waymark_core::ContextEdit::AreaLabel(area),
                        )
                        .await;
                    }
                    route.set(Route::Referral(referral.id));
                }
                Err(error) => errors.show(&error, "referral"),
            }
            sending.try_set(false);
        });
    };

    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>"‹ All contexts"</button>
            <h1>"Refer a context"</h1>
            <p class="lead">"A place, group or online space where young people may come to harm. Describe the context, never a child."</p>
            <fieldset>
                <legend>"The context"</legend>
                <label for="referral-name">"Name of the place or group"</label>
                <input id="referral-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                {field_error(errors, "name")}
                <label for="referral-type">"Type of context"</label>
                <select id="referral-type" on:change=move |ev| context_type.set(event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    {options(ContextType::ALL, ContextType::code, ContextType::label, None)}
                </select>
                {field_error(errors, "context_type")}
                <label for="referral-area">"Area (ward or estate)"</label>
                <input id="referral-area" prop:value=area on:input=move |ev| area.set(event_target_value(&ev))/>
            </fieldset>
            <fieldset>
                <legend>"Who referred it"</legend>
                <label for="received-on">"Received on"</label>
                <input id="received-on" type="date" prop:value=received_on on:input=move |ev| received_on.set(event_target_value(&ev))/>
                {field_error(errors, "date")}
                <label for="front-door">"Came in through (front door)"</label>
                <input id="front-door" prop:value=front_door on:input=move |ev| front_door.set(event_target_value(&ev))/>
                <label for="referrer-role">"Referrer's role"</label>
                <input id="referrer-role" prop:value=referrer_role on:input=move |ev| referrer_role.set(event_target_value(&ev))/>
                <label for="referrer-agency">"Referrer's agency"</label>
                <select id="referrer-agency" on:change=move |ev| referrer_agency.set(event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::label, None)}
                </select>
                <label for="referrer-name">"Referrer's name (a professional)"</label>
                <input id="referrer-name" prop:value=referrer_name on:input=move |ev| referrer_name.set(event_target_value(&ev))/>
                {field_error(errors, "referrer")}
            </fieldset>
            <fieldset id="concern-types">
                <legend>"Concerns"</legend>
                {ticks(ConcernType::ALL, ConcernType::code, ConcernType::label, concerns, "concern")}
                {field_error(errors, "concern_types")}
            </fieldset>
            <label for="what-is-known">"What is known about the context"</label>
            <p class="hint">"Describe behaviour and places, not identities."</p>
            <textarea id="what-is-known" rows="5" prop:value=what_is_known on:input=move |ev| what_is_known.set(event_target_value(&ev))></textarea>
            {field_error(errors, "what_is_known")}
            <label for="urgency">"How urgent is it?"</label>
            <select id="urgency" on:change=move |ev| urgency.set(event_target_value(&ev))>
                <option value="">"Choose…"</option>
                {options(Urgency::ALL, Urgency::code, Urgency::label, None)}
            </select>
            {field_error(errors, "urgency")}
            <label class="tick">
                <input id="immediate-risk" type="checkbox" on:change=move |ev| immediate_risk.set(event_target_checked(&ev))/>
                "A child may be at immediate risk"
            </label>
            {move || immediate_risk.get().then(|| view! {
                <div class="panel urgent-panel">
                    <p>"Start the child-level process now (999 if life is at risk). Waymark records only that it was started."</p>
                    <label for="started-by">"Started by (role)"</label>
                    <input id="started-by" prop:value=started_by on:input=move |ev| started_by.set(event_target_value(&ev))/>
                </div>
            })}
            {field_error(errors, "immediate_risk_to_a_child")}
            <label for="known-children">"Case references of children known to be at risk (optional)"</label>
            <input id="known-children" prop:value=known on:input=move |ev| known.set(event_target_value(&ev))/>
            {field_error(errors, "case_ref")}
            {field_error(errors, "referral")}
            <button id="send-referral" class="primary" on:click=send disabled=sending>"Save the referral"</button>
        </section>
    }
}

/// A referral, and the manager's screening of it.
#[component]
pub fn ReferralPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_referral(id), move |found: Referral| {
                let context = found.context_id;
                let referral = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(Route::Context(context))>"‹ Back to the context"</button>
                    <h1>"Referral"</h1>
                    {move || referral.with(|r| view! {
                        <dl class="facts" id="referral-facts">
                            <dt>"Received"</dt><dd>{r.received_on.clone()} {(!r.route.is_empty()).then(|| format!(" through {}", r.route))}</dd>
                            <dt>"Referred by"</dt><dd>{format!("{}, {}", r.referrer.role, r.referrer.agency.label())}</dd>
                            <dt>"Urgency"</dt><dd>{r.urgency.label()}</dd>
                            <dt>"Concerns"</dt><dd>{r.concern_types.iter().map(|c| c.label()).collect::<Vec<_>>().join(", ")}</dd>
                            <dt>"What is known"</dt><dd>{r.what_is_known.clone()}</dd>
                            {r.child_process_started.as_ref().map(|started| view! {
                                <dt>"Child-level process"</dt><dd>{format!("Started by {} on {}", started.by, clock::date_time(started.at))}</dd>
                            })}
                        </dl>
                    })}
                    {move || match referral.with(|r| r.screening.clone()) {
                        Some(screening) => view! {
                            <section class="panel" id="screening">
                                <h2>"Screening"</h2>
                                <p><strong>{screening.decision.label()}</strong> " · " {screening.threshold_level.label()}</p>
                                <p>{screening.reason}</p>
                                <p class="row-meta">"Screened by " {screening.screener} " on " {clock::date_time(screening.screened_at)}</p>
                                {(!screening.assessments_chosen.is_empty()).then(|| view! {
                                    <p>"Assessments: " {screening.assessments_chosen.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ")}
                                       " · lead " {screening.lead_worker}</p>
                                })}
                            </section>
                        }.into_any(),
                        None => view! { <ScreeningForm referral/> }.into_any(),
                    }}
                }
            })}
        </section>
    }
}

#[component]
fn ScreeningForm(referral: RwSignal<Referral>) -> impl IntoView {
    let errors = Errors::new();
    let decision = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let threshold = RwSignal::new(String::new());
    let assessments = RwSignal::new(Vec::<String>::new());
    let lead = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let screen = move |_| {
        errors.clear_all();
        let id = referral.with_untracked(|r| r.id);
        let draft = ScreeningDraft {
            decision: decision.get_untracked(),
            reason: reason.get_untracked(),
            threshold_level: threshold.get_untracked(),
            assessments_chosen: assessments.get_untracked(),
            lead_worker: lead.get_untracked(),
            lead_agency: None,
            assessment_due: Some(due.get_untracked()),
        };
        spawn_local(async move {
            match commands::screen_referral(id, draft).await {
                Ok(updated) => referral.set(updated),
                Err(error) => errors.show(&error, "screening"),
            }
        });
    };
    view! {
        <section class="panel" id="screening-form">
            <h2>"Screen this referral"</h2>
            <p class="hint">"A manager's decision, with the reason for it."</p>
            <label for="screening-decision">"Decision"</label>
            <select id="screening-decision" on:change=move |ev| decision.set(event_target_value(&ev))>
                <option value="">"Choose…"</option>
                {options(ScreeningDecision::ALL, ScreeningDecision::code, ScreeningDecision::label, None)}
            </select>
            {field_error(errors, "decision")}
            <label for="threshold-level">"Threshold level"</label>
            <select id="threshold-level" on:change=move |ev| threshold.set(event_target_value(&ev))>
                <option value="">"Choose…"</option>
                {options(ThresholdLevel::ALL, ThresholdLevel::code, ThresholdLevel::label, None)}
            </select>
            {field_error(errors, "threshold_level")}
            <label for="screening-reason">"Reason"</label>
            <textarea id="screening-reason" rows="3" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            {field_error(errors, "reason")}
            {move || (decision.get() == "assessment").then(|| view! {
                <fieldset id="assessments-chosen">
                    <legend>"Assessments"</legend>
                    {ticks(AssessmentKind::ALL, AssessmentKind::code, AssessmentKind::label, assessments, "assessment")}
                </fieldset>
                <label for="lead-worker">"Lead worker"</label>
                <input id="lead-worker" prop:value=lead on:input=move |ev| lead.set(event_target_value(&ev))/>
                <label for="assessment-due">"Assessments due"</label>
                <input id="assessment-due" type="date" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
            })}
            {field_error(errors, "assessments_chosen")}
            {field_error(errors, "screening")}
            <button id="screen" class="primary" on:click=screen>"Record the decision"</button>
        </section>
    }
}
