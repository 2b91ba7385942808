//! Opening the database file: creating it, migrating it once, and refusing files it must not touch.

mod common;

use std::path::Path;

use common::{draft, open_in};
use waymark_core::ContextEdit;
use waymark_store::{Store, StoreError, DATABASE_FILE_NAME};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("reads the file")
}

#[test]
fn a_new_database_is_created_with_its_folder_and_migrated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("org.waymark.app").join(DATABASE_FILE_NAME);
    drop(Store::open(&path).expect("creates"));

    let conn = rusqlite::Connection::open(&path).expect("opens");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("reads");
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("reads");
    assert_eq!(version, 19);
    assert_eq!(journal, "wal");
}

#[test]
fn opening_a_migrated_database_again_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    {
        let mut store = Store::open(&path).expect("creates");
        store
            .create_context(draft("Northfield Park"))
            .expect("created");
    }
    let before = read(&path);
    drop(Store::open(&path).expect("opens again"));
    drop(Store::open(&path).expect("and again"));
    assert_eq!(read(&path), before);
}

#[test]
fn every_change_made_on_one_install_carries_the_same_actor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = open_in(dir.path())
        .create_context(draft("Bus station"))
        .expect("created")
        .id;
    open_in(dir.path())
        .update_context(id, ContextEdit::Name("Bus station west".into()))
        .expect("edited after a restart");

    let bytes = open_in(dir.path()).document_bytes(id).expect("bytes");
    let mut doc = automerge::AutoCommit::load(&bytes).expect("loads");
    let actors: std::collections::BTreeSet<_> = doc
        .get_changes(&[])
        .iter()
        .map(|c| c.actor_id().clone())
        .collect();
    assert_eq!(actors.len(), 1, "one install, one actor: {actors:?}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    let contents = b"Minutes of the context conference, typed into the wrong file.\n".repeat(100);
    std::fs::write(&path, &contents).expect("writes");

    let error = Store::open(&path).expect_err("refused");
    assert!(matches!(error, StoreError::Unreadable { .. }), "{error:?}");
    assert_eq!(error.code(), "database_unreadable");
    assert!(error
        .practitioner_message()
        .contains("left exactly as it was"));
    assert_eq!(read(&path), contents);
}

#[test]
fn a_damaged_database_is_refused_and_left_byte_for_byte_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    {
        let mut store = Store::open(&path).expect("creates");
        for i in 0..50 {
            store
                .create_context(draft(&format!("Place {i}")))
                .expect("created");
        }
    }
    // Scribble over the middle of the file, as a failing card or a bad copy might.
    let mut damaged = read(&path);
    assert!(damaged.len() > 3 * 4096, "the database spans several pages");
    for byte in &mut damaged[4096 + 100..3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &damaged).expect("writes");

    let error = Store::open(&path).expect_err("refused");
    assert_eq!(error.code(), "database_unreadable", "{error:?}");
    assert_eq!(read(&path), damaged);
}

#[test]
fn a_database_with_a_damaged_header_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    drop(Store::open(&path).expect("creates"));
    let mut damaged = read(&path);
    damaged[..16].copy_from_slice(b"not a database!\0");
    std::fs::write(&path, &damaged).expect("writes");

    let error = Store::open(&path).expect_err("refused");
    assert_eq!(error.code(), "database_unreadable");
    assert_eq!(read(&path), damaged);
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    drop(Store::open(&path).expect("creates"));
    rusqlite::Connection::open(&path)
        .expect("opens")
        .pragma_update(None, "user_version", 99)
        .expect("sets a future version");
    let before = read(&path);

    let error = Store::open(&path).expect_err("refused");
    assert!(
        matches!(
            error,
            StoreError::NewerSchema {
                found: 99,
                supported: 19
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.code(), "database_too_new");
    assert_eq!(read(&path), before);
}

#[test]
fn a_store_from_before_walkabout_views_opens_with_every_observation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    let (id, before) = {
        let mut store = Store::open(&path).expect("creates");
        let park = store
            .create_context(draft("Northfield Park"))
            .expect("context")
            .id;
        let id = store
            .create_walkabout(common::plan(park))
            .expect("planned")
            .id;
        store.check_in(id, common::check_in()).expect("in");
        for minutes in [7, 3] {
            store
                .add_observation(id, common::observation(minutes))
                .expect("observed");
        }
        (id, store.get_walkabout(id).expect("reads"))
    };
    // As version 15 left it: the rows had no view and no detail (and what later migrations
    // add is undone too, so that they apply again).
    let conn = rusqlite::Connection::open(&path).expect("opens");
    conn.execute_batch(
        "ALTER TABLE walkabouts DROP COLUMN view; ALTER TABLE observations DROP COLUMN detail;
         DROP INDEX contexts_by_status;
         DROP INDEX walkabouts_by_state; DROP INDEX documents_waiting_to_sync;
         PRAGMA user_version = 15;",
    )
    .expect("rolls the rows back");
    drop(conn);

    let store = Store::open(&path).expect("upgrades");
    let walkabout = store.get_walkabout(id).expect("reads");
    assert_eq!(walkabout.observations.len(), 2);
    assert_eq!(walkabout, before);
    let views: i64 = rusqlite::Connection::open(&path)
        .expect("opens")
        .query_row(
            "SELECT COUNT(*) FROM walkabouts WHERE view <> '' AND view LIKE '%' || ?1 || '%'",
            [id.to_string()],
            |row| row.get(0),
        )
        .expect("reads");
    assert_eq!(views, 1, "the upgrade wrote the walkabout's view again");
}

#[test]
fn a_store_from_before_inline_changes_keeps_every_edit_and_goes_on_saving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE_NAME);
    let id = {
        let mut store = Store::open(&path).expect("creates");
        let id = store
            .create_context(draft("Northfield Park"))
            .expect("context")
            .id;
        for name in ["Northfield Park east", "Northfield Park east gate"] {
            store
                .update_context(id, ContextEdit::Name(name.into()))
                .expect("edited");
        }
        id
    };
    // As version 18 left it: the appended changes in a table without rowids.
    let conn = rusqlite::Connection::open(&path).expect("opens");
    conn.execute_batch(
        "CREATE TABLE old_changes (
             document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
             seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (document_id, seq)
         ) STRICT, WITHOUT ROWID;
         INSERT INTO old_changes SELECT document_id, seq, bytes FROM document_changes;
         DROP TABLE document_changes;
         ALTER TABLE old_changes RENAME TO document_changes;
         PRAGMA user_version = 18;",
    )
    .expect("rolls the table back");
    let appended: i64 = conn
        .query_row("SELECT COUNT(*) FROM document_changes", [], |row| {
            row.get(0)
        })
        .expect("counts");
    assert_eq!(appended, 2, "both edits were appended to the snapshot");
    drop(conn);

    let mut store = Store::open(&path).expect("upgrades");
    assert_eq!(
        store.get_context(id).expect("reads").name,
        "Northfield Park east gate"
    );
    store
        .update_context(id, ContextEdit::Name("Northfield Park north gate".into()))
        .expect("saves after the upgrade");
    drop(store);
    assert_eq!(
        Store::open(&path)
            .expect("opens again")
            .get_context(id)
            .expect("reads")
            .name,
        "Northfield Park north gate"
    );
    let table: String = rusqlite::Connection::open(&path)
        .expect("opens")
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'document_changes'",
            [],
            |row| row.get(0),
        )
        .expect("reads");
    assert!(!table.contains("WITHOUT ROWID"), "{table}");
}
