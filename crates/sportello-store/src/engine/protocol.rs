//! The protocol register (DPR 445/2000 artt. 53-57): one atomic registration per incoming or outgoing
//! document, numbered without gaps per year; registrations are immutable (triggers refuse updates and
//! deletes) and an annulment is a separate row that keeps the original readable.

use chrono::{DateTime, Datelike, Utc};
use sportello_domain::policy::RegisterScope;
use sportello_domain::protocol::{Annulment, Direction, ProtocolNumber, RegisterEntry};
use sportello_domain::user::Actor;
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::dialect::{Conn, DbRow};
use super::Store;
use crate::error::{Result, StoreError};
use crate::model::{sha256_hex, Registration};
use crate::time::Instant;

/// A protocol number as stored (two BIGINTs), checked.
pub(crate) fn number_of(year: i64, number: i64) -> Result<ProtocolNumber> {
    match (i32::try_from(year), u32::try_from(number)) {
        (Ok(year), Ok(number)) => Ok(ProtocolNumber { year, number }),
        _ => Err(StoreError::Corrupt(format!(
            "protocol number {year}/{number}"
        ))),
    }
}

/// The number the next registration at `at` will get, holding the year's counter row until the
/// transaction ends (a no-op update takes its lock on PostgreSQL; on SQLite the write transaction
/// holds the file): how documents print their own number before they are registered.
pub(crate) async fn next_number(conn: &mut Conn, at: DateTime<Utc>) -> Result<ProtocolNumber> {
    let year = i64::from(sportello_domain::clock::civil_date(at).year());
    let last = hold_counter(conn, year).await?;
    number_of(year, last + 1)
}

