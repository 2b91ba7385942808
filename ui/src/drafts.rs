//! What a practitioner has typed or opened in a form that is not saved until they press its
//! button, kept while the page it is on is drawn again.
//!
//! A page that shows synced records is drawn anew when a sync changed them, once focus has left
//! the field being typed in. A page's own signals go with the page, so a reason typed into a
//! form, the form left open, or the line that said the request was done would go too. These
//! signals belong to the app instead, and a form asks for them by a name that includes its
//! record, so the redrawn form shows what was there. They live in memory only, as the page did.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::field::Errors;

/// The app's kept form state, provided once under the records.
#[derive(Clone)]
pub struct Drafts {
    /// The records' owner: signals made under it outlive any page.
    owner: Owner,
    texts: StoredValue<HashMap<String, RwSignal<String>>>,
    flags: StoredValue<HashMap<String, RwSignal<bool>>>,
    errors: StoredValue<HashMap<String, Errors>>,
}

impl Drafts {
    fn new() -> Self {
        Self {
            owner: Owner::current().unwrap_or_default(),
            texts: StoredValue::new(HashMap::new()),
            flags: StoredValue::new(HashMap::new()),
            errors: StoredValue::new(HashMap::new()),
        }
    }

    /// Provides the kept form state to every page drawn under the current owner.
    pub fn provide() {
        provide_context(Self::new());
    }

    /// The kept form state, or a new one (outliving nothing) where none was provided.
    pub fn get() -> Self {
        use_context::<Self>().unwrap_or_else(Self::new)
    }

    /// The text kept under `name`, empty at first.
    pub fn text(&self, name: &str) -> RwSignal<String> {
        kept(&self.owner, self.texts, name, || {
            RwSignal::new(String::new())
        })
    }

    /// The yes-or-no kept under `name`, no at first.
    pub fn flag(&self, name: &str) -> RwSignal<bool> {
        kept(&self.owner, self.flags, name, || RwSignal::new(false))
    }

    /// The form's messages kept under `name`, none at first.
    pub fn errors(&self, name: &str) -> Errors {
        kept(&self.owner, self.errors, name, Errors::new)
    }
}

fn kept<T: Copy + Send + Sync + 'static>(
    owner: &Owner,
    all: StoredValue<HashMap<String, T>>,
    name: &str,
    make: impl FnOnce() -> T,
) -> T {
    if let Some(found) = all.with_value(|all| all.get(name).copied()) {
        return found;
    }
    let made = owner.with(make);
    all.update_value(|all| {
        all.insert(name.to_owned(), made);
    });
    made
}

/// Whether the `<details>` element a `toggle` event came from is now open, to keep in a flag.
pub fn details_open(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|details| details.has_attribute("open"))
}
