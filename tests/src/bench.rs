//! How the benchmarks print their figures: for people, and as `bench: NAME VALUE UNIT` lines a
//! script can read.

pub fn report(name: &str, value: f64, unit: &str) {
    println!("bench: {name} {value:.1} {unit}");
}

/// A figure that is a ratio against a baseline measured in the same run, with what it compares.
pub fn report_ratio(name: &str, value: f64, meaning: &str) {
    // A tiny ratio still shows its first digits.
    let decimals = if value != 0.0 && value.abs() < 0.01 {
        6
    } else {
        2
    };
    println!("bench: {name} {value:.decimals$} x");
    println!("       ({meaning})");
}
