use chrono::NaiveDate;

use super::*;
use crate::catalogue::Catalogue;
use crate::FiscalCode;

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(crate) fn cf(raw: &str) -> FiscalCode {
    FiscalCode::parse(raw).expect("valid fiscal code")
}

pub(crate) fn person() -> Person {
    Person {
        fiscal_code: cf("RSSMRA85T10A562S"),
        surname: "Rossi".into(),
        name: "Mario".into(),
        sex: Sex::Male,
        birth_date: date(1985, 12, 10),
        birth_place: "Forlì (FC)".into(),
        birth_act: None,
        residence: Residence {
            address: "Corso della Repubblica 10".into(),
            comune: "Forlì (FC)".into(),
            since: date(2010, 4, 1),
        },
        civil_status: CivilStatus::Unmarried,
        citizenship: "italiana".into(),
        certifiability: Certifiability::Certifiable,
        open_procedure: None,
    }
}

pub(crate) fn request(kind: CertificateKind) -> CertificateRequest {
    CertificateRequest {
        kind,
        parts: vec![],
        person: person(),
        family: vec![],
        declared_use: DeclaredUse::in_bollo(),
        payment: Some(StampPayment::Marca {
            id: "01234567890123".into(),
            date: date(2026, 3, 2),
        }),
    }
}

pub(crate) fn blocked(request: &CertificateRequest) -> CertificateBlock {
    check_issuable(request, &IssuingRules::default()).expect_err("should be blocked")
}

#[test]
fn every_catalogue_option_parses() {
    let catalogue = Catalogue::builtin().expect("catalogue");
    let service = catalogue
        .service("certificato-anagrafico")
        .expect("service");
    let field = |key: &str| service.fields.iter().find(|f| f.key == key).expect("field");
    for label in &field("tipo_certificato").options {
        let kind = CertificateKind::from_label(label).expect(label);
        assert_eq!(kind.label(), label);
    }
    for label in &field("uso").options {
        let usage = DeclaredUse::from_catalogue(label, Some("motivo")).expect(label);
        assert_eq!(
            usage.exemption.is_none(),
            label.contains("bollo"),
            "{label}"
        );
    }
    assert!(DeclaredUse::from_catalogue("Uso fantasioso", None).is_err());
}

#[test]
fn exemption_codes_follow_anpr_numbering() {
    let numbers: Vec<u8> = ExemptionCode::ALL.iter().map(|c| c.number()).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99]);
    let usage =
        DeclaredUse::from_catalogue("Esenzione: altro", Some(" uso assicurativo ")).unwrap();
    assert_eq!(usage.exemption, Some(ExemptionCode::Other));
    assert_eq!(usage.exemption_text.as_deref(), Some("uso assicurativo"));
}

#[test]
fn an_ordinary_certificate_is_in_bollo_with_full_fees() {
    let cert = check_issuable(
        &request(CertificateKind::Residenza),
        &IssuingRules::default(),
    )
    .expect("issuable");
    assert_eq!(cert.fees_cents(), 52);
    assert_eq!(cert.art_40_sentence(), ART_40_SENTENCE);
    assert_eq!(
        cert.stamp_duty().wording(),
        "Imposta di bollo di € 16,00 assolta con marca da bollo n. 01234567890123 del 02/03/2026"
    );
}

#[test]
fn the_art_40_sentence_is_the_law_s() {
    assert_eq!(ART_40_SENTENCE, "Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi");
}

#[test]
fn deceased_emigrated_and_unregistered_people_are_not_certifiable() {
    for (status, words) in [
        (
            Certifiability::Deceased {
                date: date(2025, 1, 5),
            },
            "deceduto il 05/01/2025",
        ),
        (
            Certifiability::Emigrated {
                date: date(2024, 6, 1),
            },
            "emigrato il 01/06/2024",
        ),
        (Certifiability::NotRegistered, "non risulta iscritto"),
    ] {
        let mut r = request(CertificateKind::Residenza);
        r.person.certifiability = status;
        let block = blocked(&r);
        assert!(matches!(block, CertificateBlock::NotCertifiable(..)));
        assert!(block.to_string().contains(words), "{block}");
    }
}

#[test]
fn an_open_procedure_blocks() {
    let mut r = request(CertificateKind::Residenza);
    r.person.open_procedure = Some("cambio di residenza in corso".into());
    assert!(blocked(&r)
        .to_string()
        .contains("cambio di residenza in corso"));
}

#[test]
fn exemption_99_needs_its_text() {
    let mut r = request(CertificateKind::Residenza);
    r.payment = None;
    r.declared_use = DeclaredUse::from_catalogue("Esenzione: altro", Some("   ")).unwrap();
    assert_eq!(blocked(&r), CertificateBlock::ExemptionTextMissing);
    r.declared_use.exemption_text = Some("uso assicurativo".into());
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert!(cert.stamp_duty().wording().contains("(codice 99)"));
    assert!(cert.stamp_duty().wording().ends_with(": uso assicurativo"));
}

