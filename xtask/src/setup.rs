//! Installing what a fresh Debian machine with only the Rust toolchain lacks. Every step checks
//! first, so a warm run installs nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _, Result};

use crate::process::{self, output};

/// Debian packages: the WebKitGTK and OpenSSL headers the app builds against, Xvfb and the WebKit
/// WebDriver for the end-to-end tests, xdotool and ImageMagick for screenshots, a D-Bus daemon
/// for the session bus that carries the app's system notifications in a test, and PostgreSQL.
const DEBIAN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libssl-dev",
    "xvfb",
    "webkit2gtk-driver",
    "xdotool",
    "imagemagick",
    "dbus-daemon",
    // pdftotext and pdftoppm: the panel's PDF is read back and looked at in the tests.
    "poppler-utils",
    // initdb, pg_ctl and the clients: the server's tests and load run start a throwaway cluster.
    "postgresql",
];

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// Licences, duplicate versions of large crates, and where crates come from (`deny.toml`).
const CARGO_DENY_VERSION: &str = "0.20.2";
/// Dependencies that no code uses.
const CARGO_MACHETE_VERSION: &str = "0.9.2";
/// The WCAG checker the end-to-end tests inject into every page (from the npm registry).
const AXE_CORE_VERSION: &str = "4.10.3";
/// binaryen's wasm-opt, which shrinks the UI's wasm after wasm-bindgen (the Leptos book's advice).
const BINARYEN_VERSION: &str = "132.0.0";
/// wasm-split, which cuts the pages the UI loads on first use out of the module it starts with
/// (the Leptos book's code splitting). The same minor version as `wasm_split_helpers`, which
/// Leptos's `#[lazy]` uses, in Cargo.lock.
const WASM_SPLIT_VERSION: &str = "0.2.4";

/// The tools the build and the tests call, where they were found or installed.
#[derive(Debug)]
pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub tauri_driver: PathBuf,
    pub axe_core: PathBuf,
    pub wasm_opt: PathBuf,
    pub wasm_split: PathBuf,
}

pub fn ensure_all() -> Result<Tools> {
    ensure_debian_packages()?;
    ensure_wasm_target()?;
    Ok(Tools {
        wasm_bindgen: ensure_wasm_bindgen_cli()?,
        tauri_driver: ensure_tauri_driver()?,
        axe_core: ensure_axe_core()?,
        wasm_opt: ensure_wasm_opt()?,
        wasm_split: ensure_wasm_split()?,
    })
}

/// The dependency checks `cargo xtask test` runs, where they were found or installed.
#[derive(Debug)]
pub struct DependencyTools {
    pub cargo_deny: PathBuf,
    pub cargo_machete: PathBuf,
}

pub fn ensure_dependency_tools() -> Result<DependencyTools> {
    Ok(DependencyTools {
        cargo_deny: ensure_cargo_tool("cargo-deny", CARGO_DENY_VERSION)?,
        cargo_machete: ensure_cargo_tool("cargo-machete", CARGO_MACHETE_VERSION)?,
    })
}

/// A cargo subcommand at exactly `version`, installed with its own lock file when it is missing
/// or another version.
fn ensure_cargo_tool(krate: &str, version: &str) -> Result<PathBuf> {
    let binary = cargo_installed(krate);
    let found = output(&binary, &["--version"]).unwrap_or_default();
    if found.split_whitespace().any(|word| word == version) {
        return Ok(binary);
    }
    cargo_install(krate, &format!("={version}"), true)?;
    Ok(binary)
}

fn ensure_debian_packages() -> Result<()> {
    if output("dpkg-query", &["--version"]).is_none() {
        eprintln!("xtask: this is not a Debian system; install the equivalents of {DEBIAN_PACKAGES:?} yourself.");
        return Ok(());
    }
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .copied()
        .filter(|package| {
            output("dpkg-query", &["-W", "-f=${db:Status-Abbrev}", package])
                .is_none_or(|status| !status.starts_with("ii"))
        })
        .collect();
    install_debian_packages(&missing)
}

