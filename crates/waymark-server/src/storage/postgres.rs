//! The backend for a database server: PostgreSQL, through tokio-postgres with a deadpool pool,
//! and its own migrations. Several server processes, on one machine or several, share it.
//!
//! The storage trait is synchronous, and the server calls it from blocking threads. So the pool
//! and its connections run on a small runtime of their own, and each call waits for its answer
//! on the caller's thread: a query's future only passes messages to the connection's task,
//! which that runtime drives.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use futures_util::StreamExt;
use tokio_postgres::config::SslMode;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type};
use tokio_postgres::NoTls;
use waymark_core::RecordId;

use super::sql::db::{Db, Lock, Row, Value, Writers};
use super::sql::{Backend, SqlStorage};
use crate::ServerError;

const MIGRATIONS: &[&str] = &[include_str!("../../migrations/postgres/0001_init.sql")];

/// Every writing transaction takes this lock first. One that writes alone takes it whole, so
/// writers take turns as they do on SQLite; merges of devices' changes share it, and so run
/// beside each other, but never beside one that writes alone.
const WRITE_LOCK: i64 = 0x5761_796d_6172_6b01;

/// Held by a merge from its first audit entry to its commit: the audit log's links and the
/// change feed's order depend on it.
const LEDGER_LOCK: i64 = 0x5761_796d_6172_6b02;

/// The first of the two keys of a record's lock; the second is made from its id.
const RECORD_LOCKS: i32 = 0x5779_6d6b;

/// The second key of a record's lock. Two records that share one only take turns needlessly.
fn record_key(id: RecordId) -> i32 {
    // The app's ids are version 7, whose last bytes are random where the first are a time.
    let [.., a, b, c, d] = id.as_uuid().into_bytes();
    i32::from_le_bytes([a, b, c, d])
}

/// Connections each server process keeps at most.
const POOL_SIZE: usize = 16;

pub struct Postgres {
    pool: Pool,
    /// Where the database is, without the password, for what the server says of it.
    place: String,
    /// Drives the connections. Shut down in the background when the storage goes, which may be
    /// on one of the server's own async threads, where a runtime may not wait.
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").finish_non_exhaustive()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Where a `postgres://` setting points, without its password: what an error may print.
fn place(config: &tokio_postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map_or_else(String::new, |host| match host {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        });
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let database = config.get_dbname().unwrap_or("");
    format!("postgres://{host}:{port}/{database}")
}

/// A `postgres://` setting as the server may print it, without its password.
pub fn shown(url: &str) -> String {
    tokio_postgres::Config::from_str(&without_root_certificate(url).0).map_or_else(
        |_| "the postgres:// setting".to_owned(),
        |config| place(&config),
    )
}

/// The setting without its `sslrootcert=FILE`, which libpq takes and tokio-postgres does not,
/// and that file: the certificate of the authority that signed the database server's.
fn without_root_certificate(url: &str) -> (String, Option<PathBuf>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut root = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.strip_prefix("sslrootcert=") {
            Some(file) => {
                root = Some(PathBuf::from(file));
                false
            }
            None => true,
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, root)
}

/// A TLS connector that trusts only the certificates in `root` (a PEM file), and checks that
/// the database server's certificate names the host it was reached at.
fn verified_tls(root: &Path) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let pem = std::fs::read(root).map_err(|error| format!("{}: {error}", root.display()))?;
    let mut roots = rustls::RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(&pem) {
        let certificate =
            certificate.map_err(|error| format!("{} is not PEM: {error}", root.display()))?;
        roots
            .add(certificate)
            .map_err(|error| format!("{}: {error}", root.display()))?;
    }
    if roots.is_empty() {
        return Err(format!("{} holds no certificate", root.display()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| error.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Why the server could not use the database, in words an administrator acts on.
fn reason(error: &tokio_postgres::Error) -> String {
    match error.code() {
        Some(code) if *code == SqlState::INVALID_PASSWORD => "the password was refused".to_owned(),
        Some(code) if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
            "the user was refused".to_owned()
        }
        Some(code) if *code == SqlState::INVALID_CATALOG_NAME => {
            "there is no such database".to_owned()
        }
        _ => match std::error::Error::source(error) {
            Some(source) => source.to_string(),
            None => error.to_string(),
        },
    }
}

impl From<tokio_postgres::Error> for ServerError {
    fn from(error: tokio_postgres::Error) -> Self {
        ServerError::Postgres(match error.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => error.to_string(),
        })
    }
}

impl Postgres {
    fn connect(url: &str) -> Result<Self, ServerError> {
        let (url, root) = without_root_certificate(url);
        let mut config = tokio_postgres::Config::from_str(&url).map_err(|error| {
            ServerError::DatabaseUnreachable {
                place: "the postgres:// setting".to_owned(),
                reason: format!("it could not be read ({error})"),
            }
        })?;
        let place = place(&config);
        let unreachable = |reason: String| ServerError::DatabaseUnreachable {
            place: place.clone(),
            reason,
        };
        if config.get_connect_timeout().is_none() {
            // A host that does not answer is reported, not waited on for minutes.
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            // What the database administrator sees in pg_stat_activity.
            config.application_name("waymark-server");
        }
        let recycling = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        // Encrypted, and to the right server, once the setting names the authority to trust;
        // otherwise in the clear, which only a socket or a private network makes safe. A
        // setting that requires encryption and names no authority is refused rather than
        // encrypted to whoever answers.
        let manager = match root {
            Some(root) => {
                config.ssl_mode(SslMode::Require);
                Manager::from_config(config, verified_tls(&root).map_err(unreachable)?, recycling)
            }
            None if config.get_ssl_mode() == SslMode::Require => {
                return Err(unreachable(
                    "sslmode=require needs sslrootcert=FILE, the certificate of the authority \
                     that signed the database server's"
                        .to_owned(),
                ))
            }
            None => Manager::from_config(config, NoTls, recycling),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("waymark-postgres")
            .enable_all()
            .build()?;
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|error| ServerError::Postgres(error.to_string()))?;
        let postgres = Self {
            pool,
            place,
            runtime: Some(runtime),
        };
        // A database the server cannot use is found before it listens, not at the first sync.
        drop(postgres.client()?);
        Ok(postgres)
    }

    /// A connection from the pool, made on this backend's runtime when the pool has none free.
    fn client(&self) -> Result<Object, ServerError> {
        let pool = self.pool.clone();
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| ServerError::Postgres("the storage is closing".to_owned()))?;
        let got = futures_executor::block_on(runtime.spawn(async move { pool.get().await }))
            .map_err(|error| ServerError::Postgres(error.to_string()))?;
        got.map_err(|error| match error {
            deadpool_postgres::PoolError::Backend(error) => ServerError::DatabaseUnreachable {
                place: self.place.clone(),
                reason: reason(&error),
            },
            other => ServerError::Postgres(other.to_string()),
        })
    }
}

impl Backend for Postgres {
    fn conn(&self) -> Result<Box<dyn Db + '_>, ServerError> {
        Ok(Box::new(PostgresConn {
            client: self.client()?,
        }))
    }
}

