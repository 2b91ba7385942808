//! Erasure (privacy rules P12 and P13), through the real server binary and real device stores:
//! past text erased from a record's history is found nowhere afterwards, byte for byte; an erased
//! record leaves every device, even one that was offline with an edit to it, and never comes back;
//! retention erases what its period has ended for.

mod common;

use std::path::Path;

use common::{binary, Fixture, Result};
use waymark_core::erasure::{ErasureRequest, RetentionExtension};
use waymark_core::workspace_settings::WorkspaceSetting;
use waymark_core::{CheckOut, ContextEdit, RecordKind, UnixMillis};
use waymark_e2e::admin;
use waymark_e2e::fixtures::{self, check_in, observation, route_point, walkabout_plan};
use waymark_sync::client;

/// A string nobody would type by chance, standing for a child's name typed where it should not
/// be.
const MARKER: &str = "Zebedee-Quasar-4471";

/// Every file under `dir` whose bytes hold `text`.
fn files_holding(dir: &Path, text: &str) -> Vec<String> {
    waymark_e2e::files_holding(&[dir], &[text])
        .expect("the test's folder can be read")
        .into_iter()
        .map(|(path, _)| path.display().to_string())
        .collect()
}

/// Where the server's database holds `text`: its SQLite file and write-ahead log, byte for byte;
/// or, on PostgreSQL, anywhere in what the database holds, as `pg_dump` writes it out (where
/// bytes appear in hex). PostgreSQL's own files are its administrator's: the README says what
/// they keep.
fn server_holding(fixture: &Fixture, text: &str) -> Vec<String> {
    if !waymark_e2e::postgres::on_postgres() {
        return files_holding(fixture.dir.path(), text)
            .into_iter()
            .filter(|path| path.contains("server.db"))
            .collect();
    }
    let dump = waymark_e2e::postgres::dump(&fixture.db).expect("pg_dump reads the database");
    let hex: String = text.bytes().map(|byte| format!("{byte:02x}")).collect();
    let dump = String::from_utf8_lossy(&dump);
    if dump.contains(text) || dump.contains(&hex) {
        vec!["the PostgreSQL database".to_owned()]
    } else {
        Vec::new()
    }
}

