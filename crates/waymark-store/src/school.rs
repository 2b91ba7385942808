//! School assessments: their document layout, projections and operations. The layout is chosen
//! to merge: each component, each hotspot and each area's rating is its own entry in a map, so two
//! people working on different parts never touch the same value, and prose is Automerge text.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::audit::AuditAction;
use waymark_core::school::{
    check_rag_summary, AssignedComponent, Assignment, Component, ComponentKind, Dsl, Hotspot,
    RagArea, RagProposal, RagRating, SchoolAssessment, SchoolAssessmentDraft, SchoolObservation,
    SchoolRecommendation, SchoolVisit,
};
use waymark_core::vocabulary::{ConcernType, Rag};
use waymark_core::walkabout::RemovedObservation;
use waymark_core::{RecordId, ValidationError};

use crate::document::{self, keys, Record};
use crate::name_check;
use crate::{fields, Store, StoreError};
use waymark_core::history::{note, note_with};
use waymark_core::{RecordKind, UnixMillis};

pub(crate) const KIND: RecordKind = RecordKind::SchoolAssessment;

mod field {
    pub const SCHOOL_CONTEXT_ID: &str = "school_context_id";
    pub const DSL: &str = "dsl";
    pub const AGREED_ON: &str = "agreed_on";
    pub const SCOPE: &str = "scope";
    /// A map from component kind to a map holding its assignment and its summary text.
    pub const COMPONENTS: &str = "components";
    pub const ASSIGNMENT: &str = "assignment";
    pub const SUMMARY: &str = "summary";
    /// A map from hotspot id to the hotspot.
    pub const HOTSPOTS: &str = "hotspots";
    pub const SITE_PLAN: &str = "site_plan";
    /// A map from area to its rating.
    pub const RAG_SUMMARY: &str = "rag_summary";
    /// Each rater's proposal is its own root key, `rag_proposal.{area}.{author}`, holding a map
    /// of `rag`, `reason` (text) and `at`: no shared container, so two raters proposing offline
    /// on a document older than proposals cannot make two rival maps, one of which would be lost.
    pub const RAG_PROPOSAL: &str = "rag_proposal.";
    pub const RAG: &str = "rag";
    pub const REASON: &str = "reason";
    pub const AT: &str = "at";
    pub const RECOMMENDATIONS: &str = "recommendations";
    /// Each visit is its own root value, `visit.{id}`, and each recommendation to an agency
    /// `agency_recommendation.{id}`, so two people adding offline both add theirs.
    pub const VISIT: &str = "visit.";
    pub const AGENCY_RECOMMENDATION: &str = "agency_recommendation.";
    /// Each observation is its own root value, `observation.{id}`; one taken out of the list
    /// keeps its value and gains `removed_observation.{id}` (why, who, when).
    pub const OBSERVATION: &str = "observation.";
    pub const REMOVED_OBSERVATION: &str = "removed_observation.";
    pub const COMPLETED: &str = "completed";
}

impl Store {
    pub fn create_school_assessment(
        &mut self,
        draft: SchoolAssessmentDraft,
    ) -> Result<SchoolAssessment, StoreError> {
        let draft = draft.validate()?;
        self.get_context(draft.school_context_id)?;
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(
            ROOT,
            field::SCHOOL_CONTEXT_ID,
            draft.school_context_id.to_string(),
        )?;
        fields::put(&mut doc, &ROOT, field::DSL, &draft.dsl)?;
        doc.put(ROOT, field::AGREED_ON, draft.agreed_on.as_str())?;
        fields::put(&mut doc, &ROOT, field::SCOPE, &draft.scope)?;
        // Every shared container is made here, once: two devices that each made their own
        // "components" map offline would see only one of them after a merge.
        let components = doc.put_object(ROOT, field::COMPONENTS, ObjType::Map)?;
        for kind in ComponentKind::ALL.into_iter().filter(|k| !k.added_later()) {
            let component = doc.put_object(&components, kind.code(), ObjType::Map)?;
            doc.put_object(&component, field::SUMMARY, ObjType::Text)?;
        }
        doc.put_object(ROOT, field::HOTSPOTS, ObjType::Map)?;
        doc.put_object(ROOT, field::RAG_SUMMARY, ObjType::Map)?;
        doc.put_object(ROOT, field::RECOMMENDATIONS, ObjType::Text)?;
        name_check::start_confirmations(&mut doc)?;
        doc.put(ROOT, field::COMPLETED, false)?;
        document::commit(
            &mut doc,
            note("history-agreed-the-assessment-with-the-school"),
            now,
        );
        self.save_record(id, doc)
    }

