//! A map of the area loaded from a file. A practitioner outlines a context with no map loaded
//! and sees it on a plain ground; loads an invented town's MBTiles file in Settings; sees the
//! outline drawn on its tiles, with the context's point on the tile that really holds it; is
//! refused a photo offered as a map, which leaves the map in place; and removes the map.

mod common;

use std::path::Path;

use common::{
    click, create_context, find, lines, screenshot_at, start_app, type_into, wait_for_count,
    wait_for_text,
};
use fantoccini::Client;
use waymark_core::offline_map::world;
use waymark_core::GeoPoint;
use waymark_e2e::{app_binary, workspace_root, Result, TauriDriver, Xvfb};

/// The invented town's corners: the tiles cover this box at every zoom in the file.
const NORTH_WEST: GeoPoint = GeoPoint {
    lat: 52.4150,
    lon: -1.9780,
};
const SOUTH_EAST: GeoPoint = GeoPoint {
    lat: 52.4050,
    lon: -1.9620,
};
const ZOOMS: std::ops::RangeInclusive<u8> = 15..=17;
/// Where `create_context` puts a context.
const CONTEXT: GeoPoint = GeoPoint {
    lat: 52.4100,
    lon: -1.9700,
};

/// The tile under `point` at zoom `z`.
fn tile_of(point: GeoPoint, z: u8) -> (u32, u32) {
    let (x, y) = world(point);
    let across = f64::from(1u32 << z);
    ((x * across) as u32, (y * across) as u32)
}

/// A 256-pixel PNG tile whose colour says where it is: red and green count tiles from the
/// box's north-west corner, blue is ten times the zoom. A dark edge makes the grid visible.
fn tile_png(red: u8, green: u8, blue: u8) -> Result<Vec<u8>> {
    let mut pixels = Vec::with_capacity(256 * 256 * 3);
    for row in 0..256 {
        for column in 0..256 {
            let edge = row < 2 || column < 2;
            pixels.extend_from_slice(&if edge {
                [40, 40, 40]
            } else {
                [red, green, blue]
            });
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, 256, 256);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(png)
}

/// Writes the invented town as an MBTiles file, rows counted from the south as MBTiles does.
fn write_invented_town(path: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,
                             tile_data BLOB);
         INSERT INTO metadata VALUES ('name', 'Invented Town'), ('format', 'png'),
             ('attribution', 'Invented Mapping Unit');",
    )?;
    for z in ZOOMS {
        let (x0, y0) = tile_of(NORTH_WEST, z);
        let (x1, y1) = tile_of(SOUTH_EAST, z);
        for x in x0..=x1 {
            for y in y0..=y1 {
                let image = tile_png((x - x0) as u8 * 20, (y - y0) as u8 * 20, z * 10)?;
                let row = (1u32 << z) - 1 - y;
                conn.execute(
                    "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                    (z, x, row, image),
                )?;
            }
        }
    }
    Ok(())
}

/// Every tile drawn under the outline: where it is drawn, and the colour at its middle, read
/// back from the image the page shows.
const DRAWN_TILES: &str = r#"
const done = arguments[arguments.length - 1];
const images = [...document.querySelectorAll('#outline-map image.map-tile')];
Promise.all(images.map(async (image) => {
  // Read as the page reads images: the app's content policy allows no fetching.
  const bitmap = new Image();
  bitmap.src = image.getAttribute('href');
  await bitmap.decode();
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  const [r, g, b] = context.getImageData(128, 128, 1, 1).data;
  return { x: +image.getAttribute('x'), y: +image.getAttribute('y'),
           side: +image.getAttribute('width'), r, g, b, width: bitmap.width };
})).then(done, (error) => done(String(error)));
"#;

#[derive(Debug)]
struct DrawnTile {
    x: f64,
    y: f64,
    side: f64,
    r: u32,
    g: u32,
    b: u32,
    width: u32,
}

async fn drawn_tiles(client: &Client) -> Result<Vec<DrawnTile>> {
    let found = client.execute_async(DRAWN_TILES, Vec::new()).await?;
    let not_read = || format!("tiles not read: {found}");
    let number = |tile: &serde_json::Value, name: &str| tile[name].as_f64().ok_or_else(not_read);
    let mut drawn = Vec::new();
    for tile in found.as_array().ok_or_else(not_read)? {
        drawn.push(DrawnTile {
            x: number(tile, "x")?,
            y: number(tile, "y")?,
            side: number(tile, "side")?,
            r: number(tile, "r")? as u32,
            g: number(tile, "g")? as u32,
            b: number(tile, "b")? as u32,
            width: number(tile, "width")? as u32,
        });
    }
    Ok(drawn)
}

