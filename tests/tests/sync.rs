//! Two devices and a real sync server: each works offline while the server is down, then both
//! sync and show the merged records, photo included.

mod common;

use std::ops::ControlFlow;
use std::time::Duration;

use common::{
    click, create_context, find, plan_and_check_in, screenshot_at, start_app, type_into,
    wait_for_text, wait_for_text_within,
};
use fantoccini::Client;
use waymark_e2e::{
    admin, app_binary, demo_workspace, enrolment_code, eventually, free_port, server_binary, until,
    workspace_root, Result, SyncServer, TauriDriver, Xvfb,
};

/// Enrols through Settings, and keeps a picture of the enrolled device.
async fn enrol(client: &Client, address: &str, code: &str) -> Result<()> {
    common::enrol(client, address, code, Some("e2e-sync-enrolled")).await
}

/// How long a device may take to come back to the server: it retries after waits that double
/// (with jitter) while the server is down, so on a slow machine the last wait can be a minute.
const BACK_ONLINE: Duration = Duration::from_secs(240);

/// Waits until a form field's value contains every one of `expected`.
async fn wait_for_value(client: &Client, css: &str, expected: &[&str]) -> Result<String> {
    eventually(css, BACK_ONLINE, || async {
        let value = match find(client, css).await?.prop("value").await {
            Ok(value) => value.unwrap_or_default(),
            Err(error) => return common::redrawn(error),
        };
        Ok(if expected.iter().all(|part| value.contains(part)) {
            ControlFlow::Break(value)
        } else {
            ControlFlow::Continue(format!("holds {value:?}, not all of {expected:?}"))
        })
    })
    .await
}

