//! The server's side of one device's sync session: a view of storage limited to the documents the
//! device's user may see (storage decides, privacy rules P6 to P8). A document they may not see is
//! neither offered nor taken; one they may only read is offered and never changed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use automerge::{AutoCommit, ChangeHash, ReadDoc, ScalarValue, Value, ROOT};
use waymark_core::erasure::Erasure;
use waymark_core::peer_group::{PeerAssessmentDraft, PeerLevel, Visibility, SUBJECT_KEY};
use waymark_core::{RecordId, RecordKind, UnixMillis};
use waymark_sync::epoch::epoch_of;
use waymark_sync::{ErrorCode, Limits, Measure, Replica, ReplicaError};

use crate::server::now_millis;
use crate::storage::{Device, DocumentAccess, DocumentChanges, Storage};
use crate::ServerError;

/// A document held open while a session runs.
#[derive(Debug)]
struct OpenDocument {
    doc: AutoCommit,
    /// The heads already in storage: changes after these are what is new.
    stored: Vec<ChangeHash>,
    /// What the stored document holds, against the limits.
    measure: Measure,
    /// The kind it was stored as; a change may never alter it.
    kind: Option<String>,
    /// The peer-assessment level it was stored with, which decides its scope; a change may never
    /// alter it either.
    level: Option<PeerLevel>,
    /// Not in storage yet: its first changes arrive in this session.
    new: bool,
    /// The epoch it was opened at.
    epoch: u32,
}

