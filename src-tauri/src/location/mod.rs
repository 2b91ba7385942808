//! Where the device is. The app asks a [`LocationProvider`]; which one answers depends on where it
//! runs: the phone's location services, a GPX file replayed for tests and demos, or nothing at all
//! on a desktop, which then says "No location fix" and lets the practitioner place a pin.

mod gpx_replay;
mod reader;

use std::path::Path;

use waymark_core::RoutePoint;

pub use gpx_replay::GpxReplay;
pub use reader::{LocationReader, Reading};

/// The environment variable naming a GPX file to replay instead of a real location source.
pub const FAKE_GPX_VAR: &str = "WAYMARK_FAKE_GPX";

pub trait LocationProvider: Send + Sync {
    /// A reading, or `None` when there is no fix. It may take as long as the source needs, so the
    /// app asks through a [`LocationReader`], never directly.
    fn current(&self) -> Option<RoutePoint>;
}

/// The source for this platform and environment.
pub fn provider<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Box<dyn LocationProvider> {
    if let Some(path) = std::env::var_os(FAKE_GPX_VAR) {
        match GpxReplay::from_file(Path::new(&path)) {
            Ok(replay) => return Box::new(replay),
            Err(error) => tracing::error!(%error, "the fake GPX route could not be read"),
        }
    }
    platform_provider(app)
}

#[cfg(desktop)]
fn platform_provider<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) -> Box<dyn LocationProvider> {
    Box::new(NoLocation)
}

#[cfg(mobile)]
fn platform_provider<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Box<dyn LocationProvider> {
    Box::new(DeviceLocation { app: app.clone() })
}

/// A desktop has no location source of its own.
#[cfg(desktop)]
struct NoLocation;

#[cfg(desktop)]
impl LocationProvider for NoLocation {
    fn current(&self) -> Option<RoutePoint> {
        None
    }
}

/// The phone's location services, through the geolocation plugin.
#[cfg(mobile)]
struct DeviceLocation<R: tauri::Runtime> {
    app: tauri::AppHandle<R>,
}

#[cfg(mobile)]
impl<R: tauri::Runtime> LocationProvider for DeviceLocation<R> {
    fn current(&self) -> Option<RoutePoint> {
        use tauri_plugin_geolocation::{GeolocationExt, PositionOptions};
        use waymark_core::UnixMillis;
        let options = PositionOptions {
            enable_high_accuracy: true,
            timeout: 10_000,
            maximum_age: 5_000,
        };
        let position = self
            .app
            .geolocation()
            .get_current_position(Some(options))
            .ok()?;
        let point = RoutePoint {
            lat: position.coords.latitude,
            lon: position.coords.longitude,
            accuracy_m: position.coords.accuracy,
            t: UnixMillis::new(i64::try_from(position.timestamp).ok()?),
        };
        Some(point).filter(RoutePoint::is_fix)
    }
}

/// The provider the app was started with, read for the commands.
#[derive(Debug)]
pub struct LocationState(pub LocationReader);
