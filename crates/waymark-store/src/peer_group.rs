//! Peer-group assessments: members, ties and places each in a map keyed by id (so two people adding
//! to one map both keep their additions), and prose sections as Automerge text.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use rusqlite::{params, Connection};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use waymark_core::peer_group::{
    check_group_link, GroupPlace, Member, PeerAssessment, PeerAssessmentDraft,
    PeerAssessmentSummary, PeerLevel, PeerSection, ProfessionalConsulted, Tie,
};
use waymark_core::{RecordId, ValidationError};

use crate::document::{self, keys, Record};
use crate::{fields, name_check, Store, StoreError};
use waymark_core::history::{note, note_with};
use waymark_core::{RecordKind, UnixMillis};

pub(crate) const KIND: RecordKind = RecordKind::PeerAssessment;

mod field {
    pub const SUBJECT: &str = waymark_core::peer_group::SUBJECT_KEY;
    pub const MEMBERS: &str = "members";
    pub const TIES: &str = "ties";
    pub const PLACES: &str = "places";
    pub const SECTIONS: &str = "sections";
    /// `linked_group.{context id}`, one root key per link, so links added offline all merge.
    pub const LINKED_GROUP: &str = "linked_group.";
    /// `professional.{id}`, one root value per professional consulted.
    pub const PROFESSIONAL: &str = "professional.";
    pub const COMPLETED: &str = "completed";
}

impl Store {
    pub fn create_peer_assessment(
        &mut self,
        draft: PeerAssessmentDraft,
    ) -> Result<PeerAssessment, StoreError> {
        let draft = draft.validate()?;
        if let Some(case_ref) = &draft.subject_case_ref {
            self.workspace_settings()?.check_case_reference(case_ref)?;
        }
        if let Some(group) = draft.group_context_id {
            self.get_context(group)?;
        }
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        fields::put(&mut doc, &ROOT, field::SUBJECT, &draft)?;
        for container in [field::MEMBERS, field::TIES, field::PLACES] {
            doc.put_object(ROOT, container, ObjType::Map)?;
        }
        let sections = doc.put_object(ROOT, field::SECTIONS, ObjType::Map)?;
        for section in PeerSection::ALL {
            doc.put_object(&sections, section.code(), ObjType::Text)?;
        }
        document::commit(&mut doc, note("history-started-the-assessment"), now);
        self.save_record(id, doc)
    }

    pub fn get_peer_assessment(&self, id: RecordId) -> Result<PeerAssessment, StoreError> {
        self.get_record(id)
    }

