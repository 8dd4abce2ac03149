//! Live updates between workstations (PostgreSQL's LISTEN/NOTIFY): a change on one is heard on the
//! other within two seconds; a lost connection is reported and, once listening again, everything is
//! read again.

use std::time::{Duration, Instant};

use sportello_application::Principal;
use sportello_domain::changes::ChangeEvent;
use sportello_domain::user::Role;
use sportello_domain::workflow::Action;

use crate::helpers::*;

const HEARD_WITHIN: Duration = Duration::from_secs(2);

async fn next(feed: &mut sportello_store::Changes) -> ChangeEvent {
    tokio::time::timeout(Duration::from_secs(10), feed.next())
        .await
        .expect("an event within 10 s")
}

#[tokio::test]
async fn a_change_on_one_workstation_is_heard_on_the_other() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let colleague = db
        .user("l.bianchi", Role::Operatore, Some("demografici"))
        .await;
    let me = Principal::User(officer.clone());
    let watching = db.workstation().await;
    let feed = watching.app.changes(&me).await.unwrap();
    if !sportello_tests::on_postgres() {
        assert!(
            feed.is_none(),
            "the embedded file has no other workstation to hear"
        );
        return;
    }
    let mut feed = feed.unwrap();
    let id = db.received(2026, 2, 2).await;
    assert_eq!(
        next(&mut feed).await,
        ChangeEvent::Submissions { ids: vec![id] }
    );

    let other = db.workstation().await;
    let started = Instant::now();
    other
        .apply_action(&colleague, id, &Action::TakeInCharge, &clock(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(
        next(&mut feed).await,
        ChangeEvent::Submissions { ids: vec![id] }
    );
    let heard = started.elapsed();
    println!("measure: a take-in-charge heard on another workstation after {heard:?}");
    assert!(heard < HEARD_WITHIN, "{heard:?}");

    // The connection is cut by the server: reported, then listening again and everything read again.
    db.store
        .exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()")
        .await
        .unwrap();
    assert_eq!(next(&mut feed).await, ChangeEvent::Lost);
    assert_eq!(next(&mut feed).await, ChangeEvent::Everything);
    let second = db.received(2026, 2, 4).await;
    assert_eq!(
        next(&mut feed).await,
        ChangeEvent::Submissions { ids: vec![second] }
    );
}

#[tokio::test]
async fn only_who_works_on_a_queue_listens() {
    let db = TestDb::new().await;
    let admin = db.user("admin", Role::Amministratore, None).await;
    assert!(db.store.app.changes(&Principal::User(admin)).await.is_err());
}
