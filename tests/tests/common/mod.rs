//! Driving the app through WebDriver as a practitioner would: find, wait, type, look.
#![allow(dead_code)] // Each test file uses its own share of these helpers.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use waymark_e2e::{eventually, target_dir, until, Result, TauriDriver};

pub mod typing;
pub mod year;

/// Long enough for a debug build to start on a busy two-core machine; only reached on failure.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The passcode the end-to-end tests protect their devices with.
pub const PASSCODE: &str = "walk-safe-2468";

/// Starts the app and opens its records: on a first run it sets the passcode, after that it
/// unlocks with it.
pub async fn start_app(driver: &TauriDriver, app: &Path) -> Result<Client> {
    let client = start_locked_app(driver, app).await?;
    open_records(&client).await?;
    Ok(client)
}

/// Past the passcode screen the app opens on, whichever it is.
pub async fn open_records(client: &Client) -> Result<()> {
    // The screen is drawn again when the shell's answer about the lock arrives: a screen read
    // just before that is found again.
    let screen = eventually(".lock-screen", PATIENCE, || async {
        match find(client, ".lock-screen").await?.attr("id").await {
            Ok(id) => Ok(ControlFlow::Break(id)),
            Err(error) => redrawn(error),
        }
    })
    .await?;
    if screen.as_deref() == Some("set-up-passcode") {
        type_into(client, "#new-passcode", PASSCODE).await?;
        type_into(client, "#confirm-passcode", PASSCODE).await?;
        click(client, "#set-passcode").await?;
    } else {
        type_into(client, "#unlock-passcode", PASSCODE).await?;
        click(client, "#unlock").await?;
    }
    wait_for_count(client, ".lock-screen", 0).await?;
    find(client, ".topbar").await?;
    Ok(())
}

/// Starts the app and leaves it on the passcode screen it opens on.
pub async fn start_locked_app(driver: &TauriDriver, app: &Path) -> Result<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), "wry".into());
    capabilities.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    // tauri-driver listens before the WebKitWebDriver behind it does; on a loaded machine the
    // first request can reach it too early and be cut off. That is worth a few more tries.
    let mut attempts = 0;
    loop {
        attempts += 1;
        match ClientBuilder::native()
            .capabilities(capabilities.clone())
            .connect(&driver.url())
            .await
        {
            Err(fantoccini::error::NewSessionError::Failed(error)) if attempts < 5 => {
                eprintln!("the WebDriver session did not start ({error}); trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            result => return Ok(result?),
        }
    }
}

pub async fn find(client: &Client, css: &str) -> Result<Element> {
    find_within(client, css, PATIENCE).await
}

/// As [`find`], for what takes longer than a page to appear: the idle lock, say.
pub async fn find_within(client: &Client, css: &str, patience: Duration) -> Result<Element> {
    let found = client
        .wait()
        .at_most(patience)
        .for_element(Locator::Css(css))
        .await;
    match found {
        Ok(element) => Ok(element),
        Err(error) => {
            let page = client.source().await.unwrap_or_default();
            let _ = screenshot(client, "e2e-failure").await;
            Err(format!("{css} did not appear ({error}); the page was:\n{page}").into())
        }
    }
}

/// Waits until the element's text contains `expected`, and returns the text.
pub async fn wait_for_text(client: &Client, css: &str, expected: &str) -> Result<String> {
    wait_for_text_within(client, css, expected, PATIENCE).await
}

/// As [`wait_for_text`], for what takes longer than a page: a retry after a wait, say.
pub async fn wait_for_text_within(
    client: &Client,
    css: &str,
    expected: &str,
    patience: Duration,
) -> Result<String> {
    eventually(css, patience, || async {
        let text = match find_within(client, css, patience).await?.text().await {
            Ok(text) => text,
            Err(error) => return redrawn(error),
        };
        Ok(if text.contains(expected) {
            ControlFlow::Break(text)
        } else {
            ControlFlow::Continue(format!("shows {text:?}, not {expected:?}"))
        })
    })
    .await
}

/// An element that the page replaced while it was being read (a sync reloads the page at any
/// moment) is read again at the next try; any other error ends the wait.
pub fn redrawn<T>(error: fantoccini::error::CmdError) -> Result<ControlFlow<T, String>> {
    if error.is_stale_element_reference() {
        Ok(ControlFlow::Continue("the page was redrawn".to_owned()))
    } else {
        Err(error.into())
    }
}

pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, client.screenshot().await?)?;
    Ok(path)
}

