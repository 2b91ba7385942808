//! Creating, editing, listing and re-reading contexts through a real SQLite file.

mod common;

use common::{draft, open_in, rows, with_first_names};
use waymark_core::{ContextEdit, ContextType, GeoPoint, ValidationError};
use waymark_store::StoreError;

#[test]
fn a_created_context_reads_back_as_it_was_entered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let created = store
        .create_context(draft("Northfield Park"))
        .expect("created");

    assert_eq!(created.id.as_uuid().get_version_num(), 7);
    assert_eq!(created.name, "Northfield Park");
    assert_eq!(created.context_type, ContextType::ParkOrGreenSpace);
    assert_eq!(created.description, "Open park with a skate area.");
    assert_eq!(
        created.location,
        Some(GeoPoint {
            lat: 52.41,
            lon: -1.97
        })
    );
    assert_eq!(created.created_at, created.updated_at);
    assert_eq!(store.get_context(created.id).expect("found"), created);
}

#[test]
fn an_invalid_draft_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let error = store.create_context(draft("   ")).expect_err("refused");
    assert!(matches!(
        error,
        StoreError::Invalid(ValidationError::NameRequired)
    ));
    assert_eq!(error.code(), "name_required");
    assert!(store.list_contexts().expect("lists").is_empty());
    assert!(rows(store.path(), "documents").is_empty());
}

#[test]
fn each_field_edits_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_context(draft("Station Road"))
        .expect("created")
        .id;

    store
        .update_context(id, ContextEdit::Name("Station Road shops".into()))
        .expect("name");
    store
        .update_context(id, ContextEdit::ContextType("street_or_square".into()))
        .expect("type");
    store
        .update_context(
            id,
            ContextEdit::Description("Parade of shops by the bus stop.".into()),
        )
        .expect("description");
    let edited = store
        .update_context(id, ContextEdit::Location(None))
        .expect("location");

    assert_eq!(edited.name, "Station Road shops");
    assert_eq!(edited.context_type, ContextType::StreetOrSquare);
    assert_eq!(edited.description, "Parade of shops by the bus stop.");
    assert_eq!(edited.location, None);
    assert!(edited.updated_at >= edited.created_at);
    assert_eq!(store.get_context(id).expect("found"), edited);
}

#[test]
fn a_refused_edit_leaves_the_saved_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_context(draft("Market Square"))
        .expect("created")
        .id;
    let before = store.document_bytes(id).expect("bytes");

    let refused = store.update_context(id, ContextEdit::Name(String::new()));
    assert!(matches!(
        refused,
        Err(StoreError::Invalid(ValidationError::NameRequired))
    ));
    let refused = store.update_context(
        id,
        ContextEdit::Location(Some(GeoPoint { lat: 0.0, lon: 0.0 })),
    );
    assert!(matches!(
        refused,
        Err(StoreError::Invalid(ValidationError::LocationNoFix))
    ));

    assert_eq!(store.get_context(id).expect("found").name, "Market Square");
    assert_eq!(store.document_bytes(id).expect("bytes"), before);
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_context(draft("Bus station"))
        .expect("created")
        .id;
    let before = store.document_bytes(id).expect("bytes");
    store
        .update_context(id, ContextEdit::Name("Bus station".into()))
        .expect("no-op");
    assert_eq!(store.document_bytes(id).expect("bytes"), before);
}

#[test]
fn editing_a_context_that_is_not_here_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut other = open_in(&dir.path().join("other"));
    let elsewhere = other
        .create_context(draft("Elsewhere"))
        .expect("created")
        .id;
    let mut store = open_in(dir.path());
    let error = store
        .update_context(elsewhere, ContextEdit::Name("x".into()))
        .expect_err("missing");
    assert_eq!(error.code(), "record_not_found");
    assert!(
        matches!(store.get_context(elsewhere), Err(StoreError::NotFound(id)) if id == elsewhere)
    );
}

#[test]
fn the_list_shows_every_context_most_recently_changed_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = common::clock();
    let mut store = open_in(dir.path()).with_clock(clock.clone());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("created")
        .id;
    let _hub = store
        .create_context(draft("Bus station"))
        .expect("created")
        .id;
    clock.advance(std::time::Duration::from_secs(60));
    store
        .update_context(park, ContextEdit::Name("Northfield Park east".into()))
        .expect("edit");

    let names: Vec<_> = store
        .list_contexts()
        .expect("lists")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Northfield Park east", "Bus station"]);
}

#[test]
fn reopening_the_file_gives_equal_documents_and_projections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, bytes, context, projection, documents) = {
        let mut store = open_in(dir.path());
        let id = store
            .create_context(draft("Northfield Park"))
            .expect("created")
            .id;
        store
            .update_context(
                id,
                ContextEdit::Description("Skate area; path to the station.".into()),
            )
            .expect("edit");
        (
            id,
            store.document_bytes(id).expect("bytes"),
            store.get_context(id).expect("found"),
            rows(store.path(), "contexts"),
            rows(store.path(), "documents"),
        )
    };
    let store = open_in(dir.path());
    assert_eq!(store.document_bytes(id).expect("bytes"), bytes);
    assert_eq!(store.get_context(id).expect("found"), context);
    assert_eq!(rows(store.path(), "contexts"), projection);
    assert_eq!(rows(store.path(), "documents"), documents);
}

