use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::language::Language;
use waymark_core::passcode::{DEFAULT_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES};
use waymark_core::EscalationCard;

use crate::app::{use_route, Redraw, Route};
use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{self, t};

use super::offline_map_settings::OfflineMapSettings;
use crate::lock::Lock;
use crate::pages::sync_settings::SyncSettings;

/// The workspace's own escalation card: what to do, and whom to call, when a child is at
/// immediate risk. Shown the moment someone taps "Urgent concern".
#[component]
pub fn SettingsPage() -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let instructions = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let loaded = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let name_saved = RwSignal::new(false);
    let signed_in = RwSignal::new(None::<(String, String)>);
    let manages = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            manages.try_set(directory.you_manage());
            signed_in.try_set(Some((directory.you, directory.workspace)));
        }
    });
    spawn_local(async move {
        if let Ok(current) = commands::practitioner_name().await {
            name.try_set(current);
        }
    });
    let save_name = move |_| {
        name_saved.set(false);
        spawn_local(async move {
            if commands::set_practitioner_name(&name.get_untracked())
                .await
                .is_ok()
            {
                name_saved.try_set(true);
            }
        });
    };
    spawn_local(async move {
        if let Ok(card) = commands::escalation_card().await {
            instructions.try_set(card.instructions);
            phone.try_set(card.phone);
            loaded.try_set(true);
        }
    });
    let save = move |_| {
        errors.clear_all();
        saved.set(false);
        let card = EscalationCard {
            instructions: instructions.get_untracked(),
            phone: phone.get_untracked(),
        };
        spawn_local(async move {
            match commands::set_escalation_card(&card).await {
                Ok(_) => {
                    saved.try_set(true);
                }
                Err(error) => errors.show(&error, "instructions"),
            }
        });
    };
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("common-all-contexts")}</button>
            <h1>{t("app-settings")}</h1>
            <LanguageChoice/>
            <OfflineMapSettings/>
            <SyncSettings/>
            <DeviceProtection/>
            <h2>{t("settings-your-name")}</h2>
            {move || match signed_in.get() {
                Some((you, workspace)) => view! {
                    <p id="signed-in">{i18n::t_with("settings-signed-in", &[("name", i18n::Arg::from(&you)), ("workspace", i18n::Arg::from(&workspace))])}</p>
                }.into_any(),
                None => view! {
                    <label for="practitioner-name" class="hint">{t("settings-as-colleagues-write-it")}</label>
                    <input id="practitioner-name" type="text" autocomplete="off" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button id="save-name" class="secondary" on:click=save_name>{t("settings-save-your-name")}</button>
                    {move || name_saved.get().then(|| view! { <p class="done" id="name-saved">{t("settings-saved-on-this-device")}</p> })}
                }.into_any(),
            }}
            {move || manages.get().then(|| view! {
                <h2>{t("settings-audit-log")}</h2>
                <p class="hint">{t("settings-who-created-opened-changed")}</p>
                <button id="audit-log" class="secondary" on:click=move |_| route.set(Route::AuditLog(None))>{t("settings-read-the-audit-log")}</button>
                <h2>{t("settings-people")}</h2>
                <p class="hint">{t("settings-who-is-in-the")}</p>
                <button id="people-page" class="secondary" on:click=move |_| route.set(Route::People)>{t("settings-people-in-the-workspace")}</button>
                <h2>{t("settings-workspace-settings")}</h2>
                <p class="hint">{t("settings-data-protection-the-case")}</p>
                <button id="workspace-settings" class="secondary" on:click=move |_| route.set(Route::WorkspaceSettings)>{t("settings-workspace-settings")}</button>
                <h2>{t("settings-retention")}</h2>
                <p class="hint">{t("settings-records-whose-retention-period")}</p>
                <button id="retention-page" class="secondary" on:click=move |_| route.set(Route::Retention)>{t("settings-records-due-for-erasure")}</button>
            })}
            <h2>{t("settings-escalation-card")}</h2>
            <p class="hint">{t("settings-shown-when-someone-taps")}</p>
            <Show when=move || loaded.get() fallback=|| view! { <p class="muted">{t("loading")}</p> }>
                <div class="field">
                    <label for="card-instructions">{t("settings-what-to-do")}</label>
                    <textarea id="card-instructions" rows="5" prop:value=move || instructions.get()
                        on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
                    {field_error(errors, "instructions")}
                </div>
                <div class="field">
                    <label for="card-phone">{t("settings-number-to-call")}</label>
                    <input id="card-phone" type="tel" prop:value=move || phone.get()
                        on:input=move |ev| phone.set(event_target_value(&ev))/>
                    {field_error(errors, "phone")}
                </div>
                <button id="save-card" class="primary" on:click=save>{t("settings-save-the-escalation-card")}</button>
                {move || saved.get().then(|| view! { <p class="done" id="card-saved">{t("settings-saved-on-this-device")}</p> })}
            </Show>
        </section>
    }
}

