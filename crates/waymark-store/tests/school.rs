//! School assessments through the store: agreed, worked on by several people on several devices,
//! merged, and completed with a RAG rating and reason per area.

mod common;

use std::path::Path;

use common::{draft, jpeg_with_gps, observation, open_in, rows, with_first_names, NOW};
use proptest::prelude::*;
use waymark_core::school::{
    Assignment, ComponentKind, ComponentStatus, Dsl, Hotspot, HotspotSource, RagArea, RagRating,
    SchoolAssessmentDraft, SchoolObservation, SchoolRecommendation, SchoolVisit,
};
use waymark_core::vocabulary::{ConcernType, ObservationCategory, PartnerAgency, Rag, SchoolSlot};
use waymark_core::{ContextDraft, RecordId, ValidationError};
use waymark_store::{Store, StoreError};

fn school(store: &mut Store) -> RecordId {
    let draft = ContextDraft {
        context_type: "school_college_or_alternative_provision".into(),
        ..draft("Northfield Academy")
    };
    store.create_context(draft).expect("school context").id
}

fn agreed(school_context_id: RecordId) -> SchoolAssessmentDraft {
    SchoolAssessmentDraft {
        school_context_id,
        dsl: Dsl {
            name: "K. Mensah".into(),
            role: "Deputy head, DSL".into(),
            contact: String::new(),
        },
        agreed_on: "2026-11-02".into(),
        scope: vec![ConcernType::SexualHarassment],
    }
}

fn hotspot(x: f64, note: &str) -> Hotspot {
    Hotspot {
        x,
        y: 0.5,
        category: ObservationCategory::HiddenSpots,
        time_slot: SchoolSlot::Lunch,
        source: HotspotSource::Students,
        note: note.into(),
    }
}

fn assignment(owner: &str, status: ComponentStatus) -> Assignment {
    Assignment {
        owner: owner.into(),
        status,
        due: Some("2026-12-01".into()),
    }
}

fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A store holding a school and an assessment agreed with it.
fn agreed_in(dir: &Path) -> (Store, RecordId) {
    let mut store = open_in(dir);
    let school_id = school(&mut store);
    let id = store
        .create_school_assessment(agreed(school_id))
        .expect("agreed")
        .id;
    (store, id)
}

/// Two devices holding the same new assessment.
fn two_devices(dir: &Path) -> (Store, Store, RecordId) {
    let mut a = open_in(&dir.join("device-a"));
    let mut b = open_in(&dir.join("device-b"));
    let school_id = school(&mut a);
    b.merge_context(school_id, &a.document_bytes(school_id).expect("bytes"))
        .expect("shared");
    let id = a
        .create_school_assessment(agreed(school_id))
        .expect("agreed")
        .id;
    b.merge_school_assessment(id, &a.document_bytes(id).expect("bytes"))
        .expect("shared");
    (a, b, id)
}

fn exchange(a: &mut Store, b: &mut Store, id: RecordId) {
    let from_a = a.document_bytes(id).expect("a");
    let from_b = b.document_bytes(id).expect("b");
    a.merge_school_assessment(id, &from_b).expect("a merges");
    b.merge_school_assessment(id, &from_a).expect("b merges");
}

#[test]
fn an_assessment_is_agreed_with_the_dsl_and_has_every_component() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let school_id = school(&mut store);
    let assessment = store
        .create_school_assessment(agreed(school_id))
        .expect("agreed");
    assert_eq!(assessment.components.len(), ComponentKind::ALL.len());
    assert!(assessment.components.iter().all(|c| c.assignment.is_none()));
    let mut no_dsl = agreed(school_id);
    no_dsl.dsl.role = String::new();
    assert_eq!(
        invalid(store.create_school_assessment(no_dsl)),
        ValidationError::DslRequired
    );
}

#[test]
fn a_colleague_sees_what_is_assigned_to_them_and_still_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, id) = agreed_in(dir.path());
    store
        .assign_component(
            id,
            ComponentKind::StudentSurvey,
            assignment("R. Patel", ComponentStatus::InProgress),
        )
        .expect("assigned");
    store
        .assign_component(
            id,
            ComponentKind::Hotspots,
            assignment("R. Patel", ComponentStatus::NotStarted),
        )
        .expect("assigned");
    store
        .assign_component(
            id,
            ComponentKind::PolicyReview,
            assignment("R. Patel", ComponentStatus::Done),
        )
        .expect("assigned");
    store
        .assign_component(
            id,
            ComponentKind::StaffSurvey,
            assignment("J. Okafor", ComponentStatus::NotStarted),
        )
        .expect("assigned");

    let mine: Vec<_> = store
        .assigned_to("R. Patel")
        .expect("listed")
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(
        mine.contains(&ComponentKind::StudentSurvey) && mine.contains(&ComponentKind::Hotspots)
    );
    assert_eq!(store.assigned_to("J. Okafor").expect("listed").len(), 1);

    store.set_practitioner_name(" R. Patel ").expect("named");
    assert_eq!(store.practitioner_name().expect("read"), "R. Patel");

    // Once enrolled, "My tasks" is the signed-in person's, whatever name was typed before.
    store
        .set_directory(&waymark_core::directory::Directory {
            you: "J. Okafor".into(),
            workspace: "Northside detached team".into(),
            members: Vec::new(),
            records: Vec::new(),
            settings: Default::default(),
        })
        .expect("kept");
    assert_eq!(store.practitioner_name().expect("read"), "J. Okafor");

    let history = store.history(id).expect("history");
    assert!(
        history
            .iter()
            .any(|h| h.what == "Assigned: Student survey summary"),
        "{history:?}"
    );
}

