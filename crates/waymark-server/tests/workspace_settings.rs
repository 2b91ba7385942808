//! The workspace's own settings (privacy rules P3, P12, P18), through the real server binary: a
//! manager changes them one field at a time, every device of the workspace applies them after
//! its next sync, and nobody else may change them.

mod common;

use common::{Fixture, Result};
use waymark_core::peer_group::{PeerAssessmentDraft, PeerLevel};
use waymark_core::school::RagArea;
use waymark_core::workspace_settings::{WalkaboutLabel, WorkspaceSetting};
use waymark_core::{CommandError, EscalationCard, RecordKind};
use waymark_sync::client;

/// A local front door's questions: its own wording first, and one question of its own.
const OUR_FRONT_DOOR: &str = r#"
[[question]]
id = "worry"
type = "what_is_known"
label = "What is the worry about this place?"

[[question]]
id = "times"
type = "text"
label = "At what times of day is it worst?"
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_managers_settings_reach_every_device_and_nobody_else_may_change_them() -> Result {
    let fixture = Fixture::start()?;
    fixture.add_member("manager.m", "childrens_social_care", "manager")?;
    let address = fixture.address();
    let manager = fixture.device("manager.m", "manager").await?;
    let worker = fixture.device("worker.a", "worker").await?;
    let card = EscalationCard {
        instructions: "Call 999, then the Northside front door on the number below.".into(),
        phone: "01632 960000".into(),
    };
    let mut directory = None;
    for setting in [
        WorkspaceSetting::DpiaReference("DPIA-2026-014".into()),
        WorkspaceSetting::DataControllers("Northside Borough Council".into()),
        WorkspaceSetting::EscalationCard(card.clone()),
        WorkspaceSetting::CaseReferencePattern("CS-[0-9]{5}".into()),
        WorkspaceSetting::FirstNames(vec!["Grace".into(), " Amira".into()]),
        WorkspaceSetting::RetentionDays {
            kind: RecordKind::Walkabout,
            days: 730,
        },
        WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: "Neighbourhood observation".into(),
            many: "Neighbourhood observations".into(),
        }),
        WorkspaceSetting::RagAreaLabel {
            area: RagArea::Prevention,
            label: "Prevention and education".into(),
        },
        WorkspaceSetting::ReferralQuestions(OUR_FRONT_DOOR.into()),
    ] {
        directory =
            Some(client::change_workspace_setting(&address, &manager.token, &setting).await?);
    }
    let settings = directory.ok_or("answered")?.settings;
    assert!(settings.ready_for_real_records());
    assert_eq!(settings.retention_days["walkabout"], 730);
    assert_eq!(settings.first_names, ["amira", "grace"]);
    assert_eq!(settings.walkabout_words().one, "Neighbourhood observation");
    // A name for one without a name for several is refused, and the names in force stay.
    let refused = client::change_workspace_setting(
        &address,
        &manager.token,
        &WorkspaceSetting::WalkaboutLabel(WalkaboutLabel {
            one: "Patrol".into(),
            many: String::new(),
        }),
    )
    .await
    .expect_err("half a label");
    assert_eq!(refused.code(), "walkabout_label_incomplete", "{refused}");

    // A pattern that does not compile is refused, and the one in force stays.
    let refused = client::change_workspace_setting(
        &address,
        &manager.token,
        &WorkspaceSetting::CaseReferencePattern("CS-[0-9".into()),
    )
    .await
    .expect_err("does not compile");
    assert_eq!(refused.code(), "bad_case_ref_pattern", "{refused}");
    // So is a question file with an unknown type, with its line, and the questions in force stay.
    let refused = client::change_workspace_setting(
        &address,
        &manager.token,
        &WorkspaceSetting::ReferralQuestions(
            "[[question]]\nid = \"ward\"\ntype = \"dropdown\"\nlabel = \"Ward\"\n".into(),
        ),
    )
    .await
    .expect_err("an unknown question type");
    assert_eq!(refused.code(), "referral_questions_refused", "{refused}");
    assert!(
        refused.to_string().contains("line 3"),
        "the line is named: {refused}"
    );
    // Nor may a practitioner change anything.
    let refused = client::change_workspace_setting(
        &address,
        &worker.token,
        &WorkspaceSetting::DpiaReference("changed by a practitioner".into()),
    )
    .await
    .expect_err("not a manager");
    assert_eq!(refused.code(), "not_a_manager", "{refused}");

    // The worker's device applies them at its next sync.
    assert_ne!(worker.store.lock().escalation_card()?, card, "not before");
    worker.sync(&address).await?;
    worker.refresh_directory(&address).await?;
    let applied = worker.store.lock().workspace_settings()?;
    assert_eq!(applied.dpia_reference.as_deref(), Some("DPIA-2026-014"));
    assert_eq!(applied.walkabout_words().many, "Neighbourhood observations");
    assert_eq!(
        applied.rag_area_label(RagArea::Prevention),
        "Prevention and education"
    );
    assert_eq!(
        applied.case_reference_pattern.as_deref(),
        Some("CS-[0-9]{5}")
    );
    assert_eq!(worker.store.lock().escalation_card()?, card);
    let questions = applied.referral_questions();
    assert_eq!(
        questions.questions[0].label,
        "What is the worry about this place?"
    );
    assert_eq!(
        questions.local().map(|q| q.id.as_str()).collect::<Vec<_>>(),
        ["times"]
    );
    let draft = |case_ref: &str| PeerAssessmentDraft {
        level: PeerLevel::One,
        subject_case_ref: Some(case_ref.into()),
        group_context_id: None,
    };
    let wrong = worker
        .store
        .lock()
        .create_peer_assessment(draft("CS-1023"))
        .expect_err("not the area's format");
    let wrong = CommandError::from(wrong);
    assert_eq!(wrong.code, "case_ref_not_in_format", "{wrong:?}");
    assert_eq!(wrong.field.as_deref(), Some("case_ref"));
    worker
        .store
        .lock()
        .create_peer_assessment(draft("CS-10234"))?;
    Ok(())
}
