//! The portal link: submissions arrive from the Comune's portal by themselves and decisions go back
//! exactly once (docs/portal-link.md).
//!
//! One run ([`Link::run_once`]) reads the portal's applications — the recent ones, or all of them in
//! a periodic full reconciliation, since the portal has no reliable "changed since" — ingests each
//! through the application's use cases as the System principal (idempotent by portal id), then
//! delivers the outbox. Exactly one link runs at a time: it holds a lease in the database, renewed
//! while it works; a holder that died on this host is recognised and replaced at once, one on
//! another host when its lease expires.

pub mod config;
pub mod conversations;
mod deliver;
mod ingest;
mod letters;
pub mod read;

use std::time::Duration;

use chrono::Utc;
use sportello_application::{Principal, Sportello};
use sportello_domain::link::{Ingested, SyncRun};
use sportello_portal::client::{Patience, PortalClient, PortalError};
use sportello_portal::mapping::Mappings;

pub use deliver::Attempt;

/// The lease's name in the database.
pub const LEASE: &str = "portal-sync";

/// What the link needs to run.
#[derive(Debug, Clone)]
pub struct LinkConfig {
    /// `https://host/lang/api`.
    pub portal_url: String,
    pub user: String,
    pub password: String,
    pub mappings: Mappings,
    pub patience: Patience,
    /// How often a run reads every application instead of the recent ones.
    pub full_every: chrono::Duration,
    /// How long the lease lasts without renewal.
    pub lease_ttl: chrono::Duration,
    /// Who holds the lease: `host:pid` by default.
    pub holder: String,
    /// The first wait before a failed delivery is tried again (it doubles up to an hour).
    pub retry_base: chrono::Duration,
}

impl LinkConfig {
    pub fn new(portal_url: &str, user: &str, password: &str, mappings: Mappings) -> Self {
        Self {
            portal_url: portal_url.to_owned(),
            user: user.to_owned(),
            password: password.to_owned(),
            mappings,
            patience: Patience::default(),
            full_every: chrono::Duration::hours(1),
            lease_ttl: chrono::Duration::seconds(60),
            holder: format!("{}:{}", host_name(), std::process::id()),
            retry_base: chrono::Duration::seconds(5),
        }
    }
}

/// This machine's name, as the lease records it.
pub fn host_name() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .or_else(|_| std::fs::read_to_string("/etc/hostname").map(|s| s.trim().to_owned()))
        .ok()
        .filter(|h| !h.is_empty() && !h.contains(':'))
        .unwrap_or_else(|| "localhost".into())
}

/// Whether process `pid` of this host still runs (Linux reads /proc; elsewhere it is assumed to,
/// and the lease's expiry decides).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("another portal sync is running ({0}); this one stops")]
    Busy(String),
    #[error(transparent)]
    Portal(#[from] PortalError),
    #[error(transparent)]
    App(#[from] sportello_application::Error),
}

/// A step of a run, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Applications read so far, of the total listed.
    Ingesting { done: usize, total: usize },
    /// Reading the open submissions' conversations (full runs).
    Conversations,
    /// Items delivered or attempted so far.
    Delivering { done: usize },
}

/// Where a run's time went, for `sportello bench portal`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Listing the applications, page by page.
    pub listing: Duration,
    /// Reading each one: the fingerprint lookup, mapping, attachments' downloads.
    pub reading: Duration,
    /// The ingest transactions.
    pub ingesting: Duration,
    /// Delivering the outbox (receipts printed, sealed and registered included).
    pub delivering: Duration,
}

/// The link over one database and one portal account.
#[derive(Debug)]
pub struct Link {
    app: Sportello,
    client: PortalClient,
    config: LinkConfig,
    /// Where the last run's time went.
    pub timings: Timings,
}

const WHO: Principal = Principal::System;

impl Link {
    pub fn new(app: Sportello, config: LinkConfig) -> Result<Self, LinkError> {
        let client = PortalClient::new(
            &config.portal_url,
            &config.user,
            &config.password,
            config.patience.clone(),
        )?;
        Ok(Self {
            app,
            client,
            config,
            timings: Timings::default(),
        })
    }