#[test]
fn the_site_plan_must_be_an_image_and_hotspots_must_be_on_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, id) = agreed_in(dir.path());

    assert_eq!(
        invalid(store.set_site_plan(id, b"%PDF-1.7 site plan")),
        ValidationError::PhotoNotAnImage
    );
    let with_plan = store.set_site_plan(id, &jpeg_with_gps()).expect("loaded");
    assert_eq!(with_plan.site_plan.as_deref().map(str::len), Some(64));

    assert_eq!(
        invalid(store.add_hotspot(id, hotspot(1.2, "off the plan"))),
        ValidationError::HotspotOutsidePlan
    );
    for (x, note) in [
        (0.1, "Behind the sports hall"),
        (0.5, "Bike sheds"),
        (0.9, "Back gate"),
    ] {
        store.add_hotspot(id, hotspot(x, note)).expect("placed");
    }
    let placed = store.get_school_assessment(id).expect("read");
    assert_eq!(placed.hotspots.len(), 3);
    // One placed by mistake is taken off; the history keeps that it was.
    let mistaken = placed.hotspots[1].0;
    let before = store.remove_hotspot(id, mistaken).expect("removed");
    assert_eq!(before.hotspots.len(), 2);
    assert!(before.hotspots.iter().all(|(_, h)| h.note != "Bike sheds"));
    assert_eq!(
        invalid(store.remove_hotspot(id, mistaken)),
        ValidationError::UnknownItem
    );
    assert!(store
        .history(id)
        .expect("history")
        .iter()
        .any(|entry| entry.what == "Removed a hotspot"));
    drop(store);
    assert_eq!(
        open_in(dir.path()).get_school_assessment(id).expect("read"),
        before
    );
}

#[test]
fn completion_needs_a_reason_for_every_areas_rating() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, id) = agreed_in(dir.path());
    store
        .rate_area(
            id,
            RagArea::Prevention,
            RagRating {
                rag: Rag::Red,
                reason: String::new(),
            },
        )
        .expect("saved while writing");
    assert_eq!(
        invalid(store.complete_school_assessment(id)),
        ValidationError::RagReasonRequired
    );
    rate_every_area(&mut store, id);
    assert!(
        store
            .complete_school_assessment(id)
            .expect("completed")
            .completed
    );
}

fn rate_every_area(store: &mut Store, id: RecordId) {
    for area in RagArea::ALL {
        store
            .rate_area(
                id,
                area,
                RagRating {
                    rag: Rag::Amber,
                    reason: format!("{} partly in place.", area.label()),
                },
            )
            .expect("rated");
    }
}

#[test]
fn a_possible_childs_name_anywhere_in_the_assessment_stops_completion_until_confirmed_or_edited() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    for store in [&mut a, &mut b] {
        with_first_names(store, &["sam", "grace", "will"]);
    }
    rate_every_area(&mut a, id);
    a.update_component_summary(
        id,
        ComponentKind::StudentSurvey,
        "Sam Jones said the back field is unsafe.".into(),
    )
    .expect("typing is never blocked");
    a.update_recommendations(id, "Ask Grace Lane staff about the gate.".into())
        .expect("typing is never blocked");
    a.add_hotspot(id, hotspot(0.4, "Will Street entrance, after school."))
        .expect("placed");
    assert_eq!(
        invalid(a.complete_school_assessment(id)),
        ValidationError::PossibleChildName {
            names: "Sam Jones, Will Street, Grace Lane".into()
        }
    );

    // Two colleagues confirm different words offline: after the merge both confirmations stand.
    exchange(&mut a, &mut b, id);
    let now = NOW;
    a.confirm_not_a_childs_name_in_school(id, "Grace", now)
        .expect("a confirms");
    b.confirm_not_a_childs_name_in_school(id, " WILL ", now)
        .expect("b confirms");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("merged");
    let mut confirmed = merged.not_childs_names.clone();
    confirmed.sort();
    assert_eq!(confirmed, ["grace", "will"]);
    assert_eq!(
        invalid(a.complete_school_assessment(id)),
        ValidationError::PossibleChildName {
            names: "Sam Jones".into()
        }
    );
    // Nor may it be shared with another agency, with the place it is about.
    let school_id = a
        .get_school_assessment(id)
        .expect("read")
        .agreed
        .school_context_id;
    assert_eq!(
        invalid(a.check_shareable(&[school_id, id])),
        ValidationError::PossibleChildNameInShare {
            names: "Sam Jones".into()
        }
    );
    a.update_component_summary(
        id,
        ComponentKind::StudentSurvey,
        "A pupil said the back field is unsafe.".into(),
    )
    .expect("edited");
    assert!(
        a.complete_school_assessment(id)
            .expect("completed")
            .completed
    );
    a.check_shareable(&[school_id, id])
        .expect("may be shared now");

    let audited = a.audit_to_send(10).expect("outbox");
    assert!(
        audited.iter().any(|event| event.record == id
            && event.action == waymark_core::audit::AuditAction::NotAChildsName
            && event.at == now),
        "{audited:?}"
    );
    assert!(
        a.history(id)
            .expect("history")
            .iter()
            .all(|entry| !entry.what.contains("Grace")),
        "the history never repeats the word"
    );
}

