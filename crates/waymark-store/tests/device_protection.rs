//! Encryption at rest through the vault (privacy rules P16, P17): the database and everything in
//! it (photos, routes, the device token) are unreadable without the passcode; a wrong passcode,
//! a damaged or foreign file each get their own answer and leave the file as it was; a passcode
//! change keeps every record; a database from the version before encryption is converted with
//! nothing lost; erasing leaves nothing.

mod common;

use std::path::Path;

use common::{check_in, check_out, draft, jpeg_with_gps, observation, plan, route_point};
use waymark_core::passcode::LockPhase;
use waymark_core::peer_group::{Member, PeerAssessmentDraft, PeerLevel};
use waymark_core::school::{Dsl, SchoolAssessmentDraft};
use waymark_core::vocabulary::AgeBand;
use waymark_core::vocabulary::ConcernType;
use waymark_core::{ContextDraft, RecordId, UnixMillis};
use waymark_store::{Store, StoreError, SyncEnrolment, Vault, DATABASE_FILE_NAME, KEY_FILE_NAME};

const PASSCODE: &str = "field-walk-42";
/// Written into records, to be looked for in the files' bytes.
const MARKER: &str = "Marker-Zq7Kx9-behind-the-pavilion";

fn now() -> UnixMillis {
    UnixMillis::new(1_790_000_000_000)
}

fn later(seconds: i64) -> UnixMillis {
    UnixMillis::new(now().get() + seconds * 1000)
}

fn code<T: std::fmt::Debug>(result: Result<T, StoreError>) -> &'static str {
    match result {
        Err(error) => error.code(),
        Ok(value) => panic!("expected a refusal, got {value:?}"),
    }
}

/// One record of every kind, with the marker in their text, a photo and a route.
fn fill(store: &mut Store) -> Vec<RecordId> {
    let park = store
        .create_context(ContextDraft {
            description: MARKER.to_owned(),
            ..draft("Northfield Park")
        })
        .expect("park")
        .id;
    let walkabout = store.create_walkabout(plan(park)).expect("planned").id;
    store.check_in(walkabout, check_in()).expect("checked in");
    store
        .record_route_point(walkabout, route_point(51.5, -0.12, 10))
        .expect("route");
    let photo = store.add_photo(&jpeg_with_gps()).expect("photo");
    let mut seen = observation(5);
    seen.note = MARKER.to_owned();
    seen.photos = vec![photo];
    store.add_observation(walkabout, seen).expect("observed");
    store
        .check_out(walkabout, check_out())
        .expect("checked out");
    let map = store
        .create_peer_assessment(PeerAssessmentDraft {
            level: PeerLevel::One,
            subject_case_ref: Some("CS-10234".into()),
            group_context_id: None,
        })
        .expect("map")
        .id;
    store
        .add_member(
            map,
            Member {
                label: "A.B.".into(),
                age_band: AgeBand::From14To15,
            },
        )
        .expect("member");
    let school = store
        .create_context(ContextDraft {
            context_type: "school_college_or_alternative_provision".into(),
            ..draft("Northfield Academy")
        })
        .expect("school")
        .id;
    let assessment = store
        .create_school_assessment(SchoolAssessmentDraft {
            school_context_id: school,
            dsl: Dsl {
                name: "K. Mensah".into(),
                role: "Deputy head, DSL".into(),
                contact: String::new(),
            },
            agreed_on: "2026-11-02".into(),
            scope: vec![ConcernType::SexualHarassment],
        })
        .expect("school assessment")
        .id;
    vec![park, walkabout, map, school, assessment]
}

