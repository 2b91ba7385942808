//! Typed calls to the shell's commands. Each request type, its name and its answer are defined
//! once, in `waymark_core::command`, for the UI and the shell alike.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use waymark_core::access::{
    DeviceRevocation, IssuedCode, MemberChange, SharingDecisionDraft, WorkspaceDevice,
};
use waymark_core::audit::{AuditEntry, AuditFilter};
use waymark_core::command::*;
use waymark_core::conference::{Conference, ConferenceDraft, ConferenceEdit};
use waymark_core::directory::{Audience, Directory};
use waymark_core::erasure::{
    EditNotKept, Erasure, ErasureNotice, ErasureRequest, RetentionDue, RetentionExtension,
};
use waymark_core::export::{ExportFormat, ExportedFile, ReviewExportFormat};
use waymark_core::fields::{FieldConflict, FieldPlace};
use waymark_core::language::LanguageChoice;
use waymark_core::offline_map::{OfflineMap, TileId};
use waymark_core::outcome::{MeasureDraft, MeasurementDraft, OutcomeMonitoring};
use waymark_core::passcode::LockState;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessment, PeerAssessmentDraft, PeerAssessmentSummary, PeerSection,
    ProfessionalConsulted, Tie,
};
use waymark_core::plan::{
    PartnerAction, PartnerActionUpdate, Plan, PlanEdit, ReviewDraft, StatusChange,
};
use waymark_core::referral::{Referral, ReferralDraft, ScreeningDraft};
use waymark_core::referral_questions::ReferralQuestions;
use waymark_core::school::{
    AssignedComponent, Assignment, ComponentKind, Hotspot, RagArea, RagRating, SchoolAssessment,
    SchoolAssessmentDraft, SchoolObservation, SchoolRecommendation, SchoolVisit,
};
use waymark_core::system_review::{
    SystemReviewDraft, SystemReviewEdit, SystemReviewSummary, SystemReviewView,
};
use waymark_core::timeline::Timeline;
use waymark_core::vocabulary::ConcernType;
use waymark_core::walkabout::{SafetyAlert, WalkaboutPlan};
use waymark_core::workspace_settings::WorkspaceSetting;
use waymark_core::{
    CheckIn, CheckOut, CommandError, Context, ContextDraft, ContextEdit, ContextGroup,
    ContextSearch, ContextSummary, EscalationCard, HistoryEntry, ObservationDraft, RecordId,
    RoutePoint, SyncStatus, WalkInProgress, Walkabout, WalkaboutSummary, WriteUpSection,
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn invoke_with_options(
        cmd: &str,
        args: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// Sends a request to the command it belongs to and reads its answer.
async fn call<C: Command>(request: C) -> Result<C::Output, CommandError> {
    read(invoke(C::NAME, arguments(request)?).await)
}

/// A request under the one argument name every JSON command reads.
fn arguments(request: impl Serialize) -> Result<JsValue, CommandError> {
    let request = serde_json::to_value(request).map_err(|_| unreachable_app())?;
    to_js(&serde_json::Map::from_iter([(
        REQUEST_ARGUMENT.to_owned(),
        request,
    )]))
}

fn to_js(value: &impl Serialize) -> Result<JsValue, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|_| unreachable_app())
}

fn read<T: DeserializeOwned>(answer: Result<JsValue, JsValue>) -> Result<T, CommandError> {
    match answer {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|_| unreachable_app()),
        Err(error) => Err(crate::i18n::worded(
            serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| unreachable_app()),
        )),
    }
}

fn unreachable_app() -> CommandError {
    CommandError::new(
        "app_unavailable",
        "Waymark could not complete that. Close and reopen the app; everything saved is safe.",
    )
}

pub async fn language() -> Result<LanguageChoice, CommandError> {
    call(GetLanguage {}).await
}

pub async fn set_language(tag: Option<&str>) -> Result<LanguageChoice, CommandError> {
    call(SetLanguage {
        tag: tag.map(str::to_owned),
    })
    .await
}

