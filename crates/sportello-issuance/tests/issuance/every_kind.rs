//! Every certificate kind and every decision letter: rendered, made PDF/A-2b, signed by a key
//! under a test CA, and accepted by pyHanko (INTACT:TRUSTED,UNTOUCHED), pdfsig and qpdf.

use chrono::NaiveDate;
use sportello_documents::{Letter, LetterKind, Recipient};
use sportello_domain::certificate::{
    check_issuable, CertificateKind, DocumentId, Issue, IssuingRules, ART_40_SENTENCE,
};
use sportello_domain::protocol::ProtocolNumber;
use sportello_issuance::{sample_request, ComuneConfig, Renderer};
use sportello_sign::testing::validators::{assert_valid_everywhere, Workdir};
use sportello_sign::testing::TestCa;
use sportello_sign::SoftwareKey;

use crate::support::{at, keep_png, text_of};

fn issue(n: u32) -> Issue {
    Issue {
        issued_on: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        protocol: ProtocolNumber {
            year: 2026,
            number: n,
        },
        officer: "Anna Maria Bertè".into(),
        document_id: DocumentId::parse(&format!("2026-{n:07}-TEST")).unwrap(),
    }
}

#[test]
fn every_certificate_kind_is_signed_and_accepted_by_the_validators() {
    let ca = TestCa::new(at(2026, 1, 1)).unwrap();
    let signer = ca
        .signer("Ufficiale d'anagrafe", SoftwareKey::generate_p256())
        .unwrap();
    let work = Workdir::new(ca.certificate_der());
    let renderer = Renderer::new().unwrap();
    let comune = ComuneConfig::demo();
    for (i, kind) in CertificateKind::ALL.into_iter().enumerate() {
        let certificate = check_issuable(&sample_request(kind).unwrap(), &IssuingRules::default())
            .unwrap_or_else(|e| panic!("{kind:?} blocked: {e}"));
        let pdf = renderer
            .certificate(
                &certificate,
                &issue(10 + i as u32),
                &comune,
                at(2026, 3, 5),
                false,
            )
            .unwrap();
        let signed = renderer
            .sign(&pdf, &comune, at(2026, 3, 5), &signer)
            .unwrap();
        assert!(
            signed.starts_with(&pdf),
            "{kind:?}: the signature must be an incremental update"
        );
        assert_valid_everywhere(&work, &signed);
        let text = text_of(&signed);
        assert!(
            text.contains(ART_40_SENTENCE),
            "{kind:?}: the art. 40 sentence is not there exactly:\n{text}"
        );
        assert!(
            text.contains(kind.title()),
            "{kind:?}: title missing:\n{text}"
        );
        assert!(
            text.contains("Rossi Mario") || text.contains("Mario Rossi"),
            "{kind:?}: no name"
        );
        assert!(text.contains("Forlì"), "{kind:?}: accents lost:\n{text}");
        keep_png(
            &signed,
            &format!("signed-{}", kind.label().to_lowercase().replace(' ', "-")),
        );
    }
}

#[test]
fn every_decision_letter_is_signed_and_accepted_by_the_validators() {
    let ca = TestCa::new(at(2026, 1, 1)).unwrap();
    let signer = ca
        .signer(
            "Responsabile del procedimento",
            SoftwareKey::generate_rsa(2048).unwrap(),
        )
        .unwrap();
    let work = Workdir::new(ca.certificate_der());
    let renderer = Renderer::new().unwrap();
    let comune = ComuneConfig::demo();
    let kinds = [
        LetterKind::Approval,
        LetterKind::IntegrationRequest { days: 30 },
        LetterKind::Notice10Bis,
        LetterKind::Rejection {
            observations: Some("Le osservazioni non superano i motivi ostativi.".into()),
            appeal_to_prefetto: true,
        },
        LetterKind::SilenceConsentAttestation {
            term_days: 30,
            last_day: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        },
    ];
    for (i, kind) in kinds.into_iter().enumerate() {
        let letter = Letter {
            recipient: Recipient {
                name: "Mario Rossi".into(),
                fiscal_code: Some("RSSMRA85T10A562S".into()),
                address: vec!["Via della Libertà, 12".into()],
            },
            protocol: ProtocolNumber {
                year: 2026,
                number: 100 + i as u32,
            },
            date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
            subject: "Richiesta di certificato anagrafico".into(),
            request_protocol: ProtocolNumber {
                year: 2026,
                number: 7,
            },
            request_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            reasons: "La persona indicata non risulta iscritta nell'anagrafe del Comune.".into(),
            officer: "Anna Maria Bertè".into(),
            office: "Servizi demografici".into(),
            document_id: DocumentId::parse(&format!("LET-2026-{i}")).unwrap(),
            generated_at: at(2026, 3, 5),
            demo: false,
            late: None,
            legal_basis: None,
            signed: true,
            kind: kind.clone(),
        };
        let pdf = renderer
            .documents()
            .render_letter(&letter, &comune.identity().unwrap())
            .unwrap();
        let signed = renderer
            .sign(&pdf, &comune, at(2026, 3, 5), &signer)
            .unwrap();
        assert_valid_everywhere(&work, &signed);
        assert!(
            text_of(&signed).contains(kind.title()),
            "{kind:?}: title missing"
        );
        keep_png(&signed, &format!("signed-letter-{i}"));
    }
}
