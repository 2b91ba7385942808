use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{CommandError, ContextSummary};

use crate::app::{use_route, Route};
use crate::pages::erasure::ErasureNotices;
use crate::pages::peer_group::LevelOneMaps;
use crate::pages::school::MyTasks;
use crate::{clock, commands};

#[component]
pub fn HomePage() -> impl IntoView {
    let route = use_route();
    let contexts = RwSignal::new(None::<Result<Vec<ContextSummary>, CommandError>>);
    spawn_local(async move {
        contexts.try_set(Some(commands::list_contexts().await));
    });

    view! {
        <section class="page">
            <ErasureNotices/>
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
                                            {context.context_type.label()} " · updated " {clock::date_time(context.updated_at)}
                                        </span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <MyTasks/>
            <LevelOneMaps/>
        </section>
    }
}
