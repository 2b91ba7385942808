//! The store's costs, each against a plain-SQL baseline measured in the same run:
//! - saving a context (Automerge change, projection, commit) against a plain INSERT of its row;
//! - adding an observation to a walkabout against a plain INSERT of the observation;
//! - opening a walkabout with 500 observations and a 5,000-point route from a freshly opened
//!   store against reading the same rows with plain SQL from a freshly opened connection;
//! - merging two diverged copies of a school assessment with 200 hotspots and 50 KB of text, and
//!   its saved size against the same content as JSON;
//! - saving a context in the encrypted store against the same save in an unencrypted one;
//! - unlocking: Argon2id from the passcode, unwrapping the data key and opening the database;
//! - opening a context's timeline (50 walkabouts, 5 school assessments, a conference and a plan
//!   of 200 actions) from a freshly opened store, against reading the same rows with plain SQL;
//! - making that context's write-up for a panel as PDF from a freshly opened store, against
//!   opening its timeline, which reads the same records.
//!
//! Sync's figures, through the real server, are in `crates/waymark-server/benches/sync.rs`.
//!
//! Rounds alternate between the store and its baseline so that a busy neighbour on a shared
//! machine slows both alike. Figures are printed for people and as `bench: NAME VALUE UNIT` lines.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};
use time::OffsetDateTime;
use waymark_core::conference::{Chair, ConferenceDraft, ConferenceEdit};
use waymark_core::plan::{PlanEdit, StatusChange};
use waymark_core::referral::{ReferralDraft, ScreeningDraft};
use waymark_core::school::{ComponentKind, Dsl, Hotspot, HotspotSource, SchoolAssessmentDraft};
use waymark_core::vocabulary::SchoolSlot;
use waymark_core::vocabulary::{AgeBand, GenderMix, ObservationCategory, RoleLabel, Valence};
use waymark_core::{
    ContextDraft, ContextSearch, ObservationDraft, ObservedLocation, PeopleCount, RecordId,
    RoutePoint, UnixMillis, WalkaboutPlan,
};
use waymark_e2e::fixtures;
use waymark_store::{Store, Vault, DATABASE_FILE_NAME};

use waymark_e2e::bench::{
    context_draft, report, report_goal, report_ratio, report_ratio_goal, Goal,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const ROUNDS: usize = 5;
const SAVES_PER_ROUND: usize = 200;
const OBSERVATIONS_PER_ROUND: usize = 100;
const OPEN_OBSERVATIONS: usize = 500;
const OPEN_ROUTE_POINTS: usize = 5_000;
const OPENS: usize = 20;

fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join(DATABASE_FILE_NAME))?;
    let raw = open_raw(&dir.path().join("raw.db"))?;

    let (store_rate, raw_rate) = context_saves(&mut store, &raw)?;
    report("context_save_rate", store_rate, "saves/s");
    report("raw_insert_rate", raw_rate, "inserts/s");
    report_ratio_goal(
        "save_ratio",
        store_rate / raw_rate,
        "store rate over raw rate",
        Goal::AtLeast(0.33),
    );

    let (store_rate, raw_rate) = observation_saves(&mut store, &raw)?;
    report("observation_save_rate", store_rate, "saves/s");
    report("raw_observation_insert_rate", raw_rate, "inserts/s");
    report_ratio_goal(
        "observation_save_ratio",
        store_rate / raw_rate,
        "store rate over raw rate",
        Goal::AtLeast(0.33),
    );

    let (store_time, raw_time, later_saves) = walkabout_open(store, raw, dir.path())?;
    report_ratio_goal(
        "observation_save_at_500_over_5",
        later_saves,
        "time to add observations 401 to 500 over observations 1 to 100",
        Goal::AtMost(1.5),
    );
    report("walkabout_open_ms", store_time.as_secs_f64() * 1e3, "ms");
    report("raw_walkabout_read_ms", raw_time.as_secs_f64() * 1e3, "ms");
    report_ratio_goal(
        "walkabout_open_ratio",
        store_time.as_secs_f64() / raw_time.as_secs_f64(),
        "store time over plain-SQL time",
        Goal::AtMost(3.0),
    );

    let (merge_time, saved, json) = school_merge(dir.path())?;
    report("school_merge_ms", merge_time.as_secs_f64() * 1e3, "ms");
    report_ratio(
        "school_size_vs_json",
        saved as f64 / json as f64,
        "saved Automerge bytes over JSON bytes",
    );

    report_goal(
        "list_query_10k_ms",
        list_query_10k(dir.path())?.as_secs_f64() * 1e3,
        "ms",
        Goal::AtMost(50.0),
    );

    let (encrypted_rate, plain_rate) = encrypted_saves()?;
    report("encrypted_context_save_rate", encrypted_rate, "saves/s");
    report("unencrypted_context_save_rate", plain_rate, "saves/s");
    report_ratio_goal(
        "encrypted_save_ratio",
        encrypted_rate / plain_rate,
        "encrypted rate over unencrypted rate",
        Goal::AtLeast(0.85),
    );
    report_goal("unlock_ms", unlock_ms()?, "ms", Goal::AtMost(1000.0));

    let (store_time, raw_time, context) = timeline_open(dir.path())?;
    report("timeline_open_ms", store_time.as_secs_f64() * 1e3, "ms");
    report("raw_timeline_read_ms", raw_time.as_secs_f64() * 1e3, "ms");
    report_ratio(
        "timeline_open_ratio",
        store_time.as_secs_f64() / raw_time.as_secs_f64(),
        "store time over plain-SQL time",
    );
    let (pdf_time, pdf_bytes) = pdf_export(&dir.path().join("timeline.db"), context)?;
    report_goal(
        "pdf_export_ms",
        pdf_time.as_secs_f64() * 1e3,
        "ms",
        Goal::AtMost(2000.0),
    );
    report("pdf_export_kib", pdf_bytes as f64 / 1024.0, "KiB");
    report_ratio(
        "pdf_export_vs_timeline_ratio",
        pdf_time.as_secs_f64() / store_time.as_secs_f64(),
        "PDF time over the time to open the same context's timeline",
    );
    Ok(())
}

