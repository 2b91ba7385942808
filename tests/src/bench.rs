//! How the benchmarks print their figures: for people, and as `bench: NAME VALUE UNIT` lines a
//! script can read. A figure with a goal says whether it meets it. When `cargo xtask bench` runs
//! them, every figure is also written to the file it names in [`FIGURES_VAR`], from which it
//! prints one table and, with `--check`, fails on a goal missed.

use std::io::Write as _;

/// The environment variable naming the file every figure is added to, one per line.
pub const FIGURES_VAR: &str = "WAYMARK_BENCH_FIGURES";

/// What a figure must be to meet its goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
}

impl Goal {
    pub fn met_by(self, value: f64) -> bool {
        match self {
            Self::AtLeast(goal) => value >= goal,
            Self::AtMost(goal) => value <= goal,
        }
    }

    /// "≥ 0.33", "≤ 50".
    pub fn shown(self) -> String {
        match self {
            Self::AtLeast(goal) => format!("≥ {goal}"),
            Self::AtMost(goal) => format!("≤ {goal}"),
        }
    }

    /// As a figures file writes it: `>=0.33`, `<=50`.
    fn written(self) -> String {
        match self {
            Self::AtLeast(goal) => format!(">={goal}"),
            Self::AtMost(goal) => format!("<={goal}"),
        }
    }

    /// Reads what [`Goal::written`] wrote.
    pub fn read(text: &str) -> Option<Self> {
        if let Some(goal) = text.strip_prefix(">=") {
            return goal.parse().ok().map(Self::AtLeast);
        }
        text.strip_prefix("<=")?.parse().ok().map(Self::AtMost)
    }
}

pub fn report(name: &str, value: f64, unit: &str) {
    println!("bench: {name} {value:.1} {unit}");
    record(name, value, unit, None);
}

/// A figure that is a ratio against a baseline measured in the same run, with what it compares.
pub fn report_ratio(name: &str, value: f64, meaning: &str) {
    println!("bench: {name} {} x", ratio(value));
    println!("       ({meaning})");
    record(name, value, "x", None);
}

/// A figure with its goal.
pub fn report_goal(name: &str, value: f64, unit: &str, goal: Goal) {
    println!("bench: {name} {value:.1} {unit} ({})", verdict(value, goal));
    record(name, value, unit, Some(goal));
}

/// A ratio with its goal.
pub fn report_ratio_goal(name: &str, value: f64, meaning: &str, goal: Goal) {
    println!(
        "bench: {name} {} x ({})",
        ratio(value),
        verdict(value, goal)
    );
    println!("       ({meaning})");
    record(name, value, "x", Some(goal));
}

/// A tiny ratio still shows its first digits.
fn ratio(value: f64) -> String {
    let decimals = if value != 0.0 && value.abs() < 0.01 {
        6
    } else {
        2
    };
    format!("{value:.decimals$}")
}

fn verdict(value: f64, goal: Goal) -> String {
    let met = if goal.met_by(value) { "met" } else { "MISSED" };
    format!("goal {}: {met}", goal.shown())
}

/// Adds the figure to the figures file, when one is named: `name TAB value TAB unit TAB goal`.
fn record(name: &str, value: f64, unit: &str, goal: Option<Goal>) {
    let Some(path) = std::env::var_os(FIGURES_VAR) else {
        return;
    };
    let line = format!(
        "{name}\t{value}\t{unit}\t{}\n",
        goal.map(Goal::written).unwrap_or_default()
    );
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()));
    if let Err(error) = written {
        eprintln!("the figure {name} could not be added to the figures file: {error}");
    }
}

/// One line of a figures file.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub goal: Option<Goal>,
}

impl Figure {
    /// Reads a line of a figures file; `None` for one that is not a figure.
    pub fn read(line: &str) -> Option<Self> {
        let mut parts = line.split('\t');
        let name = parts.next()?.to_owned();
        let value = parts.next()?.parse().ok()?;
        let unit = parts.next()?.to_owned();
        let goal = parts.next().and_then(Goal::read);
        Some(Self {
            name,
            value,
            unit,
            goal,
        })
    }

    pub fn missed(&self) -> bool {
        self.goal.is_some_and(|goal| !goal.met_by(self.value))
    }
}

/// An invented park, the `n`th of many, as the benchmarks save them by the thousand.
pub fn context_draft(n: usize) -> waymark_core::ContextDraft {
    waymark_core::ContextDraft {
        name: format!("Test place {n}"),
        context_type: "park_or_green_space".to_owned(),
        description: "Open park with a skate area and a path to the station.".to_owned(),
        location: Some(waymark_core::GeoPoint {
            lat: 52.41,
            lon: -1.97,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_read_back_knows_whether_it_met_its_goal() {
        let written = format!("save_ratio\t0.2\tx\t{}", Goal::AtLeast(0.33).written());
        let figure = Figure::read(&written).expect("a figure");
        assert_eq!(figure.goal, Some(Goal::AtLeast(0.33)));
        assert!(figure.missed());
        let met = Figure::read("unlock_ms\t412.5\tms\t<=1000").expect("a figure");
        assert!(!met.missed());
        let without = Figure::read("raw_insert_rate\t5000\tinserts/s\t").expect("a figure");
        assert_eq!(without.goal, None);
        assert!(!without.missed());
        assert_eq!(Figure::read("not a figure"), None);
    }
}
