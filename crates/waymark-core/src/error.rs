use crate::context::{DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS};

/// Why a value was refused. Each variant has a stable [`code`](Self::code) that the UI and tests
/// key on, a [`field`](Self::field) the message belongs beside, and a message written for a
/// practitioner rather than a programmer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    #[error("Give the context a name, such as the place name or a neutral label.")]
    NameRequired,
    #[error("Keep the name to {NAME_MAX_CHARS} characters or fewer.")]
    NameTooLong,
    #[error("Choose a context type from the list.")]
    UnknownContextType,
    #[error("Keep the description to {DESCRIPTION_MAX_CHARS} characters or fewer.")]
    DescriptionTooLong,
    #[error("Latitude must be a number between -90 and 90.")]
    LatitudeOutOfRange,
    #[error("Longitude must be a number between -180 and 180.")]
    LongitudeOutOfRange,
    #[error("0, 0 is what a device reports when it has no location fix. Drop a pin or type the coordinates of the place.")]
    LocationNoFix,
    #[error("Enter both latitude and longitude, or leave both empty.")]
    LocationIncomplete,
    #[error("This link points to a record that does not exist.")]
    InvalidRecordId,
    #[error("Keep this to {max} characters or fewer.")]
    TooLong { field: &'static str, max: usize },

    // Vocabularies: only a value from the list is accepted.
    #[error("Choose an observation category from the list.")]
    UnknownObservationCategory,
    #[error("Choose a kind of concern from the list.")]
    UnknownConcernType,
    #[error("Choose a protective factor from the list.")]
    UnknownProtectiveFactor,
    #[error("Choose an age band from the list.")]
    UnknownAgeBand,
    #[error("Choose a role from the list.")]
    UnknownRoleLabel,
    #[error("Choose an agency from the list.")]
    UnknownAgency,
    #[error("Choose the weather, light and kind of day from the lists.")]
    UnknownCondition,
    #[error("Choose how you escalated from the list.")]
    UnknownEscalationMethod,
    #[error("Choose red, amber or green.")]
    UnknownRag,
    #[error("Give the date as year-month-day.")]
    InvalidDate,
    #[error("Say whether this is a strength, a concern or neutral.")]
    UnknownValence,
    #[error("Choose female, male, mixed or not known.")]
    UnknownGenderMix,
    #[error("Choose call, text message or in the app.")]
    UnknownCheckInMethod,

    // Planning a walkabout.
    #[error("Choose at least one context for the walkabout.")]
    NoContext,
    #[error("Say what the walkabout is for.")]
    PurposeRequired,
    #[error("The planned end must be after the planned start.")]
    PlannedEndBeforeStart,
    #[error("Walkabouts are done in pairs. Add a second team member, or record why this one is lone working.")]
    TeamTooSmall,
    #[error("Give each team member's name and agency.")]
    TeamMemberNameRequired,
    #[error("Give the name and phone number of the person at base you will check in with.")]
    SafetyContactRequired,
    #[error("The overdue grace must be between 0 and 240 minutes.")]
    GraceOutOfRange,

    // Walking: check-in, observations, check-out, completion.
    #[error("This walkabout has already started.")]
    AlreadyStarted,
    #[error("Check in with your safety contact before recording observations.")]
    NotCheckedIn,
    #[error("Only a walkabout in progress can be checked out.")]
    NotInProgress,
    #[error("That time is in the future. Check the time, and the device's clock.")]
    TimeInFuture,
    #[error("The expected finish must be after the check-in.")]
    ExpectedFinishBeforeCheckIn,
    #[error("An observation cannot be earlier than the check-in.")]
    ObservationBeforeCheckIn,
    #[error("Check-out cannot be earlier than check-in.")]
    CheckOutBeforeCheckIn,
    #[error("Say what happened: a check-out that is not all safe needs a note.")]
    UnsafeCheckOutNeedsNote,
    #[error("Count people from 0 to 500 in each group.")]
    CountOutOfRange,
    #[error("Choose at least one kind of concern.")]
    ConcernTypeRequired,
    #[error("The location accuracy must be a positive number of metres.")]
    AccuracyOutOfRange,
    #[error("Record who you told and how before saving an urgent concern.")]
    EscalationIncomplete,
    #[error("A case reference is the child's number in your case system, such as CS-10234: capital letters, digits and dashes, with at least one digit. Never a name.")]
    InvalidCaseRef,
    #[error("This case reference is not in your area's format ({pattern}). Check it against the case system.")]
    CaseRefNotInFormat { pattern: String },
    #[error("The case-reference format could not be read as a pattern: {reason}")]
    BadCaseRefPattern { reason: String },
    #[error(
        "Screening is a manager's decision: a manager of the workspace screens this referral."
    )]
    ScreeningIsForManagers,
    #[error("Acknowledging a safety alert is a manager's task: a manager of the workspace acknowledges it.")]
    AcknowledgingIsForManagers,
    #[error("Say why this observation is removed: the reason is kept in the walkabout's history.")]
    RemovalReasonRequired,
    #[error("Say why the walkabout is cancelled: the team and the safety contact will read it.")]
    CancelReasonRequired,
    #[error("Put your name in Settings first: each rater's proposal is kept under their name.")]
    RaterNameRequired,
    #[error("The referral questions were not loaded: line {line}: {reason}. The questions in force are unchanged.")]
    ReferralQuestionsRefused { line: usize, reason: String },
    #[error("Keep a retention period between 1 day and 100 years.")]
    RetentionOutOfRange,

    // The device's passcode.
    #[error("Use at least {min} characters for the passcode.", min = crate::passcode::MIN_PASSCODE_CHARS)]
    PasscodeTooShort,
    #[error("The two passcodes are different: type the same passcode twice.")]
    PasscodesDiffer,
    #[error("Type ERASE, in capitals, to reset this device.")]
    ResetNotConfirmed,
    #[error("Type WIPE, in capitals, to erase the device when it next connects.")]
    WipeNotConfirmed,
    #[error("Give the name for one and the name for several, such as \"Neighbourhood observation\" and \"Neighbourhood observations\"; or leave both empty.")]
    WalkaboutLabelIncomplete,
    #[error("Choose between 1 and {max} minutes before the app locks itself.", max = crate::passcode::MAX_IDLE_LOCK_MINUTES)]
    IdleLockOutOfRange,
    #[error("This may name a child: {names}. Edit the text, or confirm beside it that it is not a child's name, before completing.")]
    PossibleChildName { names: String },
    #[error("This record may name a child: {names}. Edit the text, or confirm beside it that it is not a child's name, before sharing it.")]
    PossibleChildNameInShare { names: String },
    #[error("Check out before completing the walkabout.")]
    NotCheckedOut,
    #[error("Write every section of the write-up before completing the walkabout.")]
    WriteUpIncomplete,
    #[error("A cancelled walkabout cannot be changed.")]
    Cancelled,
    #[error("Only a planned walkabout can be cancelled.")]
    CannotCancel,
    #[error("Route recording is paused and resumed only while the walkabout is being walked.")]
    RouteNotBeingRecorded,
    #[error("No observation with that id on this walkabout.")]
    UnknownObservation,

    // Peer-group and school assessments.
    #[error("Use initials such as A.B., or a case reference such as CS-10234. Never a full name: the map records who matters to a young person, not who they are.")]
    InvalidPersonRef,
    #[error("A Level 1 map belongs to one young person's case: give their case reference.")]
    SubjectCaseRefRequired,
    #[error("A Level 2 assessment is of a peer group: choose the group's context.")]
    GroupContextRequired,
    #[error("A tie must join two members of this map.")]
    UnknownMember,
    #[error("Place the hotspot on the site plan.")]
    HotspotOutsidePlan,
    #[error("Give the designated safeguarding lead's name and role.")]
    DslRequired,
    #[error("Give a reason for every rating: a RAG rating without a reason cannot be used.")]
    RagReasonRequired,
    #[error("Rate every area, with a reason, before completing the assessment.")]
    RagSummaryIncomplete,
    #[error("No item with that id in this assessment.")]
    UnknownItem,
    #[error("Say who went on the visit.")]
    VisitByRequired,
    #[error("Write the recommendation, and choose the agency it is for.")]
    RecommendationRequired,
    #[error("Give the professional's role, such as \"Safer Schools officer\".")]
    ProfessionalRoleRequired,
    #[error("Links are to another peer group: choose a context of the type \"Peer group\".")]
    NotAPeerGroup,
    #[error(
        "A Level 1 map stays with the young person's case team: it is never linked to a group."
    )]
    LevelOneMapNotLinked,
    #[error("Give a grid between 0 (exact) and 5000 metres.")]
    ExportPrecisionOutOfRange,
    #[error("Give a number of respondents between 1 and 100.")]
    SurveyThresholdOutOfRange,
    #[error("Say how many people answered the survey.")]
    SurveyRespondentsRequired,
    #[error("A share of respondents is between 0 and 100 per cent.")]
    MeasureNotAPercentage,
    #[error(
        "That sharing decision is not one this record is shared under. Choose one from the list."
    )]
    UnknownSharingDecision,
    // Outcome monitoring.
    #[error("Name the measure, such as \"Concerns seen per walkabout\".")]
    MeasureNameRequired,
    #[error("A measure cannot be below zero.")]
    MeasureValueNegative,
    #[error("This measure counts: give a whole number.")]
    MeasureNotWholeNumber,
    #[error("Answer yes or no.")]
    MeasureYesOrNo,
    #[error("This period has not ended yet: record the figure once it has.")]
    PeriodInFuture,
    #[error("The period must end on or after the day it starts.")]
    PeriodBackwards,
    #[error(
        "This measure is counted from the walkabouts' observations: there is nothing to type."
    )]
    MeasureCountedFromWalkabouts,
    // System reviews.
    #[error("Name the local area the review is of.")]
    ReviewAreaRequired,
    #[error("Name who facilitates the review.")]
    FacilitatorRequired,
    #[error("Give the rater's name, agency and role.")]
    RaterRequired,
    #[error("That is not one of the review's items.")]
    UnknownReviewItem,
    #[error("Choose red, amber or green.")]
    ReviewRatingRequired,
    #[error("Give the reason for the rating.")]
    ReviewReasonRequired,
    #[error("Add at least one rater before rating starts.")]
    ReviewNoRaters,
    #[error("Nobody has rated anything yet: there is nothing to agree.")]
    ReviewNothingRated,
    #[error("Agree a rating for every item before the review is final: {missing} still to agree.")]
    ReviewItemsNotAgreed { missing: usize },
    #[error("This review is final and can no longer be changed.")]
    ReviewFinal,
    #[error("That cannot be done while the review is at this stage ({stage}).")]
    ReviewWrongStage { stage: &'static str },
    #[error("That rater is not on this review.")]
    UnknownRater,
    #[error("Choose the time of the school day it was seen.")]
    TimeSlotRequired,
    #[error("Write the strengths, the concerns, the analysis and the recommendations before completing the assessment.")]
    PeerAssessmentIncomplete,

    // Photos.
    #[error("Only JPEG or PNG photos can be added.")]
    PhotoNotAnImage,
    #[error("That photo is over 20 MB. Choose a smaller one.")]
    PhotoTooLarge,
    #[error("That photo is not on this device. Add it again.")]
    UnknownPhoto,

    // Sharing decisions.
    #[error("Choose the legal basis for sharing from the list.")]
    UnknownLegalBasis,
    #[error("Choose at least one record to share.")]
    NothingShared,
    #[error("Say what the sharing is for.")]
    SharingPurposeRequired,
    #[error("Say why consent was not sought, or why it was overridden.")]
    ConsentReasonRequired,

    // Erasure and retention (P12, P13).
    #[error(
        "Say why this is being erased: the reason is kept in the audit log, what is erased is not."
    )]
    ErasureReasonRequired,
    #[error("Say why this record is being kept longer.")]
    RetentionReasonRequired,
    #[error("The reason may name a child: {names}. The reason is kept for good, so describe what was erased without repeating it.")]
    PossibleChildNameInReason { names: String },
    #[error("A record can be kept longer by 1 to 3,650 days at a time.")]
    RetentionExtensionOutOfRange,
    #[error("The share must end after it was decided.")]
    ShareExpiresBeforeDecided,

    // A context's journey: referral, screening, conference and plan.
    #[error("Choose a threshold level from the list.")]
    UnknownThresholdLevel,
    #[error("An outline needs at least three corners, one per line: latitude, longitude.")]
    OutlineTooFewCorners,
    #[error("Choose a status from the list.")]
    UnknownContextStatus,
    #[error("Choose how urgent the referral is.")]
    UnknownUrgency,
    #[error("Choose a screening decision from the list.")]
    UnknownScreeningDecision,
    #[error("Choose the assessments from the list.")]
    UnknownAssessmentKind,
    #[error("Choose how the conference is run from the list.")]
    UnknownConferenceFormat,
    #[error("Choose what the conference decided from the list.")]
    UnknownConferenceDecision,
    #[error("Choose the action's status from the list.")]
    UnknownActionStatus,
    #[error("Choose what the review decided from the list.")]
    UnknownReviewDecision,
    #[error("Say why the context is being closed.")]
    ClosingReasonRequired,
    #[error("Peer groups and online spaces are not walked: assess them another way.")]
    NotWalked,
    #[error("Say who made the referral: their role and agency.")]
    ReferrerRequired,
    #[error("Say what is known about the place or group.")]
    WhatIsKnownRequired,
    #[error("A child may be at immediate risk: start the child-level process now, and record who started it.")]
    ChildProcessNotRecorded,
    #[error("Give the reason for the screening decision.")]
    ScreeningReasonRequired,
    #[error("Choose at least one assessment, and the lead worker who will see them done.")]
    AssessmentsRequired,
    #[error("This referral has already been screened.")]
    AlreadyScreened,
    #[error("Name the conference's chair before completing it.")]
    ConferenceChairRequired,
    #[error("Give the date the conference was held before completing it.")]
    ConferenceDateRequired,
    #[error("Record what the conference decided before completing it.")]
    ConferenceDecisionRequired,
    #[error("Link at least one assessment the conference considered.")]
    AssessmentsConsideredRequired,
    #[error("This conference is complete: its plan carries the work on.")]
    ConferenceCompleted,
    #[error("Give the attendee's name, role and agency.")]
    AttendeeRequired,
    #[error("Write the goal as a statement of what should change in the context.")]
    GoalRequired,
    #[error("Say what the action is.")]
    ActionDescriptionRequired,
    #[error("“{action}” needs an owner agency and a due date before the plan can be agreed.")]
    ActionIncomplete { action: String },
    #[error("Say what is blocking the action.")]
    BlockedReasonRequired,
    #[error("Set the date the plan will be reviewed.")]
    ReviewDateRequired,
    #[error("Sum up what the review found.")]
    ReviewSummaryRequired,
    #[error("Conferences and plans describe the context, never a child: remove the case reference {found}.")]
    CaseRefInText { found: String },
    #[error("This may name a child: {names}. Conferences and plans describe the context: edit it, or confirm it is not a child's name.")]
    PossibleChildNameInPlan { names: String },

    // The audit log.
    #[error("That is not something the audit log records.")]
    UnknownAuditAction,
}

