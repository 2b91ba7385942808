//! A partner agency's actions, through the real server binary: the parks team's reader sees the
//! actions the parks agency owns in the workspace's plans, and nothing else of them, updates one
//! with a note, and the team's devices receive the change as part of the plan, with its author.
//! The plan is written by a real device store, so this also pins the plan layout the server
//! reads and writes to the one the store keeps.

mod common;

use common::{Fixture, Result};
use waymark_core::conference::{Chair, ConferenceDraft, ConferenceEdit};
use waymark_core::plan::{PartnerActionUpdate, PlanEdit, StatusChange};
use waymark_core::vocabulary::ActionStatus;
use waymark_e2e::fixtures::{plan_action, walkabout_plan};
use waymark_sync::client;

#[tokio::test(flavor = "multi_thread")]
async fn a_partner_reader_updates_their_agencys_actions_and_sees_nothing_else_of_the_plan() -> Result
{
    let fixture = Fixture::start()?;
    fixture.add_member("parks.reader", "parks", "partner_reader")?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let reader = fixture.device("parks.reader", "reader").await?;

    // The team brings the park to a conference whose plan gives work to three agencies.
    let park = worker.context("Brookside Park")?;
    let plan = {
        let mut store = worker.store.lock();
        let walkabout = store.create_walkabout(walkabout_plan(park.id))?.id;
        let conference = store
            .create_conference(ConferenceDraft {
                context_id: park.id,
                held_on: "2026-11-20".into(),
                format: "social_care_chaired".into(),
            })?
            .id;
        for edit in [
            ConferenceEdit::Chair(Chair {
                name: "H. Service".into(),
                role: "Head of service".into(),
            }),
            ConferenceEdit::Consider(walkabout),
            ConferenceEdit::Decision("plan".into()),
        ] {
            store.update_conference(conference, edit)?;
        }
        let plan = store
            .complete_conference(conference)?
            .plan_id
            .ok_or("a plan")?;
        for (description, agency) in [
            (
                "Repair the lighting on the main path",
                "planning_highways_lighting",
            ),
            ("Cut back the bushes by the gate", "parks"),
            ("Detached youth work on Friday evenings", "voluntary_sector"),
            ("Replace the broken bench", "parks"),
        ] {
            store.update_plan(
                plan,
                PlanEdit::AddAction(plan_action(description, agency, "2027-01-31")),
            )?;
        }
        store.update_plan(
            plan,
            PlanEdit::YoungPeopleVoice("They avoid the path after dark.".into()),
        )?;
        plan
    };
    worker.sync(&address).await?;

    // The parks reader sees the two parks actions, with the place they are for, and no other.
    let actions = client::partner_actions(&address, &reader.token).await?;
    let described: Vec<&str> = actions.iter().map(|a| a.description.as_str()).collect();
    assert_eq!(
        described,
        [
            "Cut back the bushes by the gate",
            "Replace the broken bench"
        ]
    );
    assert!(actions.iter().all(|a| a.context_name == "Brookside Park"));
    assert!(actions.iter().all(|a| a.status == ActionStatus::NotStarted));
    // Nothing else of the plan is sent: not the other agencies' work, not the young people's words.
    let answer = serde_json::to_string(&actions)?;
    assert!(
        !answer.contains("lighting") && !answer.contains("avoid the path"),
        "{answer}"
    );
    // And the plan itself never reaches the reader's device.
    reader.sync(&address).await?;
    assert!(reader.store.lock().get_plan(plan).is_err());

    // The reader marks the bushes done, with a note.
    let bushes = actions[0].action_id;
    let updated = client::update_partner_action(
        &address,
        &reader.token,
        &PartnerActionUpdate {
            plan_id: plan,
            action_id: bushes,
            change: StatusChange {
                status: "done".into(),
                blocked_reason: String::new(),
                note: "Cut back on 2 December; the gate can be seen from the road.".into(),
            },
        },
    )
    .await?;
    assert_eq!(updated.status, ActionStatus::Done);
    assert_eq!(updated.updates.len(), 1);
    assert_eq!(updated.updates[0].by, "parks.reader");

    // Another agency's action, a status that is not one, and a blocked action without its reason
    // are refused, each with its own code; the team's worker has no such list.
    let lighting = worker
        .store
        .lock()
        .get_plan(plan)?
        .actions
        .iter()
        .find(|a| a.description.contains("lighting"))
        .ok_or("the lighting action")?
        .id;
    let attempt = |action_id, status: &str, reason: &str| PartnerActionUpdate {
        plan_id: plan,
        action_id,
        change: StatusChange {
            status: status.into(),
            blocked_reason: reason.into(),
            note: String::new(),
        },
    };
    let refused =
        client::update_partner_action(&address, &reader.token, &attempt(lighting, "done", ""))
            .await
            .expect_err("not the parks team's");
    assert_eq!(refused.code(), "not_your_agencys_action", "{refused}");
    let refused =
        client::update_partner_action(&address, &reader.token, &attempt(bushes, "finished", ""))
            .await
            .expect_err("not a status");
    assert_eq!(refused.code(), "unknown_action_status", "{refused}");
    let refused = client::partner_actions(&address, &worker.token)
        .await
        .expect_err("a practitioner works on the plan itself");
    assert_eq!(refused.code(), "not_a_partner_reader", "{refused}");

    // The team's device receives the change as part of the plan, by its author.
    worker.sync(&address).await?;
    let seen = worker.store.lock().get_plan(plan)?;
    let action = seen
        .actions
        .iter()
        .find(|a| a.id == bushes)
        .ok_or("the bushes action")?;
    assert_eq!(action.status, ActionStatus::Done);
    assert!(action.done_on.is_some());
    assert_eq!(
        action
            .updates
            .iter()
            .map(|u| u.by.as_str())
            .collect::<Vec<_>>(),
        ["parks.reader"]
    );
    let history = worker.store.lock().history(plan)?;
    assert!(
        history.iter().any(|h| h.what == "Action status: Done"),
        "{history:?}"
    );
    Ok(())
}
