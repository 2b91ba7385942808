//! One sync session between two sides, as a state machine: it is given frames and returns the
//! frames to send. It holds no socket and reads no clock, so tests can drop, repeat and reorder
//! frames at will.

use std::collections::{BTreeMap, BTreeSet};

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use sha2::{Digest, Sha256};
use waymark_core::erasure::Erasure;
use waymark_core::RecordId;

use crate::frame::{ErrorCode, Heads, Message};
use crate::limits::{LimitError, Limits, Measure};

/// Why a replica could not apply a document's sync message.
#[derive(Debug, thiserror::Error)]
#[error("the sync message for {0} could not be applied")]
pub struct ReplicaError(pub RecordId);

/// The documents one side holds, as a session sees them.
pub trait Replica {
    /// Every document this side holds and may sync, with its heads. A document with no changes
    /// yet (one being created by a sync in progress) is left out.
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>>;

    /// The document, created empty if this side does not hold it yet.
    fn document(&mut self, id: RecordId) -> &mut AutoCommit;

    /// Called after a received message added changes to a document, so it can be saved and
    /// projected.
    fn changed(&mut self, id: RecordId) -> Result<(), ReplicaError>;

    /// Whether the other side may sync this document at all. The server answers from the
    /// device's workspaces; a device allows everything it holds.
    fn allows(&self, id: RecordId) -> bool;

    /// What the document holds already, against the [`Limits`] of what a document may hold.
    /// A side that cannot tell cheaply may answer nothing: the session still adds up all it
    /// takes for the document.
    fn measure(&mut self, _id: RecordId) -> Measure {
        Measure::default()
    }

    /// The session needs the document no more for now; a side that holds documents open may
    /// let it go (it is opened again if asked for).
    fn release(&mut self, _id: RecordId) {}

    /// The documents the other side lacks, each saved whole, to be sent so. One this side can
    /// no longer give is left out, and the other side gets it in a later session. By default
    /// each is opened, saved and let go in turn; the server reads what it stored, many at a
    /// time, without opening them.
    fn saved(&mut self, ids: &[RecordId]) -> Vec<(RecordId, Vec<u8>)> {
        ids.iter()
            .map(|id| {
                let saved = self.document(*id).save();
                self.release(*id);
                (*id, saved)
            })
            .collect()
    }

    /// Whether this side takes anything more for the document in this session: the server
    /// answers from its quotas.
    fn takes(&mut self, _id: RecordId) -> Result<(), ErrorCode> {
        Ok(())
    }

    /// Whether the other side may change a document it may sync. The server answers no for a
    /// record shared with a partner reader, who reads it and changes nothing.
    fn edits(&self, _id: RecordId) -> bool {
        true
    }

    /// Asked of a document [`allows`](Self::allows) refuses: whether the other side's user could
    /// see it once and may no longer, so the other side should delete its copy. The server
    /// answers from its access records; a device withdraws nothing from a server.
    fn withdrawn(&mut self, _id: RecordId) -> bool {
        false
    }

    /// The other side says this side may no longer hold the document: a device deletes it and
    /// its files. The server ignores it: no device withdraws anything from the server.
    fn withdraw(&mut self, _id: RecordId) {}

    /// The documents this side holds past epoch 0, with their epochs, for the other side to
    /// check against its own (see [`crate::epoch`]).
    fn epochs(&mut self) -> BTreeMap<RecordId, u32> {
        BTreeMap::new()
    }

    /// The epoch of a document, from the side that decides epochs: the server answers from
    /// storage, and an older epoch offered by the other side is replaced. A device decides no
    /// epoch and answers `None`.
    fn deciding_epoch(&mut self, _id: RecordId) -> Option<u32> {
        None
    }

    /// Asked of a document [`allows`](Self::allows) refuses: whether it was erased, and what
    /// the other side is told of it. The server answers from its stubs.
    fn erased(&mut self, _id: RecordId) -> Option<Erasure> {
        None
    }

    /// The other side says the document was erased: a device deletes it, its files and its
    /// unsent edits, and keeps a notice for its practitioner. The server ignores it.
    fn erase(&mut self, _erasure: &Erasure) {}

    /// The other side sends a document whole at a newer epoch, to replace this side's copy. A
    /// device replaces it and carries its unsent edits across as far as they apply; the server
    /// takes no epoch from a device.
    fn rewrite(&mut self, id: RecordId, _bytes: &[u8]) -> Result<(), ReplicaError> {
        Err(ReplicaError(id))
    }
}

