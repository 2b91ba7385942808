//! Contexts: their Automerge document layout, their projection row, and the store's operations.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::context::ValidContextEdit;
use waymark_core::{
    Context, ContextDraft, ContextEdit, ContextSummary, ContextType, GeoPoint, RecordId,
};

use crate::document::{self, keys, Record};
use crate::{Store, StoreError};
use waymark_core::{RecordKind, UnixMillis};

pub(crate) const KIND: RecordKind = RecordKind::Context;

mod field {
    pub const NAME: &str = "name";
    pub const CONTEXT_TYPE: &str = "context_type";
    pub const DESCRIPTION: &str = "description";
    pub const LOCATION: &str = "location";
    pub const LAT: &str = "lat";
    pub const LON: &str = "lon";
}

impl Store {
    pub fn create_context(&mut self, draft: ContextDraft) -> Result<Context, StoreError> {
        let valid = draft.validate()?;
        let id = RecordId::new(Uuid::now_v7())?;
        let now = document::now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(ROOT, field::NAME, valid.name)?;
        doc.put(ROOT, field::CONTEXT_TYPE, valid.context_type.code())?;
        document::update_text(&mut doc, field::DESCRIPTION, &valid.description)?;
        put_location(&mut doc, valid.location)?;
        document::commit(&mut doc, "create context", now);
        self.save_record(id, doc)
    }

    /// Changes one field. An edit that changes nothing writes nothing.
    pub fn update_context(
        &mut self,
        id: RecordId,
        edit: ContextEdit,
    ) -> Result<Context, StoreError> {
        let edit = edit.validate()?;
        self.refuse_if_shared_to_read(id)?;
        let mut doc = self.take_kind(id, KIND)?;
        let current = read_context(id, &doc)?;
        let now = document::now();
        let message = match edit {
            ValidContextEdit::Name(name) if name != current.name => {
                doc.put(ROOT, field::NAME, name)?;
                "edit name"
            }
            ValidContextEdit::ContextType(t) if t != current.context_type => {
                doc.put(ROOT, field::CONTEXT_TYPE, t.code())?;
                "edit context type"
            }
            ValidContextEdit::Description(text) if text != current.description => {
                document::update_text(&mut doc, field::DESCRIPTION, &text)?;
                "edit description"
            }
            ValidContextEdit::Location(point) if point != current.location => {
                put_location(&mut doc, point)?;
                "edit location"
            }
            _ => {
                self.keep_kind(id, KIND, doc);
                return Ok(current);
            }
        };
        doc.put(ROOT, keys::UPDATED_AT, document::timestamp(now))?;
        document::commit(&mut doc, message, now);
        self.save_record(id, doc)
    }

    pub fn get_context(&self, id: RecordId) -> Result<Context, StoreError> {
        let doc = self.take_kind(id, KIND)?;
        let context = read_context(id, &doc);
        self.keep_kind(id, KIND, doc);
        context
    }

    /// Every context on the device, most recently changed first. Reads projections only.
    pub fn list_contexts(&self) -> Result<Vec<ContextSummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, context_type, updated_at FROM contexts ORDER BY updated_at DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, context_type, updated_at) = row?;
            Ok(ContextSummary {
                id: id.parse()?,
                name,
                context_type: ContextType::from_code(&context_type).unwrap_or(ContextType::Other),
                updated_at: UnixMillis::new(updated_at).to_datetime(),
            })
        })
        .collect()
    }

    /// Merges a copy of a context's document from another device. The result holds every change
    /// of both copies.
    pub fn merge_context(&mut self, id: RecordId, bytes: &[u8]) -> Result<Context, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }
}

fn put_location(doc: &mut AutoCommit, location: Option<GeoPoint>) -> Result<(), StoreError> {
    match location {
        // One map for the pair, so a merge never mixes one device's latitude with another's longitude.
        Some(point) => {
            let map = doc.put_object(ROOT, field::LOCATION, ObjType::Map)?;
            doc.put(&map, field::LAT, point.lat)?;
            doc.put(&map, field::LON, point.lon)?;
        }
        None => {
            if doc.get(ROOT, field::LOCATION)?.is_some() {
                doc.delete(ROOT, field::LOCATION)?;
            }
        }
    }
    Ok(())
}

fn read_location(doc: &AutoCommit) -> Result<Option<GeoPoint>, StoreError> {
    let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, field::LOCATION)? else {
        return Ok(None);
    };
    let lat = document::get_f64(doc, &map, field::LAT)?;
    let lon = document::get_f64(doc, &map, field::LON)?;
    Ok(match (lat, lon) {
        (Some(lat), Some(lon)) => GeoPoint::new(lat, lon).ok(),
        _ => None,
    })
}

/// Reads a context from its document, treating anything missing as its default.
pub(crate) fn read_context(id: RecordId, doc: &AutoCommit) -> Result<Context, StoreError> {
    let context_type = document::get_str(doc, &ROOT, field::CONTEXT_TYPE)?
        .and_then(|code| ContextType::from_code(&code).ok())
        .unwrap_or(ContextType::Other);
    Ok(Context {
        id,
        name: document::get_str(doc, &ROOT, field::NAME)?.unwrap_or_default(),
        context_type,
        description: document::get_text(doc, field::DESCRIPTION)?,
        location: read_location(doc)?,
        created_at: document::get_timestamp(doc, keys::CREATED_AT)?.to_datetime(),
        updated_at: document::get_timestamp(doc, keys::UPDATED_AT)?.to_datetime(),
    })
}

/// Writes the context's row in the `contexts` projection.
pub(crate) fn project(conn: &Connection, context: &Context) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO contexts (id, name, context_type, description, latitude, longitude,
                               created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, context_type = excluded.context_type,
            description = excluded.description, latitude = excluded.latitude,
            longitude = excluded.longitude, created_at = excluded.created_at,
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        context.id.to_string(),
        context.name,
        context.context_type.code(),
        context.description,
        context.location.map(|p| p.lat),
        context.location.map(|p| p.lon),
        UnixMillis::from(context.created_at).get(),
        UnixMillis::from(context.updated_at).get(),
    ])?;
    Ok(())
}

impl Record for Context {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "contexts";

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_context(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        vec![self.description.as_str()]
    }
}