#[test]
fn colleagues_working_on_different_components_offline_both_keep_their_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.update_component_summary(
        id,
        ComponentKind::StudentSurvey,
        "212 of 480 responded.".into(),
    )
    .expect("a");
    b.assign_component(
        id,
        ComponentKind::PolicyReview,
        assignment("J. Okafor", ComponentStatus::InProgress),
    )
    .expect("b");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("a");
    assert_eq!(merged, b.get_school_assessment(id).expect("b"));
    let summary = |kind| {
        merged
            .components
            .iter()
            .find(|c| c.kind == kind)
            .expect("component")
            .clone()
    };
    assert_eq!(
        summary(ComponentKind::StudentSurvey).summary,
        "212 of 480 responded."
    );
    assert_eq!(
        summary(ComponentKind::PolicyReview)
            .assignment
            .map(|a| a.owner)
            .as_deref(),
        Some("J. Okafor")
    );
    assert_eq!(
        a.assigned_to("J. Okafor").expect("a"),
        b.assigned_to("J. Okafor").expect("b")
    );
}

#[test]
fn a_hand_over_and_a_start_made_offline_both_survive_the_merge() {
    // The lead starts the student survey while a colleague hands it to someone else: two
    // different fields of one assignment, so both changes stay.
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.assign_component(
        id,
        ComponentKind::StudentSurvey,
        assignment("K. Mensah", ComponentStatus::NotStarted),
    )
    .expect("assigned");
    exchange(&mut a, &mut b, id);
    a.assign_component(
        id,
        ComponentKind::StudentSurvey,
        assignment("K. Mensah", ComponentStatus::InProgress),
    )
    .expect("started");
    b.assign_component(
        id,
        ComponentKind::StudentSurvey,
        assignment("J. Okafor", ComponentStatus::NotStarted),
    )
    .expect("handed over");
    exchange(&mut a, &mut b, id);
    for device in [&a, &b] {
        let survey = device
            .get_school_assessment(id)
            .expect("read")
            .components
            .into_iter()
            .find(|c| c.kind == ComponentKind::StudentSurvey)
            .and_then(|c| c.assignment)
            .expect("assigned");
        assert_eq!(survey.owner, "J. Okafor", "the hand-over is kept");
        assert_eq!(
            survey.status,
            ComponentStatus::InProgress,
            "the start is kept"
        );
        assert!(device.field_conflicts(id).expect("conflicts").is_empty());
    }
}

#[test]
fn the_same_field_changed_on_two_devices_shows_both_until_someone_chooses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.assign_component(
        id,
        ComponentKind::PolicyReview,
        assignment("K. Mensah", ComponentStatus::NotStarted),
    )
    .expect("assigned");
    exchange(&mut a, &mut b, id);
    a.assign_component(
        id,
        ComponentKind::PolicyReview,
        assignment("J. Okafor", ComponentStatus::NotStarted),
    )
    .expect("a");
    b.assign_component(
        id,
        ComponentKind::PolicyReview,
        assignment("L. Hughes", ComponentStatus::NotStarted),
    )
    .expect("b");
    exchange(&mut a, &mut b, id);
    let conflicts = a.field_conflicts(id).expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let conflict = &conflicts[0];
    assert_eq!(
        conflict.field,
        "Components › policy review › assignment › owner"
    );
    let mut shown: Vec<&str> = conflict.values.iter().map(|v| v.shown.as_str()).collect();
    shown.sort_unstable();
    assert_eq!(shown, ["J. Okafor", "L. Hughes"]);
    // Both devices show it, each naming its own edit as this device's.
    let seen_by_b = b.field_conflicts(id).expect("b");
    assert_eq!(seen_by_b[0].place, conflict.place);
    let writers = |conflict: &waymark_core::fields::FieldConflict| {
        let mut by: Vec<(String, String)> = conflict
            .values
            .iter()
            .map(|v| (v.shown.clone(), v.by.to_string()))
            .collect();
        by.sort();
        by
    };
    assert_eq!(
        writers(conflict)[0],
        ("J. Okafor".into(), "This device".into())
    );
    assert_eq!(
        writers(&seen_by_b[0])[1],
        ("L. Hughes".into(), "This device".into())
    );
    // Whoever chooses settles it for everyone, and the history says so.
    let chosen = conflict
        .values
        .iter()
        .find(|v| v.shown == "L. Hughes")
        .expect("one of them");
    a.choose_field_value(id, &conflict.place, &chosen.value)
        .expect("chosen");
    assert!(matches!(
        a.choose_field_value(id, &conflict.place, &chosen.value),
        Err(StoreError::NoSuchConflict)
    ));
    exchange(&mut a, &mut b, id);
    assert!(b.field_conflicts(id).expect("b").is_empty());
    let owner = |store: &Store| {
        store
            .get_school_assessment(id)
            .expect("read")
            .components
            .into_iter()
            .find(|c| c.kind == ComponentKind::PolicyReview)
            .and_then(|c| c.assignment)
            .map(|a| a.owner)
    };
    assert_eq!(owner(&b).as_deref(), Some("L. Hughes"));
    assert!(a
        .history(id)
        .expect("history")
        .iter()
        .any(|entry| entry.what.starts_with("Chose between two edits")));
}

