//! `sportello bench officers [--officers N] [--rows R] [--actions A] [--database URL]`: N officers,
//! each on a workstation of their own (own connections), working at once on R demo submissions:
//! each picks a new submission of the department's queue, takes it in charge, opens it and decides
//! it, A times. Reports p50/p99 per action, throughput, the expected conflicts (two officers
//! choosing the same submission), and how long `audit verify` takes over the trail they wrote.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::clock::{Clock, SystemClock};
use sportello_domain::queue::{AssigneeFilter, QueueFilter, QueueQuery, SortDir, SortKey};
use sportello_domain::user::{NewUser, Role};
use sportello_domain::workflow::{Action, State};
use sportello_domain::{AppError, ErrorCode};
use sportello_store::Store;

use crate::app;
use crate::bench_queue::BenchDatabase;

/// Departments whose demo services the officers work on, in turn.
const DEPARTMENTS: [&str; 4] = ["demografici", "sociali", "scuola", "suap"];
const PASSWORD: &str = "bench-officer-password";

#[derive(Default)]
struct Tally {
    times: BTreeMap<&'static str, Vec<Duration>>,
    conflicts: usize,
    errors: Vec<String>,
    decided: usize,
}

fn ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn timed<T>(
    tally: &mut Tally,
    what: &'static str,
    work: impl std::future::Future<Output = sportello_application::Result<T>>,
) -> Option<T> {
    let start = Instant::now();
    match work.await {
        Ok(value) => {
            tally.times.entry(what).or_default().push(start.elapsed());
            Some(value)
        }
        Err(e) => {
            let e = AppError::from(e);
            // Two officers choosing the same submission: the loser is told who has it.
            if matches!(e.code, ErrorCode::Conflict)
                || (what == "take in charge" && e.code == ErrorCode::IllegalAction)
            {
                tally.conflicts += 1;
            } else {
                tally.errors.push(format!("{what}: {}", e.message));
            }
            None
        }
    }
}

/// One officer's session: `actions` submissions taken, opened and decided.
async fn officer(app: Sportello, who: Principal, actions: usize, seed: usize) -> Tally {
    let mut tally = Tally::default();
    let clock = SystemClock;
    let filter = QueueFilter {
        states: vec![State::Received],
        assignee: AssigneeFilter::Unassigned,
        ..QueueFilter::default()
    };
    let query = QueueQuery {
        filter,
        sort: SortKey::ReceivedAt,
        dir: SortDir::Asc,
        after: None,
        limit: 50,
    };
    for n in 0..actions {
        let Some(page) = timed(
            &mut tally,
            "queue page",
            app.queue_page(&who, &query, clock.today()),
        )
        .await
        else {
            continue;
        };
        // Officers of one office choose among the same five oldest submissions: some collide.
        let Some(row) = page
            .rows
            .get((seed / DEPARTMENTS.len() + n) % page.rows.len().clamp(1, 5))
        else {
            break;
        };
        let id = row.id;
        if timed(
            &mut tally,
            "take in charge",
            app.act(&who, id, &Action::TakeInCharge, &clock),
        )
        .await
        .is_none()
        {
            continue;
        }
        timed(&mut tally, "open (logged)", app.detail(&who, id, &clock)).await;
        let approve = Action::Approve {
            reason: "Requisiti verificati (banco di prova).".into(),
        };
        if timed(
            &mut tally,
            "decide (approve)",
            app.act(&who, id, &approve, &clock),
        )
        .await
        .is_some()
        {
            tally.decided += 1;
        }
    }
    tally
}

