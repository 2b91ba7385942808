//! Peer-group assessments through the store: Level 1 maps kept to the case, Level 2 groups listed
//! under their context, everyone on a map by initials or case reference, and offline merges.

mod common;

use common::{draft, open_in, rows};
use rusqlite::types::Value;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessmentDraft, PeerLevel, PeerSection, ProfessionalConsulted, Tie,
    TieKind, Visibility,
};
use waymark_core::vocabulary::{AgeBand, PartnerAgency};
use waymark_core::{ContextDraft, RecordId, ValidationError};
use waymark_store::{Store, StoreError};

fn member(label: &str) -> Member {
    Member {
        label: label.into(),
        age_band: AgeBand::From14To15,
    }
}

fn level_one(case_ref: &str) -> PeerAssessmentDraft {
    PeerAssessmentDraft {
        level: PeerLevel::One,
        subject_case_ref: Some(case_ref.into()),
        group_context_id: None,
    }
}

fn group(store: &mut Store) -> RecordId {
    let group = ContextDraft {
        context_type: "peer_group".into(),
        location: None,
        ..draft("Group A, Northfield")
    };
    store.create_context(group).expect("group").id
}

fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_level_1_map_takes_initials_and_ties_between_people_on_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_peer_assessment(level_one("CS-10234"))
        .expect("started")
        .id;
    let with_members = store.add_member(id, member("A.B.")).expect("added");
    let first = with_members.members[0].0;
    let second = store
        .add_member(id, member("CS-20411"))
        .expect("added")
        .members[1]
        .0;

    assert_eq!(
        refused(store.add_member(id, member("Jordan Smith"))),
        ValidationError::InvalidPersonRef
    );
    assert_eq!(
        refused(store.add_tie(
            id,
            Tie {
                from: first,
                to: RecordId::new(uuid::Uuid::now_v7()).expect("id"),
                kind: TieKind::Close
            }
        )),
        ValidationError::UnknownMember
    );
    let map = store
        .add_tie(
            id,
            Tie {
                from: first,
                to: second,
                kind: TieKind::WorriedAbout,
            },
        )
        .expect("tied");
    assert_eq!(map.visibility, Visibility::CaseTeamOnly);
    assert_eq!(map.members.len(), 2);
    assert_eq!(map.ties.len(), 1);
    drop(store);
    assert_eq!(
        open_in(dir.path()).get_peer_assessment(id).expect("read"),
        map
    );
}

#[test]
fn a_level_1_map_is_not_listed_searched_or_joined_by_who_it_is_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let group_id = group(&mut store);
    let mut joined = level_one("CS-10234");
    joined.group_context_id = Some(group_id);
    let id = store.create_peer_assessment(joined).expect("started").id;
    store.add_member(id, member("T.M.")).expect("added");

    assert!(
        store
            .list_peer_assessments(group_id)
            .expect("listed")
            .is_empty(),
        "never joined to a group"
    );
    let projected = rows(store.path(), "peer_assessments");
    assert_eq!(projected.len(), 1);
    assert_eq!(projected[0][2], Value::Null, "no group on a Level 1 row");
    let text = format!("{projected:?}");
    assert!(
        !text.contains("CS-10234") && !text.contains("T.M."),
        "{text}"
    );
}

#[test]
fn a_level_2_assessment_is_listed_under_its_group_with_its_places() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let group_id = group(&mut store);
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("park")
        .id;
    let draft = PeerAssessmentDraft {
        level: PeerLevel::Two,
        subject_case_ref: None,
        group_context_id: Some(group_id),
    };
    let id = store.create_peer_assessment(draft).expect("started").id;
    store.add_member(id, member("J.K.")).expect("added");
    let with_place = store
        .add_place(
            id,
            GroupPlace {
                context_id: Some(park),
                place_note: String::new(),
                when: "Evenings after school".into(),
            },
        )
        .expect("place");
    assert_eq!(with_place.visibility, Visibility::Workspace);
    let listed = store.list_peer_assessments(group_id).expect("listed");
    assert_eq!((listed.len(), listed[0].member_count), (1, 1));
}

