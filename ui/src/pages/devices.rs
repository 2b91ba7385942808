//! The devices of the workspace, as a manager looks after them (privacy rules P6, P17): a
//! one-time enrolment code for someone's new device, and a device cut off, or, when it is lost
//! or stolen, erased at its next contact. The server holds them, so this needs the connection.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::access::{IssuedCode, WorkspaceDevice};

use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};

#[component]
pub fn WorkspaceDevices(people: Vec<String>) -> impl IntoView {
    let errors = Errors::new();
    let devices = RwSignal::new(None::<Vec<WorkspaceDevice>>);
    let issued = RwSignal::new(None::<IssuedCode>);
    let load = move || {
        spawn_local(async move {
            match commands::workspace_devices().await {
                Ok(found) => {
                    devices.try_set(Some(found));
                }
                Err(error) => errors.show(&error, "devices"),
            }
        });
    };
    load();
    let person = RwSignal::new(people.first().cloned().unwrap_or_default());
    let make_code = move |_| {
        errors.clear_all();
        issued.set(None);
        spawn_local(async move {
            match commands::enrol_member_device(&person.get_untracked()).await {
                Ok(code) => {
                    issued.try_set(Some(code));
                    load();
                }
                Err(error) => errors.show(&error, "enrol"),
            }
        });
    };
    view! {
        <section class="panel" id="workspace-devices">
            <h2>{t("settings-devices")}</h2>
            <div class="field">
                <label for="enrol-person">{t("settings-a-new-device-for")}</label>
                <select id="enrol-person" on:change=move |ev| person.set(event_target_value(&ev))>
                    {people.into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <button id="make-enrolment-code" class="secondary" on:click=make_code>{t("settings-make-an-enrolment-code")}</button>
            {field_error(errors, "enrol")}
            {move || issued.get().map(|code| view! {
                <div class="done" id="issued-code" role="status">
                    <p>{t_with("devices-code-for", &[("user", Arg::from(&code.user))])}</p>
                    <p class="code">{code.code.clone()}</p>
                    <p>{t_with("devices-code-hint", &[("hours", Arg::from(code.expires_in_hours))])}</p>
                </div>
            })}
            {field_error(errors, "devices")}
            <ul class="context-list" id="device-list">
                {move || devices.get().unwrap_or_default().into_iter().map(|device| view! {
                    <DeviceRow device devices errors/>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One device: who it is for, where it stands, and how to cut it off.
#[component]
fn DeviceRow(
    device: WorkspaceDevice,
    devices: RwSignal<Option<Vec<WorkspaceDevice>>>,
    errors: Errors,
) -> impl IntoView {
    let id = device.id.clone();
    // The end of the id: its start is a timestamp, alike for devices enrolled the same day.
    let short = id
        .get(id.len().saturating_sub(8)..)
        .unwrap_or(&id)
        .to_owned();
    // The device in hand is not revoked from itself; the server refuses it too.
    let cut_off = device.state.starts_with("revoked") || device.yours;
    let typed = RwSignal::new(String::new());
    let wipe_errors = Errors::new();
    let revoke = move |id: String, wipe: bool| {
        errors.clear_all();
        spawn_local(async move {
            match commands::revoke_member_device(&id, wipe).await {
                Ok(found) => {
                    devices.try_set(Some(found));
                }
                Err(error) => errors.show(&error, "devices"),
            }
        });
    };
    let (revoke_id, wipe_id) = (id.clone(), id.clone());
    view! {
        <li class="person-row device-row" id=format!("device-{id}")>
            <span class="row-name">{device.user.clone()}</span>
            <span class="row-meta">{t_with("devices-device", &[("short", Arg::from(&short)), ("state", Arg::from(&device.state.to_string())), ("yours", Arg::from(if device.yours { "yes" } else { "no" }))])}</span>
            {(!cut_off).then(|| view! {
                <button class="secondary revoke-device" on:click=move |_| revoke(revoke_id.clone(), false)>
                    {t("settings-revoke-it-keeps-its")}
                </button>
                <details class="danger-zone wipe-device">
                    <summary>{t("settings-lost-or-stolen")}</summary>
                    <p>{t("settings-it-erases-every-record")}</p>
                    <input class="wipe-confirmation" type="text" autocomplete="off" aria-label=t("settings-type-wipe")
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    {field_error(wipe_errors, "wipe")}
                    <button class="danger wipe-now" on:click=move |_| {
                        wipe_errors.clear_all();
                        match waymark_core::passcode::check_wipe(&typed.get_untracked()) {
                            Ok(()) => revoke(wipe_id.clone(), true),
                            Err(error) => wipe_errors.show(&error.into(), "wipe"),
                        }
                    }>{t("settings-erase-it-at-its")}</button>
                </details>
            })}
        </li>
    }
}
