//! What the storage asks of a database connection, so that its SQL is written once for SQLite
//! and PostgreSQL: statements with numbered parameters (`?1`, which the PostgreSQL connection
//! renumbers as `$1`), rows of plain values, and write transactions.
//!
//! The calls read like rusqlite's (`query_row`, `prepare_cached`, `optional`), which the storage
//! was first written against. The SQL itself keeps to what both databases take: `ON CONFLICT`,
//! `RETURNING`, `CAST(… AS BIGINT)` around sums, `TRUE` rather than `1` for a condition, and the
//! column names `"user"` and `"offset"` quoted, since PostgreSQL reserves both words.

use std::cell::Cell;

use waymark_core::RecordId;

use crate::ServerError;

/// One value in a row or a parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    #[default]
    Null,
    Int(i64),
    /// PostgreSQL's answer to a condition (`EXISTS …`, `… IS NULL`); SQLite answers 0 or 1.
    Bool(bool),
    Text(String),
    Blob(Vec<u8>),
}

pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}

impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

/// Flags are stored as 0 or 1 in both databases.
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl<const N: usize> ToValue for [u8; N] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

pub trait FromValue: Sized {
    fn from_value(value: Value) -> Result<Self, ServerError>;
}

fn unexpected(value: &Value, wanted: &'static str) -> ServerError {
    let found = match value {
        Value::Null => "nothing",
        Value::Int(_) => "a number",
        Value::Bool(_) => "a true-or-false",
        Value::Text(_) => "text",
        Value::Blob(_) => "bytes",
    };
    ServerError::StoredValue(format!("found {found} where {wanted} was stored"))
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_value(value).map(Some),
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        match value {
            Value::Int(number) => Ok(number),
            Value::Bool(flag) => Ok(i64::from(flag)),
            other => Err(unexpected(&other, "a number")),
        }
    }
}

impl FromValue for u32 {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        let number = i64::from_value(value)?;
        u32::try_from(number)
            .map_err(|_| ServerError::StoredValue(format!("{number} is out of range")))
    }
}

impl FromValue for bool {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        match value {
            Value::Int(number) => Ok(number != 0),
            Value::Bool(flag) => Ok(flag),
            other => Err(unexpected(&other, "a true-or-false")),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        match value {
            Value::Text(text) => Ok(text),
            other => Err(unexpected(&other, "text")),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: Value) -> Result<Self, ServerError> {
        match value {
            Value::Blob(bytes) => Ok(bytes),
            other => Err(unexpected(&other, "bytes")),
        }
    }
}

/// A row's values. Each is taken out when it is read, so a document's bytes are never copied:
/// read each column once.
pub struct Row(Vec<Cell<Value>>);

impl Row {
    pub fn new(values: Vec<Value>) -> Self {
        Self(values.into_iter().map(Cell::new).collect())
    }

    /// The value in column `index`, counted from 0. The index's type is a parameter, as in
    /// rusqlite, so that `row.get::<_, String>(0)` reads the same.
    pub fn get<I: RowIndex, T: FromValue>(&self, index: I) -> Result<T, ServerError> {
        let index = index.index();
        let value = self
            .0
            .get(index)
            .ok_or_else(|| ServerError::StoredValue(format!("no column {index}")))?
            .take();
        T::from_value(value)
    }
}

/// A column's place in a row.
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// The parameters of one statement.
pub trait Params {
    fn values(self) -> Vec<Value>;
}

impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl Params for &[Value] {
    fn values(self) -> Vec<Value> {
        self.to_vec()
    }
}

impl Params for () {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}

/// Parameters of several types, as rusqlite's `params!` takes them.
macro_rules! params {
    ($($param:expr),* $(,)?) => {
        &[$($crate::storage::sql::db::ToValue::to_value(&$param)),*][..]
    };
}
pub(crate) use params;

/// Whether a writing transaction runs alone or beside others of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writers {
    /// No other writer runs meanwhile: what changes the team, its access or its records'
    /// histories (an erasure, a sharing decision, a new member).
    Alone,
    /// Beside other transactions begun so, each holding the [`Lock`]s of what it changes:
    /// devices' changes merged into their records, which touch nothing else but the ledger.
    Together,
}