struct PostgresConn {
    client: Object,
}

/// `?1` as PostgreSQL numbers its parameters, `$1`.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn wait<F: std::future::Future>(future: F) -> F::Output {
    futures_executor::block_on(future)
}

impl PostgresConn {
    fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, ServerError> {
        Ok(wait(self.client.prepare_cached(&numbered(sql)))?)
    }
}

impl Db for PostgresConn {
    fn run(&self, sql: &str, params: &[Value]) -> Result<u64, ServerError> {
        let statement = self.statement(sql)?;
        Ok(wait(self.client.execute_raw(&statement, params.iter()))?)
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        row: &mut dyn FnMut(Row) -> Result<bool, ServerError>,
    ) -> Result<(), ServerError> {
        let statement = self.statement(sql)?;
        let rows = wait(self.client.query_raw(&statement, params.iter()))?;
        let mut rows = std::pin::pin!(rows);
        while let Some(found) = wait(rows.next()) {
            let found = found?;
            let values = (0..found.len())
                .map(|column| found.try_get::<_, Value>(column))
                .collect::<Result<Vec<_>, _>>()?;
            if !row(Row::new(values))? {
                break;
            }
        }
        Ok(())
    }

    fn begin(&self, writers: Writers) -> Result<(), ServerError> {
        let take = match writers {
            Writers::Alone => "pg_advisory_xact_lock",
            Writers::Together => "pg_advisory_xact_lock_shared",
        };
        wait(
            self.client
                .batch_execute(&format!("BEGIN; SELECT {take}({WRITE_LOCK})")),
        )?;
        Ok(())
    }

    fn lock(&self, lock: Lock<'_>) -> Result<(), ServerError> {
        let sql = match lock {
            Lock::Records(ids) => {
                // In the order of their keys, whatever the records' order, in one round trip:
                // the statements run one after another.
                let keys: std::collections::BTreeSet<i32> =
                    ids.iter().copied().map(record_key).collect();
                keys.iter()
                    .map(|key| format!("SELECT pg_advisory_xact_lock({RECORD_LOCKS}, {key});"))
                    .collect::<String>()
            }
            Lock::Ledger => format!("SELECT pg_advisory_xact_lock({LEDGER_LOCK})"),
        };
        if !sql.is_empty() {
            wait(self.client.batch_execute(&sql))?;
        }
        Ok(())
    }

    fn finish(&self, commit: bool) -> Result<(), ServerError> {
        wait(
            self.client
                .batch_execute(if commit { "COMMIT" } else { "ROLLBACK" }),
        )?;
        Ok(())
    }

