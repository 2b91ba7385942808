//! Referrals and their screening: the document layout, the projection, and the steps that move
//! the context on. Each screening is its own entry keyed by id, so two managers screening the same
//! referral offline both keep theirs and both are shown.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::context::Lead;
use waymark_core::referral::{
    status_after, ChildProcessStarted, Referral, ReferralContext, ReferralDraft, ReferralOrigin,
    Screening, ScreeningDraft, ValidReferrer,
};
use waymark_core::vocabulary::{
    AssessmentKind, ConcernType, ContextStatus, PartnerAgency, ScreeningDecision, ThresholdLevel,
    Urgency,
};
use waymark_core::{RecordId, RecordKind, UnixMillis, ValidationError};

use crate::document::{self, keys, Record};
use crate::{Store, StoreError};
use waymark_core::history::note;

pub(crate) const KIND: RecordKind = RecordKind::Referral;

mod field {
    pub const CONTEXT_ID: &str = "context_id";
    pub const RECEIVED_ON: &str = "received_on";
    pub const ROUTE: &str = "route";
    /// A map of `name`, `role`, `agency` and `contact`.
    pub const REFERRER: &str = "referrer";
    pub const NAME: &str = "name";
    pub const ROLE: &str = "role";
    pub const AGENCY: &str = "agency";
    pub const CONTACT: &str = "contact";
    /// A map from concern code to `true`.
    pub const CONCERN_TYPES: &str = "concern_types";
    pub const WHAT_IS_KNOWN: &str = "what_is_known";
    pub const URGENCY: &str = "urgency";
    /// A map of `by` and `at`, present only when a child may be at immediate risk.
    pub const CHILD_PROCESS: &str = "child_process_started";
    pub const BY: &str = "by";
    pub const AT: &str = "at";
    /// A map from case reference to `true`.
    pub const KNOWN_CHILDREN: &str = "known_children";
    pub const YOUNG_PEOPLE_ESTIMATE: &str = "young_people_estimate";
    pub const SOURCES: &str = "sources";
    pub const STRENGTHS: &str = "strengths";
    /// Written once, when the referral is made from other work.
    pub const ORIGIN: &str = "origin";
    /// A map from a local question's id to its answer, as text.
    pub const ANSWERS: &str = "answers";
    /// A map from screening id to the screening's own map of fields.
    pub const SCREENINGS: &str = "screenings";
    pub const DECISION: &str = "decision";
    pub const REASON: &str = "reason";
    pub const THRESHOLD_LEVEL: &str = "threshold_level";
    /// A map from assessment code to `true`.
    pub const ASSESSMENTS: &str = "assessments_chosen";
    pub const LEAD_WORKER: &str = "lead_worker";
    pub const LEAD_AGENCY: &str = "lead_agency";
    pub const ASSESSMENT_DUE: &str = "assessment_due";
    pub const SCREENER: &str = "screener";
    pub const SCREENED_AT: &str = "screened_at";
}

