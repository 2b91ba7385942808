//! Contexts: their Automerge document layout, their projection row, and the store's operations.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;
use waymark_core::context::{Lead, ResponsibleBody, ValidContextEdit};
use waymark_core::vocabulary::{ContextStatus, PartnerAgency, ThresholdLevel};
use waymark_core::{
    Context, ContextDraft, ContextEdit, ContextGroup, ContextSearch, ContextSummary, ContextType,
    GeoPoint, RecordId,
};

use crate::document::{self, keys, Record};
use crate::{Store, StoreError};

/// A context's summary row (`summary_row`) for each context the rest of the query picks, with
/// its plan's actions past `?1`, the date today.
macro_rules! context_summaries {
    ($rest:literal) => {
        concat!(
            "SELECT c.id, c.name, c.context_type, c.updated_at, c.status, c.area_label,
                    (SELECT COUNT(*) FROM plan_actions a
                     WHERE a.context_id = c.id AND a.status <> 'done' AND a.due < ?1)
             FROM contexts c ",
            $rest
        )
    };
}
use waymark_core::history::note;
use waymark_core::{RecordKind, UnixMillis};

pub(crate) const KIND: RecordKind = RecordKind::Context;

mod field {
    pub const NAME: &str = "name";
    pub const CONTEXT_TYPE: &str = "context_type";
    pub const DESCRIPTION: &str = "description";
    pub const LOCATION: &str = "location";
    pub const LAT: &str = "lat";
    pub const LON: &str = "lon";
    /// A list of corners, each a map of `lat` and `lon`, replaced as a whole: an outline is
    /// drawn as one shape.
    pub const OUTLINE: &str = "outline";
    pub const AREA_LABEL: &str = "area_label";
    /// A map from id to a map of `agency` and `organisation`.
    pub const RESPONSIBLE_BODIES: &str = "responsible_bodies";
    pub const AGENCY: &str = "agency";
    pub const ORGANISATION: &str = "organisation";
    pub const LEAD_WORKER: &str = "lead_worker";
    pub const LEAD_AGENCY: &str = "lead_agency";
    /// A map from linked context id to `true`.
    pub const LINKED_CONTEXTS: &str = "linked_contexts";
    pub const THRESHOLD_LEVEL: &str = "threshold_level";
    /// One value: concurrent settings are kept by Automerge and shown.
    pub const STATUS: &str = "status";
    pub const CLOSING_REASON: &str = "closing_reason";
}

impl Store {
    pub fn create_context(&mut self, draft: ContextDraft) -> Result<Context, StoreError> {
        let valid = draft.validate()?;
        // A context added by hand is one a practitioner is already assessing; one that comes
        // through the front door starts as referred.
        self.create_valid_context(
            valid,
            ContextStatus::Assessing,
            note("history-create-context"),
        )
    }

    pub(crate) fn create_valid_context(
        &mut self,
        valid: waymark_core::ValidContext,
        status: ContextStatus,
        message: &str,
    ) -> Result<Context, StoreError> {
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(ROOT, field::NAME, valid.name)?;
        doc.put(ROOT, field::CONTEXT_TYPE, valid.context_type.code())?;
        document::update_text(&mut doc, field::DESCRIPTION, &valid.description)?;
        put_location(&mut doc, valid.location)?;
        doc.put(ROOT, field::STATUS, status.code())?;
        doc.put_object(ROOT, field::RESPONSIBLE_BODIES, ObjType::Map)?;
        doc.put_object(ROOT, field::LINKED_CONTEXTS, ObjType::Map)?;
        document::commit(&mut doc, message, now);
        self.save_record(id, doc)
    }

