//! Values people edit after creation, written into a record's Automerge map one key per field
//! (the keys are core's `fields` grammar), and the fields two people changed at once.
//!
//! Apps from before this layout read and write the whole value as one JSON string under the
//! value's own key. This build keeps writing that string too, so those apps still read every
//! value, and notes the id of each string it wrote under `KEY|copy`. A string whose id is not
//! noted there was written by an older app after this build's last edit: it is read instead of
//! the fields, as the older app meant it, and the next edit here carries it into the fields.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use serde::de::DeserializeOwned;
use serde::Serialize;
use waymark_core::fields::{self, ConflictingValue, FieldConflict, FieldPlace};

use waymark_core::history::{self, ChangedBy};
use waymark_core::{RecordId, RecordKind};

use crate::document::{self, Record};
use crate::record_kind::{for_record, ForRecord};
use crate::{Store, StoreError};
use waymark_core::history::note_with;

impl Store {
    /// The fields of a record that two people changed at once, each with both values and who
    /// set them, for the record's page to show until someone chooses.
    pub fn field_conflicts(&self, id: RecordId) -> Result<Vec<FieldConflict>, StoreError> {
        let directory = self.directory()?;
        let stored = self.take_document(id)?;
        let by = |actor: &automerge::ActorId| {
            history::changed_by(
                actor == &self.actor,
                &actor.to_hex_string(),
                directory.as_ref(),
            )
        };
        let found = conflicts(&stored.doc, &by);
        self.keep_document(id, stored);
        found
    }

    /// Keeps `chosen`, one of the values a field in conflict holds, and records the choice in the
    /// record's history.
    pub fn choose_field_value(
        &mut self,
        id: RecordId,
        place: &FieldPlace,
        chosen: &str,
    ) -> Result<(), StoreError> {
        self.refuse_if_shared_to_read(id)?;
        let mut stored = self.take_document(id)?;
        let kind = RecordKind::parse(&stored.kind).ok_or(StoreError::MismatchedDocument(id))?;
        if let Err(refused) = choose(&mut stored.doc, place, chosen) {
            self.keep_document(id, stored);
            return Err(refused);
        }
        let now = self.now();
        stored
            .doc
            .put(ROOT, document::keys::UPDATED_AT, document::timestamp(now))?;
        let message = note_with(
            "history-chose-between-two-edits",
            &fields::field_words(place),
        );
        document::commit(&mut stored.doc, &message, now);
        for_record(
            kind,
            SaveChosen {
                store: self,
                id,
                doc: stored.doc,
            },
        )
    }
}

/// Saves a document after a choice, whichever kind of record it is.
struct SaveChosen<'a> {
    store: &'a mut Store,
    id: RecordId,
    doc: AutoCommit,
}

impl ForRecord for SaveChosen<'_> {
    type Output = Result<(), StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        self.store.save_record::<R>(self.id, self.doc).map(|_| ())
    }
}

/// The key that notes which whole-value strings this build wrote.
fn copy_key(key: &str) -> String {
    format!("{key}|copy")
}

/// Each flat key of the value under `key` in `parent`, with the value Automerge shows for it.
fn current(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut flat = BTreeMap::new();
    for flat_key in doc.keys(parent).filter(|k| fields::belongs_to(k, key)) {
        if let Some(value) = document::get_str(doc, parent, &flat_key)? {
            flat.insert(flat_key, value);
        }
    }
    Ok(flat)
}

/// Writes `value` under `key` in `parent`: only the fields that differ from what the document
/// shows, so that a field nobody touched is not written, and two people's edits of different
/// fields merge. A field in conflict that this edit leaves as shown stays in conflict.
pub(crate) fn put<T: Serialize>(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let new = fields::flatten(key, value).map_err(StoreError::Json)?;
    let old = current(doc, parent, key)?;
    for gone in old.keys().filter(|k| !new.contains_key(*k)) {
        doc.delete(parent, gone.as_str())?;
    }
    for (flat_key, kept) in &new {
        if old.get(flat_key) != Some(kept) {
            doc.put(parent, flat_key.as_str(), kept.as_str())?;
        }
    }
    // The whole value for older apps, and a note that this build wrote it.
    let whole = serde_json::to_string(value).map_err(StoreError::Json)?;
    if document::get_str(doc, parent, key)?.as_deref() != Some(whole.as_str()) {
        doc.put(parent, key, whole)?;
    }
    if let Some(id) = whole_value_id(doc, parent, key)? {
        if !copies(doc, parent, key)?.contains(&id) {
            doc.put(parent, copy_key(key), id)?;
        }
    }
    Ok(())
}

