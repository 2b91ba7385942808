//! The device's settings: the escalation card, the practitioner's name, and the workspace's
//! people as the server last described them.

use tauri::State;
use waymark_core::command::{
    GetEscalationCard, GetPractitionerName, GetWorkspaceDirectory, SetEscalationCard,
    SetPractitionerName,
};
use waymark_core::directory::Directory;
use waymark_core::{CommandError, EscalationCard};

use crate::state::Shell;

#[tauri::command(async)]
pub fn escalation_card(
    shell: State<'_, Shell>,
    _request: GetEscalationCard,
) -> Result<EscalationCard, CommandError> {
    shell.store.with(|store| store.escalation_card())
}

#[tauri::command(async)]
pub fn set_escalation_card(
    shell: State<'_, Shell>,
    request: SetEscalationCard,
) -> Result<EscalationCard, CommandError> {
    shell
        .store
        .with(|store| store.set_escalation_card(request.card))
}

#[tauri::command(async)]
pub fn practitioner_name(
    shell: State<'_, Shell>,
    _request: GetPractitionerName,
) -> Result<String, CommandError> {
    shell.store.with(|store| store.practitioner_name())
}

#[tauri::command(async)]
pub fn workspace_directory(
    shell: State<'_, Shell>,
    _request: GetWorkspaceDirectory,
) -> Result<Option<Directory>, CommandError> {
    shell.store.with(|store| store.directory())
}

#[tauri::command(async)]
pub fn set_practitioner_name(
    shell: State<'_, Shell>,
    request: SetPractitionerName,
) -> Result<String, CommandError> {
    shell
        .store
        .with(|store| store.set_practitioner_name(&request.name))
}
