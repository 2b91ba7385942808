//! The storage, written once in the SQL that SQLite and PostgreSQL both take (see [`db`]):
//! who sees what, documents and their merges, devices, sharing, the audit log and uploads. Each
//! backend ([`super::sqlite`], [`super::postgres`]) gives it connections and keeps its own
//! migrations.

pub(super) mod db;
mod erasure;
mod merge;

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;
use uuid::Uuid;
use waymark_core::access::{
    Consent, Revocation, SharingDecision, SharingDecisionDraft, WorkspaceRole,
};
use waymark_core::audit::{
    self, AuditAction, AuditEntry, ChainHash, ChainedEntry, CHAIN_START, MAX_AUDIT_ENTRIES_READ,
};
use waymark_core::directory::{self, Directory, Member, RecordAudience};
use waymark_core::erasure::{Erasure, RetentionDue, RetentionExtension};
use waymark_core::passcode::WipeOrder;
use waymark_core::vocabulary::{LegalBasis, PartnerAgency};
use waymark_core::workspace_settings::{WorkspaceSetting, WorkspaceSettings};
use waymark_core::{RecordId, UnixMillis};

use super::{
    AuditFilter, Device, DeviceListing, DocumentAccess, DocumentChanges, Eraser, FedChange,
    MemberListing, PartnerPlans, RetentionApplied, Sha256, Storage, UserId, Viewer,
    VisibleDocument, WorkspaceId,
};
use crate::ServerError;
use db::{params, Db, Optional, ToValue, Value};

/// Where the storage gets a connection: the one SQLite connection, or one from PostgreSQL's pool.
pub trait Backend: Send + Sync + std::fmt::Debug + 'static {
    fn conn(&self) -> Result<Box<dyn Db + '_>, ServerError>;
}

/// The server's storage on one database.
#[derive(Debug)]
pub struct SqlStorage {
    backend: Box<dyn Backend>,
    /// This process, as the change feed names it: several server processes may share the
    /// database.
    process: Uuid,
}

impl SqlStorage {
    pub(super) fn new(backend: Box<dyn Backend>) -> Self {
        Self {
            backend,
            process: Uuid::now_v7(),
        }
    }

    fn conn(&self) -> Result<Box<dyn Db + '_>, ServerError> {
        self.backend.conn()
    }
}

