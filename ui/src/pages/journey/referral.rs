//! The referral form (the front door's questions) and a referral's page with its screening.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::referral::{Referral, ReferralDraft, ReferralOrigin, Referrer, ScreeningDraft};
use waymark_core::referral_questions::{QuestionType, ReferralQuestion, ReferralQuestions};
use waymark_core::vocabulary::{
    AssessmentKind, ConcernType, ContextType, PartnerAgency, ScreeningDecision, ThresholdLevel,
    Urgency,
};
use waymark_core::{CommandError, ContextDraft, RecordId};

use crate::app::{use_route, Route};
use crate::field::{field_error, options, Errors};
use crate::i18n::{self, t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::{clock, commands};

/// Ticks for a vocabulary, held as the codes chosen.
fn ticks<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> String,
    chosen: RwSignal<Vec<String>>,
    group: &'static str,
) -> impl IntoView {
    all.iter()
        .map(|&value| {
            let value_code = code(value);
            view! {
                <label class="tick">
                    <input type="checkbox" name=group value=value_code
                        prop:checked=chosen.get_untracked().iter().any(|c| c == value_code)
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

/// What a referral form may start from, made in one step from other work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReferralStart {
    /// An observation on a walkabout: its place, concerns and note.
    Observation {
        walkabout: RecordId,
        observation: RecordId,
    },
    /// A place a young person named on a Level 1 map: its words only.
    LevelOneMapPlace {
        assessment: RecordId,
        place: RecordId,
    },
}

/// The referral the form starts with: empty, or drafted from the work it starts from.
async fn starting_draft(start: Option<ReferralStart>) -> Result<ReferralDraft, CommandError> {
    let draft = match start {
        None => ReferralDraft::default(),
        Some(ReferralStart::Observation {
            walkabout,
            observation,
        }) => {
            let found = commands::get_walkabout(walkabout).await?;
            found
                .observations
                .iter()
                .find(|o| o.id == observation)
                .map(|o| ReferralDraft::from_observation(walkabout, o))
                .unwrap_or_default()
        }
        Some(ReferralStart::LevelOneMapPlace { assessment, place }) => {
            let found = commands::get_peer_assessment(assessment).await?;
            found
                .places
                .iter()
                .find(|(id, _)| *id == place)
                .map(|(_, place)| ReferralDraft::from_level_one_place(place))
                .unwrap_or_default()
        }
    };
    Ok(ReferralDraft {
        received_on: clock::today(),
        ..draft
    })
}

/// The front door's questions for a new context, in the workspace's wording and order. A child
/// is never named: a known child is a case reference, and a child at immediate risk means
/// starting the child-level process now.
#[component]
pub fn NewReferralPage(start: Option<ReferralStart>) -> impl IntoView {
    let route = use_route();
    let load = async move {
        let questions = commands::referral_questions().await?;
        Ok((questions, starting_draft(start).await?))
    };
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("common-all-contexts")}</button>
            <h1>{t("home-refer-context")}</h1>
            <p class="lead">{t("journey-a-place-group-or")}</p>
            {start.is_some().then(|| view! {
                <p class="hint" id="referral-start">{t("journey-started-from-your-earlier")}</p>
            })}
            {loaded(load, |(questions, draft): (ReferralQuestions, ReferralDraft)| view! { <ReferralForm questions draft/> })}
        </section>
    }
}

/// The referral's answers as the form holds them.
#[derive(Clone, Copy)]
struct ReferralFields {
    received_on: RwSignal<String>,
    front_door: RwSignal<String>,
    referrer_name: RwSignal<String>,
    referrer_role: RwSignal<String>,
    referrer_agency: RwSignal<String>,
    concerns: RwSignal<Vec<String>>,
    what_is_known: RwSignal<String>,
    urgency: RwSignal<String>,
    immediate_risk: RwSignal<bool>,
    started_by: RwSignal<String>,
    known: RwSignal<String>,
    estimate: RwSignal<String>,
    sources: RwSignal<String>,
    strengths: RwSignal<String>,
    answers: RwSignal<BTreeMap<String, String>>,
}

#[component]
fn ReferralForm(questions: ReferralQuestions, draft: ReferralDraft) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let new_context = draft.new_context.clone().unwrap_or_default();
    let location = new_context.location;
    let name = RwSignal::new(new_context.name);
    let context_type = RwSignal::new(new_context.context_type);
    let area = RwSignal::new(String::new());
    let fields = ReferralFields {
        received_on: RwSignal::new(draft.received_on),
        front_door: RwSignal::new(String::new()),
        referrer_name: RwSignal::new(String::new()),
        referrer_role: RwSignal::new(String::new()),
        referrer_agency: RwSignal::new(String::new()),
        concerns: RwSignal::new(draft.concern_types),
        what_is_known: RwSignal::new(draft.what_is_known),
        urgency: RwSignal::new(String::new()),
        immediate_risk: RwSignal::new(false),
        started_by: RwSignal::new(String::new()),
        known: RwSignal::new(String::new()),
        estimate: RwSignal::new(String::new()),
        sources: RwSignal::new(String::new()),
        strengths: RwSignal::new(String::new()),
        answers: RwSignal::new(BTreeMap::new()),
    };
    let origin = draft.origin;
    let sending = RwSignal::new(false);

    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        errors.clear_all();
        let estimate = fields.estimate.get_untracked();
        let young_people_estimate = match estimate.trim() {
            "" => None,
            typed => match typed.parse::<u32>() {
                Ok(count) => Some(count),
                Err(_) => {
                    errors.set(
                        "young_people_estimate",
                        &t("referral-estimate-whole-number"),
                    );
                    return;
                }
            },
        };
        let draft = ReferralDraft {
            context_id: None,
            new_context: Some(ContextDraft {
                name: name.get_untracked(),
                context_type: context_type.get_untracked(),
                location,
                ..ContextDraft::default()
            }),
            received_on: fields.received_on.get_untracked(),
            route: fields.front_door.get_untracked(),
            referrer: Referrer {
                name: fields.referrer_name.get_untracked(),
                role: fields.referrer_role.get_untracked(),
                agency: fields.referrer_agency.get_untracked(),
                contact: String::new(),
            },
            concern_types: fields.concerns.get_untracked(),
            what_is_known: fields.what_is_known.get_untracked(),
            urgency: fields.urgency.get_untracked(),
            immediate_risk_to_a_child: fields.immediate_risk.get_untracked(),
            child_process_started_by: fields.started_by.get_untracked(),
            known_children: fields
                .known
                .get_untracked()
                .split([',', '\n'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            young_people_estimate,
            sources: fields.sources.get_untracked(),
            strengths: fields.strengths.get_untracked(),
            origin,
            answers: fields.answers.get_untracked(),
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
        <fieldset>
            <legend>{t("journey-the-context")}</legend>
            <label for="referral-name">{t("journey-name-of-the-place")}</label>
            <input id="referral-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            {field_error(errors, "name")}
            <label for="referral-type">{t("journey-type-of-context")}</label>
            <select id="referral-type" on:change=move |ev| context_type.set(event_target_value(&ev))>
                <option value="">{t("common-choose")}</option>
                {options(ContextType::ALL, ContextType::code, ContextType::named, ContextType::from_code(&context_type.get_untracked()).ok())}
            </select>
            {field_error(errors, "context_type")}
            <label for="referral-area">{t("context-area-ward-or-estate")}</label>
            <input id="referral-area" prop:value=area on:input=move |ev| area.set(event_target_value(&ev))/>
            {location.map(|point| view! {
                <p class="hint" id="referral-location">{t_with("referral-location-from-observation", &[("lat", Arg::from(&format!("{:.5}", point.lat))), ("lon", Arg::from(&format!("{:.5}", point.lon)))])}</p>
            })}
        </fieldset>
        {questions.questions.into_iter().map(|question| question_view(question, fields, errors)).collect_view()}
        {field_error(errors, "answers")}
        {field_error(errors, "referral")}
        <button id="send-referral" class="primary" on:click=send disabled=sending>{t("journey-save-the-referral")}</button>
    }
}

/// The question's hint, when it has one.
fn hint_of(question: &ReferralQuestion) -> Option<impl IntoView> {
    let hint = question.hint_in(i18n::current());
    (!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })
}

/// A label with the question's hint under it, when it has one.
fn asked(question: &ReferralQuestion, input: &'static str) -> impl IntoView {
    let hint = hint_of(question);
    view! {
        <label for=input>{question.label_in(i18n::current())}</label>
        {hint}
    }
}

/// One question of the form, as its type asks it.
fn question_view(question: ReferralQuestion, fields: ReferralFields, errors: Errors) -> AnyView {
    let text_input = |id: &'static str, value: RwSignal<String>| {
        view! { <input id=id prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/> }
    };
    let prose = |id: &'static str, value: RwSignal<String>| {
        view! { <textarea id=id rows="4" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))></textarea> }
    };
    match question.kind {
        QuestionType::ReceivedOn => view! {
            {asked(&question, "received-on")}
            <input id="received-on" type="date" prop:value=fields.received_on on:input=move |ev| fields.received_on.set(event_target_value(&ev))/>
            {field_error(errors, "date")}
        }
        .into_any(),
        QuestionType::FrontDoor => view! {
            {asked(&question, "front-door")}
            {text_input("front-door", fields.front_door)}
        }
        .into_any(),
        QuestionType::Referrer => view! {
            <fieldset id="referrer">
                <legend>{question.label_in(i18n::current())}</legend>
                {hint_of(&question)}
                <label for="referrer-role">{t("settings-role")}</label>
                {text_input("referrer-role", fields.referrer_role)}
                <label for="referrer-agency">{t("context-agency")}</label>
                <select id="referrer-agency" on:change=move |ev| fields.referrer_agency.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, None)}
                </select>
                <label for="referrer-name">{t("journey-name-a-professional")}</label>
                {text_input("referrer-name", fields.referrer_name)}
                {field_error(errors, "referrer")}
            </fieldset>
        }
        .into_any(),
        QuestionType::ConcernTypes => view! {
            <fieldset id="concern-types">
                <legend>{question.label_in(i18n::current())}</legend>
                {hint_of(&question)}
                {ticks(ConcernType::ALL, ConcernType::code, ConcernType::named, fields.concerns, "concern")}
                {field_error(errors, "concern_types")}
            </fieldset>
        }
        .into_any(),
        QuestionType::WhatIsKnown => view! {
            {asked(&question, "what-is-known")}
            {prose("what-is-known", fields.what_is_known)}
            {field_error(errors, "what_is_known")}
        }
        .into_any(),
        QuestionType::Urgency => view! {
            {asked(&question, "urgency")}
            <select id="urgency" on:change=move |ev| fields.urgency.set(event_target_value(&ev))>
                <option value="">{t("common-choose")}</option>
                {options(Urgency::ALL, Urgency::code, Urgency::named, None)}
            </select>
            {field_error(errors, "urgency")}
        }
        .into_any(),
        QuestionType::ImmediateRisk => {
            let risk = fields.immediate_risk;
            view! {
                <label class="tick">
                    <input id="immediate-risk" type="checkbox" on:change=move |ev| risk.set(event_target_checked(&ev))/>
                    {question.label_in(i18n::current())}
                </label>
                {move || risk.get().then(|| view! {
                    <div class="panel urgent-panel">
                        <p>{t("journey-start-the-child-level")}</p>
                        <label for="started-by">{t("journey-started-by-role")}</label>
                        {text_input("started-by", fields.started_by)}
                    </div>
                })}
                {field_error(errors, "immediate_risk_to_a_child")}
            }
            .into_any()
        }
        QuestionType::KnownChildren => view! {
            {asked(&question, "known-children")}
            {text_input("known-children", fields.known)}
            {field_error(errors, "case_ref")}
        }
        .into_any(),
        QuestionType::YoungPeopleEstimate => view! {
            {asked(&question, "young-people-estimate")}
            <input id="young-people-estimate" inputmode="numeric" prop:value=fields.estimate on:input=move |ev| fields.estimate.set(event_target_value(&ev))/>
            {field_error(errors, "young_people_estimate")}
            {field_error(errors, "people")}
        }
        .into_any(),
        QuestionType::Sources => view! {
            {asked(&question, "sources")}
            {prose("sources", fields.sources)}
            {field_error(errors, "sources")}
        }
        .into_any(),
        QuestionType::Strengths => view! {
            {asked(&question, "strengths")}
            {prose("strengths", fields.strengths)}
            {field_error(errors, "strengths")}
        }
        .into_any(),
        QuestionType::Text => {
            let key = question.id.clone();
            let input = format!("answer-{}", question.id);
            let answers = fields.answers;
            view! {
                <label for=input.clone()>{question.label_in(i18n::current())}</label>
                {hint_of(&question)}
                <textarea id=input rows="3" class="local-question"
                    on:input=move |ev| {
                        let answer = event_target_value(&ev);
                        answers.update(|all| { all.insert(key.clone(), answer); });
                    }></textarea>
            }
            .into_any()
        }
    }
}

