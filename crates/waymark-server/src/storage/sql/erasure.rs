//! Erasure (privacy rules P12 and P13): whole records, the past text of a record (a new epoch),
//! and retention. Once an erasure commits, the backend lets go of what it still keeps of the
//! deleted rows ([`Db::forget_deleted`]): on SQLite, whose `secure_delete` zeroes freed pages,
//! the write-ahead log is emptied, so erased bytes are overwritten, not just unlinked.

use std::collections::BTreeSet;

use super::db::{params, Db, Optional};
use automerge::transaction::Transactable;
use automerge::{hydrate, ActorId, AutoCommit, ReadDoc, ScalarValue, ROOT};
use uuid::Uuid;
use waymark_core::audit::{AuditAction, AuditEntry};
use waymark_core::erasure::{
    self, Erasure, RetentionDue, RetentionExtension, RETENTION_ERASER, RETENTION_REASON,
};
use waymark_core::walkabout::document_keys as walkabout_keys;
use waymark_core::{CheckOut, RecordId, RecordKind, RouteSummary, UnixMillis};
use waymark_sync::epoch;

use super::{admin_entry, append_audit, manager, settings_of, workspace_id};
use crate::storage::{Eraser, RetentionApplied, UserId, WorkspaceId};
use crate::ServerError;

/// The kind a document says it is at its root.
pub(super) fn kind_of(doc: &AutoCommit) -> Option<String> {
    match doc.get(ROOT, "kind") {
        Ok(Some((automerge::Value::Scalar(scalar), _))) => match scalar.as_ref() {
            ScalarValue::Str(kind) => Some(kind.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Every SHA-256 a document names, wherever it names it: photos, site plans and sealed route
/// tracks are named by their hash, alone or inside a small JSON value, and the server does not
/// need to know each kind's fields to find them: any run of exactly 64 hex digits counts.
fn named_files(doc: &AutoCommit) -> BTreeSet<String> {
    fn walk(value: &hydrate::Value, found: &mut BTreeSet<String>) {
        let text = match value {
            hydrate::Value::Scalar(ScalarValue::Str(text)) => text.to_string(),
            hydrate::Value::Text(text) => text.to_string(),
            hydrate::Value::Map(map) => {
                map.iter().for_each(|(_, value)| walk(&value.value, found));
                return;
            }
            hydrate::Value::List(list) => {
                list.iter().for_each(|item| walk(&item.value, found));
                return;
            }
            hydrate::Value::Scalar(_) => return,
        };
        for run in text.split(|c: char| !c.is_ascii_hexdigit()) {
            if run.len() == 64 {
                found.insert(run.to_ascii_lowercase());
            }
        }
    }
    let mut found = BTreeSet::new();
    if let Ok(value) = doc.hydrate(ROOT, None) {
        walk(&value, &mut found);
    }
    found
}

/// A stored record's workspace and document, or why there is none.
fn stored(conn: &dyn Db, id: RecordId) -> Result<(WorkspaceId, AutoCommit), ServerError> {
    let row: Option<(WorkspaceId, Vec<u8>)> = conn
        .prepare_cached("SELECT workspace_id, bytes FROM documents WHERE id = ?1")?
        .query_row([id.to_string()], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match row {
        Some((workspace, bytes)) => Ok((workspace, AutoCommit::load(&bytes)?)),
        None if erased_in(conn, id)?.is_some() => Err(ServerError::Erased(id.to_string())),
        None => Err(ServerError::UnknownRecord(id.to_string())),
    }
}

fn workspace_name(conn: &dyn Db, workspace: WorkspaceId) -> Result<String, ServerError> {
    Ok(conn
        .prepare_cached("SELECT name FROM workspaces WHERE id = ?1")?
        .query_row([workspace], |row| row.get(0))?)
}

/// The stub of an erased record, and its workspace.
pub(super) fn erased_in(
    conn: &dyn Db,
    id: RecordId,
) -> Result<Option<(WorkspaceId, Erasure)>, ServerError> {
    let row: Option<(WorkspaceId, String, i64, String, String)> = conn
        .prepare_cached(
            "SELECT workspace_id, kind, erased_at, erased_by, reason FROM erasures
             WHERE document_id = ?1",
        )?
        .query_row([id.to_string()], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(workspace, kind, erased_at, by, reason)| {
        (
            workspace,
            Erasure {
                record: id,
                kind,
                erased_at: UnixMillis::new(erased_at),
                by,
                reason,
            },
        )
    }))
}

/// What user `user` is told of an erased record: its stub, if it was their workspace's.
pub(super) fn erasure_for(
    conn: &dyn Db,
    user: UserId,
    id: RecordId,
) -> Result<Option<Erasure>, ServerError> {
    let Some((workspace, erasure)) = erased_in(conn, id)? else {
        return Ok(None);
    };
    Ok(is_member(conn, user, workspace)?.then_some(erasure))
}

/// Whether user `user` belongs to the workspace, in any role.
pub(super) fn is_member(
    conn: &dyn Db,
    user: UserId,
    workspace: WorkspaceId,
) -> Result<bool, ServerError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM memberships WHERE user_id = ?1 AND workspace_id = ?2)",
        )?
        .query_row(params![user, workspace], |row| row.get(0))?)
}

