//! The server's side of one device's sync session: a view of storage limited to the workspaces
//! the device's user belongs to. A document of any other workspace is neither offered nor taken.

use std::collections::BTreeMap;
use std::sync::Arc;

use automerge::{AutoCommit, ChangeHash};
use waymark_core::RecordId;
use waymark_sync::{ErrorCode, Replica, ReplicaError};

use crate::storage::{Device, DocumentChanges, Storage};
use crate::ServerError;

/// A document held open while a session runs.
#[derive(Debug)]
struct OpenDocument {
    doc: AutoCommit,
    /// The heads already in storage: changes after these are what is new.
    stored: Vec<ChangeHash>,
}

pub struct ServerReplica {
    storage: Arc<dyn Storage>,
    device: Device,
    open: BTreeMap<RecordId, OpenDocument>,
    /// Documents changed by the frame being handled, written when it has been handled.
    unsaved: Vec<RecordId>,
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
    pub fn new(storage: Arc<dyn Storage>, device: Device) -> Self {
        Self {
            storage,
            device,
            open: BTreeMap::new(),
            unsaved: Vec::new(),
        }
    }

    /// Writes every document the last frame changed, in one transaction, before any reply goes
    /// out: what a device is told has arrived is on disk. Returns whether anything was written.
    /// Refused changes come back as the error code for the device, and the documents refused.
    pub fn flush(&mut self, now: i64) -> Result<bool, (ErrorCode, Vec<RecordId>)> {
        if self.unsaved.is_empty() {
            return Ok(false);
        }
        let mut batch = Vec::new();
        for id in &self.unsaved {
            if let Some(open) = self.open.get_mut(id) {
                batch.push(DocumentChanges {
                    id: *id,
                    home: self.device.home,
                    allowed: self.device.workspaces.clone(),
                    changes: open.doc.save_after(&open.stored),
                });
            }
        }
        let result = self.storage.merge_documents(&batch, now);
        let ids = std::mem::take(&mut self.unsaved);
        match result {
            Ok(()) => {
                for id in ids {
                    if let Some(open) = self.open.get_mut(&id) {
                        open.stored = open.doc.get_heads();
                    }
                }
                Ok(true)
            }
            Err(error) => {
                tracing::warn!(code = error.code(), %error, device = %self.device.id, "changes refused");
                // Forget copies that no longer match storage; the device sends them again.
                for id in &ids {
                    self.open.remove(id);
                }
                let code = match error {
                    ServerError::Forbidden => ErrorCode::Forbidden,
                    _ => ErrorCode::Rejected,
                };
                Err((code, ids))
            }
        }
    }

    /// Lets go of every open document, so an idle connection holds none.
    pub fn close_documents(&mut self) {
        self.open.clear();
    }
}

impl Replica for ServerReplica {
    fn heads(&mut self) -> BTreeMap<RecordId, Vec<ChangeHash>> {
        match self.storage.document_heads(&self.device.workspaces) {
            Ok(heads) => heads,
            Err(error) => {
                tracing::error!(%error, "could not list documents");
                BTreeMap::new()
            }
        }
    }

    fn document(&mut self, id: RecordId) -> &mut AutoCommit {
        let storage = &self.storage;
        &mut self
            .open
            .entry(id)
            .or_insert_with(|| {
                let mut doc = match storage.load_document(id) {
                    Ok(Some(bytes)) => AutoCommit::load(&bytes).unwrap_or_else(|error| {
                        tracing::error!(%error, %id, "a stored document could not be read");
                        AutoCommit::new()
                    }),
                    Ok(None) => AutoCommit::new(),
                    Err(error) => {
                        tracing::error!(%error, %id, "a stored document could not be loaded");
                        AutoCommit::new()
                    }
                };
                let stored = doc.get_heads();
                OpenDocument { doc, stored }
            })
            .doc
    }

    fn changed(&mut self, id: RecordId) -> Result<(), ReplicaError> {
        if !self.unsaved.contains(&id) {
            self.unsaved.push(id);
        }
        Ok(())
    }

    fn allows(&self, id: RecordId) -> bool {
        match self.storage.document_workspace(id) {
            Ok(Some(workspace)) => self.device.may_see(workspace),
            // A document the server has never seen becomes one of the device's home workspace.
            Ok(None) => true,
            Err(error) => {
                tracing::error!(%error, %id, "could not tell a document's workspace");
                false
            }
        }
    }
}
