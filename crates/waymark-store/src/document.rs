//! Automerge documents as rows of the `documents` table, and the small helpers every record kind
//! uses to read and write its fields.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use rusqlite::{params, Connection, OptionalExtension};
use time::OffsetDateTime;
use waymark_core::RecordId;

use crate::StoreError;

/// The document layout version written by this build. Readers treat a missing field as its
/// default and leave fields they do not know alone, so older and newer apps can share a document.
pub(crate) const DOCUMENT_SCHEMA: i64 = 1;

/// Keys every record document carries at its root.
pub(crate) mod keys {
    pub const SCHEMA: &str = "schema";
    pub const EPOCH: &str = "epoch";
    pub const KIND: &str = "kind";
    pub const ID: &str = "id";
    pub const CREATED_AT: &str = "created_at";
    pub const UPDATED_AT: &str = "updated_at";
}

pub(crate) fn now_millis() -> i64 {
    unix_millis(OffsetDateTime::now_utc())
}

pub(crate) fn unix_millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

pub(crate) fn millis_to_datetime(millis: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Starts a new record document with the root keys every kind shares.
pub(crate) fn new_document(
    actor: &automerge::ActorId,
    kind: &str,
    id: RecordId,
    now: i64,
) -> Result<AutoCommit, StoreError> {
    let mut doc = AutoCommit::new().with_actor(actor.clone());
    doc.put(ROOT, keys::SCHEMA, DOCUMENT_SCHEMA)?;
    doc.put(ROOT, keys::EPOCH, 0_i64)?;
    doc.put(ROOT, keys::KIND, kind)?;
    doc.put(ROOT, keys::ID, id.to_string())?;
    doc.put(ROOT, keys::CREATED_AT, ScalarValue::Timestamp(now))?;
    doc.put(ROOT, keys::UPDATED_AT, ScalarValue::Timestamp(now))?;
    Ok(doc)
}

/// Commits the pending operations with the time and a short description of what changed, which
/// the record's history shows later.
pub(crate) fn commit(doc: &mut AutoCommit, message: &str, now: i64) {
    doc.commit_with(
        CommitOptions::default()
            .with_message(message.to_owned())
            .with_time(now),
    );
}

/// A stored document and its kind.
pub(crate) struct StoredDocument {
    pub kind: String,
    pub doc: AutoCommit,
}

pub(crate) fn load(
    conn: &Connection,
    actor: &automerge::ActorId,
    id: RecordId,
) -> Result<StoredDocument, StoreError> {
    let row: Option<(String, Vec<u8>)> = conn
        .prepare_cached("SELECT kind, bytes FROM documents WHERE id = ?1")?
        .query_row(params![id.to_string()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let (kind, bytes) = row.ok_or(StoreError::NotFound(id))?;
    let doc = AutoCommit::load(&bytes)?.with_actor(actor.clone());
    Ok(StoredDocument { kind, doc })
}

pub(crate) fn save(
    conn: &Connection,
    id: RecordId,
    kind: &str,
    doc: &mut AutoCommit,
    updated_at: i64,
) -> Result<(), StoreError> {
    let heads = encode_heads(&doc.get_heads());
    let bytes = doc.save();
    conn.prepare_cached(
        "INSERT INTO documents (id, kind, heads, bytes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET heads = excluded.heads, bytes = excluded.bytes,
                                        updated_at = excluded.updated_at",
    )?
    .execute(params![id.to_string(), kind, heads, bytes, updated_at])?;
    Ok(())
}

fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    let mut sorted = heads.to_vec();
    sorted.sort_unstable();
    sorted.iter().flat_map(|h| h.0).collect()
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

pub(crate) fn get_timestamp(doc: &AutoCommit, key: &str) -> Result<i64, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => *ms,
            _ => 0,
        },
        _ => 0,
    })
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

pub(crate) fn now() -> OffsetDateTime {
    millis_to_datetime(now_millis())
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
