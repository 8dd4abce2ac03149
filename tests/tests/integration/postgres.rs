//! The PostgreSQL schema kept in step with SQLite's: the same migrations (by number and name), the
//! same tables and columns, and the same rules enforced by the database itself. It runs against the
//! throw-away cluster the test command starts (`SPORTELLO_TEST_PG_URL`), in a fresh database.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// Tables that exist on one side only, by design: SQLite's FTS5 index (PostgreSQL searches a
/// generated tsvector column instead) and PostgreSQL's gap-free counter row per year.
const SQLITE_ONLY_TABLES: [&str; 1] = ["submission_names"];
const PG_ONLY_TABLES: [&str; 1] = ["workflow_transitions"];
const PG_ONLY_COLUMNS: [(&str, &str); 2] = [("submissions", "name_search"), ("history", "tx")];

pub(crate) fn server_url() -> String {
    std::env::var("SPORTELLO_TEST_PG_URL").expect(
        "SPORTELLO_TEST_PG_URL is not set: run the suite with scripts/test, which starts a throw-away PostgreSQL",
    )
}

/// A new, empty database named after the test (dropped first if a previous run left it); its URL.
async fn empty(name: &str) -> String {
    let mut admin = PgConnection::connect(&server_url()).await.unwrap();
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    url_of(name)
}

/// A fresh, migrated database named after the test.
pub(crate) async fn fresh(name: &str) -> PgPool {
    let url = empty(name).await;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap();
    PG_MIGRATIONS.run(&pool).await.unwrap();
    pool
}

/// The URL of database `name` on the test server.
fn url_of(name: &str) -> String {
    let server = server_url();
    match server.split_once('?') {
        Some((base, query)) => format!("{}/{name}?{query}", base.rsplit_once('/').unwrap().0),
        None => format!("{}/{name}", server.rsplit_once('/').unwrap().0),
    }
}

#[test]
fn both_databases_have_the_same_migrations() {
    let names = |m: &sqlx::migrate::Migrator| -> Vec<(i64, String)> {
        m.iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    };
    assert_eq!(names(&PG_MIGRATIONS), names(&SQLITE_MIGRATIONS));
}

async fn sqlite_columns() -> BTreeMap<String, BTreeSet<String>> {
    let dir = tempfile::tempdir().unwrap();
    let store = sportello_store::Store::open(&dir.path().join("s.db").display().to_string())
        .await
        .unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
           AND m.name NOT LIKE 'submission_names%'",
    )
    .fetch_all(store.sqlite_pool().unwrap())
    .await
    .unwrap();
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in rows {
        tables.entry(table).or_default().insert(column);
    }
    tables
}

#[tokio::test]
async fn postgres_has_the_tables_and_columns_sqlite_has() {
    let pool = fresh("t_columns").await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut pg: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in rows {
        if !PG_ONLY_COLUMNS.contains(&(table.as_str(), column.as_str())) {
            pg.entry(table).or_default().insert(column);
        }
    }
    for table in PG_ONLY_TABLES {
        assert!(pg.remove(table).is_some(), "{table} is missing");
    }
    let sqlite = sqlite_columns().await;
    assert!(!sqlite.contains_key(SQLITE_ONLY_TABLES[0]));
    assert_eq!(pg, sqlite);
    // Every integer column is BIGINT: an INT4 read into an i64 fails on PostgreSQL.
    let narrow: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('integer', 'smallint')",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(narrow, vec![]);
}

async fn refused(pool: &PgPool, sql: &str) -> String {
    sqlx::query(sql)
        .execute(pool)
        .await
        .expect_err(sql)
        .to_string()
}