fn refusal(code: ErrorCode, id: RecordId) -> Message {
    Message::Error {
        code,
        document: Some(id),
    }
}

fn out_of_order() -> Message {
    Message::Error {
        code: ErrorCode::OutOfOrder,
        document: None,
    }
}

/// A digest of a set of documents and their heads, the same on any two sides that hold the same.
pub fn digest(heads: &BTreeMap<RecordId, Vec<ChangeHash>>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for (id, document_heads) in heads {
        hasher.update(id.to_string());
        let mut sorted = document_heads.clone();
        sorted.sort_unstable();
        for head in sorted {
            hasher.update(head.0);
        }
        hasher.update([0xff]);
    }
    hasher.finalize().into()
}

fn to_wire(heads: &[ChangeHash]) -> Heads {
    let mut wire: Heads = heads.iter().map(|h| h.0).collect();
    wire.sort_unstable();
    wire
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Summaries are being exchanged.
    Greeting,
    /// The digests differed; inventories are being exchanged.
    Comparing,
    Syncing,
    Done,
}

#[derive(Debug)]
pub struct Session {
    step: Step,
    /// Automerge's sync state for each document in play.
    states: BTreeMap<RecordId, sync::State>,
    /// Documents that differ between the two sides.
    in_play: BTreeSet<RecordId>,
    /// Documents in play that had nothing more to send when last asked.
    settled: BTreeSet<RecordId>,
    last_sent_idle: bool,
    /// The other side said Idle and has sent nothing since.
    peer_idle: bool,
    /// Documents sent whole that the other side has not said it stored, with the heads sent.
    awaiting: BTreeMap<RecordId, Heads>,
    sent_whole: usize,
    my_digest: [u8; 32],
    /// Every document's heads at the start, confirmed at once if the digests match.
    start_heads: BTreeMap<RecordId, Heads>,
    /// Documents the other side holds as this side does, with those heads.
    confirmed: BTreeMap<RecordId, Heads>,
    /// Documents this side refused in this session.
    refused: BTreeSet<RecordId>,
    limits: Limits,
    /// What each document holds with what this session has taken for it so far.
    measured: BTreeMap<RecordId, Measure>,
    /// The other side's inventory so far, while it arrives in parts.
    their_inventory: Vec<(RecordId, Heads)>,
    /// Documents the other side withdrew, deleted here.
    withdrawn: BTreeSet<RecordId>,
    /// Documents the other side's changes added to here.
    received: BTreeSet<RecordId>,
    /// The other side's documents past epoch 0, as it said just before its inventory.
    their_epochs: BTreeMap<RecordId, u32>,
}

/// Documents per inventory frame: about 50 bytes each, so about a megabyte a frame.
const INVENTORY_BATCH: usize = 20_000;

