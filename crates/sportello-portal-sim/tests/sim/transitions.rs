//! Transitions (§4): who may do what from which status, the documented errors, and a record of
//! every call.

use serde_json::{json, Value};
use sportello_portal_sim::{operator_id, SimConfig};

use crate::{quiet, start, Portal};

/// The first submitted application of a service.
fn first_of(p: &Portal, slug: &str) -> String {
    p.sim
        .generated()
        .into_iter()
        .find(|g| g.service == slug && g.status() == "2000")
        .unwrap()
        .id
}

async fn status(p: &Portal, id: &str) -> Value {
    p.get(&format!("/applications/{id}?version=2")).await.body
}

#[tokio::test]
async fn assign_then_accept_by_the_assignee_only() {
    let p = start(SimConfig {
        applications: 60,
        ..quiet()
    })
    .await;
    let id = first_of(&p, "certificato-anagrafico");
    let colleague = p.login("collega", "portale-di-prova-2").await;
    assert_eq!(p.transition(&id, "assign", &Value::Null).await.status, 204);
    let now = status(&p, &id).await;
    assert_eq!(
        (now["status"].as_str(), now["status_name"].as_str()),
        (Some("4000"), Some("status_pending"))
    );
    let actions: Vec<Value> = match &now["links"] {
        Value::Array(l) => l.iter().map(|l| l["action"].clone()).collect(),
        Value::Object(m) => m.values().map(|l| l["action"].clone()).collect(),
        _ => Vec::new(),
    };
    assert_eq!(
        actions,
        [
            json!("accept"),
            json!("reject"),
            json!("request-integration")
        ]
    );
    assert_eq!(p.sim.assignee(&id), Some(operator_id("operatore")));

    let by_colleague = p
        .post_as(
            &colleague,
            &format!("/applications/{id}/transition/accept"),
            &json!({"message": "ok"}),
        )
        .await;
    assert_eq!(by_colleague.status, 400);
    assert_eq!(by_colleague.body["type"], "error");
    let outcome = json!({"message": "Rilasciato", "attachments": [{"name": "esito.pdf", "mime_type": "application/pdf", "file": "JVBERi0xLjQK"}]});
    assert_eq!(p.transition(&id, "accept", &outcome).await.status, 204);
    let done = status(&p, &id).await;
    assert_eq!(
        (done["status"].as_str(), done["outcome"].as_bool()),
        (Some("7000"), Some(true))
    );
    assert_eq!(done["outcome_attachments"].as_array().unwrap().len(), 1);
    let again = p.transition(&id, "accept", &outcome).await;
    assert_eq!(
        (again.status, again.body["title"].as_str()),
        (400, Some("Application isn't in correct state"))
    );

    let calls = p.sim.transitions(&id);
    let seen: Vec<(&str, bool, u16, bool)> = calls
        .iter()
        .map(|t| (t.action.as_str(), t.applied, t.answer, t.duplicate))
        .collect();
    assert_eq!(
        seen,
        [
            ("assign", true, 204, false),
            ("accept", false, 400, false),
            ("accept", true, 204, false),
            ("accept", false, 400, true)
        ]
    );
    assert_eq!(p.sim.applied(&id, "accept"), 1);
}

#[tokio::test]
async fn a_service_with_protocol_is_registered_first_and_its_outcome_too() {
    let p = start(SimConfig {
        applications: 60,
        ..quiet()
    })
    .await;
    let id = first_of(&p, "scia-attivita-produttive");
    let refused = p.transition(&id, "assign", &Value::Null).await;
    assert_eq!(
        (refused.status, refused.body["title"].as_str()),
        (400, Some("Application must be registered"))
    );
    let incomplete = p
        .transition(&id, "register", &json!({"protocol_number": "123"}))
        .await;
    assert_eq!(
        (incomplete.status, incomplete.body["type"].as_str()),
        (400, Some("validation_error"))
    );
    let register = json!({"protocol_folder_number": "2026/7", "protocol_number": "2026/0001234", "protocol_document_id": "doc-1"});
    assert_eq!(p.transition(&id, "register", &register).await.status, 204);
    let registered = status(&p, &id).await;
    assert_eq!(
        (
            registered["status"].as_str(),
            registered["protocol_number"].as_str()
        ),
        (Some("3000"), Some("2026/0001234"))
    );
    assert_eq!(
        registered["protocol_numbers"][0]["protocollo"],
        "2026/0001234"
    );
    assert_eq!(p.transition(&id, "assign", &Value::Null).await.status, 204);
    assert_eq!(
        p.transition(&id, "reject", &json!({"message": "Manca la planimetria"}))
            .await
            .status,
        204
    );
    assert_eq!(status(&p, &id).await["status"], "8000");
    assert_eq!(
        p.transition(&id, "register-outcome", &json!({}))
            .await
            .status,
        400
    );
    assert_eq!(
        p.transition(
            &id,
            "register-outcome",
            &json!({"protocol_number": "2026/0001300"})
        )
        .await
        .status,
        204
    );
    let closed = status(&p, &id).await;
    assert_eq!(
        (closed["status"].as_str(), closed["outcome"].as_bool()),
        (Some("9000"), Some(false))
    );
    assert_eq!(closed["outcome_protocol_number"], "2026/0001300");
}

