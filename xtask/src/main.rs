//! `cargo xtask`: the project's own commands. Each sets up what is missing on the machine first,
//! and checks before it installs, so a warm run does nothing it need not.

mod build;
mod process;
mod run;
mod setup;
mod test;

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
    /// Print the benchmark figures, each as a ratio against a baseline measured in the same run.
    Bench,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run { headless } => run::run(headless),
        Command::Test => test::test(),
        Command::Bench => process::cargo(&["bench", "-p", "waymark-store", "--bench", "store"]),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
