//! A context's journey on a device: referral, screening, walkabout, conference and plan, each a
//! document of its own that moves the context's status, and the timeline that reads them back
//! in order after the store is closed and opened again. Invented places only.

mod common;

use common::{open_in, with_first_names, NOW};
use proptest::prelude::*;
use waymark_core::conference::{
    AttendeeDraft, Chair, ConferenceDraft, ConferenceEdit, ConferenceSection,
};
use waymark_core::plan::{PlanEdit, ReviewDraft, StatusChange};
use waymark_core::timeline::Step;
use waymark_core::vocabulary::{ActionStatus, ContextStatus, ThresholdLevel};
use waymark_core::{ContextDraft, ContextEdit, RecordId, ValidationError};
use waymark_e2e::fixtures::{park_referral, plan_action, screening_for_walkabout, walkabout_plan};
use waymark_store::{Store, StoreError};

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Refers, screens and walks the park, and holds a conference that decides on a plan; returns
/// the context, the conference and the plan.
fn to_a_plan(store: &mut Store) -> (RecordId, RecordId, RecordId) {
    let referral = store
        .create_referral(park_referral("Brookside Park"))
        .expect("referred");
    let context = referral.context_id;
    store
        .screen_referral(referral.id, screening_for_walkabout())
        .expect("screened");
    let walkabout = store
        .create_walkabout(walkabout_plan(context))
        .expect("walkabout planned");
    let conference = store
        .create_conference(ConferenceDraft {
            context_id: context,
            held_on: "2026-11-20".into(),
            format: "social_care_chaired".into(),
        })
        .expect("arranged")
        .id;
    for edit in [
        ConferenceEdit::Chair(Chair {
            name: "H. Service".into(),
            role: "Head of service".into(),
        }),
        ConferenceEdit::AddAttendee(AttendeeDraft {
            name: "J. Parks".into(),
            role: "Parks manager".into(),
            agency: "parks".into(),
            present: true,
        }),
        ConferenceEdit::Consider(walkabout.id),
        ConferenceEdit::Section {
            section: ConferenceSection::HarmAnalysis,
            text: "The unlit path and the bushes hide adults approaching young people.".into(),
        },
        ConferenceEdit::Decision("plan".into()),
        ConferenceEdit::NextReview("2027-02-01".into()),
    ] {
        store.update_conference(conference, edit).expect("edited");
    }
    let completed = store.complete_conference(conference).expect("completed");
    let plan = completed.plan_id.expect("it ended in a plan");
    (context, conference, plan)
}

#[test]
fn a_referral_of_a_new_place_makes_the_context_as_referred_and_screening_moves_it_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let referral = store
        .create_referral(park_referral("Brookside Park"))
        .expect("referred");
    let context = store.get_context(referral.context_id).expect("made");
    assert_eq!(context.name, "Brookside Park");
    assert_eq!(context.status, ContextStatus::Referred);
    assert!(referral.screening.is_none());

    let screened = store
        .screen_referral(referral.id, screening_for_walkabout())
        .expect("screened");
    let screening = screened.screening.expect("kept");
    assert_eq!(screening.reason, screening_for_walkabout().reason);
    let context = store.get_context(referral.context_id).expect("read");
    assert_eq!(context.status, ContextStatus::Assessing);
    assert_eq!(context.threshold_level, Some(ThresholdLevel::UniversalPlus));
    assert_eq!(context.lead.worker, "Y. Worker");
    let timeline = store.timeline(context.id).expect("timeline");
    assert_eq!(timeline.tasks.len(), 1, "the walkabout appears as a task");
    assert!(!timeline.tasks[0].started);

    assert_eq!(
        refused(store.screen_referral(referral.id, screening_for_walkabout())),
        ValidationError::AlreadyScreened
    );
}

#[test]
fn answers_to_the_workspaces_own_questions_are_kept_with_the_referral() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = {
        let mut store = open_in(dir.path());
        let mut draft = park_referral("Brookside Park");
        draft.answers.insert(
            "times".into(),
            "  After school, and Friday evenings  ".into(),
        );
        draft.answers.insert("ward".into(), String::new());
        store.create_referral(draft).expect("referred").id
    };
    let referral = open_in(dir.path()).get_referral(id).expect("read");
    assert_eq!(
        referral.answers.into_iter().collect::<Vec<_>>(),
        [(
            "times".to_owned(),
            "After school, and Friday evenings".to_owned()
        )],
        "trimmed, and an empty answer is no answer"
    );
    let mut store = open_in(dir.path());
    let mut draft = park_referral("Quarry Lane");
    draft.answers.insert("Not An Id".into(), "yes".into());
    assert!(matches!(
        refused(store.create_referral(draft)),
        ValidationError::TooLong {
            field: "answers",
            ..
        }
    ));
}

