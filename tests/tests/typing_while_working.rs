//! The interface never freezes: while a phone's 19 MB motion photo is stripped of its metadata and
//! video and stored, a practitioner types a note one key at a time, and every key shows in the
//! field, in order, with nothing lost; the photo is stored too. How long each key took is printed
//! here and reported by `cargo xtask bench` (`key_to_screen_p99_ms`), not asserted: test machines
//! are too noisy for times.

mod common;

use common::typing::{capture_open, motion_photo, p99_ms, type_keys, TYPED};
use common::{create_context, find, start_app, wait_for_text};
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

#[tokio::test(flavor = "multi_thread")]
async fn keys_show_at_once_while_a_large_photo_is_stored() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let photo = motion_photo(files.path(), "motion-photo-19mb.jpg")?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    create_context(&client, "Brookside Park").await?;
    capture_open(&client).await?;

    let keys = type_keys(&client, Some(&photo)).await?;
    wait_for_text(&client, "#photo-count", "1 photo(s) added").await?;
    let note = find(&client, "#observation-note")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(note, TYPED, "every key, in order");
    let while_storing = keys.iter().filter(|key| key.while_storing).count();
    assert!(
        while_storing > 0,
        "some keys were typed while the photo was being stored"
    );
    eprintln!(
        "{} keys, {while_storing} while the photo was stored; slowest of 99 in 100: {:.1} ms",
        keys.len(),
        p99_ms(&keys)
    );
    client.close().await?;
    Ok(())
}
