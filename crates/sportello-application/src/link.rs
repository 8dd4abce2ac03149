//! The portal link's use cases: the sync (the System principal) ingests what the portal sends and
//! delivers what the outbox holds; administrators watch it and retry what failed. The HTTP side is
//! `sportello-sync`'s; this layer holds the policy and the database.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sportello_domain::link::{Ingested, OutboxItem, QuarantineItem, SyncOverview, SyncRun};
use sportello_domain::policy::{self, IntakeScope, Permission, Principal, Target};
use sportello_store::{OutboxWork, PortalArrival};

use crate::{Result, Sportello};

/// The most items the overview lists of each kind.
const OVERVIEW_ITEMS: i64 = 200;

/// The right to run the link: the System only.
fn link_scope(who: &Principal) -> Result<IntakeScope> {
    policy::authorize(who, Permission::SyncPortal, Target::Comune)?;
    Ok(policy::intake_scope(who)?)
}

impl Sportello {
    /// Ingests one application read from the portal (idempotent by its portal id).
    pub async fn ingest(
        &self,
        who: &Principal,
        arrival: &PortalArrival,
        now: DateTime<Utc>,
    ) -> Result<Ingested> {
        let scope = link_scope(who)?;
        Ok(self.store.ingest(&scope, arrival, now).await?)
    }

    /// Several applications in one transaction, all or none (the sync's batches).
    pub async fn ingest_many(
        &self,
        who: &Principal,
        arrivals: &[PortalArrival],
        now: DateTime<Utc>,
    ) -> Result<Vec<Ingested>> {
        let scope = link_scope(who)?;
        Ok(self.store.ingest_many(&scope, arrivals, now).await?)
    }

    /// The link at a glance, for the "Sincronizzazione" view.
    pub async fn sync_overview(&self, who: &Principal) -> Result<SyncOverview> {
        let scope = policy::admin_scope(who, Permission::ViewSync)?;
        let (waiting, failed) = self.store.outbox_counts(&scope).await?;
        Ok(SyncOverview {
            last_run: self.store.last_sync_run(&scope, false).await?,
            waiting,
            failed,
            quarantined: self.store.quarantine_count().await?,
            outbox: self
                .store
                .outbox_items(&scope, false, OVERVIEW_ITEMS)
                .await?,
            quarantine: self
                .store
                .quarantine_items(&scope, false, OVERVIEW_ITEMS)
                .await?,
        })
    }

    /// The outbox: what is not yet delivered, or everything.
    pub async fn outbox(&self, who: &Principal, all: bool, limit: i64) -> Result<Vec<OutboxItem>> {
        let scope = policy::admin_scope(who, Permission::ViewSync)?;
        Ok(self.store.outbox_items(&scope, all, limit).await?)
    }

