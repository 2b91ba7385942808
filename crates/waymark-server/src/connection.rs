//! One device's WebSocket: frames in, sessions run against storage, frames out. A refused frame
//! is answered with an error frame and the connection goes on.

use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{broadcast, watch};
use waymark_sync::{decode, encode_parts, ErrorCode, Message, Reassembly, Session};

use uuid::Uuid;
use waymark_core::audit::{AuditAction, AuditEntry};

use crate::metrics::{Direction, StorageWork};
use crate::replica::ServerReplica;
use crate::revocation::Revoked;
use crate::server::{now_millis, AppState, Changed};
use crate::storage::Device;

/// A token bucket: `rate` frames a second on average, `burst` at once.
#[derive(Debug)]
struct RateLimit {
    tokens: f64,
    rate: f64,
    burst: f64,
    last: Instant,
}

impl RateLimit {
    fn new(rate: u32, burst: u32) -> Self {
        Self {
            tokens: f64::from(burst),
            rate: f64::from(rate),
            burst: f64::from(burst),
            last: Instant::now(),
        }
    }

    fn allow(&mut self, now: Instant) -> bool {
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn error_frame(code: ErrorCode) -> Message {
    Message::Error {
        code,
        document: None,
    }
}

/// The sync state of one connection between frames.
struct Connection {
    replica: ServerReplica,
    session: Option<Session>,
    device: Device,
}

impl Connection {
    /// Handles one frame's message and returns the replies. A Summary always starts a new
    /// session: a device starts one whenever it has something new or was told to.
    fn handle(&mut self, message: Message, state: &AppState) -> Vec<Message> {
        let named = match &message {
            Message::Sync { messages } => messages.len(),
            Message::Documents { documents } => documents.len(),
            _ => 0,
        };
        if named > state.config.max_documents_per_frame as usize {
            return vec![error_frame(ErrorCode::QuotaExceeded)];
        }
        let mut replies = match (message, self.session.as_mut()) {
            (summary @ Message::Summary { .. }, _) => {
                state.metrics.session_started();
                self.replica.close_documents();
                let mut session = Session::with_limits(state.config.limits());
                let mut replies = session.start(&mut self.replica);
                replies.extend(session.receive(&mut self.replica, summary));
                self.session = Some(session);
                replies
            }
            (Message::Changed, _) => vec![error_frame(ErrorCode::OutOfOrder)],
            (message, Some(session)) => session.receive(&mut self.replica, message),
            (_, None) => vec![error_frame(ErrorCode::OutOfOrder)],
        };
        match self.replica.flush(now_millis()) {
            Ok(true) => {
                // Other devices of these workspaces are told, so they come for the changes.
                let _ = state.changes.send(Changed {
                    workspaces: self.device.workspaces.clone(),
                    device: self.device.id,
                });
            }
            Ok(false) => {}
            Err((code, documents)) => {
                // The refusal goes first, and no other reply may say the refused documents
                // arrived: a device that read "stored" first could end its session believing
                // them saved here.
                for reply in &mut replies {
                    if let Message::Stored { documents: stored } = reply {
                        stored.retain(|id| !documents.contains(id));
                    }
                }
                let refusals = documents.into_iter().map(|document| Message::Error {
                    code,
                    document: Some(document),
                });
                replies.splice(0..0, refusals);
            }
        }
        if self.session.as_ref().is_some_and(Session::is_done) {
            self.replica.close_documents();
        }
        self.audit(&replies, state);
        replies
    }

    /// Puts in the audit log what this frame's replies refused or withdrew, record by record.
    /// Nothing about a refused record is told to the device; the log says who asked.
    fn audit(&self, replies: &[Message], state: &AppState) {
        let entry = |action, record, detail: &str| AuditEntry {
            at: now_millis(),
            user: self.device.user.clone(),
            device: Some(self.device.id.to_string()),
            action,
            record: Some(record),
            detail: detail.to_owned(),
        };
        let mut entries = Vec::new();
        for reply in replies {
            match reply {
                Message::Error {
                    code: ErrorCode::Forbidden,
                    document: Some(record),
                } => entries.push(entry(
                    AuditAction::Refused,
                    *record,
                    "a record this user may not see, or may not change",
                )),
                Message::Withdrawn { documents } => {
                    entries.extend(documents.iter().map(|record| {
                        entry(
                            AuditAction::Withdraw,
                            *record,
                            "the device was told to delete it",
                        )
                    }));
                }
                _ => {}
            }
        }
        if let Err(error) = state.storage.record_audit(&entries) {
            tracing::error!(code = error.code(), "the audit log could not be written");
        }
    }

    fn idle(&self) -> bool {
        self.session.as_ref().is_none_or(Session::is_done)
    }
}

/// Resolves once `device` is among the revoked devices; never, if the watch has stopped.
async fn revocation_of(revoked: &mut Revoked, device: Uuid) {
    loop {
        if revoked.borrow_and_update().contains(&device) {
            return;
        }
        if revoked.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Resolves once the server has been asked to stop.
async fn stop_asked(stopping: &mut watch::Receiver<bool>) {
    if stopping.wait_for(|stopping| *stopping).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Why the server let a connection go.
#[derive(Debug, Clone, Copy)]
enum Closing {
    Revoked,
    /// Revoked, and ordered erased: the device connects again to be told by whom.
    Wiped,
    Idle,
    Lifetime,
    /// The server is stopping, and this connection had no session under way.
    Stopping,
}

impl Closing {
    /// A close frame's code (4000-4999 are the application's) and reason.
    fn frame(self) -> CloseFrame {
        let (code, reason) = match self {
            Self::Revoked => (4001, "device_revoked"),
            Self::Wiped => (4004, "device_wiped"),
            Self::Idle => (4002, "idle"),
            // The device reconnects, as it does after a long connection, and a load balancer
            // sends it to a server that is not stopping.
            Self::Lifetime | Self::Stopping => (4003, "reconnect"),
        };
        CloseFrame {
            code,
            reason: reason.into(),
        }
    }
}

pub async fn serve(socket: WebSocket, state: AppState, device: Device) {
    tracing::info!(device = %device.id, user = %device.user, "device connected");
    let metrics = state.metrics.clone();
    let _connected = metrics.device_connected();
    let mut stopping = state.stopping.subscribe();
    let (mut sender, mut receiver) = socket.split();
    let mut changes = state.changes.subscribe();
    let mut revoked = state.revoked.clone();
    let config = state.config.clone();
    let mut limit = RateLimit::new(config.frames_per_second, config.frame_burst);
    let idle_timeout = Duration::from_secs(config.idle_timeout_seconds);
    let send_timeout = Duration::from_secs(config.send_timeout_seconds);
    let end_of_life =
        tokio::time::Instant::now() + Duration::from_secs(config.max_connection_seconds);
    let mut last_heard = tokio::time::Instant::now();
    let mut connection = Connection {
        replica: ServerReplica::new(
            state.storage.clone(),
            device.clone(),
            config.limits(),
            config.max_documents_per_session as usize,
        ),
        session: None,
        device,
    };
    let id = connection.device.id;
    // Another device changed something while this one was mid-session: tell it afterwards.
    let mut missed_change = false;
    let mut joining = Reassembly::default();
    let closing = loop {
        let mut replies = tokio::select! {
            // Checked first: a revoked device is let go whatever else is ready.
            biased;
            () = revocation_of(&mut revoked, id) => break Closing::Revoked,
            () = tokio::time::sleep_until(end_of_life) => break Closing::Lifetime,
            () = tokio::time::sleep_until(last_heard + idle_timeout) => break Closing::Idle,
            // A session under way runs to its end first: what the device sends in it is stored
            // and confirmed, not cut off halfway.
            () = stop_asked(&mut stopping), if connection.idle() => break Closing::Stopping,
            incoming = receiver.next() => {
                last_heard = tokio::time::Instant::now();
                match incoming {
                    Some(Ok(WsMessage::Binary(frame))) => {
                        metrics.frame(Direction::In, frame.len());
                        // The watch is checked again for this very frame: nothing from a revoked
                        // device is applied, even if its frame and the revocation arrive together.
                        if revoked.borrow().contains(&id) {
                            break Closing::Revoked;
                        }
                        if !limit.allow(Instant::now()) {
                            vec![error_frame(ErrorCode::RateLimited)]
                        } else if frame.len() > config.max_frame_bytes {
                            vec![error_frame(ErrorCode::TooLarge)]
                        } else {
                            let limit = usize::try_from(config.max_document_bytes).unwrap_or(usize::MAX);
                            match decode(&frame).and_then(|message| joining.accept(message, limit)) {
                                // Part of a larger message: the rest follows.
                                Ok(None) => Vec::new(),
                                Ok(Some(message)) => tokio::task::block_in_place(|| {
                                    let started = Instant::now();
                                    let replies = connection.handle(message, &state);
                                    metrics.storage_work(StorageWork::SyncFrame, started.elapsed());
                                    replies
                                }),
                                Err(error) => vec![error.reply()],
                            }
                        }
                    }
                    Some(Ok(WsMessage::Text(_))) => vec![error_frame(ErrorCode::Malformed)],
                    Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => Vec::new(),
                    Some(Ok(WsMessage::Close(_))) | None => {
                        tracing::info!(device = %id, "device disconnected");
                        return;
                    }
                    Some(Err(error)) => {
                        tracing::info!(%error, device = %id, "connection dropped");
                        return;
                    }
                }
            },
            changed = changes.recv() => match changed {
                Ok(changed) if changed.device == id
                    || !changed.workspaces.iter().any(|w| connection.device.member_of.contains(w)) => Vec::new(),
                // A lagging receiver missed some notices: one Changed covers them all.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    missed_change = true;
                    Vec::new()
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
        };
        if missed_change && connection.idle() {
            missed_change = false;
            replies.push(Message::Changed);
        }
        for reply in replies {
            if let Message::Error { code, .. } = &reply {
                metrics.refused(code.code());
            }
            let frames = match encode_parts(&reply) {
                Ok(frames) => frames,
                Err(error) => {
                    tracing::error!(%error, "a reply could not be encoded");
                    continue;
                }
            };
            for frame in frames {
                metrics.frame(Direction::Out, frame.len());
                // A device that does not read what it is sent holds the server's memory: let it go.
                let sent = tokio::time::timeout(
                    send_timeout,
                    sender.send(WsMessage::Binary(frame.into())),
                )
                .await;
                match sent {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => return,
                    Err(_) => {
                        tracing::info!(device = %id, "a device that did not read its frames was let go");
                        return;
                    }
                }
            }
        }
    };
    let closing = match closing {
        Closing::Revoked => match tokio::task::block_in_place(|| state.storage.wipe_order(id)) {
            Ok(Some(_)) => Closing::Wiped,
            Ok(None) => Closing::Revoked,
            Err(error) => {
                tracing::error!(code = error.code(), "could not read a wipe order");
                Closing::Revoked
            }
        },
        other => other,
    };
    tracing::info!(device = %id, reason = ?closing, "connection closed by the server");
    let goodbye = sender.send(WsMessage::Close(Some(closing.frame())));
    let _ = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
}
