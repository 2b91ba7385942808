//! A map of the practitioner's area, loaded from a file, that the sketch map and a context's
//! outline draw on with no signal. The file is an MBTiles set of raster tiles in the usual
//! Web Mercator grid; this module holds the arithmetic of that grid, which is the same on every
//! device, and what the app says about a loaded map.

use serde::{Deserialize, Serialize};

use crate::GeoPoint;

/// The largest map file a device keeps: an area the size of a county at street level.
pub const MAX_MAP_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Web Mercator stops short of the poles, where it runs to infinity.
const MAX_LATITUDE: f64 = 85.051_128_78;

/// How tile images are encoded, from the file's own metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TileFormat {
    Png,
    Jpeg,
    Webp,
}

impl TileFormat {
    /// The format an MBTiles file names in its metadata (`png`, `jpg`, `webp`), or `None` for
    /// one the app cannot draw, such as vector tiles (`pbf`).
    pub fn from_metadata(format: &str) -> Option<Self> {
        match format.trim().to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "webp" => Some(Self::Webp),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }
}

/// A loaded map, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineMap {
    /// The name the file gives itself, or the file's name.
    pub name: String,
    pub format: TileFormat,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// How many tiles the file holds.
    pub tiles: u64,
    /// The file's size on the device.
    pub bytes: u64,
    /// Whom the map is owed to ("© OpenStreetMap contributors"), shown under every drawing on it.
    pub attribution: Option<String>,
}

/// One tile of the grid: at zoom `z` the world is 2^z tiles across, numbered from the north-west.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// The tile's north-west corner and its width, as fractions of the world (see [`world`]).
    pub fn world_square(self) -> (f64, f64, f64) {
        let size = 1.0 / f64::from(1u32 << self.z.min(31));
        (f64::from(self.x) * size, f64::from(self.y) * size, size)
    }

    /// Whether the tile is on the grid at its zoom.
    pub fn is_valid(self) -> bool {
        self.z <= 24 && self.x < (1 << self.z) && self.y < (1 << self.z)
    }

    /// The row as MBTiles numbers it: from the south, where the grid counts from the north.
    pub fn mbtiles_row(self) -> u32 {
        (1u32 << self.z) - 1 - self.y
    }
}

/// Where a point falls on the Web Mercator square, from (0, 0) in the north-west to (1, 1) in
/// the south-east. Shapes keep their form at any latitude, so a drawing in these units looks
/// like the place.
pub fn world(point: GeoPoint) -> (f64, f64) {
    let lat = point.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (point.lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0))
}

/// The most tiles one drawing asks for: a small screen's worth, quick to read from the file.
pub const MAX_TILES_DRAWN: usize = 16;

/// The tiles that cover a drawing of the world square from `north_west` to `south_east` (in
/// [`world`] units), drawn at `pixels_per_world` drawing units for the whole world. The zoom is
/// the one whose tiles are drawn closest to their own 256 pixels without being blown up more
/// than twice, kept within the file's zooms and to at most [`MAX_TILES_DRAWN`] tiles.
pub fn tiles_covering(
    north_west: (f64, f64),
    south_east: (f64, f64),
    pixels_per_world: f64,
    zooms: (u8, u8),
) -> Vec<TileId> {
    let (min_zoom, max_zoom) = (zooms.0.min(zooms.1), zooms.0.max(zooms.1).min(24));
    if !(pixels_per_world.is_finite() && pixels_per_world > 0.0) {
        return Vec::new();
    }
    // A tile at zoom z is drawn pixels_per_world / 2^z wide; the best z draws it about 256 wide.
    let ideal = (pixels_per_world / 256.0).log2().round();
    let mut zoom = if ideal.is_finite() {
        ideal.clamp(f64::from(min_zoom), f64::from(max_zoom)) as u8
    } else {
        min_zoom
    };
    loop {
        if let Some(tiles) = grid(north_west, south_east, zoom) {
            return tiles;
        }
        if zoom <= min_zoom {
            // Even the file's widest tiles would be too many: draw none rather than many.
            return Vec::new();
        }
        zoom -= 1;
    }
}

