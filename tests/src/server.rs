//! A real `waymark-server` process on 127.0.0.1, and its admin commands, for tests and demos.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::postgres::database_setting;
use crate::{target_dir, Process, Result};

/// The server binary that `cargo build` makes beside the app.
pub fn server_binary() -> PathBuf {
    std::env::var_os("WAYMARK_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("waymark-server"))
}

/// A running server.
#[derive(Debug)]
pub struct SyncServer {
    process: Process,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
}

impl SyncServer {
    /// Starts `binary` serving the database `db` on `listen` (port 0 picks a free one) and waits
    /// until it says where it listens.
    pub fn start(binary: &Path, db: &Path, listen: &str) -> Result<Self> {
        Self::start_with(
            binary,
            &[
                "--db".as_ref(),
                &database_setting(db)?,
                "serve".as_ref(),
                "--listen".as_ref(),
                listen.as_ref(),
            ],
        )
    }

    /// Starts `binary` serving the database `db` on a port of its choosing, with a `server.toml`
    /// written at `config` that holds these `settings` lines as well.
    pub fn start_configured(
        binary: &Path,
        db: &Path,
        config: &Path,
        settings: &str,
    ) -> Result<Self> {
        std::fs::write(
            config,
            format!(
                "database = {:?}\nlisten = \"127.0.0.1:0\"\n{settings}",
                database_setting(db)?.to_string_lossy()
            ),
        )?;
        Self::start_with(
            binary,
            &["--config".as_ref(), config.as_os_str(), "serve".as_ref()],
        )
    }

    /// Starts `binary` with these arguments, which must include `serve`.
    pub fn start_with(binary: &Path, args: &[&std::ffi::OsStr]) -> Result<Self> {
        let mut process = Process::spawn(
            "waymark-server",
            Command::new(binary)
                .args(args)
                .stdout(Stdio::piped())
                // `WAYMARK_SERVER_LOG=1` shows the server's log while a test runs.
                .stderr(if std::env::var_os("WAYMARK_SERVER_LOG").is_some() {
                    Stdio::inherit()
                } else {
                    Stdio::null()
                }),
        )?;
        let stdout = process
            .child_mut()
            .stdout
            .take()
            .ok_or("the server's output could not be read")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let address = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("the server did not start: {line:?}"))?
            .to_owned();
        Ok(Self { process, address })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.address
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .unwrap_or(0)
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Asks the server to stop, as systemd or a container runtime does (SIGTERM), and returns at
    /// once; [`SyncServer::wait`] sees it exit.
    pub fn terminate(&self) -> Result<()> {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err("the server could not be signalled".into())
        }
    }

    /// Waits for the server to exit, and answers how it did.
    pub fn wait(mut self) -> Result<std::process::ExitStatus> {
        Ok(self.process.child_mut().wait()?)
    }

    /// Kills the server at once, as a crash would.
    pub fn kill(mut self) {
        let _ = self.process.child_mut().kill();
        let _ = self.process.child_mut().wait();
    }
}

/// Runs an admin command against `db` and returns what it printed, or what it said was wrong.
pub fn admin(binary: &Path, db: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new(binary)
        .arg("--db")
        .arg(database_setting(db)?)
        .args(args)
        .output()?;
    printed(output)
}

/// What an admin command printed, or, when it refused, what it said on stderr.
fn printed(output: std::process::Output) -> Result<String> {
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr)
            .trim()
            .to_owned()
            .into())
    }
}

/// Runs an admin command that asks a question, typing `answer` at its prompt. Answers what it
/// printed, or what it said on stderr when it refused.
pub fn admin_answering(binary: &Path, db: &Path, args: &[&str], answer: &str) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new(binary)
        .arg("--db")
        .arg(database_setting(db)?)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        writeln!(stdin, "{answer}")?;
    }
    printed(child.wait_with_output()?)
}

/// Revokes a lost device and orders it erased at its next contact, as administrator `by`,
/// typing WIPE at the prompt.
pub fn order_wipe(binary: &Path, db: &Path, device: &str, by: &str) -> Result<String> {
    admin_answering(
        binary,
        db,
        &["device", "revoke", device, "--wipe", "--by", by],
        "WIPE",
    )
}

/// Enrols a new device of `user` and returns its one-time code.
pub fn enrolment_code(binary: &Path, db: &Path, user: &str) -> Result<String> {
    enrolment_code_with(binary, db, &["device", "enroll", "--user", user])
}

/// `share add` in `workspace` on behalf of `by`: `records` shared with the school, to read, for
/// its safety plan; returns the decision's number.
pub fn share_with_school(
    binary: &Path,
    db: &Path,
    workspace: &str,
    by: &str,
    records: &[String],
) -> Result<String> {
    let mut args = vec![
        "share",
        "add",
        "--workspace",
        workspace,
        "--by",
        by,
        "--agency",
        "school",
        "--purpose",
        "The school's safety plan for the park at home time",
        "--legal-basis",
        "education_act_2002_s175",
        "--consent",
        "not_sought",
        "--consent-reason",
        "About a place, not a named child",
    ];
    args.extend(records.iter().map(String::as_str));
    let said = admin(binary, db, &args)?;
    Ok(said
        .trim()
        .strip_prefix("sharing decision ")
        .ok_or(said.clone())?
        .to_owned())
}

/// The id of `user`'s first device, from `device list`.
pub fn device_of(binary: &Path, db: &Path, user: &str) -> Result<String> {
    let listed = admin(binary, db, &["device", "list"])?;
    listed
        .lines()
        .map(|line| line.split("  ").collect::<Vec<_>>())
        .find(|fields| fields.get(1) == Some(&user))
        .and_then(|fields| fields.first().map(|id| (*id).to_owned()))
        .ok_or_else(|| format!("no device of {user} in: {listed}").into())
}

/// Runs `device enroll` with these arguments and returns the code it printed.
pub fn enrolment_code_with(binary: &Path, db: &Path, args: &[&str]) -> Result<String> {
    let printed = admin(binary, db, args)?;
    printed
        .lines()
        .find_map(|line| line.strip_prefix("enrolment code "))
        .map(str::to_owned)
        .ok_or_else(|| format!("no code in {printed:?}").into())
}

/// A workspace with one user, as a demo or a test needs, if `db` does not have it yet.
pub fn demo_workspace(binary: &Path, db: &Path, workspace: &str, user: &str) -> Result<()> {
    match admin(binary, db, &["workspace", "create", workspace]) {
        Ok(_) => {}
        Err(error) if error.to_string().contains("workspace_exists") => {}
        Err(error) => return Err(error),
    }
    admin(binary, db, &["user", "add", user, "--workspace", workspace])?;
    Ok(())
}
