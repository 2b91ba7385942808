//! Every value that a practitioner reads by its label has that label in the English message file
//! (`vocabulary.ftl` of waymark-i18n), where it is worded once: none falls back to its code, and
//! no two values of one list read the same.

use waymark_core::access::WorkspaceRole;
use waymark_core::audit::AuditAction;
use waymark_core::conference::ConferenceSection;
use waymark_core::export::{ExportFormat, ReviewExportFormat};
use waymark_core::outcome::MeasureKind;
use waymark_core::peer_group::TieKind;
use waymark_core::school::{ComponentKind, ComponentStatus, HotspotSource, RagArea};
use waymark_core::system_review::{
    RatingChange, ReviewDomain, ReviewItem, ReviewLevel, ReviewStage, ReviewValue,
};
use waymark_core::timeline::Step;
use waymark_core::walkabout::{SafetyAlertKind, WalkaboutState, WriteUpSection};
use waymark_core::RecordKind;
use waymark_i18n::{english, english_label, Labelled};

fn worded<T: Labelled>(values: &[T]) {
    let mut labels = Vec::new();
    for &value in values {
        let id = value.message_id();
        assert!(english().has(&id), "{id} has no English label");
        labels.push(english_label(value));
    }
    let count = labels.len();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(labels.len(), count, "two values read the same: {labels:?}");
}

#[test]
fn every_list_a_practitioner_picks_from_or_reads_is_worded_in_the_message_file() {
    worded(&ComponentKind::ALL);
    worded(&[
        ComponentStatus::NotStarted,
        ComponentStatus::InProgress,
        ComponentStatus::Done,
        ComponentStatus::NotUsed,
    ]);
    worded(HotspotSource::ALL);
    worded(&RagArea::ALL);
    worded(&[
        TieKind::Close,
        TieKind::Protective,
        TieKind::WorriedAbout,
        TieKind::Unknown,
    ]);
    worded(&ReviewDomain::ALL);
    worded(&ReviewLevel::ALL);
    worded(&ReviewValue::ALL);
    worded(&ReviewStage::ALL);
    worded(&[
        RatingChange::Better,
        RatingChange::Same,
        RatingChange::Worse,
    ]);
    worded(&[
        Step::Referral,
        Step::Screening,
        Step::Walkabout,
        Step::PeerAssessment,
        Step::SchoolAssessment,
        Step::Conference,
        Step::Plan,
        Step::ActionDone,
        Step::Review,
    ]);
    worded(&[
        WalkaboutState::Planned,
        WalkaboutState::InProgress,
        WalkaboutState::CheckedOut,
        WalkaboutState::Completed,
        WalkaboutState::Cancelled,
    ]);
    worded(&WriteUpSection::ALL);
    worded(&[SafetyAlertKind::UrgentConcern, SafetyAlertKind::NotAllSafe]);
    worded(&ConferenceSection::ALL);
    worded(ExportFormat::ALL);
    worded(ReviewExportFormat::ALL);
    worded(MeasureKind::ALL);
    worded(WorkspaceRole::ALL);
    worded(AuditAction::ALL);
    worded(RecordKind::ALL);
}

#[test]
fn every_item_of_a_system_review_has_its_own_question() {
    let questions: Vec<String> = ReviewItem::all(true)
        .into_iter()
        .map(ReviewItem::default_prompt)
        .collect();
    for question in &questions {
        assert!(question.ends_with('?'), "not a question: {question}");
    }
    let mut distinct = questions.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), questions.len());
}
