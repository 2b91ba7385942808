//! Sessions between simulated devices over a simulated link that can lose, repeat and delay
//! frames. No sockets and no clock: every run is exact and repeatable.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ReadDoc, ROOT};
use proptest::prelude::*;
use waymark_core::erasure::Erasure;
use waymark_core::{RecordId, UnixMillis};
use waymark_sync::epoch::{self, epoch_of};
use waymark_sync::loopback::{self, Exchange, Fate};
use waymark_sync::{decode, ErrorCode, Message, Replica, ReplicaError, Session};

/// A device's documents, held in memory.
#[derive(Default)]
struct Device {
    documents: BTreeMap<RecordId, AutoCommit>,
    /// The documents the other side may sync; `None` means all (a device's own view).
    allowed: Option<BTreeSet<RecordId>>,
    /// Documents the other side may read and not change (shared with a partner reader).
    read_only: BTreeSet<RecordId>,
    /// Documents the other side could see once and may no longer (a server's answer).
    no_longer: BTreeSet<RecordId>,
    /// Records erased here, by their stubs (a server's).
    erased: BTreeMap<RecordId, Erasure>,
    /// Whether this side decides documents' epochs (a server).
    decides_epochs: bool,
    changed: usize,
    /// The documents the session has opened and not released, and the most at any one time.
    open: BTreeSet<RecordId>,
    most_open: usize,
}

impl Replica for Device {
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>> {
        let allowed = self.allowed.clone();
        self.documents
            .iter_mut()
            .filter(|(id, _)| allowed.as_ref().is_none_or(|a| a.contains(id)))
            .map(|(id, doc)| (*id, doc.get_heads()))
            .filter(|(_, heads)| !heads.is_empty())
            .collect()
    }

    fn document(&mut self, id: RecordId) -> &mut AutoCommit {
        self.open.insert(id);
        self.most_open = self.most_open.max(self.open.len());
        self.documents.entry(id).or_default()
    }

    fn release(&mut self, id: RecordId) {
        self.open.remove(&id);
    }

    fn changed(&mut self, _id: RecordId) -> Result<(), ReplicaError> {
        self.changed += 1;
        Ok(())
    }

    fn allows(&self, id: RecordId) -> bool {
        !self.erased.contains_key(&id)
            && self
                .allowed
                .as_ref()
                .is_none_or(|allowed| allowed.contains(&id))
    }

    fn edits(&self, id: RecordId) -> bool {
        !self.read_only.contains(&id)
    }

    fn withdrawn(&mut self, id: RecordId) -> bool {
        self.no_longer.contains(&id)
    }

    fn withdraw(&mut self, id: RecordId) {
        self.documents.remove(&id);
    }

    fn epochs(&mut self) -> BTreeMap<RecordId, u32> {
        self.documents
            .iter()
            .map(|(id, doc)| (*id, epoch_of(doc)))
            .filter(|(_, epoch)| *epoch > 0)
            .collect()
    }

    fn deciding_epoch(&mut self, id: RecordId) -> Option<u32> {
        self.decides_epochs
            .then(|| self.documents.get(&id).map_or(0, epoch_of))
    }

    fn erased(&mut self, id: RecordId) -> Option<Erasure> {
        self.erased.get(&id).cloned()
    }

    fn erase(&mut self, erasure: &Erasure) {
        self.documents.remove(&erasure.record);
    }

    fn rewrite(&mut self, id: RecordId, bytes: &[u8]) -> Result<(), ReplicaError> {
        if self.decides_epochs {
            return Err(ReplicaError(id));
        }
        let mut fresh = AutoCommit::load(bytes).map_err(|_| ReplicaError(id))?;
        if let Some(old) = self.documents.get_mut(&id) {
            // This device keeps no record of what the server confirmed: everything it holds
            // counts as its own edits, carried across where the new epoch lacks them.
            epoch::reapply(old, &[], &mut fresh).map_err(|_| ReplicaError(id))?;
            fresh.commit();
        }
        self.documents.insert(id, fresh);
        Ok(())
    }
}

/// A server that decides epochs and keeps stubs of erased records.
fn server() -> Device {
    Device {
        decides_epochs: true,
        ..Device::default()
    }
}

/// The server erases a record: its document goes, a stub stays.
fn erase(server: &mut Device, id: RecordId) {
    server.documents.remove(&id);
    server.erased.insert(
        id,
        Erasure {
            record: id,
            kind: "walkabout".into(),
            erased_at: UnixMillis::new(1),
            by: "M.N.".into(),
            reason: "Recorded in the wrong workspace".into(),
        },
    );
}

