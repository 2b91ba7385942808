//! The sizes of what ships: the UI's wasm as the webview's download of it would be compressed,
//! and the app binary as shipped, with the UI embedded.

use std::io::Write as _;

use anyhow::{Context as _, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use waymark_e2e::bench::{report, report_goal, Goal};

use crate::build;
use crate::process;

const KIB: f64 = 1024.0;
const MIB: f64 = 1024.0 * 1024.0;

/// The profile the app ships in (`Cargo.toml`): built for size, but for the crates the figures
/// time.
const APP_PROFILE: &str = "app-release";

/// Reports `ui_wasm_gz_kib` for the module the UI starts with in `ui/dist` (built already), and
/// beside it, with no goal, `ui_wasm_pages_gz_kib`: every page's module, which the webview
/// fetches the first time that page opens. Then builds the app as shipped (profile
/// `app-release`), its UI compressed, and reports `app_binary_mib`; answers where that app is.
pub fn report_sizes() -> Result<std::path::PathBuf> {
    let dist = build::ui_dist();
    let mut starting = 0;
    let mut pages = 0;
    for entry in std::fs::read_dir(&dist).context("could not list ui/dist")? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.ends_with(".wasm") {
            continue;
        }
        let compressed = gzipped_len(&path)?;
        if name == "ui_bg.wasm" {
            starting = compressed;
        } else {
            pages += compressed;
        }
    }
    report_goal(
        "ui_wasm_gz_kib",
        starting as f64 / KIB,
        "KiB",
        Goal::AtMost(300.0),
    );
    report("ui_wasm_pages_gz_kib", pages as f64 / KIB, "KiB");

    process::cargo(&[
        "build",
        "-p",
        "waymark-app",
        "--profile",
        APP_PROFILE,
        "--features",
        "compressed-ui",
        "--bin",
        "waymark-app",
    ])?;
    let binary = waymark_e2e::target_dir()
        .join(APP_PROFILE)
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

/// The length of `path` compressed as a web server would send it, at gzip's best.
fn gzipped_len(path: &std::path::Path) -> Result<usize> {
    let bytes =
        std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&bytes)?;
    Ok(gzip.finish()?.len())
}
