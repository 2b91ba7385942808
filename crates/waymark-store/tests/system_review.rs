//! The system review on devices: a facilitator opens it, raters rate alone on their own devices
//! offline, nobody sees another's rating until moderation, the group agrees, and the final review
//! is read-only and compared with the next. Copies on several devices merge without losing a
//! rating. Invented areas and people only.

mod common;

use common::{open_in, with_first_names};
use proptest::prelude::*;
use waymark_core::system_review::{
    AgreedDraft, RaterDraft, RatingChange, RatingDraft, ReviewDomain, ReviewItem, ReviewLevel,
    ReviewStage, ReviewValue, SystemReview, SystemReviewDraft, SystemReviewEdit,
};
use waymark_core::vocabulary::Rag;
use waymark_core::{RecordId, ValidationError};
use waymark_store::{Store, StoreError};

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const TARGET_CONTEXTS: ReviewItem = ReviewItem::Domain(ReviewDomain::Target, ReviewLevel::Contexts);

fn draft(previous: Option<RecordId>) -> SystemReviewDraft {
    SystemReviewDraft {
        area: "Northfield".into(),
        held_on: "2026-11-02".into(),
        facilitator: "J. Okafor".into(),
        include_values: false,
        previous_review_id: previous,
    }
}

fn rater(name: &str, agency: &str) -> SystemReviewEdit {
    SystemReviewEdit::AddRater(RaterDraft {
        name: name.into(),
        agency: agency.into(),
        role: "Team manager".into(),
    })
}

fn rate(rater: RecordId, item: ReviewItem, rag: &str, reason: &str) -> SystemReviewEdit {
    SystemReviewEdit::Rate {
        rater,
        item,
        rating: RatingDraft {
            rag: rag.into(),
            reason: reason.into(),
            evidence: String::new(),
        },
    }
}

fn agree(item: ReviewItem, rag: &str) -> SystemReviewEdit {
    SystemReviewEdit::Agree {
        item,
        agreed: AgreedDraft {
            rag: rag.into(),
            reason: format!("The group agreed {rag} after discussion."),
            dissent: String::new(),
        },
    }
}

/// Opens a review with two raters and starts rating; returns it and the raters' ids.
fn rating_started(store: &mut Store, previous: Option<RecordId>) -> (RecordId, RecordId, RecordId) {
    let id = store
        .create_system_review(draft(previous))
        .expect("opened")
        .id;
    store
        .update_system_review(id, rater("R. Patel", "childrens_social_care"))
        .expect("rater");
    let review = store
        .update_system_review(id, rater("L. Evans", "police"))
        .expect("rater");
    store
        .update_system_review(id, SystemReviewEdit::StartRating)
        .expect("rating starts");
    (id, review.raters[0].id, review.raters[1].id)
}

fn exchange(a: &mut Store, b: &mut Store, id: RecordId) {
    let from_a = a.document_bytes(id).expect("a's copy");
    let from_b = b.document_bytes(id).expect("b's copy");
    a.merge_system_review(id, &from_b).expect("a merges b");
    b.merge_system_review(id, &from_a).expect("b merges a");
}

/// Agrees every item red, except the one given, and finalises.
fn finalise_all(store: &mut Store, id: RecordId, except: Option<(ReviewItem, &str)>) {
    let review = store.get_system_review(id).expect("read");
    for item in review.items() {
        let rag = match except {
            Some((other, rag)) if other == item => rag,
            _ => "red",
        };
        store
            .update_system_review(id, agree(item, rag))
            .expect("agreed");
    }
    store
        .update_system_review(id, SystemReviewEdit::Finalise)
        .expect("final");
}