/// The panel's PDF of the timeline's school (50 walkabouts, a plan of 200 actions), each round
/// from a freshly opened store, so no parsed document is held; returns the mean time and the
/// file's size.
fn pdf_export(path: &Path, context: RecordId) -> Result<(Duration, usize)> {
    let mut total = Duration::ZERO;
    let mut bytes = 0;
    for _ in 0..ROUNDS {
        let store = Store::open(path)?;
        let start = Instant::now();
        let (_, pdf) =
            store.export_context(context, waymark_core::export::ExportFormat::PanelPdf, None)?;
        total += start.elapsed();
        bytes = pdf.len();
    }
    Ok((total / ROUNDS as u32, bytes))
}

const TIMELINE_WALKABOUTS: usize = 50;
const TIMELINE_ASSESSMENTS: usize = 5;
const TIMELINE_ACTIONS: usize = 200;

/// A school referred, screened, walked 50 times and assessed 5 times, brought to a conference
/// whose plan has 200 actions, a quarter of them done. Each round opens the store afresh, so no
/// parsed document is held, and times the timeline; then opens a plain connection to the same
/// file, has it read every page as opening the store does, and times the same queries, reading
/// every column the timeline uses into rows.
fn timeline_open(dir: &Path) -> Result<(Duration, Duration, RecordId)> {
    let path = dir.join("timeline.db");
    let context = {
        let mut store = Store::open(&path)?;
        let school = store.create_context(ContextDraft {
            context_type: "school_college_or_alternative_provision".to_owned(),
            ..context_draft(0)
        })?;
        let referral = store.create_referral(ReferralDraft {
            context_id: Some(school.id),
            new_context: None,
            ..fixtures::park_referral("unused")
        })?;
        store.screen_referral(
            referral.id,
            ScreeningDraft {
                assessments_chosen: vec!["walkabout".to_owned(), "school".to_owned()],
                ..fixtures::screening_for_walkabout()
            },
        )?;
        let mut considered = None;
        for n in 0..TIMELINE_WALKABOUTS {
            let plan = WalkaboutPlan {
                purpose: format!("Walk {n}: the gates and the bus stop after school"),
                ..fixtures::walkabout_plan(school.id)
            };
            considered = Some(store.create_walkabout(plan)?.id);
        }
        for n in 0..TIMELINE_ASSESSMENTS {
            store.create_school_assessment(SchoolAssessmentDraft {
                school_context_id: school.id,
                dsl: Dsl {
                    name: "K. M.".to_owned(),
                    role: "DSL".to_owned(),
                    contact: String::new(),
                },
                agreed_on: format!("2026-10-{:02}", n + 1),
                scope: vec![],
            })?;
        }
        let conference = store
            .create_conference(ConferenceDraft {
                context_id: school.id,
                held_on: "2026-11-20".to_owned(),
                format: "social_care_chaired".to_owned(),
            })?
            .id;
        for edit in [
            ConferenceEdit::Chair(Chair {
                name: "H. Service".to_owned(),
                role: "Head of service".to_owned(),
            }),
            ConferenceEdit::Consider(considered.ok_or("a walkabout")?),
            ConferenceEdit::Decision("plan".to_owned()),
        ] {
            store.update_conference(conference, edit)?;
        }
        let plan = store
            .complete_conference(conference)?
            .plan_id
            .ok_or("the conference ended in a plan")?;
        for n in 0..TIMELINE_ACTIONS {
            let agency = [
                "planning_highways_lighting",
                "parks",
                "police",
                "la_education",
            ][n % 4];
            let added = store.update_plan(
                plan,
                PlanEdit::AddAction(fixtures::plan_action(
                    &format!("Action {n}: see to the part of the site numbered {n}"),
                    agency,
                    &format!("2027-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
                )),
            )?;
            if n % 4 == 0 {
                let action = added.actions.last().ok_or("the action was added")?.id;
                store.set_action_status(
                    plan,
                    action,
                    StatusChange {
                        status: "done".to_owned(),
                        blocked_reason: String::new(),
                        note: String::new(),
                    },
                )?;
            }
        }
        school.id
    };
    let expected = TIMELINE_WALKABOUTS + TIMELINE_ASSESSMENTS + TIMELINE_ACTIONS / 4 + 4;

    let (mut store_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..OPENS {
        let store = Store::open(&path)?;
        let start = Instant::now();
        let timeline = store.timeline(context)?;
        store_time += start.elapsed();
        assert_eq!(timeline.entries.len(), expected);
        drop(store);

        let raw = Connection::open(&path)?;
        // Opening the store runs `PRAGMA quick_check`, which reads every page into the
        // connection's cache; the plain connection does the same, untimed, so both start equal.
        raw.query_row("PRAGMA quick_check", [], |row| row.get::<_, String>(0))?;
        let start = Instant::now();
        let rows = raw_timeline(&raw, &context.to_string())?;
        raw_time += start.elapsed();
        assert_eq!(rows, expected + 1, "the entries and the overdue count");
    }
    Ok((store_time / OPENS as u32, raw_time / OPENS as u32, context))
}

/// The timeline's queries, each row read column by column into strings and numbers; returns how
/// many rows were read.
fn raw_timeline(raw: &Connection, context: &str) -> Result<usize> {
    let queries = [
        "SELECT id, received_on, urgency, referrer, screened_on, decision, assessments,
                lead_worker, assessment_due
         FROM referrals WHERE context_id = ?1 ORDER BY received_on, id",
        "SELECT w.id, w.purpose, w.state, w.planned_start FROM walkabouts w
         JOIN walkabout_contexts c ON c.walkabout_id = w.id WHERE c.context_id = ?1",
        "SELECT id, agreed_on, completed FROM school_assessments WHERE school_context_id = ?1",
        "SELECT id, updated_at FROM peer_assessments WHERE group_context_id = ?1",
        "SELECT id, held_on, created_on, decision, completed FROM conferences
         WHERE context_id = ?1 ORDER BY created_on, id",
        "SELECT id, created_on, agreed FROM plans WHERE context_id = ?1 ORDER BY created_on, id",
        "SELECT plan_id, description, done_on, owner_agency FROM plan_actions
         WHERE context_id = ?1 AND status = 'done' AND done_on IS NOT NULL",
        "SELECT plan_id, held_on, decision FROM plan_reviews WHERE context_id = ?1",
        "SELECT COUNT(*) FROM plan_actions WHERE context_id = ?1 AND status <> 'done'
         AND due < '2026-12-04'",
    ];
    let mut read = 0;
    for sql in queries {
        let mut statement = raw.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query([context])?;
        while let Some(row) = rows.next()? {
            let values: Vec<rusqlite::types::Value> = (0..columns)
                .map(|i| row.get(i))
                .collect::<rusqlite::Result<_>>()?;
            std::hint::black_box(values);
            read += 1;
        }
    }
    // The referral's screening is a second entry from the same row.
    Ok(read + 1)
}

const PASSCODE: &str = "bench-passcode-1";

/// The same context saves, alternating rounds, in an encrypted store and in an unencrypted one,
/// each in its own file; every context is distinct.
fn encrypted_saves() -> Result<(f64, f64)> {
    let encrypted_dir = tempfile::tempdir()?;
    let plain_dir = tempfile::tempdir()?;
    let mut encrypted = Vault::new(encrypted_dir.path()).set_up(PASSCODE, PASSCODE)?;
    let mut plain = Store::open(&plain_dir.path().join(DATABASE_FILE_NAME))?;
    let (mut encrypted_time, mut plain_time) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            encrypted.create_context(context_draft(round * SAVES_PER_ROUND + i))?;
        }
        encrypted_time += start.elapsed();
        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            plain.create_context(context_draft(round * SAVES_PER_ROUND + i))?;
        }
        plain_time += start.elapsed();
    }
    let saves = (ROUNDS * SAVES_PER_ROUND) as f64;
    Ok((
        saves / encrypted_time.as_secs_f64(),
        saves / plain_time.as_secs_f64(),
    ))
}

