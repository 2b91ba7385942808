//! The device store as one side of a sync session. Documents a session touches are held open while
//! it runs; each one a received message changes is saved and projected at once, in its own
//! transaction, so a dropped connection never loses what was already applied.

use std::collections::BTreeMap;

use automerge::{AutoCommit, ChangeHash, ROOT};
use std::sync::{Mutex, MutexGuard};
use waymark_core::erasure::Erasure;
use waymark_core::{RecordId, RecordKind, UnixMillis};

use waymark_sync::frame::Heads;
use waymark_sync::{LocalReplica, Message, Replica, ReplicaError, Session};

use crate::document::{self, keys, Record};
use crate::record_kind::{for_record, ForRecord};
use crate::{Store, StoreError};

/// A store taking part in a sync session.
#[derive(Debug)]
pub struct SyncReplica<'a> {
    store: &'a mut Store,
    /// Documents open in this session, and whether each matches what is saved.
    open: BTreeMap<RecordId, (AutoCommit, bool)>,
    /// Documents found unreadable in this step, and set aside.
    damaged: std::collections::BTreeSet<RecordId>,
}

impl Store {
    pub fn sync_replica(&mut self) -> SyncReplica<'_> {
        SyncReplica {
            store: self,
            open: BTreeMap::new(),
            damaged: std::collections::BTreeSet::new(),
        }
    }

    /// Saves a document that arrived by sync, with the projection of its kind. A kind this
    /// version does not know (from a newer app) is kept, unprojected, so nothing is lost.
    fn save_synced(&mut self, id: RecordId, doc: AutoCommit) -> Result<(), StoreError> {
        let kind = document::get_str(&doc, &ROOT, keys::KIND)?
            .ok_or(StoreError::MismatchedDocument(id))?;
        // Whatever arrives keeps the id it is filed under and the kind it was first saved as.
        let stored_kind = self.stored_kind(id)?;
        document::check_identity(&doc, id, stored_kind.as_deref().unwrap_or(&kind))?;
        match RecordKind::parse(&kind) {
            Some(known) => for_record(
                known,
                SaveSynced {
                    store: self,
                    id,
                    doc,
                },
            ),
            None => {
                let mut doc = doc;
                let updated_at = document::get_timestamp(&doc, keys::UPDATED_AT)?;
                let tx = self.conn.savepoint()?;
                document::save(&tx, id, &kind, &mut doc, updated_at)?;
                tx.commit()?;
                Ok(())
            }
        }
    }

    pub(crate) fn stored_kind(&self, id: RecordId) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?)
    }

    /// Every document's heads, from the documents table; a document set aside is left out.
    pub(crate) fn all_heads(&self) -> Result<BTreeMap<RecordId, Vec<ChangeHash>>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, heads FROM documents WHERE quarantined_at IS NULL")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
        })?;
        rows.map(|row| {
            let (id, heads) = row?;
            Ok((id.parse()?, waymark_sync::heads::decode(&heads)))
        })
        .collect()
    }
}

/// What this device has that the server may not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncBacklog {
    /// Records changed here since the last sync.
    pub records: usize,
    pub attachments: usize,
}

/// A record that could not be read and was set aside, as the app names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SetAside {
    pub id: RecordId,
    pub kind: String,
    pub since: i64,
}

