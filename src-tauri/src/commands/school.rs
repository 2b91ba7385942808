//! School assessments: components, site plan and hotspots, RAG summary.

use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use waymark_core::school::{
    AssignedComponent, Assignment, ComponentKind, Hotspot, RagArea, RagRating, SchoolAssessment,
    SchoolAssessmentDraft,
};
use waymark_core::{CommandError, RecordId, ValidationError};

use crate::state::StoreState;

#[tauri::command(async)]
pub fn create_school_assessment(
    store: State<'_, StoreState>,
    draft: SchoolAssessmentDraft,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.create_school_assessment(draft))
}

#[tauri::command(async)]
pub fn get_school_assessment(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.get_school_assessment(id))
}

#[tauri::command(async)]
pub fn list_school_assessments(
    store: State<'_, StoreState>,
    school_context_id: RecordId,
) -> Result<Vec<SchoolAssessment>, CommandError> {
    store.with(|store| store.list_school_assessments(school_context_id))
}

#[tauri::command(async)]
pub fn assign_component(
    store: State<'_, StoreState>,
    id: RecordId,
    kind: ComponentKind,
    assignment: Assignment,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.assign_component(id, kind, assignment))
}

#[tauri::command(async)]
pub fn update_component_summary(
    store: State<'_, StoreState>,
    id: RecordId,
    kind: ComponentKind,
    text: String,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.update_component_summary(id, kind, text))
}

/// The site plan arrives as the raw bytes of the request; the assessment is named in a header.
#[tauri::command(async)]
pub fn set_site_plan(
    store: State<'_, StoreState>,
    request: Request<'_>,
) -> Result<SchoolAssessment, CommandError> {
    let id: RecordId = request
        .headers()
        .get("assessment-id")
        .and_then(|value| value.to_str().ok())
        .ok_or(ValidationError::InvalidRecordId)?
        .parse()?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ValidationError::PhotoNotAnImage.into());
    };
    store.with(|store| store.set_site_plan(id, bytes))
}

#[tauri::command(async)]
pub fn add_hotspot(
    store: State<'_, StoreState>,
    id: RecordId,
    hotspot: Hotspot,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.add_hotspot(id, hotspot))
}

#[tauri::command(async)]
pub fn rate_area(
    store: State<'_, StoreState>,
    id: RecordId,
    area: RagArea,
    rating: RagRating,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.rate_area(id, area, rating))
}

#[tauri::command(async)]
pub fn update_recommendations(
    store: State<'_, StoreState>,
    id: RecordId,
    text: String,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.update_recommendations(id, text))
}

#[tauri::command(async)]
pub fn complete_school_assessment(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<SchoolAssessment, CommandError> {
    store.with(|store| store.complete_school_assessment(id))
}

#[tauri::command(async)]
pub fn assigned_to(
    store: State<'_, StoreState>,
    owner: String,
) -> Result<Vec<AssignedComponent>, CommandError> {
    store.with(|store| store.assigned_to(&owner))
}
