//! Referrals and their screening.

use tauri::State;
use waymark_core::command::{CreateReferral, GetReferral, GetReferralQuestions, ScreenReferral};
use waymark_core::referral::Referral;
use waymark_core::referral_questions::ReferralQuestions;
use waymark_core::CommandError;

use crate::state::Shell;

#[tauri::command(async)]
pub fn create_referral(
    shell: State<'_, Shell>,
    request: CreateReferral,
) -> Result<Referral, CommandError> {
    shell
        .store
        .with(|store| store.create_referral(request.draft))
}

#[tauri::command(async)]
pub fn get_referral(
    shell: State<'_, Shell>,
    request: GetReferral,
) -> Result<Referral, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_referral(request.id))
}

#[tauri::command(async)]
pub fn screen_referral(
    shell: State<'_, Shell>,
    request: ScreenReferral,
) -> Result<Referral, CommandError> {
    shell
        .store
        .with(|store| store.screen_referral(request.id, request.screening))
}

/// The questions the referral form asks, from the workspace's settings as last synced.
#[tauri::command(async)]
pub fn referral_questions(
    shell: State<'_, Shell>,
    _request: GetReferralQuestions,
) -> Result<ReferralQuestions, CommandError> {
    shell
        .store
        .with(|store| Ok(store.workspace_settings()?.referral_questions()))
}