impl Store {
    /// Sets a document that cannot be read aside: nothing of it is changed or deleted, sync
    /// leaves it out, and [`Store::set_aside`] names it.
    pub(crate) fn quarantine(&self, id: RecordId, now: UnixMillis) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE documents SET quarantined_at = ?2 WHERE id = ?1 AND quarantined_at IS NULL",
            )?
            .execute(rusqlite::params![id.to_string(), now.get()])?;
        tracing::error!(%id, "a record could not be read and was set aside");
        Ok(())
    }

    /// Whether a document is set aside. A document not held here is not; if the database
    /// cannot say, the answer is yes, so nothing is taken for it.
    fn is_quarantined(&self, id: RecordId) -> bool {
        use rusqlite::OptionalExtension;
        let found = self
            .conn
            .prepare_cached("SELECT quarantined_at IS NOT NULL FROM documents WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([id.to_string()], |row| row.get::<_, bool>(0))
                    .optional()
            });
        match found {
            Ok(quarantined) => quarantined.unwrap_or(false),
            Err(_) => true,
        }
    }

    /// The records set aside because they could not be read, oldest first.
    pub fn set_aside(&self) -> Result<Vec<SetAside>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, quarantined_at FROM documents WHERE quarantined_at IS NOT NULL
             ORDER BY quarantined_at",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (id, kind, since) = row?;
            Ok(SetAside {
                id: id.parse()?,
                kind,
                since,
            })
        })
        .collect()
    }

    pub fn sync_backlog(&self) -> Result<SyncBacklog, StoreError> {
        let records: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM documents
             WHERE quarantined_at IS NULL AND (synced_heads IS NULL OR synced_heads != heads)",
            [],
            |row| row.get(0),
        )?;
        let attachments: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM attachments WHERE uploaded = 0",
            [],
            |row| row.get(0),
        )?;
        Ok(SyncBacklog {
            records: records as usize,
            attachments: attachments as usize,
        })
    }

    /// Records what the server confirmed it holds: each document with the heads it holds. A
    /// document changed since has other heads now, so it stays waiting until a later session
    /// confirms those.
    pub fn mark_synced(&self, confirmed: &BTreeMap<RecordId, Heads>) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut update =
                tx.prepare_cached("UPDATE documents SET synced_heads = ?2 WHERE id = ?1")?;
            for (id, heads) in confirmed {
                update.execute(rusqlite::params![id.to_string(), heads.concat()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The device store behind a lock, shared by the app's commands and its sync client.
#[derive(Debug)]
pub struct SharedStore(Mutex<Store>);

impl SharedStore {
    pub fn new(store: Store) -> Self {
        Self(Mutex::new(store))
    }

    pub fn lock(&self) -> MutexGuard<'_, Store> {
        // Every write is one transaction, so a panic while the lock was held cannot have left a
        // half-written record: a poisoned lock is safe to keep using.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One transaction around everything a sync frame brings. It rolls back when dropped without a
/// commit, so an error or a panic inside a sync step never leaves it open: an open transaction
/// would swallow every later edit, which the next commit of the app would never make.
struct FrameTransaction<'a> {
    store: MutexGuard<'a, Store>,
    open: bool,
}

impl<'a> FrameTransaction<'a> {
    fn begin(store: MutexGuard<'a, Store>) -> Result<Self, StoreError> {
        store.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(Self { store, open: true })
    }

    fn commit(mut self) -> Result<(), StoreError> {
        self.store.conn.execute_batch("COMMIT")?;
        self.open = false;
        // An erasure in this frame: the old pages leave the write-ahead log too. What matters
        // is committed already, so a failure here is only logged; the next erasure tries again.
        if let Err(error) = self.store.scrub_if_asked() {
            tracing::error!(%error, "the write-ahead log could not be emptied after an erasure");
        }
        Ok(())
    }
}

impl Drop for FrameTransaction<'_> {
    fn drop(&mut self) {
        if self.open {
            if let Err(error) = self.store.conn.execute_batch("ROLLBACK") {
                tracing::error!(%error, "a sync frame's transaction could not be rolled back");
            }
            // Parsed copies may hold what was rolled back; the next session sends it again.
            self.store.documents.borrow_mut().clear();
        }
    }
}

impl SharedStore {
    /// Runs `work` on the store inside one transaction, committed if `work` returns and rolled
    /// back if it panics or the commit fails. A panic is caught here and comes back as an error,
    /// so the sync task that called goes on (and the app's later edits are saved).
    pub fn in_one_transaction<T>(
        &self,
        work: impl FnOnce(&mut Store) -> T,
    ) -> Result<T, StoreError> {
        let mut frame = FrameTransaction::begin(self.lock())?;
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut frame.store)));
        match result {
            Ok(value) => {
                frame.commit()?;
                Ok(value)
            }
            Err(_) => {
                drop(frame);
                Err(StoreError::SyncStepFailed)
            }
        }
    }
}

/// A sync client holds the lock for one frame at a time, so editing goes on while a sync runs.
impl LocalReplica for SharedStore {
    fn step(&self, session: &mut Session, incoming: Option<Message>) -> Vec<Message> {
        // Everything one frame brings is written in one transaction: one flush to disk however
        // many records arrive, so the lock that editing waits for is held briefly.
        let stepped = self.in_one_transaction(|store| {
            let mut replica = store.sync_replica();
            match incoming {
                None => session.start(&mut replica),
                Some(message) => session.receive(&mut replica, message),
            }
        });
        stepped.unwrap_or_else(|error| {
            tracing::error!(%error, "a synced frame could not be saved");
            Vec::new()
        })
    }
}