/// Everything a practitioner reads of those records, and their documents' bytes.
fn everything(store: &Store, ids: &[RecordId]) -> String {
    let walkabout = store.get_walkabout(ids[1]).expect("walkabout");
    let photo = store
        .photo(&walkabout.observations[0].detail.photos[0])
        .expect("photo");
    let mut seen = format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
        store.list_contexts().expect("contexts"),
        store.get_context(ids[0]).expect("park"),
        walkabout,
        store.route(ids[1]).expect("route"),
        store.get_peer_assessment(ids[2]).expect("map"),
        store.list_level_one_maps().expect("maps"),
        store.get_school_assessment(ids[4]).expect("school"),
        store.list_walkabouts(ids[0]).expect("walkabouts"),
        photo.bytes.len(),
    );
    for id in ids {
        seen.push_str(&format!(
            "\n{:?}",
            store.document_bytes(*id).expect("bytes")
        ));
    }
    seen
}

fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("lists")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("reads"))
        })
        .collect();
    files.sort();
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The first 24 bytes of the test's photo as the store keeps it, EXIF stripped.
fn stored_jpeg_start() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("plain.db")).expect("opens");
    let sha256 = store.add_photo(&jpeg_with_gps()).expect("photo");
    let stored = store.photo(&sha256).expect("stored").bytes;
    assert!(stored.starts_with(&[0xff, 0xd8, 0xff]), "a JPEG");
    stored[..24].to_vec()
}

/// No file of the directory starts as SQLite, JPEG or PNG, or holds the marker.
fn assert_nothing_readable(dir: &Path) {
    for (name, bytes) in files_in(dir) {
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{name} is plain SQLite"
        );
        // The photo's first bytes as stored (its markers and the start of its tables): long
        // enough that ciphertext never holds them by chance, as it may three bytes in megabytes.
        assert!(
            !contains(&bytes, &stored_jpeg_start()),
            "{name} holds a JPEG"
        );
        assert!(!contains(&bytes, b"\x89PNG"), "{name} holds a PNG");
        assert!(
            !contains(&bytes, MARKER.as_bytes()),
            "{name} holds the marker"
        );
        assert!(
            !contains(&bytes, b"Northfield"),
            "{name} holds a place name"
        );
    }
}

#[test]
fn the_database_opens_with_the_passcode_and_its_files_give_nothing_away() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path());
    assert_eq!(
        vault.phase().expect("phase"),
        LockPhase::FirstRun { upgrade: false }
    );
    assert_eq!(
        code(vault.set_up(PASSCODE, "field-walk-43")),
        "passcodes_differ"
    );
    assert_eq!(code(vault.set_up("12345", "12345")), "passcode_too_short");
    let mut store = vault.set_up(PASSCODE, PASSCODE).expect("set up");
    let ids = fill(&mut store);
    store
        .set_sync_enrolment(&SyncEnrolment {
            server: "https://sync.invalid".into(),
            device: "device-1".into(),
            token: "device-token-Qm3v8".into(),
            workspace: "Northfield detached team".into(),
        })
        .expect("token");
    let before = everything(&store, &ids);
    // Read while the store is open, WAL and all, and again once it is closed.
    assert_nothing_readable(dir.path());
    drop(store);
    assert_nothing_readable(dir.path());
    for (name, bytes) in files_in(dir.path()) {
        assert!(
            !contains(&bytes, b"device-token-Qm3v8"),
            "{name} holds the token"
        );
    }
    assert_eq!(vault.phase().expect("phase"), LockPhase::Locked);
    assert_eq!(
        code(Store::open(&dir.path().join(DATABASE_FILE_NAME))),
        "database_unreadable"
    );

    let store = vault.unlock(PASSCODE, now()).expect("unlocked");
    assert_eq!(everything(&store, &ids), before);
    assert_eq!(
        code(vault.set_up(PASSCODE, PASSCODE)),
        "passcode_already_set"
    );
}

