//! Automerge documents as rows of the `documents` table, and the small helpers every record kind
//! uses to read and write its fields.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;
use waymark_core::{history, HistoryEntry, RecordId, RecordKind, UnixMillis};

use crate::{Store, StoreError};

/// The document layout version written by this build. Readers treat a missing field as its
/// default and leave fields they do not know alone, so older and newer apps can share a document.
/// Version 2 keeps values people edit one key per field (`fields.rs`); a version 1 document is
/// upgraded the first time this build changes it.
pub(crate) const DOCUMENT_SCHEMA: i64 = 2;

/// Keys every record document carries at its root.
pub(crate) mod keys {
    pub const SCHEMA: &str = "schema";
    pub const EPOCH: &str = waymark_sync::epoch::EPOCH_KEY;
    pub const KIND: &str = "kind";
    pub const ID: &str = "id";
    pub const CREATED_AT: &str = "created_at";
    pub const UPDATED_AT: &str = "updated_at";
}

/// A moment as Automerge stores it.
pub(crate) fn timestamp(at: UnixMillis) -> ScalarValue {
    ScalarValue::Timestamp(at.get())
}

/// Starts a new record document with the root keys every kind shares.
pub(crate) fn new_document(
    actor: &automerge::ActorId,
    kind: RecordKind,
    id: RecordId,
    now: UnixMillis,
) -> Result<AutoCommit, StoreError> {
    let mut doc = AutoCommit::new().with_actor(actor.clone());
    doc.put(ROOT, keys::SCHEMA, DOCUMENT_SCHEMA)?;
    doc.put(ROOT, keys::EPOCH, 0_i64)?;
    doc.put(ROOT, keys::KIND, kind.as_str())?;
    doc.put(ROOT, keys::ID, id.to_string())?;
    doc.put(ROOT, keys::CREATED_AT, timestamp(now))?;
    doc.put(ROOT, keys::UPDATED_AT, timestamp(now))?;
    Ok(doc)
}

/// Commits the pending operations with the time and a short description of what changed, which
/// the record's history shows later.
pub(crate) fn commit(doc: &mut AutoCommit, message: &str, now: UnixMillis) {
    doc.commit_with(
        CommitOptions::default()
            .with_message(message.to_owned())
            .with_time(now.get()),
    );
}

/// A stored document and its kind.
pub(crate) struct StoredDocument {
    pub kind: String,
    pub doc: AutoCommit,
}

/// A kind of record kept as a document with a projection: what the store needs to read, save and
/// change one without knowing its fields.
pub(crate) trait Record: Sized {
    const KIND: RecordKind;
    /// The table its projection rows start from; deleting a row there removes the rows that hang
    /// off it.
    const PROJECTION: &'static str;
    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError>;
    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError>;
    fn updated_at(&self) -> OffsetDateTime;
    /// The SHA-256 of each attachment the record names.
    fn attachments(&self) -> Vec<&str> {
        Vec::new()
    }
    /// What it says in prose, for the name check (P3).
    fn free_texts(&self) -> Vec<&str>;
    /// The words in it that someone confirmed are not a child's name (P3), lower-cased.
    fn not_childs_names(&self) -> &[String] {
        &[]
    }
    /// Rewrites what an older layout kept whole into this build's layout. Every kind that keeps
    /// values one key per field lists them here.
    fn upgrade(_doc: &mut AutoCommit) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Upgrades a document written by an older layout before it is changed, and marks it as this
/// layout's. Reading needs no upgrade: each value is read in either layout.
pub(crate) fn upgrade_before_change<R: Record>(doc: &mut AutoCommit) -> Result<(), StoreError> {
    let schema = match doc.get(ROOT, keys::SCHEMA)? {
        Some((Value::Scalar(scalar), _)) => scalar.as_i64().unwrap_or(0),
        _ => 0,
    };
    if schema < DOCUMENT_SCHEMA {
        R::upgrade(doc)?;
        doc.put(ROOT, keys::SCHEMA, DOCUMENT_SCHEMA)?;
    }
    Ok(())
}

impl Store {
    pub(crate) fn get_record<R: Record>(&self, id: RecordId) -> Result<R, StoreError> {
        let doc = self.take_kind(id, R::KIND)?;
        let record = R::read(id, &doc);
        self.keep_kind(id, R::KIND, doc);
        record
    }

