//! The Comune's PostgreSQL server: its connection (TLS with rustls), its write lock and its name
//! search. The store's queries and use cases (`engine/`) are compiled once for each database; this
//! module gives them PostgreSQL's own means.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::QueryBuilder;

use crate::error::Result;

pub(crate) mod dialect {
    pub use super::{begin_write, connect, index_name, push_name_search};
    pub type Db = sqlx::Postgres;
    pub type Conn = sqlx::PgConnection;
    pub type DbRow = sqlx::postgres::PgRow;
    pub type Pool = sqlx::PgPool;
    pub type QueryResult = sqlx::postgres::PgQueryResult;
    pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");
    pub const NAME: &str = "PostgreSQL";
}

// The engine is compiled once per database on purpose (see `engine/mod.rs`).
#[allow(clippy::duplicate_mod)]
#[path = "engine/mod.rs"]
pub(crate) mod engine;

/// The lock every write transaction takes first: writes are serialised as on SQLite, so a number the
/// register announces (a letter printing its own protocol number) is the number it registers, and
/// numbers never leave a gap (no SEQUENCE: a rolled-back `nextval` is lost).
const WRITE_LOCK: i64 = 0x5350_4f52_5445_4c4c; // "SPORTELL"

/// Connects to `url` (`postgres://…`; `sslmode=verify-full` with `sslrootcert=` for the Comune's CA).
pub async fn connect(url: &str) -> Result<sqlx::PgPool> {
    let options = PgConnectOptions::from_str(url)?.application_name("sportello");
    Ok(PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?)
}

/// A write transaction holding Sportello's write lock until it ends.
pub async fn begin_write(
    pool: &sqlx::PgPool,
) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// Nothing to do: `submissions.name_search` is a generated column.
pub async fn index_name(_conn: &mut sqlx::PgConnection, _id: i64, _name: &str) -> Result<()> {
    Ok(())
}

/// Restricts the queue to names matching every word as a prefix, accents folded like the index.
pub fn push_name_search(qb: &mut QueryBuilder<'_, sqlx::Postgres>, words: &[String]) {
    let terms: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(|t| format!("{}:*", t.to_lowercase()))
        .collect();
    if terms.is_empty() {
        return;
    }
    qb.push(" AND s.name_search @@ to_tsquery('simple', sportello_unaccent(")
        .push_bind(terms.join(" & "))
        .push("))");
}
