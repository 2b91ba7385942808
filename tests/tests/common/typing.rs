//! Typing while the app works: a practitioner's keys go into a field while a large photo is
//! stripped and stored, and each key's time to show in the field is measured through WebDriver.
//! Shared by the end-to-end test, which checks nothing typed is lost, and the benchmark, which
//! reports the times.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use waymark_e2e::{eventually, until, workspace_root, Result};

use super::{click, find, plan_and_check_in, PATIENCE};

/// What is typed: one key at a time.
pub const TYPED: &str = "Lights out by the gate, bins moved to the path";

/// A phone's motion photo of about 19 MB: the fixture's camera JPEG (with its EXIF and GPS) and,
/// after its end-of-image marker, a motion video's `mdat` box of distinct bytes, as phones write
/// them. Stripping it keeps the image alone. Written into `dir` as `name`.
pub fn motion_photo(dir: &Path, name: &str) -> Result<PathBuf> {
    let fixture = workspace_root().join("tests/fixtures/motion-photo-with-gps.jpg");
    let mut bytes = std::fs::read(fixture)?;
    let video_bytes: usize = 19 * 1024 * 1024;
    let size = u32::try_from(video_bytes + 8)?;
    bytes.extend_from_slice(&size.to_be_bytes());
    bytes.extend_from_slice(b"mdat");
    // Distinct bytes, so nothing on the way can make it small by compressing it.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    bytes.reserve(video_bytes);
    while bytes.len() < video_bytes + 8 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    let path = dir.join(name);
    std::fs::write(&path, &bytes)?;
    Ok(path)
}

/// One key's time from being sent to showing in the field, and whether the photo was still being
/// stored when it showed.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub to_screen: Duration,
    pub while_storing: bool,
}

/// Opens the capture form on a walk of the open context, ready to type.
pub async fn capture_open(client: &Client) -> Result<()> {
    plan_and_check_in(client).await?;
    click(client, "#add-observation").await?;
    click(client, "#capture summary").await?;
    find(client, "#observation-note").await?;
    Ok(())
}

/// Types [`TYPED`] into the note a key at a time, after choosing `photo` when given, and times
/// each key until the note shows it.
pub async fn type_keys(client: &Client, photo: Option<&Path>) -> Result<Vec<Key>> {
    let note = find(client, "#observation-note").await?;
    note.clear().await?;
    let photo_count = || async {
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
            client
                .find(Locator::Css("#photo-count"))
                .await?
                .text()
                .await?,
        )
    };
    let before = photo_count().await?;
    if let Some(photo) = photo {
        find(client, "#photo")
            .await?
            .send_keys(&photo.display().to_string())
            .await?;
    }
    let mut keys = Vec::new();
    let mut expected = String::new();
    for key in TYPED.chars() {
        expected.push(key);
        let sent = Instant::now();
        note.send_keys(&key.to_string()).await?;
        let storing = eventually("the key in the note", PATIENCE, || async {
            let seen = client
                .execute(
                    "return [document.querySelector('#observation-note').value,
                             document.querySelector('#photo-count').textContent];",
                    Vec::new(),
                )
                .await?;
            let value = seen[0].as_str().unwrap_or_default().to_owned();
            // The count of photos added changes once the photo is stored.
            let storing = seen[1].as_str().unwrap_or_default().trim() == before.trim();
            Ok(match until(value == expected, || value.clone()) {
                std::ops::ControlFlow::Break(()) => std::ops::ControlFlow::Break(storing),
                std::ops::ControlFlow::Continue(seen) => std::ops::ControlFlow::Continue(seen),
            })
        })
        .await?;
        keys.push(Key {
            to_screen: sent.elapsed(),
            while_storing: photo.is_some() && storing,
        });
    }
    if photo.is_some() {
        eventually("the photo stored", PATIENCE, || async {
            let count = photo_count().await?;
            Ok(until(count.trim() != before.trim(), || count.clone()))
        })
        .await?;
    }
    Ok(keys)
}

/// The slowest key of the fastest 99 in 100, in milliseconds.
pub fn p99_ms(keys: &[Key]) -> f64 {
    let mut times: Vec<f64> = keys
        .iter()
        .map(|key| key.to_screen.as_secs_f64() * 1000.0)
        .collect();
    times.sort_by(f64::total_cmp);
    let at = ((times.len() as f64 * 0.99).ceil() as usize).clamp(1, times.len()) - 1;
    times[at]
}
