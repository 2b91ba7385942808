//! The map of the area loaded on this device: an MBTiles file kept beside the store, read by
//! waymark-store's [`MapFile`]. It arrives in parts written straight to a file, since a county's
//! map is larger than memory should hold; only a whole file that opens as a map replaces the one
//! before, so a load that stops half way (a crash, a closed app) leaves the old map in place.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use waymark_core::offline_map::{OfflineMap, TileId, MAX_MAP_BYTES};
use waymark_core::{CommandError, ValidationError};
use waymark_store::MapFile;

/// The longest upload name a page may choose.
const NAME_MAX_CHARS: usize = 64;

#[derive(Debug)]
pub struct OfflineMapSlot {
    path: PathBuf,
    incoming: PathBuf,
    /// The loaded map, opened on first use.
    open: Mutex<Option<MapFile>>,
    /// The upload being written: its name and how many bytes it has so far.
    upload: Mutex<Option<(String, u64)>>,
}

fn held<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn not_saved(error: std::io::Error) -> CommandError {
    tracing::warn!(%error, "the map file could not be written");
    CommandError::new(
        "map_not_saved",
        "The map could not be saved on this device. Check it has free space and try again.",
    )
}

impl OfflineMapSlot {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("offline-map.mbtiles"),
            incoming: data_dir.join("offline-map.incoming"),
            open: Mutex::new(None),
            upload: Mutex::new(None),
        }
    }

    /// The loaded map, opening the file the first time it is asked for.
    fn opened(&self) -> MutexGuard<'_, Option<MapFile>> {
        let mut open = held(&self.open);
        if open.is_none() && self.path.exists() {
            match MapFile::open(&self.path) {
                Ok(map) => *open = Some(map),
                Err(error) => tracing::warn!(%error, "the loaded map could not be opened"),
            }
        }
        open
    }

    pub fn map(&self) -> Option<OfflineMap> {
        self.opened().as_ref().map(|map| map.map().clone())
    }

    /// The tile's image; empty where the map has none or no map is loaded.
    pub fn tile(&self, tile: TileId) -> Result<Vec<u8>, CommandError> {
        match self.opened().as_ref() {
            Some(map) => Ok(map.tile(tile)?.unwrap_or_default()),
            None => Ok(Vec::new()),
        }
    }

    pub fn remove(&self) -> Result<(), CommandError> {
        let mut open = held(&self.open);
        *open = None;
        match std::fs::remove_file(&self.path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(not_saved(error)),
            _ => Ok(()),
        }
    }

    /// Writes one part of the upload `name`. The first part starts the file afresh; the last
    /// checks it is a map and puts it in place, answering what it holds.
    pub fn add_part(
        &self,
        name: &str,
        part: &[u8],
        first: bool,
        last: bool,
    ) -> Result<Option<OfflineMap>, CommandError> {
        if name.is_empty()
            || name.len() > NAME_MAX_CHARS
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(ValidationError::MapNotReadable.into());
        }
        let mut upload = held(&self.upload);
        let written = match (&*upload, first) {
            (_, true) => 0,
            (Some((current, written)), false) if current == name => *written,
            // A part of an upload this app did not start, or one another upload replaced.
            _ => return Err(ValidationError::MapNotReadable.into()),
        };
        let total = written + part.len() as u64;
        if total > MAX_MAP_BYTES {
            *upload = None;
            let _ = std::fs::remove_file(&self.incoming);
            return Err(ValidationError::MapTooLarge.into());
        }
        if let Some(folder) = self.incoming.parent() {
            std::fs::create_dir_all(folder).map_err(not_saved)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(!first)
            .truncate(first)
            .open(&self.incoming)
            .map_err(not_saved)?;
        file.write_all(part).map_err(not_saved)?;
        if !last {
            *upload = Some((name.to_owned(), total));
            return Ok(None);
        }
        *upload = None;
        file.sync_all().map_err(not_saved)?;
        drop(file);
        // Checked where it was written, so that a file that is not a map never replaces one.
        if let Err(error) = MapFile::open(&self.incoming) {
            let _ = std::fs::remove_file(&self.incoming);
            return Err(error.into());
        }
        let mut open = held(&self.open);
        *open = None;
        std::fs::rename(&self.incoming, &self.path).map_err(not_saved)?;
        *open = Some(MapFile::open(&self.path)?);
        Ok(open.as_ref().map(|map| map.map().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_bytes(dir: &Path, name: &str) -> Vec<u8> {
        let path = dir.join(format!("{name}.source"));
        let conn = rusqlite::Connection::open(&path).expect("creates");
        conn.execute_batch(&format!(
            "CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);
             INSERT INTO metadata VALUES ('name', '{name}'), ('format', 'png');
             INSERT INTO tiles VALUES (0, 0, 0, x'89504e47');"
        ))
        .expect("map");
        drop(conn);
        std::fs::read(&path).expect("reads")
    }

    #[test]
    fn a_map_in_parts_replaces_the_last_only_once_whole_and_readable() {
        let dir = tempfile::tempdir().expect("dir");
        let slot = OfflineMapSlot::new(dir.path());
        assert_eq!(slot.map(), None);
        let first = map_bytes(dir.path(), "Invented Town");
        let (a, b) = first.split_at(first.len() / 2);
        assert_eq!(slot.add_part("up1", a, true, false).expect("part"), None);
        assert_eq!(slot.map(), None, "half a map is not a map");
        let map = slot.add_part("up1", b, false, true).expect("last");
        assert_eq!(map.map(|m| m.name), Some("Invented Town".to_owned()));
        assert_eq!(
            slot.tile(TileId { z: 0, x: 0, y: 0 }).expect("tile"),
            b"\x89PNG"
        );

        // A photo sent as a map is refused, and the map stays.
        let refused = slot.add_part("up2", b"\xFF\xD8\xFF\xE0 a photo", true, true);
        assert_eq!(
            refused.map_err(|e| e.code),
            Err("map_not_readable".to_owned())
        );
        assert_eq!(slot.map().map(|m| m.name), Some("Invented Town".to_owned()));
        // A part of an upload that never started is refused.
        assert!(slot.add_part("up9", b"x", false, true).is_err());

        // A fresh slot (the app restarted) finds the map; removing it leaves none.
        let again = OfflineMapSlot::new(dir.path());
        assert_eq!(again.map().map(|m| m.tiles), Some(1));
        again.remove().expect("removes");
        assert_eq!(again.map(), None);
        assert!(again
            .tile(TileId { z: 0, x: 0, y: 0 })
            .expect("none")
            .is_empty());
    }
}
