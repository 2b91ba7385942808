//! A whole walkabout in the real app: plan it for two, check in with a replayed GPX route,
//! observe (one urgent, one with a photo), survive a SIGKILL, check out, write up, complete, and
//! edit after completion. Then every file the app could have written (its data folder, its
//! cache, its temporary files, its log) is searched for what was typed: none of it may be
//! anywhere but inside the encrypted database.

mod common;

use std::path::Path;

use common::{
    click, create_context, find, plan_and_check_in, route_points, screenshot, screenshot_at,
    start_app, text_of, type_into, wait_for_text,
};
use fantoccini::{Client, Locator};
use waymark_e2e::{
    app_binary, eventually, files_holding, kill_app, until, workspace_root, Result, TauriDriver,
    Xvfb,
};

/// What the practitioner types in this walkabout that must never be found outside the
/// encrypted database: a place, a phone number, a case reference, a write-up.
const MARKERS: &[&str] = &[
    "Northfield",
    "01632 960999",
    "CS-10234",
    "Duty social worker",
    "Written up: concerns",
    "Lights out by the underpass",
];

async fn observation_count(client: &Client) -> Result<usize> {
    Ok(client
        .find_all(Locator::Css("#observations li"))
        .await?
        .len())
}

async fn wait_for_observations(client: &Client, expected: usize) -> Result<()> {
    eventually("the observations", common::PATIENCE, || async {
        let found = observation_count(client).await?;
        Ok(until(found == expected, || {
            format!("{found} shown, {expected} expected")
        }))
    })
    .await
}

