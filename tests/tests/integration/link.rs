//! The portal link against the portal simulator over real HTTP, on the test's database (SQLite, or
//! PostgreSQL with SPORTELLO_TEST_DATABASE=postgres): submissions arrive once, registered, with the
//! clock from the portal's submission time; what cannot be read waits in the quarantine; decisions
//! and receipts reach the portal exactly once, faults or not; one link runs at a time.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::link::{Delivery, DeliveryState};
use sportello_domain::user::Role;
use sportello_domain::workflow::Action;
use sportello_portal::client::Patience;
use sportello_portal::mapping::Mappings;
use sportello_portal_sim::{serve, Kind, RuleBreak, SimConfig, SimHandle};
use sportello_sync::{Link, LinkConfig, LinkError};

use sportello_domain::clock::FixedClock;

use crate::helpers::TestDb;

const WHO: Principal = Principal::System;

pub(crate) async fn sim(config: SimConfig) -> SimHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (handle, _task) = serve(listener, config);
    handle
}

pub(crate) fn link(app: &Sportello, sim: &SimHandle, holder: &str) -> Link {
    link_waiting(app, sim, holder, Duration::from_secs(2))
}

/// The same, giving up on a request after `timeout` (the fault suite's hanging requests).
fn link_waiting(app: &Sportello, sim: &SimHandle, holder: &str, timeout: Duration) -> Link {
    let mut config = LinkConfig::new(
        &sim.base_url(),
        "operatore",
        "portale-di-prova",
        Mappings::shipped().unwrap(),
    );
    config.patience = Patience {
        timeout,
        attempts: 3,
        backoff: Duration::from_millis(5),
    };
    config.retry_base = chrono::Duration::zero();
    holder.clone_into(&mut config.holder);
    Link::new(app.clone(), config).unwrap()
}

/// Runs full syncs until nothing is left to deliver and the last run read everything (at most
/// `max` runs); returns how many it took.
pub(crate) async fn settle(link: &mut Link, app: &Sportello, max: usize) -> usize {
    for n in 1..=max {
        let run = link.run_once(true, &|_| {}).await;
        let waiting = app.outbox(&WHO, false, 10_000).await.unwrap();
        // Settled: a run that read everything and postponed nothing, and nothing left to send.
        if run.is_ok_and(|r| r.error.is_none() && r.failed == 0) && waiting.is_empty() {
            return n;
        }
    }
    let waiting = app.outbox(&WHO, false, 10_000).await.unwrap();
    panic!("not settled after {max} runs: {waiting:?}");
}

/// The portal id → submission id of everything ingested.
pub(crate) async fn ingested(app: &Sportello) -> HashMap<String, i64> {
    let rows = app.list_submissions(&WHO, None).await.unwrap();
    let mut by_portal = HashMap::new();
    for r in rows {
        let portal = r
            .portal_id
            .expect("every submission here came from the portal");
        assert!(
            by_portal.insert(portal.clone(), r.id).is_none(),
            "{portal} ingested twice"
        );
    }
    by_portal
}

/// What the simulator generated that the link must ingest: listed, not a draft, and routable.
fn expected_ids(sim: &SimHandle) -> Vec<String> {
    sim.generated()
        .into_iter()
        .filter(|g| g.status() != "1000")
        .filter(|g| !matches!(g.kind, Kind::Hostile(h) if h.unroutable()))
        .map(|g| g.id)
        .collect()
}

