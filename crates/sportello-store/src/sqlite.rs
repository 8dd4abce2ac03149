//! The embedded SQLite database: its connection, its write lock and its name index. The store's
//! queries and use cases (`engine/`) are compiled once for each database; this module gives them
//! SQLite's own means.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::QueryBuilder;

use crate::bulk::{Cell, Table};
use crate::error::{Result, StoreError};
use crate::location::redact;
use crate::time::Instant;

pub(crate) mod dialect {
    pub(crate) use super::{after_bulk, bulk_insert};
    pub use super::{
        begin_write, change_own_password, connect, connect_as, index_name, lock_submission,
        push_name_search, sync_login_role,
    };
    pub type Db = sqlx::Sqlite;
    pub type Conn = sqlx::SqliteConnection;
    pub type DbRow = sqlx::sqlite::SqliteRow;
    pub type Pool = sqlx::SqlitePool;
    pub type QueryResult = sqlx::sqlite::SqliteQueryResult;
    pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
    pub const NAME: &str = "SQLite";
    /// The audit trail's hash is computed by Sportello (no server to trust).
    pub const AUDIT_HASH_IN_DATABASE: bool = false;
    /// The table that indexes names for search, written beside each submission.
    pub const NAME_INDEX: Option<&str> = Some("submission_names");
    /// A new submission's id: the write transaction holds the file, so the next one is certain.
    pub const NEXT_SUBMISSION_ID: &str = "SELECT COALESCE(MAX(id), 0) + 1 FROM submissions";
    /// No login roles in the embedded file: no user is "the connection's".
    pub const SESSION_LOGIN: &str = "NULL";
}

// The engine is compiled once per database on purpose (see `engine/mod.rs`).
#[allow(clippy::duplicate_mod)]
#[path = "engine/mod.rs"]
pub(crate) mod engine;

/// Opens (creating if needed) the file at `url` (`sqlite://PATH` or a bare path).
pub async fn connect(url: &str) -> Result<sqlx::SqlitePool> {
    let options = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    if let Some(dir) = options
        .get_filename()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Corrupt(format!(
                "cannot create database folder {} for {}: {e}",
                dir.display(),
                redact(url)
            ))
        })?;
    }
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?)
}

/// The embedded file has no database users: a workstation on it logs in with Sportello's own.
pub async fn connect_as(url: &str, _login: &str, _password: &str) -> Result<sqlx::SqlitePool> {
    Err(StoreError::Corrupt(format!(
        "{} is an embedded file: it has no database users to connect as",
        redact(url)
    )))
}

/// Nothing to do: the embedded file has no login roles.
pub async fn sync_login_role(
    _conn: &mut sqlx::SqliteConnection,
    _id: i64,
    _password: Option<&str>,
) -> Result<()> {
    Ok(())
}

/// The user's own new password: Sportello's hash (the embedded file has no login roles).
pub async fn change_own_password(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    _password: &str,
    hash: &str,
) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, password_change_due = 0 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so reads inside it
/// cannot go stale before its first write and the register's next number is certain.
pub async fn begin_write(
    pool: &sqlx::SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// Nothing to do: the write transaction already holds the database's write lock.
pub async fn lock_submission(_conn: &mut sqlx::SqliteConnection, _id: i64) -> Result<()> {
    Ok(())
}

/// Indexes a submission's names for the queue's search (FTS5, accents folded).
pub async fn index_name(conn: &mut sqlx::SqliteConnection, id: i64, name: &str) -> Result<()> {
    sqlx::query("INSERT INTO submission_names (rowid, name) VALUES ($1, $2)")
        .bind(id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Restricts the queue to names matching every word as a prefix.
pub fn push_name_search(qb: &mut QueryBuilder<'_, sqlx::Sqlite>, words: &[String]) {
    let query = words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ");
    qb.push(" AND s.id IN (SELECT rowid FROM submission_names WHERE submission_names MATCH ")
        .push_bind(query)
        .push(")");
}

/// SQLite's limit of bound parameters in one statement.
const MAX_PARAMETERS: usize = 32_766;

/// Writes `table`'s rows with multi-row INSERTs, each value bound with the type the use cases bind.
pub(crate) async fn bulk_insert(conn: &mut sqlx::SqliteConnection, table: &Table) -> Result<()> {
    let per_statement = (MAX_PARAMETERS / table.columns.len()).max(1);
    for chunk in table.rows.chunks(per_statement) {
        let mut qb: QueryBuilder<'_, sqlx::Sqlite> = QueryBuilder::new(format!(
            "INSERT INTO {} ({}) ",
            table.name,
            table.columns.join(", ")
        ));
        qb.push_values(chunk, |mut b, row| {
            for cell in row {
                match cell {
                    Cell::Int(v) => b.push_bind(*v),
                    Cell::Text(v) => b.push_bind(v.as_deref()),
                    Cell::Json(v) => b.push_bind(v.as_str()),
                    Cell::Bool(v) => b.push_bind(*v),
                    Cell::Date(v) => b.push_bind(*v),
                    Cell::At(v) => b.push_bind(Instant(*v)),
                    Cell::Bytes(v) => b.push_bind(v.as_slice()),
                };
            }
        });
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Nothing to do: SQLite gives the next row the largest id plus one.
pub(crate) async fn after_bulk(_conn: &mut sqlx::SqliteConnection) -> Result<()> {
    Ok(())
}
