//! GeoJSON of contexts and the observations made in them, in WGS84 longitude-latitude order as
//! GeoJSON and QGIS expect: a context as its outline (or its point where no outline is drawn),
//! an observation as a point coarsened to the workspace's grid.

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value};
use serde_json::json;
use waymark_core::{Context, ObservedLocation};

use crate::{coarsen, ExportError, WalkedObservation};

fn feature(geometry: Value, properties: serde_json::Value) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(geometry)),
        id: None,
        properties: match properties {
            serde_json::Value::Object(map) => Some(JsonObject::from_iter(map)),
            _ => None,
        },
        foreign_members: None,
    }
}

/// The contexts' outlines or points, and the observations' points, coarsened to `metres`.
pub fn map_geojson(
    contexts: &[Context],
    observations: &[WalkedObservation<'_>],
    metres: u32,
) -> Result<String, ExportError> {
    let mut features = Vec::new();
    for context in contexts {
        let properties = json!({
            "kind": "context",
            "name": context.name,
            "context_type": context.context_type.label(),
            "status": context.status.label(),
        });
        let geometry = if context.outline.len() >= 3 {
            let mut ring: Vec<Vec<f64>> = context
                .outline
                .iter()
                .map(|corner| vec![corner.lon, corner.lat])
                .collect();
            // A GeoJSON ring ends where it starts.
            if let Some(first) = ring.first().cloned() {
                ring.push(first);
            }
            Value::Polygon(vec![ring])
        } else if let Some(point) = context.location {
            Value::Point(vec![point.lon, point.lat])
        } else {
            continue;
        };
        features.push(feature(geometry, properties));
    }
    for row in observations {
        let detail = &row.observation.detail;
        let ObservedLocation::Fix { lat, lon, .. } = detail.location else {
            continue;
        };
        let (lat, lon) = coarsen(lat, lon, metres);
        let concerns: Vec<&str> = detail.concern_types.iter().map(|c| c.label()).collect();
        let properties = json!({
            "kind": "observation",
            "context": row.context,
            "date": detail.observed_at.date().to_string(),
            "category": detail.category.label(),
            "strength_or_concern": detail.valence.label(),
            "concern_types": concerns.join("; "),
            "urgent": detail.urgent,
            "coarsened_to_m": metres,
        });
        features.push(feature(Value::Point(vec![lon, lat]), properties));
    }
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    Ok(serde_json::to_string_pretty(&collection)?)
}