/// The server rewrites a record without its history, one epoch on.
fn rewrite(server: &mut Device, id: RecordId) {
    if let Some(doc) = server.documents.get_mut(&id) {
        let fresh = epoch::rewrite(
            doc,
            automerge::ActorId::random(),
            "Earlier history erased",
            1,
        )
        .expect("rewrite");
        server.documents.insert(id, fresh);
    }
}

/// Whether a document's bytes, uncompressed, hold a string anywhere in its history.
fn history_holds(doc: &mut AutoCommit, text: &str) -> bool {
    let bytes = doc.save_nocompress();
    bytes
        .windows(text.len())
        .any(|window| window == text.as_bytes())
}

impl Device {
    /// Another device holding a copy of every document.
    fn clone_all(&mut self) -> Device {
        Device {
            documents: self
                .documents
                .iter_mut()
                .map(|(id, doc)| (*id, doc.fork()))
                .collect(),
            ..Device::default()
        }
    }
}

fn new_id() -> RecordId {
    RecordId::new(uuid::Uuid::now_v7()).expect("v7")
}

fn edit(device: &mut Device, id: RecordId, key: &str, value: &str) {
    let doc = device.documents.entry(id).or_default();
    doc.put(ROOT, key, value).expect("put");
    doc.commit();
}

/// Every document's keys and values, to compare devices by content.
fn content(device: &mut Device) -> BTreeMap<RecordId, BTreeMap<String, String>> {
    device
        .documents
        .iter_mut()
        .filter_map(|(id, doc)| (!doc.get_heads().is_empty()).then_some((id, doc)))
        .map(|(id, doc)| {
            let doc = &*doc;
            let values = doc
                .keys(ROOT)
                .filter_map(|key| {
                    let value = doc.get(ROOT, &key).ok().flatten()?.0.as_str()?.to_owned();
                    Some((key, value))
                })
                .collect();
            (*id, values)
        })
        .collect()
}

/// What happens to each frame in turn: 0 = deliver, 1 = drop, 2 = deliver twice; then deliver.
#[derive(Debug, Clone, Default)]
struct Faults {
    fates: Vec<u8>,
}

fn run(a: &mut Device, b: &mut Device, faults: &Faults) -> Exchange {
    let mut fates = faults.fates.clone().into_iter();
    loopback::run(a, b, move || match fates.next() {
        Some(1) => Fate::Drop,
        Some(2) => Fate::DeliverTwice,
        _ => Fate::Deliver,
    })
}

/// Sessions until the two devices hold the same, as a device reconnecting after drops would.
fn sync_until_equal(a: &mut Device, b: &mut Device) {
    for _ in 0..5 {
        let traffic = run(a, b, &Faults::default());
        assert!(
            traffic.finished,
            "a clean session ends on both sides: {traffic:?}"
        );
        if content(a) == content(b) {
            return;
        }
    }
    panic!("no convergence");
}

#[test]
fn a_reconnect_with_nothing_new_costs_one_round_trip_and_a_few_bytes() {
    let mut a = Device::default();
    for i in 0..10_000 {
        edit(&mut a, new_id(), "name", &format!("Place {i}"));
    }
    let mut b = Device {
        documents: a
            .documents
            .iter()
            .map(|(id, doc)| (*id, doc.clone()))
            .collect(),
        ..Device::default()
    };
    let traffic = run(&mut a, &mut b, &Faults::default());
    assert_eq!(traffic.rounds, 1, "{traffic:?}");
    assert!(traffic.finished);
    assert!(traffic.bytes <= 4096, "{} bytes", traffic.bytes);
    assert_eq!((a.changed, b.changed), (0, 0));
}

#[test]
fn new_documents_and_concurrent_edits_reach_both_sides() {
    let (mut a, mut b) = (Device::default(), Device::default());
    let shared = new_id();
    edit(&mut a, shared, "name", "Northfield Park");
    sync_until_equal(&mut a, &mut b);
    edit(&mut a, shared, "type", "park");
    edit(&mut b, shared, "note", "skate area");
    let only_b = new_id();
    edit(&mut b, only_b, "name", "Bus station");

    let traffic = run(&mut a, &mut b, &Faults::default());
    assert!(traffic.finished && traffic.errors.is_empty(), "{traffic:?}");
    assert_eq!(content(&mut a), content(&mut b));
    let park = &content(&mut a)[&shared];
    assert_eq!(park.get("type").map(String::as_str), Some("park"));
    assert_eq!(park.get("note").map(String::as_str), Some("skate area"));
    assert!(content(&mut a).contains_key(&only_b));
}

