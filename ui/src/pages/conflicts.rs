//! Fields of a record that two people changed at once, on two devices: both values are kept by
//! the merge and shown here, with who set each, until someone keeps one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::fields::{FieldConflict, FieldPlace};
use waymark_core::RecordId;

use crate::app::use_route;
use crate::commands;
use crate::i18n::{self, t, t_with, Arg};

/// The conflicts of record `id`, read again whenever `changed` changes. Keeping a value opens
/// the page again, so every field on it shows what is now kept.
#[component]
pub fn FieldConflicts(id: RecordId, #[prop(into)] changed: Signal<String>) -> impl IntoView {
    let route = use_route();
    let conflicts = RwSignal::new(Vec::<FieldConflict>::new());
    let failure = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            if let Ok(found) = commands::field_conflicts(id).await {
                conflicts.try_set(found);
            }
        });
    };
    Effect::new(move |_| {
        changed.track();
        load();
    });
    let keep = move |place: FieldPlace, value: String| {
        spawn_local(async move {
            match commands::choose_field_value(id, place, value).await {
                Ok(()) => {
                    failure.set(None);
                    // The same page again, read afresh from the record.
                    route.set(route.get_untracked());
                }
                Err(error) => {
                    failure.set(Some(error.message));
                    load();
                }
            }
        });
    };
    view! {
        {move || (!conflicts.get().is_empty()).then(|| view! {
            <section class="panel notice" id="field-conflicts" role="status">
                <h2>{t("records-changed-in-two-places")}</h2>
                <p class="hint">
                    {t("records-two-people-changed-these")}
                </p>
                {move || failure.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
                <ul class="notices">
                    {conflicts.get().into_iter().map(|conflict| {
                        let values = conflict.values.into_iter().map(|value| {
                            let place = conflict.place.clone();
                            let kept = value.value.clone();
                            view! {
                                <li class="conflicting-value">
                                    <p><strong>{value.shown}</strong>{t_with("records-set-by", &[("by", Arg::from(&value.by.named_in(i18n::current())))])}</p>
                                    <button class="secondary keep-value" on:click=move |_| keep(place.clone(), kept.clone())>{t("records-keep-this")}</button>
                                </li>
                            }
                        }).collect_view();
                        view! {
                            <li class="field-conflict">
                                <p>{conflict.field}</p>
                                <ul class="conflicting-values">{values}</ul>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
