//! Submissions: receiving one (registered, hashed, never modified afterwards) and reading it back.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sportello_domain::catalogue::{FieldError, ServiceDefinition};
use sportello_domain::clock::{self, Clock, Suspension, SuspensionKind};
use sportello_domain::policy::IntakeScope;
use sportello_domain::protocol::Direction;
use sportello_domain::submission::{Applicant, Contact, NewAttachment, NewSubmission};
use sportello_domain::user::Actor;
use sportello_domain::workflow::{Procedure, State};
use sportello_domain::{AppError, FiscalCode};
use sqlx::Row;

use super::dialect::{self, Conn, DbRow};

use super::history::{self, Event};
use super::protocol;
use super::Store;
use crate::error::{Result, StoreError};
use crate::model::{sha256_hex, Registration};
use crate::time::{self, Instant};

/// A submission's stored procedure, as the workflow and the clock need it.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub id: i64,
    pub service: String,
    pub department: String,
    pub procedure: Procedure,
    pub received_on: NaiveDate,
    pub version: i64,
    pub correspondent: String,
}

fn attachment_problem(service: &ServiceDefinition, a: &NewAttachment) -> Option<FieldError> {
    let req = a
        .requirement
        .as_ref()
        .and_then(|k| service.attachments.iter().find(|r| &r.key == k));
    let field = format!("attachment.{}", a.requirement.as_deref().unwrap_or(&a.name));
    let max = req.map_or(50, |r| r.max_mb) as usize * 1024 * 1024;
    if a.content.len() > max {
        return Some(FieldError {
            field,
            message: format!(
                "L'allegato «{}» supera la dimensione massima di {} MB.",
                a.name,
                max / 1024 / 1024
            ),
        });
    }
    match req {
        Some(r) if !r.media_types.contains(&a.media_type) => Some(FieldError {
            field,
            message: format!(
                "L'allegato «{}» non è di un tipo ammesso per «{}».",
                a.name, r.label
            ),
        }),
        _ => None,
    }
}

/// Checks what the citizen sent against the service, reporting every problem at once, each for its
/// field (a form field's key, or `attachment.KEY`).
pub(crate) fn check(service: &ServiceDefinition, new: &NewSubmission) -> Result<()> {
    let problems = problems(service, &new.form, &new.attachments, new.received_at);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::fields(problems).into())
    }
}

pub(crate) fn problems(
    service: &ServiceDefinition,
    form: &serde_json::Value,
    attachments: &[NewAttachment],
    received_at: DateTime<Utc>,
) -> Vec<FieldError> {
    let mut problems = service.validate_form(form, clock::civil_date(received_at));
    problems.extend(
        attachments
            .iter()
            .filter_map(|a| attachment_problem(service, a)),
    );
    for r in service.attachments.iter().filter(|r| r.required) {
        if !attachments
            .iter()
            .any(|a| a.requirement.as_deref() == Some(r.key.as_str()))
        {
            problems.push(FieldError {
                field: format!("attachment.{}", r.key),
                message: format!("Manca l'allegato obbligatorio «{}».", r.label),
            });
        }
    }
    problems
}

/// Who registers a submission that came in by itself (the portal, the demo).
pub(super) const INTAKE_OPERATOR: &str = "Sportello";

/// The correspondent and the subject of a submission's incoming registration.
pub(super) fn intake_texts(service: &ServiceDefinition, a: &Applicant) -> (String, String) {
    (
        format!("{} ({})", a.full_name(), a.fiscal_code),
        format!("{} - {}", service.name, a.full_name()),
    )
}

/// The name the queue's search indexes: family name first.
pub(super) fn search_name(a: &Applicant) -> String {
    format!("{} {}", a.family_name, a.given_name)
}

/// The correspondent of the registrations a move makes on a submission.
pub(super) fn correspondent(family_name: &str, given_name: &str, fiscal_code: &str) -> String {
    format!("{family_name} {given_name} ({fiscal_code})")
}

/// The document the incoming registration fingerprints: what the citizen sent, canonically.
pub(super) fn canonical_document(new: &NewSubmission) -> Vec<u8> {
    let attachments: Vec<_> = new
        .attachments
        .iter()
        .map(|a| json!({"name": a.name, "mediaType": a.media_type, "sha256": sha256_hex(&a.content)}))
        .collect();
    json!({
        "service": new.service,
        "applicant": new.applicant,
        "contact": new.contact,
        "form": new.form,
        "attachments": attachments,
        "receivedAt": time::instant(new.received_at),
    })
    .to_string()
    .into_bytes()
}

