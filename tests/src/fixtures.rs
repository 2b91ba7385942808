//! The records tests and benchmarks start from, in one place: an invented park, a walkabout
//! planned for two, its check-in, an observation, and readings along a path. Invented places
//! and people only.

use time::{Duration, OffsetDateTime};
use waymark_core::vocabulary::{
    AgeBand, CheckInMethod, DayType, GenderMix, Light, ObservationCategory, PartnerAgency,
    RoleLabel, Valence, Weather,
};
use waymark_core::{
    CheckIn, Conditions, ContextDraft, GeoPoint, ObservationDraft, ObservedLocation, PeopleCount,
    RecordId, RoutePoint, SafetyContact, TeamMember, UnixMillis, WalkaboutPlan,
};

/// An invented park with a skate area.
pub fn park(name: &str) -> ContextDraft {
    ContextDraft {
        name: name.to_owned(),
        context_type: "park_or_green_space".to_owned(),
        description: "Open park with a skate area.".to_owned(),
        location: Some(GeoPoint {
            lat: 52.41,
            lon: -1.97,
        }),
    }
}

/// An evening walkabout of the context for two youth workers, started half an hour ago.
pub fn walkabout_plan(context_id: RecordId) -> WalkaboutPlan {
    let now = OffsetDateTime::now_utc();
    WalkaboutPlan {
        context_ids: vec![context_id],
        purpose: "Evening observation of the skate area".to_owned(),
        planned_start: now - Duration::minutes(30),
        planned_end: now + Duration::hours(2),
        team: ["J. Okafor", "R. Patel"]
            .map(|name| TeamMember {
                name: name.to_owned(),
                agency: PartnerAgency::YouthWork,
                role: "Youth worker".to_owned(),
            })
            .to_vec(),
        lone_reason: String::new(),
        safety_contact: SafetyContact {
            name: "Duty desk".to_owned(),
            role: "Team manager".to_owned(),
            phone: "01632 960123".to_owned(),
        },
        overdue_grace_min: 30,
    }
}

/// Checked in by phone twenty minutes ago, on a dry school-day dusk.
pub fn check_in() -> CheckIn {
    let now = OffsetDateTime::now_utc();
    CheckIn {
        at: now - Duration::minutes(20),
        by: "J. Okafor".to_owned(),
        method: CheckInMethod::Call,
        expected_finish: now + Duration::hours(1),
        conditions: Conditions {
            weather: Weather::Dry,
            light: Light::Dusk,
            day_type: DayType::SchoolDay,
        },
    }
}

/// A reading along an invented park's path, `seconds` into a fixed walk, 6 m accurate.
pub fn route_point(lat: f64, lon: f64, seconds: i64) -> RoutePoint {
    RoutePoint {
        lat,
        lon,
        accuracy_m: 6.0,
        t: UnixMillis::new(1_795_000_000_000 + seconds * 1000),
    }
}

/// Six young people by the skate ramp, seen `minutes_ago`, at an 8 m fix; no photos.
pub fn observation(minutes_ago: i64) -> ObservationDraft {
    ObservationDraft {
        observed_at: OffsetDateTime::now_utc() - Duration::minutes(minutes_ago),
        location: ObservedLocation::Fix {
            lat: 52.41,
            lon: -1.97,
            accuracy_m: Some(8.0),
            manual: false,
        },
        category: ObservationCategory::YoungPeoplesPresence,
        valence: Valence::Neutral,
        people: vec![PeopleCount {
            count: 6,
            age_band: AgeBand::From14To15,
            role: RoleLabel::YoungPerson,
            gender: GenderMix::Mixed,
        }],
        concern_types: vec![],
        protective_factors: vec![],
        note: "Group by the skate ramp.".to_owned(),
        photos: vec![],
        urgent: false,
        escalation: None,
    }
}