fn people(fixture: &Fixture) -> Result {
    fixture.add_member("manager.m", "childrens_social_care", "manager")?;
    fixture.add_member("worker.c", "youth_work", "practitioner")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn text_erased_from_a_records_history_is_found_nowhere_on_the_server_or_either_device(
) -> Result {
    let fixture = Fixture::start()?;
    people(&fixture)?;
    let address = fixture.address();
    let a = fixture.device("worker.a", "device-a").await?;
    let b = fixture.device("worker.c", "device-b").await?;
    let manager = fixture.device("manager.m", "device-m").await?;
    let park = a.context("Northfield Park")?;
    let describe = |device: &common::Device, text: String| {
        device
            .store
            .lock()
            .update_context(park.id, ContextEdit::Description(text))
            .map(drop)
    };

    // The name is typed on both devices and synced, then edited away.
    describe(&a, format!("Seen with {MARKER} by the gate."))?;
    a.sync(&address).await?;
    b.sync(&address).await?;
    describe(
        &b,
        format!("Seen with {MARKER} by the gate; {MARKER} again on Friday."),
    )?;
    b.sync(&address).await?;
    a.sync(&address).await?;
    describe(&a, "Groups seen by the gate after dark.".to_owned())?;
    a.sync(&address).await?;
    b.sync(&address).await?;
    // Still in every copy's history: this is what the erasure is for.
    assert!(!server_holding(&fixture, MARKER).is_empty());
    let before = files_holding(fixture.dir.path(), MARKER);
    assert!(
        before.iter().any(|path| path.contains("device-a")),
        "{before:?}"
    );
    assert!(
        before.iter().any(|path| path.contains("device-b")),
        "{before:?}"
    );

    // Only a manager may erase; a practitioner is refused and nothing changes.
    let request = ErasureRequest {
        record: park.id,
        reason: "A young person's name was typed in the description".into(),
    };
    let refused = client::erase_history(&address, &a.token, &request)
        .await
        .expect_err("a practitioner");
    assert!(refused.to_string().contains("manager"), "{refused}");
    // A reason that may name a child is refused: it is kept for good.
    client::change_workspace_setting(
        &address,
        &manager.token,
        &WorkspaceSetting::FirstNames(vec!["Amira".into()]),
    )
    .await?;
    let naming = ErasureRequest {
        record: park.id,
        reason: "Amira Khan was named in the description".into(),
    };
    let refused = client::erase_history(&address, &manager.token, &naming)
        .await
        .expect_err("a reason naming a child");
    assert!(
        refused
            .to_string()
            .contains("The reason may name a child: Amira Khan"),
        "{refused}"
    );
    let epoch = client::erase_history(&address, &manager.token, &request).await?;
    assert_eq!(epoch, 1);

    // Each device takes the new epoch at its next sync, and the one after is quiet.
    for device in [&a, &b, &a, &b] {
        device.sync(&address).await?;
    }
    for device in [&a, &b] {
        let store = device.store.lock();
        assert_eq!(
            store.get_context(park.id)?.description,
            "Groups seen by the gate after dark."
        );
        let history = store.history(park.id)?;
        assert!(
            history.iter().any(|entry| entry
                .what
                .starts_with("Earlier history erased by manager.m")),
            "{history:?}"
        );
        assert!(store.edits_not_kept()?.is_empty());
    }
    // Nowhere: not in the server's database or its log, nor in either device's files.
    assert_eq!(
        files_holding(fixture.dir.path(), MARKER),
        Vec::<String>::new()
    );
    assert_eq!(server_holding(&fixture, MARKER), Vec::<String>::new());

    // The audit log says an erasure happened, by whom and why, and not what was erased.
    let log = admin(
        binary(),
        &fixture.db,
        &["audit", "list", "--record", &park.id.to_string()],
    )?;
    assert!(log.contains("erase_history"), "{log}");
    assert!(log.contains("manager.m"), "{log}");
    assert!(!log.contains(MARKER), "{log}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_erased_record_leaves_every_device_with_its_photo_and_an_offline_edit_cannot_bring_it_back(
) -> Result {
    let fixture = Fixture::start()?;
    people(&fixture)?;
    let address = fixture.address();
    let a = fixture.device("worker.a", "device-a").await?;
    let c = fixture.device("worker.c", "device-c").await?;
    let manager = fixture.device("manager.m", "device-m").await?;
    let park = a.context("Northfield Park")?;
    let photo = a.store.lock().add_photo(include_bytes!(
        "../../../tests/fixtures/motion-photo-with-gps.jpg"
    ))?;
    let walkabout = {
        let mut store = a.store.lock();
        let id = store.create_walkabout(walkabout_plan(park.id))?.id;
        store.check_in(id, check_in())?;
        let mut seen = observation(5);
        seen.photos = vec![photo.clone()];
        store.add_observation(id, seen)?;
        id
    };
    a.sync(&address).await?;
    a.upload_photos(&address).await?;
    c.sync(&address).await?;
    c.download_photos(&address).await?;
    assert!(!c.store.lock().photo(&photo)?.bytes.is_empty());

    // Device C goes offline and adds an observation the server never hears of.
    c.store.lock().add_observation(walkabout, observation(1))?;
    let erasure = client::erase_record(
        &address,
        &manager.token,
        &ErasureRequest {
            record: walkabout,
            reason: "Recorded in the wrong workspace".into(),
        },
    )
    .await?;
    assert_eq!(erasure.by, "manager.m");
    assert_eq!(erasure.kind, RecordKind::Walkabout.as_str());

    a.sync(&address).await?;
    assert!(a.store.lock().get_walkabout(walkabout).is_err());
    assert!(
        a.store.lock().photo(&photo).is_err(),
        "its photo went with it"
    );
    assert!(a.store.lock().erasure_notices()?[0].record == walkabout);

    // C comes back: it loses the record, its unsent observation with it, and says so.
    c.sync(&address).await?;
    assert!(c.store.lock().get_walkabout(walkabout).is_err());
    assert!(c.store.lock().photo(&photo).is_err());
    let notices = c.store.lock().erasure_notices()?;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].erased_by, "manager.m");
    assert_eq!(notices[0].reason, "Recorded in the wrong workspace");
    assert!(notices[0].unsent_lost);
    c.sync(&address).await?;

    // The server never holds it again: a new device gets the place and not the walkabout,
    // and the photo is not there to fetch.
    let fresh = fixture.device("worker.a", "device-new").await?;
    fresh.sync(&address).await?;
    assert_eq!(
        fresh.store.lock().get_context(park.id)?.name,
        "Northfield Park"
    );
    assert!(fresh.store.lock().get_walkabout(walkabout).is_err());
    let blobs = client::Blobs::new(address.clone(), fresh.token.clone());
    assert!(blobs.download(&photo, 0).await.is_err());
    // Erased twice is refused with a clear answer.
    let again = client::erase_record(
        &address,
        &manager.token,
        &ErasureRequest {
            record: walkabout,
            reason: "Again".into(),
        },
    )
    .await
    .expect_err("erased already");
    assert!(again.to_string().contains("erased"), "{again}");
    // Nothing the observation's note said is left in the server's files.
    let note = observation(5).note;
    assert_eq!(server_holding(&fixture, &note), Vec::<String>::new());
    Ok(())
}

/// The day `days` from today, as `retention run --as-of` takes it: the server counts a
/// record's period from when it last heard of a change, by its own clock.
fn days_from_today(days: u64) -> Result<String> {
    let today = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    Ok(days_on(UnixMillis::since_epoch(today), days))
}

