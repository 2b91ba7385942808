//! The Waymark sync server. Devices enrol with a one-time code, then sync over a WebSocket whose
//! upgrade request carries their token; each sees and changes only the documents of its user's
//! workspaces. Attachments travel beside the documents as blobs named by their SHA-256.
//!
//! A device is not trusted: revoked devices are cut off by the server itself, documents are
//! measured before they are loaded, a change may not alter a record's id or kind, and frames,
//! sessions, uploads and network addresses have limits (`server.toml`).

mod address_limit;
pub mod admin;
mod change_feed;
pub mod config;
mod connection;
pub mod erasure;
mod error;
pub mod members;
pub mod metrics;
pub mod partner_actions;
mod replica;
mod revocation;
mod secret;
pub mod server;
pub mod storage;

pub use config::Config;
pub use error::ServerError;
pub use secret::DEFAULT_CODE_HOURS;
