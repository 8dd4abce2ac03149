//! Contract tests: the JSON shapes of OPENCITY_API.md (the platform's server code and a Comune's
//! production client), pinned — the documented application object, and each documented quirk.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use sportello_portal::model::{Application, Page, ReadError};
use sportello_portal::status::{Meaning, PortalStatus};

fn documented() -> Value {
    serde_json::from_str(include_str!("fixtures/application-v2.json")).unwrap()
}

fn with(field: &str, value: Value) -> Value {
    let mut v = documented();
    v[field] = value;
    v
}

#[test]
fn the_documented_application_reads_whole() {
    let app = Application::from_value(documented()).unwrap();
    assert_eq!(app.id, "0b9c2f4e-5a1d-4c3b-9e8f-1a2b3c4d5e6f");
    assert_eq!(app.service.as_deref(), Some("rimborso-rette-mense"));
    assert_eq!(app.status().unwrap(), PortalStatus::Pending);
    assert_eq!(app.status().unwrap().meaning(), Meaning::Open);
    // The clock starts at the citizen's submission, with its offset kept.
    assert_eq!(
        app.submitted_at.unwrap().to_rfc3339(),
        "2024-04-01T14:05:00+02:00"
    );
    assert_eq!(app.latest_status_change_time, Some(1_712_040_000));
    assert_eq!(app.payment_data, None);
    assert_eq!(app.links.len(), 1);
    assert_eq!(app.links[0].action, "accept");
    // The nested Form.io fields stay as they came, for the per-service mapping.
    assert_eq!(
        app.data["applicant"]["fiscal_code"]["fiscal_code"],
        "RSSMRA80A01H501U"
    );
    assert_eq!(
        app.data["applicant"]["Born"]["natoAIl"],
        "1980-01-01T00:00:00+01:00"
    );
    // Files: the compiled module and the Form.io upload nested in `data`, camelCase names read.
    let names: Vec<_> = app
        .files()
        .iter()
        .map(|f| f.original_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Modulo.pdf", "isee.pdf"]);
    assert_eq!(app.files()[1].protocol_required, Some(true));
}

#[test]
fn payment_data_is_an_empty_list_or_an_object() {
    let paid = with(
        "payment_data",
        json!({"status": "PAYED", "payment_amount": "16.00", "iuv": "RF123"}),
    );
    let app = Application::from_value(paid).unwrap();
    assert_eq!(app.payment_data.unwrap()["iuv"], "RF123");
    for empty in [json!([]), json!({}), Value::Null] {
        let app = Application::from_value(with("payment_data", empty)).unwrap();
        assert_eq!(app.payment_data, None);
    }
    assert!(Application::from_value(with("payment_data", json!("pagato"))).is_err());
}

#[test]
fn links_are_a_list_or_an_object_with_numeric_keys() {
    let holes = json!({
        "2": {"action": "reject", "description": "Reject", "url": "https://h/r"},
        "0": {"action": "accept", "description": null, "url": "https://h/a"}
    });
    let app = Application::from_value(with("links", holes)).unwrap();
    let actions: Vec<_> = app.links.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["accept", "reject"]);
    assert_eq!(app.links[0].description, "");
    assert!(Application::from_value(with("links", json!({"accept": {}}))).is_err());
}

#[test]
fn the_status_is_a_string_and_unknown_codes_are_not_guessed() {
    let numeric = Application::from_value(with("status", json!(9000))).unwrap();
    assert_eq!(numeric.status().unwrap(), PortalStatus::Cancelled);
    let legacy = Application::from_value(with("status", json!("5"))).unwrap();
    assert!(legacy.status().is_err());
    assert!(Application::from_value(with("status", json!(["4000"]))).is_err());
}

#[test]
fn nulls_are_present_and_read_as_empty() {
    let mut v = documented();
    for list in ["compiled_modules", "attachments", "integrations", "links"] {
        v[list] = Value::Null;
    }
    let app = Application::from_value(v).unwrap();
    assert!(app.compiled_modules.is_empty() && app.attachments.is_empty() && app.links.is_empty());
}

#[test]
fn an_item_that_is_not_an_object_is_refused_alone() {
    let page: Page = serde_json::from_value(json!({
        "meta": {"parameter": {"offset": 0, "limit": 100, "version": 2}, "count": "3"},
        "links": {"self": "https://h/x", "prev": null, "next": "https://h/lang/api/applications?offset=100&limit=100&version=2"},
        "data": [documented(), "not an application", {"id": 5}]
    }))
    .unwrap();
    assert_eq!(page.count(), Some(3));
    assert_eq!(
        page.links.next.as_deref(),
        Some("https://h/lang/api/applications?offset=100&limit=100&version=2")
    );
    let read: Vec<_> = page.data.into_iter().map(Application::from_value).collect();
    assert!(read[0].is_ok());
    assert_eq!(read[1], Err(ReadError::NotAnObject));
    assert!(matches!(read[2], Err(ReadError::Shape(_))));
}

#[test]
fn the_count_is_a_number_or_a_string() {
    for count in [json!(332), json!("332")] {
        let page: Page = serde_json::from_value(
            json!({"meta": {"count": count}, "links": {"next": null}, "data": []}),
        )
        .unwrap();
        assert_eq!(page.count(), Some(332));
        assert_eq!(page.links.next, None);
    }
}
