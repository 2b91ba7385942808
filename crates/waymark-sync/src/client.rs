//! The device's side of the wire: enrolment, the `/sync` WebSocket, and blob transfer over HTTP.
//! It reads no clock and keeps no timers; the app decides when to sync and how to back off.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use reqwest::{StatusCode, Url};
use rustls_platform_verifier::ConfigVerifierExt as _;
use serde::Deserialize;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::header::AUTHORIZATION;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use waymark_core::passcode::WipeOrder;

use crate::{decode, encode_parts, ErrorCode, Limits, LocalReplica, Message, Reassembly, Session};

/// How long a session waits for the server's next frame.
const SILENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// How much of a blob goes in one request.
pub const BLOB_CHUNK_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("the server address is not a web address, such as https://sync.example.org")]
    BadAddress,
    #[error("use https:// for a server that is not on this device: records about children never travel unencrypted")]
    Insecure,
    #[error("server unreachable")]
    Unreachable,
    #[error("this device is not enrolled: enter an enrolment code in Settings")]
    NotEnrolled,
    #[error("device revoked: ask your administrator for a new enrolment code")]
    DeviceRevoked,
    /// The device was reported lost or stolen: it must erase itself.
    #[error("this device was ordered erased by {}", .0.by)]
    DeviceWiped(WipeOrder),
    /// Any other refusal, in the server's words.
    #[error("{message}")]
    Refused { code: String, message: String },
    #[error("the server refused a file whose contents did not match its name")]
    BlobMismatch,
    #[error("the server answered something this version does not understand")]
    Protocol,
    /// The server closed a connection that had been open for its longest allowed time, or idle:
    /// nothing is wrong, and the device connects again at once.
    #[error("the server asked this device to connect again")]
    Reconnect,
}

/// The close codes the server uses, as the client's errors.
fn closed_by_server(code: u16) -> ClientError {
    match code {
        4001 => ClientError::DeviceRevoked,
        // Revoked and ordered erased: the next upgrade is refused with the order itself.
        4002..=4004 => ClientError::Reconnect,
        _ => ClientError::Unreachable,
    }
}

impl ClientError {
    pub fn code(&self) -> &str {
        match self {
            Self::BadAddress => "bad_address",
            Self::Insecure => "insecure_address",
            Self::Unreachable => "server_unreachable",
            Self::NotEnrolled => "not_enrolled",
            Self::DeviceRevoked => "device_revoked",
            Self::DeviceWiped(_) => "device_wiped",
            Self::Refused { code, .. } => code,
            Self::BlobMismatch => "hash_mismatch",
            Self::Protocol => "protocol",
            Self::Reconnect => "reconnect",
        }
    }
}

/// A server's address, checked: `https://` anywhere, `http://` only to this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress(Url);

impl ServerAddress {
    pub fn parse(text: &str) -> Result<Self, ClientError> {
        let text = text.trim().trim_end_matches('/');
        let mut url = Url::parse(text).map_err(|_| ClientError::BadAddress)?;
        let secure = match url.scheme() {
            "https" | "wss" => true,
            "http" | "ws" => false,
            _ => return Err(ClientError::BadAddress),
        };
        let loopback = match url.host() {
            Some(url::Host::Domain(domain)) => domain == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => return Err(ClientError::BadAddress),
        };
        if !secure && !loopback {
            return Err(ClientError::Insecure);
        }
        let scheme = if secure { "https" } else { "http" };
        url.set_scheme(scheme)
            .map_err(|()| ClientError::BadAddress)?;
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(Self(url))
    }

    fn endpoint(&self, path: &str) -> Result<Url, ClientError> {
        self.0.join(path).map_err(|_| ClientError::BadAddress)
    }

