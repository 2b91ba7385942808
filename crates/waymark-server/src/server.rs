//! The HTTP side: `/healthz`, `/metrics`, `/enroll`, the `/sync` WebSocket, `/blobs`, `/audit`,
//! `/directory`, `/members`, `/workspace-settings`, `/shares`, and erasure (`/records/erase`,
//! `/records/erase-history`, `/retention`; see `erasure.rs`). Every route but the first three
//! needs a device token, checked before anything else happens; `/metrics` may need its own.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch, Semaphore};
use uuid::Uuid;
use waymark_core::access::{
    DeviceEnrolment, DeviceRevocation, IssuedCode, MemberChange, ShareRevocation,
    SharingDecisionDraft, WorkspaceDevice,
};
use waymark_core::audit::{
    AuditAction, AuditEntry, AuditFilter, ReportedEvent, MAX_REPORTED_EVENTS,
};
use waymark_core::directory::Directory;
use waymark_core::workspace_settings::WorkspaceSetting;
use waymark_core::UnixMillis;

use crate::address_limit::AddressLimit;
use crate::config::Config;
use crate::metrics::{Metrics, StorageWork};
use crate::revocation::{self, Revoked};
use crate::storage::{Device, DocumentAccess, Storage, WorkspaceId};
use crate::{change_feed, connection, erasure, members, partner_actions, secret, ServerError};

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
    /// Devices revoked while the server runs, so their connections close themselves.
    pub revoked: Revoked,
    /// Enrolment codes tried, and tokens refused, per network address.
    pub enroll_limit: Arc<AddressLimit>,
    pub auth_limit: Arc<AddressLimit>,
    /// One permit per open sync connection.
    pub connections: Arc<Semaphore>,
    pub metrics: Arc<Metrics>,
    /// Becomes true when the server is asked to stop: each connection finishes the session it
    /// is in, then closes, and the device reconnects (to another server process, if there is one).
    pub stopping: watch::Sender<bool>,
}

impl AppState {
    /// The state every request shares, and the watch for revoked devices. Call it inside the
    /// runtime that serves.
    pub fn new(storage: Arc<dyn Storage>, config: Config) -> Self {
        let (changes, _) = broadcast::channel(256);
        let revoked = revocation::watch(
            storage.clone(),
            Duration::from_millis(config.revocation_check_ms.max(50)),
        );
        change_feed::watch(
            storage.clone(),
            changes.clone(),
            Duration::from_millis(config.change_check_ms.max(20)),
        );
        Self {
            storage,
            enroll_limit: Arc::new(AddressLimit::per_minute(config.enroll_attempts_per_minute)),
            auth_limit: Arc::new(AddressLimit::per_minute(config.failed_auth_per_minute)),
            connections: Arc::new(Semaphore::new(config.max_connections as usize)),
            config: Arc::new(config),
            changes,
            revoked,
            metrics: Arc::new(Metrics::default()),
            stopping: watch::Sender::new(false),
        }
    }

    /// Stops taking sync sessions, and waits until every sync connection has closed or `grace`
    /// has passed, whichever is first; answers how many are still open.
    pub async fn stop(&self, grace: Duration) -> usize {
        self.stopping.send_replace(true);
        let all = self.config.max_connections;
        match tokio::time::timeout(grace, self.connections.acquire_many(all)).await {
            Ok(Ok(_)) => 0,
            _ => all as usize - self.connections.available_permits(),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The time now, by the system clock.
pub fn now_millis() -> UnixMillis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(UnixMillis::EPOCH, UnixMillis::since_epoch)
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/healthz",
            get(|| async { Json(serde_json::json!({ "status": "ok" })) }),
        )
        .route("/metrics", get(metrics))
        .route("/enroll", post(enroll))
        .route("/sync", get(sync))
        .route("/blobs/{sha256}", get(download).put(upload))
        .route("/blobs/{sha256}/upload", get(upload_status))
        .route("/audit", post(report_audit).get(read_audit))
        .route("/directory", get(directory))
        .route("/members", post(change_member))
        .route("/devices", get(workspace_devices).post(enrol_device))
        .route("/devices/revoke", post(revoke_device))
        .route("/workspace-settings", post(change_workspace_setting))
        .route("/shares", post(share_records))
        .route("/shares/revoke", post(revoke_share))
        .route("/records/erase", post(erasure::erase_record))
        .route("/records/erase-history", post(erasure::erase_history))
        .route("/retention", get(erasure::retention_due))
        .route("/retention/extend", post(erasure::extend_retention))
        .route(
            "/partner-actions",
            get(partner_actions::list).post(partner_actions::update),
        )
        .layer(DefaultBodyLimit::max(BLOB_CHUNK_BYTES as usize + 1024))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            count_refusals,
        ))
        .with_state(state)
}

