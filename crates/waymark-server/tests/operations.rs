//! Operating the server, through the real binary: `check` says whether the database can be read
//! and is at the schema this server writes, changing nothing; `migrate` creates it or brings it
//! up; a server refuses to start on a database a newer server wrote, with one sentence and a
//! non-zero exit, leaving the file as it was; `--log-json` logs one JSON object a line; a
//! stopped server lets the sessions under way finish; and `/metrics` counts without naming.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{binary, open_session, sent_whole, upgrade_refusal, Fixture, RawSocket, Result};
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

/// An admin command on the SQLite file `db` itself, whichever backend the other tests run on:
/// the tests that use it are about that file. PostgreSQL's are in `postgres.rs`.
fn on_file(db: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()?;
    if output.status.success() {
        Ok(String::from_utf8(output.stdout)?)
    } else {
        Err(String::from_utf8(output.stderr)?.trim().to_owned().into())
    }
}

/// What an admin command said on stderr when it refused, as the operator reads it.
fn refused(db: &Path, command: &str, why: &str) -> String {
    on_file(db, &[command]).expect_err(why).to_string()
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

    let created = on_file(&db, &["migrate"])?;
    assert!(
        created.contains("was created at schema version"),
        "{created}"
    );
    let current = created_version(&created)?;
    let checked = on_file(&db, &["check"])?;
    assert!(
        checked.contains(&format!("its schema is current (version {current})")),
        "{checked}"
    );
    let again = on_file(&db, &["migrate"])?;
    assert!(
        again.contains(&format!("already at schema version {current}")),
        "{again}"
    );

    // As the server before the last migration left it: no change feed.
    rusqlite::Connection::open(&db)?.execute_batch("DROP TABLE change_feed;")?;
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
    let upgraded = on_file(&db, &["migrate"])?;
    assert!(
        upgraded.contains(&format!(
            "went from schema version {} to {current}",
            current - 1
        )),
        "{upgraded}"
    );
    on_file(&db, &["check"])?;

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
    let created = on_file(&db, &["migrate"])?;
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

/// One count from the metrics' text: the value on the line that starts with `series `.
fn count(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

async fn metrics_text(address: &str, token: Option<&str>) -> Result<(u16, String)> {
    let mut request = common::http().get(format!("{address}/metrics"));
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
    let offered = open_session(&mut busy).await?;
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

/// The arguments of a Containerfile instruction written in JSON form, such as `CMD ["serve"]`.
fn json_instruction(file: &str, instruction: &str) -> Result<Vec<String>> {
    let line = file
        .lines()
        .find_map(|line| line.strip_prefix(instruction)?.strip_prefix(' '))
        .ok_or_else(|| format!("no {instruction} in the container file"))?;
    Ok(serde_json::from_str(line)?)
}

/// A setting of the form `name = value` or `Name=value`, read as a number.
fn setting(file: &str, name: &str) -> Result<u64> {
    let value = file
        .lines()
        .find_map(|line| line.strip_prefix(name)?.trim_start().strip_prefix('='))
        .ok_or_else(|| format!("no {name}"))?;
    Ok(value.trim().parse()?)
}

#[test]
fn the_deployment_files_start_the_server_they_describe() -> Result {
    // The systemd unit, the container image and the example settings in deploy/ are what an
    // operator copies. Must hold: the unit and the image start the server the same way, that
    // way starts it on the example settings (with TLS, as shipped), the unit waits longer than
    // the grace period before it kills a stopping server, and a stop is a clean exit.
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    let unit = std::fs::read_to_string(deploy.join("waymark-server.service"))?;
    let image = std::fs::read_to_string(deploy.join("Containerfile"))?;
    let settings = std::fs::read_to_string(deploy.join("server.toml"))?;

    let exec_start: Vec<&str> = unit
        .lines()
        .find_map(|line| line.strip_prefix("ExecStart="))
        .ok_or("no ExecStart in the unit")?
        .split_whitespace()
        .collect();
    let entrypoint = json_instruction(&image, "ENTRYPOINT")?;
    let command = json_instruction(&image, "CMD")?;
    let from_image: Vec<&str> = entrypoint
        .iter()
        .chain(&command)
        .map(String::as_str)
        .collect();
    assert_eq!(
        exec_start, from_image,
        "the unit and the image start it alike"
    );
    assert_eq!(exec_start[0], "/usr/local/bin/waymark-server");
    assert!(
        setting(&unit, "TimeoutStopSec")? > setting(&settings, "shutdown_grace_seconds")?,
        "systemd waits out the grace period"
    );

    // The example settings, with this machine's paths where the operator's would be.
    let dir = tempfile::tempdir()?;
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    std::fs::write(dir.path().join("cert.pem"), generated.cert.pem())?;
    std::fs::write(
        dir.path().join("key.pem"),
        generated.signing_key.serialize_pem(),
    )?;
    let mut ours = settings.clone();
    for (shipped, here) in [
        ("0.0.0.0:8787", "127.0.0.1:0".to_owned()),
        (
            "/var/lib/waymark/server.db",
            path_text(&dir.path().join("server.db")),
        ),
        (
            "/etc/waymark/tls/fullchain.pem",
            path_text(&dir.path().join("cert.pem")),
        ),
        (
            "/etc/waymark/tls/privkey.pem",
            path_text(&dir.path().join("key.pem")),
        ),
    ] {
        assert!(ours.contains(shipped), "{shipped} in server.toml");
        ours = ours.replace(shipped, &here);
    }
    let config = dir.path().join("server.toml");
    std::fs::write(&config, ours)?;
    let args: Vec<std::ffi::OsString> = exec_start[1..]
        .iter()
        .map(|arg| match *arg {
            "/etc/waymark/server.toml" => config.clone().into_os_string(),
            other => other.into(),
        })
        .collect();
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsString::as_os_str).collect();
    let server = SyncServer::start_with(binary(), &args)?;
    assert!(
        server.address.starts_with("https://127.0.0.1:"),
        "{}",
        server.address
    );
    server.terminate()?;
    assert!(server.wait()?.success());
    let checked = on_file(&dir.path().join("server.db"), &["check"])?;
    assert!(checked.contains("its schema is current"), "{checked}");
    Ok(())
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_serving_restores_and_devices_bring_back_what_came_after() -> Result {
    if waymark_e2e::postgres::on_postgres() {
        // PostgreSQL is backed up with its own tools: `postgres.rs` takes and restores one.
        return Ok(());
    }
    // An operator backs up the running server, the team goes on syncing, and later the backup
    // is restored. Must hold: the backup is consistent and only its owner may read it, no backup
    // is written over, the restored server serves what was synced before the backup, and the
    // devices send again what they synced after it.
    let fixture = Fixture::start()?;
    let worker = fixture.device("worker.a", "worker").await?;
    let park = worker.context("Northfield Park")?;
    worker.sync(&fixture.address()).await?;

    let backup = fixture.dir.path().join("backups").join("server-monday.db");
    std::fs::create_dir_all(backup.parent().ok_or("a folder")?)?;
    let said = admin(binary(), &fixture.db, &["backup", &path_text(&backup)])?;
    assert!(said.contains("is copied to"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the owner reads a backup");
    }
    let written_over = admin(binary(), &fixture.db, &["backup", &path_text(&backup)])
        .expect_err("an existing backup is not written over")
        .to_string();
    assert!(written_over.contains("[backup_exists]"), "{written_over}");
    let checked = admin(binary(), &backup, &["check"])?;
    assert!(checked.contains("its schema is current"), "{checked}");

    let station = worker.context("Bus station")?;
    worker.sync(&fixture.address()).await?;

    // The restore: stop the server, put the backup in the database's place, start it again.
    let Fixture { dir, db, server } = fixture;
    server.terminate()?;
    assert!(server.wait()?.success());
    for stale in ["server.db-wal", "server.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(stale));
    }
    std::fs::copy(&backup, &db)?;
    let restored = SyncServer::start(binary(), &db, "127.0.0.1:0")?;
    let address = ServerAddress::parse(&restored.address)?;

    let store = waymark_store::Store::open(&dir.path().join("new").join("waymark.db"))?
        .with_clock(waymark_e2e::fixtures::clock());
    let code = waymark_e2e::enrolment_code(binary(), &db, "worker.a")?;
    let enrolment = waymark_sync::client::enroll(&address, &code).await?;
    let newcomer = common::Device {
        store: std::sync::Arc::new(waymark_store::SharedStore::new(store)),
        token: enrolment.token,
        device: enrolment.device.to_string(),
    };
    newcomer.sync(&address).await?;
    assert_eq!(
        newcomer.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    assert!(
        newcomer.store.lock().get_context(station.id).is_err(),
        "the backup predates the bus station"
    );

    worker.sync(&address).await?;
    newcomer.sync(&address).await?;
    assert_eq!(
        newcomer.store.lock().get_context(station.id)?.name,
        "Bus station",
        "the device that had it sent it again"
    );
    Ok(())
}

#[test]
fn a_database_setting_that_cannot_be_used_stops_the_server_with_one_sentence_and_changes_nothing(
) -> Result {
    let dir = tempfile::tempdir()?;
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Walk notes, not a folder.")?;
    let folder = dir.path().join("records");
    std::fs::create_dir(&folder)?;
    let before = std::fs::read_dir(dir.path())?.count();
    for (database, code, named) in [
        (
            path_text(&notes.join("server.db")),
            "[database_unreachable]",
            "notes.txt",
        ),
        (path_text(&folder), "[database_unreachable]", "records"),
        (
            "postgres://waymark:s3cret-words@db.example.invalid/waymark".to_owned(),
            "[database_unreachable]",
            "postgres://db.example.invalid:5432/waymark",
        ),
        (
            "mysql://waymark@db.example.invalid/waymark".to_owned(),
            "[database_unsupported]",
            "mysql",
        ),
    ] {
        let config = dir.path().join("server.toml");
        std::fs::write(
            &config,
            format!("database = {database:?}\nlisten = \"127.0.0.1:0\"\n"),
        )?;
        let served = Command::new(binary())
            .arg("--config")
            .arg(&config)
            .arg("serve")
            .stdin(Stdio::null())
            .output()?;
        std::fs::remove_file(&config)?;
        assert!(!served.status.success(), "{database}: refused");
        let said = String::from_utf8(served.stderr)?;
        let sentences: Vec<&str> = said
            .lines()
            .filter(|line| line.starts_with("error"))
            .collect();
        assert_eq!(sentences.len(), 1, "{database}: one sentence, not {said}");
        assert!(
            sentences[0].contains(code) && sentences[0].contains(named),
            "{database}: {said}"
        );
        assert!(served.stdout.is_empty(), "{database}: it never listened");
        assert!(
            !said.contains("s3cret"),
            "a password is never printed: {said}"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path())?.count(),
        before,
        "nothing was made: no folder called postgres: or mysql:"
    );
    assert_eq!(std::fs::read_dir(&folder)?.count(), 0);
    Ok(())
}
