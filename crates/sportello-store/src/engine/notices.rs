//! The letters the portal link sends as messages (the receipt, the 10-bis notice, a request for
//! integration) kept in the submission's conversation with the portal's id and `sent_at` — the
//! delivery date — so that the `read_at` the portal reports tells the office which notices the
//! citizen never opened, to call them.

use chrono::{DateTime, Duration, Utc};
use sportello_domain::clock;
use sportello_domain::message::{MessageKind, UnreadNotice};
use sportello_domain::policy::{DepartmentScope, IntakeScope, Permission};
use sportello_domain::AppError;
use sqlx::Row;

use super::dialect::Conn;
use super::history::{self, Event};
use super::Store;
use crate::error::Result;
use crate::model::LetterSent;
use crate::time::Instant;

/// Who the conversation names for the letters the link sends.
const OFFICE: &str = "Sportello (comunicazione del Comune)";

impl Store {
    /// Keeps a letter the portal took as a message, once (by the portal's id). For a 10-bis notice
    /// the portal's delivery date is the citizen's receipt: the ten days for observations count
    /// from it (art. 10-bis), so the clock's projection is redone in the same transaction.
    pub async fn letter_sent(&self, _scope: &IntakeScope, letter: &LetterSent<'_>) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO messages (submission_id, incoming, internal, text, author_name, created_at,
                                   portal_id, sent_at, kind, document_id)
             VALUES ($1, FALSE, FALSE, $2, $3, $4, $5, $4, $6, $7)
             ON CONFLICT (portal_id) DO NOTHING",
        )
        .bind(letter.submission_id)
        .bind(letter.text)
        .bind(OFFICE)
        .bind(Instant(letter.sent_at))
        .bind(letter.portal_id)
        .bind(letter.kind.as_str())
        .bind(letter.document_id)
        .execute(&mut *tx)
        .await?;
        if letter.kind == MessageKind::Notice {
            self.notice_received(&mut tx, letter.submission_id, letter.sent_at)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records the day the citizen received the open 10-bis notice (if not known yet), with its
    /// history row, and redoes the stored deadline.
    async fn notice_received(&self, conn: &mut Conn, id: i64, at: DateTime<Utc>) -> Result<()> {
        let on = clock::civil_date(at);
        let done = sqlx::query(
            "UPDATE suspensions SET received_on = $1
             WHERE submission_id = $2 AND kind = 'notice10bis' AND answered_on IS NULL
               AND ended_on IS NULL AND received_on IS NULL",
        )
        .bind(on)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(());
        }
        let stored = self.load(conn, id).await?;
        let (deadline, until) = self.projection(conn, &stored).await?;
        sqlx::query("UPDATE submissions SET deadline = $1, suspended_until = $2 WHERE id = $3")
            .bind(deadline)
            .bind(until)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let state = Some(stored.procedure.state);
        let text = format!(
            "Preavviso consegnato sul portale il {}: il termine di 10 giorni per le osservazioni \
             decorre da tale data (art. 10-bis L. 241/1990).",
            on.format("%d/%m/%Y")
        );
        history::record(
            conn,
            &Event {
                submission_id: id,
                at,
                actor_id: None,
                actor_name: OFFICE,
                event: "noticeReceived",
                from_state: state,
                to_state: state,
                text: Some(&text),
                protocol_id: None,
            },
        )
        .await
    }

    /// The 10-bis notices and requests for integration of the office's open submissions that the
    /// citizen has not opened on the portal at least `after` since they were sent, oldest first.
    pub async fn unread_notices(
        &self,
        scope: &DepartmentScope,
        now: DateTime<Utc>,
        after: Duration,
    ) -> Result<Vec<UnreadNotice>> {
        scope
            .require(Permission::RecordContact, None)
            .map_err(AppError::from)?;
        let rows = sqlx::query(
            "SELECT m.submission_id, m.kind, m.sent_at, s.protocol_key, s.family_name, s.given_name, s.phone
             FROM messages m JOIN submissions s ON s.id = m.submission_id
             WHERE s.department = $1 AND m.kind IN ('notice', 'integrationRequest')
               AND m.read_at IS NULL AND m.sent_at <= $2
               AND s.closed_on IS NULL
             ORDER BY m.sent_at, m.id",
        )
        .bind(scope.department())
        .bind(Instant(now - after))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let who = super::contacts::WhomToCall::read(r)?;
                Ok(UnreadNotice {
                    submission_id: r.try_get("submission_id")?,
                    protocol: who.protocol,
                    applicant: who.applicant,
                    phone: who.phone,
                    kind: MessageKind::parse(r.try_get("kind")?),
                    sent_at: r.try_get::<Instant, _>("sent_at")?.0,
                })
            })
            .collect()
    }
}
