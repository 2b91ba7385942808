//! What the server's test files share: a fresh server with two workspaces, devices enrolled
//! through the real endpoint, and a raw WebSocket for sending frames a real app never would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use waymark_core::RecordId;
use waymark_e2e::{demo_workspace, enrolment_code, SyncServer};
use waymark_store::{SharedStore, Store};
use waymark_sync::client::{self, Connection, ServerAddress};
use waymark_sync::{decode, ErrorCode, Message};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_waymark-server"))
}

/// Chooses rustls' ring provider for the test process, as the sync client does for the app.
/// reqwest is built here without a provider of its own, so a client built before any sync
/// would otherwise panic, and whether one had synced first depends on the order tests run in.
pub fn choose_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// An HTTP client for the requests these tests make by hand.
pub fn http() -> reqwest::Client {
    choose_tls_provider();
    reqwest::Client::new()
}

/// A server with workspaces A and B, a user in each, on a fresh database.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub server: SyncServer,
}

impl Fixture {
    pub fn start() -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("server.db");
        demo_workspace(binary(), &db, "Workspace A", "worker.a")?;
        demo_workspace(binary(), &db, "Workspace B", "worker.b")?;
        let server = SyncServer::start(binary(), &db, "127.0.0.1:0")?;
        Ok(Self { dir, db, server })
    }

    /// A server as [`Fixture::start`] makes, with these lines added to its `server.toml`.
    pub fn start_configured(settings: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("server.db");
        demo_workspace(binary(), &db, "Workspace A", "worker.a")?;
        demo_workspace(binary(), &db, "Workspace B", "worker.b")?;
        let server =
            SyncServer::start_configured(binary(), &db, &dir.path().join("server.toml"), settings)?;
        Ok(Self { dir, db, server })
    }

    /// Adds `user` to workspace A, of `agency`, in `role`.
    pub fn add_member(&self, user: &str, agency: &str, role: &str) -> Result {
        waymark_e2e::admin(
            binary(),
            &self.db,
            &[
                "user",
                "add",
                user,
                "--workspace",
                "Workspace A",
                "--agency",
                agency,
                "--role",
                role,
            ],
        )?;
        Ok(())
    }

    /// `share add` in workspace A on behalf of `by`, sharing `records` with the school; returns
    /// the decision's number.
    pub fn share_with_school(&self, by: &str, records: &[RecordId]) -> Result<String> {
        let records: Vec<String> = records.iter().map(RecordId::to_string).collect();
        waymark_e2e::share_with_school(binary(), &self.db, "Workspace A", by, &records)
    }

    pub fn address(&self) -> ServerAddress {
        ServerAddress::parse(&self.server.address).expect("loopback address")
    }

    /// A new device of `user`, enrolled through the real endpoint, with its own store.
    pub async fn device(&self, user: &str, name: &str) -> Result<Device> {
        let store = Store::open(&self.dir.path().join(name).join("waymark.db"))?
            .with_clock(waymark_e2e::fixtures::clock());
        self.enrol(user, store).await
    }

    /// Enrols the device that holds `store` as one of `user`'s, through the real endpoint.
    pub async fn enrol(&self, user: &str, mut store: Store) -> Result<Device> {
        let code = enrolment_code(binary(), &self.db, user)?;
        let enrolment = client::enroll(&self.address(), &code).await?;
        // As the app does: an install enrolled for someone new writes under a new actor.
        store.enrolled_for(&enrolment.user)?;
        Ok(Device {
            store: std::sync::Arc::new(SharedStore::new(store)),
            token: enrolment.token,
            device: enrolment.device.to_string(),
        })
    }

    pub fn restart(self) -> Result<Self> {
        let Self { dir, db, server } = self;
        server.kill();
        let server = SyncServer::start(binary(), &db, "127.0.0.1:0")?;
        Ok(Self { dir, db, server })
    }
}

pub struct Device {
    pub store: std::sync::Arc<SharedStore>,
    pub token: String,
    pub device: String,
}