impl Store {
    /// Receives a submission: validates it, registers it as incoming in the protocol register (at
    /// `clock.now()`, the registration time), stores it with its attachments and its first history row,
    /// all in one transaction. Returns its id.
    pub async fn receive(
        &self,
        _scope: &IntakeScope,
        new: &NewSubmission,
        demo: bool,
        clock: &dyn Clock,
    ) -> Result<i64> {
        let service = self.catalogue.service(&new.service).ok_or_else(|| {
            AppError::invalid(format!("Servizio sconosciuto: «{}».", new.service))
        })?;
        check(service, new)?;
        let mut tx = self.write_tx().await?;
        let id = self
            .insert(&mut tx, service, new, demo, clock.now(), None)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Receives many submissions in one transaction (bulk import); all or none are stored.
    pub async fn receive_many(
        &self,
        _scope: &IntakeScope,
        batch: &[NewSubmission],
        demo: bool,
        clock: &dyn Clock,
    ) -> Result<Vec<i64>> {
        let mut tx = self.write_tx().await?;
        let mut ids = Vec::with_capacity(batch.len());
        for new in batch {
            let service = self.catalogue.service(&new.service).ok_or_else(|| {
                AppError::invalid(format!("Servizio sconosciuto: «{}».", new.service))
            })?;
            check(service, new)?;
            ids.push(
                self.insert(&mut tx, service, new, demo, clock.now(), None)
                    .await?,
            );
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub(crate) async fn insert(
        &self,
        conn: &mut Conn,
        service: &ServiceDefinition,
        new: &NewSubmission,
        demo: bool,
        registered_at: DateTime<Utc>,
        entered_by: Option<&Actor>,
    ) -> Result<i64> {
        let operator = entered_by.map_or(INTAKE_OPERATOR, |a| a.full_name.as_str());
        let document = canonical_document(new);
        let (correspondent, subject) = intake_texts(service, &new.applicant);
        // The id first: the incoming registration names it (the key to submissions is deferred).
        let next_id: i64 = sqlx::query_scalar(dialect::NEXT_SUBMISSION_ID)
            .fetch_one(&mut *conn)
            .await?;
        let reg = Registration {
            direction: Direction::Incoming,
            at: registered_at,
            correspondent: &correspondent,
            subject: &subject,
            document: &document,
            submission_id: Some(next_id),
            operator,
        };
        let (protocol_id, number) = protocol::register(conn, &reg).await?;
        let received_on = clock::civil_date(new.received_at);
        let (deadline, _) =
            clock::projection(received_on, &service.clock_rules(), &[], &self.calendar);
        let a = &new.applicant;
        sqlx::query(
            "INSERT INTO submissions (id, service, department, fiscal_code, given_name, family_name, sort_name,
               birth_date, birth_place, email, phone, address, form, channel, external_id, received_at,
               received_on, protocol_key, state, deadline, demo)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(next_id)
        .bind(&service.id)
        .bind(&service.department)
        .bind(a.fiscal_code.as_str())
        .bind(&a.given_name)
        .bind(&a.family_name)
        .bind(a.full_name().to_lowercase())
        .bind(a.birth_date)
        .bind(&a.birth_place)
        .bind(&new.contact.email)
        .bind(&new.contact.phone)
        .bind(&new.contact.address)
        .bind(sqlx::types::Json(&new.form))
        .bind(new.channel.as_str())
        .bind(&new.external_id)
        .bind(Instant(new.received_at))
        .bind(received_on)
        .bind(super::queue::protocol_key(number))
        .bind(State::Received.as_str())
        .bind(deadline)
        .bind(demo)
        .execute(&mut *conn)
        .await?;
        dialect::index_name(conn, next_id, &search_name(a)).await?;
        // Every submission opens its case file at intake (CAD art. 41).
        super::link::open_case_file(conn, next_id, registered_at).await?;
        for att in &new.attachments {
            super::attachment::store(conn, next_id, att, super::attachment::Origin::Intake).await?;
        }
        store_document(
            conn,
            next_id,
            "submission",
            "application/json",
            &document,
            new.received_at,
        )
        .await?;
        let event = Event {
            submission_id: next_id,
            at: new.received_at,
            actor_id: entered_by.map(|a| a.id),
            actor_name: entered_by.map_or(new.channel_label(), |a| a.full_name.as_str()),
            event: "received",
            from_state: None,
            to_state: Some(State::Received),
            text: None,
            protocol_id: Some(protocol_id),
        };
        history::record(conn, &event).await?;
        Ok(next_id)
    }

    pub(crate) async fn load(&self, conn: &mut Conn, id: i64) -> Result<Stored> {
        let row = sqlx::query(
            "SELECT id, service, department, state, assignee_id, integration_used, notice_sent_on,
                    observations_on, received_on, version, given_name, family_name, fiscal_code, deadline, closed_on,
                    (SELECT MAX(x.received_on) FROM suspensions x WHERE x.submission_id = submissions.id
                       AND x.kind = 'notice10bis' AND x.from_date = submissions.notice_sent_on) AS notice_received_on
             FROM submissions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(StoreError::not_found)?;
        let service: String = row.try_get("service")?;
        let definition = self.catalogue.service(&service);
        let notice_applies = definition.is_some_and(|s| s.notice_10bis);
        let rules = definition
            .map(sportello_domain::catalogue::ServiceDefinition::clock_rules)
            .unwrap_or_default();
        let notice_sent_on: Option<NaiveDate> = row.try_get("notice_sent_on")?;
        let notice_received_on: Option<NaiveDate> = row.try_get("notice_received_on")?;
        let state: String = row.try_get("state")?;
        let procedure = Procedure {
            state: State::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("state {state}")))?,
            assignee: row.try_get("assignee_id")?,
            integration_used: row.try_get("integration_used")?,
            notice_applies,
            notice_sent_on,
            observations_on: row.try_get("observations_on")?,
            // Ten days from the citizen's receipt of the notice, once known (art. 10-bis).
            observation_last_day: notice_received_on
                .or(notice_sent_on)
                .map(|from| clock::observation_last_day(from, &rules, &self.calendar)),
            notice_received_on,
            decided_on: row.try_get("closed_on")?,
            // The stored deadline is the projection: every open suspension run to its legal end.
            // Past it, no suspension can still be running, so it is the last day to decide.
            silence_deadline: if rules.silence_consent {
                row.try_get("deadline")?
            } else {
                None
            },
        };
        let name = correspondent(
            &row.try_get::<String, _>("family_name")?,
            &row.try_get::<String, _>("given_name")?,
            &row.try_get::<String, _>("fiscal_code")?,
        );
        Ok(Stored {
            id,
            service,
            department: row.try_get("department")?,
            procedure,
            received_on: row.try_get("received_on")?,
            version: row.try_get("version")?,
            correspondent: name,
        })
    }
}

pub(super) trait ChannelLabel {
    fn channel_label(&self) -> &'static str;
}

impl ChannelLabel for NewSubmission {
    fn channel_label(&self) -> &'static str {
        match self.channel {
            sportello_domain::submission::Channel::Portal => "Portale del cittadino",
            sportello_domain::submission::Channel::Counter => "Sportello",
            sportello_domain::submission::Channel::Demo => "Portale del cittadino (demo)",
        }
    }
}

pub(crate) async fn store_document(
    conn: &mut Conn,
    submission_id: i64,
    kind: &str,
    media_type: &str,
    content: &[u8],
    at: DateTime<Utc>,
) -> Result<()> {
    store_document_returning_id(conn, submission_id, kind, media_type, content, at).await?;
    Ok(())
}

/// Keeps a document of the procedure and returns its row id.
pub(crate) async fn store_document_returning_id(
    conn: &mut Conn,
    submission_id: i64,
    kind: &str,
    media_type: &str,
    content: &[u8],
    at: DateTime<Utc>,
) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO documents (submission_id, kind, media_type, content, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(submission_id)
    .bind(kind)
    .bind(media_type)
    .bind(content)
    .bind(sha256_hex(content))
    .bind(Instant(at))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub(crate) async fn suspensions(conn: &mut Conn, id: i64) -> Result<Vec<Suspension>> {
    let rows = sqlx::query(
        "SELECT kind, from_date, answered_on, ended_on, received_on FROM suspensions WHERE submission_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Suspension {
                kind: match kind.as_str() {
                    "integration" => SuspensionKind::Integration,
                    "notice10bis" => SuspensionKind::Notice10bis,
                    other => return Err(StoreError::Corrupt(format!("suspension kind {other:?}"))),
                },
                from: r.try_get("from_date")?,
                answered: r.try_get("answered_on")?,
                ended: r.try_get("ended_on")?,
                received: r.try_get("received_on")?,
            })
        })
        .collect()
}

/// The applicant and contact columns of a row.
pub(crate) fn applicant_of(r: &DbRow) -> Result<(Applicant, Contact)> {
    let cf: String = r.try_get("fiscal_code")?;
    let applicant = Applicant {
        fiscal_code: FiscalCode::parse(&cf)
            .map_err(|e| StoreError::Corrupt(format!("fiscal code {cf}: {e}")))?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        birth_date: r.try_get("birth_date")?,
        birth_place: r.try_get("birth_place")?,
    };
    let contact = Contact {
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        address: r.try_get("address")?,
    };
    Ok((applicant, contact))
}