#[test]
fn a_review_goes_from_open_to_final_and_is_then_read_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store.create_system_review(draft(None)).expect("opened").id;
    assert_eq!(
        refused(store.update_system_review(id, SystemReviewEdit::StartRating)),
        ValidationError::ReviewNoRaters
    );
    let (id, patel, evans) = {
        store
            .update_system_review(id, rater("R. Patel", "childrens_social_care"))
            .expect("r");
        let review = store
            .update_system_review(id, rater("L. Evans", "police"))
            .expect("r");
        store
            .update_system_review(
                id,
                SystemReviewEdit::Prompt {
                    item: TARGET_CONTEXTS,
                    prompt: "Can Northfield's front door take a referral of a place?".into(),
                },
            )
            .expect("reworded");
        store
            .update_system_review(id, SystemReviewEdit::StartRating)
            .expect("starts");
        (id, review.raters[0].id, review.raters[1].id)
    };
    // Someone who joins late is still asked to rate, but nobody is taken off once rating starts.
    let late = store
        .update_system_review(id, rater("A. Late", "parks"))
        .expect("a late rater");
    assert_eq!(late.raters.len(), 3);
    assert!(matches!(
        refused(store.update_system_review(id, SystemReviewEdit::RemoveRater(patel))),
        ValidationError::ReviewWrongStage { .. }
    ));
    assert_eq!(
        refused(store.update_system_review(id, SystemReviewEdit::StartModeration)),
        ValidationError::ReviewNothingRated
    );
    assert_eq!(
        refused(store.update_system_review(
            id,
            rate(
                patel,
                ReviewItem::Value(ReviewValue::Ecological),
                "red",
                "x"
            )
        )),
        ValidationError::UnknownReviewItem,
        "this review rates the domains only"
    );
    assert_eq!(
        refused(store.update_system_review(id, rate(patel, TARGET_CONTEXTS, "red", " "))),
        ValidationError::ReviewReasonRequired
    );
    store
        .update_system_review(
            id,
            rate(patel, TARGET_CONTEXTS, "red", "No route for places."),
        )
        .expect("rated");
    store
        .update_system_review(
            id,
            rate(evans, TARGET_CONTEXTS, "amber", "Police refer some."),
        )
        .expect("rated");
    assert!(matches!(
        refused(store.update_system_review(id, agree(TARGET_CONTEXTS, "amber"))),
        ValidationError::ReviewWrongStage { .. }
    ));

    // Before moderation each rater sees only their own rating, and the progress of the rest.
    let as_patel = store.system_review_seen_by(id, Some(patel)).expect("seen");
    let row = &as_patel
        .items
        .iter()
        .find(|row| row.item == TARGET_CONTEXTS)
        .expect("row");
    assert_eq!(row.ratings.len(), 1);
    assert_eq!(row.ratings[0].rating.rag, Rag::Red);
    assert_eq!(row.rated_by, 2);
    assert_eq!(
        row.prompt,
        "Can Northfield's front door take a referral of a place?"
    );

    store
        .update_system_review(id, SystemReviewEdit::StartModeration)
        .expect("moderation");
    let shown = store.system_review_seen_by(id, None).expect("seen");
    let row = shown
        .items
        .iter()
        .find(|row| row.item == TARGET_CONTEXTS)
        .expect("row");
    assert_eq!(row.ratings.len(), 2);
    assert!(row.disagreement);

    assert_eq!(
        refused(store.update_system_review(id, SystemReviewEdit::Finalise)),
        ValidationError::ReviewItemsNotAgreed { missing: 8 }
    );
    finalise_all(&mut store, id, Some((TARGET_CONTEXTS, "amber")));
    let review = store.get_system_review(id).expect("read");
    assert_eq!(review.stage, ReviewStage::Final);
    assert_eq!(review.summary().agreed, [7, 1, 0]);
    assert_eq!(
        refused(store.update_system_review(id, rate(patel, TARGET_CONTEXTS, "green", "Later."))),
        ValidationError::ReviewFinal
    );

    // It is kept: closed and opened again, the list and the review read back.
    drop(store);
    let store = open_in(dir.path());
    let listed = store.list_system_reviews().expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].stage, ReviewStage::Final);
    assert_eq!(store.get_system_review(id).expect("read"), review);
}

#[test]
fn a_later_review_shows_the_change_since_the_last_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let (first, patel, _) = rating_started(&mut store, None);
    store
        .update_system_review(first, rate(patel, TARGET_CONTEXTS, "red", "No route."))
        .expect("rated");
    store
        .update_system_review(first, SystemReviewEdit::StartModeration)
        .expect("moderation");
    finalise_all(&mut store, first, None);

    let (second, patel, _) = rating_started(&mut store, Some(first));
    store
        .update_system_review(
            second,
            rate(patel, TARGET_CONTEXTS, "green", "Panel meets monthly."),
        )
        .expect("rated");
    store
        .update_system_review(second, SystemReviewEdit::StartModeration)
        .expect("moderation");
    store
        .update_system_review(second, agree(TARGET_CONTEXTS, "amber"))
        .expect("agreed");
    let view = store.system_review_seen_by(second, None).expect("seen");
    let row = view
        .items
        .iter()
        .find(|row| row.item == TARGET_CONTEXTS)
        .expect("row");
    assert_eq!(row.previous, Some(Rag::Red));
    assert_eq!(row.change, Some(RatingChange::Better));
    assert_eq!(view.previous.as_deref(), Some("Northfield, 2026-11-02"));
    let other = view
        .items
        .iter()
        .find(|row| row.item == ReviewItem::Domain(ReviewDomain::Outcomes, ReviewLevel::Contexts))
        .expect("row");
    assert_eq!(other.previous, Some(Rag::Red));
    assert_eq!(other.change, None, "not agreed yet");
}