/// What a transaction begun [`Writers::Together`] holds while it changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock<'a> {
    /// These records' documents, taken together before any is read: two merges into one
    /// record take turns, so neither loses the other's changes, and two merges of several
    /// take them in the same order, so neither waits for the other for ever.
    Records(&'a [RecordId]),
    /// The audit log and the change feed, which are chained and numbered in the order of their
    /// commits: held from the first entry to the commit.
    Ledger,
}

/// A connection to the database, as each backend gives one.
pub trait Db {
    /// Runs one statement, and answers how many rows it changed.
    fn run(&self, sql: &str, params: &[Value]) -> Result<u64, ServerError>;

    /// Runs one query, and hands each row to `row` in turn, until it answers false.
    fn each(
        &self,
        sql: &str,
        params: &[Value],
        row: &mut dyn FnMut(Row) -> Result<bool, ServerError>,
    ) -> Result<(), ServerError>;

    /// Begins a transaction that writes. Writers take turns: each reads what the one before
    /// it committed (the audit log's links, a document's bytes). A transaction begun
    /// [`Writers::Together`] shares its turn with others so begun, and takes a [`Lock`] for
    /// each thing it reads and then writes; a database whose writers always take turns (SQLite)
    /// may begin every transaction alone.
    fn begin(&self, writers: Writers) -> Result<(), ServerError>;

    /// Holds `lock` until the transaction ends, waiting for whichever transaction holds it.
    fn lock(&self, lock: Lock<'_>) -> Result<(), ServerError>;

    /// Commits the transaction, or rolls it back.
    fn finish(&self, commit: bool) -> Result<(), ServerError>;

    /// After an erasure has committed: whatever the database still keeps of the deleted rows
    /// outside its tables is let go where it can be (privacy rule P13).
    fn forget_deleted(&self) -> Result<(), ServerError>;
}

/// A query that found no row where one was needed, or failed.
#[derive(Debug)]
pub enum RowError {
    NoRow,
    Failed(ServerError),
}

impl From<ServerError> for RowError {
    fn from(error: ServerError) -> Self {
        Self::Failed(error)
    }
}

impl From<RowError> for ServerError {
    fn from(error: RowError) -> Self {
        match error {
            RowError::NoRow => ServerError::StoredValue("a row it needs is missing".to_owned()),
            RowError::Failed(error) => error,
        }
    }
}

/// Reads a query that may find nothing, as rusqlite's `OptionalExtension` does.
pub trait Optional<T> {
    fn optional(self) -> Result<Option<T>, ServerError>;
}

impl<T> Optional<T> for Result<T, RowError> {
    fn optional(self) -> Result<Option<T>, ServerError> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(RowError::NoRow) => Ok(None),
            Err(RowError::Failed(error)) => Err(error),
        }
    }
}

impl<'c> dyn Db + 'c {
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<u64, ServerError> {
        self.run(sql, &params.values())
    }

    /// The first row, read by `read`.
    pub fn query_row<P, T, F>(&self, sql: &str, params: P, read: F) -> Result<T, RowError>
    where
        P: Params,
        F: FnOnce(&Row) -> Result<T, ServerError>,
    {
        let mut first = None;
        self.each(sql, &params.values(), &mut |row| {
            first = Some(row);
            Ok(false)
        })?;
        match first {
            Some(row) => Ok(read(&row)?),
            None => Err(RowError::NoRow),
        }
    }

    /// Every row, each read by `read`.
    pub fn query_map<P, T, F>(
        &self,
        sql: &str,
        params: P,
        mut read: F,
    ) -> Result<std::vec::IntoIter<Result<T, ServerError>>, ServerError>
    where
        P: Params,
        F: FnMut(&Row) -> Result<T, ServerError>,
    {
        let mut rows = Vec::new();
        self.each(sql, &params.values(), &mut |row| {
            rows.push(read(&row));
            Ok(true)
        })?;
        Ok(rows.into_iter())
    }