pub async fn contexts_named(ids: &[RecordId]) -> Result<Vec<ContextSummary>, CommandError> {
    call(ContextsNamed { ids: ids.to_vec() }).await
}

pub async fn find_contexts(search: &ContextSearch) -> Result<Vec<ContextGroup>, CommandError> {
    call(FindContexts {
        search: search.clone(),
    })
    .await
}

pub async fn create_context(draft: &ContextDraft) -> Result<Context, CommandError> {
    call(CreateContext {
        draft: draft.clone(),
    })
    .await
}

pub async fn get_context(id: RecordId) -> Result<Context, CommandError> {
    call(GetContext { id }).await
}

pub async fn update_context(id: RecordId, edit: ContextEdit) -> Result<Context, CommandError> {
    call(UpdateContext { id, edit }).await
}

pub async fn context_timeline(context_id: RecordId) -> Result<Timeline, CommandError> {
    call(GetTimeline { context_id }).await
}

pub async fn create_referral(draft: ReferralDraft) -> Result<Referral, CommandError> {
    call(CreateReferral { draft }).await
}

pub async fn get_referral(id: RecordId) -> Result<Referral, CommandError> {
    call(GetReferral { id }).await
}

pub async fn referral_questions() -> Result<ReferralQuestions, CommandError> {
    call(GetReferralQuestions {}).await
}

pub async fn screen_referral(
    id: RecordId,
    screening: ScreeningDraft,
) -> Result<Referral, CommandError> {
    call(ScreenReferral { id, screening }).await
}

pub async fn create_conference(draft: ConferenceDraft) -> Result<Conference, CommandError> {
    call(CreateConference { draft }).await
}

pub async fn get_conference(id: RecordId) -> Result<Conference, CommandError> {
    call(GetConference { id }).await
}

pub async fn update_conference(
    id: RecordId,
    edit: ConferenceEdit,
) -> Result<Conference, CommandError> {
    call(UpdateConference { id, edit }).await
}

pub async fn complete_conference(id: RecordId) -> Result<Conference, CommandError> {
    call(CompleteConference { id }).await
}

pub async fn get_plan(id: RecordId) -> Result<Plan, CommandError> {
    call(GetPlan { id }).await
}

pub async fn update_plan(id: RecordId, edit: PlanEdit) -> Result<Plan, CommandError> {
    call(UpdatePlan { id, edit }).await
}

pub async fn set_action_status(
    id: RecordId,
    action: RecordId,
    change: StatusChange,
) -> Result<Plan, CommandError> {
    call(SetActionStatus { id, action, change }).await
}

pub async fn agree_plan(id: RecordId) -> Result<Plan, CommandError> {
    call(AgreePlan { id }).await
}

pub async fn review_plan(id: RecordId, review: ReviewDraft) -> Result<Plan, CommandError> {
    call(ReviewPlan { id, review }).await
}

pub async fn create_walkabout(plan: &WalkaboutPlan) -> Result<Walkabout, CommandError> {
    call(CreateWalkabout { plan: plan.clone() }).await
}

pub async fn get_walkabout(id: RecordId) -> Result<Walkabout, CommandError> {
    call(GetWalkabout { id }).await
}

pub async fn list_walkabouts(context_id: RecordId) -> Result<Vec<WalkaboutSummary>, CommandError> {
    call(ListWalkabouts { context_id }).await
}

pub async fn check_in(id: RecordId, check_in: &CheckIn) -> Result<Walkabout, CommandError> {
    call(CheckInTo {
        id,
        check_in: check_in.clone(),
    })
    .await
}

pub async fn pause_route(id: RecordId) -> Result<Walkabout, CommandError> {
    call(PauseRoute { id }).await
}

pub async fn resume_route(id: RecordId) -> Result<Walkabout, CommandError> {
    call(ResumeRoute { id }).await
}

pub async fn cancel_walkabout(id: RecordId, reason: String) -> Result<Walkabout, CommandError> {
    call(CancelWalkabout { id, reason }).await
}

