//! The head's batch with the demo seal: issued, registered, verified; blocked cases fail alone;
//! annulment, re-issue and tampering are seen by verification.

use sportello_domain::certificate::ART_40_SENTENCE;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssueOutcome, IssueProgress, ReissueRequest, Verdict,
};
use sportello_domain::user::Role;
use sportello_issuance::{config::keys, Certificates};
use sportello_sign::testing::validators::{assert_intact_everywhere, Workdir};
use std::sync::Mutex;

use crate::support::{clock, scope, text_of, who, Office};

async fn demo_seal_der(office: &Office) -> Vec<u8> {
    let stored = office
        .store
        .setting(keys::DEMO_SEAL)
        .await
        .unwrap()
        .unwrap();
    hex_decode(stored.split_once(':').unwrap().1)
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn issued(o: &IssueOutcome) -> (String, String) {
    match o {
        IssueOutcome::Issued {
            document_id,
            protocol,
            ..
        } => (document_id.clone(), protocol.clone()),
        IssueOutcome::Failed { message, .. } => panic!("not issued: {message}"),
    }
}

#[tokio::test]
async fn a_batch_issues_registers_and_verifies_and_a_blocked_request_fails_alone() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let good = office
        .approved("Residenza", &subject, "Uso generico (in bollo)")
        .await;
    let unknown = office
        .approved("Residenza", "BNCLRA80A41H501D", "Uso generico (in bollo)")
        .await;
    let no_text = office
        .approved("Stato di famiglia", &subject, "Esenzione: altro")
        .await;
    let family = office
        .approved(
            "Stato di famiglia",
            &subject,
            "Esenzione: procedimento giudiziario",
        )
        .await;
    let certificates = Certificates::new(office.store.clone());
    let events = Mutex::new(Vec::new());
    let record = |p: IssueProgress| events.lock().unwrap().push(p);
    let ids = [good, unknown, no_text, family];
    let outcomes = certificates
        .issue(&scope(&office.head), &ids, "", &clock(2026, 3, 5), &record)
        .await
        .unwrap();

    assert_eq!(outcomes.len(), 4);
    let by_id = |id: i64| outcomes.iter().find(|o| o.submission_id() == id).unwrap();
    let (document_id, protocol) = issued(by_id(good));
    issued(by_id(family));
    match by_id(unknown) {
        IssueOutcome::Failed { message, .. } => {
            assert!(message.contains("non risulta nell'anagrafe"), "{message}");
        }
        o @ IssueOutcome::Issued { .. } => panic!("a person not in the register must block: {o:?}"),
    }
    match by_id(no_text) {
        IssueOutcome::Failed { message, .. } => assert!(
            message.contains("motivo dell'esenzione è obbligatorio"),
            "{message}"
        ),
        o @ IssueOutcome::Issued { .. } => panic!("exemption 99 without text must block: {o:?}"),
    }
    let events = events.into_inner().unwrap();
    assert!(matches!(
        events.first(),
        Some(IssueProgress::Started { total: 4, .. })
    ));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, IssueProgress::Document { .. }))
            .count(),
        4
    );
    assert!(matches!(
        events.last(),
        Some(IssueProgress::Finished {
            issued: 2,
            failed: 2
        })
    ));

    // The registered bytes are the signed PDF; the validators accept it (trusting the demo seal).
    let pdf = office
        .store
        .certificate_pdf(&scope(&office.head), &document_id)
        .await
        .unwrap();
    let work = Workdir::new(&demo_seal_der(&office).await);
    assert_intact_everywhere(&work, &pdf);
    let text = text_of(&pdf);
    assert!(text.contains(ART_40_SENTENCE), "{text}");
    assert!(
        text.contains(&protocol),
        "the printed protocol number is the registered one: {text}"
    );
    assert!(text.contains(&document_id));
    assert!(text.contains("DEMO — non valido"), "{text}");
    let family_pdf = office
        .store
        .certificate_pdf(&scope(&office.head), &issued(by_id(family)).0)
        .await
        .unwrap();
    let family_text = text_of(&family_pdf);
    assert!(
        family_text.contains("Bianchi Anna") && family_text.contains("Rossi Luca"),
        "{family_text}"
    );
    assert!(
        family_text.contains("RILASCIATO PER CAUSE GIUDIZIARIE"),
        "{family_text}"
    );

    let report = certificates
        .verify(&pdf, chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap())
        .await
        .unwrap();
    assert_eq!(report.verdict, Verdict::Valid);
    assert!(report.summary.contains("DEMO"), "{}", report.summary);
    assert_eq!(report.certificate.as_ref().unwrap().protocol, protocol);
    let later = chrono::NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
    assert_eq!(
        certificates.verify(&pdf, later).await.unwrap().verdict,
        Verdict::Expired
    );

    // Only the blocked requests still wait, and issuing again is refused with a reason.
    let waiting: Vec<i64> = office
        .store
        .pending_certificates(&scope(&office.head))
        .await
        .unwrap()
        .iter()
        .map(|p| p.submission_id)
        .collect();
    assert_eq!(waiting, vec![unknown, no_text]);
    let again = certificates
        .issue(
            &scope(&office.head),
            &[good],
            "",
            &clock(2026, 3, 6),
            &|_| (),
        )
        .await
        .unwrap();
    assert!(
        matches!(&again[0], IssueOutcome::Failed { message, .. } if message.contains("già stato rilasciato"))
    );
}