#[test]
fn an_assessment_saved_by_the_previous_layout_is_read_and_upgraded_at_its_next_change() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ReadDoc, Value, ROOT};
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, id) = agreed_in(&dir.path().join("a"));
    a.assign_component(
        id,
        ComponentKind::StaffSurvey,
        assignment("K. Mensah", ComponentStatus::InProgress),
    )
    .expect("assigned");
    // The same assessment as the previous version kept it: every value whole, schema 1.
    let mut doc =
        automerge::AutoCommit::load(&a.document_bytes(id).expect("bytes")).expect("loads");
    let mut maps = vec![ROOT];
    while let Some(map) = maps.pop() {
        let keys: Vec<String> = doc.keys(&map).collect();
        for key in keys {
            if key.contains('~') || key.ends_with("|copy") {
                doc.delete(&map, key.as_str()).expect("deleted");
            } else if let Some((Value::Object(ObjType::Map), child)) =
                doc.get(&map, key.as_str()).expect("get")
            {
                maps.push(child);
            }
        }
    }
    doc.put(ROOT, "schema", 1_i64).expect("schema");
    let before = a.get_school_assessment(id).expect("read");
    let mut old = open_in(&dir.path().join("old"));
    let school_id = before.agreed.school_context_id;
    old.merge_context(school_id, &a.document_bytes(school_id).expect("bytes"))
        .expect("school");
    old.merge_school_assessment(id, &doc.save())
        .expect("an old layout is taken");
    assert_eq!(
        old.get_school_assessment(id).expect("read"),
        before,
        "read as it was"
    );
    old.update_recommendations(id, "Lighting by the bike sheds.".into())
        .expect("changed");
    let upgraded =
        automerge::AutoCommit::load(&old.document_bytes(id).expect("bytes")).expect("loads");
    assert!(upgraded.keys(ROOT).any(|k| k == "dsl~.name"), "upgraded");
    let after = old.get_school_assessment(id).expect("read");
    assert_eq!(after.components, before.components);
    assert_eq!(after.agreed, before.agreed);
}

#[test]
fn two_raters_proposing_for_the_same_area_offline_both_see_each_others_proposal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    let proposal = |rag, reason: &str| RagRating {
        rag,
        reason: reason.into(),
    };
    // Without a name, a proposal would belong to nobody.
    assert_eq!(
        invalid(a.propose_rating(id, RagArea::Prevention, proposal(Rag::Amber, "x"))),
        ValidationError::RaterNameRequired
    );
    a.set_practitioner_name("J. Okafor").expect("named");
    b.set_practitioner_name("R. Patel").expect("named");
    a.propose_rating(
        id,
        RagArea::Prevention,
        proposal(Rag::Amber, "Lessons on consent, not yet on exploitation."),
    )
    .expect("a proposes");
    b.propose_rating(
        id,
        RagArea::Prevention,
        proposal(Rag::Red, "Staff could not say who to tell."),
    )
    .expect("b proposes");
    // The lead has already recorded an agreed rating; proposals do not touch it.
    a.rate_area(
        id,
        RagArea::Prevention,
        proposal(Rag::Amber, "Agreed at the visit."),
    )
    .expect("agreed");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("a");
    assert_eq!(merged, b.get_school_assessment(id).expect("b"));
    let seen: Vec<(&str, Rag)> = merged
        .rag_proposals
        .iter()
        .map(|p| (p.author.as_str(), p.rating.rag))
        .collect();
    assert_eq!(seen, [("J. Okafor", Rag::Amber), ("R. Patel", Rag::Red)]);
    assert_eq!(
        merged.rag_summary,
        [(
            RagArea::Prevention,
            proposal(Rag::Amber, "Agreed at the visit.")
        )]
    );
    // A rater changing their mind replaces their own proposal, never the other's.
    b.propose_rating(
        id,
        RagArea::Prevention,
        proposal(Rag::Amber, "Seen the new policy."),
    )
    .expect("b again");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("a");
    assert_eq!(merged.rag_proposals.len(), 2);
    assert!(merged
        .rag_proposals
        .iter()
        .any(|p| p.author == "R. Patel" && p.rating.reason == "Seen the new policy."));
    assert!(merged
        .rag_proposals
        .iter()
        .any(|p| p.author == "J. Okafor" && p.rating.rag == Rag::Amber));
}