/// Makes a new map under `name` in `parent` holding `value` under `key`, written as [`put`]
/// writes it into an empty map. The map and its fields go in as one batch, which costs Automerge
/// two insertions in place of one per field: a new observation is written this way.
pub(crate) fn create_map<T: Serialize>(
    doc: &mut AutoCommit,
    parent: &ObjId,
    name: &str,
    key: &str,
    value: &T,
) -> Result<ObjId, StoreError> {
    let mut map: std::collections::HashMap<String, automerge::hydrate::Value> =
        fields::flatten(key, value)?
            .into_iter()
            .map(|(flat_key, field)| (flat_key, automerge::hydrate::Value::from(field.as_str())))
            .collect();
    map.insert(
        key.to_owned(),
        automerge::hydrate::Value::from(serde_json::to_string(value)?.as_str()),
    );
    let obj = doc.batch_create_object(
        parent,
        name,
        &automerge::hydrate::Value::from(automerge::hydrate::Map::from(map)),
        false,
    )?;
    if let Some(id) = whole_value_id(doc, &obj, key)? {
        doc.put(&obj, copy_key(key), id)?;
    }
    Ok(obj)
}

/// The op id of the whole-value string Automerge shows under `key`.
fn whole_value_id(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
) -> Result<Option<String>, StoreError> {
    Ok(match doc.get(parent, key)? {
        Some((Value::Scalar(scalar), id)) if matches!(scalar.as_ref(), ScalarValue::Str(_)) => {
            Some(id.to_string())
        }
        _ => None,
    })
}

/// The ids of every whole-value string this build noted, concurrent notes included.
fn copies(doc: &AutoCommit, parent: &ObjId, key: &str) -> Result<Vec<String>, StoreError> {
    document::get_strs_all(doc, parent, &copy_key(key))
}

/// Reads the value under `key` in `parent`: its fields, or the whole-value string where that is
/// all there is or an older app wrote it last. `None` when missing or not a `T`.
pub(crate) fn get<T: DeserializeOwned>(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let flat = current(doc, parent, key)?;
    let whole = || -> Result<Option<T>, StoreError> {
        Ok(document::get_str(doc, parent, key)?.and_then(|json| serde_json::from_str(&json).ok()))
    };
    if !flat.contains_key(&fields::root(key)) {
        return whole();
    }
    if let Some(id) = whole_value_id(doc, parent, key)? {
        if !copies(doc, parent, key)?.contains(&id) {
            return whole();
        }
    }
    Ok(fields::unflatten(key, &flat))
}