#[test]
fn a_document_the_other_side_lacks_travels_as_one_save_and_is_acknowledged() {
    let (mut a, mut b) = (Device::default(), Device::default());
    let park = new_id();
    for (key, value) in [
        ("name", "Northfield Park"),
        ("type", "park"),
        ("note", "skate area"),
    ] {
        edit(&mut a, park, key, value);
    }
    let saved = a.documents.get_mut(&park).expect("there").save().len();
    let traffic = run(&mut a, &mut b, &Faults::default());
    assert!(traffic.finished && traffic.errors.is_empty(), "{traffic:?}");
    assert_eq!(content(&mut a), content(&mut b));
    // Summaries, inventories, the save itself, its acknowledgement and two Idles: no
    // Automerge sync rounds for a document that is new to the other side.
    assert!(
        traffic.bytes < saved + 250,
        "{} bytes for a {saved}-byte save",
        traffic.bytes
    );

    // If the acknowledgement is lost, the sender does not call the session done; the next one
    // finds nothing to do.
    let (mut c, mut d) = (Device::default(), Device::default());
    edit(&mut c, new_id(), "name", "Bus station");
    // Frames 0-1 are the summaries, 2-3 the inventories, 4-6 the save and two Idles, and 7
    // the acknowledgement.
    let lost_ack = Faults {
        fates: vec![0, 0, 0, 0, 0, 0, 0, 1],
    };
    let first = run(&mut c, &mut d, &lost_ack);
    assert!(!first.finished, "{first:?}");
    assert_eq!(content(&mut c), content(&mut d));
    let second = run(&mut c, &mut d, &Faults::default());
    assert!(second.finished && second.rounds == 1, "{second:?}");
}

#[test]
fn a_document_outside_the_workspace_is_refused_and_the_rest_still_syncs() {
    let (mut device, mut server) = (Device::default(), Device::default());
    let (ours, theirs) = (new_id(), new_id());
    edit(&mut device, ours, "name", "Northfield Park");
    edit(&mut device, theirs, "name", "Another workspace's place");
    server.allowed = Some(BTreeSet::from([ours]));

    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(
        traffic.errors.contains(&ErrorCode::Forbidden),
        "{traffic:?}"
    );
    assert!(server.documents.contains_key(&ours));
    assert!(
        !server.documents.contains_key(&theirs),
        "nothing of the other workspace's document was taken"
    );
}

#[test]
fn a_server_never_offers_a_document_outside_the_workspace() {
    let (mut device, mut server) = (Device::default(), Device::default());
    let (ours, theirs) = (new_id(), new_id());
    edit(&mut server, ours, "name", "Northfield Park");
    edit(&mut server, theirs, "name", "Another workspace's place");
    server.allowed = Some(BTreeSet::from([ours]));
    run(&mut device, &mut server, &Faults::default());
    assert!(device.documents.contains_key(&ours));
    assert!(!device.documents.contains_key(&theirs));
}

#[test]
fn a_reader_receives_a_read_only_document_and_their_change_to_it_is_refused() {
    let (mut reader, mut server) = (Device::default(), Device::default());
    let shared = new_id();
    edit(&mut server, shared, "name", "Northfield Park");
    server.read_only.insert(shared);
    run(&mut reader, &mut server, &Faults::default());
    assert_eq!(
        content(&mut reader)[&shared]["name"],
        "Northfield Park",
        "the reader has the record to read"
    );

    edit(&mut reader, shared, "name", "Changed by the reader");
    let traffic = run(&mut reader, &mut server, &Faults::default());
    assert!(
        traffic.errors.contains(&ErrorCode::Forbidden),
        "{traffic:?}"
    );
    assert_eq!(
        content(&mut server)[&shared]["name"],
        "Northfield Park",
        "nothing the reader changed was taken"
    );
}

#[test]
fn a_withdrawn_document_is_deleted_on_the_device_and_the_rest_still_syncs() {
    let (mut device, mut server) = (Device::default(), Device::default());
    let (kept, withdrawn) = (new_id(), new_id());
    edit(&mut server, kept, "name", "Market Square");
    edit(&mut server, withdrawn, "name", "A.B.'s peer group");
    run(&mut device, &mut server, &Faults::default());
    assert_eq!(content(&mut device).len(), 2);

    // Taken off the case team: the server no longer offers the map and says so.
    server.allowed = Some(BTreeSet::from([kept]));
    server.no_longer.insert(withdrawn);
    edit(&mut server, kept, "name", "Market Square (north side)");
    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(traffic.finished, "{traffic:?}");
    assert!(
        !device.documents.contains_key(&withdrawn),
        "the withdrawn record is deleted on the device"
    );
    assert_eq!(
        content(&mut device)[&kept]["name"],
        "Market Square (north side)"
    );
    assert!(
        server.documents.contains_key(&withdrawn),
        "the server keeps its copy"
    );
}

