//! The commands the UI invokes and the shell answers, defined once for both.
//!
//! Each command is a request type (its arguments) with a name and the type of its answer. The UI
//! sends a request through [`Command::NAME`] and reads back a [`Command::Output`]; the shell
//! registers its handlers from [`for_each_command!`] and checks at compile time that each one
//! takes that request and answers that output. A command renamed or retyped here therefore fails
//! to compile in the shell, instead of failing when a practitioner taps a button.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::access::{
    DeviceRevocation, IssuedCode, MemberChange, SharingDecisionDraft, WorkspaceDevice,
};
use crate::audit::{AuditEntry, AuditFilter};
use crate::conference::{Conference, ConferenceDraft, ConferenceEdit};
use crate::directory::{Audience, Directory};
use crate::erasure::{
    EditNotKept, Erasure, ErasureNotice, ErasureRequest, RetentionDue, RetentionExtension,
};
use crate::export::{ExportFormat, ExportedFile, ReviewExportFormat};
use crate::fields::{FieldConflict, FieldPlace};
use crate::language::LanguageChoice;
use crate::offline_map::{OfflineMap, TileId};
use crate::outcome::{MeasureDraft, MeasurementDraft, OutcomeMonitoring};
use crate::passcode::LockState;
use crate::peer_group::{
    GroupPlace, Member, PeerAssessment, PeerAssessmentDraft, PeerAssessmentSummary, PeerSection,
    ProfessionalConsulted, Tie,
};
use crate::plan::{PartnerAction, PartnerActionUpdate, Plan, PlanEdit, ReviewDraft, StatusChange};
use crate::referral::{Referral, ReferralDraft, ScreeningDraft};
use crate::referral_questions::ReferralQuestions;
use crate::school::{
    AssignedComponent, Assignment, ComponentKind, Hotspot, RagArea, RagRating, SchoolAssessment,
    SchoolAssessmentDraft, SchoolObservation, SchoolRecommendation, SchoolVisit,
};
use crate::system_review::{
    SystemReviewDraft, SystemReviewEdit, SystemReviewSummary, SystemReviewView,
};
use crate::timeline::Timeline;
use crate::vocabulary::ConcernType;
use crate::walkabout::{SafetyAlert, WalkaboutPlan};
use crate::workspace_settings::WorkspaceSetting;
use crate::{
    CheckIn, CheckOut, Context, ContextDraft, ContextEdit, ContextGroup, ContextSearch,
    ContextSummary, EscalationCard, HistoryEntry, ObservationDraft, RecordId, RoutePoint,
    SyncStatus, WalkInProgress, Walkabout, WalkaboutSummary, WriteUpSection,
};

/// The name of the one argument every JSON command takes: the UI sends `{ "request": … }`.
pub const REQUEST_ARGUMENT: &str = "request";

/// A command whose request and answer travel as JSON.
pub trait Command: Serialize + DeserializeOwned {
    /// The name the shell registers it under.
    const NAME: &'static str;
    /// What it answers when it succeeds.
    type Output: Serialize + DeserializeOwned;
}

/// A command whose request body or answer is raw bytes (a photo, a site plan, a stored image).
pub trait RawCommand {
    const NAME: &'static str;
}

