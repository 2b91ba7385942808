//! The audit log (privacy rule P14), through the real server binary: what devices and managers
//! do to records is logged with the person, the device and the time; a refused request is logged
//! without anything being told to the device; and `audit verify` finds an entry changed or
//! removed in the database afterwards.

mod common;

use common::{binary, Fixture, Result};
use waymark_core::ContextEdit;
use waymark_e2e::admin;
use waymark_sync::{client, ErrorCode};

const WORKSPACE: &str = "Workspace A";

/// The fields of each `audit list` line: seq, time, user, device, action, record, detail.
fn entries(listed: &str) -> Vec<Vec<String>> {
    listed
        .lines()
        .map(|line| line.splitn(7, "  ").map(str::to_owned).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_done_to_a_record_is_logged_by_person_and_device_and_tampering_is_found() -> Result
{
    let fixture = Fixture::start()?;
    let db = &fixture.db;
    for (user, agency, role) in [
        ("manager.m", "childrens_social_care", "manager"),
        ("school.dsl", "school", "partner_reader"),
    ] {
        fixture.add_member(user, agency, role)?;
    }
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let reader = fixture.device("school.dsl", "reader").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&address).await?;
    worker
        .store
        .lock()
        .update_context(park.id, ContextEdit::Description("Lit until 10pm.".into()))?;
    worker.sync(&address).await?;
    let shared = admin(
        binary(),
        db,
        &[
            "share",
            "add",
            "--workspace",
            WORKSPACE,
            "--by",
            "manager.m",
            "--agency",
            "school",
            "--purpose",
            "Safety plan for home time",
            "--legal-basis",
            "education_act_2002_s175",
            "--consent",
            "obtained",
            &park.id.to_string(),
        ],
    )?;
    let decision = shared.trim().trim_start_matches("sharing decision ");
    reader.sync(&address).await?;
    reader
        .store
        .lock()
        .update_context(park.id, ContextEdit::Name("Renamed by the school".into()))?;
    let report = reader.sync(&address).await?;
    assert!(report.refused.contains(&ErrorCode::Forbidden), "{report:?}");
    admin(
        binary(),
        db,
        &["share", "revoke", decision, "--by", "manager.m"],
    )?;
    let report = reader.sync(&address).await?;
    assert_eq!(report.withdrawn, [park.id]);

    let listed = admin(
        binary(),
        db,
        &["audit", "list", "--record", &park.id.to_string()],
    )?;
    let log = entries(&listed);
    let done: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| (e[2].as_str(), e[3].as_str(), e[4].as_str()))
        .collect();
    assert_eq!(
        done[..6],
        [
            ("worker.a", worker.device.as_str(), "create"),
            ("worker.a", worker.device.as_str(), "edit"),
            ("manager.m", "on the server", "share"),
            ("school.dsl", reader.device.as_str(), "refused"),
            ("manager.m", "on the server", "revoke_share"),
            ("school.dsl", reader.device.as_str(), "withdraw"),
        ],
        "{listed}"
    );
    assert!(log.iter().all(|e| e[5] == park.id.to_string()), "{listed}");
    assert!(
        log[2][6].contains(&format!("sharing decision {decision} to school")),
        "{listed}"
    );
    let by_reader = admin(binary(), db, &["audit", "list", "--user", "school.dsl"])?;
    assert_eq!(entries(&by_reader).len(), log.len() - 4, "{by_reader}");

    let intact = admin(binary(), db, &["audit", "verify"])?;
    assert!(
        intact.starts_with(&format!(
            "the audit log is intact: {} entries, the last link ",
            log.len()
        )),
        "{intact}"
    );

    // Someone with the database file, or its password, changes who refused; verify says which entry.
    let seq: i64 = log[3][0].parse()?;
    common::tamper(
        db,
        &format!("UPDATE audit_log SET \"user\" = 'worker.a' WHERE seq = {seq}"),
    )?;
    let broken = admin(binary(), db, &["audit", "verify"]).expect_err("an entry was changed");
    assert!(
        broken.to_string().contains("[audit_broken]")
            && broken
                .to_string()
                .contains(&format!("entry {seq} was changed after it was written")),
        "{broken}"
    );

    // Put back, the chain holds again; an entry taken out is found too.
    common::tamper(
        db,
        &format!("UPDATE audit_log SET \"user\" = 'school.dsl' WHERE seq = {seq}"),
    )?;
    admin(binary(), db, &["audit", "verify"])?;
    common::tamper(db, &format!("DELETE FROM audit_log WHERE seq = {seq}"))?;
    let removed = admin(binary(), db, &["audit", "verify"]).expect_err("an entry was removed");
    assert!(
        removed
            .to_string()
            .contains(&format!("entries {seq} to {seq} are missing")),
        "{removed}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn views_made_offline_reach_the_log_at_the_next_sync_with_the_time_they_happened() -> Result {
    let fixture = Fixture::start()?;
    let db = &fixture.db;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let other = fixture.device("worker.b", "other").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&address).await?;

    // Opened twice offline within minutes, and again an hour later: two views.
    let seen = waymark_core::UnixMillis::new(1_795_000_000_000);
    {
        let mut store = worker.store.lock();
        store.record_view(park.id, seen)?;
        store.record_view(park.id, seen.after(std::time::Duration::from_secs(120)))?;
        store.record_view(park.id, seen.after(std::time::Duration::from_secs(3600)))?;
    }
    let waiting = worker.store.lock().audit_to_send(100)?;
    assert_eq!(waiting.len(), 2);
    client::report_audit(&address, &worker.token, &waiting).await?;
    worker.store.lock().audit_sent(
        &waiting.iter().map(|event| event.id).collect::<Vec<_>>(),
        seen.after(std::time::Duration::from_secs(7200)),
    )?;
    assert!(worker.store.lock().audit_to_send(100)?.is_empty());

    // Another workspace's user reports a view of the park: logged as refused.
    other.store.lock().record_view(park.id, seen)?;
    let forged = other.store.lock().audit_to_send(100)?;
    client::report_audit(&address, &other.token, &forged).await?;

    let listed = admin(
        binary(),
        db,
        &["audit", "list", "--record", &park.id.to_string()],
    )?;
    let log = entries(&listed);
    let views: Vec<&Vec<String>> = log.iter().filter(|e| e[4] == "view").collect();
    assert_eq!(views.len(), 2, "{listed}");
    assert_eq!(
        views[0][1],
        seen.to_string(),
        "the time it happened on the device"
    );
    assert_eq!(views[0][2], "worker.a");
    assert_eq!(views[0][3], worker.device);
    assert!(
        views[0][6].starts_with("on the device; reported at "),
        "{listed}"
    );
    let refused: Vec<&Vec<String>> = log.iter().filter(|e| e[4] == "refused").collect();
    assert_eq!(refused.len(), 1, "{listed}");
    assert_eq!(refused[0][2], "worker.b");

    // Only views, exports and prints come from devices.
    let mut edit = forged[0].clone();
    edit.action = waymark_core::audit::AuditAction::Share;
    let bad = client::report_audit(&address, &worker.token, &[edit])
        .await
        .expect_err("a device does not report shares");
    assert_eq!(bad.code(), "bad_audit_report");
    admin(binary(), db, &["audit", "verify"])?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_reads_their_workspace_s_log_in_the_app_by_record_or_person_and_nobody_else_may(
) -> Result {
    let fixture = Fixture::start()?;
    fixture.add_member("manager.m", "childrens_social_care", "manager")?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let manager = fixture.device("manager.m", "manager").await?;
    let elsewhere = fixture.device("worker.b", "elsewhere").await?;
    let park = worker.context("Northfield Park")?;
    let station = worker.context("Eastgate bus station")?;
    worker.sync(&address).await?;
    let other = elsewhere.context("Riverside Market")?;
    elsewhere.sync(&address).await?;
    manager.sync(&address).await?;
    manager
        .store
        .lock()
        .update_context(park.id, ContextEdit::Description("Lit until 10pm.".into()))?;
    manager.sync(&address).await?;

    let everything = client::fetch_audit(
        &address,
        &manager.token,
        &waymark_core::audit::AuditFilter::default(),
    )
    .await?;
    let records: Vec<_> = everything.iter().filter_map(|e| e.record).collect();
    assert!(records.contains(&park.id) && records.contains(&station.id));
    assert!(
        !records.contains(&other.id),
        "another workspace's log is not theirs"
    );
    assert!(
        everything.windows(2).all(|pair| pair[0].at >= pair[1].at),
        "newest first"
    );

    let of_the_park = client::fetch_audit(
        &address,
        &manager.token,
        &waymark_core::audit::AuditFilter {
            record: Some(park.id),
            user: Some("manager.m".into()),
        },
    )
    .await?;
    assert_eq!(of_the_park.len(), 1, "{of_the_park:?}");
    assert_eq!(
        of_the_park[0].action,
        waymark_core::audit::AuditAction::Edit
    );
    assert_eq!(
        of_the_park[0].device.as_deref(),
        Some(manager.device.as_str())
    );

    let refused = client::fetch_audit(
        &address,
        &worker.token,
        &waymark_core::audit::AuditFilter::default(),
    )
    .await
    .expect_err("a practitioner does not read the log");
    assert_eq!(refused.code(), "not_a_manager", "{refused}");
    Ok(())
}
