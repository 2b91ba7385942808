//! Opening the SQLite file, refusing files it must not touch, and applying migrations.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use automerge::ActorId;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::device_key::{Cipher, DataKey};
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
    include_str!("../../../migrations/0018_start_up_indexes.sql"),
    include_str!("../../../migrations/0019_document_changes_inline.sql"),
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
    /// The check of the whole file, which may still be running beside the store.
    pub whole_file: FileCheck,
}

/// Opens the database at `path`, refusing a file that must not be touched, before anything is
/// written to it.
///
/// A plain file is checked whole before it opens. An encrypted file at this build's schema
/// opens once its first page and schema have been read, and is checked whole beside the app:
/// SQLCipher authenticates every page as it reads it, so a damaged page is refused when it is
/// read, and no transaction commits until the whole check has passed. The time to open it then
/// does not grow with the records on the device.
pub(crate) fn open(path: &Path, key: Option<&DataKey>) -> Result<Opened, StoreError> {
    let mut whole_file = FileCheck::passed();
    if path.exists() {
        let version = read_before_writing(path, key)?;
        match key {
            Some(key) if version == SCHEMA_VERSION => whole_file = FileCheck::start(path, key),
            // Migrating writes, so the whole file is checked first.
            _ => {
                whole_file_verdict(path, key.map(DataKey::cipher).as_ref())
                    .map_err(|verdict| damaged(path, verdict))?;
            }
        }
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
    // Every commit waits for the whole file's verdict and is rolled back if the file is damaged:
    // a damaged file is left byte for byte as it was, for whoever recovers it.
    let verdict = whole_file.clone();
    conn.commit_hook(Some(move || verdict.wait().is_err()))?;
    let from = migrate(&mut conn)?;
    Ok(Opened {
        conn,
        rebuild_projections: from > 0 && from < PROJECTIONS_CHANGED_AT,
        whole_file,
    })
}

/// Reads an existing file's first page and schema without writing to it, so that a file that
/// is not a Waymark database, is not this key's, or comes from a newer app is refused before
/// anything touches it. Answers the file's schema version.
fn read_before_writing(path: &Path, key: Option<&DataKey>) -> Result<i64, StoreError> {
    let conn = read_only(path, key.map(DataKey::cipher).as_ref())
        .map_err(|source| unreadable(path, source))?;
    // Reading the schema reads (and so authenticates) every page that holds it.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|source| unreadable(path, source))?;
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|source| unreadable(path, source))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

fn read_only(path: &Path, cipher: Option<&Cipher>) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(cipher) = cipher {
        apply_cipher(&conn, cipher)?;
    }
    Ok(conn)
}

/// SQLite's own check of every page of the file: `Err` holds what it found wrong.
fn whole_file_verdict(path: &Path, cipher: Option<&Cipher>) -> Result<(), String> {
    let conn = read_only(path, cipher).map_err(|error| error.to_string())?;
    quick_check(&conn)
}

fn quick_check(conn: &Connection) -> Result<(), String> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| error.to_string())?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(verdict)
    }
}

/// The whole-file check of a store, shared by the thread that runs it, the commits that wait
/// for it and the store that stops it when it closes.
#[derive(Clone)]
pub(crate) struct FileCheck(Arc<(Mutex<CheckState>, Condvar)>);

impl std::fmt::Debug for FileCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileCheck({:?})", self.lock().verdict)
    }
}

#[derive(Default)]
struct CheckState {
    verdict: Option<Result<(), String>>,
    /// Stops the check's query, while it runs.
    interrupt: Option<rusqlite::InterruptHandle>,
    /// Set when the store closed before the check began.
    stopped: bool,
}

