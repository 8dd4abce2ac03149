//! The protocol register (DPR 445/2000 artt. 53-57): one atomic registration per incoming or outgoing
//! document, numbered without gaps per year; registrations are immutable (triggers refuse updates and
//! deletes) and an annulment is a separate row that keeps the original readable.

use chrono::{DateTime, Datelike, Utc};
use sha2::{Digest, Sha256};
use sportello_domain::protocol::{Direction, ProtocolNumber};
use sqlx::{Row, SqliteConnection};

use crate::error::Result;
use crate::time;

/// A registration to make, inside the caller's transaction.
#[derive(Debug, Clone)]
pub struct Registration<'a> {
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub correspondent: &'a str,
    pub subject: &'a str,
    pub document: &'a [u8],
    pub submission_id: Option<i64>,
    pub operator: &'a str,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Registers a document and returns its row id and number. The number is the year's next one; the
/// caller's transaction makes allocation and registration one step, so a rollback leaves no gap.
pub async fn register(
    conn: &mut SqliteConnection,
    r: &Registration<'_>,
) -> Result<(i64, ProtocolNumber)> {
    let year = r.at.year();
    let row = sqlx::query(
        "INSERT INTO protocol_registrations
           (year, number, direction, registered_at, correspondent, subject, document_sha256, submission_id, operator)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM protocol_registrations WHERE year = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         RETURNING id, number",
    )
    .bind(year)
    .bind(r.direction.as_str())
    .bind(time::instant(r.at))
    .bind(r.correspondent)
    .bind(r.subject)
    .bind(sha256_hex(r.document))
    .bind(r.submission_id)
    .bind(r.operator)
    .fetch_one(&mut *conn)
    .await?;
    let number: i64 = row.try_get("number")?;
    let number = ProtocolNumber {
        year,
        number: u32::try_from(number).unwrap_or(u32::MAX),
    };
    Ok((row.try_get("id")?, number))
}