/// Calls `$then!` with every command: the shell module that answers it, its name, its request
/// type, and its answer. `json` commands answer at once on a worker thread, `json_async` ones
/// are `async fn`s, and `raw` ones carry bytes.
#[macro_export]
macro_rules! for_each_command {
    ($then:ident) => {
        $then! {
            json {
                device::lock_state(GetLockState) -> LockState;
                device::set_passcode(SetPasscode) -> LockState;
                device::unlock(Unlock) -> LockState;
                device::lock(LockNow) -> LockState;
                device::change_passcode(ChangePasscode) -> LockState;
                device::set_idle_lock(SetIdleLock) -> LockState;
                device::reset_device(ResetDevice) -> LockState;
                context::contexts_named(ContextsNamed) -> Vec<ContextSummary>;
                context::find_contexts(FindContexts) -> Vec<ContextGroup>;
                context::create_context(CreateContext) -> Context;
                context::get_context(GetContext) -> Context;
                context::update_context(UpdateContext) -> Context;
                context::context_timeline(GetTimeline) -> Timeline;
                outcome::outcome_monitoring(GetOutcomeMonitoring) -> OutcomeMonitoring;
                outcome::add_measure(AddMeasure) -> OutcomeMonitoring;
                outcome::record_measurement(RecordMeasurement) -> OutcomeMonitoring;
                export::export_context(ExportContext) -> ExportedFile;
                export::export_system_review(ExportSystemReview) -> ExportedFile;
                system_review::list_system_reviews(ListSystemReviews) -> Vec<SystemReviewSummary>;
                system_review::create_system_review(CreateSystemReview) -> SystemReviewView;
                system_review::get_system_review(GetSystemReview) -> SystemReviewView;
                system_review::update_system_review(UpdateSystemReview) -> SystemReviewView;
                system_review::confirm_not_a_childs_name_in_system_review(ConfirmNotAChildsNameInSystemReview) -> SystemReviewView;
                referral::create_referral(CreateReferral) -> Referral;
                referral::get_referral(GetReferral) -> Referral;
                referral::screen_referral(ScreenReferral) -> Referral;
                referral::referral_questions(GetReferralQuestions) -> ReferralQuestions;
                conference::create_conference(CreateConference) -> Conference;
                conference::get_conference(GetConference) -> Conference;
                conference::update_conference(UpdateConference) -> Conference;
                conference::complete_conference(CompleteConference) -> Conference;
                conference::confirm_not_a_childs_name_in_conference(ConfirmNotAChildsNameInConference) -> Conference;
                plan::get_plan(GetPlan) -> Plan;
                plan::update_plan(UpdatePlan) -> Plan;
                plan::set_action_status(SetActionStatus) -> Plan;
                plan::agree_plan(AgreePlan) -> Plan;
                plan::review_plan(ReviewPlan) -> Plan;
                plan::confirm_not_a_childs_name_in_plan(ConfirmNotAChildsNameInPlan) -> Plan;
                record::record_history(RecordHistory) -> Vec<HistoryEntry>;
                record::field_conflicts(GetFieldConflicts) -> Vec<FieldConflict>;
                record::choose_field_value(ChooseFieldValue) -> ();
                record::who_can_see(WhoCanSee) -> Audience;
                record::erasure_notices(GetErasureNotices) -> Vec<ErasureNotice>;
                record::dismiss_erasure_notice(DismissErasureNotice) -> ();
                record::edits_not_kept(GetEditsNotKept) -> Vec<EditNotKept>;
                record::dismiss_edit_not_kept(DismissEditNotKept) -> ();
                walkabout::create_walkabout(CreateWalkabout) -> Walkabout;
                walkabout::get_walkabout(GetWalkabout) -> Walkabout;
                walkabout::list_walkabouts(ListWalkabouts) -> Vec<WalkaboutSummary>;
                walkabout::walks_in_progress(ListWalksInProgress) -> Vec<WalkInProgress>;
                walkabout::raise_overdue_alarm(RaiseOverdueAlarm) -> bool;
                walkabout::safety_alerts(ListSafetyAlerts) -> Vec<SafetyAlert>;
                walkabout::acknowledge_alert(AcknowledgeAlert) -> Walkabout;
                walkabout::check_in(CheckInTo) -> Walkabout;
                walkabout::add_observation(AddObservation) -> Walkabout;
                walkabout::update_observation(UpdateObservation) -> Walkabout;
                walkabout::cancel_walkabout(CancelWalkabout) -> Walkabout;
                walkabout::remove_observation(RemoveObservation) -> Walkabout;
                walkabout::check_out(CheckOutOf) -> Walkabout;
                walkabout::confirm_not_a_childs_name(ConfirmNotAChildsName) -> Walkabout;
                walkabout::update_write_up(UpdateWriteUp) -> Walkabout;
                walkabout::complete_walkabout(CompleteWalkabout) -> Walkabout;
                walkabout::walkabout_route(WalkaboutRoute) -> Vec<RoutePoint>;
                walkabout::record_location(RecordLocation) -> Option<RoutePoint>;
                walkabout::pause_route(PauseRoute) -> Walkabout;
                walkabout::resume_route(ResumeRoute) -> Walkabout;
                settings::escalation_card(GetEscalationCard) -> EscalationCard;
                settings::set_escalation_card(SetEscalationCard) -> EscalationCard;
                settings::practitioner_name(GetPractitionerName) -> String;
                settings::workspace_directory(GetWorkspaceDirectory) -> Option<Directory>;
                settings::set_practitioner_name(SetPractitionerName) -> String;
                settings::language(GetLanguage) -> LanguageChoice;
                settings::set_language(SetLanguage) -> LanguageChoice;
                offline_map::offline_map(GetOfflineMap) -> Option<OfflineMap>;
                offline_map::remove_offline_map(RemoveOfflineMap) -> ();
                peer_group::create_peer_assessment(CreatePeerAssessment) -> PeerAssessment;
                peer_group::get_peer_assessment(GetPeerAssessment) -> PeerAssessment;
                peer_group::list_peer_assessments(ListPeerAssessments) -> Vec<PeerAssessmentSummary>;
                peer_group::list_level_one_maps(ListLevelOneMaps) -> Vec<PeerAssessmentSummary>;
                peer_group::add_member(AddMember) -> PeerAssessment;
                peer_group::add_tie(AddTie) -> PeerAssessment;
                peer_group::add_place(AddPlace) -> PeerAssessment;
                peer_group::update_peer_section(UpdatePeerSection) -> PeerAssessment;
                peer_group::remove_member(RemoveMember) -> PeerAssessment;
                peer_group::remove_tie(RemoveTie) -> PeerAssessment;
                peer_group::remove_place(RemovePlace) -> PeerAssessment;
                peer_group::link_place_to_context(LinkPlaceToContext) -> PeerAssessment;
                peer_group::link_group(LinkGroup) -> PeerAssessment;
                peer_group::unlink_group(UnlinkGroup) -> PeerAssessment;
                peer_group::add_professional_consulted(AddProfessionalConsulted) -> PeerAssessment;
                peer_group::remove_professional_consulted(RemoveProfessionalConsulted) -> PeerAssessment;
                peer_group::complete_peer_assessment(CompletePeerAssessment) -> PeerAssessment;
                school::create_school_assessment(CreateSchoolAssessment) -> SchoolAssessment;
                school::get_school_assessment(GetSchoolAssessment) -> SchoolAssessment;
                school::list_school_assessments(ListSchoolAssessments) -> Vec<SchoolAssessment>;
                school::assign_component(AssignComponent) -> SchoolAssessment;
                school::update_component_summary(UpdateComponentSummary) -> SchoolAssessment;
                school::add_hotspot(AddHotspot) -> SchoolAssessment;
                school::remove_hotspot(RemoveHotspot) -> SchoolAssessment;
                school::rate_area(RateArea) -> SchoolAssessment;
                school::propose_rating(ProposeRating) -> SchoolAssessment;
                school::update_recommendations(UpdateRecommendations) -> SchoolAssessment;
                school::set_school_scope(SetSchoolScope) -> SchoolAssessment;
                school::add_school_visit(AddSchoolVisit) -> SchoolAssessment;
                school::remove_school_visit(RemoveSchoolVisit) -> SchoolAssessment;
                school::add_agency_recommendation(AddAgencyRecommendation) -> SchoolAssessment;
                school::remove_agency_recommendation(RemoveAgencyRecommendation) -> SchoolAssessment;
                school::add_school_observation(AddSchoolObservation) -> SchoolAssessment;
                school::update_school_observation(UpdateSchoolObservation) -> SchoolAssessment;
                school::remove_school_observation(RemoveSchoolObservation) -> SchoolAssessment;
                school::complete_school_assessment(CompleteSchoolAssessment) -> SchoolAssessment;
                school::confirm_not_a_childs_name_in_school(ConfirmNotAChildsNameInSchool) -> SchoolAssessment;
                school::assigned_to(AssignedTo) -> Vec<AssignedComponent>;
                sync::sync_status(GetSyncStatus) -> SyncStatus;
                sync::settle_enrolment(SettleEnrolment) -> Option<String>;
                sync::sync_now(SyncNow) -> ();
            }
            json_async {
                sync::enroll_device(EnrollDevice) -> ();
                sync::read_audit_log(ReadAuditLog) -> Vec<AuditEntry>;
                sync::change_member(ChangeMember) -> Directory;
                sync::change_workspace_setting(ChangeWorkspaceSetting) -> Directory;
                sync::share_records(ShareRecords) -> Directory;
                sync::revoke_share(RevokeShare) -> Directory;
                sync::enrol_member_device(EnrolMemberDevice) -> IssuedCode;
                sync::workspace_devices(ListWorkspaceDevices) -> Vec<WorkspaceDevice>;
                sync::revoke_member_device(RevokeMemberDevice) -> Vec<WorkspaceDevice>;
                sync::erase_record(EraseRecord) -> Erasure;
                sync::erase_history(EraseHistory) -> u32;
                sync::retention_due(GetRetentionDue) -> Vec<RetentionDue>;
                sync::partner_actions(GetPartnerActions) -> Vec<PartnerAction>;
                sync::update_partner_action(UpdatePartnerAction) -> PartnerAction;
                sync::extend_retention(ExtendRetention) -> Vec<RetentionDue>;
            }
            raw {
                attachment::add_photo(AddPhoto);
                attachment::stored_image(StoredImage);
                school::set_site_plan(SetSitePlan);
                offline_map::add_offline_map_part(AddOfflineMapPart);
                offline_map::offline_map_tile(OfflineMapTile);
            }
        }
    };
}

