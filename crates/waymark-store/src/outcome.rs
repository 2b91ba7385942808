//! Outcome measures, kept in their context's document: each measure is its own root value,
//! `measure.{id}`, and each figure `measurement.{measure}.{id}`, appended and never rewritten,
//! so measures and figures added on several devices offline all merge. A walkabout-derived
//! measure keeps no figures: it is counted from the walkabouts' observations when it is read.

use uuid::Uuid;
use waymark_core::outcome::{
    series, Marker, Measure, MeasureDraft, MeasureKind, MeasureView, Measurement, MeasurementDraft,
    OutcomeMonitoring, WalkObservations,
};
use waymark_core::vocabulary::ActionStatus;
use waymark_core::{Context, RecordId, ValidationError, WalkaboutState};

use crate::timeline::day_of;
use crate::{fields, Store, StoreError};
use waymark_core::history::{note, note_with};

const MEASURE: &str = "measure.";
const MEASUREMENT: &str = "measurement.";

impl Store {
    /// Chooses a measure for a context.
    pub fn add_measure(
        &mut self,
        context_id: RecordId,
        draft: MeasureDraft,
    ) -> Result<OutcomeMonitoring, StoreError> {
        let draft = draft.validate()?;
        let measure_id = RecordId::new(Uuid::now_v7())?;
        self.change_record::<Context>(context_id, note("history-chose-a-measure"), |doc| {
            fields::put(
                doc,
                &automerge::ROOT,
                &format!("{MEASURE}{measure_id}"),
                &draft,
            )
        })?;
        self.outcome_monitoring(context_id)
    }

    /// Adds a figure for one period to a measure, under the device's practitioner's name.
    pub fn record_measurement(
        &mut self,
        context_id: RecordId,
        measure_id: RecordId,
        figure: MeasurementDraft,
    ) -> Result<OutcomeMonitoring, StoreError> {
        let measure = self
            .measures(context_id)?
            .into_iter()
            .find(|m| m.id == measure_id)
            .ok_or(ValidationError::UnknownItem)?;
        let figure = figure.validate(measure.draft.kind, &self.today())?;
        let measurement = Measurement {
            figure,
            recorded_by: self.practitioner_name()?,
        };
        let figure_id = RecordId::new(Uuid::now_v7())?;
        let message = note_with("history-recorded-a-figure", &measure.draft.name);
        self.change_record::<Context>(context_id, &message, |doc| {
            let key = format!("{MEASUREMENT}{measure_id}.{figure_id}");
            fields::put(doc, &automerge::ROOT, &key, &measurement)
        })?;
        self.outcome_monitoring(context_id)
    }

    /// Every measure of a context with its points, and the plan's actions done, by the day.
    pub fn outcome_monitoring(
        &self,
        context_id: RecordId,
    ) -> Result<OutcomeMonitoring, StoreError> {
        let measures = self.measures(context_id)?;
        let walkabouts = if measures
            .iter()
            .any(|m| m.draft.kind == MeasureKind::WalkaboutDerived)
        {
            self.walks_of(context_id)?
        } else {
            Vec::new()
        };
        self.monitoring_from(context_id, measures, &walkabouts)
    }

    /// The same, for a caller that has already read the context's walks (an export), so they
    /// are not read twice.
    pub(crate) fn outcome_monitoring_of(
        &self,
        context_id: RecordId,
        walkabouts: &[waymark_core::Walkabout],
    ) -> Result<OutcomeMonitoring, StoreError> {
        self.monitoring_from(context_id, self.measures(context_id)?, walkabouts)
    }

    fn monitoring_from(
        &self,
        context_id: RecordId,
        measures: Vec<Measure>,
        walkabouts: &[waymark_core::Walkabout],
    ) -> Result<OutcomeMonitoring, StoreError> {
        // In the order they were walked, so two walks on one day keep their order on the chart.
        let mut walked: Vec<_> = walkabouts
            .iter()
            .filter_map(|walkabout| Some((walkabout.check_in.as_ref()?.at, walkabout)))
            .collect();
        walked.sort_by_key(|(at, walkabout)| (*at, walkabout.id));
        let walks: Vec<WalkObservations<'_>> = walked
            .into_iter()
            .map(|(at, walkabout)| WalkObservations {
                date: day_of(at),
                observations: walkabout.observations.iter().map(|o| &o.detail).collect(),
            })
            .collect();
        let measures = measures
            .into_iter()
            .map(|measure| MeasureView {
                points: series(&measure, &walks),
                measure,
                suppressed: 0,
            })
            .collect();
        let mut markers = Vec::new();
        for plan in self.list_plans(context_id)? {
            for action in plan.actions {
                if let (ActionStatus::Done, Some(date)) = (action.status, action.done_on) {
                    markers.push(Marker {
                        date,
                        label: action.description,
                    });
                }
            }
        }
        markers.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(OutcomeMonitoring { measures, markers })
    }

    /// The walkabouts of a context that were walked: checked in, and not cancelled.
    pub(crate) fn walks_of(
        &self,
        context_id: RecordId,
    ) -> Result<Vec<waymark_core::Walkabout>, StoreError> {
        let mut walked = Vec::new();
        for summary in self.list_walkabouts(context_id)? {
            if matches!(
                summary.state,
                WalkaboutState::Planned | WalkaboutState::Cancelled
            ) {
                continue;
            }
            walked.push(self.get_walkabout(summary.id)?);
        }
        Ok(walked)
    }

    fn measures(&self, context_id: RecordId) -> Result<Vec<Measure>, StoreError> {
        let stored = self.take_kind(context_id, waymark_core::RecordKind::Context)?;
        let read = read_measures(context_id, &stored);
        self.keep_kind(context_id, waymark_core::RecordKind::Context, stored);
        read
    }
}

fn read_measures(
    context_id: RecordId,
    doc: &automerge::AutoCommit,
) -> Result<Vec<Measure>, StoreError> {
    let root = automerge::ROOT;
    let mut measures: Vec<Measure> = fields::get_keyed::<MeasureDraft>(doc, &root, MEASURE)?
        .into_iter()
        .map(|(id, draft)| Measure {
            id,
            context_id,
            draft,
            measurements: Vec::new(),
        })
        .collect();
    for measure in &mut measures {
        let prefix = format!("{MEASUREMENT}{}.", measure.id);
        let mut figures: Vec<(RecordId, Measurement)> = fields::get_keyed(doc, &root, &prefix)?;
        figures.sort_by(|(a_id, a), (b_id, b)| {
            (&a.figure.period_end, a_id).cmp(&(&b.figure.period_end, b_id))
        });
        measure.measurements = figures;
    }
    Ok(measures)
}

#[cfg(test)]
mod tests {
    #[test]
    fn measure_keys_do_not_collide() {
        assert!(!super::MEASUREMENT.starts_with(super::MEASURE));
    }
}
