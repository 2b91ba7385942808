//! Route points, appended while walking and sealed at check-out. They live in their own table, not
//! in the walkabout's document: a track grows without bound and two devices never edit one point.

use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};
use waymark_core::route::distance_m;
use waymark_core::{RecordId, RoutePoint, RouteSummary, WalkaboutState};

use crate::{walkabout, Store, StoreError};

impl Store {
    /// Appends a reading to the route of a walkabout in progress. Returns false, and records
    /// nothing, for a reading that is no fix or a walkabout that is not being walked.
    pub fn record_route_point(
        &mut self,
        id: RecordId,
        point: RoutePoint,
    ) -> Result<bool, StoreError> {
        if !point.is_fix()
            || walkabout::projected_state(&self.conn, id)? != Some(WalkaboutState::InProgress)
        {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "INSERT INTO route_points (walkabout_id, seq, latitude, longitude, accuracy_m, recorded_at)
                 SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3, ?4, ?5
                 FROM route_points WHERE walkabout_id = ?1",
            )?
            .execute(params![id.to_string(), point.lat, point.lon, point.accuracy_m, point.t])?;
        Ok(true)
    }

    /// The route as recorded, in order.
    pub fn route(&self, id: RecordId) -> Result<Vec<RoutePoint>, StoreError> {
        points(&self.conn, id)
    }
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
            t: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn summary(conn: &Connection, id: RecordId) -> Result<RouteSummary, StoreError> {
    let points = points(conn, id)?;
    Ok(RouteSummary {
        points: points.len() as u32,
        distance_m: distance_m(&points),
        sealed_sha256: None,
    })
}

/// The summary of the track with the SHA-256 that seals it: any later change to a point would no
/// longer match the hash the document holds.
pub(crate) fn seal(conn: &Connection, id: RecordId) -> Result<RouteSummary, StoreError> {
    let points = points(conn, id)?;
    let mut hasher = Sha256::new();
    for p in &points {
        hasher.update(format!(
            "{:.7},{:.7},{:.1},{}\n",
            p.lat, p.lon, p.accuracy_m, p.t
        ));
    }
    Ok(RouteSummary {
        points: points.len() as u32,
        distance_m: distance_m(&points),
        sealed_sha256: Some(hex(&hasher.finalize())),
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