async fn open_settings(client: &Client) -> Result<()> {
    click(client, "#settings").await?;
    find(client, "#offline-map-status").await?;
    Ok(())
}

async fn open_context(client: &Client) -> Result<()> {
    click(client, "#back").await?;
    click(client, ".context-row").await?;
    find(client, "#outline-map").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outline_draws_on_a_loaded_map_and_without_one_on_a_plain_ground() -> Result<()> {
    let app = app_binary();
    let data_home = tempfile::tempdir()?;
    let files = tempfile::tempdir()?;
    let town = files.path().join("invented-town.mbtiles");
    write_invented_town(&town)?;
    let xvfb = Xvfb::start()?;
    let driver = TauriDriver::start(xvfb.display(), data_home.path(), &[])?;
    let client = start_app(&driver, &app).await?;

    create_context(&client, "Invented Quarter").await?;
    type_into(
        &client,
        "#outline",
        &lines(&[
            "52.41080, -1.97150",
            "52.41100, -1.96850",
            "52.40920, -1.96870",
            "52.40910, -1.97120",
        ]),
    )
    .await?;
    click(&client, "#save-outline").await?;
    wait_for_text(&client, "#outline-corners", "Outline saved: 4 corners").await?;
    find(&client, "#outline-map polygon.map-outline").await?;
    wait_for_count(&client, "#outline-map image.map-tile", 0).await?;

    // The map is loaded in Settings.
    open_settings(&client).await?;
    wait_for_text(&client, "#offline-map-status", "No map loaded").await?;
    find(&client, "#offline-map-file")
        .await?
        .send_keys(&town.display().to_string())
        .await?;
    wait_for_text(&client, "#offline-map-status", "Invented Town").await?;
    wait_for_text(&client, "#offline-map-status", "zoom 15 to 17").await?;

    // The outline now stands on the town's tiles.
    open_context(&client).await?;
    find(&client, "#outline-map image.map-tile").await?;
    wait_for_text(&client, "#context-details", "Map: Invented Mapping Unit").await?;
    let tiles = drawn_tiles(&client).await?;
    assert!(!tiles.is_empty() && tiles.len() <= 16, "{tiles:?}");
    let zoom = tiles[0].b / 10;
    assert!(ZOOMS.contains(&(zoom as u8)), "{tiles:?}");
    assert!(tiles.iter().all(|t| t.b == tiles[0].b && t.width == 256));
    // Each tile lies where its own number puts it, relative to the others.
    let (x0, y0) = tile_of(NORTH_WEST, zoom as u8);
    let number = |t: &DrawnTile| (f64::from(t.r / 20), f64::from(t.g / 20));
    for tile in &tiles {
        let (first, this) = (number(&tiles[0]), number(tile));
        assert!(((tile.x - tiles[0].x) / tile.side - (this.0 - first.0)).abs() < 0.01);
        assert!(((tile.y - tiles[0].y) / tile.side - (this.1 - first.1)).abs() < 0.01);
    }
    // The context's point is drawn on the tile that holds its place.
    let point = find(&client, "#outline-map rect.map-context").await?;
    let corner = |name: Option<String>| name.unwrap_or_default().parse::<f64>();
    // The mark is a 14-unit square centred on the point.
    let px = corner(point.attr("x").await?)? + 7.0;
    let py = corner(point.attr("y").await?)? + 7.0;
    let under = tiles
        .iter()
        .find(|t| px >= t.x && px < t.x + t.side && py >= t.y && py < t.y + t.side)
        .ok_or("no tile under the context's point")?;
    let (ux, uy) = number(under);
    assert_eq!(
        (x0 + ux as u32, y0 + uy as u32),
        tile_of(CONTEXT, zoom as u8),
        "the point is drawn on another tile"
    );
    screenshot_at(&client, "#outline-map", "e2e-offline-map-outline").await?;

    // A photo offered as a map is refused, and the map stays.
    open_settings(&client).await?;
    let photo = workspace_root().join("tests/fixtures/invented-school-site-plan.png");
    find(&client, "#offline-map-file")
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    wait_for_text(&client, "#offline_map-error", "not a map Waymark can draw").await?;
    wait_for_text(&client, "#offline-map-status", "Invented Town").await?;

    // Removed, the outline is back on a plain ground.
    click(&client, "#remove-offline-map").await?;
    wait_for_text(&client, "#offline-map-status", "No map loaded").await?;
    open_context(&client).await?;
    wait_for_count(&client, "#outline-map image.map-tile", 0).await?;
    client.close().await?;
    Ok(())
}
