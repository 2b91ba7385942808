//! The device's passcode and lock: first run, unlock, lock, passcode change, idle time and reset.
//! Argon2id takes a few hundred milliseconds, so these run on a worker thread, never the UI's.

use std::sync::Arc;

use tauri::State;
use waymark_core::command::{
    ChangePasscode, GetLockState, LockNow, ResetDevice, SetIdleLock, SetPasscode, Unlock,
};
use waymark_core::passcode::LockState;
use waymark_core::CommandError;
use waymark_store::SharedStore;

use crate::state::Shell;
use crate::sync;

#[tauri::command(async)]
pub fn lock_state(
    shell: State<'_, Shell>,
    _request: GetLockState,
) -> Result<LockState, CommandError> {
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn set_passcode(
    shell: State<'_, Shell>,
    request: SetPasscode,
) -> Result<LockState, CommandError> {
    let store = shell
        .store
        .set_up(&request.passcode, &request.confirmation)?;
    start_sync(&shell, store);
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn unlock(shell: State<'_, Shell>, request: Unlock) -> Result<LockState, CommandError> {
    if let Some(store) = shell.store.unlock(&request.passcode)? {
        start_sync(&shell, store);
    }
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn lock(shell: State<'_, Shell>, _request: LockNow) -> Result<LockState, CommandError> {
    shell.store.lock();
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn change_passcode(
    shell: State<'_, Shell>,
    request: ChangePasscode,
) -> Result<LockState, CommandError> {
    shell
        .store
        .change_passcode(&request.current, &request.passcode, &request.confirmation)?;
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn set_idle_lock(
    shell: State<'_, Shell>,
    request: SetIdleLock,
) -> Result<LockState, CommandError> {
    shell.store.set_idle_lock(request.minutes)?;
    shell.store.lock_state()
}

#[tauri::command(async)]
pub fn reset_device(
    shell: State<'_, Shell>,
    request: ResetDevice,
) -> Result<LockState, CommandError> {
    shell.store.reset(&request.confirmation, &shell.sync)?;
    shell.store.lock_state()
}

/// The sync loop runs beside a store from the moment it is opened, until the device is reset or
/// the server orders it erased; then this carries out the order. Beside it, the shell waits for
/// the check of the whole file and closes the store if the file is damaged.
fn start_sync(shell: &Shell, store: Arc<SharedStore>) {
    let check = store.lock().whole_file_check();
    let (device, sync, opened) = (
        shell.store.clone(),
        shell.sync.clone(),
        Arc::downgrade(&store),
    );
    tauri::async_runtime::spawn_blocking(move || {
        device.close_if_damaged(&check, &opened, &sync);
    });
    let device = shell.store.clone();
    let status = shell.sync.clone();
    let task = tauri::async_runtime::spawn(async move {
        let order = sync::run(status, store).await;
        let wiped = tauri::async_runtime::spawn_blocking(move || device.wipe(&order)).await;
        match wiped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(code = %error.code, "the device could not be wiped"),
            Err(error) => tracing::error!(%error, "the device could not be wiped"),
        }
    });
    shell.sync.keep_task(task);
}
