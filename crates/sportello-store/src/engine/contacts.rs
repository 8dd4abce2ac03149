//! The contact log: a call, an e-mail or a visit recorded on a submission (with its history row and
//! audit entry, in one transaction); a callback marked done; the callbacks due for the office.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::contact::{CallbackDue, ContactChannel, ContactEntry, NewContact};
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::AppError;
use sqlx::Row;

use super::dialect::{Conn, DbRow};
use super::history::{self, Event};
use super::Store;
use crate::error::{Result, StoreError};
use crate::time::Instant;

impl Store {
    /// Records a contact on submission `id`; returns the submission's contact log.
    pub async fn record_contact(
        &self,
        scope: &DepartmentScope,
        id: i64,
        contact: &NewContact,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        contact.validate(sportello_domain::clock::civil_date(now))?;
        let actor = scope.actor();
        let mut tx = self.write_tx().await?;
        let stored = self
            .load_visible(&mut tx, scope, id, Permission::RecordContact)
            .await?;
        if let Some(by) = contact.callback_by {
            let ours: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM users WHERE id = $1 AND department = $2 AND active = TRUE",
            )
            .bind(by)
            .bind(&stored.department)
            .fetch_optional(&mut *tx)
            .await?;
            if ours.is_none() {
                return Err(AppError::invalid(
                    "Chi deve richiamare il cittadino non è un operatore attivo dell'ufficio.",
                )
                .into());
            }
        }
        sqlx::query(
            "INSERT INTO contacts (submission_id, at, channel, incoming, summary, outcome, recorded_by,
               callback_due, callback_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(Instant(now))
        .bind(contact.channel.as_str())
        .bind(contact.incoming)
        .bind(contact.summary.trim())
        .bind(contact.outcome.trim())
        .bind(actor.id)
        .bind(contact.callback_due)
        .bind(contact.callback_by)
        .execute(&mut *tx)
        .await?;
        let state = Some(stored.procedure.state);
        let text = format!(
            "{} ({}): {}",
            contact.channel.label(),
            if contact.incoming {
                "dal cittadino"
            } else {
                "al cittadino"
            },
            contact.summary.trim()
        );
        history::record(
            &mut tx,
            &Event {
                submission_id: id,
                at: now,
                actor_id: Some(actor.id),
                actor_name: &actor.full_name,
                event: "contactRecorded",
                from_state: state,
                to_state: state,
                text: Some(&text),
                protocol_id: None,
            },
        )
        .await?;
        let entries = contacts(&mut tx, id).await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// Marks a callback done; returns the submission's contact log.
    pub async fn complete_callback(
        &self,
        scope: &DepartmentScope,
        contact_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<ContactEntry>> {
        let actor = scope.actor();
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar("SELECT submission_id FROM contacts WHERE id = $1")
            .bind(contact_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(StoreError::not_found)?;
        let stored = self
            .load_visible(&mut tx, scope, id, Permission::RecordContact)
            .await?;
        let done = sqlx::query(
            "UPDATE contacts SET callback_done_at = $1
             WHERE id = $2 AND callback_due IS NOT NULL AND callback_done_at IS NULL",
        )
        .bind(Instant(now))
        .bind(contact_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::invalid("Il richiamo è già stato fatto, o non c'era.").into());
        }
        let state = Some(stored.procedure.state);
        history::record(
            &mut tx,
            &Event {
                submission_id: id,
                at: now,
                actor_id: Some(actor.id),
                actor_name: &actor.full_name,
                event: "callbackDone",
                from_state: state,
                to_state: state,
                text: None,
                protocol_id: None,
            },
        )
        .await?;
        let entries = contacts(&mut tx, id).await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// The office's callbacks still to do by `until` (overdue ones first): the user's own and
    /// those left to whoever of the office.
    pub async fn callbacks_due(
        &self,
        scope: &DepartmentScope,
        until: NaiveDate,
    ) -> Result<Vec<CallbackDue>> {
        scope
            .require(Permission::RecordContact, None)
            .map_err(AppError::from)?;
        let rows = sqlx::query(
            "SELECT c.id, c.submission_id, c.callback_due, c.summary, s.protocol_key, s.family_name,
                    s.given_name, s.phone, u.full_name AS callback_name
             FROM contacts c JOIN submissions s ON s.id = c.submission_id
             LEFT JOIN users u ON u.id = c.callback_by
             WHERE s.department = $1 AND c.callback_due IS NOT NULL AND c.callback_done_at IS NULL
               AND c.callback_due <= $2 AND (c.callback_by IS NULL OR c.callback_by = $3)
             ORDER BY c.callback_due, c.id",
        )
        .bind(scope.department())
        .bind(until)
        .bind(scope.actor().id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let who = WhomToCall::read(r)?;
                Ok(CallbackDue {
                    contact_id: r.try_get("id")?,
                    submission_id: r.try_get("submission_id")?,
                    protocol: who.protocol,
                    applicant: who.applicant,
                    phone: who.phone,
                    due: r.try_get("callback_due")?,
                    summary: r.try_get("summary")?,
                    callback_by: r.try_get("callback_name")?,
                })
            })
            .collect()
    }
}

/// Whom a list of people to call names: the submission's protocol, the applicant, the phone (a
/// row with `protocol_key`, `family_name`, `given_name` and `phone`).
pub(super) struct WhomToCall {
    pub protocol: String,
    pub applicant: String,
    pub phone: Option<String>,
}

impl WhomToCall {
    pub(super) fn read(r: &DbRow) -> Result<Self> {
        Ok(Self {
            protocol: super::queue::protocol_of_key(r.try_get("protocol_key")?).to_string(),
            applicant: format!(
                "{} {}",
                r.try_get::<String, _>("family_name")?,
                r.try_get::<String, _>("given_name")?
            ),
            phone: r.try_get("phone")?,
        })
    }
}

/// A submission's contact log, oldest first.
pub(crate) async fn contacts(conn: &mut Conn, submission_id: i64) -> Result<Vec<ContactEntry>> {
    let rows = sqlx::query(
        "SELECT c.id, c.at, c.channel, c.incoming, c.summary, c.outcome, r.full_name AS recorded_name,
                c.callback_due, b.full_name AS callback_name, c.callback_done_at
         FROM contacts c JOIN users r ON r.id = c.recorded_by LEFT JOIN users b ON b.id = c.callback_by
         WHERE c.submission_id = $1 ORDER BY c.id",
    )
    .bind(submission_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let channel: String = r.try_get("channel")?;
            Ok(ContactEntry {
                id: r.try_get("id")?,
                at: r.try_get::<Instant, _>("at")?.0,
                channel: ContactChannel::parse(&channel)
                    .ok_or_else(|| StoreError::Corrupt(format!("contact channel {channel:?}")))?,
                incoming: r.try_get("incoming")?,
                summary: r.try_get("summary")?,
                outcome: r.try_get("outcome")?,
                recorded_by: r.try_get("recorded_name")?,
                callback_due: r.try_get("callback_due")?,
                callback_by: r.try_get("callback_name")?,
                callback_done_at: r
                    .try_get::<Option<Instant>, _>("callback_done_at")?
                    .map(|i| i.0),
            })
        })
        .collect()
}