    fn sync_url(&self) -> Result<Url, ClientError> {
        let mut url = self.endpoint("sync")?;
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        url.set_scheme(scheme)
            .map_err(|()| ClientError::BadAddress)?;
        Ok(url)
    }
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

/// Chooses rustls' ring provider for the process, once: rustls needs one chosen before the first
/// TLS connection, and ring builds with nothing but a C compiler.
fn choose_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// What the server says when it refuses a request.
#[derive(Debug, Deserialize)]
struct Refusal {
    code: String,
    message: String,
    /// Who ordered this device erased, and when, with `device_wiped`.
    #[serde(default)]
    wipe: Option<WipeOrder>,
}

fn refusal(status: StatusCode, body: &[u8]) -> ClientError {
    match serde_json::from_slice::<Refusal>(body) {
        Ok(Refusal {
            wipe: Some(order), ..
        }) => ClientError::DeviceWiped(order),
        Ok(refusal) if refusal.code == "device_revoked" => ClientError::DeviceRevoked,
        Ok(refusal) if refusal.code == "hash_mismatch" => ClientError::BlobMismatch,
        Ok(_) | Err(_) if status == StatusCode::UNAUTHORIZED => ClientError::NotEnrolled,
        Ok(refusal) => ClientError::Refused {
            code: refusal.code,
            message: refusal.message,
        },
        Err(_) => ClientError::Protocol,
    }
}

fn unreachable(error: reqwest::Error) -> ClientError {
    tracing::info!(%error, "server unreachable");
    ClientError::Unreachable
}

/// A device token, as the server gave it at enrolment.
#[derive(Debug, Clone, Deserialize)]
pub struct Enrolment {
    pub token: String,
    pub device: uuid::Uuid,
    /// The workspace the device's records go to.
    #[serde(default)]
    pub workspace: String,
    /// The person the device now belongs to; empty from a server that does not say.
    #[serde(default)]
    pub user: String,
}

/// Exchanges a one-time enrolment code for this device's token.
pub async fn enroll(address: &ServerAddress, code: &str) -> Result<Enrolment, ClientError> {
    choose_tls_provider();
    let response = reqwest::Client::new()
        .post(address.endpoint("enroll")?)
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = response.bytes().await.map_err(unreachable)?;
    if status.is_success() {
        serde_json::from_slice(&body).map_err(|_| ClientError::Protocol)
    } else {
        Err(refusal(status, &body))
    }
}

/// What one sync session did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub bytes_sent: usize,
    pub bytes_received: usize,
    pub round_trips: usize,
    /// Error frames the server sent.
    pub refused: Vec<ErrorCode>,
    /// The documents the server confirmed it holds, with the heads it holds: only these may be
    /// marked synced.
    pub confirmed: std::collections::BTreeMap<waymark_core::RecordId, crate::frame::Heads>,
    /// Documents the server withdrew from this device, now deleted here: its user may no longer
    /// see them.
    pub withdrawn: Vec<waymark_core::RecordId>,
    /// Documents the server's changes were added to here.
    pub received: Vec<waymark_core::RecordId>,
    /// The server ended its side of the session before this side's (an edit made here while it
    /// ran crossed its end). What was not confirmed goes in the next session.
    pub cut_short: bool,
}

/// An open `/sync` WebSocket. Sessions run on it one after another; between them the server may
/// say that something changed.
#[derive(Debug)]
pub struct Connection {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    changed: bool,
}