#[tokio::test]
async fn an_integration_is_requested_opened_answered_and_accepted() {
    let p = start(SimConfig {
        applications: 60,
        ..quiet()
    })
    .await;
    let id = first_of(&p, "certificato-anagrafico");
    assert_eq!(
        p.transition(
            &id,
            "request-integration",
            &json!({"message": "Manca il bollo"})
        )
        .await
        .status,
        400,
        "not assigned yet"
    );
    p.transition(&id, "assign", &Value::Null).await;
    let blank = p
        .transition(&id, "request-integration", &json!({"message": " "}))
        .await;
    assert_eq!(
        (blank.status, blank.body["type"].as_str()),
        (400, Some("validation_error"))
    );
    assert_eq!(
        p.transition(
            &id,
            "request-integration",
            &json!({"message": "Manca il bollo"})
        )
        .await
        .status,
        204
    );
    // The simulated citizen opens the request at once: 4100, then 4200.
    assert_eq!(status(&p, &id).await["status"], "4200");
    let answer = p
        .sim
        .citizen_comments(
            &id,
            "Ecco la ricevuta",
            vec![("ricevuta.pdf".into(), b"%PDF-1.4".to_vec())],
        )
        .unwrap();
    assert_eq!(
        p.transition(&id, "cancel-integration", &Value::Null)
            .await
            .status,
        204
    );
    assert_eq!(status(&p, &id).await["status"], "4500");
    assert_eq!(
        p.transition(&id, "accept-integration", &json!({"messages": null}))
            .await
            .status,
        400,
        "only from 4200"
    );
    p.transition(
        &id,
        "request-integration",
        &json!({"message": "Serve anche la delega"}),
    )
    .await;
    let delega = p
        .sim
        .citizen_comments(&id, "Delega allegata", vec![])
        .unwrap();
    assert_eq!(
        p.transition(&id, "accept-integration", &json!({"messages": null}))
            .await
            .status,
        204
    );
    let now = status(&p, &id).await;
    assert_eq!(now["status"], "4300");
    assert_eq!(
        now["integrations"][1]["inbound"]["messages"],
        json!([delega]),
        "only the answers after the request"
    );
    assert_ne!(answer, delega);
    assert_eq!(
        p.transition(&id, "accept", &json!({"message": "ok"}))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn the_citizen_concluding_an_integration_moves_it_to_4300() {
    let p = start(SimConfig {
        applications: 60,
        ..quiet()
    })
    .await;
    let id = first_of(&p, "segnalazione-disservizio");
    p.transition(&id, "assign", &Value::Null).await;
    p.transition(
        &id,
        "request-integration",
        &json!({"message": "Una foto, per favore"}),
    )
    .await;
    p.sim
        .citizen_sends_message(
            &id,
            "Ecco la foto",
            vec![("foto.jpg".into(), vec![0xFF, 0xD8])],
        )
        .unwrap();
    assert_eq!(p.sim.status(&id).as_deref(), Some("4300"));
    assert_eq!(
        p.transition(&id, "accept-integration", &Value::Null)
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn unknown_applications_and_actions_are_told_apart() {
    let p = start(quiet()).await;
    let missing = p
        .transition(
            "00000000-0000-4000-8000-999999999999",
            "assign",
            &Value::Null,
        )
        .await;
    assert_eq!(
        (missing.status, missing.body),
        (404, json!(["Application not found"]))
    );
    let id = first_of(&p, "certificato-anagrafico");
    assert_eq!(p.transition(&id, "approve", &Value::Null).await.status, 404);
    let withdraw = p.transition(&id, "withdraw", &Value::Null).await;
    assert_eq!(withdraw.status, 400, "the citizen's, not the operator's");
    let bad = p.transition(&id, "register", &json!({"protocol_folder_number": "1", "protocol_number": "2", "attachments": [{"name": "x"}]})).await;
    assert_eq!(bad.status, 204, "register ignores attachments");
    let unauthorised = p
        .post_as(
            "not-a-token",
            &format!("/applications/{id}/transition/assign"),
            &Value::Null,
        )
        .await;
    assert_eq!(unauthorised.status, 401);
    assert!(p
        .sim
        .transitions(&id)
        .last()
        .is_some_and(|t| !t.applied && t.answer == 401));
}
