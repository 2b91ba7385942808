//! Operating the server, through the real binary: `check` says whether the database can be read
//! and is at the schema this server writes, changing nothing; `migrate` creates it or brings it
//! up; a server refuses to start on a database a newer server wrote, with one sentence and a
//! non-zero exit, leaving the file as it was; and `--log-json` logs one JSON object a line.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{binary, Result};
use waymark_e2e::admin;

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
