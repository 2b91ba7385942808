//! Plans: the document layout, the projection of their actions for every list that shows them,
//! and the changes partners make. Goals, actions, updates and reviews are entries keyed by id;
//! prose is text; an action's status is one value, and when two people set it at once Automerge
//! keeps both, which the plan shows until someone chooses.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ROOT};
use rusqlite::{params, Connection};
use uuid::Uuid;
use waymark_core::plan::{
    check_goal, Action, ActionUpdate, Goal, Plan, PlanEdit, Review, ReviewDraft, StatusChange,
    ValidAction,
};
use waymark_core::school::validate_date;
use waymark_core::vocabulary::{ActionStatus, ContextStatus, PartnerAgency, ReviewDecision};
use waymark_core::{RecordId, RecordKind, UnixMillis, ValidationError};

use crate::document::{self, keys, Record};
use crate::{name_check, Store, StoreError};
use waymark_core::history::{self, note, note_with};

pub(crate) const KIND: RecordKind = RecordKind::Plan;

mod field {
    pub const CONTEXT_ID: &str = "context_id";
    pub const CONFERENCE_ID: &str = "conference_id";
    /// A map from goal id to a map holding its `statement` text.
    pub const GOALS: &str = "goals";
    pub const STATEMENT: &str = "statement";
    /// A map from action id to a map of the action's fields.
    pub const ACTIONS: &str = "actions";
    pub const GOAL_ID: &str = "goal_id";
    pub const DESCRIPTION: &str = "description";
    pub const OWNER_AGENCY: &str = "owner_agency";
    pub const OWNER_ROLE: &str = "owner_role";
    pub const OWNER_NAME: &str = "owner_name";
    pub const DUE: &str = "due";
    pub const STATUS: &str = "status";
    pub const BLOCKED_REASON: &str = "blocked_reason";
    pub const DONE_ON: &str = "done_on";
    /// In an action: a map from update id to a map of `by`, `at` and `note`.
    pub const UPDATES: &str = "updates";
    pub const BY: &str = "by";
    pub const AT: &str = "at";
    pub const NOTE: &str = "note";
    pub const YOUNG_PEOPLE_VOICE: &str = "young_people_voice";
    pub const REVIEW_DATE: &str = "review_date";
    /// A map from review id to a map of `held_on`, `summary`, `decision` and `next_review`.
    pub const REVIEWS: &str = "reviews";
    pub const HELD_ON: &str = "held_on";
    pub const SUMMARY: &str = "summary";
    pub const DECISION: &str = "decision";
    pub const NEXT_REVIEW: &str = "next_review";
    pub const AGREED: &str = "agreed";
    pub const CLOSED: &str = "closed";
}

impl Store {
    /// Starts a context's plan; a conference that decides on a plan makes it.
    pub(crate) fn create_plan(
        &mut self,
        context_id: RecordId,
        conference_id: Option<RecordId>,
        review_date: Option<String>,
    ) -> Result<Plan, StoreError> {
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        doc.put(ROOT, field::CONTEXT_ID, context_id.to_string())?;
        if let Some(conference_id) = conference_id {
            doc.put(ROOT, field::CONFERENCE_ID, conference_id.to_string())?;
        }
        doc.put_object(ROOT, field::GOALS, ObjType::Map)?;
        doc.put_object(ROOT, field::ACTIONS, ObjType::Map)?;
        doc.put_object(ROOT, field::REVIEWS, ObjType::Map)?;
        doc.put_object(ROOT, field::YOUNG_PEOPLE_VOICE, ObjType::Text)?;
        doc.put(ROOT, field::REVIEW_DATE, review_date.unwrap_or_default())?;
        doc.put(ROOT, field::AGREED, false)?;
        doc.put(ROOT, field::CLOSED, false)?;
        name_check::start_confirmations(&mut doc)?;
        document::commit(
            &mut doc,
            note("history-plan-started-at-the-conference"),
            now,
        );
        self.save_record(id, doc)
    }

    pub fn get_plan(&self, id: RecordId) -> Result<Plan, StoreError> {
        self.get_record(id)
    }