macro_rules! define_names {
    (
        json { $($group:ident :: $name:ident ($request:ident) -> $output:ty;)* }
        json_async { $($async_group:ident :: $async_name:ident ($async_request:ident) -> $async_output:ty;)* }
        raw { $($raw_group:ident :: $raw_name:ident ($raw_request:ident);)* }
    ) => {
        $(impl Command for $request {
            const NAME: &'static str = stringify!($name);
            type Output = $output;
        })*
        $(impl Command for $async_request {
            const NAME: &'static str = stringify!($async_name);
            type Output = $async_output;
        })*
        $(impl RawCommand for $raw_request {
            const NAME: &'static str = stringify!($raw_name);
        })*

        /// The name of every command, as the shell registers them.
        pub const ALL_NAMES: &[&str] = &[
            $(stringify!($name),)* $(stringify!($async_name),)* $(stringify!($raw_name),)*
        ];
    };
}

for_each_command!(define_names);

macro_rules! request {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $name {}
    };
    ($(#[$doc:meta])* $name:ident { $($field:ident: $type:ty),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(pub $field: $type,)+
        }
    };
}

// The device's passcode and lock.
request!(/** Where the device's protection stands: first run, locked, unlocked or wiped. */ GetLockState);
request!(/** The first run's passcode, typed twice; records of an older version are encrypted. */ SetPasscode {
    passcode: String,
    confirmation: String
});
request!(/** Opens the records with the passcode. */ Unlock { passcode: String });
request!(/** Locks the app now; a walkabout in progress keeps recording its route. */ LockNow);
request!(ChangePasscode {
    current: String,
    passcode: String,
    confirmation: String
});
request!(/** Minutes of idleness before the app locks itself. */ SetIdleLock { minutes: u32 });
request!(/** Erases every record and key on the device, after the typed word ERASE. */ ResetDevice {
    confirmation: String
});

