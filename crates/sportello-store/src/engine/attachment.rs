//! The citizen's files: stored content-addressed (the bytes once per SHA-256 in `blobs`, each
//! attachment naming its blob and the registration it came in with), listed for the detail, and
//! handed out whole for the officer to read or save — checked against the SHA-256 taken at intake
//! (bytes that no longer match are never handed out), the reading recorded in the audit trail like
//! the opening of the submission.

use chrono::{DateTime, Utc};
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::submission::{AttachmentContent, AttachmentInfo, NewAttachment};
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::dialect::Conn;
use super::Store;
use crate::error::{Result, StoreError};
use crate::model::sha256_hex;
use crate::time::Instant;

/// Where a file came in: with the submission (its intake registration), or later, with the
/// citizen's answer registered on its own and the portal message that carried it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    Intake,
    Later {
        registration_id: i64,
        message_id: Option<i64>,
    },
}

/// Stores one file of a submission: its bytes under their hash (once, whoever sent them first),
/// the attachment row naming them, with the intake's distrust of the bytes.
pub(crate) async fn store(
    conn: &mut Conn,
    submission_id: i64,
    a: &NewAttachment,
    origin: Origin,
) -> Result<i64> {
    let sha256 = sha256_hex(&a.content);
    sqlx::query(
        "INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&sha256)
    .bind(a.content.len() as i64)
    .bind(&a.content)
    .execute(&mut *conn)
    .await?;
    let (registration_id, message_id) = match origin {
        Origin::Intake => (None, None),
        Origin::Later {
            registration_id,
            message_id,
        } => (Some(registration_id), message_id),
    };
    let warning = sportello_domain::attachment::distrust(&a.name, &a.media_type, &a.content);
    let id = sqlx::query_scalar(
        "INSERT INTO attachments (submission_id, requirement, name, media_type, size, sha256,
                                  registration_id, message_id, warning)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(submission_id)
    .bind(&a.requirement)
    .bind(&a.name)
    .bind(&a.media_type)
    .bind(a.content.len() as i64)
    .bind(&sha256)
    .bind(registration_id)
    .bind(message_id)
    .bind(warning)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The files of submission `id`, each with the registration it came in with.
pub(crate) async fn list(conn: &mut Conn, id: i64) -> Result<Vec<AttachmentInfo>> {
    let rows = sqlx::query(
        "SELECT a.id, a.requirement, a.name, a.media_type, a.size, a.sha256, a.warning,
                COALESCE(r.year, i.year) AS year, COALESCE(r.number, i.number) AS number,
                COALESCE(r.registered_at, i.registered_at) AS registered_at
         FROM attachments a
         JOIN submissions s ON s.id = a.submission_id
         LEFT JOIN protocol_registrations r ON r.id = a.registration_id
         LEFT JOIN protocol_registrations i
                ON i.year = s.protocol_key / 100000000 AND i.number = s.protocol_key % 100000000
         WHERE a.submission_id = $1 ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let number = ProtocolNumber {
                year: i32::try_from(r.try_get::<i64, _>("year")?)
                    .map_err(|_| StoreError::Corrupt(format!("registration year of file {id}")))?,
                number: u32::try_from(r.try_get::<i64, _>("number")?)
                    .map_err(|_| StoreError::Corrupt(format!("registration of file {id}")))?,
            };
            Ok(AttachmentInfo {
                id: r.try_get("id")?,
                requirement: r.try_get("requirement")?,
                name: r.try_get("name")?,
                media_type: r.try_get("media_type")?,
                size: r.try_get("size")?,
                sha256: r.try_get("sha256")?,
                protocol: number.to_string(),
                registered_at: r.try_get::<Instant, _>("registered_at")?.0,
                warning: r.try_get("warning")?,
            })
        })
        .collect()
}

impl Store {
    /// Attachment `id` whole, if the scope's user may see its submission.
    pub async fn attachment_content(
        &self,
        scope: &DepartmentScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<AttachmentContent> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT a.submission_id, a.name, a.media_type, a.sha256, b.content
             FROM attachments a JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(StoreError::not_found)?;
        let submission_id: i64 = row.try_get("submission_id")?;
        self.load_visible(&mut tx, scope, submission_id, Permission::ViewSubmission)
            .await?;
        let content: Vec<u8> = row.try_get("content")?;
        let sha256: String = row.try_get("sha256")?;
        if sha256_hex(&content) != sha256 {
            tracing::error!(
                attachment = id,
                "an attachment's bytes no longer match its SHA-256"
            );
            return Err(AppError::new(
                ErrorCode::Internal,
                "Il file non corrisponde più alla sua impronta registrata: non viene aperto. Avvisare l'ufficio informatico.",
            )
            .into());
        }
        let actor = scope.actor();
        super::audit::append(
            &mut tx,
            &super::audit::Entry {
                at: now,
                actor_id: Some(actor.id),
                actor_name: &actor.full_name,
                action: "viewAttachment",
                object_kind: "attachment",
                object_id: id.to_string(),
                detail: format!("{{\"submission\":{submission_id}}}"),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(AttachmentContent {
            id,
            submission_id,
            name: row.try_get("name")?,
            media_type: row.try_get("media_type")?,
            sha256,
            content,
        })
    }
}
