//! Where the server keeps workspaces, users, devices, documents and blobs. Everything above this
//! trait is storage-agnostic. The one implementation, [`SqlStorage`], is written once in SQL and
//! runs on either backend: a SQLite file, the embedded default for a team, or a PostgreSQL
//! database that several server processes share.

pub mod postgres;
mod sql;
pub mod sqlite;

use std::collections::BTreeMap;
use std::path::Path;

use automerge::ChangeHash;
use uuid::Uuid;
use waymark_core::access::{SharingDecision, SharingDecisionDraft, WorkspaceRole};
use waymark_core::audit::{AuditEntry, AuditFilter, ChainedEntry};
use waymark_core::directory::Directory;
use waymark_core::erasure::{Erasure, RetentionDue, RetentionExtension};
use waymark_core::passcode::WipeOrder;
use waymark_core::vocabulary::PartnerAgency;
use waymark_core::workspace_settings::WorkspaceSetting;
use waymark_core::{RecordId, UnixMillis};

use crate::ServerError;
pub use sql::SqlStorage;

/// The backend a `database` setting names: a PostgreSQL address, or the path of a SQLite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind<'a> {
    Postgres(&'a str),
    Sqlite(&'a Path),
}

impl<'a> DatabaseKind<'a> {
    /// Reads the setting. Any other `scheme://` is refused before anything is made at a path
    /// that was never meant as one.
    pub fn of(setting: &'a Path) -> Result<Self, ServerError> {
        match setting
            .to_str()
            .and_then(|text| Some((text, text.split_once("://")?.0)))
        {
            Some((url, "postgres" | "postgresql")) => Ok(Self::Postgres(url)),
            Some((_, scheme)) => Err(ServerError::DatabaseUnsupported(scheme.to_owned())),
            None => Ok(Self::Sqlite(setting)),
        }
    }
}

impl SqlStorage {
    /// Opens the database the setting names, creating its schema or bringing it up to date.
    pub fn open(setting: &Path) -> Result<Self, ServerError> {
        match DatabaseKind::of(setting)? {
            DatabaseKind::Postgres(url) => Self::open_postgres(url),
            DatabaseKind::Sqlite(path) => Self::open_sqlite(path),
        }
    }
}

/// Checks the database the setting names without writing to it: its schema version, when it
/// is the one this server writes.
pub fn check(setting: &Path) -> Result<i64, ServerError> {
    match DatabaseKind::of(setting)? {
        DatabaseKind::Postgres(url) => postgres::check(url),
        DatabaseKind::Sqlite(path) => sqlite::check(path),
    }
}

/// Writes a consistent copy of a SQLite database to the new file `to`, and answers its size. A
/// PostgreSQL database is copied with its own tools instead.
pub fn backup(setting: &Path, to: &Path) -> Result<u64, ServerError> {
    match DatabaseKind::of(setting)? {
        DatabaseKind::Postgres(_) => Err(ServerError::BackupWithPgDump),
        DatabaseKind::Sqlite(path) => sqlite::backup(path, to),
    }
}

/// The database a setting names, as the server may print it: a PostgreSQL address without its
/// password.
pub fn shown(setting: &Path) -> String {
    match DatabaseKind::of(setting) {
        Ok(DatabaseKind::Postgres(url)) => postgres::shown(url),
        _ => setting.display().to_string(),
    }
}

/// The storage a unit test keeps in `dir`: the SQLite file there, or, in the PostgreSQL pass of
/// `cargo xtask test`, a database of its own in that run's cluster.
#[cfg(test)]
pub(crate) fn for_test(dir: &Path) -> SqlStorage {
    let setting = waymark_e2e::postgres::database_setting(&dir.join("server.db"))
        .expect("a database for the test");
    SqlStorage::open(Path::new(&setting)).expect("opens")
}

/// A new device of `user`, enrolled with `token`, as storage hands it to a connection.
#[cfg(test)]
pub(crate) fn enrolled_for_test(storage: &SqlStorage, user: &str, token: &str) -> Device {
    use crate::{admin, secret};
    let invitation = admin::enroll_device(storage, user, None, 1).expect("invited");
    let token = secret::hash(token);
    storage
        .redeem_code(
            secret::hash(&secret::normalise_code(&invitation.code)),
            token,
            crate::server::now_millis(),
        )
        .expect("redeemed");
    storage
        .device_by_token(token)
        .expect("reads")
        .expect("found")
}

/// A schema this server writes, or what to do about the one found.
fn compare_schema(found: i64, supported: i64) -> Result<i64, ServerError> {
    match found.cmp(&supported) {
        std::cmp::Ordering::Equal => Ok(found),
        std::cmp::Ordering::Less => Err(ServerError::SchemaBehind { found, supported }),
        std::cmp::Ordering::Greater => Err(ServerError::NewerSchema { found, supported }),
    }
}

pub type WorkspaceId = i64;

pub type UserId = i64;

/// A SHA-256, of a token, an enrolment code or a blob.
pub type Sha256 = [u8; 32];

/// An enrolled device, as the token in its upgrade request finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: Uuid,
    pub user: String,
    pub user_id: UserId,
    /// The workspace its new documents belong to.
    pub home: WorkspaceId,
    /// Every workspace whose team records its user works on (as a practitioner or a manager):
    /// what it may read and change. A partner reader's workspaces are not among them.
    pub workspaces: Vec<WorkspaceId>,
    /// Every workspace its user belongs to, in any role: the files of these it may fetch (by a
    /// SHA-256 that only a record it sees names), and the changes it hears of.
    pub member_of: Vec<WorkspaceId>,
    pub revoked: bool,
}