// Contexts.
request!(/** The contexts a record names, for showing their names: those on this device. */ ContextsNamed {
    ids: Vec<RecordId>
});
request!(/** The home page's list: a page of each status, found by name or area. */ FindContexts {
    search: ContextSearch
});
request!(CreateContext {
    draft: ContextDraft
});
request!(GetContext { id: RecordId });
request!(UpdateContext {
    id: RecordId,
    edit: ContextEdit
});

request!(/** Everything that happened to a context, in order, with its open tasks. */ GetTimeline {
    context_id: RecordId
});

// A context's journey: referral, screening, conference and plan.
request!(/** A referral through the front door, of a known context or a new one. */ CreateReferral {
    draft: ReferralDraft
});
request!(GetReferral { id: RecordId });
request!(/** A word the name check flagged in a conference is not a child's name (P3). */
    ConfirmNotAChildsNameInConference { id: RecordId, word: String });
request!(/** A word the name check flagged in a plan is not a child's name (P3). */
    ConfirmNotAChildsNameInPlan { id: RecordId, word: String });
request!(/** The referral form's questions as the workspace words and orders them. */ GetReferralQuestions);
request!(/** A manager's screening decision, which moves the context on. */ ScreenReferral {
    id: RecordId,
    screening: ScreeningDraft
});
request!(CreateConference {
    draft: ConferenceDraft
});
request!(GetConference { id: RecordId });
request!(UpdateConference {
    id: RecordId,
    edit: ConferenceEdit
});
request!(/** Completes a conference; a decision to plan makes the plan. */ CompleteConference {
    id: RecordId
});
request!(GetPlan { id: RecordId });
request!(UpdatePlan {
    id: RecordId,
    edit: PlanEdit
});
request!(/** An action's new status, with the owner's update note. */ SetActionStatus {
    id: RecordId,
    action: RecordId,
    change: StatusChange
});
request!(AgreePlan { id: RecordId });
request!(ReviewPlan {
    id: RecordId,
    review: ReviewDraft
});

