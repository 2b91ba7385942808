//! Devices' changes merged into the stored documents, one frame's worth in one transaction.
//!
//! On PostgreSQL merges run side by side ([`Writers::Together`]): each holds the locks of its
//! own records and takes the ledger (the audit log and the change feed) last. Every step reads
//! or writes the whole frame's documents in a few statements, not a few per document, because
//! while a merge holds a record every other merge into that record waits for it, and on a
//! database server each statement is a round trip.

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;
use waymark_core::audit::{AuditAction, AuditEntry};
use waymark_core::{RecordId, UnixMillis};

use super::db::{params, Db, Lock, ToValue, Value, Writers};
use super::{
    access_of, append_audit, each_among, erasure, user_name, value_rows, visible_sql, works_on,
};
use crate::storage::{DocumentAccess, DocumentChanges, UserId, WorkspaceId};
use crate::ServerError;

/// The ids among `ids` that the `sql` (one column of ids) answers.
fn ids_among(
    conn: &dyn Db,
    sql: &str,
    fixed: &[Value],
    ids: &[String],
) -> Result<BTreeSet<String>, ServerError> {
    let mut found = BTreeSet::new();
    each_among(conn, sql, fixed, ids, |row| {
        found.insert(row.get(0)?);
        Ok(())
    })?;
    Ok(found)
}

/// Merges one frame's changes (see [`crate::storage::Storage::merge_documents`]).
pub(super) fn merge_documents(
    conn: &dyn Db,
    process: &str,
    batch: &[DocumentChanges],
    now: UnixMillis,
) -> Result<(), ServerError> {
    let tx = conn.transaction_with(Writers::Together)?;
    let ids: Vec<String> = batch.iter().map(|changes| changes.id.to_string()).collect();

    // Who may change what, asked before any record is locked: access changes only in a
    // transaction that writes alone, which never runs beside this one.
    let mut editable = BTreeSet::new();
    let editors: BTreeSet<UserId> = batch.iter().map(|changes| changes.editor).collect();
    for editor in &editors {
        let theirs: Vec<String> = batch
            .iter()
            .filter(|changes| changes.editor == *editor)
            .map(|changes| changes.id.to_string())
            .collect();
        let sql = format!(
            "SELECT id FROM ({}) AS visible WHERE editable = 1",
            visible_sql("d.id IN ({ids})")
        );
        let found = ids_among(
            &tx,
            &sql,
            &[editor.to_value(), now.get().to_value()],
            &theirs,
        )?;
        editable.extend(found.into_iter().map(|id| (*editor, id)));
    }
    let stored = ids_among(
        &tx,
        "SELECT id FROM documents WHERE id IN ({ids})",
        &[],
        &ids,
    )?;
    let erased = ids_among(
        &tx,
        "SELECT document_id FROM erasures WHERE document_id IN ({ids})",
        &[],
        &ids,
    )?;
    let mut working = BTreeMap::new();
    for (changes, id) in batch.iter().zip(&ids) {
        if editable.contains(&(changes.editor, id.clone())) {
            continue;
        }
        // A new record belongs to the editor's home workspace, whose records they must work
        // on: a partner reader creates nothing. Anything else they may not change.
        let works = match working.get(&(changes.editor, changes.home)) {
            Some(works) => *works,
            None => {
                let works = works_on(&tx, changes.editor, changes.home)?;
                working.insert((changes.editor, changes.home), works);
                works
            }
        };
        if stored.contains(id) || erased.contains(id) || !works {
            return Err(ServerError::Forbidden);
        }
    }

    let records: Vec<RecordId> = batch.iter().map(|changes| changes.id).collect();
    tx.lock(Lock::Records(&records))?;
    let mut rows: BTreeMap<String, (WorkspaceId, Vec<u8>, u32)> = BTreeMap::new();
    each_among(
        &tx,
        "SELECT id, workspace_id, bytes, epoch FROM documents WHERE id IN ({ids})",
        &[],
        &ids,
        |row| {
            rows.insert(row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?));
            Ok(())
        },
    )?;

    let mut merged = Vec::with_capacity(batch.len());
    for (changes, id) in batch.iter().zip(&ids) {
        let (workspace, mut doc, new) = match rows.remove(id) {
            Some((workspace, bytes, epoch)) => {
                // Another merge made it between the check and the lock (the same device's
                // session on another server): it is changed as any stored record is.
                if !editable.contains(&(changes.editor, id.clone()))
                    && access_of(&tx, changes.editor, changes.id, now)? != DocumentAccess::Edit
                {
                    return Err(ServerError::Forbidden);
                }
                // Changes made to an epoch the server no longer holds would bring its erased
                // history back.
                if epoch != changes.epoch {
                    return Err(ServerError::StaleEpoch);
                }
                (workspace, AutoCommit::load(&bytes)?, false)
            }
            None => (changes.home, AutoCommit::new(), true),
        };
        let actors = apply(&mut doc, changes)?;
        merged.push(Merged {
            changes,
            workspace,
            doc,
            new,
            actors,
        });
    }
    bind_actors(&tx, &merged, now)?;
    store(&tx, &mut merged, now)?;

    let mut names = BTreeMap::new();
    for editor in editors {
        names.insert(editor, user_name(&tx, editor)?);
    }
    let mut entries = Vec::with_capacity(merged.len());
    let mut fed = BTreeSet::new();
    for one in &merged {
        let changes = one.changes;
        // Only a record arriving for the first time opens a case team (an existing record
        // keeps the scope the server holds), and its editor is its first member.
        if one.new && changes.opens_case_team {
            let id = changes.id.to_string();
            tx.execute("UPDATE documents SET case_team = 1 WHERE id = ?1", [&id])?;
            tx.execute(
                "INSERT INTO case_team_members (document_id, user_id, added_at)
                 VALUES (?1, ?2, ?3)",
                params![id, changes.editor, now.get()],
            )?;
        }
        let action = if one.new {
            AuditAction::Create
        } else {
            AuditAction::Edit
        };
        let editor = names.get(&changes.editor).map_or("", String::as_str);
        entries.push(change_entry(editor, changes, action, "", now));
        fed.insert((one.workspace, changes.device));
    }

    // The ledger last, and held to the commit: the audit log's links and the change feed's
    // numbers follow the order in which merges commit.
    tx.lock(Lock::Ledger)?;
    append_audit(&tx, &entries)?;
    for (workspace, device) in fed {
        tx.prepare_cached(
            "INSERT INTO change_feed (workspace_id, device, process, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![workspace, device.to_string(), process, now.get()])?;
    }
    tx.commit()
}

