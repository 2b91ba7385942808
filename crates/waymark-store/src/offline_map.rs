//! Reading a map of the area from an MBTiles file: a plain SQLite database of picture tiles that
//! councils and OpenStreetMap extracts provide. It holds no record and nothing personal, so it
//! is read as it came, unencrypted, and never written.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use waymark_core::offline_map::{OfflineMap, TileFormat, TileId};
use waymark_core::ValidationError;

use crate::StoreError;

/// An MBTiles file opened to draw from.
#[derive(Debug)]
pub struct MapFile {
    conn: Connection,
    map: OfflineMap,
}

impl MapFile {
    /// Opens the file at `path` read-only. Anything that is not an MBTiles file of picture tiles
    /// (another SQLite file, vector tiles, a damaged file, a photo) is refused with
    /// [`ValidationError::MapNotReadable`], and the file is left as it was.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let not_readable = |_| StoreError::Invalid(ValidationError::MapNotReadable);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(not_readable)?;
        let metadata = |name: &str| -> Result<Option<String>, StoreError> {
            conn.query_row(
                "SELECT value FROM metadata WHERE name = ?1",
                [name],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .map_err(not_readable)
        };
        let format = metadata("format")?
            .as_deref()
            .and_then(TileFormat::from_metadata)
            .ok_or(StoreError::Invalid(ValidationError::MapNotReadable))?;
        let name = metadata("name")?
            .filter(|name| !name.trim().is_empty())
            .or_else(|| {
                path.file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
            })
            .unwrap_or_default();
        let (tiles, min_zoom, max_zoom): (i64, Option<u8>, Option<u8>) = conn
            .query_row(
                "SELECT count(*), min(zoom_level), max(zoom_level) FROM tiles",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .map_err(not_readable)?;
        let (Some(min_zoom), Some(max_zoom)) = (min_zoom, max_zoom) else {
            return Err(ValidationError::MapNotReadable.into());
        };
        let attribution = metadata("attribution")?
            .map(|text| text.chars().take(200).collect::<String>())
            .filter(|text| !text.trim().is_empty());
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(Self {
            conn,
            map: OfflineMap {
                name: name.chars().take(120).collect(),
                format,
                min_zoom,
                max_zoom,
                tiles: u64::try_from(tiles).unwrap_or(0),
                bytes,
                attribution,
            },
        })
    }

    pub fn map(&self) -> &OfflineMap {
        &self.map
    }

    /// The tile's image, or `None` where the file has no tile there.
    pub fn tile(&self, tile: TileId) -> Result<Option<Vec<u8>>, StoreError> {
        if !tile.is_valid() {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT tile_data FROM tiles \
                 WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                (tile.z, tile.x, tile.mbtiles_row()),
                |row| row.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_map(path: &Path, format: &str, tiles: &[(u8, u32, u32, &[u8])]) {
        let conn = Connection::open(path).expect("creates");
        conn.execute_batch(
            "CREATE TABLE metadata (name TEXT, value TEXT);
             CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                                 tile_data BLOB);",
        )
        .expect("tables");
        conn.execute(
            "INSERT INTO metadata VALUES ('name', 'Invented Town'), ('format', ?1),
             ('attribution', 'Invented Mapping Unit')",
            [format],
        )
        .expect("metadata");
        for (z, x, row, data) in tiles {
            conn.execute(
                "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                (z, x, row, data),
            )
            .expect("tile");
        }
    }

    #[test]
    fn a_raster_mbtiles_file_is_read_with_rows_counted_from_the_south() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("town.mbtiles");
        write_map(
            &path,
            "png",
            &[(1, 0, 1, b"north-west"), (2, 3, 0, b"south-east")],
        );
        let map = MapFile::open(&path).expect("opens");
        assert_eq!(map.map().name, "Invented Town");
        assert_eq!(map.map().format, TileFormat::Png);
        assert_eq!(
            map.map().attribution.as_deref(),
            Some("Invented Mapping Unit")
        );
        assert_eq!(
            (map.map().min_zoom, map.map().max_zoom, map.map().tiles),
            (1, 2, 2)
        );
        let tile = |z, x, y| map.tile(TileId { z, x, y }).expect("reads");
        assert_eq!(tile(1, 0, 0).as_deref(), Some(&b"north-west"[..]));
        assert_eq!(tile(2, 3, 3).as_deref(), Some(&b"south-east"[..]));
        assert_eq!(tile(2, 0, 0), None);
        assert_eq!(tile(2, 9, 0), None, "off the grid");
    }

    #[test]
    fn vector_tiles_another_database_and_a_photo_are_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let refused = |path: &Path| {
            matches!(
                MapFile::open(path),
                Err(StoreError::Invalid(ValidationError::MapNotReadable))
            )
        };
        let vector = dir.path().join("vector.mbtiles");
        write_map(&vector, "pbf", &[(1, 0, 0, b"x")]);
        assert!(refused(&vector));
        let empty = dir.path().join("empty.mbtiles");
        write_map(&empty, "png", &[]);
        assert!(refused(&empty));
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .and_then(|c| c.execute_batch("CREATE TABLE t (x)"))
            .expect("other");
        assert!(refused(&other));
        let photo = dir.path().join("photo.mbtiles");
        std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 not a database at all").expect("photo");
        assert!(refused(&photo));
        assert!(refused(&dir.path().join("missing.mbtiles")));
    }
}
