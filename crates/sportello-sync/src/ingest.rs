//! Reading and ingesting one run's applications: a task lists the pages and reads (downloads) a
//! few applications at once, in order, while the link writes them in batches, one transaction
//! each; listing, reading and writing overlap.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sportello_application::Sportello;
use sportello_domain::link::{Ingested, SyncRun};
use sportello_portal::client::{PortalClient, PortalError};
use sportello_portal::mapping::Mappings;
use sportello_store::PortalArrival;

use crate::{read, Link, LinkError, Progress, WHO};

/// Applications read (and their files downloaded) at once.
const READERS: usize = 4;
/// Applications ingested per transaction.
const BATCH: usize = 50;

/// One listed application, read and ready for the ingest.
enum Prepared {
    /// Unchanged since it was last ingested, or not yet a submission (a draft): nothing to do.
    Same,
    /// Its files could not be fetched now: read again at the next run.
    Again,
    Arrival(Box<PortalArrival>),
}

/// Reads one listed application: skipped when its fingerprint is the one last ingested.
async fn prepare(
    app: Sportello,
    mut client: PortalClient,
    mappings: std::sync::Arc<Mappings>,
    catalogue: std::sync::Arc<sportello_domain::catalogue::Catalogue>,
    raw: serde_json::Value,
) -> Result<Prepared, LinkError> {
    let payload = raw.to_string();
    let external_id = read::external_id(&raw, &payload);
    let sha = sportello_store::sha256_hex(payload.as_bytes());
    if app
        .portal_fingerprint(&WHO, &external_id)
        .await?
        .is_some_and(|seen| seen == sha)
    {
        return Ok(Prepared::Same);
    }
    match read::read(&mut client, &mappings, &catalogue, raw).await {
        Ok(read::Read::NotSubmitted) => Ok(Prepared::Same),
        Ok(read::Read::Arrival(a)) => Ok(Prepared::Arrival(a)),
        Err(e) => {
            tracing::warn!(%external_id, error = %e, "portal application left for the next sync");
            Ok(Prepared::Again)
        }
    }
}

