//! Erasure from the app (privacy rules P12 and P13): a manager erases a record, or the past text
//! in its history, with a reason; sees what is due for erasure in the next 30 days and keeps one
//! record longer. Retention runs by itself in `serve`, once at start and then every hour. After
//! each erasure, every connected device of the workspace is told to come and sync, and is told
//! of the erasure then.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::Json;
use uuid::Uuid;
use waymark_core::erasure::{self, Erasure, ErasureRequest, RetentionDue, RetentionExtension};
use waymark_core::UnixMillis;

use crate::server::{authenticate, blocking, now_millis, AppState, Changed};
use crate::storage::{Eraser, RetentionApplied, Storage, WorkspaceId};
use crate::ServerError;

/// How often `serve` erases the records whose retention period has ended.
pub const RETENTION_EVERY: Duration = Duration::from_secs(60 * 60);

/// Tells every connected device of these workspaces that a session would bring something.
fn tell_devices(state: &AppState, workspaces: Vec<WorkspaceId>) {
    // Nobody is left out: the manager's own device must drop the record too.
    let _ = state.changes.send(Changed {
        workspaces,
        device: Uuid::nil(),
    });
}

fn request(body: &[u8]) -> Result<ErasureRequest, ServerError> {
    serde_json::from_slice::<ErasureRequest>(body)
        .map_err(|_| ServerError::BadErasure)?
        .validate()
        .map_err(ServerError::Invalid)
}

/// `POST /records/erase`: a manager of the record's workspace erases it.
pub async fn erase_record(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Erasure>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let request = request(&body)?;
    let (workspace, erasure) = blocking(&state, move |storage| {
        storage.erase_record(
            request.record,
            Eraser::Manager {
                name: &device.user,
                device: Some(device.id),
            },
            &request.reason,
            now_millis(),
        )
    })
    .await?;
    tell_devices(&state, vec![workspace]);
    Ok(Json(erasure))
}

/// `POST /records/erase-history`: a manager of the record's workspace erases its past text; the
/// answer is the record's new epoch.
pub async fn erase_history(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<u32>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let request = request(&body)?;
    let (workspace, epoch) = blocking(&state, move |storage| {
        storage.erase_history(
            request.record,
            &device.user,
            Some(device.id),
            &request.reason,
            now_millis(),
        )
    })
    .await?;
    tell_devices(&state, vec![workspace]);
    Ok(Json(epoch))
}

/// `GET /retention`: the records of the manager's workspace due for erasure in the next 30 days.
pub async fn retention_due(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Vec<RetentionDue>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let due = blocking(&state, move |storage| {
        let workspace = storage.device_workspace_name(device.id)?;
        storage.retention_due(
            &workspace,
            &device.user,
            erasure::notice_until(now_millis()),
        )
    })
    .await?;
    Ok(Json(due))
}

/// `POST /retention/extend`: a manager keeps one record of their workspace longer.
pub async fn extend_retention(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Vec<RetentionDue>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let extension = serde_json::from_slice::<RetentionExtension>(&body)
        .map_err(|_| ServerError::BadErasure)?
        .validate()
        .map_err(ServerError::Invalid)?;
    let due = blocking(&state, move |storage| {
        let now = now_millis();
        storage.extend_retention(&device.user, &extension, now)?;
        let workspace = storage.device_workspace_name(device.id)?;
        storage.retention_due(&workspace, &device.user, erasure::notice_until(now))
    })
    .await?;
    Ok(Json(due))
}

/// Erases every record whose retention period ended by `now`, and every route track whose
/// shorter period did, and says what went.
pub fn apply_retention(
    storage: &dyn Storage,
    now: UnixMillis,
) -> Result<RetentionApplied, ServerError> {
    let applied = storage.apply_retention(now)?;
    for (_, erasure) in &applied.records {
        tracing::info!(record = %erasure.record, kind = %erasure.kind, "erased: its retention period ended");
    }
    for (_, walkabout) in &applied.route_tracks {
        tracing::info!(record = %walkabout, "route track erased: its retention period ended");
    }
    Ok(applied)
}

/// Applies retention now and then every [`RETENTION_EVERY`], telling the devices of each
/// workspace that lost records. Runs for as long as the server does.
pub fn keep_applying_retention(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RETENTION_EVERY);
        loop {
            every.tick().await;
            let applied = blocking(&state, |storage| apply_retention(storage, now_millis())).await;
            match applied {
                Ok(applied) if !applied.workspaces().is_empty() => {
                    tell_devices(&state, applied.workspaces());
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(code = error.code(), %error, "retention could not be applied")
                }
            }
        }
    });
}