    /// Changes one goal, action or field of a plan.
    pub fn update_plan(&mut self, id: RecordId, edit: PlanEdit) -> Result<Plan, StoreError> {
        let plan = self.get_plan(id)?;
        match edit {
            PlanEdit::AddGoal(statement) => {
                let statement = check_goal(&statement)?;
                let goal_id = RecordId::new(Uuid::now_v7())?;
                self.change_record(id, note("history-added-a-goal"), |doc| {
                    let goals = document::map_at(doc, &ROOT, field::GOALS)?;
                    let goal = doc.put_object(&goals, goal_id.to_string(), ObjType::Map)?;
                    document::update_text_at(doc, &goal, field::STATEMENT, &statement)
                })
            }
            PlanEdit::EditGoal { goal, statement } => {
                let statement = check_goal(&statement)?;
                self.change_record(id, note("history-edited-a-goal"), |doc| {
                    let goals = document::map_at(doc, &ROOT, field::GOALS)?;
                    let obj = document::read_map_at(doc, &goals, &goal.to_string())?
                        .ok_or(ValidationError::UnknownItem)?;
                    document::update_text_at(doc, &obj, field::STATEMENT, &statement)
                })
            }
            PlanEdit::AddAction(draft) => {
                let action = draft.validate()?;
                let action_id = RecordId::new(Uuid::now_v7())?;
                self.change_record(id, note("history-added-an-action"), |doc| {
                    let actions = document::map_at(doc, &ROOT, field::ACTIONS)?;
                    let obj = doc.put_object(&actions, action_id.to_string(), ObjType::Map)?;
                    doc.put(&obj, field::STATUS, ActionStatus::NotStarted.code())?;
                    doc.put_object(&obj, field::UPDATES, ObjType::Map)?;
                    doc.put_object(&obj, field::BLOCKED_REASON, ObjType::Text)?;
                    put_action(doc, &obj, &action)
                })
            }
            PlanEdit::EditAction { action, draft } => {
                let valid = draft.validate()?;
                self.change_record(id, note("history-edited-an-action"), |doc| {
                    let obj = action_obj(doc, action)?;
                    put_action(doc, &obj, &valid)
                })
            }
            PlanEdit::RemoveAction(action) => {
                self.change_record(id, note("history-removed-an-action"), |doc| {
                    let actions = document::map_at(doc, &ROOT, field::ACTIONS)?;
                    if doc.get(&actions, action.to_string())?.is_none() {
                        return Err(ValidationError::UnknownItem.into());
                    }
                    doc.delete(&actions, action.to_string())?;
                    Ok(())
                })
            }
            PlanEdit::ReviewDate(date) => {
                let date = validate_date(&date)?;
                if plan.review_date.as_deref() == Some(date.as_str()) {
                    return Ok(plan);
                }
                self.change_record(id, note("history-set-the-review-date"), |doc| {
                    doc.put(ROOT, field::REVIEW_DATE, date)?;
                    Ok(())
                })
            }
            PlanEdit::YoungPeopleVoice(text) => {
                let text = waymark_core::conference::check_section(text)?;
                self.change_record(id, note("history-edited-what-young-people-said"), |doc| {
                    document::update_text(doc, field::YOUNG_PEOPLE_VOICE, &text)
                })
            }
        }
    }

    /// Sets an action's status, with the note that goes with it: the owner agency's update.
    pub fn set_action_status(
        &mut self,
        id: RecordId,
        action: RecordId,
        change: StatusChange,
    ) -> Result<Plan, StoreError> {
        let change = change.validate()?;
        let by = self.practitioner_name()?;
        let now = self.now();
        let today = crate::timeline::day_of(now.to_datetime());
        let message = note_with("history-action-status", change.status.label());
        self.change_record(id, &message, |doc| {
            let obj = action_obj(doc, action)?;
            doc.put(&obj, field::STATUS, change.status.code())?;
            // The reason is kept when the action moves on, and shown only while it is blocked.
            if change.status == ActionStatus::Blocked {
                document::update_text_at(doc, &obj, field::BLOCKED_REASON, &change.blocked_reason)?;
            }
            let done_on = if change.status == ActionStatus::Done {
                today
            } else {
                String::new()
            };
            doc.put(&obj, field::DONE_ON, done_on)?;
            if !change.note.is_empty() {
                add_update(doc, &obj, &by, now, &change.note)?;
            }
            Ok(())
        })
    }

