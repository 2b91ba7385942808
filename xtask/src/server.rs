//! `cargo xtask server`: a local sync server with a demo workspace, so sync can be tried on one
//! machine. `cargo xtask run` starts the same server beside the app.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{anyhow, Result};
use waymark_e2e::{demo_workspace, enrolment_code, server_binary, SyncServer};

use crate::process;

/// Where the demo server listens: loopback, so the app may use plain `http://`.
pub const DEMO_LISTEN: &str = "127.0.0.1:8787";
const DEMO_WORKSPACE: &str = "Demo workspace";
const DEMO_USER: &str = "demo.practitioner";

fn demo_database() -> PathBuf {
    waymark_e2e::target_dir()
        .join("demo-server")
        .join("server.db")
}

/// Makes the demo workspace if it is missing and returns a fresh enrolment code.
fn prepare_demo() -> Result<String> {
    let (binary, db) = (server_binary(), demo_database());
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir)?;
    }
    demo_workspace(&binary, &db, DEMO_WORKSPACE, DEMO_USER).map_err(|e| anyhow!(e))?;
    enrolment_code(&binary, &db, DEMO_USER).map_err(|e| anyhow!(e))
}

fn explain(address: &str, code: &str) {
    println!();
    println!(
        "Sync server: {address}  (demo workspace, data in {})",
        demo_database().display()
    );
    println!("Enrolment code for one device: {code}  (works once, for 72 hours)");
    println!(
        "In the app: Settings > Sync, enter the address and the code, then Enrol this device."
    );
    println!("Run `cargo xtask server` again for another code, or to run the server on its own.");
    println!();
}

/// Runs the demo server in the foreground until Ctrl-C.
pub fn server() -> Result<ExitCode> {
    process::cargo(&["build", "-p", "waymark-server", "--bins"])?;
    let code = prepare_demo()?;
    explain(&format!("http://{DEMO_LISTEN}"), &code);
    process::run(
        Command::new(server_binary())
            .arg("--db")
            .arg(demo_database())
            .args(["serve", "--listen", DEMO_LISTEN]),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Starts the demo server in the background for `cargo xtask run`; it stops with the app. If
/// the port is taken (a demo server already running), the app uses that one.
pub fn start_beside_app() -> Result<Option<SyncServer>> {
    let code = prepare_demo()?;
    match SyncServer::start(&server_binary(), &demo_database(), DEMO_LISTEN) {
        Ok(server) => {
            explain(&server.address, &code);
            Ok(Some(server))
        }
        Err(error) => {
            eprintln!("xtask: no demo sync server started here ({error}); is one running already?");
            explain(&format!("http://{DEMO_LISTEN}"), &code);
            Ok(None)
        }
    }
}
