//! Sync in the background: the sync client's loop (`waymark_sync::agent`) driven with the app's
//! store, the system clock and the status the UI reads; and enrolment. Editing never waits for
//! any of it: the store's lock is held for one frame at a time.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tauri::async_runtime::JoinHandle;
use tokio::sync::Notify;
use waymark_core::access::{
    DeviceRevocation, IssuedCode, MemberChange, SharingDecisionDraft, WorkspaceDevice,
};
use waymark_core::audit::{AuditEntry, AuditFilter, ReportedEvent};
use waymark_core::directory::Directory;
use waymark_core::enrolment::{enrolment_change, EnrolledWith, EnrolmentChange};
use waymark_core::erasure::{Erasure, ErasureRequest, RetentionDue, RetentionExtension};
use waymark_core::passcode::WipeOrder;
use waymark_core::plan::{PartnerAction, PartnerActionUpdate};
use waymark_core::sync_status::SetAside;
use waymark_core::workspace_settings::WorkspaceSetting;
use waymark_core::{Clock, CommandError, RecordId, SyncStatus, UnixMillis};
use waymark_store::{SharedStore, SyncEnrolment};
use waymark_sync::agent::{Agent, DeviceStore, Enrolled, HttpServer, Status, Timer};
use waymark_sync::client::{ClientError, ServerAddress};
use waymark_sync::frame::Heads;
use waymark_sync::{LocalReplica, Message, Session};

/// What the commands and the background task share.
#[derive(Debug, Default)]
pub struct SyncState {
    status: Mutex<SyncStatus>,
    /// Wakes the task: enrolment changed, or the practitioner asked to sync now.
    wake: Notify,
    /// The running loop, so that a reset can stop it before the store's files go.
    task: Mutex<Option<JoinHandle<()>>>,
}

impl SyncState {
    /// Keeps the loop just started beside a newly opened store; one left over from a store
    /// that was closed since is stopped.
    pub fn keep_task(&self, task: JoinHandle<()>) {
        let old = self
            .task
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace(task);
        if let Some(old) = old {
            old.abort();
        }
    }

    /// Stops the loop at its next wait. It never holds the store's lock across a wait, so what
    /// it was writing is either saved or not begun.
    pub fn stop(&self) {
        let task = self
            .task
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(task) = task {
            task.abort();
        }
    }

    fn status(&self) -> MutexGuard<'_, SyncStatus> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The status with the backlog as it is now.
    pub fn current(&self, store: &SharedStore) -> SyncStatus {
        let mut status = self.status().clone();
        let store = store.lock();
        if let Ok(backlog) = store.sync_backlog() {
            status.waiting_records = backlog.records;
            status.waiting_attachments = backlog.attachments;
        }
        if let Ok(set_aside) = store.set_aside() {
            status.set_aside = set_aside
                .iter()
                .map(|record| SetAside::new(&record.kind, &record.id.to_string()))
                .collect();
        }
        status
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn set(&self, update: impl FnOnce(&mut SyncStatus)) {
        update(&mut self.status());
    }
}

fn problem(error: &ClientError) -> CommandError {
    CommandError::new(error.code(), error.to_string())
}

impl Status for SyncState {
    fn update(&self, change: &mut (dyn FnMut(&mut SyncStatus) + Send)) {
        change(&mut self.status());
    }

    fn woken(&self) -> impl Future<Output = ()> + Send {
        self.wake.notified()
    }
}

/// The system clock (the store's), and jitter from the operating system's random source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixMillis {
        waymark_store::SystemClock.now()
    }
}

impl Timer for SystemClock {
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(wait)
    }

    fn jitter(&self) -> f64 {
        let mut bytes = [0; 4];
        match getrandom::fill(&mut bytes) {
            Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
            // No randomness to be had: no jitter, which only makes retries less spread.
            Err(_) => 0.0,
        }
    }
}