impl Device {
    pub fn may_see(&self, workspace: WorkspaceId) -> bool {
        self.workspaces.contains(&workspace)
    }
}

/// A member of a workspace, as the admin CLI lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberListing {
    pub user: String,
    /// `None` for a user added before agencies were recorded.
    pub agency: Option<PartnerAgency>,
    pub workspace: String,
    pub role: WorkspaceRole,
}

/// What one user may do with one document, as the server decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentAccess {
    /// No such document here: a new one, if the device may add records to its home workspace.
    Missing,
    /// The user works on it: the team's record of their workspace, or a case team's they are on.
    Edit,
    /// Shared with the user's agency by a sharing decision in force: read, never changed.
    Read,
    /// The user could see it once and may no longer: their devices delete their copies.
    Withdrawn,
    /// Erased (privacy rule P13), and the user is a member of its workspace: their devices
    /// delete their copies and say who erased it. Nothing of it is ever taken again.
    Erased,
    /// Anything else: refused, and nothing about it is disclosed.
    Hidden,
}

/// A document a user may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleDocument {
    pub heads: Vec<ChangeHash>,
    /// Whether they may change it, not only read it.
    pub editable: bool,
    /// The epoch the server holds it at: a copy of an older one is replaced, never merged.
    pub epoch: u32,
}

/// What one run of retention erased.
#[derive(Debug, Default)]
pub struct RetentionApplied {
    /// Records erased whole, with their workspaces.
    pub records: Vec<(WorkspaceId, Erasure)>,
    /// Walkabouts whose route track was erased (they stay), with their workspaces.
    pub route_tracks: Vec<(WorkspaceId, RecordId)>,
}

impl RetentionApplied {
    /// Every workspace that lost something, so its devices can be told.
    pub fn workspaces(&self) -> Vec<WorkspaceId> {
        let mut workspaces: Vec<WorkspaceId> = self
            .records
            .iter()
            .map(|(workspace, _)| *workspace)
            .chain(self.route_tracks.iter().map(|(workspace, _)| *workspace))
            .collect();
        workspaces.sort_unstable();
        workspaces.dedup();
        workspaces
    }
}

/// Who erases a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eraser<'a> {
    /// A manager of the record's workspace, by name, and the device they asked from, if any.
    Manager { name: &'a str, device: Option<Uuid> },
    /// Its workspace's retention period for its kind has ended.
    Retention,
}

