//! System reviews: the local area rates its own system against the four domains of Contextual
//! Safeguarding. This page lists the reviews and opens a new one; `page.rs` is one review, from
//! its raters to its final, agreed ratings.

mod page;

pub use page::SystemReviewPage;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::system_review::{
    ReviewItem, ReviewStage, SystemReviewDraft, SystemReviewSummary,
};
use waymark_core::vocabulary::Rag;

use crate::app::{use_route, Route};
use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};

/// A rated item's name: a domain at a level, or a value.
pub fn item_name(item: ReviewItem) -> String {
    match item {
        ReviewItem::Domain(domain, level) => t_with(
            "review-item-domain",
            &[
                ("domain", Arg::from(&domain.named())),
                ("level", Arg::from(&level.named())),
            ],
        ),
        ReviewItem::Value(value) => {
            t_with("review-item-value", &[("value", Arg::from(&value.named()))])
        }
    }
}

/// A rating in words: its colour and what the colour means for a system.
pub fn rating_name(rag: Rag) -> String {
    t(&format!("review-rating-{}", rag.code()))
}

#[component]
pub fn SystemReviewsPage() -> impl IntoView {
    let route = use_route();
    let reviews = RwSignal::new(Vec::<SystemReviewSummary>::new());
    spawn_local(async move {
        if let Ok(found) = commands::list_system_reviews().await {
            reviews.try_set(found);
        }
    });
    view! {
        <section class="page" id="system-reviews-page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("peer-home")}</button>
            <h1>{t("home-system-reviews")}</h1>
            <p class="hint">{t("review-rate-how-your-system")}</p>
            <div id="review-list">
                {move || reviews.with(|list| list.is_empty().then(|| view! {
                    <p class="muted" id="no-reviews">{t("review-no-reviews-yet")}</p>
                }))}
                {move || reviews.get().into_iter().map(|review| {
                    let id = review.id;
                    let [red, amber, green] = review.agreed;
                    view! {
                        <button class="context-row review-row" on:click=move |_| route.set(Route::SystemReview(id))>
                            <strong>{format!("{}, {}", review.area, review.held_on)}</strong>
                            <span class="muted">{review.stage.named()}</span>
                            <span class="muted">{t_with("review-agreed-counts", &[("red", Arg::from(red)), ("amber", Arg::from(amber)), ("green", Arg::from(green)), ("items", Arg::from(review.items))])}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
            <NewReview reviews/>
        </section>
    }
}

#[component]
fn NewReview(reviews: RwSignal<Vec<SystemReviewSummary>>) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let area = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let facilitator = RwSignal::new(String::new());
    let include_values = RwSignal::new(false);
    let previous = RwSignal::new(String::new());
    // The last final review is the one a new review is usually compared with.
    Effect::new(move |_| {
        let latest = reviews.with(|list| {
            list.iter()
                .find(|review| review.stage == ReviewStage::Final)
                .map(|review| review.id.to_string())
        });
        if let Some(latest) = latest {
            previous.set(latest);
        }
    });
    let open = move |_| {
        errors.clear_all();
        let draft = SystemReviewDraft {
            area: area.get_untracked(),
            held_on: held_on.get_untracked(),
            facilitator: facilitator.get_untracked(),
            include_values: include_values.get_untracked(),
            previous_review_id: previous.get_untracked().parse().ok(),
        };
        spawn_local(async move {
            match commands::create_system_review(draft).await {
                Ok(review) => route.set(Route::SystemReview(review.id)),
                Err(error) => errors.show(&error, "open_review"),
            }
        });
    };
    view! {
        <section class="panel" id="new-review">
            <h2>{t("review-open-a-review")}</h2>
            <div class="field">
                <label for="new-review-area">{t("review-local-area")}</label>
                <input id="new-review-area" type="text" prop:value=area on:input=move |ev| area.set(event_target_value(&ev))/>
                {field_error(errors, "area")}
            </div>
            <div class="field">
                <label for="new-review-held-on">{t("journey-held-on")}</label>
                <input id="new-review-held-on" type="date" prop:value=held_on on:input=move |ev| held_on.set(event_target_value(&ev))/>
                {field_error(errors, "date")}
            </div>
            <div class="field">
                <label for="new-review-facilitator">{t("review-facilitator")}</label>
                <input id="new-review-facilitator" type="text" prop:value=facilitator on:input=move |ev| facilitator.set(event_target_value(&ev))/>
                {field_error(errors, "facilitator")}
            </div>
            <label class="check">
                <input id="new-review-values" type="checkbox" prop:checked=include_values
                    on:change=move |ev| include_values.set(event_target_checked(&ev))/>
                {t("review-rate-the-five-values")}
            </label>
            <div class="field">
                <label for="new-review-previous">{t("review-compare-with")}</label>
                <select id="new-review-previous" on:change=move |ev| previous.set(event_target_value(&ev))>
                    <option value="" selected=move || previous.with(String::is_empty)>{t("review-no-earlier-review")}</option>
                    {move || reviews.get().into_iter().filter(|review| review.stage == ReviewStage::Final).map(|review| {
                        let value = review.id.to_string();
                        let chosen = value.clone();
                        view! {
                            <option value=value selected=move || previous.with(|p| *p == chosen)>
                                {format!("{}, {}", review.area, review.held_on)}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <button id="open-review" class="primary" on:click=open>{t("review-open-the-review")}</button>
            {field_error(errors, "open_review")}
        </section>
    }
}