#[test]
fn two_devices_adding_to_one_map_and_one_text_keep_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("device-a"));
    let mut b = open_in(&dir.path().join("device-b"));
    let id = a
        .create_peer_assessment(level_one("CS-10234"))
        .expect("started")
        .id;
    a.update_peer_section(
        id,
        PeerSection::Voice,
        "They look out for each other.".into(),
    )
    .expect("a");
    b.merge_peer_assessment(id, &a.document_bytes(id).expect("bytes"))
        .expect("shared");

    a.add_member(id, member("A.B.")).expect("a");
    b.add_member(id, member("C.D.")).expect("b");
    a.update_peer_section(
        id,
        PeerSection::Voice,
        "Mostly, they look out for each other.".into(),
    )
    .expect("a");
    b.update_peer_section(
        id,
        PeerSection::Voice,
        "They look out for each other. Not at the station.".into(),
    )
    .expect("b");

    let (from_a, from_b) = (
        a.document_bytes(id).expect("a"),
        b.document_bytes(id).expect("b"),
    );
    let merged = a.merge_peer_assessment(id, &from_b).expect("a merges");
    assert_eq!(
        merged,
        b.merge_peer_assessment(id, &from_a).expect("b merges")
    );
    assert_eq!(merged.members.len(), 2);
    assert_eq!(
        merged.section(PeerSection::Voice),
        "Mostly, they look out for each other. Not at the station."
    );
}

#[test]
fn someone_taken_off_the_map_goes_with_their_ties_and_stays_in_the_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_peer_assessment(level_one("CS-10234"))
        .expect("started")
        .id;
    store.add_member(id, member("A.B.")).expect("added");
    store.add_member(id, member("C.D.")).expect("added");
    let map = store.add_member(id, member("E.F.")).expect("added");
    let [a, c, e] = [0, 1, 2].map(|i| map.members[i].0);
    let tie = |from, to| Tie {
        from,
        to,
        kind: TieKind::Close,
    };
    store.add_tie(id, tie(a, c)).expect("tie");
    store.add_tie(id, tie(c, e)).expect("tie");
    let with_ties = store.add_tie(id, tie(a, e)).expect("tie");
    let a_to_e = with_ties.ties[2].0;

    let without_c = store.remove_member(id, c).expect("removed");
    let labels: Vec<_> = without_c
        .members
        .iter()
        .map(|(_, m)| m.label.as_str())
        .collect();
    assert_eq!(labels, ["A.B.", "E.F."]);
    assert_eq!(without_c.ties.len(), 1, "C.D.'s ties went with them");
    let without_tie = store.remove_tie(id, a_to_e).expect("removed");
    assert!(without_tie.ties.is_empty());
    assert_eq!(
        refused(store.remove_member(id, c)),
        ValidationError::UnknownItem
    );
    let history: Vec<String> = store
        .history(id)
        .expect("history")
        .into_iter()
        .map(|entry| entry.what)
        .collect();
    assert!(history
        .iter()
        .any(|what| what == "Took someone off the map"));
    assert!(history.iter().any(|what| what == "Removed a tie"));
    // Reopened from its file, the map is as it was left.
    drop(store);
    let store = open_in(dir.path());
    assert_eq!(
        store.get_peer_assessment(id).expect("read").members.len(),
        2
    );
}

