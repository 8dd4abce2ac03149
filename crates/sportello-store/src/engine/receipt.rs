//! The receipt of art. 18-bis L. 241/1990 for a submission that came from the portal: printed,
//! kept and registered as outgoing when the link first delivers it (not in the intake's transaction,
//! so a burst of arrivals is not slowed by a signature each), once: the outbox item remembers the
//! document it made, and a retry sends the same one.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use sportello_domain::policy::IntakeScope;
use sportello_domain::protocol::Direction;
use sportello_domain::workflow::State;
use sqlx::types::Json;
use sqlx::Row;

use super::history::{self, Event};
use super::link::case_file_number;
use super::protocol;
use super::submissions::{correspondent, store_document_returning_id};
use super::Store;
use crate::error::Result;
use crate::model::{LetterPurpose, LetterRequest, ReceiptTerms, Registration};

impl Store {
    /// The receipt of the outbox item `id` (a `receipt` delivery): made now if it was not yet, in
    /// one transaction with its registration, its history row and the item's new payload; returns
    /// the payload (`documentId`, `protocol`, the message's text).
    pub async fn prepare_receipt(
        &self,
        _scope: &IntakeScope,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<Value> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query("SELECT submission_id, payload FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let payload: Value = row.try_get::<Json<Value>, _>("payload")?.0;
        if payload.get("documentId").is_some_and(|d| !d.is_null()) {
            return Ok(payload);
        }
        let submission_id: i64 = row.try_get("submission_id")?;
        let s = sqlx::query(
            "SELECT s.service, s.department, s.family_name, s.given_name, s.fiscal_code, s.address, s.protocol_key,
                    s.received_on, s.deadline, s.demo, s.state, c.year, c.number
             FROM submissions s JOIN case_files c ON c.submission_id = s.id WHERE s.id = $1",
        )
        .bind(submission_id)
        .fetch_one(&mut *tx)
        .await?;
        let service_id: String = s.try_get("service")?;
        let service = self.catalogue.service(&service_id);
        let department: String = s.try_get("department")?;
        let office = self
            .catalogue
            .departments
            .iter()
            .find(|d| d.id == department)
            .map_or_else(|| department.clone(), |d| d.name.clone());
        let received_on: NaiveDate = s.try_get("received_on")?;
        let deadline: Option<NaiveDate> = s.try_get("deadline")?;
        let recipient = correspondent(
            &s.try_get::<String, _>("family_name")?,
            &s.try_get::<String, _>("given_name")?,
            &s.try_get::<String, _>("fiscal_code")?,
        );
        let case_file = case_file_number(s.try_get("year")?, s.try_get("number")?);
        // Until someone takes it, the head of the office answers for it (art. 5 c.2).
        let head = super::timed::head_of_office(&mut tx, &department).await?;
        let request = LetterRequest {
            purpose: LetterPurpose::Receipt(ReceiptTerms {
                term_days: service.map_or(30, |s| s.deadline_days),
                deadline: deadline.unwrap_or(received_on),
                silence_consent: service.is_some_and(|s| s.silence_consent),
                case_file: case_file.clone(),
            }),
            protocol: protocol::next_number(&mut tx, now).await?,
            at: now,
            // The letter greets the person; the fiscal code has its own line.
            recipient: format!(
                "{} {}",
                s.try_get::<String, _>("given_name")?,
                s.try_get::<String, _>("family_name")?
            ),
            fiscal_code: s.try_get("fiscal_code")?,
            address: s.try_get("address")?,
            service: service.map_or_else(|| service_id.clone(), |s| s.name.clone()),
            request_protocol: super::queue::protocol_of_key(s.try_get("protocol_key")?),
            request_date: received_on,
            reasons: String::new(),
            observations: None,
            appeal_to_prefetto: false,
            late: None,
            legal_basis: service.map(|s| s.legal_basis.clone()),
            officer: head.unwrap_or_else(|| "Il responsabile dell'ufficio".into()),
            office,
            demo: s.try_get("demo")?,
        };
        let pdf = self.print_letter(&request)?;
        let document_id = store_document_returning_id(
            &mut tx,
            submission_id,
            "receipt",
            "application/pdf",
            &pdf,
            now,
        )
        .await?;
        let subject = format!("Ricevuta di presentazione - {}", request.service);
        let (protocol_id, number) = protocol::register(
            &mut tx,
            &Registration {
                direction: Direction::Outgoing,
                at: now,
                correspondent: &recipient,
                subject: &subject,
                document: &pdf,
                submission_id: Some(submission_id),
                operator: super::submissions::INTAKE_OPERATOR,
            },
        )
        .await?;
        let state = State::parse(&s.try_get::<String, _>("state")?);
        history::record(
            &mut tx,
            &Event {
                submission_id,
                at: now,
                actor_id: None,
                actor_name: super::submissions::INTAKE_OPERATOR,
                event: "receiptIssued",
                from_state: state,
                to_state: state,
                text: Some(&format!("Fascicolo n. {case_file}")),
                protocol_id: Some(protocol_id),
            },
        )
        .await?;
        let message = format!(
            "<p>La Sua domanda «{}» è stata protocollata con il n. {} del {} (fascicolo n. {case_file}). \
             In allegato la ricevuta con il termine del procedimento e l'ufficio responsabile \
             (art. 18-bis L. 241/1990).</p>",
            request.service,
            request.request_protocol,
            received_on.format("%d/%m/%Y"),
        );
        let payload = json!({
            "documentId": document_id,
            "protocol": number.to_string(),
            "message": message,
            "submittedOn": payload.get("submittedOn"),
        });
        sqlx::query("UPDATE outbox SET payload = $1 WHERE id = $2")
            .bind(Json(&payload))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(payload)
    }
}
