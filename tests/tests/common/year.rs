//! A year of a busy team's records, written through the store into the folder the app keeps its
//! data in: the data set the cold-start figure and its end-to-end test open the app on. Seeded,
//! so every run writes the same records; invented places and initials only.

use std::path::Path;

use time::Duration;
use waymark_core::school::{Dsl, SchoolAssessmentDraft};
use waymark_core::vocabulary::{ConcernType, ObservationCategory, Valence};
use waymark_core::{CheckOut, ContextDraft, ContextType, GeoPoint, RecordId};
use waymark_e2e::fixtures::{self, check_in, observation, walkabout_plan};
use waymark_e2e::Result;
use waymark_store::{Store, Vault};

/// The app's identifier, the folder under `XDG_DATA_HOME` it keeps its records in.
const APP_FOLDER: &str = "org.waymark.app";

/// How many records of each kind a year holds: 10,000 in all.
pub const CONTEXTS: usize = 5_000;
pub const WALKABOUTS: usize = 3_000;
pub const PEER_ASSESSMENTS: usize = 1_000;
pub const SCHOOL_ASSESSMENTS: usize = 1_000;
/// Each walkabout's observations, which live inside the walkabout's record.
pub const OBSERVATIONS_PER_WALKABOUT: usize = 3;

/// The same numbers every run.
const SEED: u64 = 2026;

/// A small set of invented words that names are built from.
const PLACES: [&str; 10] = [
    "Northfield",
    "Brookside",
    "Elm Lane",
    "Canal Side",
    "Hollow Road",
    "Marsh Green",
    "Quarry Hill",
    "Station Row",
    "Willow Bank",
    "Ferry Steps",
];

/// Sets the device up with `passcode` in the app's folder under `data_home` and writes a year of
/// records into it, as the app would have saved them.
pub fn write_year(data_home: &Path, passcode: &str) -> Result<()> {
    let vault = Vault::new(&data_home.join(APP_FOLDER));
    let mut store = vault
        .set_up(passcode, passcode)?
        .with_clock(fixtures::clock());
    write_records(&mut store)?;
    Ok(())
}

/// Sets the device up with `passcode` and leaves it empty: the baseline a year is compared with.
pub fn set_up_empty(data_home: &Path, passcode: &str) -> Result<()> {
    Vault::new(&data_home.join(APP_FOLDER)).set_up(passcode, passcode)?;
    Ok(())
}

fn write_records(store: &mut Store) -> Result<()> {
    let mut random = fastrand::Rng::with_seed(SEED);
    let places: Vec<&ContextType> = ContextType::ALL
        .iter()
        .filter(|kind| {
            kind.is_a_place() && **kind != ContextType::SchoolCollegeOrAlternativeProvision
        })
        .collect();
    let mut contexts = Vec::with_capacity(CONTEXTS);
    let mut schools = Vec::new();
    let mut groups = Vec::new();
    for n in 0..CONTEXTS {
        let kind = match n % 10 {
            0 => ContextType::SchoolCollegeOrAlternativeProvision,
            1 => ContextType::PeerGroup,
            _ => *places[random.usize(..places.len())],
        };
        let context = store.create_context(ContextDraft {
            name: format!("{} {} {n:04}", PLACES[n % PLACES.len()], kind_word(kind)),
            context_type: kind.code().to_owned(),
            description: format!("Context {n} of a year's invented records."),
            location: kind.is_a_place().then(|| GeoPoint {
                lat: 52.40 + random.f64() * 0.05,
                lon: -1.99 + random.f64() * 0.05,
            }),
        })?;
        match kind {
            ContextType::SchoolCollegeOrAlternativeProvision => schools.push(context.id),
            ContextType::PeerGroup => groups.push(context.id),
            _ => contexts.push(context.id),
        }
    }
    for n in 0..WALKABOUTS {
        let context = contexts[random.usize(..contexts.len())];
        walk(store, &mut random, context, n)?;
    }
    for n in 0..PEER_ASSESSMENTS {
        store.create_peer_assessment(waymark_core::peer_group::PeerAssessmentDraft {
            level: waymark_core::peer_group::PeerLevel::Two,
            subject_case_ref: None,
            group_context_id: Some(groups[n % groups.len()]),
        })?;
    }
    for n in 0..SCHOOL_ASSESSMENTS {
        store.create_school_assessment(SchoolAssessmentDraft {
            school_context_id: schools[n % schools.len()],
            dsl: Dsl {
                name: "K.M.".into(),
                role: "Deputy head, DSL".into(),
                contact: String::new(),
            },
            agreed_on: "2026-09-07".into(),
            scope: vec![ConcernType::ALL[random.usize(..ConcernType::ALL.len())]],
        })?;
    }
    Ok(())
}

/// The `n`th walkabout, `3 × n` hours before the fixtures' time (3,000 of them reach back a
/// year), checked in, observed and checked out safely, so that it raises no safety alert.
fn walk(store: &mut Store, random: &mut fastrand::Rng, context: RecordId, n: usize) -> Result<()> {
    let earlier = Duration::hours(n as i64 * 3);
    let mut plan = walkabout_plan(context);
    plan.planned_start -= earlier;
    plan.planned_end -= earlier;
    let id = store.create_walkabout(plan)?.id;
    let mut arrived = check_in();
    arrived.at -= earlier;
    arrived.expected_finish -= earlier;
    store.check_in(id, arrived)?;
    for seen in 0..OBSERVATIONS_PER_WALKABOUT {
        let mut draft = observation(15 - 5 * seen as i64);
        draft.observed_at -= earlier;
        draft.category = ObservationCategory::ALL[random.usize(..ObservationCategory::ALL.len())];
        if random.u8(..4) == 0 {
            draft.valence = Valence::Concern;
            draft.concern_types = vec![ConcernType::ALL[random.usize(..ConcernType::ALL.len())]];
        }
        draft.note = format!(
            "Walk {n}, note {seen}: {} seen near the entrance.",
            random.u32(..1000)
        );
        store.add_observation(id, draft)?;
    }
    store.check_out(
        id,
        CheckOut {
            at: fixtures::now() - earlier,
            by: "R.P.".into(),
            all_safe: true,
            note: String::new(),
        },
    )?;
    Ok(())
}

fn kind_word(kind: ContextType) -> &'static str {
    match kind {
        ContextType::SchoolCollegeOrAlternativeProvision => "Academy",
        ContextType::PeerGroup => "group",
        _ => "place",
    }
}