    /// Adds an update note to an action without changing its status.
    pub fn add_action_update(
        &mut self,
        id: RecordId,
        action: RecordId,
        note: String,
    ) -> Result<Plan, StoreError> {
        let note = waymark_core::text::required(
            &note,
            "note",
            waymark_core::plan::TEXT_MAX_CHARS,
            ValidationError::TooLong {
                field: "note",
                max: waymark_core::plan::TEXT_MAX_CHARS,
            },
        )?;
        let by = self.practitioner_name()?;
        let now = self.now();
        self.change_record(
            id,
            history::note("history-added-an-update-to-an-action"),
            |doc| {
                let obj = action_obj(doc, action)?;
                add_update(doc, &obj, &by, now, &note)
            },
        )
    }

    /// Agrees the plan: every action owned by an agency and dated, a review date set, and
    /// nothing that names a child (P10).
    pub fn agree_plan(&mut self, id: RecordId) -> Result<Plan, StoreError> {
        let plan = self.get_plan(id)?;
        plan.check_agreeable(&self.workspace_settings()?)?;
        self.change_record(id, note("history-agreed-the-plan"), |doc| {
            doc.put(ROOT, field::AGREED, true)?;
            Ok(())
        })
    }

    /// Records a review. Going on moves the context to monitoring with the next review date;
    /// closing closes the plan and the context.
    pub fn review_plan(&mut self, id: RecordId, draft: ReviewDraft) -> Result<Plan, StoreError> {
        let review = draft.validate()?;
        let plan = self.get_plan(id)?;
        let decision = ReviewDecision::from_code(&review.decision)?;
        let review_id = RecordId::new(Uuid::now_v7())?;
        self.atomically(|store| {
            let (status, reason) = match decision {
                ReviewDecision::Close => (
                    ContextStatus::Closed,
                    format!("Plan closed at review: {}", review.summary),
                ),
                _ => (ContextStatus::Monitoring, String::new()),
            };
            store.move_context(
                plan.context_id,
                status,
                &reason,
                note("history-plan-reviewed"),
                |_| Ok(()),
            )?;
            store.change_record(id, note("history-reviewed-the-plan"), |doc| {
                let reviews = document::map_at(doc, &ROOT, field::REVIEWS)?;
                let obj = doc.put_object(&reviews, review_id.to_string(), ObjType::Map)?;
                doc.put(&obj, field::HELD_ON, review.held_on.as_str())?;
                document::update_text_at(doc, &obj, field::SUMMARY, &review.summary)?;
                doc.put(&obj, field::DECISION, decision.code())?;
                if let Some(next) = &review.next_review {
                    doc.put(&obj, field::NEXT_REVIEW, next.as_str())?;
                    doc.put(ROOT, field::REVIEW_DATE, next.as_str())?;
                }
                if decision == ReviewDecision::Close {
                    doc.put(ROOT, field::CLOSED, true)?;
                }
                Ok(())
            })
        })
    }

    /// The plans of a context, oldest first.
    pub fn list_plans(&self, context_id: RecordId) -> Result<Vec<Plan>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM plans WHERE context_id = ?1 ORDER BY created_on, id")?
            .query_map([context_id.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter().map(|id| self.get_plan(id.parse()?)).collect()
    }

    /// Records that a word the name check flagged in a plan is not a child's name.
    pub fn confirm_not_a_childs_name_in_plan(
        &mut self,
        id: RecordId,
        word: &str,
        now: UnixMillis,
    ) -> Result<Plan, StoreError> {
        let word = name_check::confirmed_word(word)?;
        let plan = self.change_record(
            id,
            note("history-confirmed-a-flagged-word-is-not-a"),
            |doc| name_check::keep_confirmation(doc, &word),
        )?;
        self.record_event(id, waymark_core::audit::AuditAction::NotAChildsName, now)?;
        Ok(plan)
    }

    pub fn merge_plan(&mut self, id: RecordId, bytes: &[u8]) -> Result<Plan, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_record(id, doc)
    }
}