async fn open_first_walkabout(client: &Client) -> Result<()> {
    wait_for_text(client, "#context-list", "Northfield Park").await?;
    click(client, "#context-list .context-row").await?;
    click(client, ".walkabout-row").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_walkabout_is_planned_walked_killed_resumed_and_written_up() -> Result<()> {
    let app = app_binary();
    let fixtures = workspace_root().join("tests").join("fixtures");
    let gpx = fixtures.join("northfield-park-loop.gpx");
    let photo = fixtures.join("motion-photo-with-gps.jpg");
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    // Its own cache and temporary folders, and its log kept, so that all it writes is found.
    let elsewhere = tempfile::tempdir()?;
    let (cache, tmp) = (elsewhere.path().join("cache"), elsewhere.path().join("tmp"));
    std::fs::create_dir_all(&cache)?;
    std::fs::create_dir_all(&tmp)?;
    let log = elsewhere.path().join("app.log");
    let driver = TauriDriver::start(
        xvfb.display(),
        data_home.path(),
        &[
            ("WAYMARK_FAKE_GPX", &gpx),
            ("XDG_CACHE_HOME", &cache),
            ("TMPDIR", &tmp),
            ("WAYMARK_LOG_FILE", &log),
        ],
    )?;

    let client = start_app(&driver, &app).await?;

    // The workspace words its own escalation card.
    click(&client, "#settings").await?;
    find(&client, "#card-instructions").await?;
    type_into(
        &client,
        "#card-instructions",
        " Northfield front door: 01632 960999.",
    )
    .await?;
    click(&client, "#save-card").await?;
    wait_for_text(&client, "#card-saved", "Saved on this device").await?;
    click(&client, "#back").await?;

    create_context(&client, "Northfield Park").await?;

    // Plan for two, check in and walk, with the replayed route giving a fix.
    plan_and_check_in(&client).await?;
    wait_for_text(&client, "#location-status", "Location fix").await?;

    // Three taps: Add observation, a category, Save.
    click(&client, "#add-observation").await?;
    click(&client, ".category[data-code=lighting_and_sightlines]").await?;
    click(&client, "#save-observation").await?;
    wait_for_observations(&client, 1).await?;

    // With people counted and a photo of the place.
    click(&client, "#add-observation").await?;
    click(&client, ".category[data-code=young_peoples_presence]").await?;
    click(&client, "#capture summary").await?;
    type_into(&client, "#people-count", "6").await?;
    find(&client, "#photo")
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    wait_for_text(&client, "#photo-count", "1 photo").await?;
    click(&client, "#save-observation").await?;
    wait_for_observations(&client, 2).await?;

    // Urgent: one tap shows the escalation card; the child is known only by a case reference.
    click(&client, "#urgent").await?;
    wait_for_text(
        &client,
        "#escalation-card",
        "Northfield front door: 01632 960999",
    )
    .await?;
    screenshot_at(&client, "#escalation-card", "e2e-urgent-concern").await?;
    // Nothing is chosen for the practitioner: the category and how it was escalated are picked,
    // and saving before either is chosen says what is missing.
    click(&client, "#save-observation").await?;
    find(&client, "#category-error").await?;
    click(&client, ".category[data-code=signs_of_exploitation]").await?;
    click(&client, "#concern-types .chip").await?;
    click(&client, "#save-observation").await?;
    wait_for_text(&client, "#escalation-error", "Choose how you escalated").await?;
    find(&client, "#escalation-method")
        .await?
        .select_by_value("front_door")
        .await?;
    type_into(&client, "#escalated-to", "Duty social worker").await?;
    type_into(&client, "#case-ref", "CS-10234").await?;
    click(&client, "#save-observation").await?;
    wait_for_observations(&client, 3).await?;
    wait_for_text(&client, "#observations", "Urgent").await?;
    screenshot_at(&client, "#walkabout-state", "e2e-walking-screen").await?;
    eventually("the route being recorded", common::PATIENCE, || async {
        let points = route_points(&client).await?;
        Ok(until(points >= 3, || format!("{points} points")))
    })
    .await?;
    let points_before_kill = route_points(&client).await?;

    // A crash in the middle of the walk.
    assert_eq!(
        kill_app(&app, data_home.path())?,
        1,
        "exactly our app was killed"
    );
    let _ = client.close().await;

    let client = start_app(&driver, &app).await?;
    open_first_walkabout(&client).await?;
    wait_for_text(&client, "#walkabout-state", "In progress").await?;
    wait_for_observations(&client, 3).await?;
    wait_for_text(&client, "#observations", "6 × Young person").await?;
    wait_for_text(&client, "#observations", "1 photo(s) of the place").await?;
    let points_after_restart = route_points(&client).await?;
    assert!(
        points_after_restart >= points_before_kill,
        "route intact: {points_after_restart} < {points_before_kill}"
    );

    // Check out, write up, complete.
    click(&client, "#check-out").await?;
    click(&client, "#confirm-check-out").await?;
    wait_for_text(&client, "#walkabout-state", "Checked out").await?;
    for section in [
        "environment",
        "guardianship",
        "concerns",
        "strengths",
        "recommendations",
        "next_steps",
    ] {
        type_into(
            &client,
            &format!("#write-up-{section}"),
            &format!("Written up: {section}."),
        )
        .await?;
    }
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    click(&client, "#complete-walkabout").await?;
    wait_for_text(&client, "#walkabout-state", "Completed").await?;

    // Editing after completion is allowed, and the history shows it.
    type_into(
        &client,
        "#write-up-concerns",
        " Lights out by the underpass.",
    )
    .await?;
    wait_for_text(
        &client,
        "#history li:first-child",
        "Edited the write-up: Concerns",
    )
    .await?;
    let history = text_of(&client, "#history").await?;
    assert!(history.contains("Completed the walkabout"), "{history}");
    screenshot_at(&client, "#write-up-environment", "e2e-written-up").await?;
    screenshot_at(&client, "#sketch-map", "e2e-sketch-map").await?;

    // The urgent concern's place becomes a context referral in one step: the form starts from
    // the observation's point, concern and note, and the child's case reference stays behind.
    click(&client, ".observation.urgent .refer-place").await?;
    wait_for_text(&client, "#referral-start", "No case reference comes across").await?;
    wait_for_text(
        &client,
        "#referral-location",
        "Location from the observation",
    )
    .await?;
    let ticked = client
        .find_all(Locator::Css("#concern-types input:checked"))
        .await?
        .len();
    assert_eq!(ticked, 1, "the observation's concern comes across");
    let known = find(&client, "#known-children")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(known.is_empty(), "no case reference is filled in: {known}");
    let page = client.source().await?;
    assert!(
        !page.contains("CS-10234"),
        "the case reference stays behind"
    );
    screenshot(&client, "e2e-referral-from-observation").await?;
    let title = client.title().await?;
    client.close().await?;

    assert_nothing_readable_on_disk(&data_home.path().join("org.waymark.app"), &photo)?;
    assert_eq!(title, "Waymark", "the window title names no place");
    let logged = std::fs::read_to_string(&log)?;
    assert!(
        logged.contains("device store"),
        "the app's log was kept, so searching it means something: {logged}"
    );
    let found = files_holding(&[data_home.path(), &cache, &tmp, &log], MARKERS)?;
    assert!(
        found.is_empty(),
        "typed text found outside the database: {found:?}"
    );
    Ok(())
}

/// Privacy rules P5 and P16: what the app wrote to its data folder is encrypted, so no file in it
/// is plain SQLite or holds the photo, its EXIF block or its motion video. (That the stored photo
/// itself has lost its EXIF and video is checked through the store, in
/// `crates/waymark-store/tests/walkabouts.rs`.)
///
/// The photo is looked for by a 64-byte run of its compressed image data, which removing the
/// metadata leaves as it was. A JPEG's three-byte start marker is no test: in a few megabytes of
/// ciphertext it turns up by chance about one run in four.
fn assert_nothing_readable_on_disk(data_dir: &Path, photo: &Path) -> Result<()> {
    let original = std::fs::read(photo)?;
    let start_of_scan = original
        .windows(2)
        .position(|w| w == [0xff, 0xda])
        .ok_or("the fixture photo has image data")?;
    // Past the scan header (a dozen bytes), into the entropy-coded data itself.
    let image_data = &original[start_of_scan + 32..start_of_scan + 96];
    // The motion video's file-type box: its size, `ftyp` and the brand, sixteen bytes.
    let video_box = original
        .windows(4)
        .position(|w| w == b"ftyp")
        .ok_or("the fixture photo carries a motion video")?;
    let video_header = &original[video_box - 4..video_box + 12];
    let mut files = 0;
    for entry in std::fs::read_dir(data_dir)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path)?;
        let holds = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !(ours(&path) && bytes.starts_with(b"SQLite format 3")),
            "{} is plain SQLite",
            path.display()
        );
        assert!(
            !holds(image_data),
            "{} holds the photo's image data",
            path.display()
        );
        assert!(
            !holds(b"Exif\0\0"),
            "{} holds an EXIF block",
            path.display()
        );
        assert!(
            !holds(video_header),
            "{} holds the motion video",
            path.display()
        );
        assert!(
            !holds(b"Northfield"),
            "{} holds a place name",
            path.display()
        );
    }
    assert!(files >= 2, "the database and its key file are there");
    Ok(())
}

/// Whether a file in the data folder is one of Waymark's: the webview keeps small SQLite files of
/// its own there (HSTS), which hold nothing of the records.
fn ours(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("waymark"))
}
