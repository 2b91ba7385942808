//! Typed calls to the shell's commands.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessment, PeerAssessmentDraft, PeerAssessmentSummary, PeerSection,
    Tie,
};
use waymark_core::school::{
    AssignedComponent, Assignment, ComponentKind, Hotspot, RagArea, RagRating, SchoolAssessment,
    SchoolAssessmentDraft,
};
use waymark_core::walkabout::WalkaboutPlan;
use waymark_core::{
    CheckIn, CheckOut, CommandError, Context, ContextDraft, ContextEdit, ContextSummary,
    EscalationCard, HistoryEntry, ObservationDraft, RecordId, RoutePoint, SyncStatus, Walkabout,
    WalkaboutSummary, WriteUpSection,
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

async fn call<T: DeserializeOwned>(
    command: &str,
    args: serde_json::Value,
) -> Result<T, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(|_| unreachable_app())?;
    read(invoke(command, args).await)
}

fn read<T: DeserializeOwned>(answer: Result<JsValue, JsValue>) -> Result<T, CommandError> {
    match answer {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|_| unreachable_app()),
        Err(error) => {
            Err(serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| unreachable_app()))
        }
    }
}

fn unreachable_app() -> CommandError {
    CommandError::new(
        "app_unavailable",
        "Waymark could not complete that. Close and reopen the app; everything saved is safe.",
    )
}

pub async fn list_contexts() -> Result<Vec<ContextSummary>, CommandError> {
    call("list_contexts", json!({})).await
}

pub async fn create_context(draft: &ContextDraft) -> Result<Context, CommandError> {
    call("create_context", json!({ "draft": draft })).await
}

pub async fn get_context(id: RecordId) -> Result<Context, CommandError> {
    call("get_context", json!({ "id": id })).await
}

pub async fn update_context(id: RecordId, edit: ContextEdit) -> Result<Context, CommandError> {
    call("update_context", json!({ "id": id, "edit": edit })).await
}

pub async fn create_walkabout(plan: &WalkaboutPlan) -> Result<Walkabout, CommandError> {
    call("create_walkabout", json!({ "plan": plan })).await
}

pub async fn get_walkabout(id: RecordId) -> Result<Walkabout, CommandError> {
    call("get_walkabout", json!({ "id": id })).await
}

pub async fn list_walkabouts(context_id: RecordId) -> Result<Vec<WalkaboutSummary>, CommandError> {
    call("list_walkabouts", json!({ "contextId": context_id })).await
}

pub async fn check_in(id: RecordId, check_in: &CheckIn) -> Result<Walkabout, CommandError> {
    call("check_in", json!({ "id": id, "checkIn": check_in })).await
}

pub async fn add_observation(
    id: RecordId,
    draft: &ObservationDraft,
) -> Result<Walkabout, CommandError> {
    call("add_observation", json!({ "id": id, "draft": draft })).await
}

pub async fn check_out(id: RecordId, check_out: &CheckOut) -> Result<Walkabout, CommandError> {
    call("check_out", json!({ "id": id, "checkOut": check_out })).await
}

pub async fn update_write_up(
    id: RecordId,
    (section, text): (WriteUpSection, String),
) -> Result<Walkabout, CommandError> {
    call(
        "update_write_up",
        json!({ "id": id, "section": section, "text": text }),
    )
    .await
}

pub async fn complete_walkabout(id: RecordId) -> Result<Walkabout, CommandError> {
    call("complete_walkabout", json!({ "id": id })).await
}

pub async fn record_history(id: RecordId) -> Result<Vec<HistoryEntry>, CommandError> {
    call("record_history", json!({ "id": id })).await
}

pub async fn walkabout_route(id: RecordId) -> Result<Vec<RoutePoint>, CommandError> {
    call("walkabout_route", json!({ "id": id })).await
}

pub async fn record_location(id: RecordId) -> Result<Option<RoutePoint>, CommandError> {
    call("record_location", json!({ "id": id })).await
}

pub async fn escalation_card() -> Result<EscalationCard, CommandError> {
    call("escalation_card", json!({})).await
}

/// Sends a photo's bytes as the raw body of the request, and returns the hash that names it.
pub async fn add_photo(bytes: &[u8]) -> Result<String, CommandError> {
    read(invoke("add_photo", js_sys::Uint8Array::from(bytes).into()).await)
}

pub async fn set_escalation_card(card: &EscalationCard) -> Result<EscalationCard, CommandError> {
    call("set_escalation_card", json!({ "card": card })).await
}

pub async fn create_peer_assessment(
    draft: &PeerAssessmentDraft,
) -> Result<PeerAssessment, CommandError> {
    call("create_peer_assessment", json!({ "draft": draft })).await
}

pub async fn get_peer_assessment(id: RecordId) -> Result<PeerAssessment, CommandError> {
    call("get_peer_assessment", json!({ "id": id })).await
}

pub async fn list_peer_assessments(
    group_context_id: RecordId,
) -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    call(
        "list_peer_assessments",
        json!({ "groupContextId": group_context_id }),
    )
    .await
}

