//! Erasure in the app (privacy rules P12 and P13): a manager erases a record, or the past text in
//! its history, from the record's page; every practitioner is told on the home page when a record
//! they held was erased, and is shown any edit that could not be kept, to redo; a manager sees the
//! records due for erasure in the next 30 days and keeps one longer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::erasure::{
    EditNotKept, ErasureNotice, ErasureRequest, RetentionDue, RetentionExtension,
};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::drafts::{details_open, Drafts};
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};
use crate::{clock, commands};

/// The word a manager types before a whole record is erased.
const CONFIRM_WORD: &str = "ERASE";

/// A manager's erasures of record `id`. Shown only to a manager of the workspace; the server
/// checks again.
#[component]
pub fn EraseRecord(id: RecordId) -> impl IntoView {
    let manages = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            manages.try_set(directory.you_manage());
        }
    });
    view! {
        {move || manages.get().then(|| view! {
            <section class="panel" id="erasure">
                <h2>{t("records-erase")}</h2>
                <p class="hint">
                    {t("records-or-a-request-to")}
                </p>
                <EraseHistoryForm id/>
                <EraseWholeRecordForm id/>
            </section>
        })}
    }
}

#[component]
fn EraseHistoryForm(id: RecordId) -> impl IntoView {
    // Kept by the app: the erasure itself changes the record, and the sync that brings the
    // change draws this page again.
    let drafts = Drafts::get();
    let errors = drafts.errors(&format!("erase-history/{id}"));
    let reason = drafts.text(&format!("erase-history-reason/{id}"));
    let open = drafts.flag(&format!("erase-history-open/{id}"));
    let done = drafts.flag(&format!("erase-history-done/{id}"));
    let erase = move |_| {
        errors.clear_all();
        done.set(false);
        let request = ErasureRequest {
            record: id,
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match commands::erase_history(request).await {
                Ok(_) => {
                    reason.set(String::new());
                    done.set(true);
                    // This device takes the record's new epoch now, not at its next look.
                    let _ = commands::sync_now().await;
                }
                Err(error) => errors.show(&error, "erase-history"),
            }
        });
    };
    view! {
        <details class="erase-form" id="erase-history-form" prop:open=open
            on:toggle=move |ev| open.set(details_open(&ev))>
            <summary>{t("records-erase-past-text-from")}</summary>
            <p class="hint">
                {t("records-the-record-keeps-what")}
            </p>
            <div class="field">
                <label for="erase-history-reason">{t("records-reason")}</label>
                <textarea id="erase-history-reason" rows="2" prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {field_error(errors, "reason")}
            </div>
            {field_error(errors, "erase-history")}
            <button id="erase-history" class="danger" on:click=erase>{t("records-erase-the-past-text")}</button>
            {move || done.get().then(|| view! {
                <p class="done" id="history-erased" role="status">
                    {t("records-past-text-erased-every")}
                </p>
            })}
        </details>
    }
}

#[component]
fn EraseWholeRecordForm(id: RecordId) -> impl IntoView {
    let route = use_route();
    let drafts = Drafts::get();
    let errors = drafts.errors(&format!("erase-record/{id}"));
    let reason = drafts.text(&format!("erase-record-reason/{id}"));
    let confirm = drafts.text(&format!("erase-record-confirm/{id}"));
    let open = drafts.flag(&format!("erase-record-open/{id}"));
    let erase = move |_| {
        errors.clear_all();
        if confirm.get_untracked().trim() != CONFIRM_WORD {
            errors.show(
                &waymark_core::CommandError::new("confirm_erase", t("erasure-type-erase")),
                "confirm-erase",
            );
            return;
        }
        let request = ErasureRequest {
            record: id,
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match commands::erase_record(request).await {
                Ok(_) => {
                    reason.set(String::new());
                    confirm.set(String::new());
                    open.set(false);
                    route.set(Route::Home);
                    // The erasure notice comes with the sync that drops this device's copy.
                    let _ = commands::sync_now().await;
                }
                Err(error) => errors.show(&error, "erase-record"),
            }
        });
    };
    view! {
        <details class="erase-form" id="erase-record-form" prop:open=open
            on:toggle=move |ev| open.set(details_open(&ev))>
            <summary>{t("records-erase-this-record-everywhere")}</summary>
            <p class="hint">
                {t("records-it-is-deleted-from")}
            </p>
            <div class="field">
                <label for="erase-record-reason">{t("records-reason")}</label>
                <textarea id="erase-record-reason" rows="2" prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {field_error(errors, "reason")}
            </div>
            <div class="field">
                <label for="erase-record-confirm">{t("records-type-erase-to-confirm")}</label>
                <input id="erase-record-confirm" type="text" autocomplete="off" prop:value=confirm
                    on:input=move |ev| confirm.set(event_target_value(&ev))/>
                {field_error(errors, "confirm-erase")}
            </div>
            {field_error(errors, "erase-record")}
            <button id="erase-record" class="danger" on:click=erase>{t("records-erase-this-record")}</button>
        </details>
    }
}

/// The sentence a practitioner reads about one erasure.
fn notice_sentence(notice: &ErasureNotice) -> String {
    let which = match notice.created_at {
        Some(at) => t_with(
            "erasure-the-record-started",
            &[
                ("kind", Arg::from(&notice.kind_label().to_lowercase())),
                ("at", Arg::from(&clock::date_time(at.to_datetime()))),
            ],
        ),
        None => t_with(
            "erasure-a-record",
            &[("kind", Arg::from(&notice.kind_label().to_lowercase()))],
        ),
    };
    if notice.history_only {
        t_with(
            "erasure-history-erased",
            &[
                ("which", Arg::from(&which)),
                (
                    "at",
                    Arg::from(&clock::date_time(notice.erased_at.to_datetime())),
                ),
                ("reason", Arg::from(&notice.reason)),
            ],
        )
    } else {
        t_with(
            "erasure-record-erased",
            &[
                ("which", Arg::from(&which)),
                ("by", Arg::from(&notice.erased_by_label().to_string())),
                (
                    "at",
                    Arg::from(&clock::date_time(notice.erased_at.to_datetime())),
                ),
                ("reason", Arg::from(&notice.reason)),
            ],
        )
    }
}