#[test]
fn once_the_device_knows_its_workspace_only_a_managers_device_screens() {
    use waymark_core::access::WorkspaceRole;
    use waymark_core::directory::{Directory, Member};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let referral = store
        .create_referral(park_referral("Brookside Park"))
        .expect("referred");
    let directory = |role| Directory {
        you: "y.worker".into(),
        workspace: "Northside detached team".into(),
        members: vec![Member {
            user: "y.worker".into(),
            agency: None,
            role,
            actors: Vec::new(),
        }],
        records: Vec::new(),
        settings: Default::default(),
    };
    store
        .set_directory(&directory(WorkspaceRole::Practitioner))
        .expect("kept");
    assert_eq!(
        refused(store.screen_referral(referral.id, screening_for_walkabout())),
        ValidationError::ScreeningIsForManagers
    );
    assert!(store
        .get_referral(referral.id)
        .expect("read")
        .screening
        .is_none());
    store
        .set_directory(&directory(WorkspaceRole::Manager))
        .expect("kept");
    store
        .screen_referral(referral.id, screening_for_walkabout())
        .expect("a manager screens");
}

#[test]
fn screening_needs_a_reason_and_no_further_action_closes_the_context_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let referral = store
        .create_referral(park_referral("Quarry Lane"))
        .expect("referred");
    let mut no_reason = screening_for_walkabout();
    no_reason.reason = " ".into();
    assert_eq!(
        refused(store.screen_referral(referral.id, no_reason)),
        ValidationError::ScreeningReasonRequired
    );
    let mut no_action = screening_for_walkabout();
    no_action.decision = "no_further_action".into();
    no_action.reason = "Already known to the community safety team.".into();
    store
        .screen_referral(referral.id, no_action)
        .expect("screened");
    let context = store.get_context(referral.context_id).expect("read");
    assert_eq!(context.status, ContextStatus::Closed);
    assert!(context
        .closing_reason
        .contains("Already known to the community safety team."));
}

#[test]
fn a_referral_that_names_a_child_as_known_is_refused_and_nothing_is_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let mut draft = park_referral("Canal towpath");
    draft.known_children = vec!["Sam Jones".into()];
    assert_eq!(
        refused(store.create_referral(draft)),
        ValidationError::InvalidCaseRef
    );
    assert!(store.list_contexts().expect("list").is_empty());
}

#[test]
fn peer_groups_and_online_spaces_are_not_walked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    for context_type in ["peer_group", "online_space"] {
        let context = store
            .create_context(ContextDraft {
                name: "Group A, Northfield".into(),
                context_type: context_type.into(),
                ..ContextDraft::default()
            })
            .expect("made");
        assert!(!context.can_be_walked());
        assert_eq!(
            refused(store.create_walkabout(walkabout_plan(context.id))),
            ValidationError::NotWalked
        );
    }
}

#[test]
fn a_conference_without_a_chair_cannot_be_completed_and_a_case_reference_in_it_is_caught() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    with_first_names(&mut store, &["sam"]);
    let context = store
        .create_context(common::draft("Brookside Park"))
        .expect("made")
        .id;
    let walkabout = store
        .create_walkabout(walkabout_plan(context))
        .expect("planned");
    let conference = store
        .create_conference(ConferenceDraft {
            context_id: context,
            held_on: String::new(),
            format: "panel".into(),
        })
        .expect("arranged")
        .id;
    store
        .update_conference(conference, ConferenceEdit::Consider(walkabout.id))
        .expect("linked");
    store
        .update_conference(conference, ConferenceEdit::Decision("plan".into()))
        .expect("decided");
    assert_eq!(
        refused(store.complete_conference(conference)),
        ValidationError::ConferenceChairRequired
    );
    store
        .update_conference(
            conference,
            ConferenceEdit::Chair(Chair {
                name: "H. Service".into(),
                role: "Chair".into(),
            }),
        )
        .expect("chair");
    assert_eq!(
        refused(store.complete_conference(conference)),
        ValidationError::ConferenceDateRequired
    );
    store
        .update_conference(conference, ConferenceEdit::HeldOn("2026-11-20".into()))
        .expect("dated");
    for (text, expected) in [
        (
            "Raised about CS-10234 near the gate.",
            ValidationError::CaseRefInText {
                found: "CS-10234".into(),
            },
        ),
        (
            "Sam Jones said the path is dark.",
            ValidationError::PossibleChildNameInPlan {
                names: "Sam Jones".into(),
            },
        ),
    ] {
        store
            .update_conference(
                conference,
                ConferenceEdit::Section {
                    section: ConferenceSection::YoungPeopleVoice,
                    text: text.into(),
                },
            )
            .expect("typing is never blocked");
        assert_eq!(refused(store.complete_conference(conference)), expected);
    }
    store
        .update_conference(
            conference,
            ConferenceEdit::Section {
                section: ConferenceSection::YoungPeopleVoice,
                text: "Young people said the path by Sam Lane is dark and they avoid it.".into(),
            },
        )
        .expect("edited");
    // A street named like a child is flagged until someone confirms it is not a child's name.
    assert!(matches!(
        refused(store.complete_conference(conference)),
        ValidationError::PossibleChildNameInPlan { .. }
    ));
    let confirmed = store
        .confirm_not_a_childs_name_in_conference(conference, " Sam ", NOW)
        .expect("confirmed");
    assert_eq!(confirmed.not_childs_names, ["sam"]);
    let completed = store.complete_conference(conference).expect("completed");
    assert!(completed.plan_id.is_some());
    assert_eq!(
        refused(store.update_conference(conference, ConferenceEdit::Decision("no_plan".into()))),
        ValidationError::ConferenceCompleted
    );
}

