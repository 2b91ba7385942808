//! Operating the server, through the real binary: `check` says whether the database can be read
//! and is at the schema this server writes, changing nothing; `migrate` creates it or brings it
//! up; a server refuses to start on a database a newer server wrote, with one sentence and a
//! non-zero exit, leaving the file as it was; `--log-json` logs one JSON object a line; a
//! stopped server lets the sessions under way finish; and `/metrics` counts without naming.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{binary, upgrade_refusal, Fixture, RawSocket, Result};
use waymark_core::RecordId;
use waymark_e2e::{admin, SyncServer};
use waymark_sync::client::ServerAddress;
use waymark_sync::{ErrorCode, Message};

/// The version `migrate` says it created, from its sentence.
fn created_version(said: &str) -> Result<i64> {
    let version = said
        .trim()
        .rsplit(' ')
        .next()
        .ok_or("no version")?
        .parse()?;
    Ok(version)
}

/// What an admin command said on stderr when it refused, as the operator reads it.
fn refused(db: &Path, command: &str, why: &str) -> String {
    admin(binary(), db, &[command]).expect_err(why).to_string()
}

fn set_version(db: &Path, version: i64) -> Result {
    rusqlite::Connection::open(db)?.pragma_update(None, "user_version", version)?;
    Ok(())
}

#[test]
fn check_and_migrate_say_where_the_database_stands_and_check_changes_nothing() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");

    let missing = refused(&db, "check", "no database yet");
    assert!(
        missing.contains("[database_missing]") && missing.contains("waymark-server migrate"),
        "{missing}"
    );
    assert!(!db.exists(), "check created nothing");

    let created = admin(binary(), &db, &["migrate"])?;
    assert!(
        created.contains("was created at schema version"),
        "{created}"
    );
    let current = created_version(&created)?;
    let checked = admin(binary(), &db, &["check"])?;
    assert!(
        checked.contains(&format!("its schema is current (version {current})")),
        "{checked}"
    );
    let again = admin(binary(), &db, &["migrate"])?;
    assert!(
        again.contains(&format!("already at schema version {current}")),
        "{again}"
    );

    // As the server before the last migration left it: no erasure tables or columns.
    rusqlite::Connection::open(&db)?.execute_batch(
        "DROP TABLE retention_extensions; DROP TABLE erasures;
         ALTER TABLE documents DROP COLUMN epoch; ALTER TABLE documents DROP COLUMN kind;
         ALTER TABLE documents DROP COLUMN track_erased_at;",
    )?;
    set_version(&db, current - 1)?;
    let before = std::fs::read(&db)?;
    let behind = refused(&db, "check", "an older schema");
    assert!(
        behind.contains("[database_behind]")
            && behind.contains(&format!("version {}", current - 1))
            && behind.contains("run `waymark-server migrate`"),
        "{behind}"
    );
    assert_eq!(std::fs::read(&db)?, before, "check wrote nothing");
    let upgraded = admin(binary(), &db, &["migrate"])?;
    assert!(
        upgraded.contains(&format!(
            "went from schema version {} to {current}",
            current - 1
        )),
        "{upgraded}"
    );
    admin(binary(), &db, &["check"])?;

    let not_a_database = dir.path().join("notes.txt");
    std::fs::write(&not_a_database, "Walk notes, not a database.")?;
    let unreadable = refused(&not_a_database, "check", "not a database");
    assert!(unreadable.contains("[database]"), "{unreadable}");
    Ok(())
}

#[test]
fn a_server_refuses_to_start_on_a_newer_database_and_leaves_it_as_it_was() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let created = admin(binary(), &db, &["migrate"])?;
    let newer = created_version(&created)? + 1;
    set_version(&db, newer)?;
    let before = std::fs::read(&db)?;

    let checked = refused(&db, "check", "a newer schema");
    assert!(checked.contains("[database_too_new]"), "{checked}");
    let served = Command::new(binary())
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()?;
    assert!(!served.status.success(), "the server did not start");
    let said = String::from_utf8_lossy(&served.stderr);
    assert!(
        said.contains("[database_too_new]")
            && said.contains(&format!("schema {newer}"))
            && said.contains("run the newer server, or restore a backup"),
        "{said}"
    );
    assert_eq!(std::fs::read(&db)?, before, "the file is as it was");
    Ok(())
}

