//! Messages with the citizen through the portal: the officer's message kept and queued for the
//! portal link in one transaction (with its history row); the portal's id and `sent_at` recorded
//! once delivered.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use sportello_domain::link::Delivery;
use sportello_domain::message::{to_html, MessageEntry, MessageFile, MessageKind, NewMessage};
use sportello_domain::policy::{DepartmentScope, IntakeScope, Permission};
use sportello_domain::AppError;
use sqlx::Row;

use super::dialect::Conn;
use super::history::{self, Event};
use super::Store;
use crate::error::Result;
use crate::time::Instant;

impl Store {
    /// The officer writes to the citizen (or an internal note) on a portal submission; returns the
    /// submission's messages.
    pub async fn write_message(
        &self,
        scope: &DepartmentScope,
        id: i64,
        message: &NewMessage,
        now: DateTime<Utc>,
    ) -> Result<Vec<MessageEntry>> {
        message.validate()?;
        let files = message.files()?;
        let actor = scope.actor();
        let mut tx = self.write_tx().await?;
        let stored = self
            .load_visible(&mut tx, scope, id, Permission::RecordContact)
            .await?;
        let Some(external_id) = super::outbox::external_id(&mut tx, id).await? else {
            return Err(AppError::invalid(
                "La pratica non è arrivata dal portale: scrivere al cittadino per e-mail o PEC e registrare il contatto.",
            )
            .into());
        };
        let text = message.text.trim();
        let message_id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (submission_id, incoming, internal, text, author_id, author_name, created_at)
             VALUES ($1, FALSE, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id)
        .bind(message.internal)
        .bind(text)
        .bind(actor.id)
        .bind(&actor.full_name)
        .bind(Instant(now))
        .fetch_one(&mut *tx)
        .await?;
        let mut sent_files = Vec::with_capacity(files.len());
        for file in &files {
            let document_id = super::submissions::store_document_returning_id(
                &mut tx,
                id,
                "messageAttachment",
                &file.media_type,
                &file.content,
                now,
            )
            .await?;
            sqlx::query(
                "INSERT INTO message_files (message_id, document_id, name) VALUES ($1, $2, $3)",
            )
            .bind(message_id)
            .bind(document_id)
            .bind(&file.name)
            .execute(&mut *tx)
            .await?;
            sent_files.push(json!({"documentId": document_id, "name": file.name}));
        }
        let payload = json!({
            "messageId": message_id,
            "html": to_html(text),
            "internal": message.internal,
            "files": sent_files,
        });
        let key = format!("sportello-{id}-message-{message_id}");
        super::outbox::enqueue(
            &mut tx,
            id,
            &external_id,
            Delivery::Message,
            &payload,
            &key,
            now,
        )
        .await?;
        let state = Some(stored.procedure.state);
        let label = if message.internal {
            "Nota interna sul portale"
        } else {
            "Messaggio al cittadino"
        };
        let summary: String = text.chars().take(200).collect();
        history::record(
            &mut tx,
            &Event {
                submission_id: id,
                at: now,
                actor_id: Some(actor.id),
                actor_name: &actor.full_name,
                event: "messageWritten",
                from_state: state,
                to_state: state,
                text: Some(&format!("{label}: {summary}")),
                protocol_id: None,
            },
        )
        .await?;
        let entries = messages(&mut tx, id).await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// The portal has the message: its id there and when it was sent.
    pub async fn message_delivered(
        &self,
        _scope: &IntakeScope,
        message_id: i64,
        portal_id: Option<&str>,
        sent_at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE messages SET portal_id = COALESCE(portal_id, $1), sent_at = COALESCE(sent_at, $2) WHERE id = $3",
        )
        .bind(portal_id)
        .bind(Instant(sent_at))
        .bind(message_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The portal submissions still open, with their portal ids (the messages the link reads).
    pub async fn open_portal_submissions(
        &self,
        _scope: &IntakeScope,
    ) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT l.submission_id, l.external_id FROM portal_links l
             JOIN submissions s ON s.id = l.submission_id
             WHERE s.closed_on IS NULL
             ORDER BY l.submission_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("submission_id")?, r.try_get("external_id")?)))
            .collect()
    }

    /// The portal ids of submission `submission_id`'s messages already kept.
    pub async fn known_portal_messages(
        &self,
        _scope: &IntakeScope,
        submission_id: i64,
    ) -> Result<std::collections::HashSet<String>> {
        Ok(sqlx::query_scalar(
            "SELECT portal_id FROM messages WHERE submission_id = $1 AND portal_id IS NOT NULL",
        )
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect())
    }

    /// Records what the portal shows of a submission's conversation: the citizen's messages not
    /// yet kept (each with its history row, at the portal's time), and when the citizen read ours.
    /// Returns how many new messages were kept.
    pub async fn record_portal_messages(
        &self,
        _scope: &IntakeScope,
        submission_id: i64,
        messages: &[crate::model::PortalMessage],
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let mut kept = 0;
        for m in messages {
            if m.ours {
                sqlx::query(
                    "UPDATE messages SET read_at = COALESCE(read_at, $1) WHERE portal_id = $2 AND $1 IS NOT NULL",
                )
                .bind(m.read_at.map(Instant))
                .bind(&m.portal_id)
                .execute(&mut *tx)
                .await?;
                continue;
            }
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO messages (submission_id, incoming, internal, text, author_name, created_at, portal_id, sent_at)
                 VALUES ($1, TRUE, FALSE, $2, 'Il cittadino', $3, $4, $3)
                 ON CONFLICT (portal_id) DO NOTHING RETURNING id",
            )
            .bind(submission_id)
            .bind(&m.text)
            .bind(Instant(m.created_at))
            .bind(&m.portal_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(message_id) = inserted else {
                continue;
            };
            kept += 1;
            for note in &m.notes {
                super::link::raise_flag(&mut tx, submission_id, note, now).await?;
            }
            self.citizen_wrote(&mut tx, submission_id, message_id, m, now)
                .await?;
        }
        tx.commit().await?;
        Ok(kept)
    }
}