pub async fn update_observation(
    id: RecordId,
    observation: RecordId,
    draft: &ObservationDraft,
) -> Result<Walkabout, CommandError> {
    call(UpdateObservation {
        id,
        observation,
        draft: draft.clone(),
    })
    .await
}

pub async fn remove_observation(
    id: RecordId,
    observation: RecordId,
    reason: String,
) -> Result<Walkabout, CommandError> {
    call(RemoveObservation {
        id,
        observation,
        reason,
    })
    .await
}

pub async fn add_observation(
    id: RecordId,
    draft: &ObservationDraft,
) -> Result<Walkabout, CommandError> {
    call(AddObservation {
        id,
        draft: draft.clone(),
    })
    .await
}

pub async fn check_out(id: RecordId, check_out: &CheckOut) -> Result<Walkabout, CommandError> {
    call(CheckOutOf {
        id,
        check_out: check_out.clone(),
    })
    .await
}

pub async fn update_write_up(
    id: RecordId,
    (section, text): (WriteUpSection, String),
) -> Result<Walkabout, CommandError> {
    call(UpdateWriteUp { id, section, text }).await
}

pub async fn confirm_not_a_childs_name(
    id: RecordId,
    word: &str,
) -> Result<Walkabout, CommandError> {
    call(ConfirmNotAChildsName {
        id,
        word: word.to_owned(),
    })
    .await
}

pub async fn confirm_not_a_childs_name_in_conference(
    id: RecordId,
    word: &str,
) -> Result<Conference, CommandError> {
    call(ConfirmNotAChildsNameInConference {
        id,
        word: word.to_owned(),
    })
    .await
}

pub async fn confirm_not_a_childs_name_in_plan(
    id: RecordId,
    word: &str,
) -> Result<Plan, CommandError> {
    call(ConfirmNotAChildsNameInPlan {
        id,
        word: word.to_owned(),
    })
    .await
}

pub async fn partner_actions() -> Result<Vec<PartnerAction>, CommandError> {
    call(GetPartnerActions {}).await
}

pub async fn update_partner_action(
    update: PartnerActionUpdate,
) -> Result<PartnerAction, CommandError> {
    call(UpdatePartnerAction { update }).await
}

pub async fn confirm_not_a_childs_name_in_school(
    id: RecordId,
    word: &str,
) -> Result<SchoolAssessment, CommandError> {
    call(ConfirmNotAChildsNameInSchool {
        id,
        word: word.to_owned(),
    })
    .await
}

pub async fn complete_walkabout(id: RecordId) -> Result<Walkabout, CommandError> {
    call(CompleteWalkabout { id }).await
}

pub async fn record_history(id: RecordId) -> Result<Vec<HistoryEntry>, CommandError> {
    call(RecordHistory { id }).await
}

pub async fn safety_alerts() -> Result<Vec<SafetyAlert>, CommandError> {
    call(ListSafetyAlerts {}).await
}

pub async fn acknowledge_alert(id: RecordId, key: String) -> Result<Walkabout, CommandError> {
    call(AcknowledgeAlert { id, key }).await
}

pub async fn raise_overdue_alarm(id: RecordId) -> Result<bool, CommandError> {
    call(RaiseOverdueAlarm { id }).await
}

pub async fn field_conflicts(id: RecordId) -> Result<Vec<FieldConflict>, CommandError> {
    call(GetFieldConflicts { id }).await
}

pub async fn choose_field_value(
    id: RecordId,
    place: FieldPlace,
    value: String,
) -> Result<(), CommandError> {
    call(ChooseFieldValue { id, place, value }).await
}

pub async fn who_can_see(id: RecordId) -> Result<Audience, CommandError> {
    call(WhoCanSee { id }).await
}

pub async fn erasure_notices() -> Result<Vec<ErasureNotice>, CommandError> {
    call(GetErasureNotices {}).await
}

