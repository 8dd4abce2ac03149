//! `kill -9` of `sportello sync` at random points, at least 50 times, while applications keep
//! arriving on the portal and officers keep deciding: after a last clean run, every application is
//! ingested exactly once and every registration, receipt and decision reached the portal exactly
//! once. The portal is the simulator (in this test's process, over real HTTP); the database is a
//! real SQLite file shared by the killed processes and this test's officers.
#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::clock::FixedClock;
use sportello_domain::user::{NewUser, Role};
use sportello_domain::workflow::Action;
use sportello_portal_sim::{serve, Kind, SimConfig, SimHandle};
use sportello_store::Store;

/// At least this many processes killed mid-run.
const KILLS: usize = 50;

fn sync(url: &str, portal: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sportello"));
    c.args(["sync", "--once", "--full", "--json", "--retry-after", "0"])
        .args(["--portal", portal])
        .env("SPORTELLO_DATABASE_URL", url)
        .env("SPORTELLO_PORTAL_USER", "operatore")
        .env("SPORTELLO_PORTAL_PASSWORD", "portale-di-prova")
        .env("SPORTELLO_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// A small deterministic generator for the kill times.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn expected(sim: &SimHandle) -> HashSet<String> {
    sim.generated()
        .into_iter()
        .filter(|g| g.status() != "1000" && g.status() != "20000")
        .filter(|g| !matches!(g.kind, Kind::Hostile(h) if h.unroutable()))
        .map(|g| g.id)
        .collect()
}

/// The register knows the person request `id` is about (the portal's requests name anyone), unmarried
/// and alone in a family of their own, as approving it requires.
async fn register_subject(app: &Sportello, form: &serde_json::Value, id: i64) {
    let store = app.store();
    let mut resident = store.resident("RSSMRA85T10A562S").await.unwrap().unwrap();
    let subject = form["intestatario"].as_str().unwrap();
    resident.person.fiscal_code = sportello_domain::FiscalCode::parse(subject).unwrap();
    resident.person.civil_status = sportello_domain::certificate::CivilStatus::Unmarried;
    resident.family_id = 1000 + id;
    store.put_resident(&resident, false).await.unwrap();
}

/// Officers decide a few of the ingested certificate requests (in this process, on the same file).
async fn decide_some(app: &Sportello, officer: &Principal, decided: &mut HashMap<String, String>) {
    let rows = app
        .list_submissions(&Principal::System, None)
        .await
        .unwrap();
    let today = FixedClock(Utc::now());
    for row in rows
        .iter()
        .filter(|r| r.service == "certificato-anagrafico" && r.state.as_str() == "received")
        .take(2)
    {
        let portal = row.portal_id.clone().unwrap();
        // Approved after being taken in charge, or found inadmissible as it arrived.
        let done = if decided.len() % 2 == 0 {
            match app
                .act(officer, row.id, &Action::TakeInCharge, &today)
                .await
            {
                Ok(detail) => {
                    register_subject(app, &detail.form, row.id).await;
                    let approve = Action::Approve {
                        reason: "Verificato.".into(),
                    };
                    app.act(officer, row.id, &approve, &today)
                        .await
                        .map(|_| "accept")
                }
                Err(e) => Err(e),
            }
        } else {
            let inadmissible = Action::RejectInadmissible {
                reason: "Domanda ripetuta.".into(),
            };
            app.act(officer, row.id, &inadmissible, &today)
                .await
                .map(|_| "reject")
        };
        match done {
            Ok(transition) => {
                decided.insert(portal, transition.to_owned());
            }
            Err(e) => eprintln!("decision on {} not made: {e:?}", row.id),
        }
    }
}

/// Whether the latest run (unfinished) has begun delivering: something delivered since it started.
async fn delivering(app: &Sportello) -> bool {
    let Ok(Some(run)) = app.last_sync_run(&Principal::System, false).await else {
        return false;
    };
    if run.finished_at.is_some() {
        return false;
    }
    let items = app
        .outbox(&Principal::System, true, 1_000_000)
        .await
        .unwrap();
    items
        .iter()
        .any(|i| i.delivered_at.is_some_and(|d| d >= run.started_at))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_kills_of_the_sync_lose_nothing_and_send_nothing_twice() {
    let seed: u64 = std::env::var("SPORTELLO_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    eprintln!("kill seed {seed} (SPORTELLO_KILL_SEED to repeat)");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sync.db").display());
    let store = Store::open(&url).await.unwrap();
    // The virtual stamp and the sample family: approving a request runs ANPR's checks.
    sportello_issuance::config::load_demo(&store).await.unwrap();
    sportello_issuance::register_sample_family(&store, 1)
        .await
        .unwrap();
    let app = Sportello::new(store).await.unwrap();
    let officer = app
        .create_user(
            &Principal::System,
            &NewUser {
                username: "m.rossi".into(),
                full_name: "Mario Rossi".into(),
                role: Role::Operatore,
                department: Some("demografici".into()),
                password: "password-di-prova".into(),
            },
        )
        .await
        .unwrap();
    let officer = Principal::User(officer.actor());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (sim, _task) = serve(
        listener,
        SimConfig {
            applications: 60,
            seed,
            base_date: Utc::now(),
            latency: Duration::from_millis(2),
            lost_answer: 0.1,
            fail_5xx: 0.03,
            ..SimConfig::default()
        },
    );
    let portal = sim.base_url();
    let mut rng = Lcg(seed);
    let mut decided = HashMap::new();
    let (mut killed, mut runs) = (0, 0);
    let (mut during_ingest, mut during_delivery) = (0, 0);
    while killed < KILLS {
        runs += 1;
        assert!(
            runs < KILLS * 3,
            "only {killed} runs were killed mid-way in {runs}"
        );
        // The portal keeps receiving, the office keeps deciding.
        sim.add_applications(2);
        if runs % 4 == 0 {
            decide_some(&app, &officer, &mut decided).await;
        }
        let mut child = sync(&url, &portal).spawn().unwrap();
        if runs % 2 == 0 {
            // At a random moment.
            tokio::time::sleep(Duration::from_millis(30 + rng.below(400))).await;
        } else {
            // Once it delivers: as soon as this run has delivered something, a moment later.
            for _ in 0..300 {
                if delivering(&app).await {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            tokio::time::sleep(Duration::from_millis(rng.below(25))).await;
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
            child.wait().unwrap();
            if delivering(&app).await {
                during_delivery += 1;
            } else {
                during_ingest += 1;
            }
        }
        child.wait().unwrap();
    }
    // A last run (or a few: lost answers are retried), uninterrupted.
    let mut clean = false;
    for _ in 0..10 {
        let out = sync(&url, &portal).stdout(Stdio::piped()).output().unwrap();
        let run: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        let waiting = app
            .outbox(&Principal::System, false, 100_000)
            .await
            .unwrap();
        // Settled: a run that read everything and postponed nothing, and nothing left to send.
        if out.status.success() && run["failed"] == 0 && waiting.is_empty() {
            clean = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(clean, "the outbox did not empty after the kills");
    eprintln!(
        "{killed} kills in {runs} runs ({during_ingest} during ingest, {during_delivery} during delivery); {} decisions",
        decided.len()
    );
    assert!(
        during_ingest >= 5 && during_delivery >= 5,
        "the kills should land in both phases: {during_ingest} during ingest, {during_delivery} during delivery"
    );
    let rows = app
        .list_submissions(&Principal::System, None)
        .await
        .unwrap();
    let mut seen = HashSet::new();
    for r in &rows {
        let portal_id = r.portal_id.clone().unwrap();
        assert!(seen.insert(portal_id.clone()), "{portal_id} ingested twice");
    }
    let want = expected(&sim);
    assert!(
        want.is_subset(&seen),
        "missing: {:?}",
        want.difference(&seen)
    );
    let withdrawn_first: HashSet<String> = sim
        .generated()
        .into_iter()
        .filter(|g| g.status() == "20000")
        .map(|g| g.id)
        .collect();
    for id in &seen {
        // Withdrawn before the link saw it: the portal no longer takes its registration.
        let registers = usize::from(!withdrawn_first.contains(id));
        assert_eq!(sim.applied(id, "register"), registers, "{id}: register");
        let receipts = sim
            .messages(id)
            .iter()
            .filter(|m| m.message.contains("intake-receipt"))
            .count();
        assert_eq!(receipts, 1, "{id}: receipts");
    }
    assert!(decided.len() >= 4, "only {} decisions made", decided.len());
    for (id, transition) in &decided {
        assert_eq!(sim.applied(id, "assign"), 1, "{id}: assign");
        assert_eq!(sim.applied(id, transition), 1, "{id}: {transition}");
    }
}