    /// The Level 2 assessments of a peer group.
    pub fn list_peer_assessments(
        &self,
        group_context_id: RecordId,
    ) -> Result<Vec<PeerAssessmentSummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, level, member_count, updated_at FROM peer_assessments
             WHERE group_context_id = ?1 ORDER BY updated_at DESC, id",
        )?;
        let rows = statement.query_map([group_context_id.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u32>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, level, member_count, updated_at) = row?;
            Ok(PeerAssessmentSummary {
                id: id.parse()?,
                level: if level == "one" {
                    PeerLevel::One
                } else {
                    PeerLevel::Two
                },
                member_count,
                updated_at: UnixMillis::new(updated_at).to_datetime(),
            })
        })
        .collect()
    }

    /// The Level 1 maps on this device, by when they changed. Rows carry no case reference: the
    /// map shows it once opened, by the case team.
    pub fn list_level_one_maps(&self) -> Result<Vec<PeerAssessmentSummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, member_count, updated_at FROM peer_assessments WHERE level = 'one'
             ORDER BY updated_at DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, u32>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (id, member_count, updated_at) = row?;
            Ok(PeerAssessmentSummary {
                id: id.parse()?,
                level: PeerLevel::One,
                member_count,
                updated_at: UnixMillis::new(updated_at).to_datetime(),
            })
        })
        .collect()
    }

    pub fn add_member(
        &mut self,
        id: RecordId,
        member: Member,
    ) -> Result<PeerAssessment, StoreError> {
        let member = member.validate()?;
        self.add_entry(
            id,
            field::MEMBERS,
            note("history-added-someone-to-the-map"),
            &member,
        )
    }

    pub fn add_tie(&mut self, id: RecordId, tie: Tie) -> Result<PeerAssessment, StoreError> {
        let tie = tie.validate(&self.get_peer_assessment(id)?.member_ids())?;
        self.add_entry(id, field::TIES, note("history-added-a-tie"), &tie)
    }

    pub fn add_place(
        &mut self,
        id: RecordId,
        place: GroupPlace,
    ) -> Result<PeerAssessment, StoreError> {
        let place = place.validate()?;
        if let Some(context) = place.context_id {
            self.get_context(context)?;
        }
        self.add_entry(id, field::PLACES, note("history-added-a-place"), &place)
    }

    /// Takes someone off the map, and every tie that joins them to anyone. The history keeps
    /// what the map held.
    pub fn remove_member(
        &mut self,
        id: RecordId,
        member: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        let ties = self.get_peer_assessment(id)?.ties_of(member);
        self.change_record(id, note("history-took-someone-off-the-map"), |doc| {
            remove_entry(doc, field::MEMBERS, member)?;
            for tie in ties {
                remove_entry(doc, field::TIES, tie)?;
            }
            Ok(())
        })
    }

    pub fn remove_tie(
        &mut self,
        id: RecordId,
        tie: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        self.change_record(id, note("history-removed-a-tie"), |doc| {
            remove_entry(doc, field::TIES, tie)
        })
    }

    pub fn remove_place(
        &mut self,
        id: RecordId,
        place: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        self.change_record(id, note("history-removed-a-place"), |doc| {
            remove_entry(doc, field::PLACES, place)
        })
    }

    /// Links a place on the map to the context it is (or unlinks it, with `None`): only that
    /// field is written, so a colleague's edit of the place's note merges with it.
    pub fn link_place_to_context(
        &mut self,
        id: RecordId,
        place: RecordId,
        context: Option<RecordId>,
    ) -> Result<PeerAssessment, StoreError> {
        if let Some(context) = context {
            self.get_context(context)?;
        }
        let current = self
            .get_peer_assessment(id)?
            .places
            .into_iter()
            .find(|(entry, _)| *entry == place)
            .map(|(_, p)| p)
            .ok_or(ValidationError::UnknownItem)?;
        let linked = GroupPlace {
            context_id: context,
            ..current
        };
        self.change_record(id, note("history-linked-a-place-to-its-context"), |doc| {
            let map = container(doc, field::PLACES)?;
            fields::put(doc, &map, &place.to_string(), &linked)
        })
    }

    /// Level 2: names another peer group this group is linked to.
    pub fn link_group(
        &mut self,
        id: RecordId,
        group: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        let subject = self.get_peer_assessment(id)?.subject;
        check_group_link(&subject, group, self.get_context(group)?.context_type)?;
        self.change_record(id, note("history-linked-to-another-group"), |doc| {
            doc.put(ROOT, format!("{}{group}", field::LINKED_GROUP), true)?;
            Ok(())
        })
    }

    pub fn unlink_group(
        &mut self,
        id: RecordId,
        group: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        self.change_record(id, note("history-removed-a-link-to-another-group"), |doc| {
            let key = format!("{}{group}", field::LINKED_GROUP);
            if doc.get(ROOT, key.as_str())?.is_none() {
                return Err(ValidationError::UnknownItem.into());
            }
            doc.delete(ROOT, key.as_str())?;
            Ok(())
        })
    }

    pub fn add_professional_consulted(
        &mut self,
        id: RecordId,
        professional: ProfessionalConsulted,
    ) -> Result<PeerAssessment, StoreError> {
        let professional = professional.validate()?;
        let entry = RecordId::new(Uuid::now_v7())?;
        self.change_record(id, note("history-added-a-professional-consulted"), |doc| {
            let key = format!("{}{entry}", field::PROFESSIONAL);
            fields::put(doc, &ROOT, &key, &professional)
        })
    }

    pub fn remove_professional_consulted(
        &mut self,
        id: RecordId,
        entry: RecordId,
    ) -> Result<PeerAssessment, StoreError> {
        self.change_record(
            id,
            note("history-removed-a-professional-consulted"),
            |doc| {
                let key = format!("{}{entry}", field::PROFESSIONAL);
                if doc.get(ROOT, key.as_str())?.is_none() {
                    return Err(ValidationError::UnknownItem.into());
                }
                fields::remove(doc, &ROOT, &key)
            },
        )
    }

    /// Completion needs the strengths, concerns, analysis and recommendations written, and no
    /// word the name check flags (P3) in them. It locks nothing.
    pub fn complete_peer_assessment(&mut self, id: RecordId) -> Result<PeerAssessment, StoreError> {
        let current = self.get_peer_assessment(id)?;
        current.check_completable()?;
        name_check::check_completable(&current, &self.workspace_settings()?.first_names)?;
        self.change_record(id, note("history-completed-the-assessment"), |doc| {
            doc.put(ROOT, field::COMPLETED, true)?;
            Ok(())
        })
    }

    pub fn update_peer_section(
        &mut self,
        id: RecordId,
        section: PeerSection,
        text: String,
    ) -> Result<PeerAssessment, StoreError> {
        let text = PeerSection::check(text)?;
        let message = note_with("history-edited-part", &section.code().replace('_', " "));
        self.change_record(id, &message, |doc| {
            let sections = container(doc, field::SECTIONS)?;
            let obj = match doc.get(&sections, section.code())? {
                Some((Value::Object(ObjType::Text), obj)) => obj,
                _ => doc.put_object(&sections, section.code(), ObjType::Text)?,
            };
            doc.update_text(&obj, &text)?;
            Ok(())
        })
    }

    pub fn merge_peer_assessment(
        &mut self,
        id: RecordId,
        bytes: &[u8],
    ) -> Result<PeerAssessment, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }

    fn add_entry<T: serde::Serialize>(
        &mut self,
        id: RecordId,
        key: &str,
        message: &str,
        value: &T,
    ) -> Result<PeerAssessment, StoreError> {
        let entry_id = RecordId::new(Uuid::now_v7())?;
        self.change_record(id, message, |doc| {
            let map = container(doc, key)?;
            fields::put(doc, &map, &entry_id.to_string(), value)
        })
    }
}