fn action_obj(doc: &mut AutoCommit, action: RecordId) -> Result<ObjId, StoreError> {
    let actions = document::map_at(doc, &ROOT, field::ACTIONS)?;
    Ok(document::read_map_at(doc, &actions, &action.to_string())?
        .ok_or(ValidationError::UnknownItem)?)
}

/// Writes an action's fields, each under its own key, changing only those that differ.
fn put_action(doc: &mut AutoCommit, obj: &ObjId, action: &ValidAction) -> Result<(), StoreError> {
    let put_if_changed = |doc: &mut AutoCommit, key: &str, value: &str| {
        if document::get_str(doc, obj, key)?.as_deref() != Some(value) {
            doc.put(obj, key, value)?;
        }
        Ok::<_, StoreError>(())
    };
    put_if_changed(
        doc,
        field::GOAL_ID,
        &action.goal_id.map(|g| g.to_string()).unwrap_or_default(),
    )?;
    put_if_changed(
        doc,
        field::OWNER_AGENCY,
        action.owner_agency.map_or("", PartnerAgency::code),
    )?;
    put_if_changed(doc, field::OWNER_ROLE, &action.owner_role)?;
    put_if_changed(doc, field::OWNER_NAME, &action.owner_name)?;
    put_if_changed(doc, field::DUE, action.due.as_deref().unwrap_or_default())?;
    document::update_text_at(doc, obj, field::DESCRIPTION, &action.description)
}

