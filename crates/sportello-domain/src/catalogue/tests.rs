//! The shipped catalogue is realistic (issue 13, point 9): read as a secretary would check it.

use super::*;

fn catalogue() -> Catalogue {
    Catalogue::builtin().unwrap()
}

#[test]
fn every_service_states_its_legal_basis() {
    for s in &catalogue().services {
        assert!(s.legal_basis.len() > 10, "{}: {:?}", s.id, s.legal_basis);
    }
}

/// Limited places are assigned by ranking: silence cannot grant one.
#[test]
fn a_nursery_with_limited_places_has_no_silence_consent() {
    let c = catalogue();
    let nursery = c.service("iscrizione-nido").unwrap();
    assert!(!nursery.silence_consent);
    let school = c.service("iscrizione-servizi-scolastici").unwrap();
    let offered = &school
        .fields
        .iter()
        .find(|f| f.key == "servizio")
        .unwrap()
        .options;
    assert!(
        !offered.iter().any(|o| o.contains("nido")),
        "the nursery is not a silence-consent school service: {offered:?}"
    );
}

#[test]
fn food_voucher_pick_up_belongs_to_social_services() {
    let c = catalogue();
    assert_eq!(
        c.service("ritiro-buoni-spesa").unwrap().department,
        "sociali"
    );
    let appointments = c.service("prenotazione-appuntamento").unwrap();
    let reasons = &appointments.fields[0].options;
    assert!(!reasons.iter().any(|r| r.contains("buoni")), "{reasons:?}");
}

/// The rent contribution's ISEE threshold is a requirement explained on each application, not a
/// form limit that refuses a higher ISEE at intake.
#[test]
fn the_rent_thresholds_are_eligibility_rules_not_form_limits() {
    let c = catalogue();
    let rent = c.service("contributo-affitto").unwrap();
    let isee = rent.fields.iter().find(|f| f.key == "isee").unwrap();
    assert_eq!(isee.max, None);
    let form = serde_json::json!({"tipo_bando": "Ordinario", "isee": 40000, "canone_mensile": 500,
        "estremi_registrazione": "TRX 1", "scadenza_registrazione": "2030-01-01",
        "iban": "IT60X0542811101000000123456", "componenti_nucleo": 2});
    let today = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    assert_eq!(rent.validate_form(&form, today), Vec::new());
    let rule = rent.eligibility.iter().find(|r| r.field == "isee").unwrap();
    assert_eq!(rule.max, Some(26_000.0));
}
