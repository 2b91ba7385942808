//! Operating the server on PostgreSQL, through the real binary and a real cluster: `check` and
//! `migrate` say where the database stands; a database the server cannot use (unreachable, a
//! wrong password, no such database, a newer schema) stops it with one sentence that never shows
//! the password, and changes nothing; and a `pg_dump` taken while it serves restores.
//!
//! These run in `cargo xtask test`'s PostgreSQL pass, on the cluster it starts; the SQLite
//! file's own operations are `operations.rs`'s.

mod common;

use std::process::{Command, Stdio};

use common::{binary, Fixture, Result};
use waymark_e2e::postgres::{self, on_postgres, TEST_CLUSTER};
use waymark_e2e::SyncServer;

/// An admin command on the database at `url`, and what it printed or what it said was wrong.
fn cli(url: &str, args: &[&str]) -> std::result::Result<String, String> {
    let output = Command::new(binary())
        .arg("--db")
        .arg(url)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// What `pg_dump` writes of the database at `url`, to compare before and after: without the
/// random key it puts on its `\restrict` lines each time.
fn dump(url: &str) -> Result<String> {
    let programs = postgres::programs().ok_or("no PostgreSQL programs")?;
    let out = Command::new(programs.join("pg_dump"))
        .arg(format!("--dbname={url}"))
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?
        .lines()
        .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n"))
}

#[test]
fn check_migrate_and_every_database_the_server_cannot_use_are_one_sentence_each() -> Result {
    let Ok(cluster) = std::env::var(TEST_CLUSTER) else {
        return Ok(());
    };
    // Its own database, new on every run.
    let name = format!("operations_{}", std::process::id());
    postgres::create_database(&cluster, &name)?;
    let url = postgres::database_url(&cluster, &name);

    let missing = cli(&url, &["check"]).expect_err("nothing there yet");
    assert!(
        missing.contains("[database_missing]") && missing.contains("waymark-server migrate"),
        "{missing}"
    );
    let created = cli(&url, &["migrate"])?;
    assert!(
        created.contains("was created at schema version 1"),
        "{created}"
    );
    let checked = cli(&url, &["check"])?;
    assert!(
        checked.contains("its schema is current (version 1)"),
        "{checked}"
    );
    assert!(!created.contains(postgres::PASSWORD) && !checked.contains(postgres::PASSWORD));

    // A newer server's database: refused, and left exactly as it was.
    postgres::psql_url(&url, "INSERT INTO waymark_schema (version) VALUES (2)")?;
    let before = dump(&url)?;
    let newer = cli(&url, &["serve", "--listen", "127.0.0.1:0"]).expect_err("a newer schema");
    assert!(
        newer.contains("[database_too_new]") && newer.contains("run the newer server"),
        "{newer}"
    );
    assert!(dump(&url)? == before, "nothing changed");

    let closed_port = format!(
        "postgres://{}:{}@127.0.0.1:{}/{name}",
        postgres::USER,
        postgres::PASSWORD,
        waymark_e2e::free_port()?
    );
    for (setting, reason) in [
        (
            url.replace(postgres::PASSWORD, "not-the-password"),
            "the password was refused",
        ),
        (
            postgres::database_url(&cluster, "no_such_database"),
            "there is no such database",
        ),
        (closed_port, "refused"),
    ] {
        let said = cli(&setting, &["serve", "--listen", "127.0.0.1:0"]).expect_err("refused");
        let sentences: Vec<&str> = said.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(sentences.len(), 1, "{said}");
        assert!(
            sentences[0].contains("[database_unreachable]") && sentences[0].contains(reason),
            "{setting}: {said}"
        );
        assert!(
            !said.contains(postgres::PASSWORD) && !said.contains("not-the-password"),
            "a password is never printed: {said}"
        );
    }

    let backup = cli(&url, &["backup", "/tmp/never-written.db"]).expect_err("pg_dump's work");
    assert!(backup.contains("[backup_with_pg_dump]"), "{backup}");
    assert!(!std::path::Path::new("/tmp/never-written.db").exists());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pg_dump_taken_while_serving_restores_and_a_new_device_gets_what_was_in_it() -> Result {
    if !on_postgres() {
        return Ok(());
    }
    let fixture = Fixture::start()?;
    let address = fixture.address();
    let worker = fixture.device("worker.a", "worker").await?;
    let park = worker.context("Riverside park")?;
    worker.sync(&address).await?;

    // Taken while the server runs, as an administrator would each night.
    let url = postgres::database_setting(&fixture.db)?
        .to_string_lossy()
        .into_owned();
    let copy = fixture.dir.path().join("nightly.dump");
    let programs = postgres::programs().ok_or("no PostgreSQL programs")?;
    let dumped = Command::new(programs.join("pg_dump"))
        .args(["--format=custom", "--file"])
        .arg(&copy)
        .arg(format!("--dbname={url}"))
        .status()?;
    assert!(dumped.success());

    // The database is lost; a new one is made and the copy restored into it.
    let Fixture { dir, db, server } = fixture;
    server.kill();
    postgres::psql_url(
        &postgres::database_url(&std::env::var(TEST_CLUSTER)?, "postgres"),
        &format!(
            "DROP DATABASE {}",
            url.rsplit_once('/').map_or("", |(_, name)| name)
        ),
    )?;
    let restored = Command::new(programs.join("pg_restore"))
        .args(["--create", "--dbname"])
        .arg(postgres::database_url(
            &std::env::var(TEST_CLUSTER)?,
            "postgres",
        ))
        .arg(&copy)
        .status()?;
    assert!(restored.success());
    let server = SyncServer::start(binary(), &db, "127.0.0.1:0")?;
    let fixture = Fixture { dir, db, server };

    let newcomer = fixture.device("worker.a", "newcomer").await?;
    newcomer.sync(&fixture.address()).await?;
    assert_eq!(
        newcomer.store.lock().get_context(park.id)?.name,
        "Riverside park",
        "the record in the copy reached a device that never saw it"
    );
    Ok(())
}

#[test]
fn with_the_authority_named_the_server_reaches_postgresql_only_over_verified_tls() -> Result {
    if !on_postgres() {
        return Ok(());
    }
    // A database server with its own certificate, as an IT department's would have.
    let dir = tempfile::tempdir()?;
    let database_certificate = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?;
    let cluster = postgres::Cluster::start_with_certificate(
        &dir.path().join("cluster"),
        &database_certificate.cert.pem(),
        &database_certificate.signing_key.serialize_pem(),
    )?;
    let trusted = dir.path().join("database-ca.pem");
    std::fs::write(&trusted, database_certificate.cert.pem())?;
    let stranger = dir.path().join("another-ca.pem");
    std::fs::write(
        &stranger,
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])?
            .cert
            .pem(),
    )?;
    postgres::create_database(&cluster.url("postgres"), "council")?;
    let base = cluster.url("council");

    // Encryption asked for with no authority to check the server against: refused.
    let unchecked = cli(&format!("{base}?sslmode=require"), &["migrate"]).expect_err("refused");
    assert!(
        unchecked.contains("[database_unreachable]") && unchecked.contains("sslrootcert"),
        "{unchecked}"
    );
    // An authority that did not sign the server's certificate: refused, nothing sent.
    let wrong = cli(
        &format!("{base}?sslrootcert={}", stranger.display()),
        &["migrate"],
    )
    .expect_err("refused");
    assert!(
        wrong.contains("[database_unreachable]") && wrong.contains("certificate"),
        "{wrong}"
    );
    assert!(!wrong.contains(postgres::PASSWORD), "{wrong}");

    // The right one: the schema is made and the server serves, every connection encrypted.
    let url = format!("{base}?sslrootcert={}", trusted.display());
    let created = cli(&url, &["migrate"])?;
    assert!(
        created.contains("was created at schema version"),
        "{created}"
    );
    let server = SyncServer::start_with(
        binary(),
        &[
            "--db".as_ref(),
            url.as_ref(),
            "serve".as_ref(),
            "--listen".as_ref(),
            "127.0.0.1:0".as_ref(),
        ],
    )?;
    let connections = |encrypted: bool| {
        postgres::psql_answer(
            &cluster.url("postgres"),
            &format!(
                "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                 WHERE a.application_name = 'waymark-server' AND s.ssl = {encrypted}"
            ),
        )
    };
    assert_ne!(
        connections(true)?,
        "0",
        "the server holds encrypted connections"
    );
    assert_eq!(connections(false)?, "0", "and none in the clear");
    drop(server);
    Ok(())
}