impl Connection {
    /// Opens the WebSocket with the device token in the upgrade request.
    pub async fn open(address: &ServerAddress, token: &str) -> Result<Self, ClientError> {
        choose_tls_provider();
        let mut request = address
            .sync_url()?
            .as_str()
            .into_client_request()
            .map_err(|_| ClientError::BadAddress)?;
        let bearer = format!("Bearer {token}")
            .parse()
            .map_err(|_| ClientError::NotEnrolled)?;
        request.headers_mut().insert(AUTHORIZATION, bearer);
        let connector = match address.0.scheme() {
            "https" => {
                let config = rustls::ClientConfig::with_platform_verifier().map_err(|error| {
                    tracing::info!(%error, "the device's certificate store could not be read");
                    ClientError::Unreachable
                })?;
                Some(Connector::Rustls(Arc::new(config)))
            }
            _ => None,
        };
        match tokio_tungstenite::connect_async_tls_with_config(request, None, false, connector)
            .await
        {
            Ok((socket, _)) => Ok(Self {
                socket,
                changed: false,
            }),
            Err(tungstenite::Error::Http(response)) => {
                let body = response.body().as_deref().unwrap_or_default();
                Err(refusal(response.status(), body))
            }
            Err(error) => {
                tracing::info!(%error, "could not open the sync connection");
                Err(ClientError::Unreachable)
            }
        }
    }

    async fn send(
        &mut self,
        messages: Vec<Message>,
        report: &mut Report,
    ) -> Result<(), ClientError> {
        for message in messages {
            for frame in encode_parts(&message).map_err(|_| ClientError::Protocol)? {
                report.bytes_sent += frame.len();
                self.socket
                    .send(WsMessage::Binary(frame.into()))
                    .await
                    .map_err(|_| ClientError::Unreachable)?;
            }
        }
        Ok(())
    }

    async fn receive(&mut self) -> Result<Option<Vec<u8>>, ClientError> {
        loop {
            match self.socket.next().await {
                Some(Ok(WsMessage::Binary(frame))) => return Ok(Some(frame.into())),
                Some(Ok(WsMessage::Close(Some(frame)))) => {
                    return Err(closed_by_server(u16::from(frame.code)))
                }
                Some(Ok(WsMessage::Close(None))) | None => return Ok(None),
                Some(Ok(_)) => continue,
                Some(Err(_)) => return Err(ClientError::Unreachable),
            }
        }
    }

