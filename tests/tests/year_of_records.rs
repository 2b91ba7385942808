//! A year of a busy team's records on the device, 10,000 of them written through the store: the
//! app opens on them to a home page that lists a page of contexts at a time, shows more when
//! asked, finds one by a word of its name, and opens it; linking it to another context, or planning
//! a walk there, offers a page of the others and finds the rest.

mod common;

use common::year::{write_year, CONTEXTS};
use common::{
    click, fill, find, screenshot, screenshot_at, start_app, text_of, wait_for_count,
    wait_for_text, PASSCODE,
};
use fantoccini::Locator;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_opens_on_a_year_of_records_a_page_at_a_time() -> Result<()> {
    let data_home = tempfile::tempdir()?;
    let writing = std::time::Instant::now();
    write_year(data_home.path(), PASSCODE)?;
    eprintln!("wrote a year of records in {:?}", writing.elapsed());
    let app = app_binary();
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    // One page of the contexts, and how many more there are.
    wait_for_count(&client, ".context-row", 25).await?;
    let showing = text_of(&client, ".list-more").await?;
    assert_eq!(showing, format!("Showing 25 of {CONTEXTS}"));
    screenshot(&client, "e2e-year-of-records").await?;
    click(&client, ".show-more").await?;
    wait_for_count(&client, ".context-row", 50).await?;

    // Any context is found by a word of its name, and opens.
    fill(&client, "#context-search", "0009").await?;
    wait_for_count(&client, ".context-row", 1).await?;
    wait_for_text(&client, ".context-row", "Ferry Steps place 0009").await?;
    click(&client, ".context-row").await?;
    let description = find(&client, "#description").await?.prop("value").await?;
    assert_eq!(
        description.as_deref(),
        Some("Context 9 of a year's invented records.")
    );

    // Linking it to another context offers a page of them, and finds the rest.
    let offered = client
        .find_all(Locator::Css("#link-context option"))
        .await?
        .len();
    assert!(
        (2..=26).contains(&offered),
        "{offered} choices offered, with Choose"
    );
    fill(&client, "#link-context-search", "0002").await?;
    wait_for_count(&client, "#link-context option", 2).await?;
    wait_for_text(&client, "#link-context", "Elm Lane place 0002").await?;
    screenshot_at(&client, "#linked-contexts", "e2e-year-link-context").await?;

    // Planning a walk offers a page of the other places, not five thousand, and finds the rest.
    click(&client, "#plan-walkabout").await?;
    find(&client, "#also-search").await?;
    let offered = client.find_all(Locator::Css(".also-context")).await?.len();
    assert!((1..=25).contains(&offered), "{offered} places offered");
    fill(&client, "#also-search", "0002").await?;
    wait_for_count(&client, ".also-context", 1).await?;
    wait_for_text(&client, ".also-context", "Elm Lane place 0002").await?;
    client.close().await?;
    drop(driver);
    drop(xvfb);
    Ok(())
}
