use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::vocabulary::{CheckInMethod, DayType, Light, Weather};
use waymark_core::{CheckIn, Conditions, Walkabout};

use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::{clock, commands};

/// Before the walk: check in with the person at base, by a call or text that needs no data.
#[component]
pub fn CheckInForm(current: RwSignal<Walkabout>) -> impl IntoView {
    let words = crate::app::walkabout_words();
    let errors = Errors::new();
    let (contact, planned_end) =
        current.with_untracked(|w| (w.plan.safety_contact.clone(), w.plan.planned_end));
    let by = RwSignal::new(String::new());
    let method = RwSignal::new(CheckInMethod::Call.code().to_owned());
    let expected_finish = RwSignal::new(clock::to_input(planned_end));
    let weather = RwSignal::new(Weather::Dry.code().to_owned());
    let light = RwSignal::new(Light::Daylight.code().to_owned());
    let day_type = RwSignal::new(DayType::SchoolDay.code().to_owned());

    let start = move |_| {
        errors.clear_all();
        let now = clock::now();
        let Some(expected_finish) = clock::from_input(&expected_finish.get_untracked()) else {
            return errors.show(
                &waymark_core::ValidationError::ExpectedFinishBeforeCheckIn.into(),
                "expected_finish",
            );
        };
        let check_in = CheckIn {
            at: now,
            by: by.get_untracked(),
            method: CheckInMethod::from_code(&method.get_untracked())
                .unwrap_or(CheckInMethod::Call),
            expected_finish,
            conditions: Conditions {
                weather: Weather::from_code(&weather.get_untracked()).unwrap_or(Weather::Dry),
                light: Light::from_code(&light.get_untracked()).unwrap_or(Light::Daylight),
                day_type: DayType::from_code(&day_type.get_untracked())
                    .unwrap_or(DayType::SchoolDay),
            },
        };
        let id = current.with_untracked(|w| w.id);
        spawn_local(async move {
            match commands::check_in(id, &check_in).await {
                Ok(walkabout) => current.set(walkabout),
                Err(error) => errors.show(&error, "check_in"),
            }
        });
    };

    let phone_link = format!("tel:{}", contact.phone);
    view! {
        <section class="panel">
            <h2>{t("walkabout-check-in")}</h2>
            <p>{t("check-in-before-you-start")} " " <strong>{contact.name.clone()}</strong>
               " (" {contact.role.clone()} ") " {t("check-in-on")} " "
               <a class="phone" href=phone_link>{contact.phone.clone()}</a> "."</p>
            {super::team_member_choice("check-in-by", t("walkabout-who-checked-in"), current, by)}
            <div class="field">
                <label for="check-in-method">{t("walkabout-how-you-checked-in")}</label>
                <select id="check-in-method" on:change=move |ev| method.set(event_target_value(&ev))>
                    {options(CheckInMethod::ALL, CheckInMethod::code, CheckInMethod::named, Some(CheckInMethod::Call))}
                </select>
            </div>
            <div class="field">
                <label for="expected-finish">{t("walkabout-expected-finish")}</label>
                <input id="expected-finish" type="datetime-local" prop:value=expected_finish
                    on:input=move |ev| expected_finish.set(event_target_value(&ev))/>
                {field_error(errors, "expected_finish")}
            </div>
            <div class="field pair">
                <label>{t("walkabout-weather")} <select id="weather" on:change=move |ev| weather.set(event_target_value(&ev))>
                    {options(Weather::ALL, Weather::code, Weather::named, Some(Weather::Dry))}
                </select></label>
                <label>{t("walkabout-light")} <select id="light" on:change=move |ev| light.set(event_target_value(&ev))>
                    {options(Light::ALL, Light::code, Light::named, Some(Light::Daylight))}
                </select></label>
            </div>
            <div class="field">
                <label for="day-type">{t("walkabout-day")}</label>
                <select id="day-type" on:change=move |ev| day_type.set(event_target_value(&ev))>
                    {options(DayType::ALL, DayType::code, DayType::named, Some(DayType::SchoolDay))}
                </select>
            </div>
            {field_error(errors, "check_in")}
            {field_error(errors, "at")}
            <button id="start-walkabout" class="primary" on:click=start>{move || words.with(|w| t_with("check-in-start", &[("walkabout", Arg::from(&w.one_in_text()))]))}</button>
        </section>
        <CancelPanel current/>
    }
}

/// Calling off a planned walkabout, with the reason the team and the safety contact will read.
#[component]
fn CancelPanel(current: RwSignal<Walkabout>) -> impl IntoView {
    let words = crate::app::walkabout_words();
    let errors = Errors::new();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let cancel = move |_| {
        errors.clear_all();
        let id = current.with_untracked(|w| w.id);
        spawn_local(async move {
            match commands::cancel_walkabout(id, reason.get_untracked()).await {
                Ok(walkabout) => current.set(walkabout),
                Err(error) => errors.show(&error, "cancel_reason"),
            }
        });
    };
    view! {
        <section class="panel">
            {move || if open.get() {
                view! {
                    <label for="cancel-reason">{t("walkabout-why-is-it-cancelled")}</label>
                    <input id="cancel-reason" type="text" prop:value=reason
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                    {field_error(errors, "cancel_reason")}
                    <div class="pair">
                        <button class="secondary" on:click=move |_| open.set(false)>{t("walkabout-keep-it-planned")}</button>
                        <button id="confirm-cancel-walkabout" class="primary" on:click=cancel>{t("walkabout-cancel-it")}</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <button id="cancel-walkabout" class="secondary" on:click=move |_| open.set(true)>
                        {move || words.with(|w| t_with("check-in-cancel", &[("walkabout", Arg::from(&w.one_in_text()))]))}
                    </button>
                }.into_any()
            }}
        </section>
    }
}