/// The slowest of five unlocks of a store holding a thousand contexts, from the closed files.
fn unlock_ms() -> Result<f64> {
    let dir = tempfile::tempdir()?;
    let vault = Vault::new(dir.path());
    let mut store = vault.set_up(PASSCODE, PASSCODE)?;
    for i in 0..1_000 {
        store.create_context(context_draft(i))?;
    }
    drop(store);
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let start = Instant::now();
        let store = vault.unlock(PASSCODE, UnixMillis::new(1_790_000_000_000))?;
        store.list_contexts()?;
        slowest = slowest.max(start.elapsed());
        drop(store);
    }
    Ok(slowest.as_secs_f64() * 1e3)
}

/// Two devices each place 100 hotspots and write 25 KB offline, in two sections each; then one
/// merges the other's copy.
fn school_merge(dir: &Path) -> Result<(Duration, usize, usize)> {
    let mut a = Store::open(&dir.join("school-a.db"))?;
    let mut b = Store::open(&dir.join("school-b.db"))?;
    let school = a.create_context(ContextDraft {
        context_type: "school_college_or_alternative_provision".to_owned(),
        ..context_draft(0)
    })?;
    b.merge_context(school.id, &a.document_bytes(school.id)?)?;
    let id = a
        .create_school_assessment(SchoolAssessmentDraft {
            school_context_id: school.id,
            dsl: Dsl {
                name: "K. M.".to_owned(),
                role: "DSL".to_owned(),
                contact: String::new(),
            },
            agreed_on: "2026-11-02".to_owned(),
            scope: vec![],
        })?
        .id;
    b.merge_school_assessment(id, &a.document_bytes(id)?)?;
    // Varied words, so the figure is not flattered by compressing one sentence repeated.
    const WORDS: [&str; 16] = [
        "students",
        "stairs",
        "lunch",
        "unsupervised",
        "bike",
        "sheds",
        "after",
        "school",
        "staff",
        "corridor",
        "felt",
        "unsafe",
        "gate",
        "older",
        "boys",
        "waiting",
    ];
    // A fixed linear congruential sequence: varied, the same in every run, and never the same
    // text twice, so that neither the document nor the JSON compresses one text against another.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut distinct_text = || -> String {
        std::iter::repeat_with(|| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            WORDS[(state >> 60) as usize]
        })
        .flat_map(|word| word.chars().chain([' ']))
        .take(12_500)
        .collect()
    };
    for (store, offset) in [(&mut a, 0.0), (&mut b, 0.5)] {
        for i in 0..100 {
            store.add_hotspot(
                id,
                Hotspot {
                    x: offset + f64::from(i) / 250.0,
                    y: 0.5,
                    category: ObservationCategory::HiddenSpots,
                    time_slot: SchoolSlot::Lunch,
                    source: HotspotSource::Students,
                    note: format!("Hotspot {i}"),
                },
            )?;
        }
    }
    a.update_recommendations(id, distinct_text())?;
    a.update_component_summary(id, ComponentKind::StaffSurvey, distinct_text())?;
    b.update_component_summary(id, ComponentKind::StudentSurvey, distinct_text())?;
    b.update_component_summary(id, ComponentKind::FocusGroups, distinct_text())?;

    let theirs = b.document_bytes(id)?;
    let start = Instant::now();
    let merged = a.merge_school_assessment(id, &theirs)?;
    let merge_time = start.elapsed();
    assert_eq!(merged.hotspots.len(), 200);
    let saved = a.document_bytes(id)?.len();
    let json = serde_json::to_vec(&merged)?.len();
    Ok((merge_time, saved, json))
}

