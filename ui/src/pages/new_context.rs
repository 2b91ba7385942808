use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{ContextDraft, ContextEdit};

use crate::app::{use_route, Route};
use crate::commands;
use crate::field::{ContextFields, Errors, InitialValues, LocationInput};
use crate::i18n::t;

#[component]
pub fn NewContextPage() -> impl IntoView {
    let route = use_route();
    let draft = RwSignal::new(ContextDraft::default());
    let location = LocationInput::new(None);
    let errors = Errors::new();
    let creating = RwSignal::new(false);

    // Messages go as the practitioner types. The location is read when they press Create: a
    // message vanishing as focus leaves the boxes would move the button from under their finger.
    let on_edit = Callback::new(move |edit: ContextEdit| {
        if !matches!(edit, ContextEdit::Location(_)) {
            errors.clear(edit.field());
        }
        draft.update(|draft| match edit {
            ContextEdit::Name(name) => draft.name = name,
            ContextEdit::ContextType(code) => draft.context_type = code,
            ContextEdit::Description(text) => draft.description = text,
            ContextEdit::Location(point) => draft.location = point,
            // The new-context form offers only the fields above; the journey's fields are
            // set on the context's page.
            _ => {}
        });
    });

    let create = move |_| {
        if creating.get_untracked() {
            return;
        }
        match location.parse() {
            Ok(point) => {
                errors.clear("location");
                draft.update(|draft| draft.location = point);
            }
            Err(error) => return errors.show(&error.into(), "location"),
        }
        creating.set(true);
        spawn_local(async move {
            match commands::create_context(&draft.get_untracked()).await {
                Ok(context) => route.set(Route::Context(context.id)),
                Err(error) => {
                    errors.show(&error, "name");
                    creating.try_set(false);
                }
            }
        });
    };

    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("common-all-contexts")}</button>
            <h1>{t("home-new-context")}</h1>
            <ContextFields initial=InitialValues::default() location errors on_edit/>
            <button id="create-context" class="primary" disabled=move || creating.get() on:click=create>
                {t("context-create-context")}
            </button>
        </section>
    }
}
