//! Outcome monitoring (`domain.md` 3.8, 5.6): did the context get safer? Measures are chosen for
//! a context at its conference or later. Some are counted from the walkabouts' own observations
//! (never retyped); others are figures partners report per period (numbers, never names) or
//! yes/no facts with a date. Each is drawn over time beside the plan's actions as they were done.
//!
//! This module is the pure half: the records, their rules, the series each measure makes, and
//! the chart's geometry. The store keeps the records in the context's document.

use serde::{Deserialize, Serialize};

use crate::school::validate_date;
use crate::text::{at_most, required};
use crate::vocabulary::{ConcernType, ObservationCategory, Valence};
use crate::{ObservationDraft, RecordId, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Counted from the observations of the context's walkabouts, at read time.
    WalkaboutDerived,
    /// A number per period, such as incidents a partner reported.
    CountPerPeriod,
    /// A fact that is true or not, with the day it was checked ("the lighting is fixed").
    YesNo,
    /// The share of a survey's respondents, in per cent, with how many answered ("pupils who
    /// feel safe on the walk home"). A figure from too few respondents is never exported (P11).
    SurveyShare,
}

impl MeasureKind {
    pub const ALL: &'static [Self] = &[
        Self::WalkaboutDerived,
        Self::CountPerPeriod,
        Self::YesNo,
        Self::SurveyShare,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::WalkaboutDerived => "walkabout_derived",
            Self::CountPerPeriod => "count_per_period",
            Self::YesNo => "yes_no",
            Self::SurveyShare => "survey_share",
        }
    }

    pub fn label(self) -> &'static str {
        waymark_i18n::english_label(self)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }
}

impl waymark_i18n::Labelled for MeasureKind {
    const VOCABULARY: &'static str = "measure-kind";

    fn stored_code(self) -> &'static str {
        self.code()
    }
}

/// Which way is safer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BetterWhen {
    Lower,
    Higher,
}

/// Which observations a walkabout-derived measure counts: each list, where not empty, must
/// match; an empty filter counts every observation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObservationFilter {
    #[serde(default)]
    pub concern_types: Vec<ConcernType>,
    #[serde(default)]
    pub categories: Vec<ObservationCategory>,
    #[serde(default)]
    pub valence: Option<Valence>,
}

impl ObservationFilter {
    pub fn matches(&self, observation: &ObservationDraft) -> bool {
        let concern = self.concern_types.is_empty()
            || self
                .concern_types
                .iter()
                .any(|c| observation.concern_types.contains(c));
        let category =
            self.categories.is_empty() || self.categories.contains(&observation.category);
        let valence = self.valence.is_none_or(|v| v == observation.valence);
        concern && category && valence
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDraft {
    pub name: String,
    pub kind: MeasureKind,
    /// What is counted, in words ("concerns seen", "incidents reported").
    #[serde(default)]
    pub unit: String,
    pub better_when: BetterWhen,
    #[serde(default)]
    pub filter: ObservationFilter,
}

impl MeasureDraft {
    pub fn validate(self) -> Result<Self, ValidationError> {
        Ok(Self {
            name: required(
                &self.name,
                "measure_name",
                120,
                ValidationError::MeasureNameRequired,
            )?,
            unit: at_most(self.unit.trim().to_owned(), "unit", 60)?,
            ..self
        })
    }
}

/// A figure for one period, as a partner or the team recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasurementDraft {
    pub period_start: String,
    pub period_end: String,
    pub value: f64,
    #[serde(default)]
    pub source_note: String,
    /// How many people answered, for a survey's figure.
    #[serde(default)]
    pub respondents: Option<u32>,
}

impl MeasurementDraft {
    /// Checks a figure for a measure of `kind`; `today` is year-month-day.
    pub fn validate(self, kind: MeasureKind, today: &str) -> Result<Self, ValidationError> {
        let period_start = validate_date(&self.period_start)?;
        let period_end = validate_date(&self.period_end)?;
        if period_end < period_start {
            return Err(ValidationError::PeriodBackwards);
        }
        if period_end.as_str() > today {
            return Err(ValidationError::PeriodInFuture);
        }
        let value = self.value;
        if !value.is_finite() {
            return Err(ValidationError::MeasureNotWholeNumber);
        }
        if value < 0.0 {
            return Err(ValidationError::MeasureValueNegative);
        }
        match kind {
            MeasureKind::WalkaboutDerived => {
                return Err(ValidationError::MeasureCountedFromWalkabouts)
            }
            MeasureKind::CountPerPeriod if value.fract() != 0.0 => {
                return Err(ValidationError::MeasureNotWholeNumber)
            }
            MeasureKind::YesNo if value != 0.0 && value != 1.0 => {
                return Err(ValidationError::MeasureYesOrNo)
            }
            MeasureKind::SurveyShare if value > 100.0 => {
                return Err(ValidationError::MeasureNotAPercentage)
            }
            MeasureKind::SurveyShare if self.respondents.is_none_or(|n| n == 0) => {
                return Err(ValidationError::SurveyRespondentsRequired)
            }
            _ => {}
        }
        Ok(Self {
            period_start,
            period_end,
            value,
            source_note: at_most(self.source_note.trim().to_owned(), "source_note", 500)?,
            respondents: match kind {
                MeasureKind::SurveyShare => self.respondents,
                _ => None,
            },
        })
    }
}

/// A figure as kept: append-only, with who recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    #[serde(flatten)]
    pub figure: MeasurementDraft,
    pub recorded_by: String,
}

