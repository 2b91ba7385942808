//! Starting and stopping the real processes that whole-system tests need: a virtual display, the
//! WebDriver bridge for Tauri, and the app itself. Every process is started in its own process
//! group and stopped by its PID, so nothing outlives the test that started it.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod bench;
mod eventually;
pub mod fixtures;
mod markers;
pub mod postgres;
mod server;

pub use eventually::{eventually, eventually_every, until};
pub use markers::files_holding;
pub use server::{
    admin, admin_answering, demo_workspace, device_of, enrolment_code, enrolment_code_with,
    order_wipe, server_binary, share_with_school, SyncServer,
};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The workspace root, found from this crate's own manifest.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The app binary under test: `WAYMARK_APP_BIN`, or the debug build that `cargo xtask test` makes.
pub fn app_binary() -> PathBuf {
    std::env::var_os("WAYMARK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("waymark-app"))
}

/// axe-core's script, which the accessibility checks inject: `WAYMARK_AXE_CORE`, or where
/// `cargo xtask test` installs it.
pub fn axe_core_script() -> PathBuf {
    std::env::var_os("WAYMARK_AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("tools/axe-core/node_modules/axe-core/axe.min.js"))
}

/// A figure from a process's `/proc/PID/status`, in bytes: `VmRSS` (resident now) or `VmHWM`
/// (the most it has been resident), as the kernel counts them.
pub fn process_memory(pid: u32, field: &str) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no {field} for process {pid}"))?;
    Ok(kib * 1024)
}

/// Sets this process's `VmHWM` back to what is resident now, so that it then records the peak of
/// what follows alone (Linux's `clear_refs`, value 5).
pub fn reset_peak_memory() -> Result<()> {
    std::fs::write("/proc/self/clear_refs", "5")?;
    Ok(())
}

/// As [`reset_peak_memory`], for another process of this user: a server under measurement.
pub fn reset_peak_memory_of(pid: u32) -> Result<()> {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;
    Ok(())
}

/// A port on the loopback interface that nothing is listening on right now.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process that is stopped, with everything it started, when this is dropped.
#[derive(Debug)]
pub struct Process {
    child: Child,
}

impl Process {
    /// Starts `command` as the leader of a new process group.
    pub fn spawn(name: &'static str, command: &mut Command) -> Result<Self> {
        let child = command
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start {name}: {e}"))?;
        Ok(Self { child })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn child_mut(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Asks the process group to stop, then kills it if it has not stopped within five seconds.
    pub fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            signal_group(self.pid(), "KILL");
            return;
        }
        signal_group(self.pid(), "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever the leader started and left behind goes too.
        signal_group(self.pid(), "KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

fn signal_group(pid: u32, signal: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .arg(format!("-{pid}"))
        .stderr(Stdio::null())
        .status();
}

/// A virtual X display.
#[derive(Debug)]
pub struct Xvfb {
    // Held so that the display stops when this is dropped.
    _process: Process,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first free display number, which it reports itself.
    pub fn start() -> Result<Self> {
        let mut process = Process::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x1024x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )?;
        let stdout = process
            .child_mut()
            .stdout
            .take()
            .ok_or("Xvfb gave no output")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let number = line.trim();
        if number.is_empty() {
            return Err("Xvfb did not report a display number".into());
        }
        Ok(Self {
            display: format!(":{number}"),
            _process: process,
        })
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    /// Saves one window (an X window id, or "root" for the whole display) as a PNG, with
    /// ImageMagick's `import`.
    pub fn screenshot(&self, window: &str, path: &Path) -> Result<()> {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", window])
            .arg(path)
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("import could not capture {}", self.display).into())
        }
    }
}

/// tauri-driver, the WebDriver server that starts the app through WebKitWebDriver.
#[derive(Debug)]
pub struct TauriDriver {
    // Held so that the driver, and the app it started, stop when this is dropped.
    _process: Process,
    port: u16,
}

impl TauriDriver {
    /// Starts tauri-driver on `display`. The app it launches keeps its data under `data_home` and
    /// sees the variables in `env` as well.
    pub fn start(display: &str, data_home: &Path, env: &[(&str, &Path)]) -> Result<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let binary = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let process = Process::spawn(
            "tauri-driver",
            Command::new(binary)
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", display)
                .env("XDG_DATA_HOME", data_home)
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        wait_for_port(port, Duration::from_secs(30))?;
        Ok(Self {
            _process: process,
            port,
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn wait_for_port(port: u16, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("nothing listened on port {port} within {limit:?}").into())
}

/// Kills, with SIGKILL, every running instance of `binary` whose data lives under `data_home`:
/// the crash a test needs, aimed only at the app that test started.
pub fn kill_app(binary: &Path, data_home: &Path) -> Result<usize> {
    let mut killed = 0;
    for (pid, exe) in processes_of(data_home)? {
        if exe.as_deref() == Some(binary) {
            let status = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status()?;
            if status.success() {
                killed += 1;
            }
        }
    }
    Ok(killed)
}

/// The resident memory, in bytes, of the running `binary` whose data lives under `data_home`
/// together with every process it started (the webview's), as the kernel counts it.
pub fn app_memory(binary: &Path, data_home: &Path) -> Result<u64> {
    let apps: Vec<u32> = processes_of(data_home)?
        .into_iter()
        .filter(|(_, exe)| exe.as_deref() == Some(binary))
        .map(|(pid, _)| pid)
        .collect();
    if apps.is_empty() {
        return Err(format!("{} is not running", binary.display()).into());
    }
    let parents = parent_of_each_process()?;
    let started_by_app = |mut pid: u32| loop {
        if apps.contains(&pid) {
            return true;
        }
        match parents.get(&pid) {
            Some(&parent) if parent > 1 => pid = parent,
            _ => return false,
        }
    };
    let mut total = 0;
    for &pid in parents.keys().filter(|pid| started_by_app(**pid)) {
        // A process that ended since the listing holds nothing.
        total += process_memory(pid, "VmRSS").unwrap_or(0);
    }
    Ok(total)
}

/// Every running process, by its number and its folder under `/proc`.
fn running_processes() -> Result<Vec<(u32, PathBuf)>> {
    let mut running = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let dir = entry?.path();
        let pid = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok());
        if let Some(pid) = pid {
            running.push((pid, dir));
        }
    }
    Ok(running)
}

/// Every running process and the one that started it, from `/proc/PID/stat`.
fn parent_of_each_process() -> Result<std::collections::HashMap<u32, u32>> {
    let mut parents = std::collections::HashMap::new();
    for (pid, dir) in running_processes()? {
        // The name in brackets may hold spaces; the parent is the second field after it.
        let stat = std::fs::read_to_string(dir.join("stat")).unwrap_or_default();
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok());
        if let Some(parent) = parent {
            parents.insert(pid, parent);
        }
    }
    Ok(parents)
}

/// Every running process whose environment names `data_home` as its `XDG_DATA_HOME`, with the
/// program it runs where that can be read.
fn processes_of(data_home: &Path) -> Result<Vec<(u32, Option<PathBuf>)>> {
    let wanted_env = format!("XDG_DATA_HOME={}", data_home.display());
    let mut found = Vec::new();
    for (pid, dir) in running_processes()? {
        let environ = std::fs::read(dir.join("environ")).unwrap_or_default();
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted_env.as_bytes())
        {
            found.push((pid, std::fs::read_link(dir.join("exe")).ok()));
        }
    }
    Ok(found)
}