/// Someone who can see a record, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user: String,
    pub agency: Option<PartnerAgency>,
    pub access: DocumentAccess,
    /// The sharing decision that lets them see it, for a reader.
    pub decision: Option<i64>,
}

/// A device as the admin CLI lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListing {
    pub id: Uuid,
    pub user: String,
    pub workspace: String,
    pub state: &'static str,
}

/// A partner reader's agency, and the saved plans of their workspace, by id.
#[derive(Debug)]
pub struct PartnerPlans {
    pub agency: PartnerAgency,
    pub plans: Vec<(RecordId, Vec<u8>)>,
}

/// Changes to one document, from one device's sync session.
#[derive(Debug)]
pub struct DocumentChanges {
    pub id: RecordId,
    /// The document's workspace if it is new here.
    pub home: WorkspaceId,
    /// The user whose device sent them: one who may not edit the document is refused.
    pub editor: UserId,
    /// The device that sent them, for the audit log.
    pub device: Uuid,
    /// A new document that must have a case team from the start (a Level 1 peer map): its
    /// editor is its first member.
    pub opens_case_team: bool,
    /// The epoch of the copy the changes were made to: changes to an epoch the server no longer
    /// holds are refused.
    pub epoch: u32,
    /// Automerge changes, as `save_after` writes them.
    pub changes: Vec<u8>,
}

/// Documents of a workspace changed through another server process on the same database, and
/// the device that sent the changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FedChange {
    pub workspace: WorkspaceId,
    pub device: Uuid,
}