#[test]
fn wrong_passcodes_are_refused_leave_the_database_as_it_was_and_wait_after_the_fifth() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path());
    let mut store = vault.set_up(PASSCODE, PASSCODE).expect("set up");
    fill(&mut store);
    drop(store);
    let db = dir.path().join(DATABASE_FILE_NAME);
    let bytes = std::fs::read(&db).expect("db");

    for attempt in 0..5 {
        assert_eq!(
            code(vault.unlock("not-the-code", later(attempt))),
            "wrong_passcode"
        );
    }
    assert_eq!(std::fs::read(&db).expect("db"), bytes);
    assert_eq!(vault.wait_seconds(later(4)), 30);
    // Even the right passcode waits, and the wait survives the app being closed.
    assert_eq!(
        code(Vault::new(dir.path()).unlock(PASSCODE, later(6))),
        "unlock_waiting"
    );
    assert_eq!(
        code(vault.unlock("not-the-code", later(40))),
        "wrong_passcode"
    );
    assert_eq!(vault.wait_seconds(later(40)), 60);
    // After the wait the right passcode opens it, and the count starts again.
    drop(vault.unlock(PASSCODE, later(101)).expect("unlocked"));
    assert_eq!(vault.wait_seconds(later(101)), 0);
    assert_eq!(std::fs::read(&db).expect("db").len(), bytes.len());
}

#[test]
fn a_new_passcode_opens_every_record_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path());
    let mut store = vault.set_up(PASSCODE, PASSCODE).expect("set up");
    let ids = fill(&mut store);
    let before = everything(&store, &ids);
    drop(store);
    let db = std::fs::read(dir.path().join(DATABASE_FILE_NAME)).expect("db");

    assert_eq!(
        code(vault.change_passcode("wrong-one", "new-passcode-9", "new-passcode-9", now())),
        "wrong_passcode"
    );
    assert_eq!(
        code(vault.change_passcode(PASSCODE, "new", "new", later(1))),
        "passcode_too_short"
    );
    vault
        .change_passcode(PASSCODE, "new-passcode-9", "new-passcode-9", later(2))
        .expect("changed");
    // The data key is the same: the database was not rewritten.
    assert_eq!(
        std::fs::read(dir.path().join(DATABASE_FILE_NAME)).expect("db"),
        db
    );
    assert_eq!(code(vault.unlock(PASSCODE, later(3))), "wrong_passcode");
    let store = vault.unlock("new-passcode-9", later(4)).expect("unlocked");
    assert_eq!(everything(&store, &ids), before);
}

#[test]
fn a_database_from_before_encryption_is_converted_with_nothing_lost_and_the_plaintext_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join(DATABASE_FILE_NAME);
    let mut old = Store::open(&db).expect("the old, unencrypted store");
    let ids = fill(&mut old);
    let before = everything(&old, &ids);
    // Left as the old app leaves a running database: changes in its WAL, not yet checkpointed.
    drop(old);
    assert!(std::fs::read(&db)
        .expect("db")
        .starts_with(b"SQLite format 3"));

    let vault = Vault::new(dir.path());
    assert_eq!(
        vault.phase().expect("phase"),
        LockPhase::FirstRun { upgrade: true }
    );
    let store = vault.set_up(PASSCODE, PASSCODE).expect("converted");
    assert_eq!(everything(&store, &ids), before);
    drop(store);
    assert_nothing_readable(dir.path());
    let names: Vec<String> = files_in(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        names
            .iter()
            .all(|n| n == DATABASE_FILE_NAME || n == KEY_FILE_NAME || n.starts_with("waymark.db-")),
        "only the encrypted database and the key are left: {names:?}"
    );
    let store = vault.unlock(PASSCODE, now()).expect("unlocked");
    assert_eq!(everything(&store, &ids), before);
}

