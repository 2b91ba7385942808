//! `cargo xtask run`: build everything and start the app, on the screen or on a virtual one.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use waymark_e2e::{Process, Xvfb};

use crate::build::{build_app, build_ui};
use crate::process;
use crate::setup;

pub fn run(headless: bool) -> Result<ExitCode> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()));
    if !headless && !has_display {
        eprintln!(
            "There is no display here to show Waymark on; run `cargo xtask run --headless` to start it on a virtual display and save a screenshot."
        );
        return Ok(ExitCode::from(2));
    }
    let tools = setup::ensure_all()?;
    build_ui(&tools)?;
    let app = build_app()?;
    // Held so that the demo sync server stops with the app.
    let _server = crate::server::start_beside_app()?;
    if headless {
        run_headless(&app)
    } else {
        process::run(&mut Command::new(&app))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Starts the app under Xvfb, waits for its window to draw, saves a screenshot and stops both.
fn run_headless(app: &Path) -> Result<ExitCode> {
    let xvfb = Xvfb::start().map_err(harness_error)?;
    let mut waymark = Process::spawn(
        "waymark-app",
        Command::new(app).env("DISPLAY", xvfb.display()),
    )
    .map_err(harness_error)?;
    eprintln!(
        "xtask: Waymark is running on virtual display {}",
        xvfb.display()
    );

    let deadline = Instant::now() + Duration::from_secs(60);
    let find_window = || {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Waymark$"])
            .env("DISPLAY", xvfb.display())
            .output()
            .ok()?;
        let ids = String::from_utf8_lossy(&found.stdout);
        ids.lines().next().map(str::to_owned)
    };
    let window = loop {
        if let Some(window) = find_window() {
            break window;
        }
        if Instant::now() > deadline || matches!(waymark.child_mut().try_wait(), Ok(Some(_))) {
            bail!("the Waymark window did not appear on {}", xvfb.display());
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    // The window appears before the wasm UI has drawn into it.
    std::thread::sleep(Duration::from_secs(4));
    let shot = waymark_e2e::target_dir()
        .join("screenshots")
        .join("headless.png");
    if let Some(dir) = shot.parent() {
        std::fs::create_dir_all(dir)?;
    }
    xvfb.screenshot(&window, &shot).map_err(harness_error)?;
    println!("Screenshot saved to {}", shot.display());
    waymark.stop();
    Ok(ExitCode::SUCCESS)
}

/// The test harness reports plain boxed errors; xtask reports through anyhow.
fn harness_error(error: Box<dyn std::error::Error + Send + Sync>) -> anyhow::Error {
    anyhow::anyhow!(error)
}
