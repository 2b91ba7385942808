//! Commands that apply to any kind of record.

use tauri::State;
use waymark_core::command::RecordHistory;
use waymark_core::{CommandError, HistoryEntry};

use crate::state::Shell;

/// Who changed what, and when.
#[tauri::command(async)]
pub fn record_history(
    shell: State<'_, Shell>,
    request: RecordHistory,
) -> Result<Vec<HistoryEntry>, CommandError> {
    shell.store.with(|store| store.history(request.id))
}