/// A submission's messages, oldest first, each with its files (the citizen's, which open in the
/// viewer, and the office's).
pub(crate) async fn messages(conn: &mut Conn, submission_id: i64) -> Result<Vec<MessageEntry>> {
    let mut files: HashMap<i64, Vec<MessageFile>> = HashMap::new();
    let citizen = sqlx::query(
        "SELECT id, message_id, name, size FROM attachments
         WHERE submission_id = $1 AND message_id IS NOT NULL ORDER BY id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in &citizen {
        files
            .entry(r.try_get("message_id")?)
            .or_default()
            .push(MessageFile {
                name: r.try_get("name")?,
                size: r.try_get("size")?,
                attachment_id: Some(r.try_get("id")?),
            });
    }
    let office = sqlx::query(
        "SELECT f.message_id, f.name, CAST(LENGTH(d.content) AS BIGINT) AS size FROM message_files f
         JOIN documents d ON d.id = f.document_id
         JOIN messages m ON m.id = f.message_id
         WHERE m.submission_id = $1 ORDER BY f.id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in &office {
        files
            .entry(r.try_get("message_id")?)
            .or_default()
            .push(MessageFile {
                name: r.try_get("name")?,
                size: r.try_get::<i64, _>("size")?,
                attachment_id: None,
            });
    }
    let rows = sqlx::query(
        "SELECT id, incoming, internal, text, author_name, created_at, sent_at, read_at, kind
         FROM messages WHERE submission_id = $1 ORDER BY id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(MessageEntry {
                id,
                incoming: r.try_get("incoming")?,
                internal: r.try_get("internal")?,
                text: r.try_get("text")?,
                author: r.try_get("author_name")?,
                created_at: r.try_get::<Instant, _>("created_at")?.0,
                sent_at: r.try_get::<Option<Instant>, _>("sent_at")?.map(|i| i.0),
                read_at: r.try_get::<Option<Instant>, _>("read_at")?.map(|i| i.0),
                kind: MessageKind::parse(r.try_get("kind")?),
                files: files.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
