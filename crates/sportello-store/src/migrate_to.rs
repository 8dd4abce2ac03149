//! `sportello migrate-to`: a one-officer Comune's embedded file moved onto the Comune's new server
//! without losing a number — every table copied in one transaction on IT's maintenance connection,
//! then checked (row counts, the contents' SHA-256, the register, the audit chain and its head), and
//! every user given a login role with a one-time password to change at first login (Argon2 hashes
//! cannot become SCRAM verifiers). A target that already holds data is refused.

use std::collections::BTreeMap;

use chrono::Utc;
use password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sportello_domain::audit::AuditReport;
use sportello_domain::policy::{self, Permission, Principal};
use sqlx::Row;

use crate::bulk::Cell;
use crate::error::{Result, StoreError};
use crate::time::{parse_date, parse_instant};
use crate::{postgres, Store};

/// Tables copied, in an order that satisfies their keys. The queue's kept counts are recounted by
/// the server's own trigger as submissions arrive; the name index is SQLite's own.
const TABLES: [&str; 27] = [
    "settings",
    "users",
    "submissions",
    "suspensions",
    "protocol_registrations",
    "blobs",
    "documents",
    "protocol_annulments",
    "protocol_counters",
    "history",
    "access_log",
    "residents",
    "certificates",
    "audit_log",
    "audit_checkpoints",
    "case_file_counters",
    "case_files",
    "portal_links",
    "submission_flags",
    "portal_quarantine",
    "outbox",
    "leases",
    "sync_runs",
    "contacts",
    "messages",
    "message_files",
    "attachments",
];

/// The file's tables that are not copied, each for its reason: the server keeps its own.
const NOT_COPIED: [&str; 4] = [
    // sqlx's own record of the migrations.
    "_sqlx_migrations",
    // The queue's kept counts: recounted by the server's trigger.
    "queue_totals",
    // The chain's head: set from the file's after the copy.
    "audit_head",
    // SQLite's name index (the server searches its own way).
    "submission_names",
];

/// Tables whose ids come from an identity sequence, continued after the copied rows.
const IDENTITIES: [&str; 16] = [
    "users",
    "submissions",
    "suspensions",
    "attachments",
    "documents",
    "protocol_registrations",
    "history",
    "access_log",
    "certificates",
    "submission_flags",
    "portal_quarantine",
    "outbox",
    "sync_runs",
    "contacts",
    "messages",
    "message_files",
];

/// Rows sent per `COPY` (documents can be large: a few thousand at a time).
const CHUNK: usize = 2_000;

/// What was moved and checked.
#[derive(Debug)]
pub struct MigrationReport {
    /// Rows per table, equal on both sides.
    pub rows: BTreeMap<&'static str, i64>,
    /// The audit chain verified on the server, from its first entry to the head the file had.
    pub audit: AuditReport,
    /// Each user's one-time password (username, password), to hand over in person.
    pub passwords: Vec<(String, String)>,
}

fn mismatch(what: String) -> StoreError {
    StoreError::Corrupt(format!("migration check failed: {what}"))
}

/// A one-time password: 16 characters from an alphabet without look-alikes.
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// The columns both sides have, with the server's type of each (generated and server-only columns
/// are left to the server).
async fn columns(
    pg: &sqlx::PgPool,
    sqlite: &sqlx::SqlitePool,
    table: &str,
) -> Result<Vec<(String, String)>> {
    let server: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
           AND column_default IS DISTINCT FROM 'pg_current_xact_id()'
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pg)
    .await?;
    let file: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
        .bind(table)
        .fetch_all(sqlite)
        .await?;
    Ok(server
        .into_iter()
        .filter(|(c, _)| file.contains(c))
        .collect())
}

/// One SQLite value as the server's column type wants it.
fn cell(row: &sqlx::sqlite::SqliteRow, i: usize, pg_type: &str) -> Result<Cell> {
    let text = |row: &sqlx::sqlite::SqliteRow| row.try_get::<Option<String>, _>(i);
    Ok(match pg_type {
        "bigint" | "integer" => Cell::Int(row.try_get(i)?),
        "boolean" => Cell::Bool(row.try_get::<Option<bool>, _>(i)?.unwrap_or(false)),
        "date" => Cell::Date(text(row)?.as_deref().map(parse_date).transpose()?),
        "timestamp with time zone" => match text(row)? {
            Some(t) => Cell::At(parse_instant(&t)?),
            None => Cell::Text(None),
        },
        "jsonb" => Cell::Json(text(row)?.unwrap_or_else(|| "null".into())),
        "bytea" => Cell::Bytes(row.try_get(i)?),
        _ => Cell::Text(text(row)?),
    })
}

async fn count(pg: &sqlx::PgPool, sqlite: &sqlx::SqlitePool, table: &str) -> Result<(i64, i64)> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let file: i64 = sqlx::query_scalar(&sql).fetch_one(sqlite).await?;
    let server: i64 = sqlx::query_scalar(&sql).fetch_one(pg).await?;
    Ok((file, server))
}

/// A digest of the register as each side holds it: every number with its document's hash.
async fn register_digest_sqlite(pool: &sqlx::SqlitePool) -> Result<String> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT year, number, document_sha256 FROM protocol_registrations ORDER BY year, number",
    )
    .fetch_all(pool)
    .await?;
    Ok(digest(&rows))
}

async fn register_digest_pg(pool: &sqlx::PgPool) -> Result<String> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT year, number, document_sha256 FROM protocol_registrations ORDER BY year, number",
    )
    .fetch_all(pool)
    .await?;
    Ok(digest(&rows))
}