impl ValidationError {
    /// A code that never changes once released, for the UI and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NameRequired => "name_required",
            Self::NameTooLong => "name_too_long",
            Self::UnknownContextType => "unknown_context_type",
            Self::DescriptionTooLong => "description_too_long",
            Self::LatitudeOutOfRange => "latitude_out_of_range",
            Self::LongitudeOutOfRange => "longitude_out_of_range",
            Self::LocationNoFix => "location_no_fix",
            Self::LocationIncomplete => "location_incomplete",
            Self::InvalidRecordId => "invalid_record_id",
            Self::TooLong { .. } => "text_too_long",
            Self::UnknownObservationCategory => "unknown_observation_category",
            Self::UnknownConcernType => "unknown_concern_type",
            Self::UnknownProtectiveFactor => "unknown_protective_factor",
            Self::UnknownAgeBand => "unknown_age_band",
            Self::UnknownRoleLabel => "unknown_role_label",
            Self::UnknownAgency => "unknown_agency",
            Self::UnknownCondition => "unknown_condition",
            Self::UnknownEscalationMethod => "unknown_escalation_method",
            Self::UnknownRag => "unknown_rag",
            Self::InvalidDate => "invalid_date",
            Self::UnknownValence => "unknown_valence",
            Self::UnknownGenderMix => "unknown_gender_mix",
            Self::UnknownCheckInMethod => "unknown_check_in_method",
            Self::NoContext => "no_context",
            Self::PurposeRequired => "purpose_required",
            Self::PlannedEndBeforeStart => "planned_end_before_start",
            Self::TeamTooSmall => "team_too_small",
            Self::TeamMemberNameRequired => "team_member_name_required",
            Self::SafetyContactRequired => "safety_contact_required",
            Self::GraceOutOfRange => "grace_out_of_range",
            Self::AlreadyStarted => "already_started",
            Self::NotCheckedIn => "not_checked_in",
            Self::NotInProgress => "not_in_progress",
            Self::TimeInFuture => "time_in_future",
            Self::ExpectedFinishBeforeCheckIn => "expected_finish_before_check_in",
            Self::ObservationBeforeCheckIn => "observation_before_check_in",
            Self::CheckOutBeforeCheckIn => "check_out_before_check_in",
            Self::UnsafeCheckOutNeedsNote => "unsafe_check_out_needs_note",
            Self::CountOutOfRange => "count_out_of_range",
            Self::ConcernTypeRequired => "concern_type_required",
            Self::AccuracyOutOfRange => "accuracy_out_of_range",
            Self::EscalationIncomplete => "escalation_incomplete",
            Self::InvalidCaseRef => "invalid_case_ref",
            Self::CaseRefNotInFormat { .. } => "case_ref_not_in_format",
            Self::BadCaseRefPattern { .. } => "bad_case_ref_pattern",
            Self::ReferralQuestionsRefused { .. } => "referral_questions_refused",
            Self::ScreeningIsForManagers => "screening_is_for_managers",
            Self::AcknowledgingIsForManagers => "acknowledging_is_for_managers",
            Self::RemovalReasonRequired => "removal_reason_required",
            Self::CancelReasonRequired => "cancel_reason_required",
            Self::RouteNotBeingRecorded => "route_not_being_recorded",
            Self::RaterNameRequired => "rater_name_required",
            Self::RetentionOutOfRange => "retention_out_of_range",
            Self::PasscodeTooShort => "passcode_too_short",
            Self::PasscodesDiffer => "passcodes_differ",
            Self::ResetNotConfirmed => "reset_not_confirmed",
            Self::WipeNotConfirmed => "wipe_not_confirmed",
            Self::IdleLockOutOfRange => "idle_lock_out_of_range",
            Self::WalkaboutLabelIncomplete => "walkabout_label_incomplete",
            Self::PossibleChildName { .. } => "possible_childs_name",
            Self::PossibleChildNameInShare { .. } => "possible_childs_name_in_share",
            Self::NotCheckedOut => "not_checked_out",
            Self::WriteUpIncomplete => "write_up_incomplete",
            Self::Cancelled => "walkabout_cancelled",
            Self::CannotCancel => "cannot_cancel",
            Self::UnknownObservation => "unknown_observation",
            Self::InvalidPersonRef => "invalid_person_ref",
            Self::SubjectCaseRefRequired => "subject_case_ref_required",
            Self::GroupContextRequired => "group_context_required",
            Self::UnknownMember => "unknown_member",
            Self::HotspotOutsidePlan => "hotspot_outside_plan",
            Self::DslRequired => "dsl_required",
            Self::RagReasonRequired => "rag_reason_required",
            Self::RagSummaryIncomplete => "rag_summary_incomplete",
            Self::UnknownItem => "unknown_item",
            Self::VisitByRequired => "visit_by_required",
            Self::RecommendationRequired => "recommendation_required",
            Self::ProfessionalRoleRequired => "professional_role_required",
            Self::NotAPeerGroup => "not_a_peer_group",
            Self::LevelOneMapNotLinked => "level_one_map_not_linked",
            Self::PeerAssessmentIncomplete => "peer_assessment_incomplete",
            Self::TimeSlotRequired => "time_slot_required",
            Self::ReviewAreaRequired => "review_area_required",
            Self::FacilitatorRequired => "facilitator_required",
            Self::RaterRequired => "rater_required",
            Self::UnknownReviewItem => "unknown_review_item",
            Self::ReviewRatingRequired => "review_rating_required",
            Self::ReviewReasonRequired => "review_reason_required",
            Self::ReviewNoRaters => "review_no_raters",
            Self::ReviewNothingRated => "review_nothing_rated",
            Self::ReviewItemsNotAgreed { .. } => "review_items_not_agreed",
            Self::ReviewFinal => "review_final",
            Self::ReviewWrongStage { .. } => "review_wrong_stage",
            Self::UnknownRater => "unknown_rater",
            Self::ExportPrecisionOutOfRange => "export_precision_out_of_range",
            Self::SurveyThresholdOutOfRange => "survey_threshold_out_of_range",
            Self::SurveyRespondentsRequired => "survey_respondents_required",
            Self::MeasureNotAPercentage => "measure_not_a_percentage",
            Self::UnknownSharingDecision => "unknown_sharing_decision",
            Self::MeasureNameRequired => "measure_name_required",
            Self::MeasureValueNegative => "measure_value_negative",
            Self::MeasureNotWholeNumber => "measure_not_whole_number",
            Self::MeasureYesOrNo => "measure_yes_or_no",
            Self::PeriodInFuture => "period_in_future",
            Self::PeriodBackwards => "period_backwards",
            Self::MeasureCountedFromWalkabouts => "measure_counted_from_walkabouts",
            Self::PhotoNotAnImage => "photo_not_an_image",
            Self::PhotoTooLarge => "photo_too_large",
            Self::UnknownPhoto => "unknown_photo",
            Self::UnknownLegalBasis => "unknown_legal_basis",
            Self::NothingShared => "nothing_shared",
            Self::SharingPurposeRequired => "sharing_purpose_required",
            Self::ConsentReasonRequired => "consent_reason_required",
            Self::ErasureReasonRequired => "erasure_reason_required",
            Self::RetentionReasonRequired => "retention_reason_required",
            Self::PossibleChildNameInReason { .. } => "possible_childs_name_in_reason",
            Self::RetentionExtensionOutOfRange => "retention_extension_out_of_range",
            Self::ShareExpiresBeforeDecided => "share_expires_before_decided",
            Self::UnknownAuditAction => "unknown_audit_action",
            Self::UnknownThresholdLevel => "unknown_threshold_level",
            Self::OutlineTooFewCorners => "outline_too_few_corners",
            Self::UnknownContextStatus => "unknown_context_status",
            Self::UnknownUrgency => "unknown_urgency",
            Self::UnknownScreeningDecision => "unknown_screening_decision",
            Self::UnknownAssessmentKind => "unknown_assessment_kind",
            Self::UnknownConferenceFormat => "unknown_conference_format",
            Self::UnknownConferenceDecision => "unknown_conference_decision",
            Self::UnknownActionStatus => "unknown_action_status",
            Self::UnknownReviewDecision => "unknown_review_decision",
            Self::ClosingReasonRequired => "closing_reason_required",
            Self::NotWalked => "not_walked",
            Self::ReferrerRequired => "referrer_required",
            Self::WhatIsKnownRequired => "what_is_known_required",
            Self::ChildProcessNotRecorded => "child_process_not_recorded",
            Self::ScreeningReasonRequired => "screening_reason_required",
            Self::AssessmentsRequired => "assessments_required",
            Self::AlreadyScreened => "already_screened",
            Self::ConferenceChairRequired => "conference_chair_required",
            Self::ConferenceDateRequired => "conference_date_required",
            Self::ConferenceDecisionRequired => "conference_decision_required",
            Self::AssessmentsConsideredRequired => "assessments_considered_required",
            Self::ConferenceCompleted => "conference_completed",
            Self::AttendeeRequired => "attendee_required",
            Self::GoalRequired => "goal_required",
            Self::ActionDescriptionRequired => "action_description_required",
            Self::ActionIncomplete { .. } => "action_incomplete",
            Self::BlockedReasonRequired => "blocked_reason_required",
            Self::ReviewDateRequired => "review_date_required",
            Self::ReviewSummaryRequired => "review_summary_required",
            Self::CaseRefInText { .. } => "case_ref_in_text",
            Self::PossibleChildNameInPlan { .. } => "possible_child_name_in_plan",
        }
    }

    /// The form field whose value was refused, so the message can be shown beside it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::NameRequired | Self::NameTooLong => Some("name"),
            Self::UnknownContextType => Some("context_type"),
            Self::DescriptionTooLong => Some("description"),
            Self::LatitudeOutOfRange => Some("latitude"),
            Self::LongitudeOutOfRange => Some("longitude"),
            Self::LocationNoFix | Self::LocationIncomplete => Some("location"),
            Self::TooLong { field, .. } => Some(field),
            Self::UnknownObservationCategory => Some("category"),
            Self::UnknownConcernType | Self::ConcernTypeRequired => Some("concern_types"),
            Self::UnknownProtectiveFactor => Some("protective_factors"),
            Self::UnknownAgeBand
            | Self::UnknownRoleLabel
            | Self::UnknownGenderMix
            | Self::CountOutOfRange => Some("people"),
            Self::UnknownAgency | Self::TeamTooSmall | Self::TeamMemberNameRequired => Some("team"),
            Self::UnknownCondition => Some("conditions"),
            Self::UnknownEscalationMethod | Self::EscalationIncomplete => Some("escalation"),
            Self::UnknownValence => Some("valence"),
            Self::UnknownRag => Some("rag_summary"),
            Self::InvalidDate => Some("date"),
            Self::UnknownCheckInMethod => Some("method"),
            Self::NoContext => Some("context_ids"),
            Self::PurposeRequired => Some("purpose"),
            Self::PlannedEndBeforeStart => Some("planned_end"),
            Self::SafetyContactRequired => Some("safety_contact"),
            Self::GraceOutOfRange => Some("overdue_grace_min"),
            Self::ExpectedFinishBeforeCheckIn => Some("expected_finish"),
            Self::ObservationBeforeCheckIn | Self::TimeInFuture => Some("at"),
            Self::CheckOutBeforeCheckIn => Some("at"),
            Self::UnsafeCheckOutNeedsNote => Some("note"),
            Self::AccuracyOutOfRange => Some("location"),
            Self::InvalidCaseRef | Self::CaseRefNotInFormat { .. } => Some("case_ref"),
            Self::BadCaseRefPattern { .. } => Some("case_reference_pattern"),
            Self::ReferralQuestionsRefused { .. } => Some("referral_questions"),
            Self::ScreeningIsForManagers => Some("screening"),
            Self::AcknowledgingIsForManagers => Some("acknowledgement"),
            Self::RemovalReasonRequired => Some("removal_reason"),
            Self::CancelReasonRequired => Some("cancel_reason"),
            Self::RaterNameRequired => Some("rag_proposal"),
            Self::RetentionOutOfRange => Some("retention"),
            Self::PasscodeTooShort => Some("passcode"),
            Self::PasscodesDiffer => Some("confirmation"),
            Self::ResetNotConfirmed => Some("reset"),
            Self::WipeNotConfirmed => Some("wipe"),
            Self::IdleLockOutOfRange => Some("idle_lock"),
            Self::WalkaboutLabelIncomplete => Some("walkabout_label"),
            Self::PossibleChildName { .. } => Some("write_up"),
            Self::PossibleChildNameInShare { .. } => Some("share"),
            Self::WriteUpIncomplete => Some("write_up"),
            Self::PhotoNotAnImage | Self::PhotoTooLarge | Self::UnknownPhoto => Some("photos"),
            Self::InvalidPersonRef => Some("label"),
            Self::SubjectCaseRefRequired => Some("subject_case_ref"),
            Self::GroupContextRequired => Some("group_context_id"),
            Self::UnknownMember => Some("ties"),
            Self::HotspotOutsidePlan => Some("hotspots"),
            Self::DslRequired => Some("dsl"),
            Self::VisitByRequired => Some("visit"),
            Self::RecommendationRequired => Some("recommendation"),
            Self::ProfessionalRoleRequired => Some("professionals"),
            Self::NotAPeerGroup | Self::LevelOneMapNotLinked => Some("linked_groups"),
            Self::PeerAssessmentIncomplete => Some("sections"),
            Self::TimeSlotRequired => Some("time_slot"),
            Self::ReviewAreaRequired => Some("area"),
            Self::FacilitatorRequired => Some("facilitator"),
            Self::RaterRequired | Self::ReviewNoRaters | Self::UnknownRater => Some("raters"),
            Self::UnknownReviewItem | Self::ReviewItemsNotAgreed { .. } => Some("items"),
            Self::ReviewRatingRequired => Some("rag"),
            Self::ReviewReasonRequired => Some("reason"),
            Self::ExportPrecisionOutOfRange => Some("export_location_metres"),
            Self::SurveyThresholdOutOfRange => Some("survey_threshold"),
            Self::SurveyRespondentsRequired => Some("respondents"),
            Self::MeasureNotAPercentage => Some("value"),
            Self::UnknownSharingDecision => Some("sharing_decision"),
            Self::MeasureNameRequired => Some("measure_name"),
            Self::MeasureValueNegative
            | Self::MeasureNotWholeNumber
            | Self::MeasureYesOrNo
            | Self::MeasureCountedFromWalkabouts => Some("value"),
            Self::PeriodInFuture | Self::PeriodBackwards => Some("period_end"),
            Self::RagReasonRequired | Self::RagSummaryIncomplete => Some("rag_summary"),
            Self::UnknownLegalBasis => Some("legal_basis"),
            Self::NothingShared => Some("record_ids"),
            Self::SharingPurposeRequired => Some("purpose"),
            Self::ConsentReasonRequired => Some("consent"),
            Self::ErasureReasonRequired
            | Self::RetentionReasonRequired
            | Self::PossibleChildNameInReason { .. } => Some("reason"),
            Self::RetentionExtensionOutOfRange => Some("days"),
            Self::ShareExpiresBeforeDecided => Some("expires_at"),
            Self::UnknownAuditAction => Some("action"),
            Self::UnknownThresholdLevel => Some("threshold_level"),
            Self::OutlineTooFewCorners => Some("outline"),
            Self::UnknownContextStatus => Some("status"),
            Self::UnknownUrgency => Some("urgency"),
            Self::UnknownScreeningDecision => Some("decision"),
            Self::UnknownAssessmentKind => Some("assessments_chosen"),
            Self::UnknownConferenceFormat => Some("format"),
            Self::UnknownConferenceDecision => Some("decision"),
            Self::UnknownActionStatus => Some("status"),
            Self::UnknownReviewDecision => Some("decision"),
            Self::ClosingReasonRequired => Some("status"),
            Self::NotWalked => Some("context_ids"),
            Self::ReferrerRequired => Some("referrer"),
            Self::WhatIsKnownRequired => Some("what_is_known"),
            Self::ChildProcessNotRecorded => Some("immediate_risk_to_a_child"),
            Self::ScreeningReasonRequired => Some("reason"),
            Self::AssessmentsRequired => Some("assessments_chosen"),
            Self::ConferenceChairRequired => Some("chair"),
            Self::ConferenceDateRequired => Some("held_on"),
            Self::ConferenceDecisionRequired => Some("decision"),
            Self::AssessmentsConsideredRequired => Some("assessments_considered"),
            Self::AttendeeRequired => Some("attendees"),
            Self::GoalRequired => Some("goals"),
            Self::ActionDescriptionRequired => Some("description"),
            Self::ActionIncomplete { .. } => Some("actions"),
            Self::BlockedReasonRequired => Some("blocked_reason"),
            Self::ReviewDateRequired => Some("review_date"),
            Self::ReviewSummaryRequired => Some("summary"),
            Self::CaseRefInText { .. } => Some("text"),
            Self::PossibleChildNameInPlan { .. } => Some("text"),
            Self::InvalidRecordId
            | Self::AlreadyStarted
            | Self::NotCheckedIn
            | Self::NotInProgress
            | Self::NotCheckedOut
            | Self::Cancelled
            | Self::CannotCancel
            | Self::RouteNotBeingRecorded
            | Self::UnknownObservation
            | Self::UnknownItem
            | Self::AlreadyScreened
            | Self::ConferenceCompleted
            | Self::ReviewNothingRated
            | Self::ReviewFinal
            | Self::ReviewWrongStage { .. } => None,
        }
    }
}
