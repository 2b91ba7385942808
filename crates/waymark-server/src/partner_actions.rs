//! A partner agency's actions. A partner reader (the council's lighting team, the parks team, a
//! voluntary-sector youth project) sees the actions of their workspace's plans that their agency
//! owns, with the name of the place each is for, and updates their status and adds a note:
//! nothing else of a plan reaches them. The server reads the plans and writes the change into
//! the plan's document itself, under an actor bound to the partner, so every device of the team
//! receives it at its next sync as any other change, with its author in the plan's history.
//!
//! The server reads and writes only an action's part of a plan document. Its layout is the one
//! the device store writes (`waymark-store/src/plan.rs`); the round trip is pinned by
//! `tests/partner_actions.rs`, where the store writes the plan and reads the partner's change.

use std::net::SocketAddr;

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::Json;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use waymark_core::millis::day_of;
use waymark_core::plan::{ActionUpdate, PartnerAction, PartnerActionUpdate, ValidStatusChange};
use waymark_core::vocabulary::{ActionStatus, PartnerAgency};
use waymark_core::{RecordId, UnixMillis};

use crate::server::{authenticate, blocking, now_millis, AppState, Changed};
use crate::storage::{Device, DocumentChanges, PartnerPlans};
use crate::ServerError;

/// The plan document's keys an action's part uses, as `waymark-store/src/plan.rs` writes them.
mod field {
    pub const CONTEXT_ID: &str = "context_id";
    pub const ACTIONS: &str = "actions";
    pub const DESCRIPTION: &str = "description";
    pub const OWNER_AGENCY: &str = "owner_agency";
    pub const DUE: &str = "due";
    pub const STATUS: &str = "status";
    pub const BLOCKED_REASON: &str = "blocked_reason";
    pub const DONE_ON: &str = "done_on";
    pub const UPDATES: &str = "updates";
    pub const BY: &str = "by";
    pub const AT: &str = "at";
    pub const NOTE: &str = "note";
    /// A context's name, at the root of its own document.
    pub const NAME: &str = "name";
}

/// `GET /partner-actions`: the actions the partner reader's agency owns, in every plan of their
/// workspace, each with the place it is for.
pub async fn list(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Vec<PartnerAction>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let actions = blocking(&state, move |storage| {
        let PartnerPlans { agency, plans } = storage.partner_plans(&device)?;
        let mut actions = Vec::new();
        for (plan_id, bytes) in plans {
            let doc = AutoCommit::load(&bytes)?;
            let place = context_name(storage, &doc)?;
            actions.extend(agency_actions(plan_id, &doc, agency, &place)?);
        }
        Ok(actions)
    })
    .await?;
    Ok(Json(actions))
}

/// `POST /partner-actions`: a partner reader sets the status of one of their agency's actions,
/// with a note; the answer is the action as it now stands.
pub async fn update(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PartnerAction>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let update: PartnerActionUpdate =
        serde_json::from_slice(&body).map_err(|_| ServerError::BadActionUpdate)?;
    let change = update.change.validate().map_err(ServerError::Invalid)?;
    let home = device.home;
    let sender = device.id;
    let action = blocking(&state, move |storage| {
        let PartnerPlans { agency, plans } = storage.partner_plans(&device)?;
        let bytes = plans
            .into_iter()
            .find(|(id, _)| *id == update.plan_id)
            .map(|(_, bytes)| bytes)
            .ok_or(ServerError::NotYourAgencysAction)?;
        let mut doc = AutoCommit::load(&bytes)?;
        let obj = agency_action(&doc, update.action_id, agency)?
            .ok_or(ServerError::NotYourAgencysAction)?;
        let before = doc.get_heads();
        let now = now_millis();
        doc.set_actor(partner_actor(&device));
        write_status(&mut doc, &obj, &change, &device.user, now)?;
        doc.commit_with(
            CommitOptions::default()
                .with_message(format!("Action status: {}", change.status.label()))
                .with_time(now.get()),
        );
        storage.apply_partner_change(
            &DocumentChanges {
                id: update.plan_id,
                home,
                editor: device.user_id,
                device: device.id,
                opens_case_team: false,
                epoch: waymark_sync::epoch::epoch_of(&doc),
                changes: doc.save_after(&before),
            },
            now,
        )?;
        let place = context_name(storage, &doc)?;
        read_action(update.plan_id, update.action_id, &doc, &obj, &place)
    })
    .await?;
    // Every device of the workspace, the sender's own among them, is told to come and sync.
    let _ = state.changes.send(Changed {
        workspaces: vec![home],
        device: Uuid::nil(),
    });
    tracing::info!(device = %sender, plan = %action.plan_id, "a partner agency updated an action");
    Ok(Json(action))
}

/// The actor a partner's changes are written under: one per device, so that the server binds
/// it to that device's person as it binds a device's own.
fn partner_actor(device: &Device) -> ActorId {
    let digest =
        Sha256::digest([b"waymark partner actions ".as_slice(), device.id.as_bytes()].concat());
    ActorId::from(&digest[..16])
}

