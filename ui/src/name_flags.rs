//! Privacy rule P3 beside a free-text field: each word that may be a child's name is flagged as
//! it is typed, with a way to confirm it is not one. Typing is never blocked.

use std::collections::BTreeSet;

use leptos::prelude::*;
use waymark_core::name_check::{flagged_word, unconfirmed};

/// Flags for `text`, checked against `first_names` and leaving out the words in `confirmed`;
/// `confirm` is called with a flagged word the practitioner says is not a child's name.
#[component]
pub fn NameFlags(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] first_names: Signal<Vec<String>>,
    #[prop(into)] confirmed: Signal<Vec<String>>,
    field: &'static str,
    confirm: Callback<String>,
) -> impl IntoView {
    let hits = Memo::new(move |_| {
        let confirmed: BTreeSet<String> = confirmed.get().into_iter().collect();
        first_names.with(|names| text.with(|text| unconfirmed([text.as_str()], names, &confirmed)))
    });
    view! {
        {move || hits.get().into_iter().map(|hit| {
            let word = flagged_word(&hit).to_owned();
            view! {
                <p class="name-flag" id=format!("{field}-name-flag") role="status">
                    {format!("“{hit}” may be a child's name. Describe behaviour and places, not identities.")}
                    <button class="secondary name-confirm" on:click=move |_| confirm.run(word.clone())>
                        "Not a child's name"
                    </button>
                </p>
            }
        }).collect_view()}
    }
}
