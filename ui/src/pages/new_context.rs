use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{ContextDraft, ContextEdit};

use crate::app::{navigate, Route};
use crate::commands;
use crate::field::{ContextFields, Errors, InitialValues};

#[component]
pub fn NewContextPage() -> impl IntoView {
    let draft = RwSignal::new(ContextDraft::default());
    let errors = Errors::new();
    let creating = RwSignal::new(false);

    let on_edit = Callback::new(move |edit: ContextEdit| {
        errors.clear(edit.field());
        draft.update(|draft| match edit {
            ContextEdit::Name(name) => draft.name = name,
            ContextEdit::ContextType(code) => draft.context_type = code,
            ContextEdit::Description(text) => draft.description = text,
            ContextEdit::Location(point) => draft.location = point,
        });
    });

    let create = move |_| {
        if creating.get_untracked() {
            return;
        }
        creating.set(true);
        spawn_local(async move {
            match commands::create_context(&draft.get_untracked()).await {
                Ok(context) => navigate(Route::Context(context.id)),
                Err(error) => {
                    errors.show(&error, "name");
                    creating.try_set(false);
                }
            }
        });
    };

    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| navigate(Route::Home)>"‹ All contexts"</button>
            <h1>"New context"</h1>
            <ContextFields initial=InitialValues::default() errors on_edit/>
            <button id="create-context" class="primary" disabled=move || creating.get() on:click=create>
                "Create context"
            </button>
        </section>
    }
}