/// The code a request was refused with, put on the response for [`count_refusals`].
#[derive(Debug, Clone, Copy)]
struct Refusal(&'static str);

async fn count_refusals(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    if let Some(Refusal(code)) = response.extensions().get() {
        state.metrics.refused(code);
    }
    response
}

/// The counts and timings in Prometheus's text format, for a monitoring system to scrape.
async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, ServerError> {
    if let Some(token) = &state.config.metrics_token {
        // Wrong tokens count against the address, as a device's do.
        check_attempts(&state.auth_limit, peer)?;
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if !given.is_some_and(|given| secret::same(given.trim(), token)) {
            state.auth_limit.spend(peer.ip(), Instant::now());
            return Err(ServerError::Unauthorized);
        }
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.text(),
    )
        .into_response())
}

/// An error as a device receives it: a status, a stable code and a sentence. What went wrong
/// inside the server is logged, never sent: the device is told only that it may try again.
impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::Unauthorized | Self::DeviceRevoked | Self::DeviceWiped(_) => {
                StatusCode::UNAUTHORIZED
            }
            Self::CodeUnknown
            | Self::CodeUsed
            | Self::CodeExpired
            | Self::BadAuditReport
            | Self::BadName
            | Self::OwnRole
            | Self::OwnDevice
            | Self::BadMemberChange
            | Self::BadSettingsChange
            | Self::BadDeviceRequest
            | Self::BadSharingDecision
            | Self::BadErasure
            | Self::NotShareable(_)
            | Self::NotAPartner(_)
            | Self::BadActionUpdate
            | Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::UnknownBlob | Self::Forbidden => StatusCode::NOT_FOUND,
            Self::NotAManager { .. } | Self::NotAPartnerReader => StatusCode::FORBIDDEN,
            Self::NotYourAgencysAction => StatusCode::NOT_FOUND,
            Self::UnknownRecord(_)
            | Self::UnknownDecision(_)
            | Self::UnknownDevice(_)
            | Self::Erased(_) => StatusCode::NOT_FOUND,
            Self::StaleEpoch => StatusCode::CONFLICT,
            Self::NotAMember { .. } => StatusCode::BAD_REQUEST,
            Self::AlreadyRevoked(_) => StatusCode::CONFLICT,
            Self::WrongOffset { .. } => StatusCode::CONFLICT,
            Self::HashMismatch => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BlobTooLarge(_) | Self::QuotaExceeded(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy | Self::Stopping => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let (code, message) = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(code = self.code(), error = %self, "request failed");
            (
                "server_error",
                "the server could not do this just now: try again later".to_owned(),
            )
        } else {
            (self.code(), self.to_string())
        };
        let mut body = serde_json::json!({ "code": code, "message": message });
        if let Self::DeviceWiped(order) = &self {
            // What the device shows on its lock screen once it has erased itself.
            body["wipe"] = serde_json::json!(order);
        }
        let body = Json(body);
        let mut response = match self {
            Self::TooManyAttempts(seconds) => {
                (status, [(header::RETRY_AFTER, seconds.to_string())], body).into_response()
            }
            _ => (status, body).into_response(),
        };
        response.extensions_mut().insert(Refusal(code));
        response
    }
}

/// Runs storage work on the blocking pool, so a large blob or a slow disk never holds up the
/// async workers that every other device's requests run on.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&dyn Storage) -> Result<T, ServerError> + Send + 'static,
) -> Result<T, ServerError> {
    let storage = state.storage.clone();
    let metrics = state.metrics.clone();
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let done = work(storage.as_ref());
        metrics.storage_work(StorageWork::Request, started.elapsed());
        done
    })
    .await
    .map_err(|_| ServerError::Io(std::io::Error::other("a storage task stopped")))?
}

