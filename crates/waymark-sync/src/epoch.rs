//! Epochs. Automerge keeps every change for ever, so text erased from a record (a child's name
//! typed in a note and deleted) is still in its history. Erasing it means writing the record's
//! current state as a new document with no history, one epoch on: every replica replaces its copy
//! of the old epoch with the new one, and a change to the old epoch is refused, because merging it
//! would bring the old history back.
//!
//! The epoch is a number at the document's root, so any replica can tell it from the document
//! alone; a record starts at epoch 0.

use automerge::hydrate;
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ReadDoc, ScalarValue, Value, ROOT};

/// The root key that holds a document's epoch.
pub const EPOCH_KEY: &str = "epoch";

/// The root key that names the old epoch's heads the new one was written from (hex, comma
/// separated): a device that holds them compares its own edits with exactly what was rewritten.
pub const EPOCH_FROM_KEY: &str = "epoch_from";

/// Root keys a device does not carry across from its old copy: the epoch is the new document's,
/// and the time of the last change is written afresh by whatever changes it next.
const NOT_CARRIED: [&str; 3] = [EPOCH_KEY, EPOCH_FROM_KEY, "updated_at"];

#[derive(Debug, thiserror::Error)]
pub enum EpochError {
    #[error("the document could not be read: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    #[error("the document could not be written: {0}")]
    Update(Box<automerge::error::UpdateObjectError>),
}

impl From<automerge::AutomergeError> for EpochError {
    fn from(error: automerge::AutomergeError) -> Self {
        Self::Automerge(Box::new(error))
    }
}

impl From<automerge::error::UpdateObjectError> for EpochError {
    fn from(error: automerge::error::UpdateObjectError) -> Self {
        Self::Update(Box::new(error))
    }
}

/// The epoch a document is at: the number at its root, or 0 for one never rewritten.
pub fn epoch_of(doc: &AutoCommit) -> u32 {
    match doc.get(ROOT, EPOCH_KEY) {
        Ok(Some((Value::Scalar(scalar), _))) => match scalar.as_ref() {
            ScalarValue::Int(n) => u32::try_from(*n).unwrap_or(0),
            ScalarValue::Uint(n) => u32::try_from(*n).unwrap_or(0),
            _ => 0,
        },
        _ => 0,
    }
}

/// The document's current state as the next epoch: a new document whose only change, by `actor`
/// at `time` (milliseconds), holds everything the document shows now and nothing it held before.
/// Where two values of one field are in conflict, the one Automerge shows is kept.
pub fn rewrite(
    doc: &mut AutoCommit,
    actor: ActorId,
    message: &str,
    time: i64,
) -> Result<AutoCommit, EpochError> {
    rewrite_with(doc, actor, message, time, |_| Ok(()))
}

/// As [`rewrite`], with `change` made to the new document in its one change: for erasing a
/// value as well as the history that held it (a route track's seal).
pub fn rewrite_with(
    doc: &mut AutoCommit,
    actor: ActorId,
    message: &str,
    time: i64,
    change: impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError>,
) -> Result<AutoCommit, EpochError> {
    let now = doc.hydrate(ROOT, None)?;
    let mut fresh = AutoCommit::new().with_actor(actor);
    fresh.update_object(ROOT, &now)?;
    fresh.put(ROOT, EPOCH_KEY, i64::from(epoch_of(doc).saturating_add(1)))?;
    let from: Vec<String> = doc.get_heads().iter().map(ToString::to_string).collect();
    fresh.put(ROOT, EPOCH_FROM_KEY, from.join(","))?;
    change(&mut fresh)?;
    fresh.commit_with(
        CommitOptions::default()
            .with_message(message.to_owned())
            .with_time(time),
    );
    Ok(fresh)
}

/// An edit made on the old epoch that could not be carried onto the new one: someone else
/// changed the same field, or the erasure did. The practitioner is shown it, to redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotKept {
    /// The field's keys from the document's root.
    pub path: Vec<String>,
    /// What this side had written there, as text; empty where it had removed the field.
    pub value: String,
}

