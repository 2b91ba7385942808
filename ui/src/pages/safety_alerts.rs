//! A manager's safety alerts: an urgent concern, or a check-out that was not all safe, heads the
//! home page from the sync that brings it until a manager acknowledges it. The walkabout keeps
//! who acknowledged, and when.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::walkabout::{SafetyAlert, SafetyAlertKind};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::i18n::{self, t, Named};
use crate::{clock, commands};

#[component]
pub fn SafetyAlerts() -> impl IntoView {
    let route = use_route();
    let alerts = RwSignal::new(Vec::<SafetyAlert>::new());
    let failure = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            if let Ok(found) = commands::safety_alerts().await {
                alerts.try_set(found);
            }
        });
    };
    load();
    let acknowledge = move |id: RecordId, key: String| {
        spawn_local(async move {
            match commands::acknowledge_alert(id, key).await {
                Ok(_) => {
                    failure.set(None);
                    load();
                }
                Err(error) => failure.set(Some(error.message)),
            }
        });
    };
    view! {
        {move || (!alerts.get().is_empty()).then(|| view! {
            <section class="panel alert-panel" id="safety-alerts" role="alert">
                <h2>{t("walkabout-safety-alerts")}</h2>
                <p class="hint">{t("walkabout-from-walkabouts-read-each")}</p>
                {move || failure.get().map(|message| view! { <p class="error">{message}</p> })}
                <ul class="notices">
                    {alerts.get().into_iter().map(|alert| {
                        let id = alert.walkabout_id;
                        let key = alert.key.clone();
                        let badge = match alert.kind {
                            SafetyAlertKind::UrgentConcern => "badge urgent",
                            SafetyAlertKind::NotAllSafe => "badge unsafe",
                        };
                        view! {
                            <li class="safety-alert">
                                <span class=badge>{alert.kind.named()}</span>
                                <p><strong>{alert.purpose}</strong>" · "{clock::date_time(alert.at)}</p>
                                <p>{alert.what.line_in(i18n::current())}</p>
                                <div class="actions">
                                    <button class="secondary" on:click=move |_| route.set(Route::Walkabout(id))>{t("walkabout-open-the-walkabout")}</button>
                                    <button class="primary acknowledge" on:click=move |_| acknowledge(id, key.clone())>{t("walkabout-acknowledge")}</button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