    /// Lets `change` edit the document, then commits the edit with `message` and saves it. An edit
    /// that changes nothing writes nothing.
    pub(crate) fn change_record<R: Record>(
        &mut self,
        id: RecordId,
        message: &str,
        change: impl FnOnce(&mut AutoCommit) -> Result<(), StoreError>,
    ) -> Result<R, StoreError> {
        self.refuse_if_shared_to_read(id)?;
        let mut doc = self.take_kind(id, R::KIND)?;
        upgrade_before_change::<R>(&mut doc)?;
        change(&mut doc)?;
        if doc.pending_ops() == 0 {
            let record = R::read(id, &doc);
            self.keep_kind(id, R::KIND, doc);
            return record;
        }
        let now = self.now();
        doc.put(ROOT, keys::UPDATED_AT, timestamp(now))?;
        commit(&mut doc, message, now);
        self.save_record(id, doc)
    }

    /// Saves the document and rewrites its projection in one transaction.
    pub(crate) fn save_record<R: Record>(
        &mut self,
        id: RecordId,
        mut doc: AutoCommit,
    ) -> Result<R, StoreError> {
        let record = R::read(id, &doc)?;
        // A savepoint: its own transaction, or part of a sync frame's when one is open.
        let tx = self.conn.savepoint()?;
        save(
            &tx,
            id,
            R::KIND.as_str(),
            &mut doc,
            record.updated_at().into(),
        )?;
        R::project(&tx, &record)?;
        tx.commit()?;
        self.keep_kind(id, R::KIND, doc);
        Ok(record)
    }
}

/// How many documents stay parsed in memory. A walk touches one walkabout and a context or two.
const CACHED_DOCUMENTS: usize = 16;

/// Parsed documents, kept so that each change does not parse the whole document again. A document
/// is taken out while it is read or changed and put back only once it is saved, so a change that
/// fails half way never leaves its half-changed copy behind.
#[derive(Default)]
pub(crate) struct DocumentCache(std::collections::HashMap<RecordId, StoredDocument>);

impl DocumentCache {
    /// Forgets every parsed document, for when the database is changed behind the cache's back.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

impl std::fmt::Debug for DocumentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentCache")
            .field("documents", &self.0.len())
            .finish()
    }
}

impl Store {
    /// Takes a document out of the cache, or reads it from the database.
    pub(crate) fn take_document(&self, id: RecordId) -> Result<StoredDocument, StoreError> {
        if let Some(stored) = self.documents.borrow_mut().0.remove(&id) {
            return Ok(stored);
        }
        let (kind, doc) = read(&self.conn, id)?;
        let doc = doc.with_actor(self.actor.clone());
        Ok(StoredDocument { kind, doc })
    }

    /// Takes a document of the given kind; a record of another kind is "not found" for this kind.
    pub(crate) fn take_kind(
        &self,
        id: RecordId,
        kind: RecordKind,
    ) -> Result<AutoCommit, StoreError> {
        let stored = self.take_document(id)?;
        if stored.kind != kind.as_str() {
            let found = stored.kind.clone();
            self.keep_document(id, stored);
            return Err(StoreError::WrongKind(id, found, kind.as_str()));
        }
        Ok(stored.doc)
    }

    pub(crate) fn keep_kind(&self, id: RecordId, kind: RecordKind, doc: AutoCommit) {
        self.keep_document(
            id,
            StoredDocument {
                kind: kind.as_str().to_owned(),
                doc,
            },
        );
    }

