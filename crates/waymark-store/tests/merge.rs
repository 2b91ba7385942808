//! Two devices edit the same context while offline; exchanging their documents merges both
//! sets of edits, through Automerge, with nothing lost.

mod common;

use common::{draft, open_in};
use waymark_core::{ContextEdit, ContextType};
use waymark_store::Store;

fn exchange(a: &mut Store, b: &mut Store, id: waymark_core::RecordId) {
    let from_a = a.document_bytes(id).expect("a's copy");
    let from_b = b.document_bytes(id).expect("b's copy");
    a.merge_context(id, &from_b).expect("a merges b");
    b.merge_context(id, &from_a).expect("b merges a");
}

#[test]
fn edits_to_different_fields_and_to_the_same_text_all_survive_a_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("device-a"));
    let mut b = open_in(&dir.path().join("device-b"));

    let mut start = draft("Northfield Park");
    start.description = "Skate area by the gate.".to_owned();
    let id = a.create_context(start).expect("created").id;
    let copy = a.document_bytes(id).expect("bytes");
    b.merge_context(id, &copy).expect("b receives the context");

    // Offline: each device edits on its own.
    a.update_context(
        id,
        ContextEdit::Name("Northfield Park and skate area".into()),
    )
    .expect("a renames");
    a.update_context(
        id,
        ContextEdit::Description("Busy after school. Skate area by the gate.".into()),
    )
    .expect("a writes at the start");
    b.update_context(
        id,
        ContextEdit::ContextType("leisure_sport_or_youth_provision".into()),
    )
    .expect("b retypes");
    b.update_context(
        id,
        ContextEdit::Description("Skate area by the gate. Lights broken.".into()),
    )
    .expect("b writes at the end");

    exchange(&mut a, &mut b, id);

    let merged = a.get_context(id).expect("a reads");
    assert_eq!(merged, b.get_context(id).expect("b reads"));
    assert_eq!(merged.name, "Northfield Park and skate area");
    assert_eq!(
        merged.context_type,
        ContextType::LeisureSportOrYouthProvision
    );
    assert_eq!(
        merged.description,
        "Busy after school. Skate area by the gate. Lights broken."
    );
    assert_eq!(
        a.list_contexts().expect("a lists"),
        b.list_contexts().expect("b lists")
    );
}

#[test]
fn two_devices_setting_the_same_name_agree_on_one_and_keep_the_other_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("device-a"));
    let mut b = open_in(&dir.path().join("device-b"));
    let id = a.create_context(draft("Station")).expect("created").id;
    let copy = a.document_bytes(id).expect("bytes");
    b.merge_context(id, &copy).expect("b receives the context");

    a.update_context(id, ContextEdit::Name("Station forecourt".into()))
        .expect("a renames");
    a.update_context(id, ContextEdit::Location(None))
        .expect("a clears the location");
    b.update_context(id, ContextEdit::Name("Station car park".into()))
        .expect("b renames");

    exchange(&mut a, &mut b, id);

    let merged = a.get_context(id).expect("a reads");
    assert_eq!(merged, b.get_context(id).expect("b reads"));
    assert!(["Station forecourt", "Station car park"].contains(&merged.name.as_str()));
    assert_eq!(merged.location, None);
}

#[test]
fn a_device_receiving_a_context_it_has_never_seen_stores_and_lists_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("device-a"));
    let mut b = open_in(&dir.path().join("device-b"));
    let created = a.create_context(draft("Market Square")).expect("created");
    let copy = a.document_bytes(created.id).expect("bytes");

    assert_eq!(b.merge_context(created.id, &copy).expect("merged"), created);
    assert_eq!(
        b.list_contexts().expect("lists"),
        a.list_contexts().expect("lists")
    );
}

#[test]
fn bytes_that_are_not_a_document_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_context(draft("Market Square"))
        .expect("created")
        .id;
    let before = store.document_bytes(id).expect("bytes");
    let error = store
        .merge_context(id, b"not automerge")
        .expect_err("refused");
    assert_eq!(error.code(), "document_damaged");
    assert_eq!(store.document_bytes(id).expect("bytes"), before);
}

#[test]
fn a_document_filed_under_another_records_id_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("created");
    let square = store
        .create_context(draft("Market Square"))
        .expect("created");
    let square_bytes = store.document_bytes(square.id).expect("bytes");

    let error = store
        .merge_context(park.id, &square_bytes)
        .expect_err("refused");
    assert_eq!(error.code(), "document_damaged");
    assert_eq!(store.get_context(park.id).expect("still there"), park);
}