#[tokio::test]
async fn postgres_itself_keeps_the_register_history_and_citizen_data_unchanged() {
    let pool = fresh("t_rules").await;
    for sql in [
        "INSERT INTO users (username, full_name, role, department, password_hash, created_at)
         VALUES ('e.conti', 'Elena Conti', 'protocollo', NULL, 'x', now())",
        "INSERT INTO submissions (id, service, department, fiscal_code, given_name, family_name,
           sort_name, form, channel, received_at, received_on, protocol_key, state)
         VALUES (1, 'certificato-anagrafico', 'demografici', 'RSSNCL85T10A562S', 'Nicolò', 'Rossi',
           'rossi nicolò', '{}', 'portal', now(), current_date, 202600000001, 'received')",
        "INSERT INTO protocol_registrations (year, number, direction, registered_at, correspondent,
           subject, document_sha256, submission_id, operator)
         VALUES (2026, 1, 'incoming', now(), 'Nicolò Rossi', 'Richiesta', 'ab', 1, 'Sportello')",
        "INSERT INTO history (submission_id, at, actor_name, event, to_state, protocol_id)
         VALUES (1, now(), 'Portale', 'received', 'received', 1)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let role = refused(
        &pool,
        "INSERT INTO users (username, full_name, role, password_hash, created_at)
         VALUES ('x.y', 'X', 'capo', 'x', now())",
    )
    .await;
    assert!(role.contains("users_role_check"), "{role}");
    for (sql, message) in [
        (
            "UPDATE protocol_registrations SET subject = 'x'",
            "protocol registrations are immutable",
        ),
        (
            "DELETE FROM protocol_registrations",
            "protocol registrations are immutable",
        ),
        (
            "TRUNCATE protocol_registrations CASCADE",
            "protocol registrations are immutable",
        ),
        ("UPDATE history SET text = 'x'", "history is immutable"),
        ("TRUNCATE history", "history is immutable"),
        ("DELETE FROM submissions", "submissions are never deleted"),
        (
            "UPDATE submissions SET fiscal_code = 'BNCMRA80A01H501U'",
            "what the citizen sent is never modified",
        ),
    ] {
        let error = refused(&pool, sql).await;
        assert!(error.contains(message), "{sql}: {error}");
    }
    // The workflow's own columns still change.
    let moved = sqlx::query("UPDATE submissions SET state = 'inReview', version = version + 1")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(moved.rows_affected(), 1);
    // Name search folds accents, as SQLite's FTS5 does.
    let found: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM submissions
         WHERE name_search @@ to_tsquery('simple', sportello_unaccent($1) || ':*')",
    )
    .bind("nicolo")
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(found, vec![(1,)]);
}

fn shown(e: sportello_store::StoreError) -> sportello_domain::AppError {
    sportello_domain::AppError::from(e)
}

/// What the officer reads when the server cannot be reached.
pub(crate) fn assert_unreachable(e: &sportello_domain::AppError) {
    assert_eq!(
        e.code,
        sportello_domain::ErrorCode::Unavailable,
        "{}",
        e.message
    );
    assert!(
        e.message.starts_with("Il server del database non risponde"),
        "{}",
        e.message
    );
}

