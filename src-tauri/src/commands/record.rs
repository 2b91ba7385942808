//! Commands that apply to any kind of record.

use tauri::State;
use waymark_core::command::{RecordHistory, WhoCanSee};
use waymark_core::directory::Audience;
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

/// Who can see a record: the team, its case team, or the partners it was shared with.
#[tauri::command(async)]
pub fn who_can_see(shell: State<'_, Shell>, request: WhoCanSee) -> Result<Audience, CommandError> {
    shell.store.with(|store| store.audience(request.id))
}
