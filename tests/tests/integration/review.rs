use sportello_domain::queue::QueueFilter;
use sportello_domain::submission::Assignment;
use sportello_domain::user::Role;
use sportello_domain::workflow::{Action, State};
use sportello_domain::{AppError, ErrorCode};

use crate::helpers::*;

fn code(e: sportello_application::Error) -> (ErrorCode, String) {
    let e = AppError::from(e);
    (e.code, e.message)
}

async fn history_len(db: &TestDb, viewer: &sportello_domain::user::Actor, id: i64) -> usize {
    db.store
        .detail(viewer, id, &clock(2026, 3, 1))
        .await
        .unwrap()
        .history
        .len()
}

#[tokio::test]
async fn an_officer_decides_with_integration_and_the_decision_survives_a_restart() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let s = &db.store;
    let reason = "Manca la marca da bollo".to_string();
    let d = s
        .apply_action(
            &officer,
            id,
            &Action::RequestIntegration { reason },
            &clock(2026, 2, 5),
        )
        .await
        .unwrap();
    assert_eq!(d.state, State::IntegrationRequested);
    assert_eq!(d.clock.deadline, None, "the clock is suspended");
    let note = "Marca ricevuta".to_string();
    s.apply_action(
        &officer,
        id,
        &Action::RecordIntegration {
            note,
            documents: Vec::new(),
        },
        &clock(2026, 2, 17),
    )
    .await
    .unwrap();
    let reason = "Requisiti verificati".to_string();
    let d = s
        .apply_action(
            &officer,
            id,
            &Action::Approve { reason },
            &clock(2026, 2, 20),
        )
        .await
        .unwrap();
    assert_eq!(d.state, State::Approved);
    // 30 days from 2 Feb is 4 Mar; the 12 days of integration move it to 16 Mar.
    assert_eq!(d.clock.deadline, Some(day(2026, 3, 16)));

    let db = db.restart().await;
    let d = db
        .store
        .detail(&officer, id, &clock(2026, 3, 1))
        .await
        .unwrap();
    assert_eq!(d.state, State::Approved);
    let events: Vec<&str> = d.history.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "received",
            "takeInCharge",
            "requestIntegration",
            "recordIntegration",
            "approve"
        ]
    );
    let protocols: Vec<Option<&str>> = d.history.iter().map(|h| h.protocol.as_deref()).collect();
    assert_eq!(
        protocols,
        [
            Some("2026/0000001"),
            // The start-of-procedure notice (art. 8), sent when it was taken.
            Some("2026/0000002"),
            Some("2026/0000003"),
            Some("2026/0000004"),
            Some("2026/0000005")
        ]
    );
    assert_eq!(d.history[4].text.as_deref(), Some("Requisiti verificati"));
    assert_eq!(d.assignee.unwrap().id, officer.id);
}

