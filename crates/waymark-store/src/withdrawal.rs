//! Records this device's user may no longer see (taken off a case team, a share revoked or
//! ended, a role taken away). The server withdraws them; the device deletes each one, its
//! projection, its history and every file that no record still here names.

use std::collections::BTreeSet;

use rusqlite::OptionalExtension;
use waymark_core::{RecordId, RecordKind};

use crate::document::Record;
use crate::record_kind::{for_record, ForRecord};
use crate::{Store, StoreError};

impl Store {
    /// Deletes a withdrawn record and the files only it named. A record not here is nothing to
    /// do; one that cannot be read goes all the same (its files stay until nothing names them).
    pub(crate) fn withdraw_record(&mut self, id: RecordId) -> Result<(), StoreError> {
        let named = self.attachments_of(id);
        let tx = self.conn.savepoint()?;
        // Projections, appended changes and route points hang off the document and go with it.
        tx.execute("DELETE FROM documents WHERE id = ?1", [id.to_string()])?;
        tx.commit()?;
        self.forget_document(id);
        self.forget_files_no_record_names(&named)
    }

    /// Deletes those of `named` that no record here names any more.
    pub(crate) fn forget_files_no_record_names(
        &mut self,
        named: &BTreeSet<String>,
    ) -> Result<(), StoreError> {
        if named.is_empty() {
            return Ok(());
        }
        let in_use = self.attachments_in_use()?;
        let tx = self.conn.savepoint()?;
        for name in named.difference(&in_use) {
            tx.execute("DELETE FROM attachments WHERE sha256 = ?1", [name])?;
            tx.execute("DELETE FROM wanted_attachments WHERE sha256 = ?1", [name])?;
            tx.execute("DELETE FROM attachment_downloads WHERE sha256 = ?1", [name])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The files a stored record names; none if it is not here or cannot be read.
    pub(crate) fn attachments_of(&self, id: RecordId) -> BTreeSet<String> {
        let kind: Option<String> = self
            .conn
            .prepare_cached("SELECT kind FROM documents WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([id.to_string()], |row| row.get(0))
                    .optional()
            })
            .ok()
            .flatten();
        match kind.as_deref().and_then(RecordKind::parse) {
            Some(kind) => for_record(kind, AttachmentsOf { store: self, id }).unwrap_or_default(),
            None => BTreeSet::new(),
        }
    }

    /// Every file a record on this device names. Read only when a withdrawn record named files,
    /// which is rare, so it reads every record rather than keep an index of names.
    fn attachments_in_use(&self) -> Result<BTreeSet<String>, StoreError> {
        let stored: Vec<(String, String)> = self
            .conn
            .prepare("SELECT id, kind FROM documents")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut in_use = BTreeSet::new();
        for (id, kind) in stored {
            if let (Ok(id), Some(kind)) = (id.parse(), RecordKind::parse(&kind)) {
                // A record that cannot be read keeps nothing alive: it is set aside, and its
                // files come again if it is recovered and synced.
                if let Ok(names) = for_record(kind, AttachmentsOf { store: self, id }) {
                    in_use.extend(names);
                }
            }
        }
        Ok(in_use)
    }
}

/// The files one record names.
struct AttachmentsOf<'a> {
    store: &'a Store,
    id: RecordId,
}

impl ForRecord for AttachmentsOf<'_> {
    type Output = Result<BTreeSet<String>, StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        let record = self.store.get_record::<R>(self.id)?;
        Ok(record
            .attachments()
            .into_iter()
            .map(str::to_owned)
            .collect())
    }
}
