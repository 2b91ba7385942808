//! Two raters of one school assessment, each on their own device: while the server is down both
//! propose a rating for the same area, and once it is back each device shows both proposals,
//! under their raters' names, beside the lead's agreed rating. Nothing is silently replaced:
//! one component handed to two different people at once shows both names until one is kept,
//! and one handed over while a colleague started it keeps both changes. Invented school and
//! people.

mod common;

use std::time::Duration;

use common::{
    click, click_in_item, create_context_of_type, enrol, fill, screenshot_at, select, start_app,
    type_into, wait_for_count_within, wait_for_text, wait_for_text_within, wait_for_value_within,
};
use waymark_e2e::{
    app_binary, demo_workspace, enrolment_code, free_port, server_binary, Result, SyncServer,
    TauriDriver, Xvfb,
};

/// How long a device may take to come back to the server: it retries after waits that double
/// (with jitter) while the server is down.
const BACK_ONLINE: Duration = Duration::from_secs(240);

/// Gives a component of the assessment to someone, as typing their name and leaving the field
/// does.
async fn assign_owner(client: &fantoccini::Client, component: &str, owner: &str) -> Result<()> {
    fill(client, &format!("#owner-{component}"), owner).await
}

#[tokio::test(flavor = "multi_thread")]
async fn two_raters_propose_for_the_same_area_offline_and_both_proposals_show() -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    demo_workspace(&server, &db, "Northside team", "worker.one")?;
    demo_workspace(&server, &db, "Northside team", "worker.two")?;
    let listen = format!("127.0.0.1:{}", free_port()?);
    let sync_server = SyncServer::start(&server, &db, &listen)?;

    let xvfb = Xvfb::start()?;
    let (home_a, home_b) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let driver_a = TauriDriver::start(xvfb.display(), home_a.path(), &[])?;
    let driver_b = TauriDriver::start(xvfb.display(), home_b.path(), &[])?;
    let a = start_app(&driver_a, &app).await?;
    let b = start_app(&driver_b, &app).await?;
    let address = sync_server.address.clone();
    enrol(
        &a,
        &address,
        &enrolment_code(&server, &db, "worker.one")?,
        None,
    )
    .await?;
    enrol(
        &b,
        &address,
        &enrolment_code(&server, &db, "worker.two")?,
        None,
    )
    .await?;

    // A agrees the assessment with the school; B opens it once it has synced.
    create_context_of_type(
        &a,
        "Northfield Academy",
        "school_college_or_alternative_provision",
    )
    .await?;
    type_into(&a, "#dsl-name", "K. Mensah").await?;
    type_into(&a, "#dsl-role", "Deputy head, DSL").await?;
    click(&a, "#agree-school-assessment").await?;
    wait_for_text(&a, "#proposals-prevention", "No proposals yet").await?;
    wait_for_text_within(&b, "#context-list", "Northfield Academy", BACK_ONLINE).await?;
    click(&b, "#context-list .context-row").await?;
    wait_for_text_within(&b, ".school-row", "K. Mensah", BACK_ONLINE).await?;
    click(&b, ".school-row").await?;
    wait_for_text(&b, "#proposals-prevention", "No proposals yet").await?;
    // Before going offline, the lead gives the student survey to a colleague, and both see it.
    assign_owner(&a, "student_survey", "K. Mensah").await?;
    wait_for_value_within(&b, "#owner-student_survey", "K. Mensah", BACK_ONLINE).await?;

    // The server goes down; both rate prevention, differently.
    sync_server.kill();
    for (client, rag, reason) in [
        (&a, "amber", "Lessons on consent, not yet on exploitation."),
        (&b, "red", "Staff could not say who to tell."),
    ] {
        select(client, "#propose-value-prevention", rag).await?;
        type_into(client, "#propose-reason-prevention", reason).await?;
        click(client, "#propose-prevention").await?;
    }
    wait_for_text(&a, "#proposals-prevention", "worker.one: Amber").await?;
    wait_for_text(&b, "#proposals-prevention", "worker.two: Red").await?;
    // Each hands the policy review to someone different; A starts the student survey while B
    // hands it over.
    assign_owner(&a, "policy_review", "J. Okafor").await?;
    assign_owner(&b, "policy_review", "L. Hughes").await?;
    fill(&a, "#status-student_survey", "1").await?;
    assign_owner(&b, "student_survey", "R. Patel").await?;

    // The server is back: each device shows both proposals, by name.
    let _sync_server = SyncServer::start(&server, &db, &listen)?;
    for (client, other) in [(&a, "worker.two: Red"), (&b, "worker.one: Amber")] {
        wait_for_text_within(client, "#proposals-prevention", other, BACK_ONLINE).await?;
    }
    let shown = wait_for_text(&a, "#proposals-prevention", "worker.one: Amber").await?;
    assert!(
        shown.contains("Staff could not say who to tell."),
        "{shown}"
    );
    screenshot_at(&a, "#rag-prevention", "e2e-school-proposals-merged").await?;

    // The policy review shows both names, and who gave it to each, on both devices.
    for client in [&a, &b] {
        let shown =
            wait_for_text_within(client, "#field-conflicts", "L. Hughes", BACK_ONLINE).await?;
        assert!(
            shown.contains("J. Okafor") && shown.contains("policy review › assignment › owner"),
            "{shown}"
        );
    }
    // The hand-over and the start both stand, and are not shown as a conflict.
    for client in [&a, &b] {
        wait_for_value_within(client, "#owner-student_survey", "R. Patel", BACK_ONLINE).await?;
    }
    let conflicts = wait_for_text(&a, "#field-conflicts", "J. Okafor").await?;
    assert!(!conflicts.contains("student survey"), "{conflicts}");
    screenshot_at(&a, "#field-conflicts", "e2e-school-field-conflict").await?;
    // A keeps L. Hughes; the conflict goes, on A at once and on B at its next sync.
    click_in_item(&a, ".conflicting-value", "L. Hughes", ".keep-value").await?;
    for client in [&a, &b] {
        wait_for_count_within(client, "#field-conflicts", 0, BACK_ONLINE).await?;
        wait_for_value_within(client, "#owner-policy_review", "L. Hughes", BACK_ONLINE).await?;
    }
    a.close().await?;
    b.close().await?;
    Ok(())
}
