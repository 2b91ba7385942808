//! The Waymark domain: the records practitioners keep, the words they use for them, and the rules
//! that protect the young people those records are about.
//!
//! This crate does no IO and reads no clock and no random source: ids and times come in as
//! arguments, so every rule can be tested exactly and the same code runs in the wasm UI.

pub mod access;
pub mod audit;
pub mod command;
pub mod command_error;
pub mod conference;
pub mod context;
pub mod directory;
pub mod enrolment;
pub mod erasure;
pub mod error;
pub mod escalation_card;
pub mod export;
pub mod fields;
pub mod history;
pub mod id;
pub mod language;
pub mod location;
pub mod millis;
pub mod name_check;
pub mod observation;
pub mod offline_map;
pub mod outcome;
pub mod passcode;
pub mod peer_group;
pub mod photo;
pub mod plan;
pub mod record_kind;
pub mod referral;
pub mod referral_questions;
pub mod route;
pub mod school;
pub mod sync_status;
pub mod system_review;
pub mod text;
pub mod timeline;
pub mod vocabulary;
pub mod walkabout;
pub mod workspace_settings;

pub use command_error::CommandError;
pub use context::{
    Context, ContextDraft, ContextEdit, ContextGroup, ContextSearch, ContextSummary, ValidContext,
    CONTEXTS_PER_PAGE,
};
pub use error::ValidationError;
pub use escalation_card::EscalationCard;
pub use history::HistoryEntry;
pub use id::RecordId;
pub use location::GeoPoint;
pub use millis::{Clock, SetClock, UnixMillis};
pub use observation::{Escalation, Observation, ObservationDraft, ObservedLocation, PeopleCount};
pub use record_kind::RecordKind;
pub use route::RoutePoint;
pub use sync_status::{SyncPhase, SyncStatus};
pub use vocabulary::ContextType;
pub use walkabout::{
    CheckIn, CheckOut, Conditions, Overdue, RemovedObservation, RouteSummary, SafetyContact,
    TeamMember, WalkInProgress, Walkabout, WalkaboutPlan, WalkaboutState, WalkaboutSummary,
    WriteUpSection,
};