/// The longest inventory this side takes: ten times a year of a busy team's records.
const MAX_INVENTORY: usize = 1_000_000;

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Self {
            step: Step::Greeting,
            states: BTreeMap::new(),
            in_play: BTreeSet::new(),
            settled: BTreeSet::new(),
            last_sent_idle: false,
            peer_idle: false,
            awaiting: BTreeMap::new(),
            sent_whole: 0,
            my_digest: [0; 32],
            start_heads: BTreeMap::new(),
            confirmed: BTreeMap::new(),
            refused: BTreeSet::new(),
            limits: Limits::default(),
            measured: BTreeMap::new(),
            their_inventory: Vec::new(),
            withdrawn: BTreeSet::new(),
            received: BTreeSet::new(),
            their_epochs: BTreeMap::new(),
        }
    }

    /// A session that takes documents only within `limits`.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::new()
        }
    }

    pub fn is_done(&self) -> bool {
        self.step == Step::Done
    }

    /// How far the session has come: documents settled, of the documents that differ.
    pub fn progress(&self) -> (usize, usize) {
        let stored_whole = self.sent_whole - self.awaiting.len();
        (
            self.settled.len() + stored_whole,
            self.in_play.len() + self.sent_whole,
        )
    }

    /// The first frame: a summary of everything this side holds.
    pub fn start(&mut self, replica: &mut impl Replica) -> Vec<Message> {
        let heads = replica.heads();
        self.my_digest = digest(&heads);
        let documents = heads.len() as u32;
        self.start_heads = heads
            .into_iter()
            .map(|(id, heads)| (id, to_wire(&heads)))
            .collect();
        vec![Message::Summary {
            digest: self.my_digest,
            documents,
        }]
    }

    /// Takes one frame from the other side and returns the frames to send back.
    pub fn receive(&mut self, replica: &mut impl Replica, message: Message) -> Vec<Message> {
        match (self.step, message) {
            (_, Message::Error { document, .. }) => self.refused_by_peer(replica, document),
            (_, Message::Withdrawn { documents }) => self.withdrawn_by_peer(replica, documents),
            (_, Message::Erased { erasures }) => self.erased_by_peer(replica, erasures),
            (_, Message::Rewritten { documents }) => self.rewritten_by_peer(replica, documents),
            (Step::Comparing, Message::Epochs { documents }) => {
                if self.their_epochs.len() + documents.len() > MAX_INVENTORY {
                    self.their_epochs = BTreeMap::new();
                    return vec![Message::Error {
                        code: ErrorCode::TooLarge,
                        document: None,
                    }];
                }
                self.their_epochs.extend(documents);
                Vec::new()
            }
            // A hint for whoever drives the session, which starts a new one.
            (_, Message::Changed) => Vec::new(),
            (Step::Greeting, Message::Summary { digest, .. }) => self.summary(replica, digest),
            (Step::Comparing, Message::InventoryPart { documents }) => {
                if self.their_inventory.len() + documents.len() > MAX_INVENTORY {
                    self.their_inventory = Vec::new();
                    return vec![Message::Error {
                        code: ErrorCode::TooLarge,
                        document: None,
                    }];
                }
                self.their_inventory.extend(documents);
                Vec::new()
            }
            (Step::Comparing, Message::Inventory { documents }) => {
                let mut all = std::mem::take(&mut self.their_inventory);
                all.extend(documents);
                self.inventory(replica, all)
            }
            (Step::Syncing, Message::Documents { documents }) => self.whole(replica, documents),
            (Step::Syncing | Step::Done, Message::Stored { documents }) => {
                for id in documents {
                    if let Some(heads) = self.awaiting.remove(&id) {
                        self.confirmed.insert(id, heads);
                    }
                }
                self.finish_if_confirmed(replica);
                Vec::new()
            }
            (Step::Syncing, Message::Sync { messages }) => self.sync(replica, messages),
            (Step::Done, Message::Sync { messages }) => Self::after_the_end(&messages),
            (Step::Syncing, Message::Idle) => {
                self.peer_idle = true;
                let replies = self.next_batch(replica);
                self.finish_if_confirmed(replica);
                replies
            }
            // Late repeats of the session's own steps change nothing.
            (Step::Done, Message::Idle | Message::Summary { .. } | Message::Inventory { .. }) => {
                Vec::new()
            }
            _ => vec![out_of_order()],
        }
    }

    /// The other side refused a document: it is out of this session, and waiting for it to be
    /// confirmed would never end.
    fn refused_by_peer(
        &mut self,
        replica: &mut impl Replica,
        document: Option<RecordId>,
    ) -> Vec<Message> {
        // Out of the session on this side too, and not confirmed, whatever the other side said
        // of it before.
        if let Some(id) = document {
            self.refuse(id);
            self.awaiting.remove(&id);
        }
        self.finish_if_confirmed(replica);
        Vec::new()
    }

    /// The other side says this side may no longer hold these documents: they are deleted here
    /// and are out of the session.
    fn withdrawn_by_peer(
        &mut self,
        replica: &mut impl Replica,
        documents: Vec<RecordId>,
    ) -> Vec<Message> {
        for id in documents {
            replica.withdraw(id);
            self.refuse(id);
            self.awaiting.remove(&id);
            self.withdrawn.insert(id);
        }
        self.finish_if_confirmed(replica);
        Vec::new()
    }

    /// The other side erased these documents: they are deleted here, with a notice for the
    /// practitioner, and are out of the session.
    fn erased_by_peer(
        &mut self,
        replica: &mut impl Replica,
        erasures: Vec<Erasure>,
    ) -> Vec<Message> {
        for erasure in erasures {
            let id = erasure.record;
            replica.erase(&erasure);
            self.refuse(id);
            self.awaiting.remove(&id);
            self.withdrawn.insert(id);
        }
        self.finish_if_confirmed(replica);
        Vec::new()
    }

    /// The other side holds these documents at a newer epoch and sent them whole: each replaces
    /// this side's copy, and is out of the session (the next one syncs the new epoch).
    fn rewritten_by_peer(
        &mut self,
        replica: &mut impl Replica,
        documents: Vec<(RecordId, Vec<u8>)>,
    ) -> Vec<Message> {
        let mut replies = Vec::new();
        for (id, bytes) in documents {
            let admitted = replica.allows(id)
                && self.limits.admit(Measure::default(), &bytes).is_ok()
                && replica.rewrite(id, &bytes).is_ok();
            self.refuse(id);
            self.awaiting.remove(&id);
            if admitted {
                self.received.insert(id);
            } else {
                replies.push(refusal(ErrorCode::Rejected, id));
            }
        }
        self.finish_if_confirmed(replica);
        replies
    }

    /// Documents the other side withdrew or erased in this session, deleted here.
    pub fn withdrawn(&self) -> &BTreeSet<RecordId> {
        &self.withdrawn
    }

    /// Documents to which the other side's changes were added in this session: what an open
    /// page must show anew. Edits made here are not among them.
    pub fn received(&self) -> &BTreeSet<RecordId> {
        &self.received
    }

    fn summary(&mut self, replica: &mut impl Replica, digest: [u8; 32]) -> Vec<Message> {
        if digest == self.my_digest {
            // Both sides hold the same: everything this side held at the start is confirmed.
            self.confirmed = std::mem::take(&mut self.start_heads);
            self.step = Step::Done;
            Vec::new()
        } else {
            self.step = Step::Comparing;
            // The inventory of what the summary summed up, listed once: on the server both come
            // in the same frame, and listing a large workspace is most of what a session costs.
            let mut documents: Vec<(RecordId, Heads)> =
                std::mem::take(&mut self.start_heads).into_iter().collect();
            // Epochs first, so the other side reads the inventory knowing them.
            let mut frames = Vec::new();
            let epochs: Vec<(RecordId, u32)> = replica.epochs().into_iter().collect();
            for documents in epochs.chunks(INVENTORY_BATCH) {
                frames.push(Message::Epochs {
                    documents: documents.to_vec(),
                });
            }
            // A long inventory goes in parts, each well under the frame limit.
            while documents.len() > INVENTORY_BATCH {
                let rest = documents.split_off(INVENTORY_BATCH);
                frames.push(Message::InventoryPart { documents });
                documents = rest;
            }
            frames.push(Message::Inventory { documents });
            frames
        }
    }

    fn inventory(
        &mut self,
        replica: &mut impl Replica,
        documents: Vec<(RecordId, Heads)>,
    ) -> Vec<Message> {
        self.step = Step::Syncing;
        let mut replies = Vec::new();
        let mut theirs = BTreeMap::new();
        let mut withdrawn = Vec::new();
        let mut erased = Vec::new();
        let mut rewritten = Vec::new();
        let their_epochs = std::mem::take(&mut self.their_epochs);
        for (id, heads) in documents {
            if replica.allows(id) {
                let their_epoch = their_epochs.get(&id).copied().unwrap_or(0);
                match replica.deciding_epoch(id) {
                    // Their copy is of an older epoch: it is replaced whole, and nothing of it
                    // is taken, since merging it would bring the erased history back.
                    Some(epoch) if epoch > their_epoch => {
                        let saved = replica.document(id).save();
                        replica.release(id);
                        self.refuse(id);
                        rewritten.push((id, saved));
                    }
                    // An epoch this side never wrote.
                    Some(epoch) if epoch < their_epoch => {
                        self.refuse(id);
                        replies.push(refusal(ErrorCode::Rejected, id));
                    }
                    _ => {
                        theirs.insert(id, heads);
                    }
                }
            } else if let Some(erasure) = replica.erased(id) {
                erased.push(erasure);
            } else if replica.withdrawn(id) {
                withdrawn.push(id);
            } else {
                replies.push(refusal(ErrorCode::Forbidden, id));
            }
        }
        if !withdrawn.is_empty() {
            replies.push(Message::Withdrawn {
                documents: withdrawn,
            });
        }
        if !erased.is_empty() {
            replies.push(Message::Erased { erasures: erased });
        }
        for documents in batches(rewritten) {
            replies.push(Message::Rewritten { documents });
        }
        // This side sends whole each document the other side lacks, and starts the sync of each
        // it holds differently; the other side does the same for its own.
        let mut lacking = BTreeMap::new();
        for (id, heads) in replica.heads() {
            if self.refused.contains(&id) {
                continue;
            }
            let heads = to_wire(&heads);
            match theirs.get(&id) {
                Some(their_heads) if *their_heads == heads => {
                    self.confirmed.insert(id, heads);
                }
                Some(_) => {
                    self.in_play.insert(id);
                }
                None => {
                    lacking.insert(id, heads);
                }
            }
        }
        let mut whole = Vec::new();
        let ids: Vec<RecordId> = lacking.keys().copied().collect();
        for (id, saved) in replica.saved(&ids) {
            let Some(heads) = lacking.remove(&id) else {
                continue;
            };
            if saved.len() <= BATCH_BYTES {
                self.awaiting.insert(id, heads);
                self.sent_whole += 1;
                whole.push((id, saved));
            } else {
                // Too large for one frame: synced change by change instead.
                self.in_play.insert(id);
            }
        }
        replies.extend(
            batches(whole)
                .into_iter()
                .map(|documents| Message::Documents { documents }),
        );
        replies.extend(self.next_batch(replica));
        replies
    }

    /// Documents this side lacked, sent whole.
    fn whole(
        &mut self,
        replica: &mut impl Replica,
        documents: Vec<(RecordId, Vec<u8>)>,
    ) -> Vec<Message> {
        let mut replies = Vec::new();
        let mut stored = Vec::new();
        for (id, bytes) in documents {
            if let Err(code) = self.admit(replica, id, [bytes.as_slice()]) {
                replies.push(refusal(code, id));
                continue;
            }
            let document = replica.document(id);
            let before = document.get_heads();
            let loaded = document.load_incremental(&bytes);
            let after = document.get_heads();
            let grew = loaded.is_ok() && after != before;
            if loaded.is_err() || (grew && replica.changed(id).is_err()) {
                self.refuse(id);
                replies.push(refusal(ErrorCode::Rejected, id));
                continue;
            }
            if before.is_empty() {
                // This side lacked it, so it now holds exactly what the other side sent.
                self.confirmed.insert(id, to_wire(&after));
            }
            if grew {
                self.received.insert(id);
            }
            // Stored, it is not needed open any more: a first pull of thousands of records
            // holds one at a time.
            replica.release(id);
            stored.push(id);
        }
        replies.push(Message::Stored { documents: stored });
        replies
    }

    fn sync(
        &mut self,
        replica: &mut impl Replica,
        messages: Vec<(RecordId, Vec<u8>)>,
    ) -> Vec<Message> {
        // The other side said something new, so it is owed an answer, if only Idle.
        self.last_sent_idle = false;
        self.peer_idle = false;
        let mut replies = Vec::new();
        for (id, bytes) in messages {
            let Ok(message) = sync::Message::decode(&bytes) else {
                replies.push(refusal(ErrorCode::Malformed, id));
                continue;
            };
            if let Err(code) = self.admit(replica, id, message.changes.iter()) {
                replies.push(refusal(code, id));
                continue;
            }
            let state = self.states.entry(id).or_default();
            let document = replica.document(id);
            let before = document.get_heads();
            let applied = document.sync().receive_sync_message(state, message);
            // Only a message that brought changes needs saving; most carry only heads.
            let grew = applied.is_ok() && document.get_heads() != before;
            if applied.is_err() || (grew && replica.changed(id).is_err()) {
                self.refuse(id);
                replies.push(refusal(ErrorCode::Rejected, id));
                continue;
            }
            if grew {
                self.received.insert(id);
            }
            self.in_play.insert(id);
        }
        replies.extend(self.next_batch(replica));
        replies
    }

    /// A sync message after the session ended. One that only acknowledges (it crossed this
    /// side's last frame) is let be; one that carries changes is refused unapplied, so nothing
    /// is taken outside a session: the other side starts a new one with a Summary.
    fn after_the_end(messages: &[(RecordId, Vec<u8>)]) -> Vec<Message> {
        let carries_changes = messages.iter().any(|(_, bytes)| {
            sync::Message::decode(bytes).map_or(true, |message| !message.changes.is_empty())
        });
        if carries_changes {
            vec![out_of_order()]
        } else {
            Vec::new()
        }
    }

    /// Whether this side may take these payloads for a document: it must be one the other side
    /// may send, not refused already in this session, and within the limits once added to what
    /// the document already holds. Checked before Automerge loads a byte of them.
    fn admit<'a>(
        &mut self,
        replica: &mut impl Replica,
        id: RecordId,
        payloads: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<(), ErrorCode> {
        let payloads: Vec<&[u8]> = payloads.into_iter().collect();
        // A message that only acknowledges changes nothing, so a reader may send it.
        let changes_it = payloads.iter().any(|payload| !payload.is_empty());
        if !replica.allows(id) || (changes_it && !replica.edits(id)) {
            self.refuse(id);
            return Err(ErrorCode::Forbidden);
        }
        if self.refused.contains(&id) {
            return Err(ErrorCode::Rejected);
        }
        replica.takes(id)?;
        let mut total = match self.measured.get(&id) {
            Some(total) => *total,
            None => replica.measure(id),
        };
        for payload in payloads {
            total = match self.limits.admit(total, payload) {
                Ok(total) => total,
                Err(error) => {
                    self.refuse(id);
                    return Err(match error {
                        LimitError::TooLarge => ErrorCode::TooLarge,
                        LimitError::Unreadable => ErrorCode::Rejected,
                    });
                }
            };
        }
        self.measured.insert(id, total);
        Ok(())
    }

    /// Takes a document this side refused out of the session: whatever else the other side
    /// sends for it in this session is refused too.
    fn refuse(&mut self, id: RecordId) {
        self.refused.insert(id);
        self.in_play.remove(&id);
        self.settled.remove(&id);
        self.states.remove(&id);
        self.confirmed.remove(&id);
    }

    /// The documents the other side has confirmed it holds, each with the heads it holds: only
    /// these may be marked synced. A document changed here after its confirmation has other
    /// heads now, so it stays waiting.
    pub fn confirmed(&self) -> &BTreeMap<RecordId, Heads> {
        &self.confirmed
    }

    /// Ends the session once both sides have said Idle and the other side has confirmed that it
    /// holds every document in play as this side does. Idle alone is not enough: the other
    /// side's Idle may have left before it read our last changes.
    fn finish_if_confirmed(&mut self, replica: &mut impl Replica) {
        if self.step != Step::Syncing
            || !self.peer_idle
            || !self.last_sent_idle
            || !self.awaiting.is_empty()
        {
            return;
        }
        let mut confirmed = BTreeMap::new();
        for id in &self.in_play {
            let Some(theirs) = self.states.get(id).and_then(|s| s.their_heads.clone()) else {
                return;
            };
            let theirs = to_wire(&theirs);
            if theirs != to_wire(&replica.document(*id).get_heads()) {
                return;
            }
            confirmed.insert(*id, theirs);
        }
        self.confirmed.extend(confirmed);
        self.step = Step::Done;
    }

    /// Sync messages for every document in play, in frames that stay under the size limit, or
    /// Idle if there are none and the other side has not been told so already.
    fn next_batch(&mut self, replica: &mut impl Replica) -> Vec<Message> {
        let messages = self.generate(replica);
        if !messages.is_empty() {
            self.last_sent_idle = false;
            sync_frames(messages)
        } else if self.last_sent_idle {
            Vec::new()
        } else {
            self.last_sent_idle = true;
            vec![Message::Idle]
        }
    }

    fn generate(&mut self, replica: &mut impl Replica) -> Vec<(RecordId, Vec<u8>)> {
        let mut messages = Vec::new();
        for id in &self.in_play {
            let state = self.states.entry(*id).or_default();
            if let Some(message) = replica.document(*id).sync().generate_sync_message(state) {
                messages.push((*id, message.encode()));
                self.settled.remove(id);
            } else {
                self.settled.insert(*id);
            }
        }
        messages
    }
}