    fn forget_deleted(&self) -> Result<(), ServerError> {
        // Dead rows stay in their pages until a vacuum; this one makes their space free at
        // once rather than at autovacuum's next pass. What stays in the write-ahead log and in
        // base backups is the database administrator's to expire (the README says how).
        wait(self.client.batch_execute(
            "VACUUM documents, blobs, blob_upload_chunks, case_team_members, shared_records",
        ))?;
        Ok(())
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(number) => match *ty {
                Type::INT8 => number.to_sql(ty, out),
                Type::INT4 => i32::try_from(*number)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*number)?.to_sql(ty, out),
                Type::BOOL => (*number != 0).to_sql(ty, out),
                _ => Err(format!("a number given for a {ty} parameter").into()),
            },
            Value::Bool(flag) => match *ty {
                Type::BOOL => flag.to_sql(ty, out),
                _ => i64::from(*flag).to_sql(&Type::INT8, out),
            },
            Value::Text(text) if <&str as ToSql>::accepts(ty) => text.as_str().to_sql(ty, out),
            Value::Blob(bytes) if *ty == Type::BYTEA => bytes.as_slice().to_sql(ty, out),
            Value::Text(_) | Value::Blob(_) => {
                Err(format!("text or bytes given for a {ty} parameter").into())
            }
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
            _ if <String as FromSql>::accepts(ty) => Value::Text(String::from_sql(ty, raw)?),
            _ => return Err(format!("a {ty} column, which the storage never reads").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl SqlStorage {
    /// Connects to the PostgreSQL database at `url` and brings its schema up to date.
    pub fn open_postgres(url: &str) -> Result<Self, ServerError> {
        let postgres = Postgres::connect(url)?;
        migrate(&postgres)?;
        Ok(Self::new(Box::new(postgres)))
    }
}

/// The schema version of the PostgreSQL database at `url`, read without writing to it, when
/// it is the one this server writes.
pub fn check(url: &str) -> Result<i64, ServerError> {
    let postgres = Postgres::connect(url)?;
    let client = postgres.client()?;
    let found =
        schema_version(&client)?.ok_or_else(|| ServerError::NoDatabase(postgres.place.clone()))?;
    super::compare_schema(found, MIGRATIONS.len() as i64)
}

/// The version the schema is at, or `None` in a database the server has never written.
fn schema_version(client: &Object) -> Result<Option<i64>, ServerError> {
    let exists: bool =
        wait(client.query_one("SELECT to_regclass('waymark_schema') IS NOT NULL", &[]))?.get(0);
    if !exists {
        return Ok(None);
    }
    let row = wait(client.query_one("SELECT MAX(version) FROM waymark_schema", &[]))?;
    Ok(Some(row.get::<_, Option<i64>>(0).unwrap_or(0)))
}

/// Applies the migrations the database lacks, all in one transaction: a failure leaves none of
/// them applied. Several processes may start at once: they take turns (the write lock), and the
/// later ones find nothing to do.
fn migrate(postgres: &Postgres) -> Result<(), ServerError> {
    let client = postgres.client()?;
    let conn = PostgresConn { client };
    conn.begin(Writers::Alone)?;
    let outcome =
        (|| {
            wait(conn.client.batch_execute(
                "CREATE TABLE IF NOT EXISTS waymark_schema (version BIGINT NOT NULL)",
            ))?;
            let found = schema_version(&conn.client)?.unwrap_or(0);
            let supported = MIGRATIONS.len() as i64;
            if found > supported {
                return Err(ServerError::NewerSchema { found, supported });
            }
            for (index, migration) in MIGRATIONS.iter().enumerate() {
                let version = index as i64 + 1;
                if version <= found {
                    continue;
                }
                wait(conn.client.batch_execute(migration))?;
                wait(conn.client.execute(
                    "INSERT INTO waymark_schema (version) VALUES ($1)",
                    &[&version],
                ))?;
                tracing::info!(version, "applied server migration (PostgreSQL)");
            }
            Ok(())
        })();
    conn.finish(outcome.is_ok())?;
    outcome
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{numbered, without_root_certificate};

    #[test]
    fn the_root_certificate_is_taken_out_of_the_setting_and_the_rest_kept() {
        assert_eq!(
            without_root_certificate(
                "postgres://w@db/waymark?sslmode=require&sslrootcert=/etc/ca.pem"
            ),
            (
                "postgres://w@db/waymark?sslmode=require".to_owned(),
                Some(PathBuf::from("/etc/ca.pem"))
            )
        );
        assert_eq!(
            without_root_certificate("postgres://w@db/waymark"),
            ("postgres://w@db/waymark".to_owned(), None)
        );
    }

    #[test]
    fn parameters_are_renumbered_for_postgresql_and_nothing_else_changes() {
        assert_eq!(
            numbered("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?12) AND d = '?'"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $12) AND d = '?'"
        );
    }
}