#[test]
fn visits_recommendations_scope_and_the_later_components_merge_from_two_devices() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.add_school_visit(
        id,
        SchoolVisit {
            date: "2026-11-09".into(),
            by: "R. Patel".into(),
            activities: "Lunch observation.".into(),
        },
    )
    .expect("visit");
    b.add_school_visit(
        id,
        SchoolVisit {
            date: "2026-11-03".into(),
            by: "S. Okafor".into(),
            activities: "Staff survey handed out.".into(),
        },
    )
    .expect("visit");
    a.add_agency_recommendation(
        id,
        SchoolRecommendation {
            for_agency: PartnerAgency::Parks,
            text: "Light the path behind the sports hall.".into(),
        },
    )
    .expect("recommended");
    let to_school = b
        .add_agency_recommendation(
            id,
            SchoolRecommendation {
                for_agency: PartnerAgency::School,
                text: "Staff on the back gate at home time.".into(),
            },
        )
        .expect("recommended")
        .agency_recommendations[0]
        .0;
    // The later components: one device starts the parent survey, the other hands the
    // behaviour-log review to someone and writes its counts.
    a.assign_component(
        id,
        ComponentKind::ParentSurvey,
        assignment("R. Patel", ComponentStatus::InProgress),
    )
    .expect("assigned");
    b.update_component_summary(
        id,
        ComponentKind::BehaviourLogReview,
        "Autumn term: 14 incidents of sexual harassment logged.".into(),
    )
    .expect("summary");
    b.set_school_scope(
        id,
        vec![ConcernType::SexualHarassment, ConcernType::Bullying],
    )
    .expect("scope");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("read");
    assert_eq!(merged, b.get_school_assessment(id).expect("read"));
    let visits: Vec<_> = merged.visits.iter().map(|(_, v)| v.by.as_str()).collect();
    assert_eq!(visits, ["S. Okafor", "R. Patel"], "by date");
    assert_eq!(merged.agency_recommendations.len(), 2);
    let component = |kind| {
        merged
            .components
            .iter()
            .find(|c| c.kind == kind)
            .cloned()
            .expect("listed")
    };
    assert_eq!(
        component(ComponentKind::ParentSurvey)
            .assignment
            .map(|a| a.owner),
        Some("R. Patel".to_owned())
    );
    assert!(component(ComponentKind::BehaviourLogReview)
        .summary
        .starts_with("Autumn term"));
    assert_eq!(merged.agreed.scope.len(), 2);
    assert_eq!(a.assigned_to("R. Patel").expect("tasks").len(), 1);
    // A recommendation taken back is gone from the list and stays in the history.
    let after = a
        .remove_agency_recommendation(id, to_school)
        .expect("removed");
    assert_eq!(after.agency_recommendations.len(), 1);
    assert_eq!(
        invalid(a.remove_agency_recommendation(id, to_school)),
        ValidationError::UnknownItem
    );
    assert!(a
        .history(id)
        .expect("history")
        .iter()
        .any(|entry| entry.what == "Removed a recommendation"));
    assert_eq!(
        invalid(a.add_school_visit(
            id,
            SchoolVisit {
                date: "2026-11-10".into(),
                by: " ".into(),
                activities: String::new(),
            }
        )),
        ValidationError::VisitByRequired
    );
}

fn at(time_slot: SchoolSlot, minutes_ago: i64, note: &str) -> SchoolObservation {
    let mut detail = observation(minutes_ago);
    detail.note = note.into();
    SchoolObservation { time_slot, detail }
}

#[test]
fn observations_at_set_times_of_the_school_day_are_kept_corrected_and_removed_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.set_practitioner_name("R. Patel").expect("named");
    // Two colleagues observe offline, at lunch and at home time.
    let lunch = a
        .add_school_observation(
            id,
            at(SchoolSlot::Lunch, 90, "Year 9 boys by the bike sheds."),
        )
        .expect("observed")
        .observations[0]
        .0;
    b.add_school_observation(
        id,
        at(
            SchoolSlot::JourneyHome,
            10,
            "Older group waiting at the back gate.",
        ),
    )
    .expect("observed");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("read");
    assert_eq!(merged, b.get_school_assessment(id).expect("read"));
    let slots: Vec<_> = merged
        .observations
        .iter()
        .map(|(_, o)| o.time_slot)
        .collect();
    assert_eq!(
        slots,
        [SchoolSlot::Lunch, SchoolSlot::JourneyHome],
        "in time order"
    );

    // Corrected on one device (the note) and on the other (the category): both kept.
    let mut noted = merged.observations[0].1.clone();
    noted.detail.note = "Year 9 and 10 boys by the bike sheds.".into();
    a.update_school_observation(id, lunch, noted)
        .expect("corrected");
    let mut recategorised = merged.observations[0].1.clone();
    recategorised.detail.category = ObservationCategory::HiddenSpots;
    b.update_school_observation(id, lunch, recategorised)
        .expect("corrected");
    exchange(&mut a, &mut b, id);
    let corrected = a.get_school_assessment(id).expect("read");
    let detail = &corrected.observations[0].1.detail;
    assert_eq!(detail.note, "Year 9 and 10 boys by the bike sheds.");
    assert_eq!(detail.category, ObservationCategory::HiddenSpots);

    let mut from_the_future = at(SchoolSlot::Lunch, -60, "Later.");
    from_the_future.detail.photos = vec!["0".repeat(64)];
    assert_eq!(
        invalid(a.add_school_observation(id, from_the_future)),
        ValidationError::UnknownPhoto
    );
    assert_eq!(
        invalid(a.remove_school_observation(id, lunch, "  ")),
        ValidationError::RemovalReasonRequired
    );
    let removed = a
        .remove_school_observation(id, lunch, "Entered twice.")
        .expect("removed");
    assert_eq!(removed.observations.len(), 1);
    assert_eq!(removed.removed_observations[0].reason, "Entered twice.");
    assert_eq!(removed.removed_observations[0].by, "R. Patel");
    assert_eq!(
        invalid(a.update_school_observation(id, lunch, at(SchoolSlot::Lunch, 5, "Again."))),
        ValidationError::UnknownItem
    );
    let history: Vec<String> = a
        .history(id)
        .expect("history")
        .into_iter()
        .map(|entry| entry.what)
        .collect();
    assert!(history.iter().any(|what| what == "Removed an observation"));
}