    /// Takes or renews the lease, replacing a holder of this host that no longer runs.
    pub async fn hold_lease(&self) -> Result<(), LinkError> {
        let now = Utc::now();
        let until = now + self.config.lease_ttl;
        let me = &self.config.holder;
        if self.app.take_lease(&WHO, LEASE, me, now, until).await? {
            return Ok(());
        }
        let holder = self.app.lease_holder(&WHO, LEASE).await?;
        if let Some((other, _)) = holder {
            let (host, pid) = other.rsplit_once(':').unwrap_or((other.as_str(), ""));
            let mine = me.rsplit_once(':').map_or("", |(h, _)| h);
            if host == mine && pid.parse().is_ok_and(|pid| !alive(pid)) {
                tracing::warn!(stale = %other, "the previous portal sync of this host is gone; taking over");
                if self
                    .app
                    .take_stale_lease(&WHO, LEASE, &other, me, until)
                    .await?
                {
                    return Ok(());
                }
            }
            return Err(LinkError::Busy(other));
        }
        Err(LinkError::Busy(String::new()))
    }

    /// Gives the lease back.
    pub async fn release(&self) -> Result<(), LinkError> {
        Ok(self
            .app
            .release_lease(&WHO, LEASE, &self.config.holder, Utc::now())
            .await?)
    }

