//! Outcome monitoring through the store: measures chosen for a context, counted from its
//! walkabouts' observations or recorded per period; figures added on two devices offline all
//! kept; bad figures refused. The plan's actions on the chart are in `context_journey.rs`, which
//! has a plan.

mod common;

use common::{check_in, check_out, draft, observation, open_in, with_settings};
use waymark_core::outcome::{
    BetterWhen, MeasureDraft, MeasureKind, MeasurementDraft, ObservationFilter,
};
use waymark_core::vocabulary::{ConcernType, Valence};
use waymark_core::{RecordId, ValidationError};
use waymark_e2e::fixtures::walkabout_plan;
use waymark_store::{Store, StoreError};

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> ValidationError {
    match result {
        Err(StoreError::Invalid(error)) => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn concerns_seen() -> MeasureDraft {
    MeasureDraft {
        name: "Exploitation concerns seen per walk".into(),
        kind: MeasureKind::WalkaboutDerived,
        unit: "concerns".into(),
        better_when: BetterWhen::Lower,
        filter: ObservationFilter {
            concern_types: vec![ConcernType::Cce],
            valence: Some(Valence::Concern),
            ..ObservationFilter::default()
        },
    }
}

fn reported_incidents() -> MeasureDraft {
    MeasureDraft {
        name: "Incidents reported to the police".into(),
        kind: MeasureKind::CountPerPeriod,
        unit: "incidents".into(),
        better_when: BetterWhen::Lower,
        filter: ObservationFilter::default(),
    }
}

fn figure(start: &str, end: &str, value: f64) -> MeasurementDraft {
    MeasurementDraft {
        period_start: start.into(),
        period_end: end.into(),
        value,
        source_note: "Police monthly figures".into(),
        respondents: None,
    }
}

/// Walks the park once, seeing `cce` exploitation concerns and one neutral observation.
fn walk(store: &mut Store, park: RecordId, cce: usize) {
    let id = store
        .create_walkabout(walkabout_plan(park))
        .expect("planned")
        .id;
    store.check_in(id, check_in()).expect("in");
    for _ in 0..cce {
        let mut concern = observation(2);
        concern.valence = Valence::Concern;
        concern.concern_types = vec![ConcernType::Cce];
        store.add_observation(id, concern).expect("observed");
    }
    store.add_observation(id, observation(1)).expect("observed");
    store.check_out(id, check_out()).expect("out");
}

#[test]
fn a_walkabout_measure_is_counted_from_the_observations_of_each_walk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Brookside Park"))
        .expect("park")
        .id;
    let chosen = store.add_measure(park, concerns_seen()).expect("chosen");
    assert_eq!(chosen.measures.len(), 1);
    assert!(chosen.measures[0].points.is_empty(), "no walk yet");
    walk(&mut store, park, 3);
    walk(&mut store, park, 1);
    // A walk that was planned and never walked counts for nothing.
    store
        .create_walkabout(walkabout_plan(park))
        .expect("planned");

    let monitoring = store.outcome_monitoring(park).expect("read");
    let mut counted: Vec<f64> = monitoring.measures[0]
        .points
        .iter()
        .map(|p| p.value)
        .collect();
    counted.sort_by(f64::total_cmp);
    assert_eq!(
        counted,
        [1.0, 3.0],
        "one point per walk, counting its CCE concerns only"
    );
    assert!(monitoring.markers.is_empty(), "no plan yet");
    assert_eq!(
        refused(store.record_measurement(
            park,
            monitoring.measures[0].measure.id,
            figure("2026-10-01", "2026-10-31", 2.0)
        )),
        ValidationError::MeasureCountedFromWalkabouts
    );
    assert_eq!(
        refused(store.add_measure(
            park,
            MeasureDraft {
                name: " ".into(),
                ..concerns_seen()
            }
        )),
        ValidationError::MeasureNameRequired
    );
    // Read back from the file, the measure is as it was.
    drop(store);
    let store = open_in(dir.path());
    assert_eq!(
        store.outcome_monitoring(park).expect("read").measures[0]
            .points
            .len(),
        2
    );
}

#[test]
fn partner_figures_are_counts_per_period_and_figures_from_two_devices_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = open_in(&dir.path().join("a"));
    let mut b = open_in(&dir.path().join("b"));
    a.set_practitioner_name("R. Patel").expect("named");
    let park = a.create_context(draft("Brookside Park")).expect("park").id;
    let measure = a
        .add_measure(park, reported_incidents())
        .expect("chosen")
        .measures[0]
        .measure
        .id;
    b.merge_context(park, &a.document_bytes(park).expect("bytes"))
        .expect("shared");

    for (bad, expected) in [
        (
            figure("2026-10-01", "2026-10-31", -2.0),
            ValidationError::MeasureValueNegative,
        ),
        (
            figure("2026-10-01", "2026-10-31", 2.5),
            ValidationError::MeasureNotWholeNumber,
        ),
        (
            figure("2099-01-01", "2099-01-31", 2.0),
            ValidationError::PeriodInFuture,
        ),
        (
            figure("2026-10-31", "2026-10-01", 2.0),
            ValidationError::PeriodBackwards,
        ),
    ] {
        assert_eq!(refused(a.record_measurement(park, measure, bad)), expected);
    }
    // Each device records a different month offline.
    a.record_measurement(park, measure, figure("2026-09-01", "2026-09-30", 7.0))
        .expect("recorded");
    b.record_measurement(park, measure, figure("2026-10-01", "2026-10-31", 4.0))
        .expect("recorded");
    let from_a = a.document_bytes(park).expect("a");
    let from_b = b.document_bytes(park).expect("b");
    a.merge_context(park, &from_b).expect("merged");
    b.merge_context(park, &from_a).expect("merged");
    let merged = a.outcome_monitoring(park).expect("read");
    assert_eq!(merged, b.outcome_monitoring(park).expect("read"));
    let points: Vec<(String, f64)> = merged.measures[0]
        .points
        .iter()
        .map(|p| (p.date.clone(), p.value))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-09-30".to_owned(), 7.0),
            ("2026-10-31".to_owned(), 4.0)
        ]
    );
    assert_eq!(
        merged.measures[0].measure.measurements[0].1.recorded_by,
        "R. Patel"
    );

    let fixed = a
        .add_measure(
            park,
            MeasureDraft {
                name: "The path's lighting works".into(),
                kind: MeasureKind::YesNo,
                unit: String::new(),
                better_when: BetterWhen::Higher,
                filter: ObservationFilter::default(),
            },
        )
        .expect("chosen");
    let yes_no = fixed
        .measures
        .iter()
        .find(|m| m.measure.draft.kind == MeasureKind::YesNo)
        .expect("listed")
        .measure
        .id;
    assert_eq!(
        refused(a.record_measurement(park, yes_no, figure("2026-11-01", "2026-11-01", 2.0))),
        ValidationError::MeasureYesOrNo
    );
    a.record_measurement(park, yes_no, figure("2026-11-01", "2026-11-01", 1.0))
        .expect("yes");
}

