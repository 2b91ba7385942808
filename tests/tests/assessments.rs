//! Peer-group and school assessments in the real app: a Level 1 map and a Level 2 group with the
//! peer map drawn, and a school assessment with a site plan, three hotspots, two components and
//! the RAG summary; then a restart finds everything where it was left.

mod common;

use common::{
    assert_accessible, click, click_containing, click_in_item, create_context_of_type, fill, find,
    screenshot_at, set_date, start_app, text_of, type_into, wait_for_count, wait_for_text,
};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Client;
use waymark_e2e::{app_binary, workspace_root, Result, TauriDriver, Xvfb};

const AREAS: [&str; 4] = [
    "structures_and_systems",
    "prevention",
    "identification",
    "response_and_intervention",
];

/// Taps the site plan at a point given as fractions of its width and height.
async fn tap_plan(client: &Client, x: f64, y: f64) -> Result<()> {
    let image = find(client, "#site-plan-view img").await?;
    common::scroll_to(client, &image).await?;
    let (_, _, width, height) = image.rectangle().await?;
    let tap = MouseActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element: image,
            duration: None,
            x: ((x - 0.5) * width) as i64,
            y: ((y - 0.5) * height) as i64,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(tap).await?;
    Ok(())
}

async fn go_home(client: &Client) -> Result<()> {
    click(client, ".brand").await?;
    find(client, "#new-context").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn peer_and_school_assessments_are_recorded_and_survive_a_restart() -> Result<()> {
    let app = app_binary();
    let site_plan = workspace_root().join("tests/fixtures/invented-school-site-plan.png");
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    click(&client, "#settings").await?;
    type_into(&client, "#practitioner-name", "R. Patel").await?;
    click(&client, "#save-name").await?;
    wait_for_text(&client, "#name-saved", "Saved").await?;
    go_home(&client).await?;

    // Level 1: one young person's map, by case reference, with initials only.
    click(&client, "#new-level-one-map").await?;
    type_into(&client, "#subject-case-ref", "CS-10234").await?;
    click(&client, "#start-map").await?;
    wait_for_text(&client, "#visibility", "Case team only").await?;
    for label in ["A.B.", "CS-20411"] {
        type_into(&client, "#member-label", label).await?;
        click(&client, "#add-member").await?;
        wait_for_text(&client, "#peer-map", label).await?;
    }
    type_into(&client, "#member-label", "Jordan Smith").await?;
    click(&client, "#add-member").await?;
    wait_for_text(&client, "#label-error", "Never a full name").await?;
    click_containing(&client, "#tie-from option", "A.B.").await?;
    click_containing(&client, "#tie-to option", "CS-20411").await?;
    click_containing(&client, "#tie-kind option", "Worried about").await?;
    click(&client, "#add-tie").await?;
    wait_for_count(&client, "#peer-map line", 1).await?;
    type_into(&client, "#section-voice", "We go to the park after school.").await?;
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    screenshot_at(&client, "#peer-map", "e2e-level-1-peer-map").await?;
    assert_accessible(&client, "level 1 peer map").await?;

    // Level 2: a peer group, assessed as a whole.
    go_home(&client).await?;
    create_context_of_type(&client, "Group A, Northfield", "peer_group").await?;
    click(&client, "#start-group-assessment").await?;
    for label in ["J.K.", "L.M.", "CS-30999"] {
        type_into(&client, "#member-label", label).await?;
        click(&client, "#add-member").await?;
        wait_for_text(&client, "#peer-map", label).await?;
    }
    screenshot_at(&client, "#peer-map", "e2e-level-2-peer-map").await?;
    assert_accessible(&client, "level 2 peer assessment").await?;

    // A school assessment, agreed with the DSL.
    go_home(&client).await?;
    create_context_of_type(
        &client,
        "Northfield Academy",
        "school_college_or_alternative_provision",
    )
    .await?;
    type_into(&client, "#dsl-name", "K. Mensah").await?;
    type_into(&client, "#dsl-role", "Deputy head, DSL").await?;
    click(&client, "#agree-school-assessment").await?;
    find(&client, "#site-plan")
        .await?
        .send_keys(&site_plan.display().to_string())
        .await?;
    find(&client, "#site-plan-view img").await?;
    for (n, (x, y)) in [(0.2, 0.3), (0.7, 0.25), (0.6, 0.8)]
        .into_iter()
        .enumerate()
    {
        type_into(&client, "#hotspot-note", &format!("spot {}", n + 1)).await?;
        if n == 1 {
            // The second is what parents said, the third what staff said.
            fill(&client, "#hotspot-source", "parents").await?;
        }
        if n == 2 {
            fill(&client, "#hotspot-source", "staff").await?;
        }
        tap_plan(&client, x, y).await?;
        wait_for_count(&client, ".hotspot-marker", n + 1).await?;
    }
    screenshot_at(&client, "#site-plan-view", "e2e-site-plan-hotspots").await?;
    assert_accessible(&client, "school assessment").await?;

    for (component, owner, summary) in [
        (
            "student_survey",
            "R. Patel",
            "212 of 480 responded; 31% feel unsafe on the back stairs.",
        ),
        (
            "staff_survey",
            "J. Okafor",
            "Staff name the bike sheds after school.",
        ),
    ] {
        type_into(&client, &format!("#owner-{component}"), owner).await?;
        type_into(&client, &format!("#summary-{component}"), summary).await?;
    }
    // The survey is due back before the spring term.
    set_date(&client, "#due-student_survey", "2027-01-15").await?;
    screenshot_at(
        &client,
        "#component-student_survey",
        "e2e-school-component-due",
    )
    .await?;
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    for area in AREAS {
        type_into(
            &client,
            &format!("#reason-{area}"),
            "Policy in place; not yet known to students.",
        )
        .await?;
        click(&client, &format!("#rate-{area}")).await?;
        wait_for_text(&client, &format!("#rag-{area}"), "Saved on this device").await?;
    }
    click(&client, "#complete-school").await?;
    wait_for_text(&client, "#school-completed", "Completed").await?;
    wait_for_text(&client, "#history", "Assigned: Student survey summary").await?;
    wait_for_text(&client, "#history", "Edited: Staff survey summary").await?;
    client.close().await?;

    // After a restart, everything is where it was left, and the work assigned to this
    // practitioner is on the home page.
    let client = start_app(&driver, &app).await?;
    wait_for_text(&client, "#my-tasks", "Student survey summary").await?;
    wait_for_text(&client, "#my-tasks", "due 2027-01-15").await?;
    let tasks = text_of(&client, "#my-tasks").await?;
    assert!(
        !tasks.contains("Staff survey"),
        "another colleague's task: {tasks}"
    );
    click_containing(&client, ".context-row", "Northfield Academy").await?;
    click(&client, ".school-row").await?;
    wait_for_text(&client, "#school-completed", "Completed").await?;
    find(&client, "#site-plan-view img").await?;
    wait_for_count(&client, ".hotspot-marker", 3).await?;
    let spots = wait_for_text(&client, "#hotspots", "Staff said · spot 3").await?;
    assert!(spots.contains("Students said · spot 1"), "{spots}");
    assert!(spots.contains("Parents said · spot 2"), "{spots}");
    // The first was placed by mistake: it leaves the plan and the list.
    click_in_item(&client, "#hotspots .hotspot", "spot 1", ".remove-hotspot").await?;
    wait_for_count(&client, ".hotspot-marker", 2).await?;
    wait_for_count(&client, "#hotspots .hotspot", 2).await?;
    wait_for_text(&client, "#history", "Removed a hotspot").await?;
    let summary = find(&client, "#summary-student_survey")
        .await?
        .prop("value")
        .await?;
    assert_eq!(
        summary.as_deref(),
        Some("212 of 480 responded; 31% feel unsafe on the back stairs.")
    );
    screenshot_at(
        &client,
        "#component-student_survey",
        "e2e-school-assessment",
    )
    .await?;

    go_home(&client).await?;
    click(&client, "#level-one-maps .peer-row").await?;
    wait_for_count(&client, "#peer-map .person", 2).await?;
    wait_for_count(&client, "#peer-map line", 1).await?;
    let voice = find(&client, "#section-voice").await?.prop("value").await?;
    assert_eq!(voice.as_deref(), Some("We go to the park after school."));
    client.close().await?;
    Ok(())
}
