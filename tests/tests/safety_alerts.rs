//! A practitioner records an urgent concern on a walkabout; at the next sync it heads the
//! manager's home page, on the manager's own device, until the manager acknowledges it. The
//! practitioner's home page carries no alerts. (The store's tests cover the unsafe check-out
//! and the history entry.) Invented place and people.

mod common;

use std::time::Duration;

use common::{
    click, create_context, enrol, fill, plan_and_check_in, screenshot_at, start_app, type_into,
    wait_for_count, wait_for_count_within, wait_for_text, wait_for_text_within,
};
use waymark_e2e::{
    admin, app_binary, enrolment_code, free_port, server_binary, Result, SyncServer, TauriDriver,
    Xvfb,
};

const WORKSPACE: &str = "Northside detached team";

/// How long a change may take to reach the other device: the next sync after it is saved.
const NEXT_SYNC: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread")]
async fn an_urgent_concern_heads_the_managers_home_page_until_acknowledged() -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    admin(&server, &db, &["workspace", "create", WORKSPACE])?;
    for (user, role) in [("worker.one", "practitioner"), ("manager.one", "manager")] {
        admin(
            &server,
            &db,
            &[
                "user",
                "add",
                user,
                "--workspace",
                WORKSPACE,
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
    let worker = start_app(&driver_a, &app).await?;
    let manager = start_app(&driver_b, &app).await?;
    for (client, user) in [(&worker, "worker.one"), (&manager, "manager.one")] {
        enrol(client, &address, &enrolment_code(&server, &db, user)?, None).await?;
    }

    // On the walk, an urgent concern, escalated at once.
    create_context(&worker, "Northfield Park").await?;
    plan_and_check_in(&worker).await?;
    click(&worker, "#urgent").await?;
    click(&worker, ".category[data-code=signs_of_exploitation]").await?;
    click(&worker, "#concern-types .chip").await?;
    fill(&worker, "#escalation-method", "front_door").await?;
    type_into(&worker, "#escalated-to", "Duty social worker").await?;
    click(&worker, "#save-observation").await?;
    wait_for_text(&worker, "#observations", "Urgent").await?;

    // The manager's home page is headed by it at the next sync, in words, with the walk's name.
    let shown =
        wait_for_text_within(&manager, "#safety-alerts", "Urgent concern", NEXT_SYNC).await?;
    assert!(
        shown.contains("Evening observation of the skate area")
            && shown.contains("Signs of exploitation")
            && shown.contains("Duty social worker"),
        "{shown}"
    );
    screenshot_at(&manager, "#safety-alerts", "e2e-safety-alert-manager").await?;
    // The practitioner's home page carries none.
    click(&worker, ".brand").await?;
    wait_for_text(&worker, "#context-list", "Northfield Park").await?;
    wait_for_count(&worker, "#safety-alerts", 0).await?;

    // Acknowledged, it goes, and stays gone when the page is drawn again.
    click(&manager, "#safety-alerts .acknowledge").await?;
    wait_for_count_within(&manager, "#safety-alerts", 0, NEXT_SYNC).await?;
    click(&manager, "#context-list .context-row").await?;
    click(&manager, ".brand").await?;
    wait_for_text(&manager, "#context-list", "Northfield Park").await?;
    wait_for_count(&manager, "#safety-alerts", 0).await?;
    worker.close().await?;
    manager.close().await?;
    Ok(())
}
