//! Outcome monitoring: a context's measures, their figures, and the points each makes.

use tauri::State;
use waymark_core::command::{AddMeasure, GetOutcomeMonitoring, RecordMeasurement};
use waymark_core::outcome::OutcomeMonitoring;
use waymark_core::CommandError;

use crate::state::Shell;

#[tauri::command(async)]
pub fn outcome_monitoring(
    shell: State<'_, Shell>,
    request: GetOutcomeMonitoring,
) -> Result<OutcomeMonitoring, CommandError> {
    shell
        .store
        .with(|store| store.outcome_monitoring(request.context_id))
}

#[tauri::command(async)]
pub fn add_measure(
    shell: State<'_, Shell>,
    request: AddMeasure,
) -> Result<OutcomeMonitoring, CommandError> {
    shell
        .store
        .with(|store| store.add_measure(request.context_id, request.measure))
}

#[tauri::command(async)]
pub fn record_measurement(
    shell: State<'_, Shell>,
    request: RecordMeasurement,
) -> Result<OutcomeMonitoring, CommandError> {
    shell.store.with(|store| {
        store.record_measurement(request.context_id, request.measure_id, request.figure)
    })
}
