//! A value that people edit after it is made (a walkabout's team, a school component's
//! assignment, an observation's detail), kept as one flat key per field, so that two people who
//! change different fields offline both keep their change when their copies merge, and two who
//! change the same field are both shown until someone chooses.
//!
//! This module is the pure half: from a value to its flat keys and back, and the words a
//! practitioner reads for a field. The store writes the keys into the record's Automerge map.
//!
//! The grammar, for a value kept under `key`:
//! - `key~` is the value itself: `{}` for a structure, `[]` for a list, otherwise the JSON of a
//!   single value (a string, a number, `true`, `null`).
//! - `PATH.field` is a field of the structure at `PATH`.
//! - `PATH[ident]` is an item of the list at `PATH`, and `PATH[ident]@` its place in the list. An
//!   item's ident is what it is (a context's id, a concern type's code) or, for a structure, its
//!   `id` or `name`, so that two people adding different items both add theirs; failing those,
//!   its position.
//!
//! Flat keys rather than nested maps: two devices that each made the same nested map offline
//! would leave one of the two maps, and the edits inside the other, out of the merged document.
//! The record's own map always exists, so keys in it never race like that.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::history::ChangedBy;

/// The key of a value's root, under which every key of its fields starts.
pub fn root(key: &str) -> String {
    format!("{key}~")
}

/// Whether `flat_key` is one of the keys of the value kept under `key`.
pub fn belongs_to(flat_key: &str, key: &str) -> bool {
    flat_key
        .strip_prefix(key)
        .is_some_and(|rest| rest.starts_with('~'))
}

const OBJECT: &str = "{}";
const ARRAY: &str = "[]";

/// Every flat key of `value` kept under `key`, with what each holds.
pub fn flatten<T: Serialize>(
    key: &str,
    value: &T,
) -> Result<BTreeMap<String, String>, serde_json::Error> {
    let mut out = BTreeMap::new();
    flatten_into(&serde_json::to_value(value)?, root(key), &mut out);
    Ok(out)
}

fn flatten_into(value: &Value, path: String, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                flatten_into(field, format!("{path}.{name}"), out);
            }
            out.insert(path, OBJECT.to_owned());
        }
        Value::Array(items) => {
            let mut seen = BTreeSet::new();
            for (index, item) in items.iter().enumerate() {
                let mut ident = item_ident(item).unwrap_or_else(|| format!("#{index}"));
                if !seen.insert(ident.clone()) {
                    ident = format!("#{index}");
                    seen.insert(ident.clone());
                }
                let item_path = format!("{path}[{ident}]");
                out.insert(format!("{item_path}@"), index.to_string());
                flatten_into(item, item_path, out);
            }
            out.insert(path, ARRAY.to_owned());
        }
        scalar => {
            out.insert(path, scalar.to_string());
        }
    }
}

/// What an item of a list is known by: a single value by itself, a structure by its `id` or
/// `name`.
fn item_ident(item: &Value) -> Option<String> {
    let known_by = match item {
        Value::Object(fields) => fields
            .get("id")
            .or_else(|| fields.get("name"))
            .filter(|v| !v.is_object() && !v.is_array())?,
        Value::Array(_) => return None,
        scalar => scalar,
    };
    Some(escape(&known_by.to_string()))
}

