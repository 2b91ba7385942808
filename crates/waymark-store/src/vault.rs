//! The app's data directory as a locked box (privacy rules P16, P17): the encrypted database, the
//! key file that holds its data key wrapped under the passcode, and, after a remote wipe, the
//! note of who had it erased. First run sets the passcode, and a database from a version without
//! encryption is encrypted then; unlocking opens the store; erasing destroys the key and every
//! file. A file the vault cannot use is refused and left as it was.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use waymark_core::passcode::{self, LockPhase};
use waymark_core::UnixMillis;

use crate::device_key::{self, DataKey, KeyFile, KEY_FILE_NAME};
use crate::{Store, StoreError, DATABASE_FILE_NAME};

/// The encrypted copy an old plaintext database is written to before it replaces it.
const ENCRYPTING_FILE_NAME: &str = "waymark.db.encrypting";
/// Who had the device erased, and when: all that is left after a remote wipe.
const WIPE_NOTE_FILE_NAME: &str = "wiped.json";
/// What every plaintext SQLite file begins with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The data directory of one install.
#[derive(Debug, Clone)]
pub struct Vault {
    dir: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
struct WipeNote {
    by: String,
    at: UnixMillis,
}

impl Vault {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE_NAME)
    }

    fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE_NAME)
    }

    fn encrypting_path(&self) -> PathBuf {
        self.dir.join(ENCRYPTING_FILE_NAME)
    }

    fn wipe_note_path(&self) -> PathBuf {
        self.dir.join(WIPE_NOTE_FILE_NAME)
    }

    /// Where the directory stands before anything is unlocked. An encrypted database without
    /// its key file is refused rather than taken for a first run, which would replace it.
    pub fn phase(&self) -> Result<LockPhase, StoreError> {
        if let Ok(bytes) = std::fs::read(self.wipe_note_path()) {
            if let Ok(note) = serde_json::from_slice::<WipeNote>(&bytes) {
                return Ok(LockPhase::Wiped {
                    by: note.by,
                    at: note.at,
                });
            }
        }
        if KeyFile::read(&self.key_path())?.is_some() {
            return Ok(LockPhase::Locked);
        }
        match first_bytes(&self.database_path())? {
            None => Ok(LockPhase::FirstRun { upgrade: false }),
            Some(header) if &header == SQLITE_HEADER => Ok(LockPhase::FirstRun { upgrade: true }),
            Some(_) => Err(StoreError::KeyFileMissing),
        }
    }

    /// Seconds before another passcode may be tried.
    pub fn wait_seconds(&self, now: UnixMillis) -> u64 {
        match KeyFile::read(&self.key_path()) {
            Ok(Some(file)) => seconds_left(&file, now),
            _ => 0,
        }
    }

    /// Minutes of idleness before the app locks itself.
    pub fn idle_lock_minutes(&self) -> u32 {
        match KeyFile::read(&self.key_path()) {
            Ok(Some(file)) => file.idle_lock_minutes,
            _ => passcode::DEFAULT_IDLE_LOCK_MINUTES,
        }
    }

    /// Shortens (or restores) the idle time before the app locks itself.
    pub fn set_idle_lock_minutes(&self, minutes: u32) -> Result<u32, StoreError> {
        let minutes = passcode::check_idle_minutes(minutes)?;
        let mut file = KeyFile::read(&self.key_path())?.ok_or(StoreError::NotSetUp)?;
        file.idle_lock_minutes = minutes;
        file.write(&self.key_path())?;
        Ok(minutes)
    }

    /// The first run: sets the passcode and opens the store encrypted. Records saved by a
    /// version without encryption are encrypted first, and the plaintext files removed.
    pub fn set_up(&self, passcode: &str, confirmation: &str) -> Result<Store, StoreError> {
        passcode::check_new(passcode, confirmation)?;
        let upgrade = match self.phase() {
            Ok(LockPhase::FirstRun { upgrade }) => upgrade,
            Ok(LockPhase::Wiped { .. }) => {
                // Set up again after a wipe: the note has been read; the device starts empty.
                remove_if_present(&self.wipe_note_path())?;
                false
            }
            // A damaged file is the shell's finding, never the vault's; it is still a set-up device.
            Ok(LockPhase::Locked | LockPhase::Unlocked | LockPhase::Damaged) => {
                return Err(StoreError::AlreadySetUp)
            }
            Err(error) => return Err(error),
        };
        std::fs::create_dir_all(&self.dir).map_err(|source| StoreError::DataDirectory {
            path: self.dir.clone(),
            source,
        })?;
        let (mut file, key) = KeyFile::create(passcode)?;
        if upgrade {
            return self.encrypt_old_database(file, &key);
        }
        file.write(&self.key_path())?;
        let store = Store::open_encrypted(&self.database_path(), &key)?;
        self.remember_database(&mut file)?;
        Ok(store)
    }

    /// Opens the store with the passcode. A wrong one is counted, and after the fifth each try
    /// waits longer; the database is not touched until the key has been recovered.
    pub fn unlock(&self, passcode: &str, now: UnixMillis) -> Result<Store, StoreError> {
        let (mut file, key) = self.key_for(passcode, now)?;
        self.finish_encrypting(&file)?;
        let path = self.database_path();
        if let Some(header) = first_bytes(&path)? {
            let recorded = file.database_salt.as_deref();
            if &header == SQLITE_HEADER || recorded.is_some_and(|salt| salt != hex::encode(header))
            {
                return Err(StoreError::AnotherInstall);
            }
            let length = std::fs::metadata(&path).map_err(StoreError::Io)?.len();
            // SQLCipher writes whole pages; a file cut short mid-page was damaged in transit.
            if length % 1024 != 0 {
                return Err(StoreError::Unreadable {
                    path,
                    source: rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                        Some("the file is cut short".to_owned()),
                    ),
                });
            }
        }
        let store = Store::open_encrypted(&path, &key)?;
        if file.database_salt.is_none() {
            self.remember_database(&mut file)?;
        }
        Ok(store)
    }

    /// Checks the passcode of an open store, as the idle lock's unlock does; counted like
    /// `unlock`.
    pub fn check_passcode(&self, passcode: &str, now: UnixMillis) -> Result<(), StoreError> {
        self.key_for(passcode, now).map(drop)
    }

    /// Wraps the same data key under a new passcode: nothing is re-encrypted.
    pub fn change_passcode(
        &self,
        current: &str,
        new: &str,
        confirmation: &str,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        passcode::check_new(new, confirmation)?;
        let (mut file, key) = self.key_for(current, now)?;
        file.wrap(&key, new)?;
        file.write(&self.key_path())
    }

    /// Erases the database, its journal and the key file; the store must be closed first. With
    /// `wiped_by`, notes who had it done, so the app can say so.
    pub fn erase(&self, wiped_by: Option<(&str, UnixMillis)>) -> Result<(), StoreError> {
        // The key file first: without its data key the database's bytes are unreadable even
        // where the file system keeps them after deletion.
        overwrite_and_remove(&self.key_path())?;
        let db = self.database_path();
        for path in [
            db.clone(),
            with_suffix(&db, "-wal"),
            with_suffix(&db, "-shm"),
            self.encrypting_path(),
            self.key_path().with_extension("partial"),
        ] {
            overwrite_and_remove(&path)?;
        }
        if let Some((by, at)) = wiped_by {
            let note = serde_json::to_vec(&WipeNote {
                by: by.to_owned(),
                at,
            })
            .map_err(StoreError::Json)?;
            device_key::write_atomically(&self.wipe_note_path(), &note)?;
        }
        Ok(())
    }

    /// The key file and its data key, if `passcode` is right; a wrong one is counted.
    fn key_for(&self, passcode: &str, now: UnixMillis) -> Result<(KeyFile, DataKey), StoreError> {
        let mut file = KeyFile::read(&self.key_path())?.ok_or(StoreError::NotSetUp)?;
        let seconds = seconds_left(&file, now);
        if seconds > 0 {
            return Err(StoreError::TryAgainLater { seconds });
        }
        match file.unwrap(passcode) {
            Ok(key) => {
                if file.failures > 0 {
                    file.failures = 0;
                    file.last_failure_at = None;
                    file.write(&self.key_path())?;
                }
                Ok((file, key))
            }
            Err(StoreError::WrongPasscode) => {
                file.failures = file.failures.saturating_add(1);
                file.last_failure_at = Some(now.get());
                file.write(&self.key_path())?;
                Err(StoreError::WrongPasscode)
            }
            Err(other) => Err(other),
        }
    }

    /// Notes the new database's own salt in the key file, so that another install's database
    /// put in its place is recognised.
    fn remember_database(&self, file: &mut KeyFile) -> Result<(), StoreError> {
        if let Some(header) = first_bytes(&self.database_path())? {
            file.database_salt = Some(hex::encode(header));
            file.write(&self.key_path())?;
        }
        Ok(())
    }

    /// Writes an encrypted copy of the plaintext database, checks it opens, keeps the key file,
    /// and only then replaces the plaintext files. A crash before the key file is written
    /// leaves the plaintext database as it was; one after it is finished at the next unlock.
    fn encrypt_old_database(&self, mut file: KeyFile, key: &DataKey) -> Result<Store, StoreError> {
        let plain = self.database_path();
        // Checked, and brought to this build's schema, before anything is copied from it.
        drop(Store::open(&plain)?);
        let encrypting = self.encrypting_path();
        remove_if_present(&encrypting)?;
        {
            let conn = Connection::open(&plain)?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
            key.cipher().attach(&conn, &encrypting, "encrypted")?;
            conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
            conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
            conn.execute_batch("DETACH DATABASE encrypted")?;
        }
        Store::open_encrypted(&encrypting, key)?.check_whole_file()?;
        let header = first_bytes(&encrypting)?.ok_or(StoreError::SyncStepFailed)?;
        file.database_salt = Some(hex::encode(header));
        file.write(&self.key_path())?;
        self.finish_encrypting(&file)?;
        tracing::info!("device store encrypted in place");
        Store::open_encrypted(&plain, key)
    }

    /// Replaces the plaintext database with its encrypted copy, where an upgrade was stopped
    /// after the copy was made and its key kept.
    fn finish_encrypting(&self, file: &KeyFile) -> Result<(), StoreError> {
        let encrypting = self.encrypting_path();
        let Some(header) = first_bytes(&encrypting)? else {
            return Ok(());
        };
        if file.database_salt.as_deref() != Some(hex::encode(header).as_str()) {
            // A copy begun but never finished: the plaintext database is still the one in use.
            return remove_if_present(&encrypting);
        }
        let db = self.database_path();
        for path in [
            db.clone(),
            with_suffix(&db, "-wal"),
            with_suffix(&db, "-shm"),
        ] {
            overwrite_and_remove(&path)?;
        }
        std::fs::rename(&encrypting, &db).map_err(StoreError::Io)?;
        device_key::sync_directory(&db)
    }
}

