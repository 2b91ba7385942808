//! The park example of Contextual Safeguarding, end to end in the real app: the park is referred
//! at the front door, screened, walked, and brought to a context conference whose plan gives the
//! lighting to the council, the bushes to the parks team and detached youth work to a
//! voluntary-sector team; after a restart the context's timeline shows it all in order.
//! Invented place and people.

mod common;

use common::{
    add_action, assert_accessible, click, lines, plan_and_check_in, screenshot, screenshot_at,
    select, set_date, start_app, tick, type_into, wait_for_text,
};
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

#[tokio::test(flavor = "multi_thread")]
async fn the_park_is_referred_screened_walked_conferenced_and_planned_and_the_timeline_shows_it_all(
) -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    // The front door: a neighbourhood officer's concern about the park.
    click(&client, "#new-referral").await?;
    type_into(&client, "#referral-name", "Brookside Park").await?;
    select(&client, "#referral-type", "park_or_green_space").await?;
    type_into(&client, "#referral-area", "Brookside ward").await?;
    type_into(&client, "#front-door", "Front door").await?;
    type_into(&client, "#referrer-role", "Neighbourhood officer").await?;
    select(&client, "#referrer-agency", "police").await?;
    tick(&client, "#concern-types input[value='cce']").await?;
    tick(&client, "#concern-types input[value='sexual_harassment']").await?;
    type_into(
        &client,
        "#what-is-known",
        "Young people gather by the bushes after dark; the lighting on the main path is broken.",
    )
    .await?;
    select(&client, "#urgency", "soon").await?;
    screenshot(&client, "e2e-journey-referral-form").await?;
    click(&client, "#send-referral").await?;

    // Screening: a refusal first, then the decision to assess by walkabout.
    wait_for_text(&client, "#referral-facts", "Neighbourhood officer").await?;
    select(&client, "#screening-decision", "assessment").await?;
    select(&client, "#threshold-level", "universal_plus").await?;
    click(&client, "#screen").await?;
    wait_for_text(&client, "#reason-error", "Give the reason").await?;
    type_into(
        &client,
        "#screening-reason",
        "The police and residents describe the same part of the park.",
    )
    .await?;
    tick(&client, "#assessments-chosen input[value='walkabout']").await?;
    type_into(&client, "#lead-worker", "Y. Worker").await?;
    click(&client, "#screen").await?;
    wait_for_text(&client, "#screening", "Assessment").await?;
    screenshot_at(&client, "#screening", "e2e-journey-screened").await?;
    assert_accessible(&client, "referral").await?;

    // The context now shows the walkabout as a task; it is walked.
    click(&client, "#back").await?;
    wait_for_text(&client, "#context-status", "Assessing").await?;
    wait_for_text(&client, "#assessment-tasks", "not started").await?;
    // The park's outline, typed corner by corner, and the body responsible for it.
    type_into(
        &client,
        "#outline",
        &lines(&[
            "52.41250, -1.97310",
            "52.41290, -1.97100",
            "52.41150, -1.97050",
            "52.41110, -1.97280",
        ]),
    )
    .await?;
    click(&client, "#save-outline").await?;
    wait_for_text(&client, "#outline-corners", "Outline saved: 4 corners").await?;
    select(&client, "#body-agency", "parks").await?;
    type_into(&client, "#body-organisation", "Brookside parks team").await?;
    click(&client, "#add-body").await?;
    wait_for_text(
        &client,
        "#responsible-bodies",
        "Parks · Brookside parks team",
    )
    .await?;
    screenshot_at(&client, "#context-details", "e2e-journey-context-details").await?;
    plan_and_check_in(&client).await?;
    click(&client, "#back").await?;
    wait_for_text(&client, "#assessment-tasks", "started").await?;

    // The conference: a chair, a date, the walkabout considered, an analysis, a decision.
    click(&client, "#arrange-conference").await?;
    // Held today, after the referral and the walkabout, so the timeline's order is the journey's.
    let today = waymark_core::millis::day_of(time::OffsetDateTime::now_utc());
    set_date(&client, "#held-on", &today).await?;
    type_into(&client, "#chair-name", "H. Service").await?;
    type_into(&client, "#chair-role", "Head of service").await?;
    click(&client, "#held-on").await?;
    type_into(&client, "#attendee-name", "J. Parks").await?;
    type_into(&client, "#attendee-role", "Parks manager").await?;
    select(&client, "#attendee-agency", "parks").await?;
    click(&client, "#add-attendee").await?;
    wait_for_text(&client, "#attendee-list", "J. Parks").await?;
    tick(&client, "#considered input.consider").await?;
    type_into(
        &client,
        "#section-harm_analysis",
        "The unlit path and the bushes hide adults approaching young people.",
    )
    .await?;
    type_into(
        &client,
        "#section-young_people_voice",
        "Young people said they avoid the main path after dark.",
    )
    .await?;
    select(&client, "#conference-decision", "plan").await?;
    set_date(&client, "#next-review", "2027-02-01").await?;
    click(&client, "#chair-name").await?;
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    screenshot(&client, "e2e-journey-conference").await?;
    assert_accessible(&client, "conference").await?;
    click(&client, "#complete-conference").await?;

    // The plan: three partners, three actions.
    wait_for_text(&client, "#plan-status", "Not yet agreed").await?;
    type_into(
        &client,
        "#new-goal",
        "Young people are safe on the park's paths after dark.",
    )
    .await?;
    click(&client, "#add-goal").await?;
    add_action(
        &client,
        "Repair the lighting on the main path",
        "planning_highways_lighting",
        "2026-12-10",
    )
    .await?;
    add_action(
        &client,
        "Cut back the bushes by the path",
        "parks",
        "2026-12-15",
    )
    .await?;
    add_action(
        &client,
        "Detached youth work on Friday evenings",
        "voluntary_sector",
        "2027-01-31",
    )
    .await?;
    click(&client, "#agree-plan").await?;
    wait_for_text(&client, "#plan-status", "Agreed").await?;
    screenshot(&client, "e2e-journey-plan").await?;
    assert_accessible(&client, "plan").await?;
    client.close().await?;

    // After a restart, the timeline shows everything in order.
    let client = start_app(&driver, &app).await?;
    wait_for_text(&client, "#context-list", "Brookside Park").await?;
    wait_for_text(&client, "#context-list", "Plan agreed").await?;
    screenshot(&client, "e2e-journey-home").await?;
    click(&client, "#context-list .context-row").await?;
    let timeline = wait_for_text(&client, "#timeline-entries", "Plan").await?;
    let order = [
        "Referral",
        "Screening",
        "Walkabout",
        "Context conference",
        "Plan",
    ];
    let mut from = 0;
    for step in order {
        let at = timeline[from..]
            .find(step)
            .unwrap_or_else(|| panic!("{step} comes after the steps before it in: {timeline}"));
        from += at + step.len();
    }
    screenshot_at(&client, "#timeline", "e2e-journey-timeline").await?;
    assert_accessible(&client, "context timeline").await?;
    wait_for_text(&client, "#outline-corners", "Outline saved: 4 corners").await?;
    wait_for_text(&client, "#responsible-bodies", "Brookside parks team").await?;
    click(&client, "#open-plan").await?;
    for (agency, action) in [
        ("Planning, highways, lighting", "Repair the lighting"),
        ("Parks", "Cut back the bushes"),
        ("Voluntary and community sector", "Detached youth work"),
    ] {
        let list = wait_for_text(&client, "#action-list", action).await?;
        assert!(
            list.contains(agency),
            "{action} is owned by {agency}: {list}"
        );
    }
    client.close().await?;
    Ok(())
}