#[test]
fn a_level_2_group_links_places_other_groups_and_professionals_and_completes_when_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let group_id = group(&mut store);
    let other_group = store
        .create_context(ContextDraft {
            context_type: "peer_group".into(),
            location: None,
            ..draft("Group B, Northfield")
        })
        .expect("group")
        .id;
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("park")
        .id;
    let id = store
        .create_peer_assessment(PeerAssessmentDraft {
            level: PeerLevel::Two,
            subject_case_ref: None,
            group_context_id: Some(group_id),
        })
        .expect("started")
        .id;
    let noted = store
        .add_place(
            id,
            GroupPlace {
                context_id: None,
                place_note: "The benches by the skate park".into(),
                when: "After school".into(),
            },
        )
        .expect("place")
        .places[0]
        .0;
    let linked = store
        .link_place_to_context(id, noted, Some(park))
        .expect("linked");
    assert_eq!(linked.places[0].1.context_id, Some(park));
    assert_eq!(linked.places[0].1.when, "After school", "the rest kept");

    assert_eq!(
        refused(store.link_group(id, park)),
        ValidationError::NotAPeerGroup
    );
    assert_eq!(
        refused(store.link_group(id, group_id)),
        ValidationError::NotAPeerGroup
    );
    let with_link = store.link_group(id, other_group).expect("linked");
    assert_eq!(with_link.linked_groups, [other_group]);
    let map = store
        .create_peer_assessment(level_one("CS-10234"))
        .expect("map")
        .id;
    assert_eq!(
        refused(store.link_group(map, other_group)),
        ValidationError::LevelOneMapNotLinked
    );

    let consulted = store
        .add_professional_consulted(
            id,
            ProfessionalConsulted {
                role: "Safer Schools officer".into(),
                agency: PartnerAgency::Police,
            },
        )
        .expect("consulted");
    assert_eq!(consulted.professionals.len(), 1);
    assert_eq!(
        refused(store.add_professional_consulted(
            id,
            ProfessionalConsulted {
                role: String::new(),
                agency: PartnerAgency::YouthWork,
            }
        )),
        ValidationError::ProfessionalRoleRequired
    );

    assert_eq!(
        refused(store.complete_peer_assessment(id)),
        ValidationError::PeerAssessmentIncomplete
    );
    for section in [
        PeerSection::Strengths,
        PeerSection::Concerns,
        PeerSection::Analysis,
        PeerSection::Recommendations,
    ] {
        store
            .update_peer_section(id, section, "Written after the group session.".into())
            .expect("written");
    }
    let done = store.complete_peer_assessment(id).expect("completed");
    assert!(done.completed);
    let unlinked = store.unlink_group(id, other_group).expect("unlinked");
    assert!(unlinked.linked_groups.is_empty());
}

#[test]
fn removals_and_links_made_on_two_devices_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let group_id = group(&mut a);
    let id = a
        .create_peer_assessment(PeerAssessmentDraft {
            level: PeerLevel::Two,
            subject_case_ref: None,
            group_context_id: Some(group_id),
        })
        .expect("started")
        .id;
    a.add_member(id, member("A.B.")).expect("added");
    let shared = a.add_member(id, member("C.D.")).expect("added");
    let first = shared.members[0].0;
    b.merge_context(group_id, &a.document_bytes(group_id).expect("bytes"))
        .expect("group");
    b.merge_peer_assessment(id, &a.document_bytes(id).expect("bytes"))
        .expect("shared");
    // Offline: one device takes A.B. off, the other adds a professional and a member.
    a.remove_member(id, first).expect("removed");
    b.add_professional_consulted(
        id,
        ProfessionalConsulted {
            role: "Detached youth worker".into(),
            agency: PartnerAgency::YouthWork,
        },
    )
    .expect("consulted");
    b.add_member(id, member("G.H.")).expect("added");
    // A tie drawn to A.B. on the device that did not see them go.
    let second = shared.members[1].0;
    b.add_tie(
        id,
        Tie {
            from: second,
            to: first,
            kind: TieKind::Protective,
        },
    )
    .expect("tie");
    let from_a = a.document_bytes(id).expect("a");
    let from_b = b.document_bytes(id).expect("b");
    let merged = a.merge_peer_assessment(id, &from_b).expect("merged");
    assert_eq!(
        merged,
        b.merge_peer_assessment(id, &from_a).expect("merged")
    );
    let labels: Vec<_> = merged
        .members
        .iter()
        .map(|(_, m)| m.label.as_str())
        .collect();
    assert_eq!(labels, ["C.D.", "G.H."]);
    assert!(
        merged.ties.is_empty(),
        "a tie to someone off the map joins nobody"
    );
    assert_eq!(merged.professionals.len(), 1);
}
