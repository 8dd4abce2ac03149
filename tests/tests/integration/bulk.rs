//! The bulk generator (`generate_demo`, the benchmark's loader) against the same demo timeline driven
//! through the real use cases (`load_demo`): two fresh databases, then every row of every table the
//! workflow writes compared — ids, protocol numbers, dates, clocks, history, kept counts. The one
//! difference allowed is the decision letters' bytes (a stand-in PDF in bulk data).

use chrono::{TimeZone, Utc};
use sportello_domain::clock::FixedClock;
use sportello_domain::queue::{QueueFilter, QueueQuery, SortDir, SortKey};
use sportello_domain::workflow::{Action, State};

use crate::helpers::*;

const COUNT: usize = 1_000;
const SEED: u64 = 2026;

/// Every column of `columns`, as text (NULL as `∅`), so both databases compare their own rows.
fn select(table: &str, columns: &[&str], order: &str) -> String {
    let cols: Vec<String> = columns
        .iter()
        .map(|c| format!("COALESCE(CAST({c} AS TEXT), '∅')"))
        .collect();
    format!("SELECT {} FROM {table} ORDER BY {order}", cols.join(", "))
}

fn fingerprints() -> Vec<(&'static str, String)> {
    vec![
        (
            "submissions",
            select(
                "submissions",
                &[
                    "id",
                    "service",
                    "department",
                    "fiscal_code",
                    "given_name",
                    "family_name",
                    "sort_name",
                    "birth_date",
                    "birth_place",
                    "email",
                    "phone",
                    "address",
                    "form",
                    "channel",
                    "external_id",
                    "received_at",
                    "received_on",
                    "protocol_key",
                    "state",
                    "assignee_id",
                    "integration_used",
                    "notice_sent_on",
                    "observations_on",
                    "deadline",
                    "suspended_until",
                    "closed_on",
                    "demo",
                    "version",
                ],
                "id",
            ),
        ),
        (
            "protocol_registrations",
            select(
                "protocol_registrations",
                &[
                    "id",
                    "year",
                    "number",
                    "direction",
                    "registered_at",
                    "correspondent",
                    "subject",
                    "submission_id",
                    "operator",
                    // A letter's fingerprint is its PDF's: the bulk letter is a stand-in.
                    "CASE WHEN direction = 'outgoing' THEN 'letter' ELSE document_sha256 END",
                ],
                "id",
            ),
        ),
        (
            "documents",
            select(
                "documents",
                &[
                    "id",
                    "submission_id",
                    "kind",
                    "media_type",
                    "created_at",
                    "CASE WHEN media_type = 'application/pdf' THEN 'letter' ELSE sha256 END",
                ],
                "id",
            ),
        ),
        (
            "attachments",
            select(
                "attachments",
                &[
                    "id",
                    "submission_id",
                    "requirement",
                    "name",
                    "media_type",
                    "size",
                    "sha256",
                    "warning",
                ],
                "id",
            ),
        ),
        ("blobs", select("blobs", &["sha256", "size"], "sha256")),
        (
            "history",
            select(
                "history",
                &[
                    "id",
                    "submission_id",
                    "at",
                    "actor_id",
                    "actor_name",
                    "event",
                    "from_state",
                    "to_state",
                    "text",
                    "protocol_id",
                ],
                "id",
            ),
        ),
        (
            "suspensions",
            select(
                "suspensions",
                &[
                    "submission_id",
                    "kind",
                    "from_date",
                    "answered_on",
                    "ended_on",
                ],
                "submission_id, from_date, kind",
            ),
        ),
        // The triggers keep a group whose count went back to zero; the bulk path writes only the
        // groups it has: the same totals either way.
        (
            "queue_totals",
            select(
                "(SELECT * FROM queue_totals WHERE n > 0) AS t",
                &["department", "service", "assignee", "state", "n"],
                "department, service, assignee, state",
            ),
        ),
    ]
}

