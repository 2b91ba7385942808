//! Lone-working safety on every screen: a walkabout planned with a one-minute grace and checked
//! in to finish within the minute is left open. The home page lists it first; past its expected
//! finish every screen warns, and past the grace the home page and a context page sound the
//! alarm with the safety contact's number, until the team checks out. The test waits for the
//! clock. Invented place and people.

mod common;

use std::time::Duration;

use common::{
    click, create_context, plan_walkabout, screenshot_at, start_app, wait_for_count, wait_for_text,
    wait_for_text_within,
};
use waymark_e2e::{app_binary, Result, TauriDriver, Xvfb};

/// The expected finish is at most a minute away and the grace one minute: the alarm comes
/// within about two and a half minutes, the banner being checked every 15 seconds.
const THE_CLOCK: Duration = Duration::from_secs(240);

#[tokio::test(flavor = "multi_thread")]
async fn an_overdue_walkabout_warns_and_then_alarms_on_every_screen_until_checked_out() -> Result<()>
{
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    create_context(&client, "Northfield Park").await?;
    plan_walkabout(&client, Some("1")).await?;
    // Due back at the start of the next minute, as the check-in form's clock has it.
    client
        .execute(
            "const field = document.querySelector('#expected-finish');
             const soon = new Date(Date.now() + 60000);
             const two = n => String(n).padStart(2, '0');
             field.value = `${soon.getFullYear()}-${two(soon.getMonth() + 1)}-${two(soon.getDate())}`
                 + `T${two(soon.getHours())}:${two(soon.getMinutes())}`;
             field.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await?;
    click(&client, "#start-walkabout").await?;
    wait_for_text(&client, "#walkabout-state", "In progress").await?;

    // The home page lists the walk first.
    click(&client, ".brand").await?;
    wait_for_text(
        &client,
        "#walking-now",
        "Evening observation of the skate area",
    )
    .await?;
    // Past the expected finish: a warning at the top of the screen.
    wait_for_text_within(
        &client,
        "#overdue-banner",
        "past its expected finish",
        THE_CLOCK,
    )
    .await?;
    screenshot_at(&client, "#overdue-banner", "e2e-overdue-warning-home").await?;

    // On a context page, past the grace: the alarm, with the safety contact's number.
    click(&client, "#context-list .context-row").await?;
    wait_for_text_within(
        &client,
        "#overdue-banner",
        "call your safety contact now",
        THE_CLOCK,
    )
    .await?;
    wait_for_text(&client, "#overdue-banner", "Call Duty desk on 01632 960123").await?;
    screenshot_at(&client, "#overdue-banner", "e2e-overdue-alarm-context").await?;
    click(&client, ".brand").await?;
    wait_for_text(&client, "#overdue-banner", "call your safety contact now").await?;

    // Checking out, from the banner, ends it everywhere.
    click(&client, "#overdue-banner button").await?;
    click(&client, "#check-out").await?;
    click(&client, "#confirm-check-out").await?;
    wait_for_text(&client, "#walkabout-state", "Checked out").await?;
    click(&client, ".brand").await?;
    wait_for_count(&client, "#overdue-banner .overdue", 0).await?;
    wait_for_count(&client, "#walking-now", 0).await?;
    client.close().await?;
    Ok(())
}
