//! The fake location provider replays a GPX file as a phone's location source would answer.

use waymark_app_lib::location::{GpxReplay, LocationProvider};
use waymark_core::UnixMillis;

const GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="waymark-tests" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><trkseg>
    <trkpt lat="52.4100" lon="-1.9700"><time>2026-11-20T17:05:00Z</time><hdop>1.2</hdop></trkpt>
    <trkpt lon="-1.9690" lat="52.4105"><time>2026-11-20T17:06:00Z</time></trkpt>
  </trkseg><trkseg>
    <trkpt lat="0" lon="0"><time>2026-11-20T17:07:00Z</time></trkpt>
  </trkseg></trk>
</gpx>"#;

#[test]
fn reads_positions_times_and_accuracy_from_every_segment() {
    let replay = GpxReplay::from_reader(GPX.as_bytes()).expect("GPX");
    let points = replay.points();
    assert_eq!(points.len(), 3);
    assert_eq!((points[0].lat, points[0].lon), (52.41, -1.97));
    assert!((points[0].accuracy_m - 6.0).abs() < 1e-9, "hdop 1.2 is 6 m");
    assert_eq!(points[1].accuracy_m, 10.0, "no hdop is 10 m");
    assert_eq!(points[1].t.since(points[0].t).as_secs(), 60);
    assert_eq!(
        points[0].t,
        UnixMillis::from(time::macros::datetime!(2026-11-20 17:05 UTC))
    );
}

#[test]
fn each_reading_takes_the_next_point_stamped_now_and_zero_zero_is_no_fix() {
    let replay = GpxReplay::from_reader(GPX.as_bytes()).expect("GPX");
    let before = UnixMillis::from(time::OffsetDateTime::now_utc());
    let first = replay.current().expect("a fix");
    assert_eq!((first.lat, first.lon), (52.41, -1.97));
    assert!(first.t >= before, "stamped when it is read");
    let second = replay.current().expect("a fix");
    assert_eq!(second.lon, -1.969);
    assert_eq!(replay.current(), None, "0,0 is no fix");
    assert_eq!(replay.current(), None, "it stays on the last point");
}

#[test]
fn the_replayed_fixture_route_is_read_whole() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/northfield-park-loop.gpx"
    );
    let replay = GpxReplay::from_file(std::path::Path::new(path)).expect("fixture");
    assert_eq!(replay.points().len(), 40);
    assert!(replay.points().iter().all(|point| point.is_fix()));
}

#[test]
fn a_file_that_is_not_gpx_is_refused() {
    assert!(GpxReplay::from_reader("<kml></kml>".as_bytes()).is_err());
    assert!(GpxReplay::from_reader("not xml".as_bytes()).is_err());
}
