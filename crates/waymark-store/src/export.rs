//! Exports of a context for a panel or an analyst, and of a system review for a board: the store
//! gathers the records and `waymark-export` writes them; the shell saves the bytes and the audit
//! log hears of it.

use waymark_core::export::{file_name, named_file, ExportFormat, ReviewExportFormat};
use waymark_core::ValidationError;
use waymark_core::{GeoPoint, ObservedLocation};
use waymark_core::{Observation, RecordId};
use waymark_export::{
    actions_csv, coarsen, context_pdf, map_geojson, measures_csv, observations_csv,
    system_review_csv, system_review_pdf, PanelWriteUp, ReviewReport, WalkedObservation,
};

use crate::{name_check, Store, StoreError};

impl Store {
    /// The file name and bytes of an export of a context. Observation points are coarsened to
    /// the workspace's grid (privacy rule P19); survey figures from too few respondents are left
    /// out (P11); a PDF carries the workspace's marking and names the sharing decision it is
    /// shared under, which must be one the context is shared under (P15).
    pub fn export_context(
        &self,
        context_id: RecordId,
        format: ExportFormat,
        sharing_decision: Option<i64>,
    ) -> Result<(String, Vec<u8>), StoreError> {
        let context = self.get_context(context_id)?;
        self.check_sharing_decision(context_id, sharing_decision)?;
        let settings = self.workspace_settings()?;
        let metres = settings.export_metres();
        let threshold = settings.survey_threshold();
        let failed = |error: waymark_export::ExportError| StoreError::Export(error.to_string());
        let walks = match format {
            ExportFormat::ActionsCsv => Vec::new(),
            ExportFormat::ObservationsCsv
            | ExportFormat::MapGeojson
            | ExportFormat::PanelPdf
            | ExportFormat::MeasuresCsv => self.walks_of(context_id)?,
        };
        let observations: Vec<WalkedObservation<'_>> = walks
            .iter()
            .flat_map(|walkabout| {
                walkabout
                    .observations
                    .iter()
                    .map(|observation: &Observation| WalkedObservation {
                        context: &context.name,
                        walkabout: walkabout.id,
                        observation,
                    })
            })
            .collect();
        let bytes = match format {
            ExportFormat::ObservationsCsv => {
                observations_csv(&observations, metres).map_err(failed)?
            }
            ExportFormat::ActionsCsv => {
                actions_csv(&context.name, &self.list_plans(context_id)?).map_err(failed)?
            }
            ExportFormat::MeasuresCsv => measures_csv(
                &context.name,
                &self
                    .outcome_monitoring_of(context_id, &walks)?
                    .for_export(threshold),
                threshold,
            )
            .map_err(failed)?,
            ExportFormat::MapGeojson => {
                map_geojson(std::slice::from_ref(&context), &observations, metres)
                    .map_err(failed)?
                    .into_bytes()
            }
            ExportFormat::PanelPdf => {
                let points: Vec<GeoPoint> = observations
                    .iter()
                    .filter_map(|row| match row.observation.detail.location {
                        ObservedLocation::Fix { lat, lon, .. } => {
                            let (lat, lon) = coarsen(lat, lon, metres);
                            Some(GeoPoint { lat, lon })
                        }
                        ObservedLocation::NoFix { .. } => None,
                    })
                    .collect();
                let made_on = self.today();
                context_pdf(&PanelWriteUp {
                    classification: settings.classification(),
                    sharing_decision,
                    made_on: &made_on,
                    context: &context,
                    timeline: &self.timeline(context_id)?.entries,
                    plans: &self.list_plans(context_id)?,
                    outcomes: &self
                        .outcome_monitoring_of(context_id, &walks)?
                        .for_export(threshold),
                    observation_points: &points,
                    grid_metres: metres,
                })
            }
        };
        Ok((file_name(&context.name, format, &self.today()), bytes))
    }

    /// The file name and bytes of an export of a system review: what the group may see (before
    /// moderation, no rater's rating), once its words pass the name check (P3).
    pub fn export_system_review(
        &self,
        id: RecordId,
        format: ReviewExportFormat,
        sharing_decision: Option<i64>,
    ) -> Result<(String, Vec<u8>), StoreError> {
        let review = self.get_system_review(id)?;
        self.check_sharing_decision(id, sharing_decision)?;
        let settings = self.workspace_settings()?;
        name_check::check_completable(&review, &settings.first_names)?;
        let view = self.system_review_seen_by(id, None)?;
        let made_on = self.today();
        let bytes = match format {
            ReviewExportFormat::Csv => {
                system_review_csv(&view).map_err(|error| StoreError::Export(error.to_string()))?
            }
            ReviewExportFormat::Pdf => system_review_pdf(&ReviewReport {
                classification: settings.classification(),
                sharing_decision,
                made_on: &made_on,
                review: &view,
            }),
        };
        Ok((
            named_file(&view.area, format.file_ending(), &made_on),
            bytes,
        ))
    }

    /// Refuses a sharing decision the record is not shared under, as the server last said: a
    /// number printed on every page must be the decision that lets the reader have it.
    fn check_sharing_decision(
        &self,
        record: RecordId,
        sharing_decision: Option<i64>,
    ) -> Result<(), StoreError> {
        match sharing_decision {
            Some(number) if !self.audience(record)?.shared_decisions.contains(&number) => {
                Err(ValidationError::UnknownSharingDecision.into())
            }
            _ => Ok(()),
        }
    }
}
