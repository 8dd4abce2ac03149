//! Cross-crate integration tests live in `tests/*.rs`. This library holds what every suite shares:
//! the fresh database a test runs on, on whichever database the run is for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// Which database the suites run on: `SPORTELLO_TEST_DATABASE=postgres` runs them on the throw-away
/// PostgreSQL server the test command starts (`SPORTELLO_TEST_PG_URL`), SQLite otherwise.
pub fn on_postgres() -> bool {
    std::env::var("SPORTELLO_TEST_DATABASE").as_deref() == Ok("postgres")
}

/// The URL of a fresh, empty database for one test: a SQLite file in `dir`, or a new database on
/// the test server.
pub async fn fresh_database(dir: &Path) -> String {
    if on_postgres() {
        fresh_postgres().await
    } else {
        dir.join("sportello.db").display().to_string()
    }
}

async fn fresh_postgres() -> String {
    fresh_postgres_named(None).await
}

/// A fresh, empty database on the test server whose users' login roles are `prefix` + username
/// (instead of the database's own name and a dot).
pub async fn fresh_postgres_with_role_prefix(prefix: &str) -> String {
    fresh_postgres_named(Some(prefix)).await
}

async fn fresh_postgres_named(prefix: Option<&str>) -> String {
    use sqlx::{Connection, Executor};
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let server = std::env::var("SPORTELLO_TEST_PG_URL").expect(
        "SPORTELLO_TEST_DATABASE=postgres needs SPORTELLO_TEST_PG_URL (scripts/test sets both)",
    );
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    // Test binaries run at once: the process id keeps their databases apart.
    let name = format!("t_{}_{n}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    // Login roles are the cluster's: each test database names its users' with its own prefix, so
    // tests running at once never share one (docs/database-roles.md, "Many Comuni on one cluster").
    admin
        .execute(
            format!(
                "ALTER DATABASE {name} SET sportello.role_prefix = '{}'",
                prefix.map_or_else(|| format!("{name}."), str::to_owned)
            )
            .as_str(),
        )
        .await
        .unwrap();
    match server.split_once('?') {
        Some((base, query)) => format!("{}/{name}?{query}", base.rsplit_once('/').unwrap().0),
        None => format!("{}/{name}", server.rsplit_once('/').unwrap().0),
    }
}
