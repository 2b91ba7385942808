//! A throwaway PostgreSQL cluster for the server's tests and benches: `initdb` into a folder of
//! the build's, listening only on 127.0.0.1 and a socket in that folder, stopped when dropped.
//! Debian's `postgresql` package provides the programs (`cargo xtask` installs it).
//!
//! While `WAYMARK_TEST_POSTGRES` names such a cluster, [`database_setting`] gives every SQLite
//! path a test uses a database of its own there instead, so the same tests run on both backends.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};

use crate::Result;

/// The variable that names the cluster the server's tests run on, as its maintenance address.
pub const TEST_CLUSTER: &str = "WAYMARK_TEST_POSTGRES";

/// The cluster's one user. Its password only guards a cluster that lives for one run and
/// listens on loopback; the tests also use it to show that a wrong one is refused.
pub const USER: &str = "waymark";
pub const PASSWORD: &str = "waymark-throwaway";

/// The folder of the newest PostgreSQL programs Debian installed, if any.
pub fn programs() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A running cluster.
#[derive(Debug)]
pub struct Cluster {
    programs: PathBuf,
    data: PathBuf,
    port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `initdb` and the server refuse to run as root: as root, they run as the `postgres` user that
/// Debian's package makes.
fn as_cluster_owner(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let out = command.stdin(Stdio::null()).output()?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

impl Cluster {
    /// Makes a new cluster in `folder` (emptied first) and starts it on a free port.
    /// `durable` keeps PostgreSQL's own flushes to disk, for a benchmark that compares it with
    /// SQLite's; the tests turn them off.
    pub fn start(folder: &Path, durable: bool) -> Result<Self> {
        Self::start_serving(folder, durable, None)
    }

    /// A cluster as [`Cluster::start`] makes, that also speaks TLS with this certificate and
    /// key (PEM).
    pub fn start_with_certificate(folder: &Path, certificate: &str, key: &str) -> Result<Self> {
        Self::start_serving(folder, false, Some((certificate, key)))
    }

    fn start_serving(folder: &Path, durable: bool, tls: Option<(&str, &str)>) -> Result<Self> {
        let programs = programs().ok_or(
            "PostgreSQL's programs are not installed: `apt-get install postgresql` (cargo xtask \
             test does)",
        )?;
        if folder.exists() {
            std::fs::remove_dir_all(folder)?;
        }
        let data = folder.join("data");
        std::fs::create_dir_all(&data)?;
        let password_file = folder.join("password");
        std::fs::write(&password_file, PASSWORD)?;
        let mut tls_options = String::new();
        if let Some((certificate, key)) = tls {
            let (certificate_file, key_file) =
                (folder.join("server.crt"), folder.join("server.key"));
            std::fs::write(&certificate_file, certificate)?;
            std::fs::write(&key_file, key)?;
            // PostgreSQL refuses a key that others may read.
            std::fs::set_permissions(
                &key_file,
                std::os::unix::fs::PermissionsExt::from_mode(0o600),
            )?;
            tls_options = format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                certificate_file.display(),
                key_file.display()
            );
        }
        if is_root() {
            run(
                Command::new("chown")
                    .arg("-R")
                    .arg("postgres:postgres")
                    .arg(folder),
                "handing the cluster's folder to the postgres user",
            )?;
        }
        run(
            as_cluster_owner(&programs.join("initdb"))
                .arg("--pgdata")
                .arg(&data)
                .args(["--username", USER, "--encoding", "UTF8", "--locale", "C"])
                .args(["--auth-local", "trust", "--auth-host", "scram-sha-256"])
                .arg("--pwfile")
                .arg(&password_file)
                .arg("--no-sync"),
            "initdb",
        )?;
        let port = crate::free_port()?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={} \
             -c max_connections=200 -c fsync={} -c synchronous_commit={}{tls_options}",
            data.display(),
            if durable { "on" } else { "off" },
            if durable { "on" } else { "off" },
        );
        run(
            as_cluster_owner(&programs.join("pg_ctl"))
                .arg("--pgdata")
                .arg(&data)
                .arg("--log")
                .arg(data.join("server.log"))
                .args(["--options", &options, "--wait", "start"]),
            "starting PostgreSQL",
        )?;
        Ok(Self {
            programs,
            data,
            port,
        })
    }

