//! `cargo xtask`: the project's own commands. Each sets up what is missing on the machine first,
//! and checks before it installs, so a warm run does nothing it need not.

mod build;
mod process;
mod run;
mod server;
mod setup;
mod size;
mod test;
mod webview_hang;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(about = "Build, run, test and benchmark Waymark")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the UI and the app, and start the app.
    Run {
        /// Start the app on a virtual display (Xvfb) and save a screenshot.
        #[arg(long)]
        headless: bool,
    },
    /// Formatting, lints, every crate's tests, the UI build and the end-to-end tests.
    Test,
    /// Print the benchmark figures, each as a ratio against a baseline measured in the same run,
    /// then one table of them with their goals.
    Bench {
        /// Exit with failure when a figure misses its goal.
        #[arg(long)]
        check: bool,
    },
    /// Start a local sync server with a demo workspace and print an enrolment code.
    Server,
}

/// The device store's figures, sync's over a real server, the sizes of what ships, then the
/// interface's in the real app; then the table of every figure and its goal.
fn bench(check: bool) -> anyhow::Result<ExitCode> {
    let figures = process::root().join("target").join("bench-figures.tsv");
    if figures.exists() {
        std::fs::remove_file(&figures)?;
    }
    // Every bench below adds its figures to this file.
    std::env::set_var(waymark_e2e::bench::FIGURES_VAR, &figures);
    process::cargo(&["bench", "-p", "waymark-store", "--bench", "store"])?;
    process::cargo(&["bench", "-p", "waymark-server", "--bench", "sync"])?;
    process::cargo(&["bench", "-p", "waymark-server", "--bench", "load"])?;
    // The interface's figures come from the real app under Xvfb, as the end-to-end tests run it.
    let tools = setup::ensure_all()?;
    build::build_ui(&tools)?;
    let release_app = size::report_sizes()?;
    // A cold start is the app as shipped; typing is timed in the build the tests drive.
    let app = build::build_app()?;
    for (bench, app) in [("cold_start", &release_app), ("typing", &app)] {
        process::run(
            std::process::Command::new(process::cargo_bin())
                .args(["bench", "-p", "waymark-e2e", "--bench", bench])
                .env("WAYMARK_APP_BIN", app)
                .env("TAURI_DRIVER", &tools.tauri_driver)
                .current_dir(process::root()),
        )?;
    }
    let missed = figures_table(&std::fs::read_to_string(&figures)?);
    if check && missed > 0 {
        eprintln!("xtask: {missed} figure(s) missed their goal");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the figures with their goals, and answers how many missed theirs.
fn figures_table(figures: &str) -> usize {
    use waymark_e2e::bench::Figure;
    println!();
    println!("| figure | value | goal | |");
    println!("|---|---|---|---|");
    let mut missed = 0;
    for figure in figures.lines().filter_map(Figure::read) {
        let (goal, verdict) = match figure.goal {
            None => (String::new(), ""),
            Some(_) if figure.missed() => {
                missed += 1;
                (figure.goal.map(|g| g.shown()).unwrap_or_default(), "MISSED")
            }
            Some(goal) => (goal.shown(), "met"),
        };
        println!(
            "| `{}` | {:.2} {} | {goal} | {verdict} |",
            figure.name, figure.value, figure.unit
        );
    }
    missed
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run { headless } => run::run(headless),
        Command::Test => test::test(),
        Command::Bench { check } => bench(check),
        Command::Server => server::server(),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
