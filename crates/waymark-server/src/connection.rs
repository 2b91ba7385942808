//! One device's WebSocket: frames in, sessions run against storage, frames out. A refused frame
//! is answered with an error frame and the connection goes on.

use std::time::Instant;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::broadcast;
use waymark_sync::{decode, encode, ErrorCode, Message, Session};

use crate::replica::ServerReplica;
use crate::server::{now_millis, AppState, Changed};
use crate::storage::{Device, Sha256};

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
        let mut replies = match (message, self.session.as_mut()) {
            (summary @ Message::Summary { .. }, _) => {
                let mut session = Session::new();
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
                replies.extend(documents.into_iter().map(|document| Message::Error {
                    code,
                    document: Some(document),
                }));
            }
        }
        if self.session.as_ref().is_some_and(Session::is_done) {
            self.replica.close_documents();
        }
        replies
    }

    fn idle(&self) -> bool {
        self.session.as_ref().is_none_or(Session::is_done)
    }
}

/// Whether the device's token still stands: a device revoked while connected is let go at its
/// next session.
fn still_enrolled(state: &AppState, token: &Sha256) -> bool {
    matches!(state.storage.device_by_token(*token), Ok(Some(device)) if !device.revoked)
}

pub async fn serve(socket: WebSocket, state: AppState, device: Device, token: Sha256) {
    tracing::info!(device = %device.id, user = %device.user, "device connected");
    let (mut sender, mut receiver) = socket.split();
    let mut changes = state.changes.subscribe();
    let mut limit = RateLimit::new(state.config.frames_per_second, state.config.frame_burst);
    let mut connection = Connection {
        replica: ServerReplica::new(state.storage.clone(), device.clone()),
        session: None,
        device,
    };
    // Another device changed something while this one was mid-session: tell it afterwards.
    let mut missed_change = false;
    loop {
        let mut replies = tokio::select! {
            incoming = receiver.next() => match incoming {
                Some(Ok(WsMessage::Binary(frame))) => {
                    if !limit.allow(Instant::now()) {
                        vec![error_frame(ErrorCode::RateLimited)]
                    } else if frame.len() > state.config.max_frame_bytes {
                        vec![error_frame(ErrorCode::TooLarge)]
                    } else {
                        match decode(&frame) {
                            Ok(Message::Summary { .. }) if !still_enrolled(&state, &token) => {
                                tracing::info!(device = %connection.device.id, "revoked device disconnected");
                                break;
                            }
                            Ok(message) => tokio::task::block_in_place(|| connection.handle(message, &state)),
                            Err(error) => vec![error.reply()],
                        }
                    }
                }
                Some(Ok(WsMessage::Text(_))) => vec![error_frame(ErrorCode::Malformed)],
                Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => Vec::new(),
                Some(Ok(WsMessage::Close(_))) | None => break,
                Some(Err(error)) => {
                    tracing::info!(%error, device = %connection.device.id, "connection dropped");
                    break;
                }
            },
            changed = changes.recv() => match changed {
                Ok(changed) if changed.device == connection.device.id
                    || !changed.workspaces.iter().any(|w| connection.device.may_see(*w)) => Vec::new(),
                // A lagging receiver missed some notices: one Changed covers them all.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    missed_change = true;
                    Vec::new()
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
        };
        if missed_change && connection.idle() {
            missed_change = false;
            replies.push(Message::Changed);
        }
        for reply in replies {
            let frame = match encode(&reply) {
                Ok(frame) => frame,
                Err(error) => {
                    tracing::error!(%error, "a reply could not be encoded");
                    continue;
                }
            };
            if sender.send(WsMessage::Binary(frame.into())).await.is_err() {
                return;
            }
        }
    }
    tracing::info!(device = %connection.device.id, "device disconnected");
}
