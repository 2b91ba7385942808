//! Commands that apply to any kind of record.

use tauri::State;
use waymark_core::{CommandError, HistoryEntry, RecordId};

use crate::state::StoreState;

/// Who changed what, and when.
#[tauri::command(async)]
pub fn record_history(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<Vec<HistoryEntry>, CommandError> {
    store.with(|store| store.history(id))
}