#[test]
fn zero_bollo_or_fees_block_a_non_exempt_certificate() {
    let r = request(CertificateKind::Cittadinanza);
    let no_stamp = IssuingRules {
        stamp_duty_cents: 0,
        ..IssuingRules::default()
    };
    assert_eq!(
        check_issuable(&r, &no_stamp),
        Err(CertificateBlock::StampDutyZero)
    );
    let mut no_fees = IssuingRules::default();
    no_fees.fees.with_stamp_cents = 0;
    assert_eq!(
        check_issuable(&r, &no_fees),
        Err(CertificateBlock::FeesZero)
    );
    // Exempt certificates may be free of fees.
    let mut exempt = r.clone();
    exempt.declared_use = DeclaredUse::exempt(ExemptionCode::Adoption);
    no_fees.fees.without_stamp_cents = 0;
    assert_eq!(
        check_issuable(&exempt, &no_fees).map(|c| c.fees_cents()),
        Ok(0)
    );
}

#[test]
fn immigration_or_judicial_use_must_be_exempt() {
    let mut r = request(CertificateKind::Residenza);
    r.declared_use = DeclaredUse::from_catalogue("Uso immigrazione", None).unwrap();
    assert_eq!(
        blocked(&r),
        CertificateBlock::SpecialUseNotExempt("immigrazione")
    );
    r.declared_use = DeclaredUse::from_catalogue("Uso giudiziario", None).unwrap();
    assert_eq!(
        blocked(&r),
        CertificateBlock::SpecialUseNotExempt("giudiziario")
    );
    r.declared_use =
        DeclaredUse::from_catalogue("Esenzione: procedimento giudiziario", None).unwrap();
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert_eq!(cert.art_40_sentence(), ART_40_JUDICIAL);
    assert_eq!(cert.fees_cents(), 26);
}

#[test]
fn the_immigration_and_judicial_sentences_are_anprs_verbatim() {
    // As DOMAIN.md quotes ANPR's checks on a certificate request.
    assert_eq!(
        ART_40_IMMIGRATION,
        "CERTIFICATO RILASCIATO PER PROCEDIMENTI DISCIPLINATI DALLE NORME SULL'IMMIGRAZIONE"
    );
    assert_eq!(
        ART_40_JUDICIAL,
        "AI SENSI DELL'ART. 40, D.P.R. 445/2000 IL PRESENTE CERTIFICATO E' RILASCIATO PER CAUSE GIUDIZIARIE"
    );
    let mut r = request(CertificateKind::Residenza);
    r.payment = None;
    r.declared_use = DeclaredUse {
        purpose: UsePurpose::Immigration,
        exemption: Some(ExemptionCode::Other),
        exemption_text: Some("Rinnovo del permesso di soggiorno".into()),
    };
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert_eq!(cert.art_40_sentence(), ART_40_IMMIGRATION);
}

#[test]
fn a_non_exempt_certificate_needs_a_valid_payment() {
    let mut r = request(CertificateKind::Residenza);
    r.payment = None;
    assert_eq!(blocked(&r), CertificateBlock::StampNotPaid);
    r.payment = Some(StampPayment::Marca {
        id: "123".into(),
        date: date(2026, 1, 1),
    });
    assert_eq!(blocked(&r), CertificateBlock::MarcaId);
}

#[test]
fn stato_libero_needs_a_free_person_and_family_needs_one_head() {
    let mut r = request(CertificateKind::StatoLibero);
    r.person.civil_status = CivilStatus::Married;
    assert!(blocked(&r).to_string().contains("risulta coniugato"));
    let r = request(CertificateKind::StatoDiFamiglia);
    assert_eq!(blocked(&r), CertificateBlock::FamilyHead);
}

#[test]
fn contestuale_needs_two_distinct_parts_and_takes_the_shorter_validity() {
    let mut r = request(CertificateKind::Contestuale);
    r.parts = vec![CertificateKind::Residenza, CertificateKind::Residenza];
    assert_eq!(blocked(&r), CertificateBlock::ContestualeParts);
    r.parts = vec![CertificateKind::Nascita, CertificateKind::Cittadinanza];
    let cert = check_issuable(&r, &IssuingRules::default()).expect("issuable");
    assert_eq!(cert.parts().len(), 2);
    assert_eq!(cert.validity(), Validity::SixMonths);
    assert!(
        !cert.stamp_duty().is_exempt(),
        "anagrafe certificates: in bollo"
    );
}

#[test]
fn validity_runs_six_months_from_issue() {
    assert_eq!(
        Validity::SixMonths.valid_until(date(2026, 3, 15)),
        Some(date(2026, 9, 15))
    );
    assert_eq!(
        Validity::SixMonths.valid_until(date(2026, 8, 31)),
        Some(date(2027, 2, 28))
    );
    assert_eq!(Validity::Unlimited.valid_until(date(2026, 3, 15)), None);
}