#[test]
fn exports_hold_no_notes_or_case_references_and_points_follow_the_workspace_grid() {
    use waymark_core::export::ExportFormat;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Brookside Park"))
        .expect("park")
        .id;
    let id = store
        .create_walkabout(walkabout_plan(park))
        .expect("planned")
        .id;
    store.check_in(id, check_in()).expect("in");
    let mut named = observation(2);
    named.note = "Seen with Jayden Cole, CS-10234.".into();
    store.add_observation(id, named).expect("observed");

    let (name, bytes) = store
        .export_context(park, ExportFormat::ObservationsCsv, None)
        .expect("exported");
    assert!(name.starts_with("brookside-park-") && name.ends_with("-observations.csv"));
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        !text.contains("Jayden") && !text.contains("CS-10234"),
        "{text}"
    );
    // The fixture's point, 52.41 -1.97, is not on the default 100 m grid's centres.
    assert!(!text.contains("52.410000"), "coarsened by default: {text}");
    let (_, map) = store
        .export_context(park, ExportFormat::MapGeojson, None)
        .expect("exported");
    let map = String::from_utf8(map).expect("utf-8");
    assert!(
        map.contains("\"coarsened_to_m\": 100") && !map.contains("Jayden"),
        "{map}"
    );

    let (pdf_name, pdf) = store
        .export_context(park, ExportFormat::PanelPdf, None)
        .expect("exported");
    assert!(pdf_name.ends_with("-panel-write-up.pdf"));
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");

    // A workspace that exports exact points, as its manager set.
    with_settings(
        &mut store,
        waymark_core::workspace_settings::WorkspaceSettings {
            export_location_metres: Some(0),
            ..Default::default()
        },
    );
    let (_, exact) = store
        .export_context(park, ExportFormat::ObservationsCsv, None)
        .expect("exported");
    assert!(String::from_utf8(exact)
        .expect("utf-8")
        .contains("52.410000"));
}

