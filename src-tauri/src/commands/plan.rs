//! Plans: goals, partner actions and their status, agreement and reviews.

use tauri::State;
use waymark_core::command::{
    AgreePlan, ConfirmNotAChildsNameInPlan, GetPlan, ReviewPlan, SetActionStatus, UpdatePlan,
};
use waymark_core::plan::Plan;
use waymark_core::Clock;
use waymark_core::CommandError;

use crate::state::Shell;
use crate::sync::SystemClock;

#[tauri::command(async)]
pub fn get_plan(shell: State<'_, Shell>, request: GetPlan) -> Result<Plan, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_plan(request.id))
}

#[tauri::command(async)]
pub fn update_plan(shell: State<'_, Shell>, request: UpdatePlan) -> Result<Plan, CommandError> {
    shell
        .store
        .with(|store| store.update_plan(request.id, request.edit))
}

#[tauri::command(async)]
pub fn set_action_status(
    shell: State<'_, Shell>,
    request: SetActionStatus,
) -> Result<Plan, CommandError> {
    shell
        .store
        .with(|store| store.set_action_status(request.id, request.action, request.change))
}

#[tauri::command(async)]
pub fn agree_plan(shell: State<'_, Shell>, request: AgreePlan) -> Result<Plan, CommandError> {
    shell.store.with(|store| store.agree_plan(request.id))
}

#[tauri::command(async)]
pub fn review_plan(shell: State<'_, Shell>, request: ReviewPlan) -> Result<Plan, CommandError> {
    shell
        .store
        .with(|store| store.review_plan(request.id, request.review))
}

/// A word the name check flagged is not a child's name (P3): kept in the plan, and audited at
/// the next sync.
#[tauri::command(async)]
pub fn confirm_not_a_childs_name_in_plan(
    shell: State<'_, Shell>,
    request: ConfirmNotAChildsNameInPlan,
) -> Result<Plan, CommandError> {
    let now = SystemClock.now();
    shell
        .store
        .with(|store| store.confirm_not_a_childs_name_in_plan(request.id, &request.word, now))
}
