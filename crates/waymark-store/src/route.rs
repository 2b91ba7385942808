//! Route points, appended while walking and sealed at check-out. They live in their own table, not
//! in the walkabout's document: a track grows without bound and two devices never edit one point.

use rusqlite::{params, Connection};
use waymark_core::route::{recorded_distance_m, Interruption};
use waymark_core::{RecordId, RoutePoint, RouteSummary, UnixMillis, Walkabout};

use crate::{walkabout, Store, StoreError};

impl Store {
    /// Appends a reading to the route of a walkabout in progress. Returns false, and records
    /// nothing, for a reading that is no fix, a walkabout that is not being walked, or one whose
    /// route recording is paused.
    pub fn record_route_point(
        &mut self,
        id: RecordId,
        point: RoutePoint,
    ) -> Result<bool, StoreError> {
        if !point.is_fix() || !walkabout::recording_route(&self.conn, id)? {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "INSERT INTO route_points (walkabout_id, seq, latitude, longitude, accuracy_m, recorded_at)
                 SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5
                 FROM route_points WHERE walkabout_id = ?1",
            )?
            .execute(params![id.to_string(), point.lat, point.lon, point.accuracy_m, point.t.get()])?;
        Ok(true)
    }

    /// The route as recorded, in order: from this device's readings, or else from the sealed
    /// track that another device recorded and sync brought.
    pub fn route(&self, id: RecordId) -> Result<Vec<RoutePoint>, StoreError> {
        let points = points(&self.conn, id)?;
        if !points.is_empty() {
            return Ok(points);
        }
        let walkabout: Walkabout = self.get_record(id)?;
        let Some(sealed) = walkabout.route.sealed_sha256 else {
            return Ok(points);
        };
        match self.photo(&sealed) {
            Ok(track) => Ok(parse_track(&track.bytes)),
            // Not downloaded yet.
            Err(StoreError::Invalid(_)) => Ok(points),
            Err(error) => Err(error),
        }
    }
}

/// The bytes a sealed track is kept as, and hashed over.
fn track_bytes(points: &[RoutePoint]) -> Vec<u8> {
    points
        .iter()
        .map(|p| {
            format!(
                "{:.7},{:.7},{:.1},{}\n",
                p.lat,
                p.lon,
                p.accuracy_m,
                p.t.get()
            )
        })
        .collect::<String>()
        .into_bytes()
}

fn parse_track(bytes: &[u8]) -> Vec<RoutePoint> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(',');
            Some(RoutePoint {
                lat: fields.next()?.parse().ok()?,
                lon: fields.next()?.parse().ok()?,
                accuracy_m: fields.next()?.parse().ok()?,
                t: UnixMillis::new(fields.next()?.parse().ok()?),
            })
        })
        .collect()
}

pub(crate) fn points(conn: &Connection, id: RecordId) -> Result<Vec<RoutePoint>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT latitude, longitude, accuracy_m, recorded_at FROM route_points
         WHERE walkabout_id = ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map([id.to_string()], |row| {
        Ok(RoutePoint {
            lat: row.get(0)?,
            lon: row.get(1)?,
            accuracy_m: row.get(2)?,
            t: UnixMillis::new(row.get(3)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The route so far; its distance leaves out the gaps where recording was paused.
pub(crate) fn summary(
    conn: &Connection,
    id: RecordId,
    interruptions: &[Interruption],
) -> Result<RouteSummary, StoreError> {
    let points = points(conn, id)?;
    Ok(RouteSummary {
        points: points.len() as u32,
        distance_m: recorded_distance_m(&points, interruptions),
        sealed_sha256: None,
    })
}

/// The summary of the track with the SHA-256 that seals it: any later change to a point would no
/// longer match the hash the document holds.
pub(crate) fn seal(
    conn: &Connection,
    id: RecordId,
    interruptions: &[Interruption],
    now: UnixMillis,
) -> Result<RouteSummary, StoreError> {
    let points = points(conn, id)?;
    let track = track_bytes(&points);
    let sealed = waymark_sync::blob::name_of(&track);
    // The track travels to other devices as an attachment named by its seal.
    Store::add_route_track(conn, &sealed, &track, now)?;
    Ok(RouteSummary {
        points: points.len() as u32,
        distance_m: recorded_distance_m(&points, interruptions),
        sealed_sha256: Some(sealed),
    })
}
