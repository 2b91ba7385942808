//! Saving a context through the store (Automerge change, projection, commit) against a plain
//! rusqlite INSERT of the same row, each committed in its own transaction, measured in one run.
//!
//! Rounds alternate between the two so that a busy neighbour on a shared machine slows both alike.
//! Figures are printed for people and as `bench: NAME VALUE UNIT` lines for scripts.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};
use waymark_core::{ContextDraft, GeoPoint};
use waymark_store::{Store, DATABASE_FILE_NAME};

const ROUNDS: usize = 5;
const SAVES_PER_ROUND: usize = 200;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join(DATABASE_FILE_NAME))?;
    let raw = open_raw(&dir.path().join("raw.db"))?;

    let (mut store_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            store.create_context(draft(round, i))?;
        }
        store_time += start.elapsed();

        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            raw_insert(&raw, round, i)?;
        }
        raw_time += start.elapsed();
    }

    let saves = (ROUNDS * SAVES_PER_ROUND) as f64;
    let store_rate = saves / store_time.as_secs_f64();
    let raw_rate = saves / raw_time.as_secs_f64();
    println!("context save through the store: {store_rate:.0} saves/s");
    println!("plain rusqlite insert:          {raw_rate:.0} inserts/s");
    println!(
        "ratio (store / raw):            {:.2} x (goal: at least 0.33)",
        store_rate / raw_rate
    );
    println!("bench: context_save_rate {store_rate:.0} saves/s");
    println!("bench: raw_insert_rate {raw_rate:.0} inserts/s");
    println!("bench: save_ratio {:.2} x", store_rate / raw_rate);
    Ok(())
}

fn draft(round: usize, i: usize) -> ContextDraft {
    ContextDraft {
        name: format!("Test place {round}-{i}"),
        context_type: "park_or_green_space".to_owned(),
        description: "Open park with a skate area and a path to the station.".to_owned(),
        location: Some(GeoPoint {
            lat: 52.41,
            lon: -1.97,
        }),
    }
}

/// A database with the store's own durability settings and a table shaped like the projection.
fn open_raw(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE contexts (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, context_type TEXT NOT NULL,
            description TEXT NOT NULL, latitude REAL, longitude REAL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT",
    )?;
    Ok(conn)
}

fn raw_insert(conn: &Connection, round: usize, i: usize) -> rusqlite::Result<()> {
    let draft = draft(round, i);
    let tx = conn.unchecked_transaction()?;
    tx.prepare_cached("INSERT INTO contexts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
        .execute(params![
            format!("{round}-{i}"),
            draft.name,
            draft.context_type,
            draft.description,
            52.41,
            -1.97,
            1_700_000_000_000_i64,
            1_700_000_000_000_i64,
        ])?;
    tx.commit()
}
