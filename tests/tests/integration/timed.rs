//! The law's own effects (issue 13, points 2-4): an unanswered integration request lapses and the
//! review resumes without an invented answer; silence-consent accepts an undecided request once its
//! term runs out, with its attestation; one scheduler at a time; late decisions say so. Dates are
//! worked out by hand in each test, never by the code under test.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use sportello_application::{Principal, TimedRun, TIMED_LEASE};
use sportello_domain::policy;
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::{Action, State};
use sportello_domain::AppError;
use sportello_store::TimedReport;

use crate::helpers::*;

/// 09:30 UTC on the day, as the other tests' clock.
fn now(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).unwrap()
}

async fn run(db: &TestDb, at: DateTime<Utc>) -> TimedReport {
    match db
        .store
        .app
        .apply_timed_effects(&Principal::System, "test:1", at)
        .await
        .unwrap()
    {
        TimedRun::Done(report) => report,
        TimedRun::Busy(other) => panic!("lease held by {other}"),
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn registrations(db: &TestDb) -> i64 {
    db.store
        .count("SELECT COUNT(*) FROM protocol_registrations")
        .await
}

/// A certificate request received 2 Feb, taken 3 Feb, integration asked 5 Feb by m.rossi.
async fn asked_for_integration() -> (TestDb, Actor, i64) {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let ask = Action::RequestIntegration {
        reason: "Manca la marca da bollo".into(),
    };
    db.store
        .apply_action(&officer, id, &ask, &clock(2026, 2, 5))
        .await
        .unwrap();
    (db, officer, id)
}

#[tokio::test]
async fn an_unanswered_integration_request_lapses_and_the_review_resumes_without_an_invented_answer(
) {
    let (db, officer, id) = asked_for_integration().await;
    let before = registrations(&db).await;
    // Asked on 5 Feb: the 30 days end on 7 March.
    assert_eq!(run(&db, now(2026, 3, 6)).await, TimedReport::default());
    // The scheduler did not run for days: the lapse is still dated 7 March.
    let report = run(&db, now(2026, 3, 12)).await;
    assert_eq!(report.lapsed, 1, "{report:?}");
    let d = db
        .store
        .detail(&officer, id, &clock(2026, 3, 12))
        .await
        .unwrap();
    assert_eq!(d.state, State::InReview);
    let last = d.history.last().unwrap();
    assert_eq!(last.event, "integrationLapsed");
    assert_eq!(
        last.at.with_timezone(&chrono::Local).date_naive(),
        day(2026, 3, 7)
    );
    assert_eq!(last.protocol, None);
    assert!(last.text.as_deref().unwrap().contains("05/02/2026"));
    assert_eq!(registrations(&db).await, before, "no answer is invented");
    // 30 days from 2 Feb end on 4 March; the integration stood still for 30 days: 3 April.
    assert_eq!(d.clock.deadline, Some(day(2026, 4, 3)));
    // The officer may decide again; a second run changes nothing.
    assert!(d
        .allowed_actions
        .contains(&sportello_domain::workflow::ActionKind::Approve));
    assert_eq!(run(&db, now(2026, 3, 13)).await, TimedReport::default());
}

#[tokio::test]
async fn the_officer_resumes_early_with_a_reason_and_the_clock_restarts_that_day() {
    let (db, officer, id) = asked_for_integration().await;
    let before = registrations(&db).await;
    let resume = Action::ResumeReview {
        reason: "La marca risulta assolta in modo virtuale: non serve attendere.".into(),
    };
    let d = db
        .store
        .apply_action(&officer, id, &resume, &clock(2026, 2, 10))
        .await
        .unwrap();
    assert_eq!(d.state, State::InReview);
    assert_eq!(d.history.last().unwrap().event, "resumeReview");
    assert_eq!(
        registrations(&db).await,
        before,
        "nothing registered as the citizen's"
    );
    // 4 March plus the 5 days it stood still (5 to 10 February).
    assert_eq!(d.clock.deadline, Some(day(2026, 3, 9)));
    assert_eq!(run(&db, now(2026, 3, 20)).await.lapsed, 0);
}

async fn school_request(db: &TestDb, officer: &Actor) -> i64 {
    let mut new = certificate_request(at(2026, 2, 2));
    new.service = "iscrizione-servizi-scolastici".into();
    new.form = json!({
        "servizio": "Mensa scolastica",
        "alunno": "RSSMRA85T10A562S",
        "scuola": "Primaria Saffi, classe 2A"
    });
    let id = db.store.receive(&new, &clock(2026, 2, 2)).await.unwrap();
    db.store
        .apply_action(officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn silence_consent_accepts_an_undecided_request_at_its_deadline() {
    let db = TestDb::new().await;
    let officer = db.user("s.colombo", Role::Operatore, Some("scuola")).await;
    let id = school_request(&db, &officer).await;
    // Received 2 Feb, 30 days: the office may decide up to Wednesday 4 March.
    assert_eq!(run(&db, now(2026, 3, 4)).await, TimedReport::default());
    let reject = Action::Reject {
        reason: "Posti esauriti".into(),
    };
    let notice = Action::SendNotice {
        reason: "Posti esauriti".into(),
    };
    // On 5 March consent has formed, even before the scheduler records it.
    let refused = db
        .store
        .apply_action(&officer, id, &notice, &clock(2026, 3, 5))
        .await
        .unwrap_err();
    let message = AppError::from(refused).message;
    assert!(
        message.contains("silenzio-assenso") && message.contains("21-nonies"),
        "{message}"
    );

    let before = registrations(&db).await;
    let report = run(&db, now(2026, 3, 9)).await;
    assert_eq!(report.silence_consent, 1, "{report:?}");
    let d = db
        .store
        .detail(&officer, id, &clock(2026, 3, 9))
        .await
        .unwrap();
    assert_eq!(d.state, State::ApprovedBySilence);
    let last = d.history.last().unwrap();
    assert_eq!(last.event, "silenceConsent");
    assert_eq!(
        last.at.with_timezone(&chrono::Local).date_naive(),
        day(2026, 3, 5),
        "dated to its legal day"
    );
    assert!(last.protocol.is_some(), "the attestation is registered");
    assert_eq!(registrations(&db).await, before + 1);
    // The attestation of art. 20 c.2-bis, as the citizen reads it.
    let text = pdf_text(&db.store.document(id, "silenceConsent").await);
    assert!(
        text.contains(
            "Ai sensi dell'art. 20, comma 2-bis, L. 241/1990 si attesta che il termine di 30 giorni \
             per la conclusione del procedimento è decorso il 04/03/2026"
        ),
        "{text}"
    );
    assert!(text.contains("accolta per silenzio-assenso"), "{text}");
    // A later rejection is refused; nothing is applied twice.
    assert!(db
        .store
        .apply_action(&officer, id, &reject, &clock(2026, 3, 10))
        .await
        .is_err());
    assert_eq!(run(&db, now(2026, 3, 10)).await, TimedReport::default());
    assert_eq!(registrations(&db).await, before + 1);
}

#[tokio::test]
async fn two_runners_never_both_apply_the_terms() {
    let db = TestDb::new().await;
    let scope = policy::timed_scope(&Principal::System).unwrap();
    let other = db.workstation().await;
    let t = now(2026, 3, 9);
    assert!(other
        .raw()
        .take_lease(
            &scope,
            TIMED_LEASE,
            "altra-postazione:42",
            t,
            t + chrono::Duration::minutes(10)
        )
        .await
        .unwrap());
    let run = db
        .store
        .app
        .apply_timed_effects(&Principal::System, "questa:1", t)
        .await
        .unwrap();
    assert_eq!(run, TimedRun::Busy("altra-postazione:42".into()));
    // A user can never run it.
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let who = Principal::User(officer);
    assert!(db
        .store
        .app
        .apply_timed_effects(&who, "x", t)
        .await
        .is_err());
}

#[tokio::test]
async fn a_decision_after_the_deadline_states_the_legal_term_and_the_days_taken() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let approve = Action::Approve {
        reason: "Requisiti verificati".into(),
    };
    db.store
        .apply_action(&officer, id, &approve, &clock(2026, 3, 20))
        .await
        .unwrap();
    // Received 2 Feb, decided 20 March: 26 + 20 = 46 days, against a term of 30 (art. 2 c.9-quinquies).
    let text = pdf_text(&db.store.document(id, "approve").await);
    assert!(
        text.contains(
            "il termine previsto per la conclusione del procedimento è di 30 giorni e che il \
             termine effettivamente impiegato è di 46 giorni"
        ),
        "{text}"
    );
}

/// Art. 10-bis: the ten days count from the citizen's receipt. Notice sent 4 Feb (`noticed`),
/// received by PEC on 7 Feb: the window runs to 17 Feb, not 14 Feb.
#[tokio::test]
async fn the_observation_window_counts_from_the_day_the_citizen_received_the_notice() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.noticed(&officer).await;
    let receipt = Action::RecordNoticeReceipt {
        on: day(2026, 2, 7),
        note: "Ricevuta di avvenuta consegna PEC del 07/02/2026".into(),
    };
    db.store
        .apply_action(&officer, id, &receipt, &clock(2026, 2, 9))
        .await
        .unwrap();
    let reject = Action::ConfirmRejection {
        reason: "Requisiti non provati".into(),
        answer: String::new(),
    };
    let early = db
        .store
        .apply_action(&officer, id, &reject, &clock(2026, 2, 16))
        .await
        .unwrap_err();
    let message = AppError::from(early).message;
    assert!(message.contains("17/02/2026"), "{message}");
    let d = db
        .store
        .apply_action(&officer, id, &reject, &clock(2026, 2, 18))
        .await
        .unwrap();
    assert_eq!(d.state, State::Rejected);
}

/// Shared mode: the scheduler runs as its own login role, a member of sportello_system, and what
/// it does (lease, history, attestation, register, outbox) passes the server's rules.
#[tokio::test]
async fn on_the_server_the_scheduler_runs_under_the_system_role() {
    let db = TestDb::new().await;
    let Some(pool) = db.store.raw().postgres_pool() else {
        return; // PostgreSQL only
    };
    let officer = db.user("s.colombo", Role::Operatore, Some("scuola")).await;
    let id = school_request(&db, &officer).await;
    let url = std::fs::read_to_string(db.dir.path().join("url")).unwrap();
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(pool)
        .await
        .unwrap();
    let role = format!("{database}_termini");
    sqlx::query(&format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD 'termini-di-prova' IN ROLE sportello_system"
    ))
    .execute(pool)
    .await
    .unwrap();
    let store = sportello_store::Store::open_as_user(&url, &role, "termini-di-prova")
        .await
        .unwrap();
    let app = sportello_application::Sportello::new(store).await.unwrap();
    let run = app
        .apply_timed_effects(&Principal::System, "server:1", now(2026, 3, 9))
        .await
        .unwrap();
    let TimedRun::Done(report) = run else {
        panic!("{run:?}");
    };
    assert_eq!(report.silence_consent, 1, "{report:?}");
    let d = db
        .store
        .detail(&officer, id, &clock(2026, 3, 9))
        .await
        .unwrap();
    assert_eq!(d.state, State::ApprovedBySilence);
    app.store().close().await;
    sqlx::query(&format!("DROP OWNED BY \"{role}\""))
        .execute(pool)
        .await
        .ok();
}

/// Art. 21-nonies: after silence-consent the responsible officer may still annul the acceptance,
/// with reasons, within twelve months; the letter is registered as outgoing.
#[tokio::test]
async fn after_silence_consent_a_reasoned_self_annulment_remains() {
    let db = TestDb::new().await;
    let officer = db.user("s.colombo", Role::Operatore, Some("scuola")).await;
    let id = school_request(&db, &officer).await;
    assert_eq!(run(&db, now(2026, 3, 9)).await.silence_consent, 1);
    let annul = Action::Annul {
        reason: "La residenza dichiarata non sussiste: il servizio è riservato ai residenti."
            .into(),
    };
    let d = db
        .store
        .apply_action(&officer, id, &annul, &clock(2026, 6, 1))
        .await
        .unwrap();
    assert_eq!(d.state, State::Annulled);
    let last = d.history.last().unwrap();
    assert_eq!(last.event, "annul");
    assert!(last.protocol.is_some());
    let text = pdf_text(&db.store.document(id, "annul").await);
    assert!(
        text.contains("è annullato d'ufficio ai sensi dell'art. 21-nonies L. 241/1990"),
        "{text}"
    );
    assert!(
        text.contains("La residenza dichiarata non sussiste"),
        "{text}"
    );
}

/// Silence-consent on a portal request nobody took: the link assigns it (the portal accepts only
/// from its assigned operator), then delivers the acceptance with the attestation, once.
#[tokio::test]
async fn silence_consent_reaches_the_portal_as_its_acceptance() {
    use crate::link::{ingested, link, settle, sim};
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let sim = sim(sportello_portal_sim::SimConfig {
        applications: 30,
        hostile: 0.0,
        rule_breaking: 0.0,
        // Filed some 45 days ago, as the portal dates them.
        base_date: Utc::now() - chrono::Duration::days(45),
        ..sportello_portal_sim::SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    settle(&mut link, &app, 5).await;
    let school = sim
        .generated()
        .into_iter()
        .find(|g| g.service == "iscrizione-mensa-trasporto")
        .expect("the simulator files a school request among 30");
    let id = ingested(&app).await[&school.id];
    // Nobody decided within the 30 days: today consent has formed.
    let report = run(&db, Utc::now()).await;
    assert!(report.silence_consent >= 1, "{report:?}");
    let d = db.store.app.store().policy_facts(id).await.unwrap();
    assert_eq!(d.state, State::ApprovedBySilence);
    settle(&mut link, &app, 5).await;
    assert_eq!(sim.applied(&school.id, "assign"), 1);
    assert_eq!(sim.applied(&school.id, "accept"), 1);
    let accept = sim
        .transitions(&school.id)
        .into_iter()
        .find(|t| t.action == "accept")
        .unwrap();
    assert!(
        accept.body["message"]
            .as_str()
            .unwrap()
            .contains("silenzio-assenso"),
        "{}",
        accept.body
    );
    assert_eq!(accept.body["attachments"].as_array().unwrap().len(), 1);
}
