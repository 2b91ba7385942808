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

/// Builds the UI and leaves it in `ui/dist`: the module the page starts with, and the pages it
/// fetches when they are first shown (`ui/src/on_demand.rs`), split apart by wasm-split.
/// Files there are only rewritten when their bytes change, because the app embeds `ui/dist` and
/// a touched file would relink it.
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
    // wasm-split reads the linker's relocations (`--emit-relocs`, `.cargo/config.toml`) to
    // find what each split-off page calls, so it runs before wasm-bindgen rewrites the module.
    let split = staging.join("split");
    let main = split.join("ui.wasm");
    if is_newer(&wasm, &main) {
        if split.exists() {
            std::fs::remove_dir_all(&split)
                .with_context(|| format!("could not empty {}", split.display()))?;
        }
        process::run(
            Command::new(&tools.wasm_split)
                .args(["--target", "web", "--out-name", "ui"])
                .arg(&wasm)
                .arg(&split),
        )?;
    }
    let bound = staging.join("ui_bg.wasm");
    if is_newer(&main, &bound) {
        process::run(
            Command::new(&tools.wasm_bindgen)
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    // The pages' modules call the starting module's functions through its
                    // function table, which wasm-bindgen would otherwise stop exporting.
                    "--keep-lld-exports",
                    "--out-name",
                    "ui",
                    "--out-dir",
                ])
                .arg(&staging)
                .arg(&main),
        )?;
    }
    // Every module is optimised on its own: the starting one as wasm-bindgen left it, the
    // pages' as wasm-split wrote them.
    let optimised = staging.join("optimised");
    std::fs::create_dir_all(&optimised)
        .with_context(|| format!("could not create {}", optimised.display()))?;
    let mut modules = vec![(bound, "ui_bg.wasm".to_owned())];
    for entry in std::fs::read_dir(&split).context("could not list wasm-split's output")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".wasm") && name != "ui.wasm" {
            modules.push((split.join(&name), name));
        }
    }
    let stale: Vec<(&PathBuf, PathBuf)> = modules
        .iter()
        .map(|(module, name)| (module, optimised.join(name)))
        .filter(|(module, out)| is_newer(module, out))
        .collect();
    optimise_all(tools, &stale)?;
    let dist = ui_dist();
    std::fs::create_dir_all(&dist).context("could not create ui/dist")?;
    // A page's module from an earlier build, under a name this build no longer writes, goes.
    for entry in std::fs::read_dir(&dist).context("could not list ui/dist")? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with(".wasm") && !modules.iter().any(|(_, kept)| *kept == name) {
            std::fs::remove_file(&path)
                .with_context(|| format!("could not remove {}", path.display()))?;
        }
    }
    for (_, name) in &modules {
        copy_if_changed(&optimised.join(name), &dist.join(name))?;
    }
    copy_if_changed(&staging.join("ui.js"), &dist.join("ui.js"))?;
    copy_if_changed(&split.join(SPLIT_LOADER), &dist.join(SPLIT_LOADER))?;
    for file in STATIC_FILES {
        copy_if_changed(&root().join("ui").join(file), &dist.join(file))?;
    }
    Ok(())
}

/// The script wasm-split writes, which fetches a page's module the first time it is opened.
const SPLIT_LOADER: &str = "__wasm_split.js";

/// Runs wasm-opt on each module, as many at once as the machine has cores: there are a few
/// hundred modules, most of them small, and each run starts Node.js.
fn optimise_all(tools: &Tools, modules: &[(&PathBuf, PathBuf)]) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((module, out)) = modules.get(at) else {
                            return Ok(());
                        };
                        wasm_opt(tools, module, out)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a wasm-opt worker panicked")))
        })
    })
}

fn wasm_opt(tools: &Tools, module: &Path, out: &Path) -> Result<()> {
    process::run(
        Command::new("node")
            .arg(&tools.wasm_opt)
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(module)
            .arg("-o")
            .arg(out),
    )
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
