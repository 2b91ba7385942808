//! The embedded storage: one SQLite file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use automerge::{AutoCommit, ChangeHash};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use uuid::Uuid;
use waymark_core::access::WorkspaceRole;
use waymark_core::vocabulary::PartnerAgency;
use waymark_core::{RecordId, UnixMillis};

use super::{Device, DeviceListing, DocumentChanges, MemberListing, Sha256, Storage, WorkspaceId};
use crate::ServerError;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_upload_times.sql"),
    include_str!("../../migrations/0003_quarantine.sql"),
    include_str!("../../migrations/0004_roles_and_agencies.sql"),
];

#[derive(Debug)]
pub struct SqliteStorage {
    conn: Mutex<Connection>,
}

impl SqliteStorage {
    pub fn open(path: &Path) -> Result<Self, ServerError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // What a device was told is synced must survive the server's crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // Every write is one transaction, so a panic elsewhere leaves nothing half-written.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Applies the migrations this database lacks, each in its own transaction, as the device store
/// does; a database written by a newer server is refused and left as it is.
fn migrate(conn: &mut Connection) -> Result<(), ServerError> {
    let supported = MIGRATIONS.len() as i64;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > supported {
        return Err(ServerError::NewerSchema { found, supported });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= found {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "applied server migration");
    }
    Ok(())
}

fn workspace_id(conn: &Connection, name: &str) -> Result<WorkspaceId, ServerError> {
    conn.prepare_cached("SELECT id FROM workspaces WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .ok_or_else(|| ServerError::UnknownWorkspace(name.to_owned()))
}

fn user_id(conn: &Connection, name: &str) -> Result<i64, ServerError> {
    conn.prepare_cached("SELECT id FROM users WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .ok_or_else(|| ServerError::UnknownUser(name.to_owned()))
}

fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// The `IN (...)` list for a set of workspace ids, which are integers from our own database.
fn id_list(workspaces: &[WorkspaceId]) -> String {
    workspaces
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Storage for SqliteStorage {
    fn create_workspace(&self, name: &str, now: UnixMillis) -> Result<WorkspaceId, ServerError> {
        let now = now.get();
        let conn = self.conn();
        match conn.execute(
            "INSERT INTO workspaces (name, created_at) VALUES (?1, ?2)",
            params![name, now],
        ) {
            Ok(_) => Ok(conn.last_insert_rowid()),
            Err(error) if is_unique_violation(&error) => {
                Err(ServerError::WorkspaceExists(name.to_owned()))
            }
            Err(error) => Err(error.into()),
        }
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
        let mut conn = self.conn();
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
    ) -> Result<(), ServerError> {
        let conn = self.conn();
        let workspace_id = workspace_id(&conn, workspace)?;
        let user_id = user_id(&conn, user)?;
        let changed = conn.execute(
            "UPDATE memberships SET role = ?3 WHERE user_id = ?1 AND workspace_id = ?2",
            params![user_id, workspace_id, role.code()],
        )?;
        if changed == 0 {
            return Err(ServerError::NotAMember {
                user: user.to_owned(),
                workspace: workspace.to_owned(),
            });
        }
        Ok(())
    }

    fn list_members(&self) -> Result<Vec<MemberListing>, ServerError> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT u.name, u.agency, w.name, m.role
             FROM memberships m JOIN users u ON u.id = m.user_id
             JOIN workspaces w ON w.id = m.workspace_id
             ORDER BY w.name, u.name",
        )?;
        let rows = statement.query_map([], |row| {
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
        let mut conn = self.conn();
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
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
        let changed = self.conn().execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
            params![id.to_string(), now],
        )?;
        if changed == 0 {
            return Err(ServerError::UnknownDevice(id.to_string()));
        }
        Ok(())
    }

    fn device_workspace_name(&self, id: Uuid) -> Result<String, ServerError> {
        self.conn()
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
        let conn = self.conn();
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
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT d.id, u.name, w.name, d.revoked_at IS NOT NULL, d.token_sha256 IS NOT NULL
             FROM devices d JOIN users u ON u.id = d.user_id JOIN workspaces w ON w.id = d.workspace_id
             ORDER BY d.created_at",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, bool>(3)?,
                row.get::<_, bool>(4)?,
            ))
        })?;
        let mut devices = Vec::new();
        for row in rows {
            let (id, user, workspace, revoked, enrolled) = row?;
            devices.push(DeviceListing {
                id: Uuid::parse_str(&id).map_err(|_| ServerError::UnknownDevice(id))?,
                user,
                workspace,
                state: match (revoked, enrolled) {
                    (true, _) => "revoked",
                    (false, true) => "enrolled",
                    (false, false) => "waiting for its code",
                },
            });
        }
        Ok(devices)
    }

    fn device_by_token(&self, token: Sha256) -> Result<Option<Device>, ServerError> {
        let conn = self.conn();
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
        let workspaces = conn
            .prepare_cached("SELECT workspace_id, role FROM memberships WHERE user_id = ?1")?
            .query_map([user_id], |row| {
                Ok((row.get::<_, WorkspaceId>(0)?, row.get::<_, String>(1)?))
            })?
            .filter_map(|row| match row {
                // Only a role that works on the team's records opens a workspace's records; a
                // role this server does not know opens nothing.
                Ok((workspace, role)) => WorkspaceRole::from_code(&role)
                    .filter(|role| role.works_on_team_records())
                    .map(|_| Ok(workspace)),
                Err(error) => Some(Err(error)),
            })
            .collect::<Result<Vec<WorkspaceId>, _>>()?;
        Ok(Some(Device {
            id: Uuid::parse_str(&id).map_err(|_| ServerError::UnknownDevice(id))?,
            user,
            home,
            workspaces,
            revoked,
        }))
    }

    fn document_heads(
        &self,
        workspaces: &[WorkspaceId],
    ) -> Result<BTreeMap<RecordId, Vec<ChangeHash>>, ServerError> {
        let conn = self.conn();
        let mut statement = conn.prepare(&format!(
            "SELECT id, heads FROM documents
             WHERE workspace_id IN ({}) AND quarantined_at IS NULL",
            id_list(workspaces)
        ))?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
        })?;
        let mut heads = BTreeMap::new();
        for row in rows {
            let (id, bytes) = row?;
            // Ids were parsed before they were stored; one that no longer parses is skipped.
            if let Ok(id) = id.parse() {
                heads.insert(id, waymark_sync::heads::decode(&bytes));
            }
        }
        Ok(heads)
    }

    fn document_workspace(&self, id: RecordId) -> Result<Option<WorkspaceId>, ServerError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT workspace_id FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?)
    }

    fn quarantine_document(&self, id: RecordId, now: UnixMillis) -> Result<(), ServerError> {
        let now = now.get();
        self.conn()
            .prepare_cached(
                "UPDATE documents SET quarantined_at = ?2 WHERE id = ?1 AND quarantined_at IS NULL",
            )?
            .execute(params![id.to_string(), now])?;
        Ok(())
    }

    fn is_quarantined(&self, id: RecordId) -> Result<bool, ServerError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT quarantined_at IS NOT NULL FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?
            .unwrap_or(false))
    }

    fn quarantined_documents(&self) -> Result<Vec<(RecordId, UnixMillis)>, ServerError> {
        let conn = self.conn();
        let mut statement = conn.prepare(
            "SELECT id, quarantined_at FROM documents WHERE quarantined_at IS NOT NULL
             ORDER BY quarantined_at",
        )?;
        let rows = statement.query_map([], |row| {
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
        Ok(self
            .conn()
            .prepare_cached("SELECT bytes FROM documents WHERE id = ?1")?
            .query_row([id.to_string()], |row| row.get(0))
            .optional()?)
    }

    fn merge_documents(
        &self,
        batch: &[DocumentChanges],
        now: UnixMillis,
    ) -> Result<(), ServerError> {
        let now = now.get();
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for changes in batch {
            let id = changes.id.to_string();
            let stored: Option<(WorkspaceId, Vec<u8>)> = tx
                .prepare_cached("SELECT workspace_id, bytes FROM documents WHERE id = ?1")?
                .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            let (workspace, mut doc) = match stored {
                Some((workspace, _)) if !changes.allowed.contains(&workspace) => {
                    return Err(ServerError::Forbidden)
                }
                Some((workspace, bytes)) => (workspace, AutoCommit::load(&bytes)?),
                // A new record belongs to the device's home workspace, which it must be allowed
                // to change: a partner reader creates nothing.
                None if !changes.allowed.contains(&changes.home) => {
                    return Err(ServerError::Forbidden)
                }
                None => (changes.home, AutoCommit::new()),
            };
            doc.load_incremental(&changes.changes)?;
            tx.prepare_cached(
                "INSERT INTO documents (id, workspace_id, bytes, heads, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, heads = excluded.heads,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![
                id,
                workspace,
                doc.save(),
                waymark_sync::heads::encode(&doc.get_heads()),
                now
            ])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn blob_size(
        &self,
        sha256: &str,
        workspaces: &[WorkspaceId],
    ) -> Result<Option<u64>, ServerError> {
        Ok(self
            .conn()
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
        self.conn()
            .prepare_cached("SELECT substr(bytes, ?2, ?3) FROM blobs WHERE sha256 = ?1")?
            .query_row(params![sha256, offset as i64 + 1, length as i64], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or(ServerError::UnknownBlob)
    }

    fn upload_received(&self, sha256: &str, workspace: WorkspaceId) -> Result<u64, ServerError> {
        let received: i64 = self
            .conn()
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
        self.conn()
            .prepare_cached(
                "INSERT INTO blob_upload_chunks (sha256, workspace_id, offset, bytes, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![sha256, workspace, offset as i64, bytes, now])?;
        Ok(())
    }

    fn partial_upload_bytes(&self, workspace: WorkspaceId) -> Result<u64, ServerError> {
        let bytes: i64 = self
            .conn()
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
        self.conn()
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
            .conn()
            .prepare_cached(
                "SELECT COALESCE(SUM(length(b.bytes)), 0) FROM blobs b
                 JOIN blob_workspaces w ON w.sha256 = b.sha256 WHERE w.workspace_id = ?1",
            )?
            .query_row([workspace], |row| row.get(0))?;
        Ok(bytes as u64)
    }

    fn take_upload(&self, sha256: &str, workspace: WorkspaceId) -> Result<Vec<u8>, ServerError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut bytes = Vec::new();
        {
            let mut statement = tx.prepare_cached(
                "SELECT bytes FROM blob_upload_chunks WHERE sha256 = ?1 AND workspace_id = ?2
                 ORDER BY offset",
            )?;
            let mut rows = statement.query(params![sha256, workspace])?;
            while let Some(row) = rows.next()? {
                bytes.extend(row.get::<_, Vec<u8>>(0)?);
            }
        }
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
        let mut conn = self.conn();
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
    use super::*;

    #[test]
    fn a_database_from_a_newer_server_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.db");
        drop(SqliteStorage::open(&path).expect("created"));
        Connection::open(&path)
            .expect("opens")
            .pragma_update(None, "user_version", 99)
            .expect("a future version");
        let before = std::fs::read(&path).expect("read");
        let error = SqliteStorage::open(&path).expect_err("refused");
        assert_eq!(error.code(), "database_too_new");
        assert!(error.to_string().contains("newer server"), "{error}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn an_older_database_is_brought_up_to_date_one_migration_at_a_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.db");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch(MIGRATIONS[0]).expect("the first schema");
            conn.pragma_update(None, "user_version", 1)
                .expect("version");
        }
        drop(SqliteStorage::open(&path).expect("migrated"));
        let conn = Connection::open(&path).expect("opens");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        // The columns later migrations added are there.
        conn.prepare("SELECT received_at FROM blob_upload_chunks")
            .expect("0002 applied");
        conn.prepare("SELECT quarantined_at FROM documents")
            .expect("0003 applied");
    }

    #[test]
    fn members_from_before_roles_stay_practitioners_of_the_teams_records() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.db");
        {
            let conn = Connection::open(&path).expect("opens");
            for migration in &MIGRATIONS[..3] {
                conn.execute_batch(migration).expect("an older schema");
            }
            conn.pragma_update(None, "user_version", 3)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO workspaces (id, name, created_at) VALUES (1, 'Northside', 0);
                 INSERT INTO users (id, name, created_at) VALUES (1, 'youth.worker.1', 0);
                 INSERT INTO memberships (user_id, workspace_id) VALUES (1, 1);",
            )
            .expect("a member");
            conn.execute(
                "INSERT INTO devices (id, user_id, workspace_id, code_expires_at, token_sha256,
                                      created_at)
                 VALUES ('0190ab12-3456-7890-abcd-ef0123456789', 1, 1, 0, ?1, 0)",
                [[7_u8; 32]],
            )
            .expect("an enrolled device");
        }
        let storage = SqliteStorage::open(&path).expect("migrated");
        let members = storage.list_members().expect("listed");
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].role, WorkspaceRole::Practitioner);
        assert_eq!(members[0].agency, None);
        let device = storage
            .device_by_token([7; 32])
            .expect("read")
            .expect("the device");
        assert_eq!(
            device.workspaces,
            vec![1],
            "it still works on the team's records"
        );
    }
}
