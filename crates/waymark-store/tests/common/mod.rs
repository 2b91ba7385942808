#![allow(dead_code)] // Each test file uses its own share of these helpers.

use std::path::Path;

use rusqlite::types::Value;
use waymark_core::CheckOut;
use waymark_store::{Store, DATABASE_FILE_NAME};

// The shared fixtures, under the names these tests have always used; each file uses some.
#[allow(unused_imports)]
pub use waymark_e2e::fixtures::{
    check_in, clock, now, observation, park as draft, route_point, walkabout_plan as plan, NOW,
};

/// Gives the store a workspace directory whose settings hold these first names, as a sync
/// would: what the name check (P3) checks against.
pub fn with_first_names(store: &mut Store, names: &[&str]) {
    with_settings(
        store,
        waymark_core::workspace_settings::WorkspaceSettings {
            first_names: names.iter().map(|name| (*name).to_owned()).collect(),
            ..Default::default()
        },
    );
}

/// Gives the store a workspace directory with these settings, as a sync would.
pub fn with_settings(
    store: &mut Store,
    settings: waymark_core::workspace_settings::WorkspaceSettings,
) {
    store
        .set_directory(&waymark_core::directory::Directory {
            you: "A.B.".into(),
            workspace: "Northside team".into(),
            members: Vec::new(),
            records: Vec::new(),
            settings,
        })
        .expect("directory kept");
}

/// The store in `dir`, its clock set at the fixtures' time.
pub fn open_in(dir: &Path) -> Store {
    reopen(&dir.join(DATABASE_FILE_NAME))
}

/// The store at `path`, opened again as after a kill, its clock set at the fixtures' time.
pub fn reopen(path: &Path) -> Store {
    Store::open(path)
        .expect("the store opens")
        .with_clock(clock())
}

/// Every row of a table, read with plain SQL beside the store.
pub fn rows(db: &Path, table: &str) -> Vec<Vec<Value>> {
    let conn = rusqlite::Connection::open(db).expect("opens");
    let mut statement = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
        .expect("prepares");
    let columns = statement.column_count();
    statement
        .query_map([], |row| {
            (0..columns).map(|i| row.get::<_, Value>(i)).collect()
        })
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("reads")
}

pub fn check_out() -> CheckOut {
    CheckOut {
        at: now(),
        by: "R. Patel".to_owned(),
        all_safe: true,
        note: String::new(),
    }
}

/// A JPEG from a real encoder whose EXIF block carries a binary GPS position (rationals in a
/// GPS IFD, as phone cameras write them), the maker and a comment, with a motion photo's video
/// after its end marker. Invented place; see `tests/fixtures`.
pub fn jpeg_with_gps() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/motion-photo-with-gps.jpg"),
    )
    .expect("the fixture photo")
}

/// The GPS latitude a JPEG's EXIF carries, read with an EXIF reader; `None` if it has no EXIF
/// or no position.
pub fn exif_latitude(jpeg: &[u8]) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(jpeg))
        .ok()?;
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .map(|field| field.display_value().to_string())
}