/// A plain string at the document's root.
fn root_str(doc: &AutoCommit, key: &str) -> Option<String> {
    match doc.get(ROOT, key) {
        Ok(Some((Value::Scalar(scalar), _))) => match scalar.as_ref() {
            ScalarValue::Str(text) => Some(text.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a document still says it is the record it is filed as, of the kind it was stored as.
/// A change that renames its id or alters its kind would turn one record into another on every
/// device that takes it.
fn keeps_identity(doc: &AutoCommit, id: RecordId, stored_kind: Option<&str>) -> bool {
    let claimed_id = root_str(doc, "id");
    let claimed_kind = root_str(doc, "kind");
    claimed_id.as_deref() == Some(id.to_string().as_str())
        && claimed_kind.is_some()
        && (stored_kind.is_none() || claimed_kind.as_deref() == stored_kind)
}

/// A peer assessment's level, as its subject says.
fn peer_level(doc: &AutoCommit) -> Option<PeerLevel> {
    if root_str(doc, "kind").as_deref() != Some(RecordKind::PeerAssessment.as_str()) {
        return None;
    }
    let subject = root_str(doc, SUBJECT_KEY)?;
    serde_json::from_str::<PeerAssessmentDraft>(&subject)
        .ok()
        .map(|draft| draft.level)
}

pub struct ServerReplica {
    storage: Arc<dyn Storage>,
    device: Device,
    limits: Limits,
    /// The most documents one session may send changes for, and those it has.
    max_taken: usize,
    taken: BTreeSet<RecordId>,
    /// Stored documents found unreadable, and set aside.
    damaged: BTreeSet<RecordId>,
    open: BTreeMap<RecordId, OpenDocument>,
    /// Documents changed by the frame being handled, written when it has been handled.
    unsaved: Vec<RecordId>,
    /// Unsaved documents the session has let go of: closed once they are written, so that a
    /// device pushing thousands of new records has one frame's worth open at a time.
    let_go: BTreeSet<RecordId>,
    /// What the user may see, as storage said when this session last listed it, and whether
    /// they may change each one.
    visible: Option<BTreeMap<RecordId, bool>>,
    /// The documents past epoch 0 in that listing, with their epochs: what the device's copies
    /// were compared with.
    epochs: BTreeMap<RecordId, u32>,
}

impl std::fmt::Debug for ServerReplica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerReplica")
            .field("device", &self.device.id)
            .field("open", &self.open.len())
            .finish_non_exhaustive()
    }
}

impl ServerReplica {
    pub fn new(
        storage: Arc<dyn Storage>,
        device: Device,
        limits: Limits,
        max_documents_per_session: usize,
    ) -> Self {
        Self {
            storage,
            device,
            limits,
            max_taken: max_documents_per_session,
            taken: BTreeSet::new(),
            damaged: BTreeSet::new(),
            open: BTreeMap::new(),
            unsaved: Vec::new(),
            let_go: BTreeSet::new(),
            visible: None,
            epochs: BTreeMap::new(),
        }
    }

    /// Writes every document the last frame changed, in one transaction, before any reply goes
    /// out: what a device is told has arrived is on disk. Returns whether anything was written.
    /// Refused changes come back as the error code for the device, and the documents refused.
    pub fn flush(&mut self, now: UnixMillis) -> Result<bool, (ErrorCode, Vec<RecordId>)> {
        if self.unsaved.is_empty() {
            return Ok(false);
        }
        let mut batch = Vec::new();
        for id in &self.unsaved {
            if let Some(open) = self.open.get_mut(id) {
                batch.push(DocumentChanges {
                    id: *id,
                    home: self.device.home,
                    editor: self.device.user_id,
                    device: self.device.id,
                    opens_case_team: open.new
                        && peer_level(&open.doc)
                            .is_some_and(|level| level.visibility() == Visibility::CaseTeamOnly),
                    changes: open.doc.save_after(&open.stored),
                    epoch: open.epoch,
                });
            }
        }
        let result = self.storage.merge_documents(&batch, now);
        let ids = std::mem::take(&mut self.unsaved);
        match result {
            Ok(()) => {
                for id in ids {
                    if self.let_go.remove(&id) {
                        self.open.remove(&id);
                    } else if let Some(open) = self.open.get_mut(&id) {
                        open.stored = open.doc.get_heads();
                        open.new = false;
                    }
                }
                Ok(true)
            }
            Err(error) => {
                tracing::warn!(code = error.code(), %error, device = %self.device.id, "changes refused");
                // Forget copies that no longer match storage; the device sends them again.
                for id in &ids {
                    self.open.remove(id);
                    self.let_go.remove(id);
                }
                let code = match error {
                    ServerError::Forbidden => ErrorCode::Forbidden,
                    _ => ErrorCode::Rejected,
                };
                Err((code, ids))
            }
        }
    }

    /// The document, opened from storage the first time a session asks for it. A stored document
    /// that cannot be read is opened empty, and a change to it is refused when it is written
    /// (storage never replaces what it cannot read).
    fn open(&mut self, id: RecordId) -> &mut OpenDocument {
        let storage = &self.storage;
        let limits = self.limits;
        let damaged = &mut self.damaged;
        self.open.entry(id).or_insert_with(|| {
            let bytes = match storage.load_document(id) {
                Ok(bytes) => bytes,
                Err(error) => {
                    tracing::error!(code = error.code(), %id, "a stored document could not be loaded");
                    None
                }
            };
            let new = bytes.is_none();
            let (mut doc, measure) = match bytes {
                Some(bytes) => {
                    let doc = AutoCommit::load(&bytes).unwrap_or_else(|error| {
                        // Set aside, never replaced: the session works on an empty stand-in
                        // that is never written.
                        tracing::error!(%error, %id, "a stored document could not be read and was set aside");
                        if let Err(error) = storage.quarantine_document(id, now_millis()) {
                            tracing::error!(code = error.code(), "a document could not be set aside");
                        }
                        damaged.insert(id);
                        AutoCommit::new()
                    });
                    // Stored documents were measured when they came; one stored before limits
                    // existed counts as full, so nothing more is added to it.
                    let measure = limits.measure(&bytes).unwrap_or(Measure {
                        bytes: limits.max_document_bytes,
                        ops: limits.max_document_ops,
                    });
                    (doc, measure)
                }
                None => (AutoCommit::new(), Measure::default()),
            };
            let stored = doc.get_heads();
            let kind = root_str(&doc, "kind");
            let level = peer_level(&doc);
            let epoch = epoch_of(&doc);
            OpenDocument {
                doc,
                stored,
                measure,
                kind,
                level,
                new,
                epoch,
            }
        })
    }

    /// Lets go of every open document, so an idle connection holds none, and starts counting
    /// the next session's documents afresh.
    pub fn close_documents(&mut self) {
        self.open.clear();
        self.let_go.clear();
        self.taken.clear();
        self.visible = None;
        self.epochs.clear();
    }

    /// What the user may do with one document: from this session's listing when it has one,
    /// else from storage.
    fn access(&self, id: RecordId) -> DocumentAccess {
        if let Some(editable) = self.visible.as_ref().and_then(|visible| visible.get(&id)) {
            return if *editable {
                DocumentAccess::Edit
            } else {
                DocumentAccess::Read
            };
        }
        match self
            .storage
            .document_access(self.device.user_id, id, now_millis())
        {
            Ok(access) => access,
            Err(error) => {
                tracing::error!(code = error.code(), %id, "could not tell who may see a document");
                DocumentAccess::Hidden
            }
        }
    }
}

impl Replica for ServerReplica {
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>> {
        match self
            .storage
            .visible_documents(self.device.user_id, now_millis())
        {
            Ok(visible) => {
                self.visible = Some(
                    visible
                        .iter()
                        .map(|(id, document)| (*id, document.editable))
                        .collect(),
                );
                self.epochs = visible
                    .iter()
                    .filter(|(_, document)| document.epoch > 0)
                    .map(|(id, document)| (*id, document.epoch))
                    .collect();
                visible
                    .into_iter()
                    .map(|(id, document)| (id, document.heads))
                    .collect()
            }
            Err(error) => {
                tracing::error!(%error, "could not list documents");
                self.visible = Some(BTreeMap::new());
                BTreeMap::new()
            }
        }
    }

    fn document(&mut self, id: RecordId) -> &mut AutoCommit {
        &mut self.open(id).doc
    }

    fn measure(&mut self, id: RecordId) -> Measure {
        self.open(id).measure
    }

    fn release(&mut self, id: RecordId) {
        // Only a copy that matches storage: one with unsaved changes is written first, and
        // closed then.
        if self.unsaved.contains(&id) {
            self.let_go.insert(id);
        } else {
            self.open.remove(&id);
        }
    }

    fn saved(&mut self, ids: &[RecordId]) -> Vec<(RecordId, Vec<u8>)> {
        // What storage holds is already saved whole, so a catch-up of thousands of records
        // opens none of them: the bytes go out as they were stored, read a batch at a time. A
        // stored document that Automerge cannot read goes out too, and the device refuses it.
        let mut saved = Vec::with_capacity(ids.len());
        let mut stored = Vec::new();
        for id in ids {
            match self.open.get_mut(id) {
                Some(open) => saved.push((*id, open.doc.save())),
                None => stored.push(*id),
            }
        }
        match self.storage.load_documents(&stored) {
            Ok(documents) => saved.extend(documents),
            Err(error) => {
                tracing::error!(code = error.code(), "stored documents could not be read");
            }
        }
        saved
    }

    fn takes(&mut self, id: RecordId) -> Result<(), ErrorCode> {
        // Before the document is opened: a device with far more new records than one session
        // takes is refused the rest without the server holding each one open.
        if self.taken.len() >= self.max_taken && !self.taken.contains(&id) {
            return Err(ErrorCode::QuotaExceeded);
        }
        let opened_at = self.open(id).epoch;
        if self.damaged.contains(&id) {
            return Err(ErrorCode::Rejected);
        }
        // Its history was erased after this session compared epochs: what the device sends
        // was made to the old one.
        if opened_at != self.epochs.get(&id).copied().unwrap_or(0) {
            return Err(ErrorCode::Rejected);
        }
        self.taken.insert(id);
        Ok(())
    }

    fn changed(&mut self, id: RecordId) -> Result<(), ReplicaError> {
        if self.damaged.contains(&id) {
            self.open.remove(&id);
            return Err(ReplicaError(id));
        }
        let keeps = self.open.get(&id).is_some_and(|open| {
            keeps_identity(&open.doc, id, open.kind.as_deref())
                && (open.new || peer_level(&open.doc) == open.level)
        });
        if !keeps {
            tracing::warn!(device = %self.device.id, %id, "a change that alters a record's id, kind or level was refused");
            // The open copy holds the refused change: forget it, storage is untouched.
            self.open.remove(&id);
            self.unsaved.retain(|unsaved| *unsaved != id);
            self.let_go.remove(&id);
            return Err(ReplicaError(id));
        }
        if !self.unsaved.contains(&id) {
            self.unsaved.push(id);
        }
        Ok(())
    }

    fn allows(&self, id: RecordId) -> bool {
        if self.damaged.contains(&id) {
            return false;
        }
        match self.access(id) {
            DocumentAccess::Edit | DocumentAccess::Read => true,
            // A document the server has never seen becomes one of the device's home workspace,
            // if its user works on that workspace's records (a partner reader does not).
            DocumentAccess::Missing => self.device.may_see(self.device.home),
            DocumentAccess::Withdrawn | DocumentAccess::Hidden | DocumentAccess::Erased => false,
        }
    }

    fn edits(&self, id: RecordId) -> bool {
        match self.access(id) {
            DocumentAccess::Edit => true,
            DocumentAccess::Missing => self.device.may_see(self.device.home),
            DocumentAccess::Read
            | DocumentAccess::Withdrawn
            | DocumentAccess::Hidden
            | DocumentAccess::Erased => false,
        }
    }

    fn withdrawn(&mut self, id: RecordId) -> bool {
        self.access(id) == DocumentAccess::Withdrawn
    }

    fn deciding_epoch(&mut self, id: RecordId) -> Option<u32> {
        Some(self.epochs.get(&id).copied().unwrap_or(0))
    }

    fn erased(&mut self, id: RecordId) -> Option<Erasure> {
        match self.storage.erasure(self.device.user_id, id) {
            Ok(erasure) => erasure,
            Err(error) => {
                tracing::error!(code = error.code(), %id, "could not tell whether a document was erased");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use waymark_sync::{Message, Session};

    use super::*;
    use crate::admin;
    use crate::storage::SqlStorage;

    /// A device of user "u" of workspace "W", as storage hands it to a connection.
    fn device(storage: &SqlStorage) -> Device {
        admin::create_workspace(storage, "W").expect("workspace");
        admin::add_user(storage, "u", "W", None, None).expect("user");
        crate::storage::enrolled_for_test(storage, "u", "a token")
    }

    /// A new place, saved as the app saves one.
    fn place(id: RecordId, name: &str) -> Vec<u8> {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "kind", "context").expect("kind");
        doc.put(ROOT, "id", id.to_string()).expect("id");
        doc.put(ROOT, "name", name).expect("name");
        doc.save()
    }

    /// A session under way in which the device's inventory was empty, and the ids of `count`
    /// new places the device then sends whole, with the server's replies.
    fn push_places(replica: &mut ServerReplica, count: usize) -> (Vec<RecordId>, Vec<Message>) {
        let mut session = Session::with_limits(Limits::default());
        session.start(replica);
        session.receive(
            replica,
            Message::Summary {
                digest: [0; 32],
                documents: 3,
            },
        );
        session.receive(replica, Message::Inventory { documents: vec![] });
        let ids: Vec<RecordId> = (0..count)
            .map(|_| RecordId::new(uuid::Uuid::now_v7()).expect("v7"))
            .collect();
        let replies = session.receive(
            replica,
            Message::Documents {
                documents: ids
                    .iter()
                    .map(|id| (*id, place(*id, "Northfield Park")))
                    .collect(),
            },
        );
        (ids, replies)
    }

    #[test]
    fn documents_received_whole_are_written_and_then_closed() {
        // A device pushing thousands of new records sends them whole, a frame at a time: the
        // server must not hold every one open until the session ends.
        let dir = tempfile::tempdir().expect("temp dir");
        let storage = Arc::new(crate::storage::for_test(dir.path()));
        let device = device(&storage);
        let mut replica = ServerReplica::new(storage.clone(), device, Limits::default(), 20_000);
        let (ids, replies) = push_places(&mut replica, 3);
        assert!(
            replies.contains(&Message::Stored {
                documents: ids.clone()
            }),
            "{replies:?}"
        );
        assert_eq!(replica.flush(now_millis()), Ok(true));
        assert!(replica.open.is_empty(), "{replica:?} after the write");
        for id in ids {
            let stored = storage.load_document(id).expect("reads").expect("stored");
            let doc = AutoCommit::load(&stored).expect("loads");
            assert_eq!(root_str(&doc, "name").as_deref(), Some("Northfield Park"));
        }
    }

    #[test]
    fn records_past_the_sessions_quota_are_refused_without_being_opened() {
        // A device with 100,000 new records sends them all; a session takes 20,000. The rest
        // must be refused for the next session without the server opening each one.
        let dir = tempfile::tempdir().expect("temp dir");
        let storage = Arc::new(crate::storage::for_test(dir.path()));
        let device = device(&storage);
        let mut replica = ServerReplica::new(storage.clone(), device, Limits::default(), 2);
        let (ids, replies) = push_places(&mut replica, 5);
        let refused: Vec<RecordId> = replies
            .iter()
            .filter_map(|reply| match reply {
                Message::Error {
                    code: ErrorCode::QuotaExceeded,
                    document,
                } => *document,
                _ => None,
            })
            .collect();
        assert_eq!(refused, ids[2..], "{replies:?}");
        assert!(
            ids[2..].iter().all(|id| !replica.open.contains_key(id)),
            "{replica:?}"
        );
        assert_eq!(replica.flush(now_millis()), Ok(true));
        assert!(replica.open.is_empty(), "{replica:?} after the write");
        assert!(storage.load_document(ids[4]).expect("reads").is_none());
    }
}
