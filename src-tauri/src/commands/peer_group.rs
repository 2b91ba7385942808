//! Peer-group assessments: Level 1 maps and Level 2 groups.

use tauri::State;
use waymark_core::command::{
    AddMember, AddPlace, AddProfessionalConsulted, AddTie, CompletePeerAssessment,
    CreatePeerAssessment, GetPeerAssessment, LinkGroup, LinkPlaceToContext, ListLevelOneMaps,
    ListPeerAssessments, RemoveMember, RemovePlace, RemoveProfessionalConsulted, RemoveTie,
    UnlinkGroup, UpdatePeerSection,
};
use waymark_core::peer_group::{PeerAssessment, PeerAssessmentSummary};
use waymark_core::CommandError;

use crate::state::Shell;

#[tauri::command(async)]
pub fn create_peer_assessment(
    shell: State<'_, Shell>,
    request: CreatePeerAssessment,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.create_peer_assessment(request.draft))
}

#[tauri::command(async)]
pub fn get_peer_assessment(
    shell: State<'_, Shell>,
    request: GetPeerAssessment,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_peer_assessment(request.id))
}

#[tauri::command(async)]
pub fn list_peer_assessments(
    shell: State<'_, Shell>,
    request: ListPeerAssessments,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    shell
        .store
        .with(|store| store.list_peer_assessments(request.group_context_id))
}

#[tauri::command(async)]
pub fn list_level_one_maps(
    shell: State<'_, Shell>,
    _request: ListLevelOneMaps,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    shell.store.with(|store| store.list_level_one_maps())
}

#[tauri::command(async)]
pub fn add_member(
    shell: State<'_, Shell>,
    request: AddMember,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_member(request.id, request.member))
}

#[tauri::command(async)]
pub fn add_tie(shell: State<'_, Shell>, request: AddTie) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_tie(request.id, request.tie))
}

#[tauri::command(async)]
pub fn add_place(
    shell: State<'_, Shell>,
    request: AddPlace,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_place(request.id, request.place))
}

#[tauri::command(async)]
pub fn update_peer_section(
    shell: State<'_, Shell>,
    request: UpdatePeerSection,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.update_peer_section(request.id, request.section, request.text))
}

#[tauri::command(async)]
pub fn remove_member(
    shell: State<'_, Shell>,
    request: RemoveMember,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_member(request.id, request.member))
}

#[tauri::command(async)]
pub fn remove_tie(
    shell: State<'_, Shell>,
    request: RemoveTie,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_tie(request.id, request.tie))
}

#[tauri::command(async)]
pub fn remove_place(
    shell: State<'_, Shell>,
    request: RemovePlace,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_place(request.id, request.place))
}

#[tauri::command(async)]
pub fn link_place_to_context(
    shell: State<'_, Shell>,
    request: LinkPlaceToContext,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.link_place_to_context(request.id, request.place, request.context))
}

#[tauri::command(async)]
pub fn link_group(
    shell: State<'_, Shell>,
    request: LinkGroup,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.link_group(request.id, request.group))
}

#[tauri::command(async)]
pub fn unlink_group(
    shell: State<'_, Shell>,
    request: UnlinkGroup,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.unlink_group(request.id, request.group))
}

#[tauri::command(async)]
pub fn add_professional_consulted(
    shell: State<'_, Shell>,
    request: AddProfessionalConsulted,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_professional_consulted(request.id, request.professional))
}

#[tauri::command(async)]
pub fn remove_professional_consulted(
    shell: State<'_, Shell>,
    request: RemoveProfessionalConsulted,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_professional_consulted(request.id, request.professional))
}

#[tauri::command(async)]
pub fn complete_peer_assessment(
    shell: State<'_, Shell>,
    request: CompletePeerAssessment,
) -> Result<PeerAssessment, CommandError> {
    shell
        .store
        .with(|store| store.complete_peer_assessment(request.id))
}