/// What was erased while this device held it, and the edits that could not be kept, on the home
/// page until the practitioner puts each away.
#[component]
pub fn ErasureNotices() -> impl IntoView {
    let notices = RwSignal::new(Vec::<ErasureNotice>::new());
    let not_kept = RwSignal::new(Vec::<EditNotKept>::new());
    let load = move || {
        spawn_local(async move {
            if let Ok(found) = commands::erasure_notices().await {
                notices.try_set(found);
            }
            if let Ok(found) = commands::edits_not_kept().await {
                not_kept.try_set(found);
            }
        });
    };
    load();
    let put_away = move |record: RecordId| {
        spawn_local(async move {
            if commands::dismiss_erasure_notice(record).await.is_ok() {
                load();
            }
        });
    };
    let redone = move |id: i64| {
        spawn_local(async move {
            if commands::dismiss_edit_not_kept(id).await.is_ok() {
                load();
            }
        });
    };
    view! {
        {move || (!notices.get().is_empty()).then(|| view! {
            <section class="panel notice" id="erasure-notices" role="status">
                <h2>{t("records-erased")}</h2>
                <ul class="notices">
                    {notices.get().into_iter().map(|notice| {
                        let record = notice.record;
                        let lost = (notice.unsent_lost && !notice.history_only).then(|| view! {
                            <p class="warning-line">{t("records-changes-made-to-it")}</p>
                        });
                        view! {
                            <li class="erasure-notice">
                                <p>{notice_sentence(&notice)}</p>
                                {lost}
                                <button class="secondary" on:click=move |_| put_away(record)>{t("records-i-have-read-this")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {move || (!not_kept.get().is_empty()).then(|| view! {
            <section class="panel notice" id="edits-not-kept" role="status">
                <h2>{t("records-changes-to-redo")}</h2>
                <p class="hint">
                    {t("records-a-manager-erased-the")}
                </p>
                <ul class="notices">
                    {not_kept.get().into_iter().map(|edit| {
                        let id = edit.id;
                        view! {
                            <li class="edit-not-kept">
                                <p><strong>{edit.field}</strong></p>
                                <p class="kept-words">{edit.value}</p>
                                <button class="secondary" on:click=move |_| redone(id)>{t("records-done")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// The records due for erasure in the next 30 days, for a manager, with a way to keep one longer.
#[component]
pub fn RetentionPage() -> impl IntoView {
    let route = use_route();
    let due = RwSignal::new(None::<Result<Vec<RetentionDue>, waymark_core::CommandError>>);
    spawn_local(async move {
        due.try_set(Some(commands::retention_due().await));
    });
    view! {
        <section class="page" id="retention-page">
            <button class="back" on:click=move |_| route.set(Route::Settings)>{t("settings-settings")}</button>
            <h1>{t("records-due-for-erasure")}</h1>
            <p class="lead">
                {t("records-records-whose-retention-period")}
            </p>
            {move || match due.get() {
                None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="panel-error" id="retention-error" role="alert">{error.message}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" id="nothing-due">{t("records-nothing-is-due-for")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="due-list" id="due-list">
                        {list.into_iter().map(|record| view! { <DueRecord record due/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DueRecord(
    record: RetentionDue,
    due: RwSignal<Option<Result<Vec<RetentionDue>, waymark_core::CommandError>>>,
) -> impl IntoView {
    let errors = Errors::new();
    let days = RwSignal::new("90".to_owned());
    let reason = RwSignal::new(String::new());
    let id = record.record;
    let kind = waymark_core::erasure::kind_label(&record.kind);
    let keep = move |_| {
        errors.clear_all();
        let extension = RetentionExtension {
            record: id,
            days: days.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match commands::extend_retention(extension).await {
                Ok(list) => {
                    due.try_set(Some(Ok(list)));
                }
                Err(error) => errors.show(&error, "extend"),
            }
        });
    };
    view! {
        <li class="due-record">
            <p>
                <strong>{kind}</strong>
                " · "
                {t_with(
                    "erasure-due-record",
                    &[
                        ("changed", Arg::from(&clock::date_time(record.last_changed.to_datetime()))),
                        ("due", Arg::from(&clock::date_time(record.due_at.to_datetime()))),
                    ],
                )}
                {(record.extended_days > 0).then(|| format!(" · {}", t_with("erasure-kept-longer", &[("days", Arg::from(record.extended_days))])))}
            </p>
            <details class="extend-form">
                <summary>{t("records-keep-it-longer")}</summary>
                <div class="field">
                    <label for=format!("extend-days-{id}")>{t("records-days")}</label>
                    <input id=format!("extend-days-{id}") type="number" min="1" max="3650" prop:value=days on:input=move |ev| days.set(event_target_value(&ev))/>
                    {field_error(errors, "days")}
                </div>
                <div class="field">
                    <label for=format!("extend-reason-{id}")>{t("records-reason")}</label>
                    <textarea id=format!("extend-reason-{id}") rows="2" on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    {field_error(errors, "reason")}
                </div>
                {field_error(errors, "extend")}
                <button class="primary" on:click=keep>{t("records-keep-it-longer")}</button>
            </details>
        </li>
    }
}
