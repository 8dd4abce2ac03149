use sportello_domain::user::Role;
use sportello_domain::workflow::Action;

use crate::helpers::*;

#[tokio::test]
async fn numbers_have_no_gaps_and_restart_on_the_first_of_january() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let a = db
        .store
        .receive(&certificate_request(at(2026, 12, 30)), false)
        .await
        .unwrap();
    // A refused action must not consume a number.
    let refused = Action::Approve { reason: "x".into() };
    assert!(db
        .store
        .apply_action(&officer, a, &refused, &clock(2026, 12, 30))
        .await
        .is_err());
    db.store
        .apply_action(&officer, a, &Action::TakeInCharge, &clock(2026, 12, 30))
        .await
        .unwrap();
    db.store
        .apply_action(
            &officer,
            a,
            &Action::Approve {
                reason: "ok".into(),
            },
            &clock(2026, 12, 31),
        )
        .await
        .unwrap();
    let b = db
        .store
        .receive(&certificate_request(at(2027, 1, 1)), false)
        .await
        .unwrap();
    let pa = db
        .store
        .detail(&officer, a, &clock(2027, 1, 2))
        .await
        .unwrap();
    let pb = db
        .store
        .detail(&officer, b, &clock(2027, 1, 2))
        .await
        .unwrap();
    assert_eq!(pa.protocol, "2026/0000001");
    assert_eq!(
        pa.history.last().unwrap().protocol.as_deref(),
        Some("2026/0000002")
    );
    assert_eq!(pb.protocol, "2027/0000001");
}

#[tokio::test]
async fn registrations_history_and_citizen_data_cannot_be_changed_or_deleted() {
    let db = TestDb::new().await;
    let id = db
        .store
        .receive(&certificate_request(at(2026, 2, 2)), false)
        .await
        .unwrap();
    let pool = db.store.pool();
    for sql in [
        "UPDATE protocol_registrations SET subject = 'altro'",
        "DELETE FROM protocol_registrations",
        "DELETE FROM history",
        "UPDATE history SET text = 'riscritto'",
        "DELETE FROM submissions",
        "UPDATE submissions SET form = '{}'",
        "DELETE FROM documents",
    ] {
        let err = sqlx_exec(pool, sql).await;
        assert!(err.is_some(), "{sql} was allowed");
    }
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let d = db
        .store
        .detail(&officer, id, &clock(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(d.history.len(), 1);
    assert_eq!(d.form["tipo_certificato"], "Residenza");
}

async fn sqlx_exec(pool: &sqlx::SqlitePool, sql: &str) -> Option<String> {
    sqlx::query(sql)
        .execute(pool)
        .await
        .err()
        .map(|e| e.to_string())
}
