//! Walkabouts: their Automerge document layout, their projections, and the store's operations.
//! Every rule is core's; this file only reads, writes and projects.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;
use waymark_core::audit::AuditAction;
use waymark_core::walkabout::{
    Acknowledgement, RemovedObservation, RoutePause, SafetyAlert, WalkaboutPlan, CHECK_OUT_ALERT,
};
use waymark_core::{
    CheckIn, CheckOut, Observation, ObservationDraft, RecordId, ValidationError, WalkInProgress,
    Walkabout, WalkaboutState, WalkaboutSummary, WriteUpSection,
};

use crate::document::{self, keys, Record};
use crate::{fields, name_check, route, Store, StoreError};
use waymark_core::history::{note, note_with};
use waymark_core::{RecordKind, UnixMillis};

pub(crate) const KIND: RecordKind = RecordKind::Walkabout;

mod field {
    pub const CONTEXT_IDS: &str = "context_ids";
    pub const PURPOSE: &str = "purpose";
    pub const PLANNED_START: &str = "planned_start";
    pub const PLANNED_END: &str = "planned_end";
    pub const TEAM: &str = "team";
    pub const LONE_REASON: &str = "lone_reason";
    pub const SAFETY_CONTACT: &str = "safety_contact";
    pub const OVERDUE_GRACE_MIN: &str = "overdue_grace_min";
    pub const STATE: &str = "state";
    pub const CHECK_IN: &str = "check_in";
    pub const CHECK_OUT: &str = waymark_core::walkabout::document_keys::CHECK_OUT;
    /// A map from observation id to the observation, so that observations added on two
    /// devices merge side by side.
    pub const OBSERVATIONS: &str = "observations";
    pub const DETAIL: &str = "detail";
    /// A map from section to text, each merged character by character.
    pub const WRITE_UP: &str = "write_up";
    pub const ROUTE: &str = waymark_core::walkabout::document_keys::ROUTE;
    /// `acknowledged.{alert}`: a map {by, at} per safety alert a manager acknowledged.
    pub const ACKNOWLEDGED: &str = "acknowledged.";
    pub const BY: &str = "by";
    pub const AT: &str = "at";
    /// In an observation's map: {reason, by, at} once it is removed.
    pub const REMOVED: &str = "removed";
    pub const REASON: &str = "reason";
    pub const CANCEL_REASON: &str = "cancel_reason";
    /// `route_pause.{id}`: a map {by, paused_at, resumed_at} per pause of route recording, each
    /// its own root key so that pauses made on two devices never replace each other.
    pub const ROUTE_PAUSE: &str = "route_pause.";
    pub const PAUSED_AT: &str = "paused_at";
    pub const RESUMED_AT: &str = "resumed_at";
}

impl Store {
    pub fn create_walkabout(&mut self, plan: WalkaboutPlan) -> Result<Walkabout, StoreError> {
        let plan = plan.validate()?;
        for context_id in &plan.context_ids {
            if !self.get_context(*context_id)?.can_be_walked() {
                return Err(ValidationError::NotWalked.into());
            }
        }
        let id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        let mut doc = document::new_document(&self.actor, KIND, id, now)?;
        fields::put(&mut doc, &ROOT, field::CONTEXT_IDS, &plan.context_ids)?;
        doc.put(ROOT, field::PURPOSE, plan.purpose.as_str())?;
        doc.put(
            ROOT,
            field::PLANNED_START,
            document::timestamp(plan.planned_start.into()),
        )?;
        doc.put(
            ROOT,
            field::PLANNED_END,
            document::timestamp(plan.planned_end.into()),
        )?;
        fields::put(&mut doc, &ROOT, field::TEAM, &plan.team)?;
        doc.put(ROOT, field::LONE_REASON, plan.lone_reason.as_str())?;
        fields::put(&mut doc, &ROOT, field::SAFETY_CONTACT, &plan.safety_contact)?;
        doc.put(
            ROOT,
            field::OVERDUE_GRACE_MIN,
            i64::from(plan.overdue_grace_min),
        )?;
        doc.put(ROOT, field::STATE, WalkaboutState::Planned.code())?;
        doc.put_object(ROOT, field::OBSERVATIONS, ObjType::Map)?;
        let write_up = doc.put_object(ROOT, field::WRITE_UP, ObjType::Map)?;
        for section in WriteUpSection::ALL {
            doc.put_object(&write_up, section.code(), ObjType::Text)?;
        }
        document::commit(&mut doc, note("history-planned-the-walkabout"), now);
        self.save_walkabout(id, doc)
    }

