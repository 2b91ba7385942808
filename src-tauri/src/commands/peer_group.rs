//! Peer-group assessments: Level 1 maps and Level 2 groups.

use tauri::State;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessment, PeerAssessmentDraft, PeerAssessmentSummary, PeerSection,
    Tie,
};
use waymark_core::{CommandError, RecordId};

use crate::state::StoreState;

#[tauri::command(async)]
pub fn create_peer_assessment(
    store: State<'_, StoreState>,
    draft: PeerAssessmentDraft,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.create_peer_assessment(draft))
}

#[tauri::command(async)]
pub fn get_peer_assessment(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.get_peer_assessment(id))
}

#[tauri::command(async)]
pub fn list_peer_assessments(
    store: State<'_, StoreState>,
    group_context_id: RecordId,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    store.with(|store| store.list_peer_assessments(group_context_id))
}

#[tauri::command(async)]
pub fn list_level_one_maps(
    store: State<'_, StoreState>,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    store.with(|store| store.list_level_one_maps())
}

#[tauri::command(async)]
pub fn add_member(
    store: State<'_, StoreState>,
    id: RecordId,
    member: Member,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.add_member(id, member))
}

#[tauri::command(async)]
pub fn add_tie(
    store: State<'_, StoreState>,
    id: RecordId,
    tie: Tie,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.add_tie(id, tie))
}

#[tauri::command(async)]
pub fn add_place(
    store: State<'_, StoreState>,
    id: RecordId,
    place: GroupPlace,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.add_place(id, place))
}

#[tauri::command(async)]
pub fn update_peer_section(
    store: State<'_, StoreState>,
    id: RecordId,
    section: PeerSection,
    text: String,
) -> Result<PeerAssessment, CommandError> {
    store.with(|store| store.update_peer_section(id, section, text))
}