#[test]
fn an_action_done_is_marked_on_the_contexts_outcome_charts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let (context, _, plan) = to_a_plan(&mut store);
    store
        .add_measure(
            context,
            waymark_core::outcome::MeasureDraft {
                name: "Concerns seen per walk".into(),
                kind: waymark_core::outcome::MeasureKind::WalkaboutDerived,
                unit: "concerns".into(),
                better_when: waymark_core::outcome::BetterWhen::Lower,
                filter: waymark_core::outcome::ObservationFilter::default(),
            },
        )
        .expect("chosen");
    for description in ["Repair the lighting", "Cut back the bushes"] {
        store
            .update_plan(
                plan,
                PlanEdit::AddAction(plan_action(description, "parks", "2026-12-10")),
            )
            .expect("action");
    }
    let lighting = store.get_plan(plan).expect("read").actions[0].id;
    store
        .set_action_status(
            plan,
            lighting,
            StatusChange {
                status: "done".into(),
                note: "New lamps fitted.".into(),
                ..StatusChange::default()
            },
        )
        .expect("done");
    let markers = store.outcome_monitoring(context).expect("read").markers;
    let labels: Vec<&str> = markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["Repair the lighting"], "only the action done");
}

#[test]
fn a_plan_is_agreed_only_when_every_action_has_an_owner_agency_and_a_due_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let (context, _, plan) = to_a_plan(&mut store);
    assert_eq!(
        store.get_context(context).expect("read").status,
        ContextStatus::Planned
    );
    store
        .update_plan(
            plan,
            PlanEdit::AddGoal("The park is well lit after dark.".into()),
        )
        .expect("goal");
    let mut undated = plan_action("Trim the bushes by the path", "parks", "2026-12-15");
    undated.due = None;
    store
        .update_plan(plan, PlanEdit::AddAction(undated))
        .expect("an undated action may be written down");
    assert_eq!(
        refused(store.agree_plan(plan)),
        ValidationError::ActionIncomplete {
            action: "Trim the bushes by the path".into()
        }
    );
    let action = store.get_plan(plan).expect("read").actions[0].id;
    store
        .update_plan(
            plan,
            PlanEdit::EditAction {
                action,
                draft: plan_action("Trim the bushes by the path", "parks", "2026-12-15"),
            },
        )
        .expect("dated");
    let agreed = store.agree_plan(plan).expect("agreed");
    assert!(agreed.agreed);
    assert_eq!(agreed.review_date.as_deref(), Some("2027-02-01"));
}

