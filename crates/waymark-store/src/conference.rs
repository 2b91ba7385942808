//! Context conferences: the document layout, the projection, and completion, which ends in the
//! plan. Attendees and the assessments considered are entries keyed by id; each section of prose
//! is its own text; the decision is one value whose concurrent settings are all shown.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::conference::{
    check_section, Attendee, Chair, Conference, ConferenceDraft, ConferenceEdit, ConferenceSection,
};
use waymark_core::school::validate_date;
use waymark_core::text::at_most;
use waymark_core::vocabulary::{
    ConferenceDecision, ConferenceFormat, ContextStatus, PartnerAgency,
};
use waymark_core::{RecordId, RecordKind, UnixMillis, ValidationError};

use crate::document::{self, keys, Record};
use crate::{name_check, Store, StoreError};
use waymark_core::history::note;

pub(crate) const KIND: RecordKind = RecordKind::Conference;

mod field {
    pub const CONTEXT_ID: &str = "context_id";
    pub const HELD_ON: &str = "held_on";
    pub const FORMAT: &str = "format";
    /// A map of `name` and `role`.
    pub const CHAIR: &str = "chair";
    pub const NAME: &str = "name";
    pub const ROLE: &str = "role";
    /// A map from attendee id to a map of `name`, `role`, `agency` and `present`.
    pub const ATTENDEES: &str = "attendees";
    pub const AGENCY: &str = "agency";
    pub const PRESENT: &str = "present";
    /// A map from record id to `true`.
    pub const CONSIDERED: &str = "assessments_considered";
    /// A map from section code to its text.
    pub const SECTIONS: &str = "sections";
    pub const DECISION: &str = "decision";
    pub const NEXT_REVIEW: &str = "next_review";
    pub const COMPLETED: &str = "completed";
    pub const PLAN_ID: &str = "plan_id";
}

impl Store {
    /// Opens a conference for a context; it is completed once it has met and decided.
    pub fn create_conference(&mut self, draft: ConferenceDraft) -> Result<Conference, StoreError> {
        let (context_id, held_on, format) = draft.validate()?;
        self.get_context(context_id)?;
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(ROOT, field::CONTEXT_ID, context_id.to_string())?;
        doc.put(ROOT, field::HELD_ON, held_on.unwrap_or_default())?;
        doc.put(ROOT, field::FORMAT, format.code())?;
        let chair = doc.put_object(ROOT, field::CHAIR, ObjType::Map)?;
        doc.put(&chair, field::NAME, "")?;
        doc.put(&chair, field::ROLE, "")?;
        doc.put_object(ROOT, field::ATTENDEES, ObjType::Map)?;
        doc.put_object(ROOT, field::CONSIDERED, ObjType::Map)?;
        let sections = doc.put_object(ROOT, field::SECTIONS, ObjType::Map)?;
        for section in ConferenceSection::ALL {
            doc.put_object(&sections, section.code(), ObjType::Text)?;
        }
        doc.put(ROOT, field::COMPLETED, false)?;
        name_check::start_confirmations(&mut doc)?;
        document::commit(&mut doc, note("history-conference-arranged"), now);
        self.save_record(id, doc)
    }

    pub fn get_conference(&self, id: RecordId) -> Result<Conference, StoreError> {
        self.get_record(id)
    }

