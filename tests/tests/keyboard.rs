//! The walkabout's capture form with a keyboard only: from the walk's page, Tab moves to each
//! control and Enter presses it, and an observation of a concern is saved without a pointer.
//! (Whether the focus shows is not checked here: under Xvfb with no window manager the app's
//! window never holds the system's focus, so the webview matches no `:focus` style at all.)

mod common;

use common::{create_context, find, plan_and_check_in, start_app, wait_for_count};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

/// Presses Tab until the focus is on `css`, then presses Enter.
async fn tab_to_and_press(client: &Client, css: &str) -> Result<()> {
    for _ in 0..300 {
        let reached = client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![css.into()],
            )
            .await?;
        if reached.as_bool().unwrap_or(false) {
            return press(client, Key::Enter).await;
        }
        press(client, Key::Tab).await?;
    }
    Err(format!("Tab never reached {css}").into())
}

/// Presses and releases `key` as a keyboard does, through WebDriver's actions: real key events
/// that the page tells from a pointer's.
async fn press(client: &Client, key: Key) -> Result<()> {
    let key = char::from(key);
    client
        .perform_actions(
            KeyActions::new("keyboard".to_owned())
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key }),
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_observation_is_captured_with_tab_and_enter_only() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;
    create_context(&client, "Brookside Park").await?;
    plan_and_check_in(&client).await?;
    // From the top of the walk's page, as after it opens.
    client
        .execute(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
            Vec::new(),
        )
        .await?;
    client
        .execute("document.querySelector('.brand').focus();", Vec::new())
        .await?;
    tab_to_and_press(&client, "#add-observation").await?;
    find(&client, "#save-observation").await?;
    tab_to_and_press(&client, ".category[data-code=hidden_spots]").await?;
    tab_to_and_press(&client, "#valence-concern").await?;
    tab_to_and_press(&client, "#concern-types .chip").await?;
    tab_to_and_press(&client, "#save-observation").await?;
    wait_for_count(&client, "#observations .observation", 1).await?;
    client.close().await?;
    Ok(())
}
