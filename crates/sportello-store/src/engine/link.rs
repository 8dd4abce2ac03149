//! The portal link's intake: an application read from the portal becomes a submission once, however
//! often it is delivered (its portal id is the key); a changed application updates its submission
//! with a history row; one that cannot be read or routed waits in the quarantine with the reason.
//! A readable submission that breaks a rule is ingested and registered all the same (its procedure
//! has legally started) and flagged for the officer. Intake registers the submission, opens its case
//! file and queues what goes back to the portal (the protocol numbers, the receipt), in one
//! transaction.

use chrono::{DateTime, Datelike, Utc};
use serde_json::json;
use sportello_domain::catalogue::FieldError;
use sportello_domain::clock;
use sportello_domain::link::{self, Delivery, Ingested, AT_INTAKE};
use sportello_domain::policy::IntakeScope;
use sportello_domain::submission::NewSubmission;
use sportello_domain::workflow::Outcome;
use sqlx::Row;

use super::dialect::Conn;
use super::history::{self, Event};
use super::review::Registered;
use super::submissions::{self, Stored};
use super::Store;
use crate::error::Result;
use crate::model::{sha256_hex, PortalArrival};
use crate::time::Instant;

/// Who the history names for what the portal reports.
const PORTAL: &str = "Portale del cittadino";

/// The longest text a flag keeps (a hostile payload's 200 KB string stays in the submission's form).
const MAX_FLAG: usize = 500;

impl Store {
    /// Ingests one application: creates, updates, leaves unchanged or quarantines it, in one
    /// transaction. Never fails because of what the citizen sent; only the database can fail it.
    pub async fn ingest(
        &self,
        scope: &IntakeScope,
        arrival: &PortalArrival,
        now: DateTime<Utc>,
    ) -> Result<Ingested> {
        let mut outcomes = self
            .ingest_many(scope, std::slice::from_ref(arrival), now)
            .await?;
        Ok(outcomes.pop().unwrap_or(Ingested::Quarantined))
    }

