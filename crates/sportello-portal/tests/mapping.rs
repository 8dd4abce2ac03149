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

mod generated {
    //! Every application the portal simulator generates, through the shipped mapping file: the
    //! readable ones map and pass (or break exactly) their catalogue rules; the hostile ones are
    //! refused with their reason, or map for the ingest to flag.
    use super::mappings;
    use sportello_domain::catalogue::Catalogue;
    use sportello_portal::mapping::{Mapped, Unroutable};
    use sportello_portal::model::Application;
    use sportello_portal_sim::{
        generate, Generated, Hostile, Kind, RuleBreak, SimConfig, SERVICES,
    };

    fn applications(
        applications: usize,
        rule_breaking: f64,
        hostile: f64,
    ) -> (SimConfig, Vec<Generated>) {
        let config = SimConfig {
            applications,
            rule_breaking,
            hostile,
            ..SimConfig::default()
        };
        let generated = generate(&config, "http://portale.test/lang/api");
        (config, generated)
    }

    fn map(app: &Generated) -> Result<Mapped, Unroutable> {
        mappings().map(&Application::from_value(app.value.clone()).unwrap())
    }

    /// The catalogue's problems with the mapped form, as of the simulator's "today".
    fn problems(config: &SimConfig, mapped: &Mapped) -> Vec<String> {
        let catalogue = Catalogue::builtin().unwrap();
        let service = catalogue.service(&mapped.submission.service).unwrap();
        let mut problems: Vec<String> = service
            .validate_form(&mapped.submission.form, config.base_date.date_naive())
            .into_iter()
            .map(|e| e.field)
            .collect();
        for required in service.attachments.iter().filter(|a| a.required) {
            if !mapped
                .files
                .iter()
                .any(|f| f.requirement.as_deref() == Some(required.key.as_str()))
            {
                problems.push(format!("attachment {}", required.key));
            }
        }
        problems
    }

    #[test]
    fn every_service_maps_and_its_forms_pass_the_catalogue() {
        let (config, generated) = applications(500, 0.0, 0.0);
        for service in SERVICES {
            assert!(
                generated.iter().any(|g| g.service == service.slug),
                "{}",
                service.slug
            );
        }
        for app in &generated {
            if app.status() == "1000" {
                // A draft has no submission time: the list never shows it unless asked.
                assert_eq!(
                    map(app).unwrap_err(),
                    Unroutable::NotSubmitted,
                    "{}",
                    app.id
                );
                continue;
            }
            let mapped = map(app).unwrap_or_else(|e| panic!("{} ({}): {e}", app.id, app.service));
            let expected = SERVICES
                .iter()
                .find(|s| s.slug == app.service)
                .unwrap()
                .catalogue;
            assert_eq!(mapped.submission.service, expected);
            assert_eq!(
                problems(&config, &mapped),
                Vec::<String>::new(),
                "{} ({})",
                app.id,
                app.service
            );
            let from_form = mapped
                .files
                .iter()
                .filter(|f| f.requirement.is_some())
                .count();
            let modules = mapped.files.len() - from_form;
            assert_eq!(
                from_form + modules,
                app.files.len(),
                "every generated file is referenced once"
            );
        }
    }

    #[test]
    fn rule_breaking_applications_map_and_break_exactly_their_rule() {
        let (config, generated) = applications(200, 0.3, 0.0);
        for rule in RuleBreak::ALL {
            let breaking: Vec<&Generated> = generated
                .iter()
                .filter(|g| g.kind == Kind::RuleBreaking(rule) && g.status() != "1000")
                .collect();
            assert!(!breaking.is_empty(), "{rule:?}");
            let field = match rule {
                RuleBreak::ExpiredRegistration => "scadenza_registrazione",
                RuleBreak::BadPupilFiscalCode => "alunno",
            };
            for app in breaking {
                let mapped = map(app).unwrap();
                assert_eq!(problems(&config, &mapped), [field], "{}", app.id);
            }
        }
    }

    /// The mapping refuses four hostile kinds; the other four map, and the ingest must flag them:
    /// a 200 KB field (bound its length), control and bidi characters in names (strip or refuse
    /// them), a `../../etc/passwd` file name (never a path), a file declaring 1 GiB (the
    /// download's size limit). The mapping does not see those; it must only not fail on them.
    #[test]
    fn hostile_applications_are_refused_or_mapped_for_the_ingest_to_flag() {
        let (_, generated) = applications(120, 0.0, 0.4);
        for kind in Hostile::ALL {
            let apps: Vec<&Generated> = generated
                .iter()
                .filter(|g| g.kind == Kind::Hostile(kind) && g.status() != "1000")
                .collect();
            assert!(!apps.is_empty(), "{kind:?}");
            for app in apps {
                let result = map(app);
                assert_eq!(
                    result.is_err(),
                    kind.unroutable(),
                    "{kind:?} {}: {result:?}",
                    app.id
                );
                match (kind, result) {
                    (Hostile::UnknownService, Err(e)) => {
                        assert_eq!(
                            e,
                            Unroutable::UnknownService("servizio-dismesso-2019".into())
                        );
                    }
                    (Hostile::DataNotAnObject, Err(e)) => {
                        assert_eq!(e, Unroutable::DataNotAnObject);
                    }
                    (Hostile::MissingFiscalCode, Err(e)) => {
                        assert!(
                            matches!(
                                e,
                                Unroutable::Missing {
                                    field: "fiscal code",
                                    ..
                                }
                            ),
                            "{e:?}"
                        );
                    }
                    (Hostile::InvalidFiscalCode, Err(e)) => {
                        assert!(matches!(e, Unroutable::FiscalCode(_)));
                    }
                    (Hostile::HugeField, Ok(m)) => {
                        assert!(m.submission.contact.address.unwrap().len() > 200_000);
                    }
                    (Hostile::ControlCharacters, Ok(m)) => {
                        assert!(m.submission.applicant.given_name.contains('\u{202E}'));
                        assert!(m.submission.applicant.family_name.contains('\u{0}'));
                    }
                    (Hostile::PathTraversal, Ok(m)) => assert!(m.files.iter().any(|f| f
                        .file
                        .original_name
                        .as_deref()
                        == Some("../../etc/passwd"))),
                    (Hostile::HugeAttachment, Ok(m)) => {
                        assert!(m.files.iter().any(|f| f.file.id.starts_with("f9")));
                    }
                    (kind, result) => panic!("{kind:?}: {result:?}"),
                }
            }
        }
    }
}