#[tokio::test]
async fn tampering_annulment_and_reissue_show_in_verification() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let id = office
        .approved("Nascita", &subject, "Uso generico (in bollo)")
        .await;
    let certificates = Certificates::new(office.store.clone());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
    let outcomes = certificates
        .issue(&scope(&office.head), &[id], "", &clock(2026, 3, 5), &|_| ())
        .await
        .unwrap();
    let (old_id, _) = issued(&outcomes[0]);
    let pdf = office
        .store
        .certificate_pdf(&scope(&office.head), &old_id)
        .await
        .unwrap();

    let mut tampered = pdf.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    assert_eq!(
        certificates.verify(&tampered, today).await.unwrap().verdict,
        Verdict::Invalid
    );
    assert_eq!(
        certificates
            .verify(b"not a pdf", today)
            .await
            .unwrap()
            .verdict,
        Verdict::Invalid
    );

    // An officer may not re-issue or annul; the head re-issues: the old one is annulled.
    let reissue = ReissueRequest {
        document_id: old_id.clone(),
        reason: "Copia smarrita".into(),
        pin: String::new(),
    };
    assert!(certificates
        .reissue(&scope(&office.officer), &reissue, &clock(2026, 3, 6))
        .await
        .is_err());
    let new = certificates
        .reissue(&scope(&office.head), &reissue, &clock(2026, 3, 6))
        .await
        .unwrap();
    let (new_id, _) = issued(&new);
    let old_report = certificates.verify(&pdf, today).await.unwrap();
    assert_eq!(old_report.verdict, Verdict::Annulled);
    assert_eq!(
        old_report.certificate.unwrap().annulled.unwrap().reason,
        "Copia smarrita"
    );
    let new_pdf = office
        .store
        .certificate_pdf(&scope(&office.head), &new_id)
        .await
        .unwrap();
    let new_report = certificates.verify(&new_pdf, today).await.unwrap();
    assert_eq!(new_report.verdict, Verdict::Valid);
    assert_eq!(
        new_report.certificate.as_ref().unwrap().replaces.as_deref(),
        Some(old_id.as_str())
    );
    // A birth certificate is valid without a time limit.
    assert_eq!(new_report.certificate.unwrap().valid_until, None);

    let annul = CertificateAnnulmentRequest {
        document_id: new_id.clone(),
        act: "Det. 3/2026".into(),
        reason: "Errore materiale".into(),
    };
    assert!(certificates
        .annul(&who(&office.officer), &annul, clock(2026, 3, 7).0)
        .await
        .is_err());
    let annulled = certificates
        .annul(&who(&office.head), &annul, clock(2026, 3, 7).0)
        .await
        .unwrap();
    assert_eq!(annulled.annulled.unwrap().act, "Det. 3/2026");
    assert_eq!(
        certificates.verify(&new_pdf, today).await.unwrap().verdict,
        Verdict::Annulled
    );
    assert_eq!(office.officer.role, Role::Operatore);
    // With no valid certificate left, the request waits for one again; the timeline says why.
    let waiting = office
        .store
        .pending_certificates(&scope(&office.head))
        .await
        .unwrap();
    assert_eq!(
        waiting.iter().map(|p| p.submission_id).collect::<Vec<_>>(),
        vec![id]
    );
    let events: Vec<String> = office
        .store
        .detail(&scope(&office.head), id, &clock(2026, 3, 20))
        .await
        .unwrap()
        .history
        .into_iter()
        .map(|h| h.event)
        .collect();
    let tail: Vec<&str> = events
        .iter()
        .rev()
        .take(4)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "certificateIssued",
            "certificateReissued",
            "certificateAnnulled",
            "certificateAnnulled"
        ]
    );
}