/// Scrolls the element to the middle of the window, as a thumb would before tapping it.
pub async fn scroll_to(
    client: &Client,
    element: &Element,
) -> std::result::Result<(), fantoccini::error::CmdError> {
    let args = vec![serde_json::to_value(element)?];
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'}); return null;",
            args,
        )
        .await?;
    Ok(())
}

/// Scrolls the element into view and saves the window as a PNG.
pub async fn screenshot_at(client: &Client, css: &str, name: &str) -> Result<PathBuf> {
    // A page redrawn between finding the element and scrolling to it: it is found again.
    eventually(css, PATIENCE, || async {
        match scroll_to(client, &find(client, css).await?).await {
            Ok(()) => Ok(ControlFlow::Break(())),
            Err(error) => redrawn(error),
        }
    })
    .await?;
    screenshot(client, name).await
}

/// The element's text, read again if the page redraws it while it is read.
pub async fn text_of(client: &Client, css: &str) -> Result<String> {
    eventually(css, PATIENCE, || async {
        match find(client, css).await?.text().await {
            Ok(text) => Ok(ControlFlow::Break(text)),
            Err(error) => redrawn(error),
        }
    })
    .await
}

/// Clicks the first element matching `css` whose text contains `text`.
pub async fn click_containing(client: &Client, css: &str, text: &str) -> Result<()> {
    find(client, css).await?;
    for element in client.find_all(Locator::Css(css)).await? {
        if element.text().await?.contains(text) {
            scroll_to(client, &element).await?;
            element.click().await?;
            return Ok(());
        }
    }
    Err(format!("no {css} shows {text:?}").into())
}

/// Waits until `css` matches exactly `expected` elements.
pub async fn wait_for_count(client: &Client, css: &str, expected: usize) -> Result<()> {
    wait_for_count_within(client, css, expected, PATIENCE).await
}

/// As [`wait_for_count`], for what comes with the next sync.
pub async fn wait_for_count_within(
    client: &Client,
    css: &str,
    expected: usize,
    patience: Duration,
) -> Result<()> {
    eventually(css, patience, || async {
        let found = client.find_all(Locator::Css(css)).await?.len();
        Ok(until(found == expected, || {
            format!("{found} found, {expected} expected")
        }))
    })
    .await
}

/// Brings the element to the middle of the window, then taps it, as a thumb would: a tap on a
/// button cut by the window's edge was seen to be lost without an error.
///
/// A page redrawn between finding the element and tapping it (a sync reloads the page at any
/// moment) leaves a stale element, which WebDriver refuses before tapping: it is found again.
pub async fn click(client: &Client, css: &str) -> Result<()> {
    eventually(css, PATIENCE, || async {
        let element = find(client, css).await?;
        if let Err(error) = scroll_to(client, &element).await {
            return redrawn(error);
        }
        match element.click().await {
            Ok(()) => Ok(ControlFlow::Break(())),
            Err(error) if error.is_stale_element_reference() => redrawn(error),
            Err(error) => {
                let _ = screenshot(client, "e2e-failure").await;
                Err(format!("{css} could not be tapped: {error}").into())
            }
        }
    })
    .await
}

pub async fn type_into(client: &Client, css: &str, text: &str) -> Result<()> {
    // A stale element is refused before any key reaches it: the field is found again.
    eventually(css, PATIENCE, || async {
        match find(client, css).await?.send_keys(text).await {
            Ok(()) => Ok(ControlFlow::Break(())),
            Err(error) => redrawn(error),
        }
    })
    .await
}

/// Lines to type into a textarea: WebDriver types a newline character as nothing, so each line
/// ends with the Enter key, as a practitioner would press it.
pub fn lines(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|line| format!("{line}{}", char::from(fantoccini::key::Key::Enter)))
        .collect()
}

/// Creates a park through the form and waits for its page.
pub async fn create_context(client: &Client, name: &str) -> Result<()> {
    create_context_of_type(client, name, "park_or_green_space").await
}

