//! Lone-working safety on every screen: a walkabout planned with a one-minute grace and checked
//! in to finish within the minute is left open. The home page lists it first; past its expected
//! finish every screen warns, and past the grace the home page and a context page sound the
//! alarm with the safety contact's number, and the system notification, until the team checks
//! out. The test waits for the clock. Invented place and people.
//!
//! The notification goes through a real D-Bus session bus (`dbus-daemon`) to a stand-in for
//! the desktop's notification service, which keeps what it was asked to show.

mod common;

use std::time::Duration;

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use common::{
    click, create_context, plan_walkabout, screenshot_at, start_app, wait_for_count, wait_for_text,
    wait_for_text_within,
};
use std::ops::ControlFlow;
use waymark_e2e::{app_binary, eventually, Result, TauriDriver, Xvfb};

/// The expected finish is at most a minute away and the grace one minute: the alarm comes
/// within about two and a half minutes, the banner being checked every 15 seconds.
const THE_CLOCK: Duration = Duration::from_secs(240);

/// A private session bus for the app, stopped with the test.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start(dir: &std::path::Path) -> Result<Self> {
        let address = format!("unix:path={}", dir.join("bus").display());
        let daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .spawn()?;
        Ok(Self { daemon, address })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// What a desktop's notification service was asked to show: each summary and body.
#[derive(Clone, Default)]
struct Shown(Arc<Mutex<Vec<(String, String)>>>);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Shown {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: &str,
        _replaces_id: u32,
        _app_icon: &str,
        summary: &str,
        body: &str,
        _actions: Vec<&str>,
        _hints: std::collections::HashMap<&str, zbus::zvariant::Value<'_>>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        shown.push((summary.to_owned(), body.to_owned()));
        u32::try_from(shown.len()).unwrap_or(u32::MAX)
    }

    fn get_capabilities(&self) -> Vec<&str> {
        vec!["body"]
    }

    fn get_server_information(&self) -> (&str, &str, &str, &str) {
        ("stand-in", "waymark-e2e", "1", "1.2")
    }
}

/// Serves the notification service on `bus`, trying while the daemon starts.
async fn serve_notifications(bus: &SessionBus, shown: Shown) -> Result<zbus::Connection> {
    let mut tries = 0;
    loop {
        let built = async {
            zbus::connection::Builder::address(bus.address.as_str())?
                .name("org.freedesktop.Notifications")?
                .serve_at("/org/freedesktop/Notifications", shown.clone())?
                .build()
                .await
        }
        .await;
        match built {
            Ok(connection) => return Ok(connection),
            Err(_) if tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_overdue_walkabout_warns_and_then_alarms_on_every_screen_until_checked_out() -> Result<()>
{
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let bus = SessionBus::start(data_home.path())?;
    let shown = Shown::default();
    let _service = serve_notifications(&bus, shown.clone()).await?;
    let xvfb = Xvfb::start()?;
    let bus_address = std::path::PathBuf::from(&bus.address);
    let driver = TauriDriver::start(
        xvfb.display(),
        data_home.path(),
        &[("DBUS_SESSION_BUS_ADDRESS", bus_address.as_path())],
    )?;
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
    // The system notification was raised once, with what to do and whom to call.
    let notified = eventually(
        "the system notification",
        Duration::from_secs(30),
        || async {
            let shown = shown.0.lock().map(|s| s.clone()).unwrap_or_default();
            Ok(match shown.as_slice() {
                [] => ControlFlow::Continue("nothing shown yet".to_owned()),
                found => ControlFlow::Break(found.to_vec()),
            })
        },
    )
    .await?;
    assert_eq!(notified.len(), 1, "{notified:?}");
    assert_eq!(notified[0].0, "Walkabout overdue: call your safety contact");
    assert!(
        notified[0]
            .1
            .contains("Evening observation of the skate area")
            && notified[0].1.contains("Call Duty desk on 01632 960123"),
        "{notified:?}"
    );
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
    assert_eq!(
        shown.0.lock().map(|s| s.len()).unwrap_or_default(),
        1,
        "one notification for one alarm, however many screens showed it"
    );
    wait_for_count(&client, "#walking-now", 0).await?;
    client.close().await?;
    Ok(())
}