// Any record.
request!(/** Who changed what in a record, and when. */ RecordHistory { id: RecordId });
request!(/** The fields of a record two people changed at once, with both values. */ GetFieldConflicts {
    id: RecordId
});
request!(/** Keeps one of the values a field changed at once holds. */ ChooseFieldValue {
    id: RecordId,
    place: FieldPlace,
    value: String,
});
request!(/** Who can see a record, as the server last said. */ WhoCanSee { id: RecordId });
request!(/** The records erased while this device held them, not yet put away. */ GetErasureNotices);
request!(/** The practitioner has read an erasure notice. */ DismissErasureNotice {
    record: RecordId
});
request!(/** Edits that could not be carried onto a record's new epoch, to redo. */ GetEditsNotKept);
request!(/** The practitioner has redone an edit not kept, or chosen not to. */ DismissEditNotKept {
    id: i64
});

// Walkabouts.
request!(CreateWalkabout {
    plan: WalkaboutPlan
});
request!(GetWalkabout { id: RecordId });
request!(/** A flagged word is not a child's name (P3), confirmed and audited. */
    ConfirmNotAChildsName { id: RecordId, word: String });
request!(ListWalkabouts {
    context_id: RecordId
});
request!(CheckInTo {
    id: RecordId,
    check_in: CheckIn
});
request!(AddObservation {
    id: RecordId,
    draft: ObservationDraft
});
request!(/** Corrects an observation after capture; the history keeps what it said. */ UpdateObservation {
    id: RecordId,
    observation: RecordId,
    draft: ObservationDraft,
});
request!(/** Takes an observation out of the list, with the reason. */ RemoveObservation {
    id: RecordId,
    observation: RecordId,
    reason: String,
});
request!(/** Cancels a planned walkabout, with the reason. */ CancelWalkabout {
    id: RecordId,
    reason: String,
});
request!(/** Turns route recording off until it is resumed. */ PauseRoute { id: RecordId });
request!(/** Turns route recording back on. */ ResumeRoute { id: RecordId });
request!(CheckOutOf {
    id: RecordId,
    check_out: CheckOut
});
request!(UpdateWriteUp {
    id: RecordId,
    section: WriteUpSection,
    text: String
});
request!(CompleteWalkabout { id: RecordId });
request!(WalkaboutRoute { id: RecordId });
request!(/** The walkabouts being walked now, for the overdue warning every screen shows. */ ListWalksInProgress);
request!(/** Urgent concerns and unsafe check-outs no manager has acknowledged, for a manager. */ ListSafetyAlerts);
request!(/** A manager acknowledges one safety alert of a walkabout. */ AcknowledgeAlert {
    id: RecordId,
    key: String,
});
request!(/** A walk past its grace: raises the system notification; answers whether it showed. */ RaiseOverdueAlarm {
    id: RecordId
});
request!(
    /// Reads the device's location and, when there is a fix, adds it to the walkabout's route.
    RecordLocation { id: RecordId }
);