#[tokio::test]
async fn a_second_officer_cannot_take_a_taken_submission_and_nothing_changes() {
    let db = TestDb::new().await;
    let first = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let second = db
        .user("l.bianchi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.received(2026, 2, 2).await;
    db.store
        .apply_action(&first, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    let err = db
        .store
        .apply_action(&second, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap_err();
    assert_eq!(
        code(err),
        (
            ErrorCode::Conflict,
            "La pratica è già in carico a Nome m.rossi.".into()
        )
    );
    assert_eq!(history_len(&db, &first, id).await, 2);
}

#[tokio::test]
async fn illegal_actions_get_an_italian_message_and_change_nothing() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let s = &db.store;
    let empty = Action::Approve {
        reason: "  ".into(),
    };
    let (c, m) = code(
        s.apply_action(&officer, id, &empty, &clock(2026, 2, 4))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (c, m.as_str()),
        (
            ErrorCode::InvalidInput,
            "Il testo è obbligatorio: indicare la motivazione."
        )
    );
    s.apply_action(
        &officer,
        id,
        &Action::SendNotice {
            reason: "ISEE".into(),
        },
        &clock(2026, 2, 4),
    )
    .await
    .unwrap();
    s.apply_action(
        &officer,
        id,
        &Action::ConfirmRejection {
            reason: "r".into(),
            answer: String::new(),
        },
        &clock(2026, 2, 16),
    )
    .await
    .unwrap();
    let before = history_len(&db, &officer, id).await;
    let (c, m) = code(
        s.apply_action(
            &officer,
            id,
            &Action::Approve {
                reason: "ok".into(),
            },
            &clock(2026, 2, 17),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(c, ErrorCode::IllegalAction);
    assert_eq!(
        m,
        "L'azione «Accogli» non è consentita per una pratica nello stato «Respinta»."
    );
    assert_eq!(history_len(&db, &officer, id).await, before);
}

#[tokio::test]
async fn officers_see_only_their_department_and_administrators_no_submissions() {
    let db = TestDb::new().await;
    let social = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    let id = db.received(2026, 2, 2).await;
    let err = db
        .store
        .detail(&social, id, &clock(2026, 2, 3))
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::NotFound);
    let err = db
        .store
        .apply_action(&social, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::NotFound);
    let err = db
        .store
        .detail(&admin, id, &clock(2026, 2, 3))
        .await
        .unwrap_err();
    assert_eq!(
        code(err).0,
        ErrorCode::Forbidden,
        "administrators see no citizen data"
    );
}

#[tokio::test]
async fn a_head_assigns_reassigns_and_releases_with_a_reason() {
    let db = TestDb::new().await;
    let head = db
        .user("g.verdi", Role::Responsabile, Some("demografici"))
        .await;
    let a = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let b = db
        .user("l.bianchi", Role::Operatore, Some("demografici"))
        .await;
    let other = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let id = db.received(2026, 2, 2).await;
    let s = &db.store;
    let c = clock(2026, 2, 3);
    let to = |officer: Option<i64>, reason: &str| Assignment {
        officer,
        reason: reason.into(),
    };
    let err = s
        .assign(&head, id, &to(Some(a.id), " "), &c)
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::InvalidInput);
    let err = s
        .assign(&a, id, &to(Some(b.id), "carico"), &c)
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::Forbidden);
    let err = s
        .assign(&head, id, &to(Some(other.id), "carico"), &c)
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::InvalidInput);
    s.assign(&head, id, &to(Some(a.id), "Competenza"), &c)
        .await
        .unwrap();
    s.apply_action(&a, id, &Action::TakeInCharge, &c)
        .await
        .unwrap();
    let d = s
        .assign(&head, id, &to(Some(b.id), "Ferie di Rossi"), &c)
        .await
        .unwrap();
    assert_eq!(d.assignee.as_ref().map(|u| u.id), Some(b.id));
    assert_eq!(d.state, State::InReview);
    let err = s
        .apply_action(&a, id, &Action::Approve { reason: "x".into() }, &c)
        .await
        .unwrap_err();
    assert_eq!(code(err).0, ErrorCode::Forbidden);
    let d = s
        .assign(&head, id, &to(None, "Da ridistribuire"), &c)
        .await
        .unwrap();
    assert!(d.assignee.is_none());
    let last = d.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.text.as_deref()),
        ("released", Some("Motivo: Da ridistribuire"))
    );
    assert!(d
        .history
        .iter()
        .any(|h| h.text.as_deref() == Some("Assegnata a Nome l.bianchi. Motivo: Ferie di Rossi")));
}

