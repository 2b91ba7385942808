//! Outcome monitoring and exports in the real app: the park's measures chosen on its page, a
//! partner's figure recorded (and a bad one refused), a baseline walk, a conference whose plan's
//! lighting repair is done, and two repeat walkabouts whose exploitation concerns the chart
//! counts from the observations themselves: fewer after the repair, which the chart marks. Then the park's observations and map are exported, read back by a CSV and a GeoJSON
//! parser, and searched for the name and case reference typed on the walk: neither is there.

mod common;

use common::{
    add_action, click, click_containing, create_context, fill, find, plan_and_check_in, saved_path,
    screenshot_at, select, set_date, start_app, tick, type_into, wait_for_count, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, workspace_root, Result, TauriDriver, Xvfb};

const CCE: &str = "Child criminal exploitation (CCE)";

/// A synthetic child's name and case reference, typed on the first walk; no export may hold
/// either.
const NAME: &str = "Jayden Cole";
const CASE_REF: &str = "CS-10234";

/// Walks the park from its page, seeing `concerns` exploitation concerns (the first with a note
/// naming a child, `urgent` adds one escalated with a case reference), checks out and comes back
/// to the park's page.
async fn walk(client: &Client, concerns: usize, urgent: bool) -> Result<()> {
    plan_and_check_in(client).await?;
    for seen in 1..=concerns {
        click(client, "#add-observation").await?;
        click(client, ".category[data-code=signs_of_exploitation]").await?;
        click(client, "#valence-concern").await?;
        click_containing(client, "#concern-types .chip", CCE).await?;
        if seen == 1 {
            click(client, "#capture summary").await?;
            type_into(client, "#observation-note", &format!("Seen with {NAME}.")).await?;
        }
        click(client, "#save-observation").await?;
        wait_for_count(client, "#observations .observation", seen).await?;
    }
    if urgent {
        click(client, "#urgent").await?;
        click(client, ".category[data-code=signs_of_exploitation]").await?;
        click_containing(client, "#concern-types .chip", CCE).await?;
        fill(client, "#escalation-method", "front_door").await?;
        type_into(client, "#escalated-to", "Duty social worker").await?;
        type_into(client, "#case-ref", CASE_REF).await?;
        click(client, "#save-observation").await?;
        wait_for_count(client, "#observations .observation", concerns + 1).await?;
    }
    click(client, "#check-out").await?;
    click(client, "#confirm-check-out").await?;
    wait_for_text(client, "#walkabout-state", "Checked out").await?;
    click(client, "#back").await?;
    // The measures load after the page: wait for them, so that the page no longer moves under
    // the next tap.
    find(client, "#outcome-measures .measure .measure-chart").await?;
    Ok(())
}

/// Holds the park's conference today on the baseline walk, agrees a plan to repair the
/// lighting, marks the repair done, and comes back to the park's page.
async fn agree_plan_and_repair_the_lighting(client: &Client) -> Result<()> {
    click(client, "#arrange-conference").await?;
    let today = waymark_core::millis::day_of(time::OffsetDateTime::now_utc());
    set_date(client, "#held-on", &today).await?;
    type_into(client, "#chair-name", "H. Service").await?;
    type_into(client, "#chair-role", "Head of service").await?;
    tick(client, "#considered input.consider").await?;
    select(client, "#conference-decision", "plan").await?;
    set_date(client, "#next-review", "2027-02-01").await?;
    click(client, "#chair-name").await?;
    wait_for_text(client, "#save-status", "Saved on this device").await?;
    click(client, "#complete-conference").await?;
    wait_for_text(client, "#plan-status", "Not yet agreed").await?;
    type_into(
        client,
        "#new-goal",
        "Young people are safe on the park's paths after dark.",
    )
    .await?;
    click(client, "#add-goal").await?;
    add_action(
        client,
        "Repair the lighting on the main path",
        "planning_highways_lighting",
        "2026-12-10",
    )
    .await?;
    click(client, "#agree-plan").await?;
    wait_for_text(client, "#plan-status", "Agreed").await?;
    select(client, ".action-status", "done").await?;
    wait_for_text(client, "#action-list", "Done").await?;
    click(client, "#back").await?;
    // The measures load after the page: wait for them, so that the page no longer moves under
    // the next tap.
    find(client, "#outcome-measures .measure .measure-chart").await?;
    Ok(())
}