#[tokio::test]
async fn the_same_request_twice_in_a_batch_gets_one_certificate_and_no_gap() {
    let office = Office::new().await;
    let subject = office.register_person().await;
    let id = office
        .approved("Residenza", &subject, "Uso generico (in bollo)")
        .await;
    let later = office
        .approved("Cittadinanza", &subject, "Uso generico (in bollo)")
        .await;
    let certificates = Certificates::new(office.store.clone());
    let outcomes = certificates
        .issue(
            &scope(&office.head),
            &[id, id, later],
            "",
            &clock(2026, 3, 5),
            &|_| (),
        )
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 3);
    let (_, first) = issued(&outcomes[0]);
    assert!(
        matches!(&outcomes[1], IssueOutcome::Failed { message, .. } if message.contains("già stato rilasciato")),
        "{outcomes:?}"
    );
    // The failed duplicate used no number: the next certificate has the next one, printed and registered.
    let (later_id, third) = issued(&outcomes[2]);
    let n = |p: &str| p.split('/').nth(1).unwrap().parse::<u32>().unwrap();
    assert_eq!(n(&third), n(&first) + 1);
    let pdf = office
        .store
        .certificate_pdf(&scope(&office.head), &later_id)
        .await
        .unwrap();
    assert!(text_of(&pdf).contains(&third));
}

#[tokio::test]
async fn decisions_are_registered_with_their_letter_as_a_sealed_pdf() {
    let printing = Office::new().await;
    let subject = printing.register_person().await;
    let id = printing
        .approved("Residenza", &subject, "Uso generico (in bollo)")
        .await;
    const LETTER: &str = "SELECT d.content, d.media_type, r.document_sha256 FROM documents d
         JOIN protocol_registrations r ON r.submission_id = d.submission_id AND r.direction = 'outgoing'
           AND r.subject = 'Provvedimento di accoglimento'
         WHERE d.submission_id = $1 AND d.kind = 'approve'";
    let row: (Vec<u8>, String, String) =
        match (printing.store.sqlite_pool(), printing.store.postgres_pool()) {
            (Some(pool), _) => sqlx::query_as(LETTER).bind(id).fetch_one(pool).await,
            (_, Some(pool)) => sqlx::query_as(LETTER).bind(id).fetch_one(pool).await,
            _ => unreachable!("a store is on one database"),
        }
        .unwrap();
    let (pdf, media_type, registered_sha) = row;
    assert_eq!(media_type, "application/pdf");
    assert_eq!(
        registered_sha,
        sportello_store::sha256_hex(&pdf),
        "the register holds the letter's hash"
    );
    let text = text_of(&pdf);
    assert!(text.contains("Comunicazione di accoglimento"), "{text}");
    assert!(
        text.contains("Dati verificati"),
        "the officer's reasons are in the letter: {text}"
    );
    let work = Workdir::new(&demo_seal_der(&printing).await);
    assert_intact_everywhere(&work, &pdf);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
    let report = Certificates::new(printing.store.clone())
        .verify(&pdf, today)
        .await
        .unwrap();
    assert_eq!(report.verdict, Verdict::Valid);
    assert!(
        report.summary.contains("registrato al protocollo"),
        "{}",
        report.summary
    );
}