    /// Our copy of a record merged with another device's copy, which holds every change of both.
    /// A copy that claims another id or kind is refused before anything is saved.
    pub(crate) fn merged(
        &self,
        id: RecordId,
        kind: RecordKind,
        bytes: &[u8],
    ) -> Result<AutoCommit, StoreError> {
        let mut theirs = AutoCommit::load(bytes)?;
        let mut doc = match self.take_kind(id, kind) {
            Ok(ours) => ours,
            Err(StoreError::NotFound(_)) => AutoCommit::new().with_actor(self.actor.clone()),
            Err(other) => return Err(other),
        };
        doc.merge(&mut theirs)?;
        check_identity(&doc, id, kind.as_str())?;
        Ok(doc)
    }

    /// Who changed what, and when, read from the document's own changes, oldest first.
    pub fn history(&self, id: RecordId) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut stored = self.take_document(id)?;
        let directory = self.directory()?;
        let mut entries: Vec<HistoryEntry> = stored
            .doc
            .get_changes(&[])
            .into_iter()
            .map(|change| HistoryEntry {
                at: UnixMillis::new(change.timestamp()).to_datetime(),
                by: history::changed_by(
                    change.actor_id() == &self.actor,
                    &change.actor_id().to_hex_string(),
                    directory.as_ref(),
                ),
                what: change.message().unwrap_or_default().to_owned(),
                changes: 1,
            })
            .collect();
        self.keep_document(id, stored);
        entries.sort_by_key(|entry| entry.at);
        Ok(history::collapse_history(entries))
    }

    /// Drops a document's parsed copy, for one deleted from the database.
    pub(crate) fn forget_document(&self, id: RecordId) {
        self.documents.borrow_mut().0.remove(&id);
    }

    /// Drops every parsed copy, after a rollback that may have left them ahead of the database.
    pub(crate) fn forget_all_documents(&self) {
        self.documents.borrow_mut().clear();
    }

    /// Puts back a document that matches what is saved.
    pub(crate) fn keep_document(&self, id: RecordId, stored: StoredDocument) {
        let mut cache = self.documents.borrow_mut();
        if cache.0.len() >= CACHED_DOCUMENTS {
            cache.0.clear();
        }
        cache.0.insert(id, stored);
    }
}

/// How many appended changes a document may gather before they are folded into its snapshot.
const CHANGES_BEFORE_SNAPSHOT: i64 = 64;

