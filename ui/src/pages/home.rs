use leptos::prelude::*;
use leptos::task::spawn_local;
use time::OffsetDateTime;
use waymark_core::{CommandError, ContextSummary};

use crate::app::{use_route, Route};
use crate::commands;

#[component]
pub fn HomePage() -> impl IntoView {
    let route = use_route();
    let contexts = RwSignal::new(None::<Result<Vec<ContextSummary>, CommandError>>);
    spawn_local(async move {
        contexts.try_set(Some(commands::list_contexts().await));
    });

    view! {
        <section class="page">
            <h1>"Contexts"</h1>
            <p class="lead">"Places, schools, peer groups and online spaces you are assessing."</p>
            <button id="new-context" class="primary" on:click=move |_| route.set(Route::NewContext)>
                "New context"
            </button>
            {move || match contexts.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="panel-error" id="store-error" role="alert">{error.message}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" id="no-contexts">
                        "No contexts yet. Add the first place, school or group you are assessing."
                    </p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="context-list" id="context-list">
                        {list.into_iter().map(|context| {
                            let id = context.id;
                            view! {
                                <li>
                                    <button class="context-row" on:click=move |_| route.set(Route::Context(id))>
                                        <span class="row-name">{context.name}</span>
                                        <span class="row-meta">
                                            {context.context_type.label()} " · updated " {local_time(context.updated_at)}
                                        </span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// A time in the device's own time zone, as a practitioner reads it ("23 Nov 2026, 14:05").
fn local_time(at: OffsetDateTime) -> String {
    let millis = (at.unix_timestamp_nanos() / 1_000_000) as f64;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        // Setting a string on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("en-GB", &options).into()
}