#[test]
fn overdue_actions_stand_out_in_the_list_of_contexts_and_blocked_needs_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let (context, _, plan) = to_a_plan(&mut store);
    for (description, agency, due) in [
        (
            "Repair the lighting on the main path",
            "planning_highways_lighting",
            "2020-01-10",
        ),
        (
            "Detached youth work on Friday evenings",
            "voluntary_sector",
            "2099-01-10",
        ),
    ] {
        store
            .update_plan(
                plan,
                PlanEdit::AddAction(plan_action(description, agency, due)),
            )
            .expect("added");
    }
    let summary = |store: &Store| {
        store
            .list_contexts()
            .expect("list")
            .into_iter()
            .find(|c| c.id == context)
            .expect("listed")
    };
    assert_eq!(summary(&store).overdue_actions, 1);
    let lighting = store.get_plan(plan).expect("read").actions[0].id;
    assert_eq!(
        refused(store.set_action_status(
            plan,
            lighting,
            StatusChange {
                status: "blocked".into(),
                ..StatusChange::default()
            }
        )),
        ValidationError::BlockedReasonRequired
    );
    store
        .set_action_status(
            plan,
            lighting,
            StatusChange {
                status: "done".into(),
                note: "New lamps fitted along the path.".into(),
                ..StatusChange::default()
            },
        )
        .expect("done");
    assert_eq!(summary(&store).overdue_actions, 0);
    let action = &store.get_plan(plan).expect("read").actions[0];
    assert_eq!(action.updates.len(), 1);
    assert!(action.done_on.is_some());
}

#[test]
fn the_timeline_lists_every_step_in_order_after_the_store_is_opened_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let context = {
        let mut store = open_in(dir.path());
        let (context, _, plan) = to_a_plan(&mut store);
        store
            .update_plan(
                plan,
                PlanEdit::AddAction(plan_action(
                    "Repair the lighting",
                    "planning_highways_lighting",
                    "2026-12-10",
                )),
            )
            .expect("added");
        store.agree_plan(plan).expect("agreed");
        store
            .review_plan(
                plan,
                ReviewDraft {
                    held_on: "2099-02-01".into(),
                    summary: "Lighting repaired; fewer concerns seen.".into(),
                    decision: "continue".into(),
                    next_review: Some("2099-05-01".into()),
                },
            )
            .expect("reviewed");
        context
    };
    let store = open_in(dir.path());
    let timeline = store.timeline(context).expect("timeline");
    let steps: Vec<Step> = timeline.entries.iter().map(|e| e.step).collect();
    assert_eq!(steps.first(), Some(&Step::Referral));
    for step in [
        Step::Screening,
        Step::Walkabout,
        Step::Conference,
        Step::Plan,
        Step::Review,
    ] {
        assert!(
            steps.contains(&step),
            "{step:?} is on the timeline: {steps:?}"
        );
    }
    let days: Vec<&str> = timeline.entries.iter().map(|e| e.on.as_str()).collect();
    let mut sorted = days.clone();
    sorted.sort_unstable();
    assert_eq!(days, sorted, "in the order they happened");
    assert!(timeline.tasks.iter().all(|task| task.started));
    assert_eq!(
        store.get_context(context).expect("read").status,
        ContextStatus::Monitoring
    );
}

fn exchange_plan(a: &mut Store, b: &mut Store, id: RecordId) {
    let from_a = a.document_bytes(id).expect("a's copy");
    let from_b = b.document_bytes(id).expect("b's copy");
    a.merge_plan(id, &from_b).expect("a merges b");
    b.merge_plan(id, &from_a).expect("b merges a");
}

#[test]
fn two_people_setting_an_actions_status_offline_both_see_the_others_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let (_, _, plan) = to_a_plan(&mut a);
    a.update_plan(
        plan,
        PlanEdit::AddAction(plan_action("Repair the lighting", "parks", "2026-12-10")),
    )
    .expect("added");
    let bytes = a.document_bytes(plan).expect("bytes");
    b.merge_plan(plan, &bytes).expect("b receives the plan");
    let action = a.get_plan(plan).expect("read").actions[0].id;

    a.set_action_status(
        plan,
        action,
        StatusChange {
            status: "done".into(),
            ..StatusChange::default()
        },
    )
    .expect("a marks it done");
    b.set_action_status(
        plan,
        action,
        StatusChange {
            status: "blocked".into(),
            blocked_reason: "Waiting for a cherry picker.".into(),
            ..StatusChange::default()
        },
    )
    .expect("b marks it blocked");
    exchange_plan(&mut a, &mut b, plan);

    let merged = a.get_plan(plan).expect("a reads");
    assert_eq!(merged, b.get_plan(plan).expect("b reads"));
    let action = &merged.actions[0];
    let mut both = vec![action.status];
    both.extend(action.other_statuses.iter().copied());
    both.sort();
    assert_eq!(both, [ActionStatus::Done, ActionStatus::Blocked]);
    assert_eq!(action.blocked_reason, "Waiting for a cherry picker.");
    let history = a.history(plan).expect("history");
    assert!(
        history.len() >= 3,
        "both changes are in the history: {history:?}"
    );

    // Choosing one settles it for everyone.
    a.set_action_status(
        plan,
        action.id,
        StatusChange {
            status: "blocked".into(),
            blocked_reason: "Waiting for a cherry picker.".into(),
            ..StatusChange::default()
        },
    )
    .expect("a chooses");
    exchange_plan(&mut a, &mut b, plan);
    let settled = &b.get_plan(plan).expect("b reads").actions[0];
    assert_eq!(settled.status, ActionStatus::Blocked);
    assert!(settled.other_statuses.is_empty());
}