fn workspace_id(conn: &dyn Db, name: &str) -> Result<WorkspaceId, ServerError> {
    conn.prepare_cached("SELECT id FROM workspaces WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .ok_or_else(|| ServerError::UnknownWorkspace(name.to_owned()))
}

fn user_id(conn: &dyn Db, name: &str) -> Result<i64, ServerError> {
    conn.prepare_cached("SELECT id FROM users WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .ok_or_else(|| ServerError::UnknownUser(name.to_owned()))
}

/// The roles that work on a workspace's records, as an SQL list.
fn team_roles() -> String {
    WorkspaceRole::ALL
        .iter()
        .filter(|role| role.works_on_team_records())
        .map(|role| format!("'{}'", role.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Every document user `?1` may see at time `?2`, as rows of (id, heads, editable), narrowed by
/// `filter` (a condition on `d`, the document). The one statement of who sees what (privacy
/// rules P6 to P8): the team's records for its practitioners and managers, a case team's record
/// for the case team's members who still work on the workspace's records, and a record shared
/// with the user's agency by a decision of its own workspace that is in force.
fn visible_sql(filter: &str) -> String {
    let team = team_roles();
    format!(
        "SELECT d.id AS id, d.heads AS heads, 1 AS editable, d.epoch AS epoch FROM documents d
         JOIN memberships m ON m.workspace_id = d.workspace_id
         WHERE m.user_id = ?1 AND m.role IN ({team}) AND d.case_team = 0
           AND d.quarantined_at IS NULL AND {filter}
         UNION ALL
         SELECT d.id, d.heads, 1, d.epoch FROM documents d
         JOIN case_team_members c ON c.document_id = d.id
         JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = c.user_id
         WHERE c.user_id = ?1 AND m.role IN ({team}) AND d.case_team = 1
           AND d.quarantined_at IS NULL AND {filter}
         UNION ALL
         SELECT d.id, d.heads, 0, d.epoch FROM documents d
         JOIN shared_records s ON s.document_id = d.id
         JOIN sharing_decisions sd ON sd.id = s.decision_id AND sd.workspace_id = d.workspace_id
         JOIN memberships m ON m.workspace_id = sd.workspace_id AND m.user_id = ?1
         JOIN users u ON u.id = ?1 AND u.agency = sd.recipient_agency
         WHERE sd.revoked_at IS NULL AND (sd.expires_at IS NULL OR sd.expires_at > ?2)
           AND d.case_team = 0 AND d.quarantined_at IS NULL AND {filter}"
    )
}

/// Documents read in one statement when a device is sent many whole: few enough for any
/// database's limit on parameters, many enough that a catch-up of 100,000 takes a thousand.
const LOAD_BATCH: usize = 100;

/// `count` numbered placeholders from `?first` on, joined by commas.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `VALUES` of a statement inserting `rows` rows of `columns` values each, numbered on:
/// `(?1, ?2), (?3, ?4)` for two rows of two.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| format!("({})", placeholders(row * columns + 1, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `sql`, whose `{ids}` is filled with [`LOAD_BATCH`] placeholders after `fixed`, for every
/// batch of `ids`, handing each row to `row`. A short last batch repeats its last id, so every
/// batch is the one cached statement.
fn each_among(
    conn: &dyn Db,
    sql: &str,
    fixed: &[Value],
    ids: &[String],
    mut row: impl FnMut(db::Row) -> Result<(), ServerError>,
) -> Result<(), ServerError> {
    let sql = sql.replace("{ids}", &placeholders(fixed.len() + 1, LOAD_BATCH));
    let mut statement = conn.prepare_cached(&sql)?;
    for chunk in ids.chunks(LOAD_BATCH) {
        let mut values = fixed.to_vec();
        values.extend(chunk.iter().map(|id| id.to_value()));
        if let Some(last) = values.last().cloned() {
            values.resize(fixed.len() + LOAD_BATCH, last);
        }
        statement.for_each(values.as_slice(), &mut row)?;
    }
    Ok(())
}

/// Whether user `?1` could once see document `?3` and may no longer: taken off its case team or
/// out of the team's role, or of the agency a decision that has ended shared it with.
const WITHDRAWN_SQL: &str = "SELECT EXISTS (
        SELECT 1 FROM withdrawals WHERE user_id = ?1 AND document_id = ?3
     ) OR EXISTS (
        SELECT 1 FROM shared_records s
        JOIN sharing_decisions sd ON sd.id = s.decision_id
        JOIN memberships m ON m.workspace_id = sd.workspace_id AND m.user_id = ?1
        JOIN users u ON u.id = ?1 AND u.agency = sd.recipient_agency
        WHERE s.document_id = ?3
          AND (sd.revoked_at IS NOT NULL OR (sd.expires_at IS NOT NULL AND sd.expires_at <= ?2))
     )";

/// Appends entries to the audit log inside whatever transaction `conn` is, each linked to the
/// one before: the log changes with what it records, or not at all.
fn append_audit(conn: &dyn Db, entries: &[AuditEntry]) -> Result<(), ServerError> {
    let mut previous = conn
        .prepare_cached("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row((), |row| row.get::<_, Vec<u8>>(0))
        .optional()?
        .map_or(CHAIN_START, chain_hash);
    // Several rows a statement: a merge's entries are written while it holds the ledger, which
    // every other merge waits for.
    for chunk in entries.chunks(AUDIT_ROWS_PER_INSERT) {
        let mut values = Vec::with_capacity(chunk.len() * 8);
        for entry in chunk {
            let hash = audit::link(&previous, entry);
            values.extend([
                entry.at.get().to_value(),
                entry.user.to_value(),
                entry.device.to_value(),
                entry.action.code().to_value(),
                entry.record.map(|id| id.to_string()).to_value(),
                entry.detail.to_value(),
                previous.to_value(),
                hash.to_value(),
            ]);
            previous = hash;
        }
        conn.prepare_cached(&format!(
            "INSERT INTO audit_log (at, \"user\", device, action, record, detail, previous, hash)
             VALUES {}",
            value_rows(chunk.len(), 8)
        ))?
        .execute(values.as_slice())?;
    }
    Ok(())
}

/// Audit entries written by one statement at most: eight values each, well within any
/// database's limit on a statement's parameters.
const AUDIT_ROWS_PER_INSERT: usize = 32;

/// A stored link; one of the wrong length cannot match any hash, and `audit verify` says so.
fn chain_hash(bytes: Vec<u8>) -> ChainHash {
    bytes.try_into().unwrap_or([0xff; 32])
}

/// An entry for what `user` did to `record` on the server itself, through the admin CLI.
fn admin_entry(
    user: &str,
    action: AuditAction,
    record: RecordId,
    detail: String,
    now: UnixMillis,
) -> AuditEntry {
    AuditEntry {
        at: now,
        user: user.to_owned(),
        device: None,
        action,
        record: Some(record),
        detail,
    }
}

fn user_name(conn: &dyn Db, id: UserId) -> Result<String, ServerError> {
    Ok(conn
        .prepare_cached("SELECT name FROM users WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?)
}

/// What user `user` may do with document `id` at `now`, inside whatever transaction `conn` is.
fn access_of(
    conn: &dyn Db,
    user: UserId,
    id: RecordId,
    now: UnixMillis,
) -> Result<DocumentAccess, ServerError> {
    let record = id;
    let id = id.to_string();
    let stored: Option<bool> = conn
        .prepare_cached("SELECT quarantined_at IS NOT NULL FROM documents WHERE id = ?1")?
        .query_row([&id], |row| row.get(0))
        .optional()?;
    match stored {
        // An erased record is never taken again: its workspace's members are told it was
        // erased, anyone else learns nothing.
        None => {
            return Ok(match erasure::erased_in(conn, record)? {
                Some((workspace, _)) if erasure::is_member(conn, user, workspace)? => {
                    DocumentAccess::Erased
                }
                Some(_) => DocumentAccess::Hidden,
                None => DocumentAccess::Missing,
            })
        }
        Some(true) => return Ok(DocumentAccess::Hidden),
        Some(false) => {}
    }
    let editable: Option<bool> = conn
        .prepare_cached(&format!(
            "SELECT MAX(editable) FROM ({}) AS visible",
            visible_sql("d.id = ?3")
        ))?
        .query_row(params![user, now.get(), id], |row| row.get(0))?;
    Ok(match editable {
        Some(true) => DocumentAccess::Edit,
        Some(false) => DocumentAccess::Read,
        None => {
            let withdrawn: bool = conn
                .prepare_cached(WITHDRAWN_SQL)?
                .query_row(params![user, now.get(), id], |row| row.get(0))?;
            if withdrawn {
                DocumentAccess::Withdrawn
            } else {
                DocumentAccess::Hidden
            }
        }
    })
}

/// The id and role of a user in a workspace, or why there is none.
fn membership(
    conn: &dyn Db,
    user: &str,
    workspace: WorkspaceId,
    workspace_name: &str,
) -> Result<(UserId, WorkspaceRole), ServerError> {
    let user_id = user_id(conn, user)?;
    let role: Option<String> = conn
        .prepare_cached("SELECT role FROM memberships WHERE user_id = ?1 AND workspace_id = ?2")?
        .query_row(params![user_id, workspace], |row| row.get(0))
        .optional()?;
    let role = role.ok_or_else(|| ServerError::NotAMember {
        user: user.to_owned(),
        workspace: workspace_name.to_owned(),
    })?;
    // A role this server does not know grants nothing.
    let role = WorkspaceRole::from_code(&role).unwrap_or(WorkspaceRole::PartnerReader);
    Ok((user_id, role))
}

/// A user who must be a manager of the workspace to do what they ask.
fn manager(
    conn: &dyn Db,
    user: &str,
    workspace: WorkspaceId,
    workspace_name: &str,
) -> Result<UserId, ServerError> {
    match membership(conn, user, workspace, workspace_name)? {
        (id, WorkspaceRole::Manager) => Ok(id),
        _ => Err(ServerError::NotAManager {
            user: user.to_owned(),
            workspace: workspace_name.to_owned(),
        }),
    }
}

/// The workspace of a record whose case team `by` changes, once it is sure the record has one
/// and `by` may change it.
fn case_team_to_change(
    conn: &dyn Db,
    record: RecordId,
    by: &str,
) -> Result<(WorkspaceId, String), ServerError> {
    let (workspace, workspace_name, case_team) = record_scope(conn, record)?;
    if !case_team {
        return Err(ServerError::TeamRecord(record.to_string()));
    }
    may_change_case_team(conn, by, record, workspace, &workspace_name)?;
    Ok((workspace, workspace_name))
}

/// Checks that `user` may change a record's case team: a manager of its workspace, or someone on
/// the case team who still works on the workspace's records.
fn may_change_case_team(
    conn: &dyn Db,
    user: &str,
    record: RecordId,
    workspace: WorkspaceId,
    workspace_name: &str,
) -> Result<(), ServerError> {
    let refused = || ServerError::MayNotChangeCaseTeam {
        user: user.to_owned(),
    };
    let (id, role) = membership(conn, user, workspace, workspace_name).map_err(|_| refused())?;
    if role == WorkspaceRole::Manager {
        return Ok(());
    }
    let on_team: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM case_team_members WHERE document_id = ?1 AND user_id = ?2)",
        )?
        .query_row(params![record.to_string(), id], |row| row.get(0))?;
    if on_team && role.works_on_team_records() {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Whether a user works on a workspace's records: a practitioner or a manager of it.
fn works_on(conn: &dyn Db, user: UserId, workspace: WorkspaceId) -> Result<bool, ServerError> {
    let role: Option<String> = conn
        .prepare_cached("SELECT role FROM memberships WHERE user_id = ?1 AND workspace_id = ?2")?
        .query_row(params![user, workspace], |row| row.get(0))
        .optional()?;
    Ok(role
        .and_then(|role| WorkspaceRole::from_code(&role))
        .is_some_and(|role| role.works_on_team_records()))
}

/// A sharing decision's row, before its codes are read.
struct StoredDecision {
    id: i64,
    agency: String,
    purpose: String,
    legal_basis: String,
    consent: String,
    consent_reason: Option<String>,
    decided_by: String,
    decided_at: i64,
    expires_at: Option<i64>,
    revoked_by: Option<String>,
    revoked_at: Option<i64>,
}

impl StoredDecision {
    fn into_decision(self, record_ids: Vec<RecordId>) -> Result<SharingDecision, ServerError> {
        let recipient_agency = PartnerAgency::from_code(&self.agency)
            .map_err(|_| ServerError::UnknownAgency(self.agency.clone()))?;
        let legal_basis = LegalBasis::from_code(&self.legal_basis)
            .map_err(|_| ServerError::UnknownLegalBasis(self.legal_basis.clone()))?;
        let consent = Consent::from_stored(&self.consent, self.consent_reason)
            .ok_or_else(|| ServerError::UnknownConsent(self.consent.clone()))?;
        Ok(SharingDecision {
            id: self.id,
            decision: SharingDecisionDraft {
                record_ids,
                recipient_agency,
                purpose: self.purpose,
                legal_basis,
                consent,
                expires_at: self.expires_at.map(UnixMillis::new),
            },
            decided_by: self.decided_by,
            decided_at: UnixMillis::new(self.decided_at),
            revoked: match (self.revoked_by, self.revoked_at) {
                (Some(by), Some(at)) => Some(Revocation {
                    by,
                    at: UnixMillis::new(at),
                }),
                _ => None,
            },
        })
    }
}

/// A workspace's settings, read field by field. A row this server cannot read (written by a newer
/// one) is left out: the device keeps its default for that field.
fn settings_of(conn: &dyn Db, workspace: WorkspaceId) -> Result<WorkspaceSettings, ServerError> {
    let rows: Vec<String> = conn
        .prepare_cached(
            "SELECT value FROM workspace_settings WHERE workspace_id = ?1 ORDER BY key",
        )?
        .query_map([workspace], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut settings = WorkspaceSettings::default();
    for value in rows {
        if let Ok(setting) = serde_json::from_str::<WorkspaceSetting>(&value) {
            settings.apply(setting);
        }
    }
    Ok(settings)
}

/// Everyone who can see a record at `now`, by name, inside whatever transaction `conn` is.
fn viewers_of(conn: &dyn Db, id: RecordId, now: UnixMillis) -> Result<Vec<Viewer>, ServerError> {
    let (workspace, _, _) = record_scope(conn, id)?;
    // Everyone who belongs to the record's workspace, or to an agency it is shared with, is
    // asked the one question of who sees what; the answer is the same statement devices get.
    let candidates: Vec<(UserId, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT DISTINCT u.id, u.name, u.agency FROM users u
                 JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id = ?1
                 ORDER BY u.name",
        )?
        .query_map([workspace], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut viewers = Vec::new();
    for (user_id, user, agency) in candidates {
        let access = access_of(conn, user_id, id, now)?;
        if !matches!(access, DocumentAccess::Edit | DocumentAccess::Read) {
            continue;
        }
        let decision = if access == DocumentAccess::Read {
            conn.prepare_cached(
                "SELECT sd.id FROM shared_records s
                     JOIN sharing_decisions sd ON sd.id = s.decision_id
                     JOIN users u ON u.id = ?2 AND u.agency = sd.recipient_agency
                     WHERE s.document_id = ?1 AND sd.revoked_at IS NULL
                       AND (sd.expires_at IS NULL OR sd.expires_at > ?3)
                     ORDER BY sd.id LIMIT 1",
            )?
            .query_row(params![id.to_string(), user_id, now.get()], |row| {
                row.get(0)
            })
            .optional()?
        } else {
            None
        };
        viewers.push(Viewer {
            user,
            agency: agency.and_then(|code| PartnerAgency::from_code(&code).ok()),
            access,
            decision,
        });
    }
    Ok(viewers)
}

/// A stored record's workspace (id and name) and whether it has a case team.
fn record_scope(conn: &dyn Db, id: RecordId) -> Result<(WorkspaceId, String, bool), ServerError> {
    conn.prepare_cached(
        "SELECT d.workspace_id, w.name, d.case_team FROM documents d
         JOIN workspaces w ON w.id = d.workspace_id WHERE d.id = ?1",
    )?
    .query_row([id.to_string()], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })
    .optional()?
    .ok_or_else(|| ServerError::UnknownRecord(id.to_string()))
}

/// The `IN (...)` list for a set of workspace ids, which are integers from our own database.
fn id_list(workspaces: &[WorkspaceId]) -> String {
    workspaces
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Storage for SqlStorage {
    fn create_workspace(&self, name: &str, now: UnixMillis) -> Result<WorkspaceId, ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM workspaces WHERE name = ?1)",
            [name],
            |row| row.get(0),
        )?;
        if taken {
            return Err(ServerError::WorkspaceExists(name.to_owned()));
        }
        let id = tx.query_row(
            "INSERT INTO workspaces (name, created_at) VALUES (?1, ?2) RETURNING id",
            params![name, now.get()],
            |row| row.get(0),
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn add_user(
        &self,
        name: &str,
        workspace: &str,
        agency: Option<PartnerAgency>,
        role: Option<WorkspaceRole>,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let now = now.get();
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let workspace = workspace_id(&tx, workspace)?;
        tx.execute(
            "INSERT INTO users (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            params![name, now],
        )?;
        let user = user_id(&tx, name)?;
        if let Some(agency) = agency {
            tx.execute(
                "UPDATE users SET agency = ?2 WHERE id = ?1",
                params![user, agency.code()],
            )?;
        }
        tx.execute(
            "INSERT INTO memberships (user_id, workspace_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![
                user,
                workspace,
                role.unwrap_or(WorkspaceRole::Practitioner).code()
            ],
        )?;
        if let Some(role) = role {
            tx.execute(
                "UPDATE memberships SET role = ?3 WHERE user_id = ?1 AND workspace_id = ?2",
                params![user, workspace, role.code()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn set_role(
        &self,
        user: &str,
        workspace: &str,
        role: WorkspaceRole,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let workspace_id = workspace_id(&tx, workspace)?;
        let user_id = user_id(&tx, user)?;
        let changed = tx.execute(
            "UPDATE memberships SET role = ?3 WHERE user_id = ?1 AND workspace_id = ?2",
            params![user_id, workspace_id, role.code()],
        )?;
        if changed == 0 {
            return Err(ServerError::NotAMember {
                user: user.to_owned(),
                workspace: workspace.to_owned(),
            });
        }
        if !role.works_on_team_records() {
            // Whatever of the workspace's records they held goes from their devices, unless a
            // sharing decision still shows it to them.
            tx.execute(
                "INSERT INTO withdrawals (user_id, document_id, at)
                 SELECT ?1, id, ?3 FROM documents WHERE workspace_id = ?2
                 ON CONFLICT DO NOTHING",
                params![user_id, workspace_id, now.get()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn list_members(&self) -> Result<Vec<MemberListing>, ServerError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT u.name, u.agency, w.name, m.role
             FROM memberships m JOIN users u ON u.id = m.user_id
             JOIN workspaces w ON w.id = m.workspace_id
             ORDER BY w.name, u.name",
        )?;
        let rows = statement.query_map((), |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut members = Vec::new();
        for row in rows {
            let (user, agency, workspace, role) = row?;
            members.push(MemberListing {
                user,
                agency: agency.and_then(|code| PartnerAgency::from_code(&code).ok()),
                workspace,
                // A role this server does not know (written by a newer one) grants nothing.
                role: WorkspaceRole::from_code(&role).unwrap_or(WorkspaceRole::PartnerReader),
            });
        }
        Ok(members)
    }

    fn create_device(
        &self,
        user: &str,
        workspace: Option<&str>,
        code: Sha256,
        expires_at: UnixMillis,
        now: UnixMillis,
    ) -> Result<(Uuid, String), ServerError> {
        let now = now.get();
        let expires_at = expires_at.get();
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let user_id = user_id(&tx, user)?;
        let memberships: Vec<(WorkspaceId, String)> = tx
            .prepare_cached(
                "SELECT w.id, w.name FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
                 WHERE m.user_id = ?1 ORDER BY w.name",
            )?
            .query_map([user_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let (home, home_name) = match (workspace, memberships.as_slice()) {
            (None, [only]) => only.clone(),
            (None, _) => return Err(ServerError::WhichWorkspace(user.to_owned())),
            (Some(name), _) => memberships
                .iter()
                .find(|(_, member_of)| member_of == name)
                .cloned()
                .ok_or_else(|| ServerError::NotAMember {
                    user: user.to_owned(),
                    workspace: name.to_owned(),
                })?,
        };
        let id = Uuid::now_v7();
        tx.execute(
            "INSERT INTO devices (id, user_id, workspace_id, code_sha256, code_expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.to_string(), user_id, home, code, expires_at, now],
        )?;
        tx.commit()?;
        Ok((id, home_name))
    }

    fn redeem_code(
        &self,
        code: Sha256,
        token: Sha256,
        now: UnixMillis,
    ) -> Result<Uuid, ServerError> {
        let now = now.get();
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let (id, expires_at, used_at, revoked_at): (String, i64, Option<i64>, Option<i64>) = tx
            .prepare_cached(
                "SELECT id, code_expires_at, code_used_at, revoked_at FROM devices
                 WHERE code_sha256 = ?1",
            )?
            .query_row([code], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?
            .ok_or(ServerError::CodeUnknown)?;
        if used_at.is_some() || revoked_at.is_some() {
            return Err(ServerError::CodeUsed);
        }
        if now >= expires_at {
            return Err(ServerError::CodeExpired);
        }
        tx.execute(
            "UPDATE devices SET code_used_at = ?2, token_sha256 = ?3 WHERE id = ?1",
            params![id, now, token],
        )?;
        tx.commit()?;
        Uuid::parse_str(&id).map_err(|_| ServerError::UnknownDevice(id))
    }

    fn revoke_device(&self, id: Uuid, now: UnixMillis) -> Result<(), ServerError> {
        let now = now.get();
        let changed = self.conn()?.execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
            params![id.to_string(), now],
        )?;
        if changed == 0 {
            return Err(ServerError::UnknownDevice(id.to_string()));
        }
        Ok(())
    }

    fn order_wipe(&self, id: Uuid, by: &str, now: UnixMillis) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let user = tx
            .prepare_cached(
                "SELECT u.name FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?1",
            )?
            .query_row([id.to_string()], |row| row.get::<_, String>(0))
            .optional()?
            .ok_or_else(|| ServerError::UnknownDevice(id.to_string()))?;
        // The first order stands: a second says nothing new, and the device may already have
        // been told the first.
        let changed = tx.execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?2),
                 wipe_ordered_by = ?3, wipe_ordered_at = ?2
             WHERE id = ?1 AND wipe_ordered_at IS NULL",
            params![id.to_string(), now.get(), by],
        )?;
        if changed > 0 {
            append_audit(
                &tx,
                &[AuditEntry {
                    at: now,
                    user: by.to_owned(),
                    device: Some(id.to_string()),
                    action: AuditAction::WipeOrdered,
                    record: None,
                    detail: format!("{user}'s device"),
                }],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn wipe_order(&self, id: Uuid) -> Result<Option<WipeOrder>, ServerError> {
        let order = self
            .conn()?
            .prepare_cached(
                "SELECT wipe_ordered_by, wipe_ordered_at FROM devices
                 WHERE id = ?1 AND wipe_ordered_at IS NOT NULL",
            )?
            .query_row([id.to_string()], |row| {
                Ok(WipeOrder {
                    by: row.get(0)?,
                    at: UnixMillis::new(row.get(1)?),
                })
            })
            .optional()?;
        Ok(order)
    }

    fn device_workspace_name(&self, id: Uuid) -> Result<String, ServerError> {
        self.conn()?
            .prepare_cached(
                "SELECT w.name FROM devices d JOIN workspaces w ON w.id = d.workspace_id
                 WHERE d.id = ?1",
            )?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?
            .ok_or_else(|| ServerError::UnknownDevice(id.to_string()))
    }

    fn revoked_since(&self, since: UnixMillis) -> Result<Vec<Uuid>, ServerError> {
        let since = since.get();
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT id FROM devices WHERE revoked_at IS NOT NULL AND revoked_at >= ?1",
        )?;
        let ids = statement
            .query_map([since], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids
            .into_iter()
            .filter_map(|id| Uuid::parse_str(&id).ok())
            .collect())
    }

    fn list_devices(&self) -> Result<Vec<DeviceListing>, ServerError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT d.id, u.name, w.name, d.revoked_at IS NOT NULL, d.token_sha256 IS NOT NULL,
                    d.wipe_ordered_at IS NOT NULL
             FROM devices d JOIN users u ON u.id = d.user_id JOIN workspaces w ON w.id = d.workspace_id
             ORDER BY d.created_at",
        )?;
        let rows = statement.query_map((), |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, bool>(3)?,
                row.get::<_, bool>(4)?,
                row.get::<_, bool>(5)?,
            ))
        })?;
        let mut devices = Vec::new();
        for row in rows {
            let (id, user, workspace, revoked, enrolled, wiped) = row?;
            devices.push(DeviceListing {
                id: Uuid::parse_str(&id).map_err(|_| ServerError::UnknownDevice(id))?,
                user,
                workspace,
                state: match (revoked, enrolled) {
                    (true, _) if wiped => "revoked, wipe ordered",
                    (true, _) => "revoked",
                    (false, true) => "enrolled",
                    (false, false) => "waiting for its code",
                },
            });
        }
        Ok(devices)
    }

    fn device_by_token(&self, token: Sha256) -> Result<Option<Device>, ServerError> {
        let conn = self.conn()?;
        let Some((id, user_id, user, home, revoked)) = conn
            .prepare_cached(
                "SELECT d.id, d.user_id, u.name, d.workspace_id, d.revoked_at IS NOT NULL
                 FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_sha256 = ?1",
            )?
            .query_row([token], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let roles = conn
            .prepare_cached("SELECT workspace_id, role FROM memberships WHERE user_id = ?1")?
            .query_map([user_id], |row| {
                Ok((row.get::<_, WorkspaceId>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // Only a role that works on the team's records opens a workspace's records; a role this
        // server does not know opens nothing.
        let workspaces = roles
            .iter()
            .filter(|(_, role)| {
                WorkspaceRole::from_code(role).is_some_and(|role| role.works_on_team_records())
            })
            .map(|(workspace, _)| *workspace)
            .collect();
        let member_of = roles.iter().map(|(workspace, _)| *workspace).collect();
        Ok(Some(Device {
            id: Uuid::parse_str(&id).map_err(|_| ServerError::UnknownDevice(id))?,
            user,
            user_id,
            home,
            workspaces,
            member_of,
            revoked,
        }))
    }

    fn visible_documents(
        &self,
        user: UserId,
        now: UnixMillis,
    ) -> Result<BTreeMap<RecordId, VisibleDocument>, ServerError> {
        let conn = self.conn()?;
        let mut visible: BTreeMap<RecordId, VisibleDocument> = BTreeMap::new();
        // Read row by row: a workspace may hold 100,000 records, and their rows are not kept.
        conn.prepare_cached(&visible_sql("TRUE"))?
            .for_each(params![user, now.get()], |row| {
                let id: String = row.get(0)?;
                let heads: Vec<u8> = row.get(1)?;
                let editable: bool = row.get(2)?;
                let epoch: u32 = row.get(3)?;
                // Ids were parsed before they were stored; one that no longer parses is skipped.
                let Ok(id) = id.parse() else { return Ok(()) };
                // A manager whose agency a record is also shared with sees it twice: to edit
                // wins.
                visible
                    .entry(id)
                    .and_modify(|seen| seen.editable |= editable)
                    .or_insert_with(|| VisibleDocument {
                        heads: waymark_sync::heads::decode(&heads),
                        editable,
                        epoch,
                    });
                Ok(())
            })?;
        Ok(visible)
    }

    fn document_access(
        &self,
        user: UserId,
        id: RecordId,
        now: UnixMillis,
    ) -> Result<DocumentAccess, ServerError> {
        access_of(&*self.conn()?, user, id, now)
    }

    fn viewers(&self, id: RecordId, now: UnixMillis) -> Result<Vec<Viewer>, ServerError> {
        viewers_of(&*self.conn()?, id, now)
    }

    fn directory(&self, device: &Device, now: UnixMillis) -> Result<Directory, ServerError> {
        let conn = self.conn()?;
        let workspace: String = conn
            .prepare_cached("SELECT name FROM workspaces WHERE id = ?1")?
            .query_row([device.home], |row| row.get(0))?;
        let rows: Vec<(UserId, String, Option<String>, String)> = conn
            .prepare_cached(
                "SELECT u.id, u.name, u.agency, m.role FROM memberships m
                 JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ?1 ORDER BY u.name",
            )?
            .query_map([device.home], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut members = Vec::with_capacity(rows.len());
        for (user_id, user, agency, role) in rows {
            let actors = conn
                .prepare_cached("SELECT actor FROM actors WHERE user_id = ?1 ORDER BY first_seen")?
                .query_map([user_id], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            members.push(Member {
                user,
                agency: agency.and_then(|code| PartnerAgency::from_code(&code).ok()),
                // A role this server does not know (written by a newer one) grants nothing.
                role: WorkspaceRole::from_code(&role).unwrap_or(WorkspaceRole::PartnerReader),
                actors,
            });
        }
        // The records whose audience is not simply the home workspace's team.
        let singled_out = visible_sql(
            "(d.case_team = 1 OR d.workspace_id <> ?3 OR d.id IN (
                SELECT s2.document_id FROM shared_records s2
                JOIN sharing_decisions sd2 ON sd2.id = s2.decision_id
                WHERE sd2.revoked_at IS NULL
                  AND (sd2.expires_at IS NULL OR sd2.expires_at > ?2)))",
        );
        let ids: BTreeSet<String> = conn
            .prepare_cached(&singled_out)?
            .query_map(params![device.user_id, now.get(), device.home], |row| {
                row.get(0)
            })?
            .collect::<Result<_, _>>()?;
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            // Ids were parsed before they were stored; one that no longer parses is skipped.
            let Ok(record) = id.parse() else { continue };
            let (_, _, case_team) = record_scope(&*conn, record)?;
            let viewers = viewers_of(&*conn, record, now)?
                .into_iter()
                .map(|viewer| directory::Viewer {
                    user: viewer.user,
                    agency: viewer.agency,
                    shared_by_decision: viewer.decision,
                })
                .collect();
            records.push(RecordAudience {
                record,
                case_team,
                viewers,
            });
        }
        Ok(Directory {
            you: device.user.clone(),
            workspace,
            members,
            records,
            settings: settings_of(&*conn, device.home)?,
        })
    }

    fn change_workspace_setting(
        &self,
        by: &Device,
        setting: WorkspaceSetting,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let workspace: String = conn
            .prepare_cached("SELECT name FROM workspaces WHERE id = ?1")?
            .query_row([by.home], |row| row.get(0))?;
        let manager_id = manager(&*conn, &by.user, by.home, &workspace)?;
        let setting = setting.validate().map_err(ServerError::Invalid)?;
        let key = setting.key();
        // The whole change, field and value, so that it reads back as itself.
        let value = serde_json::to_string(&setting).map_err(|_| ServerError::BadSettingsChange)?;
        conn.prepare_cached(
            "INSERT INTO workspace_settings (workspace_id, key, value, changed_by, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value,
                 changed_by = excluded.changed_by, changed_at = excluded.changed_at",
        )?
        .execute(params![by.home, key, value, manager_id, now.get()])?;
        Ok(())
    }

    fn add_to_case_team(
        &self,
        id: RecordId,
        user: &str,
        by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let (workspace, workspace_name) = case_team_to_change(&tx, id, by)?;
        let (user_id, role) = membership(&tx, user, workspace, &workspace_name)?;
        if !role.works_on_team_records() {
            return Err(ServerError::NotOnTheTeam {
                user: user.to_owned(),
                workspace: workspace_name,
            });
        }
        tx.execute(
            "INSERT INTO case_team_members (document_id, user_id, added_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![id.to_string(), user_id, now.get()],
        )?;
        // Back on the case team: nothing is withdrawn from them any more.
        tx.execute(
            "DELETE FROM withdrawals WHERE user_id = ?1 AND document_id = ?2",
            params![user_id, id.to_string()],
        )?;
        append_audit(
            &tx,
            &[admin_entry(
                by,
                AuditAction::CaseTeamAdd,
                id,
                format!("added {user}"),
                now,
            )],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn remove_from_case_team(
        &self,
        id: RecordId,
        user: &str,
        by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let (workspace, workspace_name) = case_team_to_change(&tx, id, by)?;
        let (user_id, _) = membership(&tx, user, workspace, &workspace_name)?;
        let members: Vec<UserId> = tx
            .prepare_cached("SELECT user_id FROM case_team_members WHERE document_id = ?1")?
            .query_map([id.to_string()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        if !members.contains(&user_id) {
            return Err(ServerError::NotAMember {
                user: user.to_owned(),
                workspace: format!("{workspace_name}'s case team for {id}"),
            });
        }
        if members.len() == 1 {
            return Err(ServerError::LastOfCaseTeam {
                user: user.to_owned(),
            });
        }
        tx.execute(
            "DELETE FROM case_team_members WHERE document_id = ?1 AND user_id = ?2",
            params![id.to_string(), user_id],
        )?;
        tx.execute(
            "INSERT INTO withdrawals (user_id, document_id, at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![user_id, id.to_string(), now.get()],
        )?;
        append_audit(
            &tx,
            &[admin_entry(
                by,
                AuditAction::CaseTeamRemove,
                id,
                format!("took off {user}"),
                now,
            )],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn record_audit(&self, entries: &[AuditEntry]) -> Result<(), ServerError> {
        if entries.is_empty() {
            return Ok(());
        }
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        append_audit(&tx, entries)?;
        tx.commit()?;
        Ok(())
    }

    fn workspace_audit(
        &self,
        reader: &Device,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, ServerError> {
        let conn = self.conn()?;
        let workspace: String = conn
            .prepare_cached("SELECT name FROM workspaces WHERE id = ?1")?
            .query_row([reader.home], |row| row.get(0))?;
        manager(&*conn, &reader.user, reader.home, &workspace)?;
        // The workspace's records, and what its members did that names no record of any
        // workspace (a refused request for an id nobody holds, say).
        let mut statement = conn.prepare_cached(
            "SELECT a.at, a.\"user\", a.device, a.action, a.record, a.detail FROM audit_log a
             WHERE (a.record IN (SELECT id FROM documents WHERE workspace_id = ?1)
                    OR ((a.record IS NULL OR a.record NOT IN (SELECT id FROM documents))
                        AND a.\"user\" IN (SELECT u.name FROM users u
                                       JOIN memberships m ON m.user_id = u.id
                                       WHERE m.workspace_id = ?1)))
               AND (CAST(?2 AS TEXT) IS NULL OR a.record = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR a.\"user\" = ?3)
             ORDER BY a.seq DESC LIMIT ?4",
        )?;
        let rows = statement.query_map(
            params![
                reader.home,
                filter.record.map(|id| id.to_string()),
                filter.user,
                MAX_AUDIT_ENTRIES_READ as i64
            ],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                ))
            },
        )?;
        let mut entries = Vec::new();
        for row in rows {
            let (at, user, device, action, record, detail) = row?;
            // An entry that no longer reads was changed after it was written: `audit verify`
            // reports it, and the app leaves it out.
            let Ok(action) = AuditAction::from_code(&action) else {
                continue;
            };
            let Ok(record) = record.as_deref().map(str::parse).transpose() else {
                continue;
            };
            entries.push(AuditEntry {
                at: UnixMillis::new(at),
                user,
                device,
                action,
                record,
                detail,
            });
        }
        Ok(entries)
    }

    fn audit_log(&self) -> Result<Vec<ChainedEntry>, ServerError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT seq, at, \"user\", device, action, record, detail, previous, hash
             FROM audit_log ORDER BY seq",
        )?;
        let rows = statement.query_map((), |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, Vec<u8>>(7)?,
                row.get::<_, Vec<u8>>(8)?,
            ))
        })?;
        let mut log = Vec::new();
        for row in rows {
            let (seq, at, user, device, action, record, detail, previous, hash) = row?;
            let parsed_action = AuditAction::from_code(&action).ok();
            let parsed_record = record.as_deref().map(|id| id.parse::<RecordId>().ok());
            // An action or record that no longer reads was changed after it was written: it
            // cannot match its link, and verify says so.
            let readable = parsed_action.is_some() && parsed_record.is_none_or(|id| id.is_some());
            log.push(ChainedEntry {
                seq: u64::try_from(seq).unwrap_or_default(),
                entry: AuditEntry {
                    at: UnixMillis::new(at),
                    user,
                    device,
                    action: parsed_action.unwrap_or(AuditAction::Edit),
                    record: parsed_record.flatten(),
                    detail,
                },
                previous: chain_hash(previous),
                hash: if readable {
                    chain_hash(hash)
                } else {
                    [0xff; 32]
                },
            });
        }
        Ok(log)
    }

    fn record_sharing_decision(
        &self,
        workspace: &str,
        decided_by: &str,
        decision: &SharingDecisionDraft,
        now: UnixMillis,
    ) -> Result<i64, ServerError> {
        let decision = decision
            .clone()
            .validate(now)
            .map_err(ServerError::Invalid)?;
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let workspace_id = workspace_id(&tx, workspace)?;
        let manager = manager(&tx, decided_by, workspace_id, workspace)?;
        let agency = decision.recipient_agency;
        if !settings_of(&tx, workspace_id)?.partners().contains(&agency) {
            return Err(ServerError::NotAPartner(agency.label()));
        }
        for id in &decision.record_ids {
            let (record_workspace, _, case_team) = record_scope(&tx, *id)?;
            // A record of another workspace is as unknown here as one that does not exist.
            if record_workspace != workspace_id {
                return Err(ServerError::UnknownRecord(id.to_string()));
            }
            if case_team {
                return Err(ServerError::NotShareable(id.to_string()));
            }
        }
        let number: i64 = tx.query_row(
            "INSERT INTO sharing_decisions (workspace_id, recipient_agency, purpose, legal_basis,
                 consent, consent_reason, decided_by, decided_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![
                workspace_id,
                decision.recipient_agency.code(),
                decision.purpose,
                decision.legal_basis.code(),
                decision.consent.code(),
                decision.consent.reason(),
                manager,
                now.get(),
                decision.expires_at.map(UnixMillis::get),
            ],
            |row| row.get(0),
        )?;
        let detail = format!(
            "sharing decision {number} to {}: {}",
            decision.recipient_agency.code(),
            decision.purpose
        );
        let mut shared = Vec::new();
        for id in &decision.record_ids {
            tx.execute(
                "INSERT INTO shared_records (decision_id, document_id) VALUES (?1, ?2)",
                params![number, id.to_string()],
            )?;
            shared.push(admin_entry(
                decided_by,
                AuditAction::Share,
                *id,
                detail.clone(),
                now,
            ));
        }
        append_audit(&tx, &shared)?;
        tx.commit()?;
        Ok(number)
    }

    fn revoke_sharing_decision(
        &self,
        id: i64,
        revoked_by: &str,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let (workspace_id, workspace, revoked): (WorkspaceId, String, bool) = tx
            .prepare_cached(
                "SELECT sd.workspace_id, w.name, sd.revoked_at IS NOT NULL
                 FROM sharing_decisions sd JOIN workspaces w ON w.id = sd.workspace_id
                 WHERE sd.id = ?1",
            )?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?
            .ok_or(ServerError::UnknownDecision(id))?;
        let manager = manager(&tx, revoked_by, workspace_id, &workspace)?;
        if revoked {
            return Err(ServerError::AlreadyRevoked(id));
        }
        tx.execute(
            "UPDATE sharing_decisions SET revoked_by = ?2, revoked_at = ?3 WHERE id = ?1",
            params![id, manager, now.get()],
        )?;
        let records: Vec<String> = tx
            .prepare_cached("SELECT document_id FROM shared_records WHERE decision_id = ?1")?
            .query_map([id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let entries: Vec<AuditEntry> = records
            .iter()
            .filter_map(|record| record.parse().ok())
            .map(|record| {
                let detail = format!("sharing decision {id}");
                admin_entry(revoked_by, AuditAction::RevokeShare, record, detail, now)
            })
            .collect();
        append_audit(&tx, &entries)?;
        tx.commit()?;
        Ok(())
    }

    fn sharing_decisions(&self, workspace: &str) -> Result<Vec<SharingDecision>, ServerError> {
        let conn = self.conn()?;
        let workspace_id = workspace_id(&*conn, workspace)?;
        let rows: Vec<StoredDecision> = conn
            .prepare_cached(
                "SELECT sd.id, sd.recipient_agency, sd.purpose, sd.legal_basis, sd.consent,
                        sd.consent_reason, decider.name, sd.decided_at, sd.expires_at,
                        revoker.name, sd.revoked_at
                 FROM sharing_decisions sd JOIN users decider ON decider.id = sd.decided_by
                 LEFT JOIN users revoker ON revoker.id = sd.revoked_by
                 WHERE sd.workspace_id = ?1 ORDER BY sd.id",
            )?
            .query_map([workspace_id], |row| {
                Ok(StoredDecision {
                    id: row.get(0)?,
                    agency: row.get(1)?,
                    purpose: row.get(2)?,
                    legal_basis: row.get(3)?,
                    consent: row.get(4)?,
                    consent_reason: row.get(5)?,
                    decided_by: row.get(6)?,
                    decided_at: row.get(7)?,
                    expires_at: row.get(8)?,
                    revoked_by: row.get(9)?,
                    revoked_at: row.get(10)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut decisions = Vec::new();
        for row in rows {
            let record_ids = conn
                .prepare_cached(
                    "SELECT document_id FROM shared_records WHERE decision_id = ?1
                     ORDER BY document_id",
                )?
                .query_map([row.id], |r| r.get::<_, String>(0))?
                .filter_map(|id| id.map(|id| id.parse().ok()).transpose())
                .collect::<Result<Vec<RecordId>, _>>()?;
            decisions.push(row.into_decision(record_ids)?);
        }
        Ok(decisions)
    }

    fn quarantine_document(&self, id: RecordId, now: UnixMillis) -> Result<(), ServerError> {
        let now = now.get();
        self.conn()?
            .prepare_cached(
                "UPDATE documents SET quarantined_at = ?2 WHERE id = ?1 AND quarantined_at IS NULL",
            )?
            .execute(params![id.to_string(), now])?;
        Ok(())
    }

    fn is_quarantined(&self, id: RecordId) -> Result<bool, ServerError> {
        Ok(self
            .conn()?
            .prepare_cached("SELECT quarantined_at IS NOT NULL FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?
            .unwrap_or(false))
    }

    fn quarantined_documents(&self) -> Result<Vec<(RecordId, UnixMillis)>, ServerError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT id, quarantined_at FROM documents WHERE quarantined_at IS NOT NULL
             ORDER BY quarantined_at",
        )?;
        let rows = statement.query_map((), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut documents = Vec::new();
        for row in rows {
            let (id, at) = row?;
            if let Ok(id) = id.parse() {
                documents.push((id, UnixMillis::new(at)));
            }
        }
        Ok(documents)
    }

    fn load_document(&self, id: RecordId) -> Result<Option<Vec<u8>>, ServerError> {
        self.conn()?
            .prepare_cached("SELECT bytes FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()
    }

    fn load_documents(&self, ids: &[RecordId]) -> Result<Vec<(RecordId, Vec<u8>)>, ServerError> {
        let ids: Vec<String> = ids.iter().map(RecordId::to_string).collect();
        let mut documents = Vec::with_capacity(ids.len());
        each_among(
            &*self.conn()?,
            "SELECT id, bytes FROM documents WHERE id IN ({ids})",
            &[],
            &ids,
            |row| {
                let id: String = row.get(0)?;
                // Ids were parsed before they were stored; one that no longer parses is left
                // out.
                if let Ok(id) = id.parse() {
                    documents.push((id, row.get(1)?));
                }
                Ok(())
            },
        )?;
        Ok(documents)
    }

    fn partner_plans(&self, device: &Device) -> Result<PartnerPlans, ServerError> {
        let conn = self.conn()?;
        let (role, agency): (String, Option<String>) = conn
            .prepare_cached(
                "SELECT m.role, u.agency FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE m.user_id = ?1 AND m.workspace_id = ?2",
            )?
            .query_row(params![device.user_id, device.home], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?
            .ok_or(ServerError::NotAPartnerReader)?;
        let agency = match (WorkspaceRole::from_code(&role), agency) {
            (Some(WorkspaceRole::PartnerReader), Some(code)) => {
                PartnerAgency::from_code(&code).map_err(|_| ServerError::NotAPartnerReader)?
            }
            _ => return Err(ServerError::NotAPartnerReader),
        };
        let plans = conn
            .prepare_cached(
                "SELECT id, bytes FROM documents WHERE workspace_id = ?1 AND kind = 'plan'
                 ORDER BY id",
            )?
            .query_map([device.home], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
            })?
            .filter_map(|row| match row {
                // Ids were parsed before they were stored; one that no longer parses is skipped.
                Ok((id, bytes)) => id.parse().ok().map(|id| Ok((id, bytes))),
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<_, ServerError>>()?;
        Ok(PartnerPlans { agency, plans })
    }

    fn apply_partner_change(
        &self,
        changes: &DocumentChanges,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let (workspace, bytes, epoch): (WorkspaceId, Vec<u8>, u32) = tx
            .prepare_cached(
                "SELECT workspace_id, bytes, epoch FROM documents
                 WHERE id = ?1 AND kind = 'plan'",
            )?
            .query_row([changes.id.to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?
            .ok_or(ServerError::NotYourAgencysAction)?;
        if workspace != changes.home {
            return Err(ServerError::NotYourAgencysAction);
        }
        if epoch != changes.epoch {
            return Err(ServerError::StaleEpoch);
        }
        let mut doc = AutoCommit::load(&bytes)?;
        let actors = merge::apply(&mut doc, changes)?;
        let mut merged = [merge::Merged {
            changes,
            workspace,
            doc,
            new: false,
            actors,
        }];
        merge::bind_actors(&tx, &merged, now)?;
        merge::store(&tx, &mut merged, now)?;
        let editor = user_name(&tx, changes.editor)?;
        append_audit(
            &tx,
            &[merge::change_entry(
                &editor,
                changes,
                AuditAction::Edit,
                "a partner agency's action",
                now,
            )],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn merge_documents(
        &self,
        batch: &[DocumentChanges],
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        merge::merge_documents(&*self.conn()?, &self.process.to_string(), batch, now)
    }

    fn change_feed_end(&self) -> Result<i64, ServerError> {
        Ok(self
            .conn()?
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM change_feed", (), |row| {
                row.get(0)
            })?)
    }

    fn changes_elsewhere(&self, after: i64) -> Result<(i64, Vec<FedChange>), ServerError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare_cached(
            "SELECT seq, workspace_id, device, process FROM change_feed WHERE seq > ?1 ORDER BY seq",
        )?;
        let rows = statement
            .query_map([after], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, WorkspaceId>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let end = rows.last().map_or(after, |(seq, ..)| *seq);
        let ours = self.process.to_string();
        let changes = rows
            .into_iter()
            .filter(|(_, _, _, process)| *process != ours)
            .filter_map(|(_, workspace, device, _)| {
                Some(FedChange {
                    workspace,
                    device: Uuid::parse_str(&device).ok()?,
                })
            })
            .collect();
        Ok((end, changes))
    }

    fn forget_changes_before(&self, before: UnixMillis) -> Result<(), ServerError> {
        self.conn()?
            .execute("DELETE FROM change_feed WHERE at < ?1", [before.get()])?;
        Ok(())
    }

    fn erase_record(
        &self,
        id: RecordId,
        by: Eraser<'_>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(WorkspaceId, Erasure), ServerError> {
        erasure::erase_record(&*self.conn()?, id, by, reason, now)
    }

    fn erasure(&self, user: UserId, id: RecordId) -> Result<Option<Erasure>, ServerError> {
        erasure::erasure_for(&*self.conn()?, user, id)
    }

    fn erase_history(
        &self,
        id: RecordId,
        manager: &str,
        device: Option<Uuid>,
        reason: &str,
        now: UnixMillis,
    ) -> Result<(WorkspaceId, u32), ServerError> {
        erasure::erase_history(&*self.conn()?, id, manager, device, reason, now)
    }

    fn retention_due(
        &self,
        workspace: &str,
        manager: &str,
        until: UnixMillis,
    ) -> Result<Vec<RetentionDue>, ServerError> {
        erasure::retention_due(&*self.conn()?, workspace, manager, until)
    }

    fn extend_retention(
        &self,
        manager: &str,
        extension: &RetentionExtension,
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        erasure::extend_retention(&*self.conn()?, manager, extension, now)
    }

    fn apply_retention(&self, now: UnixMillis) -> Result<RetentionApplied, ServerError> {
        erasure::apply_retention(&*self.conn()?, now)
    }

    fn blob_size(
        &self,
        sha256: &str,
        workspaces: &[WorkspaceId],
    ) -> Result<Option<u64>, ServerError> {
        Ok(self
            .conn()?
            .prepare(&format!(
                "SELECT length(b.bytes) FROM blobs b JOIN blob_workspaces w ON w.sha256 = b.sha256
                 WHERE b.sha256 = ?1 AND w.workspace_id IN ({}) LIMIT 1",
                id_list(workspaces)
            ))?
            .query_row([sha256], |row| row.get::<_, i64>(0))
            .optional()?
            .map(|size| size as u64))
    }

    fn read_blob(&self, sha256: &str, offset: u64, length: u64) -> Result<Vec<u8>, ServerError> {
        // substr counts from 1.
        self.conn()?
            .prepare_cached("SELECT substr(bytes, ?2, ?3) FROM blobs WHERE sha256 = ?1")?
            .query_row(params![sha256, offset as i64 + 1, length as i64], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or(ServerError::UnknownBlob)
    }

    fn upload_received(&self, sha256: &str, workspace: WorkspaceId) -> Result<u64, ServerError> {
        let received: i64 = self
            .conn()?
            .prepare_cached(
                "SELECT COALESCE(SUM(length(bytes)), 0) FROM blob_upload_chunks
                 WHERE sha256 = ?1 AND workspace_id = ?2",
            )?
            .query_row(params![sha256, workspace], |row| row.get(0))?;
        Ok(received as u64)
    }

    fn append_upload(
        &self,
        sha256: &str,
        workspace: WorkspaceId,
        offset: u64,
        bytes: &[u8],
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let now = now.get();
        self.conn()?
            .prepare_cached(
                "INSERT INTO blob_upload_chunks (sha256, workspace_id, \"offset\", bytes, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![sha256, workspace, offset as i64, bytes, now])?;
        Ok(())
    }

    fn partial_upload_bytes(&self, workspace: WorkspaceId) -> Result<u64, ServerError> {
        let bytes: i64 = self
            .conn()?
            .prepare_cached(
                "SELECT COALESCE(SUM(length(bytes)), 0) FROM blob_upload_chunks
                 WHERE workspace_id = ?1",
            )?
            .query_row([workspace], |row| row.get(0))?;
        Ok(bytes as u64)
    }

    fn expire_uploads(&self, before: UnixMillis) -> Result<(), ServerError> {
        let before = before.get();
        // An upload goes as a whole: all its chunks, once its newest one is too old.
        self.conn()?
            .prepare_cached(
                "DELETE FROM blob_upload_chunks WHERE (sha256, workspace_id) IN (
                     SELECT sha256, workspace_id FROM blob_upload_chunks
                     GROUP BY sha256, workspace_id HAVING MAX(received_at) < ?1)",
            )?
            .execute([before])?;
        Ok(())
    }

    fn workspace_blob_bytes(&self, workspace: WorkspaceId) -> Result<u64, ServerError> {
        let bytes: i64 = self
            .conn()?
            .prepare_cached(
                "SELECT COALESCE(SUM(length(b.bytes)), 0) FROM blobs b
                 JOIN blob_workspaces w ON w.sha256 = b.sha256 WHERE w.workspace_id = ?1",
            )?
            .query_row([workspace], |row| row.get(0))?;
        Ok(bytes as u64)
    }

    fn take_upload(&self, sha256: &str, workspace: WorkspaceId) -> Result<Vec<u8>, ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut bytes = Vec::new();
        tx.prepare_cached(
            "SELECT bytes FROM blob_upload_chunks WHERE sha256 = ?1 AND workspace_id = ?2
             ORDER BY \"offset\"",
        )?
        .for_each(params![sha256, workspace], |row| {
            bytes.extend(row.get::<_, Vec<u8>>(0)?);
            Ok(())
        })?;
        tx.execute(
            "DELETE FROM blob_upload_chunks WHERE sha256 = ?1 AND workspace_id = ?2",
            params![sha256, workspace],
        )?;
        tx.commit()?;
        Ok(bytes)
    }

    fn put_blob(
        &self,
        sha256: &str,
        workspace: WorkspaceId,
        bytes: &[u8],
    ) -> Result<(), ServerError> {
        let conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO blobs (sha256, bytes) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![sha256, bytes],
        )?;
        tx.execute(
            "INSERT INTO blob_workspaces (sha256, workspace_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![sha256, workspace],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use automerge::transaction::Transactable;
    use automerge::{ReadDoc, ROOT};
    use waymark_core::audit;

    use super::*;
    use crate::admin;
    use crate::server::now_millis;
    use crate::storage::{Device, DocumentChanges, Storage};

    fn changes_of(device: &Device, id: RecordId, changes: Vec<u8>) -> DocumentChanges {
        DocumentChanges {
            id,
            home: device.home,
            editor: device.user_id,
            device: device.id,
            opens_case_team: false,
            epoch: 0,
            changes,
        }
    }

    fn place(id: RecordId, name: &str) -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "kind", "context").expect("kind");
        doc.put(ROOT, "id", id.to_string()).expect("id");
        doc.put(ROOT, "name", name).expect("name");
        doc.put_object(ROOT, "visits", automerge::ObjType::Map)
            .expect("visits");
        doc
    }

    #[test]
    fn many_rows_to_a_statement_number_their_values_in_order() {
        assert_eq!(value_rows(2, 2), "(?1, ?2), (?3, ?4)");
        assert_eq!(value_rows(1, 3), "(?1, ?2, ?3)");
    }

    #[test]
    fn devices_merging_into_one_record_at_once_lose_nothing_and_the_audit_chain_holds() {
        // On PostgreSQL merges run side by side; each record's lock is what keeps one merge
        // from writing over another's bytes, and the ledger's what keeps the chain whole.
        const DEVICES: usize = 6;
        const ROUNDS: usize = 15;
        let dir = tempfile::tempdir().expect("temp dir");
        let storage = Arc::new(crate::storage::for_test(dir.path()));
        admin::create_workspace(&*storage, "Northside").expect("workspace");
        admin::add_user(&*storage, "u", "Northside", None, None).expect("user");
        let devices: Vec<Device> = (0..DEVICES)
            .map(|n| crate::storage::enrolled_for_test(&storage, "u", &format!("token {n}")))
            .collect();

        let shared = RecordId::new(Uuid::now_v7()).expect("v7");
        let mut first = place(shared, "Shared Park");
        storage
            .merge_documents(
                &[changes_of(&devices[0], shared, first.save())],
                now_millis(),
            )
            .expect("created");

        let workers: Vec<_> = devices
            .into_iter()
            .enumerate()
            .map(|(n, device)| {
                let storage = storage.clone();
                std::thread::spawn(move || {
                    let bytes = storage.load_document(shared).expect("reads").expect("held");
                    let mut copy = AutoCommit::load(&bytes).expect("loads");
                    let mut made = Vec::new();
                    for round in 0..ROUNDS {
                        let before = copy.get_heads();
                        let visits = match copy.get(ROOT, "visits").expect("reads") {
                            Some((_, visits)) => visits,
                            None => panic!("the shared place lost its visits"),
                        };
                        copy.put(&visits, format!("device-{n}-round-{round}"), "Walked past")
                            .expect("put");
                        let edit = copy.save_after(&before);
                        let id = RecordId::new(Uuid::now_v7()).expect("v7");
                        let mut new = place(id, &format!("Place {round} of device {n}"));
                        storage
                            .merge_documents(
                                &[
                                    changes_of(&device, shared, edit),
                                    changes_of(&device, id, new.save()),
                                ],
                                now_millis(),
                            )
                            .expect("merged beside the others");
                        made.push(id);
                    }
                    made
                })
            })
            .collect();
        let mut made = Vec::new();
        for worker in workers {
            made.extend(worker.join().expect("no merge refused"));
        }

        let bytes = storage.load_document(shared).expect("reads").expect("held");
        let doc = AutoCommit::load(&bytes).expect("loads");
        let visits = match doc.get(ROOT, "visits").expect("reads") {
            Some((_, visits)) => doc.keys(&visits).count(),
            None => 0,
        };
        assert_eq!(
            visits,
            DEVICES * ROUNDS,
            "every device's every edit is kept"
        );
        for id in &made {
            assert!(
                storage.load_document(*id).expect("reads").is_some(),
                "{id} is kept"
            );
        }
        let log = storage.audit_log().expect("log");
        let merged = log
            .iter()
            .filter(|link| matches!(link.entry.action, AuditAction::Create | AuditAction::Edit))
            .count();
        assert_eq!(
            merged,
            1 + 2 * DEVICES * ROUNDS,
            "each merge is audited once"
        );
        assert!(audit::verify(&log).is_empty(), "one unbroken chain");
    }
}
