//! Peer-group assessments through the store: Level 1 maps kept to the case, Level 2 groups listed
//! under their context, everyone on a map by initials or case reference, and offline merges.

mod common;

use common::{draft, open_in, rows};
use rusqlite::types::Value;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessmentDraft, PeerLevel, PeerSection, Tie, TieKind, Visibility,
};
use waymark_core::vocabulary::AgeBand;
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
