//! Saving each field the moment it changes, one write at a time and in order, so that there is no
//! Save button to forget and a slow write never lands after a newer one.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{ContextEdit, RecordId};

use crate::commands;
use crate::field::Errors;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveStatus {
    Saved,
    Saving,
    NotSaved,
}

impl SaveStatus {
    pub fn message(self) -> &'static str {
        match self {
            Self::Saved => "Saved on this device",
            Self::Saving => "Saving…",
            Self::NotSaved => "Not saved: see the message beside the field",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AutoSave {
    id: RecordId,
    // The newest unsaved value of each field; older ones are superseded, not queued.
    pending: StoredValue<BTreeMap<&'static str, ContextEdit>>,
    running: StoredValue<bool>,
    pub status: RwSignal<SaveStatus>,
    pub errors: Errors,
}

impl AutoSave {
    pub fn new(id: RecordId, errors: Errors) -> Self {
        Self {
            id,
            pending: StoredValue::new(BTreeMap::new()),
            running: StoredValue::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            errors,
        }
    }

    pub fn save(self, edit: ContextEdit) {
        self.pending.update_value(|pending| {
            pending.insert(edit.field(), edit);
        });
        self.status.set(SaveStatus::Saving);
        if !self.running.get_value() {
            self.running.set_value(true);
            spawn_local(self.drain());
        }
    }

    async fn drain(self) {
        while let Some((field, edit)) = self.pending.try_update_value(|p| p.pop_first()).flatten() {
            match commands::update_context(self.id, &edit).await {
                Ok(_) => self.errors.clear(field),
                Err(error) => self.errors.show(&error, field),
            }
        }
        self.running.set_value(false);
        self.status.set(if self.errors.is_empty() {
            SaveStatus::Saved
        } else {
            SaveStatus::NotSaved
        });
    }
}
