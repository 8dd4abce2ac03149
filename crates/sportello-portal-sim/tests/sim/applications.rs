//! The list, its filters and quirks, single applications, files.

use serde_json::{json, Value};
use sportello_portal_sim::{attachment_bytes, SimConfig, SERVICES};

use crate::{quiet, start};

#[tokio::test]
async fn pages_hold_at_most_a_hundred_and_asking_more_is_refused() {
    let p = start(SimConfig {
        applications: 250,
        ..quiet()
    })
    .await;
    let too_many = p.get("/applications?version=2&limit=101").await;
    assert_eq!(
        (too_many.status, too_many.body),
        (400, json!(["Limit parameter is too high"]))
    );
    let first = p.get("/applications?version=2&limit=100").await;
    assert_eq!(first.body["data"].as_array().unwrap().len(), 100);
    let count = &first.body["meta"]["count"];
    assert!(count == &json!(250) || count == &json!("250"), "{count}");
    let all = p.all("").await;
    let mut ids: Vec<&str> = all.iter().map(|a| a["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250);
    assert_eq!(p.sim.applications_count(), 250);
}

#[tokio::test]
async fn drafts_are_left_out_unless_asked_for() {
    let p = start(SimConfig {
        applications: 200,
        ..quiet()
    })
    .await;
    let drafts = p
        .sim
        .generated()
        .iter()
        .filter(|g| g.status() == "1000")
        .count();
    assert!(drafts > 0);
    let all = p.all("").await;
    assert_eq!(all.len(), 200);
    assert!(all.iter().all(|a| a["status"] != "1000"));
    let asked = p.all("&status=1000").await;
    assert_eq!(asked.len(), drafts);
    assert!(asked.iter().all(|a| a["submitted_at"].is_null()));
    assert_eq!(
        p.get("/applications?version=2&status=1234").await.status,
        400
    );
    let withdrawn = p.all("&status=20000").await;
    assert!(!withdrawn.is_empty());
}

#[tokio::test]
async fn every_service_is_offered_and_filtered_by_slug_or_id() {
    let p = start(SimConfig {
        applications: 150,
        ..quiet()
    })
    .await;
    let services = p.get("/services").await;
    assert_eq!(services.body.as_array().unwrap().len(), SERVICES.len());
    assert_eq!(services.body[0]["name"], "Certificato anagrafico");
    for service in SERVICES {
        let by_slug = p.all(&format!("&service={}", service.slug)).await;
        let by_id = p.all(&format!("&service_id={}", service.id)).await;
        assert!(!by_slug.is_empty(), "{}", service.slug);
        assert_eq!(by_slug, by_id);
        assert!(by_slug.iter().all(|a| a["service_id"] == service.id));
    }
}

#[tokio::test]
async fn the_documented_quirks_all_show_up() {
    let p = start(SimConfig {
        applications: 200,
        ..quiet()
    })
    .await;
    let all = p.all("").await;
    let has = |f: &dyn Fn(&Value) -> bool| all.iter().any(f);
    assert!(has(&|a| a["payment_data"] == json!([])));
    assert!(has(&|a| a["payment_data"].is_object()));
    assert!(has(&|a| a["links"].is_array()));
    assert!(has(&|a| a["links"].is_object()));
    assert!(all.iter().all(|a| a["status"].is_string()));
    let mut kinds = Vec::new();
    for offset in (0..200).step_by(10) {
        let page = p
            .get(&format!("/applications?version=2&limit=10&offset={offset}"))
            .await;
        kinds.push(page.body["meta"]["count"].is_string());
    }
    assert!(
        kinds.contains(&true) && kinds.contains(&false),
        "meta.count is sometimes a string"
    );
    let one = p
        .get(&format!(
            "/applications/{}?version=2",
            all[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one.body, all[0]);
    let missing = p
        .get("/applications/00000000-0000-4000-8000-999999999999")
        .await;
    assert_eq!(
        (missing.status, missing.body),
        (404, json!(["Application not found"]))
    );
}

/// The offsets of a PDF's cross-reference table each point at the object they name.
fn xref_is_sound(pdf: &[u8]) -> bool {
    let text = String::from_utf8_lossy(pdf);
    let Some(start) = text.rfind("startxref\n") else {
        return false;
    };
    let xref: usize = text[start + 10..].lines().next().unwrap().parse().unwrap();
    text[xref..]
        .lines()
        .skip(3)
        .take_while(|l| l.ends_with(" n "))
        .enumerate()
        .all(|(i, l)| {
            let offset: usize = l[..10].parse().unwrap();
            text[offset..].starts_with(&format!("{} 0 obj", i + 1))
        })
}

#[tokio::test]
async fn every_generated_file_is_served_with_its_bytes() {
    let p = start(SimConfig {
        applications: 60,
        ..quiet()
    })
    .await;
    let mut photos = 0;
    for app in p.sim.generated() {
        for file in &app.files {
            let url = format!(
                "{}/applications/{}/attachments/{file}?version=2",
                p.base, app.id
            );
            let response = p.http.get(&url).bearer_auth(&p.token).send().await.unwrap();
            let length = response.content_length().unwrap();
            let bytes = response.bytes().await.unwrap();
            assert_eq!(bytes.len() as u64, length, "honest Content-Length");
            assert_eq!(bytes.as_ref(), attachment_bytes(file).as_slice());
            if bytes.starts_with(&[0xFF, 0xD8]) {
                photos += 1;
            } else {
                assert!(
                    bytes.starts_with(b"%PDF-1.4") && xref_is_sound(&bytes),
                    "{file}"
                );
            }
        }
    }
    assert!(photos > 0, "reports carry JPEG photos");
    let owner = p
        .sim
        .generated()
        .into_iter()
        .find(|g| !g.files.is_empty() && g.number > 1)
        .unwrap();
    let other = format!(
        "/applications/00000000-0000-4000-8000-000000000000/attachments/{}",
        owner.files[0]
    );
    assert_eq!(p.get(&other).await.body, json!(["Attachment not found"]));
}

#[tokio::test]
async fn the_citizen_withdraws_and_new_applications_arrive() {
    let p = start(SimConfig {
        applications: 30,
        ..quiet()
    })
    .await;
    let id = p.sim.generated()[0].id.clone();
    assert!(p.sim.citizen_withdraws(&id));
    assert!(!p.sim.citizen_withdraws(&id), "only once");
    let now = p.get(&format!("/applications/{id}")).await.body;
    assert_eq!(
        (now["status"].as_str(), now["status_name"].as_str()),
        (Some("20000"), Some("status_withdraw"))
    );
    let new = p.sim.add_applications(5);
    assert_eq!(p.sim.applications_count(), 35);
    let all = p.all("").await;
    assert_eq!(all.len(), 35);
    let last: Vec<&str> = all[30..]
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        last,
        new.iter().map(String::as_str).collect::<Vec<_>>(),
        "newest last"
    );
}
