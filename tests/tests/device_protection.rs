//! A lost phone gives nothing away (privacy rules P16, P17), end to end in the real app: the
//! first run sets a passcode (a mismatched confirmation is refused), the app locks itself after
//! the idle time the practitioner chose, a wrong passcode is refused with a clear message, the
//! right one opens the records as they were, and a changed passcode replaces the old one. The
//! data folder holds nothing readable throughout. A lost device that an administrator orders
//! erased erases itself at its next contact with the server, and says who had it done; a device
//! can be reset from its lock screen while the app is open. A damaged records file is told at
//! once after unlocking, and left as it was.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{
    click, create_context, enrol, find, open_records, screenshot, start_app, start_locked_app,
    type_into, wait_for_count, wait_for_text, wait_for_text_within, PASSCODE,
};
use waymark_core::ContextDraft;
use waymark_e2e::{
    app_binary, demo_workspace, device_of, enrolment_code, free_port, order_wipe, server_binary,
    Result, SyncServer, TauriDriver, Xvfb,
};
use waymark_store::{Vault, DATABASE_FILE_NAME};

const NEW_PASSCODE: &str = "hub-route-1357";

fn nothing_readable(data_dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(data_dir)? {
        let path = entry?.path();
        if path.is_file() {
            let bytes = std::fs::read(&path)?;
            assert!(
                !(ours(&path) && bytes.starts_with(b"SQLite format 3")),
                "{} is plain SQLite",
                path.display()
            );
            assert!(
                !bytes
                    .windows(9)
                    .any(|w| w == b"Northfiel" || w == b"Eastgate "),
                "{} holds the place's name",
                path.display()
            );
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_passcode_protects_the_records_locks_when_idle_and_can_be_changed() -> Result<()> {
    let data_home = tempfile::tempdir()?;
    let data_dir = data_home.path().join("org.waymark.app");
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_locked_app(&driver, &app_binary()).await?;

    // First run: a passcode, typed twice the same.
    wait_for_text(&client, "#set-up-passcode", "Protect this device").await?;
    wait_for_text(&client, "#forgotten-note", "Nobody can recover it").await?;
    screenshot(&client, "e2e-lock-first-run").await?;
    type_into(&client, "#new-passcode", PASSCODE).await?;
    type_into(&client, "#confirm-passcode", "something-else").await?;
    click(&client, "#set-passcode").await?;
    wait_for_text(
        &client,
        "#confirmation-error",
        "type the same passcode twice",
    )
    .await?;
    find(&client, "#confirm-passcode").await?.clear().await?;
    type_into(&client, "#confirm-passcode", PASSCODE).await?;
    click(&client, "#set-passcode").await?;
    wait_for_count(&client, ".lock-screen", 0).await?;
    create_context(&client, "Northfield Park").await?;
    nothing_readable(&data_dir)?;

    // The practitioner shortens the idle time to a minute; untouched, the app locks itself.
    click(&client, "#settings").await?;
    click(&client, "#idle-lock option[value='1']").await?;
    wait_for_text(&client, "#idle-lock-saved", "Saved").await?;
    screenshot(&client, "e2e-lock-settings").await?;
    wait_for_text_within(
        &client,
        "#unlock-screen",
        "Waymark is locked",
        Duration::from_secs(150),
    )
    .await?;
    screenshot(&client, "e2e-lock-locked").await?;

    // A wrong passcode is refused and says so; the right one opens the records as they were.
    type_into(&client, "#unlock-passcode", "not-my-passcode").await?;
    click(&client, "#unlock").await?;
    wait_for_text(&client, "#unlock-error", "That passcode is not right").await?;
    screenshot(&client, "e2e-lock-wrong-passcode").await?;
    type_into(&client, "#unlock-passcode", PASSCODE).await?;
    click(&client, "#unlock").await?;
    wait_for_count(&client, ".lock-screen", 0).await?;
    click(&client, "#back").await?;
    wait_for_text(&client, "#context-list", "Northfield Park").await?;

    // The passcode is changed: after locking, the old one no longer opens the app.
    click(&client, "#settings").await?;
    click(&client, "#change-passcode summary").await?;
    type_into(&client, "#current-passcode", PASSCODE).await?;
    type_into(&client, "#changed-passcode", NEW_PASSCODE).await?;
    type_into(&client, "#changed-confirmation", NEW_PASSCODE).await?;
    click(&client, "#save-passcode").await?;
    wait_for_text(&client, "#passcode-changed", "Passcode changed").await?;
    screenshot(&client, "e2e-lock-passcode-changed").await?;
    click(&client, "#lock-now").await?;
    type_into(&client, "#unlock-passcode", PASSCODE).await?;
    click(&client, "#unlock").await?;
    wait_for_text(&client, "#unlock-error", "That passcode is not right").await?;
    type_into(&client, "#unlock-passcode", NEW_PASSCODE).await?;
    click(&client, "#unlock").await?;
    wait_for_count(&client, ".lock-screen", 0).await?;
    client.close().await?;
    nothing_readable(&data_dir)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_device_is_wiped_at_its_next_contact_and_says_who_had_it_done() -> Result<()> {
    let server = server_binary();
    let work = tempfile::tempdir()?;
    let db = work.path().join("server.db");
    demo_workspace(&server, &db, "Northside team", "worker.one")?;
    let listen = format!("127.0.0.1:{}", free_port()?);
    let sync_server = SyncServer::start(&server, &db, &listen)?;
    let data_home = tempfile::tempdir()?;
    let data_dir = data_home.path().join("org.waymark.app");
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app_binary()).await?;
    enrol(
        &client,
        &sync_server.address,
        &enrolment_code(&server, &db, "worker.one")?,
        None,
    )
    .await?;
    create_context(&client, "Northfield Park").await?;
    click(&client, "#back").await?;
    wait_for_text(&client, "#sync-status", "Synced").await?;
    assert!(
        std::fs::read_dir(&data_dir)?.any(|entry| entry.is_ok_and(|e| ours(&e.path()))),
        "the records are on the device before the wipe"
    );

    // The phone is reported lost: the administrator orders it erased. The app, open on its
    // home page, hears it at once and keeps nothing.
    let device = device_of(&server, &db, "worker.one")?;
    order_wipe(&server, &db, &device, "Admin C.D.")?;
    wait_for_text_within(
        &client,
        "#wiped-by",
        "Admin C.D. had this device's records erased",
        Duration::from_secs(90),
    )
    .await?;
    wait_for_count(&client, "#context-list", 0).await?;
    screenshot(&client, "e2e-lock-wiped").await?;
    let left: Vec<String> = std::fs::read_dir(&data_dir)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| ours(path))
        .map(|path| path.display().to_string())
        .collect();
    assert!(left.is_empty(), "nothing of the records is left: {left:?}");
    nothing_readable(&data_dir)?;

    // Set up again, the device starts empty: nothing of the old records comes back.
    click(&client, "#set-up-again").await?;
    open_records(&client).await?;
    find(&client, "#no-contexts").await?;

    // A practitioner leaving the service resets the device from its lock screen, with the app
    // open: it needs no restart, and the device is empty again.
    create_context(&client, "Eastgate Precinct").await?;
    click(&client, "#settings").await?;
    click(&client, "#lock-now").await?;
    click(&client, "#reset-device summary").await?;
    type_into(&client, "#reset-confirmation", "erase").await?;
    click(&client, "#reset-now").await?;
    wait_for_text(&client, "#reset-error", "Type ERASE").await?;
    find(&client, "#reset-confirmation").await?.clear().await?;
    type_into(&client, "#reset-confirmation", "ERASE").await?;
    click(&client, "#reset-now").await?;
    wait_for_text(&client, "#set-up-passcode", "Protect this device").await?;
    wait_for_count(&client, ".topbar", 0).await?;
    client.close().await?;
    nothing_readable(&data_dir)?;
    assert!(
        !std::fs::read_dir(&data_dir)?
            .filter_map(|entry| entry.ok())
            .any(|entry| ours(&entry.path())),
        "a reset leaves no records"
    );
    Ok(())
}

/// Whether a file in the data folder is one of Waymark's: the webview keeps small SQLite files of
/// its own there (HSTS), which hold nothing of the records.
fn ours(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with("waymark"))
}

/// A records file damaged where unlocking does not look: the app opens, the check of the whole
/// file beside it finds the damage, and the lock screen says so at once, not at the next save.
/// The file is left byte for byte as it was, for whoever recovers it.
#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_records_file_is_found_after_unlocking_and_left_as_it_was() -> Result<()> {
    let data_home = tempfile::tempdir()?;
    let data_dir = data_home.path().join("org.waymark.app");
    {
        let mut store = Vault::new(&data_dir).set_up(PASSCODE, PASSCODE)?;
        for n in 0..300 {
            store.create_context(ContextDraft {
                name: format!("Invented place {n}"),
                context_type: "park_or_green_space".to_owned(),
                description: format!("Benches, a path and lighting; visit {n} of the survey."),
                location: None,
            })?;
        }
    }
    let db = data_dir.join(DATABASE_FILE_NAME);
    let mut damaged = std::fs::read(&db)?;
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    std::fs::write(&db, &damaged)?;

    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_locked_app(&driver, &app_binary()).await?;
    type_into(&client, "#unlock-passcode", PASSCODE).await?;
    click(&client, "#unlock").await?;
    wait_for_text_within(
        &client,
        "#damaged-lead",
        "left it exactly as it was",
        Duration::from_secs(60),
    )
    .await?;
    wait_for_count(&client, ".topbar", 0).await?;
    screenshot(&client, "e2e-lock-damaged").await?;
    assert_eq!(std::fs::read(&db)?, damaged, "the file is left as it was");

    // Trying again unlocks again, and the check beside it finds the same damage.
    click(&client, "#try-again").await?;
    type_into(&client, "#unlock-passcode", PASSCODE).await?;
    click(&client, "#unlock").await?;
    find(&client, "#damaged-screen").await?;
    client.close().await?;
    assert_eq!(std::fs::read(&db)?, damaged, "still as it was");
    Ok(())
}