    /// The address of a database in this cluster, as the server's `database` setting takes it.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{USER}:{PASSWORD}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// Stops the cluster at once; what was committed stays on disk.
    pub fn kill(&self) -> Result<()> {
        run(
            as_cluster_owner(&self.programs.join("pg_ctl"))
                .arg("--pgdata")
                .arg(&self.data)
                .args(["--mode", "immediate", "stop"]),
            "stopping PostgreSQL",
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(error) = self.kill() {
            eprintln!("the test cluster could not be stopped: {error}");
        }
    }
}

/// Creates `name` in the cluster whose maintenance address is `cluster`, unless it is there.
pub fn create_database(cluster: &str, name: &str) -> Result<()> {
    static MADE: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if made.contains(name) {
        return Ok(());
    }
    let programs = programs().ok_or("PostgreSQL's programs are not installed")?;
    let out = Command::new(programs.join("createdb"))
        .arg(format!("--maintenance-db={cluster}"))
        .arg(name)
        .stdin(Stdio::null())
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || said.contains("already exists") {
        made.insert(name.to_owned());
        Ok(())
    } else {
        Err(format!("createdb {name} failed: {said}").into())
    }
}

/// The server's `database` setting for a test's database at `path`: the path itself, or, while
/// [`TEST_CLUSTER`] names a cluster, a database there that is this path's alone (the same every
/// time it is asked for, so a server restarted on the path finds what it wrote).
pub fn database_setting(path: &Path) -> Result<OsString> {
    let Ok(cluster) = std::env::var(TEST_CLUSTER) else {
        return Ok(path.as_os_str().to_owned());
    };
    let mut hasher = DefaultHasher::new();
    path.hash(&mut hasher);
    let name = format!("test_{:016x}", hasher.finish());
    create_database(&cluster, &name)?;
    Ok(database_url(&cluster, &name).into())
}

/// The address of database `name` in the cluster whose maintenance address is `cluster`.
pub fn database_url(cluster: &str, name: &str) -> String {
    let base = cluster.rsplit_once('/').map_or(cluster, |(base, _)| base);
    format!("{base}/{name}")
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(TEST_CLUSTER).is_some()
}

/// The test cluster's program `name`, pointed at the database [`database_setting`] gives `path`.
fn client_program(name: &str, path: &Path) -> Result<Command> {
    let programs = programs().ok_or("PostgreSQL's programs are not installed")?;
    let mut command = Command::new(programs.join(name));
    command.arg(format!(
        "--dbname={}",
        database_setting(path)?.to_string_lossy()
    ));
    Ok(command)
}

/// Runs SQL in the test's database at `path`, as someone with the database's password could.
pub fn psql(path: &Path, sql: &str) -> Result<()> {
    psql_url(&database_setting(path)?.to_string_lossy(), sql)
}

/// Runs SQL in the database at `url`.
pub fn psql_url(url: &str, sql: &str) -> Result<()> {
    let programs = programs().ok_or("PostgreSQL's programs are not installed")?;
    run(
        Command::new(programs.join("psql"))
            .arg(format!("--dbname={url}"))
            .args([
                "--quiet",
                "--no-psqlrc",
                "--set",
                "ON_ERROR_STOP=1",
                "--command",
            ])
            .arg(sql),
        "psql",
    )
}

/// What a query in the database at `url` answers, as plain text, a row a line.
pub fn psql_answer(url: &str, sql: &str) -> Result<String> {
    let programs = programs().ok_or("PostgreSQL's programs are not installed")?;
    let out = Command::new(programs.join("psql"))
        .arg(format!("--dbname={url}"))
        .args(["--no-psqlrc", "--tuples-only", "--no-align", "--command"])
        .arg(sql)
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Err(format!("psql failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Everything the test's database at `path` holds, as `pg_dump` writes it out.
pub fn dump(path: &Path) -> Result<Vec<u8>> {
    let out = client_program("pg_dump", path)?
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Err(format!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throwaway_cluster_starts_on_loopback_takes_a_database_and_stops_when_dropped() -> Result<()>
    {
        let dir = tempfile::tempdir()?;
        let cluster = Cluster::start(&dir.path().join("cluster"), false)?;
        let maintenance = cluster.url("postgres");
        create_database(&maintenance, "walkabouts")?;
        psql_url(&cluster.url("walkabouts"), "CREATE TABLE t (x BIGINT)")?;
        let wrong = cluster
            .url("walkabouts")
            .replace(PASSWORD, "not-the-password");
        assert!(
            psql_url(&wrong, "SELECT 1").is_err(),
            "a password is asked for"
        );
        let pid_file = dir
            .path()
            .join("cluster")
            .join("data")
            .join("postmaster.pid");
        assert!(pid_file.exists(), "running");
        drop(cluster);
        assert!(!pid_file.exists(), "stopped");
        Ok(())
    }
}