impl Store {
    /// Takes a referral in: the context it is about (made now, as referred, when it is new) and
    /// the referral itself, in one transaction.
    pub fn create_referral(&mut self, draft: ReferralDraft) -> Result<Referral, StoreError> {
        let settings = self.workspace_settings()?;
        let valid = draft.validate(|case_ref| settings.check_case_reference(case_ref))?;
        let now = self.now();
        self.atomically(|store| {
            let context_id = match valid.context {
                ReferralContext::Known(id) => {
                    store.get_context(id)?;
                    id
                }
                ReferralContext::New(context) => {
                    store
                        .create_valid_context(
                            context,
                            ContextStatus::Referred,
                            note("history-referred"),
                        )?
                        .id
                }
            };
            let id = RecordId::new(Uuid::now_v7())?;
            let mut doc = document::new_document(&store.actor, KIND, id, now)?;
            doc.put(ROOT, field::CONTEXT_ID, context_id.to_string())?;
            doc.put(ROOT, field::RECEIVED_ON, valid.received_on.as_str())?;
            doc.put(ROOT, field::ROUTE, valid.route.as_str())?;
            let referrer = doc.put_object(ROOT, field::REFERRER, ObjType::Map)?;
            doc.put(&referrer, field::NAME, valid.referrer.name.as_str())?;
            doc.put(&referrer, field::ROLE, valid.referrer.role.as_str())?;
            doc.put(&referrer, field::AGENCY, valid.referrer.agency.code())?;
            doc.put(&referrer, field::CONTACT, valid.referrer.contact.as_str())?;
            let concerns = doc.put_object(ROOT, field::CONCERN_TYPES, ObjType::Map)?;
            for concern in &valid.concern_types {
                doc.put(&concerns, concern.code(), true)?;
            }
            document::update_text(&mut doc, field::WHAT_IS_KNOWN, &valid.what_is_known)?;
            doc.put(ROOT, field::URGENCY, valid.urgency.code())?;
            if valid.immediate_risk_to_a_child {
                let started = doc.put_object(ROOT, field::CHILD_PROCESS, ObjType::Map)?;
                doc.put(&started, field::BY, valid.child_process_started_by.as_str())?;
                doc.put(&started, field::AT, document::timestamp(now))?;
            }
            let children = doc.put_object(ROOT, field::KNOWN_CHILDREN, ObjType::Map)?;
            for case_ref in &valid.known_children {
                doc.put(&children, case_ref.as_str(), true)?;
            }
            if let Some(estimate) = valid.young_people_estimate {
                doc.put(ROOT, field::YOUNG_PEOPLE_ESTIMATE, i64::from(estimate))?;
            }
            document::update_text(&mut doc, field::SOURCES, &valid.sources)?;
            document::update_text(&mut doc, field::STRENGTHS, &valid.strengths)?;
            if let Some(origin) = &valid.origin {
                document::put_json(&mut doc, &ROOT, field::ORIGIN, origin)?;
            }
            let answers = doc.put_object(ROOT, field::ANSWERS, ObjType::Map)?;
            for (question, answer) in &valid.answers {
                document::update_text_at(&mut doc, &answers, question, answer)?;
            }
            doc.put_object(ROOT, field::SCREENINGS, ObjType::Map)?;
            document::commit(&mut doc, note("history-referral-received"), now);
            store.save_record::<Referral>(id, doc)
        })
    }

    pub fn get_referral(&self, id: RecordId) -> Result<Referral, StoreError> {
        self.get_record(id)
    }

    /// A manager's screening decision. It moves the context on: to assessing, with its lead,
    /// threshold and the assessments as tasks, or to closed with the decision as the reason.
    /// Once the device knows its workspace, only a manager's device screens; a device not yet
    /// enrolled belongs to its one practitioner, who screens their own referrals.
    pub fn screen_referral(
        &mut self,
        id: RecordId,
        draft: ScreeningDraft,
    ) -> Result<Referral, StoreError> {
        if !self.may_manage()? {
            return Err(ValidationError::ScreeningIsForManagers.into());
        }
        let valid = draft.validate()?;
        let referral = self.get_referral(id)?;
        if referral.screening.is_some() {
            return Err(ValidationError::AlreadyScreened.into());
        }
        let screener = self.practitioner_name()?;
        let now = self.now();
        self.atomically(|store| {
            let status = status_after(valid.decision);
            let closing_reason = format!(
                "Screening: {}. {}",
                valid.decision.label(),
                valid.reason.trim()
            );
            let lead = Lead {
                worker: valid.lead_worker.clone(),
                agency: valid.lead_agency,
            };
            store.move_context(
                referral.context_id,
                status,
                &closing_reason,
                note("history-screened"),
                |doc| {
                    crate::context::put_threshold(doc, valid.threshold_level)?;
                    if !lead.worker.is_empty() {
                        crate::context::put_lead(doc, &lead)?;
                    }
                    Ok(())
                },
            )?;
            store.change_record(id, note("history-screened"), |doc| {
                let screenings = document::map_at(doc, &ROOT, field::SCREENINGS)?;
                let screening = doc.put_object(
                    &screenings,
                    RecordId::new(Uuid::now_v7())?.to_string(),
                    ObjType::Map,
                )?;
                doc.put(&screening, field::DECISION, valid.decision.code())?;
                document::update_text_at(doc, &screening, field::REASON, &valid.reason)?;
                doc.put(
                    &screening,
                    field::THRESHOLD_LEVEL,
                    valid.threshold_level.code(),
                )?;
                let chosen = doc.put_object(&screening, field::ASSESSMENTS, ObjType::Map)?;
                for kind in &valid.assessments_chosen {
                    doc.put(&chosen, kind.code(), true)?;
                }
                doc.put(&screening, field::LEAD_WORKER, valid.lead_worker.as_str())?;
                doc.put(
                    &screening,
                    field::LEAD_AGENCY,
                    valid.lead_agency.map_or("", PartnerAgency::code),
                )?;
                if let Some(due) = &valid.assessment_due {
                    doc.put(&screening, field::ASSESSMENT_DUE, due.as_str())?;
                }
                doc.put(&screening, field::SCREENER, screener.as_str())?;
                doc.put(&screening, field::SCREENED_AT, document::timestamp(now))?;
                Ok(())
            })
        })
    }