/// The home page's list query in a store of 10,000 contexts: the first page of each status, and
/// a search by a name's part, each from a freshly opened store. Returns the slower mean.
fn list_query_10k(dir: &Path) -> Result<Duration> {
    const CONTEXTS: usize = 10_000;
    let path = dir.join("contexts-10k.db");
    {
        let mut store = Store::open(&path)?;
        for n in 0..CONTEXTS {
            store.create_context(context_draft(n))?;
        }
    }
    let searches = [
        ContextSearch::default(),
        ContextSearch {
            text: "place 12".to_owned(),
            shown: Vec::new(),
        },
    ];
    let mut slowest = Duration::ZERO;
    for search in &searches {
        let mut total = Duration::ZERO;
        for _ in 0..OPENS {
            let store = Store::open(&path)?;
            let start = Instant::now();
            let groups = store.find_contexts(search)?;
            total += start.elapsed();
            assert!(groups[0].total > 0 && !groups[0].contexts.is_empty());
        }
        slowest = slowest.max(total / OPENS as u32);
    }
    Ok(slowest)
}

fn context_saves(store: &mut Store, raw: &Connection) -> Result<(f64, f64)> {
    let (mut store_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            store.create_context(context_draft(round * SAVES_PER_ROUND + i))?;
        }
        store_time += start.elapsed();
        let start = Instant::now();
        for i in 0..SAVES_PER_ROUND {
            let draft = context_draft(round * SAVES_PER_ROUND + i);
            let tx = raw.unchecked_transaction()?;
            tx.prepare_cached("INSERT INTO contexts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
                .execute(params![
                    format!("{round}-{i}"),
                    draft.name,
                    draft.context_type,
                    draft.description,
                    52.41,
                    -1.97,
                    1_700_000_000_000_i64,
                    1_700_000_000_000_i64
                ])?;
            tx.commit()?;
        }
        raw_time += start.elapsed();
    }
    let saves = (ROUNDS * SAVES_PER_ROUND) as f64;
    Ok((
        saves / store_time.as_secs_f64(),
        saves / raw_time.as_secs_f64(),
    ))
}