pub async fn dismiss_erasure_notice(record: RecordId) -> Result<(), CommandError> {
    call(DismissErasureNotice { record }).await
}

pub async fn edits_not_kept() -> Result<Vec<EditNotKept>, CommandError> {
    call(GetEditsNotKept {}).await
}

pub async fn dismiss_edit_not_kept(id: i64) -> Result<(), CommandError> {
    call(DismissEditNotKept { id }).await
}

pub async fn erase_record(request: ErasureRequest) -> Result<Erasure, CommandError> {
    call(EraseRecord { request }).await
}

pub async fn erase_history(request: ErasureRequest) -> Result<u32, CommandError> {
    call(EraseHistory { request }).await
}

pub async fn retention_due() -> Result<Vec<RetentionDue>, CommandError> {
    call(GetRetentionDue {}).await
}

pub async fn extend_retention(
    extension: RetentionExtension,
) -> Result<Vec<RetentionDue>, CommandError> {
    call(ExtendRetention { extension }).await
}

pub async fn walks_in_progress() -> Result<Vec<WalkInProgress>, CommandError> {
    call(ListWalksInProgress {}).await
}

pub async fn walkabout_route(id: RecordId) -> Result<Vec<RoutePoint>, CommandError> {
    call(WalkaboutRoute { id }).await
}

pub async fn record_location(id: RecordId) -> Result<Option<RoutePoint>, CommandError> {
    call(RecordLocation { id }).await
}

pub async fn escalation_card() -> Result<EscalationCard, CommandError> {
    call(GetEscalationCard {}).await
}

/// Sends a photo the practitioner chose, a part at a time. Answers the SHA-256 that names it, or
/// `None` when the webview could not read the file.
pub async fn add_photo(file: web_sys::File) -> Result<Option<String>, CommandError> {
    send_in_parts(
        AddPhoto::NAME,
        &file,
        |upload, _first, last| {
            serde_json::json!({
                AddPhoto::UPLOAD_HEADER: upload,
                AddPhoto::LAST_PART_HEADER: flag(last),
            })
        },
        |_| {},
    )
    .await
}

/// Sends a file the practitioner chose to `command`, a part at a time, each the raw body of one
/// request with `headers(upload, first, last)`, read from the file as it goes: no step holds up
/// the page for long, so typing goes on while a large photo or map is stored. Answers what the
/// last part's request answers, or `None` when the webview could not read the file. `progress`
/// hears the share sent so far.
async fn send_in_parts<T: DeserializeOwned>(
    command: &str,
    file: &web_sys::File,
    headers: impl Fn(&str, bool, bool) -> serde_json::Value,
    progress: impl Fn(f64),
) -> Result<Option<T>, CommandError> {
    let size = file.size();
    let upload = upload_name();
    let mut start = 0.0;
    loop {
        let end = (start + AddPhoto::PART_BYTES as f64).min(size);
        let last = end >= size;
        let Some(part) = crate::chosen_file::part(file, start, end).await else {
            return Ok(None);
        };
        let options =
            to_js(&serde_json::json!({ "headers": headers(&upload, start == 0.0, last) }))?;
        let answer: T = read(invoke_with_options(command, part.into(), options).await)?;
        if last {
            return Ok(Some(answer));
        }
        progress(end / size);
        start = end;
    }
}

/// A part's yes or no, as a header carries it.
fn flag(yes: bool) -> &'static str {
    if yes {
        "true"
    } else {
        "false"
    }
}

/// A new upload's name: letters and digits, different each time.
fn upload_name() -> String {
    format!(
        "{:x}{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 4_294_967_296.0) as u64
    )
}

pub async fn offline_map() -> Result<Option<OfflineMap>, CommandError> {
    call(GetOfflineMap {}).await
}

pub async fn remove_offline_map() -> Result<(), CommandError> {
    call(RemoveOfflineMap {}).await
}

