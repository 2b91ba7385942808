//! Commands that apply to any kind of record.

use tauri::State;
use waymark_core::command::{
    ChooseFieldValue, DismissEditNotKept, DismissErasureNotice, GetEditsNotKept, GetErasureNotices,
    GetFieldConflicts, RecordHistory, WhoCanSee,
};
use waymark_core::directory::Audience;
use waymark_core::erasure::{EditNotKept, ErasureNotice};
use waymark_core::fields::FieldConflict;
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

/// The fields two people changed at once, with both values, until someone chooses.
#[tauri::command(async)]
pub fn field_conflicts(
    shell: State<'_, Shell>,
    request: GetFieldConflicts,
) -> Result<Vec<FieldConflict>, CommandError> {
    shell.store.with(|store| store.field_conflicts(request.id))
}

#[tauri::command(async)]
pub fn choose_field_value(
    shell: State<'_, Shell>,
    request: ChooseFieldValue,
) -> Result<(), CommandError> {
    shell
        .store
        .with(|store| store.choose_field_value(request.id, &request.place, &request.value))
}

/// Who can see a record: the team, its case team, or the partners it was shared with.
#[tauri::command(async)]
pub fn who_can_see(shell: State<'_, Shell>, request: WhoCanSee) -> Result<Audience, CommandError> {
    shell.store.with(|store| store.audience(request.id))
}

/// The records erased while this device held them, that the practitioner has not put away.
#[tauri::command(async)]
pub fn erasure_notices(
    shell: State<'_, Shell>,
    _request: GetErasureNotices,
) -> Result<Vec<ErasureNotice>, CommandError> {
    shell.store.with(|store| store.erasure_notices())
}

#[tauri::command(async)]
pub fn dismiss_erasure_notice(
    shell: State<'_, Shell>,
    request: DismissErasureNotice,
) -> Result<(), CommandError> {
    shell
        .store
        .with(|store| store.dismiss_erasure_notice(request.record))
}

/// Edits that could not be carried onto a record's new epoch, for the practitioner to redo.
#[tauri::command(async)]
pub fn edits_not_kept(
    shell: State<'_, Shell>,
    _request: GetEditsNotKept,
) -> Result<Vec<EditNotKept>, CommandError> {
    shell.store.with(|store| store.edits_not_kept())
}

#[tauri::command(async)]
pub fn dismiss_edit_not_kept(
    shell: State<'_, Shell>,
    request: DismissEditNotKept,
) -> Result<(), CommandError> {
    shell
        .store
        .with(|store| store.dismiss_edit_not_kept(request.id))
}
