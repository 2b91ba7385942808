//! The audit log (privacy rule P14), through the real server binary: what devices and managers
//! do to records is logged with the person, the device and the time; a refused request is logged
//! without anything being told to the device; and `audit verify` finds an entry changed or
//! removed in the database afterwards.

mod common;

use common::{binary, Fixture, Result};
use waymark_core::ContextEdit;
use waymark_e2e::admin;
use waymark_sync::ErrorCode;

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
        admin(
            binary(),
            db,
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

    // Someone with the database file changes who refused; verify says which entry.
    let seq: i64 = log[3][0].parse()?;
    {
        let conn = rusqlite::Connection::open(db)?;
        conn.execute(
            "UPDATE audit_log SET user = 'worker.a' WHERE seq = ?1",
            [seq],
        )?;
    }
    let broken = admin(binary(), db, &["audit", "verify"]).expect_err("an entry was changed");
    assert!(
        broken.to_string().contains("[audit_broken]")
            && broken
                .to_string()
                .contains(&format!("entry {seq} was changed after it was written")),
        "{broken}"
    );

    // Put back, the chain holds again; an entry taken out is found too.
    {
        let conn = rusqlite::Connection::open(db)?;
        conn.execute(
            "UPDATE audit_log SET user = 'school.dsl' WHERE seq = ?1",
            [seq],
        )?;
        admin(binary(), db, &["audit", "verify"])?;
        conn.execute("DELETE FROM audit_log WHERE seq = ?1", [seq])?;
    }
    let removed = admin(binary(), db, &["audit", "verify"]).expect_err("an entry was removed");
    assert!(
        removed
            .to_string()
            .contains(&format!("entries {seq} to {seq} are missing")),
        "{removed}"
    );
    Ok(())
}