#[test]
fn the_log_is_one_json_object_a_line_when_asked_for() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let migrated = Command::new(binary())
        .arg("--log-json")
        .arg("--db")
        .arg(&db)
        .arg("migrate")
        .env_remove("RUST_LOG")
        .output()?;
    assert!(migrated.status.success());
    let logged = String::from_utf8(migrated.stderr)?;
    let lines: Vec<serde_json::Value> = logged
        .lines()
        .map(serde_json::from_str)
        .collect::<std::result::Result<_, _>>()?;
    let applied: Vec<i64> = lines
        .iter()
        .filter(|line| line["fields"]["message"] == "applied server migration")
        .filter_map(|line| line["fields"]["version"].as_i64())
        .collect();
    assert_eq!(applied.first(), Some(&1), "{logged}");
    assert!(
        applied.windows(2).all(|pair| pair[1] == pair[0] + 1),
        "{logged}"
    );
    for line in &lines {
        assert_eq!(line["level"], "INFO", "{line}");
        assert!(line["timestamp"].is_string(), "{line}");
        assert!(line["target"].is_string(), "{line}");
    }
    Ok(())
}

/// The ids of the documents a batch of messages sent whole.
fn sent_whole(messages: &[Message]) -> Vec<RecordId> {
    messages
        .iter()
        .flat_map(|m| match m {
            Message::Documents { documents } => documents.iter().map(|(id, _)| *id).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// One count from the metrics' text: the value on the line that starts with `series `.
fn count(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

async fn metrics_text(address: &str, token: Option<&str>) -> Result<(u16, String)> {
    let mut request = reqwest::Client::new().get(format!("{address}/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    Ok((response.status().as_u16(), response.text().await?))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_server_lets_the_session_under_way_finish_then_exits() -> Result {
    // Stopping the server (SIGTERM, as systemd and container runtimes send) must not cut a
    // device off halfway through its sync: the record it sends after the signal is stored and
    // confirmed, then the server asks it to reconnect and exits cleanly. A device connected
    // between sessions is asked to reconnect at once, and no new connection is taken.
    let fixture = Fixture::start()?;
    let colleague = fixture.device("worker.a", "colleague").await?;
    let device = fixture.device("worker.a", "device").await?;
    let towpath = colleague.context("Canal towpath")?;
    colleague.sync(&fixture.address()).await?;
    let Fixture {
        dir: _dir,
        db,
        server,
    } = fixture;

    let mut idle = RawSocket::open(&server.address, &colleague.token).await?;
    let mut busy = RawSocket::open(&server.address, &device.token).await?;
    busy.send_only(&Message::Summary {
        digest: [0; 32],
        documents: 0,
    })
    .await?;
    busy.until(|m| matches!(m, Message::Inventory { .. }))
        .await?;
    busy.send_only(&Message::Inventory { documents: vec![] })
        .await?;
    let offered = busy.until(|m| *m == Message::Idle).await?;
    assert_eq!(sent_whole(&offered), vec![towpath.id], "{offered:?}");

    server.terminate()?;
    assert_eq!(
        idle.close_code(None).await?,
        Some(4003),
        "the device between sessions is asked to reconnect"
    );
    assert!(
        RawSocket::open(&server.address, &device.token)
            .await
            .is_err(),
        "a stopping server takes no new sync connection"
    );

    let park = device.context("Northfield Park")?;
    let bytes = device.store.lock().document_bytes(park.id)?;
    busy.send_only(&Message::Documents {
        documents: vec![(park.id, bytes)],
    })
    .await?;
    let replies = busy.until(|m| matches!(m, Message::Stored { .. })).await?;
    assert!(
        replies
            .iter()
            .any(|m| matches!(m, Message::Stored { documents } if documents.contains(&park.id))),
        "the record sent after the signal is stored: {replies:?}"
    );
    busy.send_only(&Message::Stored {
        documents: sent_whole(&offered),
    })
    .await?;
    busy.send_only(&Message::Idle).await?;
    assert_eq!(
        busy.close_code(None).await?,
        Some(4003),
        "once its session has ended, the device is asked to reconnect"
    );
    assert!(server.wait()?.success(), "a stop asked for is a clean exit");

    let restarted = SyncServer::start(binary(), &db, "127.0.0.1:0")?;
    colleague
        .sync(&ServerAddress::parse(&restarted.address)?)
        .await?;
    assert_eq!(
        colleague.store.lock().get_context(park.id)?.name,
        "Northfield Park",
        "what was stored during the stop is there after the restart"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_metrics_count_devices_sessions_frames_refusals_and_storage_and_name_no_one() -> Result
{
    let fixture = Fixture::start()?;
    let device = fixture.device("worker.a", "device").await?;
    device.context("Northfield Park")?;
    device.sync(&fixture.address()).await?;
    let (status, _) = upgrade_refusal(&fixture.server.address, Some("not-a-token")).await?;
    assert_eq!(status, 401);
    let mut raw = RawSocket::open(&fixture.server.address, &device.token).await?;
    assert_eq!(
        raw.send_bytes(waymark_sync::encode(&Message::Idle)?)
            .await?,
        common::refused(ErrorCode::OutOfOrder)
    );

    // The first sync's connection closes as the raw one opens: wait for the count to settle.
    let text = waymark_e2e::eventually("one device connected", common::PATIENCE, || async {
        let (status, text) = metrics_text(&fixture.server.address, None).await?;
        assert_eq!(status, 200);
        let connected = count(&text, "waymark_devices_connected");
        Ok(if connected == Some(1.0) {
            std::ops::ControlFlow::Break(text)
        } else {
            std::ops::ControlFlow::Continue(format!("{connected:?} connected"))
        })
    })
    .await?;
    for (series, at_least) in [
        ("waymark_sync_sessions_total", 1.0),
        ("waymark_sync_frames_total{direction=\"in\"}", 4.0),
        ("waymark_sync_frames_total{direction=\"out\"}", 3.0),
        ("waymark_sync_bytes_total{direction=\"in\"}", 200.0),
        ("waymark_refusals_total{code=\"unauthorized\"}", 1.0),
        ("waymark_refusals_total{code=\"out_of_order\"}", 1.0),
        ("waymark_storage_seconds_count{work=\"request\"}", 1.0),
        ("waymark_storage_seconds_count{work=\"sync_frame\"}", 3.0),
    ] {
        let value = count(&text, series).ok_or_else(|| format!("no {series} in:\n{text}"))?;
        assert!(value >= at_least, "{series} is {value}:\n{text}");
    }
    assert_eq!(
        count(&text, "waymark_refusals_total{code=\"unauthorized\"}"),
        Some(1.0)
    );
    for private in [
        "worker.a",
        "Workspace A",
        "Northfield",
        device.device.as_str(),
    ] {
        assert!(!text.contains(private), "{private} in the metrics:\n{text}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_metrics_can_be_kept_to_whoever_has_their_token() -> Result {
    let fixture = Fixture::start_configured("metrics_token = \"scrape-7f3a\"\n")?;
    let (status, body) = metrics_text(&fixture.server.address, None).await?;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("\"unauthorized\""), "{body}");
    let (status, _) = metrics_text(&fixture.server.address, Some("guess")).await?;
    assert_eq!(status, 401);
    let (status, text) = metrics_text(&fixture.server.address, Some("scrape-7f3a")).await?;
    assert_eq!(status, 200);
    assert!(
        text.contains("# TYPE waymark_devices_connected gauge"),
        "{text}"
    );
    Ok(())
}