fn install_debian_packages(missing: &[&str]) -> Result<()> {
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let as_root = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        process::run(&mut command)
    };
    apt(&["update", "-qq"])?;
    apt(&[
        &["install", "-y", "-qq", "--no-install-recommends"],
        missing,
    ]
    .concat())
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock, or the
/// JavaScript glue it writes will not match the wasm.
fn ensure_wasm_bindgen_cli() -> Result<PathBuf> {
    let wanted = locked_version("wasm-bindgen")?;
    let binary = cargo_installed("wasm-bindgen");
    let found = output(&binary, &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(binary);
    }
    // Not `--locked`: the lock file it ships names a webpki-roots release that some registry
    // mirrors lack, and a fresh resolution of the same wasm-bindgen-cli builds the same tool.
    cargo_install("wasm-bindgen-cli", &format!("={wanted}"), false)?;
    Ok(binary)
}

fn ensure_tauri_driver() -> Result<PathBuf> {
    let binary = cargo_installed("tauri-driver");
    if binary.is_file() {
        return Ok(binary);
    }
    cargo_install("tauri-driver", TAURI_DRIVER_VERSION, true)?;
    Ok(binary)
}

/// axe-core's script, installed with npm under `target/tools` at exactly [`AXE_CORE_VERSION`].
fn ensure_axe_core() -> Result<PathBuf> {
    let script = waymark_e2e::axe_core_script();
    ensure_npm_package("axe-core", AXE_CORE_VERSION, &script)?;
    Ok(script)
}

/// binaryen's `wasm-opt`, installed with npm under `target/tools` at exactly
/// [`BINARYEN_VERSION`]; it runs on Node.js.
fn ensure_wasm_opt() -> Result<PathBuf> {
    let binary =
        waymark_e2e::target_dir().join("tools/binaryen/node_modules/binaryen/bin/wasm-opt");
    ensure_npm_package("binaryen", BINARYEN_VERSION, &binary)?;
    Ok(binary)
}

/// wasm-split's command, built from `wasm_split_cli_support` at exactly [`WASM_SPLIT_VERSION`]
/// into a folder named for that version under `target/tools`: the command has no `--version`.
fn ensure_wasm_split() -> Result<PathBuf> {
    let root = waymark_e2e::target_dir()
        .join("tools/wasm-split")
        .join(WASM_SPLIT_VERSION);
    let binary = root.join("bin/wasm-split-cli");
    if binary.is_file() {
        return Ok(binary);
    }
    process::run(
        Command::new(process::cargo_bin())
            .args(["install", "wasm_split_cli_support", "--version"])
            .arg(format!("={WASM_SPLIT_VERSION}"))
            .args(["--locked", "--features", "build-binary", "--root"])
            .arg(&root),
    )?;
    Ok(binary)
}

/// Installs an npm package at exactly `version` under `target/tools/{package}`, unless `file`
/// (one of its files) is there from that version already.
fn ensure_npm_package(package: &str, version: &str, file: &Path) -> Result<()> {
    let prefix = waymark_e2e::target_dir().join("tools").join(package);
    let manifest = prefix
        .join("node_modules")
        .join(package)
        .join("package.json");
    let installed = std::fs::read_to_string(&manifest).unwrap_or_default();
    if file.is_file() && installed.contains(&format!("\"version\": \"{version}\"")) {
        return Ok(());
    }
    // Most machines have npm with their Node.js (which may not be Debian's, so Debian's npm
    // package is only asked for where there is none).
    if output("npm", &["--version"]).is_none() {
        install_debian_packages(&["npm"])?;
    }
    std::fs::create_dir_all(&prefix)
        .with_context(|| format!("could not create {}", prefix.display()))?;
    process::run(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("{package}@{version}")),
    )?;
    if !file.is_file() {
        bail!("npm installed {package}, but {} is missing", file.display());
    }
    Ok(())
}

fn cargo_install(krate: &str, version: &str, locked: bool) -> Result<()> {
    let mut command = Command::new(process::cargo_bin());
    command.args(["install", krate, "--version", version]);
    if locked {
        command.arg("--locked");
    }
    process::run(&mut command)
}

/// Where `cargo install` puts a binary: `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
fn cargo_installed(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(name)
}

/// The version of `package` that Cargo.lock pins.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(process::root().join("Cargo.lock"))
        .context("could not read Cargo.lock")?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name_line {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    bail!("Cargo.lock does not pin {package}")
}
