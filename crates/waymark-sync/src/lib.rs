//! Waymark's sync protocol, with no IO in it: versioned, size-limited [`frame`]s, and a
//! [`Session`] state machine that a client or server feeds with frames and that answers with
//! frames. Each document runs Automerge's own sync protocol; around it, a session first compares
//! one digest of everything each side holds, so a reconnect with nothing new costs two small
//! frames whatever the number of documents.
//!
//! Neither side trusts the other: every document is measured against [`Limits`] before Automerge
//! loads a byte of it, a session takes nothing after its end, and each side reports only the
//! heads the other confirmed. With feature `client`, `client` is the device's side of the wire
//! and `agent` its sync loop.

#[cfg(feature = "client")]
pub mod agent;
pub mod backoff;
pub mod blob;
#[cfg(feature = "client")]
pub mod client;
pub mod epoch;
pub mod frame;
pub mod heads;
pub mod limits;
mod local;
pub mod loopback;
mod session;
mod wire_id;

pub use frame::{
    decode, encode, encode_parts, ErrorCode, FrameError, Message, Reassembly,
    MAX_DOCUMENTS_PER_FRAME, MAX_FRAME_BYTES, PROTOCOL_VERSION,
};
pub use limits::{LimitError, Limits, Measure};
pub use local::LocalReplica;
pub use session::{digest, Replica, ReplicaError, Session};

/// What the server and the app log when `RUST_LOG` does not say: `info`, but from Automerge
/// only warnings and errors. Automerge opens an `info` span for each load and merge that
/// records the document's whole change graph as text, which made that text the larger part of
/// what a busy server did.
pub const DEFAULT_LOG_LEVELS: &str = "info,automerge=warn";