// Settings.
request!(GetEscalationCard);
request!(SetEscalationCard {
    card: EscalationCard
});
request!(GetPractitionerName);
request!(/** The workspace's people as the server last described them. */ GetWorkspaceDirectory);
request!(SetPractitionerName { name: String });
request!(/** The language chosen on this device, and the system's; readable while locked. */ GetLanguage);
request!(/** The map of the area loaded on this device, if there is one. */ GetOfflineMap);
request!(/** Removes the loaded map; the sketch map goes back to a plain ground. */ RemoveOfflineMap);
request!(/** Shows the interface in a language (`cy-GB`), or in the system's (`None`). */ SetLanguage {
    tag: Option<String>
});

// Peer-group assessments.
request!(CreatePeerAssessment {
    draft: PeerAssessmentDraft
});
request!(GetPeerAssessment { id: RecordId });
request!(ListPeerAssessments {
    group_context_id: RecordId
});
request!(ListLevelOneMaps);
request!(AddMember {
    id: RecordId,
    member: Member
});
request!(AddTie {
    id: RecordId,
    tie: Tie
});
request!(AddPlace {
    id: RecordId,
    place: GroupPlace
});
request!(/** Takes someone off the map with their ties; the history keeps them. */ RemoveMember {
    id: RecordId,
    member: RecordId
});
request!(RemoveTie {
    id: RecordId,
    tie: RecordId
});
request!(RemovePlace {
    id: RecordId,
    place: RecordId
});
request!(/** Links a place on the map to its context, or unlinks it with none. */ LinkPlaceToContext {
    id: RecordId,
    place: RecordId,
    context: Option<RecordId>
});
request!(/** Level 2: another peer group this group is linked to. */ LinkGroup {
    id: RecordId,
    group: RecordId
});
request!(UnlinkGroup {
    id: RecordId,
    group: RecordId
});
request!(AddProfessionalConsulted {
    id: RecordId,
    professional: ProfessionalConsulted
});
request!(RemoveProfessionalConsulted {
    id: RecordId,
    professional: RecordId
});
request!(CompletePeerAssessment { id: RecordId });
request!(UpdatePeerSection {
    id: RecordId,
    section: PeerSection,
    text: String
});

