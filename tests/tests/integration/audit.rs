//! The audit trail on both databases: what it records, that nobody can rewrite it quietly, that
//! verification says where it was touched, pruning behind a checkpoint, and concurrent appends.

use chrono::{Duration, Utc};
use sportello_application::Principal;
use sportello_domain::audit::{entry_hash, EntryFields, ProblemKind, GENESIS};
use sportello_domain::user::Role;
use sportello_domain::workflow::Action;

use crate::helpers::*;

const SYSTEM: Principal = Principal::System;

/// Lets the test play the intruder who holds the database (file or superuser): the append-only
/// triggers are taken away, as such an intruder could.
async fn remove_guards(db: &TestDb) {
    if sportello_tests::on_postgres() {
        db.store
            .exec("ALTER TABLE audit_log DISABLE TRIGGER USER")
            .await
            .unwrap();
        db.store
            .exec("ALTER TABLE audit_head DISABLE TRIGGER USER")
            .await
            .unwrap();
    } else {
        for t in [
            "audit_log_immutable_u",
            "audit_log_pruned_only_behind_a_checkpoint",
            "audit_head_moves_forward",
        ] {
            db.store.exec(&format!("DROP TRIGGER {t}")).await.unwrap();
        }
    }
}

/// A small history: a user created, a submission received, taken, viewed.
async fn some_history(db: &TestDb) -> i64 {
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    db.store
        .detail(&officer, id, &clock(2026, 2, 3))
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn every_change_and_every_opening_of_a_record_is_chained() {
    let db = TestDb::new().await;
    let id = some_history(&db).await;
    let rows = db
        .store
        .texts("SELECT action, object_kind, object_id, actor_name FROM audit_log ORDER BY seq")
        .await;
    let actions: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        actions,
        ["userCreated", "received", "takeInCharge", "view"],
        "{rows:?}"
    );
    assert_eq!(
        rows[3][1..],
        [
            "submission".to_owned(),
            id.to_string(),
            "Nome m.rossi".to_owned()
        ]
    );
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    assert!(report.is_whole(), "{report:?}");
    assert_eq!((report.checked, report.head_seq), (4, 4));
    // The head is what the last row says, and the first row follows the genesis.
    let head = db.store.app.audit_head(&SYSTEM).await.unwrap();
    let last = db
        .store
        .texts("SELECT hash FROM audit_log WHERE seq = 4")
        .await;
    assert_eq!(head.hash, last[0][0]);
    let first = db
        .store
        .texts("SELECT prev_hash FROM audit_log WHERE seq = 1")
        .await;
    assert_eq!(first[0][0], GENESIS);
}

#[tokio::test]
async fn the_database_refuses_to_rewrite_or_delete_the_trail() {
    let db = TestDb::new().await;
    some_history(&db).await;
    for sql in [
        "UPDATE audit_log SET detail = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_head SET seq = 1, hash = 'x' WHERE id = 1",
        "DELETE FROM audit_head",
        "INSERT INTO audit_checkpoints (seq, hash, at, pruned) VALUES (1, 'x', 'x', 1)",
    ] {
        if sql.starts_with("INSERT") {
            // A checkpoint may be written, but it can never be changed or taken back …
            db.store.exec(sql).await.unwrap();
            assert!(db
                .store
                .exec("DELETE FROM audit_checkpoints")
                .await
                .is_err());
            assert!(db
                .store
                .exec("UPDATE audit_checkpoints SET seq = 9")
                .await
                .is_err());
            continue;
        }
        let err = db.store.exec(sql).await.unwrap_err().to_string();
        assert!(err.contains("audit"), "{sql}: {err}");
    }
    if sportello_tests::on_postgres() {
        for table in ["audit_log", "audit_head", "audit_checkpoints"] {
            let err = db
                .store
                .exec(&format!("TRUNCATE {table}"))
                .await
                .unwrap_err();
            assert!(err.to_string().contains("audit"), "{table}: {err}");
        }
    }
    assert_eq!(db.store.count("SELECT COUNT(*) FROM audit_log").await, 4);
}

#[tokio::test]
async fn verification_says_where_the_trail_was_edited_deleted_or_cut() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    for day in 4..=7 {
        db.store
            .detail(&officer, id, &clock(2026, 2, day))
            .await
            .unwrap();
    }
    // 1 user, 2 received, 3 taken, 4-7 views.
    remove_guards(&db).await;
    db.store
        .exec("UPDATE audit_log SET actor_name = 'Altro' WHERE seq = 5")
        .await
        .unwrap();
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    let found: Vec<(i64, ProblemKind)> = report.problems.iter().map(|p| (p.seq, p.kind)).collect();
    assert_eq!(found, [(5, ProblemKind::Edited)], "{report:?}");
    assert!(report.problems[0].message.contains("n. 5"), "{report:?}");

    db.store
        .exec("DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    let found: Vec<(i64, ProblemKind)> = report.problems.iter().map(|p| (p.seq, p.kind)).collect();
    assert_eq!(
        found,
        [(4, ProblemKind::Missing), (5, ProblemKind::Edited)],
        "{report:?}"
    );

    db.store
        .exec("DELETE FROM audit_log WHERE seq = 7")
        .await
        .unwrap();
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    assert_eq!(
        report.problems.last().map(|p| (p.seq, p.kind)),
        Some((7, ProblemKind::Head))
    );
}

