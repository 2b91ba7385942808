//! The sections of the capture form, each a component over the form's state.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::vocabulary::{
    AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
    ProtectiveFactor, RoleLabel, SchoolSlot, Valence,
};
use waymark_core::{EscalationCard, ValidationError};

use super::state::CaptureState;
use super::target::CaptureTarget;
use crate::field::{chips, field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::name_flags::NameFlags;
use crate::{chosen_file, commands};

/// At a school: the time of the school day it was seen, chosen on purpose.
#[component]
pub fn SchoolTime(time_slot: RwSignal<Option<SchoolSlot>>, errors: Errors) -> impl IntoView {
    view! {
        <div class="field">
            <p class="label">{t("walkabout-time-of-the-school")}</p>
            <div class="chips" id="school-slot">
                {SchoolSlot::ALL.iter().map(|&value| view! {
                    <button type="button" class="chip" class:selected=move || time_slot.get() == Some(value)
                        on:click=move |_| { errors.clear("time_slot"); time_slot.set(Some(value)); }>
                        {value.named()}
                    </button>
                }).collect_view()}
            </div>
            {field_error(errors, "time_slot")}
        </div>
    }
}

/// The workspace's escalation card, first on an urgent concern: what to do and whom to call.
#[component]
pub fn EscalationCardPanel() -> impl IntoView {
    let card = RwSignal::new(None::<EscalationCard>);
    spawn_local(async move {
        card.try_set(commands::escalation_card().await.ok());
    });
    view! {
        <div class="escalation-card" id="escalation-card" role="alert">
            <h2>{t("walkabout-urgent-concern")}</h2>
            {move || card.get().map(|card| {
                let link = format!("tel:{}", card.phone);
                view! {
                    <p>{card.instructions}</p>
                    <a class="phone big" href=link>{t_with("capture-call", &[("phone", Arg::from(&card.phone))])}</a>
                }
            })}
        </div>
    }
}

/// What kind of thing was seen: the one choice an observation needs.
#[component]
pub fn Category(form: CaptureState, errors: Errors) -> impl IntoView {
    let category = form.category;
    view! {
        <div class="categories" id="categories">
            {ObservationCategory::ALL.iter().map(|&value| view! {
                <button type="button" class="category" data-code=value.code()
                    class:selected=move || category.get() == Some(value)
                    on:click=move |_| category.set(Some(value))>
                    {value.named()}
                </button>
            }).collect_view()}
        </div>
        {field_error(errors, "category")}
    }
}

/// Whether it was a concern, a strength or neither; a concern asks what kind.
#[component]
pub fn ValenceChoice(form: CaptureState, errors: Errors) -> impl IntoView {
    let valence = form.valence;
    view! {
        <div class="choice" id="valence">
            {Valence::ALL.iter().map(|&value| view! {
                <button type="button" id=format!("valence-{}", value.code())
                    class:selected=move || valence.get() == value
                    on:click=move |_| valence.set(value)>{value.named()}</button>
            }).collect_view()}
        </div>
        {move || (valence.get() == Valence::Concern).then(|| view! {
            <p class="label">{t("walkabout-kind-of-concern")}</p>
            {chips("concern-types", ConcernType::ALL, ConcernType::named, form.concern_types)}
        })}
        {field_error(errors, "concern_types")}
    }
}

/// The optional rest: people seen, protective factors, a note and photos.
#[component]
pub fn MoreDetails(form: CaptureState, errors: Errors, target: CaptureTarget) -> impl IntoView {
    let names = target.names(errors, "note");
    let people = form.people;
    let photos = form.photos;
    let note = form.note;
    let add_photo = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file::chosen_file(&ev) else {
            return;
        };
        spawn_local(async move {
            match commands::add_photo(file).await {
                Ok(None) => errors.show(&ValidationError::PhotoNotAnImage.into(), "photos"),
                Ok(Some(hash)) => {
                    errors.clear("photos");
                    photos.update(|p| p.push(hash));
                }
                Err(error) => errors.show(&error, "photos"),
            }
        });
    };
    let add_group = move |_| {
        errors.clear("people");
        if let Err((error, field)) = people.add_typed() {
            errors.show(&error, field);
        }
    };
    // A correction opens with everything in view.
    let open = form.editing.is_some();
    view! {
        <details open=open>
            <summary>{t("walkabout-people-protective-factors-note")}</summary>
            <div class="field">
                <p class="label">{t("walkabout-people-seen-a-count")}</p>
                <ul class="people-groups" id="people-groups">
                    {move || people.added.get().into_iter().enumerate().map(|(at, group)| view! {
                        <li class="people-group">
                            {format!("{} × {} ({}, {})", group.count, group.role.named(), group.age_band.named(), group.gender.named())}
                            <button type="button" class="link remove-people-group"
                                on:click=move |_| people.added.update(|groups| { groups.remove(at); })>{t("common-remove")}</button>
                        </li>
                    }).collect_view()}
                </ul>
                <div class="pair">
                    <input id="people-count" type="number" min="0" max="500" inputmode="numeric" placeholder=t("walkabout-how-many")
                        aria-label=t("walkabout-how-many") prop:value=people.count on:input=move |ev| people.count.set(event_target_value(&ev))/>
                    <select id="people-age" aria-label=t("walkabout-age-band") on:change=move |ev| people.age_band.set(event_target_value(&ev))>
                        {options(AgeBand::ALL, AgeBand::code, AgeBand::named, Some(AgeBand::Unknown))}
                    </select>
                </div>
                <div class="pair">
                    <select id="people-role" aria-label=t("settings-role") on:change=move |ev| people.role.set(event_target_value(&ev))>
                        {options(RoleLabel::ALL, RoleLabel::code, RoleLabel::named, Some(RoleLabel::YoungPerson))}
                    </select>
                    <select id="people-gender" aria-label=t("walkabout-gender") on:change=move |ev| people.gender.set(event_target_value(&ev))>
                        {options(GenderMix::ALL, GenderMix::code, GenderMix::named, Some(GenderMix::Unknown))}
                    </select>
                </div>
                <button type="button" id="add-people-group" class="secondary" on:click=add_group>{t("walkabout-add-another-group")}</button>
                {field_error(errors, "people")}
            </div>
            <p class="label">{t("walkabout-protective-factors")}</p>
            {chips("protective-factors", ProtectiveFactor::ALL, ProtectiveFactor::named, form.protective_factors)}
            <div class="field">
                <label for="observation-note">{t("walkabout-note")}</label>
                <p class="hint">{t("walkabout-describe-behaviour-and-places-2")}</p>
                <textarea id="observation-note" rows="3" prop:value=note.get_untracked() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <NameFlags text=note first_names=names.first_names confirmed=names.confirmed field="note" confirm=names.confirm/>
                {field_error(errors, "note")}
            </div>
            <div class="field">
                <label for="photo">{t("walkabout-photo-of-the-place")}</label>
                <p class="hint">{t("walkabout-photograph-the-place-not")}</p>
                <input id="photo" type="file" accept="image/jpeg,image/png" on:change=add_photo/>
                <p class="muted" id="photo-count">{move || match photos.with(Vec::len) {
                    0 => String::new(),
                    n => format!("{n} photo(s) added"),
                }}</p>
                {field_error(errors, "photos")}
            </div>
        </details>
    }
}

