//! `bench: key_to_screen_p99_ms`: how long a key takes to show in the observation note while a
//! phone's 19 MB motion photo is stripped and stored, in the real app under Xvfb, measured through
//! WebDriver (goal at most 50). The baseline is the same keys typed into the same field with
//! nothing else going on, in the same run; the ratio is the one to compare across machines.

#[path = "../tests/common/mod.rs"]
mod common;

use common::typing::{capture_open, motion_photo, p99_ms, type_keys};
use common::{create_context, start_app};
use waymark_e2e::bench::{report, report_goal, report_ratio, Goal};
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

/// Rounds of typing, each on a fresh capture form, so one slow moment does not decide it.
const ROUNDS: usize = 3;

#[tokio::main]
async fn main() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    create_context(&client, "Brookside Park").await?;
    capture_open(&client).await?;
    let (mut idle, mut storing) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // A file of its own each round: choosing the same file again need not count as a change.
        let photo = motion_photo(files.path(), &format!("motion-photo-{round}.jpg"))?;
        idle.extend(type_keys(&client, None).await?);
        let keys = type_keys(&client, Some(&photo)).await?;
        storing.extend(keys.into_iter().filter(|key| key.while_storing));
    }
    client.close().await?;
    if storing.is_empty() {
        return Err("the photo was stored before any key was typed".into());
    }
    let (idle_ms, storing_ms) = (p99_ms(&idle), p99_ms(&storing));
    report_goal("key_to_screen_p99_ms", storing_ms, "ms", Goal::AtMost(50.0));
    report("key_to_screen_idle_p99_ms", idle_ms, "ms");
    report_ratio(
        "key_to_screen_vs_idle_ratio",
        storing_ms / idle_ms,
        "a key while a 19 MB photo is stored ÷ a key with nothing else going on",
    );
    Ok(())
}