fn digest(rows: &[(i64, i64, String)]) -> String {
    let mut h = Sha256::new();
    for (y, n, sha) in rows {
        h.update(format!("{y}/{n}:{sha}\n"));
    }
    hex::encode(h.finalize())
}

/// Copies the embedded file `source` into the empty server database at `target_url` (IT's
/// maintenance connection), checks it, and makes every user's login role (`role_prefix` +
/// username) with a one-time password.
pub async fn migrate_to(
    source: &Store,
    target_url: &str,
    role_prefix: &str,
) -> Result<MigrationReport> {
    let Store::Sqlite(file) = source else {
        return Err(StoreError::Corrupt(
            "migrate-to copies the embedded file; the source is a server".into(),
        ));
    };
    let sqlite = file.pool.clone();
    postgres::prepare_server(target_url, role_prefix).await?;
    let server = postgres::engine::Store::open(target_url).await?;
    let pg = server.pool.clone();
    let held: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM submissions)
              + (SELECT COUNT(*) FROM protocol_registrations) + (SELECT COUNT(*) FROM audit_log)",
    )
    .fetch_one(&pg)
    .await?;
    if held > 0 {
        return Err(sportello_domain::AppError::invalid(
            "Il database di destinazione contiene già dati: la migrazione si fa solo verso un database nuovo.",
        )
        .into());
    }

    // Every table of the file is copied or deliberately left (a table added by a later migration
    // and forgotten here would be lost on the way).
    let file_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'submission_names_%'",
    )
    .fetch_all(&sqlite)
    .await?;
    if let Some(missing) = file_tables
        .iter()
        .find(|t| !TABLES.contains(&t.as_str()) && !NOT_COPIED.contains(&t.as_str()))
    {
        return Err(StoreError::Corrupt(format!(
            "migrate-to does not know the table {missing}: add it to TABLES or NOT_COPIED"
        )));
    }

    let mut tx = pg.begin().await?;
    for table in TABLES {
        let cols = columns(&pg, &sqlite, table).await?;
        let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
        let select = format!("SELECT {} FROM {table} ORDER BY rowid", names.join(", "));
        let mut rows = Vec::with_capacity(CHUNK);
        let mut stream = sqlx::query(&select).fetch(&sqlite);
        while let Some(row) = futures_util::TryStreamExt::try_next(&mut stream).await? {
            let mut cells = Vec::with_capacity(cols.len());
            for (i, (_, ty)) in cols.iter().enumerate() {
                cells.push(cell(&row, i, ty)?);
            }
            rows.push(cells);
            if rows.len() == CHUNK {
                write(&mut tx, table, &names, &rows).await?;
                rows.clear();
            }
        }
        write(&mut tx, table, &names, &rows).await?;
        tracing::info!(table, "copied");
    }
    // The chain's head as the file has it, and the identities continued after the copied ids.
    let (seq, hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&sqlite)
            .await?;
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    for table in IDENTITIES {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        ))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pg).await?;

    // Checks: rows, contents, register, audit chain.
    let mut rows = BTreeMap::new();
    for table in TABLES {
        let (file_n, server_n) = count(&pg, &sqlite, table).await?;
        // The server's migration adds its own settings (e.g. the anagrafe's department).
        if file_n != server_n && !(table == "settings" && server_n > file_n) {
            return Err(mismatch(format!(
                "{table}: {file_n} rows in the file, {server_n} on the server"
            )));
        }
        rows.insert(table, file_n);
    }
    for table in ["documents", "blobs"] {
        let wrong: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE encode(sha256(content), 'hex') <> sha256"
        ))
        .fetch_one(&pg)
        .await?;
        if wrong > 0 {
            return Err(mismatch(format!(
                "{wrong} {table} whose content does not match its SHA-256"
            )));
        }
    }
    if register_digest_sqlite(&sqlite).await? != register_digest_pg(&pg).await? {
        return Err(mismatch("the register differs".into()));
    }
    let scope = policy::audit_scope(&Principal::System, Permission::VerifyAudit)
        .map_err(sportello_domain::AppError::from)?;
    let audit = server.verify_audit(&scope, Some((seq, &hash))).await?;
    if !audit.is_whole() {
        return Err(mismatch(format!(
            "the audit chain does not verify on the server: {audit:?}"
        )));
    }

    // Every user's login role, with a one-time password to change at first login.
    let users: Vec<(i64, String)> = sqlx::query_as("SELECT id, username FROM users ORDER BY id")
        .fetch_all(&pg)
        .await?;
    let mut passwords = Vec::new();
    let mut conn = pg.acquire().await?;
    for (id, username) in users {
        let password = one_time_password();
        postgres::sync_login_role(&mut conn, id, Some(&password)).await?;
        sqlx::query(
            "UPDATE users SET password_change_due = TRUE, password_hash = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(crate::model::hash_password(&password)?)
        .execute(&mut *conn)
        .await?;
        passwords.push((username, password));
    }
    tracing::info!(at = %Utc::now(), users = passwords.len(), "embedded file migrated to the server");
    server.close().await;
    Ok(MigrationReport {
        rows,
        audit,
        passwords,
    })
}

async fn write(
    conn: &mut sqlx::PgConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    if table == "settings" {
        // The server's migration wrote some settings already: the file's own win.
        for row in rows {
            let (Cell::Text(Some(key)), Cell::Text(Some(value))) = (&row[0], &row[1]) else {
                continue;
            };
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
        }
        return Ok(());
    }
    postgres::copy_in(conn, table, columns, rows).await
}