#[test]
fn a_damaged_a_foreign_or_a_newer_file_each_gets_its_answer_and_is_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path());
    let mut store = vault.set_up(PASSCODE, PASSCODE).expect("set up");
    fill(&mut store);
    drop(store);
    let db = dir.path().join(DATABASE_FILE_NAME);
    let good = std::fs::read(&db).expect("db");

    // Cut short in a copy.
    std::fs::write(&db, &good[..good.len() - 700]).expect("truncated");
    assert_eq!(code(vault.unlock(PASSCODE, now())), "database_unreadable");
    assert_eq!(std::fs::read(&db).expect("db").len(), good.len() - 700);

    // Bytes changed inside a page that unlocking does not read: the store opens, the check of
    // the whole file beside it finds the damage, and no save commits.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    std::fs::write(&db, &flipped).expect("flipped");
    {
        let mut store = vault
            .unlock(PASSCODE, now())
            .expect("opens on its first pages");
        // Waited for apart from the store, as the app's shell waits beside the app.
        let check = store.whole_file_check();
        let heard = std::thread::spawn(move || check.outcome())
            .join()
            .expect("waited");
        assert!(
            matches!(&heard, Some(Err(error)) if error.code() == "database_unreadable"),
            "{heard:?}"
        );
        assert_eq!(code(store.check_whole_file()), "database_unreadable");
        let refused = store
            .create_context(draft("Written to a damaged file"))
            .expect_err("a save is refused");
        assert_eq!(refused.code(), "database_unreadable");
        assert!(refused
            .practitioner_message()
            .contains("left exactly as it was"));
    }
    assert_eq!(std::fs::read(&db).expect("db"), flipped);

    // Bytes changed in the first page, which unlocking reads: refused at once.
    let mut flipped = good.clone();
    flipped[200] ^= 0x55;
    std::fs::write(&db, &flipped).expect("flipped");
    assert_eq!(code(vault.unlock(PASSCODE, now())), "database_unreadable");
    assert_eq!(std::fs::read(&db).expect("db"), flipped);

    // Another install's database, put in this one's place.
    let other_dir = tempfile::tempdir().expect("temp dir");
    drop(
        Vault::new(other_dir.path())
            .set_up(PASSCODE, PASSCODE)
            .expect("other"),
    );
    let other = std::fs::read(other_dir.path().join(DATABASE_FILE_NAME)).expect("other db");
    std::fs::write(&db, &other).expect("swapped");
    assert_eq!(
        code(vault.unlock(PASSCODE, now())),
        "database_from_another_install"
    );
    assert_eq!(std::fs::read(&db).expect("db"), other);

    // The right file again opens.
    std::fs::write(&db, &good).expect("restored");
    drop(vault.unlock(PASSCODE, now()).expect("unlocked"));

    // A key file from a newer app, and a damaged one.
    let key = dir.path().join(KEY_FILE_NAME);
    let key_bytes = std::fs::read(&key).expect("key");
    let mut newer: serde_json::Value = serde_json::from_slice(&key_bytes).expect("json");
    newer["format"] = 9.into();
    std::fs::write(&key, newer.to_string()).expect("newer");
    assert_eq!(code(vault.unlock(PASSCODE, now())), "key_file_too_new");
    std::fs::write(&key, b"{ not json").expect("damaged");
    assert_eq!(code(vault.unlock(PASSCODE, now())), "key_file_damaged");
    std::fs::remove_file(&key).expect("removed");
    assert_eq!(code(vault.phase()), "key_file_missing");
    assert_eq!(code(vault.set_up(PASSCODE, PASSCODE)), "key_file_missing");
    assert_eq!(std::fs::read(&db).expect("db"), good);
}

#[test]
fn erasing_leaves_no_file_but_the_note_of_who_had_it_done() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path());
    let mut store = vault.set_up(PASSCODE, PASSCODE).expect("set up");
    fill(&mut store);
    drop(store);
    vault.erase(Some(("admin.one", now()))).expect("erased");
    let names: Vec<String> = files_in(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["wiped.json"]);
    assert_eq!(
        vault.phase().expect("phase"),
        LockPhase::Wiped {
            by: "admin.one".into(),
            at: now()
        }
    );
    // Set up again, the device starts empty.
    let store = vault.set_up(PASSCODE, PASSCODE).expect("set up again");
    assert!(store.list_contexts().expect("contexts").is_empty());
}
