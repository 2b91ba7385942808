//! One system review, step by step: the facilitator adds the raters and words the questions;
//! each rater rates every item alone, seeing only their own ratings; the group then sees every
//! rating, talks through where raters disagree and records the agreed rating with its reason and
//! any dissent; the final review is read-only and shows the change since the last one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::export::{ExportedFile, ReviewExportFormat};
use waymark_core::system_review::{
    AgreedDraft, ItemView, RaterDraft, RatingDraft, ReviewItem, ReviewStage, SystemReviewEdit,
    SystemReviewView,
};
use waymark_core::vocabulary::{PartnerAgency, Rag};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::commands;
use crate::field::{field_error, options, Errors};
use crate::i18n::{self, t, t_with, Arg, Named};
use crate::name_flags::{workspace_first_names, NameFlags};
use crate::pages::conflicts::FieldConflicts;
use crate::pages::exports::SharingDecisionChoice;
use crate::pages::system_review::{item_name, rating_name};

/// The review shown, who the page rates as, and how to change it.
#[derive(Debug, Clone, Copy)]
struct Review {
    id: RecordId,
    shown: RwSignal<Option<SystemReviewView>>,
    /// The rater using the device; before moderation only their ratings are shown.
    seen_as: RwSignal<Option<RecordId>>,
    errors: Errors,
}

impl Review {
    fn stage(self) -> Option<ReviewStage> {
        self.shown
            .with(|shown| shown.as_ref().map(|review| review.stage))
    }

    /// Makes one change; a refusal is shown beside `slot`.
    fn apply(self, edit: SystemReviewEdit, slot: &'static str) {
        self.errors.clear(slot);
        spawn_local(async move {
            let seen_as = self.seen_as.get_untracked();
            match commands::update_system_review(self.id, seen_as, edit).await {
                Ok(updated) => self.shown.set(Some(updated)),
                Err(error) => self.errors.show(&error, slot),
            }
        });
    }

    fn reload(self) {
        spawn_local(async move {
            let seen_as = self.seen_as.get_untracked();
            match commands::get_system_review(self.id, seen_as).await {
                Ok(found) => {
                    self.shown.try_set(Some(found));
                }
                Err(error) => self.errors.show(&error, "review"),
            }
        });
    }
}

#[component]
pub fn SystemReviewPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    let review = Review {
        id,
        shown: RwSignal::new(None),
        seen_as: RwSignal::new(None),
        errors: Errors::new(),
    };
    // The device's person rates as themselves when they are one of the raters.
    spawn_local(async move {
        let you = commands::workspace_directory()
            .await
            .ok()
            .flatten()
            .map(|directory| directory.you);
        if let Ok(found) = commands::get_system_review(id, None).await {
            let mine = found
                .raters
                .iter()
                .find(|rater| Some(&rater.name) == you.as_ref())
                .map(|rater| rater.id);
            review.shown.try_set(Some(found));
            if mine.is_some() {
                review.seen_as.try_set(mine);
                review.reload();
            }
        }
    });
    let changed = Signal::derive(move || {
        review
            .shown
            .with(|shown| format!("{:?}", shown.as_ref().map(|r| (r.stage, r.items.len()))))
    });
    view! {
        <section class="page" id="system-review-page">
            <button id="back" class="link" on:click=move |_| route.set(Route::SystemReviews)>{t("review-system-reviews")}</button>
            {field_error(review.errors, "review")}
            {move || review.shown.get().map(|shown| view! {
                <h1>{t_with("review-title", &[("area", Arg::from(&shown.area))])}</h1>
                <p>{t_with("review-held-on", &[("date", Arg::from(&shown.held_on.to_string())), ("facilitator", Arg::from(&shown.facilitator))])}</p>
                {shown.previous.clone().map(|previous| view! {
                    <p class="hint" id="review-previous">{t_with("review-compared-with", &[("previous", Arg::from(&previous))])}</p>
                })}
            })}
            <Steps review/>
            <Raters review/>
            <RatingAs review/>
            <Items review/>
            <ReviewExports review/>
            <FieldConflicts id changed/>
        </section>
    }
}