    /// The school assessments of a school context, newest first.
    pub fn list_school_assessments(
        &self,
        school_context_id: RecordId,
    ) -> Result<Vec<SchoolAssessment>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM school_assessments WHERE school_context_id = ?1 ORDER BY updated_at DESC, id")?
            .query_map([school_context_id.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .map(|id| self.get_school_assessment(id.parse()?))
            .collect()
    }

    pub fn get_school_assessment(&self, id: RecordId) -> Result<SchoolAssessment, StoreError> {
        self.get_record(id)
    }

    pub fn assign_component(
        &mut self,
        id: RecordId,
        kind: ComponentKind,
        assignment: Assignment,
    ) -> Result<SchoolAssessment, StoreError> {
        let assignment = assignment.validate()?;
        let message = note_with("history-assigned", kind.label());
        self.change_record(id, &message, |doc| {
            if kind.added_later() {
                let components = map(doc, field::COMPONENTS)?;
                return fields::put(
                    doc,
                    &components,
                    &late_key(kind, field::ASSIGNMENT),
                    &assignment,
                );
            }
            let component = component(doc, kind)?;
            fields::put(doc, &component, field::ASSIGNMENT, &assignment)
        })
    }

    pub fn update_component_summary(
        &mut self,
        id: RecordId,
        kind: ComponentKind,
        text: String,
    ) -> Result<SchoolAssessment, StoreError> {
        let text = waymark_core::peer_group::PeerSection::check(text)?;
        let message = note_with("history-edited-part", kind.label());
        self.change_record(id, &message, |doc| {
            if kind.added_later() {
                // A plain value: two people who write it at once are both shown.
                let components = map(doc, field::COMPONENTS)?;
                return fields::put(doc, &components, &late_key(kind, field::SUMMARY), &text);
            }
            let component = component(doc, kind)?;
            let summary = text_in(doc, &component, field::SUMMARY)?;
            doc.update_text(&summary, &text)?;
            Ok(())
        })
    }

    /// Stores the site plan image (a JPEG or PNG, metadata stripped) and names it on the assessment.
    pub fn set_site_plan(
        &mut self,
        id: RecordId,
        image: &[u8],
    ) -> Result<SchoolAssessment, StoreError> {
        let hash = self.add_photo(image)?;
        self.change_record(id, note("history-loaded-the-site-plan"), |doc| {
            doc.put(ROOT, field::SITE_PLAN, hash.as_str())?;
            Ok(())
        })
    }

    pub fn add_hotspot(
        &mut self,
        id: RecordId,
        hotspot: Hotspot,
    ) -> Result<SchoolAssessment, StoreError> {
        let hotspot = hotspot.validate()?;
        let hotspot_id = RecordId::new(Uuid::now_v7())?;
        self.change_record(id, note("history-placed-a-hotspot"), |doc| {
            let hotspots = map(doc, field::HOTSPOTS)?;
            document::put_json(doc, &hotspots, &hotspot_id.to_string(), &hotspot)
        })
    }

    pub fn remove_hotspot(
        &mut self,
        id: RecordId,
        hotspot_id: RecordId,
    ) -> Result<SchoolAssessment, StoreError> {
        self.change_record(id, note("history-removed-a-hotspot"), |doc| {
            let hotspots = map(doc, field::HOTSPOTS)?;
            if doc.get(&hotspots, hotspot_id.to_string())?.is_none() {
                return Err(ValidationError::UnknownItem.into());
            }
            doc.delete(&hotspots, hotspot_id.to_string())?;
            Ok(())
        })
    }

    pub fn rate_area(
        &mut self,
        id: RecordId,
        area: RagArea,
        rating: RagRating,
    ) -> Result<SchoolAssessment, StoreError> {
        let rating = rating.validate()?;
        let message = note_with("history-rated", area.label());
        self.change_record(id, &message, |doc| {
            let summary = map(doc, field::RAG_SUMMARY)?;
            fields::put(doc, &summary, area.code(), &rating)
        })
    }

    /// The device's person proposes a rating for one area, under their own name: a second
    /// proposal of theirs replaces their first, never someone else's.
    pub fn propose_rating(
        &mut self,
        id: RecordId,
        area: RagArea,
        rating: RagRating,
    ) -> Result<SchoolAssessment, StoreError> {
        let rating = rating.validate()?;
        let author = self.practitioner_name()?;
        if author.trim().is_empty() {
            return Err(ValidationError::RaterNameRequired.into());
        }
        let now = self.now();
        let message = note_with("history-proposed-a-rating", area.label());
        self.change_record(id, &message, |doc| {
            let key = format!("{}{}.{author}", field::RAG_PROPOSAL, area.code());
            let proposal = document::map_at(doc, &ROOT, &key)?;
            doc.put(&proposal, field::RAG, rating.rag.code())?;
            document::update_text_at(doc, &proposal, field::REASON, &rating.reason)?;
            doc.put(&proposal, field::AT, document::timestamp(now))?;
            Ok(())
        })
    }

    pub fn update_recommendations(
        &mut self,
        id: RecordId,
        text: String,
    ) -> Result<SchoolAssessment, StoreError> {
        let text = waymark_core::peer_group::PeerSection::check(text)?;
        self.change_record(id, note("history-edited-the-recommendations"), |doc| {
            let recommendations = text_in(doc, &ROOT, field::RECOMMENDATIONS)?;
            doc.update_text(&recommendations, &text)?;
            Ok(())
        })
    }

    /// The concerns the assessment looks at, as agreed with the school and changed since.
    pub fn set_school_scope(
        &mut self,
        id: RecordId,
        mut scope: Vec<ConcernType>,
    ) -> Result<SchoolAssessment, StoreError> {
        scope.sort();
        scope.dedup();
        self.change_record(id, note("history-changed-the-scope"), |doc| {
            fields::put(doc, &ROOT, field::SCOPE, &scope)
        })
    }

    pub fn add_school_visit(
        &mut self,
        id: RecordId,
        visit: SchoolVisit,
    ) -> Result<SchoolAssessment, StoreError> {
        let visit = visit.validate()?;
        let visit_id = RecordId::new(Uuid::now_v7())?;
        self.change_record(id, note("history-recorded-a-visit"), |doc| {
            fields::put(doc, &ROOT, &format!("{}{visit_id}", field::VISIT), &visit)
        })
    }

    pub fn remove_school_visit(
        &mut self,
        id: RecordId,
        visit_id: RecordId,
    ) -> Result<SchoolAssessment, StoreError> {
        self.remove_item(
            id,
            note("history-removed-a-visit"),
            &format!("{}{visit_id}", field::VISIT),
        )
    }

    pub fn add_agency_recommendation(
        &mut self,
        id: RecordId,
        recommendation: SchoolRecommendation,
    ) -> Result<SchoolAssessment, StoreError> {
        let recommendation = recommendation.validate()?;
        let item_id = RecordId::new(Uuid::now_v7())?;
        let message = note_with("history-recommended-to", recommendation.for_agency.label());
        self.change_record(id, &message, |doc| {
            let key = format!("{}{item_id}", field::AGENCY_RECOMMENDATION);
            fields::put(doc, &ROOT, &key, &recommendation)
        })
    }

    pub fn remove_agency_recommendation(
        &mut self,
        id: RecordId,
        item_id: RecordId,
    ) -> Result<SchoolAssessment, StoreError> {
        let key = format!("{}{item_id}", field::AGENCY_RECOMMENDATION);
        self.remove_item(id, note("history-removed-a-recommendation"), &key)
    }

    /// Adds an observation made at a set time of the school day. Its photos must already be
    /// stored with [`Store::add_photo`].
    pub fn add_school_observation(
        &mut self,
        id: RecordId,
        observation: SchoolObservation,
    ) -> Result<SchoolAssessment, StoreError> {
        let observation = self.checked_observation(observation)?;
        let observation_id = RecordId::new(Uuid::now_v7())?;
        let message = if observation.detail.urgent {
            note("history-added-an-urgent-observation")
        } else {
            note("history-added-an-observation")
        };
        self.change_record(id, message, |doc| {
            let key = format!("{}{observation_id}", field::OBSERVATION);
            fields::put(doc, &ROOT, &key, &observation)
        })
    }

    /// Corrects an observation: only the fields that changed are written, so a colleague's
    /// correction of another field merges with it; the history keeps what it said before.
    pub fn update_school_observation(
        &mut self,
        id: RecordId,
        observation_id: RecordId,
        observation: SchoolObservation,
    ) -> Result<SchoolAssessment, StoreError> {
        if !self
            .get_school_assessment(id)?
            .has_observation(observation_id)
        {
            return Err(ValidationError::UnknownItem.into());
        }
        let observation = self.checked_observation(observation)?;
        self.change_record(id, note("history-edited-an-observation"), |doc| {
            let key = format!("{}{observation_id}", field::OBSERVATION);
            fields::put(doc, &ROOT, &key, &observation)
        })
    }

    /// Takes an observation out of the list, with the reason; the history line carries no typed
    /// words, and what it said stays in the history.
    pub fn remove_school_observation(
        &mut self,
        id: RecordId,
        observation_id: RecordId,
        reason: &str,
    ) -> Result<SchoolAssessment, StoreError> {
        if !self
            .get_school_assessment(id)?
            .has_observation(observation_id)
        {
            return Err(ValidationError::UnknownItem.into());
        }
        let removed = RemovedObservation {
            id: observation_id,
            reason: waymark_core::observation::check_removal_reason(reason)?,
            by: self.practitioner_name()?,
            at: self.now().to_datetime(),
        };
        self.change_record(id, note("history-removed-an-observation"), |doc| {
            let key = format!("{}{observation_id}", field::REMOVED_OBSERVATION);
            fields::put(doc, &ROOT, &key, &removed)
        })
    }

    fn checked_observation(
        &self,
        observation: SchoolObservation,
    ) -> Result<SchoolObservation, StoreError> {
        for photo in &observation.detail.photos {
            if !self.has_photo(photo)? {
                return Err(ValidationError::UnknownPhoto.into());
            }
        }
        Ok(observation.validate(self.now().to_datetime())?)
    }

    /// Takes one keyed item out; what it said stays in the history.
    fn remove_item(
        &mut self,
        id: RecordId,
        message: &str,
        key: &str,
    ) -> Result<SchoolAssessment, StoreError> {
        self.change_record(id, message, |doc| {
            if doc.get(ROOT, key)?.is_none() {
                return Err(ValidationError::UnknownItem.into());
            }
            fields::remove(doc, &ROOT, key)
        })
    }

    /// Completion needs a rating with a reason for every area, and no word the name check
    /// flags (P3) left unconfirmed in what the assessment says. It locks nothing.
    pub fn complete_school_assessment(
        &mut self,
        id: RecordId,
    ) -> Result<SchoolAssessment, StoreError> {
        let current = self.get_school_assessment(id)?;
        check_rag_summary(&current.rag_summary)?;
        name_check::check_completable(&current, &self.workspace_settings()?.first_names)?;
        self.change_record(id, note("history-completed-the-assessment"), |doc| {
            doc.put(ROOT, field::COMPLETED, true)?;
            Ok(())
        })
    }

    /// Records that a word the name check flagged is not a child's name (P3). The history says
    /// a word was confirmed, never which, and the audit log hears of it at the next sync.
    pub fn confirm_not_a_childs_name_in_school(
        &mut self,
        id: RecordId,
        word: &str,
        now: UnixMillis,
    ) -> Result<SchoolAssessment, StoreError> {
        let word = name_check::confirmed_word(word)?;
        let assessment = self.change_record(
            id,
            note("history-confirmed-a-flagged-word-is-not-a"),
            |doc| name_check::keep_confirmation(doc, &word),
        )?;
        self.record_event(id, AuditAction::NotAChildsName, now)?;
        Ok(assessment)
    }

    pub fn merge_school_assessment(
        &mut self,
        id: RecordId,
        bytes: &[u8],
    ) -> Result<SchoolAssessment, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }

    /// The components assigned to `owner` that are not yet done, across every school assessment.
    pub fn assigned_to(&self, owner: &str) -> Result<Vec<AssignedComponent>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT assessment_id, kind, owner, status, due FROM school_components
             WHERE owner = ?1 AND status IN ('not_started', 'in_progress')
             ORDER BY due IS NULL, due, assessment_id, kind",
        )?;
        let rows = statement.query_map([owner.trim()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (assessment_id, kind, owner, status, due) = row?;
            Ok(AssignedComponent {
                assessment_id: assessment_id.parse()?,
                kind: from_json_code(&kind)?,
                owner,
                status: from_json_code(&status)?,
                due,
            })
        })
        .collect()
    }
}

/// Component kinds and statuses are stored by their serde names.
fn from_json_code<T: serde::de::DeserializeOwned>(code: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).map_err(StoreError::Json)
}

fn json_code<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Where a part of a kind in [`ComponentKind::added_later`] is kept in the components map.
fn late_key(kind: ComponentKind, part: &str) -> String {
    format!("{}_{part}", kind.code())
}

fn map(doc: &mut AutoCommit, key: &str) -> Result<ObjId, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => doc.put_object(ROOT, key, ObjType::Map)?,
    })
}

fn component(doc: &mut AutoCommit, kind: ComponentKind) -> Result<ObjId, StoreError> {
    let components = map(doc, field::COMPONENTS)?;
    Ok(match doc.get(&components, kind.code())? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => doc.put_object(&components, kind.code(), ObjType::Map)?,
    })
}

