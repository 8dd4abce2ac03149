//! The scheduler's use case: what terms produce by themselves (`workflow::due_effect`), applied as
//! the System, one submission per transaction with its history row — dated to the legal day, however
//! late the scheduler runs — and, for silence-consent, the attestation of art. 20 c.2-bis registered
//! and sent to the citizen as the decision. The caller holds the scheduler's lease.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::json;
use sportello_domain::clock::{self, INTEGRATION_MAX_DAYS};
use sportello_domain::link::Delivery;
use sportello_domain::policy::TimedScope;
use sportello_domain::protocol::Direction;
use sportello_domain::workflow::{self, DueEffect, TimedEffect};
use sportello_domain::ErrorCode;

use super::dialect::Conn;
use super::history::Event;
use super::protocol;
use super::submissions::{store_document_returning_id, Stored};
use super::Store;
use crate::error::{Result, StoreError};
use crate::model::{LetterPurpose, Registration, TimedReport};

/// Who the history and the register name for the law's own effects.
pub(super) const TIMED_OPERATOR: &str = "Sportello (effetto dei termini di legge)";

/// The first instant of `day` where the Comune is.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.to_utc(),
        )
}

impl Store {
    /// Applies every effect due by `now`'s day; a submission an officer changed meanwhile is left
    /// for the next run.
    pub async fn apply_timed_effects(
        &self,
        _scope: &TimedScope,
        now: DateTime<Utc>,
    ) -> Result<TimedReport> {
        let today = clock::civil_date(now);
        let mut report = TimedReport::default();
        for id in self.timed_candidates(today).await? {
            // A lapse may be followed by silence-consent: ask again after each effect.
            for _ in 0..2 {
                match self.apply_one(id, today, now).await {
                    Ok(Some(TimedEffect::IntegrationLapsed)) => report.lapsed += 1,
                    Ok(Some(TimedEffect::SilenceConsent)) => report.silence_consent += 1,
                    Ok(None) => break,
                    Err(StoreError::App(e)) if e.code == ErrorCode::Conflict => {
                        tracing::info!(submission = id, "changed meanwhile; left for the next run");
                        report.left += 1;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        if report.lapsed + report.silence_consent > 0 {
            tracing::info!(?report, "timed effects applied");
        }
        Ok(report)
    }

    /// The open submissions an effect may be due on: an integration request unanswered for its
    /// whole term, or a silence-consent service past its last day.
    async fn timed_candidates(&self, today: NaiveDate) -> Result<Vec<i64>> {
        let asked_by = today - Days::new(INTEGRATION_MAX_DAYS);
        let silent: Vec<&str> = self
            .catalogue
            .services
            .iter()
            .filter(|s| s.silence_consent)
            .map(|s| s.id.as_str())
            .collect();
        let services = (0..silent.len())
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let silence = if silent.is_empty() {
            String::new()
        } else {
            format!(" OR (s.service IN ({services}) AND s.deadline < $2)")
        };
        let sql = format!(
            "SELECT s.id FROM submissions s WHERE s.closed_on IS NULL AND (
               (s.state = 'integrationRequested' AND EXISTS (
                  SELECT 1 FROM suspensions x WHERE x.submission_id = s.id AND x.kind = 'integration'
                    AND x.answered_on IS NULL AND x.ended_on IS NULL AND x.from_date <= $1)){silence})
             ORDER BY s.id"
        );
        let mut query = sqlx::query_scalar(&sql).bind(asked_by).bind(today);
        for service in silent {
            query = query.bind(service);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    async fn apply_one(
        &self,
        id: i64,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<TimedEffect>> {
        let mut tx = self.write_tx().await?;
        super::dialect::lock_submission(&mut tx, id).await?;
        let stored = self.load(&mut tx, id).await?;
        let asked: Option<NaiveDate> = sqlx::query_scalar(
            "SELECT from_date FROM suspensions WHERE submission_id = $1 AND kind = 'integration'
               AND answered_on IS NULL AND ended_on IS NULL ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(due) = workflow::due_effect(&stored.procedure, asked, today) else {
            return Ok(None);
        };
        let protocol_id = match due.registration {
            Some(subject) => Some(self.attest(&mut tx, &stored, &due, subject, now).await?),
            None => None,
        };
        let mut procedure = stored.procedure.clone();
        procedure.state = due.to;
        let event = Event {
            submission_id: id,
            at: start_of(due.on),
            actor_id: None,
            actor_name: TIMED_OPERATOR,
            event: due.effect.as_str(),
            from_state: Some(due.from),
            to_state: Some(due.to),
            text: Some(&due.text),
            protocol_id,
        };
        self.save_move(&mut tx, &stored, &procedure, due.on, &event)
            .await?;
        tx.commit().await?;
        tracing::info!(
            submission = id,
            effect = due.effect.as_str(),
            on = %due.on,
            "timed effect applied"
        );
        Ok(Some(due.effect))
    }

    /// The attestation that silence-consent formed (art. 20 c.2-bis): printed, kept, registered as
    /// outgoing and sent to the citizen through the portal as the decision.
    async fn attest(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        due: &DueEffect,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let term_days = self
            .catalogue
            .service(&stored.service)
            .map_or(30, |s| s.deadline_days);
        let last_day = due.on.pred_opt().unwrap_or(due.on);
        let officer = self.responsible_name(conn, stored).await?;
        let purpose = LetterPurpose::SilenceConsent {
            term_days,
            last_day,
        };
        let request = self
            .letter_for(conn, stored, purpose, &officer, now)
            .await?;
        let pdf = self.print_letter(&request)?;
        let event = due.effect.as_str();
        let document_id =
            store_document_returning_id(conn, stored.id, event, "application/pdf", &pdf, now)
                .await?;
        let (protocol_id, number) = protocol::register(
            conn,
            &Registration {
                direction: Direction::Outgoing,
                at: now,
                correspondent: &stored.correspondent,
                subject,
                document: &pdf,
                submission_id: Some(stored.id),
                operator: TIMED_OPERATOR,
            },
        )
        .await?;
        let payload = json!({
            "message": due.text,
            "documentId": document_id,
            "protocol": number.to_string(),
        });
        // A request nobody took was never assigned on the portal, which accepts only from its
        // assigned operator: assign first (skipped when it already was), as for inadmissibility.
        let deliveries = [Delivery::Assign, Delivery::Accept];
        self.queue_deliveries(conn, stored, &deliveries, &payload, now)
            .await?;
        Ok(protocol_id)
    }

    /// The responsible officer, or the head of the office until someone is (art. 5 c.2).
    async fn responsible_name(&self, conn: &mut Conn, stored: &Stored) -> Result<String> {
        let name = match stored.procedure.assignee {
            Some(id) => {
                sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => head_of_office(conn, &stored.department).await?,
        };
        Ok(name.unwrap_or_else(|| "Il responsabile dell'ufficio".into()))
    }
}

/// The head of `department`'s office, who answers for a submission nobody took (art. 5 c.2).
pub(super) async fn head_of_office(conn: &mut Conn, department: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT full_name FROM users WHERE department = $1 AND role = 'responsabile' AND active = TRUE ORDER BY id LIMIT 1",
    )
    .bind(department)
    .fetch_optional(&mut *conn)
    .await?)
}
