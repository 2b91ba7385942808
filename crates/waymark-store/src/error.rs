use std::path::PathBuf;

use waymark_core::{CommandError, RecordId, ValidationError};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a Waymark database, or it is damaged")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the database is at version {found}, newer than the {supported} this app knows")]
    NewerSchema { found: i64, supported: i64 },
    #[error("could not create the data directory {path}")]
    DataDirectory {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no record {0} on this device")]
    NotFound(RecordId),
    #[error("record {0} is a {1}, not a {2}")]
    WrongKind(RecordId, String, &'static str),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("the document offered as {0} is another record, or not a context")]
    MismatchedDocument(RecordId),
    #[error("a sync step failed part way and was rolled back")]
    SyncStepFailed,
    #[error("a value could not be written or read as JSON")]
    Json(#[from] serde_json::Error),
    #[error("SQLite failed")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a document could not be read or changed")]
    Document(#[from] automerge::AutomergeError),
    #[error("a document's new epoch could not be written")]
    Epoch(#[from] waymark_sync::epoch::EpochError),
    #[error("a downloaded attachment did not match its SHA-256")]
    AttachmentMismatch,
    #[error("record {0} was shared with this device's person to read, not to change")]
    SharedToRead(RecordId),
    #[error("the passcode is wrong")]
    WrongPasscode,
    #[error("too many wrong passcodes: wait {seconds} seconds")]
    TryAgainLater { seconds: u64 },
    #[error("the key file is damaged")]
    KeyFileDamaged,
    #[error("the key file was written by a newer app")]
    KeyFileTooNew,
    #[error("the database was written by another install")]
    AnotherInstall,
    #[error("the database is not plain SQLite and there is no key file for it")]
    KeyFileMissing,
    #[error("a passcode is already set on this device")]
    AlreadySetUp,
    #[error("no passcode is set on this device yet")]
    NotSetUp,
    #[error("the app is locked")]
    Locked,
    #[error("a file in the data directory could not be read or written")]
    Io(#[source] std::io::Error),
    #[error(
        "the field chosen between is not in conflict, or the value chosen is not one it holds"
    )]
    NoSuchConflict,
    #[error("an export could not be made: {0}")]
    Export(String),
}

const DAMAGED_FILE: &str = "Waymark cannot read its database: the file is damaged or is not a Waymark database. It has been left exactly as it was; contact your administrator before doing anything else with this device.";

/// Whether SQLite refused because the file is damaged: a page failed its check as it was read,
/// or a commit was held back because the whole-file check found damage.
fn file_is_damaged(error: &rusqlite::Error) -> bool {
    match error {
        rusqlite::Error::SqliteFailure(failure, _) => {
            matches!(
                failure.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_COMMITHOOK
        }
        _ => false,
    }
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "database_unreadable",
            Self::Sqlite(error) if file_is_damaged(error) => "database_unreadable",
            Self::NewerSchema { .. } => "database_too_new",
            Self::DataDirectory { .. } => "data_directory_unavailable",
            Self::NotFound(_) | Self::WrongKind(..) => "record_not_found",
            Self::Invalid(error) => error.code(),
            Self::Sqlite(_) | Self::Json(_) => "storage_failed",
            Self::Document(_) | Self::Epoch(_) | Self::MismatchedDocument(_) => "document_damaged",
            Self::AttachmentMismatch => "attachment_mismatch",
            Self::SyncStepFailed => "sync_step_failed",
            Self::SharedToRead(_) => "shared_to_read",
            Self::WrongPasscode => "wrong_passcode",
            Self::TryAgainLater { .. } => "unlock_waiting",
            Self::KeyFileDamaged => "key_file_damaged",
            Self::KeyFileTooNew => "key_file_too_new",
            Self::AnotherInstall => "database_from_another_install",
            Self::KeyFileMissing => "key_file_missing",
            Self::AlreadySetUp => "passcode_already_set",
            Self::NotSetUp => "passcode_not_set",
            Self::Locked => "app_locked",
            Self::Io(_) => "storage_failed",
            Self::NoSuchConflict => "no_such_conflict",
            Self::Export(_) => "export_failed",
        }
    }

    /// What a practitioner is told.
    pub fn practitioner_message(&self) -> String {
        match self {
            Self::Unreadable { .. } => DAMAGED_FILE.to_owned(),
            Self::Sqlite(error) if file_is_damaged(error) => DAMAGED_FILE.to_owned(),
            Self::NewerSchema { .. } => "This device's records were saved by a newer version of Waymark. Update the app to open them; nothing has been changed.".to_owned(),
            Self::DataDirectory { .. } => "Waymark cannot create its data folder on this device. Check that the device has free space.".to_owned(),
            Self::NotFound(_) | Self::WrongKind(..) => "This record is not on this device. It may not have synced yet.".to_owned(),
            Self::Invalid(error) => error.to_string(),
            Self::Sqlite(_) | Self::Json(_) => "The change could not be saved on this device. Everything saved before is safe; try again.".to_owned(),
            Self::Document(_) | Self::Epoch(_) | Self::MismatchedDocument(_) => "This record could not be read. Everything else on the device is safe; contact your administrator.".to_owned(),
            Self::AttachmentMismatch => "A photo or file from the server arrived damaged. It was thrown away and will be fetched again.".to_owned(),
            Self::SyncStepFailed => "Sync stopped part way. Everything saved on this device is safe; it will try again.".to_owned(),
            Self::SharedToRead(_) => "This record was shared with you to read. It cannot be changed here: your copy stays as the team wrote it.".to_owned(),
            Self::WrongPasscode => "That passcode is not right. Check it and try again.".to_owned(),
            Self::TryAgainLater { seconds } => format!("Too many wrong passcodes. Wait {seconds} seconds, then try again."),
            Self::KeyFileDamaged => "This device's key file is damaged, so the records cannot be opened. Nothing has been changed; contact your administrator.".to_owned(),
            Self::KeyFileTooNew => "This device's records were protected by a newer version of Waymark. Update the app to open them; nothing has been changed.".to_owned(),
            Self::AnotherInstall => "This database belongs to another installation of Waymark, so this device's passcode cannot open it. Nothing has been changed.".to_owned(),
            Self::KeyFileMissing => "Waymark cannot read its database: the file is damaged, is not a Waymark database, or is encrypted and this device's key file is missing. It has been left exactly as it was; contact your administrator before doing anything else with this device.".to_owned(),
            Self::AlreadySetUp => "A passcode is already set on this device: unlock with it, or change it in Settings.".to_owned(),
            Self::NotSetUp => "Set a passcode for this device first.".to_owned(),
            Self::Locked => "Waymark is locked. Unlock it with your passcode.".to_owned(),
            Self::Io(_) => "A file on this device could not be read or written. Everything saved before is safe; check the device has free space and try again.".to_owned(),
            Self::NoSuchConflict => "Someone has already chosen between these two values, or one of them changed since. The record now shows what is kept.".to_owned(),
            Self::Export(_) => "The export could not be made, and nothing was saved. Try again; if it happens again, tell your administrator.".to_owned(),
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(invalid) => invalid.into(),
            other => CommandError::new(other.code(), other.practitioner_message()),
        }
    }
}