/// Refuses an address that has used up its attempts, saying when to come back.
fn check_attempts(limit: &AddressLimit, peer: SocketAddr) -> Result<(), ServerError> {
    match limit.wait(peer.ip(), Instant::now()) {
        Some(wait) => Err(ServerError::TooManyAttempts(wait.as_secs().max(1))),
        None => Ok(()),
    }
}

/// The device behind the request's bearer token, or 401. Refused tokens count against the
/// address they came from.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<Device, ServerError> {
    check_attempts(&state.auth_limit, peer)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let found = match token {
        Some(token) => {
            let hash = secret::hash(token.trim());
            blocking(state, move |storage| storage.device_by_token(hash)).await?
        }
        None => None,
    };
    match found {
        Some(device) if !device.revoked => Ok(device),
        Some(device) => {
            state.auth_limit.spend(peer.ip(), Instant::now());
            let id = device.id;
            Err(
                match blocking(state, move |storage| storage.wipe_order(id)).await? {
                    Some(order) => ServerError::DeviceWiped(order),
                    None => ServerError::DeviceRevoked,
                },
            )
        }
        None => {
            state.auth_limit.spend(peer.ip(), Instant::now());
            Err(ServerError::Unauthorized)
        }
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
    /// Where the device's records will go, so it can tell its practitioner before any do.
    workspace: String,
    /// Whose device it now is: an install enrolled for another person writes under a new actor.
    user: String,
}

async fn enroll(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<EnrolRequest>,
) -> Result<Json<Enrolment>, ServerError> {
    // Every attempt counts, right or wrong: codes cannot be guessed faster than the limit.
    check_attempts(&state.enroll_limit, peer)?;
    state.enroll_limit.spend(peer.ip(), Instant::now());
    let token = secret::new_token()?;
    let code = secret::hash(&secret::normalise_code(&request.code));
    let token_hash = secret::hash(&token);
    let (device, workspace, user) = blocking(&state, move |storage| {
        let device = storage.redeem_code(code, token_hash, now_millis())?;
        let user = storage
            .device_by_token(token_hash)?
            .map(|enrolled| enrolled.user)
            .unwrap_or_default();
        Ok((device, storage.device_workspace_name(device)?, user))
    })
    .await?;
    tracing::info!(%device, "device enrolled");
    Ok(Json(Enrolment {
        token,
        device,
        workspace,
        user,
    }))
}

async fn sync(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    if *state.stopping.borrow() {
        return Err(ServerError::Stopping);
    }
    // The permit goes with the connection and comes back when it closes.
    let permit = state
        .connections
        .clone()
        .try_acquire_owned()
        .map_err(|_| ServerError::Busy)?;
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
        .on_upgrade(move |socket| async move {
            connection::serve(socket, state, device).await;
            drop(permit);
        }))
}

/// A blob's name as a path gives it; anything else names no blob.
fn checked_sha256(sha256: &str) -> Result<(), ServerError> {
    if waymark_sync::blob::is_name(sha256) {
        Ok(())
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

/// Part of a blob that one of the device's workspaces may fetch (a record it sees names it by
/// its SHA-256). The `x-blob-size` header gives
/// the whole size, so a device can resume where a dropped download stopped.
async fn download(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    Query(range): Query<Range>,
) -> Result<Response, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    checked_sha256(&sha256)?;
    let (size, bytes) = blocking(&state, move |storage| {
        let size = storage
            .blob_size(&sha256, &device.member_of)?
            .ok_or(ServerError::UnknownBlob)?;
        let length = range
            .length
            .unwrap_or(BLOB_CHUNK_BYTES)
            .min(BLOB_CHUNK_BYTES)
            .min(size.saturating_sub(range.offset));
        Ok((size, storage.read_blob(&sha256, range.offset, length)?))
    })
    .await?;
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
) -> Result<Json<UploadStatus>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    checked_sha256(&sha256)?;
    blocking(&state, move |storage| {
        upload_progress(storage, &sha256, device.home)
    })
    .await
    .map(Json)
}

