//! The key that encrypts the device store (privacy rules P16, P17). A random 256-bit data key
//! keys SQLCipher; it is kept only wrapped, with XChaCha20-Poly1305, under a key derived from the
//! practitioner's passcode by Argon2id with this install's random salt. Changing the passcode
//! wraps the same data key again, so nothing is re-encrypted. The key file holds no record and
//! nothing that names anyone: the parameters, the salt, the wrapped key, and the wrong-try count.

use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::StoreError;

/// The key file's name, beside the database in the app's data directory.
pub const KEY_FILE_NAME: &str = "waymark.key";
/// The key file format this build writes, and the newest it reads. The format also says how
/// SQLCipher authenticates each page of the database it keys: format 1 stores took SQLCipher's
/// default, HMAC-SHA512; from format 2, HMAC-SHA256, which phones' and laptops' processors
/// compute in hardware (ARMv8's and x86's SHA extensions), and which made an encrypted save
/// about a tenth quicker here. A store keeps the format it was set up with.
const KEY_FILE_FORMAT: u32 = 2;

/// SQLCipher's name for the page HMAC of a key file `format`.
fn page_hmac(format: u32) -> &'static str {
    if format >= 2 {
        "HMAC_SHA256"
    } else {
        "HMAC_SHA512"
    }
}

/// Argon2id's cost, as recorded in each key file so that a later build can raise it without
/// locking anyone out. 64 MiB, three passes, one lane: RFC 9106's second recommended option,
/// measured by `cargo xtask bench` (`unlock_ms`).
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
pub const ARGON2_PASSES: u32 = 3;
pub const ARGON2_LANES: u32 = 1;

/// The data key: 32 random bytes, wiped from memory when dropped, and the key file format it
/// came from.
pub struct DataKey {
    bytes: Zeroizing<[u8; 32]>,
    format: u32,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    fn random(format: u32) -> Result<Self, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        random_bytes(bytes.as_mut())?;
        Ok(Self { bytes, format })
    }

    /// How SQLCipher is keyed with this key.
    pub(crate) fn cipher(&self) -> Cipher {
        Cipher {
            key: Zeroizing::new(format!("x'{}'", hex::encode(self.bytes.as_ref()))),
            page_hmac: page_hmac(self.format),
        }
    }
}

/// The settings that key a SQLCipher connection, to hand to a thread of its own.
#[derive(Clone)]
pub(crate) struct Cipher {
    /// SQLCipher's raw-key form, `x'…'`: the key is used as it is, with no second derivation.
    key: Zeroizing<String>,
    page_hmac: &'static str,
}

impl Cipher {
    /// Keys `conn` before it reads anything.
    pub(crate) fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.pragma_update(None, "key", self.key.as_str())?;
        conn.pragma_update(None, "cipher_hmac_algorithm", self.page_hmac)
    }

    /// Attaches a new encrypted database at `path` to `conn` as `schema`, keyed alike.
    pub(crate) fn attach(
        &self,
        conn: &Connection,
        path: &Path,
        schema: &str,
    ) -> rusqlite::Result<()> {
        conn.execute(
            &format!("ATTACH DATABASE ?1 AS {schema} KEY ?2"),
            rusqlite::params![path.to_string_lossy(), self.key.as_str()],
        )?;
        conn.pragma_update(Some(schema), "cipher_hmac_algorithm", self.page_hmac)
    }
}

/// What the key file holds.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: u32,
    argon2_memory_kib: u32,
    argon2_passes: u32,
    argon2_lanes: u32,
    salt: String,
    nonce: String,
    wrapped_key: String,
    /// The first 16 bytes of the encrypted database (SQLCipher's own salt, stored in the clear),
    /// so that a database from another install is told apart from a damaged one.
    #[serde(default)]
    pub(crate) database_salt: Option<String>,
    /// Wrong passcodes in a row, and when the last was typed: the wait grows after the fifth,
    /// and quitting the app does not reset it.
    #[serde(default)]
    pub(crate) failures: u32,
    #[serde(default)]
    pub(crate) last_failure_at: Option<i64>,
    /// Minutes of idleness before the app locks itself.
    #[serde(default = "default_idle")]
    pub(crate) idle_lock_minutes: u32,
}

fn default_idle() -> u32 {
    waymark_core::passcode::DEFAULT_IDLE_LOCK_MINUTES
}

