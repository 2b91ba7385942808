//! Route recording paused and resumed on a walk: while it is off the walking screen says so and
//! no point is added, and after it is resumed the sketch map shows the gap as a dashed line
//! beside the times it was off. The walk covers two places and is listed under both. The route
//! is a replayed GPX loop around an invented park.

mod common;

use std::ops::ControlFlow;
use std::time::Duration;

use common::{
    click, click_in_item, create_context, fill_plan_and_save, route_points, screenshot_at,
    start_app, wait_for_count, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, eventually, workspace_root, Result, TauriDriver, Xvfb};

async fn wait_for_more_points_than(client: &Client, than: usize) -> Result<usize> {
    eventually("more route points", common::PATIENCE, || async {
        let seen = route_points(client).await?;
        Ok(if seen > than {
            ControlFlow::Break(seen)
        } else {
            ControlFlow::Continue(format!("{seen} points, more than {than} expected"))
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn route_recording_is_paused_and_resumed_and_the_gap_is_drawn() -> Result<()> {
    let app = app_binary();
    let gpx = workspace_root()
        .join("tests")
        .join("fixtures")
        .join("northfield-park-loop.gpx");
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(
        xvfb.display(),
        data_home.path(),
        &[("WAYMARK_FAKE_GPX", &gpx)],
    )?;
    let client = start_app(&driver, &app).await?;

    // The walk covers the park and the underpass beside it.
    create_context(&client, "Eastgate Underpass").await?;
    click(&client, "#back").await?;
    create_context(&client, "Northfield Park").await?;
    click(&client, "#plan-walkabout").await?;
    click_in_item(&client, ".also-context", "Eastgate Underpass", "input").await?;
    screenshot_at(&client, "#also-covers", "e2e-plan-covers-two-places").await?;
    fill_plan_and_save(&client, None).await?;
    let places = wait_for_text(&client, "#walkabout-places", "Northfield Park").await?;
    assert!(places.contains("Eastgate Underpass"), "{places}");
    click(&client, "#start-walkabout").await?;
    wait_for_text(&client, "#walkabout-state", "In progress").await?;
    wait_for_text(&client, "#location-status", "recording the route").await?;
    wait_for_more_points_than(&client, 1).await?;

    click(&client, "#route-recording").await?;
    wait_for_text(&client, "#location-status", "Route recording is off since").await?;
    wait_for_text(&client, "#route-recording", "Resume route recording").await?;
    screenshot_at(&client, "#location-status", "e2e-route-paused").await?;
    // A reading already on its way when the button was pressed may still land: count after it.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let while_paused = route_points(&client).await?;
    // Three more readings would have been taken by now if recording were on.
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(
        route_points(&client).await?,
        while_paused,
        "no point is recorded while route recording is off"
    );

    click(&client, "#route-recording").await?;
    wait_for_text(&client, "#location-status", "recording the route").await?;
    wait_for_more_points_than(&client, while_paused + 1).await?;
    wait_for_count(&client, "#sketch-map .map-interruption", 1).await?;
    let pauses = wait_for_text(&client, "#route-interruptions", "Recording paused: ").await?;
    assert!(
        pauses.contains(" to "),
        "the pause shows when it ended: {pauses}"
    );
    screenshot_at(&client, "#sketch-map", "e2e-route-interrupted").await?;

    // The walk is listed under the underpass too.
    click(&client, "#back").await?;
    click(&client, "#back").await?;
    click_in_item(
        &client,
        "#context-list li",
        "Eastgate Underpass",
        ".context-row",
    )
    .await?;
    wait_for_text(
        &client,
        ".walkabout-row",
        "Evening observation of the skate area",
    )
    .await?;

    client.close().await?;
    Ok(())
}
