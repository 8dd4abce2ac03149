//! `sportello bench [--rows N] [--runs R] [--database URL]`: the queue's hot paths on N
//! submissions, on the embedded SQLite file (a temporary one) or on an empty PostgreSQL database.
//!
//! The N submissions are the demo's (received over 120 days, every service, every state), written by
//! the bulk generator: the rows the real intake and workflow moves write, which the tests check row
//! for row against the same demo driven through the use cases.
//! Each query runs R times through the application (policy, store, row mapping) and reports p50 and
//! p99; beside it, the same SQL typed into `sqlite3` / `psql` in the same run is the floor.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::queue::{
    AssigneeFilter, DeadlineFilter, QueueFilter, QueueQuery, SortDir, SortKey,
};
use sportello_domain::workflow::State;
use sportello_store::{demo, is_postgres_url, Store};

use crate::app;

const DEPARTMENT: &str = "demografici";
/// The demo head of that department, whose queue the bench reads.
const HEAD: &str = "g.verdi";

/// What the deadline filters add, as the queue writes it (`engine/queue.rs`, `push_deadline`).
fn open_on(today: chrono::NaiveDate) -> String {
    format!("s.state IN ('received', 'inReview', 'integrationRequested', 'noticeSent') AND (s.suspended_until IS NULL OR s.suspended_until <= '{today}')")
}