    /// Changes one thing in a conference. A completed conference is the record of what was
    /// decided: its plan carries the work on.
    pub fn update_conference(
        &mut self,
        id: RecordId,
        edit: ConferenceEdit,
    ) -> Result<Conference, StoreError> {
        let current = self.get_conference(id)?;
        if current.completed {
            return Err(ValidationError::ConferenceCompleted.into());
        }
        let (message, change): (&str, Change) = match edit {
            ConferenceEdit::HeldOn(date) => {
                let date = validate_date(&date)?;
                (
                    note("history-set-the-date"),
                    Box::new(move |doc| put(doc, field::HELD_ON, &date)),
                )
            }
            ConferenceEdit::Format(code) => {
                let format = ConferenceFormat::from_code(&code)?;
                (
                    note("history-set-the-format"),
                    Box::new(move |doc| put(doc, field::FORMAT, format.code())),
                )
            }
            ConferenceEdit::Chair(chair) => {
                let name = at_most(chair.name.trim().to_owned(), "chair", 120)?;
                let role = at_most(chair.role.trim().to_owned(), "chair", 120)?;
                (
                    note("history-named-the-chair"),
                    Box::new(move |doc| {
                        let map = document::map_at(doc, &ROOT, field::CHAIR)?;
                        doc.put(&map, field::NAME, name)?;
                        doc.put(&map, field::ROLE, role)?;
                        Ok(())
                    }),
                )
            }
            ConferenceEdit::AddAttendee(draft) => {
                let attendee = draft.validate()?;
                let attendee_id = RecordId::new(Uuid::now_v7())?;
                (
                    note("history-added-an-attendee"),
                    Box::new(move |doc| {
                        let map = document::map_at(doc, &ROOT, field::ATTENDEES)?;
                        let obj = doc.put_object(&map, attendee_id.to_string(), ObjType::Map)?;
                        doc.put(&obj, field::NAME, attendee.name)?;
                        doc.put(&obj, field::ROLE, attendee.role)?;
                        doc.put(&obj, field::AGENCY, attendee.agency.code())?;
                        doc.put(&obj, field::PRESENT, attendee.present)?;
                        Ok(())
                    }),
                )
            }
            ConferenceEdit::RemoveAttendee(attendee) => (
                note("history-removed-an-attendee"),
                Box::new(move |doc| {
                    let map = document::map_at(doc, &ROOT, field::ATTENDEES)?;
                    if doc.get(&map, attendee.to_string())?.is_none() {
                        return Err(ValidationError::UnknownItem.into());
                    }
                    doc.delete(&map, attendee.to_string())?;
                    Ok(())
                }),
            ),
            ConferenceEdit::Present { attendee, present } => (
                note("history-marked-who-was-present"),
                Box::new(move |doc| {
                    let map = document::map_at(doc, &ROOT, field::ATTENDEES)?;
                    let obj = document::read_map_at(doc, &map, &attendee.to_string())?
                        .ok_or(ValidationError::UnknownItem)?;
                    doc.put(&obj, field::PRESENT, present)?;
                    Ok(())
                }),
            ),
            ConferenceEdit::Consider(record) => {
                self.stored_kind(record)?
                    .ok_or(StoreError::NotFound(record))?;
                (
                    note("history-linked-an-assessment-considered"),
                    Box::new(move |doc| {
                        let map = document::map_at(doc, &ROOT, field::CONSIDERED)?;
                        doc.put(&map, record.to_string(), true)?;
                        Ok(())
                    }),
                )
            }
            ConferenceEdit::StopConsidering(record) => (
                note("history-unlinked-an-assessment"),
                Box::new(move |doc| {
                    let map = document::map_at(doc, &ROOT, field::CONSIDERED)?;
                    if doc.get(&map, record.to_string())?.is_some() {
                        doc.delete(&map, record.to_string())?;
                    }
                    Ok(())
                }),
            ),
            ConferenceEdit::Section { section, text } => {
                let text = check_section(text)?;
                (
                    section.label(),
                    Box::new(move |doc| {
                        let map = document::map_at(doc, &ROOT, field::SECTIONS)?;
                        document::update_text_at(doc, &map, section.code(), &text)
                    }),
                )
            }
            ConferenceEdit::Decision(code) => {
                let decision = ConferenceDecision::from_code(&code)?;
                (
                    note("history-recorded-the-decision"),
                    Box::new(move |doc| put(doc, field::DECISION, decision.code())),
                )
            }
            ConferenceEdit::NextReview(date) => {
                let date = validate_date(&date)?;
                (
                    note("history-set-the-next-review"),
                    Box::new(move |doc| put(doc, field::NEXT_REVIEW, &date)),
                )
            }
        };
        self.change_record(id, message, change)
    }

    /// Completes a conference that has a chair, a date, a decision and an assessment considered,
    /// and describes the context without naming a child (P10). A decision to plan ends in the
    /// plan, made now with the conference's review date; the context moves on with it.
    pub fn complete_conference(&mut self, id: RecordId) -> Result<Conference, StoreError> {
        let conference = self.get_conference(id)?;
        if conference.completed {
            return Err(ValidationError::ConferenceCompleted.into());
        }
        conference.check_completable(&self.workspace_settings()?)?;
        self.atomically(|store| {
            let plan_id = match conference.decision {
                Some(ConferenceDecision::Plan) => {
                    let plan = store.create_plan(
                        conference.context_id,
                        Some(id),
                        conference.next_review.clone(),
                    )?;
                    store.move_context(
                        conference.context_id,
                        ContextStatus::Planned,
                        "",
                        note("history-plan-agreed-at-conference"),
                        |_| Ok(()),
                    )?;
                    Some(plan.id)
                }
                Some(ConferenceDecision::NoPlan) => {
                    store.move_context(
                        conference.context_id,
                        ContextStatus::Closed,
                        "Context conference: no plan needed.",
                        note("history-closed-at-conference"),
                        |_| Ok(()),
                    )?;
                    None
                }
                _ => None,
            };
            store.change_record(id, note("history-completed-the-conference"), |doc| {
                doc.put(ROOT, field::COMPLETED, true)?;
                if let Some(plan_id) = plan_id {
                    doc.put(ROOT, field::PLAN_ID, plan_id.to_string())?;
                }
                Ok(())
            })
        })
    }