    /// Runs one session to its end. `progress` hears (settled, differing) after each frame.
    pub async fn sync(
        &mut self,
        local: &impl LocalReplica,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Report, ClientError> {
        let mut report = Report::default();
        let mut session = Session::new();
        let first = local.step(&mut session, None);
        self.send(first, &mut report).await?;
        // Error frames that arrive before the server's first answer belong to an earlier session.
        let mut answered = false;
        let mut joining = Reassembly::default();
        while !session.is_done() {
            // A server that stops answering mid-session is as good as gone.
            let frame = tokio::time::timeout(SILENCE, self.receive())
                .await
                .map_err(|_| ClientError::Unreachable)??;
            let Some(frame) = frame else {
                return Err(ClientError::Unreachable);
            };
            report.bytes_received += frame.len();
            report.round_trips += 1;
            let limit = Limits::default().max_document_bytes as usize;
            let joined = decode(&frame).and_then(|message| joining.accept(message, limit));
            let replies = match joined {
                // Part of a larger message: the rest follows.
                Ok(None) => continue,
                Ok(Some(Message::Error {
                    code: ErrorCode::OutOfOrder,
                    document: None,
                })) => {
                    if answered {
                        report.cut_short = true;
                        break;
                    }
                    Vec::new()
                }
                Ok(Some(Message::Error { code, document })) => {
                    answered = true;
                    report.refused.push(code);
                    // A refused document is out of the session, on this side too.
                    local.step(&mut session, Some(Message::Error { code, document }))
                }
                Ok(Some(Message::Changed)) => {
                    self.changed = true;
                    Vec::new()
                }
                Ok(Some(message)) => {
                    answered = true;
                    local.step(&mut session, Some(message))
                }
                Err(error) => vec![error.reply()],
            };
            let (settled, differing) = session.progress();
            progress(settled, differing);
            self.send(replies, &mut report).await?;
        }
        report.confirmed = session.confirmed().clone();
        report.withdrawn = session.withdrawn().iter().copied().collect();
        report.received = session.received().iter().copied().collect();
        Ok(report)
    }

    /// Waits until the server says another device changed something. Safe to cancel.
    pub async fn changed(&mut self) -> Result<(), ClientError> {
        while !self.changed {
            match self.receive().await? {
                Some(frame) => self.changed = decode(&frame) == Ok(Message::Changed),
                None => return Err(ClientError::Unreachable),
            }
        }
        self.changed = false;
        Ok(())
    }

    /// Checks that the connection is still there.
    pub async fn ping(&mut self) -> Result<(), ClientError> {
        self.socket
            .send(WsMessage::Ping(Vec::new().into()))
            .await
            .map_err(|_| ClientError::Unreachable)
    }
}

/// Blob transfer: uploads and downloads that go on from where a dropped one stopped.
#[derive(Debug, Clone)]
pub struct Blobs {
    http: reqwest::Client,
    address: ServerAddress,
    token: String,
}

#[derive(Debug, Deserialize)]
struct UploadStatus {
    received: u64,
    complete: bool,
}

/// Sends views, exports and prints made on the device to the server's audit log.
pub async fn report_audit(
    address: &ServerAddress,
    token: &str,
    events: &[waymark_core::audit::ReportedEvent],
) -> Result<(), ClientError> {
    choose_tls_provider();
    let response = reqwest::Client::new()
        .post(address.endpoint("audit")?)
        .bearer_auth(token)
        .json(events)
        .send()
        .await
        .map_err(unreachable)?;
    if response.status().is_success() {
        Ok(())
    } else {
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        Err(refusal(status, &body))
    }
}

/// The workspace's people and who can see which record, as the server tells this device.
pub async fn fetch_directory(
    address: &ServerAddress,
    token: &str,
) -> Result<waymark_core::directory::Directory, ClientError> {
    choose_tls_provider();
    let request = reqwest::Client::new().get(address.endpoint("directory")?);
    answer(request.bearer_auth(token)).await
}

/// A manager's change to the workspace's people; the server answers with the directory as it
/// now stands.
pub async fn change_member(
    address: &ServerAddress,
    token: &str,
    change: &waymark_core::access::MemberChange,
) -> Result<waymark_core::directory::Directory, ClientError> {
    post_for_directory(address, token, "members", change).await
}

/// A manager's change to one of the workspace's settings; the server answers with the
/// directory, settings included, as it now stands.
pub async fn change_workspace_setting(
    address: &ServerAddress,
    token: &str,
    setting: &waymark_core::workspace_settings::WorkspaceSetting,
) -> Result<waymark_core::directory::Directory, ClientError> {
    post_for_directory(address, token, "workspace-settings", setting).await
}

/// A manager's sharing decision; the server answers with the directory, which now names the
/// agency's readers.
pub async fn share_records(
    address: &ServerAddress,
    token: &str,
    decision: &waymark_core::access::SharingDecisionDraft,
) -> Result<waymark_core::directory::Directory, ClientError> {
    post_for_directory(address, token, "shares", decision).await
}

/// A manager's revocation of a sharing decision; the server answers with the directory, which
/// no longer names the decision's readers.
pub async fn revoke_share(
    address: &ServerAddress,
    token: &str,
    decision: i64,
) -> Result<waymark_core::directory::Directory, ClientError> {
    let body = waymark_core::access::ShareRevocation { decision };
    post_for_directory(address, token, "shares/revoke", &body).await
}

/// A manager's request for a new device's one-time enrolment code, for someone in their
/// workspace.
pub async fn enrol_member_device(
    address: &ServerAddress,
    token: &str,
    user: &str,
) -> Result<waymark_core::access::IssuedCode, ClientError> {
    let body = waymark_core::access::DeviceEnrolment {
        user: user.to_owned(),
    };
    post(address, token, "devices", &body).await
}

/// The devices of a manager's workspace.
pub async fn workspace_devices(
    address: &ServerAddress,
    token: &str,
) -> Result<Vec<waymark_core::access::WorkspaceDevice>, ClientError> {
    choose_tls_provider();
    let request = reqwest::Client::new().get(address.endpoint("devices")?);
    answer(request.bearer_auth(token)).await
}

/// A manager cuts off, or has erased, a device of their workspace; the server answers with the
/// devices as they now stand.
pub async fn revoke_member_device(
    address: &ServerAddress,
    token: &str,
    revocation: &waymark_core::access::DeviceRevocation,
) -> Result<Vec<waymark_core::access::WorkspaceDevice>, ClientError> {
    post(address, token, "devices/revoke", revocation).await
}

/// The workspace's audit log, newest first, as a manager reads it in the app.
pub async fn fetch_audit(
    address: &ServerAddress,
    token: &str,
    filter: &waymark_core::audit::AuditFilter,
) -> Result<Vec<waymark_core::audit::AuditEntry>, ClientError> {
    choose_tls_provider();
    let mut query = Vec::new();
    if let Some(record) = filter.record {
        query.push(("record", record.to_string()));
    }
    if let Some(user) = &filter.user {
        query.push(("user", user.clone()));
    }
    let request = reqwest::Client::new().get(address.endpoint("audit")?);
    answer(request.query(&query).bearer_auth(token)).await
}

/// A manager erases a record of their workspace everywhere; the server answers with its stub.
pub async fn erase_record(
    address: &ServerAddress,
    token: &str,
    request: &waymark_core::erasure::ErasureRequest,
) -> Result<waymark_core::erasure::Erasure, ClientError> {
    post(address, token, "records/erase", request).await
}

/// A manager erases the past text of a record of their workspace; the server answers with the
/// record's new epoch.
pub async fn erase_history(
    address: &ServerAddress,
    token: &str,
    request: &waymark_core::erasure::ErasureRequest,
) -> Result<u32, ClientError> {
    post(address, token, "records/erase-history", request).await
}

/// The records of a manager's workspace due for erasure in the next 30 days.
pub async fn retention_due(
    address: &ServerAddress,
    token: &str,
) -> Result<Vec<waymark_core::erasure::RetentionDue>, ClientError> {
    choose_tls_provider();
    let request = reqwest::Client::new().get(address.endpoint("retention")?);
    answer(request.bearer_auth(token)).await
}

/// A manager keeps a record longer; the server answers with what is due as it now stands.
pub async fn extend_retention(
    address: &ServerAddress,
    token: &str,
    extension: &waymark_core::erasure::RetentionExtension,
) -> Result<Vec<waymark_core::erasure::RetentionDue>, ClientError> {
    post(address, token, "retention/extend", extension).await
}

/// The actions a partner reader's agency owns, across their workspace's plans.
pub async fn partner_actions(
    address: &ServerAddress,
    token: &str,
) -> Result<Vec<waymark_core::plan::PartnerAction>, ClientError> {
    choose_tls_provider();
    let request = reqwest::Client::new().get(address.endpoint("partner-actions")?);
    answer(request.bearer_auth(token)).await
}

/// A partner reader updates one of their agency's actions; the server answers with the action
/// as it now stands.
pub async fn update_partner_action(
    address: &ServerAddress,
    token: &str,
    update: &waymark_core::plan::PartnerActionUpdate,
) -> Result<waymark_core::plan::PartnerAction, ClientError> {
    post(address, token, "partner-actions", update).await
}

/// A manager's change, posted as JSON; the server answers with the directory it leaves.
async fn post_for_directory(
    address: &ServerAddress,
    token: &str,
    path: &str,
    change: &impl serde::Serialize,
) -> Result<waymark_core::directory::Directory, ClientError> {
    post(address, token, path, change).await
}

/// Posts `body` as JSON with the device's token, and reads the JSON answer.
async fn post<T: serde::de::DeserializeOwned>(
    address: &ServerAddress,
    token: &str,
    path: &str,
    body: &impl serde::Serialize,
) -> Result<T, ClientError> {
    choose_tls_provider();
    let request = reqwest::Client::new().post(address.endpoint(path)?);
    answer(request.bearer_auth(token).json(body)).await
}

/// Sends a request and reads its JSON answer, or the server's refusal.
async fn answer<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, ClientError> {
    let response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let body = response.bytes().await.map_err(unreachable)?;
    if status.is_success() {
        serde_json::from_slice(&body).map_err(|_| ClientError::Protocol)
    } else {
        Err(refusal(status, &body))
    }
}

/// One piece of a blob, and the blob's whole size.
#[derive(Debug)]
pub struct BlobChunk {
    pub bytes: Vec<u8>,
    pub size: u64,
}

impl Blobs {
    pub fn new(address: ServerAddress, token: String) -> Self {
        choose_tls_provider();
        Self {
            http: reqwest::Client::new(),
            address,
            token,
        }
    }

