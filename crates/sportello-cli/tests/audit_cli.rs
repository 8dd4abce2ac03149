//! `sportello audit …` as IT runs it: the real binary on a real SQLite file, tampered with by the
//! `sqlite3` shell as someone holding the file could.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn sportello(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_DATABASE_URL", db)
        .env("SPORTELLO_LOG", "error")
        .output()
        .expect("run sportello")
}

fn sqlite3(db: &Path, sql: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("run sqlite3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn verify_head_and_a_tampered_trail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sportello.db");
    let loaded = sportello(&db, &["demo", "load", "--count", "12", "--json"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );

    let whole = sportello(&db, &["audit", "verify"]);
    assert_eq!(whole.status.code(), Some(0), "{}", stdout(&whole));
    assert!(
        stdout(&whole).contains("Registro di controllo integro"),
        "{}",
        stdout(&whole)
    );

    let head = sportello(&db, &["audit", "head"]);
    let printed = stdout(&head).trim().to_owned();
    let (seq, hash) = printed.split_once(':').unwrap();
    assert!(seq.parse::<i64>().unwrap() > 12, "{printed}");
    assert_eq!(hash.len(), 64);
    let anchored = sportello(&db, &["audit", "verify", "--anchor", &printed, "--json"]);
    assert_eq!(anchored.status.code(), Some(0), "{}", stdout(&anchored));
    let report: serde_json::Value = serde_json::from_slice(&anchored.stdout).unwrap();
    assert_eq!(report["problems"], serde_json::json!([]));

    sqlite3(
        &db,
        "DROP TRIGGER audit_log_immutable_u; UPDATE audit_log SET detail = '{}' WHERE seq = 5;",
    );
    let altered = sportello(&db, &["audit", "verify"]);
    assert_eq!(altered.status.code(), Some(4), "{}", stdout(&altered));
    assert!(
        stdout(&altered)
            .contains("n. 5: Il contenuto della registrazione n. 5 è stato modificato."),
        "{}",
        stdout(&altered)
    );

    let bad = sportello(&db, &["audit", "verify", "--anchor", "5:zz"]);
    assert_eq!(bad.status.code(), Some(2));
}