/// How much sync payload one frame carries, well under [`crate::MAX_FRAME_BYTES`] to leave room
/// for ids and framing.
const BATCH_BYTES: usize = crate::MAX_FRAME_BYTES / 4;

/// Splits per-document payloads into groups of at most [`BATCH_BYTES`] and
/// [`crate::MAX_DOCUMENTS_PER_FRAME`] documents each, one frame each.
fn batches(payloads: Vec<(RecordId, Vec<u8>)>) -> Vec<Vec<(RecordId, Vec<u8>)>> {
    let mut groups = Vec::new();
    let mut batch = Vec::new();
    let mut size = 0;
    for (id, bytes) in payloads {
        if !batch.is_empty()
            && (size + bytes.len() > BATCH_BYTES || batch.len() >= crate::MAX_DOCUMENTS_PER_FRAME)
        {
            groups.push(std::mem::take(&mut batch));
            size = 0;
        }
        size += bytes.len() + 40;
        batch.push((id, bytes));
    }
    if !batch.is_empty() {
        groups.push(batch);
    }
    groups
}

fn sync_frames(messages: Vec<(RecordId, Vec<u8>)>) -> Vec<Message> {
    batches(messages)
        .into_iter()
        .map(|messages| Message::Sync { messages })
        .collect()
}
