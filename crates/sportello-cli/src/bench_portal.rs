//! `sportello bench portal [--applications N] [--database URL]`: N applications with their
//! attachments ingested from the local portal simulator by one full sync, with where the time goes
//! (listing, reading and downloading, the ingest transactions, delivering the receipts), the
//! queue's first page p99 measured by an officer while the sync runs, and the floor: the same
//! number of submissions written straight into an empty database by the bulk generator.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::queue::{QueueFilter, QueueQuery, SortDir, SortKey};
use sportello_domain::user::{NewUser, Role};
use sportello_portal::mapping::Mappings;
use sportello_portal_sim::{serve, SimConfig};
use sportello_sync::{Link, LinkConfig, Progress};

use crate::app;
use crate::bench_queue::BenchDatabase;

fn p(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// An officer of the demografici office reading the queue's first page until `stop`.
async fn queue_reader(app: Sportello, stop: Arc<std::sync::atomic::AtomicBool>) -> Vec<Duration> {
    let officer = NewUser {
        username: "bench.portale".into(),
        full_name: "Operatore di prova".into(),
        role: Role::Operatore,
        department: Some("demografici".into()),
        password: "bench-portal-password".into(),
    };
    let Ok(user) = app.create_user(&Principal::System, &officer).await else {
        return Vec::new();
    };
    let who = Principal::User(user.actor());
    let query = QueueQuery {
        filter: QueueFilter::default(),
        sort: SortKey::ReceivedAt,
        dir: SortDir::Desc,
        after: None,
        limit: 50,
    };
    let mut times = Vec::new();
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        let start = Instant::now();
        if app
            .queue_page(&who, &query, Utc::now().date_naive())
            .await
            .is_ok()
        {
            times.push(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    times
}

pub async fn run(applications: usize, database: Option<String>) -> Result<()> {
    let db = BenchDatabase::empty("sportello-bench-portal", database.clone()).await?;
    // The demo Comune's identity first, so the receipts are printed with it.
    sportello_issuance::config::load_demo(&db.store)
        .await
        .map_err(app)?;
    let sportello = Sportello::new(db.store.clone()).await.map_err(app)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let sim = SimConfig {
        applications,
        drafts: 0.0,
        withdrawn: 0.0,
        hostile: 0.0,
        base_date: Utc::now(),
        ..SimConfig::default()
    };
    let (user, password) = (sim.user.clone(), sim.password.clone());
    let (handle, _task) = serve(listener, sim);
    let config = LinkConfig::new(
        &handle.base_url(),
        &user,
        &password,
        Mappings::shipped().map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    let mut link = Link::new(sportello.clone(), config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = tokio::spawn(queue_reader(sportello.clone(), stop.clone()));
    let ingest_end: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
    let marker = ingest_end.clone();
    let progress = move |p: Progress| {
        // The ingest ends with the first step that is not reading applications.
        if !matches!(p, Progress::Ingesting { .. }) {
            marker
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get_or_insert_with(Instant::now);
        }
    };
    let start = Instant::now();
    let run = link
        .run_once(true, &progress)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let total = start.elapsed();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut queue_times = reader.await?;
    queue_times.sort();
    let t = link.timings;
    // Wall time until the first delivery: listing, reading and writing overlap.
    let ingest = ingest_end
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .map_or(total, |end| end - start);
    let files: usize = handle.generated().iter().map(|g| g.files.len()).sum();
    println!(
        "portal sync of {applications} applications ({files} files): {} created, {} quarantined, {} deliveries, error {:?}",
        run.created, run.quarantined, run.delivered, run.error
    );
    println!(
        "{:<52} {:>9.2} s  ({:.0} submissions/s)",
        "ingest, wall time (list, read and download, store)",
        ingest.as_secs_f64(),
        applications as f64 / ingest.as_secs_f64()
    );
    for (what, d) in [
        ("  listing pages of 100 (overlaps the rest)", t.listing),
        ("  waiting for reads (mapping, downloads)", t.reading),
        ("  ingest transactions (50 per transaction)", t.ingesting),
        (
            "deliveries (receipts printed, sealed, registered)",
            t.delivering,
        ),
        ("whole run", total),
    ] {
        println!("{what:<52} {:>9.2} s", d.as_secs_f64());
    }
    println!(
        "queue first page while the sync runs: {} reads, p50 {:.1} ms, p99 {:.1} ms",
        queue_times.len(),
        p(&queue_times, 0.5),
        p(&queue_times, 0.99)
    );
    // The floor: the same number of submissions written straight by the bulk generator.
    let floor_db = BenchDatabase::empty("sportello-bench-portal-floor", None).await?;
    let floor = Sportello::new(floor_db.store.clone()).await.map_err(app)?;
    let start = Instant::now();
    floor
        .generate_demo(&Principal::System, Utc::now(), applications, 7)
        .await
        .map_err(app)?;
    let bulk = start.elapsed();
    floor_db.finish().await?;
    db.finish().await?;
    println!(
        "{:<52} {:>9.2} s  (ingest / floor = {:.1}x)",
        "floor: the same rows bulk-inserted (SQLite)",
        bulk.as_secs_f64(),
        ingest.as_secs_f64() / bulk.as_secs_f64()
    );
    Ok(())
}