#[test]
fn an_erased_record_leaves_a_device_with_unsent_edits_and_is_never_taken_again() {
    let (mut device, mut server) = (Device::default(), server());
    let (kept, erased) = (new_id(), new_id());
    edit(&mut server, kept, "name", "Market Square");
    edit(&mut server, erased, "note", "Benches by the bus stop");
    run(&mut device, &mut server, &Faults::default());
    // Offline, the device edits the record the manager then erases.
    edit(&mut device, erased, "note", "Benches and the shelter");
    erase(&mut server, erased);

    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(traffic.finished, "{traffic:?}");
    assert!(
        !device.documents.contains_key(&erased),
        "deleted on the device"
    );
    assert!(
        !server.documents.contains_key(&erased),
        "the server took nothing of it"
    );
    assert_eq!(content(&mut device)[&kept]["name"], "Market Square");
    // A later session is quiet: nothing of it comes back either way.
    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(traffic.errors.is_empty(), "{traffic:?}");
    assert!(!server.documents.contains_key(&erased));
}

#[test]
fn an_old_epoch_is_refused_replaced_whole_and_its_unsent_edits_carried_across() {
    let (mut device, mut server) = (Device::default(), server());
    let id = new_id();
    edit(&mut server, id, "note", "Seen by the gate with Zebedee-7");
    edit(&mut server, id, "note", "Seen by the gate");
    run(&mut device, &mut server, &Faults::default());
    // Offline, the device adds to the record; meanwhile its history is erased on the server.
    edit(&mut device, id, "lighting", "Poor");
    rewrite(&mut server, id);
    assert!(!history_holds(
        server.documents.get_mut(&id).expect("held"),
        "Zebedee"
    ));

    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(traffic.finished, "{traffic:?}");
    let server_doc = server.documents.get_mut(&id).expect("held");
    assert!(
        !history_holds(server_doc, "Zebedee"),
        "the old epoch was not merged into the new one"
    );
    let device_doc = device.documents.get_mut(&id).expect("held");
    assert_eq!(epoch_of(device_doc), 1);
    assert!(
        !history_holds(device_doc, "Zebedee"),
        "the device's copy was replaced"
    );
    // The edit made offline comes back to the server on the next session, on the new epoch.
    sync_until_equal(&mut device, &mut server);
    assert_eq!(content(&mut server)[&id]["lighting"], "Poor");
    assert_eq!(content(&mut server)[&id]["note"], "Seen by the gate");
    assert!(!history_holds(
        server.documents.get_mut(&id).expect("held"),
        "Zebedee"
    ));
}

#[test]
fn malformed_and_out_of_order_frames_get_an_error_and_the_session_goes_on() {
    let (mut a, mut b) = (Device::default(), Device::default());
    edit(&mut a, new_id(), "name", "Market Square");
    let mut session = Session::new();
    session.start(&mut b);
    // A sync message before any summary is out of order.
    let early = session.receive(&mut b, Message::Sync { messages: vec![] });
    assert_eq!(
        early,
        vec![Message::Error {
            code: ErrorCode::OutOfOrder,
            document: None
        }]
    );
    // Garbage bytes do not reach the session at all: decoding refuses them.
    assert!(decode(&[1, 250, 250, 250]).is_err());
    // The same pair then syncs normally.
    sync_until_equal(&mut a, &mut b);
    assert_eq!(content(&mut a), content(&mut b));
}

#[test]
fn a_large_first_sync_travels_in_frames_under_the_limit() {
    let (mut a, mut b) = (Device::default(), Device::default());
    let note = "x".repeat(600 * 1024);
    for i in 0..12 {
        edit(&mut a, new_id(), "note", &format!("{i}{note}"));
    }
    let exchange = loopback::run_clean(&mut a, &mut b);
    assert_eq!(exchange.unsendable, 0);
    assert!(exchange.finished, "{exchange:?}");
    assert_eq!(content(&mut a), content(&mut b));
}

#[test]
fn a_first_sync_of_many_records_holds_one_open_at_a_time_on_each_side() {
    let (mut device, mut server) = (Device::default(), server());
    for i in 0..300 {
        edit(&mut device, new_id(), "note", &format!("record {i}"));
    }
    assert!(loopback::run_clean(&mut device, &mut server).finished);
    assert_eq!(content(&mut device), content(&mut server));
    assert_eq!(device.most_open, 1, "each is opened, sent whole and let go");
    assert_eq!(server.most_open, 1, "each is stored and let go");

    // A new device's first pull of them all.
    let mut new_device = Device::default();
    server.most_open = 0;
    assert!(loopback::run_clean(&mut new_device, &mut server).finished);
    assert_eq!(content(&mut new_device), content(&mut server));
    assert_eq!(new_device.most_open, 1, "each is stored and let go");
    assert_eq!(server.most_open, 1, "each is opened, sent whole and let go");
}