/// Sends a map file the practitioner chose, a part at a time, as photos go. Answers the map, or
/// `None` when the webview could not read the file. `progress` hears the share sent so far.
pub async fn load_offline_map(
    file: web_sys::File,
    progress: impl Fn(f64),
) -> Result<Option<OfflineMap>, CommandError> {
    let answer: Option<Option<OfflineMap>> = send_in_parts(
        AddOfflineMapPart::NAME,
        &file,
        |upload, first, last| {
            serde_json::json!({
                AddOfflineMapPart::UPLOAD_HEADER: upload,
                AddOfflineMapPart::FIRST_PART_HEADER: flag(first),
                AddOfflineMapPart::LAST_PART_HEADER: flag(last),
            })
        },
        progress,
    )
    .await?;
    Ok(answer.flatten())
}

/// One tile of the loaded map as a URL the page can show, or `None` where the map has none.
pub async fn offline_map_tile_url(
    tile: TileId,
    media_type: &str,
) -> Result<Option<String>, CommandError> {
    let bytes = invoke(OfflineMapTile::NAME, arguments(OfflineMapTile { tile })?)
        .await
        .map_err(|error| {
            serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| unreachable_app())
        })?;
    let bytes = js_sys::Uint8Array::new(&bytes);
    if bytes.length() == 0 {
        return Ok(None);
    }
    blob_url(&bytes, media_type).map(Some)
}

fn blob_url(bytes: &js_sys::Uint8Array, media_type: &str) -> Result<String, CommandError> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| unreachable_app())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| unreachable_app())
}

pub async fn set_escalation_card(card: &EscalationCard) -> Result<EscalationCard, CommandError> {
    call(SetEscalationCard { card: card.clone() }).await
}

pub async fn create_peer_assessment(
    draft: &PeerAssessmentDraft,
) -> Result<PeerAssessment, CommandError> {
    call(CreatePeerAssessment {
        draft: draft.clone(),
    })
    .await
}

pub async fn get_peer_assessment(id: RecordId) -> Result<PeerAssessment, CommandError> {
    call(GetPeerAssessment { id }).await
}

pub async fn list_peer_assessments(
    group_context_id: RecordId,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    call(ListPeerAssessments { group_context_id }).await
}

pub async fn list_level_one_maps() -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    call(ListLevelOneMaps {}).await
}

pub async fn add_member(id: RecordId, member: &Member) -> Result<PeerAssessment, CommandError> {
    call(AddMember {
        id,
        member: member.clone(),
    })
    .await
}

pub async fn add_tie(id: RecordId, tie: &Tie) -> Result<PeerAssessment, CommandError> {
    call(AddTie {
        id,
        tie: tie.clone(),
    })
    .await
}

pub async fn add_place(id: RecordId, place: &GroupPlace) -> Result<PeerAssessment, CommandError> {
    call(AddPlace {
        id,
        place: place.clone(),
    })
    .await
}

pub async fn remove_member(id: RecordId, member: RecordId) -> Result<PeerAssessment, CommandError> {
    call(RemoveMember { id, member }).await
}

pub async fn remove_tie(id: RecordId, tie: RecordId) -> Result<PeerAssessment, CommandError> {
    call(RemoveTie { id, tie }).await
}

pub async fn remove_place(id: RecordId, place: RecordId) -> Result<PeerAssessment, CommandError> {
    call(RemovePlace { id, place }).await
}

pub async fn link_place_to_context(
    id: RecordId,
    place: RecordId,
    context: Option<RecordId>,
) -> Result<PeerAssessment, CommandError> {
    call(LinkPlaceToContext { id, place, context }).await
}

pub async fn link_group(id: RecordId, group: RecordId) -> Result<PeerAssessment, CommandError> {
    call(LinkGroup { id, group }).await
}

pub async fn unlink_group(id: RecordId, group: RecordId) -> Result<PeerAssessment, CommandError> {
    call(UnlinkGroup { id, group }).await
}

pub async fn add_professional_consulted(
    id: RecordId,
    professional: ProfessionalConsulted,
) -> Result<PeerAssessment, CommandError> {
    call(AddProfessionalConsulted { id, professional }).await
}

