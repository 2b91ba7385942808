//! Sync status, enrolment, and "sync now".

use std::sync::Arc;

use tauri::State;
use waymark_core::{CommandError, SyncStatus};

use crate::state::StoreState;
use crate::sync::{self, SyncState};

fn store_unavailable() -> CommandError {
    CommandError::new(
        "database_unreadable",
        "Sync is unavailable because this device's records could not be opened.",
    )
}

#[tauri::command(async)]
pub fn sync_status(
    store: State<'_, StoreState>,
    sync: State<'_, Arc<SyncState>>,
) -> Result<SyncStatus, CommandError> {
    let store = store.shared().ok_or_else(store_unavailable)?;
    Ok(sync.current(&store))
}

#[tauri::command]
pub async fn enroll_device(
    store: State<'_, StoreState>,
    sync: State<'_, Arc<SyncState>>,
    server: String,
    code: String,
) -> Result<(), CommandError> {
    let store = store.shared().ok_or_else(store_unavailable)?;
    sync::enroll(&sync, &store, &server, &code).await
}

/// The answer to whether this device's records may go to the workspace of a new enrolment.
#[tauri::command(async)]
pub fn settle_enrolment(
    store: State<'_, StoreState>,
    sync: State<'_, Arc<SyncState>>,
    send_records: bool,
) -> Result<Option<String>, CommandError> {
    let store = store.shared().ok_or_else(store_unavailable)?;
    sync::settle_enrolment(&sync, &store, send_records)
}

#[tauri::command(async)]
pub fn sync_now(sync: State<'_, Arc<SyncState>>) {
    sync.wake();
}
