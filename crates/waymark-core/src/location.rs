use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// A point in WGS84 degrees that is known to be a real reading: in range, and not the 0,0 that
/// devices report when they have no fix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<Self, ValidationError> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(ValidationError::LatitudeOutOfRange);
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(ValidationError::LongitudeOutOfRange);
        }
        if lat == 0.0 && lon == 0.0 {
            return Err(ValidationError::LocationNoFix);
        }
        Ok(Self { lat, lon })
    }

    /// Re-checks a point that arrived from outside (the UI, a synced document).
    pub fn validated(self) -> Result<Self, ValidationError> {
        Self::new(self.lat, self.lon)
    }

    /// Reads a location typed into two text boxes. Both empty means "no location".
    pub fn parse(lat: &str, lon: &str) -> Result<Option<Self>, ValidationError> {
        let (lat, lon) = (lat.trim(), lon.trim());
        match (lat.is_empty(), lon.is_empty()) {
            (true, true) => Ok(None),
            (false, false) => {
                let lat = lat
                    .parse::<f64>()
                    .map_err(|_| ValidationError::LatitudeOutOfRange)?;
                let lon = lon
                    .parse::<f64>()
                    .map_err(|_| ValidationError::LongitudeOutOfRange)?;
                Self::new(lat, lon).map(Some)
            }
            _ => Err(ValidationError::LocationIncomplete),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_points_in_range_including_the_edges() {
        for (lat, lon) in [
            (51.5072, -0.1276),
            (90.0, 180.0),
            (-90.0, -180.0),
            (0.0, 12.5),
            (-33.9, 0.0),
        ] {
            assert_eq!(
                GeoPoint::new(lat, lon),
                Ok(GeoPoint { lat, lon }),
                "{lat},{lon}"
            );
        }
    }

    #[test]
    fn refuses_latitude_out_of_range_or_not_a_number() {
        for lat in [90.0001, -91.0, f64::NAN, f64::INFINITY] {
            assert_eq!(
                GeoPoint::new(lat, 1.0),
                Err(ValidationError::LatitudeOutOfRange)
            );
        }
    }

    #[test]
    fn refuses_longitude_out_of_range_or_not_a_number() {
        for lon in [180.5, -181.0, f64::NAN, f64::NEG_INFINITY] {
            assert_eq!(
                GeoPoint::new(1.0, lon),
                Err(ValidationError::LongitudeOutOfRange)
            );
        }
    }

    #[test]
    fn zero_zero_is_no_fix_not_a_place() {
        assert_eq!(GeoPoint::new(0.0, 0.0), Err(ValidationError::LocationNoFix));
        assert_eq!(
            GeoPoint::new(-0.0, 0.0),
            Err(ValidationError::LocationNoFix)
        );
        assert_eq!(
            GeoPoint::parse("0", "0"),
            Err(ValidationError::LocationNoFix)
        );
    }

    #[test]
    fn validated_rechecks_a_point_from_outside() {
        let smuggled = GeoPoint {
            lat: 95.0,
            lon: 0.0,
        };
        assert_eq!(
            smuggled.validated(),
            Err(ValidationError::LatitudeOutOfRange)
        );
    }

    #[test]
    fn parses_typed_coordinates() {
        assert_eq!(
            GeoPoint::parse(" 51.5 ", "-0.12"),
            Ok(Some(GeoPoint {
                lat: 51.5,
                lon: -0.12
            }))
        );
        assert_eq!(GeoPoint::parse("", "  "), Ok(None));
    }

    #[test]
    fn refuses_half_a_location_and_words() {
        assert_eq!(
            GeoPoint::parse("51.5", ""),
            Err(ValidationError::LocationIncomplete)
        );
        assert_eq!(
            GeoPoint::parse("", "-0.1"),
            Err(ValidationError::LocationIncomplete)
        );
        assert_eq!(
            GeoPoint::parse("north", "-0.1"),
            Err(ValidationError::LatitudeOutOfRange)
        );
        assert_eq!(
            GeoPoint::parse("51.5", "west"),
            Err(ValidationError::LongitudeOutOfRange)
        );
    }
}
