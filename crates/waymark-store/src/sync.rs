//! The device store as one side of a sync session. Documents a session touches are held open while
//! it runs; each one a received message changes is saved and projected at once, in its own
//! transaction, so a dropped connection never loses what was already applied.

use std::collections::BTreeMap;

use automerge::{AutoCommit, ChangeHash, ROOT};
use waymark_core::peer_group::PeerAssessment;
use waymark_core::school::SchoolAssessment;
use waymark_core::{Context, RecordId, Walkabout};
use waymark_sync::{Replica, ReplicaError};

use crate::document::{self, keys, Record};
use crate::{Store, StoreError};

/// A store taking part in a sync session.
#[derive(Debug)]
pub struct SyncReplica<'a> {
    store: &'a mut Store,
    /// Documents open in this session, and whether each matches what is saved.
    open: BTreeMap<RecordId, (AutoCommit, bool)>,
}

impl Store {
    pub fn sync_replica(&mut self) -> SyncReplica<'_> {
        SyncReplica {
            store: self,
            open: BTreeMap::new(),
        }
    }

    /// Saves a document that arrived by sync, with the projection of its kind. A kind this
    /// version does not know (from a newer app) is kept, unprojected, so nothing is lost.
    fn save_synced(&mut self, id: RecordId, doc: AutoCommit) -> Result<(), StoreError> {
        let kind = document::get_str(&doc, &ROOT, keys::KIND)?
            .ok_or(StoreError::MismatchedDocument(id))?;
        match kind.as_str() {
            Context::KIND => self.save_record::<Context>(id, doc).map(drop),
            Walkabout::KIND => self.save_record::<Walkabout>(id, doc).map(drop),
            SchoolAssessment::KIND => self.save_record::<SchoolAssessment>(id, doc).map(drop),
            PeerAssessment::KIND => self.save_record::<PeerAssessment>(id, doc).map(drop),
            _ => {
                let mut doc = doc;
                let updated_at = document::get_timestamp(&doc, keys::UPDATED_AT)?;
                let tx = self.conn.transaction()?;
                document::save(&tx, id, &kind, &mut doc, updated_at)?;
                tx.commit()?;
                Ok(())
            }
        }
    }

    /// Every document's heads, from the documents table.
    pub(crate) fn all_heads(&self) -> Result<BTreeMap<RecordId, Vec<ChangeHash>>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, heads FROM documents")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
        })?;
        rows.map(|row| {
            let (id, heads) = row?;
            Ok((id.parse()?, document::decode_heads(&heads)))
        })
        .collect()
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
        &mut self
            .open
            .entry(id)
            .or_insert_with(|| match store.take_document(id) {
                Ok(stored) => (stored.doc, true),
                Err(_) => (AutoCommit::new().with_actor(store.actor.clone()), false),
            })
            .0
    }

    fn changed(&mut self, id: RecordId) -> Result<(), ReplicaError> {
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

    fn allows(&self, _id: RecordId) -> bool {
        true
    }
}

impl Drop for SyncReplica<'_> {
    fn drop(&mut self) {
        // Saved copies go back to the cache; a document created but never filled is dropped.
        for (id, (doc, saved)) in std::mem::take(&mut self.open) {
            if let (true, Ok(Some(kind))) = (saved, document::get_str(&doc, &ROOT, keys::KIND)) {
                self.store
                    .keep_document(id, document::StoredDocument { kind, doc });
            }
        }
    }
}
