//! The device's settings: the escalation card, the practitioner's name, the interface's
//! language, and the workspace's people as the server last described them.

use tauri::State;
use waymark_core::command::{
    GetEscalationCard, GetLanguage, GetPractitionerName, GetWorkspaceDirectory, SetEscalationCard,
    SetLanguage, SetPractitionerName,
};
use waymark_core::directory::Directory;
use waymark_core::language::{validate_choice, LanguageChoice};
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

#[tauri::command(async)]
pub fn language(
    shell: State<'_, Shell>,
    _request: GetLanguage,
) -> Result<LanguageChoice, CommandError> {
    Ok(shell.language.choice())
}

#[tauri::command(async)]
pub fn set_language(
    shell: State<'_, Shell>,
    request: SetLanguage,
) -> Result<LanguageChoice, CommandError> {
    let language = validate_choice(request.tag.as_deref())?;
    shell.language.choose(language)
}
