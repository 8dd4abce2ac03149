use std::collections::BTreeSet;

use sportello_domain::clock::ClockStatus;
use sportello_domain::queue::{
    AssigneeFilter, DeadlineFilter, QueueFilter, QueueQuery, SortDir, SortKey,
};
use sportello_domain::user::{Actor, Role};
use sportello_domain::workflow::{Action, State};

use crate::helpers::*;

async fn all_ids(
    db: &TestDb,
    actor: &Actor,
    filter: &QueueFilter,
    sort: SortKey,
    dir: SortDir,
) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let q = QueueQuery {
            filter: filter.clone(),
            sort,
            dir,
            after,
            limit: 7,
        };
        let page = db
            .store
            .queue_page(actor, &q, day(2026, 3, 1))
            .await
            .unwrap();
        assert!(page.rows.len() <= 7);
        ids.extend(page.rows.iter().map(|r| r.id));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    ids
}

/// 30 submissions received over January and February, a third taken by the officer.
async fn seeded() -> (TestDb, Actor, Actor) {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    let head = db
        .user("g.verdi", Role::Responsabile, Some("demografici"))
        .await;
    let names = [
        ("Mario", "Rossi", "RSSMRA85T10A562S"),
        ("Matteo", "Moretti", "MRTMTT25D09F205Z"),
    ];
    for i in 0..30u32 {
        let mut new = certificate_request(at(2026, 1 + i / 20, 1 + i % 20));
        let (given, family, cf) = names[(i % 2) as usize];
        new.applicant = applicant(cf, given, family);
        new.form["intestatario"] = cf.into();
        let id = db
            .store
            .receive(&new, &sportello_domain::clock::FixedClock(new.received_at))
            .await
            .unwrap();
        if i % 3 == 0 {
            db.store
                .apply_action(&officer, id, &Action::TakeInCharge, &clock(2026, 2, 25))
                .await
                .unwrap();
        }
    }
    (db, officer, head)
}

#[tokio::test]
async fn keyset_paging_returns_every_row_once_in_every_order() {
    let (db, _, head) = seeded().await;
    let everything = QueueFilter::default();
    for sort in [
        SortKey::ReceivedAt,
        SortKey::Deadline,
        SortKey::Applicant,
        SortKey::Protocol,
    ] {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let ids = all_ids(&db, &head, &everything, sort, dir).await;
            assert_eq!(ids.len(), 30, "{sort:?} {dir:?}");
            assert_eq!(
                ids.iter().collect::<BTreeSet<_>>().len(),
                30,
                "{sort:?} {dir:?} repeated a row"
            );
        }
    }
    let newest_first = all_ids(&db, &head, &everything, SortKey::ReceivedAt, SortDir::Desc).await;
    assert_eq!(newest_first.first(), Some(&30));
}

#[tokio::test]
async fn filters_and_counts_agree() {
    let (db, officer, head) = seeded().await;
    let today = day(2026, 3, 1);
    let counts = db
        .store
        .queue_counts(&head, &QueueFilter::default(), today)
        .await
        .unwrap();
    assert_eq!(counts.total, 30);
    let by = |s: State| {
        counts
            .by_state
            .iter()
            .find(|c| c.state == s)
            .map_or(0, |c| c.count)
    };
    assert_eq!((by(State::Received), by(State::InReview)), (20, 10));

    let mine = QueueFilter {
        assignee: AssigneeFilter::Me,
        ..Default::default()
    };
    assert_eq!(
        all_ids(&db, &officer, &mine, SortKey::ReceivedAt, SortDir::Asc)
            .await
            .len(),
        10
    );
    let unassigned = QueueFilter {
        assignee: AssigneeFilter::Unassigned,
        ..Default::default()
    };
    assert_eq!(
        db.store
            .queue_counts(&head, &unassigned, today)
            .await
            .unwrap()
            .total,
        20
    );
    let in_review = QueueFilter {
        states: vec![State::InReview],
        ..Default::default()
    };
    let c = db
        .store
        .queue_counts(&head, &in_review, today)
        .await
        .unwrap();
    assert_eq!(c.total, 10);
    assert_eq!(
        c.by_state.len(),
        2,
        "counts per state ignore the state filter"
    );

    // Received 1-20 January: the 30-day term ends 31 Jan-19 Feb (shifted off Sundays), so all are overdue
    // on 1 March; those of February (1-10 Feb) end 3-12 March: expiring within 7 days up to 8 March.
    let overdue = QueueFilter {
        deadline: DeadlineFilter::Overdue,
        ..Default::default()
    };
    assert_eq!(
        db.store
            .queue_counts(&head, &overdue, today)
            .await
            .unwrap()
            .total,
        20
    );
    let expiring = QueueFilter {
        deadline: DeadlineFilter::Expiring,
        ..Default::default()
    };
    let page = db
        .store
        .queue_page(
            &head,
            &QueueQuery {
                filter: expiring,
                sort: SortKey::Deadline,
                dir: SortDir::Asc,
                after: None,
                limit: 50,
            },
            today,
        )
        .await
        .unwrap();
    assert!(!page.rows.is_empty());
    assert!(page
        .rows
        .iter()
        .all(|r| r.clock == ClockStatus::Expiring && r.days_left.unwrap() <= 7));
    let other_service = QueueFilter {
        service: Some("identificazione-account".into()),
        ..Default::default()
    };
    assert_eq!(
        db.store
            .queue_counts(&head, &other_service, today)
            .await
            .unwrap()
            .total,
        0
    );
}