fn text_in(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Result<ObjId, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), obj)) => obj,
        _ => doc.put_object(parent, key, ObjType::Text)?,
    })
}

fn read_text(doc: &AutoCommit, parent: &ObjId, key: &str) -> Result<String, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), obj)) => doc.text(&obj)?,
        _ => String::new(),
    })
}

fn read_map(doc: &AutoCommit, key: &str) -> Result<Option<ObjId>, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Map), obj)) => Some(obj),
        _ => None,
    })
}

pub(crate) fn read_school(id: RecordId, doc: &AutoCommit) -> Result<SchoolAssessment, StoreError> {
    let components_map = read_map(doc, field::COMPONENTS)?;
    let mut components = Vec::new();
    for kind in ComponentKind::ALL {
        if kind.added_later() {
            let (assignment, summary) = match &components_map {
                Some(map) => (
                    fields::get(doc, map, &late_key(kind, field::ASSIGNMENT))?,
                    fields::get(doc, map, &late_key(kind, field::SUMMARY))?,
                ),
                None => (None, None),
            };
            components.push(Component {
                kind,
                assignment,
                summary: summary.unwrap_or_default(),
            });
            continue;
        }
        let obj = match &components_map {
            Some(map) => match doc.get(map, kind.code())? {
                Some((Value::Object(ObjType::Map), obj)) => Some(obj),
                _ => None,
            },
            None => None,
        };
        components.push(match obj {
            Some(obj) => Component {
                kind,
                assignment: fields::get(doc, &obj, field::ASSIGNMENT)?,
                summary: read_text(doc, &obj, field::SUMMARY)?,
            },
            None => Component {
                kind,
                assignment: None,
                summary: String::new(),
            },
        });
    }
    let mut hotspots = Vec::new();
    if let Some(map) = read_map(doc, field::HOTSPOTS)? {
        for key in doc.keys(&map) {
            if let (Ok(hotspot_id), Some(hotspot)) = (
                key.parse::<RecordId>(),
                document::get_json::<Hotspot>(doc, &map, &key)?,
            ) {
                hotspots.push((hotspot_id, hotspot));
            }
        }
    }
    hotspots.sort_by_key(|(hotspot_id, _)| *hotspot_id);
    let mut rag_summary = Vec::new();
    if let Some(map) = read_map(doc, field::RAG_SUMMARY)? {
        for area in RagArea::ALL {
            if let Some(rating) = fields::get::<RagRating>(doc, &map, area.code())? {
                rag_summary.push((area, rating));
            }
        }
    }
    let mut rag_proposals = Vec::new();
    for key in doc.keys(ROOT) {
        let Some(rest) = key.strip_prefix(field::RAG_PROPOSAL) else {
            continue;
        };
        let Some((area, author)) = RagArea::ALL.into_iter().find_map(|area| {
            rest.strip_prefix(area.code())
                .and_then(|after| after.strip_prefix('.'))
                .map(|author| (area, author))
        }) else {
            continue;
        };
        let Some(proposal) = document::read_map_at(doc, &ROOT, &key)? else {
            continue;
        };
        let Some(rag) = document::get_str(doc, &proposal, field::RAG)?
            .and_then(|code| Rag::from_code(&code).ok())
        else {
            continue;
        };
        rag_proposals.push(RagProposal {
            area,
            author: author.to_owned(),
            rating: RagRating {
                rag,
                reason: document::read_text_at(doc, &proposal, field::REASON)?,
            },
            at: document::get_timestamp_at(doc, &proposal, field::AT)?.to_datetime(),
        });
    }
    rag_proposals.sort_by(|a, b| (a.area, &a.author).cmp(&(b.area, &b.author)));
    let mut removed_observations: Vec<RemovedObservation> =
        fields::get_keyed(doc, &ROOT, field::REMOVED_OBSERVATION)?
            .into_iter()
            .map(|(_, removed)| removed)
            .collect();
    removed_observations.sort_by_key(|removed| (removed.at, removed.id));
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    let school_context_id = document::get_str(doc, &ROOT, field::SCHOOL_CONTEXT_ID)?
        .and_then(|s| s.parse().ok())
        .ok_or(StoreError::MismatchedDocument(id))?;
    Ok(SchoolAssessment {
        id,
        agreed: SchoolAssessmentDraft {
            school_context_id,
            dsl: fields::get(doc, &ROOT, field::DSL)?.unwrap_or(Dsl {
                name: String::new(),
                role: String::new(),
                contact: String::new(),
            }),
            agreed_on: document::get_str(doc, &ROOT, field::AGREED_ON)?.unwrap_or_default(),
            scope: fields::get(doc, &ROOT, field::SCOPE)?.unwrap_or_default(),
        },
        components,
        hotspots,
        site_plan: document::get_str(doc, &ROOT, field::SITE_PLAN)?,
        rag_summary,
        rag_proposals,
        recommendations: read_text(doc, &ROOT, field::RECOMMENDATIONS)?,
        agency_recommendations: fields::get_keyed(doc, &ROOT, field::AGENCY_RECOMMENDATION)?,
        visits: {
            let mut visits = fields::get_keyed::<SchoolVisit>(doc, &ROOT, field::VISIT)?;
            visits.sort_by(|(a_id, a), (b_id, b)| (&a.date, a_id).cmp(&(&b.date, b_id)));
            visits
        },
        observations: {
            let removed: Vec<RecordId> = removed_observations.iter().map(|r| r.id).collect();
            let mut observations: Vec<(RecordId, SchoolObservation)> =
                fields::get_keyed(doc, &ROOT, field::OBSERVATION)?
                    .into_iter()
                    .filter(|(observation_id, _)| !removed.contains(observation_id))
                    .collect();
            observations.sort_by_key(|(observation_id, o)| (o.detail.observed_at, *observation_id));
            observations
        },
        removed_observations,
        completed: matches!(doc.get(ROOT, field::COMPLETED)?, Some((Value::Scalar(s), _)) if s.as_ref() == &ScalarValue::Boolean(true)),
        not_childs_names: name_check::read_confirmations(doc)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, assessment: &SchoolAssessment) -> Result<(), StoreError> {
    let id = assessment.id.to_string();
    conn.prepare_cached(
        "INSERT INTO school_assessments (id, school_context_id, agreed_on, completed, hotspot_count, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET
            school_context_id = excluded.school_context_id, agreed_on = excluded.agreed_on,
            completed = excluded.completed, hotspot_count = excluded.hotspot_count,
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        assessment.agreed.school_context_id.to_string(),
        assessment.agreed.agreed_on,
        assessment.completed,
        assessment.hotspots.len() as i64,
        UnixMillis::from(assessment.updated_at).get(),
    ])?;
    conn.prepare_cached("DELETE FROM school_components WHERE assessment_id = ?1")?
        .execute([&id])?;
    for component in &assessment.components {
        let Some(assignment) = &component.assignment else {
            continue;
        };
        conn.prepare_cached(
            "INSERT INTO school_components (assessment_id, kind, owner, status, due) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, json_code(component.kind), assignment.owner, json_code(assignment.status), assignment.due])?;
    }
    Ok(())
}

impl Record for SchoolAssessment {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "school_assessments";

    fn upgrade(doc: &mut AutoCommit) -> Result<(), StoreError> {
        for key in [field::DSL, field::SCOPE] {
            fields::upgrade(doc, &ROOT, key)?;
        }
        if let Some(components) = read_map(doc, field::COMPONENTS)? {
            for kind in ComponentKind::ALL {
                if let Some(component) = document::read_map_at(doc, &components, kind.code())? {
                    fields::upgrade(doc, &component, field::ASSIGNMENT)?;
                }
            }
        }
        if let Some(summary) = read_map(doc, field::RAG_SUMMARY)? {
            for area in RagArea::ALL {
                fields::upgrade(doc, &summary, area.code())?;
            }
        }
        Ok(())
    }

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_school(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        SchoolAssessment::free_texts(self).collect()
    }

    fn not_childs_names(&self) -> &[String] {
        &self.not_childs_names
    }

    fn attachments(&self) -> Vec<&str> {
        SchoolAssessment::attachments(self)
    }
}
