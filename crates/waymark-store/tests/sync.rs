//! Device stores syncing through the real protocol (frames encoded and decoded, sessions as a
//! server would run them), joined in memory. The socket comes with the server.

mod common;

use std::path::Path;

use common::{check_in, draft, observation, open_in, plan, rows};
use proptest::prelude::*;
use waymark_core::{ContextEdit, RecordId};
use waymark_store::Store;
use waymark_sync::loopback::{self, Fate};

/// The projections two synced stores must agree on. Route points and photos travel outside the
/// documents and are not part of document sync.
fn projections(store: &Store) -> Vec<Vec<Vec<rusqlite::types::Value>>> {
    [
        "contexts",
        "walkabouts",
        "walkabout_contexts",
        "observations",
    ]
    .into_iter()
    .map(|table| rows(store.path(), table))
    .collect()
}

fn sync(a: &mut Store, b: &mut Store) -> loopback::Exchange {
    loopback::run_clean(&mut a.sync_replica(), &mut b.sync_replica())
}

fn reopen(path: &Path) -> Store {
    common::reopen(path)
}

#[test]
fn a_device_receives_contexts_and_walkabouts_with_their_projections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let park = a.create_context(draft("Northfield Park")).expect("context");
    let walk = a.create_walkabout(plan(park.id)).expect("walkabout").id;
    a.check_in(walk, check_in()).expect("in");
    a.add_observation(walk, observation(5)).expect("observed");

    let exchange = sync(&mut a, &mut b);
    assert!(
        exchange.finished && exchange.errors.is_empty(),
        "{exchange:?}"
    );
    assert_eq!(b.get_context(park.id).expect("there"), park);
    assert_eq!(b.get_walkabout(walk).expect("there").observations.len(), 1);
    assert_eq!(projections(&a), projections(&b));
}

#[test]
fn offline_edits_on_both_devices_merge_and_a_quiet_reconnect_costs_one_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let id = a.create_context(draft("Station")).expect("context").id;
    sync(&mut a, &mut b);

    a.update_context(id, ContextEdit::Name("Station forecourt".into()))
        .expect("a");
    b.update_context(
        id,
        ContextEdit::Description("Open park with a skate area. Taxis wait here.".into()),
    )
    .expect("b");
    sync(&mut a, &mut b);
    let merged = a.get_context(id).expect("a");
    assert_eq!(merged, b.get_context(id).expect("b"));
    assert_eq!(merged.name, "Station forecourt");
    assert!(merged.description.ends_with("Taxis wait here."));

    let quiet = sync(&mut a, &mut b);
    assert_eq!(quiet.rounds, 1);
    assert!(quiet.finished && quiet.bytes < 200, "{quiet:?}");
}

#[test]
fn a_connection_dropped_half_way_loses_nothing_that_was_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path_a, path_b) = (dir.path().join("a"), dir.path().join("b"));
    let mut a = open_in(&path_a);
    let mut b = open_in(&path_b);
    let ids: Vec<RecordId> = (0..20)
        .map(|i| {
            a.create_context(draft(&format!("Place {i}")))
                .expect("context")
                .id
        })
        .collect();

    // The link dies after a few frames; both apps are then killed and restarted.
    let mut frames = 0;
    let broken = loopback::run(&mut a.sync_replica(), &mut b.sync_replica(), || {
        frames += 1;
        if frames > 3 {
            Fate::Drop
        } else {
            Fate::Deliver
        }
    });
    assert!(!broken.finished);
    let applied_before_restart = b.list_contexts().expect("list").len();
    drop((a, b));
    let (mut a, mut b) = (
        reopen(&path_a.join(waymark_store::DATABASE_FILE_NAME)),
        reopen(&path_b.join(waymark_store::DATABASE_FILE_NAME)),
    );
    assert_eq!(
        b.list_contexts().expect("list").len(),
        applied_before_restart,
        "what was applied survived"
    );

    let resumed = sync(&mut a, &mut b);
    assert!(resumed.finished, "{resumed:?}");
    for id in ids {
        assert_eq!(
            b.get_context(id).expect("there"),
            a.get_context(id).expect("there")
        );
    }
    assert_eq!(projections(&a), projections(&b));
}