/// Takes the value under `key` out of `parent`: its fields, the whole-value string and the note
/// of which copy this build wrote. The history keeps what it held.
pub(crate) fn remove(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Result<(), StoreError> {
    let gone: Vec<String> = doc
        .keys(parent)
        .filter(|k| fields::belongs_to(k, key) || k == key || *k == copy_key(key))
        .collect();
    for flat_key in gone {
        doc.delete(parent, flat_key.as_str())?;
    }
    Ok(())
}

/// The values kept under `{prefix}{id}` in `parent`, by id: a list where each item is its own
/// root-level value, so two people adding items offline both add theirs.
pub(crate) fn get_keyed<T: DeserializeOwned>(
    doc: &AutoCommit,
    parent: &ObjId,
    prefix: &str,
) -> Result<Vec<(RecordId, T)>, StoreError> {
    let ids: Vec<RecordId> = doc
        .keys(parent)
        .filter_map(|k| k.strip_prefix(prefix).and_then(|id| id.parse().ok()))
        .collect();
    let mut found = Vec::new();
    for id in ids {
        if let Some(value) = get(doc, parent, &format!("{prefix}{id}"))? {
            found.push((id, value));
        }
    }
    found.sort_by_key(|(id, _)| *id);
    Ok(found)
}

/// Rewrites a value an older app kept only as a whole string into fields, once.
pub(crate) fn upgrade(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Result<(), StoreError> {
    if current(doc, parent, key)?.contains_key(&fields::root(key)) {
        return Ok(());
    }
    if let Some(value) = get::<serde_json::Value>(doc, parent, key)? {
        put(doc, parent, key, &value)?;
    }
    Ok(())
}

/// Every field of the document that two people changed at once and nobody has chosen between,
/// in every map of it. `by` names the writer of an op from its actor, as the history does.
pub(crate) fn conflicts(
    doc: &AutoCommit,
    by: &dyn Fn(&automerge::ActorId) -> ChangedBy,
) -> Result<Vec<FieldConflict>, StoreError> {
    let mut found = Vec::new();
    let mut pending = vec![(ROOT, Vec::<String>::new())];
    while let Some((map, maps)) = pending.pop() {
        for key in doc.keys(&map) {
            match doc.get(&map, &key)? {
                Some((Value::Object(ObjType::Map), child)) => {
                    let mut path = maps.clone();
                    path.push(key);
                    pending.push((child, path));
                }
                Some(_) if key.contains('~') => {
                    let mut values: Vec<ConflictingValue> = Vec::new();
                    for (value, id) in doc.get_all(&map, &key)? {
                        let Value::Scalar(scalar) = value else {
                            continue;
                        };
                        let ScalarValue::Str(kept) = scalar.as_ref() else {
                            continue;
                        };
                        if values.iter().any(|v| v.value == kept.as_str()) {
                            continue;
                        }
                        let writer = match &id {
                            ObjId::Id(_, actor, _) => by(actor),
                            // A value's id is its op's, never the root's; named as no device.
                            ObjId::Root => ChangedBy::AnotherDevice {
                                actor: String::new(),
                            },
                        };
                        values.push(ConflictingValue {
                            value: kept.to_string(),
                            shown: fields::shown(kept),
                            by: writer,
                        });
                    }
                    // The value the record shows first, as the panel says.
                    if let Some(shown) = document::get_str(doc, &map, &key)? {
                        if let Some(at) = values.iter().position(|v| v.value == shown) {
                            values[..=at].rotate_right(1);
                        }
                    }
                    if values.len() > 1 {
                        let place = FieldPlace {
                            maps: maps.clone(),
                            key,
                        };
                        found.push(FieldConflict {
                            field: fields::field_words(&place),
                            place,
                            values,
                        });
                    }
                }
                Some(_) | None => {}
            }
        }
    }
    found.sort_by(|a, b| a.field.cmp(&b.field));
    Ok(found)
}

/// Settles a field two people changed at once on `chosen`, one of the values it holds.
pub(crate) fn choose(
    doc: &mut AutoCommit,
    place: &FieldPlace,
    chosen: &str,
) -> Result<(), StoreError> {
    let mut map = ROOT;
    for segment in &place.maps {
        map = match doc.get(&map, segment.as_str())? {
            Some((Value::Object(ObjType::Map), child)) => child,
            _ => return Err(StoreError::NoSuchConflict),
        };
    }
    if !place.key.contains('~') {
        return Err(StoreError::NoSuchConflict);
    }
    let held = document::get_strs_all(doc, &map, &place.key)?;
    if held.len() < 2 || !held.iter().any(|value| value == chosen) {
        return Err(StoreError::NoSuchConflict);
    }
    doc.put(&map, place.key.as_str(), chosen)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ActorId;
    use serde_json::json;

    fn device(n: u8) -> AutoCommit {
        AutoCommit::new().with_actor(ActorId::from(vec![n; 16]))
    }

    fn read(doc: &AutoCommit) -> serde_json::Value {
        get(doc, &ROOT, "assignment")
            .expect("reads")
            .expect("a value")
    }

    #[test]
    fn two_devices_changing_different_fields_keep_both_changes() {
        let mut lead = device(1);
        put(
            &mut lead,
            &ROOT,
            "assignment",
            &json!({"owner": "A.B.", "status": "not_started"}),
        )
        .expect("put");
        lead.commit();
        let mut colleague = lead.fork().with_actor(ActorId::from(vec![2; 16]));
        put(
            &mut lead,
            &ROOT,
            "assignment",
            &json!({"owner": "A.B.", "status": "in_progress"}),
        )
        .expect("put");
        put(
            &mut colleague,
            &ROOT,
            "assignment",
            &json!({"owner": "C.D.", "status": "not_started"}),
        )
        .expect("put");
        lead.merge(&mut colleague).expect("merges");
        assert_eq!(
            read(&lead),
            json!({"owner": "C.D.", "status": "in_progress"})
        );
        assert!(conflicts(&lead, &|_| ChangedBy::ThisDevice)
            .expect("scans")
            .is_empty());
    }

    #[test]
    fn a_map_made_in_one_batch_holds_what_put_writes_and_merges_field_by_field() {
        let value = json!({"owner": "A.B.", "status": "not_started", "areas": ["toilets", "gate"]});
        let mut batched = device(1);
        let made = create_map(&mut batched, &ROOT, "item", "assignment", &value).expect("made");
        let mut one_by_one = device(2);
        let item = one_by_one
            .put_object(&ROOT, "item", ObjType::Map)
            .expect("made");
        put(&mut one_by_one, &item, "assignment", &value).expect("put");
        let keys = |doc: &AutoCommit, obj: &ObjId| -> Vec<(String, Option<String>)> {
            doc.keys(obj)
                .filter(|k| !k.ends_with("|copy"))
                .map(|k| (k.clone(), document::get_str(doc, obj, &k).expect("reads")))
                .collect()
        };
        assert_eq!(keys(&batched, &made), keys(&one_by_one, &item));
        // The copy note names the whole value this build wrote, so its fields are what is read.
        assert_eq!(
            get::<serde_json::Value>(&batched, &made, "assignment").expect("reads"),
            Some(value.clone())
        );

        batched.commit();
        let mut colleague = batched.fork().with_actor(ActorId::from(vec![3; 16]));
        let mut mine = value.clone();
        mine["status"] = json!("in_progress");
        put(&mut batched, &made, "assignment", &mine).expect("put");
        let mut theirs = value;
        theirs["owner"] = json!("C.D.");
        put(&mut colleague, &made, "assignment", &theirs).expect("put");
        batched.merge(&mut colleague).expect("merges");
        assert_eq!(
            get::<serde_json::Value>(&batched, &made, "assignment").expect("reads"),
            Some(json!({"owner": "C.D.", "status": "in_progress", "areas": ["toilets", "gate"]}))
        );
    }

    #[test]
    fn two_devices_changing_one_field_are_both_shown_until_one_is_chosen() {
        let mut lead = device(1);
        put(&mut lead, &ROOT, "assignment", &json!({"owner": "A.B."})).expect("put");
        lead.commit();
        let mut colleague = lead.fork().with_actor(ActorId::from(vec![2; 16]));
        put(&mut lead, &ROOT, "assignment", &json!({"owner": "E.F."})).expect("put");
        put(
            &mut colleague,
            &ROOT,
            "assignment",
            &json!({"owner": "C.D."}),
        )
        .expect("put");
        lead.merge(&mut colleague).expect("merges");
        let by = |actor: &ActorId| ChangedBy::AnotherDevice {
            actor: actor.to_hex_string()[..2].to_owned(),
        };
        let found = conflicts(&lead, &by).expect("scans");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "Assignment › owner");
        let mut shown: Vec<(String, String)> = found[0]
            .values
            .iter()
            .map(|v| (v.shown.clone(), v.by.to_string()))
            .collect();
        shown.sort();
        assert_eq!(
            shown,
            [
                ("C.D.".to_owned(), "Another device (02)".to_owned()),
                ("E.F.".to_owned(), "Another device (01)".to_owned())
            ]
        );
        assert_eq!(
            found[0].values[0].value,
            read(&lead)["owner"].to_string(),
            "the value the record shows comes first"
        );
        // Saving the form again with what it shows does not settle it.
        let showing = read(&lead);
        put(&mut lead, &ROOT, "assignment", &showing).expect("put");
        assert_eq!(conflicts(&lead, &by).expect("scans").len(), 1);
        choose(&mut lead, &found[0].place, "\"C.D.\"").expect("chosen");
        assert!(conflicts(&lead, &by).expect("scans").is_empty());
        assert_eq!(read(&lead), json!({"owner": "C.D."}));
        assert!(matches!(
            choose(&mut lead, &found[0].place, "\"C.D.\""),
            Err(StoreError::NoSuchConflict)
        ));
    }

    #[test]
    fn an_older_apps_whole_value_is_read_until_the_next_edit_carries_it_over() {
        let mut new = device(1);
        put(&mut new, &ROOT, "assignment", &json!({"owner": "A.B."})).expect("put");
        new.commit();
        // An older app writes the whole value as one string, as it always did.
        let mut old = new.fork().with_actor(ActorId::from(vec![2; 16]));
        old.put(ROOT, "assignment", r#"{"owner":"C.D.","status":"done"}"#)
            .expect("old write");
        old.commit();
        new.merge(&mut old).expect("merges");
        assert_eq!(read(&new), json!({"owner": "C.D.", "status": "done"}));
        // The next edit here starts from what the older app wrote.
        let mut edited = read(&new);
        edited["status"] = json!("in_progress");
        put(&mut new, &ROOT, "assignment", &edited).expect("put");
        assert_eq!(
            read(&new),
            json!({"owner": "C.D.", "status": "in_progress"})
        );
        // And the older app still reads the whole value.
        assert_eq!(
            document::get_str(&new, &ROOT, "assignment").expect("reads"),
            Some(r#"{"owner":"C.D.","status":"in_progress"}"#.to_owned())
        );
    }

    #[test]
    fn a_value_kept_whole_is_upgraded_into_fields_once() {
        let mut doc = device(1);
        doc.put(ROOT, "assignment", r#"{"owner":"A.B."}"#)
            .expect("old layout");
        upgrade(&mut doc, &ROOT, "assignment").expect("upgrades");
        assert!(doc.keys(&ROOT).any(|k| k == "assignment~.owner"));
        assert_eq!(read(&doc), json!({"owner": "A.B."}));
        doc.commit();
        upgrade(&mut doc, &ROOT, "assignment").expect("again");
        assert_eq!(doc.pending_ops(), 0, "nothing more to do");
    }
}