pub async fn remove_professional_consulted(
    id: RecordId,
    professional: RecordId,
) -> Result<PeerAssessment, CommandError> {
    call(RemoveProfessionalConsulted { id, professional }).await
}

pub async fn complete_peer_assessment(id: RecordId) -> Result<PeerAssessment, CommandError> {
    call(CompletePeerAssessment { id }).await
}

pub async fn update_peer_section(
    id: RecordId,
    (section, text): (PeerSection, String),
) -> Result<PeerAssessment, CommandError> {
    call(UpdatePeerSection { id, section, text }).await
}

pub async fn create_school_assessment(
    draft: &SchoolAssessmentDraft,
) -> Result<SchoolAssessment, CommandError> {
    call(CreateSchoolAssessment {
        draft: draft.clone(),
    })
    .await
}

pub async fn get_school_assessment(id: RecordId) -> Result<SchoolAssessment, CommandError> {
    call(GetSchoolAssessment { id }).await
}

pub async fn list_school_assessments(
    school_context_id: RecordId,
) -> Result<Vec<SchoolAssessment>, CommandError> {
    call(ListSchoolAssessments { school_context_id }).await
}

pub async fn assign_component(
    id: RecordId,
    kind: ComponentKind,
    assignment: &Assignment,
) -> Result<SchoolAssessment, CommandError> {
    call(AssignComponent {
        id,
        kind,
        assignment: assignment.clone(),
    })
    .await
}

pub async fn update_component_summary(
    id: RecordId,
    (kind, text): (ComponentKind, String),
) -> Result<SchoolAssessment, CommandError> {
    call(UpdateComponentSummary { id, kind, text }).await
}

pub async fn add_hotspot(
    id: RecordId,
    hotspot: &Hotspot,
) -> Result<SchoolAssessment, CommandError> {
    call(AddHotspot {
        id,
        hotspot: hotspot.clone(),
    })
    .await
}

pub async fn remove_hotspot(
    id: RecordId,
    hotspot: RecordId,
) -> Result<SchoolAssessment, CommandError> {
    call(RemoveHotspot { id, hotspot }).await
}

pub async fn set_school_scope(
    id: RecordId,
    scope: Vec<ConcernType>,
) -> Result<SchoolAssessment, CommandError> {
    call(SetSchoolScope { id, scope }).await
}

pub async fn add_school_visit(
    id: RecordId,
    visit: SchoolVisit,
) -> Result<SchoolAssessment, CommandError> {
    call(AddSchoolVisit { id, visit }).await
}

pub async fn remove_school_visit(
    id: RecordId,
    visit: RecordId,
) -> Result<SchoolAssessment, CommandError> {
    call(RemoveSchoolVisit { id, visit }).await
}

pub async fn add_agency_recommendation(
    id: RecordId,
    recommendation: SchoolRecommendation,
) -> Result<SchoolAssessment, CommandError> {
    call(AddAgencyRecommendation { id, recommendation }).await
}

pub async fn remove_agency_recommendation(
    id: RecordId,
    recommendation: RecordId,
) -> Result<SchoolAssessment, CommandError> {
    call(RemoveAgencyRecommendation { id, recommendation }).await
}

pub async fn add_school_observation(
    id: RecordId,
    observation: SchoolObservation,
) -> Result<SchoolAssessment, CommandError> {
    call(AddSchoolObservation { id, observation }).await
}

pub async fn update_school_observation(
    id: RecordId,
    observation_id: RecordId,
    observation: SchoolObservation,
) -> Result<SchoolAssessment, CommandError> {
    call(UpdateSchoolObservation {
        id,
        observation_id,
        observation,
    })
    .await
}

pub async fn remove_school_observation(
    id: RecordId,
    observation_id: RecordId,
    reason: String,
) -> Result<SchoolAssessment, CommandError> {
    call(RemoveSchoolObservation {
        id,
        observation_id,
        reason,
    })
    .await
}

