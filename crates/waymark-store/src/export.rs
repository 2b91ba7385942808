//! Exports of a context for a panel or an analyst: the store gathers the context's records and
//! `waymark-export` writes them; the shell saves the bytes and the audit log hears of it.

use waymark_core::export::{file_name, ExportFormat};
use waymark_core::{Observation, RecordId};
use waymark_export::{actions_csv, map_geojson, observations_csv, WalkedObservation};

use crate::timeline::today;
use crate::{Store, StoreError};

impl Store {
    /// The file name and bytes of an export of a context. Observation points are coarsened to
    /// the workspace's grid (privacy rule P19).
    pub fn export_context(
        &self,
        context_id: RecordId,
        format: ExportFormat,
    ) -> Result<(String, Vec<u8>), StoreError> {
        let context = self.get_context(context_id)?;
        let metres = self.workspace_settings()?.export_metres();
        let failed = |error: waymark_export::ExportError| StoreError::Export(error.to_string());
        let walks = match format {
            ExportFormat::ActionsCsv => Vec::new(),
            ExportFormat::ObservationsCsv | ExportFormat::MapGeojson => {
                self.walks_of(context_id)?
            }
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
            ExportFormat::MapGeojson => {
                map_geojson(std::slice::from_ref(&context), &observations, metres)
                    .map_err(failed)?
                    .into_bytes()
            }
        };
        Ok((file_name(&context.name, format, &today()), bytes))
    }
}
