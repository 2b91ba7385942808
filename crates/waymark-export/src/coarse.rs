//! Coarsening a point to a grid (privacy rule P19), so an export says which part of a park
//! something was seen in, not which bench.

/// Metres in one degree of latitude, near enough everywhere for a grid of this size.
const METRES_PER_DEGREE: f64 = 111_320.0;

/// The centre of the `metres`-wide grid square `(lat, lon)` falls in; `0` leaves it exact.
pub fn coarsen(lat: f64, lon: f64, metres: u32) -> (f64, f64) {
    if metres == 0 {
        return (lat, lon);
    }
    let lat_step = f64::from(metres) / METRES_PER_DEGREE;
    let snapped_lat = ((lat / lat_step).floor() + 0.5) * lat_step;
    // A degree of longitude shrinks towards the poles; the row's own latitude sets its width.
    let lon_step = lat_step / snapped_lat.to_radians().cos().max(0.01);
    let snapped_lon = ((lon / lon_step).floor() + 0.5) * lon_step;
    (snapped_lat, snapped_lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metres_between(a: (f64, f64), b: (f64, f64)) -> f64 {
        let dlat = (a.0 - b.0) * METRES_PER_DEGREE;
        let dlon = (a.1 - b.1) * METRES_PER_DEGREE * a.0.to_radians().cos();
        (dlat * dlat + dlon * dlon).sqrt()
    }

    #[test]
    fn a_point_moves_at_most_half_a_square_and_neighbours_share_a_square() {
        let bench = (52.41234, -1.97321);
        let coarse = coarsen(bench.0, bench.1, 100);
        assert!(metres_between(bench, coarse) <= 75.0, "{coarse:?}");
        assert_ne!(coarse, bench);
        let next_bench = (52.41236, -1.97318);
        assert_eq!(coarsen(next_bench.0, next_bench.1, 100), coarse);
        assert_eq!(coarsen(bench.0, bench.1, 0), bench, "0 keeps it exact");
    }
}
