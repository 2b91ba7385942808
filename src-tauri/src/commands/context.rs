//! Contexts.

use tauri::State;
use waymark_core::command::{
    ContextsNamed, CreateContext, FindContexts, GetContext, GetTimeline, UpdateContext,
};
use waymark_core::timeline::Timeline;
use waymark_core::{CommandError, Context, ContextGroup, ContextSummary};

use crate::state::Shell;

#[tauri::command(async)]
pub fn create_context(
    shell: State<'_, Shell>,
    request: CreateContext,
) -> Result<Context, CommandError> {
    shell
        .store
        .with(|store| store.create_context(request.draft))
}

#[tauri::command(async)]
pub fn update_context(
    shell: State<'_, Shell>,
    request: UpdateContext,
) -> Result<Context, CommandError> {
    shell
        .store
        .with(|store| store.update_context(request.id, request.edit))
}

#[tauri::command(async)]
pub fn get_context(shell: State<'_, Shell>, request: GetContext) -> Result<Context, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_context(request.id))
}

#[tauri::command(async)]
pub fn contexts_named(
    shell: State<'_, Shell>,
    request: ContextsNamed,
) -> Result<Vec<ContextSummary>, CommandError> {
    shell.store.with(|store| store.contexts_named(&request.ids))
}

#[tauri::command(async)]
pub fn find_contexts(
    shell: State<'_, Shell>,
    request: FindContexts,
) -> Result<Vec<ContextGroup>, CommandError> {
    shell
        .store
        .with(|store| store.find_contexts(&request.search))
}

#[tauri::command(async)]
pub fn context_timeline(
    shell: State<'_, Shell>,
    request: GetTimeline,
) -> Result<Timeline, CommandError> {
    shell.store.viewing(request.context_id, |store| {
        store.timeline(request.context_id)
    })
}
