//! What a sync client needs from the device it runs on.

use crate::{Message, Session};

/// The device's documents, driven one frame at a time. Implementations take their lock for one
/// step only, so editing goes on between frames.
pub trait LocalReplica {
    /// Starts the session (`incoming` is `None`) or hands it one frame from the server; returns
    /// the frames to send.
    fn step(&self, session: &mut Session, incoming: Option<Message>) -> Vec<Message>;
}

impl<T: LocalReplica + ?Sized> LocalReplica for std::sync::Arc<T> {
    fn step(&self, session: &mut Session, incoming: Option<Message>) -> Vec<Message> {
        (**self).step(session, incoming)
    }
}