/// The day `days` after `from`, as `retention run --as-of` takes it.
fn days_on(from: UnixMillis, days: u64) -> String {
    let day_ms = 24 * 60 * 60 * 1000;
    UnixMillis::new(from.get() + days as i64 * day_ms)
        .to_datetime()
        .date()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_route_track_goes_after_its_own_shorter_period_and_the_walkabout_stays() -> Result {
    let fixture = Fixture::start()?;
    people(&fixture)?;
    let address = fixture.address();
    let a = fixture.device("worker.a", "device-a").await?;
    let b = fixture.device("worker.c", "device-b").await?;
    let park = a.context("Northfield Park")?;
    let walkabout = {
        let mut store = a.store.lock();
        let id = store.create_walkabout(walkabout_plan(park.id))?.id;
        store.check_in(id, check_in())?;
        for (n, (lat, lon)) in [(52.41, -1.97), (52.411, -1.971), (52.412, -1.973)]
            .into_iter()
            .enumerate()
        {
            assert!(store.record_route_point(id, route_point(lat, lon, n as i64 * 30))?);
        }
        store.check_out(
            id,
            CheckOut {
                at: fixtures::now(),
                by: "R. Patel".into(),
                all_safe: true,
                note: String::new(),
            },
        )?;
        id
    };
    a.sync(&address).await?;
    a.upload_photos(&address).await?;
    b.sync(&address).await?;
    b.download_photos(&address).await?;
    let route = a.store.lock().get_walkabout(walkabout)?.route;
    let sealed = route.sealed_sha256.clone().expect("sealed at check-out");
    assert_eq!(b.store.lock().route(walkabout)?.len(), 3);

    // Within the tracks' 90 days nothing goes; past them the track goes, the walkabout stays.
    let kept = admin(
        binary(),
        &fixture.db,
        &["retention", "run", "--as-of", &days_on(fixtures::NOW, 89)],
    )?;
    assert!(kept.contains("and 0 route tracks"), "{kept}");
    let erased = admin(
        binary(),
        &fixture.db,
        &["retention", "run", "--as-of", &days_on(fixtures::NOW, 91)],
    )?;
    assert!(erased.starts_with("0 records"), "{erased}");
    assert!(erased.contains("and 1 route tracks"), "{erased}");
    a.sync(&address).await?;
    b.sync(&address).await?;
    for device in [&a, &b] {
        let store = device.store.lock();
        let now = store.get_walkabout(walkabout)?;
        assert_eq!(now.route.sealed_sha256, None);
        assert_eq!(now.route.points, route.points, "the summary stays");
        assert!(store.route(walkabout)?.is_empty(), "no reading is left");
        assert!(store.photo(&sealed).is_err(), "the track's file is gone");
    }
    let blobs = client::Blobs::new(address.clone(), a.token.clone());
    assert!(blobs.download(&sealed, 0).await.is_err());
    let log = admin(
        binary(),
        &fixture.db,
        &["audit", "list", "--record", &walkabout.to_string()],
    )?;
    assert!(log.contains("route track: retention"), "{log}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_erases_what_its_period_has_ended_for_and_a_manager_can_keep_one_longer() -> Result
{
    let fixture = Fixture::start()?;
    people(&fixture)?;
    let address = fixture.address();
    let a = fixture.device("worker.a", "device-a").await?;
    let manager = fixture.device("manager.m", "device-m").await?;
    for (kind, days) in [(RecordKind::Walkabout, 60), (RecordKind::Context, 20)] {
        client::change_workspace_setting(
            &address,
            &manager.token,
            &WorkspaceSetting::RetentionDays { kind, days },
        )
        .await?;
    }
    let park = a.context("Northfield Park")?;
    let walkabout = a.store.lock().create_walkabout(walkabout_plan(park.id))?.id;
    a.sync(&address).await?;

    // The place is due within 30 days; the walkabout is not.
    let due = client::retention_due(&address, &manager.token).await?;
    assert_eq!(
        due.iter().map(|d| d.record).collect::<Vec<_>>(),
        vec![park.id]
    );
    let refused = client::retention_due(&address, &a.token)
        .await
        .expect_err("a practitioner");
    assert!(refused.to_string().contains("manager"), "{refused}");
    // A manager keeps the place 100 days longer.
    let due = client::extend_retention(
        &address,
        &manager.token,
        &RetentionExtension {
            record: park.id,
            days: 100,
            reason: "Context conference due in the spring".into(),
        },
    )
    .await?;
    assert!(due.is_empty(), "{due:?}");

    // Today is nothing; 61 days on, the walkabout's period has ended and the place's has not.
    let erased = admin(binary(), &fixture.db, &["retention", "run"])?;
    assert!(erased.starts_with("0 records"), "{erased}");
    let later = days_from_today(61)?;
    let erased = admin(
        binary(),
        &fixture.db,
        &["retention", "run", "--as-of", &later],
    )?;
    assert!(erased.starts_with("1 records"), "{erased}");

    a.sync(&address).await?;
    assert!(a.store.lock().get_walkabout(walkabout).is_err());
    assert_eq!(a.store.lock().get_context(park.id)?.name, "Northfield Park");
    let notices = a.store.lock().erasure_notices()?;
    assert_eq!(notices[0].erased_by, "retention");
    assert_eq!(notices[0].reason, "retention");
    let log = admin(
        binary(),
        &fixture.db,
        &["audit", "list", "--record", &walkabout.to_string()],
    )?;
    assert!(log.contains("erase"), "{log}");
    Ok(())
}