#[test]
fn the_contrassegno_round_trips() {
    let cert = check_issuable(
        &request(CertificateKind::Residenza),
        &IssuingRules::default(),
    )
    .expect("issuable");
    let issue = Issue {
        issued_on: date(2026, 3, 15),
        protocol: crate::protocol::ProtocolNumber {
            year: 2026,
            number: 42,
        },
        officer: "Anna Bianchi".into(),
        document_id: DocumentId::parse("cert-2026-000042").unwrap(),
    };
    let digest: [u8; 32] = std::array::from_fn(|i| (i * 37 + 5) as u8);
    let c = cert.contrassegno(IpaCode::parse("c_d704").unwrap(), &issue, digest);
    let text = c.to_string();
    assert!(text.starts_with("SPT1|c_d704|CERT-2026-000042|2026/0000042|20260315|20260915|"));
    assert_eq!(text.len(), 60 + 43, "{text}");
    assert_eq!(Contrassegno::parse(&text), Ok(c));
    assert!(Contrassegno::parse(&text.replace("SPT1", "SPT9")).is_err());
    assert!(Contrassegno::parse("SPT1|c_d704").is_err());
    assert!(cert.canonical_content(&issue).contains("Forlì"));
    assert_ne!(
        cert.canonical_content(&issue),
        cert.canonical_content(&Issue {
            officer: "X".into(),
            ..issue
        })
    );
}

#[test]
fn base64url_matches_rfc_4648_vectors() {
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64url_encode(plain.as_bytes()), coded);
        assert_eq!(base64url_decode(coded).as_deref(), Some(plain.as_bytes()));
    }
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("Z"), None);
    assert_eq!(base64url_decode("Zm9v+"), None);
}

#[test]
fn every_exemption_prints_the_legal_basis_of_anprs_table_39() {
    // Typed from italia/anpr src/tab/tab_esenzione_bollo.rst (Tabella 39), after each code's name.
    let table = [
        (1, "art. 27 bis, tabella allegato B) DPR 642/1972"),
        (2, "art. 8 bis, tabella allegato B) DPR 642/1972"),
        (3, "art. 18 DPR 30.5.2002, n. 115 e Circ. Agenzia delle entrate, 14.8.2002, n. 70/E"),
        (4, "art. 16, tabella allegato B) DPR 642/1972"),
        (5, "art. 13, tabella allegato B) DPR 642/72 e Circ. MIN. GIUST. prot. M-DG. DAG del 5 febbraio 2007.14803.U"),
        (6, "art. 13, tabella allegato B) DPR 642/1972 e art. 82 L. 184/1983"),
        (7, "art. 19 della legge 74/1987"),
        (8, "art. 16 co. 8, della L. 537/1993"),
        (9, "art. 9, tabella allegato B) DPR 642/1972"),
        (10, "art. 16, tabella allegato B) DPR 642/1972"),
    ];
    for (number, basis) in table {
        let code = ExemptionCode::ALL
            .into_iter()
            .find(|c| c.number() == number)
            .unwrap();
        assert_eq!(code.legal_basis(), basis, "code {number}");
        let mut r = request(CertificateKind::Residenza);
        r.declared_use = DeclaredUse::exempt(code);
        let issued = check_issuable(&r, &IssuingRules::default()).unwrap();
        assert!(
            matches!(issued.stamp_duty(), StampDuty::Exempt { legal_basis, .. } if legal_basis == basis),
            "code {number}: {:?}",
            issued.stamp_duty()
        );
    }
}

#[test]
fn codes_4_6_7_and_10_also_waive_the_secretarial_fees() {
    let rules = IssuingRules::default();
    assert!(rules.fees.without_stamp_cents > 0);
    for code in ExemptionCode::ALL {
        if code == ExemptionCode::Other {
            continue;
        }
        let mut r = request(CertificateKind::Residenza);
        r.declared_use = DeclaredUse::exempt(code);
        let fees = check_issuable(&r, &rules).unwrap().fees_cents();
        let waived = matches!(code.number(), 4 | 6 | 7 | 10);
        assert_eq!(
            fees,
            if waived {
                0
            } else {
                rules.fees.without_stamp_cents
            },
            "code {}",
            code.number()
        );
    }
}

#[test]
fn an_exemption_text_over_256_characters_is_refused_as_anpr_does() {
    let mut r = request(CertificateKind::Residenza);
    r.declared_use = DeclaredUse {
        purpose: UsePurpose::Generic,
        exemption: Some(ExemptionCode::Other),
        exemption_text: Some("x".repeat(256)),
    };
    assert!(check_issuable(&r, &IssuingRules::default()).is_ok());
    r.declared_use.exemption_text = Some("x".repeat(257));
    assert_eq!(
        check_issuable(&r, &IssuingRules::default()),
        Err(CertificateBlock::ExemptionTextTooLong)
    );
}
