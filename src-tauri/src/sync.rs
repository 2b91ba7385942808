//! Sync in the background: connect when enrolled, run a session at start, after local changes
//! and when the server says another device changed something, move attachments, and back off
//! with jitter when the server cannot be reached. Editing never waits for any of it: the store's
//! lock is held for one frame at a time.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use waymark_core::{CommandError, SyncPhase, SyncStatus};
use waymark_store::{SharedStore, SyncEnrolment};
use waymark_sync::backoff::retry_delay;
use waymark_sync::client::{Blobs, ClientError, Connection, ServerAddress};

/// How often a connected, quiet device looks for local changes to send.
const LOOK_FOR_CHANGES: Duration = Duration::from_secs(2);
/// How often a quiet connection is checked.
const KEEPALIVE: Duration = Duration::from_secs(25);

/// What the commands and the background task share.
#[derive(Debug, Default)]
pub struct SyncState {
    status: Mutex<SyncStatus>,
    /// Wakes the task: enrolment changed, or the practitioner asked to sync now.
    wake: Notify,
}

impl SyncState {
    fn status(&self) -> MutexGuard<'_, SyncStatus> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The status with the backlog as it is now.
    pub fn current(&self, store: &SharedStore) -> SyncStatus {
        let mut status = self.status().clone();
        if let Ok(backlog) = store.lock().sync_backlog() {
            status.waiting_records = backlog.records;
            status.waiting_attachments = backlog.attachments;
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

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

/// A number in `0.0..1.0` for jitter. Not a secret, so the clock's nanoseconds will do.
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    f64::from(nanos % 1000) / 1000.0
}

fn enrolment(store: &SharedStore) -> Option<(ServerAddress, SyncEnrolment)> {
    let enrolment = store.lock().sync_enrolment().ok().flatten()?;
    let address = ServerAddress::parse(&enrolment.server).ok()?;
    Some((address, enrolment))
}

/// Runs for the life of the app.
pub async fn run(state: Arc<SyncState>, store: Arc<SharedStore>) {
    let mut failures = 0;
    loop {
        let Some((address, enrolment)) = enrolment(&store) else {
            state.set(|s| {
                s.phase = SyncPhase::NotSetUp;
                s.server = None;
            });
            state.wake.notified().await;
            continue;
        };
        state.set(|s| {
            s.phase = SyncPhase::Connecting;
            s.server = Some(address.to_string());
        });
        let error = match Connection::open(&address, &enrolment.token).await {
            Ok(connection) => {
                let blobs = Blobs::new(address.clone(), enrolment.token.clone());
                connected(&state, &store, connection, &blobs, &mut failures).await
            }
            Err(error) => error,
        };
        tracing::info!(code = error.code(), "sync stopped");
        if error == ClientError::Reconnect {
            // The server let an old or quiet connection go: connect again, nothing is wrong.
            continue;
        }
        if matches!(error, ClientError::DeviceRevoked | ClientError::NotEnrolled) {
            // Waiting will not change this; a new enrolment, or "Sync now", tries again.
            state.set(|s| {
                s.phase = SyncPhase::CannotSync;
                s.problem = Some(problem(&error));
                s.retry_at = None;
            });
            state.wake.notified().await;
            failures = 0;
            continue;
        }
        let wait = retry_delay(failures, jitter());
        failures = failures.saturating_add(1);
        state.set(|s| {
            s.phase = SyncPhase::CannotSync;
            s.problem = Some(problem(&error));
            s.retry_at = Some(now_millis() + wait.as_millis() as i64);
        });
        // Asking to sync now, or a new enrolment, cuts the wait short.
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = state.wake.notified() => failures = 0,
        }
    }
}

/// Syncs on an open connection until it fails, and returns why.
async fn connected(
    state: &SyncState,
    store: &Arc<SharedStore>,
    mut connection: Connection,
    blobs: &Blobs,
    failures: &mut u32,
) -> ClientError {
    loop {
        let refused = match sync_once(state, store, &mut connection, blobs).await {
            Ok(refused) => refused,
            Err(error) => return error,
        };
        *failures = 0;
        // Wait for a reason to sync again.
        let mut quiet = Duration::ZERO;
        loop {
            tokio::select! {
                () = tokio::time::sleep(LOOK_FOR_CHANGES) => {
                    quiet += LOOK_FOR_CHANGES;
                    // What the server refused stays waiting; trying it again every few
                    // seconds would change nothing, so only new changes count.
                    let waiting = store.lock().sync_backlog().unwrap_or_default();
                    if !refused && waiting.records + waiting.attachments > 0 {
                        break;
                    }
                    if quiet >= KEEPALIVE {
                        quiet = Duration::ZERO;
                        if let Err(error) = connection.ping().await {
                            return error;
                        }
                    }
                }
                changed = connection.changed() => match changed {
                    Ok(()) => break,
                    Err(error) => return error,
                },
                () = state.wake.notified() => break,
            }
        }
    }
}

/// Runs one session and moves attachments. Returns whether the server refused anything.
async fn sync_once(
    state: &SyncState,
    store: &Arc<SharedStore>,
    connection: &mut Connection,
    blobs: &Blobs,
) -> Result<bool, ClientError> {
    let before = store.lock().heads_digest().ok();
    state.set(|s| {
        s.phase = SyncPhase::Syncing {
            settled: 0,
            total: 0,
        }
    });
    let report = connection
        .sync(store.as_ref(), |settled, total| {
            state.set(|s| s.phase = SyncPhase::Syncing { settled, total });
        })
        .await?;
    if !report.refused.is_empty() {
        tracing::warn!(refused = ?report.refused, "the server refused part of the sync");
    }
    move_attachments(store, blobs).await?;
    let refused = !report.refused.is_empty();
    let after = {
        let store = store.lock();
        // Only what the server confirmed: an edit made while the session or the attachments
        // ran stays waiting.
        if let Err(error) = store.mark_synced(&report.confirmed) {
            tracing::error!(%error, "sync could not record what the server holds");
        }
        store.heads_digest().ok()
    };
    state.set(|s| {
        s.phase = SyncPhase::Idle;
        s.problem = None;
        s.retry_at = None;
        s.synced_at = Some(now_millis());
        if before != after {
            s.revision += 1;
        }
    });
    Ok(refused)
}

/// Sends attachments the server lacks and fetches those that synced records name, each from
/// where it stopped last time.
async fn move_attachments(store: &SharedStore, blobs: &Blobs) -> Result<(), ClientError> {
    let to_upload = store.lock().attachments_to_upload().unwrap_or_default();
    for sha256 in to_upload {
        let Ok(photo) = store.lock().photo(&sha256) else {
            continue;
        };
        match blobs.upload(&sha256, &photo.bytes).await {
            Ok(()) => {
                if let Err(error) = store.lock().mark_uploaded(&sha256) {
                    tracing::error!(%error, "an upload could not be recorded");
                }
            }
            // The connection or the enrolment is gone: stop, and say why.
            Err(
                error @ (ClientError::Unreachable
                | ClientError::NotEnrolled
                | ClientError::DeviceRevoked),
            ) => return Err(error),
            // This one attachment was refused; the rest still go.
            Err(error) => tracing::warn!(code = error.code(), "an attachment was refused"),
        }
    }
    let wanted = store.lock().wanted_attachments().unwrap_or_default();
    for (sha256, mut received) in wanted {
        loop {
            let chunk = match blobs.download(&sha256, received).await {
                Ok(chunk) => chunk,
                // Not on the server yet: the device that took it has not uploaded it.
                Err(ClientError::Refused { .. }) => break,
                Err(error) => return Err(error),
            };
            if !chunk.bytes.is_empty() {
                let kept = store
                    .lock()
                    .add_download_chunk(&sha256, received, &chunk.bytes);
                if let Err(error) = kept {
                    tracing::error!(%error, "a download could not be kept");
                    break;
                }
                received += chunk.bytes.len() as u64;
            }
            if received >= chunk.size || chunk.bytes.is_empty() {
                if let Err(error) = store.lock().finish_download(&sha256) {
                    tracing::warn!(%error, "a download was refused");
                }
                break;
            }
        }
    }
    Ok(())
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
    store
        .lock()
        .set_sync_enrolment(&SyncEnrolment {
            server: address.to_string(),
            device: enrolment.device.to_string(),
            token: enrolment.token,
        })
        .map_err(CommandError::from)?;
    state.wake();
    Ok(())
}