#[tokio::test]
async fn a_chain_rewritten_whole_is_caught_by_the_head_printed_before() {
    let db = TestDb::new().await;
    some_history(&db).await;
    let printed = db.store.app.audit_head(&SYSTEM).await.unwrap();
    // The intruder changes entry 2 and computes every hash again, head included.
    remove_guards(&db).await;
    db.store
        .exec("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
        .await
        .unwrap();
    let rows = db
        .store
        .texts(
            "SELECT CAST(seq AS TEXT), at, COALESCE(CAST(actor_id AS TEXT), ''), actor_name, action,
                    object_kind, object_id, detail FROM audit_log ORDER BY seq",
        )
        .await;
    let mut prev = GENESIS.to_owned();
    for r in &rows {
        let seq: i64 = r[0].parse().unwrap();
        let fields = EntryFields {
            seq,
            at: &r[1],
            actor_id: r[2].parse().ok(),
            actor_name: &r[3],
            action: &r[4],
            object_kind: &r[5],
            object_id: &r[6],
            detail: &r[7],
        };
        let hash = entry_hash(&prev, &fields);
        db.store
            .exec(&format!(
                "UPDATE audit_log SET prev_hash = '{prev}', hash = '{hash}' WHERE seq = {seq}"
            ))
            .await
            .unwrap();
        prev = hash;
    }
    db.store
        .exec(&format!(
            "UPDATE audit_head SET hash = '{prev}' WHERE id = 1"
        ))
        .await
        .unwrap();
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    assert!(
        report.is_whole(),
        "without an anchor a consistent rewrite passes: {report:?}"
    );
    let report = db
        .store
        .app
        .verify_audit(&SYSTEM, Some((printed.seq, &printed.hash)))
        .await
        .unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(
        (report.problems[0].seq, report.problems[0].kind),
        (printed.seq, ProblemKind::Head)
    );
}

#[tokio::test]
async fn pruning_keeps_six_months_and_verification_starts_from_its_checkpoint() {
    let db = TestDb::new().await;
    some_history(&db).await;
    let refused = db
        .store
        .app
        .prune_audit(&SYSTEM, 5, Utc::now())
        .await
        .unwrap_err();
    assert!(sportello_domain::AppError::from(refused)
        .message
        .contains("almeno 6 mesi"));
    // A month after the history (February 2026), nothing is older than six months.
    let nothing = db
        .store
        .app
        .prune_audit(&SYSTEM, 6, at(2026, 3, 1))
        .await
        .unwrap();
    assert_eq!((nothing.removed, nothing.checkpoint), (0, None));
    // Two years on, all but the head go.
    let later = Utc::now() + Duration::days(730);
    let pruned = db.store.app.prune_audit(&SYSTEM, 6, later).await.unwrap();
    let checkpoint = pruned.checkpoint.unwrap();
    assert_eq!((pruned.removed, checkpoint.seq), (3, 3));
    assert_eq!(db.store.count("SELECT COUNT(*) FROM audit_log").await, 1);
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    assert!(report.is_whole(), "{report:?}");
    assert_eq!(
        (report.from_seq, report.checked, report.head_seq),
        (3, 1, 4)
    );
}

#[tokio::test]
async fn only_administrators_and_the_records_manager_verify_and_only_administrators_prune() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let head = db
        .user("g.verdi", Role::Responsabile, Some("demografici"))
        .await;
    let records = db.user("e.conti", Role::Protocollo, None).await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    let as_user = |a: &sportello_domain::user::Actor| Principal::User(a.clone());
    for (who, verify, prune) in [
        (&officer, false, false),
        (&head, false, false),
        (&records, true, false),
        (&admin, true, true),
    ] {
        assert_eq!(
            db.store.app.verify_audit(&as_user(who), None).await.is_ok(),
            verify,
            "{:?}",
            who.role
        );
        assert_eq!(
            db.store
                .app
                .prune_audit(&as_user(who), 6, Utc::now())
                .await
                .is_ok(),
            prune,
            "{:?}",
            who.role
        );
    }
}

#[tokio::test]
async fn concurrent_appends_from_many_sessions_keep_one_gap_free_chain() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let before = db.store.count("SELECT COUNT(*) FROM audit_log").await;
    let tasks: Vec<_> = (0..16)
        .map(|n| {
            let (desk, officer) = (db.store.clone(), officer.clone());
            tokio::spawn(async move {
                if n % 4 == 0 {
                    // Refused (already taken): nothing appended for it.
                    let _ = desk
                        .apply_action(&officer, id, &Action::TakeInCharge, &clock(2026, 2, 5))
                        .await;
                }
                desk.detail(&officer, id, &clock(2026, 2, 5)).await.unwrap();
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(
        db.store.count("SELECT COUNT(*) FROM audit_log").await,
        before + 16
    );
    assert_eq!(
        db.store.count("SELECT MAX(seq) FROM audit_log").await,
        before + 16
    );
    let report = db.store.app.verify_audit(&SYSTEM, None).await.unwrap();
    assert!(report.is_whole(), "{report:?}");
}
