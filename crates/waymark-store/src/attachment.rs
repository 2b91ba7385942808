//! Attachments: photos and site plans (stored once each by the SHA-256 of their bytes, after
//! their metadata was stripped) and sealed route tracks. Documents name an attachment by its hash
//! and never hold its bytes; sync carries them beside the documents.

use rusqlite::{params, OptionalExtension};
use waymark_core::photo::strip_metadata;
use waymark_core::{UnixMillis, ValidationError};
use waymark_sync::blob::name_of;

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
        let sha256 = name_of(&clean);
        self.conn
            .prepare_cached(
                "INSERT INTO attachments (sha256, media_type, bytes, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
            )?
            .execute(params![sha256, media_type.mime(), clean, self.now().get()])?;
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

    /// Notes attachments that a synced record names, where this device does not hold them.
    pub(crate) fn want_attachments(&self, names: &[&str]) -> Result<(), StoreError> {
        let mut statement = self.conn.prepare_cached(
            "INSERT INTO wanted_attachments (sha256)
             SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)
             ON CONFLICT DO NOTHING",
        )?;
        for name in names {
            statement.execute([name])?;
        }
        Ok(())
    }

    /// Attachments the server has not confirmed it holds.
    pub fn attachments_to_upload(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT sha256 FROM attachments WHERE uploaded = 0 ORDER BY created_at",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?)
    }

    pub fn mark_uploaded(&self, sha256: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE attachments SET uploaded = 1 WHERE sha256 = ?1")?
            .execute([sha256])?;
        Ok(())
    }

    /// Attachments wanted from the server, each with how many bytes of it have arrived.
    pub fn wanted_attachments(&self) -> Result<Vec<(String, u64)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT w.sha256, COALESCE(SUM(length(d.bytes)), 0) FROM wanted_attachments w
                 LEFT JOIN attachment_downloads d ON d.sha256 = w.sha256
                 GROUP BY w.sha256 ORDER BY w.sha256",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?)
    }

    /// Keeps one downloaded chunk, so a dropped download goes on from after it.
    pub fn add_download_chunk(
        &self,
        sha256: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO attachment_downloads (sha256, offset, bytes) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![sha256, offset as i64, bytes])?;
        Ok(())
    }

    /// Joins a finished download and keeps it if its SHA-256 matches its name. A mismatch is
    /// thrown away, to be fetched again.
    pub fn finish_download(&mut self, sha256: &str) -> Result<(), StoreError> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let mut bytes = Vec::new();
        {
            let mut statement = tx.prepare_cached(
                "SELECT bytes FROM attachment_downloads WHERE sha256 = ?1 ORDER BY offset",
            )?;
            let mut rows = statement.query([sha256])?;
            while let Some(row) = rows.next()? {
                bytes.extend(row.get::<_, Vec<u8>>(0)?);
            }
        }
        tx.execute(
            "DELETE FROM attachment_downloads WHERE sha256 = ?1",
            [sha256],
        )?;
        if name_of(&bytes) != sha256 {
            tx.commit()?;
            return Err(StoreError::AttachmentMismatch);
        }
        tx.prepare_cached(
            "INSERT INTO attachments (sha256, media_type, bytes, created_at, uploaded)
             VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (sha256) DO NOTHING",
        )?
        .execute(params![sha256, media_type_of(&bytes), bytes, now.get()])?;
        tx.execute("DELETE FROM wanted_attachments WHERE sha256 = ?1", [sha256])?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps a sealed route track as an attachment named by the hash that seals it.
    pub(crate) fn add_route_track(
        conn: &rusqlite::Connection,
        sha256: &str,
        track: &[u8],
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        conn.prepare_cached(
            "INSERT INTO attachments (sha256, media_type, bytes, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sha256) DO NOTHING",
        )?
        .execute(params![sha256, ROUTE_TRACK_MEDIA_TYPE, track, now.get()])?;
        Ok(())
    }

    pub(crate) fn has_photo(&self, sha256: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM attachments WHERE sha256 = ?1")?
            .exists([sha256])?)
    }
}

/// A sealed route track: one `lat,lon,accuracy,time` line per point, exactly the bytes its hash
/// seals.
pub(crate) const ROUTE_TRACK_MEDIA_TYPE: &str = "text/x-waymark-route";

fn media_type_of(bytes: &[u8]) -> &'static str {
    use waymark_core::photo::MediaType;
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        MediaType::Jpeg.mime()
    } else if bytes.starts_with(b"\x89PNG") {
        MediaType::Png.mime()
    } else {
        ROUTE_TRACK_MEDIA_TYPE
    }
}
