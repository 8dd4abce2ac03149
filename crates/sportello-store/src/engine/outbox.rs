//! What must reach the portal, kept in the database: items written in the transaction of the
//! decision (or the intake) they report, delivered in order per submission by one worker under a
//! lease, with attempts counted *before* each try (so a worker killed mid-call knows, when it comes
//! back, that the portal may already have the item and checks before repeating it).

use chrono::{DateTime, Utc};
use serde_json::Value;
use sportello_domain::link::{Delivery, DeliveryState, OutboxItem, SyncRun};
use sportello_domain::policy::{AdminScope, IntakeScope, SystemWork};
use sportello_domain::AppError;
use sqlx::types::Json;
use sqlx::Row;

use super::dialect::{Conn, DbRow};
use super::Store;
use crate::error::{Result, StoreError};
use crate::model::OutboxWork;
use crate::time::Instant;

/// Queues one item in the caller's transaction.
pub(crate) async fn enqueue(
    conn: &mut Conn,
    submission_id: i64,
    external_id: &str,
    delivery: Delivery,
    payload: &Value,
    key: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (submission_id, external_id, kind, payload, idempotency_key, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(submission_id)
    .bind(external_id)
    .bind(delivery.as_str())
    .bind(Json(payload))
    .bind(key)
    .bind(Instant(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The portal id of a submission that came from the portal.
pub(crate) async fn external_id(conn: &mut Conn, submission_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT external_id FROM portal_links WHERE submission_id = $1")
            .bind(submission_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

fn delivery_of(raw: &str) -> Result<Delivery> {
    Delivery::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("outbox kind {raw:?}")))
}

fn item(r: &DbRow) -> Result<OutboxItem> {
    let delivered_at: Option<Instant> = r.try_get("delivered_at")?;
    let failed_at: Option<Instant> = r.try_get("failed_at")?;
    Ok(OutboxItem {
        id: r.try_get("id")?,
        submission_id: r.try_get("submission_id")?,
        external_id: r.try_get("external_id")?,
        delivery: delivery_of(&r.try_get::<String, _>("kind")?)?,
        state: match (delivered_at, failed_at) {
            (Some(_), _) => DeliveryState::Delivered,
            (None, Some(_)) => DeliveryState::Failed,
            (None, None) => DeliveryState::Waiting,
        },
        created_at: r.try_get::<Instant, _>("created_at")?.0,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get::<Instant, _>("next_attempt_at")?.0,
        last_error: r.try_get("last_error")?,
        delivered_at: delivered_at.map(|i| i.0),
    })
}

const ITEM_COLUMNS: &str = "id, submission_id, external_id, kind, created_at, attempts, next_attempt_at, last_error, delivered_at, failed_at";

impl Store {
    /// The items due now, each the first undelivered one of its submission (order matters: the
    /// portal wants `assign` before `accept`), oldest first.
    pub async fn due_deliveries(
        &self,
        _scope: &IntakeScope,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxWork>> {
        let rows = sqlx::query(
            "SELECT o.id, o.submission_id, o.external_id, o.kind, o.payload, o.idempotency_key, o.attempts
             FROM outbox o
             WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= $1
               AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.submission_id = o.submission_id
                               AND p.id < o.id AND p.delivered_at IS NULL)
             ORDER BY o.id LIMIT $2",
        )
        .bind(Instant(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxWork {
                    id: r.try_get("id")?,
                    submission_id: r.try_get("submission_id")?,
                    external_id: r.try_get("external_id")?,
                    delivery: delivery_of(&r.try_get::<String, _>("kind")?)?,
                    payload: r.try_get::<Json<Value>, _>("payload")?.0,
                    idempotency_key: r.try_get("idempotency_key")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    /// Counts an attempt before it is made (committed at once), and sets when the next one is due
    /// should this one not come back.
    pub async fn begin_attempt(
        &self,
        _scope: &IntakeScope,
        id: i64,
        retry_at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL",
        )
        .bind(Instant(retry_at))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The portal has the item.
    pub async fn mark_delivered(
        &self,
        _scope: &IntakeScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET delivered_at = $1, last_error = NULL WHERE id = $2 AND delivered_at IS NULL",
        )
        .bind(Instant(now))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An attempt failed: retried at `retry_at`, or (`for_good`) held for an administrator.
    pub async fn mark_attempt_failed(
        &self,
        _scope: &IntakeScope,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
        for_good: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let error: String = error.chars().take(1000).collect();
        sqlx::query(
            "UPDATE outbox SET last_error = $1, next_attempt_at = $2, failed_at = $3 WHERE id = $4 AND delivered_at IS NULL",
        )
        .bind(error)
        .bind(Instant(retry_at))
        .bind(for_good.map(Instant))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An administrator sends a failed (or waiting) item again now.
    pub async fn retry_delivery(
        &self,
        _scope: &AdminScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<OutboxItem> {
        let done = sqlx::query(
            "UPDATE outbox SET failed_at = NULL, next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL",
        )
        .bind(Instant(now))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::invalid(
                "L'invio indicato non esiste o è già stato consegnato al portale.",
            )
            .into());
        }
        let row = sqlx::query(&format!("SELECT {ITEM_COLUMNS} FROM outbox WHERE id = $1"))
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        item(&row)
    }

    /// The outbox: everything (`all`), or what is not yet delivered; oldest first.
    pub async fn outbox_items(
        &self,
        _scope: &AdminScope,
        all: bool,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        let filter = if all {
            ""
        } else {
            "WHERE delivered_at IS NULL"
        };
        let rows = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM outbox {filter} ORDER BY id LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(item).collect()
    }

    /// (waiting, failed) items.
    pub async fn outbox_counts(&self, _scope: &AdminScope) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) FILTER (WHERE failed_at IS NULL) AS waiting,
                    COUNT(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
             FROM outbox WHERE delivered_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("waiting")?, row.try_get("failed")?))
    }

    /// The stored bytes of a document of the procedure (a letter, a receipt) for delivery.
    pub async fn document_content(
        &self,
        _scope: &IntakeScope,
        id: i64,
    ) -> Result<(Vec<u8>, String)> {
        let row = sqlx::query("SELECT content, media_type FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(StoreError::not_found)?;
        Ok((row.try_get("content")?, row.try_get("media_type")?))
    }

    /// Who holds the named lease, and until when.
    pub async fn lease_holder(
        &self,
        _scope: &impl SystemWork,
        name: &str,
    ) -> Result<Option<(String, DateTime<Utc>)>> {
        let row = sqlx::query("SELECT holder, expires_at FROM leases WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok((
                r.try_get("holder")?,
                r.try_get::<Instant, _>("expires_at")?.0,
            ))
        })
        .transpose()
    }

    /// Takes the named lease from `stale`, a holder known to be gone (a process of this host that
    /// no longer exists), if it still holds it.
    pub async fn take_stale_lease(
        &self,
        _scope: &impl SystemWork,
        name: &str,
        stale: &str,
        holder: &str,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE leases SET holder = $1, expires_at = $2 WHERE name = $3 AND holder = $4",
        )
        .bind(holder)
        .bind(Instant(until))
        .bind(name)
        .bind(stale)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes (or renews) the named lease for `holder` until `until`, if it is free, expired or
    /// already the holder's; tells whether the holder has it.
    pub async fn take_lease(
        &self,
        _scope: &impl SystemWork,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, '', $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(Instant(now))
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE leases SET holder = $1, expires_at = $2 WHERE name = $3 AND (holder = $1 OR expires_at <= $4)",
        )
        .bind(holder)
        .bind(Instant(until))
        .bind(name)
        .bind(Instant(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease back (a clean stop), so another holder need not wait for it to expire.
    pub async fn release_lease(
        &self,
        _scope: &impl SystemWork,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("UPDATE leases SET expires_at = $1 WHERE name = $2 AND holder = $3")
            .bind(Instant(now))
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the start of a sync run; returns its id.
    pub async fn start_sync_run(
        &self,
        _scope: &IntakeScope,
        full_scan: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO sync_runs (started_at, full_scan) VALUES ($1, $2) RETURNING id",
        )
        .bind(Instant(now))
        .bind(full_scan)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Records how a sync run ended.
    pub async fn finish_sync_run(&self, _scope: &IntakeScope, run: &SyncRun) -> Result<()> {
        sqlx::query(
            "UPDATE sync_runs SET finished_at = $1, seen = $2, created = $3, updated = $4, quarantined = $5,
               delivered = $6, failed = $7, error = $8 WHERE id = $9",
        )
        .bind(run.finished_at.map(Instant))
        .bind(run.seen)
        .bind(run.created)
        .bind(run.updated)
        .bind(run.quarantined)
        .bind(run.delivered)
        .bind(run.failed)
        .bind(&run.error)
        .bind(run.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest sync run, if any (`full` for the latest full reconciliation).
    pub async fn last_sync_run(&self, _scope: &AdminScope, full: bool) -> Result<Option<SyncRun>> {
        let filter = if full { "WHERE full_scan" } else { "" };
        let row = sqlx::query(&format!(
            "SELECT id, started_at, finished_at, full_scan, seen, created, updated, quarantined, delivered, failed, error
             FROM sync_runs {filter} ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| run_of(&r)).transpose()
    }
}

fn run_of(r: &DbRow) -> Result<SyncRun> {
    Ok(SyncRun {
        id: r.try_get("id")?,
        started_at: r.try_get::<Instant, _>("started_at")?.0,
        finished_at: r.try_get::<Option<Instant>, _>("finished_at")?.map(|i| i.0),
        full_scan: r.try_get("full_scan")?,
        seen: r.try_get("seen")?,
        created: r.try_get("created")?,
        updated: r.try_get("updated")?,
        quarantined: r.try_get("quarantined")?,
        delivered: r.try_get("delivered")?,
        failed: r.try_get("failed")?,
        error: r.try_get("error")?,
    })
}