    /// A statement to run once or several times. Each connection caches what it prepares.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_, 'c>, ServerError> {
        Ok(Statement {
            db: self,
            sql: sql.to_owned(),
        })
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_, 'c>, ServerError> {
        self.prepare_cached(sql)
    }

    /// Begins a transaction that writes alone; it rolls back unless it is committed.
    pub fn transaction(&self) -> Result<Transaction<'_, 'c>, ServerError> {
        self.transaction_with(Writers::Alone)
    }

    /// Begins a transaction that writes beside others, holding the [`Lock`]s it takes.
    pub fn transaction_with(&self, writers: Writers) -> Result<Transaction<'_, 'c>, ServerError> {
        self.begin(writers)?;
        Ok(Transaction {
            db: self,
            open: true,
        })
    }
}

pub struct Statement<'a, 'c> {
    db: &'a (dyn Db + 'c),
    sql: String,
}

impl Statement<'_, '_> {
    pub fn execute<P: Params>(&mut self, params: P) -> Result<u64, ServerError> {
        self.db.execute(&self.sql, params)
    }

    pub fn query_row<P, T, F>(&mut self, params: P, read: F) -> Result<T, RowError>
    where
        P: Params,
        F: FnOnce(&Row) -> Result<T, ServerError>,
    {
        self.db.query_row(&self.sql, params, read)
    }

    pub fn query_map<P, T, F>(
        &mut self,
        params: P,
        read: F,
    ) -> Result<std::vec::IntoIter<Result<T, ServerError>>, ServerError>
    where
        P: Params,
        F: FnMut(&Row) -> Result<T, ServerError>,
    {
        self.db.query_map(&self.sql, params, read)
    }

    /// Hands each row to `row` as it is read, without holding them all.
    pub fn for_each<P: Params>(
        &mut self,
        params: P,
        mut row: impl FnMut(Row) -> Result<(), ServerError>,
    ) -> Result<(), ServerError> {
        self.db.each(&self.sql, &params.values(), &mut |value| {
            row(value).map(|()| true)
        })
    }
}

/// A write transaction: it rolls back when dropped uncommitted, so an error part-way through
/// leaves nothing half-written.
pub struct Transaction<'a, 'c> {
    db: &'a (dyn Db + 'c),
    open: bool,
}

impl Transaction<'_, '_> {
    pub fn commit(mut self) -> Result<(), ServerError> {
        self.open = false;
        self.db.finish(true)
    }
}

impl<'c> std::ops::Deref for Transaction<'_, 'c> {
    type Target = dyn Db + 'c;

    fn deref(&self) -> &Self::Target {
        self.db
    }
}

/// A transaction is handed to whatever takes a connection, and its statements join it.
impl Db for Transaction<'_, '_> {
    fn run(&self, sql: &str, params: &[Value]) -> Result<u64, ServerError> {
        self.db.run(sql, params)
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        row: &mut dyn FnMut(Row) -> Result<bool, ServerError>,
    ) -> Result<(), ServerError> {
        self.db.each(sql, params, row)
    }

    fn begin(&self, _writers: Writers) -> Result<(), ServerError> {
        Err(ServerError::StoredValue(
            "a transaction was begun inside another".to_owned(),
        ))
    }

    fn lock(&self, lock: Lock<'_>) -> Result<(), ServerError> {
        self.db.lock(lock)
    }

    fn finish(&self, _commit: bool) -> Result<(), ServerError> {
        Err(ServerError::StoredValue(
            "a transaction was ended from inside".to_owned(),
        ))
    }

    fn forget_deleted(&self) -> Result<(), ServerError> {
        self.db.forget_deleted()
    }
}

impl Drop for Transaction<'_, '_> {
    fn drop(&mut self) {
        if self.open {
            if let Err(error) = self.db.finish(false) {
                tracing::error!(%error, "a transaction could not be rolled back");
            }
        }
    }
}