impl Replica for SyncReplica<'_> {
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>> {
        match self.store.all_heads() {
            Ok(heads) => heads,
            Err(error) => {
                tracing::error!(%error, "could not list documents for sync");
                BTreeMap::new()
            }
        }
    }

    fn document(&mut self, id: RecordId) -> &mut AutoCommit {
        let store = &*self.store;
        let damaged = &mut self.damaged;
        &mut self
            .open
            .entry(id)
            .or_insert_with(|| match store.take_document(id) {
                Ok(stored) => (stored.doc, true),
                Err(StoreError::NotFound(_)) => {
                    (AutoCommit::new().with_actor(store.actor.clone()), false)
                }
                // A record that is here but cannot be read is set aside, never replaced: the
                // session works on an empty stand-in that is never saved.
                Err(error) => {
                    tracing::error!(%error, %id, "a stored record could not be read");
                    if let Err(error) = store.quarantine(id, store.now()) {
                        tracing::error!(%error, "a record could not be set aside");
                    }
                    damaged.insert(id);
                    (AutoCommit::new(), false)
                }
            })
            .0
    }

    fn changed(&mut self, id: RecordId) -> Result<(), ReplicaError> {
        if self.damaged.contains(&id) || self.store.is_quarantined(id) {
            self.open.remove(&id);
            return Err(ReplicaError(id));
        }
        let Some((doc, saved)) = self.open.get_mut(&id) else {
            return Err(ReplicaError(id));
        };
        let copy = doc.clone();
        match self.store.save_synced(id, copy) {
            Ok(()) => {
                *saved = true;
                Ok(())
            }
            Err(error) => {
                tracing::error!(%error, "a synced document could not be saved");
                // The open copy no longer matches the database: forget it.
                self.open.remove(&id);
                Err(ReplicaError(id))
            }
        }
    }

    /// A document the session is done with for now goes back to the store's cache, which keeps
    /// a few: a push of thousands of records holds one open at a time, not all of them.
    fn release(&mut self, id: RecordId) {
        if let Some((doc, saved)) = self.open.remove(&id) {
            self.put_back(id, doc, saved);
        }
    }

    /// Everything but a record set aside: nothing is taken for one until it is recovered.
    fn allows(&self, id: RecordId) -> bool {
        !self.damaged.contains(&id) && !self.store.is_quarantined(id)
    }

    /// The server says this device's user may no longer see the record: it goes, with its files.
    fn withdraw(&mut self, id: RecordId) {
        self.open.remove(&id);
        if let Err(error) = self.store.withdraw_record(id) {
            tracing::error!(%error, %id, "a withdrawn record could not be deleted");
        }
    }

    fn epochs(&mut self) -> BTreeMap<RecordId, u32> {
        self.store.epochs().unwrap_or_else(|error| {
            tracing::error!(%error, "could not list the documents' epochs");
            BTreeMap::new()
        })
    }

    /// The server erased the record: it goes, with its files and unsent edits, and the
    /// practitioner is told.
    fn erase(&mut self, erasure: &Erasure) {
        self.open.remove(&erasure.record);
        if let Err(error) = self.store.erase_record(erasure) {
            tracing::error!(%error, id = %erasure.record, "an erased record could not be deleted");
        }
    }

    /// The server rewrote the record without its history: the copy here is replaced.
    fn rewrite(&mut self, id: RecordId, bytes: &[u8]) -> Result<(), ReplicaError> {
        self.open.remove(&id);
        let now = self.store.now();
        if self.damaged.contains(&id) || self.store.is_quarantined(id) {
            return Err(ReplicaError(id));
        }
        self.store
            .replace_with_new_epoch(id, bytes, now)
            .map_err(|error| {
                tracing::error!(%error, %id, "a record's new epoch could not be saved");
                ReplicaError(id)
            })
    }
}

impl SyncReplica<'_> {
    /// Saved copies go back to the cache; a document created but never filled is dropped.
    fn put_back(&self, id: RecordId, doc: AutoCommit, saved: bool) {
        if let (true, Ok(Some(kind))) = (saved, document::get_str(&doc, &ROOT, keys::KIND)) {
            self.store
                .keep_document(id, document::StoredDocument { kind, doc });
        }
    }
}

impl Drop for SyncReplica<'_> {
    fn drop(&mut self) {
        for (id, (doc, saved)) in std::mem::take(&mut self.open) {
            self.put_back(id, doc, saved);
        }
    }
}

/// Saves a synced record and notes the attachments it names that are not here yet.
struct SaveSynced<'a> {
    store: &'a mut Store,
    id: RecordId,
    doc: AutoCommit,
}

impl ForRecord for SaveSynced<'_> {
    type Output = Result<(), StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        let record = self.store.save_record::<R>(self.id, self.doc)?;
        self.store.want_attachments(&record.attachments())
    }
}
