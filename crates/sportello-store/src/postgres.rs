//! The Comune's PostgreSQL server: its connection (TLS with rustls), its write lock and its name
//! search. The store's queries and use cases (`engine/`) are compiled once for each database; this
//! module gives them PostgreSQL's own means.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::QueryBuilder;

use std::fmt::Write as _;

use crate::bulk::{Cell, Table};
use crate::error::Result;

pub(crate) mod dialect {
    pub(crate) use super::{after_bulk, bulk_insert};
    pub use super::{
        begin_write, change_own_password, connect, connect_as, index_name, lock_submission,
        push_name_search, sync_login_role,
    };
    pub type Db = sqlx::Postgres;
    pub type Conn = sqlx::PgConnection;
    pub type DbRow = sqlx::postgres::PgRow;
    pub type Pool = sqlx::PgPool;
    pub type QueryResult = sqlx::postgres::PgQueryResult;
    pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");
    pub const NAME: &str = "PostgreSQL";
    /// The audit trail is appended, and its hash computed, by the server (`sportello_audit_append`).
    pub const AUDIT_HASH_IN_DATABASE: bool = true;
    /// None: the name search is a generated column of `submissions`.
    pub const NAME_INDEX: Option<&str> = None;
    /// A new submission's id, from its identity sequence (many workstations insert at once; an id
    /// lost to a rollback is no gap that matters: ids are not protocol numbers).
    pub const NEXT_SUBMISSION_ID: &str =
        "SELECT nextval(pg_get_serial_sequence('submissions', 'id'))";
    /// The login role this connection was opened with.
    pub const SESSION_LOGIN: &str = "session_user";
}

// The engine is compiled once per database on purpose (see `engine/mod.rs`).
#[allow(clippy::duplicate_mod)]
#[path = "engine/mod.rs"]
pub(crate) mod engine;

/// Connects to `url` (`postgres://…`; `sslmode=verify-full` with `sslrootcert=` for the Comune's CA).
pub async fn connect(url: &str) -> Result<sqlx::PgPool> {
    pool(PgConnectOptions::from_str(url)?).await
}

/// Connects to the server at `url` as the login role `login`: a workstation's connection, opened at
/// login with the user's own credentials (docs/database-roles.md).
pub async fn connect_as(url: &str, login: &str, password: &str) -> Result<sqlx::PgPool> {
    pool(
        PgConnectOptions::from_str(url)?
            .username(login)
            .password(password),
    )
    .await
}

/// Makes or updates the login role of user `id` from the `users` row just written, with a new
/// password if given (sent as a SCRAM verifier, never in clear). Only administrators and IT may
/// (the function `sportello_sync_login_role` checks, migration 0010).
pub async fn sync_login_role(
    conn: &mut sqlx::PgConnection,
    id: i64,
    password: Option<&str>,
) -> Result<()> {
    sqlx::query("SELECT sportello_sync_login_role($1, $2)")
        .bind(id)
        .bind(password.map(crate::scram::verifier))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// `name` as a quoted SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// IT's first step on a new server (`sportello admin init`), on the maintenance connection `url`
/// (a superuser, never a workstation's): creates the database `url` names if it is missing and
/// records the login roles' prefix on it (`sportello.role_prefix`, read by
/// `sportello_sync_login_role`). The roles and the schema come next, with the migrations.
pub async fn prepare_server(url: &str, role_prefix: &str) -> Result<()> {
    use sqlx::{Connection, Executor};
    let options = PgConnectOptions::from_str(url)?;
    let database = options.get_database().unwrap_or("postgres").to_owned();
    let mut conn = sqlx::PgConnection::connect_with(&options.clone().database("postgres")).await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&database)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        conn.execute(format!("CREATE DATABASE {}", quote_ident(&database)).as_str())
            .await?;
        tracing::info!(database, "database created");
    }
    if !role_prefix.is_empty() {
        conn.execute(
            format!(
                "ALTER DATABASE {} SET sportello.role_prefix = '{}'",
                quote_ident(&database),
                role_prefix.replace('\'', "''")
            )
            .as_str(),
        )
        .await?;
    }
    conn.close().await?;
    Ok(())
}