/// The year's counter row, made when the year's first number is taken, locked until the transaction
/// ends; returns the last number taken.
async fn hold_counter(conn: &mut Conn, year: i64) -> Result<i64> {
    ensure_counter(conn, year).await?;
    Ok(sqlx::query_scalar(
        "UPDATE protocol_counters SET last = last WHERE year = $1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?)
}

/// Makes the year's counter row if this is the year's first number.
async fn ensure_counter(conn: &mut Conn, year: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO protocol_counters (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING",
    )
    .bind(year)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Registers a document and returns its row id and number. The number is taken from the year's
/// counter (never a SEQUENCE, which leaves gaps) in the caller's transaction, so allocation and
/// registration are one step and a rollback gives the number back. On PostgreSQL the server checks
/// it (migration 0010): the counter moves one at a time and every number taken is registered.
pub async fn register(conn: &mut Conn, r: &Registration<'_>) -> Result<(i64, ProtocolNumber)> {
    let year = i64::from(sportello_domain::clock::civil_date(r.at).year());
    // The increment itself takes the row's lock: no separate hold first.
    ensure_counter(conn, year).await?;
    let taken: i64 = sqlx::query_scalar(
        "UPDATE protocol_counters SET last = last + 1 WHERE year = $1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?;
    let row = sqlx::query(
        "INSERT INTO protocol_registrations
           (year, number, direction, registered_at, correspondent, subject, document_sha256, submission_id, operator)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, number",
    )
    .bind(year)
    .bind(taken)
    .bind(r.direction.as_str())
    .bind(Instant(r.at))
    .bind(r.correspondent)
    .bind(r.subject)
    .bind(sha256_hex(r.document))
    .bind(r.submission_id)
    .bind(r.operator)
    .fetch_one(&mut *conn)
    .await?;
    let number = number_of(year, row.try_get("number")?)?;
    Ok((row.try_get("id")?, number))
}

const SELECT_ENTRY: &str = "SELECT r.id, r.year, r.number, r.direction, r.registered_at, r.correspondent, r.subject,
    r.document_sha256, r.submission_id, r.operator, a.annulled_at, a.operator AS a_operator, a.act, a.reason
    FROM protocol_registrations r LEFT JOIN protocol_annulments a ON a.registration_id = r.id";

/// The annulment columns (`annulled_at`, `a_operator`, `act`, `reason`) of a joined row.
pub(crate) fn annulment(r: &DbRow) -> Result<Option<Annulment>> {
    let annulled_at: Option<Instant> = r.try_get("annulled_at")?;
    Ok(match annulled_at {
        Some(at) => Some(Annulment {
            annulled_at: at.0,
            operator: r.try_get("a_operator")?,
            act: r.try_get("act")?,
            reason: r.try_get("reason")?,
        }),
        None => None,
    })
}

fn entry(r: &DbRow) -> Result<RegisterEntry> {
    let direction: String = r.try_get("direction")?;
    let annulment = annulment(r)?;
    Ok(RegisterEntry {
        id: r.try_get("id")?,
        protocol: number_of(r.try_get("year")?, r.try_get("number")?)?.to_string(),
        direction: match direction.as_str() {
            "incoming" => Direction::Incoming,
            "outgoing" => Direction::Outgoing,
            other => return Err(StoreError::Corrupt(format!("direction {other:?}"))),
        },
        registered_at: r.try_get::<Instant, _>("registered_at")?.0,
        correspondent: r.try_get("correspondent")?,
        subject: r.try_get("subject")?,
        document_sha256: r.try_get("document_sha256")?,
        submission_id: r.try_get("submission_id")?,
        operator: r.try_get("operator")?,
        annulment,
    })
}

impl Store {
    /// The registration of a document by the SHA-256 of its bytes (verification of a letter).
    pub async fn registration_by_sha256(&self, sha256: &str) -> Result<Option<RegisterEntry>> {
        let row = sqlx::query(&format!(
            "{SELECT_ENTRY} WHERE r.document_sha256 = $1 ORDER BY r.id DESC LIMIT 1"
        ))
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(entry).transpose()
    }

    /// The registrations of a year, in number order, annulments included.
    pub async fn register_entries(
        &self,
        _scope: &RegisterScope,
        year: i32,
    ) -> Result<Vec<RegisterEntry>> {
        let rows = sqlx::query(&format!(
            "{SELECT_ENTRY} WHERE r.year = $1 ORDER BY r.number"
        ))
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// Annuls a registration by an authorising act; the original stays as it was, readable. The scope
    /// says who may: the records manager for any registration, a head for a certificate of their own
    /// department (the policy decides which when it makes the scope).
    pub async fn annul_registration(
        &self,
        scope: &RegisterScope,
        number: ProtocolNumber,
        act: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<RegisterEntry> {
        let actor = scope.actor();
        if act.trim().is_empty() || reason.trim().is_empty() {
            return Err(AppError::invalid(
                "Indicare l'atto che autorizza l'annullamento e il motivo.",
            )
            .into());
        }
        let mut tx = self.write_tx().await?;
        let find = format!("{SELECT_ENTRY} WHERE r.year = $1 AND r.number = $2");
        let row = sqlx::query(&find)
            .bind(i64::from(number.year))
            .bind(i64::from(number.number))
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("La registrazione {number} non esiste."),
                )
            })?;
        let original = entry(&row)?;
        if original.annulment.is_some() {
            return Err(AppError::new(
                ErrorCode::IllegalAction,
                format!("La registrazione {number} è già annullata."),
            )
            .into());
        }
        sqlx::query(
            "INSERT INTO protocol_annulments (registration_id, annulled_at, operator, act, reason) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(original.id)
        .bind(Instant(at))
        .bind(&actor.full_name)
        .bind(act.trim())
        .bind(reason.trim())
        .execute(&mut *tx)
        .await?;
        if let Some(submission_id) = original.submission_id {
            annulment_history(&mut tx, &original, submission_id, actor, (act, reason), at).await?;
        }
        let annulled = entry(
            &sqlx::query(&find)
                .bind(i64::from(number.year))
                .bind(i64::from(number.number))
                .fetch_one(&mut *tx)
                .await?,
        )?;
        tx.commit().await?;
        tracing::info!(user = actor.id, protocol = %number, "protocol registration annulled");
        Ok(annulled)
    }
}

/// The submission's history row for an annulment of one of its registrations, in the same transaction.
pub(crate) async fn annulment_history(
    conn: &mut Conn,
    original: &RegisterEntry,
    submission_id: i64,
    actor: &Actor,
    (act, reason): (&str, &str),
    at: DateTime<Utc>,
) -> Result<()> {
    let certificate: Option<String> =
        sqlx::query_scalar("SELECT document_id FROM certificates WHERE registration_id = $1")
            .bind(original.id)
            .fetch_optional(&mut *conn)
            .await?;
    let (event, what) = match &certificate {
        Some(id) => ("certificateAnnulled", format!("Certificato {id}")),
        None => ("registrationAnnulled", "Registrazione".to_string()),
    };
    let text = format!(
        "{what}, prot. {}, annullato con {}: {}",
        original.protocol,
        act.trim(),
        reason.trim()
    );
    let event = super::history::Event {
        submission_id,
        at,
        actor_id: Some(actor.id),
        actor_name: &actor.full_name,
        event,
        from_state: None,
        to_state: None,
        text: Some(&text),
        protocol_id: Some(original.id),
    };
    super::history::record(conn, &event).await
}

/// One registration by row id, annulment included.
pub(crate) async fn entry_by_id(conn: &mut Conn, id: i64) -> Result<RegisterEntry> {
    let row = sqlx::query(&format!("{SELECT_ENTRY} WHERE r.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    entry(&row)
}