/// One document's changes, merged and not yet stored.
pub(super) struct Merged<'a> {
    pub changes: &'a DocumentChanges,
    pub workspace: WorkspaceId,
    pub doc: AutoCommit,
    pub new: bool,
    /// The actors (hex) that wrote the new changes.
    pub actors: BTreeSet<String>,
}

/// Loads `changes` into `doc`, and answers the actors that wrote them.
pub(super) fn apply(
    doc: &mut AutoCommit,
    changes: &DocumentChanges,
) -> Result<BTreeSet<String>, ServerError> {
    let before = doc.get_heads();
    doc.load_incremental(&changes.changes)?;
    Ok(doc
        .get_changes(&before)
        .iter()
        .map(|change| change.actor_id().to_hex_string())
        .collect())
}

/// Binds each actor that wrote the new changes to the person whose device sent them, the first
/// time the server sees it. Changes under an actor another person's device wrote under are
/// refused: a record's history must never name the wrong person.
pub(super) fn bind_actors(
    conn: &dyn Db,
    merged: &[Merged<'_>],
    now: UnixMillis,
) -> Result<(), ServerError> {
    let mut written_by: BTreeMap<&str, &DocumentChanges> = BTreeMap::new();
    for one in merged {
        for actor in &one.actors {
            if let Some(other) = written_by.insert(actor, one.changes) {
                if other.editor != one.changes.editor {
                    return Err(ServerError::AnotherPersonsActor);
                }
            }
        }
    }
    let actors: Vec<String> = written_by.keys().map(|actor| (*actor).to_owned()).collect();
    let mut known: BTreeMap<String, UserId> = BTreeMap::new();
    each_among(
        conn,
        "SELECT actor, user_id FROM actors WHERE actor IN ({ids})",
        &[],
        &actors,
        |row| {
            known.insert(row.get(0)?, row.get(1)?);
            Ok(())
        },
    )?;
    for (actor, changes) in written_by {
        let writer = match known.get(actor) {
            Some(writer) => *writer,
            None => {
                conn.prepare_cached(
                    "INSERT INTO actors (actor, user_id, device_id, first_seen)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (actor) DO NOTHING",
                )?
                .execute(params![
                    actor,
                    changes.editor,
                    changes.device.to_string(),
                    now.get()
                ])?;
                // Another merge may have bound it first: what was stored decides.
                conn.prepare_cached("SELECT user_id FROM actors WHERE actor = ?1")?
                    .query_row([actor], |row| row.get(0))?
            }
        };
        if writer != changes.editor {
            return Err(ServerError::AnotherPersonsActor);
        }
    }
    Ok(())
}

/// Documents stored by one statement at most: seven values each.
const DOCUMENTS_PER_STATEMENT: usize = 16;

/// Saves every merged document, new or changed, a few to a statement.
pub(super) fn store(
    conn: &dyn Db,
    merged: &mut [Merged<'_>],
    now: UnixMillis,
) -> Result<(), ServerError> {
    for chunk in merged.chunks_mut(DOCUMENTS_PER_STATEMENT) {
        let mut values = Vec::with_capacity(chunk.len() * 7);
        for one in chunk.iter_mut() {
            values.extend([
                one.changes.id.to_string().to_value(),
                one.workspace.to_value(),
                one.doc.save().to_value(),
                waymark_sync::heads::encode(&one.doc.get_heads()).to_value(),
                now.get().to_value(),
                waymark_sync::epoch::epoch_of(&one.doc).to_value(),
                erasure::kind_of(&one.doc).to_value(),
            ]);
        }
        conn.prepare_cached(&format!(
            "INSERT INTO documents (id, workspace_id, bytes, heads, updated_at, epoch, kind)
             VALUES {}
             ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, heads = excluded.heads,
                 updated_at = excluded.updated_at, kind = excluded.kind",
            value_rows(chunk.len(), 7)
        ))?
        .execute(values.as_slice())?;
    }
    Ok(())
}

/// The audit entry for `changes`, made by the user named `editor`.
pub(super) fn change_entry(
    editor: &str,
    changes: &DocumentChanges,
    action: AuditAction,
    detail: &str,
    now: UnixMillis,
) -> AuditEntry {
    AuditEntry {
        at: now,
        user: editor.to_owned(),
        device: Some(changes.device.to_string()),
        action,
        record: Some(changes.id),
        detail: detail.to_owned(),
    }
}
