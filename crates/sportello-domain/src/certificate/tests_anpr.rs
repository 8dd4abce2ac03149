//! The kinds as ANPR's Table 13 classes them, what a «contestuale» carries, and the kinds a Comune
//! issues free of bollo by its own setting.

use super::tests::{blocked, cf, date, request};
use super::*;

fn member(name: &str, relation: Relation) -> FamilyMember {
    FamilyMember {
        fiscal_code: cf("BNCNNA87E52G482U"),
        surname: "Bianchi".into(),
        name: name.into(),
        sex: Sex::Female,
        birth_date: date(1987, 5, 12),
        birth_place: "Pescara (PE)".into(),
        relation,
    }
}

#[test]
fn a_birth_certificate_is_anagrafico_as_in_anpr_table_13() {
    // Table 13 (italia/anpr, src/tab/tab_tipo_di_certificato.rst): 1 «Anagrafico di nascita».
    assert_eq!(CertificateKind::Nascita.anpr_code(), Some(1));
    let mut r = request(CertificateKind::Nascita);
    r.payment = None;
    assert_eq!(
        blocked(&r),
        CertificateBlock::StampNotPaid,
        "an anagrafe certificate is not exempt as stato civile ones are"
    );
    let r = request(CertificateKind::Nascita);
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert!(!cert.stamp_duty().is_exempt());
    assert_eq!(cert.fees_cents(), 52, "the fees with bollo");
    assert_eq!(cert.validity(), Validity::Unlimited, "birth cannot change");
}

#[test]
fn every_kind_has_its_anpr_table_13_code() {
    let codes: Vec<(CertificateKind, Option<u8>)> = CertificateKind::ALL
        .iter()
        .map(|k| (*k, k.anpr_code()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (CertificateKind::Residenza, Some(8)),
            (CertificateKind::StatoDiFamiglia, Some(12)),
            (CertificateKind::StatoDiFamigliaConParentela, Some(16)),
            (CertificateKind::Nascita, Some(1)),
            (CertificateKind::Cittadinanza, Some(5)),
            (CertificateKind::EsistenzaInVita, Some(7)),
            (CertificateKind::StatoCivile, Some(11)),
            (CertificateKind::StatoLibero, Some(17)),
            (CertificateKind::Contestuale, None),
        ]
    );
}

#[test]
fn a_contestuale_carries_the_family_only_when_a_part_asked_lists_it() {
    let mut r = request(CertificateKind::Contestuale);
    r.family = vec![
        member("Anna", Relation::HeadOfFamily),
        member("Lucia", Relation::Child),
    ];
    r.parts = vec![CertificateKind::Residenza, CertificateKind::Cittadinanza];
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert!(cert.family().is_empty(), "{:?}", cert.family());
    let content = cert.canonical_content(&Issue {
        issued_on: date(2026, 3, 2),
        protocol: crate::protocol::ProtocolNumber {
            year: 2026,
            number: 7,
        },
        officer: "Ufficiale".into(),
        document_id: DocumentId::parse("CERT-2026-0000007").expect("id"),
    });
    assert!(!content.contains("Lucia"), "{content}");
    r.parts.push(CertificateKind::StatoDiFamiglia);
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert_eq!(cert.family().len(), 2);
}

#[test]
fn a_comune_may_issue_the_cittadinanza_certificate_free_of_bollo() {
    let basis = "art. 12 del regolamento comunale (esempio)";
    let rules = IssuingRules {
        exempt_kinds: vec![KindExemption {
            kind: CertificateKind::Cittadinanza,
            legal_basis: basis.into(),
        }],
        ..IssuingRules::default()
    };
    let mut r = request(CertificateKind::Cittadinanza);
    let by_default = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert!(!by_default.stamp_duty().is_exempt(), "in bollo by default");
    assert_eq!(
        check_issuable(&r, &rules).expect_err("paid but exempt"),
        CertificateBlock::ExemptKindPaid
    );
    r.payment = None;
    let cert = check_issuable(&r, &rules).expect("issuable");
    assert_eq!(
        cert.stamp_duty().wording(),
        format!("Esente dall'imposta di bollo ai sensi dell'{basis}")
    );
    assert_eq!(cert.fees_cents(), 26, "the fees without bollo");
    let mut mixed = request(CertificateKind::Contestuale);
    mixed.parts = vec![CertificateKind::Cittadinanza, CertificateKind::Residenza];
    let cert = check_issuable(&mixed, &rules).expect("issuable");
    assert!(
        !cert.stamp_duty().is_exempt(),
        "a sheet with a part in bollo is in bollo"
    );
}

#[test]
fn the_request_form_asks_for_each_part_of_a_contestuale() {
    let catalogue = crate::catalogue::Catalogue::builtin().expect("catalogue");
    let service = catalogue
        .service("certificato-anagrafico")
        .expect("service");
    for kind in CertificateKind::ALL {
        let Some(key) = kind.part_key() else {
            assert_eq!(kind, CertificateKind::Contestuale);
            continue;
        };
        let field = service.fields.iter().find(|f| f.key == key).expect(key);
        assert_eq!(field.kind, crate::catalogue::FieldKind::Checkbox, "{key}");
        assert!(!field.required, "{key}");
    }
}