/// The officer the server tests create through the application.
pub(crate) fn officer() -> sportello_domain::user::NewUser {
    sportello_domain::user::NewUser {
        username: "m.rossi".into(),
        full_name: "Mario Rossi".into(),
        role: sportello_domain::user::Role::Operatore,
        department: Some("demografici".into()),
        password: "password-di-prova".into(),
    }
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_or_refuses_the_login_gets_an_italian_message() {
    use sportello_domain::ErrorCode;
    let server = server_url();
    let (base, query) = server.split_once('?').unwrap();
    // A port where nothing listens.
    let nobody = format!("{}?{query}", base.replace(":54329/", ":1/"));
    assert_unreachable(&shown(
        sportello_store::Store::open(&nobody).await.unwrap_err(),
    ));
    // A database that does not exist on the server.
    let missing = format!("{}/non_esiste?{query}", base.rsplit_once('/').unwrap().0);
    let e = shown(sportello_store::Store::open(&missing).await.unwrap_err());
    assert_eq!(e.code, ErrorCode::Unavailable);
    assert!(
        e.message.contains("ha rifiutato l'accesso"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn a_dropped_connection_loses_nothing_and_the_store_recovers() {
    use sportello_application::{Principal, Sportello};
    use sportello_domain::workflow::Action;

    let pool = fresh("t_dropped").await;
    pool.close().await;
    let url = url_of("t_dropped");
    let app = Sportello::new(sportello_store::Store::open(&url).await.unwrap())
        .await
        .unwrap();
    let officer = app
        .create_user(&Principal::System, &officer())
        .await
        .unwrap();
    let who = Principal::User(officer.actor());
    let at = crate::helpers::clock(2026, 2, 2);
    let request = crate::helpers::certificate_request(crate::helpers::at(2026, 2, 2));
    let id = app
        .receive(&Principal::System, &request, &at)
        .await
        .unwrap();
    // The server drops every connection of the app (a restart, a network cut).
    let mut admin = PgConnection::connect(&server_url()).await.unwrap();
    let killed: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 't_dropped'",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!killed.is_empty(), "the app had connections open");
    // The next action works on a new connection; what was registered before is all there.
    let detail = app.act(&who, id, &Action::TakeInCharge, &at).await.unwrap();
    assert_eq!(detail.history.len(), 2);
}

#[tokio::test]
async fn a_database_on_a_newer_schema_is_refused_with_an_italian_message() {
    let pool = fresh("t_newer").await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99, 'from a newer Sportello', TRUE, '\\x00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let e = shown(
        sportello_store::Store::open(&url_of("t_newer"))
            .await
            .unwrap_err(),
    );
    assert_eq!(e.code, sportello_domain::ErrorCode::Unavailable);
    assert!(e.message.contains("versione più recente"), "{}", e.message);
}

/// The server's hash (migration 0008) and the domain's agree on the test vectors, which were
/// computed independently with Python's hashlib (the same as in `sportello_domain::audit`'s tests),
/// including a multi-byte character and a missing actor.
#[tokio::test]
async fn the_server_hashes_the_audit_trail_as_the_domain_does() {
    let pool = fresh("audit_hash").await;
    let genesis = "0".repeat(64);
    let h1: String = sqlx::query_scalar(
        "SELECT sportello_audit_hash($1, 1, '2026-11-29T09:00:00.000000Z', 7, 'Mario Rossi', 'takeInCharge', 'submission', '42', 'received → inReview')",
    )
    .bind(&genesis)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        h1,
        "69bde39cf15145c7782255517d056377c5997ab6dcf176fd2e64d14c1f1e8007"
    );
    let h2: String = sqlx::query_scalar(
        "SELECT sportello_audit_hash($1, 2, '2026-11-29T09:05:00.000000Z', NULL, 'Sistema', 'view', 'submission', '42', '')",
    )
    .bind(&h1)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        h2,
        "1ca47eac8c915da70eb09c73e062a15e40d327260dfadf896caa63b9518ceb85"
    );
    // Appending through the function chains from the head and leaves it at the new entry.
    let seq: i64 = sqlx::query_scalar(
        "SELECT sportello_audit_append('2026-11-29T09:00:00.000000Z', NULL, 'Sistema', 'view', 'submission', '1', '')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (head_seq, head_hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let stored: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((head_seq, head_hash), (seq, stored));
}

/// A workstation never upgrades or fills a server by itself: an unprepared or older schema is
/// refused with IT's command named, a newer one too, and an empty server gets no demo data.
#[tokio::test]
async fn a_workstation_uses_a_server_as_it_is() {
    use sportello_application::Sportello;
    let url = empty("t_workstation").await;
    let opened = |url: String| async move {
        sportello_domain::AppError::from(
            Sportello::open_or_demo(&url, chrono::Utc::now())
                .await
                .unwrap_err(),
        )
    };
    // Never prepared: refused, and left as it was.
    let e = opened(url.clone()).await;
    assert!(e.message.contains("versione precedente"), "{}", e.message);
    assert!(e.message.contains("sportello migrate"), "{}", e.message);
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 0, "the workstation must not create the schema");
    // Prepared by an older Sportello (all migrations but the last).
    let mut older = sqlx::migrate::Migrator::new(std::path::Path::new("../migrations/postgres"))
        .await
        .unwrap();
    let all = older.migrations.to_vec();
    older.migrations = std::borrow::Cow::Owned(all[..all.len() - 1].to_vec());
    older.run(&pool).await.unwrap();
    let e = opened(url.clone()).await;
    assert!(e.message.contains("versione precedente"), "{}", e.message);
    // Up to date but empty: no demo data by itself.
    PG_MIGRATIONS.run(&pool).await.unwrap();
    let e = opened(url.clone()).await;
    assert!(e.message.contains("non è ancora pronto"), "{}", e.message);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
    pool.close().await;
}