fn observation(n: usize) -> ObservationDraft {
    ObservationDraft {
        observed_at: OffsetDateTime::now_utc(),
        location: ObservedLocation::Fix {
            lat: 52.41 + n as f64 * 1e-5,
            lon: -1.97,
            accuracy_m: Some(6.0),
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
        note: "Group by the skate ramp, music playing, a warden nearby.".to_owned(),
        photos: vec![],
        urgent: false,
        escalation: None,
    }
}

/// A walkabout that has been checked in, ready for observations.
fn walking(store: &mut Store) -> Result<RecordId> {
    let context = store.create_context(context_draft(0))?.id;
    let id = store
        .create_walkabout(fixtures::walkabout_plan(context))?
        .id;
    store.check_in(id, fixtures::check_in())?;
    Ok(id)
}

fn raw_observation_insert(raw: &Connection, key: &str, n: usize) -> Result<()> {
    let detail = serde_json::to_string(&observation(n))?;
    let tx = raw.unchecked_transaction()?;
    tx.prepare_cached("INSERT INTO observations VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![format!("{key}-{n}"), key, n as i64, detail])?;
    tx.commit()?;
    Ok(())
}

/// Each round adds observations to a new walkabout, as a walk does.
fn observation_saves(store: &mut Store, raw: &Connection) -> Result<(f64, f64)> {
    let (mut store_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let id = walking(store)?;
        let start = Instant::now();
        for i in 0..OBSERVATIONS_PER_ROUND {
            store.add_observation(id, observation(i))?;
        }
        store_time += start.elapsed();
        let start = Instant::now();
        for i in 0..OBSERVATIONS_PER_ROUND {
            raw_observation_insert(raw, &format!("save-{round}"), i)?;
        }
        raw_time += start.elapsed();
    }
    let saves = (ROUNDS * OBSERVATIONS_PER_ROUND) as f64;
    Ok((
        saves / store_time.as_secs_f64(),
        saves / raw_time.as_secs_f64(),
    ))
}

/// Opens a walkabout of 500 observations and a 5,000-point route; returns the mean open time
/// and plain SQL's, and how much longer the last 100 observations took to add than the first 100.
fn walkabout_open(
    mut store: Store,
    raw: Connection,
    dir: &Path,
) -> Result<(Duration, Duration, f64)> {
    let id = walking(&mut store)?;
    let (mut first, mut last) = (Duration::ZERO, Duration::ZERO);
    for i in 0..OPEN_OBSERVATIONS {
        let start = Instant::now();
        store.add_observation(id, observation(i))?;
        if i < 100 {
            first += start.elapsed();
        } else if i >= OPEN_OBSERVATIONS - 100 {
            last += start.elapsed();
        }
        raw_observation_insert(&raw, "open", i)?;
    }
    let tx = raw.unchecked_transaction()?;
    for i in 0..OPEN_ROUTE_POINTS {
        let point = RoutePoint {
            lat: 52.41 + i as f64 * 1e-6,
            lon: -1.97,
            accuracy_m: 6.0,
            t: UnixMillis::new(1_795_000_000_000 + i as i64),
        };
        store.record_route_point(id, point)?;
        tx.prepare_cached("INSERT INTO route_points VALUES ('open', ?1, ?2, ?3, ?4, ?5)")?
            .execute(params![
                i as i64,
                point.lat,
                point.lon,
                point.accuracy_m,
                point.t.get()
            ])?;
    }
    tx.commit()?;
    // Each open below is from a freshly opened store, holding no parsed document, and the plain
    // SQL from a freshly opened connection: both read from the files.
    drop(store);
    drop(raw);

    let (mut store_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..OPENS {
        let store = Store::open(&dir.join(DATABASE_FILE_NAME))?;
        let raw = Connection::open(dir.join("raw.db"))?;
        let start = Instant::now();
        let walkabout = store.get_walkabout(id)?;
        let route = store.route(id)?;
        store_time += start.elapsed();
        assert_eq!(
            (walkabout.observations.len(), route.len()),
            (OPEN_OBSERVATIONS, OPEN_ROUTE_POINTS)
        );

        let start = Instant::now();
        let observations: Vec<ObservationDraft> = raw
            .prepare_cached(
                "SELECT detail FROM observations WHERE walkabout_id = 'open' ORDER BY observed_at",
            )?
            .query_map([], |row| row.get::<_, String>(0))?
            .map(|json| Ok(serde_json::from_str(&json?)?))
            .collect::<Result<_>>()?;
        let points: Vec<RoutePoint> = raw
            .prepare_cached("SELECT latitude, longitude, accuracy_m, recorded_at FROM route_points WHERE walkabout_id = 'open' ORDER BY seq")?
            .query_map([], |row| Ok(RoutePoint { lat: row.get(0)?, lon: row.get(1)?, accuracy_m: row.get(2)?, t: UnixMillis::new(row.get(3)?) }))?
            .collect::<rusqlite::Result<_>>()?;
        raw_time += start.elapsed();
        assert_eq!(
            (observations.len(), points.len()),
            (OPEN_OBSERVATIONS, OPEN_ROUTE_POINTS)
        );
    }
    Ok((
        store_time / OPENS as u32,
        raw_time / OPENS as u32,
        last.as_secs_f64() / first.as_secs_f64(),
    ))
}

/// A database with the store's own durability settings and tables shaped like its rows.
fn open_raw(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE contexts (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, context_type TEXT NOT NULL,
            description TEXT NOT NULL, latitude REAL, longitude REAL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE observations (
            id TEXT PRIMARY KEY, walkabout_id TEXT NOT NULL, observed_at INTEGER NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;
        CREATE INDEX observations_by_walkabout ON observations (walkabout_id, observed_at);
        CREATE TABLE route_points (
            walkabout_id TEXT NOT NULL, seq INTEGER NOT NULL, latitude REAL NOT NULL,
            longitude REAL NOT NULL, accuracy_m REAL NOT NULL, recorded_at INTEGER NOT NULL,
            PRIMARY KEY (walkabout_id, seq)
        ) STRICT, WITHOUT ROWID;",
    )?;
    Ok(conn)
}