    /// The conferences of a context, oldest first.
    pub fn list_conferences(&self, context_id: RecordId) -> Result<Vec<Conference>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM conferences WHERE context_id = ?1 ORDER BY created_on, id",
            )?
            .query_map([context_id.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .map(|id| self.get_conference(id.parse()?))
            .collect()
    }

    /// Records that a word the name check flagged in a conference is not a child's name.
    pub fn confirm_not_a_childs_name_in_conference(
        &mut self,
        id: RecordId,
        word: &str,
        now: UnixMillis,
    ) -> Result<Conference, StoreError> {
        let word = name_check::confirmed_word(word)?;
        let conference = self.change_record(
            id,
            note("history-confirmed-a-flagged-word-is-not-a"),
            |doc| name_check::keep_confirmation(doc, &word),
        )?;
        self.record_event(id, waymark_core::audit::AuditAction::NotAChildsName, now)?;
        Ok(conference)
    }

    pub fn merge_conference(
        &mut self,
        id: RecordId,
        bytes: &[u8],
    ) -> Result<Conference, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }
}

/// One edit of a conference's document, made once its value has passed the rules.
type Change = Box<dyn FnOnce(&mut AutoCommit) -> Result<(), StoreError>>;

fn put(doc: &mut AutoCommit, key: &str, value: &str) -> Result<(), StoreError> {
    doc.put(ROOT, key, value)?;
    Ok(())
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

pub(crate) fn read_conference(id: RecordId, doc: &AutoCommit) -> Result<Conference, StoreError> {
    let context_id = document::get_str(doc, &ROOT, field::CONTEXT_ID)?
        .and_then(|s| s.parse().ok())
        .ok_or(StoreError::MismatchedDocument(id))?;
    let chair = match document::read_map_at(doc, &ROOT, field::CHAIR)? {
        Some(map) => Chair {
            name: document::get_str(doc, &map, field::NAME)?.unwrap_or_default(),
            role: document::get_str(doc, &map, field::ROLE)?.unwrap_or_default(),
        },
        None => Chair::default(),
    };
    let mut attendees = Vec::new();
    if let Some(map) = document::read_map_at(doc, &ROOT, field::ATTENDEES)? {
        for attendee_id in document::id_keys(doc, &map) {
            if let Some(obj) = document::read_map_at(doc, &map, &attendee_id.to_string())? {
                attendees.push(Attendee {
                    id: attendee_id,
                    name: document::get_str(doc, &obj, field::NAME)?.unwrap_or_default(),
                    role: document::get_str(doc, &obj, field::ROLE)?.unwrap_or_default(),
                    agency: document::get_str(doc, &obj, field::AGENCY)?
                        .and_then(|code| PartnerAgency::from_code(&code).ok())
                        .unwrap_or(PartnerAgency::Other),
                    present: document::get_bool(doc, &obj, field::PRESENT)?,
                });
            }
        }
    }
    let assessments_considered = match document::read_map_at(doc, &ROOT, field::CONSIDERED)? {
        Some(map) => document::id_keys(doc, &map),
        None => Vec::new(),
    };
    let sections_map = document::read_map_at(doc, &ROOT, field::SECTIONS)?;
    let mut sections = Vec::new();
    for section in ConferenceSection::ALL {
        let text = match &sections_map {
            Some(map) => document::read_text_at(doc, map, section.code())?,
            None => String::new(),
        };
        sections.push((section, text));
    }
    let mut decisions = document::get_strs_all(doc, &ROOT, field::DECISION)?
        .into_iter()
        .filter_map(|code| ConferenceDecision::from_code(&code).ok());
    let decision = decisions.next();
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    Ok(Conference {
        id,
        context_id,
        held_on: non_empty(document::get_str(doc, &ROOT, field::HELD_ON)?),
        format: document::get_str(doc, &ROOT, field::FORMAT)?
            .and_then(|code| ConferenceFormat::from_code(&code).ok())
            .unwrap_or(ConferenceFormat::SocialCareChaired),
        chair,
        attendees,
        assessments_considered,
        sections,
        decision,
        other_decisions: decisions.collect(),
        next_review: non_empty(document::get_str(doc, &ROOT, field::NEXT_REVIEW)?),
        completed: document::get_bool(doc, &ROOT, field::COMPLETED)?,
        plan_id: document::get_str(doc, &ROOT, field::PLAN_ID)?.and_then(|s| s.parse().ok()),
        not_childs_names: name_check::read_confirmations(doc)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, conference: &Conference) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO conferences (id, context_id, held_on, decision, completed, created_on, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET
            context_id = excluded.context_id, held_on = excluded.held_on,
            decision = excluded.decision, completed = excluded.completed,
            created_on = excluded.created_on, updated_at = excluded.updated_at",
    )?
    .execute(params![
        conference.id.to_string(),
        conference.context_id.to_string(),
        conference.held_on,
        conference.decision.map(ConferenceDecision::code),
        conference.completed,
        crate::timeline::day_of(conference.created_at),
        UnixMillis::from(conference.updated_at).get(),
    ])?;
    Ok(())
}

impl Record for Conference {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "conferences";

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_conference(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        Conference::free_texts(self).collect()
    }

    fn not_childs_names(&self) -> &[String] {
        &self.not_childs_names
    }
}
