//! Privacy rule P3 for every kind of record: one whose prose holds a word the name check flags,
//! and that nobody has confirmed is not a child's name, is neither completed nor shared until it
//! is edited or confirmed. A record that keeps confirmations keeps them in one map of its
//! document, a key per word, so that confirmations made on two devices offline both stay.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use waymark_core::{name_check, RecordId, RecordKind, ValidationError};

use crate::document::Record;
use crate::record_kind::{for_record, ForRecord};
use crate::{Store, StoreError};

/// Where a document keeps the words confirmed not to be a child's name.
const CONFIRMED_KEY: &str = "not_childs_names";

/// The flagged words of `record` that nobody has confirmed.
fn unconfirmed_in<R: Record>(record: &R, first_names: &[String]) -> Vec<String> {
    let confirmed: BTreeSet<String> = record.not_childs_names().iter().cloned().collect();
    name_check::unconfirmed(record.free_texts(), first_names, &confirmed)
}

/// Refuses to complete a record whose prose may still name a child.
pub(crate) fn check_completable<R: Record>(
    record: &R,
    first_names: &[String],
) -> Result<(), ValidationError> {
    let left = unconfirmed_in(record, first_names);
    if left.is_empty() {
        Ok(())
    } else {
        Err(ValidationError::PossibleChildName {
            names: left.join(", "),
        })
    }
}

/// A word a practitioner confirms, as it is kept: trimmed, lower-cased, at most 60 characters.
pub(crate) fn confirmed_word(word: &str) -> Result<String, ValidationError> {
    waymark_core::text::at_most(word.trim().to_lowercase(), "word", 60)
}

/// Keeps a confirmed word in the document's map of them, making the map if an older document
/// has none.
pub(crate) fn keep_confirmation(doc: &mut AutoCommit, word: &str) -> Result<(), StoreError> {
    let map = match doc.get(ROOT, CONFIRMED_KEY)? {
        Some((Value::Object(ObjType::Map), map)) => map,
        _ => doc.put_object(ROOT, CONFIRMED_KEY, ObjType::Map)?,
    };
    doc.put(&map, word, true)?;
    Ok(())
}

/// Makes the empty map of confirmations in a new document: made once, where it is created, so
/// that two devices never each make their own.
pub(crate) fn start_confirmations(doc: &mut AutoCommit) -> Result<(), StoreError> {
    doc.put_object(ROOT, CONFIRMED_KEY, ObjType::Map)?;
    Ok(())
}

/// The words a document keeps as confirmed.
pub(crate) fn read_confirmations(doc: &AutoCommit) -> Result<Vec<String>, StoreError> {
    Ok(match doc.get(ROOT, CONFIRMED_KEY)? {
        Some((Value::Object(ObjType::Map), map)) => doc.keys(&map).collect(),
        _ => Vec::new(),
    })
}

impl Store {
    /// Refuses to share `ids` while any of them may name a child. A record not on this device
    /// is left for the server to answer for.
    pub fn check_shareable(&self, ids: &[RecordId]) -> Result<(), StoreError> {
        let first_names = self.workspace_settings()?.first_names;
        if first_names.is_empty() {
            return Ok(());
        }
        let mut left: Vec<String> = Vec::new();
        for &id in ids {
            let Some(kind) = self.stored_kind(id)?.as_deref().and_then(RecordKind::parse) else {
                continue;
            };
            let task = UnconfirmedNames {
                store: self,
                id,
                first_names: &first_names,
            };
            for hit in for_record(kind, task)? {
                if !left.contains(&hit) {
                    left.push(hit);
                }
            }
        }
        if left.is_empty() {
            Ok(())
        } else {
            Err(ValidationError::PossibleChildNameInShare {
                names: left.join(", "),
            }
            .into())
        }
    }
}

/// The flagged words of one record that nobody has confirmed.
struct UnconfirmedNames<'a> {
    store: &'a Store,
    id: RecordId,
    first_names: &'a [String],
}

impl ForRecord for UnconfirmedNames<'_> {
    type Output = Result<Vec<String>, StoreError>;

    fn run<R: Record>(self) -> Self::Output {
        let record: R = self.store.get_record(self.id)?;
        Ok(unconfirmed_in(&record, self.first_names))
    }
}