/// Views, exports and prints a device reports for the audit log, offline ones too. Each is
/// logged at the time the device says it happened, under the user and device its token names;
/// one about a record the user never could see is logged as refused.
async fn report_audit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let events: Vec<ReportedEvent> =
        serde_json::from_slice(&body).map_err(|_| ServerError::BadAuditReport)?;
    if events.len() > MAX_REPORTED_EVENTS
        || events
            .iter()
            .any(|event| !event.action.is_reported_by_devices())
    {
        return Err(ServerError::BadAuditReport);
    }
    blocking(&state, move |storage| {
        let now = now_millis();
        let mut entries = Vec::with_capacity(events.len());
        for event in events {
            let access = storage.document_access(device.user_id, event.record, now)?;
            let reported = format!("on the device; reported at {now}");
            let (action, detail) = match access {
                DocumentAccess::Edit | DocumentAccess::Read => (event.action, reported),
                // Seen on the device before it was withdrawn from them.
                DocumentAccess::Withdrawn => (
                    event.action,
                    format!("{reported}; they may no longer see it"),
                ),
                // Seen on the device before the record was erased.
                DocumentAccess::Erased => (
                    event.action,
                    format!("{reported}; the record has since been erased"),
                ),
                DocumentAccess::Missing | DocumentAccess::Hidden => (
                    AuditAction::Refused,
                    format!(
                        "reported \"{}\" of a record this user may not see; {reported}",
                        event.action.label()
                    ),
                ),
            };
            entries.push(AuditEntry {
                at: event.at,
                user: device.user.clone(),
                device: Some(device.id.to_string()),
                action,
                record: Some(event.record),
                detail,
            });
        }
        storage.record_audit(&entries)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The query of `GET /audit`, read as text so that a mistyped record id gets our own answer.
#[derive(Debug, Deserialize)]
struct AuditQuery {
    record: Option<String>,
    user: Option<String>,
}

/// The audit log of the device's workspace, for a manager to read in the app, narrowed by
/// `record` and `user` in the query. Anyone else is refused (`not_a_manager`).
async fn read_audit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let record = match query.record.filter(|id| !id.is_empty()) {
        Some(id) => Some(id.parse().map_err(|_| ServerError::UnknownRecord(id))?),
        None => None,
    };
    let filter = AuditFilter {
        record,
        user: query.user.filter(|user| !user.is_empty()),
    };
    let entries = blocking(&state, move |storage| {
        storage.workspace_audit(&device, &filter)
    })
    .await?;
    Ok(Json(entries))
}

/// A manager adds someone to their workspace or changes their role, and gets the directory as it
/// now stands.
async fn change_member(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Directory>, ServerError> {
    manager_change(
        &state,
        &headers,
        peer,
        &body,
        ServerError::BadMemberChange,
        |storage, device, change: MemberChange, now| {
            members::change_member(storage, device, &change, now)
        },
    )
    .await
}

/// A manager asks for a one-time enrolment code for a new device of someone in their workspace.
async fn enrol_device(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IssuedCode>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let request: DeviceEnrolment =
        serde_json::from_slice(&body).map_err(|_| ServerError::BadDeviceRequest)?;
    let issued = blocking(&state, move |storage| {
        members::enrol_device(storage, &device, &request)
    })
    .await?;
    Ok(Json(issued))
}

/// The devices of a manager's workspace.
async fn workspace_devices(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Vec<WorkspaceDevice>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let devices = blocking(&state, move |storage| {
        members::workspace_devices(storage, &device)
    })
    .await?;
    Ok(Json(devices))
}

/// A manager cuts off, or has erased, a device of their workspace, and gets the devices as they
/// now stand.
async fn revoke_device(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Vec<WorkspaceDevice>>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let request: DeviceRevocation =
        serde_json::from_slice(&body).map_err(|_| ServerError::BadDeviceRequest)?;
    let devices = blocking(&state, move |storage| {
        members::revoke_device(storage, &device, &request, now_millis())?;
        members::workspace_devices(storage, &device)
    })
    .await?;
    Ok(Json(devices))
}

/// A manager changes one of the workspace's settings, and gets the directory, settings included,
/// as it now stands.
async fn change_workspace_setting(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Directory>, ServerError> {
    manager_change(
        &state,
        &headers,
        peer,
        &body,
        ServerError::BadSettingsChange,
        |storage, device, setting: WorkspaceSetting, now| {
            storage.change_workspace_setting(device, setting, now)
        },
    )
    .await
}

/// A manager's sharing decision, made in the app: records of their workspace given to a partner
/// agency to read, with its purpose, legal basis and consent.
async fn share_records(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Directory>, ServerError> {
    manager_change(
        &state,
        &headers,
        peer,
        &body,
        ServerError::BadSharingDecision,
        |storage, device, decision: SharingDecisionDraft, now| {
            let workspace = storage.device_workspace_name(device.id)?;
            storage
                .record_sharing_decision(&workspace, &device.user, &decision, now)
                .map(drop)
        },
    )
    .await
}

/// A manager revokes a sharing decision of their own workspace from the app. A decision of
/// another workspace is answered as unknown, so nothing about it is disclosed.
async fn revoke_share(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Directory>, ServerError> {
    manager_change(
        &state,
        &headers,
        peer,
        &body,
        ServerError::BadSharingDecision,
        |storage, device, revocation: ShareRevocation, now| {
            let workspace = storage.device_workspace_name(device.id)?;
            let ours = storage
                .sharing_decisions(&workspace)?
                .iter()
                .any(|decision| decision.id == revocation.decision);
            if !ours {
                return Err(ServerError::UnknownDecision(revocation.decision));
            }
            storage.revoke_sharing_decision(revocation.decision, &device.user, now)
        },
    )
    .await
}

/// A manager's change from the app: the device is authenticated, the body read as `T` (`unread`
/// when it is not one), the change made by `apply` (which checks the role), and the answer is
/// the directory it leaves, so the device shows it without waiting for a sync.
async fn manager_change<T: serde::de::DeserializeOwned + Send + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    body: &[u8],
    unread: ServerError,
    apply: impl FnOnce(&dyn Storage, &Device, T, UnixMillis) -> Result<(), ServerError> + Send + 'static,
) -> Result<Json<Directory>, ServerError> {
    let device = authenticate(state, headers, peer).await?;
    let change: T = serde_json::from_slice(body).map_err(|_| unread)?;
    let directory = blocking(state, move |storage| {
        let now = now_millis();
        apply(storage, &device, change, now)?;
        storage.directory(&device, now)
    })
    .await?;
    Ok(Json(directory))
}

/// The workspace's people and who can see which record, for the device's history and record
/// pages. Only records its user may see are named.
async fn directory(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Directory>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    let directory = blocking(&state, move |storage| {
        storage.directory(&device, now_millis())
    })
    .await?;
    Ok(Json(directory))
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
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    Query(chunk): Query<Chunk>,
    body: Bytes,
) -> Result<Json<UploadStatus>, ServerError> {
    let device = authenticate(&state, &headers, peer).await?;
    checked_sha256(&sha256)?;
    // Files belong to the records of the device's home workspace; a partner reader adds none.
    if !device.may_see(device.home) {
        return Err(ServerError::Forbidden);
    }
    if chunk.total > state.config.max_blob_bytes {
        return Err(ServerError::BlobTooLarge(state.config.max_blob_bytes));
    }
    let config = state.config.clone();
    blocking(&state, move |storage| {
        let now = now_millis();
        let expiry = Duration::from_secs(config.partial_upload_expiry_seconds);
        storage.expire_uploads(now.before(expiry))?;
        let progress = upload_progress(storage, &sha256, device.home)?;
        if !progress.complete {
            if storage.partial_upload_bytes(device.home)? + body.len() as u64
                > config.max_partial_upload_bytes
            {
                return Err(ServerError::QuotaExceeded("unfinished uploads"));
            }
            if chunk.offset == 0
                && storage.workspace_blob_bytes(device.home)? + chunk.total
                    > config.max_workspace_blob_bytes
            {
                return Err(ServerError::QuotaExceeded("photos and files"));
            }
        }
        store_chunk(storage, &device, &sha256, &chunk, &body, now)
    })
    .await
    .map(Json)
}

/// Keeps one uploaded chunk; the last one completes the blob, kept only if its SHA-256 matches.
fn store_chunk(
    storage: &dyn Storage,
    device: &Device,
    sha256: &str,
    chunk: &Chunk,
    body: &[u8],
    now: UnixMillis,
) -> Result<UploadStatus, ServerError> {
    let progress = upload_progress(storage, sha256, device.home)?;
    if progress.complete {
        return Ok(progress);
    }
    let received = progress.received;
    if chunk.offset != received || received + body.len() as u64 > chunk.total {
        return Err(ServerError::WrongOffset { received });
    }
    storage.append_upload(sha256, device.home, chunk.offset, body, now)?;
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
    Ok(UploadStatus { received, complete })
}
