//! Observations corrected after capture: on a walk, one observation has its note corrected and
//! a second group of people added, another is removed with a reason, and both stay in the
//! walkabout's history. The check-out names who checked out, and a planned walk is cancelled
//! with a reason. Invented place and people.

mod common;

use common::{
    click, click_in_item, create_context, fill, plan_walkabout, screenshot_at, start_app,
    type_into, wait_for_count, wait_for_text,
};
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

#[tokio::test(flavor = "multi_thread")]
async fn an_observation_is_corrected_and_another_removed_with_its_reason() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    create_context(&client, "Northfield Park").await?;
    plan_walkabout(&client, None).await?;
    // R. Patel makes the call to base.
    fill(&client, "#check-in-by", "R. Patel").await?;
    click(&client, "#start-walkabout").await?;
    wait_for_text(&client, "#walkabout-state", "In progress").await?;

    // Two observations, one with two groups of people.
    click(&client, "#add-observation").await?;
    click(&client, ".category[data-code=young_peoples_presence]").await?;
    click(&client, "#capture summary").await?;
    fill(&client, "#people-count", "4").await?;
    fill(&client, "#people-gender", "male").await?;
    click(&client, "#add-people-group").await?;
    wait_for_text(&client, "#people-groups", "4 ×").await?;
    fill(&client, "#people-count", "2").await?;
    fill(&client, "#people-role", "unknown_adult").await?;
    type_into(&client, "#observation-note", "Group by the skate ramp.").await?;
    click(&client, "#save-observation").await?;
    wait_for_count(&client, "#observations .observation", 1).await?;
    let first = wait_for_text(&client, "#observations", "Group by the skate ramp.").await?;
    assert!(first.contains("4 ×") && first.contains("2 ×"), "{first}");
    click(&client, "#add-observation").await?;
    click(&client, ".category[data-code=lighting_and_sightlines]").await?;
    click(&client, "#save-observation").await?;
    wait_for_count(&client, "#observations .observation", 2).await?;

    // The note is corrected; the groups and the rest stay as they were.
    click_in_item(
        &client,
        "#observations .observation",
        "skate ramp",
        ".correct-observation",
    )
    .await?;
    wait_for_text(&client, "#capture", "Correct the observation").await?;
    fill(
        &client,
        "#observation-note",
        "Group by the skate ramp, leaving at dusk.",
    )
    .await?;
    click(&client, "#save-observation").await?;
    let corrected = wait_for_text(&client, "#observations", "leaving at dusk").await?;
    assert!(
        corrected.contains("4 ×") && corrected.contains("2 ×"),
        "{corrected}"
    );
    screenshot_at(&client, "#observations", "e2e-observation-corrected").await?;

    // The other is removed, and only with a reason.
    click_in_item(
        &client,
        "#observations .observation",
        "Lighting",
        ".remove-observation",
    )
    .await?;
    click(&client, "#confirm-remove-observation").await?;
    wait_for_text(
        &client,
        "#observations",
        "Say why this observation is removed",
    )
    .await?;
    type_into(&client, "#removal-reason", "Recorded twice").await?;
    click(&client, "#confirm-remove-observation").await?;
    wait_for_count(&client, "#observations .observation", 1).await?;
    wait_for_text(&client, "#removed-observations", "Recorded twice").await?;
    screenshot_at(&client, "#removed-observations", "e2e-observation-removed").await?;

    // Checked out by the other member of the team; the history keeps every step.
    click(&client, "#check-out").await?;
    fill(&client, "#check-out-by", "J. Okafor").await?;
    click(&client, "#confirm-check-out").await?;
    wait_for_text(&client, "#walkabout-state", "Checked out").await?;
    let history = wait_for_text(&client, "#history", "Removed an observation").await?;
    assert!(history.contains("Edited an observation"), "{history}");

    // A second walk is planned and called off: only with a reason, which it then shows.
    click(&client, "#back").await?;
    plan_walkabout(&client, None).await?;
    click(&client, "#cancel-walkabout").await?;
    click(&client, "#confirm-cancel-walkabout").await?;
    wait_for_text(&client, "#cancel_reason-error", "Say why").await?;
    type_into(&client, "#cancel-reason", "Storm warning for the evening").await?;
    click(&client, "#confirm-cancel-walkabout").await?;
    wait_for_text(
        &client,
        "#cancelled",
        "cancelled: Storm warning for the evening",
    )
    .await?;
    client.close().await?;
    Ok(())
}
