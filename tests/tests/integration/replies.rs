//! What the citizen writes back through the portal is registered as the citizen's document (issue
//! 12, point 2): against the portal simulator over real HTTP, on the test's database. The answer
//! to a request for integration and the observations on a 10-bis notice arrive as portal messages
//! with files; each is registered as incoming with the SHA-256 of what the citizen sent (computed
//! here from the bytes the simulator served, not by the code under test), dated on the clock and in
//! the history at the portal's arrival time, and makes the workflow's move once.

use chrono::{Datelike, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use sportello_application::Principal;
use sportello_domain::clock::FixedClock;
use sportello_domain::protocol::Direction;
use sportello_domain::user::Role;
use sportello_domain::workflow::{Action, State};
use sportello_portal_sim::SimConfig;

use crate::helpers::TestDb;
use crate::link::{ingested, link, settle, sim};

fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// A small valid PDF the citizen attaches (its bytes are the test's own).
fn contract_pdf() -> Vec<u8> {
    sportello_domain::sample_pdf::sample_pdf(&["Contratto di locazione registrato".to_owned()])
}

/// A portal submission synced and taken in charge by m.rossi: the simulator's first application (a
/// clean certificate request of the demografici), with the link that brought it.
struct Synced {
    db: TestDb,
    app: sportello_application::Sportello,
    officer: sportello_domain::user::Actor,
    sim: sportello_portal_sim::SimHandle,
    link: sportello_sync::Link,
    portal: String,
    id: i64,
    today: FixedClock,
}

async fn synced() -> Synced {
    let db = TestDb::new().await;
    let app = db.store.app.clone();
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let sim = sim(SimConfig {
        applications: 2,
        hostile: 0.0,
        rule_breaking: 0.0,
        ..SimConfig::default()
    })
    .await;
    let mut link = link(&app, &sim, "host-a:1");
    settle(&mut link, &app, 5).await;
    let portal = sim.generated()[0].id.clone();
    let id = ingested(&app).await[&portal];
    let today = FixedClock(Utc::now());
    db.store
        .apply_action(&officer, id, &Action::TakeInCharge, &today)
        .await
        .unwrap();
    Synced {
        db,
        app,
        officer,
        sim,
        link,
        portal,
        id,
        today,
    }
}

#[tokio::test]
async fn the_answer_to_an_integration_request_is_registered_as_the_citizens_with_its_files() {
    let Synced {
        db,
        app,
        officer,
        sim,
        mut link,
        portal,
        id,
        today,
    } = synced().await;
    let records = db.user("e.conti", Role::Protocollo, None).await;
    let ask = Action::RequestIntegration {
        reason: "Manca il contratto di locazione.".into(),
    };
    db.store
        .apply_action(&officer, id, &ask, &today)
        .await
        .unwrap();
    settle(&mut link, &app, 5).await;
    // The request the portal made a message of is followed in the conversation.
    let asked = db.store.detail(&officer, id, &today).await.unwrap();
    assert!(asked.messages.iter().any(|m| m.kind
        == sportello_domain::message::MessageKind::IntegrationRequest
        && m.sent_at.is_some()));
    // The portal asks the citizen (4100; 4200 once the citizen opens it).
    assert!(matches!(
        sim.status(&portal).as_deref(),
        Some("4100" | "4200")
    ));

    // The citizen answers on the portal, with the contract, and concludes the integration.
    let pdf = contract_pdf();
    let html = "<p>Allego il contratto.</p><script>alert(1)</script>";
    let message = sim
        .citizen_sends_message(&portal, html, vec![("contratto.pdf".into(), pdf.clone())])
        .unwrap();
    let arrived = sim
        .messages(&portal)
        .into_iter()
        .find(|m| m.id == message)
        .unwrap()
        .created_at
        // As the API serves it: ISO 8601 to the microsecond.
        .trunc_subsecs(6);
    settle(&mut link, &app, 5).await;

    let detail = db.store.detail(&officer, id, &today).await.unwrap();
    assert_eq!(detail.state, State::InReview);
    let answer = detail
        .history
        .iter()
        .find(|h| h.event == "recordIntegration")
        .expect("the integration recorded");
    assert_eq!(answer.actor, "Il cittadino, sul portale");
    assert_eq!(
        answer.at, arrived,
        "the portal's arrival time, not the run's"
    );
    let file = detail
        .attachments
        .iter()
        .find(|a| a.name == "contratto.pdf")
        .expect("the citizen's file kept");
    assert_eq!(file.sha256, sha256(&pdf));
    assert_eq!(file.media_type, "application/pdf");
    assert_ne!(file.protocol, detail.protocol, "registered with the answer");
    assert_eq!(answer.protocol.as_deref(), Some(file.protocol.as_str()));
    let content = app
        .attachment(&Principal::User(officer.clone()), file.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(content.content, pdf);

    // The register has it as incoming, with the hash of what the citizen sent (text and files).
    let entries = app
        .register_entries(&Principal::User(records), Utc::now().year_ce().1 as i32)
        .await
        .unwrap();
    let entry = entries
        .iter()
        .find(|e| e.protocol == file.protocol)
        .expect("the answer's registration");
    assert_eq!(entry.direction, Direction::Incoming);
    assert_eq!(entry.subject, "Integrazione documentale (dal portale)");
    let document = serde_json::json!({
        "portalMessage": message,
        "arrivedAt": arrived.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "text": "Allego il contratto.\n\nalert(1)",
        "files": [{"name": "contratto.pdf", "mediaType": "application/pdf", "size": pdf.len(),
                   "sha256": sha256(&pdf)}],
    });
    assert_eq!(
        entry.document_sha256,
        sha256(document.to_string().as_bytes())
    );

    // The portal is told once: the answer's registration (the citizen concluded it, 4300 → 4400).
    assert_eq!(sim.applied(&portal, "register-integration-answer"), 1);
    assert_eq!(sim.applied(&portal, "accept-integration"), 0);
    assert_eq!(sim.status(&portal).as_deref(), Some("4400"));
    // Read again, nothing is registered or moved twice.
    link.run_once(true, &|_| {}).await.unwrap();
    let again = db.store.detail(&officer, id, &today).await.unwrap();
    assert_eq!(again.attachments.len(), detail.attachments.len());
    assert_eq!(again.history.len(), detail.history.len());
}

#[tokio::test]
async fn observations_on_a_notice_arrive_as_the_citizens_and_a_plain_message_is_only_kept() {
    let Synced {
        db,
        app,
        officer,
        sim,
        mut link,
        portal,
        id,
        today,
    } = synced().await;
    // A plain message while nothing is pending: kept, not registered, no move.
    sim.citizen_comments(&portal, "Quando sarà pronto?", Vec::new())
        .unwrap();
    settle(&mut link, &app, 5).await;
    let before = db.store.detail(&officer, id, &today).await.unwrap();
    let plain = before
        .history
        .iter()
        .find(|h| h.event == "messageReceived")
        .unwrap();
    assert_eq!(plain.protocol, None);
    assert_eq!(before.state, State::InReview);

    let notice = Action::SendNotice {
        reason: "Il richiedente non risulta residente.".into(),
    };
    db.store
        .apply_action(&officer, id, &notice, &today)
        .await
        .unwrap();
    settle(&mut link, &app, 5).await;
    sim.citizen_comments(
        &portal,
        "<p>Risiedo in via Roma 1 dal 2020: allego il contratto.</p>",
        vec![("contratto.pdf".into(), contract_pdf())],
    )
    .unwrap();
    settle(&mut link, &app, 5).await;
    let after = db.store.detail(&officer, id, &today).await.unwrap();
    assert_eq!(after.state, State::NoticeSent);
    let observations = after
        .history
        .iter()
        .find(|h| h.event == "recordObservations")
        .expect("the observations recorded");
    assert_eq!(observations.actor, "Il cittadino, sul portale");
    assert!(observations.protocol.is_some());
    // The notice's suspension is answered on the day the observations arrived.
    let notice_pause = after
        .clock
        .suspensions
        .iter()
        .find(|s| s.kind == sportello_domain::clock::SuspensionKind::Notice10bis)
        .unwrap();
    assert!(notice_pause.until.is_some(), "{notice_pause:?}");
    assert!(
        after
            .attachments
            .iter()
            .any(|a| a.name == "contratto.pdf"
                && a.protocol == observations.protocol.clone().unwrap())
    );
}

#[tokio::test]
async fn notices_are_kept_with_their_delivery_date_and_listed_until_the_citizen_opens_them() {
    let Synced {
        db,
        app,
        officer,
        sim,
        mut link,
        portal,
        id,
        today,
    } = synced().await;
    let who = Principal::User(officer.clone());
    // The officer writes with a file: it reaches the portal with the message, byte for byte.
    let form = contract_pdf();
    let write = sportello_domain::message::NewMessage {
        text: "In allegato il modulo da compilare.".into(),
        internal: false,
        attachments: vec![sportello_domain::submission::CounterAttachment {
            requirement: None,
            name: "modulo.pdf".into(),
            content: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &form),
        }],
    };
    let written = app
        .write_message(&who, id, &write, Utc::now())
        .await
        .unwrap();
    assert_eq!(written.last().unwrap().files[0].name, "modulo.pdf");
    let notice = Action::SendNotice {
        reason: "Il richiedente non risulta residente.".into(),
    };
    db.store
        .apply_action(&officer, id, &notice, &today)
        .await
        .unwrap();
    settle(&mut link, &app, 5).await;
    let on_portal = sim.messages(&portal);
    let with_file = on_portal
        .iter()
        .find(|m| m.message.contains("modulo da compilare"))
        .unwrap();
    assert_eq!(with_file.attachments.len(), 1);
    assert_eq!(with_file.attachments[0].bytes, form);
    let portal_notice = on_portal
        .iter()
        .find(|m| m.message.contains("art. 10-bis"))
        .expect("the notice sent as a message");
    assert_eq!(portal_notice.attachments.len(), 1, "the letter's PDF");

    // Kept in the conversation as the notice, dated by the portal's sent_at.
    let detail = db.store.detail(&officer, id, &today).await.unwrap();
    let kept = detail
        .messages
        .iter()
        .find(|m| m.kind == sportello_domain::message::MessageKind::Notice)
        .expect("the notice in the conversation");
    let portal_sent: chrono::DateTime<Utc> =
        portal_notice.sent_at.as_deref().unwrap().parse().unwrap();
    assert_eq!(kept.sent_at, Some(portal_sent.trunc_subsecs(6)));
    assert_eq!(kept.read_at, None);
    // The portal's delivery is the citizen's receipt: the 10 days count from it (art. 10-bis).
    let received = detail
        .history
        .iter()
        .find(|h| h.event == "noticeReceived")
        .expect("the receipt of the notice in the history");
    let sent_day = portal_sent
        .with_timezone(&chrono::Local)
        .format("%d/%m/%Y")
        .to_string();
    assert!(
        received.text.as_deref().unwrap().contains(&sent_day),
        "{received:?}"
    );

    // Not listed the day it is sent; listed once two days have passed unread.
    let unread = app.unread_notices(&who, Utc::now()).await.unwrap();
    assert!(unread.is_empty(), "{unread:?}");
    let later = Utc::now() + chrono::Duration::days(3);
    let unread = app.unread_notices(&who, later).await.unwrap();
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert_eq!(unread[0].submission_id, id);
    assert_eq!(
        unread[0].kind,
        sportello_domain::message::MessageKind::Notice
    );
    // Another department does not see it.
    let stranger = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let theirs = app
        .unread_notices(&Principal::User(stranger), later)
        .await
        .unwrap();
    assert!(theirs.is_empty());

    // The citizen opens it on the portal: the next full run records it, and the list forgets it.
    assert!(sim.citizen_reads(&portal) > 0);
    link.run_once(true, &|_| {}).await.unwrap();
    let unread = app.unread_notices(&who, later).await.unwrap();
    assert!(unread.is_empty(), "{unread:?}");
}

#[tokio::test]
async fn an_answer_brought_to_the_counter_registers_the_scanned_documents_with_it() {
    use base64::Engine as _;
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let day = |d| FixedClock(crate::helpers::at(2026, 2, d));
    let ask = Action::RequestIntegration {
        reason: "Manca il contratto di locazione.".into(),
    };
    db.store
        .apply_action(&officer, id, &ask, &day(4))
        .await
        .unwrap();
    let scan = |name: &str, bytes: &[u8]| sportello_domain::submission::CounterAttachment {
        requirement: None,
        name: name.into(),
        content: base64::engine::general_purpose::STANDARD.encode(bytes),
    };
    // A file that is not a PDF or an image is refused, and nothing changes.
    let bad = Action::RecordIntegration {
        note: "Il cittadino porta il contratto.".into(),
        documents: vec![scan("contratto.pdf", b"MZ\x90\x00 program")],
    };
    let refused = db
        .store
        .apply_action(&officer, id, &bad, &day(6))
        .await
        .unwrap_err();
    let refused = sportello_domain::AppError::from(refused);
    assert_eq!(refused.code, sportello_domain::ErrorCode::InvalidInput);
    assert_eq!(refused.fields.len(), 1, "{refused:?}");
    assert_eq!(refused.fields[0].field, "attachment.contratto.pdf");
    assert!(
        refused.fields[0].message.contains("non è un PDF"),
        "{refused:?}"
    );
    let unchanged = db.store.detail(&officer, id, &day(6)).await.unwrap();
    assert_eq!(unchanged.state, State::IntegrationRequested);

    let pdf = contract_pdf();
    let good = Action::RecordIntegration {
        note: "Il cittadino porta il contratto.".into(),
        documents: vec![scan("contratto.pdf", &pdf)],
    };
    let after = db
        .store
        .apply_action(&officer, id, &good, &day(6))
        .await
        .unwrap();
    assert_eq!(after.state, State::InReview);
    let recorded = after
        .history
        .iter()
        .find(|h| h.event == "recordIntegration")
        .unwrap();
    let file = after
        .attachments
        .iter()
        .find(|a| a.name == "contratto.pdf")
        .unwrap();
    assert_eq!(file.sha256, sha256(&pdf));
    assert_eq!(Some(file.protocol.as_str()), recorded.protocol.as_deref());
}

#[tokio::test]
async fn a_long_conversation_is_read_page_by_page_and_internal_notes_stay_off_the_citizens_list() {
    let Synced {
        db,
        app,
        officer,
        sim,
        mut link,
        portal,
        id,
        today,
    } = synced().await;
    let who = Principal::User(officer.clone());
    // An internal note for the portal's operators, then 130 messages from the citizen: more than
    // one page of the portal's list (at most 100 a page).
    let note = sportello_domain::message::NewMessage {
        text: "Verificare la residenza in anagrafe.".into(),
        internal: true,
        attachments: Vec::new(),
    };
    app.write_message(&who, id, &note, Utc::now())
        .await
        .unwrap();
    settle(&mut link, &app, 5).await;
    for n in 0..130 {
        sim.citizen_comments(&portal, &format!("<p>Messaggio numero {n}</p>"), Vec::new())
            .unwrap();
    }
    link.run_once(true, &|_| {}).await.unwrap();
    let detail = db.store.detail(&officer, id, &today).await.unwrap();
    let from_citizen: Vec<_> = detail.messages.iter().filter(|m| m.incoming).collect();
    assert_eq!(from_citizen.len(), 130, "every page read");
    assert_eq!(from_citizen[129].text, "Messaggio numero 129");
    // The note is on the portal, for its operators only: the list the API serves leaves it out.
    let on_portal = sim.messages(&portal);
    let internal = on_portal
        .iter()
        .find(|m| m.message.contains("Verificare la residenza"))
        .unwrap();
    assert_eq!(internal.visibility, "internal");
    let mut client = sportello_portal::client::PortalClient::new(
        &sim.base_url(),
        "operatore",
        "portale-di-prova",
        sportello_portal::client::Patience::default(),
    )
    .unwrap();
    let listed = client.messages(&portal).await.unwrap();
    assert_eq!(listed.len(), on_portal.len() - 1);
    assert!(listed.iter().all(|m| !m["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Verificare la residenza")));
    // In Sportello the note stays the office's, never shown as the citizen's.
    assert!(detail
        .messages
        .iter()
        .any(|m| m.internal && !m.incoming && m.text.contains("Verificare la residenza")));
}