/// The tiles at `zoom` under the drawing, or `None` when there are more than a drawing takes.
fn grid(north_west: (f64, f64), south_east: (f64, f64), zoom: u8) -> Option<Vec<TileId>> {
    let across = 1u32 << zoom;
    let cell = |v: f64| ((v.clamp(0.0, 1.0) * f64::from(across)).floor() as u32).min(across - 1);
    let (x0, x1) = (cell(north_west.0), cell(south_east.0));
    let (y0, y1) = (cell(north_west.1), cell(south_east.1));
    let count = (u64::from(x1.saturating_sub(x0)) + 1) * (u64::from(y1.saturating_sub(y0)) + 1);
    (count <= MAX_TILES_DRAWN as u64).then(|| {
        (y0..=y1)
            .flat_map(|y| (x0..=x1).map(move |x| TileId { z: zoom, x, y }))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    #[test]
    fn the_world_square_runs_from_the_north_west() {
        assert_eq!(world(point(0.0, -180.0)), (0.0, 0.5));
        let (x, y) = world(point(51.5, -0.12));
        assert!((x - 0.499_67).abs() < 1e-4, "{x}");
        assert!((y - 0.332_5).abs() < 1e-3, "{y}");
        assert_eq!(world(point(90.0, 0.0)).1, 0.0, "clamped at the pole");
    }

    #[test]
    fn a_tile_knows_its_square_and_its_mbtiles_row() {
        let tile = TileId { z: 2, x: 1, y: 0 };
        assert_eq!(tile.world_square(), (0.25, 0.0, 0.25));
        assert_eq!(tile.mbtiles_row(), 3);
        assert!(tile.is_valid());
        assert!(!TileId { z: 2, x: 4, y: 0 }.is_valid());
    }

    #[test]
    fn a_street_sized_drawing_gets_a_few_street_level_tiles() {
        let (a, b) = (world(point(51.51, -0.13)), world(point(51.50, -0.11)));
        let north_west = (a.0.min(b.0), a.1.min(b.1));
        let south_east = (a.0.max(b.0), a.1.max(b.1));
        // 324 drawing units across about 0.0000556 of the world.
        let pixels_per_world = 324.0 / (south_east.0 - north_west.0);
        let tiles = tiles_covering(north_west, south_east, pixels_per_world, (0, 19));
        assert!(!tiles.is_empty() && tiles.len() <= MAX_TILES_DRAWN);
        let z = tiles[0].z;
        assert!((14..=16).contains(&z), "zoom {z}");
        assert!(tiles.iter().all(|t| t.z == z && t.is_valid()));
        // Each drawn tile is within a factor of two of 256 units.
        let drawn = pixels_per_world / f64::from(1u32 << z);
        assert!((128.0..=512.0).contains(&drawn), "{drawn}");
    }

    #[test]
    fn the_files_zooms_bound_the_choice() {
        let (nw, se) = ((0.5, 0.3325), (0.5001, 0.3326));
        let tiles = tiles_covering(nw, se, 5_000_000.0, (10, 12));
        assert!(tiles.iter().all(|t| t.z == 12), "{tiles:?}");
        // A whole country at a file that has only street tiles: too many to draw.
        assert!(tiles_covering((0.4, 0.3), (0.6, 0.4), 1_000.0, (17, 18)).is_empty());
        assert!(tiles_covering(nw, se, 0.0, (0, 18)).is_empty());
        assert!(tiles_covering(nw, se, f64::NAN, (0, 18)).is_empty());
    }

    #[test]
    fn formats_come_from_the_metadata() {
        assert_eq!(TileFormat::from_metadata("PNG"), Some(TileFormat::Png));
        assert_eq!(TileFormat::from_metadata("jpg"), Some(TileFormat::Jpeg));
        assert_eq!(TileFormat::from_metadata("pbf"), None);
    }
}
