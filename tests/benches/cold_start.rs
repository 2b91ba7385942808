//! `bench: cold_start_10k_ms`: the release app, from the moment WebDriver asks for it to start
//! until its home page lists contexts to choose from, with a year of records (10,000) on the
//! device (goal at most 1,000 on this machine). The baseline is the same start on a device set up
//! with the same passcode and no records, in the same run: `cold_start_10k_over_empty_ms` (goal
//! at most 200). The passcode is typed in both, so the unlock's key derivation counts the same.
//! The screens are looked at every 10 ms, so the figure is the app's time, not the time between
//! looks.
//!
//! `bench: app_rss_10k_over_empty_mib`: the resident memory of the app and its webview's
//! processes together, after it has started and opened ten contexts' pages, with the year against
//! the empty device (goal at most 100).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::year::{set_up_empty, write_year};
use common::{click, fill, find, start_locked_app, type_into, wait_for_count, PASSCODE};
use fantoccini::Locator;
use waymark_e2e::bench::{report, report_goal, Goal};
use waymark_e2e::{app_binary, app_memory, eventually_every, until, Result, TauriDriver, Xvfb};

/// Starts on each device, the median of which counts: the first start of a process reads its
/// files from disk, and later ones may not.
const STARTS: usize = 5;

const MIB: f64 = 1024.0 * 1024.0;

/// How often a start is looked at. Each look is one WebDriver round trip.
const LOOK_EVERY: Duration = Duration::from_millis(10);

#[tokio::main]
async fn main() -> Result<()> {
    let app = app_binary();
    let xvfb = Xvfb::start()?;
    let empty = tempfile::tempdir()?;
    set_up_empty(empty.path(), PASSCODE)?;
    let year = tempfile::tempdir()?;
    let writing = Instant::now();
    write_year(year.path(), PASSCODE)?;
    println!(
        "wrote a year of records in {:.1} s",
        writing.elapsed().as_secs_f64()
    );

    let (empty_ms, empty_bytes) = measure(&app, xvfb.display(), empty.path(), false).await?;
    let (year_ms, year_bytes) = measure(&app, xvfb.display(), year.path(), true).await?;
    report("cold_start_empty_ms", empty_ms, "ms");
    report_goal("cold_start_10k_ms", year_ms, "ms", Goal::AtMost(1000.0));
    report_goal(
        "cold_start_10k_over_empty_ms",
        year_ms - empty_ms,
        "ms",
        Goal::AtMost(200.0),
    );
    report("app_rss_empty_mib", empty_bytes as f64 / MIB, "MiB");
    report_goal(
        "app_rss_10k_over_empty_mib",
        (year_bytes as f64 - empty_bytes as f64) / MIB,
        "MiB",
        Goal::AtMost(100.0),
    );
    Ok(())
}

/// The median start, in milliseconds, of the app on the device in `data_home`, and its resident
/// memory after the last start has opened ten contexts' pages.
async fn measure(
    app: &Path,
    display: &str,
    data_home: &Path,
    has_records: bool,
) -> Result<(f64, u64)> {
    let driver = TauriDriver::start(display, data_home, &[])?;
    let mut starts = Vec::with_capacity(STARTS);
    let mut memory = 0;
    for start in 0..STARTS {
        let asked = Instant::now();
        let client = start_locked_app(&driver, app).await?;
        shown(&client, "#unlock-passcode", 1).await?;
        type_into(&client, "#unlock-passcode", PASSCODE).await?;
        click(&client, "#unlock").await?;
        if has_records {
            shown(&client, ".context-row", 25).await?;
        } else {
            shown(&client, "#no-contexts", 1).await?;
        }
        starts.push(asked.elapsed());
        if start + 1 == STARTS {
            memory = after_ten_pages(&client, app, data_home, has_records).await?;
        }
        client.close().await?;
    }
    starts.sort();
    Ok((millis(starts[STARTS / 2]), memory))
}

/// Waits until `count` elements match `css`, looking every few milliseconds: the tests' usual
/// tenth of a second, or WebDriver's quarter, between looks would be counted as the app's time.
async fn shown(client: &fantoccini::Client, css: &str, count: usize) -> Result<()> {
    eventually_every(css, Duration::from_secs(60), LOOK_EVERY, || async {
        let found = client.find_all(Locator::Css(css)).await?.len();
        Ok(until(found == count, || {
            format!("{found} shown, {count} expected")
        }))
    })
    .await
}

/// Opens ten contexts' pages one after another, where there are any, then reads the memory.
async fn after_ten_pages(
    client: &fantoccini::Client,
    app: &Path,
    data_home: &Path,
    has_records: bool,
) -> Result<u64> {
    if has_records {
        for n in 0..10 {
            // Walkabouts are of ordinary places: contexts 2 to 9 of every ten.
            fill(client, "#context-search", &format!("{:04}", 100 * n + 2)).await?;
            wait_for_count(client, ".context-row", 1).await?;
            click(client, ".context-row").await?;
            find(client, "#description").await?;
            click(client, "#back").await?;
            find(client, "#context-search").await?;
        }
    }
    // Let the webview settle what it freed before reading.
    tokio::time::sleep(Duration::from_secs(1)).await;
    app_memory(app, data_home)
}

fn millis(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}
