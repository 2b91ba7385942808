//! The fuller school and peer-group assessments in the real app: a school's scope changed after
//! it was agreed, visits, the parent survey and behaviour-log review, a hotspot parents named and
//! recommendations addressed to agencies, observations at set times of the school day (one
//! removed with a reason); a Level 2 group with someone taken off the map, places
//! linked to their contexts, a link to another group, a professional consulted, and completion.
//! A restart finds everything where it was left.

mod common;

use common::{
    click, click_containing, click_in_item, create_context, create_context_of_type, fill, find,
    screenshot_at, set_date, start_app, type_into, wait_for_count, wait_for_text,
};
use fantoccini::Client;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

async fn go_home(client: &Client) -> Result<()> {
    click(client, ".brand").await?;
    find(client, "#new-context").await?;
    Ok(())
}

async fn open_context(client: &Client, name: &str) -> Result<()> {
    go_home(client).await?;
    click_containing(client, ".context-row", name).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_school_and_a_peer_group_are_assessed_in_full() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    click(&client, "#settings").await?;
    type_into(&client, "#practitioner-name", "R. Patel").await?;
    click(&client, "#save-name").await?;
    wait_for_text(&client, "#name-saved", "Saved").await?;
    go_home(&client).await?;

    // The school.
    create_context_of_type(
        &client,
        "Northfield Academy",
        "school_college_or_alternative_provision",
    )
    .await?;
    type_into(&client, "#dsl-name", "K. Mensah").await?;
    type_into(&client, "#dsl-role", "Deputy head, DSL").await?;
    click(&client, "#agree-school-assessment").await?;
    wait_for_text(&client, "#school-name", "Northfield Academy").await?;
    // Bullying came up at the first visit, so the scope widens.
    click_containing(&client, "#scope-concerns .chip", "Bullying").await?;
    click(&client, "#save-scope").await?;
    wait_for_text(&client, "#scope-saved", "Scope saved").await?;
    set_date(&client, "#visit-date", "2026-11-09").await?;
    type_into(&client, "#visit-by", "R. Patel, J. Okafor").await?;
    type_into(
        &client,
        "#visit-activities",
        "Lunch observation; staff survey handed out.",
    )
    .await?;
    click(&client, "#add-visit").await?;
    wait_for_text(&client, "#visit-list", "2026-11-09 · R. Patel, J. Okafor").await?;
    click(&client, "#add-visit").await?;
    wait_for_text(&client, "#visit-error", "Say who went").await?;
    screenshot_at(&client, "#school-visits", "e2e-school-visits").await?;

    // Observations at set times of the school day, with the walkabout's capture form.
    for (slot, place, note) in [
        ("Lunch", "By the bike sheds", "Year 9 boys, music playing."),
        ("Journey home", "Back gate", "Entered by mistake."),
    ] {
        click(&client, "#add-school-observation").await?;
        click(&client, ".category[data-code=young_peoples_presence]").await?;
        type_into(&client, "#place-note", place).await?;
        click(&client, "#capture summary").await?;
        type_into(&client, "#observation-note", note).await?;
        if slot == "Lunch" {
            // The time of day is chosen on purpose.
            click(&client, "#save-observation").await?;
            wait_for_text(
                &client,
                "#time_slot-error",
                "Choose the time of the school day",
            )
            .await?;
        }
        click_containing(&client, "#school-slot .chip", slot).await?;
        click(&client, "#save-observation").await?;
        wait_for_text(&client, "#observations", note).await?;
    }
    click_in_item(
        &client,
        "#observations .observation",
        "Entered by mistake",
        ".remove-observation",
    )
    .await?;
    type_into(&client, "#removal-reason", "Recorded twice").await?;
    click(&client, "#confirm-remove-observation").await?;
    wait_for_count(&client, "#observations .observation", 1).await?;
    wait_for_text(&client, "#removed-observations", "Recorded twice").await?;
    let lunch = wait_for_text(&client, "#observations", "Lunch").await?;
    assert!(
        lunch.contains("No location fix: By the bike sheds"),
        "{lunch}"
    );
    screenshot_at(&client, "#school-observations", "e2e-school-observations").await?;

    type_into(&client, "#owner-parent_survey", "R. Patel").await?;
    type_into(
        &client,
        "#summary-parent_survey",
        "48 parents replied; most worry about the walk home past the shops.",
    )
    .await?;
    type_into(
        &client,
        "#summary-behaviour_log_review",
        "Autumn term: 14 incidents of sexual harassment logged, 9 at lunch.",
    )
    .await?;
    wait_for_text(&client, "#save-status", "Saved on this device").await?;

    type_into(
        &client,
        "#recommendation-text",
        "Light the path behind the sports hall.",
    )
    .await?;
    fill(&client, "#recommendation-agency", "parks").await?;
    click(&client, "#add-recommendation").await?;
    wait_for_text(
        &client,
        "#agency-recommendation-list",
        "Parks: Light the path behind the sports hall.",
    )
    .await?;
    type_into(&client, "#recommendation-text", "Staff on the back gate.").await?;
    fill(&client, "#recommendation-agency", "school").await?;
    click(&client, "#add-recommendation").await?;
    wait_for_count(&client, ".agency-recommendation", 2).await?;
    click(&client, "#add-recommendation").await?;
    wait_for_text(&client, "#recommendation-error", "Write the recommendation").await?;
    // The second was meant for the school's own action plan, not this list.
    click_in_item(
        &client,
        ".agency-recommendation",
        "back gate",
        ".remove-recommendation",
    )
    .await?;
    wait_for_count(&client, ".agency-recommendation", 1).await?;
    wait_for_text(&client, "#history", "Removed a recommendation").await?;
    screenshot_at(
        &client,
        "#agency-recommendations",
        "e2e-school-recommendations-to-agencies",
    )
    .await?;

    // The peer group, another group it is linked to, and a park where it meets.
    go_home(&client).await?;
    create_context(&client, "Northfield Park").await?;
    go_home(&client).await?;
    create_context_of_type(&client, "Group B, Northfield", "peer_group").await?;
    go_home(&client).await?;
    create_context_of_type(&client, "Group A, Northfield", "peer_group").await?;
    click(&client, "#start-group-assessment").await?;
    for label in ["J.K.", "L.M.", "N.P."] {
        type_into(&client, "#member-label", label).await?;
        click(&client, "#add-member").await?;
        wait_for_text(&client, "#member-list", label).await?;
    }
    click_containing(&client, "#tie-from option", "J.K.").await?;
    click_containing(&client, "#tie-to option", "N.P.").await?;
    click(&client, "#add-tie").await?;
    wait_for_count(&client, "#tie-list .tie", 1).await?;
    // N.P. was added by mistake: they leave the map with their tie.
    click_in_item(&client, "#member-list .member", "N.P.", ".remove-member").await?;
    wait_for_count(&client, "#member-list .member", 2).await?;
    wait_for_count(&client, "#tie-list .tie", 0).await?;
    wait_for_count(&client, "#peer-map .person", 2).await?;

    type_into(&client, "#place-note", "The benches by the skate park").await?;
    type_into(&client, "#place-when", "After school").await?;
    click_containing(&client, "#place-context option", "Northfield Park").await?;
    click(&client, "#add-place").await?;
    wait_for_text(&client, "#places", "is Northfield Park").await?;
    type_into(
        &client,
        "#place-note",
        "The chicken shop on the high street",
    )
    .await?;
    click(&client, "#add-place").await?;
    wait_for_count(&client, "#places .group-place", 2).await?;
    click_in_item(
        &client,
        "#places .group-place",
        "chicken shop",
        ".remove-place",
    )
    .await?;
    wait_for_count(&client, "#places .group-place", 1).await?;

    click_containing(&client, "#link-group option", "Group B, Northfield").await?;
    click(&client, "#add-group-link").await?;
    wait_for_text(&client, "#linked-group-list", "Group B, Northfield").await?;
    type_into(&client, "#professional-role", "Safer Schools officer").await?;
    fill(&client, "#professional-agency", "police").await?;
    click(&client, "#add-professional").await?;
    wait_for_text(
        &client,
        "#professional-list",
        "Safer Schools officer, Police",
    )
    .await?;

    click(&client, "#complete-peer").await?;
    wait_for_text(&client, "#sections-error", "before completing").await?;
    for section in ["strengths", "concerns", "analysis", "recommendations"] {
        type_into(
            &client,
            &format!("#section-{section}"),
            "From the group session and the detached team's notes.",
        )
        .await?;
    }
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    click(&client, "#complete-peer").await?;
    wait_for_text(&client, "#peer-completed", "Completed").await?;
    screenshot_at(&client, "#on-the-map", "e2e-peer-group-on-the-map").await?;
    screenshot_at(&client, "#linked-groups", "e2e-peer-group-links").await?;
    client.close().await?;

    // After a restart, both are as they were left.
    let client = start_app(&driver, &app).await?;
    open_context(&client, "Group A, Northfield").await?;
    click(&client, ".peer-row").await?;
    wait_for_text(&client, "#peer-completed", "Completed").await?;
    wait_for_count(&client, "#member-list .member", 2).await?;
    wait_for_text(&client, "#places", "is Northfield Park").await?;
    wait_for_text(&client, "#linked-group-list", "Group B, Northfield").await?;
    wait_for_text(&client, "#professional-list", "Safer Schools officer").await?;

    open_context(&client, "Northfield Academy").await?;
    click(&client, ".school-row").await?;
    wait_for_text(&client, "#visit-list", "Lunch observation").await?;
    wait_for_text(&client, "#observations", "Year 9 boys, music playing.").await?;
    wait_for_text(&client, "#removed-observations", "Recorded twice").await?;
    wait_for_count(&client, ".agency-recommendation", 1).await?;
    wait_for_count(&client, "#scope-concerns .chip.selected", 1).await?;
    wait_for_text(&client, "#scope-concerns .chip.selected", "Bullying").await?;
    let parents = find(&client, "#summary-parent_survey")
        .await?
        .prop("value")
        .await?;
    assert_eq!(
        parents.as_deref(),
        Some("48 parents replied; most worry about the walk home past the shops.")
    );
    let owner = find(&client, "#owner-parent_survey")
        .await?
        .prop("value")
        .await?;
    assert_eq!(owner.as_deref(), Some("R. Patel"));
    screenshot_at(
        &client,
        "#component-behaviour_log_review",
        "e2e-school-behaviour-log-review",
    )
    .await?;
    client.close().await?;
    Ok(())
}
