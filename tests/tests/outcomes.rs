//! Outcome monitoring in the real app: the park's measures chosen on its page, a partner's
//! figure recorded (and a bad one refused), and two repeat walkabouts whose exploitation concerns
//! the chart counts from the observations themselves: fewer on the second walk.

mod common;

use common::{
    click, click_containing, create_context, fill, find, plan_and_check_in, screenshot_at,
    set_date, start_app, type_into, wait_for_count, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

const CCE: &str = "Child criminal exploitation (CCE)";

/// Walks the park from its page, seeing `concerns` exploitation concerns, checks out and comes
/// back to the park's page.
async fn walk(client: &Client, concerns: usize) -> Result<()> {
    plan_and_check_in(client).await?;
    for seen in 1..=concerns {
        click(client, "#add-observation").await?;
        click(client, ".category[data-code=signs_of_exploitation]").await?;
        click(client, "#valence-concern").await?;
        click_containing(client, "#concern-types .chip", CCE).await?;
        click(client, "#save-observation").await?;
        wait_for_count(client, "#observations .observation", seen).await?;
    }
    click(client, "#check-out").await?;
    click(client, "#confirm-check-out").await?;
    wait_for_text(client, "#walkabout-state", "Checked out").await?;
    click(client, "#back").await?;
    find(client, "#outcome-measures").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_parks_chart_shows_fewer_concerns_on_the_repeat_walk() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    create_context(&client, "Brookside Park").await?;

    // Two measures: one counted from the walks, one a partner's monthly figure.
    type_into(
        &client,
        "#measure-name",
        "Exploitation concerns seen per walk",
    )
    .await?;
    click_containing(&client, "#measure-concerns .chip", CCE).await?;
    type_into(&client, "#measure-unit", "concerns").await?;
    click(&client, "#add-measure").await?;
    wait_for_count(&client, "#outcome-measures .measure", 1).await?;
    type_into(&client, "#measure-name", "Incidents reported to the police").await?;
    fill(&client, "#measure-kind", "count_per_period").await?;
    type_into(&client, "#measure-unit", "incidents").await?;
    click(&client, "#add-measure").await?;
    wait_for_count(&client, "#outcome-measures .measure", 2).await?;
    click(&client, "#add-measure").await?;
    wait_for_text(&client, "#measure_name-error", "Name the measure").await?;

    let incidents = ".measure:nth-of-type(2)";
    set_date(&client, &format!("{incidents} .period-start"), "2026-10-01").await?;
    set_date(&client, &format!("{incidents} .period-end"), "2026-10-31").await?;
    type_into(&client, &format!("{incidents} .figure-value"), "-3").await?;
    click(&client, &format!("{incidents} .record-figure-button")).await?;
    wait_for_text(&client, &format!("{incidents} #value-error"), "below zero").await?;
    fill(&client, &format!("{incidents} .figure-value"), "5").await?;
    click(&client, &format!("{incidents} .record-figure-button")).await?;
    wait_for_text(
        &client,
        &format!("{incidents} .latest"),
        "Latest: 5 incidents (2026-10-31)",
    )
    .await?;

    // The baseline walk, and a repeat walk after the plan's changes.
    walk(&client, 3).await?;
    walk(&client, 1).await?;
    let walked = ".measure:nth-of-type(1)";
    wait_for_count(&client, &format!("{walked} .measure-point"), 2).await?;
    let values = find(&client, walked)
        .await?
        .attr("data-values")
        .await?
        .unwrap_or_default();
    let counted: Vec<&str> = values
        .split("; ")
        .filter_map(|point| point.split(' ').nth(1))
        .collect();
    assert_eq!(
        counted,
        ["3", "1"],
        "fewer concerns on the repeat walk: {values}"
    );
    wait_for_text(&client, &format!("{walked} .latest"), "Latest: 1 concerns").await?;
    // The line goes down: the second point is lower on the chart than the first.
    let mut heights = Vec::new();
    for point in client
        .find_all(fantoccini::Locator::Css(&format!(
            "{walked} .measure-point"
        )))
        .await?
    {
        let cy = point.attr("cy").await?.unwrap_or_default();
        heights.push(cy.parse::<f64>()?);
    }
    assert!(heights[1] > heights[0], "{heights:?}");
    screenshot_at(&client, walked, "e2e-outcome-chart").await?;

    // After a restart the measures and their figures are where they were.
    client.close().await?;
    let client = start_app(&driver, &app).await?;
    click_containing(&client, ".context-row", "Brookside Park").await?;
    wait_for_count(&client, "#outcome-measures .measure", 2).await?;
    wait_for_text(
        &client,
        &format!("{incidents} .latest"),
        "Latest: 5 incidents",
    )
    .await?;
    client.close().await?;
    Ok(())
}
