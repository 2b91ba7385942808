//! The workspace's people as devices learn them from the real server (privacy rules P6 and
//! P14): a record's history names the person and their agency, not an install; its page says who
//! can see it; and no device may write under an actor another person's device wrote under.

mod common;

use common::{Device, Fixture, Result};
use waymark_core::{ContextEdit, RecordId};
use waymark_store::Store;
use waymark_sync::ErrorCode;

/// Workspace A's people: `worker.a` (whose agency is recorded here), a second practitioner, a
/// manager and a school's designated safeguarding lead.
fn add_people(fixture: &Fixture) -> Result {
    for (user, agency, role) in [
        ("worker.a", "youth_work", "practitioner"),
        ("worker.c", "early_help", "practitioner"),
        ("manager.m", "childrens_social_care", "manager"),
        ("school.dsl", "school", "partner_reader"),
    ] {
        fixture.add_member(user, agency, role)?;
    }
    Ok(())
}

fn who_changed(device: &Device, id: RecordId) -> Result<Vec<String>> {
    Ok(device
        .store
        .lock()
        .history(id)?
        .into_iter()
        .map(|entry| entry.by.to_string())
        .collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn each_change_in_a_history_names_the_person_who_made_it_and_their_agency() -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let colleague = fixture.device("worker.c", "colleague").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&address).await?;
    colleague.sync(&address).await?;
    colleague.store.lock().update_context(
        park.id,
        ContextEdit::Description("Groups gather by the skate ramp after school".into()),
    )?;
    colleague.sync(&address).await?;
    worker.sync(&address).await?;

    // Before the device has heard who is who, it can only tell its own changes from others'.
    let unnamed = who_changed(&worker, park.id)?;
    assert_eq!(unnamed[0], "This device");
    assert!(unnamed[1].starts_with("Another device ("), "{unnamed:?}");

    worker.refresh_directory(&address).await?;
    colleague.refresh_directory(&address).await?;
    assert_eq!(
        who_changed(&worker, park.id)?,
        ["worker.a, Youth work (this device)", "worker.c, Early help"]
    );
    assert_eq!(
        who_changed(&colleague, park.id)?,
        ["worker.a, Youth work", "worker.c, Early help (this device)"]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_page_says_who_can_see_it_the_team_a_case_team_or_a_partner_it_was_shared_with(
) -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let manager = fixture.device("manager.m", "manager").await?;
    let reader = fixture.device("school.dsl", "reader").await?;
    let park = worker.context("Northfield Park")?;
    let station = worker.context("Eastgate bus station")?;
    let map = worker.level_one_map()?;
    assert!(
        worker
            .store
            .lock()
            .audience(park.id)?
            .scope_sentence()
            .starts_with("Not known yet"),
        "a device that has not synced does not guess"
    );
    worker.sync(&address).await?;
    let decision = fixture.share_with_school("manager.m", &[park.id])?;
    for device in [&worker, &manager, &reader] {
        device.sync(&address).await?;
        device.refresh_directory(&address).await?;
    }

    let team = worker.store.lock().audience(station.id)?;
    assert!(team.scope_sentence().contains("Workspace A"), "{team:?}");
    assert_eq!(
        team.people_lines(),
        [
            "manager.m, Children's social care (manager)",
            "worker.a, Youth work (practitioner), you",
            "worker.c, Early help (practitioner)",
        ],
        "the partner reader is not among them"
    );
    assert!(team.shared_with.is_empty());

    let case_team = worker.store.lock().audience(map)?;
    assert!(
        case_team.scope_sentence().starts_with("Case team only"),
        "{case_team:?}"
    );
    assert_eq!(
        case_team.people_lines(),
        ["worker.a, Youth work (practitioner), you"]
    );

    let shared = reader.store.lock().audience(park.id)?;
    assert_eq!(
        shared.reader_lines(),
        [format!(
            "school.dsl, School (DSL), to read (sharing decision {decision})"
        )]
    );
    assert_eq!(shared.people.len(), 3, "the team works on it: {shared:?}");
    assert!(shared.read_only_for_you);
    assert_eq!(manager.store.lock().audience(park.id)?, shared_for(&shared));

    // The reader's directory names no record it may not see.
    let directory = reader
        .store
        .lock()
        .directory()?
        .ok_or("the reader has a directory")?;
    let named: Vec<RecordId> = directory.records.iter().map(|r| r.record).collect();
    assert_eq!(named, [park.id]);

    // The reader's device refuses their change, says why, and keeps the team's copy.
    let refused = reader
        .store
        .lock()
        .update_context(park.id, ContextEdit::Name("Changed at the school".into()))
        .expect_err("shared to read");
    let refused = waymark_core::CommandError::from(refused);
    assert_eq!(refused.code, "shared_to_read", "{refused:?}");
    assert!(refused.message.contains("shared with you to read"));
    assert_eq!(
        reader.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    assert!(
        manager
            .store
            .lock()
            .update_context(park.id, ContextEdit::Name("Northfield Park (east)".into()))
            .is_ok(),
        "the team still changes it"
    );
    Ok(())
}

/// The same audience as seen by a manager of the team: only "you" moves, and they may change it.
fn shared_for(
    seen_by_reader: &waymark_core::directory::Audience,
) -> waymark_core::directory::Audience {
    let mut audience = seen_by_reader.clone();
    audience.read_only_for_you = false;
    for person in &mut audience.people {
        person.you = person.user == "manager.m";
    }
    audience
}

#[tokio::test(flavor = "multi_thread")]
async fn changes_written_under_another_persons_actor_are_refused_and_not_kept() -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    // One install's database copied to a second device: both write under the same actor.
    let original = fixture.dir.path().join("original.db");
    let copy = fixture.dir.path().join("copy.db");
    drop(Store::open(&original)?);
    std::fs::copy(&original, &copy)?;
    let worker = fixture.enrol("worker.a", Store::open(&original)?).await?;
    let impostor = fixture.enrol("worker.c", Store::open(&copy)?).await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&address).await?;

    let forged = impostor.context("Eastgate bus station")?;
    let report = impostor.sync(&address).await?;
    assert!(report.refused.contains(&ErrorCode::Rejected), "{report:?}");
    assert!(!report.confirmed.contains_key(&forged.id));
    let access = waymark_e2e::admin(
        common::binary(),
        &fixture.db,
        &["record", "access", &forged.id.to_string()],
    )
    .expect_err("the forged record was not kept");
    assert!(access.to_string().contains("[unknown_record]"), "{access}");

    // The first writer goes on as before, and their history still names them.
    worker
        .store
        .lock()
        .update_context(park.id, ContextEdit::Name("Northfield Park (east)".into()))?;
    let report = worker.sync(&address).await?;
    assert!(report.refused.is_empty(), "{report:?}");
    worker.refresh_directory(&address).await?;
    let history = who_changed(&worker, park.id)?;
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history
            .iter()
            .all(|by| by == "worker.a, Youth work (this device)"),
        "{history:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_handed_to_another_person_writes_under_their_name_and_the_first_keeps_theirs(
) -> Result {
    let fixture = Fixture::start()?;
    add_people(&fixture)?;
    let address = fixture.address();
    let path = fixture.dir.path().join("handed-on.db");
    let first = fixture.enrol("worker.a", Store::open(&path)?).await?;
    let park = first.context("Northfield Park")?;
    first.sync(&address).await?;
    first.refresh_directory(&address).await?;
    drop(first);

    // The same install, enrolled again for a colleague.
    let second = fixture.enrol("worker.c", Store::open(&path)?).await?;
    assert!(
        second.store.lock().directory()?.is_none(),
        "the last person's directory is forgotten"
    );
    let station = second.context("Eastgate bus station")?;
    let report = second.sync(&address).await?;
    assert!(report.refused.is_empty(), "{report:?}");
    assert!(report.confirmed.contains_key(&station.id));
    second.refresh_directory(&address).await?;
    assert_eq!(
        who_changed(&second, station.id)?,
        ["worker.c, Early help (this device)"]
    );
    assert_eq!(who_changed(&second, park.id)?, ["worker.a, Youth work"]);
    Ok(())
}
