//! Sync status, enrolment, "sync now", and what only the server holds: the audit log, the
//! workspace's people and their devices.

use tauri::State;
use waymark_core::access::{IssuedCode, WorkspaceDevice};
use waymark_core::audit::AuditEntry;
use waymark_core::command::{
    ChangeMember, ChangeWorkspaceSetting, EnrolMemberDevice, EnrollDevice, EraseHistory,
    EraseRecord, ExtendRetention, GetPartnerActions, GetRetentionDue, GetSyncStatus,
    ListWorkspaceDevices, ReadAuditLog, RevokeMemberDevice, RevokeShare, SettleEnrolment,
    ShareRecords, SyncNow, UpdatePartnerAction,
};
use waymark_core::directory::Directory;
use waymark_core::erasure::{Erasure, RetentionDue};
use waymark_core::plan::PartnerAction;
use waymark_core::{CommandError, SyncStatus};

use crate::state::Shell;
use crate::sync;

fn store_unavailable() -> CommandError {
    CommandError::new(
        "database_unreadable",
        "Sync is unavailable because this device's records could not be opened.",
    )
}

#[tauri::command(async)]
pub fn sync_status(
    shell: State<'_, Shell>,
    _request: GetSyncStatus,
) -> Result<SyncStatus, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    Ok(shell.sync.current(&store))
}

#[tauri::command]
pub async fn enroll_device(
    shell: State<'_, Shell>,
    request: EnrollDevice,
) -> Result<(), CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::enroll(&shell.sync, &store, &request.server, &request.code).await
}

/// A manager's view of the workspace's audit log, fetched from the server.
#[tauri::command]
pub async fn read_audit_log(
    shell: State<'_, Shell>,
    request: ReadAuditLog,
) -> Result<Vec<AuditEntry>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::read_audit_log(&store, &request.filter).await
}

/// A manager adds someone to the workspace or changes their role, on the server.
#[tauri::command]
pub async fn change_member(
    shell: State<'_, Shell>,
    request: ChangeMember,
) -> Result<Directory, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::change_member(&store, &request.change).await
}

/// A manager changes one of the workspace's settings, on the server.
#[tauri::command]
pub async fn change_workspace_setting(
    shell: State<'_, Shell>,
    request: ChangeWorkspaceSetting,
) -> Result<Directory, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::change_workspace_setting(&store, &request.setting).await
}

/// A manager asks the server for a one-time enrolment code for a new device of someone in the
/// workspace.
#[tauri::command]
pub async fn enrol_member_device(
    shell: State<'_, Shell>,
    request: EnrolMemberDevice,
) -> Result<IssuedCode, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::enrol_member_device(&store, &request.user).await
}

/// A manager lists the workspace's devices, from the server.
#[tauri::command]
pub async fn workspace_devices(
    shell: State<'_, Shell>,
    _request: ListWorkspaceDevices,
) -> Result<Vec<WorkspaceDevice>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::workspace_devices(&store).await
}

/// A manager cuts off a device of the workspace, or has a lost one erased, on the server.
#[tauri::command]
pub async fn revoke_member_device(
    shell: State<'_, Shell>,
    request: RevokeMemberDevice,
) -> Result<Vec<WorkspaceDevice>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::revoke_member_device(&store, &request.revocation).await
}

/// A manager shares records with a partner agency, to read, on the server.
#[tauri::command]
pub async fn share_records(
    shell: State<'_, Shell>,
    request: ShareRecords,
) -> Result<Directory, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::share_records(&store, &request.decision).await
}

/// A manager revokes a sharing decision, on the server.
#[tauri::command]
pub async fn revoke_share(
    shell: State<'_, Shell>,
    request: RevokeShare,
) -> Result<Directory, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::revoke_share(&store, request.decision).await
}

/// A manager erases a record everywhere; this device syncs at once to drop its own copy.
#[tauri::command]
pub async fn erase_record(
    shell: State<'_, Shell>,
    request: EraseRecord,
) -> Result<Erasure, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    let erasure = sync::erase_record(&store, &request.request).await?;
    shell.sync.wake();
    Ok(erasure)
}

/// A manager erases the past text of a record; this device syncs at once to take the new epoch.
#[tauri::command]
pub async fn erase_history(
    shell: State<'_, Shell>,
    request: EraseHistory,
) -> Result<u32, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    let epoch = sync::erase_history(&store, &request.request).await?;
    shell.sync.wake();
    Ok(epoch)
}

/// The records of the workspace due for erasure in the next 30 days, for a manager.
#[tauri::command]
pub async fn retention_due(
    shell: State<'_, Shell>,
    _request: GetRetentionDue,
) -> Result<Vec<RetentionDue>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::retention_due(&store).await
}

/// The actions the partner reader's agency owns, from the server.
#[tauri::command]
pub async fn partner_actions(
    shell: State<'_, Shell>,
    _request: GetPartnerActions,
) -> Result<Vec<PartnerAction>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::partner_actions(&store).await
}

/// A partner reader updates one of their agency's actions, on the server.
#[tauri::command]
pub async fn update_partner_action(
    shell: State<'_, Shell>,
    request: UpdatePartnerAction,
) -> Result<PartnerAction, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::update_partner_action(&store, &request.update).await
}

/// A manager keeps one record longer than its retention period.
#[tauri::command]
pub async fn extend_retention(
    shell: State<'_, Shell>,
    request: ExtendRetention,
) -> Result<Vec<RetentionDue>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::extend_retention(&store, &request.extension).await
}

/// The answer to whether this device's records may go to the workspace of a new enrolment.
#[tauri::command(async)]
pub fn settle_enrolment(
    shell: State<'_, Shell>,
    request: SettleEnrolment,
) -> Result<Option<String>, CommandError> {
    let store = shell.store.shared().ok_or_else(store_unavailable)?;
    sync::settle_enrolment(&shell.sync, &store, request.send_records)
}

#[tauri::command(async)]
pub fn sync_now(shell: State<'_, Shell>, _request: SyncNow) -> Result<(), CommandError> {
    shell.sync.wake();
    Ok(())
}
