//! System reviews: a local area's rating of its own system.

use tauri::State;
use waymark_core::command::{
    ConfirmNotAChildsNameInSystemReview, CreateSystemReview, GetSystemReview, ListSystemReviews,
    UpdateSystemReview,
};
use waymark_core::system_review::{SystemReviewSummary, SystemReviewView};
use waymark_core::CommandError;

use crate::state::Shell;

#[tauri::command(async)]
pub fn list_system_reviews(
    shell: State<'_, Shell>,
    _request: ListSystemReviews,
) -> Result<Vec<SystemReviewSummary>, CommandError> {
    shell.store.with(|store| store.list_system_reviews())
}

#[tauri::command(async)]
pub fn create_system_review(
    shell: State<'_, Shell>,
    request: CreateSystemReview,
) -> Result<SystemReviewView, CommandError> {
    shell.store.with(|store| {
        let id = store.create_system_review(request.draft)?.id;
        store.system_review_seen_by(id, None)
    })
}

#[tauri::command(async)]
pub fn get_system_review(
    shell: State<'_, Shell>,
    request: GetSystemReview,
) -> Result<SystemReviewView, CommandError> {
    shell.store.viewing(request.id, |store| {
        store.system_review_seen_by(request.id, request.seen_as)
    })
}

#[tauri::command(async)]
pub fn update_system_review(
    shell: State<'_, Shell>,
    request: UpdateSystemReview,
) -> Result<SystemReviewView, CommandError> {
    shell.store.with(|store| {
        store.update_system_review(request.id, request.edit)?;
        store.system_review_seen_by(request.id, request.seen_as)
    })
}

#[tauri::command(async)]
pub fn confirm_not_a_childs_name_in_system_review(
    shell: State<'_, Shell>,
    request: ConfirmNotAChildsNameInSystemReview,
) -> Result<SystemReviewView, CommandError> {
    shell.store.with(|store| {
        store.confirm_not_a_childs_name_in_system_review(request.id, &request.word)?;
        store.system_review_seen_by(request.id, request.seen_as)
    })
}
