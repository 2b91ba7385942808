//! Context conferences.

use tauri::State;
use waymark_core::command::{
    CompleteConference, CreateConference, GetConference, UpdateConference,
};
use waymark_core::conference::Conference;
use waymark_core::CommandError;

use crate::state::Shell;

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
