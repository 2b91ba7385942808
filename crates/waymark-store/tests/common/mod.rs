#![allow(dead_code)] // Each test file uses its own share of these helpers.

use std::path::Path;

use rusqlite::types::Value;
use waymark_core::{ContextDraft, GeoPoint};
use waymark_store::{Store, DATABASE_FILE_NAME};

pub fn draft(name: &str) -> ContextDraft {
    ContextDraft {
        name: name.to_owned(),
        context_type: "park_or_green_space".to_owned(),
        description: "Open park with a skate area.".to_owned(),
        location: Some(GeoPoint {
            lat: 52.41,
            lon: -1.97,
        }),
    }
}

pub fn open_in(dir: &Path) -> Store {
    Store::open(&dir.join(DATABASE_FILE_NAME)).expect("the store opens")
}

/// Every row of a table, read with plain SQL beside the store.
pub fn rows(db: &Path, table: &str) -> Vec<Vec<Value>> {
    let conn = rusqlite::Connection::open(db).expect("opens");
    let mut statement = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
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
