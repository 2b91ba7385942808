//! School assessments: components, site plan and hotspots, RAG summary, and the name check's
//! confirmations.

use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use waymark_core::command::{
    AddAgencyRecommendation, AddHotspot, AddSchoolObservation, AddSchoolVisit, AssignComponent,
    AssignedTo, CompleteSchoolAssessment, ConfirmNotAChildsNameInSchool, CreateSchoolAssessment,
    GetSchoolAssessment, ListSchoolAssessments, ProposeRating, RateArea,
    RemoveAgencyRecommendation, RemoveHotspot, RemoveSchoolObservation, RemoveSchoolVisit,
    SetSchoolScope, SetSitePlan, UpdateComponentSummary, UpdateRecommendations,
    UpdateSchoolObservation,
};
use waymark_core::school::{AssignedComponent, SchoolAssessment};
use waymark_core::{CommandError, RecordId, ValidationError};

use crate::state::Shell;
use crate::sync::SystemClock;
use waymark_core::Clock;

#[tauri::command(async)]
pub fn create_school_assessment(
    shell: State<'_, Shell>,
    request: CreateSchoolAssessment,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.create_school_assessment(request.draft))
}

#[tauri::command(async)]
pub fn get_school_assessment(
    shell: State<'_, Shell>,
    request: GetSchoolAssessment,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_school_assessment(request.id))
}

#[tauri::command(async)]
pub fn list_school_assessments(
    shell: State<'_, Shell>,
    request: ListSchoolAssessments,
) -> Result<Vec<SchoolAssessment>, CommandError> {
    shell
        .store
        .with(|store| store.list_school_assessments(request.school_context_id))
}

#[tauri::command(async)]
pub fn assign_component(
    shell: State<'_, Shell>,
    request: AssignComponent,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.assign_component(request.id, request.kind, request.assignment))
}

#[tauri::command(async)]
pub fn update_component_summary(
    shell: State<'_, Shell>,
    request: UpdateComponentSummary,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.update_component_summary(request.id, request.kind, request.text))
}

/// The site plan arrives as the raw bytes of the request; the assessment is named in a header.
#[tauri::command(async)]
pub fn set_site_plan(
    shell: State<'_, Shell>,
    request: Request<'_>,
) -> Result<SchoolAssessment, CommandError> {
    let id: RecordId = request
        .headers()
        .get(SetSitePlan::ASSESSMENT_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or(ValidationError::InvalidRecordId)?
        .parse()?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ValidationError::PhotoNotAnImage.into());
    };
    shell.store.with(|store| store.set_site_plan(id, bytes))
}

#[tauri::command(async)]
pub fn add_hotspot(
    shell: State<'_, Shell>,
    request: AddHotspot,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_hotspot(request.id, request.hotspot))
}

#[tauri::command(async)]
pub fn remove_hotspot(
    shell: State<'_, Shell>,
    request: RemoveHotspot,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_hotspot(request.id, request.hotspot))
}

#[tauri::command(async)]
pub fn set_school_scope(
    shell: State<'_, Shell>,
    request: SetSchoolScope,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.set_school_scope(request.id, request.scope))
}

#[tauri::command(async)]
pub fn add_school_visit(
    shell: State<'_, Shell>,
    request: AddSchoolVisit,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_school_visit(request.id, request.visit))
}

#[tauri::command(async)]
pub fn remove_school_visit(
    shell: State<'_, Shell>,
    request: RemoveSchoolVisit,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_school_visit(request.id, request.visit))
}

#[tauri::command(async)]
pub fn add_agency_recommendation(
    shell: State<'_, Shell>,
    request: AddAgencyRecommendation,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_agency_recommendation(request.id, request.recommendation))
}

#[tauri::command(async)]
pub fn remove_agency_recommendation(
    shell: State<'_, Shell>,
    request: RemoveAgencyRecommendation,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.remove_agency_recommendation(request.id, request.recommendation))
}

#[tauri::command(async)]
pub fn add_school_observation(
    shell: State<'_, Shell>,
    request: AddSchoolObservation,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.add_school_observation(request.id, request.observation))
}

#[tauri::command(async)]
pub fn update_school_observation(
    shell: State<'_, Shell>,
    request: UpdateSchoolObservation,
) -> Result<SchoolAssessment, CommandError> {
    shell.store.with(|store| {
        store.update_school_observation(request.id, request.observation_id, request.observation)
    })
}

#[tauri::command(async)]
pub fn remove_school_observation(
    shell: State<'_, Shell>,
    request: RemoveSchoolObservation,
) -> Result<SchoolAssessment, CommandError> {
    shell.store.with(|store| {
        store.remove_school_observation(request.id, request.observation_id, &request.reason)
    })
}

#[tauri::command(async)]
pub fn rate_area(
    shell: State<'_, Shell>,
    request: RateArea,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.rate_area(request.id, request.area, request.rating))
}

/// The device's person's own proposed rating of one area.
#[tauri::command(async)]
pub fn propose_rating(
    shell: State<'_, Shell>,
    request: ProposeRating,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.propose_rating(request.id, request.area, request.rating))
}

#[tauri::command(async)]
pub fn update_recommendations(
    shell: State<'_, Shell>,
    request: UpdateRecommendations,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.update_recommendations(request.id, request.text))
}

#[tauri::command(async)]
pub fn complete_school_assessment(
    shell: State<'_, Shell>,
    request: CompleteSchoolAssessment,
) -> Result<SchoolAssessment, CommandError> {
    shell
        .store
        .with(|store| store.complete_school_assessment(request.id))
}

/// A word the name check flagged is not a child's name (P3): kept in the assessment, and
/// audited at the next sync.
#[tauri::command(async)]
pub fn confirm_not_a_childs_name_in_school(
    shell: State<'_, Shell>,
    request: ConfirmNotAChildsNameInSchool,
) -> Result<SchoolAssessment, CommandError> {
    let now = SystemClock.now();
    shell
        .store
        .with(|store| store.confirm_not_a_childs_name_in_school(request.id, &request.word, now))
}

#[tauri::command(async)]
pub fn assigned_to(
    shell: State<'_, Shell>,
    request: AssignedTo,
) -> Result<Vec<AssignedComponent>, CommandError> {
    shell.store.with(|store| store.assigned_to(&request.owner))
}