/// The status change, as the device store writes one: the status, the reason while blocked,
/// the day it was done, and the note as an update by the partner.
fn write_status(
    doc: &mut AutoCommit,
    action: &ObjId,
    change: &ValidStatusChange,
    by: &str,
    now: UnixMillis,
) -> Result<(), ServerError> {
    doc.put(action, field::STATUS, change.status.code())?;
    if change.status == ActionStatus::Blocked {
        let reason = match doc.get(action, field::BLOCKED_REASON)? {
            Some((Value::Object(ObjType::Text), text)) => text,
            _ => doc.put_object(action, field::BLOCKED_REASON, ObjType::Text)?,
        };
        doc.update_text(&reason, &change.blocked_reason)?;
    }
    let done_on = if change.status == ActionStatus::Done {
        day_of(now.to_datetime())
    } else {
        String::new()
    };
    doc.put(action, field::DONE_ON, done_on)?;
    if !change.note.is_empty() {
        let updates = match doc.get(action, field::UPDATES)? {
            Some((Value::Object(ObjType::Map), map)) => map,
            _ => doc.put_object(action, field::UPDATES, ObjType::Map)?,
        };
        let id = RecordId::new(Uuid::now_v7()).map_err(ServerError::Invalid)?;
        let update = doc.put_object(&updates, id.to_string(), ObjType::Map)?;
        doc.put(&update, field::BY, by)?;
        doc.put(&update, field::AT, ScalarValue::Timestamp(now.get()))?;
        doc.put(&update, field::NOTE, change.note.as_str())?;
    }
    Ok(())
}

/// The name of the context a plan is for, from the context's own document.
fn context_name(
    storage: &dyn crate::storage::Storage,
    plan: &AutoCommit,
) -> Result<String, ServerError> {
    let Some(context) = text_at(plan, &ROOT, field::CONTEXT_ID)?
        .parse::<RecordId>()
        .ok()
    else {
        return Ok(String::new());
    };
    Ok(match storage.load_document(context)? {
        Some(bytes) => text_at(&AutoCommit::load(&bytes)?, &ROOT, field::NAME)?,
        None => String::new(),
    })
}

/// The action's map, if it is in the plan and `agency` owns it.
fn agency_action(
    doc: &AutoCommit,
    action: RecordId,
    agency: PartnerAgency,
) -> Result<Option<ObjId>, ServerError> {
    let Some(actions) = map_at(doc, &ROOT, field::ACTIONS)? else {
        return Ok(None);
    };
    let Some(obj) = map_at(doc, &actions, &action.to_string())? else {
        return Ok(None);
    };
    let owner = text_at(doc, &obj, field::OWNER_AGENCY)?;
    Ok((owner == agency.code()).then_some(obj))
}

/// Every action of the plan that `agency` owns, in the order they were added.
fn agency_actions(
    plan_id: RecordId,
    doc: &AutoCommit,
    agency: PartnerAgency,
    place: &str,
) -> Result<Vec<PartnerAction>, ServerError> {
    let Some(actions) = map_at(doc, &ROOT, field::ACTIONS)? else {
        return Ok(Vec::new());
    };
    let mut ids: Vec<RecordId> = doc.keys(&actions).filter_map(|k| k.parse().ok()).collect();
    ids.sort();
    let mut found = Vec::new();
    for id in ids {
        if let Some(obj) = agency_action(doc, id, agency)? {
            found.push(read_action(plan_id, id, doc, &obj, place)?);
        }
    }
    Ok(found)
}

fn read_action(
    plan_id: RecordId,
    action_id: RecordId,
    doc: &AutoCommit,
    obj: &ObjId,
    place: &str,
) -> Result<PartnerAction, ServerError> {
    // Every status set at once is kept; the one Automerge shows first leads.
    let mut statuses: Vec<ActionStatus> = Vec::new();
    for (value, _) in doc.get_all(obj, field::STATUS)? {
        if let Value::Scalar(scalar) = value {
            if let ScalarValue::Str(code) = scalar.as_ref() {
                if let Ok(status) = ActionStatus::from_code(code) {
                    if !statuses.contains(&status) {
                        statuses.push(status);
                    }
                }
            }
        }
    }
    let first = text_at(doc, obj, field::STATUS)?;
    if let Some(at) = statuses.iter().position(|s| s.code() == first) {
        statuses.swap(0, at);
    }
    let mut updates = Vec::new();
    if let Some(map) = map_at(doc, obj, field::UPDATES)? {
        let mut ids: Vec<RecordId> = doc.keys(&map).filter_map(|k| k.parse().ok()).collect();
        ids.sort();
        for id in ids {
            if let Some(update) = map_at(doc, &map, &id.to_string())? {
                let at = match doc.get(&update, field::AT)? {
                    Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
                        ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => *ms,
                        _ => 0,
                    },
                    _ => 0,
                };
                updates.push(ActionUpdate {
                    by: text_at(doc, &update, field::BY)?,
                    at: UnixMillis::new(at).to_datetime(),
                    note: text_at(doc, &update, field::NOTE)?,
                });
            }
        }
    }
    let due = text_at(doc, obj, field::DUE)?;
    let mut statuses = statuses.into_iter();
    Ok(PartnerAction {
        plan_id,
        action_id,
        context_name: place.to_owned(),
        description: text_at(doc, obj, field::DESCRIPTION)?,
        due: (!due.is_empty()).then_some(due),
        status: statuses.next().unwrap_or(ActionStatus::NotStarted),
        other_statuses: statuses.collect(),
        blocked_reason: text_at(doc, obj, field::BLOCKED_REASON)?,
        updates,
    })
}

fn map_at(doc: &AutoCommit, parent: &ObjId, key: &str) -> Result<Option<ObjId>, ServerError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Map), obj)) => Some(obj),
        _ => None,
    })
}

/// A string or a text object at `key`; anything else reads as empty.
fn text_at(doc: &AutoCommit, parent: &ObjId, key: &str) -> Result<String, ServerError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Object(ObjType::Text), text)) => doc.text(&text)?,
        Some((Value::Scalar(scalar), _)) => match scalar.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    })
}
