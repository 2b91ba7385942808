//! The embedded backend: one SQLite file, one connection, its own migrations.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::sql::db::{Db, Lock, Row, Value, Writers};
use super::sql::{Backend, SqlStorage};
use crate::ServerError;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_upload_times.sql"),
    include_str!("../../migrations/sqlite/0003_quarantine.sql"),
    include_str!("../../migrations/sqlite/0004_roles_and_agencies.sql"),
    include_str!("../../migrations/sqlite/0005_record_access.sql"),
    include_str!("../../migrations/sqlite/0006_audit_log.sql"),
    include_str!("../../migrations/sqlite/0007_actors.sql"),
    include_str!("../../migrations/sqlite/0008_workspace_settings.sql"),
    include_str!("../../migrations/sqlite/0009_remote_wipe.sql"),
    include_str!("../../migrations/sqlite/0010_erasure.sql"),
    include_str!("../../migrations/sqlite/0011_change_feed.sql"),
];

/// One connection, which every storage call takes in turn.
#[derive(Debug)]
struct Sqlite {
    conn: Mutex<Connection>,
}

impl Backend for Sqlite {
    fn conn(&self) -> Result<Box<dyn Db + '_>, ServerError> {
        // Every write is one transaction, so a panic elsewhere leaves nothing half-written.
        Ok(Box::new(SqliteConn(
            self.conn
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )))
    }
}

struct SqliteConn<'a>(MutexGuard<'a, Connection>);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(number) => ToSqlOutput::Borrowed(ValueRef::Integer(*number)),
            Value::Bool(flag) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*flag))),
            Value::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Blob(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
        })
    }
}

fn value_of(value: ValueRef<'_>) -> Result<Value, ServerError> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(number) => Value::Int(number),
        ValueRef::Real(_) => {
            return Err(ServerError::StoredValue(
                "found a fraction where the server stores none".to_owned(),
            ))
        }
        ValueRef::Text(text) => Value::Text(
            String::from_utf8(text.to_vec())
                .map_err(|_| ServerError::StoredValue("found text that is not UTF-8".to_owned()))?,
        ),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    })
}

impl Db for SqliteConn<'_> {
    fn run(&self, sql: &str, params: &[Value]) -> Result<u64, ServerError> {
        let changed = self
            .0
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(params))?;
        Ok(changed as u64)
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        row: &mut dyn FnMut(Row) -> Result<bool, ServerError>,
    ) -> Result<(), ServerError> {
        let mut statement = self.0.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        while let Some(found) = rows.next()? {
            let values = (0..columns)
                .map(|column| value_of(found.get_ref(column)?))
                .collect::<Result<Vec<_>, ServerError>>()?;
            if !row(Row::new(values))? {
                break;
            }
        }
        Ok(())
    }

    fn begin(&self, _writers: Writers) -> Result<(), ServerError> {
        // The running server and an administrator's command share the file. Every transaction
        // takes the write lock when it begins, because a transaction that reads and only then
        // writes is refused outright (not retried) when the other process wrote in between.
        self.0.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn lock(&self, _lock: Lock<'_>) -> Result<(), ServerError> {
        // Every transaction here began with the file's one write lock: it holds them all.
        Ok(())
    }

    fn finish(&self, commit: bool) -> Result<(), ServerError> {
        self.0
            .execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })?;
        Ok(())
    }

    fn forget_deleted(&self) -> Result<(), ServerError> {
        // `secure_delete` zeroed the freed pages in the database; the write-ahead log still
        // holds their earlier images until it is emptied.
        self.0
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl SqlStorage {
    /// Opens the SQLite database at `path`, creating it if need be, and brings its schema up
    /// to date.
    pub fn open_sqlite(path: &Path) -> Result<Self, ServerError> {
        let unreachable = |reason: String| ServerError::DatabaseUnreachable {
            place: path.display().to_string(),
            reason,
        };
        if path.is_dir() {
            return Err(unreachable("it is a folder".to_owned()));
        }
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| {
                unreachable(match dir.ancestors().find(|ancestor| ancestor.is_file()) {
                    Some(file) => format!("{} is a file, not a folder", file.display()),
                    None => error.to_string(),
                })
            })?;
        }
        let mut conn = Connection::open(path).map_err(|error| unreachable(error.to_string()))?;
        // Waiting for the other process's write, rather than failing at once, starts before
        // the first statement.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every statement the storage runs stays prepared: rusqlite keeps 16 by default, fewer
        // than a session runs, so each would be prepared again and again.
        conn.set_prepared_statement_cache_capacity(256);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // What a device was told is synced must survive the server's crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What is deleted is overwritten, not only unlinked: an erased record's bytes must not
        // stay in free pages (privacy rule P13).
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut conn)?;
        Ok(Self::new(Box::new(Sqlite {
            conn: Mutex::new(conn),
        })))
    }
}

