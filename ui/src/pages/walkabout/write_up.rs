use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{Walkabout, WalkaboutState, WriteUpSection};

use super::sketch_map::SketchMap;
use crate::autosave::{AutoSave, SaveStatusBar};
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::name_flags::{NameCheck, NameFlags};
use crate::pages::capture::{CaptureTarget, ObservationList};
use crate::pages::erasure::EraseRecord;
use crate::pages::history::History;
use crate::pages::who_can_see::WhoCanSee;
use crate::{clock, commands};

/// After the walk: the write-up, completion, and the record's history. Completing locks nothing.
#[component]
pub fn WriteUp(current: RwSignal<Walkabout>) -> impl IntoView {
    let words = crate::app::walkabout_words();
    let id = current.with_untracked(|w| w.id);
    let autosave = AutoSave::new(
        id,
        |(section, _): &(WriteUpSection, String)| section.code(),
        |id, edit| Box::pin(async move { commands::update_write_up(id, edit).await.map(drop) }),
    );
    let errors = Errors::new();
    let complete = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::complete_walkabout(id).await {
                Ok(walkabout) => current.set(walkabout),
                Err(error) => errors.show(&error, "write_up"),
            }
        });
    };
    let sections = current.with_untracked(|w| {
        WriteUpSection::ALL.map(|section| (section, w.write_up(section).to_owned()))
    });
    let route_version = RwSignal::new(0);
    // Privacy rule P3: the workspace's first names, and the words already confirmed.
    let NameCheck {
        first_names,
        confirmed,
        confirm,
    } = NameCheck::walkabout(current, errors, "write_up");
    let notes = Signal::derive(move || {
        current.with(|w| {
            w.observations
                .iter()
                .map(|o| o.detail.note.as_str())
                .collect::<Vec<_>>()
                .join(". ")
        })
    });

    view! {
        <SaveStatusBar status=autosave.status/>
        {move || current.with(|w| w.check_out.clone()).map(|out| view! {
            <p class="muted" id="checked-out">
                {t_with("write-up-checked-out", &[
                    ("time", Arg::from(&clock::clock_time(out.at))),
                    ("by", Arg::from(&out.by)),
                    ("safe", Arg::from(if out.all_safe { "yes" } else { "no" })),
                    ("note", Arg::from(&out.note)),
                ])}
            </p>
        })}
        <section>
            <h2>{t("walkabout-write-up")}</h2>
            <p class="hint">{t("walkabout-describe-behaviour-and-places")}</p>
            {sections.into_iter().map(|(section, text)| {
                let id = format!("write-up-{}", section.code());
                let typed = RwSignal::new(text.clone());
                view! {
                    <div class="field">
                        <label for=id.clone()>{section.named()}</label>
                        <textarea id=id rows="3" prop:value=text
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                typed.set(value.clone());
                                autosave.save((section, value));
                            }></textarea>
                        <NameFlags text=typed first_names confirmed field=section.code() confirm/>
                        {field_error(autosave.errors, section.code())}
                    </div>
                }
            }).collect_view()}
            // The observations' notes cannot be edited here, so their flags are confirmed here.
            <NameFlags text=notes first_names confirmed field="observation-notes" confirm/>
        </section>
        {move || match current.with(|w| w.state) {
            WalkaboutState::Completed => view! {
                <p class="done" id="completed">{t("walkabout-completed-you-can-still")}</p>
            }.into_any(),
            _ => view! {
                <div>
                    {field_error(errors, "write_up")}
                    <button id="complete-walkabout" class="primary" on:click=complete>{move || words.with(|w| t_with("write-up-complete", &[("walkabout", Arg::from(&w.one_in_text()))]))}</button>
                </div>
            }.into_any(),
        }}
        <ObservationList target=CaptureTarget::Walkabout(current)/>
        <SketchMap current route_version/>
        <WhoCanSee id/>
        <History id changed=Signal::derive(move || {
            format!("{:?} {:?}", autosave.status.get(), current.with(|w| w.updated_at))
        })/>
        <EraseRecord id/>
    }
}
