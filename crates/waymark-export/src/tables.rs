//! CSV tables: one row per observation, one row per plan action, one row per point of a measure. Dates are year-month-day and
//! times hour:minute in their own columns, which spreadsheet programs read as dates and times.

use waymark_core::outcome::{MeasureKind, OutcomeMonitoring};
use waymark_core::plan::Plan;
use waymark_core::ObservedLocation;

use crate::{coarsen, ExportError, WalkedObservation};

const OBSERVATION_COLUMNS: [&str; 15] = [
    "context",
    "walkabout",
    "observation",
    "date",
    "time (UTC)",
    "category",
    "strength or concern",
    "concern types",
    "protective factors",
    "people seen",
    "urgent",
    "escalated to agency",
    "latitude",
    "longitude",
    "location",
];

/// Every observation, one per row, with its place coarsened to `metres` (0 keeps it exact).
pub fn observations_csv(
    rows: &[WalkedObservation<'_>],
    metres: u32,
) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(OBSERVATION_COLUMNS)?;
    for row in rows {
        let detail = &row.observation.detail;
        let at = detail.observed_at.to_offset(time::UtcOffset::UTC);
        let (lat, lon, location) = match &detail.location {
            ObservedLocation::Fix {
                lat, lon, manual, ..
            } => {
                let (lat, lon) = coarsen(*lat, *lon, metres);
                let how = match (*manual, metres) {
                    (true, 0) => "pin placed by hand".to_owned(),
                    (false, 0) => "device fix".to_owned(),
                    (true, _) => format!("pin placed by hand, to {metres} m"),
                    (false, _) => format!("device fix, to {metres} m"),
                };
                (format!("{lat:.6}"), format!("{lon:.6}"), how)
            }
            // The place in words stays behind: it is free text.
            ObservedLocation::NoFix { .. } => (String::new(), String::new(), "no fix".to_owned()),
        };
        let joined = |labels: Vec<&str>| labels.join("; ");
        out.write_record([
            row.context.to_owned(),
            row.walkabout.to_string(),
            row.observation.id.to_string(),
            format!(
                "{:04}-{:02}-{:02}",
                at.year(),
                u8::from(at.month()),
                at.day()
            ),
            format!("{:02}:{:02}", at.hour(), at.minute()),
            detail.category.label().to_owned(),
            detail.valence.label().to_owned(),
            joined(detail.concern_types.iter().map(|c| c.label()).collect()),
            joined(
                detail
                    .protective_factors
                    .iter()
                    .map(|p| p.label())
                    .collect(),
            ),
            detail
                .people
                .iter()
                .map(|g| g.count)
                .sum::<u32>()
                .to_string(),
            if detail.urgent { "yes" } else { "no" }.to_owned(),
            detail
                .escalation
                .as_ref()
                .and_then(|e| e.to_agency)
                .map(|a| a.label().to_owned())
                .unwrap_or_default(),
            lat,
            lon,
            location,
        ])?;
    }
    finish(out)
}

const ACTION_COLUMNS: [&str; 9] = [
    "context",
    "plan",
    "action",
    "description",
    "owner agency",
    "owner role",
    "due",
    "status",
    "done on",
];

/// Every action of the context's plans, one per row, with who owns it by agency and role.
pub fn actions_csv(context: &str, plans: &[Plan]) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(ACTION_COLUMNS)?;
    for plan in plans {
        for action in &plan.actions {
            out.write_record([
                context.to_owned(),
                plan.id.to_string(),
                action.id.to_string(),
                action.description.clone(),
                action
                    .owner_agency
                    .map(|a| a.label().to_owned())
                    .unwrap_or_default(),
                action.owner_role.clone(),
                action.due.clone().unwrap_or_default(),
                action.status.label().to_owned(),
                action.done_on.clone().unwrap_or_default(),
            ])?;
        }
    }
    finish(out)
}

const MEASURE_COLUMNS: [&str; 9] = [
    "context",
    "measure",
    "kind",
    "unit",
    "period start",
    "date",
    "value",
    "respondents",
    "note",
];

