//! The Waymark domain: the records practitioners keep, the words they use for them, and the rules
//! that protect the young people those records are about.
//!
//! This crate does no IO and reads no clock and no random source: ids and times come in as
//! arguments, so every rule can be tested exactly and the same code runs in the wasm UI.

pub mod command_error;
pub mod context;
pub mod error;
pub mod id;
pub mod location;
pub mod vocabulary;

pub use command_error::CommandError;
pub use context::{Context, ContextDraft, ContextEdit, ContextSummary, ValidContext};
pub use error::ValidationError;
pub use id::RecordId;
pub use location::GeoPoint;
pub use vocabulary::ContextType;