#[test]
fn repeated_frames_change_nothing_twice() {
    let (mut a, mut b) = (Device::default(), Device::default());
    edit(&mut a, new_id(), "name", "Station Road");
    edit(&mut b, new_id(), "name", "Library");
    let everything_twice = Faults { fates: vec![2; 64] };
    run(&mut a, &mut b, &everything_twice);
    sync_until_equal(&mut a, &mut b);
    assert_eq!(content(&mut a).len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Three devices edit, then sync in pairs in a random order over a link that drops and
    /// repeats frames; after a final clean round everyone holds the same.
    #[test]
    fn three_devices_converge_through_a_faulty_link(
        edits in prop::collection::vec((0..3_usize, 0..4_usize, "[a-z]{1,6}", "[a-z ]{0,8}"), 1..20),
        sessions in prop::collection::vec((0..3_usize, 0..3_usize, prop::collection::vec(0..3_u8, 0..12)), 0..8),
    ) {
        let ids: Vec<RecordId> = (0..4).map(|_| new_id()).collect();
        let mut devices = [Device::default(), Device::default(), Device::default()];
        for (device, doc, key, value) in &edits {
            edit(&mut devices[*device], ids[*doc], key, value);
        }
        for (from, to, fates) in &sessions {
            if from != to {
                let [x, y] = pair(&mut devices, *from, *to);
                run(x, y, &Faults { fates: fates.clone() });
            }
        }
        for (from, to) in [(0, 1), (1, 2), (0, 2), (0, 1)] {
            let [x, y] = pair(&mut devices, from, to);
            sync_until_equal(x, y);
        }
        prop_assert_eq!(content(&mut devices[0]), content(&mut devices[1]));
        prop_assert_eq!(content(&mut devices[1]), content(&mut devices[2]));
        let expected: BTreeSet<RecordId> = edits.iter().map(|(_, doc, _, _)| ids[*doc]).collect();
        prop_assert_eq!(content(&mut devices[0]).keys().copied().collect::<BTreeSet<_>>(), expected);
    }
}

fn pair(devices: &mut [Device; 3], i: usize, j: usize) -> [&mut Device; 2] {
    let [a, b, c] = devices;
    match (i, j) {
        (0, 1) => [a, b],
        (1, 0) => [b, a],
        (0, 2) => [a, c],
        (2, 0) => [c, a],
        (1, 2) => [b, c],
        _ => [c, b],
    }
}

/// Runs a session between `a` and `b` by hand to its end on both sides, and returns both sessions.
fn finished_sessions(a: &mut Device, b: &mut Device) -> (Session, Session) {
    let (mut session_a, mut session_b) = (Session::new(), Session::new());
    let mut to_b = session_a.start(a);
    let mut to_a = session_b.start(b);
    for _ in 0..100 {
        if to_a.is_empty() && to_b.is_empty() {
            break;
        }
        let replies_b: Vec<Message> = std::mem::take(&mut to_b)
            .into_iter()
            .flat_map(|m| session_b.receive(b, m))
            .collect();
        let replies_a: Vec<Message> = std::mem::take(&mut to_a)
            .into_iter()
            .flat_map(|m| session_a.receive(a, m))
            .collect();
        to_a = replies_b;
        to_b = replies_a;
    }
    assert!(session_a.is_done() && session_b.is_done());
    (session_a, session_b)
}

/// A sync message that carries every change of `doc` to a side that holds none of it.
fn message_with_changes(doc: &mut AutoCommit) -> Vec<u8> {
    use automerge::sync::{State, SyncDoc};
    let (mut ours, mut theirs) = (State::new(), State::new());
    let mut empty = AutoCommit::new();
    let first = doc.sync().generate_sync_message(&mut ours).expect("first");
    empty
        .sync()
        .receive_sync_message(&mut theirs, first)
        .expect("received");
    let answer = empty
        .sync()
        .generate_sync_message(&mut theirs)
        .expect("answer");
    doc.sync()
        .receive_sync_message(&mut ours, answer)
        .expect("received");
    let message = doc
        .sync()
        .generate_sync_message(&mut ours)
        .expect("changes");
    assert!(!message.changes.is_empty());
    message.encode()
}

#[test]
fn a_finished_session_takes_no_changes_until_a_new_summary_starts_one() {
    let (mut device, mut server) = (Device::default(), Device::default());
    let park = new_id();
    edit(&mut device, park, "name", "Northfield Park");
    let (_, mut server_session) = finished_sessions(&mut device, &mut server);

    // After the end, a change to a new document and a whole document are refused, unapplied.
    let sneaked = new_id();
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "name", "taken after the end").expect("put");
    doc.commit();
    let late = vec![
        Message::Sync {
            messages: vec![(sneaked, message_with_changes(&mut doc))],
        },
        Message::Documents {
            documents: vec![(sneaked, doc.save())],
        },
    ];
    for message in late {
        let replies = server_session.receive(&mut server, message);
        assert_eq!(
            replies,
            vec![Message::Error {
                code: ErrorCode::OutOfOrder,
                document: None
            }]
        );
    }
    assert!(!server.heads().contains_key(&sneaked));

    // A late acknowledgement that carries no changes is let be.
    let mut acknowledgement = automerge::sync::State::new();
    let ack = automerge::sync::SyncDoc::generate_sync_message(
        &device.document(park).sync(),
        &mut acknowledgement,
    )
    .expect("heads")
    .encode();
    let replies = server_session.receive(
        &mut server,
        Message::Sync {
            messages: vec![(park, ack)],
        },
    );
    assert!(replies.is_empty(), "{replies:?}");
}

