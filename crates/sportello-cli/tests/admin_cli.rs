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
