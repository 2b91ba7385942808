//! Erasure on the device (privacy rules P12 and P13). The server says a record was erased: the
//! device deletes it, its files and any edits to it not yet sent, and keeps a notice of which
//! kind of record went, who erased it and why, never what it held. The server sends a record whose
//! past text was erased whole, at its new epoch: the device replaces its copy, carries across the
//! edits it had not sent where they still apply, and keeps the rest for its practitioner to redo.
//!
//! `secure_delete` is on for every connection, so deleted rows are overwritten; after an erasure
//! the write-ahead log, which still holds the pages as they were, is emptied too.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use rusqlite::{params, OptionalExtension};
use waymark_core::erasure::{EditNotKept, Erasure, ErasureNotice};
use waymark_core::walkabout::document_keys::ROUTE_ERASED_AT;
use waymark_core::{RecordId, RecordKind, UnixMillis};
use waymark_sync::epoch;

use crate::document::{self, keys};
use crate::record_kind::{for_record, Project};
use crate::{Store, StoreError};
use waymark_core::history::note;

impl Store {
    /// Whether a record has changes made here that the server has not confirmed.
    fn has_unsent(&self, id: RecordId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT synced_heads IS NULL OR synced_heads != heads FROM documents WHERE id = ?1",
            )?
            .query_row([id.to_string()], |row| row.get::<_, bool>(0))
            .optional()?
            .unwrap_or(false))
    }

    /// Deletes an erased record and its files, and keeps the notice. A record not here is
    /// nothing to tell anyone about.
    pub(crate) fn erase_record(&mut self, erasure: &Erasure) -> Result<(), StoreError> {
        let id = erasure.record;
        let held: Option<String> = self.stored_kind(id)?;
        if held.is_none() {
            return Ok(());
        }
        let created_at = self
            .take_document(id)
            .ok()
            .map(|stored| document::get_timestamp(&stored.doc, keys::CREATED_AT))
            .transpose()?;
        let unsent_lost = self.has_unsent(id)?;
        self.withdraw_record(id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO erasure_notices
                     (record_id, kind, created_at, erased_at, erased_by, reason, unsent_lost)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (record_id) DO UPDATE SET erased_at = excluded.erased_at,
                     erased_by = excluded.erased_by, reason = excluded.reason,
                     unsent_lost = excluded.unsent_lost, history_only = 0, dismissed = 0",
            )?
            .execute(params![
                id.to_string(),
                erasure.kind,
                created_at.map(UnixMillis::get),
                erasure.erased_at.get(),
                erasure.by,
                erasure.reason,
                unsent_lost
            ])?;
        // Edits kept from an earlier rewrite of this record go with it.
        self.conn
            .prepare_cached("DELETE FROM edits_not_kept WHERE record_id = ?1")?
            .execute([id.to_string()])?;
        self.scrub_after_commit();
        Ok(())
    }

    /// Replaces a record with its new epoch, sent whole by the server, and carries across the
    /// edits made here since the server last confirmed the old one.
    pub(crate) fn replace_with_new_epoch(
        &mut self,
        id: RecordId,
        bytes: &[u8],
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut fresh = AutoCommit::load(bytes)?.with_actor(self.actor.clone());
        let kind = document::get_str(&fresh, &ROOT, keys::KIND)?
            .ok_or(StoreError::MismatchedDocument(id))?;
        let held_kind = self.stored_kind(id)?;
        document::check_identity(&fresh, id, held_kind.as_deref().unwrap_or(&kind))?;
        let confirmed = fresh.get_heads();
        // The new epoch's one change says who had its history erased and why.
        let (said, said_at) = fresh
            .get_changes(&[])
            .first()
            .map(|change| {
                (
                    change.message().unwrap_or_default().to_owned(),
                    UnixMillis::new(change.timestamp()),
                )
            })
            .unwrap_or_default();
        // The files the old epoch named: those the new one no longer names (a route track whose
        // period ended) go once nothing else here names them.
        let named_before = self.attachments_of(id);
        let mut not_kept = Vec::new();
        if held_kind.is_some() {
            let mut old = self.take_document(id)?;
            let synced: Vec<u8> = self
                .conn
                .prepare_cached("SELECT COALESCE(synced_heads, x'') FROM documents WHERE id = ?1")?
                .query_row([id.to_string()], |row| row.get(0))?;
            let synced = waymark_sync::heads::decode(&synced);
            not_kept = epoch::reapply(&mut old.doc, &synced, &mut fresh)?;
            if fresh.pending_ops() > 0 {
                document::commit(
                    &mut fresh,
                    note("history-edits-made-on-this-device-before-its"),
                    now,
                );
            }
        }
        self.forget_document(id);
        let updated_at = document::get_timestamp(&fresh, keys::UPDATED_AT)?;
        let tx = self.conn.savepoint()?;
        // The old epoch's snapshot and changes go; the row stays, so the route points and
        // projections that hang off it stay until they are written again just below.
        tx.execute(
            "DELETE FROM document_changes WHERE document_id = ?1",
            [id.to_string()],
        )?;
        tx.execute(
            "INSERT INTO documents (id, kind, heads, bytes, updated_at, epoch, synced_heads)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET heads = excluded.heads, bytes = excluded.bytes,
                 updated_at = excluded.updated_at, epoch = excluded.epoch,
                 synced_heads = excluded.synced_heads",
            params![
                id.to_string(),
                held_kind.as_deref().unwrap_or(&kind),
                waymark_sync::heads::encode(&fresh.get_heads()),
                fresh.save(),
                updated_at.get(),
                epoch::epoch_of(&fresh),
                waymark_sync::heads::encode(&confirmed),
            ],
        )?;
        if let Some(known) = RecordKind::parse(&kind) {
            for_record(
                known,
                Project {
                    conn: &tx,
                    id,
                    doc: &fresh,
                },
            )?;
        }
        tx.execute(
            "INSERT INTO erasure_notices (record_id, kind, created_at, erased_at, erased_by, reason,
                                          unsent_lost, history_only)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, 1)
             ON CONFLICT (record_id) DO UPDATE SET erased_at = excluded.erased_at,
                 reason = excluded.reason, unsent_lost = excluded.unsent_lost, history_only = 1,
                 dismissed = 0",
            params![
                id.to_string(),
                kind,
                document::get_timestamp(&fresh, keys::CREATED_AT)?.get(),
                said_at.get(),
                said,
                !not_kept.is_empty()
            ],
        )?;
        for edit in &not_kept {
            tx.execute(
                "INSERT INTO edits_not_kept (record_id, kind, field, value, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id.to_string(),
                    kind,
                    edit.path.join(" › "),
                    edit.value,
                    now.get()
                ],
            )?;
        }
        // A walkabout whose route track was erased: the readings this device recorded go too.
        if fresh.get(ROOT, ROUTE_ERASED_AT)?.is_some() {
            tx.execute(
                "DELETE FROM route_points WHERE walkabout_id = ?1",
                [id.to_string()],
            )?;
        }
        tx.commit()?;
        self.forget_files_no_record_names(&named_before)?;
        self.scrub_after_commit();
        Ok(())
    }

    /// The documents held here past epoch 0, with their epochs.
    pub(crate) fn epochs(&self) -> Result<std::collections::BTreeMap<RecordId, u32>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, epoch FROM documents WHERE epoch > 0 AND quarantined_at IS NULL",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        rows.map(|row| {
            let (id, epoch) = row?;
            Ok((id.parse()?, epoch))
        })
        .collect()
    }

    /// Notes that what was just deleted must also leave the write-ahead log once the
    /// transaction around it is committed.
    fn scrub_after_commit(&self) {
        self.scrub.set(true);
    }

    /// Empties the write-ahead log if an erasure asked for it: called outside any transaction.
    pub(crate) fn scrub_if_asked(&self) -> Result<(), StoreError> {
        if self.scrub.replace(false) {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// The records erased while this device held them, newest first, that the practitioner has
    /// not put away.
    pub fn erasure_notices(&self) -> Result<Vec<ErasureNotice>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT record_id, kind, created_at, erased_at, erased_by, reason, unsent_lost,
                    history_only
             FROM erasure_notices WHERE dismissed = 0 ORDER BY erased_at DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, bool>(6)?,
                row.get::<_, bool>(7)?,
            ))
        })?;
        rows.map(|row| {
            let (id, kind, created_at, erased_at, erased_by, reason, unsent_lost, history_only) =
                row?;
            Ok(ErasureNotice {
                record: id.parse()?,
                kind,
                created_at: created_at.map(UnixMillis::new),
                erased_at: UnixMillis::new(erased_at),
                erased_by,
                reason,
                unsent_lost,
                history_only,
            })
        })
        .collect()
    }

    /// The practitioner has read the notice: it is put away (the stub stays, so a record erased
    /// is never mistaken for one that never was).
    pub fn dismiss_erasure_notice(&self, id: RecordId) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE erasure_notices SET dismissed = 1 WHERE record_id = ?1")?
            .execute([id.to_string()])?;
        Ok(())
    }

    /// Edits that could not be carried onto a record's new epoch, oldest first.
    pub fn edits_not_kept(&self) -> Result<Vec<EditNotKept>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, record_id, kind, field, value, at FROM edits_not_kept ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (id, record, kind, field, value, at) = row?;
            Ok(EditNotKept {
                id,
                record: record.parse()?,
                kind,
                field,
                value,
                at: UnixMillis::new(at),
            })
        })
        .collect()
    }

    /// The practitioner has redone an edit, or chosen not to: its text is deleted.
    pub fn dismiss_edit_not_kept(&self, id: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM edits_not_kept WHERE id = ?1")?
            .execute([id])?;
        self.scrub_after_commit();
        self.scrub_if_asked()
    }
}
