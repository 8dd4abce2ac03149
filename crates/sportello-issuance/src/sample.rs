//! `sportello certificate sample`: a certificate of any kind for an invented person, sealed with the
//! database's demo seal, for IT staff to look at and to check validators with. Not registered.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::certificate::{
    check_issuable, BirthAct, Certifiability, CertificateKind, CertificateRequest, CivilStatus,
    DeclaredUse, DocumentId, FamilyMember, Issue, IssuingRules, Person, Relation, Residence, Sex,
    StampPayment,
};
use sportello_domain::clock::civil_date;
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::FiscalCode;
use sportello_store::{Resident, Store};

use crate::config::ComuneConfig;
use crate::device::demo_seal;
use crate::error::{IssueError, Result};
use crate::render::Renderer;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn code(raw: &str) -> Result<FiscalCode> {
    FiscalCode::parse(raw).map_err(|e| {
        IssueError::App(sportello_domain::AppError::invalid(format!(
            "Codice fiscale di esempio non valido: {e}"
        )))
    })
}

fn member(
    fc: &str,
    surname: &str,
    name: &str,
    sex: Sex,
    born: NaiveDate,
    relation: Relation,
) -> Result<FamilyMember> {
    Ok(FamilyMember {
        fiscal_code: code(fc)?,
        surname: surname.into(),
        name: name.into(),
        sex,
        birth_date: born,
        birth_place: "Pescara (PE)".into(),
        relation,
    })
}

/// The invented person of the samples, with a family of three.
pub fn sample_request(kind: CertificateKind) -> Result<CertificateRequest> {
    let civil_status = if kind == CertificateKind::StatoLibero {
        CivilStatus::Unmarried
    } else {
        CivilStatus::Married
    };
    let person = Person {
        fiscal_code: code("RSSMRA85T10A562S")?,
        surname: "Rossi".into(),
        name: "Mario".into(),
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
            address: "Via della Libertà, 12".into(),
            comune: "Borgo Esempio (PE)".into(),
            since: date(2012, 4, 2),
        },
        civil_status,
        citizenship: "italiana".into(),
        certifiability: Certifiability::Certifiable,
        open_procedure: None,
    };
    let mut family = vec![
        member(
            "RSSMRA85T10A562S",
            "Rossi",
            "Mario",
            Sex::Male,
            date(1985, 12, 10),
            Relation::HeadOfFamily,
        )?,
        member(
            "BNCNNA87E52G482U",
            "Bianchi",
            "Anna",
            Sex::Female,
            date(1987, 5, 12),
            Relation::Spouse,
        )?,
        member(
            "RSSLCU15C03G482P",
            "Rossi",
            "Luca",
            Sex::Male,
            date(2015, 3, 3),
            Relation::Child,
        )?,
    ];
    family[0].birth_place.clone_from(&person.birth_place);
    Ok(CertificateRequest {
        kind,
        parts: if kind == CertificateKind::Contestuale {
            vec![
                CertificateKind::Residenza,
                CertificateKind::Cittadinanza,
                CertificateKind::StatoDiFamiglia,
            ]
        } else {
            Vec::new()
        },
        person,
        family: if kind.lists_family() || kind == CertificateKind::Contestuale {
            family
        } else {
            family[..1].to_vec()
        },
        declared_use: DeclaredUse::in_bollo(),
        payment: Some(StampPayment::Virtual {
            authority: "Agenzia delle Entrate – Direzione provinciale di Pescara".into(),
            number: "12345/2020".into(),
            date: date(2020, 1, 15),
        }),
    })
}

/// A sealed sample of `kind`, as of `at`.
pub async fn sample_certificate(
    store: &Store,
    kind: CertificateKind,
    at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let seal = demo_seal(store).await?;
    let mut comune = ComuneConfig::load(store).await?;
    if comune.ipa_code == "c_demo" || comune.address.is_empty() {
        comune = ComuneConfig::demo();
    }
    let certificate = check_issuable(&sample_request(kind)?, &IssuingRules::default())?;
    let issue = Issue {
        issued_on: civil_date(at),
        protocol: ProtocolNumber {
            year: civil_date(at)
                .format("%Y")
                .to_string()
                .parse()
                .unwrap_or(2026),
            number: 1,
        },
        officer: "Ufficiale d'anagrafe (esempio)".into(),
        document_id: DocumentId::parse("ESEMPIO-0000001").map_err(|e| {
            IssueError::App(sportello_domain::AppError::invalid(format!(
                "Identificativo di esempio non valido: {e}"
            )))
        })?,
    };
    tokio::task::spawn_blocking(move || {
        let renderer = Renderer::new()?;
        let pdf = renderer.certificate(&certificate, &issue, &comune, at, true)?;
        renderer.sign(&pdf, &comune, at, &seal)
    })
    .await
    .map_err(|e| IssueError::Worker(e.to_string()))?
}

/// Registers the sample person and their family in the population register (benchmarks and tests);
/// returns the person's fiscal code.
pub async fn register_sample_family(store: &Store, family_id: i64) -> Result<String> {
    let request = sample_request(CertificateKind::StatoDiFamiglia)?;
    for m in &request.family {
        let mut person = request.person.clone();
        person.fiscal_code = m.fiscal_code.clone();
        person.surname = m.surname.clone();
        person.name = m.name.clone();
        person.sex = m.sex;
        person.birth_date = m.birth_date;
        person.birth_place = m.birth_place.clone();
        if m.relation != Relation::HeadOfFamily {
            person.birth_act = None;
        }
        let resident = Resident {
            person,
            family_id,
            relation: m.relation.clone(),
        };
        store.put_resident(&resident, false).await?;
    }
    Ok(request.person.fiscal_code.as_str().to_string())
}
