//! A context conference: who came, which assessments it considered, what young people and the
//! community said, the analysis of harm and safety, and the decision. It ends in the plan.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::conference::{
    AttendeeDraft, Chair, Conference, ConferenceEdit, ConferenceSection,
};
use waymark_core::timeline::{Step, Timeline};
use waymark_core::vocabulary::{ConferenceDecision, ConferenceFormat, PartnerAgency};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::autosave::{AutoSave, SaveStatusBar};
use crate::commands;
use crate::field::{field_error, options, Errors};
use crate::i18n::{self, t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::name_flags::{NameCheck, NameFlags};

#[component]
pub fn ConferencePage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_conference(id), move |found: Conference| {
                let context = found.context_id;
                let conference = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(Route::Context(context))>{t("walkabout-back-to-the-context")}</button>
                    <h1>{t("journey-context-conference")}</h1>
                    <p class="hint">{t("journey-a-conference-describes-the")}</p>
                    <ConferenceForm conference/>
                }
            })}
        </section>
    }
}

#[component]
fn ConferenceForm(conference: RwSignal<Conference>) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let (id, context_id) = conference.with_untracked(|c| (c.id, c.context_id));
    let sections = AutoSave::new(
        id,
        |(section, _): &(ConferenceSection, String)| section.code(),
        |id, (section, text)| {
            Box::pin(async move {
                commands::update_conference(id, ConferenceEdit::Section { section, text })
                    .await
                    .map(drop)
            })
        },
    );
    let edit = move |edit: ConferenceEdit, slot: &'static str| {
        errors.clear(slot);
        spawn_local(async move {
            match commands::update_conference(id, edit).await {
                Ok(updated) => conference.set(updated),
                Err(error) => errors.show(&error, slot),
            }
        });
    };
    let initial = conference.get_untracked();
    let names = NameCheck::conference(conference, errors, "complete");
    let chair_name = RwSignal::new(initial.chair.name.clone());
    let chair_role = RwSignal::new(initial.chair.role.clone());
    let attendee_name = RwSignal::new(String::new());
    let attendee_role = RwSignal::new(String::new());
    let attendee_agency = RwSignal::new(String::new());
    let complete = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::complete_conference(id).await {
                Ok(done) => match done.plan_id {
                    Some(plan) => route.set(Route::Plan(plan)),
                    None => conference.set(done),
                },
                Err(error) => errors.show(&error, "complete"),
            }
        });
    };
    let save_chair = move || {
        edit(
            ConferenceEdit::Chair(Chair {
                name: chair_name.get_untracked(),
                role: chair_role.get_untracked(),
            }),
            "chair",
        )
    };
    view! {
        <SaveStatusBar status=sections.status/>
        <label for="held-on">{t("journey-held-on")}</label>
        <input id="held-on" type="date" prop:value=initial.held_on.clone().unwrap_or_default()
            on:change=move |ev| edit(ConferenceEdit::HeldOn(event_target_value(&ev)), "held_on")/>
        {field_error(errors, "held_on")}
        <label for="conference-format">{t("journey-format")}</label>
        <select id="conference-format" on:change=move |ev| edit(ConferenceEdit::Format(event_target_value(&ev)), "format")>
            {options(ConferenceFormat::ALL, ConferenceFormat::code, ConferenceFormat::named, Some(initial.format))}
        </select>
        <fieldset>
            <legend>{t("journey-chair")}</legend>
            <label for="chair-name">{t("walkabout-name")}</label>
            <input id="chair-name" prop:value=chair_name on:input=move |ev| chair_name.set(event_target_value(&ev)) on:change=move |_| save_chair()/>
            <label for="chair-role">{t("settings-role")}</label>
            <input id="chair-role" prop:value=chair_role on:input=move |ev| chair_role.set(event_target_value(&ev)) on:change=move |_| save_chair()/>
            {field_error(errors, "chair")}
        </fieldset>
        <fieldset id="attendees">
            <legend>{t("journey-attendees")}</legend>
            <ul class="plain-list" id="attendee-list">
                {move || conference.with(|c| c.attendees.iter().map(|a| view! {
                    <li>{format!("{}, {} ({})", a.name, a.role, a.agency.named())} {(!a.present).then(|| format!(" · {}", t("conference-sent-apologies")))}</li>
                }).collect_view())}
            </ul>
            <label for="attendee-name">{t("walkabout-name")}</label>
            <input id="attendee-name" prop:value=attendee_name on:input=move |ev| attendee_name.set(event_target_value(&ev))/>
            <label for="attendee-role">{t("settings-role")}</label>
            <input id="attendee-role" prop:value=attendee_role on:input=move |ev| attendee_role.set(event_target_value(&ev))/>
            <label for="attendee-agency">{t("context-agency")}</label>
            <select id="attendee-agency" on:change=move |ev| attendee_agency.set(event_target_value(&ev))>
                <option value="">{t("common-choose")}</option>
                {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, None)}
            </select>
            {field_error(errors, "attendees")}
            <button id="add-attendee" class="secondary" on:click=move |_| {
                edit(ConferenceEdit::AddAttendee(AttendeeDraft {
                    name: attendee_name.get_untracked(),
                    role: attendee_role.get_untracked(),
                    agency: attendee_agency.get_untracked(),
                    present: true,
                }), "attendees");
                attendee_name.set(String::new());
                attendee_role.set(String::new());
            }>{t("journey-add-attendee")}</button>
        </fieldset>
        <fieldset id="considered">
            <legend>{t("journey-assessments-considered")}</legend>
            {loaded(commands::context_timeline(context_id), move |timeline: Timeline| {
                timeline.entries.into_iter()
                    .filter(|e| matches!(e.step, Step::Walkabout | Step::SchoolAssessment | Step::PeerAssessment))
                    .map(|entry| {
                        let record = entry.record;
                        let checked = conference.with_untracked(|c| c.assessments_considered.contains(&record));
                        view! {
                            <label class="tick">
                                <input type="checkbox" class="consider" checked=checked on:change=move |ev| {
                                    let edit_to = if event_target_checked(&ev) {
                                        ConferenceEdit::Consider(record)
                                    } else {
                                        ConferenceEdit::StopConsidering(record)
                                    };
                                    edit(edit_to, "assessments_considered");
                                }/>
                                {entry.step.named()} " · " {entry.on} " · " {entry.summary.line_in(i18n::current())}
                            </label>
                        }
                    }).collect_view()
            })}
            {field_error(errors, "assessments_considered")}
        </fieldset>
        {ConferenceSection::ALL.into_iter().map(|section| {
            let typed = RwSignal::new(initial.section(section).to_owned());
            view! {
                <label for=format!("section-{}", section.code())>{section.named()}</label>
                <textarea id=format!("section-{}", section.code()) rows="4" prop:value=typed.get_untracked()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        typed.set(text.clone());
                        sections.save((section, text));
                    }></textarea>
                <NameFlags text=typed first_names=names.first_names confirmed=names.confirmed
                    field=format!("section-{}", section.code()) confirm=names.confirm/>
            }
        }).collect_view()}
        {field_error(sections.errors, "text")}
        <label for="conference-decision">{t("journey-decision")}</label>
        <select id="conference-decision" on:change=move |ev| edit(ConferenceEdit::Decision(event_target_value(&ev)), "decision")>
            <option value="">{t("common-choose")}</option>
            {options(ConferenceDecision::ALL, ConferenceDecision::code, ConferenceDecision::named, initial.decision)}
        </select>
        {move || conference.with(|c| (!c.other_decisions.is_empty()).then(|| view! {
            <p class="conflict" role="status">{t_with("conference-also-recorded", &[("values", Arg::from(&c.other_decisions.iter().map(|d| d.named()).collect::<Vec<_>>().join(", ")))])}</p>
        }))}
        {field_error(errors, "decision")}
        <label for="next-review">{t("journey-review-the-plan-on")}</label>
        <input id="next-review" type="date" prop:value=initial.next_review.clone().unwrap_or_default()
            on:change=move |ev| edit(ConferenceEdit::NextReview(event_target_value(&ev)), "next_review")/>
        {field_error(errors, "complete")}
        {move || if conference.with(|c| c.completed) {
            view! { <p class="saved" id="conference-completed">{t("journey-this-conference-is-complete")}</p> }.into_any()
        } else {
            view! { <button id="complete-conference" class="primary" on:click=complete>{t("journey-complete-the-conference")}</button> }.into_any()
        }}
    }
}