/// Carries the edits this side made on the old epoch onto `target`, the new epoch, field by
/// field: a field this side changed applies where the new epoch still holds what the old one held
/// when it was rewritten. The rest is returned, unapplied. The old epoch's state at the rewrite
/// is read at the heads the new epoch names, when this side holds them all; otherwise at
/// `synced`, the heads the server last confirmed here. Nothing is committed: the caller commits
/// with its own message.
pub fn reapply(
    old: &mut AutoCommit,
    synced: &[ChangeHash],
    target: &mut AutoCommit,
) -> Result<Vec<NotKept>, EpochError> {
    let rewritten_from: Option<Vec<ChangeHash>> = match target.get(ROOT, EPOCH_FROM_KEY) {
        Ok(Some((Value::Scalar(scalar), _))) => match scalar.as_ref() {
            ScalarValue::Str(heads) => heads
                .split(',')
                .filter(|hash| !hash.is_empty())
                .map(|hash| hash.parse().ok())
                .collect(),
            _ => None,
        },
        _ => None,
    };
    let synced = match rewritten_from {
        Some(heads) if !heads.is_empty() && old.get_missing_deps(&heads).is_empty() => heads,
        _ => synced.to_vec(),
    };
    let base = if synced.is_empty() {
        hydrate::Value::map()
    } else {
        old.hydrate(ROOT, Some(&synced))?
    };
    let mine = old.hydrate(ROOT, None)?;
    let mut merged = target.hydrate(ROOT, None)?;
    let mut not_kept = Vec::new();
    merge(&base, &mine, &mut merged, &mut Vec::new(), &mut not_kept);
    target.update_object(ROOT, &merged)?;
    Ok(not_kept)
}

/// A map's value at `key`, if it is a map.
fn map_of(value: &hydrate::Value) -> Option<&hydrate::Map> {
    match value {
        hydrate::Value::Map(map) => Some(map),
        _ => None,
    }
}

fn merge(
    base: &hydrate::Value,
    mine: &hydrate::Value,
    theirs: &mut hydrate::Value,
    path: &mut Vec<String>,
    not_kept: &mut Vec<NotKept>,
) {
    let empty = hydrate::Map::default();
    let base_map = map_of(base).unwrap_or(&empty);
    let Some(mine_map) = map_of(mine) else {
        return;
    };
    let Some(theirs_map) = theirs.as_map() else {
        return;
    };
    let mut keys: Vec<&String> = base_map.keys().chain(mine_map.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if path.is_empty() && NOT_CARRIED.contains(&key.as_str()) {
            continue;
        }
        let before = base_map.get(key);
        let after = mine_map.get(key);
        if before == after {
            continue;
        }
        path.push(key.clone());
        let now = theirs_map.get(key).cloned();
        match (before, after, now) {
            // Both sides still hold a map here: carry the edits inside it, key by key.
            (
                before,
                Some(mine @ hydrate::Value::Map(_)),
                Some(mut now @ hydrate::Value::Map(_)),
            ) if before.is_none_or(|value| map_of(value).is_some()) => {
                let base = before.cloned().unwrap_or_else(hydrate::Value::map);
                merge(&base, mine, &mut now, path, not_kept);
                theirs_map.insert(key.clone(), carried(now));
            }
            // The new epoch holds what this side started from: the edit applies.
            (before, after, now) if now.as_ref() == before => match after {
                Some(value) => {
                    theirs_map.insert(key.clone(), carried(value.clone()));
                }
                None => {
                    theirs_map.remove(key);
                }
            },
            // Already as this side has it.
            (_, after, now) if now.as_ref() == after => {}
            (_, after, _) => not_kept.push(NotKept {
                path: path.clone(),
                value: after.map(shown).unwrap_or_default(),
            }),
        }
        path.pop();
    }
}

/// A value as a map holds it: no longer in conflict, since this side chose it.
fn carried(value: hydrate::Value) -> hydrate::MapValue {
    hydrate::MapValue {
        value,
        conflict: false,
    }
}