/// Where the review has got to, what happens next, and the button that moves it on.
#[component]
fn Steps(review: Review) -> impl IntoView {
    let errors = review.errors;
    view! {
        <section class="panel" id="review-steps">
            <p id="review-stage" class="badge">{move || review.stage().map(ReviewStage::named)}</p>
            {move || match review.stage() {
                Some(ReviewStage::Open) => view! {
                    <p>{t("review-add-everyone-who-will")}</p>
                    <button id="start-rating" class="primary"
                        on:click=move |_| review.apply(SystemReviewEdit::StartRating, "steps")>{t("review-start-rating")}</button>
                }.into_any(),
                Some(ReviewStage::Rating) => view! {
                    <p>{t("review-each-rater-rates-every")}</p>
                    <button id="start-moderation" class="primary"
                        on:click=move |_| review.apply(SystemReviewEdit::StartModeration, "steps")>{t("review-show-everyone-s-ratings")}</button>
                }.into_any(),
                Some(ReviewStage::Moderation) => view! {
                    <p>{t("review-talk-through-where-raters")}</p>
                    <button id="finalise-review" class="primary"
                        on:click=move |_| review.apply(SystemReviewEdit::Finalise, "steps")>{t("review-make-the-review-final")}</button>
                }.into_any(),
                Some(ReviewStage::Final) => view! {
                    <p>{t("review-final-this-review-can")}</p>
                }.into_any(),
                None => ().into_any(),
            }}
            {field_error(errors, "steps")}
            {field_error(errors, "items")}
        </section>
    }
}

#[component]
fn Raters(review: Review) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let add = move |_| {
        let draft = RaterDraft {
            name: name.get_untracked(),
            agency: agency.get_untracked(),
            role: role.get_untracked(),
        };
        name.set(String::new());
        role.set(String::new());
        review.apply(SystemReviewEdit::AddRater(draft), "raters");
    };
    let open = move || review.stage() == Some(ReviewStage::Open);
    let adding = move || {
        matches!(
            review.stage(),
            Some(ReviewStage::Open | ReviewStage::Rating)
        )
    };
    view! {
        <section class="panel" id="raters">
            <h2>{t("review-raters")}</h2>
            <ul class="plain-list">
                {move || review.shown.get().map(|shown| shown.raters.into_iter().map(|rater| {
                    let rater_id = rater.id;
                    view! {
                        <li class="rater">
                            {format!("{}, {}, {}", rater.name, rater.role, rater.agency.named())}
                            {open().then(|| view! {
                                <button class="secondary remove-rater"
                                    on:click=move |_| review.apply(SystemReviewEdit::RemoveRater(rater_id), "raters")>{t("common-remove")}</button>
                            })}
                        </li>
                    }
                }).collect_view())}
            </ul>
            <Show when=adding>
                <div class="field">
                    <label for="rater-name">{t("walkabout-name")}</label>
                    <input id="rater-name" type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="rater-role">{t("settings-role")}</label>
                    <input id="rater-role" type="text" prop:value=role on:input=move |ev| role.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="rater-agency">{t("context-agency")}</label>
                    <select id="rater-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                        <option value="">{t("review-choose-the-agency")}</option>
                        {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, None)}
                    </select>
                </div>
                <button id="add-rater" class="secondary" on:click=add>{t("review-add-the-rater")}</button>
            </Show>
            {field_error(review.errors, "raters")}
        </section>
    }
}

/// Who is rating on this device: before moderation, the only ratings the page shows are theirs.
#[component]
fn RatingAs(review: Review) -> impl IntoView {
    let rating = move || {
        matches!(
            review.stage(),
            Some(ReviewStage::Rating | ReviewStage::Moderation)
        )
    };
    view! {
        <Show when=rating>
            <section class="panel" id="rating-as-panel">
                <label for="rating-as">{t("review-rating-as")}</label>
                <select id="rating-as" on:change=move |ev| {
                    review.seen_as.set(event_target_value(&ev).parse().ok());
                    review.reload();
                }>
                    <option value="" selected=move || review.seen_as.get().is_none()>{t("review-not-rating")}</option>
                    {move || review.shown.get().map(|shown| shown.raters.into_iter().map(|rater| {
                        let id = rater.id;
                        view! {
                            <option value=id.to_string() selected=move || review.seen_as.get() == Some(id)>{rater.name}</option>
                        }
                    }).collect_view())}
                </select>
                <p class="hint">{t("review-your-ratings-stay-hidden")}</p>
            </section>
        </Show>
    }
}

