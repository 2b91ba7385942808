//! Route points from a location source, and the GPX files the fake provider replays.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One reading from a location source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoutePoint {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
    /// Unix milliseconds of the reading.
    pub t: i64,
}

impl RoutePoint {
    /// A reading of 0,0, a time of 0, or coordinates out of range mean "no fix", never a place.
    pub fn is_fix(&self) -> bool {
        self.t != 0
            && !(self.lat == 0.0 && self.lon == 0.0)
            && crate::GeoPoint::new(self.lat, self.lon).is_ok()
            && self.accuracy_m.is_finite()
            && self.accuracy_m >= 0.0
    }
}

/// The length of a track along the ground, in metres.
pub fn distance_m(points: &[RoutePoint]) -> f64 {
    points
        .windows(2)
        .map(|pair| haversine_m(&pair[0], &pair[1]))
        .sum()
}

fn haversine_m(a: &RoutePoint, b: &RoutePoint) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// Reads the track points of a GPX file: `<trkpt lat=".." lon="..">` with an optional `<time>`
/// and `<hdop>`. Points without a usable position are skipped.
pub fn parse_gpx(gpx: &str) -> Vec<RoutePoint> {
    gpx.split("<trkpt")
        .skip(1)
        .filter_map(parse_trkpt)
        .collect()
}

fn parse_trkpt(fragment: &str) -> Option<RoutePoint> {
    let element = fragment.split("</trkpt>").next()?;
    let lat = attribute(element, "lat")?.parse().ok()?;
    let lon = attribute(element, "lon")?.parse().ok()?;
    let t = child_text(element, "time")
        .and_then(|time| {
            OffsetDateTime::parse(time, &time::format_description::well_known::Rfc3339).ok()
        })
        .map_or(0, |at| (at.unix_timestamp_nanos() / 1_000_000) as i64);
    // GPX has no accuracy; a horizontal dilution of precision times ~5 m is the usual estimate.
    let accuracy_m = child_text(element, "hdop")
        .and_then(|h| h.parse::<f64>().ok())
        .map_or(10.0, |h| h * 5.0);
    Some(RoutePoint {
        lat,
        lon,
        accuracy_m,
        t,
    })
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag = element.split('>').next()?;
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn child_text<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!("<{name}>"))? + name.len() + 2;
    let end = element[start..].find(&format!("</{name}>"))? + start;
    Some(element[start..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPX: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test"><trk><trkseg>
  <trkpt lat="52.4100" lon="-1.9700"><time>2026-11-20T17:05:00Z</time><hdop>1.2</hdop></trkpt>
  <trkpt lon="-1.9690" lat="52.4105"><time>2026-11-20T17:06:00Z</time></trkpt>
  <trkpt lat="0" lon="0"><time>2026-11-20T17:07:00Z</time></trkpt>
  <trkpt lat="north" lon="-1.9"></trkpt>
</trkseg></trk></gpx>"#;

    #[test]
    fn reads_positions_times_and_accuracy_from_gpx() {
        let points = parse_gpx(GPX);
        assert_eq!(points.len(), 3, "the unreadable point is skipped");
        assert_eq!((points[0].lat, points[0].lon), (52.41, -1.97));
        assert!((points[0].accuracy_m - 6.0).abs() < 1e-9);
        assert_eq!(points[1].accuracy_m, 10.0);
        assert_eq!(points[1].t - points[0].t, 60_000);
    }

    #[test]
    fn zero_zero_and_time_zero_are_no_fix() {
        let points = parse_gpx(GPX);
        assert!(points[0].is_fix());
        assert!(!points[2].is_fix(), "0,0 is no fix");
        assert!(
            !RoutePoint { t: 0, ..points[0] }.is_fix(),
            "time 0 is no fix"
        );
        assert!(!RoutePoint {
            lat: 95.0,
            ..points[0]
        }
        .is_fix());
    }

    #[test]
    fn measures_distance_along_the_track() {
        let points = parse_gpx(GPX);
        let metres = distance_m(&points[..2]);
        assert!((metres - 88.0).abs() < 3.0, "{metres}");
        assert_eq!(distance_m(&points[..1]), 0.0);
    }
}
