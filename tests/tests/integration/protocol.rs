use sportello_domain::user::Role;
use sportello_domain::workflow::Action;

use crate::helpers::*;

#[tokio::test]
async fn numbers_have_no_gaps_and_restart_on_the_first_of_january() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let a = db.received(2026, 12, 30).await;
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
    let b = db.received(2027, 1, 1).await;
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
    // 2 is the start notice sent when it was taken in charge (art. 8).
    assert_eq!(
        pa.history.last().unwrap().protocol.as_deref(),
        Some("2026/0000003")
    );
    assert_eq!(pb.protocol, "2027/0000001");
}

#[tokio::test]
async fn registrations_history_and_citizen_data_cannot_be_changed_or_deleted() {
    let db = TestDb::new().await;
    let id = db.received(2026, 2, 2).await;
    for sql in [
        "UPDATE protocol_registrations SET subject = 'altro'",
        "DELETE FROM protocol_registrations",
        "DELETE FROM history",
        "UPDATE history SET text = 'riscritto'",
        "DELETE FROM submissions",
        "UPDATE submissions SET form = '{}'",
        "DELETE FROM documents",
    ] {
        assert!(db.store.exec(sql).await.is_err(), "{sql} was allowed");
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

#[tokio::test]
async fn an_annulled_registration_stays_readable_and_cannot_be_annulled_twice() {
    let db = TestDb::new().await;
    // The register is kept by the records manager; IT's administrator sees no citizen data.
    let records = db.user("e.conti", Role::Protocollo, None).await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    db.received(2026, 3, 2).await;
    let number = sportello_domain::protocol::ProtocolNumber {
        year: 2026,
        number: 1,
    };
    let it = db.store.register_entries(&admin, 2026).await.unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(it).code,
        sportello_domain::ErrorCode::Forbidden
    );
    let before = db.store.register_entries(&records, 2026).await.unwrap();
    assert_eq!(before.len(), 1);
    assert!(before[0].annulment.is_none());

    let refused = db
        .store
        .annul_registration(&officer, number, "Det. 1", "errore", at(2026, 3, 3))
        .await;
    assert_eq!(
        sportello_domain::AppError::from(refused.unwrap_err()).code,
        sportello_domain::ErrorCode::Forbidden
    );
    let empty = db
        .store
        .annul_registration(&records, number, " ", "errore", at(2026, 3, 3))
        .await;
    assert_eq!(
        sportello_domain::AppError::from(empty.unwrap_err()).code,
        sportello_domain::ErrorCode::InvalidInput
    );

    let annulled = db
        .store
        .annul_registration(
            &records,
            number,
            "Determina n. 12/2026",
            "Registrazione doppia",
            at(2026, 3, 3),
        )
        .await
        .unwrap();
    assert_eq!(
        (annulled.subject.as_str(), annulled.document_sha256.as_str()),
        (
            before[0].subject.as_str(),
            before[0].document_sha256.as_str()
        )
    );
    let a = annulled.annulment.as_ref().unwrap();
    assert_eq!(
        (a.act.as_str(), a.reason.as_str(), a.operator.as_str()),
        (
            "Determina n. 12/2026",
            "Registrazione doppia",
            "Nome e.conti"
        )
    );
    let again = db
        .store
        .annul_registration(&records, number, "Det. 2", "x", at(2026, 3, 4))
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(again).message,
        "La registrazione 2026/0000001 è già annullata."
    );
    assert!(db
        .store
        .exec("DELETE FROM protocol_annulments")
        .await
        .is_err());
    assert_eq!(
        db.store.register_entries(&records, 2026).await.unwrap()[0],
        annulled
    );
}