/// The device store as the sync loop sees it.
#[derive(Debug, Clone)]
struct AppStore(Arc<SharedStore>);

impl LocalReplica for AppStore {
    fn step(&self, session: &mut Session, incoming: Option<Message>) -> Vec<Message> {
        self.0.step(session, incoming)
    }
}

impl DeviceStore for AppStore {
    fn enrolment(&self) -> Option<Enrolled> {
        let enrolment = self.0.lock().sync_enrolment().ok().flatten()?;
        Some(Enrolled {
            server: enrolment.server,
            token: enrolment.token,
        })
    }

    fn waiting(&self) -> usize {
        let backlog = self.0.lock().sync_backlog().unwrap_or_default();
        backlog.records + backlog.attachments
    }

    fn mark_synced(&self, confirmed: &BTreeMap<RecordId, Heads>) {
        if let Err(error) = self.0.lock().mark_synced(confirmed) {
            tracing::error!(%error, "sync could not record what the server holds");
        }
    }

    fn attachments_to_upload(&self) -> Vec<String> {
        self.0.lock().attachments_to_upload().unwrap_or_default()
    }

    fn attachment(&self, sha256: &str) -> Option<Vec<u8>> {
        self.0.lock().photo(sha256).ok().map(|photo| photo.bytes)
    }

    fn mark_uploaded(&self, sha256: &str) {
        if let Err(error) = self.0.lock().mark_uploaded(sha256) {
            tracing::error!(%error, "an upload could not be recorded");
        }
    }

    fn wanted_attachments(&self) -> Vec<(String, u64)> {
        self.0.lock().wanted_attachments().unwrap_or_default()
    }

    fn keep_chunk(&self, sha256: &str, offset: u64, bytes: &[u8]) -> bool {
        match self.0.lock().add_download_chunk(sha256, offset, bytes) {
            Ok(()) => true,
            Err(error) => {
                tracing::error!(%error, "a download could not be kept");
                false
            }
        }
    }

    fn finish_download(&self, sha256: &str) {
        if let Err(error) = self.0.lock().finish_download(sha256) {
            tracing::warn!(%error, "a download was refused");
        }
    }

    fn audit_to_send(&self, limit: usize) -> Vec<ReportedEvent> {
        self.0.lock().audit_to_send(limit).unwrap_or_default()
    }

    fn audit_sent(&self, ids: &[u64], now: UnixMillis) {
        if let Err(error) = self.0.lock().audit_sent(ids, now) {
            tracing::error!(%error, "sent views could not be marked");
        }
    }

    fn keep_directory(&self, directory: &Directory) {
        if let Err(error) = self.0.lock().set_directory(directory) {
            tracing::error!(%error, "the workspace's directory could not be kept");
        }
    }
}

/// Runs while the store is open, until the server orders the device erased: then it answers the
/// order, having let go of the store so that its files can go.
pub async fn run(state: Arc<SyncState>, store: Arc<SharedStore>) -> WipeOrder {
    let agent = Agent {
        store: AppStore(store),
        server: HttpServer,
        clock: SystemClock,
        status: state,
    };
    agent.run().await
}

/// Enrols this device with a server: the code is exchanged for a token, which is kept in the
/// device database.
pub async fn enroll(
    state: &SyncState,
    store: &SharedStore,
    server: &str,
    code: &str,
) -> Result<(), CommandError> {
    let address = ServerAddress::parse(server).map_err(|e| problem(&e))?;
    let enrolment = waymark_sync::client::enroll(&address, code)
        .await
        .map_err(|e| problem(&e))?;
    let new = SyncEnrolment {
        server: address.to_string(),
        device: enrolment.device.to_string(),
        token: enrolment.token,
        workspace: enrolment.workspace,
    };
    let mut store = store.lock();
    store
        .enrolled_for(&enrolment.user)
        .map_err(CommandError::from)?;
    let current = store.sync_enrolment().map_err(CommandError::from)?;
    let records = store.record_count().map_err(CommandError::from)?;
    let place = |e: &SyncEnrolment| EnrolledWith {
        server: e.server.clone(),
        workspace: e.workspace.clone(),
    };
    match enrolment_change(current.as_ref().map(place).as_ref(), &place(&new), records) {
        EnrolmentChange::Activate => {
            store.set_sync_enrolment(&new).map_err(CommandError::from)?;
        }
        EnrolmentChange::AskFirst(question) => {
            // Nothing goes anywhere until the practitioner answers.
            store
                .set_pending_enrolment(&new)
                .map_err(CommandError::from)?;
            return Err(question);
        }
    }
    state.wake();
    Ok(())
}

