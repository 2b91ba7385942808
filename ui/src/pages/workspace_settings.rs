//! The workspace's own settings, as its managers set them (privacy rules P3, P12, P18): the
//! DPIA reference and data controller, the case-reference format, the escalation card, the
//! first names the name check uses, how long each kind of record is kept, which partner
//! agencies records may be shared with, and what the workspace calls walkabouts. They are held by
//! the server and reach every device at its next sync, so a change needs the connection.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::referral_questions::ReferralQuestions;
use waymark_core::school::RagArea;
use waymark_core::vocabulary::PartnerAgency;
use waymark_core::workspace_settings::{WalkaboutLabel, WorkspaceSetting, WorkspaceSettings};
use waymark_core::{EscalationCard, RecordKind};

use crate::app::{use_route, walkabout_words, Route, WorkspaceReady};
use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};

#[component]
pub fn WorkspaceSettingsPage() -> impl IntoView {
    let route = use_route();
    let loaded = RwSignal::new(None::<(String, WorkspaceSettings)>);
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            loaded.try_set(Some((directory.workspace, directory.settings)));
        }
    });
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Settings)>{t("settings-settings")}</button>
            <h1>{t("settings-workspace-settings")}</h1>
            {move || loaded.get().map(|(workspace, settings)| view! {
                <p class="hint">{t_with("workspace-settings-for-everyone", &[("workspace", Arg::from(&workspace))])}</p>
                <Fields settings/>
            })}
        </section>
    }
}