fn add_update(
    doc: &mut AutoCommit,
    action: &ObjId,
    by: &str,
    at: UnixMillis,
    note: &str,
) -> Result<(), StoreError> {
    let updates = document::map_at(doc, action, field::UPDATES)?;
    let obj = doc.put_object(
        &updates,
        RecordId::new(Uuid::now_v7())?.to_string(),
        ObjType::Map,
    )?;
    doc.put(&obj, field::BY, by)?;
    doc.put(&obj, field::AT, document::timestamp(at))?;
    doc.put(&obj, field::NOTE, note)?;
    Ok(())
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

fn read_action(doc: &AutoCommit, id: RecordId, obj: &ObjId) -> Result<Action, StoreError> {
    let mut statuses = document::get_strs_all(doc, obj, field::STATUS)?
        .into_iter()
        .filter_map(|code| ActionStatus::from_code(&code).ok());
    let status = statuses.next().unwrap_or(ActionStatus::NotStarted);
    let mut updates = Vec::new();
    if let Some(map) = document::read_map_at(doc, obj, field::UPDATES)? {
        for update_id in document::id_keys(doc, &map) {
            if let Some(update) = document::read_map_at(doc, &map, &update_id.to_string())? {
                let at = document::get_timestamp_at(doc, &update, field::AT)?;
                updates.push(ActionUpdate {
                    by: document::get_str(doc, &update, field::BY)?.unwrap_or_default(),
                    at: at.to_datetime(),
                    note: document::get_str(doc, &update, field::NOTE)?.unwrap_or_default(),
                });
            }
        }
    }
    Ok(Action {
        id,
        goal_id: document::get_str(doc, obj, field::GOAL_ID)?.and_then(|s| s.parse().ok()),
        description: document::read_text_at(doc, obj, field::DESCRIPTION)?,
        owner_agency: document::get_str(doc, obj, field::OWNER_AGENCY)?
            .and_then(|code| PartnerAgency::from_code(&code).ok()),
        owner_role: document::get_str(doc, obj, field::OWNER_ROLE)?.unwrap_or_default(),
        owner_name: document::get_str(doc, obj, field::OWNER_NAME)?.unwrap_or_default(),
        due: non_empty(document::get_str(doc, obj, field::DUE)?),
        status,
        other_statuses: statuses.collect(),
        blocked_reason: document::read_text_at(doc, obj, field::BLOCKED_REASON)?,
        done_on: non_empty(document::get_str(doc, obj, field::DONE_ON)?),
        updates,
    })
}

pub(crate) fn read_plan(id: RecordId, doc: &AutoCommit) -> Result<Plan, StoreError> {
    let context_id = document::get_str(doc, &ROOT, field::CONTEXT_ID)?
        .and_then(|s| s.parse().ok())
        .ok_or(StoreError::MismatchedDocument(id))?;
    let mut goals = Vec::new();
    if let Some(map) = document::read_map_at(doc, &ROOT, field::GOALS)? {
        for goal_id in document::id_keys(doc, &map) {
            if let Some(obj) = document::read_map_at(doc, &map, &goal_id.to_string())? {
                goals.push(Goal {
                    id: goal_id,
                    statement: document::read_text_at(doc, &obj, field::STATEMENT)?,
                });
            }
        }
    }
    let mut actions = Vec::new();
    if let Some(map) = document::read_map_at(doc, &ROOT, field::ACTIONS)? {
        for action_id in document::id_keys(doc, &map) {
            if let Some(obj) = document::read_map_at(doc, &map, &action_id.to_string())? {
                actions.push(read_action(doc, action_id, &obj)?);
            }
        }
    }
    let mut reviews = Vec::new();
    if let Some(map) = document::read_map_at(doc, &ROOT, field::REVIEWS)? {
        for review_id in document::id_keys(doc, &map) {
            if let Some(obj) = document::read_map_at(doc, &map, &review_id.to_string())? {
                reviews.push(Review {
                    id: review_id,
                    held_on: document::get_str(doc, &obj, field::HELD_ON)?.unwrap_or_default(),
                    summary: document::read_text_at(doc, &obj, field::SUMMARY)?,
                    decision: document::get_str(doc, &obj, field::DECISION)?
                        .and_then(|code| ReviewDecision::from_code(&code).ok())
                        .unwrap_or(ReviewDecision::Continue),
                    next_review: non_empty(document::get_str(doc, &obj, field::NEXT_REVIEW)?),
                });
            }
        }
    }
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    Ok(Plan {
        id,
        context_id,
        conference_id: document::get_str(doc, &ROOT, field::CONFERENCE_ID)?
            .and_then(|s| s.parse().ok()),
        goals,
        actions,
        young_people_voice: document::get_text(doc, field::YOUNG_PEOPLE_VOICE)?,
        review_date: non_empty(document::get_str(doc, &ROOT, field::REVIEW_DATE)?),
        reviews,
        agreed: document::get_bool(doc, &ROOT, field::AGREED)?,
        closed: document::get_bool(doc, &ROOT, field::CLOSED)?,
        not_childs_names: name_check::read_confirmations(doc)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

pub(crate) fn project(conn: &Connection, plan: &Plan) -> Result<(), StoreError> {
    let id = plan.id.to_string();
    let context_id = plan.context_id.to_string();
    conn.prepare_cached(
        "INSERT INTO plans (id, context_id, created_on, review_date, agreed, closed, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET
            context_id = excluded.context_id, created_on = excluded.created_on,
            review_date = excluded.review_date, agreed = excluded.agreed,
            closed = excluded.closed, updated_at = excluded.updated_at",
    )?
    .execute(params![
        id,
        context_id,
        crate::timeline::day_of(plan.created_at),
        plan.review_date,
        plan.agreed,
        plan.closed,
        UnixMillis::from(plan.updated_at).get(),
    ])?;
    conn.prepare_cached("DELETE FROM plan_actions WHERE plan_id = ?1")?
        .execute([&id])?;
    for action in &plan.actions {
        conn.prepare_cached(
            "INSERT INTO plan_actions (id, plan_id, context_id, description, owner_agency, due,
                                       status, done_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            action.id.to_string(),
            id,
            context_id,
            action.description,
            action.owner_agency.map(PartnerAgency::code),
            action.due,
            action.status.code(),
            action.done_on,
        ])?;
    }
    conn.prepare_cached("DELETE FROM plan_reviews WHERE plan_id = ?1")?
        .execute([&id])?;
    for review in &plan.reviews {
        conn.prepare_cached(
            "INSERT INTO plan_reviews (id, plan_id, context_id, held_on, decision)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            review.id.to_string(),
            id,
            context_id,
            review.held_on,
            review.decision.code(),
        ])?;
    }
    Ok(())
}

impl Record for Plan {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "plans";

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_plan(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        Plan::free_texts(self).collect()
    }

    fn not_childs_names(&self) -> &[String] {
        &self.not_childs_names
    }
}