pub async fn export_context(
    context_id: RecordId,
    format: ExportFormat,
    sharing_decision: Option<i64>,
) -> Result<ExportedFile, CommandError> {
    call(ExportContext {
        context_id,
        format,
        sharing_decision,
    })
    .await
}

pub async fn outcome_monitoring(context_id: RecordId) -> Result<OutcomeMonitoring, CommandError> {
    call(GetOutcomeMonitoring { context_id }).await
}

pub async fn add_measure(
    context_id: RecordId,
    measure: MeasureDraft,
) -> Result<OutcomeMonitoring, CommandError> {
    call(AddMeasure {
        context_id,
        measure,
    })
    .await
}

pub async fn record_measurement(
    context_id: RecordId,
    measure_id: RecordId,
    figure: MeasurementDraft,
) -> Result<OutcomeMonitoring, CommandError> {
    call(RecordMeasurement {
        context_id,
        measure_id,
        figure,
    })
    .await
}

pub async fn propose_rating(
    id: RecordId,
    area: RagArea,
    rating: RagRating,
) -> Result<SchoolAssessment, CommandError> {
    call(ProposeRating { id, area, rating }).await
}

pub async fn rate_area(
    id: RecordId,
    area: RagArea,
    rating: &RagRating,
) -> Result<SchoolAssessment, CommandError> {
    call(RateArea {
        id,
        area,
        rating: rating.clone(),
    })
    .await
}

pub async fn update_recommendations(
    id: RecordId,
    text: String,
) -> Result<SchoolAssessment, CommandError> {
    call(UpdateRecommendations { id, text }).await
}

pub async fn complete_school_assessment(id: RecordId) -> Result<SchoolAssessment, CommandError> {
    call(CompleteSchoolAssessment { id }).await
}

/// Sends a site plan image as raw bytes, naming the assessment in a header.
pub async fn set_site_plan(id: RecordId, bytes: &[u8]) -> Result<SchoolAssessment, CommandError> {
    let headers = serde_json::Map::from_iter([(
        SetSitePlan::ASSESSMENT_HEADER.to_owned(),
        serde_json::Value::String(id.to_string()),
    )]);
    let options = to_js(&serde_json::json!({ "headers": headers }))?;
    read(
        invoke_with_options(
            SetSitePlan::NAME,
            js_sys::Uint8Array::from(bytes).into(),
            options,
        )
        .await,
    )
}

/// A stored image as a URL the page can show; it lives as long as the page.
pub async fn stored_image_url(sha256: &str, media_type: &str) -> Result<String, CommandError> {
    let request = StoredImage {
        sha256: sha256.to_owned(),
    };
    let bytes = invoke(StoredImage::NAME, arguments(request)?)
        .await
        .map_err(|error| {
            serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| unreachable_app())
        })?;
    blob_url(&js_sys::Uint8Array::new(&bytes), media_type)
}

pub async fn assigned_to(owner: &str) -> Result<Vec<AssignedComponent>, CommandError> {
    call(AssignedTo {
        owner: owner.to_owned(),
    })
    .await
}

pub async fn practitioner_name() -> Result<String, CommandError> {
    call(GetPractitionerName {}).await
}

pub async fn read_audit_log(filter: AuditFilter) -> Result<Vec<AuditEntry>, CommandError> {
    call(ReadAuditLog { filter }).await
}

pub async fn change_member(change: MemberChange) -> Result<Directory, CommandError> {
    call(ChangeMember { change }).await
}

pub async fn enrol_member_device(user: &str) -> Result<IssuedCode, CommandError> {
    call(EnrolMemberDevice {
        user: user.to_owned(),
    })
    .await
}

pub async fn workspace_devices() -> Result<Vec<WorkspaceDevice>, CommandError> {
    call(ListWorkspaceDevices {}).await
}

pub async fn revoke_member_device(
    device: &str,
    wipe: bool,
) -> Result<Vec<WorkspaceDevice>, CommandError> {
    call(RevokeMemberDevice {
        revocation: DeviceRevocation {
            device: device.to_owned(),
            wipe,
        },
    })
    .await
}

