//! Each fault at its configured share: with a fixed seed the simulator's count equals what the
//! seeded streams predict ([`expected`]), and the client sees exactly that many.

use std::time::Duration;

use serde_json::{json, Value};
use sportello_portal_sim::{expected, Fault, SimConfig};

use crate::{quiet, start, start_with_timeout, Portal};

/// The simulator injected exactly what its stream predicts for the draws it made.
fn as_predicted(p: &Portal, config_seed: u64, fault: Fault, share: f64) -> u64 {
    let injected = p.sim.injected(fault);
    assert_eq!(
        injected,
        expected(config_seed, fault, share, p.sim.draws(fault)),
        "{fault:?}"
    );
    injected
}

/// `n` reads of one application: how many answers were not a good JSON object.
async fn reads(p: &Portal, n: usize, bad: impl Fn(&crate::Answer) -> bool) -> u64 {
    let id = p.sim.generated()[0].id.clone();
    let mut seen = 0;
    for _ in 0..n {
        seen += u64::from(bad(&p.get(&format!("/applications/{id}?version=2")).await));
    }
    seen
}

#[tokio::test]
async fn a_share_of_answers_is_a_503() {
    let config = SimConfig {
        fail_5xx: 0.2,
        ..quiet()
    };
    let p = start(config.clone()).await;
    let seen = reads(&p, 200, |a| a.status == 503).await;
    let injected = as_predicted(&p, config.seed, Fault::FiveXx, 0.2);
    assert_eq!(p.sim.failures(), injected);
    // Logins drew too: every 503 the client saw is one injected.
    assert!(
        seen <= injected && injected - seen <= 50,
        "{seen} {injected}"
    );
    assert!((25..=60).contains(&seen), "about a fifth of 200: {seen}");
}

#[tokio::test]
async fn a_share_of_answers_is_cut_in_half_or_not_json() {
    let config = SimConfig {
        truncate: 0.1,
        malformed: 0.1,
        ..quiet()
    };
    let p = start(config.clone()).await;
    let truncated = reads(&p, 200, |a| {
        a.status == 200 && a.body.as_str().is_some_and(|t| t.starts_with('{'))
    })
    .await;
    let malformed = p.sim.injected(Fault::Malformed);
    assert_eq!(
        truncated,
        as_predicted(&p, config.seed, Fault::Truncate, 0.1)
    );
    assert!((8..=35).contains(&truncated), "{truncated}");
    // Malformed is drawn only when not truncated: its stream's count is predicted the same way.
    assert_eq!(
        malformed,
        as_predicted(&p, config.seed, Fault::Malformed, 0.1)
    );
    assert!(malformed > 0);
}

#[tokio::test]
async fn a_share_of_connections_is_dropped_without_an_answer() {
    let config = SimConfig {
        drop: 0.15,
        ..quiet()
    };
    let p = start(config.clone()).await;
    let dropped = reads(&p, 100, |a| a.status == 0).await;
    let injected = as_predicted(&p, config.seed, Fault::Drop, 0.15);
    assert!(
        dropped > 0 && dropped <= injected && injected - dropped <= 20,
        "{dropped} {injected}"
    );
}

#[tokio::test]
async fn a_share_of_requests_hangs_until_the_client_gives_up() {
    let config = SimConfig {
        timeout: 0.2,
        hang: Duration::from_secs(30),
        ..quiet()
    };
    let p = start_with_timeout(config.clone(), Duration::from_millis(300)).await;
    let hung = reads(&p, 30, |a| a.status == 0).await;
    let injected = as_predicted(&p, config.seed, Fault::Timeout, 0.2);
    assert!(hung > 0 && hung <= injected, "{hung} {injected}");
}