#[test]
fn only_heads_the_other_side_confirmed_are_reported_as_synced() {
    let (mut device, mut server) = (Device::default(), Device::default());
    let (park, bus) = (new_id(), new_id());
    edit(&mut device, park, "name", "Northfield Park");
    edit(&mut server, bus, "name", "Bus station");
    let (device_session, _) = finished_sessions(&mut device, &mut server);
    let confirmed = device_session.confirmed();
    let heads_of = |device: &mut Device, id| {
        let mut heads: Vec<[u8; 32]> = device
            .document(id)
            .get_heads()
            .iter()
            .map(|h| h.0)
            .collect();
        heads.sort_unstable();
        heads
    };
    assert_eq!(confirmed.get(&park), Some(&heads_of(&mut device, park)));
    assert_eq!(confirmed.get(&bus), Some(&heads_of(&mut device, bus)));

    // An edit after the session: the confirmation names the old heads, so it stays waiting.
    let before = heads_of(&mut device, park);
    edit(&mut device, park, "name", "Northfield Park (north gate)");
    assert_eq!(confirmed.get(&park), Some(&before));
    assert_ne!(heads_of(&mut device, park), before);

    // A quiet session between equal sides confirms everything at once.
    let (quiet, _) = finished_sessions(&mut server.clone_all(), &mut server);
    assert_eq!(quiet.confirmed().len(), 2);
}

#[test]
fn a_document_past_the_limits_is_refused_and_the_rest_still_sync() {
    use waymark_sync::Limits;
    let (mut device, mut server) = (Device::default(), Device::default());
    let (huge, small) = (new_id(), new_id());
    let doc = device.documents.entry(huge).or_default();
    doc.put(ROOT, "note", "a".repeat(256 * 1024)).expect("put");
    doc.commit();
    edit(&mut device, small, "name", "Canal towpath");
    let limits = Limits {
        max_document_bytes: 64 * 1024,
        max_document_ops: 10_000,
    };
    let mut device_session = Session::new();
    let mut server_session = Session::with_limits(limits);
    let mut to_server = device_session.start(&mut device);
    let mut to_device = server_session.start(&mut server);
    let mut errors = Vec::new();
    for _ in 0..100 {
        if to_server.is_empty() && to_device.is_empty() {
            break;
        }
        let replies: Vec<Message> = std::mem::take(&mut to_server)
            .into_iter()
            .flat_map(|m| server_session.receive(&mut server, m))
            .collect();
        errors.extend(replies.iter().filter_map(|m| match m {
            Message::Error { code, document } => Some((*code, *document)),
            _ => None,
        }));
        let back: Vec<Message> = std::mem::take(&mut to_device)
            .into_iter()
            .flat_map(|m| device_session.receive(&mut device, m))
            .collect();
        to_device = replies;
        to_server = back;
    }
    assert_eq!(errors, vec![(ErrorCode::TooLarge, Some(huge))]);
    assert!(!server.heads().contains_key(&huge));
    assert!(server.heads().contains_key(&small));
    assert!(device_session.is_done() && server_session.is_done());
}

#[test]
fn a_record_with_megabytes_of_changes_and_a_hundred_thousand_small_ones_sync_in_one_session() {
    let (mut device, mut server) = (Device::default(), Device::default());
    // One record with 5 MiB of changes that hardly compress: 80 edits of 64 KiB each.
    let big = new_id();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut letter = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        char::from(b'!' + (seed % 90) as u8)
    };
    let doc = device.documents.entry(big).or_default();
    for _ in 0..80 {
        let note: String = (0..64 * 1024).map(|_| letter()).collect();
        doc.put(ROOT, "note", note).expect("put");
        doc.commit();
    }
    for n in 0..100_000 {
        edit(&mut device, new_id(), "name", &format!("Place {n}"));
    }

    let traffic = run(&mut device, &mut server, &Faults::default());
    assert!(traffic.finished, "{traffic:?}");
    assert_eq!(traffic.unsendable, 0);
    assert!(
        traffic.parts >= 2,
        "the large record went in parts: {traffic:?}"
    );
    assert!(traffic.errors.is_empty(), "{:?}", traffic.errors);
    assert_eq!(server.heads().len(), 100_001);
    assert_eq!(
        content(&mut server).get(&big),
        content(&mut device).get(&big)
    );
}