/// A value as a practitioner would read it back.
fn shown(value: &hydrate::Value) -> String {
    match value {
        hydrate::Value::Text(text) => text.to_string(),
        hydrate::Value::Scalar(ScalarValue::Str(text)) => text.to_string(),
        hydrate::Value::Scalar(scalar) => scalar.to_string(),
        hydrate::Value::Map(map) => {
            let mut parts: Vec<String> = map
                .iter()
                .map(|(key, value)| format!("{key}: {}", shown(&value.value)))
                .collect();
            parts.sort();
            parts.join("; ")
        }
        hydrate::Value::List(list) => list
            .iter()
            .map(|item| shown(&item.value))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(byte: u8) -> ActorId {
        ActorId::from([byte; 16])
    }

    fn note(doc: &mut AutoCommit, key: &str, text: &str) {
        let note = match doc.get(ROOT, key).expect("read") {
            Some((Value::Object(automerge::ObjType::Text), id)) => id,
            _ => doc
                .put_object(ROOT, key, automerge::ObjType::Text)
                .expect("text"),
        };
        doc.update_text(&note, text).expect("update");
        doc.commit();
    }

    fn text_of(doc: &AutoCommit, key: &str) -> String {
        match doc.get(ROOT, key).expect("read") {
            Some((Value::Object(automerge::ObjType::Text), id)) => doc.text(&id).expect("text"),
            _ => String::new(),
        }
    }

    fn all_bytes_of(doc: &mut AutoCommit) -> Vec<u8> {
        doc.save_nocompress()
    }

    #[test]
    fn a_rewrite_keeps_what_the_record_shows_and_nothing_it_held_before() {
        let mut doc = AutoCommit::new().with_actor(actor(1));
        doc.put(ROOT, "kind", "walkabout").expect("put");
        doc.put(ROOT, EPOCH_KEY, 0_i64).expect("put");
        note(&mut doc, "note", "Seen near the gate with Zebedee-marker-7");
        note(&mut doc, "note", "Seen near the gate");
        assert!(String::from_utf8_lossy(&all_bytes_of(&mut doc)).contains("Zebedee-marker-7"));

        let mut fresh = rewrite(&mut doc, actor(9), "Earlier history erased", 42).expect("rewrite");
        assert_eq!(epoch_of(&fresh), 1);
        assert_eq!(text_of(&fresh, "note"), "Seen near the gate");
        assert_eq!(fresh.get_changes(&[]).len(), 1);
        assert!(!String::from_utf8_lossy(&all_bytes_of(&mut fresh)).contains("Zebedee"));
        assert_eq!(
            rewrite(&mut fresh, actor(9), "again", 43)
                .map(|doc| epoch_of(&doc))
                .ok(),
            Some(2)
        );
    }

    #[test]
    fn edits_carry_across_when_the_server_had_more_of_them_than_it_had_confirmed() {
        let mut old = AutoCommit::new().with_actor(actor(1));
        note(&mut old, "note", "Seen with Zebedee by the gate");
        let synced = old.get_heads();
        // This edit reached the server, but the session ended before the server confirmed it.
        note(&mut old, "note", "Older males waiting ");
        let mut server = old.fork().with_actor(actor(2));
        let mut target =
            rewrite(&mut server, actor(9), "Earlier history erased", 1).expect("rewrite");
        // Typing went on while the history was being erased.
        note(
            &mut old,
            "note",
            "Older males waiting by the gate at home time.",
        );

        let not_kept = reapply(&mut old, &synced, &mut target).expect("reapply");
        assert_eq!(not_kept, Vec::new());
        assert_eq!(
            text_of(&target, "note"),
            "Older males waiting by the gate at home time."
        );
    }

    #[test]
    fn edits_made_on_the_old_epoch_apply_where_the_field_is_as_it_was_and_are_shown_otherwise() {
        let mut old = AutoCommit::new().with_actor(actor(1));
        old.put(ROOT, "kind", "walkabout").expect("put");
        note(&mut old, "note", "A quiet evening");
        note(&mut old, "summary", "Lighting poor by the path");
        let synced = old.get_heads();
        // The server's copy moves on: the summary is changed by someone else, then rewritten.
        let mut server = old.fork().with_actor(actor(2));
        note(
            &mut server,
            "summary",
            "Lighting poor by the path; council told",
        );
        let mut target =
            rewrite(&mut server, actor(9), "Earlier history erased", 1).expect("rewrite");
        // Offline, this side edited both fields and added an observation.
        note(
            &mut old,
            "note",
            "A quiet evening, two groups by the shelter",
        );
        note(&mut old, "summary", "Lighting fixed");
        let observations = old
            .put_object(ROOT, "observations", automerge::ObjType::Map)
            .expect("map");
        old.put(&observations, "o1", "benches").expect("put");
        old.commit();

        let not_kept = reapply(&mut old, &synced, &mut target).expect("reapply");
        assert_eq!(
            text_of(&target, "note"),
            "A quiet evening, two groups by the shelter"
        );
        assert_eq!(
            text_of(&target, "summary"),
            "Lighting poor by the path; council told"
        );
        assert_eq!(
            not_kept,
            vec![NotKept {
                path: vec!["summary".into()],
                value: "Lighting fixed".into()
            }]
        );
        assert!(matches!(
            target.get(ROOT, "observations").expect("read"),
            Some((Value::Object(automerge::ObjType::Map), _))
        ));
        assert_eq!(epoch_of(&target), 1);
    }
}
