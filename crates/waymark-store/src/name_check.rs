//! Privacy rule P3 for every kind of record: one whose prose holds a word the name check flags,
//! and that nobody has confirmed is not a child's name, is not shared until it is edited or
//! confirmed. (Completion is checked by each kind's own `complete_…`.)

use std::collections::BTreeSet;

use waymark_core::{name_check, RecordId, RecordKind, ValidationError};

use crate::document::Record;
use crate::record_kind::{for_record, ForRecord};
use crate::{Store, StoreError};

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
        let confirmed: BTreeSet<String> = record.not_childs_names().iter().cloned().collect();
        Ok(name_check::unconfirmed(
            record.free_texts(),
            self.first_names,
            &confirmed,
        ))
    }
}