    /// Ingests several applications in one transaction (a sync's batch): all or none. The caller
    /// ingests them one by one if the batch fails, so one bad item never holds up the others.
    pub async fn ingest_many(
        &self,
        _scope: &IntakeScope,
        arrivals: &[PortalArrival],
        now: DateTime<Utc>,
    ) -> Result<Vec<Ingested>> {
        let mut tx = self.write_tx().await?;
        let mut outcomes = Vec::with_capacity(arrivals.len());
        for arrival in arrivals {
            outcomes.push(self.ingest_in(&mut tx, arrival, now).await?);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    async fn ingest_in(
        &self,
        tx: &mut Conn,
        arrival: &PortalArrival,
        now: DateTime<Utc>,
    ) -> Result<Ingested> {
        let sha = sha256_hex(arrival.payload.as_bytes());
        let known = sqlx::query(
            "SELECT submission_id, payload_sha256 FROM portal_links WHERE external_id = $1",
        )
        .bind(&arrival.external_id)
        .fetch_optional(&mut *tx)
        .await?;
        let outcome = if let Some(row) = known {
            let id: i64 = row.try_get("submission_id")?;
            let seen: String = row.try_get("payload_sha256")?;
            if seen == sha {
                Ingested::Unchanged(id)
            } else if self.update_link(tx, id, arrival, &sha, now).await? {
                Ingested::Updated(id)
            } else {
                Ingested::Unchanged(id)
            }
        } else {
            let service = arrival
                .reading
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|new| {
                    self.catalogue
                        .service(&new.service)
                        .map(|s| (new, s))
                        .ok_or_else(|| format!("unknown catalogue service {:?}", new.service))
                });
            match service {
                Err(reason) => {
                    quarantine(tx, arrival, &reason, now).await?;
                    Ingested::Quarantined
                }
                Ok((new, service)) => {
                    let id = self.insert(tx, service, new, false, now, None).await?;
                    // The application exactly as the portal sent it, beside the registered reading.
                    submissions::store_document(
                        tx,
                        id,
                        "portalPayload",
                        "application/json",
                        arrival.payload.as_bytes(),
                        now,
                    )
                    .await?;
                    let mut flags = submissions::problems(
                        service,
                        &new.form,
                        &new.attachments,
                        new.received_at,
                    );
                    flags.extend(arrival.flags.iter().cloned());
                    for flag in &flags {
                        raise_flag(tx, id, flag, now).await?;
                    }
                    sqlx::query(
                        "INSERT INTO portal_links (submission_id, external_id, portal_status, payload_sha256, changed_at, seen_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(&arrival.external_id)
                    .bind(&arrival.portal_status)
                    .bind(&sha)
                    .bind(arrival.changed_at.map(Instant))
                    .bind(Instant(now))
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "UPDATE portal_quarantine SET resolved_at = $1, submission_id = $2
                         WHERE external_id = $3 AND resolved_at IS NULL",
                    )
                    .bind(Instant(now))
                    .bind(id)
                    .bind(&arrival.external_id)
                    .execute(&mut *tx)
                    .await?;
                    self.queue_intake_replies(tx, id, &arrival.external_id, new, now)
                        .await?;
                    if arrival.withdrawn {
                        // Withdrawn before Sportello saw it: its procedure had started all the same.
                        let at = arrival.changed_at.unwrap_or(now).max(new.received_at);
                        self.withdraw_from_portal(tx, id, arrival.payload.as_bytes(), at, now)
                            .await?;
                    }
                    Ingested::Created(id)
                }
            }
        };
        Ok(outcome)
    }

    /// A known application changed on the portal: the link remembers the new fingerprint; what the
    /// citizen did there (`link::reported_status`) goes into the submission's history, and a
    /// withdrawal closes it. Says whether the submission changed.
    async fn update_link(
        &self,
        conn: &mut Conn,
        id: i64,
        arrival: &PortalArrival,
        sha: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let before: String =
            sqlx::query_scalar("SELECT portal_status FROM portal_links WHERE submission_id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        sqlx::query(
            "UPDATE portal_links SET portal_status = $1, payload_sha256 = $2, changed_at = $3, seen_at = $4
             WHERE submission_id = $5",
        )
        .bind(&arrival.portal_status)
        .bind(sha)
        .bind(arrival.changed_at.map(Instant))
        .bind(Instant(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if before == arrival.portal_status || !link::reported_status(&arrival.portal_status) {
            return Ok(false);
        }
        let at = arrival.changed_at.unwrap_or(now);
        if arrival.portal_status == link::WITHDRAWN
            && self
                .withdraw_from_portal(conn, id, arrival.payload.as_bytes(), at, now)
                .await?
        {
            return Ok(true);
        }
        let text = format!(
            "Stato sul portale: {} (prima {before}).",
            arrival.portal_status
        );
        let state: String = sqlx::query_scalar("SELECT state FROM submissions WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
        let state = sportello_domain::workflow::State::parse(&state);
        history::record(
            conn,
            &Event {
                submission_id: id,
                at: arrival.changed_at.unwrap_or(now),
                actor_id: None,
                actor_name: PORTAL,
                event: "portalUpdated",
                from_state: state,
                to_state: state,
                text: Some(&text),
                protocol_id: None,
            },
        )
        .await?;
        Ok(true)
    }

    /// Queues what the portal must be told of this move, if the submission came from it: in the
    /// move's transaction, so a decision never exists without its delivery (nor the reverse).
    pub(super) async fn queue_for_portal(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        outcome: &Outcome,
        registered: Option<&Registered>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let deliveries = link::deliveries_for(outcome.action);
        let payload = json!({
            "message": outcome.text,
            "documentId": registered.and_then(|r| r.letter),
            "protocol": registered.map(|r| r.number.to_string()),
        });
        self.queue_deliveries(conn, stored, deliveries, &payload, now)
            .await
    }

    /// Queues `deliveries` with `payload` for a submission that came from the portal (nothing
    /// otherwise), keyed by the move's version.
    pub(super) async fn queue_deliveries(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        deliveries: &[Delivery],
        payload: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if deliveries.is_empty() {
            return Ok(());
        }
        let Some(external_id) = super::outbox::external_id(conn, stored.id).await? else {
            return Ok(());
        };
        for delivery in deliveries {
            // The portal's operator is assigned once (a later `assign` would be a reassignment).
            if *delivery == Delivery::Assign {
                let assigned: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM outbox WHERE submission_id = $1 AND kind = $2",
                )
                .bind(stored.id)
                .bind(Delivery::Assign.as_str())
                .fetch_one(&mut *conn)
                .await?;
                if assigned > 0 {
                    continue;
                }
            }
            // The move's version makes the key unique per move and the same on every retry.
            let key = format!(
                "sportello-{}-v{}-{}",
                stored.id,
                stored.version + 1,
                delivery.as_str()
            );
            super::outbox::enqueue(conn, stored.id, &external_id, *delivery, payload, &key, now)
                .await?;
        }
        Ok(())
    }

    /// What intake sends back: the protocol numbers (`register`), then the receipt, printed and
    /// registered when the worker delivers it.
    async fn queue_intake_replies(
        &self,
        conn: &mut Conn,
        id: i64,
        external_id: &str,
        new: &NewSubmission,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let row = sqlx::query(
            "SELECT s.protocol_key, c.year, c.number FROM submissions s
             JOIN case_files c ON c.submission_id = s.id WHERE s.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        let protocol = super::queue::protocol_of_key(row.try_get("protocol_key")?);
        let folder = case_file_number(row.try_get("year")?, row.try_get("number")?);
        for delivery in AT_INTAKE {
            let payload = match delivery {
                Delivery::Register => json!({
                    "protocolNumber": protocol.to_string(),
                    "protocolDate": clock::civil_date(now).to_string(),
                    "folderNumber": folder,
                }),
                _ => json!({"submittedOn": clock::civil_date(new.received_at).to_string()}),
            };
            let key = format!("sportello-{id}-intake-{}", delivery.as_str());
            super::outbox::enqueue(conn, id, external_id, delivery, &payload, &key, now).await?;
        }
        Ok(())
    }
}

/// The case file of a submission, if it has one.
pub(crate) async fn case_file_of(conn: &mut Conn, submission_id: i64) -> Result<Option<String>> {
    let row = sqlx::query("SELECT year, number FROM case_files WHERE submission_id = $1")
        .bind(submission_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok(case_file_number(r.try_get("year")?, r.try_get("number")?)))
        .transpose()
}

/// What the intake flagged on a submission, oldest first.
pub(crate) async fn flags_of(
    conn: &mut Conn,
    submission_id: i64,
) -> Result<Vec<sportello_domain::submission::SubmissionFlag>> {
    let rows = sqlx::query(
        "SELECT field, message, raised_at FROM submission_flags WHERE submission_id = $1 ORDER BY id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(sportello_domain::submission::SubmissionFlag {
                field: r.try_get("field")?,
                message: r.try_get("message")?,
                raised_at: r.try_get::<Instant, _>("raised_at")?.0,
            })
        })
        .collect()
}

/// A case file's number as the portal and the letters print it: `2026/000123`.
pub(crate) fn case_file_number(year: i64, number: i64) -> String {
    format!("{year}/{number:06}")
}

/// Opens the submission's case file (fascicolo), numbered per year from its own counter in the
/// caller's transaction (a rollback gives the number back).
pub(crate) async fn open_case_file(
    conn: &mut Conn,
    submission_id: i64,
    at: DateTime<Utc>,
) -> Result<String> {
    let year = i64::from(clock::civil_date(at).year());
    sqlx::query(
        "INSERT INTO case_file_counters (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
    )
    .bind(year)
    .execute(&mut *conn)
    .await?;
    let number: i64 = sqlx::query_scalar(
        "UPDATE case_file_counters SET last = last + 1 WHERE year = $1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO case_files (submission_id, year, number, opened_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(submission_id)
    .bind(year)
    .bind(number)
    .bind(Instant(at))
    .execute(&mut *conn)
    .await?;
    Ok(case_file_number(year, number))
}

pub(super) async fn raise_flag(
    conn: &mut Conn,
    submission_id: i64,
    flag: &FieldError,
    now: DateTime<Utc>,
) -> Result<()> {
    let message: String = flag.message.chars().take(MAX_FLAG).collect();
    let field: String = flag.field.chars().take(MAX_FLAG).collect();
    sqlx::query(
        "INSERT INTO submission_flags (submission_id, field, message, raised_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(submission_id)
    .bind(field)
    .bind(message)
    .bind(Instant(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps an unreadable application whole with the reason (again: the newest payload and reason).
async fn quarantine(
    conn: &mut Conn,
    arrival: &PortalArrival,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tracing::warn!(external_id = %arrival.external_id, reason, "portal application quarantined");
    sqlx::query(
        "INSERT INTO portal_quarantine (external_id, payload, reason, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (external_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason,
           last_seen_at = excluded.last_seen_at, attempts = portal_quarantine.attempts + 1",
    )
    .bind(&arrival.external_id)
    .bind(&arrival.payload)
    .bind(reason)
    .bind(Instant(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