#[test]
fn exports_name_only_a_sharing_decision_the_context_is_shared_under_and_leave_out_small_surveys() {
    use waymark_core::directory::{Directory, RecordAudience, Viewer};
    use waymark_core::export::ExportFormat;
    use waymark_core::vocabulary::PartnerAgency;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = open_in(dir.path());
    let park = store
        .create_context(draft("Brookside Park"))
        .expect("park")
        .id;
    assert_eq!(
        refused(store.export_context(park, ExportFormat::PanelPdf, Some(12))),
        ValidationError::UnknownSharingDecision,
        "no decision is known for the park yet"
    );
    store
        .set_directory(&Directory {
            you: "A.B.".into(),
            workspace: "Northside team".into(),
            members: Vec::new(),
            records: vec![RecordAudience {
                record: park,
                case_team: false,
                viewers: vec![Viewer {
                    user: "C.D.".into(),
                    agency: Some(PartnerAgency::Parks),
                    shared_by_decision: Some(12),
                }],
            }],
            settings: waymark_core::workspace_settings::WorkspaceSettings {
                classification: Some("OFFICIAL".into()),
                ..Default::default()
            },
        })
        .expect("directory kept");
    assert_eq!(
        refused(store.export_context(park, ExportFormat::PanelPdf, Some(13))),
        ValidationError::UnknownSharingDecision
    );
    let (_, pdf) = store
        .export_context(park, ExportFormat::PanelPdf, Some(12))
        .expect("exported under decision 12");
    assert!(pdf.starts_with(b"%PDF-"));

    // A survey measure: one month's figure from 30 pupils, one from 3.
    let survey = store
        .add_measure(
            park,
            MeasureDraft {
                name: "Pupils who feel safe in the park".into(),
                kind: MeasureKind::SurveyShare,
                unit: "%".into(),
                better_when: BetterWhen::Higher,
                filter: Default::default(),
            },
        )
        .expect("measure")
        .measures[0]
        .measure
        .id;
    for (end, value, respondents) in [("2026-09-30", 60.0, 30), ("2026-10-31", 33.0, 3)] {
        store
            .record_measurement(
                park,
                survey,
                MeasurementDraft {
                    respondents: Some(respondents),
                    ..figure("2026-09-01", end, value)
                },
            )
            .expect("recorded");
    }
    let on_screen = store.outcome_monitoring(park).expect("read");
    assert_eq!(on_screen.measures[0].points.len(), 2, "the team sees both");
    let (name, csv) = store
        .export_context(park, ExportFormat::MeasuresCsv, None)
        .expect("exported");
    assert!(name.ends_with("-outcome-measures.csv"));
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2, "one figure and one note: {rows:?}");
    assert_eq!(&rows[0][6], "60");
    assert_eq!(&rows[0][7], "30");
    assert!(rows[1][8].contains("1 figure(s) from fewer than 5 respondents left out"));
    assert!(
        !rows.iter().any(|row| &row[6] == "33"),
        "the small survey's figure is not exported"
    );
}
