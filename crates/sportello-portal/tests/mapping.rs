//! Form.io's nested JSON onto the catalogue through the shipped mapping file
//! (`config/portal-mappings.toml`), and the reasons an application goes to the quarantine.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use sportello_domain::submission::Channel;
use sportello_portal::mapping::{Mappings, Unroutable};
use sportello_portal::model::Application;

fn mappings() -> Mappings {
    Mappings::from_toml(include_str!("../../../config/portal-mappings.toml")).unwrap()
}

/// A certificate request as the portal sends it (the documented object, its form filled in).
fn request() -> Value {
    let mut v: Value = serde_json::from_str(include_str!("fixtures/application-v2.json")).unwrap();
    v["service"] = json!("certificato-anagrafico");
    v["data"]["tipo_certificato"] = json!("Residenza");
    v["data"]["intestatario"] = json!({"fiscal_code": "RSSMRA80A01H501U"});
    v["data"]["uso"] = json!("Uso generico (in bollo)");
    v["data"]["copie"] = json!(1);
    v["data"]["documento_identita"] = json!([{
        "id": "7c1d0000-0000-4000-8000-000000000009", "name": "ci.pdf",
        "url": "https://h/lang/api/applications/x/attachments/7c1d0000-0000-4000-8000-000000000009?version=2",
        "originalName": "carta-identita.pdf"
    }]);
    v
}

#[test]
fn a_certificate_request_becomes_the_catalogues_submission() {
    let app = Application::from_value(request()).unwrap();
    let mapped = mappings().map(&app).unwrap();
    let s = &mapped.submission;
    assert_eq!(s.service, "certificato-anagrafico");
    assert_eq!(s.applicant.fiscal_code.as_str(), "RSSMRA80A01H501U");
    assert_eq!(
        (
            s.applicant.given_name.as_str(),
            s.applicant.family_name.as_str()
        ),
        ("Mario", "Rossi")
    );
    assert_eq!(s.applicant.birth_date.unwrap().to_string(), "1980-01-01");
    assert_eq!(s.contact.email.as_deref(), Some("m@x.it"));
    assert_eq!(
        s.form,
        json!({"tipo_certificato": "Residenza", "intestatario": "RSSMRA80A01H501U",
                             "uso": "Uso generico (in bollo)", "copie": 1})
    );
    // The clock starts when the citizen submitted (14:05 in Rome), not at the sync.
    assert_eq!(s.received_at.to_rfc3339(), "2024-04-01T12:05:00+00:00");
    assert_eq!(
        (s.channel, s.external_id.as_deref()),
        (
            Channel::Portal,
            Some("0b9c2f4e-5a1d-4c3b-9e8f-1a2b3c4d5e6f")
        )
    );
    let files: Vec<_> = mapped
        .files
        .iter()
        .map(|f| (f.requirement.clone(), f.file.original_name.clone().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            (
                Some("documento_identita".into()),
                "carta-identita.pdf".into()
            ),
            (None, "Modulo.pdf".into()),
        ]
    );
}

#[test]
fn what_cannot_be_routed_says_why() {
    let unroutable = |edit: &dyn Fn(&mut Value)| {
        let mut v = request();
        edit(&mut v);
        mappings()
            .map(&Application::from_value(v).unwrap())
            .unwrap_err()
    };
    assert_eq!(
        unroutable(&|v| {
            v["service"] = json!("servizio-sconosciuto");
            v["service_id"] = Value::Null;
        }),
        Unroutable::UnknownService("servizio-sconosciuto".into())
    );
    assert_eq!(
        unroutable(&|v| v["data"] = json!(["non", "un", "oggetto"])),
        Unroutable::DataNotAnObject
    );
    assert_eq!(
        unroutable(
            &|v| v["data"]["applicant"]["fiscal_code"]["fiscal_code"] = json!("RSSMRA80A01H501X")
        ),
        Unroutable::FiscalCode("RSSMRA80A01H501X".into())
    );
    assert!(matches!(
        unroutable(&|v| v["data"]["applicant"]["completename"] = Value::Null),
        Unroutable::Missing {
            field: "given name",
            ..
        }
    ));
    assert_eq!(
        unroutable(&|v| v["submitted_at"] = Value::Null),
        Unroutable::NotSubmitted
    );
}

#[test]
fn a_mapping_file_with_a_typo_is_refused() {
    assert!(Mappings::from_toml("[[service]]\nportal = \"x\"\ncatalog = \"y\"\n").is_err());
}
