//! One sync session between two sides, as a state machine: it is given frames and returns the
//! frames to send. It holds no socket and reads no clock, so tests can drop, repeat and reorder
//! frames at will.

use std::collections::{BTreeMap, BTreeSet};

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use sha2::{Digest, Sha256};
use waymark_core::RecordId;

use crate::frame::{ErrorCode, Heads, Message};

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
    /// Documents sent whole that the other side has not said it stored.
    awaiting: BTreeSet<RecordId>,
    sent_whole: usize,
    my_digest: [u8; 32],
}

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
            awaiting: BTreeSet::new(),
            sent_whole: 0,
            my_digest: [0; 32],
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
        vec![Message::Summary {
            digest: self.my_digest,
            documents: heads.len() as u32,
        }]
    }

    /// Takes one frame from the other side and returns the frames to send back.
    pub fn receive(&mut self, replica: &mut impl Replica, message: Message) -> Vec<Message> {
        match (self.step, message) {
            // The other side refused a document: it is out of this session, and waiting for it
            // to be confirmed would never end.
            (_, Message::Error { document, .. }) => {
                if let Some(id) = document {
                    self.in_play.remove(&id);
                    self.settled.remove(&id);
                    self.awaiting.remove(&id);
                }
                self.finish_if_confirmed(replica);
                Vec::new()
            }
            // A hint for whoever drives the session, which starts a new one.
            (_, Message::Changed) => Vec::new(),
            (Step::Greeting, Message::Summary { digest, .. }) => {
                if digest == self.my_digest {
                    self.step = Step::Done;
                    Vec::new()
                } else {
                    self.step = Step::Comparing;
                    let documents = replica
                        .heads()
                        .iter()
                        .map(|(id, heads)| (*id, to_wire(heads)))
                        .collect();
                    vec![Message::Inventory { documents }]
                }
            }
            (Step::Comparing, Message::Inventory { documents }) => {
                self.step = Step::Syncing;
                let mut replies = Vec::new();
                let mut theirs = BTreeMap::new();
                for (id, heads) in documents {
                    if replica.allows(id) {
                        theirs.insert(id, heads);
                    } else {
                        replies.push(Message::Error {
                            code: ErrorCode::Forbidden,
                            document: Some(id),
                        });
                    }
                }
                // This side sends whole each document the other side lacks, and starts the sync
                // of each it holds differently; the other side does the same for its own.
                let mut whole = Vec::new();
                for (id, heads) in replica.heads() {
                    match theirs.get(&id) {
                        Some(their_heads) if *their_heads == to_wire(&heads) => {}
                        Some(_) => {
                            self.in_play.insert(id);
                        }
                        None => {
                            let saved = replica.document(id).save();
                            if saved.len() <= BATCH_BYTES {
                                self.awaiting.insert(id);
                                self.sent_whole += 1;
                                whole.push((id, saved));
                            } else {
                                self.in_play.insert(id);
                            }
                        }
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
            (Step::Syncing | Step::Done, Message::Documents { documents }) => {
                let mut replies = Vec::new();
                let mut stored = Vec::new();
                for (id, bytes) in documents {
                    if !replica.allows(id) {
                        replies.push(Message::Error {
                            code: ErrorCode::Forbidden,
                            document: Some(id),
                        });
                        continue;
                    }
                    let document = replica.document(id);
                    let before = document.get_heads();
                    let loaded = document.load_incremental(&bytes);
                    let grew = loaded.is_ok() && document.get_heads() != before;
                    if loaded.is_err() || (grew && replica.changed(id).is_err()) {
                        replies.push(Message::Error {
                            code: ErrorCode::Rejected,
                            document: Some(id),
                        });
                        continue;
                    }
                    stored.push(id);
                }
                replies.push(Message::Stored { documents: stored });
                replies
            }
            (Step::Syncing | Step::Done, Message::Stored { documents }) => {
                for id in documents {
                    self.awaiting.remove(&id);
                }
                self.finish_if_confirmed(replica);
                Vec::new()
            }
            (Step::Syncing | Step::Done, Message::Sync { messages }) => {
                let was_done = self.step == Step::Done;
                self.step = Step::Syncing;
                // The other side said something new, so it is owed an answer, if only Idle.
                self.last_sent_idle = false;
                self.peer_idle = false;
                let mut replies = Vec::new();
                let mut any_grew = false;
                for (id, bytes) in messages {
                    if !replica.allows(id) {
                        replies.push(Message::Error {
                            code: ErrorCode::Forbidden,
                            document: Some(id),
                        });
                        continue;
                    }
                    let Ok(message) = sync::Message::decode(&bytes) else {
                        replies.push(Message::Error {
                            code: ErrorCode::Malformed,
                            document: Some(id),
                        });
                        continue;
                    };
                    let state = self.states.entry(id).or_default();
                    let document = replica.document(id);
                    let before = document.get_heads();
                    let applied = document.sync().receive_sync_message(state, message);
                    // Only a message that brought changes needs saving; most carry only heads.
                    let grew = applied.is_ok() && document.get_heads() != before;
                    if applied.is_err() || (grew && replica.changed(id).is_err()) {
                        replies.push(Message::Error {
                            code: ErrorCode::Rejected,
                            document: Some(id),
                        });
                        continue;
                    }
                    self.in_play.insert(id);
                    if grew {
                        any_grew = true;
                    }
                }
                if was_done && !any_grew {
                    // A late repeat of something already applied: the session stays over.
                    self.step = Step::Done;
                    return replies;
                }
                replies.extend(self.next_batch(replica));
                replies
            }
            (Step::Syncing, Message::Idle) => {
                self.peer_idle = true;
                let replies = self.next_batch(replica);
                self.finish_if_confirmed(replica);
                replies
            }
            (Step::Done, Message::Idle | Message::Summary { .. } | Message::Inventory { .. }) => {
                Vec::new()
            }
            _ => vec![Message::Error {
                code: ErrorCode::OutOfOrder,
                document: None,
            }],
        }
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
        let confirmed = self.in_play.iter().all(|id| {
            let Some(theirs) = self.states.get(id).and_then(|s| s.their_heads.clone()) else {
                return false;
            };
            to_wire(&theirs) == to_wire(&replica.document(*id).get_heads())
        });
        if confirmed {
            self.step = Step::Done;
        }
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

/// Splits per-document payloads into groups of at most [`BATCH_BYTES`] each, one frame each.
fn batches(payloads: Vec<(RecordId, Vec<u8>)>) -> Vec<Vec<(RecordId, Vec<u8>)>> {
    let mut groups = Vec::new();
    let mut batch = Vec::new();
    let mut size = 0;
    for (id, bytes) in payloads {
        if !batch.is_empty() && size + bytes.len() > BATCH_BYTES {
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
