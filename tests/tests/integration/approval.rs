//! Issue 13 point 6: a certificate request is approved only when ANPR's checks would let it be
//! issued; otherwise the approval is refused with their reason and nothing changes.

use serde_json::json;
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::{Action, State};
use sportello_domain::{AppError, ErrorCode};

use crate::helpers::*;

fn approve() -> Action {
    Action::Approve {
        reason: "Dati verificati".into(),
    }
}

/// What an approval could leave behind: registrations, history rows, documents.
async fn traces(db: &TestDb) -> [i64; 3] {
    [
        db.store
            .count("SELECT COUNT(*) FROM protocol_registrations")
            .await,
        db.store.count("SELECT COUNT(*) FROM history").await,
        db.store.count("SELECT COUNT(*) FROM documents").await,
    ]
}

async fn officer(db: &TestDb) -> Actor {
    db.user("m.rossi", Role::Operatore, Some("demografici"))
        .await
}

/// Sets or clears the open procedure on Mario Rossi's position in the register.
async fn open_procedure(db: &TestDb, what: Option<&str>) {
    let store = db.store.raw();
    let mut resident = store.resident("RSSMRA85T10A562S").await.unwrap().unwrap();
    resident.person.open_procedure = what.map(str::to_string);
    store.put_resident(&resident, false).await.unwrap();
}

#[tokio::test]
async fn a_blocked_certificate_request_cannot_be_approved() {
    let db = TestDb::new().await;
    let officer = officer(&db).await;
    let id = db.taken(&officer).await;
    open_procedure(&db, Some("cambio di abitazione in corso di accertamento")).await;
    let before = traces(&db).await;

    let refused = db
        .store
        .apply_action(&officer, id, &approve(), &clock(2026, 2, 5))
        .await
        .unwrap_err();
    let refused = AppError::from(refused);
    assert_eq!(refused.code, ErrorCode::IllegalAction);
    assert_eq!(
        refused.message,
        "Sulla posizione di Rossi Mario è aperto un procedimento (cambio di abitazione in corso di \
         accertamento): il certificato non può essere rilasciato fino alla sua conclusione."
    );
    let detail = db
        .store
        .detail(&officer, id, &clock(2026, 2, 5))
        .await
        .unwrap();
    assert_eq!(detail.state, State::InReview, "still to decide");
    assert_eq!(traces(&db).await, before, "no registration, no history row");

    // Once the register's procedure is closed, the same approval goes through.
    open_procedure(&db, None).await;
    let detail = db
        .store
        .apply_action(&officer, id, &approve(), &clock(2026, 2, 6))
        .await
        .unwrap();
    assert_eq!(detail.state, State::Approved);
}

#[tokio::test]
async fn a_contestuale_without_two_parts_asked_cannot_be_approved() {
    let db = TestDb::new().await;
    let officer = officer(&db).await;
    let mut new = certificate_request(at(2026, 2, 2));
    new.form = json!({
        "tipo_certificato": "Contestuale",
        "intestatario": "RSSMRA85T10A562S",
        "uso": "Uso generico (in bollo)",
        "contestuale_residenza": true,
        "copie": 1
    });
    let id = db.store.receive(&new, &clock(2026, 2, 2)).await.unwrap();
    db.store
        .apply_action(&officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    let refused = db
        .store
        .apply_action(&officer, id, &approve(), &clock(2026, 2, 5))
        .await
        .unwrap_err();
    assert_eq!(
        AppError::from(refused).message,
        "Un certificato contestuale deve comprendere almeno due certificati diversi."
    );
}
