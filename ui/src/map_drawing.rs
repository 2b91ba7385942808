//! Drawing places in SVG: the walk's sketch map and a context's outline. Points are placed on
//! the Web Mercator square that map tiles use, so that where a map of the area is loaded
//! (Settings › Map of the area) its tiles lie exactly under them; where none is, the drawing stands
//! on a plain ground and needs nothing else.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::offline_map::{tiles_covering, world, OfflineMap, TileId};
use waymark_core::GeoPoint;

use crate::commands;
use crate::i18n::{t_with, Arg};

pub const WIDTH: f64 = 360.0;
pub const HEIGHT: f64 = 240.0;
const MARGIN: f64 = 18.0;
/// The least width and height a drawing shows, in world units: about 35 m in Britain, so that a single
/// point or a few close together still draw at street scale.
const LEAST_SPAN: f64 = 1.4e-6;

/// The map loaded on this device, shared by every drawing; Settings changes it.
#[derive(Clone, Copy)]
pub struct LoadedMap(pub RwSignal<Option<OfflineMap>>);

impl LoadedMap {
    /// Provides the map for the whole app, asking the shell once which is loaded.
    pub fn provide() {
        let map = RwSignal::new(None);
        provide_context(Self(map));
        spawn_local(async move {
            if let Ok(loaded) = commands::offline_map().await {
                map.try_set(loaded);
            }
        });
    }

    pub fn get() -> Option<RwSignal<Option<OfflineMap>>> {
        use_context::<Self>().map(|loaded| loaded.0)
    }
}

/// Turns places into points on the drawing, centred and keeping the shape of the area.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    west: f64,
    north: f64,
    /// Drawing units for the whole world's width.
    scale: f64,
}

impl Projection {
    pub fn fitting(points: &[GeoPoint]) -> Option<Self> {
        let mut placed = points.iter().map(|p| world(*p));
        let first = placed.next()?;
        let (mut west, mut north, mut east, mut south) = (first.0, first.1, first.0, first.1);
        for (x, y) in placed {
            west = west.min(x);
            east = east.max(x);
            north = north.min(y);
            south = south.max(y);
        }
        let span_x = (east - west).max(LEAST_SPAN);
        let span_y = (south - north).max(LEAST_SPAN);
        let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min((HEIGHT - 2.0 * MARGIN) / span_y);
        let (centre_x, centre_y) = ((west + east) / 2.0, (north + south) / 2.0);
        Some(Self {
            west: centre_x - WIDTH / 2.0 / scale,
            north: centre_y - HEIGHT / 2.0 / scale,
            scale,
        })
    }

    pub fn xy(&self, p: GeoPoint) -> (f64, f64) {
        let (x, y) = world(p);
        ((x - self.west) * self.scale, (y - self.north) * self.scale)
    }

    /// The tiles of `map` under the whole drawing.
    fn tiles(&self, map: &OfflineMap) -> Vec<TileId> {
        tiles_covering(
            (self.west, self.north),
            (
                self.west + WIDTH / self.scale,
                self.north + HEIGHT / self.scale,
            ),
            self.scale,
            (map.min_zoom, map.max_zoom),
        )
    }
}

thread_local! {
    /// Tiles already read, as page URLs, for the map they came from: drawing again as the route
    /// grows asks the shell only for tiles it has not shown.
    static TILE_URLS: RefCell<(String, HashMap<TileId, Option<String>>)> =
        RefCell::new((String::new(), HashMap::new()));
}

fn map_key(map: &OfflineMap) -> String {
    format!("{}:{}:{}", map.name, map.bytes, map.tiles)
}

fn cached(map: &OfflineMap, tile: TileId) -> Option<Option<String>> {
    TILE_URLS.with(|cache| {
        let cache = cache.borrow();
        (cache.0 == map_key(map))
            .then(|| cache.1.get(&tile).cloned())
            .flatten()
    })
}

fn remember(map: &OfflineMap, tile: TileId, url: Option<String>) {
    TILE_URLS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = map_key(map);
        if cache.0 != key {
            for url in cache.1.drain().filter_map(|(_, url)| url) {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
            cache.0 = key;
        }
        cache.1.insert(tile, url);
    });
}

/// The loaded map's tiles under a drawing, as SVG images; nothing where no map is loaded or the
/// map does not cover the place.
pub fn map_tiles(projection: Projection) -> impl IntoView {
    let map = LoadedMap::get().and_then(|map| map.get());
    let shown = RwSignal::new(Vec::<(TileId, String)>::new());
    if let Some(map) = map.clone() {
        let wanted = projection.tiles(&map);
        spawn_local(async move {
            let mut found = Vec::new();
            for tile in wanted {
                let url = match cached(&map, tile) {
                    Some(url) => url,
                    None => {
                        let url = commands::offline_map_tile_url(tile, map.format.media_type())
                            .await
                            .ok()
                            .flatten();
                        remember(&map, tile, url.clone());
                        url
                    }
                };
                if let Some(url) = url {
                    found.push((tile, url));
                }
            }
            shown.try_set(found);
        });
    }
    move || {
        shown
            .get()
            .into_iter()
            .map(|(tile, url)| {
                let (west, north, size) = tile.world_square();
                let x = (west - projection.west) * projection.scale;
                let y = (north - projection.north) * projection.scale;
                let side = size * projection.scale;
                view! {
                    <image class="map-tile" href=url x=x y=y width=side height=side
                        preserveAspectRatio="none"/>
                }
            })
            .collect_view()
    }
}

/// The line that credits the loaded map's makers, under a drawing on it.
pub fn map_credit() -> impl IntoView {
    let map = LoadedMap::get();
    move || {
        map.and_then(|map| map.get()).map(|map| {
            let credit = map.attribution.unwrap_or(map.name);
            view! { <p class="muted map-credit">{t_with("map-credit", &[("credit", Arg::from(&credit))])}</p> }
        })
    }
}