#[tokio::test]
async fn search_finds_names_fiscal_codes_and_protocol_numbers() {
    let (db, _, head) = seeded().await;
    let today = day(2026, 3, 1);
    let total = |search: &str| {
        let f = QueueFilter {
            search: Some(search.into()),
            ..Default::default()
        };
        let (store, head) = (db.store.clone(), head.clone());
        async move { store.queue_counts(&head, &f, today).await.unwrap().total }
    };
    assert_eq!(total("rossi").await, 15);
    assert_eq!(total("MOR matt").await, 15);
    assert_eq!(total("rssmra85t10a562s").await, 15);
    assert_eq!(total("2026/0000003").await, 1);
    assert_eq!(total("3/2026").await, 1);
    assert_eq!(total("bianchi").await, 0);
    assert_eq!(total("\"; DROP TABLE submissions; --").await, 0);
    assert_eq!(total("*").await, 30, "a search without words is no filter");
}

#[tokio::test]
async fn a_bad_cursor_is_an_italian_error_not_a_crash() {
    let (db, _, head) = seeded().await;
    let q = QueueQuery {
        filter: QueueFilter::default(),
        sort: SortKey::ReceivedAt,
        dir: SortDir::Asc,
        after: Some("garbage".into()),
        limit: 10,
    };
    let err = sportello_domain::AppError::from(
        db.store
            .queue_page(&head, &q, day(2026, 3, 1))
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, sportello_domain::ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_cursor_from_another_order_is_refused() {
    let (db, _, head) = seeded().await;
    let today = day(2026, 3, 1);
    let by_date = QueueQuery {
        filter: QueueFilter::default(),
        sort: SortKey::ReceivedAt,
        dir: SortDir::Asc,
        after: None,
        limit: 5,
    };
    let next = db
        .store
        .queue_page(&head, &by_date, today)
        .await
        .unwrap()
        .next;
    let by_protocol = QueueQuery {
        sort: SortKey::Protocol,
        after: next,
        ..by_date
    };
    let err = sportello_domain::AppError::from(
        db.store
            .queue_page(&head, &by_protocol, today)
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, sportello_domain::ErrorCode::InvalidInput);
}

#[tokio::test]
async fn the_patron_saints_day_moves_a_deadline_once_configured() {
    let db = TestDb::new().await;
    let officer = db
        .user("m.rossi", Role::Operatore, Some("demografici"))
        .await;
    // Received 2 Feb 2026: the deadline is Wednesday 4 March; with 4 March as patron day it is the 5th.
    let id = db.received(2026, 2, 2).await;
    let before = db
        .store
        .detail(&officer, id, &clock(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(before.clock.deadline, Some(day(2026, 3, 4)));
    let mut store = db.store.clone();
    assert!(
        store.set_patron_day("3-4x").await.is_err(),
        "a malformed day is refused"
    );
    assert_eq!(
        store.set_patron_day("03-04").await.unwrap(),
        1,
        "the open submission's deadline moved"
    );
    let db = db.restart().await;
    let after = db
        .store
        .detail(&officer, id, &clock(2026, 2, 3))
        .await
        .unwrap();
    assert_eq!(after.clock.deadline, Some(day(2026, 3, 5)));
    // The queue agrees with the detail view: expiring on 1 March means within 7 days of the 5th.
    let q = QueueQuery {
        filter: QueueFilter::default(),
        sort: SortKey::Deadline,
        dir: SortDir::Asc,
        after: None,
        limit: 5,
    };
    let page = db
        .store
        .queue_page(&officer, &q, day(2026, 3, 1))
        .await
        .unwrap();
    assert_eq!(
        (page.rows[0].deadline, page.rows[0].days_left),
        (Some(day(2026, 3, 5)), Some(4))
    );
}
