//! The server's one error type. Each error an admin or a device can cause has a stable code and a
//! sentence that says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("there is already a workspace called \"{0}\"")]
    WorkspaceExists(String),
    #[error("there is no workspace called \"{0}\"")]
    UnknownWorkspace(String),
    #[error("user \"{0}\" is in more than one workspace: say which with --workspace")]
    WhichWorkspace(String),
    #[error("there is no user called \"{0}\"")]
    UnknownUser(String),
    #[error("user \"{user}\" is not a member of workspace \"{workspace}\"")]
    NotAMember { user: String, workspace: String },
    #[error("\"{0}\" is not an agency Waymark knows: use one of {known}", known = agency_codes())]
    UnknownAgency(String),
    #[error("\"{0}\" is not a role: use practitioner, manager or partner_reader")]
    UnknownRole(String),
    #[error("there is no device {0}")]
    UnknownDevice(String),
    #[error(
        "user \"{user}\" is not a manager of workspace \"{workspace}\": only a manager may do this"
    )]
    NotAManager { user: String, workspace: String },
    #[error("there is no record {0} on this server")]
    UnknownRecord(String),
    #[error("record {0} was erased: nothing of it is kept but the note that it was")]
    Erased(String),
    #[error("this record's history was erased while these changes were on their way: they were refused, and the device is sent the record as it is now")]
    StaleEpoch,
    #[error("the erasure could not be read: send the record and a reason")]
    BadErasure,
    #[error("record {0} has a case team and stays with it: a Level 1 peer map is never shared")]
    NotShareable(String),
    #[error("{0} is not one of this workspace's partner agencies: a manager can add it in the workspace's settings")]
    NotAPartner(&'static str),
    #[error("record {0} is the team's, seen by every practitioner and manager of its workspace: only a record with a case team has members")]
    TeamRecord(String),
    #[error("\"{user}\" is the last member of this record's case team and stays on it: add someone else first")]
    LastOfCaseTeam { user: String },
    #[error("user \"{user}\" cannot be on this record's case team: they do not work on the records of workspace \"{workspace}\"")]
    NotOnTheTeam { user: String, workspace: String },
    #[error("user \"{user}\" may not change this record's case team: only a manager of its workspace or a member of its case team may")]
    MayNotChangeCaseTeam { user: String },
    #[error(
        "the audit report could not be read: send at most 500 views, exports or prints, as JSON"
    )]
    BadAuditReport,
    #[error("the audit log is broken: {0}")]
    AuditBroken(String),
    #[error("there is no sharing decision {0}")]
    UnknownDecision(i64),
    #[error("sharing decision {0} has already been revoked")]
    AlreadyRevoked(i64),
    #[error("\"{0}\" is not a legal basis Waymark knows: use one of {known}", known = legal_basis_codes())]
    UnknownLegalBasis(String),
    #[error("\"{0}\" is not a consent status: use obtained, not_sought or overridden")]
    UnknownConsent(String),
    #[error("{0}")]
    Invalid(waymark_core::ValidationError),
    #[error("a name must be 1 to 120 characters")]
    BadName,
    #[error("you cannot change your own role: ask another manager or the administrator")]
    OwnRole,
    #[error("you cannot revoke the device you are using: do it from another device, or ask the administrator")]
    OwnDevice,
    #[error("the change could not be read: send the person's name, their agency and their role")]
    BadMemberChange,
    #[error("the settings change could not be read: send one field and its value")]
    BadSettingsChange,
    #[error("the device request could not be read: send the person's name, or the device's id")]
    BadDeviceRequest,
    #[error("the sharing decision could not be read: send the records, the agency, the purpose, the legal basis and the consent")]
    BadSharingDecision,
    #[error("this enrolment code is not known: check it with the person who gave it to you")]
    CodeUnknown,
    #[error("this enrolment code has already been used: ask for a new one")]
    CodeUsed,
    #[error("this enrolment code has expired: ask for a new one")]
    CodeExpired,
    #[error("this device is not enrolled, or its token is wrong: enrol it again")]
    Unauthorized,
    #[error("this device has been revoked: ask your administrator to enrol it again")]
    DeviceRevoked,
    /// The device was lost or stolen: it is refused, and told to erase itself.
    #[error("this device was ordered erased by {} and holds nothing now: ask your administrator to enrol it again", .0.by)]
    DeviceWiped(waymark_core::passcode::WipeOrder),
    #[error("this record is not one this device may see or change")]
    Forbidden,
    #[error("the list of an agency's actions is for a partner agency's reader whose agency is recorded: ask your administrator")]
    NotAPartnerReader,
    #[error("this action is not one your agency owns, or it is no longer in the plan")]
    NotYourAgencysAction,
    #[error("the action's update could not be read: send the plan, the action and the new status")]
    BadActionUpdate,
    #[error("these changes are written under another person's device: they were refused, and nothing was saved")]
    AnotherPersonsActor,
    #[error("this file is not known here")]
    UnknownBlob,
    #[error("the upload must go on from byte {received}")]
    WrongOffset { received: u64 },
    #[error("the file's contents do not match its SHA-256: it was refused")]
    HashMismatch,
    #[error("a file may be at most {0} bytes")]
    BlobTooLarge(u64),
    #[error("too many attempts from this address: try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("the server is busy: try again in a minute")]
    Busy,
    /// The server was asked to stop; another server process, or this one restarted, takes over.
    #[error("the server is restarting: the device syncs again in a moment")]
    Stopping,
    #[error("this workspace has used its quota of {0}: ask your administrator")]
    QuotaExceeded(&'static str),
    #[error("the server database was written by a newer server (schema {found}; this one knows up to {supported}): run the newer server, or restore a backup")]
    NewerSchema { found: i64, supported: i64 },
    #[error("there is no server database at {0}: `waymark-server migrate` creates one")]
    NoDatabase(String),
    #[error("the server database's schema is version {found} and this server writes version {supported}: run `waymark-server migrate`")]
    SchemaBehind { found: i64, supported: i64 },
    #[error("{0} already exists: name a new file, so that no backup is written over")]
    BackupExists(PathBuf),
    #[error("a PostgreSQL database is backed up with pg_dump, while the server runs: the README's \"Backups\" section says how")]
    BackupWithPgDump,
    #[error("the server database at {place} could not be opened ({reason}): check the database setting, and the folder's permissions or the database server's address, user and password")]
    DatabaseUnreachable { place: String, reason: String },
    #[error("this server keeps its database in a SQLite file or in PostgreSQL, and the database setting names a {0} server: give the path of a file or a postgres:// address")]
    DatabaseUnsupported(String),
    #[error("the configuration file {path} could not be read: {message}")]
    Config { path: PathBuf, message: String },
    #[error("the server database could not be used: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the server database could not be used: {0}")]
    Postgres(String),
    #[error("the server database holds something this server cannot read: {0}")]
    StoredValue(String),
    #[error("a stored document could not be read: {0}")]
    Document(#[from] automerge::AutomergeError),
    #[error("a stored document could not be rewritten: {0}")]
    Epoch(#[from] waymark_sync::epoch::EpochError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ServerError {
    /// A stable code, for clients and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WorkspaceExists(_) => "workspace_exists",
            Self::UnknownWorkspace(_) => "unknown_workspace",
            Self::WhichWorkspace(_) => "which_workspace",
            Self::UnknownUser(_) => "unknown_user",
            Self::NotAMember { .. } => "not_a_member",
            Self::UnknownAgency(_) => "unknown_agency",
            Self::UnknownRole(_) => "unknown_role",
            Self::UnknownDevice(_) => "unknown_device",
            Self::NotAManager { .. } => "not_a_manager",
            Self::UnknownRecord(_) => "unknown_record",
            Self::Erased(_) => "erased",
            Self::StaleEpoch => "stale_epoch",
            Self::BadErasure => "bad_erasure",
            Self::NotShareable(_) => "not_shareable",
            Self::NotAPartner(_) => "not_a_partner",
            Self::TeamRecord(_) => "team_record",
            Self::LastOfCaseTeam { .. } => "last_of_case_team",
            Self::NotOnTheTeam { .. } => "not_on_the_team",
            Self::MayNotChangeCaseTeam { .. } => "may_not_change_case_team",
            Self::AuditBroken(_) => "audit_broken",
            Self::BadAuditReport => "bad_audit_report",
            Self::UnknownDecision(_) => "unknown_decision",
            Self::AlreadyRevoked(_) => "already_revoked",
            Self::UnknownLegalBasis(_) => "unknown_legal_basis",
            Self::UnknownConsent(_) => "unknown_consent",
            Self::Invalid(error) => error.code(),
            Self::BadName => "bad_name",
            Self::OwnRole => "own_role",
            Self::OwnDevice => "own_device",
            Self::BadMemberChange => "bad_member_change",
            Self::BadSettingsChange => "bad_settings_change",
            Self::BadDeviceRequest => "bad_device_request",
            Self::BadSharingDecision => "bad_sharing_decision",
            Self::CodeUnknown => "code_unknown",
            Self::CodeUsed => "code_used",
            Self::CodeExpired => "code_expired",
            Self::Unauthorized => "unauthorized",
            Self::DeviceRevoked => "device_revoked",
            Self::DeviceWiped(_) => "device_wiped",
            Self::Forbidden => "forbidden",
            Self::NotAPartnerReader => "not_a_partner_reader",
            Self::NotYourAgencysAction => "not_your_agencys_action",
            Self::BadActionUpdate => "bad_action_update",
            Self::AnotherPersonsActor => "another_persons_actor",
            Self::UnknownBlob => "unknown_blob",
            Self::WrongOffset { .. } => "wrong_offset",
            Self::HashMismatch => "hash_mismatch",
            Self::BlobTooLarge(_) => "blob_too_large",
            Self::TooManyAttempts(_) => "rate_limited",
            Self::Busy => "busy",
            Self::Stopping => "server_stopping",
            Self::QuotaExceeded(_) => "quota_exceeded",
            Self::NewerSchema { .. } => "database_too_new",
            Self::NoDatabase(_) => "database_missing",
            Self::SchemaBehind { .. } => "database_behind",
            Self::BackupExists(_) => "backup_exists",
            Self::BackupWithPgDump => "backup_with_pg_dump",
            Self::DatabaseUnreachable { .. } => "database_unreachable",
            Self::DatabaseUnsupported(_) => "database_unsupported",
            Self::Config { .. } => "config",
            Self::Database(_) | Self::Postgres(_) | Self::StoredValue(_) => "database",
            Self::Document(_) | Self::Epoch(_) => "document",
            Self::Io(_) => "io",
        }
    }
}

/// The codes of the partner agencies, as the admin CLI takes them.
fn agency_codes() -> String {
    waymark_core::vocabulary::PartnerAgency::ALL
        .iter()
        .map(|agency| agency.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The codes of the legal bases a sharing decision may rest on.
fn legal_basis_codes() -> String {
    waymark_core::vocabulary::LegalBasis::ALL
        .iter()
        .map(|basis| basis.code())
        .collect::<Vec<_>>()
        .join(", ")
}