/// Every ingested application got its protocol numbers and its receipt exactly once.
fn assert_intake_delivered_once(sim: &SimHandle, ids: &HashMap<String, i64>) {
    for portal in ids.keys() {
        // Withdrawn before the link saw it: the portal no longer takes its registration.
        let withdrawn_first = sim
            .generated()
            .iter()
            .any(|g| &g.id == portal && g.status() == "20000");
        let registers = usize::from(!withdrawn_first);
        assert_eq!(
            sim.applied(portal, "register"),
            registers,
            "{portal}: register"
        );
        let receipts: Vec<_> = sim
            .messages(portal)
            .into_iter()
            .filter(|m| m.message.contains("intake-receipt") && !m.from_citizen)
            .collect();
        assert_eq!(receipts.len(), 1, "{portal}: receipts");
        // As OPENCITY_API.md §6 has it: applicant-visible, the PDF attached in base64.
        let receipt = &receipts[0];
        assert_eq!(receipt.visibility, "applicant");
        assert!(receipt.message.contains("protocollata con il n."));
        assert_eq!(receipt.attachments.len(), 1, "{portal}: the receipt's PDF");
        let pdf = &receipt.attachments[0];
        assert_eq!(pdf.mime_type, "application/pdf");
        assert!(
            pdf.name.starts_with("ricevuta-")
                && std::path::Path::new(&pdf.name)
                    .extension()
                    .is_some_and(|e| e == "pdf"),
            "{}",
            pdf.name
        );
        assert!(pdf.bytes.starts_with(b"%PDF-"));
    }
}

#[tokio::test]
async fn portal_submissions_arrive_once_registered_with_the_portals_submission_time() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(SimConfig {
        applications: 60,
        hostile: 0.1,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    let first = link.run_once(true, &|_| {}).await.unwrap();
    assert_eq!(first.error, None);
    let expected = expected_ids(&sim);
    let ids = ingested(&app).await;
    assert_eq!(ids.len(), expected.len());
    assert!(expected.iter().all(|e| ids.contains_key(e)));
    assert_eq!(first.created, expected.len() as i64);
    // The clock starts at the portal's submitted_at, not at the sync.
    for (portal, id) in &ids {
        let value = sim.application(portal).unwrap();
        let submitted =
            chrono::DateTime::parse_from_rfc3339(value["submitted_at"].as_str().unwrap())
                .unwrap()
                .with_timezone(&Utc);
        let row = app
            .store()
            .list_submissions(&sportello_domain::policy::intake_scope(&WHO).unwrap(), None)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.id == *id)
            .unwrap();
        assert_eq!(row.received_at, submitted, "{portal}");
        // The case file's number went to the portal as the folder number.
        let Some(register) = sim
            .transitions(portal)
            .into_iter()
            .find(|t| t.action == "register" && t.applied)
        else {
            assert_eq!(sim.status(portal).as_deref(), Some("20000"), "{portal}");
            continue;
        };
        assert_eq!(
            register.body["protocol_folder_number"].as_str(),
            row.case_file.as_deref()
        );
        assert_eq!(
            register.body["protocol_number"].as_str(),
            Some(row.protocol.as_str())
        );
    }
    assert_intake_delivered_once(&sim, &ids);
    // The unroutable ones wait in the quarantine, each with its reason.
    let quarantine = app.quarantine(&WHO, false, 100).await.unwrap();
    let unroutable: Vec<_> = sim
        .generated()
        .into_iter()
        .filter(|g| matches!(g.kind, Kind::Hostile(h) if h.unroutable()))
        .collect();
    assert_eq!(quarantine.len(), unroutable.len());
    assert!(
        !unroutable.is_empty(),
        "the data should hold hostile applications"
    );
    assert!(quarantine.iter().all(|q| !q.reason.is_empty()));
    // Delivered again: nothing new, nothing sent twice.
    let again = link.run_once(true, &|_| {}).await.unwrap();
    assert_eq!((again.created, again.updated, again.delivered), (0, 0, 0));
    assert_eq!(ingested(&app).await, ids);
    assert_intake_delivered_once(&sim, &ids);
}