pub async fn list_level_one_maps() -> Result<Vec<PeerAssessmentSummary>, CommandError> {
    call("list_level_one_maps", json!({})).await
}

pub async fn add_member(id: RecordId, member: &Member) -> Result<PeerAssessment, CommandError> {
    call("add_member", json!({ "id": id, "member": member })).await
}

pub async fn add_tie(id: RecordId, tie: &Tie) -> Result<PeerAssessment, CommandError> {
    call("add_tie", json!({ "id": id, "tie": tie })).await
}

pub async fn add_place(id: RecordId, place: &GroupPlace) -> Result<PeerAssessment, CommandError> {
    call("add_place", json!({ "id": id, "place": place })).await
}

pub async fn update_peer_section(
    id: RecordId,
    (section, text): (PeerSection, String),
) -> Result<PeerAssessment, CommandError> {
    call(
        "update_peer_section",
        json!({ "id": id, "section": section, "text": text }),
    )
    .await
}

pub async fn create_school_assessment(
    draft: &SchoolAssessmentDraft,
) -> Result<SchoolAssessment, CommandError> {
    call("create_school_assessment", json!({ "draft": draft })).await
}

pub async fn get_school_assessment(id: RecordId) -> Result<SchoolAssessment, CommandError> {
    call("get_school_assessment", json!({ "id": id })).await
}

pub async fn list_school_assessments(
    school_context_id: RecordId,
) -> Result<Vec<SchoolAssessment>, CommandError> {
    call(
        "list_school_assessments",
        json!({ "schoolContextId": school_context_id }),
    )
    .await
}

pub async fn assign_component(
    id: RecordId,
    kind: ComponentKind,
    assignment: &Assignment,
) -> Result<SchoolAssessment, CommandError> {
    call(
        "assign_component",
        json!({ "id": id, "kind": kind, "assignment": assignment }),
    )
    .await
}

pub async fn update_component_summary(
    id: RecordId,
    (kind, text): (ComponentKind, String),
) -> Result<SchoolAssessment, CommandError> {
    call(
        "update_component_summary",
        json!({ "id": id, "kind": kind, "text": text }),
    )
    .await
}

pub async fn add_hotspot(
    id: RecordId,
    hotspot: &Hotspot,
) -> Result<SchoolAssessment, CommandError> {
    call("add_hotspot", json!({ "id": id, "hotspot": hotspot })).await
}

pub async fn rate_area(
    id: RecordId,
    area: RagArea,
    rating: &RagRating,
) -> Result<SchoolAssessment, CommandError> {
    call(
        "rate_area",
        json!({ "id": id, "area": area, "rating": rating }),
    )
    .await
}

pub async fn update_recommendations(
    id: RecordId,
    text: String,
) -> Result<SchoolAssessment, CommandError> {
    call("update_recommendations", json!({ "id": id, "text": text })).await
}

pub async fn complete_school_assessment(id: RecordId) -> Result<SchoolAssessment, CommandError> {
    call("complete_school_assessment", json!({ "id": id })).await
}

/// Sends a site plan image as raw bytes, naming the assessment in a header.
pub async fn set_site_plan(id: RecordId, bytes: &[u8]) -> Result<SchoolAssessment, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let options = json!({ "headers": { "assessment-id": id } })
        .serialize(&serializer)
        .map_err(|_| unreachable_app())?;
    read(
        invoke_with_options(
            "set_site_plan",
            js_sys::Uint8Array::from(bytes).into(),
            options,
        )
        .await,
    )
}

/// A stored image as a URL the page can show; it lives as long as the page.
pub async fn stored_image_url(sha256: &str, media_type: &str) -> Result<String, CommandError> {
    let bytes = invoke("stored_image", {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        json!({ "sha256": sha256 })
            .serialize(&serializer)
            .map_err(|_| unreachable_app())?
    })
    .await
    .map_err(|error| serde_wasm_bindgen::from_value(error).unwrap_or_else(|_| unreachable_app()))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::new(&bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| unreachable_app())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| unreachable_app())
}

pub async fn assigned_to(owner: &str) -> Result<Vec<AssignedComponent>, CommandError> {
    call("assigned_to", json!({ "owner": owner })).await
}

pub async fn practitioner_name() -> Result<String, CommandError> {
    call("practitioner_name", json!({})).await
}

pub async fn set_practitioner_name(name: &str) -> Result<String, CommandError> {
    call("set_practitioner_name", json!({ "name": name })).await
}

pub async fn sync_status() -> Result<SyncStatus, CommandError> {
    call("sync_status", json!({})).await
}

pub async fn enroll_device(server: &str, code: &str) -> Result<(), CommandError> {
    call("enroll_device", json!({ "server": server, "code": code })).await
}

/// Answers whether this device's records may go to a new enrolment's workspace; returns the
/// address it now syncs with.
pub async fn settle_enrolment(send_records: bool) -> Result<Option<String>, CommandError> {
    call("settle_enrolment", json!({ "sendRecords": send_records })).await
}

pub async fn sync_now() -> Result<(), CommandError> {
    call("sync_now", json!({})).await
}