/// The server this device is enrolled with, for what only the server holds.
fn enrolled_server(store: &SharedStore) -> Result<(ServerAddress, String), CommandError> {
    let enrolment = store
        .lock()
        .sync_enrolment()
        .map_err(CommandError::from)?
        .ok_or_else(|| {
            CommandError::new(
                "not_enrolled",
                "This device is not enrolled with a sync server, which keeps the workspace's people and its audit log.",
            )
        })?;
    let address = ServerAddress::parse(&enrolment.server).map_err(|e| problem(&e))?;
    Ok((address, enrolment.token))
}

/// The workspace's audit log, as the server gives it to a manager; it lives there, so this
/// needs the connection.
pub async fn read_audit_log(
    store: &SharedStore,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::fetch_audit(&address, &token, filter)
        .await
        .map_err(|e| problem(&e))
}

/// A manager's change to the workspace's people, made on the server; the directory it answers
/// with is kept at once, so the change shows without waiting for a sync.
pub async fn change_member(
    store: &SharedStore,
    change: &MemberChange,
) -> Result<Directory, CommandError> {
    let (address, token) = enrolled_server(store)?;
    keep_directory(
        store,
        waymark_sync::client::change_member(&address, &token, change).await,
    )
}

/// A manager's request for a new device's one-time enrolment code; the code is shown once and
/// never kept here.
pub async fn enrol_member_device(
    store: &SharedStore,
    user: &str,
) -> Result<IssuedCode, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::enrol_member_device(&address, &token, user)
        .await
        .map_err(|e| problem(&e))
}

/// The devices of a manager's workspace, as the server lists them.
pub async fn workspace_devices(store: &SharedStore) -> Result<Vec<WorkspaceDevice>, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::workspace_devices(&address, &token)
        .await
        .map_err(|e| problem(&e))
}

/// A manager cuts off, or has erased, a device of their workspace, on the server.
pub async fn revoke_member_device(
    store: &SharedStore,
    revocation: &DeviceRevocation,
) -> Result<Vec<WorkspaceDevice>, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::revoke_member_device(&address, &token, revocation)
        .await
        .map_err(|e| problem(&e))
}

/// A manager erases a record everywhere, on the server; this device drops its copy at the sync
/// the caller asks for next.
pub async fn erase_record(
    store: &SharedStore,
    request: &ErasureRequest,
) -> Result<Erasure, CommandError> {
    let request = request.clone().validate().map_err(CommandError::from)?;
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::erase_record(&address, &token, &request)
        .await
        .map_err(|e| problem(&e))
}

/// A manager erases the past text of a record, on the server; this device takes the new epoch at
/// the sync the caller asks for next.
pub async fn erase_history(
    store: &SharedStore,
    request: &ErasureRequest,
) -> Result<u32, CommandError> {
    let request = request.clone().validate().map_err(CommandError::from)?;
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::erase_history(&address, &token, &request)
        .await
        .map_err(|e| problem(&e))
}

/// The records of the manager's workspace due for erasure in the next 30 days.
pub async fn retention_due(store: &SharedStore) -> Result<Vec<RetentionDue>, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::retention_due(&address, &token)
        .await
        .map_err(|e| problem(&e))
}