// School assessments.
request!(CreateSchoolAssessment {
    draft: SchoolAssessmentDraft
});
request!(GetSchoolAssessment { id: RecordId });
request!(ListSchoolAssessments {
    school_context_id: RecordId
});
request!(AssignComponent {
    id: RecordId,
    kind: ComponentKind,
    assignment: Assignment
});
request!(UpdateComponentSummary {
    id: RecordId,
    kind: ComponentKind,
    text: String
});
request!(AddHotspot {
    id: RecordId,
    hotspot: Hotspot
});
request!(/** Takes a hotspot off the site plan; the history keeps it. */ RemoveHotspot {
    id: RecordId,
    hotspot: RecordId
});
request!(RateArea {
    id: RecordId,
    area: RagArea,
    rating: RagRating
});
request!(/** A rater's own proposed rating of one area, kept under their name. */ ProposeRating {
    id: RecordId,
    area: RagArea,
    rating: RagRating
});
request!(UpdateRecommendations {
    id: RecordId,
    text: String
});
request!(/** The concerns the assessment looks at, changed since it was agreed. */ SetSchoolScope {
    id: RecordId,
    scope: Vec<ConcernType>
});
request!(AddSchoolVisit {
    id: RecordId,
    visit: SchoolVisit
});
request!(RemoveSchoolVisit {
    id: RecordId,
    visit: RecordId
});
request!(/** A recommendation addressed to the agency that is to act on it. */ AddAgencyRecommendation {
    id: RecordId,
    recommendation: SchoolRecommendation
});
request!(RemoveAgencyRecommendation {
    id: RecordId,
    recommendation: RecordId
});
request!(/** An observation at a set time of the school day. */ AddSchoolObservation {
    id: RecordId,
    observation: SchoolObservation
});
request!(UpdateSchoolObservation {
    id: RecordId,
    observation_id: RecordId,
    observation: SchoolObservation
});
request!(/** Takes an observation out of the list, with why; the history keeps it. */ RemoveSchoolObservation {
    id: RecordId,
    observation_id: RecordId,
    reason: String
});
request!(/** Saves an export of a context, and records it in the audit log; a PDF names the
    sharing decision it is shared under (P15). */ ExportContext {
    context_id: RecordId,
    format: ExportFormat,
    sharing_decision: Option<i64>
});
request!(/** Saves an export of a system review, and records it in the audit log. */
    ExportSystemReview {
    id: RecordId,
    format: ReviewExportFormat,
    sharing_decision: Option<i64>
});
request!(/** Every system review on the device, the latest first. */ ListSystemReviews);
request!(/** Opens a system review. */ CreateSystemReview { draft: SystemReviewDraft });
request!(/** A system review as someone rating as `seen_as` may see it: before moderation, their
    own ratings only. */ GetSystemReview {
    id: RecordId,
    seen_as: Option<RecordId>
});
request!(/** One change to a system review; the answer is seen as `seen_as`. */
    UpdateSystemReview {
    id: RecordId,
    seen_as: Option<RecordId>,
    edit: SystemReviewEdit
});
request!(/** A word flagged in a system review is not a child's name (P3). */
    ConfirmNotAChildsNameInSystemReview {
    id: RecordId,
    seen_as: Option<RecordId>,
    word: String
});
request!(/** A context's measures with their points, and the plan's actions done. */
    GetOutcomeMonitoring { context_id: RecordId });
request!(/** Chooses a measure for a context. */ AddMeasure {
    context_id: RecordId,
    measure: MeasureDraft
});
request!(/** A figure for one period of a measure. */ RecordMeasurement {
    context_id: RecordId,
    measure_id: RecordId,
    figure: MeasurementDraft
});
request!(CompleteSchoolAssessment { id: RecordId });
request!(/** A word flagged in a school assessment is not a child's name (P3), confirmed and audited. */
    ConfirmNotAChildsNameInSchool { id: RecordId, word: String });
request!(/** The components assigned to a colleague, across schools. */ AssignedTo { owner: String });

