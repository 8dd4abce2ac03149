//! `sportello admin init` as IT runs it on a new server: the real binary against the test command's
//! PostgreSQL cluster (`SPORTELLO_TEST_PG_URL`, the maintenance connection), then the first
//! administrator connecting with their own login role, as their workstation will.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn sportello(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATABASE_URL", url)
        .env("SPORTELLO_PASSWORD", "password-di-prova-it")
        .env("SPORTELLO_LOG", "error")
        .output()
        .expect("run sportello")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn admin_init_prepares_a_new_server_once() {
    let server = std::env::var("SPORTELLO_TEST_PG_URL").expect(
        "SPORTELLO_TEST_PG_URL: run with scripts/test, which starts a throw-away PostgreSQL",
    );
    let name = format!("init_{}", std::process::id());
    let (base, query) = server.split_once('?').unwrap();
    let url = format!("{}/{name}?{query}", base.rsplit_once('/').unwrap().0);
    let prefix = format!("{name}.");

    let missing = sportello(&url, &["admin", "init", "--role-prefix", &prefix]);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing));
    assert!(text(&missing).contains("--admin"), "{}", text(&missing));

    let args = [
        "admin",
        "init",
        "--admin",
        "capo.it",
        "--name",
        "Capo Ufficio Informatico",
        "--role-prefix",
        &prefix,
    ];
    let done = sportello(&url, &args);
    assert!(done.status.success(), "{}", text(&done));
    assert!(
        text(&done).contains("Primo amministratore: capo.it"),
        "{}",
        text(&done)
    );
    assert!(
        text(&done).contains(&format!("role_prefix = \"{prefix}\"")),
        "{}",
        text(&done)
    );

    // The administrator's own login role opens the server; it is an administrator's and nothing more.
    let login = format!("{prefix}capo.it");
    let store = sportello_store::Store::open_as_user(&url, &login, "password-di-prova-it")
        .await
        .unwrap();
    let me = store.connected_user().await.unwrap().unwrap();
    assert_eq!(me.username, "capo.it");
    assert_eq!(me.role, sportello_domain::user::Role::Amministratore);
    assert!(
        sportello_store::Store::open_as_user(&url, &login, "sbagliata")
            .await
            .is_err()
    );
    store.close().await;

    let again = sportello(&url, &args);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(
        text(&again).contains("già stato preparato"),
        "{}",
        text(&again)
    );
}

/// A one-officer Comune moves its embedded file onto the server: every number and the audit chain
/// arrive whole, each user gets a one-time password that opens their own login role, and a second
/// run onto the same (no longer empty) database is refused.
#[tokio::test]
async fn migrate_to_copies_the_embedded_file_onto_a_new_server() {
    let server = std::env::var("SPORTELLO_TEST_PG_URL").expect(
        "SPORTELLO_TEST_PG_URL: run with scripts/test, which starts a throw-away PostgreSQL",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sportello.db");
    let file_url = file.display().to_string();
    let loaded = sportello(&file_url, &["demo", "load", "--count", "40", "--json"]);
    assert!(loaded.status.success(), "{}", text(&loaded));
    let head = sportello(&file_url, &["audit", "head"]);
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let registered = sqlite_count(&file, "SELECT COUNT(*) FROM protocol_registrations");
    let documents = sqlite_count(&file, "SELECT COUNT(*) FROM documents");

    let name = format!("moved_{}", std::process::id());
    let (base, query) = server.split_once('?').unwrap();
    let url = format!("{}/{name}?{query}", base.rsplit_once('/').unwrap().0);
    let prefix = format!("{name}.");
    let moved = sportello(&file_url, &["migrate-to", &url, "--role-prefix", &prefix]);
    let out = text(&moved);
    assert!(moved.status.success(), "{out}");
    assert!(out.contains("Copia verificata"), "{out}");
    let row = |table: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{table} ")))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("no count for {table}: {out}"))
    };
    assert_eq!(row("protocol_registrations"), registered);
    assert_eq!(row("documents"), documents);
    // The server's chain ends where the file's did.
    let (seq, hash) = head.split_once(':').unwrap();
    assert!(out.contains(&format!("testa {seq}:{hash}")), "{out}");

    // m.rossi's one-time password opens m.rossi's own login role, which must change it.
    let password = out
        .lines()
        .find(|l| l.trim_start().starts_with("m.rossi "))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("no one-time password for m.rossi: {out}"))
        .to_owned();
    let store = sportello_store::Store::open_as_user(&url, &format!("{prefix}m.rossi"), &password)
        .await
        .unwrap();
    let me = store.connected_user().await.unwrap().unwrap();
    assert_eq!(me.username, "m.rossi");
    assert!(me.password_change_due);
    store.close().await;

    let again = sportello(&file_url, &["migrate-to", &url, "--role-prefix", &prefix]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(
        text(&again).contains("contiene già dati"),
        "{}",
        text(&again)
    );
}