/// Creates a context of the given type through the form and waits for its page.
pub async fn create_context_of_type(client: &Client, name: &str, context_type: &str) -> Result<()> {
    send_new_context(client, name, context_type).await?;
    wait_for_text(client, "#save-status", "Saved on this device").await?;
    Ok(())
}

/// Fills the new context form from the home page with an invented place and sends it.
pub async fn send_new_context(client: &Client, name: &str, context_type: &str) -> Result<()> {
    click(client, "#new-context").await?;
    type_into(client, "#name", name).await?;
    let kind = find(client, "#context-type").await?;
    scroll_to(client, &kind).await?;
    kind.select_by_value(context_type).await?;
    type_into(client, "#latitude", "52.4100").await?;
    type_into(client, "#longitude", "-1.9700").await?;
    click(client, "#create-context").await
}

/// Plans a walkabout for two from the open context page, and checks in.
pub async fn plan_and_check_in(client: &Client) -> Result<()> {
    plan_walkabout(client, None).await?;
    click(client, "#start-walkabout").await?;
    wait_for_text(client, "#walkabout-state", "In progress").await?;
    Ok(())
}

/// Plans a walkabout for two from the open context page, with `grace_minutes` before the alarm
/// when given, and waits for the plan to be saved.
pub async fn plan_walkabout(client: &Client, grace_minutes: Option<&str>) -> Result<()> {
    click(client, "#plan-walkabout").await?;
    fill_plan_and_save(client, grace_minutes).await
}

/// Fills the open planning form for two, with `grace_minutes` before the alarm when given, saves
/// it and waits for the plan to be saved.
pub async fn fill_plan_and_save(client: &Client, grace_minutes: Option<&str>) -> Result<()> {
    type_into(client, "#purpose", "Evening observation of the skate area").await?;
    type_into(client, "#member-1-name", "J. Okafor").await?;
    type_into(client, "#member-2-name", "R. Patel").await?;
    type_into(client, "#contact-name", "Duty desk").await?;
    type_into(client, "#contact-phone", "01632 960123").await?;
    if let Some(minutes) = grace_minutes {
        let grace = find(client, "#grace-minutes").await?;
        grace.clear().await?;
        grace.send_keys(minutes).await?;
    }
    click(client, "#save-plan").await?;
    // A refused plan says why beside one of its fields: that is the failure to report.
    eventually("the saved plan", PATIENCE, || async {
        if let Some(refusal) = client.find_all(Locator::Css(".field-error")).await?.first() {
            let said = refusal.text().await.unwrap_or_default();
            return Err(format!("the plan was refused: {said}").into());
        }
        let saved = client
            .find_all(Locator::Css("#walkabout-state"))
            .await?
            .len();
        Ok(until(saved == 1, || "not saved yet".to_owned()))
    })
    .await?;
    wait_for_text(client, "#walkabout-state", "Planned").await?;
    Ok(())
}

/// Enrols the app with the server through Settings, as a practitioner would, and comes back to
/// the home page once it has synced; `picture` names a screenshot of the enrolled device.
pub async fn enrol(
    client: &Client,
    address: &str,
    code: &str,
    picture: Option<&str>,
) -> Result<()> {
    click(client, "#settings").await?;
    type_into(client, "#sync-server", address).await?;
    type_into(client, "#enrolment-code", code).await?;
    click(client, "#enroll").await?;
    wait_for_text(client, "#enrolled", "This device syncs with").await?;
    if let Some(name) = picture {
        screenshot_at(client, "#enrolled", name).await?;
    }
    click(client, "#back").await?;
    wait_for_text(client, "#sync-status", "Synced").await?;
    Ok(())
}

/// Waits until the field's value is `expected`.
pub async fn wait_for_value_within(
    client: &Client,
    css: &str,
    expected: &str,
    patience: Duration,
) -> Result<()> {
    eventually(css, patience, || async {
        let value = match find_within(client, css, patience)
            .await?
            .prop("value")
            .await
        {
            Ok(value) => value.unwrap_or_default(),
            Err(error) => return redrawn(error),
        };
        Ok(until(value == expected, || {
            format!("holds {value:?}, not {expected:?}")
        }))
    })
    .await
}