impl std::fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFile")
            .field("format", &self.format)
            .field("failures", &self.failures)
            .finish_non_exhaustive()
    }
}

impl KeyFile {
    /// A new data key, wrapped under `passcode`.
    pub(crate) fn create(passcode: &str) -> Result<(Self, DataKey), StoreError> {
        Self::create_in_format(passcode, KEY_FILE_FORMAT)
    }

    fn create_in_format(passcode: &str, format: u32) -> Result<(Self, DataKey), StoreError> {
        let key = DataKey::random(format)?;
        let mut file = Self {
            format,
            argon2_memory_kib: ARGON2_MEMORY_KIB,
            argon2_passes: ARGON2_PASSES,
            argon2_lanes: ARGON2_LANES,
            salt: String::new(),
            nonce: String::new(),
            wrapped_key: String::new(),
            database_salt: None,
            failures: 0,
            last_failure_at: None,
            idle_lock_minutes: default_idle(),
        };
        file.wrap(&key, passcode)?;
        Ok((file, key))
    }

    /// Wraps `key` under `passcode` with a fresh salt and nonce.
    pub(crate) fn wrap(&mut self, key: &DataKey, passcode: &str) -> Result<(), StoreError> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        random_bytes(&mut salt)?;
        random_bytes(&mut nonce)?;
        self.argon2_memory_kib = ARGON2_MEMORY_KIB;
        self.argon2_passes = ARGON2_PASSES;
        self.argon2_lanes = ARGON2_LANES;
        let wrapping = self.wrapping_key(passcode, &salt)?;
        let wrapped = XChaCha20Poly1305::new(wrapping.as_ref().into())
            .encrypt(XNonce::from_slice(&nonce), &key.bytes[..])
            .map_err(|_| StoreError::KeyFileDamaged)?;
        self.salt = hex::encode(salt);
        self.nonce = hex::encode(nonce);
        self.wrapped_key = hex::encode(wrapped);
        Ok(())
    }

    /// The data key, if `passcode` is the one it was wrapped under.
    pub(crate) fn unwrap(&self, passcode: &str) -> Result<DataKey, StoreError> {
        let salt = hex::decode(&self.salt).map_err(|_| StoreError::KeyFileDamaged)?;
        let nonce = hex::decode(&self.nonce).map_err(|_| StoreError::KeyFileDamaged)?;
        let wrapped = hex::decode(&self.wrapped_key).map_err(|_| StoreError::KeyFileDamaged)?;
        if nonce.len() != 24 {
            return Err(StoreError::KeyFileDamaged);
        }
        let wrapping = self.wrapping_key(passcode, &salt)?;
        // The AEAD's tag fails for a wrong passcode and for a changed file alike; a well-formed
        // file is far likelier to meet a wrong passcode.
        let mut plain = XChaCha20Poly1305::new(wrapping.as_ref().into())
            .decrypt(XNonce::from_slice(&nonce), wrapped.as_slice())
            .map_err(|_| StoreError::WrongPasscode)?;
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            plain.zeroize();
            return Err(StoreError::KeyFileDamaged);
        }
        key.copy_from_slice(&plain);
        plain.zeroize();
        Ok(DataKey {
            bytes: key,
            format: self.format,
        })
    }

    fn wrapping_key(&self, passcode: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, StoreError> {
        let params = argon2::Params::new(
            self.argon2_memory_kib,
            self.argon2_passes,
            self.argon2_lanes,
            Some(32),
        )
        .map_err(|_| StoreError::KeyFileDamaged)?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passcode.as_bytes(), salt, out.as_mut())
            .map_err(|_| StoreError::KeyFileDamaged)?;
        Ok(out)
    }

    /// Reads the key file at `path`; `None` when there is none.
    pub(crate) fn read(path: &Path) -> Result<Option<Self>, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(StoreError::Io(error)),
        };
        #[derive(Deserialize)]
        struct Format {
            format: u32,
        }
        let format: Format =
            serde_json::from_slice(&bytes).map_err(|_| StoreError::KeyFileDamaged)?;
        if format.format > KEY_FILE_FORMAT {
            return Err(StoreError::KeyFileTooNew);
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|_| StoreError::KeyFileDamaged)
    }

    /// Writes the key file whole or not at all: a new file beside it, flushed, then renamed over.
    pub(crate) fn write(&self, path: &Path) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(self).map_err(StoreError::Json)?;
        write_atomically(path, &json)
    }
}