// Sync.
request!(GetSyncStatus);
request!(
    /// Enrols this device with a sync server by a one-time code.
    EnrollDevice { server: String, code: String }
);
request!(
    /// Whether this device's records may go to the workspace of a new enrolment.
    SettleEnrolment { send_records: bool }
);
request!(/** Syncs at once instead of waiting. */ SyncNow);
request!(/** A manager reads the workspace's audit log from the server. */ ReadAuditLog {
    filter: AuditFilter
});
request!(/** A manager adds someone to the workspace or changes their role. */ ChangeMember {
    change: MemberChange
});
request!(/** A manager changes one of the workspace's settings. */ ChangeWorkspaceSetting {
    setting: WorkspaceSetting
});
request!(/** A manager shares records with a partner agency, to read. */ ShareRecords {
    decision: SharingDecisionDraft
});
request!(/** A manager revokes a sharing decision: its readers lose the records at their next sync. */ RevokeShare {
    decision: i64
});
request!(/** A manager asks the server for a new device's one-time enrolment code. */ EnrolMemberDevice {
    user: String
});
request!(/** A manager lists the devices of the workspace. */ ListWorkspaceDevices);
request!(/** A manager cuts off a device of the workspace, or has a lost one erased. */ RevokeMemberDevice {
    revocation: DeviceRevocation
});
request!(/** A manager erases a record everywhere, with a reason (P13). */ EraseRecord {
    request: ErasureRequest
});
request!(/** A manager erases the past text of a record from its history, with a reason. */ EraseHistory {
    request: ErasureRequest
});
request!(/** A manager lists the records due for erasure in the next 30 days (P12). */ GetRetentionDue);
request!(/** A partner reader lists the actions their agency owns, from the server. */ GetPartnerActions);
request!(/** A partner reader updates one of their agency's actions, on the server. */
    UpdatePartnerAction { update: PartnerActionUpdate });
request!(/** A manager keeps one record longer than its retention period, with a reason. */ ExtendRetention {
    extension: RetentionExtension
});

// Raw bytes.
/// A photo, sent as the raw body of the request; answers the SHA-256 that names it. A large
/// photo is sent in parts of [`AddPhoto::PART_BYTES`], each naming its upload in
/// [`AddPhoto::UPLOAD_HEADER`]: every part is a short pause for the app's main thread, where one
/// 20 MB body would hold up the practitioner's typing. Parts before the last answer "".
#[derive(Debug, Clone, Copy)]
pub struct AddPhoto;

impl AddPhoto {
    /// The header naming the upload a part belongs to: letters and digits the page chose.
    pub const UPLOAD_HEADER: &'static str = "photo-upload";
    /// The header on the last part: `true`.
    pub const LAST_PART_HEADER: &'static str = "photo-last-part";
    /// The size of every part but the last.
    pub const PART_BYTES: usize = 256 * 1024;
}
/// A stored image by its SHA-256, answered as raw bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredImage {
    pub sha256: String,
}
/// A school's site plan, sent as the raw body; the assessment is named in a header.
#[derive(Debug, Clone, Copy)]
pub struct SetSitePlan;

impl SetSitePlan {
    /// The header that names the assessment a site plan belongs to.
    pub const ASSESSMENT_HEADER: &'static str = "assessment-id";
}

/// A map file (MBTiles), sent as raw bodies in parts of [`AddPhoto::PART_BYTES`] that the shell
/// writes to a file as they come: a map may be far larger than memory should hold. The last part
/// checks the file and puts it in place of any map before; it answers the map, the others `null`.
#[derive(Debug, Clone, Copy)]
pub struct AddOfflineMapPart;

impl AddOfflineMapPart {
    /// The header naming the upload a part belongs to: letters and digits the page chose.
    pub const UPLOAD_HEADER: &'static str = "map-upload";
    /// The header on the first part, `true`: it starts the file afresh.
    pub const FIRST_PART_HEADER: &'static str = "map-first-part";
    /// The header on the last part, `true`.
    pub const LAST_PART_HEADER: &'static str = "map-last-part";
}

/// One tile of the loaded map, answered as the image's raw bytes; empty where the map has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineMapTile {
    pub tile: TileId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_its_own_name() {
        let mut names = ALL_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL_NAMES.len());
        assert_eq!(ALL_NAMES.len(), 136);
    }

    #[test]
    fn names_are_the_ones_the_shell_has_always_answered() {
        assert_eq!(UpdateContext::NAME, "update_context");
        assert_eq!(CheckInTo::NAME, "check_in");
        assert_eq!(EnrollDevice::NAME, "enroll_device");
        assert_eq!(AddPhoto::NAME, "add_photo");
    }

    #[test]
    fn a_request_with_no_arguments_is_an_empty_object() {
        assert_eq!(
            serde_json::to_string(&GetLockState {}).expect("serialises"),
            "{}"
        );
    }
}