pub trait Storage: Send + Sync + 'static {
    fn create_workspace(&self, name: &str, now: UnixMillis) -> Result<WorkspaceId, ServerError>;

    /// Adds a user to a workspace, creating the user if need be. `agency`, when given, is
    /// recorded for the user; `role`, when given, is their role in this workspace (a new member
    /// without one is a practitioner, an existing one keeps theirs).
    fn add_user(
        &self,
        name: &str,
        workspace: &str,
        agency: Option<PartnerAgency>,
        role: Option<WorkspaceRole>,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Changes a member's role in one workspace. A role that no longer works on the team's
    /// records withdraws them from the member's devices.
    fn set_role(
        &self,
        user: &str,
        workspace: &str,
        role: WorkspaceRole,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Every member of every workspace, by workspace and name.
    fn list_members(&self) -> Result<Vec<MemberListing>, ServerError>;

    /// Creates a device waiting for its enrolment code. `workspace` may be left out when the user
    /// belongs to one workspace only. Returns the device's id and its home workspace's name.
    fn create_device(
        &self,
        user: &str,
        workspace: Option<&str>,
        code: Sha256,
        expires_at: UnixMillis,
        now: UnixMillis,
    ) -> Result<(Uuid, String), ServerError>;

    /// Exchanges an enrolment code for a device token, once, before the code expires.
    fn redeem_code(
        &self,
        code: Sha256,
        token: Sha256,
        now: UnixMillis,
    ) -> Result<Uuid, ServerError>;

    fn revoke_device(&self, id: Uuid, now: UnixMillis) -> Result<(), ServerError>;

    /// Revokes a lost or stolen device and orders it erased: at its next contact it is told
    /// who ordered it, and when, and erases itself. The first order stands; it is in the audit
    /// log under `by`.
    fn order_wipe(&self, id: Uuid, by: &str, now: UnixMillis) -> Result<(), ServerError>;

    /// The order to erase a device, if one was given.
    fn wipe_order(&self, id: Uuid) -> Result<Option<WipeOrder>, ServerError>;

    /// The name of the workspace a device's new records go to.
    fn device_workspace_name(&self, id: Uuid) -> Result<String, ServerError>;

    /// Devices revoked at or after `since`.
    fn revoked_since(&self, since: UnixMillis) -> Result<Vec<Uuid>, ServerError>;

    /// Where the change feed ends now. Every sync frame's write adds to it, in the same
    /// transaction, which workspaces it changed and which device sent it.
    fn change_feed_end(&self) -> Result<i64, ServerError>;

    /// What the feed holds after `after` that other processes wrote (this one has told its
    /// devices already), and where it ends.
    fn changes_elsewhere(&self, after: i64) -> Result<(i64, Vec<FedChange>), ServerError>;

    /// Forgets the feed's rows written before `before`.
    fn forget_changes_before(&self, before: UnixMillis) -> Result<(), ServerError>;

    fn list_devices(&self) -> Result<Vec<DeviceListing>, ServerError>;

    fn device_by_token(&self, token: Sha256) -> Result<Option<Device>, ServerError>;

    /// Every document the user may see at `now`, with its heads and whether they may change it.
    fn visible_documents(
        &self,
        user: UserId,
        now: UnixMillis,
    ) -> Result<BTreeMap<RecordId, VisibleDocument>, ServerError>;

    /// What the user may do with one document at `now`.
    fn document_access(
        &self,
        user: UserId,
        id: RecordId,
        now: UnixMillis,
    ) -> Result<DocumentAccess, ServerError>;

    /// Everyone who can see a record at `now`, by name.
    fn viewers(&self, id: RecordId, now: UnixMillis) -> Result<Vec<Viewer>, ServerError>;

    /// What a device is told of its home workspace's people, their actors, and who can see each
    /// record its user sees that is not simply that workspace team's.
    fn directory(&self, device: &Device, now: UnixMillis) -> Result<Directory, ServerError>;

    /// Changes one of the settings of the home workspace of `by`'s device: a manager's only. The
    /// value is validated first (a case-reference pattern must compile).
    fn change_workspace_setting(
        &self,
        by: &Device,
        setting: WorkspaceSetting,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Puts a member of the record's workspace who works on its records on its case team.
    fn add_to_case_team(
        &self,
        id: RecordId,
        user: &str,
        by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Takes someone off a record's case team; their devices delete it at their next sync. The
    /// last member stays: a record nobody may see helps nobody.
    fn remove_from_case_team(
        &self,
        id: RecordId,
        user: &str,
        by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Appends to the audit log entries for what happened outside any other storage call: sync
    /// frames refused, records withdrawn from a device.
    fn record_audit(&self, entries: &[AuditEntry]) -> Result<(), ServerError>;

    /// What a manager reads of the audit log in the app: their home workspace's entries,
    /// newest first, at most
    /// [`waymark_core::audit::MAX_AUDIT_ENTRIES_READ`]. Anyone else is refused.
    fn workspace_audit(
        &self,
        reader: &Device,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, ServerError>;

    /// The whole audit log, in order, with its links.
    fn audit_log(&self) -> Result<Vec<ChainedEntry>, ServerError>;

    /// Records a manager's decision to share records of their workspace with an agency, and
    /// returns its number. A record with a case team is never shared (privacy rule P8).
    fn record_sharing_decision(
        &self,
        workspace: &str,
        decided_by: &str,
        decision: &SharingDecisionDraft,
        now: UnixMillis,
    ) -> Result<i64, ServerError>;

    /// Ends a sharing decision; the agency's devices delete its records at their next sync.
    fn revoke_sharing_decision(
        &self,
        id: i64,
        revoked_by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// A workspace's sharing decisions, in force or not, oldest first.
    fn sharing_decisions(&self, workspace: &str) -> Result<Vec<SharingDecision>, ServerError>;

    /// Sets aside a stored document that cannot be read: its bytes stay, devices are neither
    /// offered it nor allowed to change it.
    fn quarantine_document(&self, id: RecordId, now: UnixMillis) -> Result<(), ServerError>;

    fn is_quarantined(&self, id: RecordId) -> Result<bool, ServerError>;

    /// Every document set aside, and when.
    fn quarantined_documents(&self) -> Result<Vec<(RecordId, UnixMillis)>, ServerError>;

    /// A document's saved bytes.
    fn load_document(&self, id: RecordId) -> Result<Option<Vec<u8>>, ServerError>;

    /// The stored bytes of each of these documents that storage holds, in no particular order.
    fn load_documents(&self, ids: &[RecordId]) -> Result<Vec<(RecordId, Vec<u8>)>, ServerError>;

    /// Erases a record (privacy rule P13): its document, its access rows, and the files only it
    /// named go, and their bytes are overwritten; a stub stays, and the audit log says who erased
    /// it and why. A manager may erase only their own workspace's records.
    fn erase_record(
        &self,
        id: RecordId,
        by: Eraser<'_>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(WorkspaceId, Erasure), ServerError>;

    /// What user `user`'s devices are told of an erased record, if it was one of their
    /// workspace's.
    fn erasure(&self, user: UserId, id: RecordId) -> Result<Option<Erasure>, ServerError>;

    /// Erases the past text of a record: its document is rewritten from what it shows now as the
    /// next epoch, with no history, and the old epoch's bytes are overwritten. Returns the new
    /// epoch and the record's workspace. A manager of its workspace only.
    fn erase_history(
        &self,
        id: RecordId,
        manager: &str,
        device: Option<Uuid>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(WorkspaceId, u32), ServerError>;

    /// The records of a workspace due for erasure by `until`, soonest first. A manager's only.
    fn retention_due(
        &self,
        workspace: &str,
        manager: &str,
        until: UnixMillis,
    ) -> Result<Vec<RetentionDue>, ServerError>;

    /// Keeps one record longer than its retention period, on a manager's word and reason.
    fn extend_retention(
        &self,
        manager: &str,
        extension: &RetentionExtension,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Erases, with "retention" as the reason, every record whose retention period ended by
    /// `now`, and the route track of every walkabout whose shorter period for tracks ended.
    fn apply_retention(&self, now: UnixMillis) -> Result<RetentionApplied, ServerError>;

    /// The agency of a partner reader of the device's home workspace, and that workspace's plans;
    /// anyone else is refused with [`ServerError::NotAPartnerReader`].
    fn partner_plans(&self, device: &Device) -> Result<PartnerPlans, ServerError>;

    /// Keeps a change the server made to a plan for a partner reader, under an actor bound to
    /// them (`changes.editor`), and audits it. The caller has checked that it touches only an
    /// action their agency owns.
    fn apply_partner_change(
        &self,
        changes: &DocumentChanges,
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Merges changes into stored documents, all or none. Changes to a document its editor may
    /// not edit, or a new document in a workspace where they may not add records, refuse the
    /// whole batch with [`ServerError::Forbidden`].
    fn merge_documents(
        &self,
        batch: &[DocumentChanges],
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// The size of a blob that one of these workspaces may fetch.
    fn blob_size(
        &self,
        sha256: &str,
        workspaces: &[WorkspaceId],
    ) -> Result<Option<u64>, ServerError>;

    fn read_blob(&self, sha256: &str, offset: u64, length: u64) -> Result<Vec<u8>, ServerError>;

    /// How many bytes of an upload this workspace has sent so far.
    fn upload_received(&self, sha256: &str, workspace: WorkspaceId) -> Result<u64, ServerError>;

    fn append_upload(
        &self,
        sha256: &str,
        workspace: WorkspaceId,
        offset: u64,
        bytes: &[u8],
        now: UnixMillis,
    ) -> Result<(), ServerError>;

    /// Bytes of unfinished uploads the workspace holds.
    fn partial_upload_bytes(&self, workspace: WorkspaceId) -> Result<u64, ServerError>;

    /// Throws away unfinished uploads whose last chunk arrived before `before`.
    fn expire_uploads(&self, before: UnixMillis) -> Result<(), ServerError>;

    /// Bytes of the blobs the workspace may fetch.
    fn workspace_blob_bytes(&self, workspace: WorkspaceId) -> Result<u64, ServerError>;

    /// Takes every chunk of an upload out, in order.
    fn take_upload(&self, sha256: &str, workspace: WorkspaceId) -> Result<Vec<u8>, ServerError>;

    /// Stores a checked blob (once) and lets the workspace fetch it.
    fn put_blob(
        &self,
        sha256: &str,
        workspace: WorkspaceId,
        bytes: &[u8],
    ) -> Result<(), ServerError>;
}
