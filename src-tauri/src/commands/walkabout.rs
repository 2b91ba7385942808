//! Walkabouts: planning, walking, observing, checking out and writing up.

use tauri::State;
use waymark_core::walkabout::WalkaboutPlan;
use waymark_core::{
    CheckIn, CheckOut, CommandError, ObservationDraft, RecordId, RoutePoint, Walkabout,
    WalkaboutSummary, WriteUpSection,
};

use crate::location::LocationState;
use crate::state::StoreState;

#[tauri::command(async)]
pub fn create_walkabout(
    store: State<'_, StoreState>,
    plan: WalkaboutPlan,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.create_walkabout(plan))
}

#[tauri::command(async)]
pub fn get_walkabout(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.get_walkabout(id))
}

#[tauri::command(async)]
pub fn list_walkabouts(
    store: State<'_, StoreState>,
    context_id: RecordId,
) -> Result<Vec<WalkaboutSummary>, CommandError> {
    store.with(|store| store.list_walkabouts(context_id))
}

#[tauri::command(async)]
pub fn check_in(
    store: State<'_, StoreState>,
    id: RecordId,
    check_in: CheckIn,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.check_in(id, check_in))
}

#[tauri::command(async)]
pub fn add_observation(
    store: State<'_, StoreState>,
    id: RecordId,
    draft: ObservationDraft,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.add_observation(id, draft))
}

#[tauri::command(async)]
pub fn check_out(
    store: State<'_, StoreState>,
    id: RecordId,
    check_out: CheckOut,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.check_out(id, check_out))
}

#[tauri::command(async)]
pub fn update_write_up(
    store: State<'_, StoreState>,
    id: RecordId,
    section: WriteUpSection,
    text: String,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.update_write_up(id, section, text))
}

#[tauri::command(async)]
pub fn complete_walkabout(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<Walkabout, CommandError> {
    store.with(|store| store.complete_walkabout(id))
}

#[tauri::command(async)]
pub fn walkabout_route(
    store: State<'_, StoreState>,
    id: RecordId,
) -> Result<Vec<RoutePoint>, CommandError> {
    store.with(|store| store.route(id))
}

/// Reads the location and, if there is a fix, adds it to the walkabout's route.
#[tauri::command(async)]
pub fn record_location(
    store: State<'_, StoreState>,
    location: State<'_, LocationState>,
    id: RecordId,
) -> Result<Option<RoutePoint>, CommandError> {
    let reading = location.0.current();
    if let Some(point) = reading {
        store.with(|store| store.record_route_point(id, point))?;
    }
    Ok(reading)
}
