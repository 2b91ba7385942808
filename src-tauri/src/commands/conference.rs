//! Context conferences.

use tauri::State;
use waymark_core::command::{
    CompleteConference, ConfirmNotAChildsNameInConference, CreateConference, GetConference,
    UpdateConference,
};
use waymark_core::conference::Conference;
use waymark_core::Clock;
use waymark_core::CommandError;

use crate::state::Shell;
use crate::sync::SystemClock;

#[tauri::command(async)]
pub fn create_conference(
    shell: State<'_, Shell>,
    request: CreateConference,
) -> Result<Conference, CommandError> {
    shell
        .store
        .with(|store| store.create_conference(request.draft))
}

#[tauri::command(async)]
pub fn get_conference(
    shell: State<'_, Shell>,
    request: GetConference,
) -> Result<Conference, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_conference(request.id))
}

#[tauri::command(async)]
pub fn update_conference(
    shell: State<'_, Shell>,
    request: UpdateConference,
) -> Result<Conference, CommandError> {
    shell
        .store
        .with(|store| store.update_conference(request.id, request.edit))
}

#[tauri::command(async)]
pub fn complete_conference(
    shell: State<'_, Shell>,
    request: CompleteConference,
) -> Result<Conference, CommandError> {
    shell
        .store
        .with(|store| store.complete_conference(request.id))
}

/// A word the name check flagged is not a child's name (P3): kept in the conference, and
/// audited at the next sync.
#[tauri::command(async)]
pub fn confirm_not_a_childs_name_in_conference(
    shell: State<'_, Shell>,
    request: ConfirmNotAChildsNameInConference,
) -> Result<Conference, CommandError> {
    let now = SystemClock.now();
    shell
        .store
        .with(|store| store.confirm_not_a_childs_name_in_conference(request.id, &request.word, now))
}