/// An edit a device might make offline.
#[derive(Debug, Clone)]
enum Edit {
    NewContext(String),
    Rename(usize, String),
    Describe(usize, String),
    NewWalkabout(usize),
    Observe(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        "[A-Z][a-z]{1,8}".prop_map(Edit::NewContext),
        (0..8_usize, "[A-Z][a-z]{1,8}").prop_map(|(i, n)| Edit::Rename(i, n)),
        (0..8_usize, "[a-z ]{1,10}").prop_map(|(i, t)| Edit::Describe(i, t)),
        (0..8_usize).prop_map(Edit::NewWalkabout),
        (0..8_usize).prop_map(Edit::Observe),
    ]
}

/// Applies an edit to whatever the device holds; an edit with nothing to act on does nothing.
fn apply(store: &mut Store, edit: &Edit) {
    let contexts: Vec<RecordId> = store
        .list_contexts()
        .expect("list")
        .into_iter()
        .map(|c| c.id)
        .collect();
    let context = |i: usize| contexts.get(i % contexts.len().max(1)).copied();
    match edit {
        Edit::NewContext(name) => {
            store.create_context(draft(name)).expect("created");
        }
        Edit::Rename(i, name) => {
            if let Some(id) = context(*i) {
                store
                    .update_context(id, ContextEdit::Name(name.clone()))
                    .expect("renamed");
            }
        }
        Edit::Describe(i, text) => {
            if let Some(id) = context(*i) {
                let old = store.get_context(id).expect("read").description;
                store
                    .update_context(id, ContextEdit::Description(format!("{old}{text}")))
                    .expect("described");
            }
        }
        Edit::NewWalkabout(i) => {
            if let Some(id) = context(*i) {
                let walk = store.create_walkabout(plan(id)).expect("planned").id;
                store.check_in(walk, check_in()).expect("checked in");
            }
        }
        Edit::Observe(i) => {
            if let Some(id) = context(*i) {
                if let Some(walk) = store.list_walkabouts(id).expect("list").first() {
                    let _ = store.add_observation(walk.id, observation(1));
                }
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("WAYMARK_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Three devices edit contexts and walkabouts offline and sync in pairs, in a random order,
    /// over links that drop and repeat frames. After a last clean round they hold identical
    /// documents and identical projections. `WAYMARK_PROPTEST_CASES` sets how many cases run.
    #[test]
    fn three_devices_converge_through_the_real_protocol(
        edits in prop::collection::vec((0..3_usize, edit()), 1..10),
        sessions in prop::collection::vec((0..3_usize, 0..3_usize, prop::collection::vec(0..3_u8, 0..10)), 0..5),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut devices: Vec<Store> = (0..3).map(|i| open_in(&dir.path().join(format!("d{i}")))).collect();
        for (device, edit) in &edits {
            apply(&mut devices[*device], edit);
        }
        for (from, to, fates) in &sessions {
            if from != to {
                let (x, y) = two(&mut devices, *from, *to);
                let mut fates = fates.clone().into_iter();
                loopback::run(&mut x.sync_replica(), &mut y.sync_replica(), move || match fates.next() {
                    Some(1) => Fate::Drop,
                    Some(2) => Fate::DeliverTwice,
                    _ => Fate::Deliver,
                });
            }
        }
        for (from, to) in [(0, 1), (1, 2), (0, 2), (0, 1)] {
            let (x, y) = two(&mut devices, from, to);
            prop_assert!(sync(x, y).finished);
        }
        let first = projections(&devices[0]);
        for device in &devices[1..] {
            prop_assert_eq!(&projections(device), &first);
        }
        let ids: Vec<RecordId> = devices[0].list_contexts().expect("list").into_iter().map(|c| c.id).collect();
        for id in ids {
            let bytes = devices[0].document_bytes(id).expect("bytes");
            for device in &devices[1..] {
                prop_assert_eq!(device.get_context(id).expect("there"), devices[0].get_context(id).expect("there"));
                let theirs = automerge::AutoCommit::load(&device.document_bytes(id).expect("bytes")).expect("loads");
                let ours = automerge::AutoCommit::load(&bytes).expect("loads");
                prop_assert_eq!(sorted_heads(theirs), sorted_heads(ours));
            }
        }
    }
}

fn sorted_heads(mut doc: automerge::AutoCommit) -> Vec<automerge::ChangeHash> {
    let mut heads = doc.get_heads();
    heads.sort_unstable();
    heads
}

fn two(devices: &mut [Store], i: usize, j: usize) -> (&mut Store, &mut Store) {
    if i < j {
        let (left, right) = devices.split_at_mut(j);
        (&mut left[i], &mut right[0])
    } else {
        let (left, right) = devices.split_at_mut(i);
        (&mut right[0], &mut left[j])
    }
}

#[test]
fn attachments_named_by_synced_records_are_wanted_fetched_in_chunks_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let park = a.create_context(draft("Northfield Park")).expect("context");
    let walk = a.create_walkabout(plan(park.id)).expect("walkabout").id;
    a.check_in(walk, check_in()).expect("in");
    for (seconds, lat) in [(0, 52.4100), (30, 52.4105), (60, 52.4110)] {
        a.record_route_point(walk, common::route_point(lat, -1.97, seconds))
            .expect("point");
    }
    let photo = a.add_photo(&common::jpeg_with_gps()).expect("photo");
    let mut seen = observation(5);
    seen.photos = vec![photo.clone()];
    a.add_observation(walk, seen).expect("observed");
    a.check_out(walk, common::check_out()).expect("out");
    let track = a
        .get_walkabout(walk)
        .expect("walkabout")
        .route
        .sealed_sha256
        .expect("sealed");
    // Both are waiting to go to the server.
    let mut to_upload = a.attachments_to_upload().expect("listed");
    to_upload.sort();
    let mut expected = vec![photo.clone(), track.clone()];
    expected.sort();
    assert_eq!(to_upload, expected);

    assert!(sync(&mut a, &mut b).finished);
    let mut wanted = b.wanted_attachments().expect("listed");
    wanted.sort();
    assert_eq!(
        wanted,
        expected
            .iter()
            .map(|sha| (sha.clone(), 0))
            .collect::<Vec<_>>()
    );
    assert!(
        b.route(walk).expect("route").is_empty(),
        "no track before it arrives"
    );

    // The photo arrives in two chunks, across a "restart".
    let bytes = a.photo(&photo).expect("photo").bytes;
    let half = bytes.len() / 2;
    b.add_download_chunk(&photo, 0, &bytes[..half])
        .expect("chunk");
    let path = b.path().to_owned();
    drop(b);
    let mut b = reopen(&path);
    assert!(b
        .wanted_attachments()
        .expect("listed")
        .contains(&(photo.clone(), half as u64)));
    b.add_download_chunk(&photo, half as u64, &bytes[half..])
        .expect("chunk");
    b.finish_download(&photo).expect("matches");
    assert_eq!(b.photo(&photo).expect("kept").bytes, bytes);

    // A track whose bytes do not match its seal is thrown away and still wanted.
    b.add_download_chunk(&track, 0, b"52.0,-1.0,5.0,1\n")
        .expect("chunk");
    assert_eq!(
        b.finish_download(&track).expect_err("refused").code(),
        "attachment_mismatch"
    );
    assert_eq!(
        b.wanted_attachments().expect("listed"),
        vec![(track.clone(), 0)]
    );
    let sealed = a.photo(&track).expect("track kept as an attachment").bytes;
    b.add_download_chunk(&track, 0, &sealed).expect("chunk");
    b.finish_download(&track).expect("matches");
    assert_eq!(b.route(walk).expect("route"), a.route(walk).expect("route"));
    assert!(b.wanted_attachments().expect("listed").is_empty());
}

#[test]
fn a_panic_inside_a_sync_step_rolls_back_and_every_later_edit_is_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("device").join("waymark.db");
    let shared = waymark_store::SharedStore::new(open_in(&dir.path().join("device")));
    let park = shared
        .lock()
        .create_context(draft("Northfield Park"))
        .expect("context");

    // A sync step that writes, then fails part way.
    let failed = shared.in_one_transaction(|store| {
        store
            .update_context(park.id, ContextEdit::Name("Half-synced".into()))
            .expect("written inside the step");
        panic!("a sync step failed part way");
    });
    assert_eq!(
        failed.expect_err("the panic comes back as an error").code(),
        "sync_step_failed"
    );

    // What the failed step wrote is gone, and an edit after it is committed: another
    // connection to the file sees it, as the app would after a restart.
    shared
        .lock()
        .update_context(
            park.id,
            ContextEdit::Name("Northfield Park (south gate)".into()),
        )
        .expect("edited after the failure");
    let reopened = reopen(&path);
    assert_eq!(
        reopened.get_context(park.id).expect("there").name,
        "Northfield Park (south gate)"
    );
    let history = reopened.history(park.id).expect("history");
    assert!(history
        .iter()
        .all(|entry| !entry.what.contains("Half-synced")));
}

#[test]
fn an_edit_made_while_a_sync_runs_stays_waiting_until_its_own_heads_are_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut device = open_in(&dir.path().join("device"));
    let mut server = open_in(&dir.path().join("server"));
    let park = device
        .create_context(draft("Northfield Park"))
        .expect("context");

    // The session runs, then the practitioner edits before its end is recorded.
    let (mut device_session, mut server_session) =
        (waymark_sync::Session::new(), waymark_sync::Session::new());
    let mut to_server = device_session.start(&mut device.sync_replica());
    let mut to_device = server_session.start(&mut server.sync_replica());
    for _ in 0..50 {
        if to_server.is_empty() && to_device.is_empty() {
            break;
        }
        let replies: Vec<_> = std::mem::take(&mut to_server)
            .into_iter()
            .flat_map(|m| server_session.receive(&mut server.sync_replica(), m))
            .collect();
        to_server = std::mem::take(&mut to_device)
            .into_iter()
            .flat_map(|m| device_session.receive(&mut device.sync_replica(), m))
            .collect();
        to_device = replies;
    }
    assert!(device_session.is_done());
    device
        .update_context(
            park.id,
            ContextEdit::Name("Northfield Park (north gate)".into()),
        )
        .expect("edited during the attachments");
    device
        .mark_synced(device_session.confirmed())
        .expect("marked");
    assert_eq!(device.sync_backlog().expect("backlog").records, 1);

    // The next session confirms the new heads, and the edit reaches the other side.
    sync(&mut device, &mut server);
    assert_eq!(
        server.get_context(park.id).expect("there").name,
        "Northfield Park (north gate)"
    );
}

#[test]
fn a_synced_change_that_alters_a_records_kind_is_refused_on_the_device() {
    use automerge::transaction::Transactable;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut device = open_in(&dir.path().join("device"));
    let mut hostile = open_in(&dir.path().join("hostile"));
    let park = device
        .create_context(draft("Northfield Park"))
        .expect("context");
    sync(&mut device, &mut hostile);

    // A server (or a device) that turns the context into a walkabout.
    let mut altered = automerge::AutoCommit::load(&hostile.document_bytes(park.id).expect("bytes"))
        .expect("loads");
    altered
        .put(automerge::ROOT, "kind", "walkabout")
        .expect("put");
    altered.commit();
    let mut session = waymark_sync::Session::new();
    let mut replica = device.sync_replica();
    session.start(&mut replica);
    let _ = session.receive(
        &mut replica,
        waymark_sync::Message::Summary {
            digest: [1; 32],
            documents: 1,
        },
    );
    let _ = session.receive(
        &mut replica,
        waymark_sync::Message::Inventory { documents: vec![] },
    );
    let replies = session.receive(
        &mut replica,
        waymark_sync::Message::Documents {
            documents: vec![(park.id, altered.save())],
        },
    );
    drop(replica);
    assert!(
        replies.contains(&waymark_sync::Message::Error {
            code: waymark_sync::ErrorCode::Rejected,
            document: Some(park.id)
        }),
        "{replies:?}"
    );
    assert_eq!(device.get_context(park.id).expect("still a context"), park);
}

#[test]
fn a_record_that_cannot_be_read_is_set_aside_not_replaced_and_the_rest_still_sync() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut device = open_in(&dir.path().join("device"));
    let mut server = open_in(&dir.path().join("server"));
    let park = device
        .create_context(draft("Northfield Park"))
        .expect("context");
    let towpath = device
        .create_context(draft("Canal towpath"))
        .expect("context");
    sync(&mut device, &mut server);
    // The server changes both; then the device's copy of the park is damaged on disk, with an
    // unsynced change of its own appended.
    server
        .update_context(park.id, ContextEdit::Name("Northfield Park (east)".into()))
        .expect("edited");
    server
        .update_context(
            towpath.id,
            ContextEdit::Name("Canal towpath (lock 3)".into()),
        )
        .expect("edited");
    device
        .update_context(
            park.id,
            ContextEdit::Name("Northfield Park (unsynced)".into()),
        )
        .expect("edited");
    let path = device.path().to_owned();
    drop(device);
    let damaged: Vec<u8> = b"\x85\x6f\x4a\x83 this is no longer a document".to_vec();
    let (before_bytes, before_changes) = {
        let conn = rusqlite::Connection::open(&path).expect("opens");
        conn.execute(
            "UPDATE documents SET bytes = ?2 WHERE id = ?1",
            rusqlite::params![park.id.to_string(), damaged],
        )
        .expect("damaged");
        let changes: Vec<Vec<u8>> = conn
            .prepare("SELECT bytes FROM document_changes WHERE document_id = ?1 ORDER BY seq")
            .expect("query")
            .query_map([park.id.to_string()], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("changes");
        (damaged, changes)
    };
    let mut device = reopen(&path);

    // Sync goes on: the towpath arrives, the park is set aside exactly as it was.
    let exchange = sync(&mut device, &mut server);
    assert!(exchange.finished, "{exchange:?}");
    assert_eq!(
        device.get_context(towpath.id).expect("synced").name,
        "Canal towpath (lock 3)"
    );
    let set_aside = device.set_aside().expect("listed");
    assert_eq!(set_aside.len(), 1);
    assert_eq!(
        (set_aside[0].id, set_aside[0].kind.as_str()),
        (park.id, "context")
    );
    drop(device);
    let conn = rusqlite::Connection::open(&path).expect("opens");
    let bytes: Vec<u8> = conn
        .query_row(
            "SELECT bytes FROM documents WHERE id = ?1",
            [park.id.to_string()],
            |row| row.get(0),
        )
        .expect("still there");
    assert_eq!(
        bytes, before_bytes,
        "the damaged snapshot is left as it was"
    );
    let changes: Vec<Vec<u8>> = conn
        .prepare("SELECT bytes FROM document_changes WHERE document_id = ?1 ORDER BY seq")
        .expect("query")
        .query_map([park.id.to_string()], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("changes");
    assert_eq!(changes, before_changes, "its unsynced changes are kept");
}