    /// An administrator sends a failed item again.
    pub async fn retry_delivery(
        &self,
        who: &Principal,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<OutboxItem> {
        let scope = policy::admin_scope(who, Permission::RetrySync)?;
        let item = self.store.retry_delivery(&scope, id, now).await?;
        tracing::info!(
            item = id,
            "delivery to the portal queued again by an administrator"
        );
        Ok(item)
    }

    /// The quarantine: unresolved entries, or all.
    pub async fn quarantine(
        &self,
        who: &Principal,
        all: bool,
        limit: i64,
    ) -> Result<Vec<QuarantineItem>> {
        let scope = policy::admin_scope(who, Permission::ViewSync)?;
        Ok(self.store.quarantine_items(&scope, all, limit).await?)
    }

    /// The payloads to read again (all unresolved, or one entry).
    pub async fn quarantined_payloads(
        &self,
        who: &Principal,
        id: Option<i64>,
    ) -> Result<Vec<(String, String)>> {
        let scope = link_scope(who)?;
        Ok(self.store.quarantined_payloads(&scope, id).await?)
    }

    /// The latest sync run (`full` for the latest full reconciliation).
    pub async fn last_sync_run(&self, who: &Principal, full: bool) -> Result<Option<SyncRun>> {
        let scope = policy::admin_scope(who, Permission::ViewSync)?;
        Ok(self.store.last_sync_run(&scope, full).await?)
    }

    pub async fn start_sync_run(
        &self,
        who: &Principal,
        full_scan: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let scope = link_scope(who)?;
        Ok(self.store.start_sync_run(&scope, full_scan, now).await?)
    }

    pub async fn finish_sync_run(&self, who: &Principal, run: &SyncRun) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self.store.finish_sync_run(&scope, run).await?)
    }

    /// Takes or renews the link's lease; tells whether `holder` has it.
    pub async fn take_lease(
        &self,
        who: &Principal,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .take_lease(&scope, name, holder, now, until)
            .await?)
    }

    pub async fn release_lease(
        &self,
        who: &Principal,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self.store.release_lease(&scope, name, holder, now).await?)
    }

    /// The items due for delivery now, each the first waiting one of its submission.
    pub async fn due_deliveries(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxWork>> {
        let scope = link_scope(who)?;
        Ok(self.store.due_deliveries(&scope, now, limit).await?)
    }

    pub async fn begin_attempt(
        &self,
        who: &Principal,
        id: i64,
        retry_at: DateTime<Utc>,
    ) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self.store.begin_attempt(&scope, id, retry_at).await?)
    }

    pub async fn mark_delivered(&self, who: &Principal, id: i64, now: DateTime<Utc>) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self.store.mark_delivered(&scope, id, now).await?)
    }

    pub async fn mark_attempt_failed(
        &self,
        who: &Principal,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
        for_good: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .mark_attempt_failed(&scope, id, error, retry_at, for_good)
            .await?)
    }

    /// A document of the procedure to attach (a letter, a receipt).
    pub async fn document_content(&self, who: &Principal, id: i64) -> Result<(Vec<u8>, String)> {
        let scope = link_scope(who)?;
        Ok(self.store.document_content(&scope, id).await?)
    }

    /// The receipt of an outbox item, made once.
    pub async fn prepare_receipt(
        &self,
        who: &Principal,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<Value> {
        let scope = link_scope(who)?;
        Ok(self.store.prepare_receipt(&scope, id, now).await?)
    }

    /// The fingerprint of what was last ingested under a portal id.
    pub async fn portal_fingerprint(
        &self,
        who: &Principal,
        external_id: &str,
    ) -> Result<Option<String>> {
        let scope = link_scope(who)?;
        Ok(self.store.portal_fingerprint(&scope, external_id).await?)
    }

    pub async fn lease_holder(
        &self,
        who: &Principal,
        name: &str,
    ) -> Result<Option<(String, DateTime<Utc>)>> {
        let scope = link_scope(who)?;
        Ok(self.store.lease_holder(&scope, name).await?)
    }

    /// Takes the lease from a holder known to be gone.
    pub async fn take_stale_lease(
        &self,
        who: &Principal,
        name: &str,
        stale: &str,
        holder: &str,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .take_stale_lease(&scope, name, stale, holder, until)
            .await?)
    }

    /// Every submission with its portal id (IT's `sportello queue list`; the installation reads).
    pub async fn list_submissions(
        &self,
        who: &Principal,
        limit: Option<i64>,
    ) -> Result<Vec<sportello_domain::link::ListedSubmission>> {
        let scope = link_scope(who)?;
        Ok(self.store.list_submissions(&scope, limit).await?)
    }

    /// An administrator asks for a run now (the workstation's background sync wakes up); only
    /// the policy's answer is needed here.
    pub fn request_sync(&self, who: &Principal) -> Result<()> {
        policy::authorize(who, Permission::RetrySync, Target::Comune)?;
        Ok(())
    }

    /// The portal has the officer's message: its id there and its `sent_at` (the delivery date).
    pub async fn message_delivered(
        &self,
        who: &Principal,
        message_id: i64,
        portal_id: Option<&str>,
        sent_at: DateTime<Utc>,
    ) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .message_delivered(&scope, message_id, portal_id, sent_at)
            .await?)
    }

    /// The open portal submissions, whose conversations the link reads.
    pub async fn open_portal_submissions(&self, who: &Principal) -> Result<Vec<(i64, String)>> {
        let scope = link_scope(who)?;
        Ok(self.store.open_portal_submissions(&scope).await?)
    }

    /// What the portal shows of a submission's conversation.
    pub async fn record_portal_messages(
        &self,
        who: &Principal,
        submission_id: i64,
        messages: &[sportello_store::PortalMessage],
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .record_portal_messages(&scope, submission_id, messages, now)
            .await?)
    }

    /// A letter the portal took as a message (the receipt, a 10-bis notice, a request for
    /// integration), kept in the conversation with its delivery date.
    pub async fn letter_sent(
        &self,
        who: &Principal,
        letter: &sportello_store::LetterSent<'_>,
    ) -> Result<()> {
        let scope = link_scope(who)?;
        Ok(self.store.letter_sent(&scope, letter).await?)
    }

    /// The portal ids of a submission's messages already kept (their files are not fetched again).
    pub async fn known_portal_messages(
        &self,
        who: &Principal,
        submission_id: i64,
    ) -> Result<std::collections::HashSet<String>> {
        let scope = link_scope(who)?;
        Ok(self
            .store
            .known_portal_messages(&scope, submission_id)
            .await?)
    }
}