impl Link {
    pub(crate) async fn ingest_all(
        &mut self,
        since: Option<DateTime<Utc>>,
        run: &mut SyncRun,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<(), LinkError> {
        use futures_util::StreamExt as _;
        // The recent ones: submitted since a day before the last run (the overlap costs only
        // fingerprint lookups; a late clock on either side loses nothing).
        let query = since.map_or_else(String::new, |t| {
            format!(
                "submittedAt%5Bafter%5D={}",
                (t - chrono::Duration::days(1)).format("%Y-%m-%d")
            )
        });
        // A task lists the pages and reads (downloads) a few applications at once, in order, while
        // this one writes them in batches, one transaction each: listing, reading and writing
        // overlap.
        let catalogue = std::sync::Arc::new(self.app.store().catalogue().clone());
        let mappings = std::sync::Arc::new(self.config.mappings.clone());
        let (app, client) = (self.app.clone(), self.client.clone());
        let pages = self.client.pages(&query);
        let listing = std::sync::Arc::new(std::sync::Mutex::new((Duration::ZERO, 0_usize)));
        let listed_so_far = listing.clone();
        let (sender, mut reads) = tokio::sync::mpsc::channel(READERS * BATCH);
        let reader = tokio::spawn(async move {
            let listed =
                futures_util::stream::unfold(Some((client.clone(), pages)), move |state| {
                    let listed_so_far = listed_so_far.clone();
                    async move {
                        let (mut lister, mut pages) = state?;
                        let started = std::time::Instant::now();
                        let page = lister.next_page(&mut pages).await;
                        let mut so_far = listed_so_far
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        so_far.0 += started.elapsed();
                        match page {
                            Ok(Some(items)) => {
                                so_far.1 = so_far.1.max(
                                    pages.count.map_or(0, |c| usize::try_from(c).unwrap_or(0)),
                                );
                                let items: Vec<Result<serde_json::Value, PortalError>> =
                                    items.into_iter().map(Ok).collect();
                                Some((items, Some((lister, pages))))
                            }
                            Ok(None) => None,
                            Err(e) => Some((vec![Err(e)], None)),
                        }
                    }
                })
                .flat_map(futures_util::stream::iter);
            let prepared = listed
                .map(move |item| {
                    let (app, client, mappings, catalogue) = (
                        app.clone(),
                        client.clone(),
                        mappings.clone(),
                        catalogue.clone(),
                    );
                    async move {
                        match item {
                            Ok(raw) => prepare(app, client, mappings, catalogue, raw).await,
                            Err(e) => Err(LinkError::Portal(e)),
                        }
                    }
                })
                .buffered(READERS);
            let mut prepared = std::pin::pin!(prepared);
            while let Some(item) = prepared.next().await {
                if sender.send(item).await.is_err() {
                    break;
                }
            }
        });
        let (mut batch, mut done) = (Vec::new(), 0);
        loop {
            let waiting = std::time::Instant::now();
            let next = reads.recv().await;
            self.timings.reading += waiting.elapsed();
            let Some(prepared) = next else { break };
            done += 1;
            run.seen += 1;
            match prepared? {
                Prepared::Same => {}
                Prepared::Again => run.failed += 1,
                Prepared::Arrival(arrival) => batch.push(*arrival),
            }
            if batch.len() >= BATCH {
                self.flush(&mut batch, run).await?;
                let total = listing
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .1
                    .max(done);
                progress(Progress::Ingesting { done, total });
                self.hold_lease().await?;
            }
        }
        self.flush(&mut batch, run).await?;
        let _ = reader.await;
        self.timings.listing = listing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0;
        progress(Progress::Ingesting { done, total: done });
        Ok(())
    }

    /// Ingests a batch in one transaction; if the database refuses it, one by one (so the item it
    /// refused is quarantined and the others go in).
    async fn flush(
        &mut self,
        batch: &mut Vec<PortalArrival>,
        run: &mut SyncRun,
    ) -> Result<(), LinkError> {
        if batch.is_empty() {
            return Ok(());
        }
        let arrivals = std::mem::take(batch);
        let ingesting = std::time::Instant::now();
        let outcomes = match self.app.ingest_many(&WHO, &arrivals, Utc::now()).await {
            Ok(outcomes) => outcomes,
            Err(e) if e.is_unavailable() || e.is_forbidden() => return Err(e.into()),
            Err(e) => {
                tracing::warn!(error = %e, "a batch was refused; ingesting its applications one by one");
                let mut outcomes = Vec::with_capacity(arrivals.len());
                for arrival in arrivals {
                    outcomes.push(self.ingest_alone(arrival).await?);
                }
                outcomes
            }
        };
        self.timings.ingesting += ingesting.elapsed();
        for outcome in outcomes {
            match outcome {
                Ingested::Created(_) => run.created += 1,
                Ingested::Updated(_) => run.updated += 1,
                Ingested::Quarantined => run.quarantined += 1,
                Ingested::Unchanged(_) => {}
            }
        }
        Ok(())
    }

    /// One application in its own transaction; one the database refuses is quarantined whole.
    async fn ingest_alone(&self, arrival: PortalArrival) -> Result<Ingested, LinkError> {
        match self.app.ingest(&WHO, &arrival, Utc::now()).await {
            Ok(outcome) => Ok(outcome),
            // The database down, or refusing the link's own role (a server misconfigured): no
            // fault of the application's, so nothing is quarantined; the run stops.
            Err(e) if e.is_unavailable() || e.is_forbidden() => Err(e.into()),
            Err(e) => {
                let external_id = arrival.external_id.clone();
                tracing::error!(%external_id, error = %e, "portal application refused by the database; quarantined");
                let mut kept = arrival;
                kept.reading = Err(format!("refused by the database: {e}"));
                Ok(self.app.ingest(&WHO, &kept, Utc::now()).await?)
            }
        }
    }
}
