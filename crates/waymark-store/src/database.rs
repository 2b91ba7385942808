//! Opening the SQLite file, refusing files it must not touch, and applying migrations.

use std::path::Path;

use automerge::ActorId;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::device_key::DataKey;
use waymark_core::UnixMillis;

use crate::StoreError;

/// The device store's migrations, in order. Migration `n` (1-based) brings `user_version` to `n`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_init.sql"),
    include_str!("../../../migrations/0002_walkabouts.sql"),
    include_str!("../../../migrations/0003_settings.sql"),
    include_str!("../../../migrations/0004_document_changes.sql"),
    include_str!("../../../migrations/0005_school_assessments.sql"),
    include_str!("../../../migrations/0006_peer_assessments.sql"),
    include_str!("../../../migrations/0007_sync.sql"),
    include_str!("../../../migrations/0008_quarantine.sql"),
    include_str!("../../../migrations/0009_audit_outbox.sql"),
    include_str!("../../../migrations/0010_erasure.sql"),
    include_str!("../../../migrations/0011_context_journey.sql"),
    include_str!("../../../migrations/0012_safety_alerts.sql"),
    include_str!("../../../migrations/0013_route_pauses.sql"),
    include_str!("../../../migrations/0014_system_reviews.sql"),
    include_str!("../../../migrations/0015_referrer_agency.sql"),
    include_str!("../../../migrations/0016_walkabout_views.sql"),
    include_str!("../../../migrations/0017_context_search.sql"),
];

/// The last migration after which every projection row must be written again from the documents:
/// it added columns that only the store's code can fill. A store upgraded across it is rebuilt
/// once, when it is opened.
pub(crate) const PROJECTIONS_CHANGED_AT: i64 = 16;

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open, migrated database, and whether its projections must be rebuilt.
pub(crate) struct Opened {
    pub conn: Connection,
    /// True when this open upgraded a store from before [`PROJECTIONS_CHANGED_AT`].
    pub rebuild_projections: bool,
}

pub(crate) fn open(path: &Path, key: Option<&DataKey>) -> Result<Opened, StoreError> {
    if path.exists() {
        check_before_writing(path, key)?;
    } else if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDirectory {
            path: dir.to_owned(),
            source,
        })?;
    }
    let mut conn = Connection::open(path).map_err(|source| unreadable(path, source))?;
    apply_key(&conn, key).map_err(|source| unreadable(path, source))?;
    // Sorting and temporary indexes stay in memory: a temporary file would hold record text
    // outside the encrypted database.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Durability first: "Saved on this device" must survive a crash and a flat battery.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|source| unreadable(path, source))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // What is deleted is overwritten, not only unlinked: an erased record's text must not stay
    // in free pages (privacy rule P13).
    conn.pragma_update(None, "secure_delete", "ON")?;
    let from = migrate(&mut conn)?;
    Ok(Opened {
        conn,
        rebuild_projections: from > 0 && from < PROJECTIONS_CHANGED_AT,
    })
}

/// Reads an existing file without writing to it, so that a file we cannot use is refused before
/// anything touches it.
fn check_before_writing(path: &Path, key: Option<&DataKey>) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| unreadable(path, source))?;
    apply_key(&conn, key).map_err(|source| unreadable(path, source))?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|source| unreadable(path, source))?;
    if verdict != "ok" {
        return Err(unreadable(
            path,
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(verdict),
            ),
        ));
    }
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|source| unreadable(path, source))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Keys a connection before it reads anything: SQLCipher then decrypts every page it reads and
/// encrypts every page it writes, the WAL included. Without a key the file is plain SQLite.
pub(crate) fn apply_key(conn: &Connection, key: Option<&DataKey>) -> rusqlite::Result<()> {
    if let Some(key) = key {
        conn.pragma_update(None, "key", key.sqlcipher_pragma().as_str())?;
        // A page read from the file is decrypted and checked each time it enters the cache,
        // so the cache is larger than SQLite's default 2 MB: a save then rarely reads a page
        // back from disk.
        conn.pragma_update(None, "cache_size", "-16384")?;
    }
    Ok(())
}

fn unreadable(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Unreadable {
        path: path.to_owned(),
        source,
    }
}

/// Applies the migrations this file has not had; returns the version it was at.
fn migrate(conn: &mut Connection) -> Result<i64, StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "applied device store migration");
    }
    Ok(current)
}

/// A new actor for this install, kept in place of the old one.
pub(crate) fn replace_device_actor(conn: &Connection) -> Result<ActorId, StoreError> {
    let actor = ActorId::random();
    conn.execute(
        "UPDATE device SET actor_id = ?1 WHERE singleton = 1",
        rusqlite::params![actor.to_bytes()],
    )?;
    Ok(actor)
}

/// This install's Automerge actor, made once and kept, so that a device's changes are recognisably
/// its own and never look like those of a new peer.
pub(crate) fn device_actor(conn: &Connection, now: UnixMillis) -> Result<ActorId, StoreError> {
    let existing: Option<Vec<u8>> = conn
        .query_row(
            "SELECT actor_id FROM device WHERE singleton = 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(bytes) = existing {
        return Ok(ActorId::from(bytes));
    }
    let actor = ActorId::random();
    conn.execute(
        "INSERT INTO device (singleton, actor_id, created_at) VALUES (1, ?1, ?2)",
        rusqlite::params![actor.to_bytes(), now.get()],
    )?;
    Ok(actor)
}
