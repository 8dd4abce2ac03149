//! Sample data: the Comune di Forlì, a family, one request per kind, one letter per decision.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sportello_documents::{CertificateDocument, ComuneIdentity, Letter, LetterKind, Recipient};
use sportello_domain::certificate::{
    check_issuable, BirthAct, Certifiability, CertificateKind, CertificateRequest, CivilStatus,
    DeclaredUse, DocumentId, FamilyMember, IpaCode, Issue, IssuingRules, Person, Relation,
    Residence, Sex, StampPayment,
};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::FiscalCode;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

pub fn generated_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 16, 9, 30, 0)
        .single()
        .expect("time")
}

/// A 64×64 coat of arms with a transparent corner, as PNG.
pub fn coat_of_arms_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(64, 64, |x, y| {
        if x + y < 16 {
            image::Rgba([0, 0, 0, 0])
        } else if (x / 8 + y / 8) % 2 == 0 {
            image::Rgba([200, 30, 40, 255])
        } else {
            image::Rgba([255, 255, 255, 255])
        }
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut png, image::ImageOutputFormat::Png)
        .expect("png");
    png
}

pub fn forli() -> ComuneIdentity {
    ComuneIdentity {
        name: "Forlì".into(),
        province: "Forlì-Cesena".into(),
        ipa_code: IpaCode::parse("c_d704").expect("ipa"),
        address: "Piazza Aurelio Saffi 8, 47121 Forlì (FC)".into(),
        pec: "comune.forli@pec.comune.forli.fc.it".into(),
        tar: "TAR per l'Emilia-Romagna".into(),
        verification_url: None,
        coat_of_arms_png: Some(coat_of_arms_png()),
    }
}

fn cf(raw: &str) -> FiscalCode {
    FiscalCode::parse(raw).expect("fiscal code")
}

pub fn person() -> Person {
    Person {
        fiscal_code: cf("RSSMRA85T10A562S"),
        surname: "Rossi".into(),
        name: "Mario Niccolò".into(),
        sex: Sex::Male,
        birth_date: date(1985, 12, 10),
        birth_place: "Forlì (FC)".into(),
        birth_act: Some(BirthAct {
            comune: "Forlì".into(),
            year: 1985,
            part: "I".into(),
            series: "A".into(),
            number: "1234".into(),
        }),
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

pub fn family(extra: usize) -> Vec<FamilyMember> {
    let p = person();
    let mut members = vec![FamilyMember {
        fiscal_code: p.fiscal_code.clone(),
        surname: p.surname.clone(),
        name: p.name.clone(),
        sex: p.sex,
        birth_date: p.birth_date,
        birth_place: p.birth_place.clone(),
        relation: Relation::HeadOfFamily,
    }];
    let others = [
        ("Bianchi", "Lucia", Sex::Female, Relation::Cohabitant),
        ("Rossi", "Giosuè", Sex::Male, Relation::Child),
        ("Rossi", "Zoë", Sex::Female, Relation::Child),
    ];
    for i in 0..3 + extra {
        let (surname, name, sex, relation) = others[i % 3].clone();
        members.push(FamilyMember {
            fiscal_code: cf("MRTMTT25D09F205Z"),
            surname: surname.into(),
            name: format!(
                "{name}{}",
                if i >= 3 {
                    format!(" {i}")
                } else {
                    String::new()
                }
            ),
            sex,
            birth_date: date(2015, 5, 1 + (i % 28) as u32),
            birth_place: "Cesena (FC)".into(),
            relation,
        });
    }
    members
}

pub fn request(kind: CertificateKind) -> CertificateRequest {
    CertificateRequest {
        kind,
        parts: match kind {
            CertificateKind::Contestuale => vec![
                CertificateKind::Residenza,
                CertificateKind::Cittadinanza,
                CertificateKind::StatoDiFamigliaConParentela,
            ],
            _ => vec![],
        },
        person: person(),
        family: family(0),
        declared_use: DeclaredUse::in_bollo(),
        payment: Some(StampPayment::Marca {
            id: "01234567890123".into(),
            date: date(2026, 3, 14),
        }),
    }
}

pub fn document(request: &CertificateRequest, demo: bool) -> CertificateDocument {
    CertificateDocument {
        certificate: check_issuable(request, &IssuingRules::default()).expect("issuable"),
        issue: Issue {
            issued_on: date(2026, 3, 16),
            protocol: ProtocolNumber {
                year: 2026,
                number: 4321,
            },
            officer: "Anna Maria Bertè".into(),
            document_id: DocumentId::parse("CERT-2026-0004321").expect("id"),
        },
        generated_at: generated_at(),
        demo,
    }
}

pub fn letter(kind: LetterKind) -> Letter {
    Letter {
        kind,
        recipient: Recipient {
            name: "Mario Niccolò Rossi".into(),
            fiscal_code: Some("RSSMRA85T10A562S".into()),
            address: vec!["Corso della Repubblica 10".into(), "47121 Forlì (FC)".into()],
        },
        protocol: ProtocolNumber { year: 2026, number: 5000 },
        date: date(2026, 3, 20),
        subject: "Richiesta di certificato anagrafico".into(),
        request_protocol: ProtocolNumber { year: 2026, number: 4100 },
        request_date: date(2026, 3, 2),
        reasons: "La persona indicata non risulta iscritta nell'anagrafe del Comune.\nVerificati gli atti d'ufficio, non è possibile rilasciare il certificato richiesto.".into(),
        officer: "Anna Maria Bertè".into(),
        office: "Servizi demografici".into(),
        document_id: DocumentId::parse("LET-2026-0005000").expect("id"),
        generated_at: generated_at(),
        demo: false,
        late: None,
        legal_basis: Some("D.P.R. 223/1989 (regolamento anagrafico), art. 33".into()),
        signed: true,
    }
}

pub fn all_letters() -> Vec<(&'static str, LetterKind)> {
    vec![
        ("accoglimento", LetterKind::Approval),
        ("integrazione", LetterKind::IntegrationRequest { days: 30 }),
        ("preavviso-10bis", LetterKind::Notice10Bis),
        (
            "diniego",
            LetterKind::Rejection {
                observations: Some(
                    "Il richiedente dichiara di aver presentato domanda di iscrizione.".into(),
                ),
                appeal_to_prefetto: true,
            },
        ),
        (
            "ricevuta",
            LetterKind::Receipt {
                term_days: 30,
                deadline: chrono::NaiveDate::from_ymd_opt(2026, 4, 2).expect("date"),
                silence_consent: true,
                case_file: "2026/000123".into(),
            },
        ),
        (
            "avvio",
            LetterKind::StartNotice {
                term_days: 30,
                deadline: chrono::NaiveDate::from_ymd_opt(2026, 4, 2).expect("date"),
                silence_consent: false,
            },
        ),
        (
            "annullamento",
            LetterKind::Annulment {
                appeal_to_prefetto: false,
            },
        ),
        (
            "silenzio-assenso",
            LetterKind::SilenceConsentAttestation {
                term_days: 30,
                last_day: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
            },
        ),
    ]
}