fn sqlite_count(file: &std::path::Path, sql: &str) -> i64 {
    let out = Command::new("sqlite3").arg(file).arg(sql).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// The backup IT takes (docs/deploy-server.md §6) restores into a new database whose audit chain
/// verifies and ends at the same head: `pg_dump -Fc`, `pg_restore`, `sportello audit verify`.
#[tokio::test]
async fn a_dump_restores_into_a_database_whose_audit_chain_verifies() {
    let server = std::env::var("SPORTELLO_TEST_PG_URL").expect(
        "SPORTELLO_TEST_PG_URL: run with scripts/test, which starts a throw-away PostgreSQL",
    );
    let (base, query) = server.split_once('?').unwrap();
    let socket = query.strip_prefix("host=").unwrap();
    let port = base.rsplit_once(':').unwrap().1.split('/').next().unwrap();
    let url_of = |db: &str| format!("{}/{db}?{query}", base.rsplit_once('/').unwrap().0);
    let pid = std::process::id();
    let (original, restored) = (format!("dumped_{pid}"), format!("restored_{pid}"));
    let init = sportello(
        &url_of(&original),
        &[
            "admin",
            "init",
            "--demo",
            "--role-prefix",
            &format!("{original}."),
        ],
    );
    assert!(init.status.success(), "{}", text(&init));

    let bin = |name: &str| format!("/usr/lib/postgresql/15/bin/{name}");
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("sportello.dump");
    let pg = |program: &str, args: &[&str]| {
        let out = Command::new(bin(program))
            .args(["-h", socket, "-p", port, "-U", "postgres"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{program}: {}", text(&out));
    };
    pg("pg_dump", &["-Fc", "-f", dump.to_str().unwrap(), &original]);
    pg("createdb", &[&restored]);
    pg("pg_restore", &["-d", &restored, dump.to_str().unwrap()]);

    let verified = sportello(&url_of(&restored), &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    assert!(text(&verified).contains("integro"), "{}", text(&verified));
    let head = |db: &str| text(&sportello(&url_of(db), &["audit", "head"]));
    assert_eq!(head(&restored), head(&original));
}

/// `sportello portal-sim` as IT starts it: it prints the API's base URL and serves the documented
/// API there; the portal client pages through its applications.
#[tokio::test]
async fn the_portal_simulator_serves_the_documented_api() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args([
            "portal-sim",
            "--listen",
            "127.0.0.1:0",
            "--applications",
            "130",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader lives until the end: the simulator writes more lines after the first.
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let base = first.trim().to_owned();
    let mut client = sportello_portal::client::PortalClient::new(
        &base,
        "operatore",
        "portale-di-prova",
        sportello_portal::client::Patience::default(),
    )
    .unwrap();
    let all = client.applications("").await;
    let still_serving = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    drop(out);
    assert!(still_serving, "the simulator stopped by itself");
    assert_eq!(all.unwrap().len(), 130, "served at {base}");
}
