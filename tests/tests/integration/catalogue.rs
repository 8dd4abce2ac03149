//! A realistic catalogue (issue 13, point 9): a call's thresholds are eligibility rules evaluated
//! and explained on each application, not form limits that refuse it at intake.

use sportello_domain::submission::{Contact, CounterAttachment, CounterSubmission};
use sportello_domain::user::Role;

use crate::helpers::*;

fn scanned(requirement: &str, name: &str) -> CounterAttachment {
    use base64::Engine as _;
    CounterAttachment {
        requirement: Some(requirement.into()),
        name: name.into(),
        content: base64::engine::general_purpose::STANDARD
            .encode(b"%PDF-1.7\n% documento\n%%EOF\n"),
    }
}

#[tokio::test]
async fn a_rent_application_above_the_isee_threshold_is_received_and_the_threshold_explained() {
    let db = TestDb::new().await;
    let officer = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let input = CounterSubmission {
        service: "contributo-affitto".into(),
        fiscal_code: "RSSMRA85T10A562S".into(),
        given_name: "Mario".into(),
        family_name: "Rossi".into(),
        birth_date: None,
        birth_place: None,
        contact: Contact::default(),
        form: serde_json::json!({"tipo_bando": "Ordinario", "isee": 31000, "canone_mensile": 550,
            "estremi_registrazione": "TRX 1234 serie 3T", "scadenza_registrazione": "2027-03-31",
            "iban": "IT60X0542811101000000123456", "componenti_nucleo": 3}),
        attachments: vec![
            scanned("contratto", "contratto.pdf"),
            scanned("isee", "isee.pdf"),
        ],
    };
    let d = db
        .store
        .receive_at_counter(&officer, input, &clock(2026, 5, 4))
        .await
        .expect("an ISEE above the threshold does not stop the application");
    let isee = d
        .eligibility
        .iter()
        .find(|c| c.label.contains("ISEE"))
        .expect("the ISEE requirement is evaluated");
    assert_eq!(isee.met, Some(false));
    assert!(
        isee.explanation
            .starts_with("Valore dichiarato 31.000,00 supera la soglia di 26.000,00"),
        "{}",
        isee.explanation
    );
    let rent = d
        .eligibility
        .iter()
        .find(|c| c.label.contains("canone"))
        .unwrap();
    assert_eq!(rent.met, Some(true));
}