#[test]
fn a_possible_name_in_an_observation_at_the_school_stops_completion() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, id) = agreed_in(dir.path());
    with_first_names(&mut store, &["jayden"]);
    rate_every_area(&mut store, id);
    store
        .add_school_observation(
            id,
            at(SchoolSlot::Break, 5, "Seen with Jayden Cole by the gate."),
        )
        .expect("observed");
    assert!(matches!(
        invalid(store.complete_school_assessment(id)),
        ValidationError::PossibleChildName { .. }
    ));
}

#[test]
fn hotspots_added_on_two_devices_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.add_hotspot(id, hotspot(0.1, "Toilets by the canteen"))
        .expect("a");
    a.add_hotspot(id, hotspot(0.2, "Field edge")).expect("a");
    b.add_hotspot(id, hotspot(0.8, "Back gate")).expect("b");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("a");
    assert_eq!(merged, b.get_school_assessment(id).expect("b"));
    let notes: Vec<_> = merged
        .hotspots
        .iter()
        .map(|(_, h)| h.note.as_str())
        .collect();
    assert_eq!(notes.len(), 3);
    for note in ["Toilets by the canteen", "Field edge", "Back gate"] {
        assert!(notes.contains(&note), "{notes:?}");
    }
}

#[test]
fn the_same_text_edited_on_two_devices_keeps_both_by_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut a, mut b, id) = two_devices(dir.path());
    a.update_recommendations(id, "Staff on the back gate at home time.".into())
        .expect("a");
    exchange(&mut a, &mut b, id);
    a.update_recommendations(
        id,
        "Lighting review. Staff on the back gate at home time.".into(),
    )
    .expect("a");
    b.update_recommendations(
        id,
        "Staff on the back gate at home time. Student voice group.".into(),
    )
    .expect("b");
    exchange(&mut a, &mut b, id);
    let merged = a.get_school_assessment(id).expect("a");
    assert_eq!(merged, b.get_school_assessment(id).expect("b"));
    assert_eq!(
        merged.recommendations,
        "Lighting review. Staff on the back gate at home time. Student voice group."
    );
}

#[test]
fn school_projections_rebuild_to_the_same_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, id) = agreed_in(dir.path());
    store
        .assign_component(
            id,
            ComponentKind::FocusGroups,
            assignment("R. Patel", ComponentStatus::InProgress),
        )
        .expect("assigned");
    store
        .add_hotspot(id, hotspot(0.3, "Stairwell"))
        .expect("placed");
    let before = [
        rows(store.path(), "school_assessments"),
        rows(store.path(), "school_components"),
    ];
    store.rebuild_projections().expect("rebuilt");
    assert_eq!(
        [
            rows(store.path(), "school_assessments"),
            rows(store.path(), "school_components")
        ],
        before
    );
}

