//! Enrolling this device with the team's sync server.

use leptos::prelude::*;
use leptos::task::spawn_local;

use waymark_core::enrolment::RECORDS_WOULD_MOVE;

use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};

#[component]
pub fn SyncSettings() -> impl IntoView {
    let errors = Errors::new();
    let server = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let enrolled_with = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The question asked when this device's records would go to another workspace.
    let question = RwSignal::new(None::<String>);
    let answer = move |send_records: bool| {
        busy.set(true);
        spawn_local(async move {
            match commands::settle_enrolment(send_records).await {
                Ok(address) => {
                    enrolled_with.try_set(address);
                }
                Err(error) => errors.show(&error, "code"),
            }
            question.try_set(None);
            code.try_set(String::new());
            busy.try_set(false);
        });
    };
    spawn_local(async move {
        if let Ok(status) = commands::sync_status().await {
            if let Some(address) = status.server {
                server.try_set(address.clone());
                enrolled_with.try_set(Some(address));
            }
        }
    });
    let enroll = move |_| {
        errors.clear_all();
        busy.set(true);
        let (address, typed) = (server.get_untracked(), code.get_untracked());
        spawn_local(async move {
            match commands::enroll_device(&address, &typed).await {
                Ok(()) => {
                    code.try_set(String::new());
                    if let Ok(status) = commands::sync_status().await {
                        enrolled_with.try_set(status.server.or(Some(address)));
                    }
                }
                Err(error) if error.code == RECORDS_WOULD_MOVE => {
                    question.try_set(Some(error.message));
                }
                Err(error) => {
                    let slot = if error.code.ends_with("address") {
                        "server"
                    } else {
                        "code"
                    };
                    errors.show(&error, slot);
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <h2>{t("settings-sync")}</h2>
        {move || enrolled_with.get().map(|address| view! {
            <p class="done" id="enrolled">{t_with("sync-syncs-with", &[("address", Arg::from(&address))])}</p>
            <button id="sync-now" class="secondary" on:click=move |_| {
                spawn_local(async move { let _ = commands::sync_now().await; });
            }>{t("settings-sync-now")}</button>
        })}
        <p class="hint">
            {t("settings-records-stay-on-this")}
        </p>
        <div class="field">
            <label for="sync-server">{t("settings-server-address")}</label>
            <input id="sync-server" type="url" inputmode="url" autocomplete="off"
                placeholder=t("settings-https-sync-example-org") prop:value=move || server.get()
                on:input=move |ev| server.set(event_target_value(&ev))/>
            {field_error(errors, "server")}
        </div>
        <div class="field">
            <label for="enrolment-code">{t("settings-enrolment-code")}</label>
            <input id="enrolment-code" type="text" autocomplete="off" autocapitalize="characters"
                placeholder=t("settings-abcd-efgh-jkmn") prop:value=move || code.get()
                on:input=move |ev| code.set(event_target_value(&ev))/>
            {field_error(errors, "code")}
        </div>
        <button id="enroll" class="primary" prop:disabled=move || busy.get() on:click=enroll>
            {move || if enrolled_with.with(Option::is_some) { t("sync-enrol-again") } else { t("sync-enrol") }}
        </button>
        {move || question.get().map(|text| view! {
            <div class="panel urgent-panel" id="enrolment-choice" role="alertdialog" aria-labelledby="enrolment-question">
                <p id="enrolment-question">{text}</p>
                <button id="keep-enrolment" class="primary" prop:disabled=move || busy.get()
                    on:click=move |_| answer(false)>{t("settings-keep-the-current-enrolment")}</button>
                <button id="send-records" class="secondary" prop:disabled=move || busy.get()
                    on:click=move |_| answer(true)>{t("settings-send-them-to-the")}</button>
            </div>
        })}
    }
}