/// What the app's queue selects, as one would type it into a database shell.
const FLOOR_SELECT: &str = "SELECT s.id, s.protocol_key, s.service, s.given_name, s.family_name,
    s.fiscal_code, s.state, u.full_name AS assignee_name, s.received_at, s.deadline, s.suspended_until,
    s.demo, s.sort_name FROM submissions s LEFT JOIN users u ON u.id = s.assignee_id";

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// p50 and p99 in milliseconds of `runs` timed runs.
fn summarise(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

struct Bench {
    /// The p50 of the last figure printed, for the floor's ratio.
    last_p50: std::cell::Cell<f64>,
    app: Sportello,
    head: Principal,
    runs: usize,
    url: String,
    postgres: bool,
}

impl Bench {
    async fn page(&self, label: &str, filter: QueueFilter, sort: SortKey) -> Result<usize> {
        let query = QueueQuery {
            filter,
            sort,
            dir: SortDir::Desc,
            after: None,
            limit: 200,
        };
        let today = Utc::now().date_naive();
        let mut times = Vec::with_capacity(self.runs);
        let mut rows = 0;
        // One run first, untimed: the figures are for a database in use, not the first look at it.
        self.app
            .queue_page(&self.head, &query, today)
            .await
            .map_err(app)?;
        for _ in 0..self.runs {
            let start = Instant::now();
            let page = self
                .app
                .queue_page(&self.head, &query, today)
                .await
                .map_err(app)?;
            times.push(start.elapsed());
            rows = page.rows.len();
        }
        let (p50, p99) = summarise(times);
        self.last_p50.set(p50);
        println!("{label:<52} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  ({rows} rows)");
        Ok(rows)
    }

    async fn counts(&self, label: &str, filter: QueueFilter) -> Result<()> {
        let today = Utc::now().date_naive();
        let mut times = Vec::with_capacity(self.runs);
        let mut total = 0;
        self.app
            .queue_counts(&self.head, &filter, today)
            .await
            .map_err(app)?;
        for _ in 0..self.runs {
            let start = Instant::now();
            let counts = self
                .app
                .queue_counts(&self.head, &filter, today)
                .await
                .map_err(app)?;
            times.push(start.elapsed());
            total = counts.total;
        }
        let (p50, p99) = summarise(times);
        self.last_p50.set(p50);
        println!("{label:<52} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  (total {total})");
        Ok(())
    }

    /// The same SQL straight into the database's own shell (`bench_shell`): p50 and p99, and the
    /// ratio of the application's p50 (the figure printed just before) to the floor's.
    fn floor(&self, label: &str, sql: &str) -> Result<()> {
        let times = crate::bench_shell::time(&self.url, self.postgres, self.runs, sql)
            .with_context(|| format!("the floor of {label}"))?;
        let (p50, p99) = summarise(times);
        let shell = if self.postgres { "psql" } else { "sqlite3" };
        // A label that starts with spaces is a reference line, not the floor itself.
        let name = match label.strip_prefix("  ") {
            Some(reference) => format!("  {reference}, {shell}"),
            None => format!("  floor ({shell})"),
        };
        let ratio = match self.last_p50.get() {
            app if p50 > 0.0 && !label.starts_with("  ") => {
                format!("  (app/floor {:.1})", app / p50)
            }
            _ => String::new(),
        };
        println!("{name:<52} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms{ratio}");
        Ok(())
    }

    /// A queue page's floor: the app's query with `filter` and `order`, as typed into the shell.
    fn page_floor(&self, filter: &str, order: &str) -> Result<()> {
        self.floor(
            "page",
            &format!("{FLOOR_SELECT} WHERE s.department = '{DEPARTMENT}'{filter} ORDER BY {order} DESC, s.id DESC LIMIT 201"),
        )
    }
}

/// The peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// The database a benchmark fills: `database` (an empty PostgreSQL one), or a fresh SQLite file
/// in a temporary folder named after `name` (`scratch`, to remove at the end); migrated, and
/// refused unless empty.
pub(crate) struct BenchDatabase {
    pub url: String,
    pub store: Store,
    scratch: Option<std::path::PathBuf>,
}

impl BenchDatabase {
    pub(crate) async fn empty(name: &str, database: Option<String>) -> Result<Self> {
        let (url, scratch) = if let Some(url) = database {
            (url, None)
        } else {
            let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            (
                format!("sqlite://{}", dir.join("bench.db").display()),
                Some(dir),
            )
        };
        let store = Store::open(&url).await.map_err(app)?;
        if !store.is_empty().await.map_err(app)? {
            bail!(
                "the bench needs an empty database: {}",
                sportello_store::redact(&url)
            );
        }
        let database = if is_postgres_url(&url) {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        println!("database: {database}");
        Ok(Self {
            url,
            store,
            scratch,
        })
    }

    /// Closes the database and removes the temporary SQLite file, if the bench made one.
    pub(crate) async fn finish(self) -> Result<()> {
        self.store.close().await;
        if let Some(dir) = self.scratch {
            std::fs::remove_dir_all(dir)?;
        }
        Ok(())
    }
}

pub async fn run(rows: usize, runs: usize, database: Option<String>) -> Result<()> {
    let runs = runs.max(1);
    let db = BenchDatabase::empty("sportello-bench", database).await?;
    let (url, store) = (db.url.clone(), db.store.clone());
    let postgres = is_postgres_url(&url);
    let sportello = Sportello::new(store.clone()).await.map_err(app)?;
    let start = Instant::now();
    let summary = sportello
        .generate_demo(&Principal::System, Utc::now(), rows, 42)
        .await
        .map_err(app)?;
    println!(
        "{:<52} {:>9.1} s",
        format!(
            "load {rows} submissions, {} moves (bulk generator)",
            summary.actions
        ),
        start.elapsed().as_secs_f64()
    );
    let head = sportello
        .log_in(HEAD, demo::DEMO_PASSWORD)
        .await
        .map_err(app)?;
    let head = Principal::User(head.actor());
    let spread = sportello
        .queue_counts(&head, &QueueFilter::default(), Utc::now().date_naive())
        .await
        .map_err(app)?;
    let spread: Vec<String> = spread
        .by_state
        .iter()
        .map(|c| format!("{} {}", c.state.label(), c.count))
        .collect();
    println!("{DEPARTMENT}: {}", spread.join(", "));

    let bench = Bench {
        last_p50: std::cell::Cell::new(0.0),
        app: sportello,
        head,
        runs,
        url: url.clone(),
        postgres,
    };
    let today = Utc::now().date_naive();
    let week = today + chrono::Days::new(7);
    let open = open_on(today);
    let first = bench
        .page(
            "first page, newest first",
            QueueFilter::default(),
            SortKey::ReceivedAt,
        )
        .await?;
    bench.floor("first page", &format!("{FLOOR_SELECT} WHERE s.department = '{DEPARTMENT}' ORDER BY s.received_at DESC, s.id DESC LIMIT 201"))?;
    bench
        .page(
            "first page by deadline",
            QueueFilter::default(),
            SortKey::Deadline,
        )
        .await?;
    bench.page_floor("", "COALESCE(s.deadline, '9999-12-31')")?;
    bench
        .page(
            "first page by applicant",
            QueueFilter::default(),
            SortKey::Applicant,
        )
        .await?;
    bench.page_floor("", "s.sort_name")?;
    bench
        .page(
            "first page by protocol number",
            QueueFilter::default(),
            SortKey::Protocol,
        )
        .await?;
    bench.page_floor("", "s.protocol_key")?;
    let in_review = QueueFilter {
        states: vec![State::InReview],
        ..QueueFilter::default()
    };
    bench
        .page("state: in review", in_review, SortKey::ReceivedAt)
        .await?;
    bench.page_floor(" AND s.state IN ('inReview')", "s.received_at")?;
    let unassigned = QueueFilter {
        assignee: AssigneeFilter::Unassigned,
        ..QueueFilter::default()
    };
    bench
        .page("unassigned", unassigned, SortKey::ReceivedAt)
        .await?;
    bench.page_floor(" AND s.assignee_id IS NULL", "s.received_at")?;
    let service = QueueFilter {
        service: Some("certificato-anagrafico".into()),
        ..QueueFilter::default()
    };
    bench
        .page("one service", service, SortKey::ReceivedAt)
        .await?;
    bench.page_floor(" AND s.service = 'certificato-anagrafico'", "s.received_at")?;
    let overdue = QueueFilter {
        deadline: DeadlineFilter::Overdue,
        ..QueueFilter::default()
    };
    bench.page("overdue", overdue, SortKey::Deadline).await?;
    bench.page_floor(
        &format!(" AND {open} AND COALESCE(s.deadline, '9999-12-31') < '{today}'"),
        "COALESCE(s.deadline, '9999-12-31')",
    )?;
    let expiring = QueueFilter {
        deadline: DeadlineFilter::Expiring,
        ..QueueFilter::default()
    };
    bench
        .page("expiring within 7 days", expiring, SortKey::Deadline)
        .await?;
    bench.page_floor(&format!(" AND {open} AND COALESCE(s.deadline, '9999-12-31') >= '{today}' AND COALESCE(s.deadline, '9999-12-31') <= '{week}'"), "COALESCE(s.deadline, '9999-12-31')")?;
    bench
        .counts("counts per state, whole department", QueueFilter::default())
        .await?;
    bench.floor("counts", &format!("SELECT t.state, CAST(SUM(t.n) AS BIGINT) AS n FROM queue_totals t WHERE t.n > 0 AND t.department = '{DEPARTMENT}' GROUP BY t.state"))?;
    bench.floor("  (the same counted over the table)", &format!("SELECT s.state, COUNT(*) AS n FROM submissions s WHERE s.department = '{DEPARTMENT}' GROUP BY s.state"))?;
    let one_service = QueueFilter {
        service: Some("certificato-anagrafico".into()),
        assignee: AssigneeFilter::Unassigned,
        ..QueueFilter::default()
    };
    bench
        .counts("counts per state, one service, unassigned", one_service)
        .await?;
    bench.floor("kept counts", &format!("SELECT t.state, CAST(SUM(t.n) AS BIGINT) AS n FROM queue_totals t WHERE t.n > 0 AND t.department = '{DEPARTMENT}' AND t.service = 'certificato-anagrafico' AND t.assignee = 0 GROUP BY t.state"))?;
    let filtered = QueueFilter {
        service: Some("certificato-anagrafico".into()),
        assignee: AssigneeFilter::Unassigned,
        deadline: DeadlineFilter::Expiring,
        ..QueueFilter::default()
    };
    bench
        .counts("counts per state, ... and expiring in 7 days", filtered)
        .await?;
    bench.floor("filtered counts", &format!("SELECT s.state, COUNT(*) AS n FROM submissions s WHERE s.department = '{DEPARTMENT}' AND s.service = 'certificato-anagrafico' AND s.assignee_id IS NULL AND {open} AND COALESCE(s.deadline, '9999-12-31') >= '{today}' AND COALESCE(s.deadline, '9999-12-31') <= '{week}' GROUP BY s.state"))?;
    let name = QueueFilter {
        search: Some("ross giu".into()),
        ..QueueFilter::default()
    };
    bench
        .page("search by name words", name, SortKey::ReceivedAt)
        .await?;
    let name_floor = if postgres {
        "s.name_search @@ to_tsquery('simple', sportello_unaccent('ross:* & giu:*'))".to_string()
    } else {
        "s.id IN (SELECT rowid FROM submission_names WHERE submission_names MATCH '\"ross\"* \"giu\"*')".to_string()
    };
    bench.floor("name", &format!("{FLOOR_SELECT} WHERE s.department = '{DEPARTMENT}' AND {name_floor} ORDER BY s.received_at DESC, s.id DESC LIMIT 201"))?;
    let sample = bench
        .app
        .queue_page(
            &bench.head,
            &QueueQuery {
                filter: QueueFilter::default(),
                sort: SortKey::ReceivedAt,
                dir: SortDir::Desc,
                after: None,
                limit: 1,
            },
            Utc::now().date_naive(),
        )
        .await
        .map_err(app)?;
    let row = sample.rows.first().context("the queue is empty")?;
    let cf = QueueFilter {
        search: Some(row.fiscal_code.clone()),
        ..QueueFilter::default()
    };
    bench
        .page("search by fiscal code", cf, SortKey::ReceivedAt)
        .await?;
    bench.floor("fiscal code", &format!("{FLOOR_SELECT} WHERE s.department = '{DEPARTMENT}' AND s.fiscal_code = '{}' ORDER BY s.received_at DESC, s.id DESC LIMIT 201", row.fiscal_code))?;
    let protocol = QueueFilter {
        search: Some(row.protocol.clone()),
        ..QueueFilter::default()
    };
    bench
        .page("search by protocol number", protocol, SortKey::ReceivedAt)
        .await?;
    let number =
        sportello_domain::protocol::ProtocolNumber::parse(&row.protocol).context("protocol")?;
    let key = i64::from(number.year) * 100_000_000 + i64::from(number.number);
    bench.floor("protocol", &format!("{FLOOR_SELECT} WHERE s.department = '{DEPARTMENT}' AND s.protocol_key = {key} ORDER BY s.received_at DESC, s.id DESC LIMIT 201"))?;
    if let Some(mib) = peak_rss_mib() {
        println!("{:<52} {mib:>9.1} MiB", "peak resident memory of the bench");
    }
    println!("(first page rows: {first})");
    db.finish().await
}
