//! Several workstations on one database at once (each with its own connections): the same
//! submission taken or decided twice, and registrations from everywhere.

use std::collections::BTreeSet;

use sportello_domain::user::Role;
use sportello_domain::workflow::{Action, State};
use sportello_domain::{AppError, ErrorCode};

use crate::helpers::*;

const WORKSTATIONS: usize = 8;

#[tokio::test]
async fn officers_taking_the_same_submission_at_once_one_wins_the_others_are_told_who() {
    let db = TestDb::new().await;
    let mut officers = Vec::new();
    for n in 0..WORKSTATIONS {
        officers.push(
            db.user(&format!("op{n}"), Role::Operatore, Some("demografici"))
                .await,
        );
    }
    let id = db.received(2026, 2, 2).await;
    let mut tasks = Vec::new();
    for officer in &officers {
        let (desk, officer) = (db.workstation().await, officer.clone());
        tasks.push(tokio::spawn(async move {
            let result = desk
                .apply_action(&officer, id, &Action::TakeInCharge, &clock(2026, 2, 3))
                .await;
            desk.close().await;
            (officer.id, result)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (officer, result) = task.await.unwrap();
        match result {
            Ok(detail) => winners.push((officer, detail)),
            Err(e) => {
                let e = AppError::from(e);
                assert!(
                    matches!(e.code, ErrorCode::Conflict | ErrorCode::IllegalAction),
                    "{e:?}"
                );
                assert!(
                    e.message
                        .starts_with("La pratica è già in carico a Nome op"),
                    "{}",
                    e.message
                );
            }
        }
    }
    assert_eq!(winners.len(), 1, "exactly one officer takes it");
    let (winner, detail) = &winners[0];
    assert_eq!(detail.assignee.as_ref().map(|a| a.id), Some(*winner));
    let taken = db
        .store
        .count(&format!(
            "SELECT COUNT(*) FROM history WHERE submission_id = {id} AND event = 'takeInCharge'"
        ))
        .await;
    assert_eq!(taken, 1);
}

#[tokio::test]
async fn two_deciders_at_once_one_decision_stands() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let head = db
        .user("g.verdi", Role::Responsabile, Some("demografici"))
        .await;
    let id = db.taken(&officer).await;
    let approve = Action::Approve {
        reason: "Requisiti verificati".into(),
    };
    let notice = Action::SendNotice {
        reason: "Requisiti non provati".into(),
    };
    let (a, b) = (db.workstation().await, db.workstation().await);
    let day = clock(2026, 2, 4);
    let (first, second) = tokio::join!(
        a.apply_action(&officer, id, &approve, &day),
        b.apply_action(&head, id, &notice, &day),
    );
    assert_eq!(
        usize::from(first.is_ok()) + usize::from(second.is_ok()),
        1,
        "{first:?} {second:?}"
    );
    let refused = AppError::from(first.err().or(second.err()).unwrap());
    assert!(
        matches!(refused.code, ErrorCode::Conflict | ErrorCode::IllegalAction),
        "{refused:?}"
    );
    let now = db
        .store
        .detail(&officer, id, &clock(2026, 2, 4))
        .await
        .unwrap();
    assert!(
        matches!(now.state, State::Approved | State::NoticeSent),
        "{:?}",
        now.state
    );
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn registrations_from_many_workstations_are_numbered_without_gaps() {
    let db = TestDb::new().await;
    let per_workstation = 6;
    let mut tasks = Vec::new();
    for _ in 0..WORKSTATIONS {
        let desk = db.workstation().await;
        tasks.push(tokio::spawn(async move {
            for _ in 0..per_workstation {
                desk.receive(&certificate_request(at(2026, 3, 2)), &clock(2026, 3, 2))
                    .await
                    .unwrap();
            }
            desk.close().await;
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let numbers: BTreeSet<i64> = db
        .store
        .texts("SELECT CAST(number AS TEXT) FROM protocol_registrations WHERE year = 2026")
        .await
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    let total = i64::try_from(WORKSTATIONS * per_workstation).unwrap();
    assert_eq!(numbers, (1..=total).collect::<BTreeSet<i64>>());
}