    /// The referrals of a context, oldest first.
    pub fn list_referrals(&self, context_id: RecordId) -> Result<Vec<Referral>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM referrals WHERE context_id = ?1 ORDER BY received_on, id",
            )?
            .query_map([context_id.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .map(|id| self.get_referral(id.parse()?))
            .collect()
    }

    pub fn merge_referral(&mut self, id: RecordId, bytes: &[u8]) -> Result<Referral, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }
}

fn codes_in(doc: &AutoCommit, map: Option<ObjId>) -> Vec<String> {
    map.map(|map| doc.keys(&map).collect()).unwrap_or_default()
}

fn read_screening(doc: &AutoCommit, obj: &ObjId) -> Result<Option<Screening>, StoreError> {
    let Some(decision) = document::get_str(doc, obj, field::DECISION)?
        .and_then(|code| ScreeningDecision::from_code(&code).ok())
    else {
        return Ok(None);
    };
    let screened_at = document::get_timestamp_at(doc, obj, field::SCREENED_AT)?;
    let mut assessments_chosen: Vec<AssessmentKind> =
        codes_in(doc, document::read_map_at(doc, obj, field::ASSESSMENTS)?)
            .iter()
            .filter_map(|code| AssessmentKind::from_code(code).ok())
            .collect();
    assessments_chosen.sort();
    Ok(Some(Screening {
        decision,
        reason: document::read_text_at(doc, obj, field::REASON)?,
        threshold_level: document::get_str(doc, obj, field::THRESHOLD_LEVEL)?
            .and_then(|code| ThresholdLevel::from_code(&code).ok())
            .unwrap_or(ThresholdLevel::Universal),
        assessments_chosen,
        lead_worker: document::get_str(doc, obj, field::LEAD_WORKER)?.unwrap_or_default(),
        lead_agency: document::get_str(doc, obj, field::LEAD_AGENCY)?
            .and_then(|code| PartnerAgency::from_code(&code).ok()),
        assessment_due: document::get_str(doc, obj, field::ASSESSMENT_DUE)?,
        screener: document::get_str(doc, obj, field::SCREENER)?.unwrap_or_default(),
        screened_at: screened_at.to_datetime(),
    }))
}

