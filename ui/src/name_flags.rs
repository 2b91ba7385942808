//! Privacy rule P3 beside a free-text field: each word that may be a child's name is flagged as
//! it is typed, with a way to confirm it is not one. Typing is never blocked.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::conference::Conference;
use waymark_core::name_check::{flagged_word, unconfirmed};
use waymark_core::plan::Plan;
use waymark_core::school::SchoolAssessment;
use waymark_core::Walkabout;

use crate::commands;
use crate::field::Errors;
use crate::i18n::{t, t_with, Arg};

/// What a record's free-text fields check against: the workspace's first names, the words
/// already confirmed in the record, and the confirmation itself, which updates the record shown.
#[derive(Debug, Clone, Copy)]
pub struct NameCheck {
    pub first_names: RwSignal<Vec<String>>,
    pub confirmed: Signal<Vec<String>>,
    pub confirm: Callback<String>,
}

impl NameCheck {
    /// For a school assessment's summaries, reasons and recommendations. A refused
    /// confirmation is shown in `errors`, in the `slot` given.
    pub fn school(current: RwSignal<SchoolAssessment>, errors: Errors, slot: &'static str) -> Self {
        let id = current.with_untracked(|a| a.id);
        Self {
            first_names: workspace_first_names(),
            confirmed: Signal::derive(move || current.with(|a| a.not_childs_names.clone())),
            confirm: Callback::new(move |word: String| {
                spawn_local(async move {
                    match commands::confirm_not_a_childs_name_in_school(id, &word).await {
                        Ok(assessment) => current.set(assessment),
                        Err(error) => errors.show(&error, slot),
                    }
                });
            }),
        }
    }

    /// For a conference's sections. A refused confirmation is shown in `errors`, in the `slot`
    /// given.
    pub fn conference(current: RwSignal<Conference>, errors: Errors, slot: &'static str) -> Self {
        let id = current.with_untracked(|c| c.id);
        Self {
            first_names: workspace_first_names(),
            confirmed: Signal::derive(move || current.with(|c| c.not_childs_names.clone())),
            confirm: Callback::new(move |word: String| {
                spawn_local(async move {
                    match commands::confirm_not_a_childs_name_in_conference(id, &word).await {
                        Ok(conference) => current.set(conference),
                        Err(error) => errors.show(&error, slot),
                    }
                });
            }),
        }
    }

    /// For a plan's goals, actions, updates, reviews and the young people's words. A refused
    /// confirmation is shown in `errors`, in the `slot` given.
    pub fn plan(current: RwSignal<Plan>, errors: Errors, slot: &'static str) -> Self {
        let id = current.with_untracked(|p| p.id);
        Self {
            first_names: workspace_first_names(),
            confirmed: Signal::derive(move || current.with(|p| p.not_childs_names.clone())),
            confirm: Callback::new(move |word: String| {
                spawn_local(async move {
                    match commands::confirm_not_a_childs_name_in_plan(id, &word).await {
                        Ok(plan) => current.set(plan),
                        Err(error) => errors.show(&error, slot),
                    }
                });
            }),
        }
    }

    /// For a walkabout's notes and write-up. A refused confirmation is shown in `errors`, in
    /// the `slot` given.
    pub fn walkabout(current: RwSignal<Walkabout>, errors: Errors, slot: &'static str) -> Self {
        let id = current.with_untracked(|w| w.id);
        Self {
            first_names: workspace_first_names(),
            confirmed: Signal::derive(move || current.with(|w| w.not_childs_names.clone())),
            confirm: Callback::new(move |word: String| {
                spawn_local(async move {
                    match commands::confirm_not_a_childs_name(id, &word).await {
                        Ok(walkabout) => current.set(walkabout),
                        Err(error) => errors.show(&error, slot),
                    }
                });
            }),
        }
    }
}

/// The workspace's first names, as the server last sent them.
pub fn workspace_first_names() -> RwSignal<Vec<String>> {
    let first_names = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            first_names.try_set(directory.settings.first_names);
        }
    });
    first_names
}

/// Flags for `text`, checked against `first_names` and leaving out the words in `confirmed`;
/// `confirm`, where a record keeps confirmations, is called with a flagged word the practitioner
/// says is not a child's name.
#[component]
pub fn NameFlags(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] first_names: Signal<Vec<String>>,
    #[prop(optional)] confirmed: Option<Signal<Vec<String>>>,
    /// Names the flags' element: `{field}-name-flags`.
    #[prop(into)]
    field: String,
    #[prop(optional)] confirm: Option<Callback<String>>,
) -> impl IntoView {
    let hits = Memo::new(move |_| {
        let confirmed: BTreeSet<String> = confirmed
            .map(|confirmed| confirmed.get())
            .unwrap_or_default()
            .into_iter()
            .collect();
        first_names.with(|names| text.with(|text| unconfirmed([text.as_str()], names, &confirmed)))
    });
    view! {
        <div class="name-flags" id=format!("{field}-name-flags")>
        {move || hits.get().into_iter().map(|hit| {
            let word = flagged_word(&hit).to_owned();
            view! {
                <p class="name-flag" role="status">
                    {t_with("name-flag", &[("word", Arg::from(&hit))])}
                    {confirm.map(|confirm| view! {
                        <button class="secondary name-confirm" on:click=move |_| confirm.run(word.clone())>
                            {t("field-not-a-child-s")}
                        </button>
                    })}
                </p>
            }
        }).collect_view()}
        </div>
    }
}