/// Reads a document: its snapshot, then the changes appended since.
pub(crate) fn read(conn: &Connection, id: RecordId) -> Result<(String, AutoCommit), StoreError> {
    let row: Option<(String, Vec<u8>)> = conn
        .prepare_cached("SELECT kind, bytes FROM documents WHERE id = ?1")?
        .query_row(params![id.to_string()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let (kind, snapshot) = row.ok_or(StoreError::NotFound(id))?;
    let mut doc = AutoCommit::load(&snapshot)?;
    let mut changes = conn
        .prepare_cached("SELECT bytes FROM document_changes WHERE document_id = ?1 ORDER BY seq")?;
    for chunk in changes.query_map(params![id.to_string()], |row| row.get::<_, Vec<u8>>(0))? {
        doc.load_incremental(&chunk?)?;
    }
    Ok((kind, doc))
}

/// A saved document's heads, how many changes are appended to its snapshot, and the last one's
/// number. The changes are counted and numbered in subqueries that name `d.id`, not `?1`:
/// written against the bound id (an INSERT ... SELECT MAX, or a join), SQLite prepared the
/// statement anew on every save, as its reprepare count showed.
const SAVED_STATE: &str = "SELECT d.heads,
        (SELECT COUNT(*) FROM document_changes c WHERE c.document_id = d.id),
        (SELECT COALESCE(MAX(seq), 0) FROM document_changes c WHERE c.document_id = d.id)
    FROM documents d WHERE d.id = ?1";

const APPEND_CHANGES: &str =
    "INSERT INTO document_changes (document_id, seq, bytes) VALUES (?1, ?2, ?3)";

/// Saves what changed since the document was last saved: a new snapshot for a new document or
/// one with many appended changes, otherwise one appended row with just the new changes.
pub(crate) fn save(
    conn: &Connection,
    id: RecordId,
    kind: &str,
    doc: &mut AutoCommit,
    updated_at: UnixMillis,
) -> Result<(), StoreError> {
    let key = id.to_string();
    let heads = waymark_sync::heads::encode(&doc.get_heads());
    let epoch = waymark_sync::epoch::epoch_of(doc);
    let saved: Option<(Vec<u8>, i64, i64)> = conn
        .prepare_cached(SAVED_STATE)?
        .query_row(params![key], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    match saved {
        Some((saved_heads, appended, last_seq)) if appended < CHANGES_BEFORE_SNAPSHOT => {
            let chunk = doc.save_after(&waymark_sync::heads::decode(&saved_heads));
            conn.prepare_cached(APPEND_CHANGES)?
                .execute(params![key, last_seq + 1, chunk])?;
            conn.prepare_cached(
                "UPDATE documents SET heads = ?2, updated_at = ?3, epoch = ?4 WHERE id = ?1",
            )?
            .execute(params![key, heads, updated_at.get(), epoch])?;
        }
        _ => {
            conn.prepare_cached(
                "INSERT INTO documents (id, kind, heads, bytes, updated_at, epoch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET heads = excluded.heads, bytes = excluded.bytes,
                                                updated_at = excluded.updated_at,
                                                epoch = excluded.epoch",
            )?
            .execute(params![
                key,
                kind,
                heads,
                doc.save(),
                updated_at.get(),
                epoch
            ])?;
            conn.prepare_cached("DELETE FROM document_changes WHERE document_id = ?1")?
                .execute(params![key])?;
        }
    }
    Ok(())
}

/// Reads a plain string; a missing key or another type reads as `None`.
pub(crate) fn get_str(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<Option<String>, StoreError> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    })
}

pub(crate) fn get_f64(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<f64>, StoreError> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::F64(v) => Some(*v),
            ScalarValue::Int(v) => Some(*v as f64),
            _ => None,
        },
        _ => None,
    })
}

/// Reads a moment; a missing key or another type reads as the epoch.
pub(crate) fn get_timestamp(doc: &AutoCommit, key: &str) -> Result<UnixMillis, StoreError> {
    get_timestamp_at(doc, &ROOT, key)
}

/// Reads long free text. Older or foreign writers may have stored a plain string; read that too.
pub(crate) fn get_text(doc: &AutoCommit, key: &str) -> Result<String, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Text), text)) => doc.text(&text)?,
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    })
}

/// Changes long free text by the smallest edit, so that two people editing one note offline both
/// keep their words when the copies merge.
pub(crate) fn update_text(doc: &mut AutoCommit, key: &str, new: &str) -> Result<(), StoreError> {
    let text = match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Text), text)) => text,
        _ => doc.put_object(ROOT, key, ObjType::Text)?,
    };
    doc.update_text(&text, new)?;
    Ok(())
}

/// Writes a small structured value as one JSON string: it is replaced as a whole, never merged
/// field by field, which suits values edited as a unit (a check-in, a team list).
pub(crate) fn put_json<T: serde::Serialize>(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).map_err(StoreError::Json)?;
    doc.put(obj, key, json)?;
    Ok(())
}

/// Reads a value written by [`put_json`]; a missing or unreadable value reads as `None`.
pub(crate) fn get_json<T: serde::de::DeserializeOwned>(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<Option<T>, StoreError> {
    Ok(get_str(doc, obj, key)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Refuses a document whose own id or kind is not the one it is being filed under: a copy filed
/// under the wrong id would overwrite another record's projection.
pub(crate) fn check_identity(doc: &AutoCommit, id: RecordId, kind: &str) -> Result<(), StoreError> {
    let claimed_id = get_str(doc, &ROOT, keys::ID)?;
    let claimed_kind = get_str(doc, &ROOT, keys::KIND)?;
    if claimed_id.as_deref() == Some(id.to_string().as_str())
        && claimed_kind.as_deref() == Some(kind)
    {
        Ok(())
    } else {
        Err(StoreError::MismatchedDocument(id))
    }
}

/// The map at `key` in `parent`, made if it is missing. Containers two devices may fill are made
/// when the document is created; this makes one only for a document older than the field.
pub(crate) fn map_at(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Result<ObjId, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => doc.put_object(parent, key, ObjType::Map)?,
    })
}

/// The map at `key` in `parent`, if there is one.
pub(crate) fn read_map_at(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
) -> Result<Option<ObjId>, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Map), obj)) => Some(obj),
        _ => None,
    })
}