#[test]
fn raters_rating_offline_on_their_own_devices_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut facilitator = open_in(&dir.path().join("facilitator"));
    let mut patel_device = open_in(&dir.path().join("patel"));
    let mut evans_device = open_in(&dir.path().join("evans"));
    let (id, patel, evans) = rating_started(&mut facilitator, None);
    let bytes = facilitator.document_bytes(id).expect("bytes");
    patel_device
        .merge_system_review(id, &bytes)
        .expect("received");
    evans_device
        .merge_system_review(id, &bytes)
        .expect("received");

    let items = ReviewItem::all(false);
    for item in &items {
        patel_device
            .update_system_review(id, rate(patel, *item, "red", "Not in place in Northfield."))
            .expect("patel rates");
        evans_device
            .update_system_review(id, rate(evans, *item, "amber", "Partly in place."))
            .expect("evans rates");
    }
    // The facilitator moves to moderation having heard only from one rater; the other's ratings
    // arrive afterwards and are all there.
    exchange(&mut facilitator, &mut patel_device, id);
    facilitator
        .update_system_review(id, SystemReviewEdit::StartModeration)
        .expect("moderation");
    exchange(&mut facilitator, &mut evans_device, id);
    exchange(&mut facilitator, &mut patel_device, id);

    let seen = facilitator.system_review_seen_by(id, None).expect("seen");
    assert_eq!(seen.stage, ReviewStage::Moderation);
    for row in &seen.items {
        assert_eq!(row.ratings.len(), 2, "{} has both ratings", row.label);
        assert!(row.disagreement);
    }
    assert_eq!(
        patel_device.get_system_review(id).expect("read"),
        facilitator.get_system_review(id).expect("read")
    );
}

#[test]
fn the_same_agreement_recorded_twice_offline_shows_both_until_someone_chooses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let (id, patel, _) = rating_started(&mut a, None);
    a.update_system_review(id, rate(patel, TARGET_CONTEXTS, "red", "No route."))
        .expect("rated");
    a.update_system_review(id, SystemReviewEdit::StartModeration)
        .expect("moderation");
    let bytes = a.document_bytes(id).expect("bytes");
    b.merge_system_review(id, &bytes).expect("received");
    a.update_system_review(id, agree(TARGET_CONTEXTS, "red"))
        .expect("a agrees");
    b.update_system_review(id, agree(TARGET_CONTEXTS, "amber"))
        .expect("b agrees");
    exchange(&mut a, &mut b, id);

    let conflicts = a.field_conflicts(id).expect("conflicts");
    let rag = conflicts
        .iter()
        .find(|conflict| conflict.place.key.ends_with(".rag"))
        .expect("the RAG is in conflict");
    let mut shown: Vec<&str> = rag
        .values
        .iter()
        .map(|value| value.shown.as_str())
        .collect();
    shown.sort();
    assert_eq!(shown, ["amber", "red"]);

    // One rater's rating changed on two devices at once is shown the same way, named in words.
    a.update_system_review(
        id,
        rate(patel, TARGET_CONTEXTS, "amber", "On reflection, amber."),
    )
    .expect("a");
    b.update_system_review(
        id,
        rate(patel, TARGET_CONTEXTS, "green", "On reflection, green."),
    )
    .expect("b");
    exchange(&mut a, &mut b, id);
    let conflicts = b.field_conflicts(id).expect("conflicts");
    let reason = conflicts
        .iter()
        .find(|conflict| {
            conflict.place.key.starts_with("rating.") && conflict.place.key.ends_with(".reason")
        })
        .expect("the rating's reason is in conflict");
    assert_eq!(reason.field, "Rating › target contexts › reason");
    assert!(!reason.field.contains(&patel.to_string()));
}

#[test]
fn a_name_in_a_reason_stops_the_review_being_final_until_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    with_first_names(&mut store, &["jayden"]);
    let (id, patel, _) = rating_started(&mut store, None);
    store
        .update_system_review(
            id,
            rate(patel, TARGET_CONTEXTS, "red", "Jayden was not referred."),
        )
        .expect("typing is never blocked");
    store
        .update_system_review(id, SystemReviewEdit::StartModeration)
        .expect("moderation");
    let review = store.get_system_review(id).expect("read");
    for item in review.items() {
        store
            .update_system_review(id, agree(item, "red"))
            .expect("agreed");
    }
    assert!(matches!(
        refused(store.update_system_review(id, SystemReviewEdit::Finalise)),
        ValidationError::PossibleChildName { .. }
    ));
    store
        .confirm_not_a_childs_name_in_system_review(id, "Jayden")
        .expect("confirmed");
    store
        .update_system_review(id, SystemReviewEdit::Finalise)
        .expect("final");
}

