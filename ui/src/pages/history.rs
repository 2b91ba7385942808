//! A record's history: who changed what, and when, read from its Automerge document.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{HistoryEntry, RecordId};

use crate::i18n::{self, t, t_with, Arg};
use crate::{clock, commands};

/// The history of record `id`, newest first, read again whenever `changed` changes.
#[component]
pub fn History(id: RecordId, #[prop(into)] changed: Signal<String>) -> impl IntoView {
    let history = RwSignal::new(Vec::<HistoryEntry>::new());
    Effect::new(move |_| {
        changed.track();
        spawn_local(async move {
            if let Ok(entries) = commands::record_history(id).await {
                history.try_set(entries);
            }
        });
    });
    view! {
        <section>
            <h2>{t("records-history-of-changes")}</h2>
            <ol class="history" id="history">
                {move || history.get().into_iter().rev().map(|entry| view! {
                    <li>
                        <strong>{clock::date_time(entry.at)}</strong> " · " {entry.by.named_in(i18n::current())} " · " {entry.what_in(i18n::current())}
                        {(entry.changes > 1).then(|| t_with("history-changes", &[("count", Arg::from(entry.changes))]))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