/// With no location fix: coordinates typed, or the place in words.
#[component]
pub fn TypedLocation(form: CaptureState, errors: Errors) -> impl IntoView {
    let place = form.typed_place;
    view! {
        <fieldset class="field">
            <legend>{t("walkabout-no-location-fix")}</legend>
            <p class="hint">{t("walkabout-type-the-coordinates-or")}</p>
            <div class="pair">
                <input id="observation-lat" type="text" inputmode="decimal" placeholder=t("walkabout-latitude") aria-label=t("walkabout-latitude")
                    on:input=move |ev| place.lat.set(event_target_value(&ev))/>
                <input id="observation-lon" type="text" inputmode="decimal" placeholder=t("walkabout-longitude") aria-label=t("walkabout-longitude")
                    on:input=move |ev| place.lon.set(event_target_value(&ev))/>
            </div>
            <input id="place-note" type="text" placeholder=t("walkabout-where-e-g-by") aria-label=t("walkabout-where")
                prop:value=place.place_note.get_untracked() on:input=move |ev| place.place_note.set(event_target_value(&ev))/>
            {field_error(errors, "location")}
        </fieldset>
    }
}

/// For an urgent concern: whom it was passed to, how, and the case reference if the child is known.
#[component]
pub fn WhoYouTold(form: CaptureState, errors: Errors) -> impl IntoView {
    let told = form.told;
    view! {
        <fieldset class="field">
            <legend>{t("walkabout-who-you-told")}</legend>
            <input id="escalated-to" type="text" placeholder=t("walkabout-their-role-e-g") aria-label=t("walkabout-their-role")
                prop:value=told.role.get_untracked() on:input=move |ev| told.role.set(event_target_value(&ev))/>
            <div class="pair">
                <select id="escalation-method" aria-label=t("walkabout-how") on:change=move |ev| told.method.set(event_target_value(&ev))>
                    <option value="">{t("walkabout-how-you-told-them")}</option>
                    {options(EscalationMethod::ALL, EscalationMethod::code, EscalationMethod::named, EscalationMethod::from_code(&told.method.get_untracked()).ok())}
                </select>
                <select id="escalation-agency" aria-label=t("context-agency") on:change=move |ev| told.agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, PartnerAgency::from_code(&told.agency.get_untracked()).ok())}
                </select>
            </div>
            <input id="escalation-outcome" type="text" placeholder=t("walkabout-what-happens-next") aria-label=t("walkabout-what-happens-next")
                prop:value=told.outcome.get_untracked() on:input=move |ev| told.outcome.set(event_target_value(&ev))/>
            <label for="case-ref">{t("walkabout-case-reference-if-the")}</label>
            <p class="hint">{t("walkabout-only-the-case-system")}</p>
            <input id="case-ref" type="text" autocomplete="off" prop:value=told.case_ref.get_untracked() on:input=move |ev| told.case_ref.set(event_target_value(&ev))/>
            {field_error(errors, "escalation")}
            {field_error(errors, "case_ref")}
        </fieldset>
    }
}
