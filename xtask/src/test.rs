//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use std::process::{Command, ExitCode};

use anyhow::Result;

use crate::build::{build_app, build_ui, NATIVE_PACKAGES, TEST_TARGETS};
use crate::process::{self, root};
use crate::{setup, webview_hang};
use waymark_e2e::postgres::{Cluster, TEST_CLUSTER};

pub fn test() -> Result<ExitCode> {
    // One build, checked once: incremental caches would add a third to target/ (some 2.5 GB on
    // a new machine, enough to fill a small disk) and save nothing. Every cargo below inherits it.
    std::env::set_var("CARGO_INCREMENTAL", "0");
    let tools = setup::ensure_all()?;
    let cargo = || {
        let mut command = Command::new(process::cargo_bin());
        command.current_dir(root());
        command
    };
    process::run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    check_dependencies()?;
    build_ui(&tools)?;
    process::run(
        cargo()
            .arg("clippy")
            .args(NATIVE_PACKAGES)
            .args(TEST_TARGETS)
            .args(["--", "-D", "warnings"]),
    )?;
    process::run(cargo().args([
        "clippy",
        "-p",
        "ui",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    let app = build_app()?;
    let tests = |packages: &[&str]| {
        let mut command = cargo();
        command
            .arg("test")
            .args(packages)
            .env("WAYMARK_APP_BIN", &app)
            .env("TAURI_DRIVER", &tools.tauri_driver)
            .env("WAYMARK_AXE_CORE", &tools.axe_core);
        command
    };
    // Every test binary runs, so one failure does not hide the next.
    let mut all = tests(NATIVE_PACKAGES);
    all.arg("--no-fail-fast");
    let on_sqlite = webview_hang::run_tests(all, |names| {
        let mut again = tests(&["-p", "waymark-e2e", "--tests"]);
        again.arg("--").arg("--exact").args(names);
        again
    });
    // The server's tests again, each on a database of its own in a throwaway PostgreSQL
    // cluster, which stops when this returns, whether they passed or not.
    let on_postgres = (|| {
        let cluster = Cluster::start(&root().join("target").join("postgres-test"), false)
            .map_err(|error| anyhow::anyhow!("the test cluster did not start: {error}"))?;
        let mut server_tests = tests(&["-p", "waymark-server"]);
        server_tests
            .arg("--no-fail-fast")
            .env(TEST_CLUSTER, cluster.url("postgres"));
        eprintln!("xtask: the server's tests on PostgreSQL");
        process::run(&mut server_tests)
    })();
    on_sqlite?;
    on_postgres?;
    Ok(ExitCode::SUCCESS)
}

/// Licences, duplicate versions of the large crates and one SQLite (`deny.toml`), then
/// dependencies no code uses. Security advisories are not checked here: their database cannot be
/// fetched on the build machines (CONTRIBUTING.md says how to check them where it can).
fn check_dependencies() -> Result<()> {
    let tools = setup::ensure_dependency_tools()?;
    // The checks read every crate's manifest; fetch them first, so a new machine has them.
    process::run(
        Command::new(process::cargo_bin())
            .args(["fetch", "--locked"])
            .current_dir(root()),
    )?;
    process::run(
        Command::new(&tools.cargo_deny)
            .args([
                "--offline",
                "check",
                "--hide-inclusion-graph",
                "licenses",
                "bans",
                "sources",
            ])
            .current_dir(root()),
    )?;
    process::run(Command::new(&tools.cargo_machete).current_dir(root()))
}
