//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use std::process::{Command, ExitCode};

use anyhow::Result;

use crate::build::{build_app, build_ui, NATIVE_PACKAGES, TEST_TARGETS};
use crate::process::{self, root};
use crate::setup;

pub fn test() -> Result<ExitCode> {
    let tools = setup::ensure_all()?;
    let cargo = || {
        let mut command = Command::new(process::cargo_bin());
        command.current_dir(root());
        command
    };
    process::run(cargo().args(["fmt", "--all", "--", "--check"]))?;
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
    process::run(
        cargo()
            .arg("test")
            .args(NATIVE_PACKAGES)
            .env("WAYMARK_APP_BIN", &app)
            .env("TAURI_DRIVER", &tools.tauri_driver),
    )?;
    Ok(ExitCode::SUCCESS)
}
