//! Messages (§6): posted with base64 files, internal ones hidden, patched by their author only.

use serde_json::json;
use sportello_portal_sim::{operator_id, SimConfig};

use crate::{quiet, start};

#[tokio::test]
async fn messages_round_trip_with_internal_ones_hidden() {
    let p = start(SimConfig {
        applications: 20,
        ..quiet()
    })
    .await;
    let id = p.sim.generated()[0].id.clone();
    let path = format!("/applications/{id}/messages");
    let notice = json!({"message": "<p>Preavviso di diniego</p>", "visibility": "applicant",
        "attachments": [{"name": "preavviso.pdf", "mime_type": "application/pdf", "file": "JVBERi0xLjQKJSVFT0YK"}]});
    let created = p.post(&path, &notice).await;
    assert_eq!(created.status, 201, "{created:?}");
    let message = created.body;
    assert_eq!(
        (message["author"].as_str(), message["application"].as_str()),
        (Some(operator_id("operatore").as_str()), Some(id.as_str()))
    );
    assert!(message["sent_at"].is_string());
    let file_url = message["attachments"][0]["url"].as_str().unwrap();
    let bytes = p
        .http
        .get(file_url)
        .bearer_auth(&p.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), b"%PDF-1.4\n%%EOF\n");

    let internal = p
        .post(
            &path,
            &json!({"message": "nota interna", "visibility": "internal"}),
        )
        .await;
    assert_eq!(internal.status, 201);
    let listed = p.get(&path).await.body;
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "internal messages are not listed"
    );
    assert_eq!(listed[0]["id"], message["id"]);
    let one = p
        .get(&format!("{path}/{}", message["id"].as_str().unwrap()))
        .await;
    assert_eq!(
        one.body,
        json!([message]),
        "one message is a one-element array"
    );
    assert_eq!(
        p.get(&format!("{path}/{}", internal.body["id"].as_str().unwrap()))
            .await
            .status,
        404
    );
    assert_eq!(p.get(&format!("{path}?limit=101")).await.status, 400);
    assert_eq!(p.get(&format!("{path}?offset=1")).await.body, json!([]));
    let blank = p.post(&path, &json!({"message": ""})).await;
    assert_eq!(
        (blank.status, blank.body["type"].as_str()),
        (400, Some("validation_error"))
    );
    let recorded = p.sim.messages(&id);
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].attachments[0].bytes, b"%PDF-1.4\n%%EOF\n");
}

#[tokio::test]
async fn only_the_author_patches_and_only_the_listed_fields() {
    let p = start(SimConfig {
        applications: 5,
        ..quiet()
    })
    .await;
    let id = p.sim.generated()[0].id.clone();
    let path = format!("/applications/{id}/messages");
    let created = p
        .post(&path, &json!({"message": "Avvio del procedimento"}))
        .await
        .body;
    let one = format!("{}{path}/{}", p.base, created["id"].as_str().unwrap());
    let colleague = p.login("collega", "portale-di-prova-2").await;
    let patch = json!({"protocol_number": "2026/0000042", "message": "cambiato"});
    let by_colleague = p
        .send(p.http.patch(&one).bearer_auth(&colleague).json(&patch))
        .await;
    assert_eq!(by_colleague.status, 403);
    let by_author = p
        .send(p.http.patch(&one).bearer_auth(&p.token).json(&patch))
        .await;
    assert_eq!(by_author.status, 200);
    assert_eq!(
        (
            by_author.body["protocol_number"].as_str(),
            by_author.body["message"].as_str()
        ),
        (Some("2026/0000042"), Some("Avvio del procedimento"))
    );
    let again = p
        .send(
            p.http
                .patch(&one)
                .bearer_auth(&p.token)
                .json(&json!({"read_at": "2026-11-20T10:00:00+01:00"})),
        )
        .await;
    assert_eq!(again.status, 403, "a protocolled message is not patched");
}

#[tokio::test]
async fn the_citizens_messages_are_listed_with_their_files() {
    let p = start(SimConfig {
        applications: 5,
        ..quiet()
    })
    .await;
    let id = p.sim.generated()[0].id.clone();
    p.sim
        .citizen_comments(
            &id,
            "Buongiorno, allego la delega",
            vec![("delega.pdf".into(), b"%PDF-delega".to_vec())],
        )
        .unwrap();
    let listed = p.get(&format!("/applications/{id}/messages")).await.body;
    assert_eq!(listed[0]["author"], p.sim.application(&id).unwrap()["user"]);
    let url = listed[0]["attachments"][0]["url"].as_str().unwrap();
    let bytes = p
        .http
        .get(url)
        .bearer_auth(&p.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), b"%PDF-delega");
}
