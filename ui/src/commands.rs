//! Typed calls to the shell's commands.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;
use waymark_core::walkabout::WalkaboutPlan;
use waymark_core::{
    CheckIn, CheckOut, CommandError, Context, ContextDraft, ContextEdit, ContextSummary,
    EscalationCard, HistoryEntry, ObservationDraft, RecordId, RoutePoint, Walkabout,
    WalkaboutSummary, WriteUpSection,
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
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

pub async fn walkabout_history(id: RecordId) -> Result<Vec<HistoryEntry>, CommandError> {
    call("walkabout_history", json!({ "id": id })).await
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
