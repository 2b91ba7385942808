//! The audit log, as a manager reads it (privacy rule P14): everything done to the workspace's
//! records, by whom, on which device and when, newest first, narrowed to one record or one
//! person. The log lives on the server, so this page needs the connection.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::audit::{AuditEntry, AuditFilter};
use waymark_core::{CommandError, RecordId};

use crate::app::{use_route, Route};
use crate::i18n::{t, t_with, Arg, Named};
use crate::{clock, commands};

/// The audit log of the workspace, or of `record` alone.
#[component]
pub fn AuditLogPage(record: Option<RecordId>) -> impl IntoView {
    let route = use_route();
    let people = RwSignal::new(Vec::<String>::new());
    let person = RwSignal::new(String::new());
    let entries = RwSignal::new(None::<Result<Vec<AuditEntry>, CommandError>>);
    let load = move || {
        let user = person.get_untracked();
        entries.set(None);
        spawn_local(async move {
            let filter = AuditFilter {
                record,
                user: (!user.is_empty()).then_some(user),
            };
            entries.try_set(Some(commands::read_audit_log(filter).await));
        });
    };
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            people.try_set(directory.members.into_iter().map(|m| m.user).collect());
        }
    });
    load();
    let back = if record.is_some() {
        Route::Home
    } else {
        Route::Settings
    };
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(back)>{t("records-back")}</button>
            <h1>{t("settings-audit-log")}</h1>
            <p class="hint">{match record {
                Some(id) => t_with("audit-one-record", &[("record", Arg::from(&short(id)))]),
                None => t("audit-all-records"),
            }} " " {t("audit-kept-on-server")}</p>
            <div class="field">
                <label for="audit-person">{t("records-person")}</label>
                <select id="audit-person" on:change=move |ev| { person.set(event_target_value(&ev)); load(); }>
                    <option value="">{t("records-everyone")}</option>
                    {move || people.get().into_iter().map(|name| view! {
                        <option value=name.clone()>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || match entries.get() {
                None => view! { <p class="muted">{t("records-asking-the-server")}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="error" id="audit-error">{error.message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty" id="audit-entries">{t("records-nothing-recorded")}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="history" id="audit-entries">
                        {list.into_iter().map(|entry| view! {
                            <li>
                                <strong>{clock::date_time(entry.at.to_datetime())}</strong>
                                " · " {entry.user} " · " {entry.action.named()}
                                {entry.record.filter(|_| record.is_none()).map(|id| format!(" · {}", t_with("audit-record", &[("record", Arg::from(&short(id)))])))}
                                {entry.device.is_none().then(|| format!(" · {}", t("audit-on-the-server")))}
                                {(!entry.detail.is_empty()).then(|| format!(" · {}", entry.detail))}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

/// The end of a record's id (its random part), enough to tell records apart on one screen.
fn short(id: RecordId) -> String {
    id.to_string()
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}