/// A measure with its figures, as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: RecordId,
    pub context_id: RecordId,
    #[serde(flatten)]
    pub draft: MeasureDraft,
    /// By period, then id.
    pub measurements: Vec<(RecordId, Measurement)>,
}

/// One walk of the context, as a walkabout-derived measure reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkObservations<'a> {
    /// Year-month-day of the check-in.
    pub date: String,
    pub observations: Vec<&'a ObservationDraft>,
}

/// One point of a measure's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Year-month-day: the end of the period, or the day of the walk.
    pub date: String,
    pub value: f64,
}

/// The points a measure makes, oldest first. A walkabout-derived measure counts the matching
/// observations of each walk; the others are their figures by the end of their period.
pub fn series(measure: &Measure, walks: &[WalkObservations<'_>]) -> Vec<Point> {
    let mut points: Vec<Point> = match measure.draft.kind {
        MeasureKind::WalkaboutDerived => walks
            .iter()
            .map(|walk| Point {
                date: walk.date.clone(),
                value: walk
                    .observations
                    .iter()
                    .filter(|o| measure.draft.filter.matches(o))
                    .count() as f64,
            })
            .collect(),
        MeasureKind::CountPerPeriod | MeasureKind::YesNo | MeasureKind::SurveyShare => measure
            .measurements
            .iter()
            .map(|(_, m)| Point {
                date: m.figure.period_end.clone(),
                value: m.figure.value,
            })
            .collect(),
    };
    points.sort_by(|a, b| a.date.cmp(&b.date));
    points
}

/// A measure ready to show: its points, and the plan's actions done, as dated markers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureView {
    pub measure: Measure,
    pub points: Vec<Point>,
    /// Figures left out because too few people answered (P11): only ever in an export.
    #[serde(default)]
    pub suppressed: usize,
}

impl Measurement {
    /// Whether the figure comes from fewer respondents than `threshold`, so that it could point
    /// at the few who answered (P11).
    pub fn too_few_respondents(&self, threshold: u32) -> bool {
        self.figure
            .respondents
            .is_some_and(|respondents| respondents < threshold)
    }
}

impl OutcomeMonitoring {
    /// The monitoring as an export may show it: every survey figure from fewer than
    /// `threshold` respondents left out, and counted as left out (P11).
    pub fn for_export(&self, threshold: u32) -> Self {
        let measures = self
            .measures
            .iter()
            .map(|view| {
                let mut measure = view.measure.clone();
                let before = measure.measurements.len();
                measure
                    .measurements
                    .retain(|(_, figure)| !figure.too_few_respondents(threshold));
                let suppressed = before - measure.measurements.len();
                // Only a survey's figures name their respondents, and a survey measure's points
                // come from its figures alone, never from walks.
                let points = if suppressed == 0 {
                    view.points.clone()
                } else {
                    series(&measure, &[])
                };
                MeasureView {
                    measure,
                    points,
                    suppressed: view.suppressed + suppressed,
                }
            })
            .collect();
        Self {
            measures,
            markers: self.markers.clone(),
        }
    }
}

/// What a context page shows of its outcome monitoring.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutcomeMonitoring {
    pub measures: Vec<MeasureView>,
    /// The plan's actions that were done, by the day they were.
    pub markers: Vec<Marker>,
}

/// Something done on a day, drawn as a line across the chart: "Lighting repaired".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub date: String,
    pub label: String,
}

/// The chart's geometry in a `WIDTH` × `HEIGHT` box: where each point and marker goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub points: Vec<(f64, f64)>,
    pub markers: Vec<(f64, String)>,
    /// The largest value on the vertical scale.
    pub top: f64,
    pub first_date: String,
    pub last_date: String,
}

pub const CHART_WIDTH: f64 = 320.0;
pub const CHART_HEIGHT: f64 = 140.0;
/// Room on the left for the scale's figure, and around the rest.
pub const CHART_LEFT: f64 = 30.0;
pub const CHART_MARGIN: f64 = 12.0;

fn day_number(date: &str) -> Option<i32> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &format)
        .ok()
        .map(time::Date::to_julian_day)
}