#[tokio::test]
async fn a_malformed_submission_is_refused_whole_with_every_problem_named() {
    let db = TestDb::new().await;
    let mut bad = certificate_request(at(2026, 2, 2));
    bad.form = serde_json::json!({"tipo_certificato": "Patente", "intestatario": "RSSMRA85T10A562T", "copie": 9});
    let (c, m) = code(
        db.store
            .receive(&bad, &sportello_domain::clock::FixedClock(bad.received_at))
            .await
            .unwrap_err(),
    );
    assert_eq!(c, ErrorCode::InvalidInput);
    for part in [
        "«Tipo di certificato»",
        "«Codice fiscale dell'intestatario»",
        "«Uso dichiarato» è obbligatorio",
        "«Numero di copie»",
    ] {
        assert!(m.contains(part), "{part} missing in {m}");
    }
    let mut huge = certificate_request(at(2026, 2, 2));
    huge.attachments
        .push(sportello_domain::submission::NewAttachment {
            requirement: Some("documento_identita".into()),
            name: "scansione.pdf".into(),
            media_type: "application/pdf".into(),
            content: vec![0; 11 * 1024 * 1024],
        });
    let (_, m) = code(
        db.store
            .receive(
                &huge,
                &sportello_domain::clock::FixedClock(huge.received_at),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        m,
        "L'allegato «scansione.pdf» supera la dimensione massima di 10 MB."
    );
    let head = db
        .user("g.verdi", Role::Responsabile, Some("demografici"))
        .await;
    let counts = db
        .store
        .queue_counts(&head, &QueueFilter::default(), day(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(counts.total, 0);
}

#[tokio::test]
async fn the_10bis_path_keeps_observations_and_the_answer_and_resuming_restarts_the_clock() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let s = &db.store;
    let a = db.noticed(&officer).await;
    let obs = Action::RecordObservations {
        text: "Allego il contratto d'affitto".into(),
        documents: Vec::new(),
    };
    let d = s
        .apply_action(&officer, a, &obs, &clock(2026, 2, 8))
        .await
        .unwrap();
    // Observations on 8 Feb: the clock restarts 10 days later, 18 Feb; suspended 4-18 Feb = 14 days.
    assert_eq!((d.clock.suspended_days, d.clock.deadline), (14, None));
    let reject = Action::ConfirmRejection {
        reason: "Residenza non provata".into(),
        answer: "Il contratto non prova la dimora abituale".into(),
    };
    let d = s
        .apply_action(&officer, a, &reject, &clock(2026, 2, 9))
        .await
        .unwrap();
    assert_eq!(d.state, State::Rejected);
    let last = d.history.last().unwrap().text.clone().unwrap();
    assert!(
        last.contains("Risposta alle osservazioni: Il contratto non prova la dimora abituale"),
        "{last}"
    );

    let b = db.noticed(&officer).await;
    let resume = Action::ResumeReview {
        reason: "Verificato in anagrafe".into(),
    };
    let d = s
        .apply_action(&officer, b, &resume, &clock(2026, 2, 6))
        .await
        .unwrap();
    assert_eq!((d.state, d.clock.suspended_days), (State::InReview, 2));
    // 4 March + 2 days of suspension.
    assert_eq!(d.clock.deadline, Some(day(2026, 3, 6)));
}

fn counter_input(cf: &str) -> sportello_domain::submission::CounterSubmission {
    sportello_domain::submission::CounterSubmission {
        service: "certificato-anagrafico".into(),
        fiscal_code: cf.into(),
        given_name: " Mario ".into(),
        family_name: "Rossi".into(),
        birth_date: None,
        birth_place: Some("  ".into()),
        contact: sportello_domain::submission::Contact::default(),
        form: serde_json::json!({"tipo_certificato": "Residenza", "intestatario": "RSSMRA85T10A562S", "uso": "Esenzione: ONLUS", "copie": 1}),
        attachments: Vec::new(),
    }
}

/// A scanned document as the window sends it (base64).
fn scanned(
    requirement: &str,
    name: &str,
    bytes: &[u8],
) -> sportello_domain::submission::CounterAttachment {
    use base64::Engine as _;
    sportello_domain::submission::CounterAttachment {
        requirement: Some(requirement.into()),
        name: name.into(),
        content: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// Issue 12, point 5: a rent contribution (two required documents) can be entered at the counter
/// with the documents the citizen brings, registered with the submission; without them, or with a
/// file that is not what it says, it is refused field by field.
#[tokio::test]
async fn a_walk_in_brings_the_required_documents() {
    let db = TestDb::new().await;
    let officer = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let mut input = counter_input("RSSMRA85T10A562S");
    input.service = "contributo-affitto".into();
    input.form = serde_json::json!({"tipo_bando": "Ordinario", "isee": 9000, "canone_mensile": 550,
        "estremi_registrazione": "TRX 1234 serie 3T", "scadenza_registrazione": "2027-03-31",
        "iban": "IT60X0542811101000000123456", "componenti_nucleo": 3});
    let missing = AppError::from(
        db.store
            .receive_at_counter(&officer, input.clone(), &clock(2026, 5, 4))
            .await
            .unwrap_err(),
    );
    let named: Vec<&str> = missing.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        named,
        ["attachment.contratto", "attachment.isee"],
        "{missing:?}"
    );
    let pdf = b"%PDF-1.7\n% contratto registrato\n%%EOF\n";
    let mut bad = input.clone();
    bad.attachments = vec![
        scanned("contratto", "contratto.pdf", b"MZ\x90\x00 not a pdf"),
        scanned("isee", "isee.pdf", pdf),
    ];
    let refused = AppError::from(
        db.store
            .receive_at_counter(&officer, bad, &clock(2026, 5, 4))
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.fields[0].field, "attachment.contratto");
    assert!(refused.fields[0].message.contains("non è un PDF"));
    input.attachments = vec![
        scanned("contratto", "contratto: scansione.pdf", pdf),
        scanned("isee", "isee.pdf", pdf),
    ];
    let d = db
        .store
        .receive_at_counter(&officer, input, &clock(2026, 5, 4))
        .await
        .unwrap();
    assert_eq!(d.attachments.len(), 2);
    assert_eq!(d.attachments[0].media_type, "application/pdf");
    // A name Windows accepts; the hash of what the citizen brought.
    assert_eq!(d.attachments[0].name, "contratto_ scansione.pdf");
    assert_eq!(d.attachments[0].sha256, sportello_store::sha256_hex(pdf));
    assert!(d.case_file.is_some());
    // The officer reads it back whole; another office does not; bytes that no longer match their
    // hash are never handed out.
    let who = sportello_application::Principal::User(officer.clone());
    let file = db
        .store
        .app
        .attachment(&who, d.attachments[0].id, at(2026, 5, 4))
        .await
        .unwrap();
    assert_eq!(file.content, pdf);
    let other = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let hidden = db
        .store
        .app
        .attachment(
            &sportello_application::Principal::User(other),
            d.attachments[0].id,
            at(2026, 5, 4),
        )
        .await
        .unwrap_err();
    assert_eq!(AppError::from(hidden).code, ErrorCode::NotFound);
    if db.store.raw().sqlite_pool().is_some() {
        // Someone with the file and sqlite3 drops the guard and changes the bytes.
        db.store
            .exec("DROP TRIGGER blobs_immutable_u")
            .await
            .unwrap();
        db.store
            .exec(&format!(
                "UPDATE blobs SET content = X'00' WHERE sha256 = '{}'",
                d.attachments[0].sha256
            ))
            .await
            .unwrap();
        let tampered = db
            .store
            .app
            .attachment(&who, d.attachments[0].id, at(2026, 5, 4))
            .await
            .unwrap_err();
        assert!(AppError::from(tampered).message.contains("impronta"));
    }
}

#[tokio::test]
async fn an_officer_enters_a_submission_at_the_counter() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let social = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let s = &db.store;
    let bad_cf = AppError::from(
        s.receive_at_counter(
            &officer,
            counter_input("RSSMRA85T10A562X"),
            &clock(2026, 5, 4),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(bad_cf.code, ErrorCode::InvalidInput);
    assert!(
        bad_cf
            .message
            .starts_with("Codice fiscale del richiedente: Il carattere di controllo"),
        "{}",
        bad_cf.message
    );
    // Every problem at once, each for its field: the applicant's and the form's.
    let mut many = counter_input("RSSMRA85T10A562X");
    many.family_name = "  ".into();
    many.form = serde_json::json!({"tipo_certificato": "Patente", "intestatario": "RSSMRA85T10A562S", "copie": 1});
    let fields = AppError::from(
        s.receive_at_counter(&officer, many, &clock(2026, 5, 4))
            .await
            .unwrap_err(),
    )
    .fields;
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        named,
        [
            "applicant.fiscalCode",
            "applicant.familyName",
            "tipo_certificato",
            "uso"
        ],
        "{fields:?}"
    );
    assert!(fields[3]
        .message
        .contains("«Uso dichiarato» è obbligatorio"));
    let other = AppError::from(
        s.receive_at_counter(
            &social,
            counter_input("RSSMRA85T10A562S"),
            &clock(2026, 5, 4),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(other.code, ErrorCode::Forbidden);
    let d = s
        .receive_at_counter(
            &officer,
            counter_input("rssmra85t10a562s"),
            &clock(2026, 5, 4),
        )
        .await
        .unwrap();
    assert_eq!(
        (d.state, d.channel),
        (
            State::Received,
            sportello_domain::submission::Channel::Counter
        )
    );
    assert_eq!(
        (
            d.applicant.given_name.as_str(),
            d.applicant.birth_place.as_deref()
        ),
        ("Mario", None)
    );
    assert_eq!(d.history[0].actor, "Nome m.rossi");
    assert_eq!(d.protocol, "2026/0000001");
}