/// Every point of every measure, one per row: a walk's count on its day, or a figure for its
/// period. `monitoring` is as an export may show it ([`OutcomeMonitoring::for_export`]): a
/// survey's figures from too few respondents are not there, and a last row for the measure says
/// how many were left out, never what they were (P11).
pub fn measures_csv(
    context: &str,
    monitoring: &OutcomeMonitoring,
    threshold: u32,
) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(MEASURE_COLUMNS)?;
    for view in &monitoring.measures {
        let measure = &view.measure;
        let start = [
            context.to_owned(),
            measure.draft.name.clone(),
            measure.draft.kind.label().to_owned(),
            measure.draft.unit.clone(),
        ];
        match measure.draft.kind {
            MeasureKind::WalkaboutDerived => {
                for point in &view.points {
                    let mut row = start.to_vec();
                    row.extend([
                        String::new(),
                        point.date.clone(),
                        point.value.to_string(),
                        String::new(),
                        "counted from a walkabout".to_owned(),
                    ]);
                    out.write_record(&row)?;
                }
            }
            _ => {
                for (_, figure) in &measure.measurements {
                    let mut row = start.to_vec();
                    row.extend([
                        figure.figure.period_start.clone(),
                        figure.figure.period_end.clone(),
                        figure.figure.value.to_string(),
                        figure
                            .figure
                            .respondents
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                        String::new(),
                    ]);
                    out.write_record(&row)?;
                }
            }
        }
        if view.suppressed > 0 {
            let mut row = start.to_vec();
            row.extend([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!(
                    "{} figure(s) from fewer than {threshold} respondents left out",
                    view.suppressed
                ),
            ]);
            out.write_record(&row)?;
        }
    }
    finish(out)
}

fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    out.into_inner()
        .map_err(|error| ExportError::Finish(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::vocabulary::{
        AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
        RoleLabel, Valence,
    };
    use waymark_core::{Escalation, Observation, ObservationDraft, PeopleCount, RecordId};

    pub(crate) fn urgent_observation() -> Observation {
        Observation {
            id: "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f07".parse().expect("id"),
            detail: ObservationDraft {
                observed_at: time::macros::datetime!(2026-11-20 17:20 UTC),
                location: ObservedLocation::Fix {
                    lat: 52.41234,
                    lon: -1.97321,
                    accuracy_m: Some(8.0),
                    manual: false,
                },
                category: ObservationCategory::SignsOfExploitation,
                valence: Valence::Concern,
                people: vec![PeopleCount {
                    count: 3,
                    age_band: AgeBand::From14To15,
                    role: RoleLabel::YoungPerson,
                    gender: GenderMix::Mixed,
                }],
                concern_types: vec![ConcernType::Cce],
                protective_factors: vec![],
                note: "Seen with Jayden Cole, CS-10234.".into(),
                photos: vec![],
                urgent: true,
                escalation: Some(Escalation {
                    to_role: "Duty social worker".into(),
                    to_agency: Some(PartnerAgency::ChildrensSocialCare),
                    method: EscalationMethod::FrontDoor,
                    at: time::macros::datetime!(2026-11-20 17:25 UTC),
                    outcome: "Jayden's worker told.".into(),
                    case_ref: Some("CS-10234".into()),
                }),
            },
        }
    }

    #[test]
    fn an_observation_row_has_its_date_place_and_vocabulary_and_never_its_words() {
        let observation = urgent_observation();
        let walkabout: RecordId = "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f08".parse().expect("id");
        let rows = [WalkedObservation {
            context: "Brookside Park",
            walkabout,
            observation: &observation,
        }];
        let bytes = observations_csv(&rows, 100).expect("written");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(
            !text.contains("Jayden") && !text.contains("CS-10234"),
            "{text}"
        );
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.len(), OBSERVATION_COLUMNS.len());
        let row = reader.records().next().expect("a row").expect("read");
        let column = |name: &str| {
            let at = headers.iter().position(|h| h == name).expect("column");
            row[at].to_owned()
        };
        assert_eq!(column("date"), "2026-11-20");
        assert_eq!(column("time (UTC)"), "17:20");
        assert_eq!(column("concern types"), "Child criminal exploitation (CCE)");
        assert_eq!(column("people seen"), "3");
        assert_eq!(column("escalated to agency"), "Children's social care");
        assert_ne!(column("latitude"), "52.412340", "coarsened");
        assert_eq!(column("location"), "device fix, to 100 m");
    }
}
