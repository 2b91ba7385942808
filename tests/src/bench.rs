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