/// Changes the text at `key` in `parent` by the smallest edit, making it if it is missing.
pub(crate) fn update_text_at(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    new: &str,
) -> Result<(), StoreError> {
    let text = match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), text)) => text,
        _ => doc.put_object(parent, key, ObjType::Text)?,
    };
    doc.update_text(&text, new)?;
    Ok(())
}

/// The text at `key` in `parent`; a plain string reads too, and anything else as empty.
pub(crate) fn read_text_at(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
) -> Result<String, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), text)) => doc.text(&text)?,
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    })
}

/// Every string value `key` holds: the one Automerge shows first, then those written at the same
/// time on other devices. A status set twice offline is a true conflict, shown, never dropped.
pub(crate) fn get_strs_all(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<Vec<String>, StoreError> {
    let winner = get_str(doc, obj, key)?;
    let mut all: Vec<String> = winner.into_iter().collect();
    for (value, _) in doc.get_all(obj, key)? {
        if let Value::Scalar(scalar) = value {
            if let ScalarValue::Str(s) = scalar.as_ref() {
                if !all.iter().any(|a| a == s.as_str()) {
                    all.push(s.to_string());
                }
            }
        }
    }
    Ok(all)
}

/// A flag; missing or another type reads as false.
pub(crate) fn get_bool(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<bool, StoreError> {
    Ok(
        matches!(doc.get(obj, key)?, Some((Value::Scalar(s), _)) if s.as_ref() == &ScalarValue::Boolean(true)),
    )
}

/// The keys of a map that are record ids, in id order (ids are time-ordered, so this is the
/// order they were added in).
pub(crate) fn id_keys(doc: &AutoCommit, map: &ObjId) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = doc.keys(map).filter_map(|key| key.parse().ok()).collect();
    ids.sort();
    ids
}

/// A moment kept at `key` in `obj`; missing or another type reads as the epoch.
pub(crate) fn get_timestamp_at(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<UnixMillis, StoreError> {
    Ok(match doc.get(obj, key)? {
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => UnixMillis::new(*ms),
            _ => UnixMillis::EPOCH,
        },
        _ => UnixMillis::EPOCH,
    })
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;
    use waymark_core::{ContextDraft, ContextEdit};

    use super::{APPEND_CHANGES, SAVED_STATE};
    use crate::{Store, DATABASE_FILE_NAME};

    /// A save is a few small writes; parsing its SQL again each time cost a tenth of it.
    #[test]
    fn saving_again_and_again_prepares_its_statements_once() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join(DATABASE_FILE_NAME)).expect("store");
        let draft = |name: &str| ContextDraft {
            name: name.to_owned(),
            context_type: "park_or_green_space".to_owned(),
            ..ContextDraft::default()
        };
        let first = store
            .create_context(draft("Elm Lane park"))
            .expect("saved")
            .id;
        let second = store
            .create_context(draft("Ash Road shops"))
            .expect("saved")
            .id;
        for round in 0..3 {
            for id in [first, second] {
                let edit = ContextEdit::Description(format!("Visited {round} times"));
                store.update_context(id, edit).expect("saved");
            }
        }
        for sql in [SAVED_STATE, APPEND_CHANGES] {
            let statement = store.conn.prepare_cached(sql).expect("cached");
            assert_eq!(statement.get_status(StatementStatus::RePrepare), 0, "{sql}");
            assert!(statement.get_status(StatementStatus::Run) >= 6, "{sql}");
        }
    }
}