/// One thing that happens in a workspace of three people and four records.
#[derive(Debug, Clone)]
enum Happening {
    /// Someone edits a record their device holds, offline.
    Edit { person: usize, record: usize },
    /// Someone's device syncs with the server over a faulty link.
    Sync { person: usize, fates: Vec<u8> },
    /// A manager changes who may see a record (a case team, a share).
    Access {
        person: usize,
        record: usize,
        may_see: bool,
    },
}

fn happening() -> impl Strategy<Value = Happening> {
    prop_oneof![
        (0..3_usize, 0..4_usize).prop_map(|(person, record)| Happening::Edit { person, record }),
        (0..3_usize, prop::collection::vec(0..3_u8, 0..10))
            .prop_map(|(person, fates)| Happening::Sync { person, fates }),
        (0..3_usize, 0..4_usize, any::<bool>()).prop_map(|(person, record, may_see)| {
            Happening::Access {
                person,
                record,
                may_see,
            }
        }),
    ]
}

/// A session between a person's device and the server, which offers that person only what they
/// may see and withdraws what they could see once.
fn sync_person(
    device: &mut Device,
    server: &mut Device,
    may_see: &[bool; 4],
    ids: &[RecordId],
    faults: &Faults,
) {
    server.allowed = Some(
        ids.iter()
            .zip(may_see)
            .filter(|(_, may)| **may)
            .map(|(id, _)| *id)
            .collect(),
    );
    server.no_longer = ids
        .iter()
        .zip(may_see)
        .filter(|(_, may)| !**may)
        .map(|(id, _)| *id)
        .collect();
    run(device, server, faults);
}

/// An edit, and whether its writer may see the record from the edit to the end.
struct Written {
    person: usize,
    record: usize,
    key: String,
    kept: bool,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Access changes in the middle of concurrent offline edits: at the end nobody's device holds
    /// a record its person may not see, everyone who may see a record holds the server's copy,
    /// and nothing written by someone who could see the record throughout is lost.
    #[test]
    fn access_changes_during_concurrent_edits_leave_no_record_with_anyone_who_may_not_see_it(
        happenings in prop::collection::vec(happening(), 1..40),
    ) {
        let ids: Vec<RecordId> = (0..4).map(|_| new_id()).collect();
        let mut server = Device::default();
        for id in &ids {
            edit(&mut server, *id, "name", "Northfield Park");
        }
        let mut devices = [Device::default(), Device::default(), Device::default()];
        let mut may_see = [[true; 4]; 3];
        for (person, device) in devices.iter_mut().enumerate() {
            sync_person(device, &mut server, &may_see[person], &ids, &Faults::default());
        }
        let mut written: Vec<Written> = Vec::new();
        for (n, happening) in happenings.iter().enumerate() {
            match happening {
                Happening::Edit { person, record } => {
                    let (person, record) = (*person, *record);
                    if !devices[person].documents.contains_key(&ids[record]) {
                        continue;
                    }
                    let key = format!("by {person}, edit {n}");
                    edit(&mut devices[person], ids[record], &key, &key);
                    written.push(Written { person, record, key, kept: may_see[person][record] });
                }
                Happening::Sync { person, fates } => {
                    let faults = Faults { fates: fates.clone() };
                    sync_person(&mut devices[*person], &mut server, &may_see[*person], &ids, &faults);
                }
                Happening::Access { person, record, may_see: now } => {
                    may_see[*person][*record] = *now;
                    if !now {
                        // Their edits not yet on the server may go with their copy.
                        for w in written.iter_mut().filter(|w| w.person == *person && w.record == *record) {
                            w.kept = false;
                        }
                    }
                }
            }
        }
        for _ in 0..3 {
            for (person, device) in devices.iter_mut().enumerate() {
                sync_person(device, &mut server, &may_see[person], &ids, &Faults::default());
            }
        }

        server.allowed = None;
        let on_server = content(&mut server);
        for (person, device) in devices.iter_mut().enumerate() {
            let held = content(device);
            for (record, id) in ids.iter().enumerate() {
                if may_see[person][record] {
                    prop_assert_eq!(held.get(id), on_server.get(id), "person {} holds the server's copy", person);
                } else {
                    prop_assert!(!held.contains_key(id), "person {} still holds record {}", person, record);
                }
            }
        }
        for w in written.iter().filter(|w| w.kept) {
            prop_assert_eq!(
                on_server[&ids[w.record]].get(&w.key).map(String::as_str),
                Some(w.key.as_str()),
                "an edit by person {} was lost", w.person
            );
        }
    }
}

