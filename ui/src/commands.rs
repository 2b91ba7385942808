//! Typed calls to the shell's commands.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use waymark_core::{CommandError, Context, ContextDraft, ContextEdit, ContextSummary, RecordId};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

async fn call<A: Serialize, T: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<T, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(|_| unreachable_app())?;
    match invoke(command, args).await {
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

#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct Draft<'a> {
    draft: &'a ContextDraft,
}

#[derive(Serialize)]
struct Id {
    id: RecordId,
}

#[derive(Serialize)]
struct Edit<'a> {
    id: RecordId,
    edit: &'a ContextEdit,
}

pub async fn list_contexts() -> Result<Vec<ContextSummary>, CommandError> {
    call("list_contexts", &NoArgs {}).await
}

pub async fn create_context(draft: &ContextDraft) -> Result<Context, CommandError> {
    call("create_context", &Draft { draft }).await
}

pub async fn get_context(id: RecordId) -> Result<Context, CommandError> {
    call("get_context", &Id { id }).await
}

pub async fn update_context(id: RecordId, edit: &ContextEdit) -> Result<Context, CommandError> {
    call("update_context", &Edit { id, edit }).await
}