impl Device {
    pub async fn sync(&self, address: &ServerAddress) -> Result<client::Report> {
        let mut connection = Connection::open(address, &self.token).await?;
        Ok(connection.sync(self.store.as_ref(), |_, _| {}).await?)
    }

    /// Asks who the workspace's people are and keeps the answer, as the app's sync loop does
    /// after each sync.
    pub async fn refresh_directory(&self, address: &ServerAddress) -> Result {
        let directory = client::fetch_directory(address, &self.token).await?;
        self.store.lock().set_directory(&directory)?;
        Ok(())
    }

    /// Sends the photos the server lacks, as the app's sync loop does after each sync.
    pub async fn upload_photos(&self, address: &ServerAddress) -> Result {
        let blobs = client::Blobs::new(address.clone(), self.token.clone());
        let waiting = self.store.lock().attachments_to_upload()?;
        for sha256 in waiting {
            let bytes = self.store.lock().photo(&sha256)?.bytes;
            blobs.upload(&sha256, &bytes).await?;
            self.store.lock().mark_uploaded(&sha256)?;
        }
        Ok(())
    }

    /// Fetches whole the photos that synced records name, as the app's sync loop does.
    pub async fn download_photos(&self, address: &ServerAddress) -> Result {
        let blobs = client::Blobs::new(address.clone(), self.token.clone());
        let wanted = self.store.lock().wanted_attachments()?;
        for (sha256, mut received) in wanted {
            loop {
                let chunk = blobs.download(&sha256, received).await?;
                self.store
                    .lock()
                    .add_download_chunk(&sha256, received, &chunk.bytes)?;
                received += chunk.bytes.len() as u64;
                if received >= chunk.size || chunk.bytes.is_empty() {
                    self.store.lock().finish_download(&sha256)?;
                    break;
                }
            }
        }
        Ok(())
    }

    /// A Level 1 peer map of a child known by a case reference: its case team's only.
    pub fn level_one_map(&self) -> Result<RecordId> {
        Ok(self
            .store
            .lock()
            .create_peer_assessment(waymark_core::peer_group::PeerAssessmentDraft {
                level: waymark_core::peer_group::PeerLevel::One,
                subject_case_ref: Some("CS-0001".into()),
                group_context_id: None,
            })?
            .id)
    }

    pub fn context(&self, name: &str) -> Result<waymark_core::Context> {
        Ok(self
            .store
            .lock()
            .create_context(waymark_e2e::fixtures::park(name))?)
    }
}

/// The status and JSON body of a refused WebSocket upgrade.
pub async fn upgrade_refusal(address: &str, token: Option<&str>) -> Result<(u16, String)> {
    let mut request = format!("{}/sync", address.replace("http", "ws")).into_client_request()?;
    if let Some(token) = token {
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse()?);
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok(_) => Err("the upgrade was accepted".into()),
        Err(tungstenite::Error::Http(response)) => Ok((
            response.status().as_u16(),
            String::from_utf8_lossy(response.body().as_deref().unwrap_or_default()).into_owned(),
        )),
        Err(error) => Err(error.into()),
    }
}

/// Sends raw frames on an authorised WebSocket and reads one reply to each.
pub struct RawSocket(
    pub tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
);