/// What may happen in a workspace whose manager erases records and past text while three
/// people edit offline.
#[derive(Debug, Clone)]
enum Erasing {
    /// Someone edits a record their device holds, offline.
    Edit {
        person: usize,
        record: usize,
    },
    /// Someone types a name into a record and deletes it again: it stays in the history.
    Mistype {
        person: usize,
        record: usize,
    },
    Sync {
        person: usize,
        fates: Vec<u8>,
    },
    /// The manager erases a record.
    Erase {
        record: usize,
    },
    /// The manager erases a record's past text.
    Rewrite {
        record: usize,
    },
}

fn erasing() -> impl Strategy<Value = Erasing> {
    prop_oneof![
        3 => (0..3_usize, 0..4_usize).prop_map(|(person, record)| Erasing::Edit { person, record }),
        2 => (0..3_usize, 0..4_usize)
            .prop_map(|(person, record)| Erasing::Mistype { person, record }),
        4 => (0..3_usize, prop::collection::vec(0..3_u8, 0..10))
            .prop_map(|(person, fates)| Erasing::Sync { person, fates }),
        1 => (0..4_usize).prop_map(|record| Erasing::Erase { record }),
        2 => (0..4_usize).prop_map(|record| Erasing::Rewrite { record }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Erasures and epoch rewrites in the middle of concurrent offline edits on three replicas:
    /// every replica ends with the same records, no erased record survives anywhere, no text
    /// typed before a rewrite of its record is in any replica's history, and every edit to a
    /// record that was never erased is kept.
    #[test]
    fn erasures_and_rewrites_during_concurrent_edits_converge_and_bring_nothing_back(
        happenings in prop::collection::vec(erasing(), 1..40),
    ) {
        let ids: Vec<RecordId> = (0..4).map(|_| new_id()).collect();
        let mut server = server();
        for id in &ids {
            edit(&mut server, *id, "name", "Northfield Park");
        }
        let mut devices = [Device::default(), Device::default(), Device::default()];
        for device in devices.iter_mut() {
            run(device, &mut server, &Faults::default());
        }
        let mut written: Vec<(usize, String)> = Vec::new();
        let mut mistyped: Vec<(usize, String, usize)> = Vec::new();
        let mut last_rewrite: BTreeMap<usize, usize> = BTreeMap::new();
        let mut erased: BTreeSet<usize> = BTreeSet::new();
        for (n, happening) in happenings.iter().enumerate() {
            match happening {
                Erasing::Edit { person, record } => {
                    if !devices[*person].documents.contains_key(&ids[*record]) {
                        continue;
                    }
                    let key = format!("by {person}, edit {n}");
                    edit(&mut devices[*person], ids[*record], &key, &key);
                    written.push((*record, key));
                }
                Erasing::Mistype { person, record } => {
                    let Some(doc) = devices[*person].documents.get_mut(&ids[*record]) else {
                        continue;
                    };
                    let marker = format!("Zebedee-{n}-marker");
                    doc.put(ROOT, "mistyped", marker.as_str()).expect("put");
                    doc.commit();
                    doc.delete(ROOT, "mistyped").expect("delete");
                    doc.commit();
                    mistyped.push((*record, marker, n));
                }
                Erasing::Sync { person, fates } => {
                    let faults = Faults { fates: fates.clone() };
                    run(&mut devices[*person], &mut server, &faults);
                }
                Erasing::Erase { record } => {
                    erase(&mut server, ids[*record]);
                    erased.insert(*record);
                }
                Erasing::Rewrite { record } => {
                    rewrite(&mut server, ids[*record]);
                    last_rewrite.insert(*record, n);
                }
            }
        }
        for _ in 0..3 {
            for device in devices.iter_mut() {
                run(device, &mut server, &Faults::default());
            }
        }

        let on_server = content(&mut server);
        for (record, id) in ids.iter().enumerate() {
            prop_assert_eq!(erased.contains(&record), !on_server.contains_key(id));
        }
        for (person, device) in devices.iter_mut().enumerate() {
            prop_assert_eq!(&content(device), &on_server, "person {} holds what the server holds", person);
        }
        for (record, key) in written.iter().filter(|(record, _)| !erased.contains(record)) {
            prop_assert_eq!(
                on_server[&ids[*record]].get(key).map(String::as_str),
                Some(key.as_str()),
                "an edit was lost"
            );
        }
        for (record, marker, at) in &mistyped {
            if last_rewrite.get(record).is_none_or(|rewritten| rewritten < at) {
                continue;
            }
            for (who, replica) in devices.iter_mut().chain(std::iter::once(&mut server)).enumerate() {
                if let Some(doc) = replica.documents.get_mut(&ids[*record]) {
                    prop_assert!(!history_holds(doc, marker), "replica {} still holds {}", who, marker);
                }
            }
        }
    }
}