impl FileCheck {
    /// A file already checked whole, or new.
    fn passed() -> Self {
        let check = Self(Default::default());
        check.lock().verdict = Some(Ok(()));
        check
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CheckState> {
        self.0 .0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks the encrypted file at `path` on a thread of its own, with its own read-only
    /// connection.
    fn start(path: &Path, key: &DataKey) -> Self {
        let check = Self(Default::default());
        let finish = FinishCheck(check.clone());
        let (thread_path, cipher) = (path.to_owned(), key.cipher());
        let spawned = std::thread::Builder::new()
            .name("waymark-file-check".into())
            .spawn(move || {
                lowest_priority();
                let verdict = read_only(&thread_path, Some(&cipher))
                    .map_err(|error| error.to_string())
                    .and_then(|conn| {
                        let mut state = finish.0.lock();
                        if state.stopped {
                            return Err("the store closed before the check began".to_owned());
                        }
                        state.interrupt = Some(conn.get_interrupt_handle());
                        drop(state);
                        quick_check(&conn)
                    });
                finish.set(verdict);
            });
        if let Err(error) = spawned {
            // The thread never ran, and dropping its `FinishCheck` recorded a failure: the
            // check runs here instead, and its verdict replaces that one. Nothing waits yet.
            tracing::warn!(%error, "the whole-file check runs before the store opens");
            check.lock().verdict = Some(whole_file_verdict(path, Some(&key.cipher())));
        }
        check
    }

    /// The verdict, once the check has finished.
    pub(crate) fn wait(&self) -> Result<(), String> {
        let mut state = self.lock();
        loop {
            if let Some(found) = &state.verdict {
                return found.clone();
            }
            state = self
                .0
                 .1
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The verdict once the check has finished, or `None` if the store closed first.
    fn outcome(&self) -> Option<Result<(), String>> {
        let verdict = self.wait();
        (!self.lock().stopped).then_some(verdict)
    }

    /// Stops a check still running and waits for its connection to close: the store is
    /// closing, and its files are then the store's alone (the last connection to close empties
    /// the write-ahead log).
    pub(crate) fn stop(&self) {
        {
            let mut state = self.lock();
            state.stopped = true;
            if let Some(interrupt) = state.interrupt.take() {
                interrupt.interrupt();
            }
        }
        // The check's answer no longer matters, only that it has finished.
        let _finished = self.wait();
    }
}

/// Puts the calling thread at the lowest priority: the whole-file check then uses what the app
/// and its webview leave, and does not slow the first page after unlocking.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn lowest_priority() {
    // On Linux a thread's id names that thread alone to `setpriority`.
    let thread = rustix::thread::gettid();
    if let Err(error) = rustix::process::setpriority_process(Some(thread), 19) {
        tracing::debug!(%error, "the whole-file check runs at the usual priority");
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn lowest_priority() {}

/// Records the verdict and wakes whoever waits; a check that ends without one (its thread
/// panicked) counts as failed, so that nothing waits for ever and nothing is written unchecked.
struct FinishCheck(FileCheck);

impl FinishCheck {
    fn set(&self, verdict: Result<(), String>) {
        let mut state = self.0.lock();
        state.interrupt = None;
        if state.verdict.is_none() {
            state.verdict = Some(verdict);
            self.0 .0 .1.notify_all();
        }
    }
}

impl Drop for FinishCheck {
    fn drop(&mut self) {
        self.set(Err("the check stopped before it finished".to_owned()));
    }
}

/// Keys a connection before it reads anything: SQLCipher then decrypts every page it reads and
/// encrypts every page it writes, the WAL included. Without a key the file is plain SQLite.
pub(crate) fn apply_key(conn: &Connection, key: Option<&DataKey>) -> rusqlite::Result<()> {
    match key {
        Some(key) => apply_cipher(conn, &key.cipher()),
        None => Ok(()),
    }
}

fn apply_cipher(conn: &Connection, cipher: &Cipher) -> rusqlite::Result<()> {
    cipher.apply(conn)?;
    // A page read from the file is decrypted and checked each time it enters the cache, so the
    // cache is larger than SQLite's default 2 MB: a save then rarely reads a page back from disk.
    conn.pragma_update(None, "cache_size", "-16384")
}

/// The whole-file check of an open store, to wait for apart from the store: the shell waits on
/// it beside the app and closes the store at once if the file is damaged, rather than leaving it
/// to the next save to find out.
#[derive(Debug, Clone)]
pub struct WholeFileCheck {
    check: FileCheck,
    path: PathBuf,
}

impl WholeFileCheck {
    pub(crate) fn new(check: FileCheck, path: PathBuf) -> Self {
        Self { check, path }
    }

    /// Waits for the check. `None` when the store closed before it finished; otherwise passed,
    /// or `database_unreadable` for a damaged file.
    pub fn outcome(&self) -> Option<Result<(), StoreError>> {
        self.check
            .outcome()
            .map(|verdict| verdict.map_err(|verdict| damaged(&self.path, verdict)))
    }
}

/// The whole-file check's finding, as the error a refused open gives.
pub(crate) fn damaged(path: &Path, verdict: String) -> StoreError {
    unreadable(
        path,
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(verdict),
        ),
    )
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