#[test]
fn a_context_status_set_twice_offline_shows_both_until_someone_chooses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    let id = a
        .create_context(common::draft("Brookside Park"))
        .expect("made")
        .id;
    let bytes = a.document_bytes(id).expect("bytes");
    b.merge_context(id, &bytes).expect("b receives it");
    a.update_context(
        id,
        ContextEdit::Status {
            status: "monitoring".into(),
            reason: String::new(),
        },
    )
    .expect("a");
    b.update_context(
        id,
        ContextEdit::Status {
            status: "closed".into(),
            reason: "Lighting fixed and no concerns for three months.".into(),
        },
    )
    .expect("b");
    let from_b = b.document_bytes(id).expect("b's copy");
    a.merge_context(id, &from_b).expect("merged");
    let merged = a.get_context(id).expect("read");
    let mut both = vec![merged.status];
    both.extend(merged.other_statuses.iter().copied());
    both.sort();
    assert_eq!(both, [ContextStatus::Monitoring, ContextStatus::Closed]);
}

#[derive(Debug, Clone)]
enum PlanChange {
    Status(usize, usize),
    Note(usize, usize),
    Describe(usize, usize),
}

fn plan_change() -> impl Strategy<Value = (usize, PlanChange)> {
    (
        0..3usize,
        prop_oneof![
            (0..3usize, 0..4usize).prop_map(|(a, s)| PlanChange::Status(a, s)),
            (0..3usize, 0..50usize).prop_map(|(a, n)| PlanChange::Note(a, n)),
            (0..3usize, 0..50usize).prop_map(|(a, n)| PlanChange::Describe(a, n)),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Three devices change the same plan's actions offline, in any order, and exchange copies
    /// pairwise: every copy ends the same, and every note and every status anyone set is kept.
    #[test]
    fn three_replicas_of_a_plan_converge_and_lose_no_change(changes in proptest::collection::vec(plan_change(), 1..12)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut devices: Vec<Store> = (0..3).map(|n| open_in(&dir.path().join(format!("d{n}")))).collect();
        let (_, _, plan) = to_a_plan(&mut devices[0]);
        for n in 0..3 {
            devices[0]
                .update_plan(plan, PlanEdit::AddAction(plan_action(&format!("Action {n}"), "parks", "2026-12-10")))
                .expect("added");
        }
        let bytes = devices[0].document_bytes(plan).expect("bytes");
        for device in devices.iter_mut().skip(1) {
            device.merge_plan(plan, &bytes).expect("received");
        }
        let actions: Vec<RecordId> = devices[0].get_plan(plan).expect("read").actions.iter().map(|a| a.id).collect();
        let statuses = ["not_started", "in_progress", "done", "blocked"];
        let mut notes = Vec::new();
        for (device, change) in &changes {
            let store = &mut devices[*device];
            match change {
                PlanChange::Status(action, status) => {
                    store.set_action_status(plan, actions[*action], StatusChange {
                        status: statuses[*status].into(),
                        blocked_reason: "Waiting on the budget.".into(),
                        note: String::new(),
                    }).expect("status");
                }
                PlanChange::Note(action, n) => {
                    let note = format!("Update {n} from device {device}");
                    store.add_action_update(plan, actions[*action], note.clone()).expect("note");
                    notes.push(note);
                }
                PlanChange::Describe(action, n) => {
                    store.update_plan(plan, PlanEdit::EditAction {
                        action: actions[*action],
                        draft: plan_action(&format!("Action {action}, revised {n}"), "parks", "2026-12-10"),
                    }).expect("described");
                }
            }
        }
        for (x, y) in [(0, 1), (1, 2), (0, 2), (0, 1)] {
            let (left, right) = devices.split_at_mut(y);
            exchange_plan(&mut left[x], &mut right[0], plan);
        }
        let first = devices[0].get_plan(plan).expect("read");
        for device in &devices[1..] {
            prop_assert_eq!(&device.get_plan(plan).expect("read"), &first);
        }
        let kept: Vec<&str> = first.actions.iter().flat_map(|a| a.updates.iter().map(|u| u.note.as_str())).collect();
        for note in &notes {
            prop_assert!(kept.contains(&note.as_str()), "{} was kept", note);
        }
    }
}
