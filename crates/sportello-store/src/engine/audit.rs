//! The audit trail: appended in the transaction of what it records, hash-chained
//! (`sportello_domain::audit`), verified in one pass, pruned only behind a checkpoint.

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sportello_domain::audit::{
    entry_hash, AuditHead, AuditReport, EntryFields, Pruned, Verifier, GENESIS,
};
use sportello_domain::policy::AuditScope;
use sqlx::Row;

use super::dialect::{self, Conn};
use super::Store;
use crate::error::Result;
use crate::time::instant;

/// One entry to append: who, what, on what, and why.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: String,
    pub detail: String,
}

/// Who acts for an administrator's scope: the administrator, or the installation (IT's CLI).
pub fn admin_actor(by: Option<&sportello_domain::user::Actor>) -> (Option<i64>, String) {
    by.map_or_else(
        || (None, "Installazione (riga di comando)".to_owned()),
        |a| (Some(a.id), a.full_name.clone()),
    )
}

/// Appends `e` after the chain's head, in the caller's transaction. The head row's lock (taken by
/// the `UPDATE`) orders concurrent appends and numbers them without gaps; a rollback gives the
/// number back.
pub async fn append(conn: &mut Conn, e: &Entry<'_>) -> Result<i64> {
    let at = instant(e.at);
    if dialect::AUDIT_HASH_IN_DATABASE {
        // The server numbers, hashes and stores the entry (migration 0008), the same encoding.
        let seq = sqlx::query_scalar("SELECT sportello_audit_append($1, $2, $3, $4, $5, $6, $7)")
            .bind(&at)
            .bind(e.actor_id)
            .bind(e.actor_name)
            .bind(e.action)
            .bind(e.object_kind)
            .bind(&e.object_id)
            .bind(&e.detail)
            .fetch_one(&mut *conn)
            .await?;
        return Ok(seq);
    }
    let row = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = row.try_get("seq")?;
    let prev: String = row.try_get("hash")?;
    let fields = EntryFields {
        seq,
        at: &at,
        actor_id: e.actor_id,
        actor_name: e.actor_name,
        action: e.action,
        object_kind: e.object_kind,
        object_id: &e.object_id,
        detail: &e.detail,
    };
    let hash = entry_hash(&prev, &fields);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_kind, object_id, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(seq)
    .bind(&at)
    .bind(e.actor_id)
    .bind(e.actor_name)
    .bind(e.action)
    .bind(e.object_kind)
    .bind(&e.object_id)
    .bind(&e.detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// The chain's head as the database keeps it.
async fn head(conn: &mut Conn) -> Result<AuditHead> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(AuditHead {
        seq: row.try_get("seq")?,
        hash: row.try_get("hash")?,
    })
}

impl Store {
    pub async fn audit_head(&self, _scope: &AuditScope) -> Result<AuditHead> {
        head(&mut *self.pool.acquire().await?).await
    }

    /// One pass from the last checkpoint (or the start) to the head, reading the rows as a stream;
    /// `anchor` is an entry's number and hash printed outside the database.
    pub async fn verify_audit(
        &self,
        _scope: &AuditScope,
        anchor: Option<(i64, &str)>,
    ) -> Result<AuditReport> {
        let mut conn = self.pool.acquire().await?;
        let start =
            sqlx::query("SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *conn)
                .await?;
        let (from_seq, from_hash) = match start {
            Some(r) => (r.try_get::<i64, _>("seq")?, r.try_get::<String, _>("hash")?),
            None => (0, GENESIS.to_owned()),
        };
        let AuditHead {
            seq: head_seq,
            hash: head_hash,
        } = head(&mut conn).await?;
        let mut verifier = Verifier::new(from_seq, &from_hash);
        if let Some((seq, hash)) = anchor {
            verifier = verifier.with_anchor(seq, hash);
        }
        let mut rows = sqlx::query(
            "SELECT seq, at, actor_id, actor_name, action, object_kind, object_id, detail, prev_hash, hash
             FROM audit_log WHERE seq > $1 ORDER BY seq",
        )
        .bind(from_seq)
        .fetch(&mut *conn);
        while let Some(r) = rows.try_next().await? {
            let (at, actor_name, action): (String, String, String) = (
                r.try_get("at")?,
                r.try_get("actor_name")?,
                r.try_get("action")?,
            );
            let (object_kind, object_id, detail): (String, String, String) = (
                r.try_get("object_kind")?,
                r.try_get("object_id")?,
                r.try_get("detail")?,
            );
            let fields = EntryFields {
                seq: r.try_get("seq")?,
                at: &at,
                actor_id: r.try_get("actor_id")?,
                actor_name: &actor_name,
                action: &action,
                object_kind: &object_kind,
                object_id: &object_id,
                detail: &detail,
            };
            let (prev, hash): (String, String) = (r.try_get("prev_hash")?, r.try_get("hash")?);
            verifier.check(&fields, &prev, &hash);
        }
        drop(rows);
        Ok(verifier.finish(head_seq, &head_hash))
    }

    /// For `sportello bench audit` only: `count` entries appended through [`append`] (the same path
    /// as every real entry), 10,000 per transaction. Refused on a database that has users.
    pub async fn append_benchmark_entries(
        &self,
        _scope: &AuditScope,
        count: u64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // Never into a real trail: only a database with no users (a fresh benchmark one).
        if !self.is_empty().await? {
            return Err(sportello_domain::AppError::invalid(
                "Le registrazioni di prova si aggiungono solo a un database vuoto.",
            )
            .into());
        }
        let mut done = 0;
        while done < count {
            let mut tx = self.write_tx().await?;
            for _ in 0..(count - done).min(10_000) {
                done += 1;
                let entry = Entry {
                    at,
                    actor_id: None,
                    actor_name: "Banco di prova",
                    action: "bench",
                    object_kind: "bench",
                    object_id: done.to_string(),
                    detail: r#"{"from":"inReview","to":"approved","text":"Requisiti verificati."}"#
                        .to_owned(),
                };
                append(&mut tx, &entry).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Removes the entries older than `before`, after writing the checkpoint verification will start
    /// from (the last removed entry's number and hash). Never removes the head.
    pub async fn prune_audit(
        &self,
        _scope: &AuditScope,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Pruned> {
        let mut tx = self.write_tx().await?;
        let last = sqlx::query(
            "SELECT seq, hash FROM audit_log WHERE at < $1 AND seq < (SELECT seq FROM audit_head WHERE id = 1)
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(instant(before))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(last) = last else {
            return Ok(Pruned {
                removed: 0,
                checkpoint: None,
            });
        };
        let checkpoint = AuditHead {
            seq: last.try_get("seq")?,
            hash: last.try_get("hash")?,
        };
        let removed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE seq <= $1")
            .bind(checkpoint.seq)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_checkpoints (seq, hash, at, pruned) VALUES ($1, $2, $3, $4)",
        )
        .bind(checkpoint.seq)
        .bind(&checkpoint.hash)
        .bind(instant(now))
        .bind(removed)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM audit_log WHERE seq <= $1")
            .bind(checkpoint.seq)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(removed, checkpoint = checkpoint.seq, "audit trail pruned");
        Ok(Pruned {
            removed,
            checkpoint: Some(checkpoint),
        })
    }
}