fn seconds_left(file: &KeyFile, now: UnixMillis) -> u64 {
    let wait = passcode::wait_after(file.failures);
    let Some(last) = file.last_failure_at else {
        return 0;
    };
    let until = last.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX).saturating_mul(1000));
    let left_ms = until.saturating_sub(now.get());
    if left_ms <= 0 {
        0
    } else {
        u64::try_from(left_ms).unwrap_or(0).div_ceil(1000)
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The first 16 bytes of a file; `None` when there is no file or it is empty.
fn first_bytes(path: &Path) -> Result<Option<[u8; 16]>, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(StoreError::Io(error)),
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]).map_err(StoreError::Io)? {
            0 => break,
            n => read += n,
        }
    }
    Ok(match read {
        0 => None,
        16 => Some(header),
        // Shorter than any database's header: not one of ours, whatever it is.
        _ => Some([0xff; 16]),
    })
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(StoreError::Io(error)),
    }
}

/// Writes zeros over a file before removing it. On flash storage the old blocks may survive
/// elsewhere; the zeros only keep them out of the file system's ordinary reach.
fn overwrite_and_remove(path: &Path) -> Result<(), StoreError> {
    let length = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(StoreError::Io(error)),
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(StoreError::Io)?;
    let zeros = vec![0u8; 1 << 20];
    let mut left = length;
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(zeros.len());
        file.write_all(&zeros[..n]).map_err(StoreError::Io)?;
        left -= n as u64;
    }
    file.sync_all().map_err(StoreError::Io)?;
    drop(file);
    remove_if_present(path)
}
