//! A partner agency's actions end to end: two apps and a real sync server. A manager brings a
//! park to a conference whose plan gives the bushes to the parks team and the lighting to the
//! council; the parks team's reader opens the app to the parks action only, overdue and marked
//! so, with the park's name, marks it done with a note, and the manager's plan shows the update
//! by the reader. Invented place and people.

mod common;

use std::time::Duration;

use common::{
    add_action, click, enrol, plan_and_check_in, screenshot_at, select, set_date, start_app, tick,
    type_into, wait_for_text, wait_for_text_within,
};
use waymark_e2e::{
    admin, app_binary, enrolment_code, free_port, server_binary, Result, SyncServer, TauriDriver,
    Xvfb,
};

const WORKSPACE: &str = "Northside team";

/// How long a sync may take to reach the other device on a slow machine.
const PATIENCE: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn the_parks_teams_reader_updates_the_parks_action_and_the_team_sees_it() -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    admin(&server, &db, &["workspace", "create", WORKSPACE])?;
    for (user, agency, role) in [
        ("manager.one", "youth_work", "manager"),
        ("parks.reader", "parks", "partner_reader"),
    ] {
        admin(
            &server,
            &db,
            &[
                "user",
                "add",
                user,
                "--workspace",
                WORKSPACE,
                "--agency",
                agency,
                "--role",
                role,
            ],
        )?;
    }
    let listen = format!("127.0.0.1:{}", free_port()?);
    let sync_server = SyncServer::start(&server, &db, &listen)?;
    let address = sync_server.address.clone();

    let xvfb = Xvfb::start()?;
    let (home_a, home_b) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let driver_a = TauriDriver::start(xvfb.display(), home_a.path(), &[])?;
    let driver_b = TauriDriver::start(xvfb.display(), home_b.path(), &[])?;
    let manager = start_app(&driver_a, &app).await?;
    let parks = start_app(&driver_b, &app).await?;
    enrol(
        &manager,
        &address,
        &enrolment_code(&server, &db, "manager.one")?,
        None,
    )
    .await?;

    // The manager walks the park and holds the conference that ends in a plan.
    common::create_context(&manager, "Brookside Park").await?;
    plan_and_check_in(&manager).await?;
    click(&manager, "#back").await?;
    click(&manager, "#arrange-conference").await?;
    set_date(&manager, "#held-on", "2026-11-20").await?;
    type_into(&manager, "#chair-name", "H. Service").await?;
    type_into(&manager, "#chair-role", "Head of service").await?;
    click(&manager, "#held-on").await?;
    tick(&manager, "#considered input.consider").await?;
    select(&manager, "#conference-decision", "plan").await?;
    click(&manager, "#complete-conference").await?;
    wait_for_text(&manager, "#plan-status", "Not yet agreed").await?;
    add_action(
        &manager,
        "Cut back the bushes by the path",
        "parks",
        "2026-12-01",
    )
    .await?;
    add_action(
        &manager,
        "Repair the lighting on the main path",
        "planning_highways_lighting",
        "2027-01-10",
    )
    .await?;
    wait_for_text_within(&manager, "#sync-status", "Synced", PATIENCE).await?;

    // The parks team's reader starts from the parks action: overdue, with the park's name.
    enrol(
        &parks,
        &address,
        &enrolment_code(&server, &db, "parks.reader")?,
        None,
    )
    .await?;
    // The home page reads the person's role from the directory the first sync brought.
    click(&parks, "#settings").await?;
    click(&parks, "#back").await?;
    let listed = wait_for_text(&parks, "#agency-action-list", "Cut back the bushes").await?;
    // The place's name is shown as an eyebrow, in capitals.
    assert!(listed.to_lowercase().contains("brookside park"), "{listed}");
    assert!(listed.contains("Overdue"), "{listed}");
    assert!(
        !listed.contains("lighting"),
        "another agency's action is not shown: {listed}"
    );
    screenshot_at(&parks, "#agency-actions", "e2e-partner-actions").await?;
    select(&parks, ".agency-action-status", "done").await?;
    type_into(
        &parks,
        ".agency-action-note",
        "Cut back on 2 December; the path can be seen from the road.",
    )
    .await?;
    click(&parks, ".agency-action-save").await?;
    wait_for_text(
        &parks,
        "#agency-action-list",
        "parks.reader: Cut back on 2 December",
    )
    .await?;

    // The manager's plan shows the update, by the parks team's reader.
    wait_for_text_within(
        &manager,
        "#action-list",
        "parks.reader: Cut back on 2 December",
        PATIENCE,
    )
    .await?;
    screenshot_at(
        &manager,
        "#action-list",
        "e2e-partner-action-seen-by-the-team",
    )
    .await?;
    manager.close().await?;
    parks.close().await?;
    drop(sync_server);
    Ok(())
}