/// Replaces what a field holds, with the events typing and leaving it send.
pub async fn fill(client: &Client, css: &str, text: &str) -> Result<()> {
    find(client, css).await?;
    client
        .execute(
            "const field = document.querySelector(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             field.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![css.into(), text.into()],
        )
        .await?;
    Ok(())
}

/// Clicks `button` inside the first `item` whose text contains `text`.
pub async fn click_in_item(client: &Client, item: &str, text: &str, button: &str) -> Result<()> {
    find(client, item).await?;
    for element in client.find_all(Locator::Css(item)).await? {
        if element.text().await?.contains(text) {
            let button = element.find(Locator::Css(button)).await?;
            scroll_to(client, &button).await?;
            button.click().await?;
            return Ok(());
        }
    }
    Err(format!("no {item} shows {text:?}").into())
}

/// Chooses an option of a select by its value.
pub async fn select(client: &Client, css: &str, value: &str) -> Result<()> {
    find(client, css).await?.select_by_value(value).await?;
    Ok(())
}

/// Sets a date input as the date picker would, with the events the page listens for: typing
/// into a date field differs between webviews.
pub async fn set_date(client: &Client, css: &str, date: &str) -> Result<()> {
    fill(client, css, date).await
}

/// Ticks a checkbox.
pub async fn tick(client: &Client, css: &str) -> Result<()> {
    click(client, css).await
}

/// Adds an action to the plan open in `client` and waits for it in the list.
pub async fn add_action(client: &Client, description: &str, agency: &str, due: &str) -> Result<()> {
    let before = client
        .find_all(Locator::Css("#action-list .action"))
        .await?
        .len();
    type_into(client, "#action-description", description).await?;
    select(client, "#action-agency", agency).await?;
    set_date(client, "#action-due", due).await?;
    click(client, "#add-action").await?;
    wait_for_count(client, "#action-list .action", before + 1).await?;
    Ok(())
}

/// The number in the sketch map's "Route: N points recorded".
pub async fn route_points(client: &Client) -> Result<usize> {
    let text = text_of(client, "#route-points").await?;
    Ok(text
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0))
}

/// The path an export's status line ("Saved PATH (N bytes)") says it was saved at.
pub fn saved_path(status: &str) -> Result<String> {
    status
        .strip_prefix("Saved ")
        .and_then(|rest| rest.rsplit_once(" ("))
        .map(|(path, _)| path.to_owned())
        .ok_or_else(|| format!("no path in {status:?}").into())
}

/// The WCAG 2.2 A and AA rules of axe-core that the accessibility checks apply.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
}).then((result) => done(result.violations.map((v) =>
  `${v.id} (${v.impact}): ${v.help}; at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`
))).catch((error) => done([`axe-core could not run: ${error}`]));
"#;

/// Runs axe-core in the page open in `client` and returns each WCAG 2.2 AA violation in words,
/// headed by `page`; empty when there are none.
pub async fn accessibility_problems(client: &Client, page: &str) -> Result<Vec<String>> {
    let script = waymark_e2e::axe_core_script();
    let axe = std::fs::read_to_string(&script).map_err(|error| {
        format!(
            "axe-core is not at {} ({error}); `cargo xtask test` installs it",
            script.display()
        )
    })?;
    let loaded = client
        .execute(&format!("{axe}\nreturn typeof axe;"), Vec::new())
        .await?;
    if loaded != serde_json::json!("object") {
        return Err(format!("axe-core did not load in the page: {loaded}").into());
    }
    let found = client.execute_async(AXE_RUN, Vec::new()).await?;
    let violations: Vec<String> = serde_json::from_value(found)?;
    Ok(violations
        .into_iter()
        .map(|violation| format!("{page}: {violation}"))
        .collect())
}

/// Fails with axe-core's findings if the page open in `client` breaks a WCAG 2.2 A or AA rule.
pub async fn assert_accessible(client: &Client, page: &str) -> Result<()> {
    let problems = accessibility_problems(client, page).await?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} accessibility problems:\n{}",
            problems.len(),
            problems.join("\n")
        )
        .into())
    }
}