#[test]
fn rebuilding_projections_from_the_documents_gives_the_same_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    for name in ["Northfield Park", "Bus station", "Market Square"] {
        let id = store.create_context(draft(name)).expect("created").id;
        store
            .update_context(id, ContextEdit::Location(None))
            .expect("edit");
    }
    let before = rows(store.path(), "contexts");
    assert_eq!(before.len(), 3);

    // Damage the projection, as a bug or an interrupted upgrade might.
    let conn = rusqlite::Connection::open(store.path()).expect("opens");
    conn.execute("UPDATE contexts SET name = 'wrong'", [])
        .expect("damages");
    conn.execute(
        "DELETE FROM contexts WHERE name = 'wrong' AND rowid = 1",
        [],
    )
    .expect("damages");
    drop(conn);
    assert_ne!(rows(store.path(), "contexts"), before);

    assert_eq!(store.rebuild_projections().expect("rebuilds"), 3);
    assert_eq!(rows(store.path(), "contexts"), before);
}

#[test]
fn many_small_edits_are_appended_folded_into_snapshots_and_read_back_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, last) = {
        let mut store = open_in(dir.path());
        let id = store
            .create_context(draft("Northfield Park"))
            .expect("created")
            .id;
        let mut text = String::new();
        let mut last = None;
        // Typing, one character saved at a time, well past the point of folding.
        for c in "Skate area by the gate; lights broken near the underpass; bins overflowing."
            .chars()
            .cycle()
            .take(150)
        {
            text.push(c);
            last = Some(
                store
                    .update_context(id, ContextEdit::Description(text.clone()))
                    .expect("saved"),
            );
        }
        (id, last.expect("edited"))
    };
    let appended = rows(
        &dir.path().join(waymark_store::DATABASE_FILE_NAME),
        "document_changes",
    )
    .len();
    assert!(appended > 0 && appended < 64, "{appended} appended changes");
    let store = open_in(dir.path());
    assert_eq!(store.get_context(id).expect("read"), last);
    assert_eq!(last.description.chars().count(), 150);
}

#[test]
fn a_place_whose_description_may_name_a_child_is_not_shared_until_it_is_edited() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let id = store
        .create_context(draft("Northfield Park"))
        .expect("created")
        .id;
    // No first-name list yet: nothing to check against.
    store.check_shareable(&[id]).expect("nothing flagged");
    with_first_names(&mut store, &["amira"]);
    store
        .update_context(
            id,
            ContextEdit::Description("Amira and friends meet by the skate area.".into()),
        )
        .expect("typing is never blocked");
    let refused = store.check_shareable(&[id]).expect_err("flagged");
    assert!(matches!(
        refused,
        StoreError::Invalid(ValidationError::PossibleChildNameInShare { ref names }) if names == "Amira"
    ));
    assert!(
        refused.to_string().contains("before sharing it"),
        "{refused}"
    );
    store
        .update_context(
            id,
            ContextEdit::Description("Young people meet by the skate area.".into()),
        )
        .expect("edited");
    store.check_shareable(&[id]).expect("may be shared now");
}

#[test]
fn the_home_list_comes_a_page_at_a_time_and_finds_a_context_by_name_in_any_case() {
    use waymark_core::vocabulary::ContextStatus;
    use waymark_core::{ContextSearch, CONTEXTS_PER_PAGE};
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = common::clock();
    let mut store = open_in(dir.path()).with_clock(clock.clone());
    for n in 1..=30 {
        store
            .create_context(draft(&format!("Canal towpath {n}")))
            .expect("created");
        clock.advance(std::time::Duration::from_secs(60));
    }
    store
        .create_context(draft("Bus station 50% off shop"))
        .expect("created");

    let first = store
        .find_contexts(&ContextSearch::default())
        .expect("lists");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].status, ContextStatus::Assessing);
    assert_eq!(first[0].total, 31);
    assert_eq!(first[0].contexts.len(), CONTEXTS_PER_PAGE as usize);
    assert_eq!(first[0].unlisted(), 31 - CONTEXTS_PER_PAGE);
    assert_eq!(
        first[0].contexts[..2]
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Bus station 50% off shop", "Canal towpath 30"],
        "the most recently updated first"
    );
    let all = store
        .find_contexts(&ContextSearch::default().show_more(ContextStatus::Assessing))
        .expect("lists");
    assert_eq!(all[0].contexts.len(), 31);
    assert_eq!(all[0].unlisted(), 0);

    let search = |text: &str| -> Vec<String> {
        let found = store
            .find_contexts(&ContextSearch {
                text: text.into(),
                shown: Vec::new(),
            })
            .expect("finds");
        found
            .into_iter()
            .flat_map(|group| group.contexts)
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(search("  TOWPATH 2 ").len(), 11, "2 and 20 to 29");
    assert_eq!(search("50%"), ["Bus station 50% off shop"]);
    assert!(
        search("5_%").is_empty(),
        "the wildcards in a search are taken as typed"
    );
    assert!(search("Northfield").is_empty());
}

#[test]
fn the_contexts_a_record_names_are_read_by_id_in_the_order_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Northfield Park"))
        .expect("park")
        .id;
    let station = store.create_context(draft("Bus station")).expect("bus").id;
    store.create_context(draft("Canal towpath")).expect("canal");
    let elsewhere: waymark_core::RecordId = "01900000-0000-7000-8000-000000000007"
        .parse()
        .expect("an id no device here made");

    let named = store
        .contexts_named(&[station, elsewhere, park])
        .expect("named");
    assert_eq!(
        named.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Bus station", "Northfield Park"],
        "a context not on this device is left out; the others keep the order asked for"
    );
    assert!(store.contexts_named(&[]).expect("none").is_empty());
}