/// Erases a record inside `conn`'s transaction: the document and every row that hangs off it
/// go, and so do the files only it named; the stub and the audit entry are written.
fn erase_in(
    conn: &dyn Db,
    id: RecordId,
    workspace: WorkspaceId,
    doc: &AutoCommit,
    by: Eraser<'_>,
    reason: &str,
    now: UnixMillis,
) -> Result<Erasure, ServerError> {
    let key = id.to_string();
    let kind = kind_of(doc).unwrap_or_else(|| "unknown".to_owned());
    let named = named_files(doc);
    for table in [
        "case_team_members",
        "shared_records",
        "withdrawals",
        "retention_extensions",
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE document_id = ?1"),
            [&key],
        )?;
    }
    conn.execute("DELETE FROM documents WHERE id = ?1", [&key])?;
    let (by_name, device) = match by {
        Eraser::Manager { name, device } => (name.to_owned(), device.map(|d| d.to_string())),
        Eraser::Retention => (RETENTION_ERASER.to_owned(), None),
    };
    conn.execute(
        "INSERT INTO erasures (document_id, workspace_id, kind, erased_at, erased_by, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![key, workspace, kind, now.get(), by_name, reason],
    )?;
    if !named.is_empty() {
        forget_files(conn, workspace, &named)?;
    }
    append_audit(
        conn,
        &[AuditEntry {
            at: now,
            user: by_name.clone(),
            device,
            action: AuditAction::Erase,
            record: Some(id),
            detail: format!("{kind}: {reason}"),
        }],
    )?;
    Ok(Erasure {
        record: id,
        kind,
        erased_at: now,
        by: by_name,
        reason: reason.to_owned(),
    })
}

/// Removes the workspace's hold on files an erased record named, and the files themselves once
/// no workspace holds them. A file another record of the workspace still names stays. This opens
/// the workspace's other records, which is slow for a large workspace; erasing a record that
/// names files is rare.
fn forget_files(
    conn: &dyn Db,
    workspace: WorkspaceId,
    named: &BTreeSet<String>,
) -> Result<(), ServerError> {
    let mut still_named = BTreeSet::new();
    conn.prepare_cached("SELECT bytes FROM documents WHERE workspace_id = ?1")?
        .for_each([workspace], |row| {
            if let Ok(doc) = AutoCommit::load(&row.get::<_, Vec<u8>>(0)?) {
                still_named.extend(named_files(&doc).intersection(named).cloned());
            }
            Ok(())
        })?;
    for sha256 in named.difference(&still_named) {
        conn.execute(
            "DELETE FROM blob_workspaces WHERE sha256 = ?1 AND workspace_id = ?2",
            params![sha256, workspace],
        )?;
        conn.execute(
            "DELETE FROM blob_upload_chunks WHERE sha256 = ?1 AND workspace_id = ?2",
            params![sha256, workspace],
        )?;
        conn.execute(
            "DELETE FROM blobs WHERE sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM blob_workspaces WHERE sha256 = ?1)",
            [sha256],
        )?;
    }
    Ok(())
}

pub(super) fn erase_record(
    conn: &dyn Db,
    id: RecordId,
    by: Eraser<'_>,
    reason: &str,
    now: UnixMillis,
) -> Result<(WorkspaceId, Erasure), ServerError> {
    let tx = conn.transaction()?;
    let (workspace, doc) = stored(&tx, id)?;
    if let Eraser::Manager { name, .. } = by {
        manager(&tx, name, workspace, &workspace_name(&tx, workspace)?)?;
        erasure::check_reason(reason, &settings_of(&tx, workspace)?)
            .map_err(ServerError::Invalid)?;
    }
    let erasure = erase_in(&tx, id, workspace, &doc, by, reason, now)?;
    tx.commit()?;
    conn.forget_deleted()?;
    Ok((workspace, erasure))
}

