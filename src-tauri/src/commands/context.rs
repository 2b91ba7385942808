//! Contexts.

use tauri::State;
use waymark_core::{CommandError, Context, ContextDraft, ContextEdit, ContextSummary, RecordId};

use crate::state::StoreState;

#[tauri::command(async)]
pub fn create_context(
    store: State<'_, StoreState>,
    draft: ContextDraft,
) -> Result<Context, CommandError> {
    store.with(|store| store.create_context(draft))
}

#[tauri::command(async)]
pub fn update_context(
    store: State<'_, StoreState>,
    id: RecordId,
    edit: ContextEdit,
) -> Result<Context, CommandError> {
    store.with(|store| store.update_context(id, edit))
}

#[tauri::command(async)]
pub fn get_context(store: State<'_, StoreState>, id: RecordId) -> Result<Context, CommandError> {
    store.with(|store| store.get_context(id))
}

#[tauri::command(async)]
pub fn list_contexts(store: State<'_, StoreState>) -> Result<Vec<ContextSummary>, CommandError> {
    store.with(|store| store.list_contexts())
}
