//! What the citizen asked for, as printed: a «contestuale» holds only the parts ticked, each copy
//! asked is a certificate of its own, and a kind the Comune issues free of bollo says so.

use serde_json::json;
use sportello_domain::issuance::{CertificateAnnulmentRequest, IssueOutcome};
use sportello_issuance::{config::keys, Certificates};

use crate::support::{clock, scope, text_of, who, Office};

fn document_ids(outcomes: &[IssueOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .map(|o| match o {
            IssueOutcome::Issued { document_id, .. } => document_id.clone(),
            IssueOutcome::Failed { message, .. } => panic!("not issued: {message}"),
        })
        .collect()
}

/// Issues `id` and returns each certificate's text, as a citizen reads it.
async fn issue(office: &Office, id: i64) -> Vec<(String, String)> {
    let outcomes = Certificates::new(office.store.clone())
        .issue(&scope(&office.head), &[id], "", &clock(2026, 3, 5), &|_| ())
        .await
        .unwrap();
    let mut texts = Vec::new();
    for document_id in document_ids(&outcomes) {
        let pdf = office
            .store
            .certificate_pdf(&scope(&office.head), &document_id)
            .await
            .unwrap();
        texts.push((document_id, text_of(&pdf)));
    }
    texts
}

#[tokio::test]
async fn a_contestuale_prints_only_the_parts_asked_for() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let asked = |family: bool| {
        json!({
            "tipo_certificato": "Contestuale", "intestatario": subject,
            "uso": "Uso generico (in bollo)", "copie": 1,
            "contestuale_residenza": true, "contestuale_cittadinanza": true,
            "contestuale_stato_di_famiglia": family, "contestuale_nascita": false,
        })
    };
    let without = office.approved_asking(&subject, asked(false)).await;
    let with = office.approved_asking(&subject, asked(true)).await;

    let text = &issue(&office, without).await[0].1;
    assert!(
        text.contains("Certificato contestuale (residenza, cittadinanza)"),
        "{text}"
    );
    assert!(text.contains("cittadinanza italiana"), "{text}");
    for absent in [
        "Bianchi Anna",
        "Rossi Luca",
        "famiglia anagrafica",
        "nato a",
    ] {
        assert!(!text.contains(absent), "«{absent}» printed unasked: {text}");
    }
    let text = &issue(&office, with).await[0].1;
    for present in ["famiglia anagrafica", "Bianchi Anna", "Rossi Luca"] {
        assert!(text.contains(present), "«{present}» missing: {text}");
    }
}

#[tokio::test]
async fn each_copy_asked_is_a_certificate_with_its_own_identifier_and_bollo() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let form = json!({ "tipo_certificato": "Residenza", "intestatario": subject,
                       "uso": "Uso generico (in bollo)", "copie": 3 });
    let id = office.approved_asking(&subject, form).await;
    let copies = issue(&office, id).await;
    assert_eq!(copies.len(), 3);
    let mut ids: Vec<&String> = copies.iter().map(|(d, _)| d).collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "distinct identifiers: {ids:?}");
    for (document_id, text) in &copies {
        assert!(text.contains(document_id.as_str()), "{document_id}: {text}");
        assert!(
            text.contains("Imposta di bollo assolta in modo virtuale"),
            "{text}"
        );
    }
    let head = scope(&office.head);
    assert!(office
        .store
        .pending_certificates(&head)
        .await
        .unwrap()
        .is_empty());
    let certificates = Certificates::new(office.store.clone());
    let again = certificates
        .issue(&head, &[id], "", &clock(2026, 3, 6), &|_| ())
        .await
        .unwrap();
    assert!(
        matches!(&again[0], IssueOutcome::Failed { message, .. } if message.contains("già stato rilasciato")),
        "{again:?}"
    );
    // One copy annulled: the request waits for that one copy again.
    let annul = CertificateAnnulmentRequest {
        document_id: copies[1].0.clone(),
        act: "Det. 4/2026".into(),
        reason: "Copia deteriorata".into(),
    };
    certificates
        .annul(&who(&office.head), &annul, clock(2026, 3, 6).0)
        .await
        .unwrap();
    assert_eq!(
        office
            .store
            .pending_certificates(&head)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(issue(&office, id).await.len(), 1, "only the copy annulled");
}

#[tokio::test]
async fn a_comune_may_issue_the_cittadinanza_certificate_free_of_bollo() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let in_bollo = office
        .approved("Cittadinanza", &subject, "Uso generico (in bollo)")
        .await;
    let text = &issue(&office, in_bollo).await[0].1;
    assert!(
        text.contains("Imposta di bollo assolta in modo virtuale"),
        "default: {text}"
    );

    office
        .store
        .set_setting(
            keys::STAMP_EXEMPT_KINDS,
            r#"[{"kind":"cittadinanza","legalBasis":"art. 12 del regolamento comunale (esempio)"}]"#,
        )
        .await
        .unwrap();
    let exempt = office
        .approved("Cittadinanza", &subject, "Uso generico (in bollo)")
        .await;
    let text = &issue(&office, exempt).await[0].1;
    assert!(
        text.contains(
            "Esente dall'imposta di bollo ai sensi dell'art. 12 del regolamento comunale (esempio)"
        ),
        "{text}"
    );
    assert!(!text.contains("assolta"), "{text}");
}
