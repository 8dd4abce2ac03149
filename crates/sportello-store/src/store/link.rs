//! The portal link's use cases on whichever database is open (`engine/link.rs`, `engine/outbox.rs`,
//! `engine/receipt.rs`).

use chrono::{DateTime, Utc};
use serde_json::Value;
use sportello_domain::link::{Ingested, OutboxItem, QuarantineItem, SyncRun};
use sportello_domain::policy::{AdminScope, IntakeScope, SystemWork, TimedScope};

use super::Store;
use crate::error::Result;
use crate::model::{OutboxWork, PortalArrival};

impl Store {
    pub async fn ingest(
        &self,
        scope: &IntakeScope,
        arrival: &PortalArrival,
        now: DateTime<Utc>,
    ) -> Result<Ingested> {
        on!(self, s => s.ingest(scope, arrival, now).await)
    }

    pub async fn ingest_many(
        &self,
        scope: &IntakeScope,
        arrivals: &[PortalArrival],
        now: DateTime<Utc>,
    ) -> Result<Vec<Ingested>> {
        on!(self, s => s.ingest_many(scope, arrivals, now).await)
    }

    pub async fn quarantine_items(
        &self,
        scope: &AdminScope,
        all: bool,
        limit: i64,
    ) -> Result<Vec<QuarantineItem>> {
        on!(self, s => s.quarantine_items(scope, all, limit).await)
    }

    pub async fn quarantined_payloads(
        &self,
        scope: &IntakeScope,
        id: Option<i64>,
    ) -> Result<Vec<(String, String)>> {
        on!(self, s => s.quarantined_payloads(scope, id).await)
    }

    pub async fn quarantine_count(&self) -> Result<i64> {
        on!(self, s => s.quarantine_count().await)
    }

    pub async fn due_deliveries(
        &self,
        scope: &IntakeScope,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxWork>> {
        on!(self, s => s.due_deliveries(scope, now, limit).await)
    }

    pub async fn begin_attempt(
        &self,
        scope: &IntakeScope,
        id: i64,
        retry_at: DateTime<Utc>,
    ) -> Result<()> {
        on!(self, s => s.begin_attempt(scope, id, retry_at).await)
    }

    pub async fn mark_delivered(
        &self,
        scope: &IntakeScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on!(self, s => s.mark_delivered(scope, id, now).await)
    }

    pub async fn mark_attempt_failed(
        &self,
        scope: &IntakeScope,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
        for_good: Option<DateTime<Utc>>,
    ) -> Result<()> {
        on!(self, s => s.mark_attempt_failed(scope, id, error, retry_at, for_good).await)
    }

    pub async fn retry_delivery(
        &self,
        scope: &AdminScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<OutboxItem> {
        on!(self, s => s.retry_delivery(scope, id, now).await)
    }

    pub async fn outbox_items(
        &self,
        scope: &AdminScope,
        all: bool,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        on!(self, s => s.outbox_items(scope, all, limit).await)
    }

    pub async fn outbox_counts(&self, scope: &AdminScope) -> Result<(i64, i64)> {
        on!(self, s => s.outbox_counts(scope).await)
    }

    pub async fn document_content(
        &self,
        scope: &IntakeScope,
        id: i64,
    ) -> Result<(Vec<u8>, String)> {
        on!(self, s => s.document_content(scope, id).await)
    }

    pub async fn prepare_receipt(
        &self,
        scope: &IntakeScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<Value> {
        on!(self, s => s.prepare_receipt(scope, id, now).await)
    }

    pub async fn take_lease(
        &self,
        scope: &impl SystemWork,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        on!(self, s => s.take_lease(scope, name, holder, now, until).await)
    }

    pub async fn release_lease(
        &self,
        scope: &impl SystemWork,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        on!(self, s => s.release_lease(scope, name, holder, now).await)
    }

    pub async fn start_sync_run(
        &self,
        scope: &IntakeScope,
        full_scan: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        on!(self, s => s.start_sync_run(scope, full_scan, now).await)
    }

    pub async fn finish_sync_run(&self, scope: &IntakeScope, run: &SyncRun) -> Result<()> {
        on!(self, s => s.finish_sync_run(scope, run).await)
    }

    pub async fn last_sync_run(&self, scope: &AdminScope, full: bool) -> Result<Option<SyncRun>> {
        on!(self, s => s.last_sync_run(scope, full).await)
    }

    pub async fn portal_fingerprint(
        &self,
        scope: &IntakeScope,
        external_id: &str,
    ) -> Result<Option<String>> {
        on!(self, s => s.portal_fingerprint(scope, external_id).await)
    }

    pub async fn lease_holder(
        &self,
        scope: &impl SystemWork,
        name: &str,
    ) -> Result<Option<(String, DateTime<Utc>)>> {
        on!(self, s => s.lease_holder(scope, name).await)
    }

    pub async fn take_stale_lease(
        &self,
        scope: &impl SystemWork,
        name: &str,
        stale: &str,
        holder: &str,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        on!(self, s => s.take_stale_lease(scope, name, stale, holder, until).await)
    }

    pub async fn list_submissions(
        &self,
        scope: &IntakeScope,
        limit: Option<i64>,
    ) -> Result<Vec<sportello_domain::link::ListedSubmission>> {
        on!(self, s => s.list_submissions(scope, limit).await)
    }
}

impl Store {
    /// The scheduler's run (`engine::timed`): the caller holds the lease.
    pub async fn apply_timed_effects(
        &self,
        scope: &TimedScope,
        now: DateTime<Utc>,
    ) -> Result<crate::model::TimedReport> {
        on!(self, s => s.apply_timed_effects(scope, now).await)
    }
}
