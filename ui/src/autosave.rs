//! Saving each field the moment it changes, one write at a time and in order, so that there is no
//! Save button to forget and a slow write never lands after a newer one.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{CommandError, RecordId};

use crate::field::Errors;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveStatus {
    Saved,
    Saving,
    NotSaved,
}

impl SaveStatus {
    pub fn message(self) -> String {
        t(match self {
            Self::Saved => "save-saved",
            Self::Saving => "save-saving",
            Self::NotSaved => "save-not-saved",
        })
    }
}

type Saving = Pin<Box<dyn Future<Output = Result<(), CommandError>>>>;

/// Saves edits of type `E` to one record. `field` names the field an edit changes: a newer edit
/// of a field replaces an older one that has not been sent yet.
#[derive(Debug)]
pub struct AutoSave<E: Send + Sync + 'static> {
    id: RecordId,
    pending: StoredValue<BTreeMap<&'static str, E>>,
    running: StoredValue<bool>,
    field: fn(&E) -> &'static str,
    send: fn(RecordId, E) -> Saving,
    pub status: RwSignal<SaveStatus>,
    pub errors: Errors,
}

impl<E: Send + Sync + 'static> Clone for AutoSave<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: Send + Sync + 'static> Copy for AutoSave<E> {}

impl<E: Send + Sync + 'static> AutoSave<E> {
    pub fn new(
        id: RecordId,
        field: fn(&E) -> &'static str,
        send: fn(RecordId, E) -> Saving,
    ) -> Self {
        Self {
            id,
            pending: StoredValue::new(BTreeMap::new()),
            running: StoredValue::new(false),
            field,
            send,
            status: RwSignal::new(SaveStatus::Saved),
            errors: Errors::new(),
        }
    }

    pub fn save(self, edit: E) {
        let field = (self.field)(&edit);
        self.pending.update_value(|pending| {
            pending.insert(field, edit);
        });
        self.status.set(SaveStatus::Saving);
        if !self.running.get_value() {
            self.running.set_value(true);
            spawn_local(self.drain());
        }
    }

    async fn drain(self) {
        while let Some((field, edit)) = self.pending.try_update_value(|p| p.pop_first()).flatten() {
            match (self.send)(self.id, edit).await {
                Ok(()) => self.errors.clear(field),
                Err(error) => self.errors.show(&error, field),
            }
        }
        self.running.set_value(false);
        self.status.try_set(if self.errors.is_empty() {
            SaveStatus::Saved
        } else {
            SaveStatus::NotSaved
        });
    }
}

/// Where the record stands on this device. Sync's own line is always at the top of the app.
#[component]
pub fn SaveStatusBar(status: RwSignal<SaveStatus>) -> impl IntoView {
    view! {
        <div class="status-bar">
            <p id="save-status" class="save-status" role="status"
                class:not-saved=move || status.get() == SaveStatus::NotSaved>
                {move || status.get().message()}
            </p>
        </div>
    }
}