#[derive(Debug, Clone)]
enum ReviewStep {
    Rate {
        rater: usize,
        item: usize,
        rag: usize,
    },
    Agree {
        item: usize,
        rag: usize,
    },
}

fn review_step() -> impl Strategy<Value = (usize, ReviewStep)> {
    (
        0..3usize,
        prop_oneof![
            (0..3usize, 0..8usize, 0..3usize).prop_map(|(rater, item, rag)| ReviewStep::Rate {
                rater,
                item,
                rag
            }),
            (0..8usize, 0..3usize).prop_map(|(item, rag)| ReviewStep::Agree { item, rag }),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Three devices rate and agree the same review offline, in any order, and exchange copies
    /// pairwise: every copy ends the same, every rating anyone gave is there (the last one each
    /// rater gave on a device, or both where one rater rated an item on two devices at once), and
    /// every agreement made is kept or shown in conflict.
    #[test]
    fn three_replicas_of_a_review_converge_and_lose_no_rating(steps in proptest::collection::vec(review_step(), 1..16)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut devices: Vec<Store> = (0..3).map(|n| open_in(&dir.path().join(format!("d{n}")))).collect();
        let id = devices[0].create_system_review(draft(None)).expect("opened").id;
        for name in ["R. Patel", "L. Evans", "K. Moss"] {
            devices[0].update_system_review(id, rater(name, "youth_work")).expect("rater");
        }
        devices[0].update_system_review(id, SystemReviewEdit::StartRating).expect("rating");
        let raters: Vec<RecordId> = devices[0].get_system_review(id).expect("read").raters.iter().map(|r| r.id).collect();
        // A first rating so moderation can start, then everyone receives the review.
        devices[0].update_system_review(id, rate(raters[0], TARGET_CONTEXTS, "red", "First.")).expect("rated");
        devices[0].update_system_review(id, SystemReviewEdit::StartModeration).expect("moderation");
        let bytes = devices[0].document_bytes(id).expect("bytes");
        for device in devices.iter_mut().skip(1) {
            device.merge_system_review(id, &bytes).expect("received");
        }
        let items = ReviewItem::all(false);
        let rags = ["red", "amber", "green"];
        // The last rating of each (device, rater, item): what must survive.
        let mut last = std::collections::BTreeMap::new();
        let mut agreed = std::collections::BTreeMap::new();
        for (step_number, (device, step)) in steps.iter().enumerate() {
            match step {
                ReviewStep::Rate { rater, item, rag } => {
                    let reason = format!("Reason {step_number} from device {device}");
                    devices[*device]
                        .update_system_review(id, rate(raters[*rater], items[*item], rags[*rag], &reason))
                        .expect("rated");
                    last.insert((*device, *rater, *item), reason);
                }
                ReviewStep::Agree { item, rag } => {
                    devices[*device].update_system_review(id, agree(items[*item], rags[*rag])).expect("agreed");
                    agreed.insert((*device, *item), rags[*rag]);
                }
            }
        }
        for (x, y) in [(0, 1), (1, 2), (0, 2), (0, 1)] {
            let (left, right) = devices.split_at_mut(y);
            exchange(&mut left[x], &mut right[0], id);
        }
        let first: SystemReview = devices[0].get_system_review(id).expect("read");
        for device in &devices[1..] {
            prop_assert_eq!(&device.get_system_review(id).expect("read"), &first);
        }
        // Every reason written last on a device is shown, or is one side of a conflict.
        let conflicts = devices[0].field_conflicts(id).expect("conflicts");
        for ((_, rater, item), reason) in &last {
            let shown = first.ratings.iter().any(|given| {
                given.rater == raters[*rater] && given.item == items[*item] && &given.rating.reason == reason
            });
            let in_conflict = conflicts.iter().any(|conflict| {
                conflict.values.iter().any(|value| &value.shown == reason)
            });
            prop_assert!(shown || in_conflict, "{} was kept", reason);
        }
        for (_, item) in agreed.keys() {
            prop_assert!(first.agreed_for(items[*item]).is_some(), "item {} stays agreed", item);
        }
    }
}