pub async fn run(
    officers: usize,
    rows: usize,
    actions: usize,
    database: Option<String>,
) -> Result<()> {
    let db = BenchDatabase::empty("sportello-bench-officers", database).await?;
    let (url, store) = (db.url.clone(), db.store.clone());
    let renderer = Arc::new(sportello_issuance::Renderer::new().map_err(app)?);
    let admin = Sportello::with_renderer(store, renderer.clone())
        .await
        .map_err(app)?;
    let start = Instant::now();
    admin
        .generate_demo(&Principal::System, Utc::now(), rows, 42)
        .await
        .map_err(app)?;
    println!(
        "load {rows} submissions (bulk generator): {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let mut sessions = Vec::new();
    for n in 0..officers {
        let department = DEPARTMENTS[n % DEPARTMENTS.len()];
        let user = admin
            .create_user(
                &Principal::System,
                &NewUser {
                    username: format!("bench.op{n}"),
                    full_name: format!("Operatore di prova {n}"),
                    role: Role::Operatore,
                    department: Some(department.into()),
                    password: PASSWORD.into(),
                },
            )
            .await
            .map_err(app)?;
        // A workstation of its own: its own connections to the database — on a server, opened
        // with the officer's own login role, as shared mode does (row-level security and all).
        let store = match admin.store().login_role(user.id).await.map_err(app)? {
            Some(login) => Store::open_as_user(&url, &login, PASSWORD)
                .await
                .map_err(app)?,
            None => Store::open_workstation(&url).await.map_err(app)?,
        };
        let app_n = Sportello::with_renderer(store, renderer.clone())
            .await
            .map_err(app)?;
        sessions.push((app_n, Principal::User(user.actor()), n));
    }
    let (first_app, first_who) = (sessions[0].0.clone(), sessions[0].1.clone());
    let start = Instant::now();
    let tasks: Vec<_> = sessions
        .into_iter()
        .map(|(app_n, who, n)| tokio::spawn(officer(app_n, who, actions, n)))
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await?;
        for (what, times) in t.times {
            all.times.entry(what).or_default().extend(times);
        }
        all.conflicts += t.conflicts;
        all.decided += t.decided;
        all.errors.extend(t.errors);
    }
    let wall = start.elapsed();
    println!(
        "{officers} officers at once, {actions} submissions each, {:.1} s",
        wall.as_secs_f64()
    );
    println!(
        "{:<28} {:>7} {:>10} {:>10}",
        "action", "n", "p50 ms", "p99 ms"
    );
    let mut total = 0;
    for (what, mut times) in all.times {
        times.sort();
        total += times.len();
        println!(
            "{what:<28} {:>7} {:>10.1} {:>10.1}",
            times.len(),
            ms(&times, 0.5),
            ms(&times, 0.99)
        );
    }
    println!(
        "throughput: {:.1} actions/s ({} decisions); expected conflicts (same submission chosen): {}",
        total as f64 / wall.as_secs_f64(),
        all.decided,
        all.conflicts
    );
    rls_cost(&admin, &first_app, &first_who).await?;
    let start = Instant::now();
    let report = admin
        .verify_audit(&Principal::System, None)
        .await
        .map_err(app)?;
    let took = start.elapsed().as_secs_f64();
    println!(
        "audit verify: {} entries in {:.3} s ({:.1} s per million), whole: {}",
        report.checked,
        took,
        took / report.checked.max(1) as f64 * 1e6,
        report.is_whole()
    );
    if !all.errors.is_empty() {
        for e in all.errors.iter().take(10) {
            eprintln!("unexpected error: {e}");
        }
        bail!("{} unexpected errors", all.errors.len());
    }
    if !report.is_whole() {
        bail!("the audit trail does not verify after the run");
    }
    db.finish().await
}

/// The cost of the server's row-level security: the same queue page and counts for the same
/// officer, read on the maintenance connection (which bypasses it; the application's policy still
/// filters by department) and on the officer's own connection.
async fn rls_cost(maintenance: &Sportello, own: &Sportello, who: &Principal) -> Result<()> {
    if maintenance.store().postgres_pool().is_none() {
        return Ok(());
    }
    let clock = SystemClock;
    let query = QueueQuery {
        filter: QueueFilter::default(),
        sort: SortKey::Deadline,
        dir: SortDir::Asc,
        after: None,
        limit: 50,
    };
    println!("row-level security (same officer, same queries, 30 each):");
    for (label, app_n) in [
        ("maintenance role (no RLS)", maintenance),
        ("officer's own role (RLS)", own),
    ] {
        let mut pages = Vec::new();
        let mut counts = Vec::new();
        for _ in 0..30 {
            let start = Instant::now();
            app_n
                .queue_page(who, &query, clock.today())
                .await
                .map_err(app)?;
            pages.push(start.elapsed());
            let start = Instant::now();
            app_n
                .queue_counts(who, &query.filter, clock.today())
                .await
                .map_err(app)?;
            counts.push(start.elapsed());
        }
        pages.sort();
        counts.sort();
        println!(
            "  {label:<28} queue page p50 {:>6.1} ms p99 {:>6.1} ms; counts p50 {:>6.1} ms",
            ms(&pages, 0.5),
            ms(&pages, 0.99),
            ms(&counts, 0.5)
        );
    }
    Ok(())
}

/// `sportello bench audit --entries N`: N entries appended to an empty database through the real
/// append path, then one `audit verify` pass timed (the issue asks for its time per million).
pub async fn audit(entries: u64, database: Option<String>) -> Result<()> {
    let db = BenchDatabase::empty("sportello-bench-audit", database).await?;
    let store = db.store.clone();
    let scope = sportello_domain::policy::audit_scope(
        &Principal::System,
        sportello_domain::policy::Permission::VerifyAudit,
    )
    .map_err(|d| anyhow::anyhow!(d.to_string()))?;
    let start = Instant::now();
    store
        .append_benchmark_entries(&scope, entries, Utc::now())
        .await
        .map_err(app)?;
    let appended = start.elapsed().as_secs_f64();
    println!(
        "append {entries} entries: {appended:.1} s ({:.0} per second)",
        entries as f64 / appended
    );
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let report = store.verify_audit(&scope, None).await.map_err(app)?;
        times.push(start.elapsed());
        if !report.is_whole() || report.checked != i64::try_from(entries).unwrap_or(i64::MAX) {
            bail!("verification did not pass over every entry: {report:?}");
        }
    }
    times.sort();
    let median = times[1].as_secs_f64();
    println!(
        "audit verify: {entries} entries, median of 3 passes {median:.2} s ({:.2} s per million)",
        median / entries as f64 * 1e6
    );
    db.finish().await
}