    /// A walkabout as its rows hold it: opening one reads its view and a row per observation,
    /// not its whole document.
    pub fn get_walkabout(&self, id: RecordId) -> Result<Walkabout, StoreError> {
        let walkabout = match self.projected_view(id)? {
            Some(mut walkabout) => {
                walkabout.observations = self.projected_observations(id)?;
                walkabout
            }
            None => self.get_record::<Walkabout>(id)?,
        };
        self.with_live_route(walkabout)
    }

    /// The walkabout without its observations, from its projected view; `None` when it has no
    /// row (not a walkabout here) or its row has no view yet.
    fn projected_view(&self, id: RecordId) -> Result<Option<Walkabout>, StoreError> {
        let view: Option<String> = self
            .conn
            .prepare_cached("SELECT view FROM walkabouts WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?;
        match view {
            Some(json) if !json.is_empty() => Ok(Some(serde_json::from_str(&json)?)),
            _ => Ok(None),
        }
    }

    /// A walkabout's observations from their rows, in the order the document reads them.
    fn projected_observations(&self, id: RecordId) -> Result<Vec<Observation>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, detail FROM observations WHERE walkabout_id = ?1")?;
        let rows = statement.query_map([id.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut observations = rows
            .map(|row| {
                let (id, detail) = row?;
                Ok(Observation {
                    id: id.parse()?,
                    detail: serde_json::from_str(&detail)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        observations.sort_by_key(|o| (o.detail.observed_at, o.id));
        Ok(observations)
    }

    /// Until the route is sealed at check-out, its summary is read from the points recorded so
    /// far; after, the document's summary stands, even once the track's retention has ended.
    fn with_live_route(&self, mut walkabout: Walkabout) -> Result<Walkabout, StoreError> {
        if walkabout.route.sealed_sha256.is_none() && walkabout.check_out.is_none() {
            walkabout.route =
                route::summary(&self.conn, walkabout.id, &walkabout.route_interruptions())?;
        }
        Ok(walkabout)
    }

    /// The walkabouts of one context, the most recently planned first. Reads projections only.
    /// The walkabouts being walked on this device's records now, the earliest checked in first:
    /// few at a time, so each is read from its document.
    pub fn walks_in_progress(&self) -> Result<Vec<WalkInProgress>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM walkabouts WHERE state = ?1 ORDER BY check_in_at, id")?
            .query_map([WalkaboutState::InProgress.code()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut walks = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(walk) = self.get_walkabout(id.parse()?)?.in_progress() {
                walks.push(walk);
            }
        }
        Ok(walks)
    }

    pub fn list_walkabouts(
        &self,
        context_id: RecordId,
    ) -> Result<Vec<WalkaboutSummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT w.id, w.purpose, w.state, w.planned_start, w.observation_count, w.urgent_concern
             FROM walkabouts w JOIN walkabout_contexts c ON c.walkabout_id = w.id
             WHERE c.context_id = ?1 ORDER BY w.planned_start DESC, w.id",
        )?;
        let rows = statement.query_map([context_id.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, u32>(4)?,
                row.get::<_, bool>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (id, purpose, state, planned_start, observation_count, urgent_concern) = row?;
            Ok(WalkaboutSummary {
                id: id.parse()?,
                purpose,
                state: WalkaboutState::from_code(&state).unwrap_or(WalkaboutState::Planned),
                planned_start: UnixMillis::new(planned_start).to_datetime(),
                observation_count,
                urgent_concern,
            })
        })
        .collect()
    }

    /// The safety alerts no manager has acknowledged, in every walkabout on this device, oldest
    /// first: for a manager's home page. Empty for anyone who does not manage the workspace.
    pub fn safety_alerts(&self) -> Result<Vec<SafetyAlert>, StoreError> {
        if !self.may_manage()? {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM walkabouts WHERE needs_acknowledgement = 1")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut alerts = Vec::new();
        for id in ids {
            alerts.extend(self.get_walkabout(id.parse()?)?.safety_alerts());
        }
        alerts.sort_by_key(|alert| alert.at);
        Ok(alerts)
    }

    /// A manager acknowledges one safety alert of a walkabout; the walkabout keeps who did, and
    /// when, and its history says so.
    pub fn acknowledge_alert(&mut self, id: RecordId, key: &str) -> Result<Walkabout, StoreError> {
        if !self.may_manage()? {
            return Err(ValidationError::AcknowledgingIsForManagers.into());
        }
        let by = self.practitioner_name()?;
        let message = if key == CHECK_OUT_ALERT {
            note("history-acknowledged-the-check-out-that-was-not")
        } else {
            note("history-acknowledged-the-urgent-concern")
        };
        let now = self.now();
        self.change_walkabout(id, message, |walkabout, doc| {
            walkabout.check_acknowledgement(key)?;
            if walkabout.acknowledgements.iter().any(|a| a.key == key) {
                return Ok(());
            }
            let acknowledged =
                doc.put_object(ROOT, format!("{}{key}", field::ACKNOWLEDGED), ObjType::Map)?;
            doc.put(&acknowledged, field::BY, by.as_str())?;
            doc.put(&acknowledged, field::AT, document::timestamp(now))?;
            Ok(())
        })
    }

    /// Starts the walk: records the check-in with the safety contact.
    pub fn check_in(&mut self, id: RecordId, check_in: CheckIn) -> Result<Walkabout, StoreError> {
        let now = self.now();
        self.change_walkabout(id, note("history-checked-in"), |walkabout, doc| {
            let check_in = walkabout.check_in(check_in, now.to_datetime())?;
            document::put_json(doc, &ROOT, field::CHECK_IN, &check_in)?;
            doc.put(ROOT, field::STATE, WalkaboutState::InProgress.code())?;
            Ok(())
        })
    }

    /// Adds an observation. Its photos must already be stored with [`Store::add_photo`].
    ///
    /// The rules read the walkabout's view, not its observations, and the save writes the one
    /// new observation's row, so a walk's hundredth observation costs what its first did.
    pub fn add_observation(
        &mut self,
        id: RecordId,
        draft: ObservationDraft,
    ) -> Result<Observation, StoreError> {
        for photo in &draft.photos {
            if !self.has_photo(photo)? {
                return Err(ValidationError::UnknownPhoto.into());
            }
        }
        self.refuse_if_shared_to_read(id)?;
        let mut doc = self.take_kind(id, KIND)?;
        let heads = doc.get_heads();
        let kept = self
            .last_walk_view
            .take()
            .and_then(|kept| kept.at(id, &heads));
        let mut view = match kept {
            Some(view) => view,
            None => match self.projected_view(id)? {
                Some(view) => view,
                None => read_walkabout(id, &doc)?,
            },
        };
        view.observations.clear();
        let now = self.now();
        let observation = Observation {
            id: RecordId::new(Uuid::now_v7())?,
            detail: view.check_observation(draft, now.to_datetime())?,
        };
        let message = if observation.detail.urgent {
            note("history-added-an-urgent-observation")
        } else {
            note("history-added-an-observation")
        };
        document::upgrade_before_change::<Walkabout>(&mut doc)?;
        let observations = map(&mut doc, field::OBSERVATIONS)?;
        fields::create_map(
            &mut doc,
            &observations,
            &observation.id.to_string(),
            field::DETAIL,
            &observation.detail,
        )?;
        doc.put(ROOT, keys::UPDATED_AT, document::timestamp(now))?;
        document::commit(&mut doc, message, now);
        view.updated_at = now.to_datetime();

        let tx = self.conn.savepoint()?;
        document::save(&tx, id, KIND.as_str(), &mut doc, now)?;
        let projected_as_viewed = project_added_observation(&tx, &view, &observation)?;
        if !projected_as_viewed {
            project(&tx, &read_walkabout(id, &doc)?)?;
        }
        tx.commit()?;
        if projected_as_viewed {
            *self.last_walk_view.borrow_mut() = Some(WalkView {
                id,
                heads: doc.get_heads(),
                view,
            });
        }
        self.keep_kind(id, KIND, doc);
        Ok(observation)
    }

    /// Corrects an observation after capture. Only the fields that changed are written, so a
    /// colleague's correction of another field on another device is kept too; the history
    /// keeps what it said before.
    pub fn update_observation(
        &mut self,
        id: RecordId,
        observation_id: RecordId,
        draft: ObservationDraft,
    ) -> Result<Walkabout, StoreError> {
        for photo in &draft.photos {
            if !self.has_photo(photo)? {
                return Err(ValidationError::UnknownPhoto.into());
            }
        }
        let now = self.now();
        self.change_walkabout(
            id,
            note("history-edited-an-observation"),
            |walkabout, doc| {
                let draft =
                    walkabout.check_observation_edit(observation_id, draft, now.to_datetime())?;
                let observation = observation_map(doc, observation_id)?;
                fields::put(doc, &observation, field::DETAIL, &draft)
            },
        )
    }

    /// Takes an observation out of the list, with the reason. What it said stays in the
    /// history, and the walkabout lists the removal.
    pub fn remove_observation(
        &mut self,
        id: RecordId,
        observation_id: RecordId,
        reason: &str,
    ) -> Result<Walkabout, StoreError> {
        let by = self.practitioner_name()?;
        // The history's line carries no typed words: the reason lives in the record, where the
        // name check and erasure reach it.
        let now = self.now();
        self.change_walkabout(
            id,
            note("history-removed-an-observation"),
            |walkabout, doc| {
                let reason = walkabout.check_removal(observation_id, reason)?;
                let observation = observation_map(doc, observation_id)?;
                let removed = doc.put_object(&observation, field::REMOVED, ObjType::Map)?;
                doc.put(&removed, field::REASON, reason)?;
                doc.put(&removed, field::BY, by.as_str())?;
                doc.put(&removed, field::AT, document::timestamp(now))?;
                Ok(())
            },
        )
    }

    /// Ends the walk: records the check-out and seals the route.
    pub fn check_out(
        &mut self,
        id: RecordId,
        check_out: CheckOut,
    ) -> Result<Walkabout, StoreError> {
        let interruptions = self.get_walkabout(id)?.route_interruptions();
        let now = self.now();
        let sealed = route::seal(&self.conn, id, &interruptions, now)?;
        self.change_walkabout(id, note("history-checked-out"), |walkabout, doc| {
            let check_out = walkabout.check_out(check_out, now.to_datetime())?;
            document::put_json(doc, &ROOT, field::CHECK_OUT, &check_out)?;
            document::put_json(doc, &ROOT, field::ROUTE, &sealed)?;
            doc.put(ROOT, field::STATE, WalkaboutState::CheckedOut.code())?;
            Ok(())
        })
    }

    pub fn update_write_up(
        &mut self,
        id: RecordId,
        section: WriteUpSection,
        text: String,
    ) -> Result<Walkabout, StoreError> {
        let message = note_with("history-edited-the-write-up", section.label());
        self.change_walkabout(id, &message, |walkabout, doc| {
            let text = walkabout.check_write_up(text)?;
            if walkabout.write_up(section) == text {
                return Ok(());
            }
            let write_up = map(doc, field::WRITE_UP)?;
            let obj = match doc.get(&write_up, section.code())? {
                Some((Value::Object(ObjType::Text), obj)) => obj,
                _ => doc.put_object(&write_up, section.code(), ObjType::Text)?,
            };
            doc.update_text(&obj, &text)?;
            Ok(())
        })
    }

    pub fn complete_walkabout(&mut self, id: RecordId) -> Result<Walkabout, StoreError> {
        let first_names = self.workspace_settings()?.first_names;
        self.change_walkabout(
            id,
            note("history-completed-the-walkabout"),
            |walkabout, doc| {
                walkabout.check_complete()?;
                // Privacy rule P3: no flagged word left unconfirmed in what the walkabout says.
                name_check::check_completable(walkabout, &first_names)?;
                doc.put(ROOT, field::STATE, WalkaboutState::Completed.code())?;
                Ok(())
            },
        )
    }

    /// Records that a word the name check flagged is not a child's name (P3). The history says a
    /// word was confirmed, never which, and the audit log hears of it at the next sync.
    pub fn confirm_not_a_childs_name(
        &mut self,
        id: RecordId,
        word: &str,
        now: UnixMillis,
    ) -> Result<Walkabout, StoreError> {
        let word = name_check::confirmed_word(word)?;
        let walkabout = self.change_walkabout(
            id,
            note("history-confirmed-a-flagged-word-is-not-a"),
            |_, doc| name_check::keep_confirmation(doc, &word),
        )?;
        self.record_event(id, AuditAction::NotAChildsName, now)?;
        Ok(walkabout)
    }

    /// Cancels a planned walkabout, with the reason, which the walkabout shows.
    pub fn cancel_walkabout(
        &mut self,
        id: RecordId,
        reason: &str,
    ) -> Result<Walkabout, StoreError> {
        self.change_walkabout(
            id,
            note("history-cancelled-the-walkabout"),
            |walkabout, doc| {
                let reason = walkabout.check_cancel(reason)?;
                doc.put(ROOT, field::STATE, WalkaboutState::Cancelled.code())?;
                doc.put(ROOT, field::CANCEL_REASON, reason)?;
                Ok(())
            },
        )
    }

    /// Turns route recording off until the practitioner resumes it: no point is recorded in
    /// between, and the sketch map shows the gap. Pausing a paused route changes nothing.
    pub fn pause_route(&mut self, id: RecordId) -> Result<Walkabout, StoreError> {
        let by = self.practitioner_name()?;
        let pause_id = RecordId::new(Uuid::now_v7())?;
        let now = self.now();
        self.change_walkabout(
            id,
            note("history-paused-route-recording"),
            |walkabout, doc| {
                if walkabout.check_route_pause()? {
                    let pause = doc.put_object(
                        ROOT,
                        format!("{}{pause_id}", field::ROUTE_PAUSE),
                        ObjType::Map,
                    )?;
                    doc.put(&pause, field::BY, by.as_str())?;
                    doc.put(&pause, field::PAUSED_AT, document::timestamp(now))?;
                }
                Ok(())
            },
        )
    }

    /// Turns route recording back on. Resuming a route that is not paused changes nothing.
    pub fn resume_route(&mut self, id: RecordId) -> Result<Walkabout, StoreError> {
        let now = self.now();
        self.change_walkabout(
            id,
            note("history-resumed-route-recording"),
            |walkabout, doc| {
                if let Some(pause_id) = walkabout.check_route_resume()? {
                    let key = format!("{}{pause_id}", field::ROUTE_PAUSE);
                    if let Some(pause) = document::read_map_at(doc, &ROOT, &key)? {
                        doc.put(&pause, field::RESUMED_AT, document::timestamp(now))?;
                    }
                }
                Ok(())
            },
        )
    }

    /// Merges a copy of a walkabout's document from another device.
    pub fn merge_walkabout(&mut self, id: RecordId, bytes: &[u8]) -> Result<Walkabout, StoreError> {
        let doc = self.merged(id, KIND, bytes)?;
        self.save_walkabout(id, doc)
    }

    /// Loads the walkabout, lets `change` check it and edit the document, then commits and saves.
    fn change_walkabout(
        &mut self,
        id: RecordId,
        message: &str,
        change: impl FnOnce(&Walkabout, &mut AutoCommit) -> Result<(), StoreError>,
    ) -> Result<Walkabout, StoreError> {
        self.refuse_if_shared_to_read(id)?;
        let mut doc = self.take_kind(id, KIND)?;
        document::upgrade_before_change::<Walkabout>(&mut doc)?;
        let walkabout = read_walkabout(id, &doc)?;
        change(&walkabout, &mut doc)?;
        if doc.pending_ops() == 0 {
            self.keep_kind(id, KIND, doc);
            return self.with_live_route(walkabout);
        }
        let now = self.now();
        doc.put(ROOT, keys::UPDATED_AT, document::timestamp(now))?;
        document::commit(&mut doc, message, now);
        self.save_walkabout(id, doc)
    }

    fn save_walkabout(&mut self, id: RecordId, doc: AutoCommit) -> Result<Walkabout, StoreError> {
        let walkabout = self.save_record(id, doc)?;
        self.with_live_route(walkabout)
    }
}

fn map(doc: &mut AutoCommit, key: &str) -> Result<ObjId, StoreError> {
    Ok(match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        _ => doc.put_object(ROOT, key, ObjType::Map)?,
    })
}

/// Reads a walkabout from its document, treating anything missing as its default.
pub(crate) fn read_walkabout(id: RecordId, doc: &AutoCommit) -> Result<Walkabout, StoreError> {
    let timestamp = |key| document::get_timestamp(doc, key).map(UnixMillis::to_datetime);
    let plan = WalkaboutPlan {
        context_ids: fields::get(doc, &ROOT, field::CONTEXT_IDS)?.unwrap_or_default(),
        purpose: document::get_str(doc, &ROOT, field::PURPOSE)?.unwrap_or_default(),
        planned_start: timestamp(field::PLANNED_START)?,
        planned_end: timestamp(field::PLANNED_END)?,
        team: fields::get(doc, &ROOT, field::TEAM)?.unwrap_or_default(),
        lone_reason: document::get_str(doc, &ROOT, field::LONE_REASON)?.unwrap_or_default(),
        safety_contact: fields::get(doc, &ROOT, field::SAFETY_CONTACT)?.unwrap_or(
            waymark_core::SafetyContact {
                name: String::new(),
                role: String::new(),
                phone: String::new(),
            },
        ),
        overdue_grace_min: match doc.get(ROOT, field::OVERDUE_GRACE_MIN)? {
            Some((Value::Scalar(s), _)) => s.as_i64().and_then(|m| u32::try_from(m).ok()),
            _ => None,
        }
        .unwrap_or(waymark_core::walkabout::DEFAULT_OVERDUE_GRACE_MIN),
    };
    let state = document::get_str(doc, &ROOT, field::STATE)?
        .and_then(|code| WalkaboutState::from_code(&code))
        .unwrap_or(WalkaboutState::Planned);
    Ok(Walkabout {
        id,
        plan,
        state,
        check_in: document::get_json(doc, &ROOT, field::CHECK_IN)?,
        check_out: document::get_json(doc, &ROOT, field::CHECK_OUT)?,
        observations: read_observations(doc)?,
        write_up: read_write_up(doc)?,
        not_childs_names: name_check::read_confirmations(doc)?,
        route: document::get_json(doc, &ROOT, field::ROUTE)?.unwrap_or_default(),
        acknowledgements: read_acknowledgements(doc)?,
        removed_observations: read_removed(doc)?,
        cancel_reason: document::get_str(doc, &ROOT, field::CANCEL_REASON)?.unwrap_or_default(),
        route_pauses: read_route_pauses(doc)?,
        created_at: timestamp(keys::CREATED_AT)?,
        updated_at: timestamp(keys::UPDATED_AT)?,
    })
}

/// The map of one observation, which must be there.
fn observation_map(doc: &AutoCommit, observation_id: RecordId) -> Result<ObjId, StoreError> {
    document::read_map_at(doc, &ROOT, field::OBSERVATIONS)?
        .and_then(|observations| {
            document::read_map_at(doc, &observations, &observation_id.to_string()).transpose()
        })
        .transpose()?
        .ok_or_else(|| ValidationError::UnknownItem.into())
}

/// The observations taken out of the list, in the order they were removed.
fn read_removed(doc: &AutoCommit) -> Result<Vec<RemovedObservation>, StoreError> {
    let Some(observations) = document::read_map_at(doc, &ROOT, field::OBSERVATIONS)? else {
        return Ok(Vec::new());
    };
    let mut removed = Vec::new();
    for id in document::id_keys(doc, &observations) {
        let Some(observation) = document::read_map_at(doc, &observations, &id.to_string())? else {
            continue;
        };
        if let Some(map) = document::read_map_at(doc, &observation, field::REMOVED)? {
            removed.push(RemovedObservation {
                id,
                reason: document::get_str(doc, &map, field::REASON)?.unwrap_or_default(),
                by: document::get_str(doc, &map, field::BY)?.unwrap_or_default(),
                at: document::get_timestamp_at(doc, &map, field::AT)?.to_datetime(),
            });
        }
    }
    removed.sort_by_key(|r| r.at);
    Ok(removed)
}

fn read_observations(doc: &AutoCommit) -> Result<Vec<Observation>, StoreError> {
    let Some((Value::Object(ObjType::Map), observations)) = doc.get(ROOT, field::OBSERVATIONS)?
    else {
        return Ok(Vec::new());
    };
    let mut read = Vec::new();
    for key in doc.keys(&observations) {
        let Ok(id) = key.parse::<RecordId>() else {
            continue;
        };
        let Some((Value::Object(ObjType::Map), obj)) = doc.get(&observations, &key)? else {
            continue;
        };
        if document::read_map_at(doc, &obj, field::REMOVED)?.is_some() {
            continue;
        }
        if let Some(detail) = fields::get::<ObservationDraft>(doc, &obj, field::DETAIL)? {
            read.push(Observation { id, detail });
        }
    }
    read.sort_by_key(|o| (o.detail.observed_at, o.id));
    Ok(read)
}

fn read_route_pauses(doc: &AutoCommit) -> Result<Vec<RoutePause>, StoreError> {
    let mut read = Vec::new();
    for key in doc.keys(ROOT) {
        let Some(id) = key
            .strip_prefix(field::ROUTE_PAUSE)
            .and_then(|id| id.parse::<RecordId>().ok())
        else {
            continue;
        };
        if let Some(map) = document::read_map_at(doc, &ROOT, &key)? {
            let resumed_at = match doc.get(&map, field::RESUMED_AT)? {
                Some(_) => {
                    Some(document::get_timestamp_at(doc, &map, field::RESUMED_AT)?.to_datetime())
                }
                None => None,
            };
            read.push(RoutePause {
                id,
                by: document::get_str(doc, &map, field::BY)?.unwrap_or_default(),
                paused_at: document::get_timestamp_at(doc, &map, field::PAUSED_AT)?.to_datetime(),
                resumed_at,
            });
        }
    }
    read.sort_by_key(|pause| (pause.paused_at, pause.id));
    Ok(read)
}

fn read_acknowledgements(doc: &AutoCommit) -> Result<Vec<Acknowledgement>, StoreError> {
    let mut read = Vec::new();
    for key in doc.keys(ROOT) {
        let Some(alert) = key.strip_prefix(field::ACKNOWLEDGED) else {
            continue;
        };
        if let Some(map) = document::read_map_at(doc, &ROOT, &key)? {
            read.push(Acknowledgement {
                key: alert.to_owned(),
                by: document::get_str(doc, &map, field::BY)?.unwrap_or_default(),
                at: document::get_timestamp_at(doc, &map, field::AT)?.to_datetime(),
            });
        }
    }
    Ok(read)
}

fn read_write_up(doc: &AutoCommit) -> Result<Vec<(WriteUpSection, String)>, StoreError> {
    let Some((Value::Object(ObjType::Map), write_up)) = doc.get(ROOT, field::WRITE_UP)? else {
        return Ok(Vec::new());
    };
    let mut sections = Vec::new();
    for section in WriteUpSection::ALL {
        if let Some((Value::Object(ObjType::Text), text)) = doc.get(&write_up, section.code())? {
            sections.push((section, doc.text(&text)?));
        }
    }
    Ok(sections)
}

/// Writes the walkabout's rows in the `walkabouts`, `walkabout_contexts` and `observations`
/// projections.
pub(crate) fn project(conn: &Connection, walkabout: &Walkabout) -> Result<(), StoreError> {
    let id = walkabout.id.to_string();
    let mut view = walkabout.clone();
    view.observations.clear();
    conn.prepare_cached(
        "INSERT INTO walkabouts (id, purpose, state, planned_start, planned_end, check_in_at,
                                 expected_finish, check_out_at, observation_count, urgent_concern,
                                 updated_at, needs_acknowledgement, route_paused, view)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET view = excluded.view,
            purpose = excluded.purpose, state = excluded.state,
            planned_start = excluded.planned_start, planned_end = excluded.planned_end,
            check_in_at = excluded.check_in_at, expected_finish = excluded.expected_finish,
            check_out_at = excluded.check_out_at, observation_count = excluded.observation_count,
            urgent_concern = excluded.urgent_concern, updated_at = excluded.updated_at,
            needs_acknowledgement = excluded.needs_acknowledgement,
            route_paused = excluded.route_paused",
    )?
    .execute(params![
        id,
        walkabout.plan.purpose,
        walkabout.state.code(),
        UnixMillis::from(walkabout.plan.planned_start).get(),
        UnixMillis::from(walkabout.plan.planned_end).get(),
        walkabout
            .check_in
            .as_ref()
            .map(|c| UnixMillis::from(c.at).get()),
        walkabout
            .check_in
            .as_ref()
            .map(|c| UnixMillis::from(c.expected_finish).get()),
        walkabout
            .check_out
            .as_ref()
            .map(|c| UnixMillis::from(c.at).get()),
        walkabout.observations.len() as i64,
        walkabout.urgent_concern(),
        UnixMillis::from(walkabout.updated_at).get(),
        !walkabout.safety_alerts().is_empty(),
        walkabout.route_paused(),
        serde_json::to_string(&view)?,
    ])?;
    conn.prepare_cached("DELETE FROM walkabout_contexts WHERE walkabout_id = ?1")?
        .execute([&id])?;
    for context_id in &walkabout.plan.context_ids {
        conn.prepare_cached(
            "INSERT INTO walkabout_contexts (walkabout_id, context_id) VALUES (?1, ?2)",
        )?
        .execute([&id, &context_id.to_string()])?;
    }
    conn.prepare_cached("DELETE FROM observations WHERE walkabout_id = ?1")?
        .execute([&id])?;
    for observation in &walkabout.observations {
        project_observation(conn, walkabout.id, observation)?;
    }
    Ok(())
}

/// Writes one observation's row.
fn project_observation(
    conn: &Connection,
    walkabout: RecordId,
    observation: &Observation,
) -> Result<(), StoreError> {
    let detail = &observation.detail;
    let point = detail.location.point();
    conn.prepare_cached(
        "INSERT INTO observations (id, walkabout_id, observed_at, category, valence, urgent,
                                   latitude, longitude, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        observation.id.to_string(),
        walkabout.to_string(),
        UnixMillis::from(detail.observed_at).get(),
        detail.category.code(),
        detail.valence.code(),
        detail.urgent,
        point.map(|p| p.lat),
        point.map(|p| p.lon),
        serde_json::to_string(detail)?,
    ])?;
    Ok(())
}

/// Projects a new observation without reading the others: its row, and on the walkabout's row
/// the new view (which holds no observations), one more observation, and an urgent one's flags;
/// a new urgent observation is an alert no manager has acknowledged yet. False when the
/// walkabout has no row to update, so that the caller projects it whole.
fn project_added_observation(
    conn: &Connection,
    view: &Walkabout,
    observation: &Observation,
) -> Result<bool, StoreError> {
    let updated = conn
        .prepare_cached(
            "UPDATE walkabouts SET view = ?2, updated_at = ?3,
                observation_count = observation_count + 1,
                urgent_concern = urgent_concern OR ?4,
                needs_acknowledgement = needs_acknowledgement OR ?4
             WHERE id = ?1",
        )?
        .execute(params![
            view.id.to_string(),
            serde_json::to_string(view)?,
            UnixMillis::from(view.updated_at).get(),
            observation.detail.urgent,
        ])?;
    if updated == 0 {
        return Ok(false);
    }
    project_observation(conn, view.id, observation)?;
    Ok(true)
}

/// A walkabout's view without its observations, as its projection holds it, and the heads of
/// the document it was read from. The view is made from the document alone, so while the
/// document's heads are the same the view is too, whatever wrote the document since.
#[derive(Debug)]
pub(crate) struct WalkView {
    id: RecordId,
    heads: Vec<automerge::ChangeHash>,
    view: Walkabout,
}

impl WalkView {
    /// The view, if it is of walkabout `id` with the document at `heads`.
    fn at(self, id: RecordId, heads: &[automerge::ChangeHash]) -> Option<Walkabout> {
        (self.id == id && self.heads == heads).then_some(self.view)
    }
}

/// The state of a walkabout from its projection, without loading the document.
/// True if the walkabout is being walked with its route recording on, read from the projection.
pub(crate) fn recording_route(conn: &Connection, id: RecordId) -> Result<bool, StoreError> {
    let projected = conn
        .prepare_cached("SELECT state, route_paused FROM walkabouts WHERE id = ?1")?
        .query_row([id.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
        })
        .optional()?;
    Ok(projected.is_some_and(|(code, paused)| {
        WalkaboutState::from_code(&code) == Some(WalkaboutState::InProgress) && !paused
    }))
}

impl Record for Walkabout {
    const KIND: RecordKind = KIND;
    const PROJECTION: &'static str = "walkabouts";

    fn upgrade(doc: &mut AutoCommit) -> Result<(), StoreError> {
        for key in [field::CONTEXT_IDS, field::TEAM, field::SAFETY_CONTACT] {
            fields::upgrade(doc, &ROOT, key)?;
        }
        if let Some(observations) = document::read_map_at(doc, &ROOT, field::OBSERVATIONS)? {
            for id in document::id_keys(doc, &observations) {
                if let Some(observation) =
                    document::read_map_at(doc, &observations, &id.to_string())?
                {
                    fields::upgrade(doc, &observation, field::DETAIL)?;
                }
            }
        }
        Ok(())
    }

    fn read(id: RecordId, doc: &AutoCommit) -> Result<Self, StoreError> {
        read_walkabout(id, doc)
    }

    fn project(conn: &Connection, record: &Self) -> Result<(), StoreError> {
        project(conn, record)
    }

    fn updated_at(&self) -> time::OffsetDateTime {
        self.updated_at
    }

    fn free_texts(&self) -> Vec<&str> {
        Walkabout::free_texts(self).collect()
    }

    fn not_childs_names(&self) -> &[String] {
        &self.not_childs_names
    }

    fn attachments(&self) -> Vec<&str> {
        Walkabout::attachments(self)
    }
}