/// Takes one entry out of a map keyed by id.
fn remove_entry(doc: &mut AutoCommit, key: &str, entry: RecordId) -> Result<(), StoreError> {
    let map = container(doc, key)?;
    if doc.get(&map, entry.to_string())?.is_none() {
        return Err(ValidationError::UnknownItem.into());
    }
    fields::remove(doc, &map, &entry.to_string())
}

fn container(doc: &mut AutoCommit, key: &str) -> Result<ObjId, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => doc.put_object(ROOT, key, ObjType::Map)?,
    })
}

/// The entries of a map keyed by id, in id order (ids are UUIDv7, so that is the order added).
fn entries<T: DeserializeOwned>(
    doc: &AutoCommit,
    key: &str,
) -> Result<Vec<(RecordId, T)>, StoreError> {
    let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, key)? else {
        return Ok(Vec::new());
    };
    let mut read = Vec::new();
    for entry in doc.keys(&map) {
        if let (Ok(entry_id), Some(value)) = (
            entry.parse::<RecordId>(),
            fields::get::<T>(doc, &map, &entry)?,
        ) {
            read.push((entry_id, value));
        }
    }
    read.sort_by_key(|(entry_id, _)| *entry_id);
    Ok(read)
}

pub(crate) fn read_peer(id: RecordId, doc: &AutoCommit) -> Result<PeerAssessment, StoreError> {
    let subject: PeerAssessmentDraft =
        fields::get(doc, &ROOT, field::SUBJECT)?.ok_or(StoreError::MismatchedDocument(id))?;
    let mut sections = Vec::new();
    if let Some((Value::Object(ObjType::Map), map)) = doc.get(ROOT, field::SECTIONS)? {
        for section in PeerSection::ALL {
            if let Some((Value::Object(ObjType::Text), text)) = doc.get(&map, section.code())? {
                sections.push((section, doc.text(&text)?));
            }
        }
    }
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    let members: Vec<(RecordId, Member)> = entries(doc, field::MEMBERS)?;
    let on_the_map = |member: RecordId| members.iter().any(|(id, _)| *id == member);
    // A tie drawn offline to someone a colleague took off the map meanwhile joins nobody: it
    // stays in the document and its history, and off the map.
    let ties: Vec<(RecordId, Tie)> = entries(doc, field::TIES)?
        .into_iter()
        .filter(|(_, tie): &(RecordId, Tie)| on_the_map(tie.from) && on_the_map(tie.to))
        .collect();
    Ok(PeerAssessment {
        id,
        visibility: subject.level.visibility(),
        subject,
        members,
        ties,
        places: entries(doc, field::PLACES)?,
        sections,
        linked_groups: doc
            .keys(ROOT)
            .filter_map(|k| {
                k.strip_prefix(field::LINKED_GROUP)
                    .and_then(|g| g.parse().ok())
            })
            .collect(),
        professionals: fields::get_keyed(doc, &ROOT, field::PROFESSIONAL)?,
        completed: document::get_bool(doc, &ROOT, field::COMPLETED)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, assessment: &PeerAssessment) -> Result<(), StoreError> {
    let (level, group) = match assessment.subject.level {
        PeerLevel::One => ("one", None),
        PeerLevel::Two => (
            "two",
            assessment.subject.group_context_id.map(|g| g.to_string()),
        ),
    };
    conn.prepare_cached(
        "INSERT INTO peer_assessments (id, level, group_context_id, member_count, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET level = excluded.level,
            group_context_id = excluded.group_context_id, member_count = excluded.member_count,
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        assessment.id.to_string(),
        level,
        group,
        assessment.members.len() as i64,
        UnixMillis::from(assessment.updated_at).get(),
    ])?;
    Ok(())
}

impl Record for PeerAssessment {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "peer_assessments";

    fn upgrade(doc: &mut AutoCommit) -> Result<(), StoreError> {
        fields::upgrade(doc, &ROOT, field::SUBJECT)?;
        for key in [field::MEMBERS, field::TIES, field::PLACES] {
            if let Some(map) = document::read_map_at(doc, &ROOT, key)? {
                for id in document::id_keys(doc, &map) {
                    fields::upgrade(doc, &map, &id.to_string())?;
                }
            }
        }
        Ok(())
    }

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_peer(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        self.sections
            .iter()
            .map(|(_, text)| text.as_str())
            .collect()
    }
}