pub async fn change_workspace_setting(
    setting: WorkspaceSetting,
) -> Result<Directory, CommandError> {
    call(ChangeWorkspaceSetting { setting }).await
}

pub async fn share_records(decision: SharingDecisionDraft) -> Result<Directory, CommandError> {
    call(ShareRecords { decision }).await
}

pub async fn lock_state() -> Result<LockState, CommandError> {
    call(GetLockState {}).await
}

pub async fn set_passcode(
    passcode: String,
    confirmation: String,
) -> Result<LockState, CommandError> {
    call(SetPasscode {
        passcode,
        confirmation,
    })
    .await
}

pub async fn unlock(passcode: String) -> Result<LockState, CommandError> {
    call(Unlock { passcode }).await
}

pub async fn lock_now() -> Result<LockState, CommandError> {
    call(LockNow {}).await
}

pub async fn change_passcode(
    current: String,
    passcode: String,
    confirmation: String,
) -> Result<LockState, CommandError> {
    call(ChangePasscode {
        current,
        passcode,
        confirmation,
    })
    .await
}

pub async fn set_idle_lock(minutes: u32) -> Result<LockState, CommandError> {
    call(SetIdleLock { minutes }).await
}

pub async fn reset_device(confirmation: String) -> Result<LockState, CommandError> {
    call(ResetDevice { confirmation }).await
}

pub async fn revoke_share(decision: i64) -> Result<Directory, CommandError> {
    call(RevokeShare { decision }).await
}

pub async fn workspace_directory() -> Result<Option<Directory>, CommandError> {
    call(GetWorkspaceDirectory {}).await
}

pub async fn set_practitioner_name(name: &str) -> Result<String, CommandError> {
    call(SetPractitionerName {
        name: name.to_owned(),
    })
    .await
}

pub async fn sync_status() -> Result<SyncStatus, CommandError> {
    call(GetSyncStatus {}).await
}

pub async fn enroll_device(server: &str, code: &str) -> Result<(), CommandError> {
    call(EnrollDevice {
        server: server.to_owned(),
        code: code.to_owned(),
    })
    .await
}

/// Answers whether this device's records may go to a new enrolment's workspace; returns the
/// address it now syncs with.
pub async fn settle_enrolment(send_records: bool) -> Result<Option<String>, CommandError> {
    call(SettleEnrolment { send_records }).await
}

pub async fn sync_now() -> Result<(), CommandError> {
    call(SyncNow {}).await
}

pub async fn list_system_reviews() -> Result<Vec<SystemReviewSummary>, CommandError> {
    call(ListSystemReviews {}).await
}

pub async fn create_system_review(
    draft: SystemReviewDraft,
) -> Result<SystemReviewView, CommandError> {
    call(CreateSystemReview { draft }).await
}

pub async fn get_system_review(
    id: RecordId,
    seen_as: Option<RecordId>,
) -> Result<SystemReviewView, CommandError> {
    call(GetSystemReview { id, seen_as }).await
}

pub async fn update_system_review(
    id: RecordId,
    seen_as: Option<RecordId>,
    edit: SystemReviewEdit,
) -> Result<SystemReviewView, CommandError> {
    call(UpdateSystemReview { id, seen_as, edit }).await
}

pub async fn confirm_not_a_childs_name_in_system_review(
    id: RecordId,
    seen_as: Option<RecordId>,
    word: &str,
) -> Result<SystemReviewView, CommandError> {
    call(ConfirmNotAChildsNameInSystemReview {
        id,
        seen_as,
        word: word.to_owned(),
    })
    .await
}

pub async fn export_system_review(
    id: RecordId,
    format: ReviewExportFormat,
    sharing_decision: Option<i64>,
) -> Result<ExportedFile, CommandError> {
    call(ExportSystemReview {
        id,
        format,
        sharing_decision,
    })
    .await
}
