//! Route points from a location source, and the distance walked along them.

use serde::{Deserialize, Serialize};

use crate::UnixMillis;

/// One reading from a location source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoutePoint {
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
    /// When the reading was taken.
    pub t: UnixMillis,
}

impl RoutePoint {
    /// A reading of 0,0, a time of 0, or coordinates out of range mean "no fix", never a place.
    pub fn is_fix(&self) -> bool {
        self.t != UnixMillis::EPOCH
            && !(self.lat == 0.0 && self.lon == 0.0)
            && crate::GeoPoint::new(self.lat, self.lon).is_ok()
            && self.accuracy_m.is_finite()
            && self.accuracy_m >= 0.0
    }
}

/// A gap the practitioner made in the route by pausing recording: from the pause until it was
/// resumed, or to the end of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interruption {
    pub from: UnixMillis,
    pub to: Option<UnixMillis>,
}

/// The route cut where recording was paused: each piece was walked with recording on, and the
/// line between two pieces was never walked as drawn.
pub fn segments<'a>(
    points: &'a [RoutePoint],
    interruptions: &[Interruption],
) -> Vec<&'a [RoutePoint]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, pair) in points.windows(2).enumerate() {
        let cut = interruptions
            .iter()
            .any(|gap| pair[0].t <= gap.from && gap.from < pair[1].t);
        if cut {
            pieces.push(&points[start..=i]);
            start = i + 1;
        }
    }
    if start < points.len() {
        pieces.push(&points[start..]);
    }
    pieces
}

/// The distance walked with recording on: the pieces of the route, not the gaps between them.
pub fn recorded_distance_m(points: &[RoutePoint], interruptions: &[Interruption]) -> f64 {
    segments(points, interruptions)
        .into_iter()
        .map(distance_m)
        .sum()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Three readings a minute apart along a path in an invented park, and one at 0,0.
    fn points() -> Vec<RoutePoint> {
        let at = |minute: i64| UnixMillis::new(1_795_200_000_000 + minute * 60_000);
        vec![
            RoutePoint {
                lat: 52.4100,
                lon: -1.9700,
                accuracy_m: 6.0,
                t: at(0),
            },
            RoutePoint {
                lat: 52.4105,
                lon: -1.9690,
                accuracy_m: 10.0,
                t: at(1),
            },
            RoutePoint {
                lat: 0.0,
                lon: 0.0,
                accuracy_m: 10.0,
                t: at(2),
            },
        ]
    }

    #[test]
    fn zero_zero_and_time_zero_are_no_fix() {
        let points = points();
        assert!(points[0].is_fix());
        assert!(!points[2].is_fix(), "0,0 is no fix");
        assert!(
            !RoutePoint {
                t: UnixMillis::EPOCH,
                ..points[0]
            }
            .is_fix(),
            "time 0 is no fix"
        );
        assert!(!RoutePoint {
            lat: 95.0,
            ..points[0]
        }
        .is_fix());
    }

    #[test]
    fn a_pause_cuts_the_route_and_its_gap_is_not_walked() {
        let points = points();
        let walked = &points[..2];
        let paused_between = Interruption {
            from: UnixMillis::new(walked[0].t.get() + 1_000),
            to: Some(UnixMillis::new(walked[1].t.get() - 1_000)),
        };
        let pieces = segments(walked, &[paused_between]);
        assert_eq!(pieces, vec![&walked[..1], &walked[1..]]);
        assert_eq!(recorded_distance_m(walked, &[paused_between]), 0.0);

        let paused_after = Interruption {
            from: UnixMillis::new(walked[1].t.get() + 1_000),
            to: None,
        };
        assert_eq!(segments(walked, &[paused_after]), vec![walked]);
        assert_eq!(
            recorded_distance_m(walked, &[paused_after]),
            distance_m(walked)
        );
        assert!(segments(&[], &[paused_after]).is_empty());
    }

    #[test]
    fn measures_distance_along_the_track() {
        let points = points();
        let metres = distance_m(&points[..2]);
        assert!((metres - 88.0).abs() < 3.0, "{metres}");
        assert_eq!(distance_m(&points[..1]), 0.0);
    }
}