/// The device's passcode and lock (P16, P17): lock now, the idle time, and a passcode change.
#[component]
fn DeviceProtection() -> impl IntoView {
    let lock = expect_context::<Lock>();
    let errors = Errors::new();
    let current = RwSignal::new(String::new());
    let passcode = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let changed = RwSignal::new(false);
    let idle_saved = RwSignal::new(false);
    let minutes = lock.0.with_untracked(|s| {
        s.as_ref()
            .map_or(DEFAULT_IDLE_LOCK_MINUTES, |s| s.idle_lock_minutes)
    });
    let change = move |_| {
        errors.clear_all();
        changed.set(false);
        spawn_local(async move {
            match commands::change_passcode(
                current.get_untracked(),
                passcode.get_untracked(),
                confirmation.get_untracked(),
            )
            .await
            {
                Ok(state) => {
                    lock.0.try_set(Some(state));
                    changed.try_set(true);
                }
                Err(error) => {
                    let slot = if error.code == "wrong_passcode" || error.code == "unlock_waiting" {
                        "current_passcode"
                    } else {
                        "passcode"
                    };
                    errors.show(&error, slot);
                }
            }
        });
    };
    let set_idle = move |ev: leptos::ev::Event| {
        errors.clear_all();
        idle_saved.set(false);
        let chosen = event_target_value(&ev)
            .parse()
            .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES);
        spawn_local(async move {
            match commands::set_idle_lock(chosen).await {
                Ok(state) => {
                    lock.0.try_set(Some(state));
                    idle_saved.try_set(true);
                }
                Err(error) => errors.show(&error, "idle_lock"),
            }
        });
    };
    let lock_now = move |_| {
        spawn_local(async move {
            if let Ok(state) = commands::lock_now().await {
                lock.0.try_set(Some(state));
            }
        });
    };
    view! {
        <h2>{t("settings-passcode-and-lock")}</h2>
        <p class="hint">{t("settings-records-on-this-device")}</p>
        <button id="lock-now" class="secondary" on:click=lock_now>{t("settings-lock-now")}</button>
        <div class="field">
            <label for="idle-lock">{t("settings-lock-after-this-many")}</label>
            <select id="idle-lock" on:change=set_idle>
                {(1..=MAX_IDLE_LOCK_MINUTES).map(|m| view! {
                    <option value=m.to_string() selected=m == minutes>{m.to_string()}</option>
                }).collect_view()}
            </select>
            {field_error(errors, "idle_lock")}
            {move || idle_saved.get().then(|| view! { <p class="done" id="idle-lock-saved">{t("settings-saved-on-this-device")}</p> })}
        </div>
        <details id="change-passcode">
            <summary>{t("settings-change-the-passcode")}</summary>
            <div class="field">
                <label for="current-passcode">{t("settings-current-passcode")}</label>
                <input id="current-passcode" type="password" autocomplete="current-password" on:input=move |ev| current.set(event_target_value(&ev))/>
                {field_error(errors, "current_passcode")}
            </div>
            <div class="field">
                <label for="changed-passcode">{t("settings-new-passcode")}</label>
                <input id="changed-passcode" type="password" autocomplete="new-password" on:input=move |ev| passcode.set(event_target_value(&ev))/>
                {field_error(errors, "passcode")}
            </div>
            <div class="field">
                <label for="changed-confirmation">{t("settings-the-new-passcode-again")}</label>
                <input id="changed-confirmation" type="password" autocomplete="new-password" on:input=move |ev| confirmation.set(event_target_value(&ev))/>
                {field_error(errors, "confirmation")}
            </div>
            <button id="save-passcode" class="secondary" on:click=change>{t("settings-change-the-passcode")}</button>
            {move || changed.get().then(|| view! { <p class="done" id="passcode-changed">{t("settings-passcode-changed-use-the")}</p> })}
        </details>
    }
}

/// The interface's language: the device's own, or English or Welsh whatever the device says.
/// The records are drawn again in the new language at once, from the home page.
#[component]
fn LanguageChoice() -> impl IntoView {
    let errors = Errors::new();
    let current = i18n::language();
    let redraw = use_context::<Redraw>();
    let chosen = RwSignal::new(None::<Option<String>>);
    spawn_local(async move {
        if let Ok(choice) = commands::language().await {
            chosen.try_set(Some(choice.chosen));
        }
    });
    let choose = move |ev| {
        let value = event_target_value(&ev);
        let tag = (!value.is_empty()).then_some(value);
        errors.clear_all();
        spawn_local(async move {
            match commands::set_language(tag.as_deref()).await {
                Ok(choice) => {
                    i18n::settle(&choice);
                    if let Some(Redraw(redraw)) = redraw {
                        redraw.update(|n| *n += 1);
                    }
                }
                Err(error) => errors.set("language", &error.message),
            }
        });
    };
    view! {
        <h2>{t("settings-language")}</h2>
        <label for="language">{t("settings-language-hint")}</label>
        <select id="language" on:change=choose>
            <option value="" selected=move || chosen.get().flatten().is_none()>
                {t("settings-language-system")}
            </option>
            {Language::CHOOSABLE.iter().map(|&language| {
                let selected = move || {
                    chosen.get().flatten().as_deref().and_then(Language::from_tag) == Some(language)
                };
                view! { <option value=language.tag() selected=selected>{language.own_name()}</option> }
            }).collect_view()}
        </select>
        {field_error(errors, "language")}
        <p class="hint" id="language-shown">{t_shown(current)}</p>
    }
}

fn t_shown(language: Language) -> String {
    i18n::t_with(
        "settings-language-shown",
        &[("language", i18n::Arg::Text(language.own_name()))],
    )
}