pub(crate) fn read_referral(id: RecordId, doc: &AutoCommit) -> Result<Referral, StoreError> {
    let context_id = document::get_str(doc, &ROOT, field::CONTEXT_ID)?
        .and_then(|s| s.parse().ok())
        .ok_or(StoreError::MismatchedDocument(id))?;
    let referrer = match document::read_map_at(doc, &ROOT, field::REFERRER)? {
        Some(map) => ValidReferrer {
            name: document::get_str(doc, &map, field::NAME)?.unwrap_or_default(),
            role: document::get_str(doc, &map, field::ROLE)?.unwrap_or_default(),
            agency: document::get_str(doc, &map, field::AGENCY)?
                .and_then(|code| PartnerAgency::from_code(&code).ok())
                .unwrap_or(PartnerAgency::Other),
            contact: document::get_str(doc, &map, field::CONTACT)?.unwrap_or_default(),
        },
        None => ValidReferrer {
            name: String::new(),
            role: String::new(),
            agency: PartnerAgency::Other,
            contact: String::new(),
        },
    };
    let mut concern_types: Vec<ConcernType> = codes_in(
        doc,
        document::read_map_at(doc, &ROOT, field::CONCERN_TYPES)?,
    )
    .iter()
    .filter_map(|code| ConcernType::from_code(code).ok())
    .collect();
    concern_types.sort();
    let child_process_started = match document::read_map_at(doc, &ROOT, field::CHILD_PROCESS)? {
        Some(map) => Some(ChildProcessStarted {
            by: document::get_str(doc, &map, field::BY)?.unwrap_or_default(),
            at: document::get_timestamp_at(doc, &map, field::AT)?.to_datetime(),
        }),
        None => None,
    };
    let mut screenings = Vec::new();
    if let Some(map) = document::read_map_at(doc, &ROOT, field::SCREENINGS)? {
        for screening_id in document::id_keys(doc, &map) {
            if let Some(obj) = document::read_map_at(doc, &map, &screening_id.to_string())? {
                if let Some(screening) = read_screening(doc, &obj)? {
                    screenings.push(screening);
                }
            }
        }
    }
    // The latest screening stands; any made at the same time elsewhere are shown beside it.
    let screening = screenings.pop();
    let young_people_estimate = match doc.get(ROOT, field::YOUNG_PEOPLE_ESTIMATE)? {
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Int(n) => u32::try_from(*n).ok(),
            ScalarValue::Uint(n) => u32::try_from(*n).ok(),
            _ => None,
        },
        _ => None,
    };
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    Ok(Referral {
        id,
        context_id,
        received_on: document::get_str(doc, &ROOT, field::RECEIVED_ON)?.unwrap_or_default(),
        route: document::get_str(doc, &ROOT, field::ROUTE)?.unwrap_or_default(),
        referrer,
        concern_types,
        what_is_known: document::get_text(doc, field::WHAT_IS_KNOWN)?,
        urgency: document::get_str(doc, &ROOT, field::URGENCY)?
            .and_then(|code| Urgency::from_code(&code).ok())
            .unwrap_or(Urgency::Routine),
        child_process_started,
        known_children: codes_in(
            doc,
            document::read_map_at(doc, &ROOT, field::KNOWN_CHILDREN)?,
        ),
        young_people_estimate,
        sources: document::get_text(doc, field::SOURCES)?,
        strengths: document::get_text(doc, field::STRENGTHS)?,
        origin: document::get_json::<ReferralOrigin>(doc, &ROOT, field::ORIGIN)?,
        answers: match document::read_map_at(doc, &ROOT, field::ANSWERS)? {
            Some(answers) => doc
                .keys(&answers)
                .map(|question| {
                    let answer = document::read_text_at(doc, &answers, &question)?;
                    Ok((question, answer))
                })
                .collect::<Result<_, StoreError>>()?,
            None => Default::default(),
        },
        screening,
        other_screenings: screenings,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, referral: &Referral) -> Result<(), StoreError> {
    let screening = referral.screening.as_ref();
    let assessments = screening
        .map(|s| {
            s.assessments_chosen
                .iter()
                .map(|kind| kind.code())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO referrals (id, context_id, received_on, urgency, referrer, referrer_agency,
                                screened_on, decision, assessments, lead_worker, assessment_due,
                                updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?12, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET
            context_id = excluded.context_id, received_on = excluded.received_on,
            urgency = excluded.urgency, referrer = excluded.referrer,
            referrer_agency = excluded.referrer_agency,
            screened_on = excluded.screened_on, decision = excluded.decision,
            assessments = excluded.assessments, lead_worker = excluded.lead_worker,
            assessment_due = excluded.assessment_due, updated_at = excluded.updated_at",
    )?
    .execute(params![
        referral.id.to_string(),
        referral.context_id.to_string(),
        referral.received_on,
        referral.urgency.code(),
        referral.referrer.role,
        screening.map(|s| crate::timeline::day_of(s.screened_at)),
        screening.map(|s| s.decision.code()),
        assessments,
        screening
            .map(|s| s.lead_worker.as_str())
            .unwrap_or_default(),
        screening.and_then(|s| s.assessment_due.as_deref()),
        UnixMillis::from(referral.updated_at).get(),
        referral.referrer.agency.code(),
    ])?;
    Ok(())
}

impl Record for Referral {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "referrals";

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_referral(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        Referral::free_texts(self).collect()
    }
}