#[tokio::test]
async fn latency_is_added_to_every_request() {
    let p = start(SimConfig {
        latency: Duration::from_millis(40),
        ..quiet()
    })
    .await;
    let started = std::time::Instant::now();
    reads(&p, 3, |_| false).await;
    assert!(started.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn a_zero_ttl_expires_every_token_at_once() {
    let config = SimConfig {
        token_ttl: Duration::ZERO,
        ..quiet()
    };
    let p = start(config).await;
    let answer = p.get("/applications?version=2").await;
    assert_eq!(
        (answer.status, answer.body["code"].as_i64()),
        (401, Some(401))
    );
}

#[tokio::test]
async fn pages_repeat_an_item_or_come_shuffled() {
    let config = SimConfig {
        applications: 100,
        duplicate: 0.5,
        reorder: 0.5,
        ..quiet()
    };
    let p = start(config.clone()).await;
    let mut repeated = 0;
    let mut shuffled = 0;
    let mut previous: Option<Value> = None;
    for offset in (0..100).step_by(10) {
        let page = p
            .get(&format!("/applications?version=2&limit=10&offset={offset}"))
            .await
            .body;
        let items = page["data"].as_array().unwrap().clone();
        let times: Vec<i64> = items
            .iter()
            .map(|a| a["creation_time"].as_i64().unwrap())
            .collect();
        if let Some(prev) = &previous {
            repeated += u64::from(items.iter().any(|a| prev.as_array().unwrap().contains(a)));
        }
        shuffled += u64::from(times.windows(2).any(|w| w[0] > w[1]));
        previous = Some(json!(items));
    }
    assert_eq!(
        repeated,
        as_predicted(&p, config.seed, Fault::Duplicate, 0.5)
    );
    assert!(repeated > 0);
    let reordered = as_predicted(&p, config.seed, Fault::Reorder, 0.5);
    assert!(
        shuffled <= reordered && reordered > 0 && shuffled > 0,
        "{shuffled} {reordered}"
    );
}

#[tokio::test]
async fn a_share_of_downloads_has_bad_bytes() {
    let config = SimConfig {
        bad_hash: 0.3,
        ..quiet()
    };
    let p = start(config.clone()).await;
    let app = p
        .sim
        .generated()
        .into_iter()
        .find(|g| !g.files.is_empty())
        .unwrap();
    let url = format!(
        "{}/applications/{}/attachments/{}?version=2",
        p.base, app.id, app.files[0]
    );
    let good = sportello_portal_sim::attachment_bytes(&app.files[0]);
    let mut bad = 0;
    for _ in 0..60 {
        // A short body fails the request (or its reading): the client never gets the bytes.
        let bytes = match p.http.get(&url).bearer_auth(&p.token).send().await {
            Ok(response) => response.bytes().await.ok(),
            Err(_) => None,
        };
        bad += u64::from(bytes.is_none_or(|b| b.as_ref() != good.as_slice()));
    }
    assert_eq!(bad, as_predicted(&p, config.seed, Fault::BadHash, 0.3));
    assert!((8..=30).contains(&bad), "{bad}");
}

#[tokio::test]
async fn a_lost_answer_means_the_action_was_applied_all_the_same() {
    let config = SimConfig {
        lost_answer: 1.0,
        ..quiet()
    };
    let p = start(config).await;
    let id = p.sim.generated()[0].id.clone();
    let first = p.transition(&id, "assign", &Value::Null).await;
    assert!(first.status == 503 || first.status == 0, "{first:?}");
    assert_eq!(p.sim.status(&id).as_deref(), Some("4000"), "applied");
    // A naive client retries: delivered twice, and the simulator says so.
    p.transition(&id, "assign", &Value::Null).await;
    assert_eq!(p.sim.applied(&id, "assign"), 2);
    let calls = p.sim.transitions(&id);
    assert!(calls.iter().all(|t| t.answer_lost));
    assert_eq!(
        calls.iter().map(|t| t.duplicate).collect::<Vec<_>>(),
        [false, true]
    );
    // A message post too: stored, though the poster heard nothing good.
    let posted = p
        .post(
            &format!("/applications/{id}/messages"),
            &json!({"message": "Avviso"}),
        )
        .await;
    assert_ne!(posted.status, 201);
    assert!(p
        .sim
        .messages(&id)
        .last()
        .is_some_and(|m| m.answer_lost && m.message == "Avviso"));
}