#[component]
fn Fields(settings: WorkspaceSettings) -> impl IntoView {
    let errors = Errors::new();
    let saved = RwSignal::new(None::<&'static str>);
    let ready = RwSignal::new(settings.ready_for_real_records());
    let banner = use_context::<WorkspaceReady>();
    let words = walkabout_words();
    let save = move |slot: &'static str, setting: WorkspaceSetting| {
        errors.clear_all();
        saved.set(None);
        spawn_local(async move {
            match commands::change_workspace_setting(setting).await {
                Ok(directory) => {
                    let now_ready = directory.settings.ready_for_real_records();
                    ready.try_set(now_ready);
                    if let Some(WorkspaceReady(banner)) = banner {
                        banner.try_set(now_ready);
                    }
                    words.try_set(directory.settings.walkabout_words());
                    saved.try_set(Some(slot));
                }
                Err(error) => errors.show(&error, slot),
            }
        });
    };
    let saved_line = move |slot: &'static str| {
        move || {
            (saved.get() == Some(slot)).then(|| {
                view! { <p class="done" id=format!("{slot}-saved")>{t("settings-saved-for-the-whole")}</p> }
            })
        }
    };
    let partners = settings.partners();
    let route_track_days = waymark_core::erasure::route_track_days(&settings).to_string();
    let export_metres = settings.export_metres().to_string();
    let classification = settings.classification().to_owned();
    let survey_threshold = settings.survey_threshold().to_string();
    let dpia = settings.dpia_reference.unwrap_or_default();
    let controllers = settings.data_controllers.unwrap_or_default();
    let pattern = settings.case_reference_pattern.unwrap_or_default();
    let card = settings.escalation_card.unwrap_or_default();
    let instructions = RwSignal::new(card.instructions);
    let phone = RwSignal::new(card.phone);
    let names = RwSignal::new(settings.first_names.join("\n"));
    let retention = settings.retention_days;
    let label = settings.walkabout_label.clone().unwrap_or(WalkaboutLabel {
        one: String::new(),
        many: String::new(),
    });
    let rag_labels = settings.rag_area_labels.clone();
    let questions = RwSignal::new(
        settings
            .referral_questions
            .clone()
            .unwrap_or_else(ReferralQuestions::default_file),
    );
    let label_one = RwSignal::new(label.one);
    let label_many = RwSignal::new(label.many);
    view! {
        <p id="workspace-ready" class=move || if ready.get() { "done" } else { "badge-line" }>
            {move || if ready.get() {
                {t("settings-ready-for-real-records")}
            } else {
                {t("settings-not-yet-ready-for")}
            }}
        </p>
        <h2>{t("settings-data-protection")}</h2>
        <div class="field">
            <label for="dpia-reference">{t("settings-dpia-reference")}</label>
            <input id="dpia-reference" type="text" prop:value=dpia
                on:change=move |ev| save("dpia_reference", WorkspaceSetting::DpiaReference(event_target_value(&ev)))/>
            {field_error(errors, "dpia_reference")}
            {saved_line("dpia_reference")}
        </div>
        <div class="field">
            <label for="data-controllers">{t("settings-data-controller-s")}</label>
            <input id="data-controllers" type="text" prop:value=controllers
                on:change=move |ev| save("data_controllers", WorkspaceSetting::DataControllers(event_target_value(&ev)))/>
            {field_error(errors, "data_controllers")}
            {saved_line("data_controllers")}
        </div>
        <h2>{t("settings-case-references")}</h2>
        <div class="field">
            <label for="case-reference-pattern">{t("settings-format-as-a-pattern")}</label>
            <p class="hint">{t("workspace-settings-case-reference-hint")}</p>
            <input id="case-reference-pattern" type="text" autocomplete="off" prop:value=pattern
                on:change=move |ev| save("case_reference_pattern", WorkspaceSetting::CaseReferencePattern(event_target_value(&ev)))/>
            {field_error(errors, "case_reference_pattern")}
            {saved_line("case_reference_pattern")}
        </div>
        <h2>{t("settings-escalation-card")}</h2>
        <div class="field">
            <label for="workspace-card-instructions">{t("settings-what-to-do")}</label>
            <textarea id="workspace-card-instructions" rows="5" prop:value=move || instructions.get()
                on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
        </div>
        <div class="field">
            <label for="workspace-card-phone">{t("settings-number-to-call")}</label>
            <input id="workspace-card-phone" type="tel" prop:value=move || phone.get()
                on:input=move |ev| phone.set(event_target_value(&ev))/>
        </div>
        {field_error(errors, "escalation")}
        <button id="save-workspace-card" class="primary" on:click=move |_| save("escalation", WorkspaceSetting::EscalationCard(EscalationCard {
            instructions: instructions.get_untracked(),
            phone: phone.get_untracked(),
        }))>{t("settings-save-the-card-for")}</button>
        {saved_line("escalation")}
        <h2>{t("settings-first-names-to-check")}</h2>
        <div class="field">
            <label for="first-names">{t("settings-one-name-on-each")}</label>
            <p class="hint">{t("settings-free-text-that-holds")}</p>
            <textarea id="first-names" rows="6" prop:value=move || names.get()
                on:input=move |ev| names.set(event_target_value(&ev))></textarea>
        </div>
        {field_error(errors, "first_names")}
        <button id="save-first-names" class="secondary" on:click=move |_| save("first_names", WorkspaceSetting::FirstNames(
            names.get_untracked().split(['\n', ',']).map(str::to_owned).collect(),
        ))>{t("settings-save-the-names")}</button>
        {saved_line("first_names")}
        <h2>{t("settings-how-long-records-are")}</h2>
        {field_error(errors, "retention")}
        {RecordKind::ALL.iter().map(|&kind| {
            let id = format!("retention-{}", kind.as_str());
            let days = retention.get(kind.as_str()).map(u32::to_string).unwrap_or_default();
            view! {
                <div class="field">
                    <label for=id.clone()>{format!("{}: days after the last change", kind.named())}</label>
                    <input id=id type="number" inputmode="numeric" min="1" prop:value=days
                        on:change=move |ev| save("retention", WorkspaceSetting::RetentionDays {
                            kind,
                            days: event_target_value(&ev).trim().parse().unwrap_or(0),
                        })/>
                </div>
            }
        }).collect_view()}
        <div class="field">
            <label for="retention-route-track">{t("settings-route-tracks-days-after")}</label>
            <p class="hint">{t("settings-shorter-than-the-walkabout")}</p>
            <input id="retention-route-track" type="number" inputmode="numeric" min="1"
                prop:value=route_track_days
                on:change=move |ev| save("retention", WorkspaceSetting::RouteTrackDays(
                    event_target_value(&ev).trim().parse().unwrap_or(0),
                ))/>
        </div>
        {saved_line("retention")}
        <h2>{t("settings-exports")}</h2>
        <div class="field">
            <label for="export-location-metres">{t("settings-observation-points-in-exports")}</label>
            <p class="hint">{t("settings-where-young-people-were")}</p>
            <input id="export-location-metres" type="number" inputmode="numeric" min="0" max="5000"
                prop:value=export_metres
                on:change=move |ev| save("exports", WorkspaceSetting::ExportLocationMetres(
                    event_target_value(&ev).trim().parse().unwrap_or(u32::MAX),
                ))/>
            {field_error(errors, "export_location_metres")}
        </div>
        <div class="field">
            <label for="export-classification">{t("settings-marking-on-every-page")}</label>
            <p class="hint">{t("settings-empty-goes-back-to")}</p>
            <input id="export-classification" type="text" prop:value=classification
                on:change=move |ev| save("exports", WorkspaceSetting::Classification(event_target_value(&ev)))/>
            {field_error(errors, "classification")}
        </div>
        <div class="field">
            <label for="survey-threshold">{t("settings-survey-figures-fewest-respondents")}</label>
            <p class="hint">{t("settings-a-figure-from-fewer")}</p>
            <input id="survey-threshold" type="number" inputmode="numeric" min="1" max="100"
                prop:value=survey_threshold
                on:change=move |ev| save("exports", WorkspaceSetting::SurveyThreshold(
                    event_target_value(&ev).trim().parse().unwrap_or(0),
                ))/>
            {field_error(errors, "survey_threshold")}
        </div>
        {saved_line("exports")}
        <h2>{t("settings-partner-agencies")}</h2>
        <p class="hint">{t("settings-records-are-shared-only")}</p>
        {field_error(errors, "partners")}
        {PartnerAgency::ALL.iter().map(|&agency| {
            let id = format!("partner-{}", agency.code());
            view! {
                <label class="check">
                    <input id=id type="checkbox" prop:checked=partners.contains(&agency)
                        on:change=move |ev| save("partners", WorkspaceSetting::PartnerAgency {
                            agency,
                            partner: event_target_checked(&ev),
                        })/>
                    {agency.named()}
                </label>
            }
        }).collect_view()}
        {saved_line("partners")}
        <h2>{t("settings-what-you-call-walkabouts")}</h2>
        <p class="hint">{t("workspace-settings-walkabout-words-hint")}</p>
        <div class="field pair">
            <label>{t("settings-for-one")} <input id="walkabout-label-one" type="text" placeholder=t("settings-walkabout") prop:value=move || label_one.get()
                on:input=move |ev| label_one.set(event_target_value(&ev))/></label>
            <label>{t("settings-for-several")} <input id="walkabout-label-many" type="text" placeholder=t("settings-walkabouts") prop:value=move || label_many.get()
                on:input=move |ev| label_many.set(event_target_value(&ev))/></label>
        </div>
        {field_error(errors, "walkabout_label")}
        <button id="save-walkabout-label" class="secondary" on:click=move |_| save("walkabout_label", WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: label_one.get_untracked(),
            many: label_many.get_untracked(),
        }))>{t("settings-save-the-name")}</button>
        {saved_line("walkabout_label")}
        <h2>{t("settings-areas-of-a-school")}</h2>
        <p class="hint">{t("settings-leave-one-empty-for")}</p>
        {field_error(errors, "rag_area_label")}
        {RagArea::ALL.iter().map(|&area| {
            let id = format!("rag-area-label-{}", area.code());
            let current = rag_labels.get(area.code()).cloned().unwrap_or_default();
            view! {
                <div class="field">
                    <label for=id.clone()>{area.named()}</label>
                    <input id=id type="text" placeholder=area.named() prop:value=current
                        on:change=move |ev| save("rag_areas", WorkspaceSetting::RagAreaLabel {
                            area,
                            label: event_target_value(&ev),
                        })/>
                </div>
            }
        }).collect_view()}
        {saved_line("rag_areas")}
        <h2>{t("settings-referral-questions")}</h2>
        <p class="hint">"The front door's questions in your own words and order, as a question file. \
            Each [[question]] has an id, a type, a label and an optional hint; type = \"text\" adds a question of your own. \
            A file with a mistake is refused with its line, and the questions in force stay."</p>
        <div class="field">
            <label for="referral-questions">{t("settings-question-file")}</label>
            <textarea id="referral-questions" class="code" rows="16" spellcheck="false" prop:value=move || questions.get()
                on:input=move |ev| questions.set(event_target_value(&ev))></textarea>
        </div>
        {field_error(errors, "referral_questions")}
        <div class="pair">
            <button id="save-referral-questions" class="secondary" on:click=move |_| save("referral_questions",
                WorkspaceSetting::ReferralQuestions(questions.get_untracked()))>{t("settings-use-these-questions")}</button>
            <button id="default-referral-questions" class="link" on:click=move |_| {
                questions.set(ReferralQuestions::default_file());
                save("referral_questions", WorkspaceSetting::ReferralQuestions(String::new()));
            }>{t("settings-go-back-to-the")}</button>
        </div>
        {saved_line("referral_questions")}
    }
}
