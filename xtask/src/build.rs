//! Building the wasm UI into `ui/dist` and the app that embeds it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result};

use crate::process::{self, root};
use crate::setup::Tools;

/// Every package but the wasm UI.
pub const NATIVE_PACKAGES: &[&str] = &["--workspace", "--exclude", "ui"];

/// The targets `cargo test` builds, and the benches.
pub const TEST_TARGETS: &[&str] = &["--lib", "--bins", "--tests", "--benches"];

/// The hand-written files served beside the generated ones.
const STATIC_FILES: &[&str] = &["index.html", "main.js", "style.css"];

pub fn ui_dist() -> PathBuf {
    root().join("ui").join("dist")
}

/// The Cargo profile the UI is built with: sized, not fast to build (see the workspace's
/// `Cargo.toml`).
const UI_PROFILE: &str = "wasm-release";

/// The wasm features the Rust compiler's wasm32 target uses by default, which wasm-opt must be
/// told of, and which every webview Waymark runs in has.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds the UI and leaves it in `ui/dist`. Files there are only rewritten when their bytes
/// change, because the app embeds `ui/dist` and a touched file would relink it.
pub fn build_ui(tools: &Tools) -> Result<()> {
    process::run(
        Command::new(process::cargo_bin())
            .args([
                "build",
                "-p",
                "ui",
                "--profile",
                UI_PROFILE,
                "--target",
                "wasm32-unknown-unknown",
            ])
            .current_dir(root()),
    )?;
    let target = waymark_e2e::target_dir();
    // Optimised: a debug build of the UI is several megabytes, slow in the webview, and large
    // enough that the app's embedded copy failed to decompress when served.
    let wasm = target.join(format!("wasm32-unknown-unknown/{UI_PROFILE}/ui.wasm"));
    let staging = target.join("ui-bindgen");
    let bound = staging.join("ui_bg.wasm");
    if is_newer(&wasm, &bound) {
        process::run(
            Command::new(&tools.wasm_bindgen)
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    "ui",
                    "--out-dir",
                ])
                .arg(&staging)
                .arg(&wasm),
        )?;
    }
    let optimised = staging.join("ui_bg.opt.wasm");
    if is_newer(&bound, &optimised) {
        process::run(
            Command::new("node")
                .arg(&tools.wasm_opt)
                .arg("-Oz")
                .args(WASM_FEATURES)
                .arg(&bound)
                .arg("-o")
                .arg(&optimised),
        )?;
    }
    let dist = ui_dist();
    std::fs::create_dir_all(&dist).context("could not create ui/dist")?;
    copy_if_changed(&staging.join("ui.js"), &dist.join("ui.js"))?;
    copy_if_changed(&optimised, &dist.join("ui_bg.wasm"))?;
    for file in STATIC_FILES {
        copy_if_changed(&root().join("ui").join(file), &dist.join(file))?;
    }
    Ok(())
}

/// Builds the app, with the UI embedded, at `target/debug/waymark-app`.
///
/// It builds the targets `cargo test` builds (libraries, binaries, tests): the same selection
/// unifies the same dependency features, so the app binary, whose file name has no hash, is not
/// rebuilt back and forth between `run` and `test`. Not `--all-targets`: that also compiles the
/// app's library as a test, a second expansion of `generate_context!` racing the first on
/// tauri-codegen's asset cache.
pub fn build_app() -> Result<PathBuf> {
    process::run(
        Command::new(process::cargo_bin())
            .arg("build")
            .args(NATIVE_PACKAGES)
            .args(TEST_TARGETS)
            .current_dir(root()),
    )?;
    Ok(waymark_e2e::app_binary())
}

fn is_newer(source: &Path, derived: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (modified(source), modified(derived)) {
        (Some(source), Some(derived)) => source > derived,
        _ => true,
    }
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<()> {
    let new = std::fs::read(from).with_context(|| format!("could not read {}", from.display()))?;
    if std::fs::read(to).ok().as_deref() != Some(new.as_slice()) {
        std::fs::write(to, new).with_context(|| format!("could not write {}", to.display()))?;
    }
    Ok(())
}