/// Exports the open context in `format`, whose file name ends `ending`, and reads the saved file.
async fn export(client: &Client, format: &str, ending: &str) -> Result<String> {
    click(client, &format!("#export-{format}")).await?;
    let status = wait_for_text(client, "#export-status", ending).await?;
    Ok(std::fs::read_to_string(saved_path(&status)?)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_parks_chart_shows_fewer_concerns_on_the_repeat_walk() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    // The fake location provider walks the park, so observations have their place.
    let gpx = workspace_root().join("tests/fixtures/northfield-park-loop.gpx");
    let driver = TauriDriver::start(
        xvfb.display(),
        data_home.path(),
        &[("WAYMARK_FAKE_GPX", &gpx)],
    )?;
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

    // A school survey's share, one month from 30 pupils and one from 3: the team sees both,
    // exports leave out the second (P11).
    type_into(&client, "#measure-name", "Pupils who feel safe in the park").await?;
    fill(&client, "#measure-kind", "survey_share").await?;
    type_into(&client, "#measure-unit", "%").await?;
    click(&client, "#add-measure").await?;
    wait_for_count(&client, "#outcome-measures .measure", 3).await?;
    let survey = ".measure:nth-of-type(3)";
    for (start, end, share, answered) in [
        ("2026-09-01", "2026-09-30", "60", "30"),
        ("2026-10-01", "2026-10-31", "33", "3"),
    ] {
        set_date(&client, &format!("{survey} .period-start"), start).await?;
        set_date(&client, &format!("{survey} .period-end"), end).await?;
        fill(&client, &format!("{survey} .figure-value"), share).await?;
        fill(&client, &format!("{survey} .figure-respondents"), answered).await?;
        click(&client, &format!("{survey} .record-figure-button")).await?;
        wait_for_text(&client, &format!("{survey} .latest"), end).await?;
    }

    // The baseline walk, the conference and its plan, whose lighting repair is done, then two
    // repeat walks.
    walk(&client, 2, true).await?;
    agree_plan_and_repair_the_lighting(&client).await?;
    walk(&client, 1, false).await?;
    walk(&client, 1, false).await?;
    let walked = ".measure:nth-of-type(1)";
    wait_for_count(&client, &format!("{walked} .measure-point"), 3).await?;
    wait_for_count(&client, &format!("{walked} .action-marker"), 1).await?;
    wait_for_text(
        &client,
        &format!("{walked} .markers"),
        "Repair the lighting",
    )
    .await?;
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
        ["3", "1", "1"],
        "fewer concerns on the repeat walks: {values}"
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
    assert!(
        heights[1] > heights[0] && heights[2] > heights[0],
        "{heights:?}"
    );
    screenshot_at(&client, walked, "e2e-outcome-chart").await?;

    // The exports: each says where it was saved, and is read back as an analyst would.
    let observations = export(&client, "observations_csv", "observations.csv (").await?;
    let mut reader = csv::Reader::from_reader(observations.as_bytes());
    let headers = reader.headers()?.clone();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<std::result::Result<_, _>>()?;
    assert_eq!(
        rows.len(),
        5,
        "every observation of the three walks: {observations}"
    );
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(name.to_owned())
    };
    let (date, concerns, urgent) = (column("date")?, column("concern types")?, column("urgent")?);
    assert!(rows
        .iter()
        .all(|row| row[date].len() == 10 && row[date].starts_with("20")));
    assert_eq!(
        rows.iter()
            .filter(|row| row[concerns].contains("(CCE)"))
            .count(),
        5
    );
    assert_eq!(rows.iter().filter(|row| &row[urgent] == "yes").count(), 1);
    let map = export(&client, "map_geojson", "map.geojson (").await?;
    let parsed: geojson::GeoJson = map.parse()?;
    let geojson::GeoJson::FeatureCollection(collection) = parsed else {
        return Err("the map is not a feature collection".into());
    };
    let kind = |feature: &geojson::Feature| {
        feature
            .property("kind")
            .and_then(|kind| kind.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        collection
            .features
            .iter()
            .filter(|f| kind(f) == "context")
            .count(),
        1,
        "the park"
    );
    // Every observation with a location fix is a point, on the workspace's 100 m grid.
    let latitude = column("latitude")?;
    let fixed = rows.iter().filter(|row| !row[latitude].is_empty()).count();
    let points: Vec<&geojson::Feature> = collection
        .features
        .iter()
        .filter(|f| kind(f) == "observation")
        .collect();
    assert_eq!(points.len(), fixed);
    assert!(points
        .iter()
        .all(|p| p.property("coarsened_to_m").and_then(|m| m.as_u64()) == Some(100)));
    let actions = export(&client, "actions_csv", "plan-actions.csv (").await?;
    assert!(
        actions.starts_with("context,plan,action,description"),
        "{actions}"
    );
    let measures = export(&client, "measures_csv", "outcome-measures.csv (").await?;
    let mut reader = csv::Reader::from_reader(measures.as_bytes());
    let survey_rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|row| &row[1] == "Pupils who feel safe in the park")
        .collect();
    assert_eq!(survey_rows.len(), 2, "one figure, one note: {measures}");
    assert_eq!(&survey_rows[0][6], "60");
    assert!(
        survey_rows[1][8].contains("fewer than 5 respondents"),
        "{measures}"
    );
    for (what, text) in [
        ("measures", &measures),
        ("observations", &observations),
        ("map", &map),
        ("actions", &actions),
    ] {
        assert!(
            !text.contains("Jayden") && !text.contains(CASE_REF),
            "the {what} export holds a name or case reference"
        );
    }
    // The panel's write-up: its text read with pdftotext, its first page looked at as a PNG.
    // No sharing decision is recorded for the park on this device: the only choice is none, and
    // every page then says not to share it.
    assert_eq!(
        client
            .find_all(fantoccini::Locator::Css("#sharing-decision option"))
            .await?
            .len(),
        1
    );
    click(&client, "#export-panel_pdf").await?;
    let status = wait_for_text(&client, "#export-status", "panel-write-up.pdf (").await?;
    let pdf = saved_path(&status)?;
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &pdf, "-"])
        .output()?;
    assert!(text.status.success(), "pdftotext read the PDF");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "OFFICIAL-SENSITIVE",
        "Brookside Park",
        "No sharing decision recorded: do not share",
        "Exploitation concerns seen per walk",
        "Incidents reported to the police",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF: {text}"
        );
    }
    assert!(
        !text.contains("Jayden") && !text.contains(CASE_REF),
        "the PDF holds a name or case reference"
    );
    let screenshots = waymark_e2e::target_dir().join("screenshots");
    std::fs::create_dir_all(&screenshots)?;
    let page = screenshots.join("e2e-panel-pdf-page-1");
    let rendered = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            &pdf,
        ])
        .arg(&page)
        .status()?;
    assert!(rendered.success(), "pdftoppm drew the first page");
    screenshot_at(&client, "#context-exports", "e2e-context-exports").await?;

    // After a restart the measures and their figures are where they were.
    client.close().await?;
    let client = start_app(&driver, &app).await?;
    click_containing(&client, ".context-row", "Brookside Park").await?;
    wait_for_count(&client, "#outcome-measures .measure", 3).await?;
    wait_for_text(
        &client,
        &format!("{incidents} .latest"),
        "Latest: 5 incidents",
    )
    .await?;
    client.close().await?;
    Ok(())
}