    /// One run: read and ingest, then deliver; `full` forces a full reconciliation. The run is
    /// recorded (`sync_runs`) even when the portal fails half-way.
    pub async fn run_once(
        &mut self,
        full: bool,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<SyncRun, LinkError> {
        self.hold_lease().await?;
        let started_at = Utc::now();
        let last_full = self.app.last_sync_run(&WHO, true).await?;
        let full =
            full || last_full.is_none_or(|r| started_at - r.started_at > self.config.full_every);
        let since = if full {
            None
        } else {
            self.app
                .last_sync_run(&WHO, false)
                .await?
                .map(|r| r.started_at)
        };
        let id = self.app.start_sync_run(&WHO, full, started_at).await?;
        self.timings = Timings::default();
        let mut run = SyncRun {
            id,
            started_at,
            finished_at: None,
            full_scan: full,
            seen: 0,
            created: 0,
            updated: 0,
            quarantined: 0,
            delivered: 0,
            failed: 0,
            error: None,
        };
        if let Err(e) = self.ingest_all(since, &mut run, progress).await {
            tracing::error!(error = %e, "portal sync: reading the portal failed");
            run.error = Some(e.to_string());
        }
        // The outbox first: a decision is not held back by the reading of the conversations.
        let mut tried = std::collections::HashSet::new();
        let delivering = std::time::Instant::now();
        let delivered = self.deliver_all(&mut run, progress, &mut tried).await;
        self.timings.delivering = delivering.elapsed();
        if let Err(e) = delivered {
            tracing::error!(error = %e, "portal sync: delivering to the portal failed");
            run.error.get_or_insert(e.to_string());
        }
        // A full run also reads the open submissions' conversations (the citizen's messages do not
        // change the application object, so the incremental listing cannot see them); what an
        // answer queued (its registration for the portal) goes out in the same run.
        if full && run.error.is_none() {
            progress(Progress::Conversations);
            match conversations::read_all(&self.app, &mut self.client).await {
                Ok(0) => {}
                Ok(_) => {
                    if let Err(e) = self.deliver_all(&mut run, progress, &mut tried).await {
                        tracing::error!(error = %e, "portal sync: delivering to the portal failed");
                        run.error.get_or_insert(e.to_string());
                    }
                }
                // Read again at the next full run.
                Err(e) => {
                    tracing::warn!(error = %e, "portal sync: reading the conversations stopped");
                }
            }
        }
        run.finished_at = Some(Utc::now());
        self.app.finish_sync_run(&WHO, &run).await?;
        tracing::info!(?run, "portal sync run finished");
        Ok(run)
    }

    /// Delivers what is due; `tried` holds the items this run already tried (each is tried at most
    /// once per run: one that fails waits for the next run).
    async fn deliver_all(
        &mut self,
        run: &mut SyncRun,
        progress: &(dyn Fn(Progress) + Send + Sync),
        tried: &mut std::collections::HashSet<i64>,
    ) -> Result<(), LinkError> {
        let mut done = 0;
        loop {
            let due: Vec<_> = self
                .app
                .due_deliveries(&WHO, Utc::now(), 50 + tried.len() as i64)
                .await?
                .into_iter()
                .filter(|w| !tried.contains(&w.id))
                .collect();
            if due.is_empty() {
                return Ok(());
            }
            for work in due {
                tried.insert(work.id);
                let retry_at = Utc::now() + backoff(self.config.retry_base, work.attempts);
                self.app.begin_attempt(&WHO, work.id, retry_at).await?;
                match deliver::deliver(&self.app, &mut self.client, &work).await {
                    Attempt::Delivered => {
                        self.app.mark_delivered(&WHO, work.id, Utc::now()).await?;
                        run.delivered += 1;
                    }
                    Attempt::Later(error) => {
                        tracing::warn!(item = work.id, %error, "delivery to the portal postponed");
                        self.app
                            .mark_attempt_failed(&WHO, work.id, &error, retry_at, None)
                            .await?;
                        run.failed += 1;
                    }
                    Attempt::Refused(error) => {
                        tracing::error!(item = work.id, %error, "the portal refused a delivery");
                        let now = Utc::now();
                        self.app
                            .mark_attempt_failed(&WHO, work.id, &error, retry_at, Some(now))
                            .await?;
                        run.failed += 1;
                    }
                }
                done += 1;
                progress(Progress::Delivering { done });
            }
            self.hold_lease().await?;
        }
    }

    /// Reads quarantined payloads again (after a mapping fix) and ingests them: for each, its portal
    /// id and the submission it became, if it did.
    pub async fn reingest(
        &mut self,
        payloads: Vec<(String, String)>,
    ) -> Result<Vec<(String, Option<i64>)>, LinkError> {
        self.hold_lease().await?;
        let catalogue = self.app.store().catalogue().clone();
        let mut outcomes = Vec::with_capacity(payloads.len());
        for (external_id, payload) in payloads {
            let raw: serde_json::Value =
                serde_json::from_str(&payload).unwrap_or(serde_json::Value::String(payload));
            let created =
                match read::read(&mut self.client, &self.config.mappings, &catalogue, raw).await? {
                    read::Read::NotSubmitted => None,
                    read::Read::Arrival(arrival) => {
                        match self.app.ingest(&WHO, &arrival, Utc::now()).await? {
                            Ingested::Created(id)
                            | Ingested::Updated(id)
                            | Ingested::Unchanged(id) => Some(id),
                            Ingested::Quarantined => None,
                        }
                    }
                };
            outcomes.push((external_id, created));
        }
        Ok(outcomes)
    }

    /// Runs until `stop` resolves: a run, then a pause of `every`.
    pub async fn run_daemon(
        &mut self,
        every: Duration,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<(), LinkError> {
        tokio::pin!(stop);
        loop {
            match self.run_once(false, &|_| {}).await {
                Ok(_) => {}
                Err(LinkError::Busy(holder)) => {
                    tracing::info!(%holder, "another portal sync holds the lease; waiting");
                }
                Err(e) => tracing::error!(error = %e, "portal sync run failed"),
            }
            tokio::select! {
                () = &mut stop => break,
                () = tokio::time::sleep(every) => {}
            }
        }
        self.release().await
    }
}

/// The wait before the next attempt: `base` doubling with each attempt up to an hour, with up to a
/// fifth added at random so many items do not all come back at once.
fn backoff(base: chrono::Duration, attempts: i64) -> chrono::Duration {
    let ms = base
        .num_milliseconds()
        .saturating_mul(1_i64 << attempts.clamp(0, 10))
        .min(3_600_000);
    let jitter = i64::from(Utc::now().timestamp_subsec_nanos()) % (ms / 5 + 1);
    chrono::Duration::milliseconds(ms + jitter)
}