#[component]
fn Items(review: Review) -> impl IntoView {
    let items = move || {
        review.shown.with(|shown| {
            shown
                .as_ref()
                .map(|review| review.items.iter().map(|row| row.item).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section id="review-items">
            <For each=items key=|item| item.code() let:item>
                <ItemCard review item/>
            </For>
        </section>
    }
}

/// Three large buttons for red, amber and green, one of them chosen.
fn rag_buttons(chosen: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="chips rag-choices" role="group">
            {Rag::ALL.iter().map(|&rag| view! {
                <button type="button" class=format!("chip rag-choice rag-{}", rag.code()) data-rag=rag.code()
                    aria-pressed=move || (chosen.get() == rag.code()).to_string()
                    on:click=move |_| chosen.set(rag.code().to_owned())>
                    {rating_name(rag)}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn ItemCard(review: Review, item: ReviewItem) -> impl IntoView {
    let row = Memo::new(move |_| {
        review.shown.with(|shown| {
            shown
                .as_ref()
                .and_then(|review| review.items.iter().find(|row| row.item == item).cloned())
        })
    });
    let raters = move || {
        review
            .shown
            .with(|shown| shown.as_ref().map_or(0, |r| r.raters.len()))
    };
    let first_names = workspace_first_names();
    let confirmed = Signal::derive(move || {
        review.shown.with(|shown| {
            shown
                .as_ref()
                .map(|r| r.not_childs_names.clone())
                .unwrap_or_default()
        })
    });
    let confirm = Callback::new(move |word: String| {
        spawn_local(async move {
            let seen_as = review.seen_as.get_untracked();
            match commands::confirm_not_a_childs_name_in_system_review(review.id, seen_as, &word)
                .await
            {
                Ok(updated) => review.shown.set(Some(updated)),
                Err(error) => review.errors.show(&error, "steps"),
            }
        });
    });
    let errors = Errors::new();
    let agree_errors = Errors::new();
    let own = move || {
        let me = review.seen_as.get()?;
        row.get()?
            .ratings
            .into_iter()
            .find(|shown| shown.rater == me)
    };
    let rag = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    // The form starts from the rater's own rating whenever the page changes who it rates as.
    Effect::new(move |_| {
        let mine = own();
        rag.set(
            mine.as_ref()
                .map(|m| m.rating.rag.code().to_owned())
                .unwrap_or_default(),
        );
        reason.set(
            mine.as_ref()
                .map(|m| m.rating.reason.clone())
                .unwrap_or_default(),
        );
        evidence.set(mine.map(|m| m.rating.evidence).unwrap_or_default());
    });
    let agreed_rag = RwSignal::new(String::new());
    let agreed_reason = RwSignal::new(String::new());
    let dissent = RwSignal::new(String::new());
    let prompt = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(current) = row.get() {
            prompt.set(question(&current));
            if let Some(agreed) = current.agreed {
                agreed_rag.set(agreed.rag.code().to_owned());
                agreed_reason.set(agreed.reason);
                dissent.set(agreed.dissent);
            }
        }
    });
    let save_rating = move |_| {
        let Some(rater) = review.seen_as.get_untracked() else {
            return;
        };
        errors.clear_all();
        let edit = SystemReviewEdit::Rate {
            rater,
            item,
            rating: RatingDraft {
                rag: rag.get_untracked(),
                reason: reason.get_untracked(),
                evidence: evidence.get_untracked(),
            },
        };
        spawn_local(async move {
            match commands::update_system_review(review.id, Some(rater), edit).await {
                Ok(updated) => review.shown.set(Some(updated)),
                Err(error) => errors.show(&error, "rating"),
            }
        });
    };
    let save_agreed = move |_| {
        agree_errors.clear_all();
        let edit = SystemReviewEdit::Agree {
            item,
            agreed: AgreedDraft {
                rag: agreed_rag.get_untracked(),
                reason: agreed_reason.get_untracked(),
                dissent: dissent.get_untracked(),
            },
        };
        let seen_as = review.seen_as.get_untracked();
        spawn_local(async move {
            match commands::update_system_review(review.id, seen_as, edit).await {
                Ok(updated) => review.shown.set(Some(updated)),
                Err(error) => agree_errors.show(&error, "agreed"),
            }
        });
    };
    let save_prompt = move |_| {
        review.apply(
            SystemReviewEdit::Prompt {
                item,
                prompt: prompt.get_untracked(),
            },
            "items",
        );
    };
    let stage = move || review.stage();
    let can_rate = move || {
        review.seen_as.get().is_some()
            && matches!(stage(), Some(ReviewStage::Rating | ReviewStage::Moderation))
    };
    let code = item.code();
    view! {
        <article class="panel review-item" data-item=code.clone() id=format!("item-{code}")>
            <h3>{item_name(item)}</h3>
            {move || match stage() {
                Some(ReviewStage::Open) => view! {
                    <label class="hint" for=format!("prompt-{}", item.code())>{t("review-the-question-raters-answer")}</label>
                    <textarea id=format!("prompt-{}", item.code()) class="item-prompt" prop:value=prompt
                        on:input=move |ev| prompt.set(event_target_value(&ev))></textarea>
                    <button class="secondary save-prompt" on:click=save_prompt>{t("review-save-the-question")}</button>
                }.into_any(),
                _ => view! { <p class="prompt">{move || row.get().map(|r| question(&r))}</p> }.into_any(),
            }}
            <p class="muted rated-by">{move || row.get().map(|r| t_with("review-rated-by", &[("rated", Arg::from(r.rated_by)), ("raters", Arg::from(raters()))]))}</p>
            <ul class="plain-list">
                {move || row.get().map(|r: ItemView| r.ratings.into_iter().map(|shown| view! {
                    <li class=format!("shown-rating rag-{}", shown.rating.rag.code())>
                        <strong>{t_with("review-rater-rating", &[("rater", Arg::from(&shown.rater_name)), ("rating", Arg::from(&rating_name(shown.rating.rag)))])}</strong>
                        " " {shown.rating.reason}
                        {(!shown.rating.evidence.is_empty()).then(|| view! {
                            <span class="muted">" " {t_with("review-evidence", &[("evidence", Arg::from(&shown.rating.evidence))])}</span>
                        })}
                    </li>
                }).collect_view())}
            </ul>
            {move || row.get().filter(|r| r.disagreement).map(|_| view! {
                <p class="disagreement" role="status">{t("review-the-raters-disagree-talk")}</p>
            })}
            <Show when=can_rate>
                <div class="rating-form">
                    <h4>{t("school-your-rating")}</h4>
                    {rag_buttons(rag)}
                    <textarea class="rating-reason" aria-label=t("school-why-this-rating") placeholder=t("review-why-describe-the-system")
                        prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <NameFlags text=reason first_names confirmed field=format!("rating-{}", item.code()) confirm/>
                    <textarea class="rating-evidence" aria-label=t("review-evidence-optional") placeholder=t("review-evidence-optional")
                        prop:value=evidence on:input=move |ev| evidence.set(event_target_value(&ev))></textarea>
                    <button class="primary save-rating" on:click=save_rating>{t("review-save-my-rating")}</button>
                    {field_error(errors, "rating")}
                    {field_error(errors, "rag")}
                    {field_error(errors, "reason")}
                </div>
            </Show>
            {move || row.get().and_then(|r| r.agreed.map(|agreed| {
                let rating = rating_name(agreed.rag);
                let agreed_line = match r.change {
                    Some(change) => t_with("review-agreed-with-change", &[("rating", Arg::from(&rating)), ("change", Arg::from(&change.named()))]),
                    None => t_with("review-agreed", &[("rating", Arg::from(&rating))]),
                };
                view! {
                    <p class=format!("agreed rag-{}", agreed.rag.code())>
                        <strong>{agreed_line}</strong>
                        " " {agreed.reason}
                    </p>
                    {(!agreed.dissent.is_empty()).then(|| view! {
                        <p class="dissent">{t_with("review-dissent", &[("dissent", Arg::from(&agreed.dissent))])}</p>
                    })}
                }
            }))}
            {move || row.get().and_then(|r| r.previous).map(|previous| view! {
                <p class="muted previous-rating">{t_with("review-last-review", &[("rating", Arg::from(&rating_name(previous)))])}</p>
            })}
            <Show when=move || stage() == Some(ReviewStage::Moderation)>
                <div class="agree-form">
                    <h4>{t("review-what-the-group-agrees")}</h4>
                    {rag_buttons(agreed_rag)}
                    <textarea class="agreed-reason" aria-label=t("review-the-group-s-reason") placeholder=t("review-the-group-s-reason")
                        prop:value=agreed_reason on:input=move |ev| agreed_reason.set(event_target_value(&ev))></textarea>
                    <NameFlags text=agreed_reason first_names confirmed field=format!("agreed-{}", item.code()) confirm/>
                    <textarea class="agreed-dissent" aria-label=t("review-dissent-optional") placeholder=t("review-anyone-who-disagrees-and")
                        prop:value=dissent on:input=move |ev| dissent.set(event_target_value(&ev))></textarea>
                    <button class="primary save-agreed" on:click=save_agreed>{t("review-record-what-was-agreed")}</button>
                    {field_error(agree_errors, "agreed")}
                    {field_error(agree_errors, "rag")}
                    {field_error(agree_errors, "reason")}
                </div>
            </Show>
        </article>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Progress {
    Idle,
    Exporting(ReviewExportFormat),
    Saved(ExportedFile),
}

#[component]
fn ReviewExports(review: Review) -> impl IntoView {
    let errors = Errors::new();
    let progress = RwSignal::new(Progress::Idle);
    let decision = RwSignal::new(String::new());
    let export = move |format: ReviewExportFormat| {
        errors.clear_all();
        progress.set(Progress::Exporting(format));
        let sharing_decision = decision.get_untracked().trim().parse().ok();
        spawn_local(async move {
            match commands::export_system_review(review.id, format, sharing_decision).await {
                Ok(file) => progress.set(Progress::Saved(file)),
                Err(error) => {
                    progress.set(Progress::Idle);
                    errors.show(&error, "review_export");
                }
            }
        });
    };
    let busy = move || matches!(progress.get(), Progress::Exporting(_));
    view! {
        <section class="panel" id="review-exports">
            <h2>{t("settings-exports")}</h2>
            <p class="hint">{t("review-before-the-group-meets")}</p>
            <SharingDecisionChoice record=review.id decision field="review-sharing-decision"/>
            {ReviewExportFormat::ALL.iter().map(|&format| view! {
                <button id=format!("export-{}", format.code()) class="secondary" disabled=busy
                    on:click=move |_| export(format)>{format.named()}</button>
            }).collect_view()}
            <p id="review-export-status" role="status">{move || match progress.get() {
                Progress::Idle => String::new(),
                Progress::Exporting(format) => t_with("exports-exporting", &[("format", Arg::from(&format.named()))]),
                Progress::Saved(file) => t_with("exports-saved", &[("path", Arg::from(&file.path)), ("bytes", Arg::from(file.bytes))]),
            }}</p>
            {field_error(errors, "review_export")}
            {field_error(errors, "sharing_decision")}
        </section>
    }
}

/// The question raters answer: the area's own, or else Waymark's in the practitioner's language.
fn question(row: &ItemView) -> String {
    if row.own_prompt {
        row.prompt.clone()
    } else {
        row.item.default_prompt_in(i18n::current())
    }
}