pub(super) fn erase_history(
    conn: &dyn Db,
    id: RecordId,
    manager_name: &str,
    device: Option<Uuid>,
    reason: &str,
    now: UnixMillis,
) -> Result<(WorkspaceId, u32), ServerError> {
    let tx = conn.transaction()?;
    let (workspace, mut doc) = stored(&tx, id)?;
    let manager_id = manager(
        &tx,
        manager_name,
        workspace,
        &workspace_name(&tx, workspace)?,
    )?;
    erasure::check_reason(reason, &settings_of(&tx, workspace)?).map_err(ServerError::Invalid)?;
    // A new actor for the rewrite, bound to the manager, so the history names who had it done.
    let actor = ActorId::random();
    tx.execute(
        "INSERT INTO actors (actor, user_id, device_id, first_seen) VALUES (?1, ?2, ?3, ?4)",
        params![
            actor.to_hex_string(),
            manager_id,
            device.map_or_else(|| "admin".to_owned(), |d| d.to_string()),
            now.get()
        ],
    )?;
    let message = erasure::history_erased_message(manager_name, reason);
    let mut fresh = epoch::rewrite(&mut doc, actor, &message, now.get())?;
    let new_epoch = epoch::epoch_of(&fresh);
    tx.execute(
        // The time of its last change stays: erasing its past does not restart its retention.
        "UPDATE documents SET bytes = ?2, heads = ?3, epoch = ?4 WHERE id = ?1",
        params![
            id.to_string(),
            fresh.save(),
            waymark_sync::heads::encode(&fresh.get_heads()),
            new_epoch
        ],
    )?;
    append_audit(
        &tx,
        &[AuditEntry {
            at: now,
            user: manager_name.to_owned(),
            device: device.map(|d| d.to_string()),
            action: AuditAction::EraseHistory,
            record: Some(id),
            detail: format!("epoch {new_epoch}: {reason}"),
        }],
    )?;
    tx.commit()?;
    conn.forget_deleted()?;
    Ok((workspace, new_epoch))
}

/// Fills in the kind of documents stored before the server kept it, reading each once.
fn fill_in_kinds(conn: &dyn Db) -> Result<(), ServerError> {
    let unknown: Vec<(String, Vec<u8>)> = conn
        .prepare("SELECT id, bytes FROM documents WHERE kind IS NULL")?
        .query_map((), |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, bytes) in unknown {
        let kind = AutoCommit::load(&bytes).ok().and_then(|doc| kind_of(&doc));
        if let Some(kind) = kind {
            conn.execute(
                "UPDATE documents SET kind = ?2 WHERE id = ?1",
                params![id, kind],
            )?;
        }
    }
    Ok(())
}

/// Every record of a workspace with when it is due for erasure, soonest first.
fn due_in(conn: &dyn Db, workspace: WorkspaceId) -> Result<Vec<RetentionDue>, ServerError> {
    let settings = settings_of(conn, workspace)?;
    let rows: Vec<(String, Option<String>, i64, i64)> = conn
        .prepare_cached(
            "SELECT d.id, d.kind, d.updated_at,
                    COALESCE((SELECT CAST(SUM(e.days) AS BIGINT) FROM retention_extensions e
                              WHERE e.document_id = d.id), 0)
             FROM documents d WHERE d.workspace_id = ?1 AND d.quarantined_at IS NULL",
        )?
        .query_map([workspace], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut due = Vec::with_capacity(rows.len());
    for (id, kind, updated_at, extended) in rows {
        // A record whose kind cannot be read is never erased by the clock: a person looks at it.
        let (Ok(record), Some(kind)) = (id.parse::<RecordId>(), kind) else {
            continue;
        };
        let extended_days = u32::try_from(extended).unwrap_or(u32::MAX);
        let last_changed = UnixMillis::new(updated_at);
        due.push(RetentionDue {
            record,
            due_at: erasure::due_at(
                last_changed,
                erasure::retention_days(&settings, &kind),
                extended_days,
            ),
            kind,
            last_changed,
            extended_days,
        });
    }
    due.sort_by_key(|record| (record.due_at, record.record));
    Ok(due)
}

pub(super) fn retention_due(
    conn: &dyn Db,
    workspace: &str,
    manager_name: &str,
    until: UnixMillis,
) -> Result<Vec<RetentionDue>, ServerError> {
    let workspace_id = workspace_id(conn, workspace)?;
    manager(conn, manager_name, workspace_id, workspace)?;
    fill_in_kinds(conn)?;
    let mut due = due_in(conn, workspace_id)?;
    due.retain(|record| record.due_at <= until);
    Ok(due)
}

pub(super) fn extend_retention(
    conn: &dyn Db,
    manager_name: &str,
    extension: &RetentionExtension,
    now: UnixMillis,
) -> Result<(), ServerError> {
    let tx = conn.transaction()?;
    let (workspace, _) = stored(&tx, extension.record)?;
    manager(
        &tx,
        manager_name,
        workspace,
        &workspace_name(&tx, workspace)?,
    )?;
    erasure::check_reason(&extension.reason, &settings_of(&tx, workspace)?)
        .map_err(ServerError::Invalid)?;
    tx.execute(
        "INSERT INTO retention_extensions (document_id, days, extended_by, reason, extended_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            extension.record.to_string(),
            extension.days,
            manager_name,
            extension.reason,
            now.get()
        ],
    )?;
    append_audit(
        &tx,
        &[admin_entry(
            manager_name,
            AuditAction::RetentionExtended,
            extension.record,
            format!("{} days: {}", extension.days, extension.reason),
            now,
        )],
    )?;
    tx.commit()?;
    Ok(())
}

