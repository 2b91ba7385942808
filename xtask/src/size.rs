//! The sizes of what ships: the UI's wasm as the webview's download of it would be compressed,
//! and the release app binary with the UI embedded.

use std::io::Write as _;

use anyhow::{Context as _, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use waymark_e2e::bench::{report_goal, Goal};

use crate::build;
use crate::process;

const KIB: f64 = 1024.0;
const MIB: f64 = 1024.0 * 1024.0;

/// Reports `ui_wasm_gz_kib` for the UI in `ui/dist` (built already), then builds the release app
/// as shipped, its UI compressed, and reports `app_binary_mib`; answers where the release app is.
pub fn report_sizes() -> Result<std::path::PathBuf> {
    let wasm_path = build::ui_dist().join("ui_bg.wasm");
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("could not read {}", wasm_path.display()))?;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&wasm)?;
    let compressed = gzip.finish()?;
    report_goal(
        "ui_wasm_gz_kib",
        compressed.len() as f64 / KIB,
        "KiB",
        Goal::AtMost(300.0),
    );

    process::cargo(&[
        "build",
        "-p",
        "waymark-app",
        "--release",
        "--features",
        "compressed-ui",
        "--bin",
        "waymark-app",
    ])?;
    let binary = waymark_e2e::target_dir()
        .join("release")
        .join("waymark-app");
    let size = std::fs::metadata(&binary)
        .with_context(|| format!("could not read {}", binary.display()))?
        .len();
    report_goal(
        "app_binary_mib",
        size as f64 / MIB,
        "MiB",
        Goal::AtMost(20.0),
    );
    Ok(binary)
}