#[tokio::test]
async fn the_bulk_generator_writes_what_the_use_cases_write() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    let real = TestDb::new().await;
    let bulk = TestDb::new().await;
    let driven = real.store.load_demo(now, COUNT, SEED).await.unwrap();
    let generated = bulk.store.generate_demo(now, COUNT, SEED).await.unwrap();
    assert_eq!(driven, generated, "the same moves were made");

    for (table, sql) in fingerprints() {
        let (a, b) = (real.store.texts(&sql).await, bulk.store.texts(&sql).await);
        assert!(!a.is_empty(), "{table} has rows");
        assert_eq!(a.len(), b.len(), "{table}: row count");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{table}: first differing row");
        }
    }

    // Spread over every state officers' moves reach, as the benchmark needs (silence-consent is
    // the scheduler's, applied once the app runs).
    let states = bulk
        .store
        .texts("SELECT DISTINCT state FROM submissions ORDER BY state")
        .await;
    let by_moves = State::ALL
        .iter()
        .filter(|s| !matches!(s, State::ApprovedBySilence | State::Annulled))
        .count();
    assert_eq!(states.len(), by_moves, "{states:?}");

    // The name search finds the same submissions (SQLite's index is written beside the rows).
    let g_verdi = |db: &TestDb| {
        let store = db.store.clone();
        async move {
            let user = store
                .authenticate("g.verdi", "sportello-demo")
                .await
                .unwrap();
            let query = QueueQuery {
                filter: QueueFilter {
                    search: Some("ross".into()),
                    ..QueueFilter::default()
                },
                sort: SortKey::ReceivedAt,
                dir: SortDir::Desc,
                after: None,
                limit: 200,
            };
            let page = store
                .queue_page(&user.actor(), &query, now.date_naive())
                .await
                .unwrap();
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    let found = g_verdi(&bulk).await;
    assert!(!found.is_empty());
    assert_eq!(found, g_verdi(&real).await);
}

#[tokio::test]
async fn the_use_cases_go_on_after_a_bulk_load() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    let db = TestDb::new().await;
    db.store.generate_demo(now, 200, SEED).await.unwrap();
    let last: i64 = db
        .store
        .count("SELECT MAX(number) FROM protocol_registrations")
        .await;
    let registrations = db
        .store
        .count("SELECT COUNT(*) FROM protocol_registrations")
        .await;
    assert_eq!(last, registrations, "numbers without gaps");

    let officer = db
        .store
        .authenticate("m.rossi", "sportello-demo")
        .await
        .unwrap()
        .actor();
    let id = db
        .store
        .count(
            "SELECT MIN(id) FROM submissions WHERE state = 'received' AND department = 'demografici'",
        )
        .await;
    let clock = FixedClock(now + chrono::Duration::hours(1));
    db.store
        .apply_action(&officer, id, &Action::TakeInCharge, &clock)
        .await
        .unwrap();
    let approve = Action::Approve {
        reason: "Requisiti verificati".into(),
    };
    db.store
        .apply_action(&officer, id, &approve, &clock)
        .await
        .unwrap();
    let numbers = db
        .store
        .texts(&format!(
            "SELECT CAST(number AS TEXT), direction FROM protocol_registrations WHERE submission_id = {id} ORDER BY id DESC"
        ))
        .await;
    // Taking it in charge sent the start notice (art. 8); the approval's letter follows.
    assert_eq!(numbers[0], vec![(last + 2).to_string(), "outgoing".into()]);
    assert_eq!(numbers[1], vec![(last + 1).to_string(), "outgoing".into()]);
    let counted = db
        .store
        .count("SELECT CAST(SUM(n) AS BIGINT) FROM queue_totals WHERE state = 'approved'")
        .await;
    let actual = db
        .store
        .count("SELECT COUNT(*) FROM submissions WHERE state = 'approved'")
        .await;
    assert_eq!(counted, actual);
}
