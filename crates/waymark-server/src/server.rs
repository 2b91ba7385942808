//! The HTTP side: `/healthz`, `/enroll`, the `/sync` WebSocket and `/blobs`. Every route but the
//! first two needs a device token, checked before anything else happens.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::config::Config;
use crate::storage::{Device, Storage, WorkspaceId};
use crate::{connection, secret, ServerError};

/// The largest blob chunk a device may send or ask for at once.
pub const BLOB_CHUNK_BYTES: u64 = 1024 * 1024;

/// The WebSocket buffers each connection starts with.
const IDLE_BUFFER_BYTES: usize = 8 * 1024;

/// Sent to every connection when a device's session changed documents.
#[derive(Debug, Clone)]
pub struct Changed {
    pub workspaces: Vec<WorkspaceId>,
    pub device: Uuid,
}

#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub config: Arc<Config>,
    pub changes: broadcast::Sender<Changed>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/healthz",
            get(|| async { Json(serde_json::json!({ "status": "ok" })) }),
        )
        .route("/enroll", post(enroll))
        .route("/sync", get(sync))
        .route("/blobs/{sha256}", get(download).put(upload))
        .route("/blobs/{sha256}/upload", get(upload_status))
        .layer(DefaultBodyLimit::max(BLOB_CHUNK_BYTES as usize + 1024))
        .with_state(state)
}

/// An error as a device receives it: a status, a stable code and a sentence.
impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::Unauthorized | Self::DeviceRevoked => StatusCode::UNAUTHORIZED,
            Self::CodeUnknown | Self::CodeUsed | Self::CodeExpired => StatusCode::BAD_REQUEST,
            Self::UnknownBlob | Self::Forbidden => StatusCode::NOT_FOUND,
            Self::WrongOffset { .. } => StatusCode::CONFLICT,
            Self::HashMismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BlobTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(code = self.code(), error = %self, "request failed");
        }
        let body = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        (status, Json(body)).into_response()
    }
}

/// The device behind the request's bearer token, or 401.
fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Device, crate::storage::Sha256), ServerError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ServerError::Unauthorized)?;
    let hash = secret::hash(token.trim());
    match state.storage.device_by_token(hash)? {
        Some(device) if device.revoked => Err(ServerError::DeviceRevoked),
        Some(device) => Ok((device, hash)),
        None => Err(ServerError::Unauthorized),
    }
}

#[derive(Debug, Deserialize)]
struct EnrolRequest {
    code: String,
}

#[derive(Debug, Serialize)]
struct Enrolment {
    token: String,
    device: Uuid,
}

async fn enroll(
    State(state): State<AppState>,
    Json(request): Json<EnrolRequest>,
) -> Result<Json<Enrolment>, ServerError> {
    let token = secret::new_token()?;
    let code = secret::hash(&secret::normalise_code(&request.code));
    let device = state
        .storage
        .redeem_code(code, secret::hash(&token), now_millis())?;
    tracing::info!(%device, "device enrolled");
    Ok(Json(Enrolment { token, device }))
}

async fn sync(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ServerError> {
    let (device, token) = authenticate(&state, &headers)?;
    // The transport's own limit sits above ours, so a frame a little too large is answered with
    // an error frame instead of a dropped connection.
    let transport_limit = state.config.max_frame_bytes.saturating_mul(2);
    Ok(upgrade
        // Most connections sit idle between sessions: small buffers that grow when a frame
        // needs it keep each one cheap.
        .read_buffer_size(IDLE_BUFFER_BYTES)
        .write_buffer_size(IDLE_BUFFER_BYTES)
        .max_message_size(transport_limit)
        .max_frame_size(transport_limit)
        .on_upgrade(move |socket| connection::serve(socket, state, device, token)))
}

/// A blob's name as a path gives it; anything else names no blob.
fn checked_sha256(sha256: &str) -> Result<&str, ServerError> {
    if waymark_sync::blob::is_name(sha256) {
        Ok(sha256)
    } else {
        Err(ServerError::UnknownBlob)
    }
}

#[derive(Debug, Deserialize)]
struct Range {
    #[serde(default)]
    offset: u64,
    #[serde(default)]
    length: Option<u64>,
}

/// Part of a blob that one of the device's workspaces may fetch. The `x-blob-size` header gives
/// the whole size, so a device can resume where a dropped download stopped.
async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, ServerError> {
    let (device, _) = authenticate(&state, &headers)?;
    let sha256 = checked_sha256(&sha256)?;
    let size = state
        .storage
        .blob_size(sha256, &device.workspaces)?
        .ok_or(ServerError::UnknownBlob)?;
    let length = range
        .length
        .unwrap_or(BLOB_CHUNK_BYTES)
        .min(BLOB_CHUNK_BYTES)
        .min(size.saturating_sub(range.offset));
    let bytes = state.storage.read_blob(sha256, range.offset, length)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::HeaderName::from_static("x-blob-size"),
                size.to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Serialize)]
struct UploadStatus {
    received: u64,
    complete: bool,
}

/// Where this workspace's upload of a blob stands: complete if the workspace already has the
/// blob, else how many bytes have arrived.
fn upload_progress(
    storage: &dyn Storage,
    sha256: &str,
    workspace: WorkspaceId,
) -> Result<UploadStatus, ServerError> {
    Ok(match storage.blob_size(sha256, &[workspace])? {
        Some(size) => UploadStatus {
            received: size,
            complete: true,
        },
        None => UploadStatus {
            received: storage.upload_received(sha256, workspace)?,
            complete: false,
        },
    })
}

/// How much of an upload the server holds, so a device resumes from there.
async fn upload_status(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
) -> Result<Json<UploadStatus>, ServerError> {
    let (device, _) = authenticate(&state, &headers)?;
    let sha256 = checked_sha256(&sha256)?;
    upload_progress(state.storage.as_ref(), sha256, device.home).map(Json)
}

#[derive(Debug, Deserialize)]
struct Chunk {
    offset: u64,
    total: u64,
}

/// One chunk of a blob, at the offset the server asked for. The last one completes the blob,
/// which is kept only if its SHA-256 matches its name.
async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    Query(chunk): Query<Chunk>,
    body: Bytes,
) -> Result<Json<UploadStatus>, ServerError> {
    let (device, _) = authenticate(&state, &headers)?;
    let sha256 = checked_sha256(&sha256)?;
    if chunk.total > state.config.max_blob_bytes {
        return Err(ServerError::BlobTooLarge(state.config.max_blob_bytes));
    }
    let storage = state.storage.as_ref();
    let progress = upload_progress(storage, sha256, device.home)?;
    if progress.complete {
        return Ok(Json(progress));
    }
    let received = progress.received;
    if chunk.offset != received || received + body.len() as u64 > chunk.total {
        return Err(ServerError::WrongOffset { received });
    }
    storage.append_upload(sha256, device.home, chunk.offset, &body)?;
    let received = received + body.len() as u64;
    let complete = received == chunk.total;
    if complete {
        let bytes = storage.take_upload(sha256, device.home)?;
        if waymark_sync::blob::name_of(&bytes) != sha256 {
            tracing::warn!(device = %device.id, "a blob did not match its SHA-256 and was refused");
            return Err(ServerError::HashMismatch);
        }
        storage.put_blob(sha256, device.home, &bytes)?;
    }
    Ok(Json(UploadStatus { received, complete }))
}