/// A JSON value at the document's root, as the store writes small structured values.
fn root_json<T: serde::de::DeserializeOwned>(doc: &AutoCommit, key: &str) -> Option<T> {
    match doc.get(ROOT, key) {
        Ok(Some((automerge::Value::Scalar(scalar), _))) => match scalar.as_ref() {
            ScalarValue::Str(json) => serde_json::from_str(json).ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Erases the sealed route track of each of the workspace's walkabouts checked out longer ago
/// than the workspace keeps tracks: the walkabout is rewritten as its next epoch without the
/// track's seal (so no copy of its history names it), and the track's file goes. The walkabout
/// itself stays, with its route's distance and times.
fn erase_route_tracks(
    conn: &dyn Db,
    workspace: WorkspaceId,
    now: UnixMillis,
) -> Result<Vec<RecordId>, ServerError> {
    let days = erasure::route_track_days(&settings_of(conn, workspace)?);
    let walkabouts: Vec<(String, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT id, bytes FROM documents
             WHERE workspace_id = ?1 AND kind = ?2 AND quarantined_at IS NULL
               AND track_erased_at IS NULL",
        )?
        .query_map(params![workspace, RecordKind::Walkabout.as_str()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut erased = Vec::new();
    for (id, bytes) in walkabouts {
        let (Ok(record), Ok(mut doc)) = (id.parse::<RecordId>(), AutoCommit::load(&bytes)) else {
            continue;
        };
        let Some(mut route) = root_json::<RouteSummary>(&doc, walkabout_keys::ROUTE) else {
            continue;
        };
        let Some(sealed) = route.sealed_sha256.take() else {
            continue;
        };
        let Some(check_out) = root_json::<CheckOut>(&doc, walkabout_keys::CHECK_OUT) else {
            continue;
        };
        if erasure::due_at(UnixMillis::from_datetime(check_out.at), days, 0) > now {
            continue;
        }
        let route = serde_json::to_string(&route)
            .map_err(|error| ServerError::Io(std::io::Error::other(error)))?;
        let mut fresh = epoch::rewrite_with(
            &mut doc,
            ActorId::random(),
            erasure::ROUTE_TRACK_ERASED,
            now.get(),
            |fresh| {
                fresh.put(ROOT, walkabout_keys::ROUTE, route.as_str())?;
                fresh.put(
                    ROOT,
                    walkabout_keys::ROUTE_ERASED_AT,
                    ScalarValue::Timestamp(now.get()),
                )
            },
        )?;
        conn.execute(
            "UPDATE documents SET bytes = ?2, heads = ?3, epoch = ?4, track_erased_at = ?5
             WHERE id = ?1",
            params![
                id,
                fresh.save(),
                waymark_sync::heads::encode(&fresh.get_heads()),
                epoch::epoch_of(&fresh),
                now.get()
            ],
        )?;
        forget_files(conn, workspace, &BTreeSet::from([sealed]))?;
        append_audit(
            conn,
            &[admin_entry(
                RETENTION_ERASER,
                AuditAction::Erase,
                record,
                "route track: retention".to_owned(),
                now,
            )],
        )?;
        erased.push(record);
    }
    Ok(erased)
}

pub(super) fn apply_retention(
    conn: &dyn Db,
    now: UnixMillis,
) -> Result<RetentionApplied, ServerError> {
    let tx = conn.transaction()?;
    fill_in_kinds(&tx)?;
    let workspaces: Vec<WorkspaceId> = tx
        .prepare("SELECT id FROM workspaces")?
        .query_map((), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut applied = RetentionApplied::default();
    for workspace in workspaces {
        for due in due_in(&tx, workspace)? {
            if due.due_at > now {
                break;
            }
            // One record that cannot be read must not hold up the rest, hour after hour.
            let doc = match stored(&tx, due.record) {
                Ok((_, doc)) => doc,
                Err(error) => {
                    tracing::error!(code = error.code(), record = %due.record, "a record due for erasure could not be read");
                    continue;
                }
            };
            let erasure = erase_in(
                &tx,
                due.record,
                workspace,
                &doc,
                Eraser::Retention,
                RETENTION_REASON,
                now,
            )?;
            applied.records.push((workspace, erasure));
        }
        for walkabout in erase_route_tracks(&tx, workspace, now)? {
            applied.route_tracks.push((workspace, walkabout));
        }
    }
    tx.commit()?;
    if !applied.workspaces().is_empty() {
        conn.forget_deleted()?;
    }
    Ok(applied)
}