#[tokio::test]
async fn rule_breaking_and_hostile_but_readable_submissions_are_ingested_and_flagged() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(SimConfig {
        applications: 80,
        hostile: 0.2,
        rule_breaking: 0.1,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    link.run_once(true, &|_| {}).await.unwrap();
    let ids = ingested(&app).await;
    let flagged = |id: i64| {
        let sql = format!("SELECT message FROM submission_flags WHERE submission_id = {id}");
        let desk = &db.store;
        async move { desk.texts(&sql).await }
    };
    let mut seen_kinds = 0;
    for g in sim.generated() {
        let Some(id) = ids.get(&g.id).copied() else {
            continue;
        };
        let flags = flagged(id).await;
        match g.kind {
            Kind::Regular => assert!(flags.is_empty(), "{}: {flags:?}", g.id),
            Kind::RuleBreaking(_) | Kind::Hostile(_) => {
                seen_kinds += 1;
                assert!(!flags.is_empty(), "{} ({:?}) not flagged", g.id, g.kind);
            }
        }
    }
    assert!(seen_kinds >= 4, "only {seen_kinds} flagged kinds generated");
    // The officer sees them in the detail, with the case file and the portal id.
    let officer = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let broken = sim
        .generated()
        .into_iter()
        .find(|g| g.kind == Kind::RuleBreaking(RuleBreak::ExpiredRegistration))
        .expect("an expired contract registration among the generated applications");
    let id = ids[&broken.id];
    let detail = db
        .store
        .detail(&officer, id, &FixedClock(Utc::now()))
        .await
        .unwrap();
    assert_eq!(detail.portal_id.as_deref(), Some(broken.id.as_str()));
    assert!(detail.case_file.is_some_and(|c| c.contains('/')));
    assert!(
        detail
            .flags
            .iter()
            .any(|f| f.field == "scadenza_registrazione" && f.message.contains("scadut")),
        "{:?}",
        detail.flags
    );
}

#[tokio::test]
async fn a_decision_reaches_the_portal_once_after_the_assignment() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let sim = sim(SimConfig {
        applications: 5,
        hostile: 0.0,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    settle(&mut link, &app, 5).await;
    // Application 0 is a clean certificate request.
    let portal = sim.generated()[0].id.clone();
    let id = ingested(&app).await[&portal];
    db.register_subject_of(id).await;
    let today = FixedClock(Utc::now());
    db.store
        .apply_action(&officer, id, &Action::TakeInCharge, &today)
        .await
        .unwrap();
    let approve = Action::Approve {
        reason: "Requisiti verificati.".into(),
    };
    db.store
        .apply_action(&officer, id, &approve, &today)
        .await
        .unwrap();
    let waiting = app.outbox(&WHO, false, 100).await.unwrap();
    assert_eq!(
        waiting.iter().map(|i| i.delivery).collect::<Vec<_>>(),
        [Delivery::Assign, Delivery::StartNotice, Delivery::Accept]
    );
    settle(&mut link, &app, 5).await;
    // The start notice (art. 8) reached the citizen once, as a message with its letter.
    let starts: Vec<_> = sim
        .messages(&portal)
        .into_iter()
        .filter(|m| m.message.contains("avvio del procedimento"))
        .collect();
    assert_eq!(starts.len(), 1);
    assert_eq!(starts[0].attachments.len(), 1);
    assert!(starts[0].attachments[0].bytes.starts_with(b"%PDF"));
    assert_eq!(sim.applied(&portal, "assign"), 1);
    assert_eq!(sim.applied(&portal, "accept"), 1);
    assert_eq!(sim.status(&portal).as_deref(), Some("7000"));
    let accept = sim
        .transitions(&portal)
        .into_iter()
        .find(|t| t.action == "accept")
        .unwrap();
    assert_eq!(accept.body["message"], "Requisiti verificati.");
    let letter = accept.body["attachments"][0]["file"].as_str().unwrap();
    assert!(
        letter.len() > 1000,
        "the signed letter travels with the decision"
    );
    let all = app.outbox(&WHO, true, 100).await.unwrap();
    assert!(all.iter().all(|i| i.state == DeliveryState::Delivered));
}

#[tokio::test]
async fn faults_on_the_portal_lose_nothing_and_deliver_nothing_twice() {
    // Randomized runs: each seed draws other faults at other moments (SPORTELLO_FAULT_SEEDS=N for
    // more seeds than the default six).
    let seeds: u64 = std::env::var("SPORTELLO_FAULT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    for seed in (0..seeds).map(|n| 7 + n * 16) {
        // A fresh database per seed: the simulator's ids repeat from one seed to the next.
        let db = TestDb::new().await;
        let app = db.store.app.clone();
        let officer = db
            .user("m.rossi", Role::Operatore, Some("demografici"))
            .await;
        let sim = sim(SimConfig {
            applications: 30,
            seed,
            fail_5xx: 0.1,
            drop: 0.05,
            truncate: 0.05,
            malformed: 0.05,
            duplicate: 0.2,
            reorder: 0.5,
            bad_hash: 0.05,
            lost_answer: 0.25,
            timeout: 0.01,
            hang: Duration::from_secs(2),
            latency: Duration::from_millis(1),
            token_ttl: Duration::from_millis(300),
            ..SimConfig::default()
        })
        .await;
        let mut link = link_waiting(&app, &sim, "host-a:1", Duration::from_millis(300));
        settle(&mut link, &app, 40).await;
        let ids = ingested(&app).await;
        assert_eq!(ids.len(), expected_ids(&sim).len(), "seed {seed}");
        assert_intake_delivered_once(&sim, &ids);
        // Some decisions too, delivered through the same faults.
        let mut decided = Vec::new();
        for (portal, id) in ids.iter().take(6) {
            let today = FixedClock(Utc::now());
            let detail = db.store.detail(&officer, *id, &today).await;
            if detail.is_err() {
                continue; // another department's
            }
            if db
                .store
                .apply_action(&officer, *id, &Action::TakeInCharge, &today)
                .await
                .is_err()
            {
                continue; // withdrawn by the citizen
            }
            let reject = Action::RejectInadmissible {
                reason: "Domanda duplicata.".into(),
            };
            if db
                .store
                .apply_action(&officer, *id, &reject, &today)
                .await
                .is_ok()
            {
                decided.push(portal.clone());
            }
        }
        settle(&mut link, &app, 40).await;
        for portal in &decided {
            assert_eq!(sim.applied(portal, "assign"), 1, "seed {seed} {portal}");
            assert_eq!(sim.applied(portal, "reject"), 1, "seed {seed} {portal}");
        }
        assert!(
            sim.injected(sportello_portal_sim::Fault::LostAnswer) > 0,
            "seed {seed}: the faults should have bitten"
        );
    }
}

#[tokio::test]
async fn one_link_runs_at_a_time() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(SimConfig {
        applications: 3,
        ..SimConfig::default()
    })
    .await;
    let first = link(&app, &sim, "host-a:1");
    first.hold_lease().await.unwrap();
    let mut second = link(&app, &sim, "host-b:2");
    match second.run_once(true, &|_| {}).await {
        Err(LinkError::Busy(holder)) => assert_eq!(holder, "host-a:1"),
        other => panic!("expected the lease to be held: {other:?}"),
    }
    // A holder of this host whose process is gone is replaced at once.
    let mut third = link(&app, &sim, &format!("{}:{}", "host-a", std::process::id()));
    let stale = link(&app, &sim, "host-a:999999999");
    first.release().await.unwrap();
    stale.hold_lease().await.unwrap();
    third.run_once(true, &|_| {}).await.unwrap();
    // Released, the other host takes it.
    third.release().await.unwrap();
    second.run_once(true, &|_| {}).await.unwrap();
}

#[tokio::test]
async fn a_quarantined_application_is_ingested_after_the_mapping_is_fixed() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(SimConfig {
        applications: 10,
        hostile: 0.0,
        ..SimConfig::default()
    })
    .await;
    // A Comune whose mapping file lacks the certificate service.
    let mut partial = Mappings::shipped().unwrap();
    partial
        .services
        .retain(|s| s.catalogue != "certificato-anagrafico");
    let mut config = LinkConfig::new(&sim.base_url(), "operatore", "portale-di-prova", partial);
    config.retry_base = chrono::Duration::zero();
    let mut broken = Link::new(app.clone(), config).unwrap();
    broken.run_once(true, &|_| {}).await.unwrap();
    broken.release().await.unwrap();
    let held = app.quarantine(&WHO, false, 100).await.unwrap();
    assert!(!held.is_empty());
    assert!(held.iter().all(|q| q.reason.contains("no mapping")));
    // The fix: the full mapping file, then a retry of the quarantine.
    let mut fixed = link(&app, &sim, "host-a:1");
    let payloads = app.quarantined_payloads(&WHO, None).await.unwrap();
    let outcomes = fixed.reingest(payloads).await.unwrap();
    assert!(outcomes.iter().all(|(_, id)| id.is_some()), "{outcomes:?}");
    assert!(app.quarantine(&WHO, false, 100).await.unwrap().is_empty());
    let resolved = app.quarantine(&WHO, true, 100).await.unwrap();
    assert!(resolved
        .iter()
        .all(|q| q.resolved_at.is_some() && q.submission_id.is_some()));
    assert_eq!(ingested(&app).await.len(), expected_ids(&sim).len());
}

