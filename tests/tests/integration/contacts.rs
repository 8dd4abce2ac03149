//! The contact log (issue 12): a call recorded on a submission with its history row, a callback due
//! in the officer's list until it is done, nothing of another office, and on the server the same
//! through each user's own login role.

use chrono::{NaiveDate, TimeZone, Utc};
use sportello_application::Principal;
use sportello_domain::contact::{ContactChannel, NewContact};
use sportello_domain::user::Role;
use sportello_domain::ErrorCode;

use crate::helpers::{clock, TestDb};

fn call(callback_by: Option<i64>) -> NewContact {
    NewContact {
        channel: ContactChannel::Phone,
        incoming: true,
        summary: "Chiede come allegare la carta d'identità.".into(),
        outcome: "Spiegato il modulo; invierà l'allegato.".into(),
        callback_due: NaiveDate::from_ymd_opt(2026, 2, 5),
        callback_by,
    }
}

fn at(d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, d, 10, 0, 0).single().unwrap()
}

#[tokio::test]
async fn a_call_is_logged_and_its_callback_is_due_until_done() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let colleague = db
        .user("l.bianchi", Role::Operatore, Some("demografici"))
        .await;
    let stranger = db
        .user("a.esposito", Role::Operatore, Some("sociali"))
        .await;
    let id = db.received(2026, 2, 2).await;
    let app = &db.store.app;
    let log = app
        .record_contact(
            &Principal::User(officer.clone()),
            id,
            &call(Some(colleague.id)),
            at(3),
        )
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].recorded_by, officer.full_name);
    assert_eq!(
        log[0].callback_by.as_deref(),
        Some(colleague.full_name.as_str())
    );
    // In the timeline too, in the recorder's name.
    let detail = db
        .store
        .detail(&officer, id, &clock(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(detail.contacts, log);
    let last = detail.history.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.actor.as_str()),
        ("contactRecorded", officer.full_name.as_str())
    );
    assert!(last
        .text
        .as_deref()
        .unwrap()
        .starts_with("Telefono (dal cittadino)"));
    // Due for the colleague (from its day), not for the recorder, never for another office.
    let colleague_p = Principal::User(colleague.clone());
    let day = |d| NaiveDate::from_ymd_opt(2026, 2, d).unwrap();
    assert!(app
        .callbacks_due(&colleague_p, day(4))
        .await
        .unwrap()
        .is_empty());
    let due = app.callbacks_due(&colleague_p, day(5)).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].submission_id, due[0].due), (id, day(5)));
    assert!(app
        .callbacks_due(&Principal::User(officer.clone()), day(9))
        .await
        .unwrap()
        .is_empty());
    let refused = app
        .record_contact(&Principal::User(stranger.clone()), id, &call(None), at(3))
        .await
        .unwrap_err();
    assert_eq!(
        sportello_domain::AppError::from(refused).code,
        ErrorCode::NotFound
    );
    // Done once; then no longer due, and not twice.
    let log = app
        .complete_callback(&colleague_p, log[0].id, at(5))
        .await
        .unwrap();
    assert_eq!(log[0].callback_done_at, Some(at(5)));
    assert!(app
        .callbacks_due(&colleague_p, day(9))
        .await
        .unwrap()
        .is_empty());
    assert!(app
        .complete_callback(&colleague_p, log[0].id, at(6))
        .await
        .is_err());
    // A callback in the past, or by someone of another office, is refused in Italian.
    let past = NewContact {
        callback_due: NaiveDate::from_ymd_opt(2026, 2, 1),
        ..call(None)
    };
    let e = app
        .record_contact(&Principal::User(officer.clone()), id, &past, at(3))
        .await
        .unwrap_err();
    assert!(sportello_domain::AppError::from(e)
        .message
        .contains("passato"));
    let elsewhere = app
        .record_contact(
            &Principal::User(officer.clone()),
            id,
            &call(Some(stranger.id)),
            at(3),
        )
        .await
        .unwrap_err();
    assert!(sportello_domain::AppError::from(elsewhere)
        .message
        .contains("ufficio"));
}

#[tokio::test]
async fn the_log_is_never_rewritten() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let id = db.received(2026, 2, 2).await;
    db.store
        .app
        .record_contact(&Principal::User(officer.clone()), id, &call(None), at(3))
        .await
        .unwrap();
    if db.store.raw().sqlite_pool().is_some() {
        // The file's triggers: no rewrite, no deletion.
        assert!(db
            .store
            .exec("UPDATE contacts SET summary = 'altro'")
            .await
            .is_err());
        assert!(db.store.exec("DELETE FROM contacts").await.is_err());
    }
    if db.store.raw().postgres_pool().is_some() {
        // On the server the officer's own role may add, never rewrite or delete.
        let desk = db.connected_as(&officer).await;
        desk.app
            .record_contact(&Principal::User(officer.clone()), id, &call(None), at(4))
            .await
            .unwrap();
        assert!(desk
            .exec("UPDATE contacts SET summary = 'altro'")
            .await
            .is_err());
        assert!(desk.exec("DELETE FROM contacts").await.is_err());
        assert_eq!(desk.count("SELECT COUNT(*) FROM contacts").await, 2);
    }
}
