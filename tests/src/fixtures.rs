//! The records tests and benchmarks start from, in one place: an invented park, a walkabout
//! planned for two, its check-in, an observation, and readings along a path. Invented places
//! and people only. Every time here is fixed, counted from [`NOW`], and a store that holds
//! these records reads its time from [`clock`]: a test runs the same on any day.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use waymark_core::vocabulary::{
    AgeBand, CheckInMethod, DayType, GenderMix, Light, ObservationCategory, PartnerAgency,
    RoleLabel, Valence, Weather,
};
use waymark_core::{
    CheckIn, Conditions, ContextDraft, GeoPoint, ObservationDraft, ObservedLocation, PeopleCount,
    RecordId, RoutePoint, SafetyContact, SetClock, TeamMember, UnixMillis, WalkaboutPlan,
};

/// The moment the fixtures are set at: a Wednesday in term time, 2026-11-18 at 11:06:40 UTC.
pub const NOW: UnixMillis = UnixMillis::new(1_795_000_000_000);

/// [`NOW`] as a date and time.
pub fn now() -> OffsetDateTime {
    NOW.to_datetime()
}

/// A clock set at [`NOW`], for a store that holds the fixtures: it moves only when a test
/// moves it.
pub fn clock() -> Arc<SetClock> {
    Arc::new(SetClock::at(NOW))
}

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

/// A walkabout of the context for two youth workers, started half an hour before [`NOW`].
pub fn walkabout_plan(context_id: RecordId) -> WalkaboutPlan {
    let now = now();
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

/// Checked in by phone twenty minutes before [`NOW`], on a dry school-day dusk.
pub fn check_in() -> CheckIn {
    let now = now();
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

/// A reading along an invented park's path, `seconds` into a walk that began a quarter of an
/// hour before [`NOW`] (after the check-in), 6 m accurate.
pub fn route_point(lat: f64, lon: f64, seconds: i64) -> RoutePoint {
    RoutePoint {
        lat,
        lon,
        accuracy_m: 6.0,
        t: UnixMillis::new(NOW.get() - 15 * 60 * 1000 + seconds * 1000),
    }
}

/// Six young people by the skate ramp, seen `minutes_ago` before [`NOW`], at an 8 m fix; no
/// photos.
pub fn observation(minutes_ago: i64) -> ObservationDraft {
    ObservationDraft {
        observed_at: now() - Duration::minutes(minutes_ago),
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

/// The park of the Contextual Safeguarding park example, referred by the police: an invented
/// place, with the concerns the example names.
pub fn park_referral(name: &str) -> waymark_core::referral::ReferralDraft {
    waymark_core::referral::ReferralDraft {
        new_context: Some(park(name)),
        received_on: "2026-11-02".to_owned(),
        route: "Front door".to_owned(),
        referrer: waymark_core::referral::Referrer {
            name: "P. Officer".to_owned(),
            role: "Neighbourhood officer".to_owned(),
            agency: "police".to_owned(),
            contact: String::new(),
        },
        concern_types: vec!["cce".to_owned(), "sexual_harassment".to_owned()],
        what_is_known: "Young people gather by the bushes after dark; adults have been seen \
                        approaching them. The lighting on the main path is broken."
            .to_owned(),
        urgency: "soon".to_owned(),
        ..Default::default()
    }
}

/// A manager's decision to assess the park by walkabout.
pub fn screening_for_walkabout() -> waymark_core::referral::ScreeningDraft {
    waymark_core::referral::ScreeningDraft {
        decision: "assessment".to_owned(),
        reason: "Concerns from the police and residents about the same part of the park."
            .to_owned(),
        threshold_level: "universal_plus".to_owned(),
        assessments_chosen: vec!["walkabout".to_owned()],
        lead_worker: "Y. Worker".to_owned(),
        lead_agency: Some("youth_work".to_owned()),
        assessment_due: Some("2026-11-30".to_owned()),
    }
}

/// An action of the park's plan.
pub fn plan_action(description: &str, agency: &str, due: &str) -> waymark_core::plan::ActionDraft {
    waymark_core::plan::ActionDraft {
        goal_id: None,
        description: description.to_owned(),
        owner_agency: Some(agency.to_owned()),
        owner_role: String::new(),
        owner_name: String::new(),
        due: Some(due.to_owned()),
    }
}