/// One edit a colleague might make.
#[derive(Debug, Clone)]
enum Edit {
    Assign(usize, usize, usize),
    /// Hands a component to someone, leaving the rest of its assignment as this device shows it.
    Owner(usize, usize),
    /// Moves a component on, leaving the rest as this device shows it.
    Status(usize, usize),
    Summary(usize, String),
    Hotspot(u8, String),
    Rate(usize, usize, String),
    /// A rater's own proposal: area, rating, reason.
    Propose(usize, usize, String),
    Recommendations(String),
    /// A visit, by the day of November it was on.
    Visit(u8, String),
    /// A recommendation to one of the first few agencies.
    Recommend(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let words = "[a-z ]{0,12}";
    prop_oneof![
        (0..8_usize, 0..3_usize, 0..4_usize).prop_map(|(k, o, s)| Edit::Assign(k, o, s)),
        // Three components only (one of a kind kept as flat keys), so that replicas often
        // change the same assignment at once.
        (0..3_usize, 0..3_usize).prop_map(|(k, o)| Edit::Owner(k, o)),
        (0..3_usize, 0..4_usize).prop_map(|(k, s)| Edit::Status(k, s)),
        (0..8_usize, words).prop_map(|(k, t)| Edit::Summary(k, t)),
        (0..=100_u8, words).prop_map(|(x, n)| Edit::Hotspot(x, n)),
        (0..4_usize, 0..3_usize, words).prop_map(|(a, r, t)| Edit::Rate(a, r, t)),
        (0..4_usize, 0..3_usize, words).prop_map(|(a, r, t)| Edit::Propose(a, r, t)),
        words.prop_map(Edit::Recommendations),
        (1..=30_u8, "[a-z]{1,8}").prop_map(|(d, by)| Edit::Visit(d, by)),
        (0..3_usize, "[a-z]{1,12}").prop_map(|(a, t)| Edit::Recommend(a, t)),
    ]
}

const OWNERS: [&str; 3] = ["A.", "B.", "C."];
const STATUSES: [ComponentStatus; 4] = [
    ComponentStatus::NotStarted,
    ComponentStatus::InProgress,
    ComponentStatus::Done,
    ComponentStatus::NotUsed,
];

/// A component's assignment as the store shows it.
fn assignment_of(store: &Store, id: RecordId, kind: ComponentKind) -> Option<Assignment> {
    store
        .get_school_assessment(id)
        .expect("read")
        .components
        .into_iter()
        .find(|c| c.kind == kind)
        .and_then(|c| c.assignment)
}

/// Each field of an assignment as kept, by name.
fn assignment_fields(assignment: Option<&Assignment>) -> Vec<(&'static str, Option<String>)> {
    let json = |value: serde_json::Value| Some(value.to_string());
    match assignment {
        Some(a) => vec![
            ("owner", json(serde_json::json!(a.owner))),
            ("status", json(serde_json::json!(a.status))),
            ("due", json(serde_json::json!(a.due))),
        ],
        None => vec![("owner", None), ("status", None), ("due", None)],
    }
}

/// The component an edit changes the assignment of, if it does.
fn assigned_kind(edit: &Edit) -> Option<ComponentKind> {
    match edit {
        Edit::Assign(k, ..) | Edit::Owner(k, _) | Edit::Status(k, _) => {
            Some(ComponentKind::ALL[*k])
        }
        _ => None,
    }
}

fn apply(store: &mut Store, id: RecordId, edit: &Edit) {
    let shown = |store: &Store, k: usize| {
        assignment_of(store, id, ComponentKind::ALL[k]).unwrap_or(Assignment {
            owner: OWNERS[0].into(),
            status: ComponentStatus::NotStarted,
            due: None,
        })
    };
    let done = match edit {
        Edit::Owner(k, o) => {
            let mut changed = shown(store, *k);
            changed.owner = OWNERS[*o].into();
            store.assign_component(id, ComponentKind::ALL[*k], changed)
        }
        Edit::Status(k, s) => {
            let mut changed = shown(store, *k);
            changed.status = STATUSES[*s];
            store.assign_component(id, ComponentKind::ALL[*k], changed)
        }
        Edit::Assign(k, o, s) => store.assign_component(
            id,
            ComponentKind::ALL[*k],
            assignment(OWNERS[*o], STATUSES[*s]),
        ),
        Edit::Summary(k, text) => {
            let kind = ComponentKind::ALL[*k];
            let current = store.get_school_assessment(id).expect("read");
            let old = current
                .components
                .iter()
                .find(|c| c.kind == kind)
                .map(|c| c.summary.clone())
                .unwrap_or_default();
            store.update_component_summary(id, kind, format!("{old}{text}"))
        }
        Edit::Hotspot(x, note) => store.add_hotspot(id, hotspot(f64::from(*x) / 100.0, note)),
        Edit::Rate(a, r, reason) => store.rate_area(
            id,
            RagArea::ALL[*a],
            RagRating {
                rag: Rag::ALL[*r],
                reason: reason.clone(),
            },
        ),
        Edit::Propose(a, r, reason) => store.propose_rating(
            id,
            RagArea::ALL[*a],
            RagRating {
                rag: Rag::ALL[*r],
                reason: reason.clone(),
            },
        ),
        Edit::Recommendations(text) => {
            let old = store
                .get_school_assessment(id)
                .expect("read")
                .recommendations;
            store.update_recommendations(id, format!("{text}{old}"))
        }
        Edit::Visit(day, by) => store.add_school_visit(
            id,
            SchoolVisit {
                date: format!("2026-11-{day:02}"),
                by: by.clone(),
                activities: String::new(),
            },
        ),
        Edit::Recommend(agency, text) => store.add_agency_recommendation(
            id,
            SchoolRecommendation {
                for_agency: PartnerAgency::ALL[*agency],
                text: text.clone(),
            },
        ),
    };
    done.expect("every generated edit is valid");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Three replicas edit offline and then exchange copies in a random order until everyone has
    /// heard from everyone: all three read the same assessment and hold the same projections.
    #[test]
    fn three_replicas_converge_whatever_the_order_of_merging(
        edits in prop::collection::vec((0..3_usize, edit()), 1..12),
        order in prop::collection::vec((0..3_usize, 0..3_usize), 0..6),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut replicas: Vec<Store> = (0..3).map(|i| open_in(&dir.path().join(format!("r{i}")))).collect();
        for (i, replica) in replicas.iter_mut().enumerate() {
            replica.set_practitioner_name(&format!("Rater {i}")).expect("named");
        }
        let school_id = school(&mut replicas[0]);
        let id = replicas[0].create_school_assessment(agreed(school_id)).expect("agreed").id;
        // Two components are assigned before anyone goes offline, so that a later edit changes
        // one field of an assignment everyone already holds.
        for kind in &ComponentKind::ALL[..3] {
            replicas[0].assign_component(id, *kind, assignment(OWNERS[0], ComponentStatus::NotStarted)).expect("assigned");
        }
        let context_bytes = replicas[0].document_bytes(school_id).expect("bytes");
        let bytes = replicas[0].document_bytes(id).expect("bytes");
        for replica in &mut replicas[1..] {
            replica.merge_context(school_id, &context_bytes).expect("shared");
            replica.merge_school_assessment(id, &bytes).expect("shared");
        }
        // Which replica set each field of each assignment, and to what, last: every replica
        // edits offline before any exchange, so edits on different replicas are concurrent.
        let mut set_by: std::collections::BTreeMap<(ComponentKind, &str), std::collections::BTreeMap<usize, String>> =
            std::collections::BTreeMap::new();
        for (replica, edit) in &edits {
            let kind = assigned_kind(edit);
            let before = kind.and_then(|kind| assignment_of(&replicas[*replica], id, kind));
            apply(&mut replicas[*replica], id, edit);
            if let Some(kind) = kind {
                let after = assignment_of(&replicas[*replica], id, kind);
                let old = assignment_fields(before.as_ref());
                for ((field, new), (_, was)) in assignment_fields(after.as_ref()).into_iter().zip(old) {
                    if let (Some(new), true) = (new.clone(), new != was) {
                        set_by.entry((kind, field)).or_default().insert(*replica, new);
                    }
                }
            }
        }
        // Some random exchanges first, then a full round so that everyone has everything.
        let full_round = [(0, 1), (1, 2), (2, 0), (0, 1), (1, 2)];
        for &(from, to) in order.iter().chain(full_round.iter()) {
            if from != to {
                let bytes = replicas[from].document_bytes(id).expect("bytes");
                replicas[to].merge_school_assessment(id, &bytes).expect("merged");
            }
        }
        let first = replicas[0].get_school_assessment(id).expect("read");
        // Every rater's last proposal for each area survives: proposals are never replaced by
        // another rater's.
        let mut last = std::collections::BTreeMap::new();
        for (replica, edit) in &edits {
            if let Edit::Propose(a, r, reason) = edit {
                last.insert((*replica, *a), (Rag::ALL[*r], reason.trim().to_owned()));
            }
        }
        prop_assert_eq!(first.rag_proposals.len(), last.len());
        // Every visit and every recommendation to an agency, from whichever replica, is kept.
        let added = |wanted: fn(&Edit) -> bool| edits.iter().filter(|(_, e)| wanted(e)).count();
        prop_assert_eq!(first.visits.len(), added(|e| matches!(e, Edit::Visit(..))));
        prop_assert_eq!(first.agency_recommendations.len(), added(|e| matches!(e, Edit::Recommend(..))));
        for ((replica, area), (rag, reason)) in &last {
            let author = format!("Rater {replica}");
            prop_assert!(first.rag_proposals.iter().any(|p| p.author == author
                && p.area == RagArea::ALL[*area]
                && p.rating.rag == *rag
                && p.rating.reason.trim() == reason.as_str()), "{:?}", first.rag_proposals);
        }
        // No field change is lost: a field set on one replica only holds that value; one set
        // to different values on several shows every one of them until someone chooses.
        let conflicts = replicas[0].field_conflicts(id).expect("conflicts");
        for ((kind, field), by_replica) in &set_by {
            let values: std::collections::BTreeSet<&String> = by_replica.values().collect();
            let conflict = conflicts.iter().find(|c| if kind.added_later() {
                c.place.key == format!("{}_assignment~.{field}", kind.code()) && c.place.maps == ["components"]
            } else {
                c.place.key == format!("assignment~.{field}") && c.place.maps == ["components", kind.code()]
            });
            if values.len() == 1 {
                prop_assert!(conflict.is_none(), "{kind:?} {field}: {conflict:?}");
                let merged = assignment_fields(assignment_of(&replicas[0], id, *kind).as_ref());
                let merged = merged.iter().find(|(name, _)| name == field).and_then(|(_, v)| v.as_ref());
                prop_assert_eq!(merged, values.into_iter().next());
            } else {
                let conflict = conflict.expect("a field set twice at once is shown");
                let shown: std::collections::BTreeSet<&String> = conflict.values.iter().map(|v| &v.value).collect();
                prop_assert_eq!(shown, values);
            }
        }
        for replica in &replicas[1..] {
            prop_assert_eq!(&replica.field_conflicts(id).expect("conflicts").len(), &conflicts.len());
        }
        let projection = |store: &Store| [rows(store.path(), "school_assessments"), rows(store.path(), "school_components")];
        for replica in &replicas[1..] {
            prop_assert_eq!(&replica.get_school_assessment(id).expect("read"), &first);
            prop_assert_eq!(projection(replica), projection(&replicas[0]));
        }
    }
}