/// A referral, and the manager's screening of it.
#[component]
pub fn ReferralPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    // The local questions' words, for their answers; an answer whose question has gone since is
    // shown under its id.
    let questions = RwSignal::new(ReferralQuestions::default());
    // Screening is a manager's decision once the device knows its workspace.
    let may_screen = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(asked) = commands::referral_questions().await {
            questions.try_set(asked);
        }
        if let Ok(directory) = commands::workspace_directory().await {
            may_screen.try_set(directory.is_none_or(|d| d.you_manage()));
        }
    });
    view! {
        <section class="page">
            {loaded(commands::get_referral(id), move |found: Referral| {
                let context = found.context_id;
                let referral = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(Route::Context(context))>{t("walkabout-back-to-the-context")}</button>
                    <h1>{t("journey-referral")}</h1>
                    {move || referral.with(|r| view! {
                        <dl class="facts" id="referral-facts">
                            <dt>{t("journey-received")}</dt><dd>{r.received_on.clone()} {(!r.route.is_empty()).then(|| t_with("journey-received-through", &[("route", Arg::from(&r.route))]))}</dd>
                            <dt>{t("journey-referred-by")}</dt><dd>{format!("{}, {}", r.referrer.role, r.referrer.agency.named())}</dd>
                            <dt>{t("journey-urgency")}</dt><dd>{r.urgency.named()}</dd>
                            <dt>{t("journey-concerns")}</dt><dd>{r.concern_types.iter().map(|c| c.named()).collect::<Vec<_>>().join(", ")}</dd>
                            <dt>{t("journey-what-is-known")}</dt><dd>{r.what_is_known.clone()}</dd>
                            {r.child_process_started.as_ref().map(|started| view! {
                                <dt>{t("journey-child-level-process")}</dt><dd>{t_with("journey-started-by-on", &[("by", Arg::from(&started.by)), ("at", Arg::from(&clock::date_time(started.at)))])}</dd>
                            })}
                            {r.young_people_estimate.map(|n| view! { <dt>{t("journey-young-people-affected")}</dt><dd>{t_with("journey-about-count", &[("count", Arg::from(n))])}</dd> })}
                            {(!r.sources.is_empty()).then(|| view! { <dt>{t("journey-sources")}</dt><dd>{r.sources.clone()}</dd> })}
                            {(!r.strengths.is_empty()).then(|| view! { <dt>{t("journey-strengths")}</dt><dd>{r.strengths.clone()}</dd> })}
                            {r.answers.iter().map(|(question, answer)| {
                                let question = question.clone();
                                let asked = move || questions.with(|all| all.questions.iter()
                                    .find(|q| q.id == question)
                                    .map_or_else(|| question.clone(), |q| q.label_in(i18n::current())));
                                view! { <dt>{asked}</dt><dd class="local-answer">{answer.clone()}</dd> }
                            }).collect_view()}
                            {r.origin.map(|origin| view! {
                                <dt>{t("journey-made-from")}</dt>
                                <dd>{match origin {
                                    ReferralOrigin::Observation { .. } => t("referral-from-observation"),
                                    ReferralOrigin::LevelOneMap => t("referral-from-level-one-map"),
                                }}</dd>
                            })}
                        </dl>
                    })}
                    {move || match referral.with(|r| r.screening.clone()) {
                        Some(screening) => view! {
                            <section class="panel" id="screening">
                                <h2>{t("journey-screening")}</h2>
                                <p><strong>{screening.decision.named()}</strong> " · " {screening.threshold_level.named()}</p>
                                <p>{screening.reason}</p>
                                <p class="row-meta">{t_with("referral-screened-by", &[("screener", Arg::from(&screening.screener)), ("at", Arg::from(&clock::date_time(screening.screened_at)))])}</p>
                                {(!screening.assessments_chosen.is_empty()).then(|| view! {
                                    <p>{t("referral-assessments")} " " {screening.assessments_chosen.iter().map(|a| a.named()).collect::<Vec<_>>().join(", ")}
                                       " · " {t_with("journey-lead", &[("worker", Arg::from(&screening.lead_worker))])}</p>
                                })}
                            </section>
                        }.into_any(),
                        None if may_screen.get() => view! { <ScreeningForm referral/> }.into_any(),
                        None => view! {
                            <p class="panel" id="awaiting-screening">{t("journey-waiting-for-a-manager")}</p>
                        }.into_any(),
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
            <h2>{t("journey-screen-this-referral")}</h2>
            <p class="hint">{t("journey-a-manager-s-decision")}</p>
            <label for="screening-decision">{t("journey-decision")}</label>
            <select id="screening-decision" on:change=move |ev| decision.set(event_target_value(&ev))>
                <option value="">{t("common-choose")}</option>
                {options(ScreeningDecision::ALL, ScreeningDecision::code, ScreeningDecision::named, None)}
            </select>
            {field_error(errors, "decision")}
            <label for="threshold-level">{t("context-threshold-level")}</label>
            <select id="threshold-level" on:change=move |ev| threshold.set(event_target_value(&ev))>
                <option value="">{t("common-choose")}</option>
                {options(ThresholdLevel::ALL, ThresholdLevel::code, ThresholdLevel::named, None)}
            </select>
            {field_error(errors, "threshold_level")}
            <label for="screening-reason">{t("records-reason")}</label>
            <textarea id="screening-reason" rows="3" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            {field_error(errors, "reason")}
            {move || (decision.get() == "assessment").then(|| view! {
                <fieldset id="assessments-chosen">
                    <legend>{t("journey-assessments")}</legend>
                    {ticks(AssessmentKind::ALL, AssessmentKind::code, AssessmentKind::named, assessments, "assessment")}
                </fieldset>
                <label for="lead-worker">{t("context-lead-worker")}</label>
                <input id="lead-worker" prop:value=lead on:input=move |ev| lead.set(event_target_value(&ev))/>
                <label for="assessment-due">{t("journey-assessments-due")}</label>
                <input id="assessment-due" type="date" prop:value=due on:input=move |ev| due.set(event_target_value(&ev))/>
            })}
            {field_error(errors, "assessments_chosen")}
            {field_error(errors, "screening")}
            <button id="screen" class="primary" on:click=screen>{t("journey-record-the-decision")}</button>
        </section>
    }
}