    /// Moves a context on its journey, as a referral, a screening, a conference or a review
    /// does; the message says which in the context's history.
    pub(crate) fn move_context(
        &mut self,
        id: RecordId,
        status: ContextStatus,
        closing_reason: &str,
        message: &str,
        also: impl FnOnce(&mut AutoCommit) -> Result<(), StoreError>,
    ) -> Result<Context, StoreError> {
        self.change_record(id, message, |doc| {
            put_status(doc, status, closing_reason)?;
            also(doc)
        })
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
        let now = self.now();
        let message = match edit {
            ValidContextEdit::Name(name) if name != current.name => {
                doc.put(ROOT, field::NAME, name)?;
                note("history-edit-name")
            }
            ValidContextEdit::ContextType(t) if t != current.context_type => {
                doc.put(ROOT, field::CONTEXT_TYPE, t.code())?;
                note("history-edit-context-type")
            }
            ValidContextEdit::Description(text) if text != current.description => {
                document::update_text(&mut doc, field::DESCRIPTION, &text)?;
                note("history-edit-description")
            }
            ValidContextEdit::Location(point) if point != current.location => {
                put_location(&mut doc, point)?;
                note("history-edit-location")
            }
            ValidContextEdit::Outline(points) if points != current.outline => {
                let list = doc.put_object(ROOT, field::OUTLINE, ObjType::List)?;
                for (index, point) in points.iter().enumerate() {
                    let corner = doc.insert_object(&list, index, ObjType::Map)?;
                    doc.put(&corner, field::LAT, point.lat)?;
                    doc.put(&corner, field::LON, point.lon)?;
                }
                note("history-edit-outline")
            }
            ValidContextEdit::AreaLabel(label) if label != current.area_label => {
                doc.put(ROOT, field::AREA_LABEL, label)?;
                note("history-edit-area")
            }
            ValidContextEdit::ThresholdLevel(level) if level != current.threshold_level => {
                doc.put(
                    ROOT,
                    field::THRESHOLD_LEVEL,
                    level.map_or("", ThresholdLevel::code),
                )?;
                note("history-edit-threshold-level")
            }
            ValidContextEdit::Lead(lead) if lead != current.lead => {
                put_lead(&mut doc, &lead)?;
                note("history-edit-lead-worker")
            }
            ValidContextEdit::Status { status, reason }
                if status != current.status
                    || reason != current.closing_reason
                    || !current.other_statuses.is_empty() =>
            {
                put_status(&mut doc, status, &reason)?;
                note("history-edit-status")
            }
            ValidContextEdit::AddResponsibleBody {
                agency,
                organisation,
            } => {
                let bodies = document::map_at(&mut doc, &ROOT, field::RESPONSIBLE_BODIES)?;
                let body = doc.put_object(
                    &bodies,
                    RecordId::new(Uuid::now_v7())?.to_string(),
                    ObjType::Map,
                )?;
                doc.put(&body, field::AGENCY, agency.code())?;
                doc.put(&body, field::ORGANISATION, organisation)?;
                note("history-add-responsible-body")
            }
            ValidContextEdit::RemoveResponsibleBody(body)
                if current.responsible_bodies.iter().any(|b| b.id == body) =>
            {
                let bodies = document::map_at(&mut doc, &ROOT, field::RESPONSIBLE_BODIES)?;
                doc.delete(&bodies, body.to_string())?;
                note("history-remove-responsible-body")
            }
            ValidContextEdit::LinkContext(other)
                if other != id && !current.linked_contexts.contains(&other) =>
            {
                self.get_context(other)?;
                let links = document::map_at(&mut doc, &ROOT, field::LINKED_CONTEXTS)?;
                doc.put(&links, other.to_string(), true)?;
                note("history-link-context")
            }
            ValidContextEdit::UnlinkContext(other) if current.linked_contexts.contains(&other) => {
                let links = document::map_at(&mut doc, &ROOT, field::LINKED_CONTEXTS)?;
                doc.delete(&links, other.to_string())?;
                note("history-unlink-context")
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

    /// Every context on the device, most recently changed first, with its plan's actions past
    /// their due date. Reads projections only.
    pub fn list_contexts(&self) -> Result<Vec<ContextSummary>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(context_summaries!("ORDER BY c.updated_at DESC, c.id"))?;
        let rows = statement.query_map([&self.today()], summary_row)?;
        rows.map(|row| summary(row?)).collect()
    }

    /// The contexts among `ids` that are on this device, in the order asked for: the names a
    /// page shows for the contexts a record links to. Reads projections only.
    pub fn contexts_named(&self, ids: &[RecordId]) -> Result<Vec<ContextSummary>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(context_summaries!("WHERE c.id = ?2"))?;
        let today = self.today();
        let mut named = Vec::with_capacity(ids.len());
        for id in ids {
            let found = statement
                .query_row(params![today, id.to_string()], summary_row)
                .optional()?;
            if let Some(row) = found {
                named.push(summary(row)?);
            }
        }
        Ok(named)
    }

    /// The home page's list: for each status, how many contexts match the search and the most
    /// recently updated of them, as many as the search asks for. Each status is one count and
    /// one page read through the `contexts_by_status` index, however many contexts there are.
    pub fn find_contexts(&self, search: &ContextSearch) -> Result<Vec<ContextGroup>, StoreError> {
        let pattern = like_pattern(&search.text);
        let today = self.today();
        let mut count = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM contexts
             WHERE status = ?1 AND (name LIKE ?2 ESCAPE '\\' OR area_label LIKE ?2 ESCAPE '\\')",
        )?;
        let mut page = self.conn.prepare_cached(
            context_summaries!(
                "WHERE c.status = ?2 AND (c.name LIKE ?3 ESCAPE '\\' OR c.area_label LIKE ?3 ESCAPE '\\')
             ORDER BY c.updated_at DESC, c.id LIMIT ?4"
            ),
        )?;
        let mut groups = Vec::new();
        for &status in ContextStatus::ALL {
            let total: u32 = count.query_row(params![status.code(), pattern], |row| row.get(0))?;
            if total == 0 {
                continue;
            }
            let contexts = page
                .query_map(
                    params![today, status.code(), pattern, search.limit(status)],
                    summary_row,
                )?
                .map(|row| summary(row?))
                .collect::<Result<_, StoreError>>()?;
            groups.push(ContextGroup {
                status,
                total,
                contexts,
            });
        }
        Ok(groups)
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

fn put_status(
    doc: &mut AutoCommit,
    status: ContextStatus,
    closing_reason: &str,
) -> Result<(), StoreError> {
    doc.put(ROOT, field::STATUS, status.code())?;
    let reason = if status == ContextStatus::Closed {
        closing_reason
    } else {
        ""
    };
    doc.put(ROOT, field::CLOSING_REASON, reason)?;
    Ok(())
}

pub(crate) fn put_lead(doc: &mut AutoCommit, lead: &Lead) -> Result<(), StoreError> {
    doc.put(ROOT, field::LEAD_WORKER, lead.worker.as_str())?;
    doc.put(
        ROOT,
        field::LEAD_AGENCY,
        lead.agency.map_or("", PartnerAgency::code),
    )?;
    Ok(())
}

pub(crate) fn put_threshold(doc: &mut AutoCommit, level: ThresholdLevel) -> Result<(), StoreError> {
    doc.put(ROOT, field::THRESHOLD_LEVEL, level.code())?;
    Ok(())
}

fn read_outline(doc: &AutoCommit) -> Result<Vec<GeoPoint>, StoreError> {
    let Some((Value::Object(ObjType::List), list)) = doc.get(ROOT, field::OUTLINE)? else {
        return Ok(Vec::new());
    };
    let mut points = Vec::new();
    for index in 0..doc.length(&list) {
        if let Some((Value::Object(ObjType::Map), corner)) = doc.get(&list, index)? {
            let lat = document::get_f64(doc, &corner, field::LAT)?;
            let lon = document::get_f64(doc, &corner, field::LON)?;
            if let (Some(lat), Some(lon)) = (lat, lon) {
                if let Ok(point) = GeoPoint::new(lat, lon) {
                    points.push(point);
                }
            }
        }
    }
    Ok(points)
}

fn read_responsible_bodies(doc: &AutoCommit) -> Result<Vec<ResponsibleBody>, StoreError> {
    let Some(map) = document::read_map_at(doc, &ROOT, field::RESPONSIBLE_BODIES)? else {
        return Ok(Vec::new());
    };
    let mut bodies = Vec::new();
    for id in document::id_keys(doc, &map) {
        if let Some(body) = document::read_map_at(doc, &map, &id.to_string())? {
            let agency = document::get_str(doc, &body, field::AGENCY)?
                .and_then(|code| PartnerAgency::from_code(&code).ok())
                .unwrap_or(PartnerAgency::Other);
            bodies.push(ResponsibleBody {
                id,
                agency,
                organisation: document::get_str(doc, &body, field::ORGANISATION)?
                    .unwrap_or_default(),
            });
        }
    }
    Ok(bodies)
}

/// Reads a context from its document, treating anything missing as its default.
pub(crate) fn read_context(id: RecordId, doc: &AutoCommit) -> Result<Context, StoreError> {
    let context_type = document::get_str(doc, &ROOT, field::CONTEXT_TYPE)?
        .and_then(|code| ContextType::from_code(&code).ok())
        .unwrap_or(ContextType::Other);
    let mut statuses = document::get_strs_all(doc, &ROOT, field::STATUS)?
        .into_iter()
        .filter_map(|code| ContextStatus::from_code(&code).ok());
    // A context from before statuses were kept was made to be assessed.
    let status = statuses.next().unwrap_or(ContextStatus::Assessing);
    let other_statuses: Vec<ContextStatus> = statuses.collect();
    Ok(Context {
        id,
        name: document::get_str(doc, &ROOT, field::NAME)?.unwrap_or_default(),
        context_type,
        description: document::get_text(doc, field::DESCRIPTION)?,
        location: read_location(doc)?,
        outline: read_outline(doc)?,
        area_label: document::get_str(doc, &ROOT, field::AREA_LABEL)?.unwrap_or_default(),
        responsible_bodies: read_responsible_bodies(doc)?,
        lead: Lead {
            worker: document::get_str(doc, &ROOT, field::LEAD_WORKER)?.unwrap_or_default(),
            agency: document::get_str(doc, &ROOT, field::LEAD_AGENCY)?
                .and_then(|code| PartnerAgency::from_code(&code).ok()),
        },
        linked_contexts: match document::read_map_at(doc, &ROOT, field::LINKED_CONTEXTS)? {
            Some(map) => document::id_keys(doc, &map),
            None => Vec::new(),
        },
        threshold_level: document::get_str(doc, &ROOT, field::THRESHOLD_LEVEL)?
            .and_then(|code| ThresholdLevel::from_code(&code).ok()),
        status,
        other_statuses,
        closing_reason: document::get_str(doc, &ROOT, field::CLOSING_REASON)?.unwrap_or_default(),
        created_at: document::get_timestamp(doc, keys::CREATED_AT)?.to_datetime(),
        updated_at: document::get_timestamp(doc, keys::UPDATED_AT)?.to_datetime(),
    })
}

/// Writes the context's row in the `contexts` projection.
pub(crate) fn project(conn: &Connection, context: &Context) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO contexts (id, name, context_type, description, latitude, longitude,
                               created_at, updated_at, status, area_label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, context_type = excluded.context_type,
            description = excluded.description, latitude = excluded.latitude,
            longitude = excluded.longitude, created_at = excluded.created_at,
            updated_at = excluded.updated_at, status = excluded.status,
            area_label = excluded.area_label",
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
        context.status.code(),
        context.area_label,
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
        vec![self.description.as_str(), self.closing_reason.as_str()]
    }
}

/// The columns of a context's row in a list, as read.
type SummaryRow = (String, String, String, i64, String, String, u32);

fn summary_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

fn summary(row: SummaryRow) -> Result<ContextSummary, StoreError> {
    let (id, name, context_type, updated_at, status, area_label, overdue_actions) = row;
    Ok(ContextSummary {
        id: id.parse()?,
        name,
        context_type: ContextType::from_code(&context_type).unwrap_or(ContextType::Other),
        area_label,
        status: ContextStatus::from_code(&status).unwrap_or(ContextStatus::Assessing),
        overdue_actions,
        updated_at: UnixMillis::new(updated_at).to_datetime(),
    })
}

/// A search's text as a `LIKE` pattern that finds it anywhere, with its own `%`, `_` and `\`
/// taken literally (the queries say `ESCAPE '\'`). SQLite's `LIKE` ignores the case of ASCII
/// letters.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