/// Replaces `path` with `bytes` so that a crash leaves the old file or the new one, never half.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let partial = path.with_extension("partial");
    let mut file = std::fs::File::create(&partial).map_err(StoreError::Io)?;
    file.write_all(bytes).map_err(StoreError::Io)?;
    file.sync_all().map_err(StoreError::Io)?;
    drop(file);
    std::fs::rename(&partial, path).map_err(StoreError::Io)?;
    sync_directory(path)
}

/// Flushes the directory holding `path`, so a rename in it survives a power cut.
pub(crate) fn sync_directory(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path.parent() {
        // Directories cannot be opened for syncing on every platform; where they cannot, the
        // rename is as durable as the platform makes it.
        if let Ok(handle) = std::fs::File::open(dir) {
            let _ = handle.sync_all();
        }
    }
    Ok(())
}

fn random_bytes(into: &mut [u8]) -> Result<(), StoreError> {
    getrandom::fill(into).map_err(|error| StoreError::Io(std::io::Error::other(error.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_key_comes_back_with_the_passcode_and_not_without_it() {
        let (mut file, key) = KeyFile::create("correct horse").expect("created");
        let again = file.unwrap("correct horse").expect("unwrapped");
        assert_eq!(key.bytes.as_ref(), again.bytes.as_ref());
        assert!(matches!(
            file.unwrap("wrong horse"),
            Err(StoreError::WrongPasscode)
        ));

        // A new passcode wraps the same data key; the old passcode no longer opens it.
        file.wrap(&key, "battery staple").expect("rewrapped");
        assert_eq!(
            file.unwrap("battery staple")
                .expect("unwrapped")
                .bytes
                .as_ref(),
            key.bytes.as_ref()
        );
        assert!(matches!(
            file.unwrap("correct horse"),
            Err(StoreError::WrongPasscode)
        ));
        let json = serde_json::to_string(&file).expect("json");
        assert!(!json.contains(&hex::encode(key.bytes.as_ref())));
    }

    /// Whether a connection keyed with `key` and SQLCipher's page HMAC `hmac` (or its default,
    /// as builds before key file format 2 keyed it) reads the records in the database at `path`.
    fn reads_with(path: &Path, key: &DataKey, hmac: Option<&str>) -> bool {
        let conn = Connection::open(path).expect("opened");
        conn.pragma_update(None, "key", key.cipher().key.as_str())
            .expect("keyed");
        if let Some(hmac) = hmac {
            conn.pragma_update(None, "cipher_hmac_algorithm", hmac)
                .expect("hmac set");
        }
        conn.query_row("SELECT count(*) FROM contexts", [], |row| {
            row.get::<_, i64>(0)
        })
        .is_ok_and(|count| count == 1)
    }

    #[test]
    fn new_stores_sign_pages_with_sha256_and_a_store_set_up_before_still_unlocks() {
        let passcode = "correct horse";
        for format in [1, KEY_FILE_FORMAT] {
            let dir = tempfile::tempdir().expect("temporary directory");
            let vault = crate::Vault::new(dir.path());
            let (file, key) = KeyFile::create_in_format(passcode, format).expect("created");
            file.write(&dir.path().join(KEY_FILE_NAME))
                .expect("key file written");
            let id = crate::Store::open_encrypted(&vault.database_path(), &key)
                .expect("store opened")
                .create_context(waymark_e2e::bench::context_draft(1))
                .expect("context saved")
                .id;

            // Read without this build's code: SQLCipher's defaults are how every store was
            // keyed before format 2.
            let path = vault.database_path();
            assert_eq!(
                reads_with(&path, &key, None),
                format == 1,
                "format {format}"
            );
            assert_eq!(
                reads_with(&path, &key, Some("HMAC_SHA256")),
                format == 2,
                "format {format}"
            );

            let store = vault
                .unlock(passcode, waymark_core::UnixMillis::new(1_795_000_000_000))
                .expect("unlocked");
            assert_eq!(
                store.get_context(id).expect("context read").name,
                "Test place 1"
            );
            assert!(store.check_whole_file().is_ok(), "format {format}");
        }
    }
}