/// The connected user's own new password. On their own connection the server changes it
/// (`sportello_change_own_password`: the login role and the hash); on IT's maintenance connection
/// the row and the login role are written directly.
pub async fn change_own_password(
    conn: &mut sqlx::PgConnection,
    id: i64,
    password: &str,
    hash: &str,
) -> Result<()> {
    let me: Option<i64> = sqlx::query_scalar("SELECT sportello_me()")
        .fetch_one(&mut *conn)
        .await?;
    if me == Some(id) {
        sqlx::query("SELECT sportello_change_own_password($1, $2)")
            .bind(crate::scram::verifier(password))
            .bind(hash)
            .execute(&mut *conn)
            .await?;
        return Ok(());
    }
    sqlx::query("UPDATE users SET password_hash = $1, password_change_due = FALSE WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sync_login_role(conn, id, Some(password)).await
}

async fn pool(options: PgConnectOptions) -> Result<sqlx::PgPool> {
    let options = options.application_name("sportello");
    Ok(PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?)
}

/// A write transaction. No global lock (PostgreSQL serves many workstations at once): what must be
/// serial is so by its own row — the register's counter per year (`protocol_counters`, held from the
/// number a letter prints until commit), the audit chain's head, and each submission's `version`
/// (a second officer's change of the same submission is refused as a conflict). Every transaction
/// takes them in that order (counter, submission, audit head), so two never wait on each other.
pub async fn begin_write(
    pool: &sqlx::PgPool,
) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    Ok(pool.begin().await?)
}

/// Locks submission `id` for the rest of the transaction, before it is read for a change: two
/// workstations acting on it at once then act one after the other, the second on what the first
/// left (and told who took it), never both on the same version.
pub async fn lock_submission(conn: &mut sqlx::PgConnection, id: i64) -> Result<()> {
    sqlx::query("SELECT id FROM submissions WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(())
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

/// What `COPY … FROM STDIN` is sent at a time.
const COPY_CHUNK: usize = 1 << 20;

/// Appends `text` in COPY's text format (backslash, tab, newline and carriage return escaped).
fn copy_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// One value in COPY's text format; `\N` is NULL.
fn copy_cell(out: &mut String, cell: &Cell) {
    const NULL: &str = "\\N";
    match cell {
        Cell::Int(Some(v)) => {
            let _ = write!(out, "{v}");
        }
        Cell::Text(Some(v)) | Cell::Json(v) => copy_text(out, v),
        Cell::Bool(v) => out.push(if *v { 't' } else { 'f' }),
        Cell::Date(Some(v)) => {
            let _ = write!(out, "{}", v.format("%Y-%m-%d"));
        }
        Cell::At(v) => {
            let _ = write!(out, "{}", v.format("%Y-%m-%d %H:%M:%S%.6f+00"));
        }
        Cell::Bytes(v) => {
            // bytea's hex form, its backslash escaped for COPY.
            out.push_str("\\\\x");
            for b in v {
                let _ = write!(out, "{b:02x}");
            }
        }
        Cell::Int(None) | Cell::Text(None) | Cell::Date(None) => out.push_str(NULL),
    }
}

/// Writes `table`'s rows with `COPY … FROM STDIN`, PostgreSQL's own bulk path.
pub(crate) async fn bulk_insert(conn: &mut sqlx::PgConnection, table: &Table) -> Result<()> {
    copy_in(conn, table.name, table.columns, &table.rows).await
}

/// Writes `rows` into `columns` of `table` with `COPY … FROM STDIN` (names are Sportello's own,
/// never user input).
pub(crate) async fn copy_in(
    conn: &mut sqlx::PgConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let statement = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
    let mut copy = conn.copy_in_raw(&statement).await?;
    let mut buffer = String::with_capacity(COPY_CHUNK + 64 * 1024);
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                buffer.push('\t');
            }
            copy_cell(&mut buffer, cell);
        }
        buffer.push('\n');
        if buffer.len() >= COPY_CHUNK {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    if !buffer.is_empty() {
        copy.send(buffer.as_bytes()).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// After rows written with their own ids: the identity sequences continue after them, and the
/// planner learns the new sizes.
pub(crate) async fn after_bulk(conn: &mut sqlx::PgConnection) -> Result<()> {
    for table in ["submissions", "protocol_registrations"] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        ))
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    Ok(())
}