    async fn request(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ClientError> {
        let response = request
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(unreachable)?;
        if response.status().is_success() {
            Ok(response)
        } else {
            let status = response.status();
            let body = response.bytes().await.map_err(unreachable)?;
            Err(refusal(status, &body))
        }
    }

    /// Where an upload stands, as a request about it answers.
    async fn upload_status(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<UploadStatus, ClientError> {
        self.request(request)
            .await?
            .json()
            .await
            .map_err(|_| ClientError::Protocol)
    }

    /// Sends a blob the server does not hold yet, from where an earlier attempt stopped.
    pub async fn upload(&self, sha256: &str, bytes: &[u8]) -> Result<(), ClientError> {
        let status_url = self.address.endpoint(&format!("blobs/{sha256}/upload"))?;
        let url = self.address.endpoint(&format!("blobs/{sha256}"))?;
        let mut status = self.upload_status(self.http.get(status_url)).await?;
        while !status.complete {
            let offset = usize::try_from(status.received).map_err(|_| ClientError::Protocol)?;
            if offset >= bytes.len() {
                break;
            }
            let end = (offset + BLOB_CHUNK_BYTES).min(bytes.len());
            let chunk = self
                .http
                .put(url.clone())
                .query(&[("offset", offset), ("total", bytes.len())])
                .body(bytes[offset..end].to_vec());
            status = self.upload_status(chunk).await?;
        }
        Ok(())
    }

    /// The piece of a blob that starts at `offset`.
    pub async fn download(&self, sha256: &str, offset: u64) -> Result<BlobChunk, ClientError> {
        let url = self.address.endpoint(&format!("blobs/{sha256}"))?;
        let response = self
            .request(self.http.get(url).query(&[("offset", offset)]))
            .await?;
        let size = response
            .headers()
            .get("x-blob-size")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse().ok())
            .ok_or(ClientError::Protocol)?;
        let bytes = response.bytes().await.map_err(unreachable)?.to_vec();
        Ok(BlobChunk { bytes, size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_only_to_this_device() {
        for local in [
            "http://127.0.0.1:8787",
            "ws://localhost:9000/",
            "http://[::1]:80",
        ] {
            assert!(ServerAddress::parse(local).is_ok(), "{local}");
        }
        assert_eq!(
            ServerAddress::parse("http://sync.example.org"),
            Err(ClientError::Insecure)
        );
        assert_eq!(
            ServerAddress::parse("ws://10.0.0.5:8787"),
            Err(ClientError::Insecure)
        );
        assert_eq!(
            ServerAddress::parse("sync.example.org"),
            Err(ClientError::BadAddress)
        );
        let address = ServerAddress::parse("https://sync.example.org/team").expect("https");
        assert_eq!(
            address.sync_url().expect("url").as_str(),
            "wss://sync.example.org/team/sync"
        );
        assert_eq!(address.to_string(), "https://sync.example.org/team");
    }
}