/// Places the points and markers by date along the chart, and the values from zero up. Points
/// on one day (two walks in an evening) share that day's width in their order, so each is seen;
/// a marker stands at the start of its day.
pub fn chart(points: &[Point], markers: &[Marker]) -> Chart {
    let days: Vec<i32> = points
        .iter()
        .map(|p| p.date.as_str())
        .chain(markers.iter().map(|m| m.date.as_str()))
        .filter_map(day_number)
        .collect();
    let (first, last) = match (days.iter().min(), days.iter().max()) {
        (Some(first), Some(last)) => (*first, *last),
        _ => (0, 0),
    };
    // A whole day for the last date too, so its points have room.
    let span = f64::from(last - first + 1);
    let width = CHART_WIDTH - CHART_LEFT - CHART_MARGIN;
    let x = |day: f64| CHART_LEFT + (day - f64::from(first)) / span * width;
    let top = points.iter().map(|p| p.value).fold(1.0_f64, f64::max);
    let y = |value: f64| {
        CHART_HEIGHT - CHART_MARGIN - value / top * (CHART_HEIGHT - 2.0 * CHART_MARGIN)
    };
    let mut placed = Vec::with_capacity(points.len());
    for (index, point) in points.iter().enumerate() {
        let day = day_number(&point.date).unwrap_or(first);
        let same_day = |p: &Point| day_number(&p.date).unwrap_or(first) == day;
        let rank = points[..index].iter().filter(|p| same_day(p)).count();
        let on_the_day = points.iter().filter(|p| same_day(p)).count();
        // Centred in equal shares of the day.
        let within = (rank as f64 + 0.5) / on_the_day as f64;
        placed.push((x(f64::from(day) + within), y(point.value)));
    }
    let shown = |day: i32| {
        time::Date::from_julian_day(day)
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    Chart {
        points: placed,
        markers: markers
            .iter()
            .map(|m| {
                let day = day_number(&m.date).unwrap_or(first);
                (x(f64::from(day)), m.label.clone())
            })
            .collect(),
        top,
        first_date: if days.is_empty() {
            String::new()
        } else {
            shown(first)
        },
        last_date: if days.is_empty() {
            String::new()
        } else {
            shown(last)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(start: &str, end: &str, value: f64) -> MeasurementDraft {
        MeasurementDraft {
            period_start: start.into(),
            period_end: end.into(),
            value,
            source_note: "Police monthly figures".into(),
            respondents: None,
        }
    }

    const TODAY: &str = "2026-12-05";

    #[test]
    fn a_figure_is_refused_when_negative_in_the_wrong_unit_or_for_a_period_not_yet_over() {
        let count = MeasureKind::CountPerPeriod;
        assert!(figure("2026-11-01", "2026-11-30", 4.0)
            .validate(count, TODAY)
            .is_ok());
        let refused = |f: MeasurementDraft, kind| f.validate(kind, TODAY).expect_err("refused");
        assert_eq!(
            refused(figure("2026-11-01", "2026-11-30", -1.0), count),
            ValidationError::MeasureValueNegative
        );
        assert_eq!(
            refused(figure("2026-11-01", "2026-11-30", 2.5), count),
            ValidationError::MeasureNotWholeNumber
        );
        assert_eq!(
            refused(figure("2026-11-01", "2026-11-30", 2.0), MeasureKind::YesNo),
            ValidationError::MeasureYesOrNo
        );
        assert_eq!(
            refused(figure("2026-12-01", "2026-12-31", 1.0), count),
            ValidationError::PeriodInFuture
        );
        assert_eq!(
            refused(figure("2026-11-30", "2026-11-01", 1.0), count),
            ValidationError::PeriodBackwards
        );
        assert_eq!(
            refused(
                figure("2026-11-01", "2026-11-30", 1.0),
                MeasureKind::WalkaboutDerived
            ),
            ValidationError::MeasureCountedFromWalkabouts
        );
        assert_eq!(
            refused(figure("November", "2026-11-30", 1.0), count),
            ValidationError::InvalidDate
        );
    }

    fn observed(concern: Option<ConcernType>) -> ObservationDraft {
        ObservationDraft {
            observed_at: time::macros::datetime!(2026-11-20 17:20 UTC),
            location: crate::ObservedLocation::NoFix {
                place_note: "By the skate ramp".into(),
            },
            category: ObservationCategory::YoungPeoplesPresence,
            valence: if concern.is_some() {
                Valence::Concern
            } else {
                Valence::Neutral
            },
            people: vec![],
            concern_types: concern.into_iter().collect(),
            protective_factors: vec![],
            note: String::new(),
            photos: vec![],
            urgent: false,
            escalation: None,
        }
    }

    #[test]
    fn a_walkabout_measure_counts_the_matching_observations_of_each_walk() {
        let measure = Measure {
            id: "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f01".parse().expect("id"),
            context_id: "01939a3c-6f4e-7cc1-9a51-3c2b1d0e4f02".parse().expect("id"),
            draft: MeasureDraft {
                name: "Exploitation concerns seen".into(),
                kind: MeasureKind::WalkaboutDerived,
                unit: "concerns".into(),
                better_when: BetterWhen::Lower,
                filter: ObservationFilter {
                    concern_types: vec![ConcernType::Cce],
                    ..ObservationFilter::default()
                },
            },
            measurements: Vec::new(),
        };
        let (cce, other, neutral) = (
            observed(Some(ConcernType::Cce)),
            observed(Some(ConcernType::Bullying)),
            observed(None),
        );
        let walks = [
            WalkObservations {
                date: "2026-11-20".into(),
                observations: vec![&cce, &other],
            },
            WalkObservations {
                date: "2026-10-02".into(),
                observations: vec![&cce, &cce, &neutral],
            },
        ];
        let points = series(&measure, &walks);
        assert_eq!(
            points,
            [
                Point {
                    date: "2026-10-02".into(),
                    value: 2.0
                },
                Point {
                    date: "2026-11-20".into(),
                    value: 1.0
                }
            ]
        );
        let drawn = chart(
            &points,
            &[Marker {
                date: "2026-11-01".into(),
                label: "Lighting repaired".into(),
            }],
        );
        assert!(drawn.points[0].0 < drawn.markers[0].0 && drawn.markers[0].0 < drawn.points[1].0);
        assert!(
            drawn.points[0].1 < drawn.points[1].1,
            "fewer is lower on the chart"
        );
        assert_eq!(drawn.first_date, "2026-10-02");
        // Two walks on one evening are both seen, in their order.
        let same_day = [
            Point {
                date: "2026-12-05".into(),
                value: 3.0,
            },
            Point {
                date: "2026-12-05".into(),
                value: 1.0,
            },
        ];
        let drawn = chart(&same_day, &[]);
        assert!(drawn.points[0].0 < drawn.points[1].0);
        assert!(drawn.points[0].1 < drawn.points[1].1);
    }

    #[test]
    fn a_survey_share_needs_its_respondents_and_too_few_are_left_out_of_exports() {
        let share = |value: f64, respondents: Option<u32>| MeasurementDraft {
            respondents,
            ..figure("2026-09-01", "2026-09-30", value)
        };
        assert_eq!(
            share(60.0, None).validate(MeasureKind::SurveyShare, TODAY),
            Err(ValidationError::SurveyRespondentsRequired)
        );
        assert_eq!(
            share(120.0, Some(30)).validate(MeasureKind::SurveyShare, TODAY),
            Err(ValidationError::MeasureNotAPercentage)
        );
        let kept = share(60.0, Some(30))
            .validate(MeasureKind::SurveyShare, TODAY)
            .expect("valid");
        let few = MeasurementDraft {
            period_end: "2026-10-31".into(),
            ..share(25.0, Some(4))
        }
        .validate(MeasureKind::SurveyShare, TODAY)
        .expect("valid: the team sees it");
        assert_eq!(
            share(5.0, Some(9))
                .validate(MeasureKind::CountPerPeriod, TODAY)
                .expect("valid")
                .respondents,
            None,
            "only a survey keeps respondents"
        );
        let id = |n: u128| {
            RecordId::new(uuid::Uuid::from_u128(
                n | 0x0190_0000_0000_7000_8000_0000_0000_0000,
            ))
            .expect("id")
        };
        let measure = Measure {
            id: id(1),
            context_id: id(2),
            draft: MeasureDraft {
                name: "Pupils who feel safe on the walk home".into(),
                kind: MeasureKind::SurveyShare,
                unit: "%".into(),
                better_when: BetterWhen::Higher,
                filter: ObservationFilter::default(),
            },
            measurements: [kept, few]
                .into_iter()
                .enumerate()
                .map(|(n, figure)| {
                    (
                        id(10 + n as u128),
                        Measurement {
                            figure,
                            recorded_by: "A.B.".into(),
                        },
                    )
                })
                .collect(),
        };
        let points = series(&measure, &[]);
        assert_eq!(points.len(), 2, "on screen the team sees both");
        let monitoring = OutcomeMonitoring {
            measures: vec![MeasureView {
                measure,
                points,
                suppressed: 0,
            }],
            markers: Vec::new(),
        };
        let exported = monitoring.for_export(5);
        assert_eq!(exported.measures[0].suppressed, 1);
        assert_eq!(
            exported.measures[0].points,
            [Point {
                date: "2026-09-30".into(),
                value: 60.0
            }]
        );
        assert_eq!(monitoring.for_export(4).measures[0].suppressed, 0);
    }
}
