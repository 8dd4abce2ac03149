//! The embedded SQLite database: its connection, its write lock and its name index. The store's
//! queries and use cases (`engine/`) are compiled once for each database; this module gives them
//! SQLite's own means.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::QueryBuilder;

use crate::error::{Result, StoreError};
use crate::location::redact;

pub(crate) mod dialect {
    pub use super::{begin_write, connect, index_name, push_name_search};
    pub type Db = sqlx::Sqlite;
    pub type Conn = sqlx::SqliteConnection;
    pub type DbRow = sqlx::sqlite::SqliteRow;
    pub type Pool = sqlx::SqlitePool;
    pub type QueryResult = sqlx::sqlite::SqliteQueryResult;
    pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
    pub const NAME: &str = "SQLite";
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

/// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so reads inside it
/// cannot go stale before its first write and the register's next number is certain.
pub async fn begin_write(
    pool: &sqlx::SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
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
