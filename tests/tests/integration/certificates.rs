//! Issued certificates in the store: the pending list, the issuing session's numbering, lookup by
//! document ID and by the SHA-256 of the signed bytes, immutability and annulment.

use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::Action;
use sportello_domain::ErrorCode;
use sportello_store::NewCertificate;

use crate::helpers::*;

/// An officer and the head of Servizi demografici.
async fn demografici(db: &TestDb) -> (Actor, Actor) {
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let head = db
        .user("l.verdi", Role::Responsabile, Some("demografici"))
        .await;
    (officer, head)
}

/// A certificate request taken in charge and approved.
async fn approved(db: &TestDb, officer: &Actor) -> i64 {
    let id = db.taken(officer).await;
    let approve = Action::Approve {
        reason: "Dati verificati".into(),
    };
    db.store
        .apply_action(officer, id, &approve, &clock(2026, 2, 5))
        .await
        .unwrap();
    id
}

fn certificate<'a>(id: i64, document_id: &'a str, pdf: &'a [u8]) -> NewCertificate<'a> {
    NewCertificate {
        submission_id: id,
        document_id,
        kind: "Residenza",
        subject_fiscal_code: "RSSMRA85T10A562S",
        correspondent: "Rossi Mario",
        valid_until: Some(day(2026, 8, 5)),
        pdf,
        signer: "Sigillo di prova",
        demo: true,
        copies: 1,
        replaces: None,
    }
}

#[tokio::test]
async fn an_approved_request_waits_for_its_certificate_until_one_is_recorded() {
    let db = TestDb::new().await;
    let (officer, head) = demografici(&db).await;
    let id = db.taken(&officer).await;
    assert!(db
        .store
        .pending_certificates(&head)
        .await
        .unwrap()
        .is_empty());
    let approve = Action::Approve {
        reason: "Dati verificati".into(),
    };
    db.store
        .apply_action(&officer, id, &approve, &clock(2026, 2, 5))
        .await
        .unwrap();
    let pending = db.store.pending_certificates(&head).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].submission_id, id);
    assert_eq!(pending[0].kind, "Residenza");
    assert_eq!(pending[0].subject_fiscal_code, "RSSMRA85T10A562S");
    assert_eq!(pending[0].declared_use, "Uso generico (in bollo)");

    // An officer cannot open an issuing session; the head can, and the number it announces is the
    // one the record gets.
    let refused = db
        .store
        .begin_issue(&officer, at(2026, 2, 6))
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(refused).code,
        ErrorCode::Forbidden
    );
    let mut session = db.store.begin_issue(&head, at(2026, 2, 6)).await.unwrap();
    let announced = session.next_number();
    let pdf = b"%PDF-1.7 signed bytes".to_vec();
    let number = session
        .record(&certificate(id, "2026-0000004-ABC", &pdf))
        .await
        .unwrap();
    assert_eq!(number, announced);
    assert_eq!(session.next_number().number, announced.number + 1);
    session.commit().await.unwrap();

    assert!(db
        .store
        .pending_certificates(&head)
        .await
        .unwrap()
        .is_empty());
    let sha = sportello_store::sha256_hex(&pdf);
    let found = db.store.certificate_by_sha256(&sha).await.unwrap().unwrap();
    assert_eq!(found.document_id, "2026-0000004-ABC");
    assert_eq!(found.protocol, number.to_string());
    assert!(found.annulled.is_none());
    assert_eq!(
        db.store
            .certificate_pdf(&head, "2026-0000004-ABC")
            .await
            .unwrap(),
        pdf
    );
    let listed = db.store.certificates_of(&head, id).await.unwrap();
    assert_eq!(listed.len(), 1);
    let subject = db
        .store
        .texts(&format!(
            "SELECT subject || '|' || direction || '|' || document_sha256 FROM protocol_registrations WHERE year = {} AND number = {}",
            number.year, number.number
        ))
        .await
        .remove(0)
        .remove(0);
    assert_eq!(
        subject,
        format!("Certificato anagrafico: Residenza (2026-0000004-ABC)|outgoing|{sha}")
    );
}

#[tokio::test]
async fn a_failed_record_leaves_the_session_usable_and_no_gap() {
    let db = TestDb::new().await;
    let (officer, head) = demografici(&db).await;
    let a = approved(&db, &officer).await;
    let b = approved(&db, &officer).await;
    let mut session = db.store.begin_issue(&head, at(2026, 2, 6)).await.unwrap();
    let first = session.next_number();
    let pdf_a = b"A".to_vec();
    session
        .record(&certificate(a, "DOC-A", &pdf_a))
        .await
        .unwrap();
    // The same document ID again violates its uniqueness: this record fails and leaves nothing.
    let pdf_b = b"B".to_vec();
    assert!(session
        .record(&certificate(b, "DOC-A", &pdf_b))
        .await
        .is_err());
    assert_eq!(session.next_number().number, first.number + 1);
    let n = session
        .record(&certificate(b, "DOC-B", &pdf_b))
        .await
        .unwrap();
    assert_eq!(n.number, first.number + 1);
    session.commit().await.unwrap();
    let documents = db
        .store
        .count("SELECT COUNT(*) FROM documents WHERE kind = 'certificate'")
        .await;
    assert_eq!(documents, 2);
}

#[tokio::test]
async fn issued_certificates_are_immutable_and_annulment_keeps_them_readable() {
    let db = TestDb::new().await;
    let (officer, head) = demografici(&db).await;
    let id = approved(&db, &officer).await;
    let mut session = db.store.begin_issue(&head, at(2026, 2, 6)).await.unwrap();
    let pdf = b"PDF".to_vec();
    let number = session
        .record(&certificate(id, "DOC-1", &pdf))
        .await
        .unwrap();
    session.commit().await.unwrap();
    for sql in [
        "UPDATE certificates SET kind = 'Nascita'",
        "DELETE FROM certificates",
    ] {
        let err = db.store.exec(sql).await.unwrap_err();
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }
    assert!(db
        .store
        .annul_certificate(&officer, "DOC-1", ("Det. 1", "errore"), at(2026, 2, 7))
        .await
        .is_err());
    let annulled = db
        .store
        .annul_certificate(
            &head,
            "DOC-1",
            ("Det. 12/2026", "dati errati"),
            at(2026, 2, 7),
        )
        .await
        .unwrap();
    assert_eq!(annulled.protocol, number.to_string());
    let annulled = db
        .store
        .certificate_by_document_id("DOC-1")
        .await
        .unwrap()
        .unwrap();
    let annulment = annulled.annulled.unwrap();
    assert_eq!(annulment.act, "Det. 12/2026");
    assert_eq!(db.store.certificate_pdf(&head, "DOC-1").await.unwrap(), pdf);
}

#[tokio::test]
async fn the_detail_says_who_may_reissue_and_annul_the_certificates() {
    let db = TestDb::new().await;
    let (officer, head) = demografici(&db).await;
    let id = approved(&db, &officer).await;
    let now = clock(2026, 3, 10);
    let seen_by_head = db.store.detail(&head, id, &now).await.unwrap();
    assert!(seen_by_head.can_reissue_certificates);
    assert!(seen_by_head.can_annul_certificates);
    let seen_by_officer = db.store.detail(&officer, id, &now).await.unwrap();
    assert!(!seen_by_officer.can_reissue_certificates);
    assert!(!seen_by_officer.can_annul_certificates);
}