/// The schema version of the database at `path`, read without writing to it, when it is the
/// one this server writes: what `waymark-server check` asks before a server is started on it. A
/// missing file, a file that is not a database, an older schema and a newer one are each
/// refused with what to do.
pub fn check(path: &Path) -> Result<i64, ServerError> {
    if !path.is_file() {
        return Err(ServerError::NoDatabase(path.display().to_string()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (found, supported) = schema_versions(&conn)?;
    // Reads a table every schema has, so that a file SQLite cannot read is found here.
    conn.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })?;
    super::compare_schema(found, supported)
}

/// Writes a copy of the database at `path` to the new file `to`, as it stood at one moment,
/// while a server may be running on it, and answers the copy's size in bytes. The database is
/// only read. The copy holds records about children: only its owner may read it.
pub fn backup(path: &Path, to: &Path) -> Result<u64, ServerError> {
    if !path.is_file() {
        return Err(ServerError::NoDatabase(path.display().to_string()));
    }
    if to.exists() {
        return Err(ServerError::BackupExists(to.to_owned()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    // A server's write in progress is waited for, not failed on.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let to_text = to.to_str().ok_or_else(|| {
        ServerError::Io(std::io::Error::other("the backup's path is not valid text"))
    })?;
    // One read transaction: the copy is consistent, and compact, with no free pages.
    conn.execute("VACUUM INTO ?1", [to_text])?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(std::fs::metadata(to)?.len())
}

/// Applies the migrations this database lacks, each in its own transaction, as the device store
/// does; a database written by a newer server is refused and left as it is.
fn migrate(conn: &mut Connection) -> Result<(), ServerError> {
    let (found, supported) = schema_versions(conn)?;
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

/// The schema version the database is at, and the one this server writes.
fn schema_versions(conn: &Connection) -> Result<(i64, i64), ServerError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok((found, MIGRATIONS.len() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Storage;
    use waymark_core::access::WorkspaceRole;
    use waymark_core::audit::{self, AuditAction, AuditEntry};
    use waymark_core::UnixMillis;

    #[test]
    fn the_server_and_an_administrator_write_to_one_file_at_once_without_refusals() {
        // The running server and `waymark-server user add` are two processes on one file, each
        // with its own connection. Every write reads first (the audit chain's last link), so a
        // transaction that took its write lock late would be refused with "database is locked"
        // whenever the other wrote in between.
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.db");
        SqlStorage::open_sqlite(&path)
            .expect("created")
            .create_workspace("Northside", UnixMillis::new(0))
            .expect("workspace");
        let writers: Vec<_> = ["server", "admin"]
            .into_iter()
            .map(|who| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let storage = SqlStorage::open_sqlite(&path).expect("opened");
                    for n in 0..40 {
                        storage
                            .add_user(
                                &format!("{who}.{n}"),
                                "Northside",
                                None,
                                None,
                                UnixMillis::new(n),
                            )
                            .expect("added while the other process writes");
                        storage
                            .record_audit(&[AuditEntry {
                                at: UnixMillis::new(n),
                                user: format!("{who}.{n}"),
                                device: None,
                                action: AuditAction::Refused,
                                record: None,
                                detail: String::new(),
                            }])
                            .expect("logged while the other process writes");
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().expect("no refusal");
        }
        let storage = SqlStorage::open_sqlite(&path).expect("opened");
        assert_eq!(storage.list_members().expect("members").len(), 80);
        let log = storage.audit_log().expect("log");
        assert_eq!(log.len(), 80, "every entry is in the log");
        assert!(audit::verify(&log).is_empty(), "one unbroken chain");
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("server.db");
        drop(SqlStorage::open_sqlite(&path).expect("created"));
        Connection::open(&path)
            .expect("opens")
            .pragma_update(None, "user_version", 99)
            .expect("a future version");
        let before = std::fs::read(&path).expect("read");
        let error = SqlStorage::open_sqlite(&path).expect_err("refused");
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
        drop(SqlStorage::open_sqlite(&path).expect("migrated"));
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
        conn.prepare("SELECT case_team FROM documents")
            .expect("0005 applied");
        conn.prepare("SELECT hash FROM audit_log")
            .expect("0006 applied");
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
        let storage = SqlStorage::open_sqlite(&path).expect("migrated");
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
