//! Choosing a context from those on the device without listing every one, and naming the
//! contexts a record links to without reading them all. A device with a year of records holds
//! thousands of contexts: a picker offers the most recently changed page of them, or those whose
//! name or area matches what is typed, as the home page does.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{ContextSearch, ContextSummary, RecordId};

use crate::commands;

/// The contexts a picker offers: what the latest search found.
#[derive(Clone, Copy)]
pub struct ContextChoice {
    /// Most recently changed first, a page of each status at most.
    pub found: RwSignal<Vec<ContextSummary>>,
    typed: RwSignal<String>,
    /// Answers can come back out of order while someone types; only the latest is kept.
    asked: StoredValue<u64>,
}

impl ContextChoice {
    /// A picker offering the first page of contexts, most recently changed first.
    pub fn new() -> Self {
        let choice = Self {
            found: RwSignal::new(Vec::new()),
            typed: RwSignal::new(String::new()),
            asked: StoredValue::new(0),
        };
        choice.look(String::new());
        choice
    }

    /// Offers the contexts whose name or area matches `text`, or the first page when it is empty.
    pub fn look(self, text: String) {
        let ask = self.asked.get_value() + 1;
        self.asked.set_value(ask);
        self.typed.set(text.clone());
        spawn_local(async move {
            let search = ContextSearch {
                text,
                shown: Vec::new(),
            };
            let Ok(groups) = commands::find_contexts(&search).await else {
                return;
            };
            if self.asked.try_get_value() == Some(ask) {
                self.found.try_set(
                    groups
                        .into_iter()
                        .flat_map(|group| group.contexts)
                        .collect(),
                );
            }
        });
    }

    /// The box a practitioner types into to find a context by name or area.
    pub fn search_box(self, id: &'static str, label: String) -> impl IntoView {
        view! {
            <label for=id>{label}</label>
            <input id=id type="search" prop:value=self.typed
                on:input=move |ev| self.look(event_target_value(&ev))/>
        }
    }
}

/// The contexts among those `ids` answers, read again whenever they change: the names shown for
/// a record's links.
pub fn named_contexts(
    ids: impl Fn() -> Vec<RecordId> + Send + Sync + 'static,
) -> RwSignal<Vec<ContextSummary>> {
    let named = RwSignal::new(Vec::new());
    let asked = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let wanted = ids();
        let ask = asked.get_value() + 1;
        asked.set_value(ask);
        spawn_local(async move {
            let Ok(found) = commands::contexts_named(&wanted).await else {
                return;
            };
            if asked.try_get_value() == Some(ask) {
                named.try_set(found);
            }
        });
    });
    named
}

/// The name of context `id`, where `named` holds it.
pub fn name_in(named: RwSignal<Vec<ContextSummary>>, id: RecordId) -> Option<String> {
    named.with(|all| all.iter().find(|c| c.id == id).map(|c| c.name.clone()))
}
