//! Photos, stored once each by the SHA-256 of their bytes, after their metadata was stripped.
//! Documents name a photo by its hash and never hold its bytes.

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use waymark_core::photo::strip_metadata;
use waymark_core::ValidationError;

use crate::document::now_millis;
use crate::route::hex;
use crate::{Store, StoreError};

/// A stored photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Checks and stores a photo, and returns the hash that names it.
    pub fn add_photo(&mut self, bytes: &[u8]) -> Result<String, StoreError> {
        let (media_type, clean) = strip_metadata(bytes)?;
        let sha256 = hex(&Sha256::digest(&clean));
        self.conn
            .prepare_cached(
                "INSERT INTO attachments (sha256, media_type, bytes, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
            )?
            .execute(params![sha256, media_type.mime(), clean, now_millis()])?;
        Ok(sha256)
    }

    pub fn photo(&self, sha256: &str) -> Result<Photo, StoreError> {
        self.conn
            .prepare_cached("SELECT media_type, bytes FROM attachments WHERE sha256 = ?1")?
            .query_row([sha256], |row| {
                Ok(Photo {
                    media_type: row.get(0)?,
                    bytes: row.get(1)?,
                })
            })
            .optional()?
            .ok_or_else(|| ValidationError::UnknownPhoto.into())
    }

    pub(crate) fn has_photo(&self, sha256: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
            .exists([sha256])?)
    }
}