/// Keeps the characters that divide a flat key out of an ident.
fn escape(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len());
    for c in ident.chars() {
        match c {
            '%' => out.push_str("%25"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '.' => out.push_str("%2E"),
            '@' => out.push_str("%40"),
            '~' => out.push_str("%7E"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(ident: &str) -> String {
    ident
        .replace("%5B", "[")
        .replace("%5D", "]")
        .replace("%2E", ".")
        .replace("%40", "@")
        .replace("%7E", "~")
        .replace("%25", "%")
}

/// The value kept under `key`, from its flat keys; `None` when there is none, or when what is
/// there is not a `T`.
pub fn unflatten<T: DeserializeOwned>(key: &str, flat: &BTreeMap<String, String>) -> Option<T> {
    let value = read_node(flat, &root(key))?;
    serde_json::from_value(value).ok()
}

fn read_node(flat: &BTreeMap<String, String>, path: &str) -> Option<Value> {
    let marker = flat.get(path)?;
    Some(match marker.as_str() {
        OBJECT => {
            let prefix = format!("{path}.");
            let names: BTreeSet<&str> = below(flat, &prefix)
                .map(|rest| &rest[..rest.find(['.', '[']).unwrap_or(rest.len())])
                .collect();
            let mut fields = Map::new();
            for name in names {
                if let Some(field) = read_node(flat, &format!("{prefix}{name}")) {
                    fields.insert(name.to_owned(), field);
                }
            }
            Value::Object(fields)
        }
        ARRAY => {
            let prefix = format!("{path}[");
            let idents: BTreeSet<&str> = below(flat, &prefix)
                .filter_map(|rest| rest.find(']').map(|end| &rest[..end]))
                .collect();
            let mut items: Vec<(i64, &str, Value)> = idents
                .into_iter()
                .filter_map(|ident| {
                    let item_path = format!("{prefix}{ident}]");
                    let place = flat.get(&format!("{item_path}@"))?.parse().ok()?;
                    Some((place, ident, read_node(flat, &item_path)?))
                })
                .collect();
            // Two items added at the same place on two devices both stay, in a fixed order.
            items.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            Value::Array(items.into_iter().map(|(_, _, item)| item).collect())
        }
        scalar => serde_json::from_str(scalar).ok()?,
    })
}

/// The rest of every key that starts with `prefix`.
fn below<'a>(flat: &'a BTreeMap<String, String>, prefix: &'a str) -> impl Iterator<Item = &'a str> {
    flat.range::<str, _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    ))
    .map(|(key, _)| key.as_str())
    .take_while(move |key| key.starts_with(prefix))
    .map(move |key| &key[prefix.len()..])
}

/// Where a field is kept in a record's document: the maps to go through from its root, and the
/// flat key in the last of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldPlace {
    pub maps: Vec<String>,
    pub key: String,
}

/// One value a field holds after a merge, and who set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictingValue {
    /// As kept, to hand back when this one is chosen.
    pub value: String,
    /// As a practitioner reads it.
    pub shown: String,
    pub by: ChangedBy,
}

/// A field two people changed at once, on two devices: both values are kept, and shown, until
/// someone chooses one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub place: FieldPlace,
    /// The field in words, such as "Team › A.B. › role".
    pub field: String,
    pub values: Vec<ConflictingValue>,
}

/// The field at `place` in words: the maps it is in (ids left out), then its path.
pub fn field_words(place: &FieldPlace) -> String {
    let mut parts: Vec<String> = place
        .maps
        .iter()
        .filter(|segment| segment.parse::<crate::RecordId>().is_err())
        .map(|segment| words(segment))
        .collect();
    let key = place.key.as_str();
    let (name, mut rest) = key.split_once('~').unwrap_or((key, ""));
    // A value kept as its own root key (`visit.{id}`, `rating.{rater}.{item}`) is named by its
    // parts, ids left out.
    parts.extend(
        name.split('.')
            .filter(|part| !part.is_empty() && part.parse::<crate::RecordId>().is_err())
            .map(words),
    );
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            parts.push(words(&after[..end]));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            let ident = unescape(&after[..end]);
            let ident = match ident.strip_prefix('#') {
                Some(position) => {
                    format!("item {}", position.parse::<usize>().map_or(0, |at| at + 1))
                }
                None => shown(&ident),
            };
            parts.push(ident);
            rest = after.get(end + 1..).unwrap_or("");
            if rest == "@" {
                parts.push("place in the list".to_owned());
                rest = "";
            }
        } else {
            break;
        }
    }
    let mut sentence = parts.join(" › ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + &sentence[1..];
    }
    sentence
}

