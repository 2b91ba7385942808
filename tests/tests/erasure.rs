//! Erasure end to end (privacy rules P13, P14): two apps and a real sync server. A manager types
//! a name into a walkabout's write-up by mistake, edits it away, and erases it from the record's
//! history from the record's page; the history then starts at the erasure, and a colleague's app
//! says the history was erased. (That the name's bytes are gone from every file is shown by
//! `waymark-server`'s `tests/erasure.rs`, on plaintext stores where bytes can be searched.) Then the manager
//! erases the whole walkabout, and the colleague's app says who erased it and why.

mod common;

use std::time::Duration;

use common::{
    click, create_context, enrol, find, plan_and_check_in, screenshot_at, start_app, text_of,
    type_into, wait_for_count, wait_for_text, wait_for_text_within,
};
use waymark_e2e::{
    admin, app_binary, enrolment_code, eventually, free_port, server_binary, until, Result,
    SyncServer, TauriDriver, Xvfb,
};

const WORKSPACE: &str = "Northside team";

/// A name nobody would type by chance, standing for a child's name typed where it should not be.
const MARKER: &str = "Zebedee Quasar";

/// How long a sync may take to reach the other app on a slow machine.
const PATIENCE: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_erases_a_name_from_a_walkabouts_history_and_then_the_walkabout_and_a_colleague_is_told(
) -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    admin(&server, &db, &["workspace", "create", WORKSPACE])?;
    for (user, role) in [("manager.one", "manager"), ("worker.two", "practitioner")] {
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
                "youth_work",
                "--role",
                role,
            ],
        )?;
    }
    let listen = format!("127.0.0.1:{}", free_port()?);
    let sync_server = SyncServer::start(&server, &db, &listen)?;

    let xvfb = Xvfb::start()?;
    let (home_a, home_b) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let driver_a = TauriDriver::start(xvfb.display(), home_a.path(), &[])?;
    let driver_b = TauriDriver::start(xvfb.display(), home_b.path(), &[])?;
    let manager = start_app(&driver_a, &app).await?;
    let colleague = start_app(&driver_b, &app).await?;
    let address = sync_server.address.clone();
    enrol(
        &manager,
        &address,
        &enrolment_code(&server, &db, "manager.one")?,
        None,
    )
    .await?;
    enrol(
        &colleague,
        &address,
        &enrolment_code(&server, &db, "worker.two")?,
        None,
    )
    .await?;

    // The manager walks the park, and types a young person's name into the write-up.
    create_context(&manager, "Northfield Park").await?;
    plan_and_check_in(&manager).await?;
    click(&manager, "#check-out").await?;
    click(&manager, "#confirm-check-out").await?;
    wait_for_text(&manager, "#walkabout-state", "Checked out").await?;
    type_into(
        &manager,
        "#write-up-concerns",
        &format!("Older males waiting by the gate with {MARKER} at home time."),
    )
    .await?;
    wait_for_text(&manager, "#save-status", "Saved on this device").await?;
    wait_for_text_within(&manager, "#sync-status", "Synced", PATIENCE).await?;
    // The colleague's app holds the walkabout too once it has synced.
    eventually("the walkabout on the colleague's app", PATIENCE, || async {
        let listed = colleague
            .find_all(fantoccini::Locator::Css(".context-row"))
            .await?
            .len();
        Ok(until(listed == 1, || "no context yet".to_owned()))
    })
    .await?;

    // The manager sees the mistake and edits the name away.
    find(&manager, "#write-up-concerns").await?.clear().await?;
    type_into(
        &manager,
        "#write-up-concerns",
        "Older males waiting by the gate at home time.",
    )
    .await?;
    wait_for_text(&manager, "#save-status", "Saved on this device").await?;
    wait_for_text_within(&manager, "#sync-status", "Synced", PATIENCE).await?;

    // From the walkabout's page, the manager erases the past text with a reason.
    click(&manager, "#erase-history-form summary").await?;
    type_into(
        &manager,
        "#erase-history-reason",
        "A young person's name was typed in the write-up",
    )
    .await?;
    // The sync line is read every two seconds, so the "Synced" just seen may be from before
    // the edit, which may still be on its way to the server ("there is no record … on this
    // server"): the manager tries again, as they would.
    eventually("the past text erased", PATIENCE, || async {
        click(&manager, "#erase-history").await?;
        let erased = wait_for_text_within(
            &manager,
            "#history-erased",
            "Past text erased",
            Duration::from_secs(20),
        )
        .await;
        Ok(until(erased.is_ok(), || "not erased yet".to_owned()))
    })
    .await?;
    screenshot_at(&manager, "#erasure", "e2e-erase-history-form").await?;
    // The history starts at the erasure, and the write-up says what it said.
    wait_for_text_within(
        &manager,
        "#history",
        "Earlier history erased by manager.one: A young person's name was typed in the write-up",
        PATIENCE,
    )
    .await?;
    let history = text_of(&manager, "#history").await?;
    assert!(!history.contains("Checked in"), "{history}");
    // The new history came with a sync, which drew the page again: the form is still open
    // and still says it was done.
    wait_for_text(&manager, "#history-erased", "Past text erased").await?;
    screenshot_at(&manager, "#history", "e2e-erase-history").await?;
    assert_eq!(
        find(&manager, "#write-up-concerns")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("Older males waiting by the gate at home time.")
    );

    // The colleague's app replaces its copy at its next sync, and says so on the home page.
    wait_for_text_within(
        &colleague,
        "#erasure-notices",
        "had its past text erased from its history",
        PATIENCE,
    )
    .await?;
    wait_for_text(&colleague, "#erasure-notices", "manager.one").await?;
    screenshot_at(&colleague, "#erasure-notices", "e2e-erasure-notice-history").await?;
    click(&colleague, "#erasure-notices button").await?;
    wait_for_count(&colleague, "#erasure-notices", 0).await?;

    // Then the manager erases the whole walkabout; it is gone from both apps, and the colleague
    // is told who erased it and why.
    click(&manager, "#erase-record-form summary").await?;
    type_into(
        &manager,
        "#erase-record-reason",
        "Recorded in the wrong area",
    )
    .await?;
    click(&manager, "#erase-record").await?;
    // Not without the word typed first.
    wait_for_text(&manager, "#confirm-erase-error", "Type ERASE").await?;
    type_into(&manager, "#erase-record-confirm", "ERASE").await?;
    click(&manager, "#erase-record").await?;
    wait_for_text(&manager, "#erasure-notices", "was erased by manager.one").await?;
    wait_for_text_within(
        &colleague,
        "#erasure-notices",
        "was erased by manager.one",
        PATIENCE,
    )
    .await?;
    wait_for_text(
        &colleague,
        "#erasure-notices",
        "Reason: Recorded in the wrong area",
    )
    .await?;
    screenshot_at(&colleague, "#erasure-notices", "e2e-erasure-notice-record").await?;
    let log = admin(&server, &db, &["audit", "list", "--user", "manager.one"])?;
    assert!(log.contains("erase_history"), "{log}");
    assert!(log.contains("Recorded in the wrong area"), "{log}");
    assert!(!log.contains(MARKER), "{log}");

    manager.close().await?;
    colleague.close().await?;
    Ok(())
}
