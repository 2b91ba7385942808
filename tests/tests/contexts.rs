//! The real app, in a real webview on a virtual display, driven as a practitioner would use it.

mod common;

use common::{fill, find, screenshot, start_app, start_locked_app, type_into, wait_for_text};
use fantoccini::Locator;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

#[tokio::test(flavor = "multi_thread")]
async fn a_context_created_in_the_app_is_still_there_after_a_restart() -> Result<()> {
    let app = app_binary();
    assert!(
        app.is_file(),
        "{} is missing: run `cargo xtask test`, which builds it",
        app.display()
    );
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;

    // First run: an empty device.
    let client = start_app(&driver, &app).await?;
    wait_for_text(&client, "#no-contexts", "No contexts yet").await?;
    find(&client, "#new-context").await?.click().await?;
    find(&client, "#name")
        .await?
        .send_keys("Northfield Park")
        .await?;
    find(&client, "#context-type")
        .await?
        .select_by_value("park_or_green_space")
        .await?;
    find(&client, "#description")
        .await?
        .send_keys("Skate area by the gate.")
        .await?;
    find(&client, "#latitude").await?.send_keys("52.41").await?;
    find(&client, "#longitude")
        .await?
        .send_keys("-1.97")
        .await?;
    find(&client, "#create-context").await?.click().await?;

    // The detail page edits in place: no Save button.
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    find(&client, "#description")
        .await?
        .send_keys(" Lights broken.")
        .await?;
    wait_for_text(&client, "#save-status", "Saved on this device").await?;
    screenshot(&client, "e2e-context-page").await?;
    find(&client, "#back").await?.click().await?;
    wait_for_text(&client, "#context-list", "Northfield Park").await?;
    client.close().await?;

    // Second run on the same data: everything saved is still there.
    let client = start_app(&driver, &app).await?;
    let list = wait_for_text(&client, "#context-list", "Northfield Park").await?;
    assert!(list.contains("Park or green space"), "{list}");
    screenshot(&client, "e2e-context-list").await?;
    // The search asks the store as the practitioner types, in any case.
    type_into(&client, "#context-search", "Canal").await?;
    wait_for_text(&client, "#no-match", "No context matches \"Canal\"").await?;
    fill(&client, "#context-search", "NORTHFIELD").await?;
    wait_for_text(&client, "#context-list", "Northfield Park").await?;
    find(&client, ".context-row").await?.click().await?;
    let description = find(&client, "#description").await?.prop("value").await?;
    assert_eq!(
        description.as_deref(),
        Some("Skate area by the gate. Lights broken.")
    );
    assert_eq!(
        find(&client, "#latitude")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("52.41")
    );

    // A name of only spaces is refused, with the reason beside the field.
    find(&client, "#back").await?.click().await?;
    find(&client, "#new-context").await?.click().await?;
    find(&client, "#name").await?.send_keys("   ").await?;
    find(&client, "#create-context").await?.click().await?;
    let error = wait_for_text(&client, "#name-error", "Give the context a name").await?;
    assert!(error.contains("neutral label"), "{error}");
    screenshot(&client, "e2e-empty-name").await?;
    client.close().await?;

    // Nothing else was created by the refused form.
    let client = start_app(&driver, &app).await?;
    wait_for_text(&client, "#context-list", "Northfield Park").await?;
    assert_eq!(
        client.find_all(Locator::Css(".context-row")).await?.len(),
        1
    );
    client.close().await?;

    drop(driver);
    drop(xvfb);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_explained_and_left_as_it_was() -> Result<()> {
    let data_home = tempfile::tempdir()?;
    let database = data_home.path().join("org.waymark.app").join("waymark.db");
    std::fs::create_dir_all(database.parent().ok_or("no parent")?)?;
    let damaged = b"This is not a database.".repeat(200);
    std::fs::write(&database, &damaged)?;

    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_locked_app(&driver, &app_binary()).await?;
    let message = wait_for_text(&client, "#store-error", "cannot read its database").await?;
    assert!(message.contains("left exactly as it was"), "{message}");
    screenshot(&client, "e2e-damaged-database").await?;
    client.close().await?;

    assert_eq!(std::fs::read(&database)?, damaged);
    Ok(())
}
