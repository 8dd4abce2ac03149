//! Decision letters printed inside the move's transaction. The store knows what the letter says and
//! which protocol number it gets; a [`LetterPrinter`] (the issuance crate, with the documents and the
//! seal) turns that into the PDF that is kept and registered. Without a printer the store keeps the
//! letter as plain text, as before.

use chrono::{DateTime, Utc};
use sportello_domain::clock;
use sportello_domain::workflow::{ActionKind, Outcome};
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::dialect::Conn;
use super::submissions::Stored;
use super::Store;
use crate::error::Result;
use crate::model::{LetterPurpose, LetterRequest};

impl Store {
    /// What the move's letter says; its number is the register's next (the caller holds the lock).
    pub(crate) async fn letter_request(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        actor: &sportello_domain::user::Actor,
        outcome: &Outcome,
        now: DateTime<Utc>,
    ) -> Result<LetterRequest> {
        let purpose = if outcome.action == ActionKind::TakeInCharge {
            self.start_notice(conn, stored).await?
        } else {
            LetterPurpose::Decision(outcome.action)
        };
        let mut request = self
            .letter_for(conn, stored, purpose, &actor.full_name, now)
            .await?;
        request.reasons = outcome.text.clone().unwrap_or_default();
        if outcome.to.is_final() {
            request.late = self.late_decision(conn, stored, now).await?;
        }
        Ok(request)
    }

    /// What the start-of-procedure notice states: the service's term and the deadline as the clock
    /// projects it now.
    async fn start_notice(&self, conn: &mut Conn, stored: &Stored) -> Result<LetterPurpose> {
        let service = self.catalogue.service(&stored.service);
        let (deadline, _) = self.projection(conn, stored).await?;
        Ok(LetterPurpose::StartNotice {
            term_days: service.map_or(30, |s| s.deadline_days),
            deadline: deadline.unwrap_or(stored.received_on),
            silence_consent: service.is_some_and(|s| s.silence_consent),
        })
    }

    /// A decision taken after its deadline: the term and the days taken (art. 2 c.9-quinquies).
    async fn late_decision(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        now: DateTime<Utc>,
    ) -> Result<Option<(u32, i64)>> {
        let (rules, suspensions) = self.clock_inputs(conn, stored).await?;
        let today = clock::civil_date(now);
        let view = clock::evaluate(
            stored.received_on,
            &rules,
            &suspensions,
            &self.calendar,
            today,
            None,
        );
        Ok(clock::late_decision(&view, today))
    }

    /// A letter to the submission's citizen for `purpose`, signed off by `officer`, numbered with
    /// the register's next number (the caller holds the lock).
    pub(crate) async fn letter_for(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        purpose: LetterPurpose,
        officer: &str,
        now: DateTime<Utc>,
    ) -> Result<LetterRequest> {
        let row = sqlx::query(
            "SELECT fiscal_code, given_name, family_name, address, protocol_key, demo,
                (SELECT text FROM history WHERE submission_id = s.id AND event = 'recordObservations'
                 ORDER BY id DESC LIMIT 1) AS observations
             FROM submissions s WHERE id = $1",
        )
        .bind(stored.id)
        .fetch_one(&mut *conn)
        .await?;
        let protocol = super::protocol::next_number(conn, now).await?;
        let service = self.catalogue.service(&stored.service);
        let office = self
            .catalogue
            .departments
            .iter()
            .find(|d| d.id == stored.department)
            .map_or_else(|| stored.department.clone(), |d| d.name.clone());
        Ok(LetterRequest {
            purpose,
            protocol,
            at: now,
            // The letter greets the person; the fiscal code has its own line.
            recipient: format!(
                "{} {}",
                row.try_get::<String, _>("given_name")?,
                row.try_get::<String, _>("family_name")?
            ),
            fiscal_code: row.try_get("fiscal_code")?,
            address: row.try_get("address")?,
            service: service.map_or_else(|| stored.service.clone(), |s| s.name.clone()),
            request_protocol: super::queue::protocol_of_key(row.try_get("protocol_key")?),
            request_date: stored.received_on,
            reasons: String::new(),
            observations: row.try_get("observations")?,
            appeal_to_prefetto: service.is_some_and(|s| s.appeal_to_prefetto),
            late: None,
            legal_basis: service.map(|s| s.legal_basis.clone()),
            officer: officer.to_owned(),
            office,
            demo: row.try_get("demo")?,
        })
    }

    /// Prints the letter, or explains to the officer that it could not be produced.
    pub(crate) fn print_letter(&self, request: &LetterRequest) -> Result<Vec<u8>> {
        let Some(printer) = &self.letters else {
            tracing::error!("the store was opened without a letter printer");
            return Err(AppError::new(
                ErrorCode::Internal,
                "Non è stato possibile comporre la lettera del provvedimento: nulla è stato registrato. Rivolgersi all'assistenza.",
            )
            .into());
        };
        printer.print(request).map_err(|error| {
            tracing::error!(%error, protocol = %request.protocol, "decision letter could not be printed");
            AppError::new(
                ErrorCode::Internal,
                "Non è stato possibile comporre la lettera del provvedimento: nulla è stato registrato. Rivolgersi all'assistenza.",
            )
            .into()
        })
    }
}
