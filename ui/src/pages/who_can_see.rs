//! Who can see a record (privacy rules P6 to P8), as the server last told this device: the team,
//! a case team, or partner agencies a manager shared it with. Shown offline too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::directory::Audience;
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::commands;

/// Who can see record `id`. A sync that changes records here draws the page again, and this with
/// it, so what the server said last is what shows.
#[component]
pub fn WhoCanSee(id: RecordId) -> impl IntoView {
    let route = use_route();
    let audience = RwSignal::new(None::<Audience>);
    let manages = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(found) = commands::who_can_see(id).await {
            audience.try_set(Some(found));
        }
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            manages.try_set(directory.you_manage());
        }
    });
    view! {
        <section class="panel" id="who-can-see">
            <h2>"Who can see this"</h2>
            {move || audience.get().map(|audience| view! {
                {audience.read_only_for_you.then(|| view! {
                    <p class="badge-line" id="read-only">"Shared with you to read. Changes made here are not kept."</p>
                })}
                <p id="who-can-see-scope">{audience.scope}</p>
                <ul class="people" id="who-can-see-people">
                    {audience.people.into_iter().map(|person| view! { <li>{person}</li> }).collect_view()}
                </ul>
                {(!audience.shared_with.is_empty()).then(|| view! {
                    <h3>"Shared with"</h3>
                    <ul class="people" id="who-can-see-shared">
                        {audience.shared_with.into_iter().map(|reader| view! { <li>{reader}</li> }).collect_view()}
                    </ul>
                })}
            })}
            {move || manages.get().then(|| view! {
                <button id="record-audit-log" class="secondary" on:click=move |_| route.set(Route::AuditLog(Some(id)))>
                    "Audit log of this record"
                </button>
            })}
        </section>
    }
}
