//! One attachment's bytes, for the officer to read or save: checked against the SHA-256 taken at
//! intake (bytes that no longer match are never handed out), and the reading recorded in the audit
//! trail like the opening of the submission.

use chrono::{DateTime, Utc};
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::submission::AttachmentContent;
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::Store;
use crate::error::{Result, StoreError};
use crate::model::sha256_hex;

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
            "SELECT submission_id, name, media_type, sha256, content FROM attachments WHERE id = $1",
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
