//! The parts of the interface whose code the webview fetches the first time they are shown:
//! every page but the home page, and the home page's panels that wait on their own records
//! anyway. The module the app starts with holds only the lock screen, the home page's list of
//! contexts and what they share, so the app opens sooner on a phone (the Leptos book's code
//! splitting).
//!
//! Each `#[lazy]` function below is one split point: `cargo xtask` cuts its code, and whatever
//! only it calls, into a module of its own with wasm-split. Its first call fetches that module
//! from the app's own files, so this works offline; later calls draw at once.

use leptos::prelude::*;
use waymark_core::RecordId;

use crate::pages::agency_actions::AgencyActions;
use crate::pages::erasure::{ErasureNotices, RetentionPage};
use crate::pages::peer_group::LevelOneMaps;
use crate::pages::safety_alerts::SafetyAlerts;
use crate::pages::school::MyTasks;
use crate::pages::{
    AuditLogPage, ConferencePage, ContextPage, NewContextPage, NewLevelOneMapPage, NewReferralPage,
    PeerAssessmentPage, PeoplePage, PlanPage, PlanWalkaboutPage, ReferralPage, ReferralStart,
    SchoolAssessmentPage, SettingsPage, SystemReviewPage, SystemReviewsPage, WalkaboutPage,
    WorkspaceSettingsPage,
};

/// Draws what `part` draws once its code has arrived, and nothing until then: a module comes
/// from the device itself, so the wait is a moment, and the first time only.
pub fn when_fetched(part: impl std::future::Future<Output = AnyView> + Send + 'static) -> AnyView {
    Suspend::new(part).into_any()
}

#[lazy]
pub fn new_context_page() -> AnyView {
    view! { <NewContextPage/> }.into_any()
}

#[lazy]
pub fn context_page(id: RecordId) -> AnyView {
    view! { <ContextPage id/> }.into_any()
}

#[lazy]
pub fn plan_walkabout_page(context_id: RecordId) -> AnyView {
    view! { <PlanWalkaboutPage context_id/> }.into_any()
}

#[lazy]
pub fn walkabout_page(id: RecordId) -> AnyView {
    view! { <WalkaboutPage id/> }.into_any()
}

#[lazy]
pub fn settings_page() -> AnyView {
    view! { <SettingsPage/> }.into_any()
}

#[lazy]
pub fn new_level_one_map_page() -> AnyView {
    view! { <NewLevelOneMapPage/> }.into_any()
}

#[lazy]
pub fn peer_assessment_page(id: RecordId) -> AnyView {
    view! { <PeerAssessmentPage id/> }.into_any()
}

#[lazy]
pub fn school_assessment_page(id: RecordId) -> AnyView {
    view! { <SchoolAssessmentPage id/> }.into_any()
}

#[lazy]
pub fn audit_log_page(record: Option<RecordId>) -> AnyView {
    view! { <AuditLogPage record/> }.into_any()
}

#[lazy]
pub fn people_page() -> AnyView {
    view! { <PeoplePage/> }.into_any()
}

#[lazy]
pub fn workspace_settings_page() -> AnyView {
    view! { <WorkspaceSettingsPage/> }.into_any()
}

#[lazy]
pub fn retention_page() -> AnyView {
    view! { <RetentionPage/> }.into_any()
}

#[lazy]
pub fn new_referral_page(start: Option<ReferralStart>) -> AnyView {
    view! { <NewReferralPage start/> }.into_any()
}

#[lazy]
pub fn referral_page(id: RecordId) -> AnyView {
    view! { <ReferralPage id/> }.into_any()
}

#[lazy]
pub fn conference_page(id: RecordId) -> AnyView {
    view! { <ConferencePage id/> }.into_any()
}

#[lazy]
pub fn plan_page(id: RecordId) -> AnyView {
    view! { <PlanPage id/> }.into_any()
}

#[lazy]
pub fn system_reviews_page() -> AnyView {
    view! { <SystemReviewsPage/> }.into_any()
}

#[lazy]
pub fn system_review_page(id: RecordId) -> AnyView {
    view! { <SystemReviewPage id/> }.into_any()
}

#[lazy]
pub fn safety_alerts() -> AnyView {
    view! { <SafetyAlerts/> }.into_any()
}

#[lazy]
pub fn erasure_notices() -> AnyView {
    view! { <ErasureNotices/> }.into_any()
}

#[lazy]
pub fn agency_actions() -> AnyView {
    view! { <AgencyActions/> }.into_any()
}

#[lazy]
pub fn my_tasks() -> AnyView {
    view! { <MyTasks/> }.into_any()
}

#[lazy]
pub fn level_one_maps() -> AnyView {
    view! { <LevelOneMaps/> }.into_any()
}
