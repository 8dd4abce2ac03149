//! What the portal link shows and reads back: the quarantine, the fingerprints of what was
//! ingested, and every submission with its portal id (`sportello queue list`).

use sportello_domain::policy::IntakeScope;
use sqlx::Row;

use super::link::case_file_number;
use super::Store;
use crate::error::Result;
use crate::time::Instant;

impl Store {
    /// The quarantine: unresolved entries (or all), newest first.
    pub async fn quarantine_items(
        &self,
        _scope: &sportello_domain::policy::AdminScope,
        all: bool,
        limit: i64,
    ) -> Result<Vec<sportello_domain::link::QuarantineItem>> {
        let filter = if all { "" } else { "WHERE resolved_at IS NULL" };
        let rows = sqlx::query(&format!(
            "SELECT id, external_id, reason, first_seen_at, last_seen_at, attempts, resolved_at, submission_id,
                    CAST(LENGTH(payload) AS BIGINT) AS payload_bytes
             FROM portal_quarantine {filter} ORDER BY last_seen_at DESC, id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(sportello_domain::link::QuarantineItem {
                    id: r.try_get("id")?,
                    external_id: r.try_get("external_id")?,
                    reason: r.try_get("reason")?,
                    first_seen_at: r.try_get::<Instant, _>("first_seen_at")?.0,
                    last_seen_at: r.try_get::<Instant, _>("last_seen_at")?.0,
                    attempts: r.try_get("attempts")?,
                    resolved_at: r.try_get::<Option<Instant>, _>("resolved_at")?.map(|i| i.0),
                    submission_id: r.try_get("submission_id")?,
                    payload_bytes: r.try_get::<Option<i64>, _>("payload_bytes")?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// The payloads of unresolved quarantine entries (all, or the one with `id`), to read again
    /// after a mapping fix: (portal id, payload).
    pub async fn quarantined_payloads(
        &self,
        _scope: &IntakeScope,
        id: Option<i64>,
    ) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT external_id, payload FROM portal_quarantine
             WHERE resolved_at IS NULL AND ($1 IS NULL OR id = $1) ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("external_id")?, r.try_get("payload")?)))
            .collect()
    }

    /// The number of unresolved quarantine entries.
    pub async fn quarantine_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM portal_quarantine WHERE resolved_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The fingerprint of the application last ingested under this portal id, if any: an equal one
    /// needs neither its attachments downloaded nor a transaction.
    pub async fn portal_fingerprint(
        &self,
        _scope: &IntakeScope,
        external_id: &str,
    ) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT payload_sha256 FROM portal_links WHERE external_id = $1")
                .bind(external_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every submission with its portal id and case file, in id order (`limit` for the first ones).
    pub async fn list_submissions(
        &self,
        _scope: &IntakeScope,
        limit: Option<i64>,
    ) -> Result<Vec<sportello_domain::link::ListedSubmission>> {
        let rows = sqlx::query(
            "SELECT s.id, s.protocol_key, s.service, s.department, s.state, s.received_at, s.deadline,
                    s.channel, l.external_id, c.year, c.number
             FROM submissions s
             LEFT JOIN portal_links l ON l.submission_id = s.id
             LEFT JOIN case_files c ON c.submission_id = s.id
             ORDER BY s.id LIMIT $1",
        )
        .bind(limit.unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                let year: Option<i64> = r.try_get("year")?;
                let number: Option<i64> = r.try_get("number")?;
                Ok(sportello_domain::link::ListedSubmission {
                    id: r.try_get("id")?,
                    protocol: super::queue::protocol_of_key(r.try_get("protocol_key")?).to_string(),
                    service: r.try_get("service")?,
                    department: r.try_get("department")?,
                    state: sportello_domain::workflow::State::parse(&state).ok_or_else(|| {
                        crate::error::StoreError::Corrupt(format!("state {state}"))
                    })?,
                    received_at: r.try_get::<Instant, _>("received_at")?.0,
                    deadline: r.try_get("deadline")?,
                    channel: r.try_get("channel")?,
                    portal_id: r.try_get("external_id")?,
                    case_file: year.zip(number).map(|(y, n)| case_file_number(y, n)),
                })
            })
            .collect()
    }
}