/// The actions a partner reader's agency owns, from the server: they never come to the device
/// as a plan.
pub async fn partner_actions(store: &SharedStore) -> Result<Vec<PartnerAction>, CommandError> {
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::partner_actions(&address, &token)
        .await
        .map_err(|e| problem(&e))
}

/// A partner reader's update of one of their agency's actions, made on the server.
pub async fn update_partner_action(
    store: &SharedStore,
    update: &PartnerActionUpdate,
) -> Result<PartnerAction, CommandError> {
    // Checked here first, so that a mistake is answered without the connection.
    update
        .change
        .clone()
        .validate()
        .map_err(CommandError::from)?;
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::update_partner_action(&address, &token, update)
        .await
        .map_err(|e| problem(&e))
}

/// A manager keeps one record longer, on the server.
pub async fn extend_retention(
    store: &SharedStore,
    extension: &RetentionExtension,
) -> Result<Vec<RetentionDue>, CommandError> {
    let extension = extension.clone().validate().map_err(CommandError::from)?;
    let (address, token) = enrolled_server(store)?;
    waymark_sync::client::extend_retention(&address, &token, &extension)
        .await
        .map_err(|e| problem(&e))
}

/// A manager's change to one of the workspace's settings, made on the server and kept here at
/// once with the directory it answers with.
pub async fn change_workspace_setting(
    store: &SharedStore,
    setting: &WorkspaceSetting,
) -> Result<Directory, CommandError> {
    let (address, token) = enrolled_server(store)?;
    keep_directory(
        store,
        waymark_sync::client::change_workspace_setting(&address, &token, setting).await,
    )
}

/// A manager's sharing decision, made on the server and kept here with the directory it answers
/// with.
pub async fn share_records(
    store: &SharedStore,
    decision: &SharingDecisionDraft,
) -> Result<Directory, CommandError> {
    // Privacy rule P3: nothing that may name a child leaves for another agency.
    store
        .lock()
        .check_shareable(&decision.record_ids)
        .map_err(CommandError::from)?;
    let (address, token) = enrolled_server(store)?;
    keep_directory(
        store,
        waymark_sync::client::share_records(&address, &token, decision).await,
    )
}

/// A manager's revocation of a sharing decision, made on the server; the directory it answers
/// with no longer names the decision's readers.
pub async fn revoke_share(store: &SharedStore, decision: i64) -> Result<Directory, CommandError> {
    let (address, token) = enrolled_server(store)?;
    keep_directory(
        store,
        waymark_sync::client::revoke_share(&address, &token, decision).await,
    )
}

/// Keeps the directory the server answered a manager's change with.
fn keep_directory(
    store: &SharedStore,
    answer: Result<Directory, ClientError>,
) -> Result<Directory, CommandError> {
    let directory = answer.map_err(|e| problem(&e))?;
    store
        .lock()
        .set_directory(&directory)
        .map_err(CommandError::from)?;
    Ok(directory)
}

/// The practitioner's answer to "send this device's records to the new workspace?": yes moves
/// the enrolment and everything waits to go there; no keeps the current enrolment as it was.
/// Returns the address this device now syncs with.
pub fn settle_enrolment(
    state: &SyncState,
    store: &SharedStore,
    send_records: bool,
) -> Result<Option<String>, CommandError> {
    let store = store.lock();
    let pending = store
        .take_pending_enrolment()
        .map_err(CommandError::from)?
        .ok_or_else(|| {
            CommandError::new(
                "no_enrolment_waiting",
                "No enrolment is waiting for your answer: enter the address and a new code again.",
            )
        })?;
    if send_records {
        store
            .switch_enrolment(&pending)
            .map_err(CommandError::from)?;
        state.set(|s| s.server = Some(pending.server.clone()));
        state.wake();
    }
    Ok(store
        .sync_enrolment()
        .map_err(CommandError::from)?
        .map(|enrolment| enrolment.server))
}
