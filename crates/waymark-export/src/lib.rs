//! Exports for a panel, a board and their analysts, made from records on the device: PDFs to
//! print, CSV that spreadsheet programs open with the right columns and dates, and GeoJSON that
//! QGIS opens. No IO here: each export is bytes, which the shell writes where the practitioner
//! can find them.
//!
//! Nothing a child could be named by leaves in an export, by construction: observation notes,
//! place notes, escalation outcomes and case references are never columns or properties, and
//! where the workspace says so (privacy rule P19) observation points are coarsened to a grid. A
//! system review's reasons are its content and do leave: the store exports a review only once
//! its words pass the name check (P3).

mod coarse;
mod map;
mod pdf;
mod review;
mod tables;

pub use coarse::coarsen;
pub use map::map_geojson;
pub use pdf::{context_pdf, PanelWriteUp};
pub use review::{system_review_csv, system_review_pdf, ReviewReport, REVIEW_COLUMNS};
pub use tables::{actions_csv, measures_csv, observations_csv};

use waymark_core::{Observation, RecordId};

/// An observation made on a walk of a context, as the exports read it.
#[derive(Debug, Clone, Copy)]
pub struct WalkedObservation<'a> {
    /// The context's name.
    pub context: &'a str,
    pub walkabout: RecordId,
    pub observation: &'a Observation,
}

/// Why an export could not be made: the writer refused, which would be a bug here.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("the CSV could not be finished: {0}")]
    Finish(String),
    #[error("the GeoJSON could not be written: {0}")]
    Json(#[from] serde_json::Error),
}
