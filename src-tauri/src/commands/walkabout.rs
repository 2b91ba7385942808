//! Walkabouts: planning, walking, observing, checking out and writing up.

use tauri::State;
use waymark_core::command::{
    AcknowledgeAlert, AddObservation, CancelWalkabout, CheckInTo, CheckOutOf, CompleteWalkabout,
    ConfirmNotAChildsName, CreateWalkabout, GetWalkabout, ListSafetyAlerts, ListWalkabouts,
    ListWalksInProgress, PauseRoute, RaiseOverdueAlarm, RecordLocation, RemoveObservation,
    ResumeRoute, UpdateObservation, UpdateWriteUp, WalkaboutRoute,
};
use waymark_core::walkabout::SafetyAlert;
use waymark_core::{CommandError, RoutePoint, WalkInProgress, Walkabout, WalkaboutSummary};

use crate::state::Shell;
use crate::sync::SystemClock;
use waymark_core::Clock;

#[tauri::command(async)]
pub fn create_walkabout(
    shell: State<'_, Shell>,
    request: CreateWalkabout,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.create_walkabout(request.plan))
}

#[tauri::command(async)]
pub fn get_walkabout(
    shell: State<'_, Shell>,
    request: GetWalkabout,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .viewing(request.id, |store| store.get_walkabout(request.id))
}

#[tauri::command(async)]
pub fn list_walkabouts(
    shell: State<'_, Shell>,
    request: ListWalkabouts,
) -> Result<Vec<WalkaboutSummary>, CommandError> {
    shell
        .store
        .with(|store| store.list_walkabouts(request.context_id))
}

#[tauri::command(async)]
pub fn check_in(shell: State<'_, Shell>, request: CheckInTo) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.check_in(request.id, request.check_in))
}

#[tauri::command(async)]
pub fn add_observation(
    shell: State<'_, Shell>,
    request: AddObservation,
) -> Result<Walkabout, CommandError> {
    shell.store.with(|store| {
        store.add_observation(request.id, request.draft)?;
        store.get_walkabout(request.id)
    })
}

#[tauri::command(async)]
pub fn update_observation(
    shell: State<'_, Shell>,
    request: UpdateObservation,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.update_observation(request.id, request.observation, request.draft))
}

#[tauri::command(async)]
pub fn remove_observation(
    shell: State<'_, Shell>,
    request: RemoveObservation,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.remove_observation(request.id, request.observation, &request.reason))
}

#[tauri::command(async)]
pub fn cancel_walkabout(
    shell: State<'_, Shell>,
    request: CancelWalkabout,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.cancel_walkabout(request.id, &request.reason))
}

#[tauri::command(async)]
pub fn check_out(shell: State<'_, Shell>, request: CheckOutOf) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.check_out(request.id, request.check_out))
}

/// A word the name check flagged is not a child's name (P3): kept in the walkabout, and
/// audited at the next sync.
#[tauri::command(async)]
pub fn confirm_not_a_childs_name(
    shell: State<'_, Shell>,
    request: ConfirmNotAChildsName,
) -> Result<Walkabout, CommandError> {
    let now = SystemClock.now();
    shell
        .store
        .with(|store| store.confirm_not_a_childs_name(request.id, &request.word, now))
}

#[tauri::command(async)]
pub fn update_write_up(
    shell: State<'_, Shell>,
    request: UpdateWriteUp,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.update_write_up(request.id, request.section, request.text))
}

#[tauri::command(async)]
pub fn complete_walkabout(
    shell: State<'_, Shell>,
    request: CompleteWalkabout,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.complete_walkabout(request.id))
}

#[tauri::command(async)]
pub fn walkabout_route(
    shell: State<'_, Shell>,
    request: WalkaboutRoute,
) -> Result<Vec<RoutePoint>, CommandError> {
    shell.store.with(|store| store.route(request.id))
}

/// The latest location and, if it is a fix the route has not had, adds it to the walkabout's
/// route. It does not wait for a slow fix: that one lands for the next call.
#[tauri::command(async)]
pub fn record_location(
    shell: State<'_, Shell>,
    request: RecordLocation,
) -> Result<Option<RoutePoint>, CommandError> {
    let reading = shell.location.0.read();
    if let (Some(point), true) = (reading.fix, reading.unrecorded) {
        shell
            .store
            .with_while_locked(|store| store.record_route_point(request.id, point))?;
    }
    Ok(reading.fix)
}

/// Turns route recording off: the walking screen stops reading the location until it resumes.
#[tauri::command(async)]
pub fn pause_route(
    shell: State<'_, Shell>,
    request: PauseRoute,
) -> Result<Walkabout, CommandError> {
    shell.store.with(|store| store.pause_route(request.id))
}

#[tauri::command(async)]
pub fn resume_route(
    shell: State<'_, Shell>,
    request: ResumeRoute,
) -> Result<Walkabout, CommandError> {
    shell.store.with(|store| store.resume_route(request.id))
}

/// The walkabouts being walked now, for the overdue warning on every screen.
#[tauri::command(async)]
pub fn walks_in_progress(
    shell: State<'_, Shell>,
    _request: ListWalksInProgress,
) -> Result<Vec<WalkInProgress>, CommandError> {
    shell.store.with(|store| store.walks_in_progress())
}

/// The safety alerts a manager has yet to acknowledge.
#[tauri::command(async)]
pub fn safety_alerts(
    shell: State<'_, Shell>,
    _request: ListSafetyAlerts,
) -> Result<Vec<SafetyAlert>, CommandError> {
    shell.store.with(|store| store.safety_alerts())
}

#[tauri::command(async)]
pub fn acknowledge_alert(
    shell: State<'_, Shell>,
    request: AcknowledgeAlert,
) -> Result<Walkabout, CommandError> {
    shell
        .store
        .with(|store| store.acknowledge_alert(request.id, &request.key))
}

/// The system notification for a walk past its grace; the UI's banner and sound stand either
/// way. Its words come from the record, not from the UI.
#[tauri::command(async)]
pub fn raise_overdue_alarm(
    shell: State<'_, Shell>,
    request: RaiseOverdueAlarm,
) -> Result<bool, CommandError> {
    let walks = shell.store.with(|store| store.walks_in_progress())?;
    Ok(match walks.iter().find(|walk| walk.id == request.id) {
        Some(walk) => {
            let (title, body) = walk.alarm_notice();
            shell.notifier.show(&title, &body)
        }
        None => false,
    })
}
