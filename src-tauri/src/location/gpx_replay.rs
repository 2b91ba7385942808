//! The fake location provider: a GPX file replayed one point per reading, for desktops, demos and
//! the end-to-end tests. GPX is read by the `gpx` crate.

use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use time::OffsetDateTime;
use waymark_core::{RoutePoint, UnixMillis};

use super::LocationProvider;

/// GPX has no accuracy; a horizontal dilution of precision of 1 is about 5 m.
const METRES_PER_HDOP: f64 = 5.0;
/// The accuracy of a point with no dilution of precision.
const ACCURACY_WITHOUT_HDOP_M: f64 = 10.0;

/// Replays the track points of a GPX file, one per reading, stamped with the time they are read;
/// after the last point it keeps answering with the last, as a phone standing still would.
#[derive(Debug)]
pub struct GpxReplay {
    points: Vec<RoutePoint>,
    next: AtomicUsize,
}

/// Why a GPX file could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum GpxError {
    #[error("the GPX file could not be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is not GPX: {0}")]
    NotGpx(#[from] gpx::errors::GpxError),
}

impl GpxReplay {
    pub fn from_file(path: &Path) -> Result<Self, GpxError> {
        Self::from_reader(std::fs::File::open(path)?)
    }

    /// Reads every track point of every segment of every track, in order. A point's time is the
    /// one in the file (the replay stamps its own), and its accuracy comes from `<hdop>`.
    pub fn from_reader(reader: impl std::io::Read) -> Result<Self, GpxError> {
        let gpx = gpx::read(BufReader::new(reader))?;
        let points = gpx
            .tracks
            .iter()
            .flat_map(|track| &track.segments)
            .flat_map(|segment| &segment.points)
            .map(|waypoint| {
                let position = waypoint.point();
                RoutePoint {
                    lat: position.y(),
                    lon: position.x(),
                    accuracy_m: waypoint
                        .hdop
                        .map_or(ACCURACY_WITHOUT_HDOP_M, |hdop| hdop * METRES_PER_HDOP),
                    t: waypoint
                        .time
                        .map_or(UnixMillis::EPOCH, |at| OffsetDateTime::from(at).into()),
                }
            })
            .collect();
        Ok(Self {
            points,
            next: AtomicUsize::new(0),
        })
    }

    /// The points as the file holds them, with the file's times.
    pub fn points(&self) -> &[RoutePoint] {
        &self.points
    }
}

impl LocationProvider for GpxReplay {
    fn current(&self) -> Option<RoutePoint> {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        let point = self.points.get(index).or(self.points.last())?;
        Some(RoutePoint {
            t: UnixMillis::from(OffsetDateTime::now_utc()),
            ..*point
        })
        .filter(RoutePoint::is_fix)
    }
}