/// Lifts the finger off the field being typed in, so the page may reload with synced changes.
async fn stop_typing(client: &Client) -> Result<()> {
    client
        .execute(
            "document.activeElement && document.activeElement.blur(); return null;",
            vec![],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_devices_work_offline_and_merge_through_the_server() -> Result<()> {
    let (app, server) = (app_binary(), server_binary());
    let photo = workspace_root()
        .join("tests")
        .join("fixtures")
        .join("motion-photo-with-gps.jpg");
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
    // Records about children never travel in the clear to another machine.
    click(&a, "#settings").await?;
    type_into(&a, "#sync-server", "http://sync.example.org").await?;
    type_into(&a, "#enrolment-code", "ABCD-EFGH-JKMN").await?;
    click(&a, "#enroll").await?;
    wait_for_text(&a, "#server-error", "use https://").await?;
    find(&a, "#sync-server").await?.clear().await?;
    find(&a, "#enrolment-code").await?.clear().await?;
    click(&a, "#back").await?;
    enrol(
        &a,
        &sync_server.address,
        &enrolment_code(&server, &db, "worker.one")?,
    )
    .await?;
    enrol(
        &b,
        &sync_server.address,
        &enrolment_code(&server, &db, "worker.two")?,
    )
    .await?;

    // A records a place; B's list shows it without anyone asking.
    create_context(&a, "Northfield Park").await?;
    wait_for_text(&b, "#context-list", "Northfield Park").await?;

    // The server goes down. Both keep working.
    sync_server.kill();
    type_into(&a, "#description", " Lights broken by the gate.").await?;
    wait_for_text(&a, "#save-status", "Saved on this device").await?;
    wait_for_text(&a, "#sync-status", "Cannot sync").await?;
    plan_and_check_in(&a).await?;
    click(&a, "#add-observation").await?;
    click(&a, ".category[data-code=young_peoples_presence]").await?;
    click(&a, "#capture summary").await?;
    find(&a, "#photo")
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    wait_for_text(&a, "#photo-count", "1 photo").await?;
    click(&a, "#save-observation").await?;
    find(&a, "#observations img.stored-photo").await?;
    wait_for_text(&a, "#sync-status", "Changes waiting").await?;

    click(&b, "#context-list .context-row").await?;
    type_into(&b, "#description", " Bench moved to the path.").await?;
    wait_for_text(&b, "#save-status", "Saved on this device").await?;
    // B starts to name a lead worker, a field sent by its button, and looks away before
    // sending it.
    type_into(&b, "#lead-worker-name", "R.T.").await?;
    stop_typing(&b).await?;
    wait_for_text(&b, "#sync-status", "Cannot sync").await?;
    wait_for_text(&b, "#sync-status", "Changes waiting: 1 record").await?;
    screenshot_at(&b, "#sync-status", "e2e-sync-offline").await?;

    // The server is back, on the same address: both devices sync by themselves.
    let sync_server = SyncServer::start(&server, &db, &listen)?;
    let both = ["Lights broken by the gate.", "Bench moved to the path."];
    let merged_on_b = wait_for_value(&b, "#description", &both).await?;
    // The page was drawn again with A's words; what B typed and had not sent is still there,
    // and is what the page sends.
    let unsent = find(&b, "#lead-worker-name").await?.prop("value").await?;
    assert_eq!(unsent.as_deref(), Some("R.T."), "B's unsent lead worker");
    click(&b, "#save-lead").await?;
    find(&b, "#lead-saved").await?;
    wait_for_text(&b, "#sync-status", "Synced at").await?;
    screenshot_at(&b, "#sync-status", "e2e-sync-status").await?;
    // B opened the place while the server was down: the view reached the audit log with B's
    // sync, under B's user and device.
    let seen_by_b = admin(&server, &db, &["audit", "list", "--user", "worker.two"])?;
    assert!(
        seen_by_b
            .lines()
            .any(|line| line.contains("  worker.two  ") && line.contains("  view  ")),
        "{seen_by_b}"
    );
    click(&b, ".walkabout-row").await?;
    wait_for_text(&b, "#observations", "1 photo(s) of the place").await?;
    find(&b, "#observations img.stored-photo").await?;
    screenshot_at(&b, "#observations", "e2e-sync-photo-on-second-device").await?;

    wait_for_text_within(&a, "#sync-status", "Synced at", BACK_ONLINE).await?;
    click(&a, "#back").await?;
    let merged_on_a = wait_for_value(&a, "#description", &both).await?;
    assert_eq!(merged_on_a, merged_on_b, "both devices hold the same text");
    // The place is the team's: its page names both workers, as the server told A's device.
    wait_for_text(
        &a,
        "#who-can-see-scope",
        "every practitioner and manager of Northside team",
    )
    .await?;
    wait_for_text(&a, "#who-can-see-people", "worker.one (practitioner), you").await?;
    wait_for_text(&a, "#who-can-see-people", "worker.two (practitioner)").await?;
    screenshot_at(&a, "#who-can-see", "e2e-sync-who-can-see").await?;

    // The administrator revokes B: B says so in words, and receives nothing more.
    let devices = admin(&server, &db, &["device", "list"])?;
    let b_device = devices
        .lines()
        .find(|line| line.contains("worker.two"))
        .and_then(|line| line.split_whitespace().next())
        .ok_or_else(|| format!("no device of worker.two in {devices:?}"))?;
    admin(&server, &db, &["device", "revoke", b_device])?;
    click(&b, "#settings").await?;
    click(&b, "#sync-now").await?;
    let revoked = wait_for_text(&b, "#sync-status", "Cannot sync: device revoked").await?;
    assert!(!revoked.contains("Trying again"), "{revoked}");
    screenshot_at(&b, "#sync-status", "e2e-sync-revoked").await?;

    // A is given a code for another organisation's server. Its records go there only if the
    // practitioner says so.
    let other_db = work.path().join("other-server.db");
    demo_workspace(&server, &other_db, "Eastside team", "worker.east")?;
    let other_server = SyncServer::start(&server, &other_db, "127.0.0.1:0")?;
    let records_on_other_server = || -> Result<i64> {
        let conn = rusqlite::Connection::open(&other_db)?;
        Ok(conn.query_row("SELECT COUNT(*) FROM documents", [], |row| row.get(0))?)
    };
    click(&a, "#settings").await?;
    let address = find(&a, "#sync-server").await?;
    address.clear().await?;
    address.send_keys(&other_server.address).await?;
    let code = enrolment_code(&server, &other_db, "worker.east")?;
    type_into(&a, "#enrolment-code", &code).await?;
    click(&a, "#enroll").await?;
    let question = wait_for_text(&a, "#enrolment-choice", "would send them there").await?;
    assert!(
        question.contains("Northside team") && question.contains("Eastside team"),
        "{question}"
    );
    screenshot_at(&a, "#enrolment-choice", "e2e-sync-enrolment-choice").await?;
    click(&a, "#keep-enrolment").await?;
    let still = wait_for_text(&a, "#enrolled", "This device syncs with").await?;
    assert!(still.contains(&sync_server.address), "{still}");
    click(&a, "#sync-now").await?;
    wait_for_text(&a, "#sync-status", "Synced at").await?;
    assert_eq!(records_on_other_server()?, 0, "nothing went without asking");

    // Asked again with a new code, the practitioner sends them: they reach the other server.
    let code = enrolment_code(&server, &other_db, "worker.east")?;
    type_into(&a, "#enrolment-code", &code).await?;
    click(&a, "#enroll").await?;
    wait_for_text(&a, "#enrolment-choice", "would send them there").await?;
    click(&a, "#send-records").await?;
    wait_for_text(&a, "#enrolled", &other_server.address).await?;
    eventually("the records on the other server", BACK_ONLINE, || async {
        Ok(until(records_on_other_server()? > 0, || {
            "none arrived".to_owned()
        }))
    })
    .await?;
    drop(other_server);

    a.close().await?;
    b.close().await?;
    drop(sync_server);
    Ok(())
}