/// A field's name in words: `due_date` reads "due date".
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// A kept single value as a practitioner reads it: text without quotes, a code in words, and
/// nothing as "(nothing)".
pub fn shown(kept: &str) -> String {
    match serde_json::from_str::<Value>(kept) {
        Ok(Value::String(text)) if is_code(&text) => words(&text),
        Ok(Value::String(text)) => text,
        Ok(Value::Null) => "(nothing)".to_owned(),
        Ok(Value::Bool(true)) => "yes".to_owned(),
        Ok(Value::Bool(false)) => "no".to_owned(),
        Ok(Value::Object(_)) => "(filled in)".to_owned(),
        Ok(Value::Array(_)) => "(a list)".to_owned(),
        Ok(other) => other.to_string(),
        Err(_) => kept.to_owned(),
    }
}

fn is_code(text: &str) -> bool {
    text.contains('_') && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_comes_back_as_it_went_in() {
        let value = json!({
            "owner": "A.B.",
            "status": "in_progress",
            "due": null,
            "people": [
                {"count": 3, "age_band": "13_15"},
                {"count": 1, "age_band": "16_17"}
            ],
            "concern_types": ["grooming", "drugs.supply[1]"],
            "team": [{"name": "C.D.", "role": "lead"}, {"name": "C.D.", "role": "second"}],
            "location": {"lat": 51.5, "lon": -0.12},
            "empty": [],
            "nothing": {}
        });
        let flat = flatten("detail", &value).expect("flattens");
        assert_eq!(
            flat.get("detail~.owner").map(String::as_str),
            Some("\"A.B.\"")
        );
        assert!(flat.contains_key("detail~.concern_types[\"grooming\"]"));
        assert!(flat.contains_key("detail~.team[\"C%2ED%2E\"].role"));
        assert!(
            flat.contains_key("detail~.team[#1].role"),
            "a repeated name falls back"
        );
        let back: Value = unflatten("detail", &flat).expect("reads back");
        assert_eq!(back, value);
    }

    #[test]
    fn items_added_on_two_devices_both_stay_and_a_removed_one_goes() {
        let ours = flatten("context_ids", &json!(["a", "b"])).expect("flattens");
        let theirs = flatten("context_ids", &json!(["a", "c"])).expect("flattens");
        // The merge of two sets of keys holds both items added at place 1.
        let mut merged = ours.clone();
        merged.extend(theirs);
        let both: Value = unflatten("context_ids", &merged).expect("reads");
        assert_eq!(both, json!(["a", "b", "c"]));
        // An item whose place is gone is gone, whatever fields of it are left.
        let mut removed = ours;
        removed.remove("context_ids~[\"b\"]@");
        let less: Value = unflatten("context_ids", &removed).expect("reads");
        assert_eq!(less, json!(["a"]));
    }

    #[test]
    fn keys_of_one_value_are_not_those_of_a_longer_name() {
        assert!(belongs_to("team~.x", "team"));
        assert!(belongs_to("team~", "team"));
        assert!(!belongs_to("teams~", "team"));
        assert!(!belongs_to("team", "team"));
        let flat = flatten("team", &json!(["x"])).expect("flattens");
        assert!(unflatten::<Value>("teams", &flat).is_none());
    }

    #[test]
    fn a_field_reads_in_words() {
        let place = FieldPlace {
            maps: vec!["components".to_owned(), "student_survey".to_owned()],
            key: "assignment~.owner".to_owned(),
        };
        assert_eq!(
            field_words(&place),
            "Components › student survey › assignment › owner"
        );
        let item = FieldPlace {
            maps: vec![],
            key: "team~[\"A%2EB%2E\"].role".to_owned(),
        };
        assert_eq!(field_words(&item), "Team › A.B. › role");
        assert_eq!(shown("\"in_progress\""), "in progress");
        assert_eq!(shown("\"Gate by the lake\""), "Gate by the lake");
        assert_eq!(shown("null"), "(nothing)");
    }
}