#[tokio::test]
async fn a_withdrawal_on_the_portal_is_recorded_on_the_submission() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(SimConfig {
        applications: 4,
        hostile: 0.0,
        withdrawn: 0.0,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    settle(&mut link, &app, 5).await;
    let portal = sim.generated()[0].id.clone();
    assert!(sim.citizen_withdraws(&portal));
    let run = link.run_once(true, &|_| {}).await.unwrap();
    assert_eq!(run.updated, 1);
    let id = ingested(&app).await[&portal];
    let events = db
        .store
        .texts(&format!(
            "SELECT event, to_state, actor_name FROM history WHERE submission_id = {id} ORDER BY id"
        ))
        .await;
    let last = events.last().unwrap();
    assert_eq!(
        (last[0].as_str(), last[1].as_str(), last[2].as_str()),
        ("withdraw", "withdrawn", "Il cittadino, sul portale"),
        "{events:?}"
    );
    // Withdrawn: the citizen's act, registered as incoming; nothing goes back to the portal.
    let incoming = db
        .store
        .count(&format!(
            "SELECT COUNT(*) FROM protocol_registrations WHERE submission_id = {id} AND direction = 'incoming'"
        ))
        .await;
    assert_eq!(incoming, 2);
    assert!(app.outbox(&WHO, false, 10).await.unwrap().is_empty());
}

/// Shared mode: the sync runs as its own login role, a member of sportello_system (never a
/// user's), and everything it does passes the server's rules (migrations 0010-0011).
#[tokio::test]
async fn on_the_server_the_link_runs_under_its_own_system_role() {
    let db = TestDb::new().await;
    let Some(pool) = db.store.raw().postgres_pool() else {
        return; // PostgreSQL only
    };
    let url = std::fs::read_to_string(db.dir.path().join("url")).unwrap();
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(pool)
        .await
        .unwrap();
    let role = format!("{database}_sync");
    sqlx::query(&format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD 'sync-di-prova' IN ROLE sportello_system"
    ))
    .execute(pool)
    .await
    .unwrap();
    // The demo's Comune, for the receipts' letterhead (IT configures it once).
    sportello_issuance::config::load_demo(db.store.raw())
        .await
        .unwrap();
    let store = sportello_store::Store::open_as_user(&url, &role, "sync-di-prova")
        .await
        .unwrap();
    let app = Sportello::new(store).await.unwrap();
    let sim = sim(SimConfig {
        applications: 12,
        hostile: 0.2,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "server:1");
    let run = link.run_once(true, &|_| {}).await.unwrap();
    assert_eq!(run.error, None);
    let held = app.quarantine(&WHO, true, 100).await;
    assert!(run.created > 0, "{run:?} {held:?}");
    assert_eq!(ingested(&app).await.len(), expected_ids(&sim).len());
    assert_intake_delivered_once(&sim, &ingested(&app).await);
    assert!(app.outbox(&WHO, false, 100).await.unwrap().is_empty());
    sqlx::query(&format!("DROP OWNED BY \"{role}\""))
        .execute(pool)
        .await
        .ok();
}

/// Issue 12, point 3: the officer writes to the citizen and leaves an internal note; the link
/// delivers each once, escaped, with its visibility, and the portal's `sent_at` becomes the
/// message's delivery date. A counter submission has no portal to write through.
#[tokio::test]
async fn the_officers_messages_reach_the_portal_once_with_their_visibility() {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let who = Principal::User(officer.clone());
    let sim = sim(SimConfig {
        applications: 3,
        hostile: 0.0,
        lost_answer: 0.5,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    settle(&mut link, &app, 10).await;
    let portal = sim.generated()[0].id.clone();
    let id = ingested(&app).await[&portal];
    let to_citizen = sportello_domain::message::NewMessage {
        text: "Gentile cittadino,\nmanca la copia del documento.\n\n<b>Grazie</b>".into(),
        internal: false,
        attachments: Vec::new(),
    };
    let note = sportello_domain::message::NewMessage {
        text: "Verificare in anagrafe.".into(),
        internal: true,
        attachments: Vec::new(),
    };
    let now = Utc::now();
    app.write_message(&who, id, &to_citizen, now).await.unwrap();
    let written = app.write_message(&who, id, &note, now).await.unwrap();
    // Beside the receipt the link sent as a message, the officer's two, waiting.
    let officers: Vec<_> = written
        .iter()
        .filter(|m| m.kind == sportello_domain::message::MessageKind::Message)
        .collect();
    assert_eq!(officers.len(), 2, "{written:?}");
    assert!(officers.iter().all(|m| m.sent_at.is_none()));
    settle(&mut link, &app, 10).await;
    let ours: Vec<_> = sim
        .messages(&portal)
        .into_iter()
        .filter(|m| m.message.contains("-message-"))
        .collect();
    assert_eq!(ours.len(), 2, "{ours:?}");
    let applicant = ours.iter().find(|m| m.visibility == "applicant").unwrap();
    assert!(applicant
        .message
        .starts_with("<p>Gentile cittadino,<br>manca la copia del documento.</p><p>&lt;b&gt;Grazie&lt;/b&gt;</p>"));
    assert!(ours.iter().any(|m| m.visibility == "internal"));
    let detail = db
        .store
        .detail(&officer, id, &FixedClock(Utc::now()))
        .await
        .unwrap();
    let citizen_message = detail.messages.iter().find(|m| !m.internal).unwrap();
    assert!(
        citizen_message.sent_at.is_some(),
        "the portal's sent_at is the delivery date"
    );
    // The citizen answers on the portal: the next full run keeps it, as text, in the citizen's name.
    sim.citizen_comments(&portal, "<p>Ecco il documento.<br>Grazie</p>", Vec::new())
        .unwrap();
    let run = link.run_once(true, &|_| {}).await;
    assert!(run.is_ok(), "{run:?}");
    let detail = db
        .store
        .detail(&officer, id, &FixedClock(Utc::now()))
        .await
        .unwrap();
    let answers: Vec<_> = detail.messages.iter().filter(|m| m.incoming).collect();
    assert_eq!(answers.len(), 1, "{:?}", detail.messages);
    assert_eq!(answers[0].text, "Ecco il documento.\nGrazie");
    assert_eq!(answers[0].author, "Il cittadino");
    // Read again, it is not kept twice.
    link.run_once(true, &|_| {}).await.unwrap();
    let again = db
        .store
        .detail(&officer, id, &FixedClock(Utc::now()))
        .await
        .unwrap();
    assert_eq!(again.messages.iter().filter(|m| m.incoming).count(), 1);
    // A submission entered at the counter has no portal conversation.
    let counter = db.received(2026, 2, 2).await;
    let refused = app
        .write_message(&who, counter, &to_citizen, now)
        .await
        .unwrap_err();
    assert!(sportello_domain::AppError::from(refused)
        .message
        .contains("non è arrivata dal portale"));
}