impl RawSocket {
    pub async fn open(address: &str, token: &str) -> Result<Self> {
        let mut request =
            format!("{}/sync", address.replace("http", "ws")).into_client_request()?;
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse()?);
        Ok(Self(tokio_tungstenite::connect_async(request).await?.0))
    }

    pub async fn send(&mut self, frame: WsMessage) -> Result<Message> {
        self.0.send(frame).await?;
        loop {
            match self.0.next().await.ok_or("closed")?? {
                // A hint that another device synced: not a reply.
                WsMessage::Binary(reply) if decode(&reply) == Ok(Message::Changed) => continue,
                WsMessage::Binary(reply) => return Ok(decode(&reply)?),
                _ => continue,
            }
        }
    }

    pub async fn send_bytes(&mut self, bytes: Vec<u8>) -> Result<Message> {
        self.send(WsMessage::Binary(bytes.into())).await
    }

    /// Sends a message and does not wait for any answer.
    pub async fn send_only(&mut self, message: &Message) -> Result {
        self.0
            .send(WsMessage::Binary(waymark_sync::encode(message)?.into()))
            .await?;
        Ok(())
    }

    /// The next message from the server, or `None` once it closed the socket.
    pub async fn next_message(&mut self) -> Result<Option<Message>> {
        loop {
            let next = tokio::time::timeout(PATIENCE, self.0.next()).await?;
            match next {
                Some(Ok(WsMessage::Binary(frame))) => return Ok(Some(decode(&frame)?)),
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return Ok(None),
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Messages from the server up to and including the first that `last` picks.
    pub async fn until(&mut self, last: impl Fn(&Message) -> bool) -> Result<Vec<Message>> {
        let mut messages = Vec::new();
        while let Some(message) = self.next_message().await? {
            let done = last(&message);
            messages.push(message);
            if done {
                return Ok(messages);
            }
        }
        Err(format!("the server closed the socket after {messages:?}").into())
    }

    /// Reads until the server closes the socket, sending a ping every `ping` if given, and
    /// returns the close frame's code.
    pub async fn close_code(&mut self, ping: Option<std::time::Duration>) -> Result<Option<u16>> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let wait = ping.unwrap_or(PATIENCE);
            let next = tokio::select! {
                next = self.0.next() => next,
                () = tokio::time::sleep(wait) => {
                    if ping.is_some() {
                        let _ = self.0.send(WsMessage::Ping(Vec::new().into())).await;
                    }
                    if tokio::time::Instant::now() > deadline {
                        return Err("the server never closed the socket".into());
                    }
                    continue;
                }
            };
            match next {
                Some(Ok(WsMessage::Close(frame))) => {
                    return Ok(frame.map(|frame| u16::from(frame.code)))
                }
                None | Some(Err(_)) => return Ok(None),
                Some(Ok(_)) => continue,
            }
        }
    }
}

/// How long a test waits for the server before it fails: far longer than anything should take, so
/// a slow machine does not fail a test, and a hang does not hang the run.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// Starts a session as an app would, with an empty inventory, and reads the server's answer up to
/// its first Idle: the session is then under way, waiting for this device.
pub async fn open_session(raw: &mut RawSocket) -> Result<Vec<Message>> {
    raw.send_only(&Message::Summary {
        digest: [0; 32],
        documents: 0,
    })
    .await?;
    raw.until(|m| matches!(m, Message::Inventory { .. }))
        .await?;
    raw.send_only(&Message::Inventory { documents: vec![] })
        .await?;
    raw.until(|m| *m == Message::Idle).await
}

/// The ids of the documents a batch of messages sent whole.
pub fn sent_whole(messages: &[Message]) -> Vec<RecordId> {
    messages
        .iter()
        .flat_map(|m| match m {
            Message::Documents { documents } => documents.iter().map(|(id, _)| *id).collect(),
            _ => Vec::new(),
        })
        .collect()
}

pub fn refused(code: ErrorCode) -> Message {
    Message::Error {
        code,
        document: None,
    }
}

/// Runs SQL on the server's database behind the server's back, as someone holding the file or
/// the database's password could: on whichever backend the tests run on.
pub fn tamper(db: &Path, sql: &str) -> Result {
    if waymark_e2e::postgres::on_postgres() {
        waymark_e2e::postgres::psql(db, sql)
    } else {
        Ok(rusqlite::Connection::open(db)?.execute_batch(sql)?)
    }
}

/// Everything the server's database holds, to search for what must never be kept: the SQLite
/// file and its write-ahead log, or, on PostgreSQL, every row as `pg_dump` writes it.
pub fn stored_bytes(db: &Path) -> Result<Vec<u8>> {
    if waymark_e2e::postgres::on_postgres() {
        return waymark_e2e::postgres::dump(db);
    }
    let mut stored = std::fs::read(db)?;
    stored.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    Ok(stored)
}
