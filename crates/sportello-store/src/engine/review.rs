//! The use cases of the review: acting on a submission, assigning it, and reading it whole. Each change
//! is one transaction with its history row (and its protocol registration where the move has one).

use chrono::NaiveDate;
use sportello_domain::clock::{self, Clock, SuspensionKind};
use sportello_domain::policy::{DepartmentScope, Permission, SubmissionFacts};
use sportello_domain::submission::{Assignment, SubmissionDetail};
use sportello_domain::workflow::{self, Action, ClockChange, Procedure, WorkflowError};
use sportello_domain::{AppError, ErrorCode};
use sqlx::Row;

use super::dialect::{Conn, QueryResult};
use crate::model::PolicyFacts;

use super::history::{self, Event};
use super::submissions::{self, Stored};
use super::Store;
use crate::error::Result;

pub(super) fn kind_str(kind: SuspensionKind) -> &'static str {
    match kind {
        SuspensionKind::Integration => "integration",
        SuspensionKind::Notice10bis => "notice10bis",
    }
}

/// What a move registered: the registration, its number, and the letter kept (outgoing moves).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Registered {
    pub protocol_id: i64,
    pub number: sportello_domain::protocol::ProtocolNumber,
    pub letter: Option<i64>,
}

/// The optimistic lock: the versioned UPDATE must have found the version it read.
fn changed_once(done: &QueryResult) -> Result<()> {
    if done.rows_affected() != 1 {
        let msg = "La pratica è stata modificata nel frattempo: ricaricarla.";
        return Err(AppError::new(ErrorCode::Conflict, msg).into());
    }
    Ok(())
}

impl Stored {
    /// What the policy looks at.
    pub(crate) fn facts(&self) -> SubmissionFacts<'_> {
        SubmissionFacts {
            department: &self.department,
            state: self.procedure.state,
            assignee: self.procedure.assignee,
        }
    }
}

impl Store {
    /// What the policy needs to know of submission `id`.
    pub async fn policy_facts(&self, id: i64) -> Result<PolicyFacts> {
        let mut conn = self.pool.acquire().await?;
        let stored = self.load(&mut conn, id).await?;
        Ok(PolicyFacts {
            department: stored.department,
            state: stored.procedure.state,
            assignee: stored.procedure.assignee,
        })
    }

    /// Loads a submission and asks the policy whether the scope's user may do `permission` on it.
    pub(crate) async fn load_visible(
        &self,
        conn: &mut Conn,
        scope: &DepartmentScope,
        id: i64,
        permission: Permission,
    ) -> Result<Stored> {
        let stored = self.load(conn, id).await?;
        if let Err(denial) = scope.check(permission, stored.facts()) {
            tracing::warn!(
                user = scope.actor().id,
                submission = id,
                ?permission,
                "access to a submission refused"
            );
            return Err(AppError::from(denial).into());
        }
        Ok(stored)
    }

    async fn name_of(&self, conn: &mut Conn, user: i64) -> Result<String> {
        Ok(
            sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *conn)
                .await?
                .unwrap_or_else(|| "un altro operatore".into()),
        )
    }

    /// Performs `action` on submission `id` for `actor`, or explains in Italian why not; returns the
    /// submission as it is now.
    pub async fn apply_action(
        &self,
        scope: &DepartmentScope,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        self.act(scope, id, action, clock).await?;
        self.detail_after_change(scope, id, clock).await
    }

    /// The change itself: one transaction with its history row and protocol registration.
    pub(crate) async fn act(
        &self,
        scope: &DepartmentScope,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<()> {
        let (today, now, actor) = (clock.today(), clock.now(), scope.actor());
        // The scanned documents the citizen brought, read (type from the bytes) before anything.
        let documents = action
            .documents()
            .iter()
            .map(|d| d.clone().into_attachment())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| AppError::fields(vec![e]))?;
        let mut tx = self.write_tx().await?;
        super::dialect::lock_submission(&mut tx, id).await?;
        let stored = self
            .load_visible(&mut tx, scope, id, Permission::ViewSubmission)
            .await?;
        let outcome = match workflow::decide(&stored.procedure, actor, action, today) {
            Ok(o) => o,
            Err(WorkflowError::AlreadyAssigned) => {
                let name = self
                    .name_of(&mut tx, stored.procedure.assignee.unwrap_or_default())
                    .await?;
                let msg = format!("La pratica è già in carico a {name}.");
                return Err(AppError::new(ErrorCode::Conflict, msg).into());
            }
            Err(e) => {
                tracing::info!(user = actor.id, submission = id, action = action.kind().as_str(), error = ?e, "action refused");
                return Err(AppError::from(e).into());
            }
        };
        let mut procedure = stored.procedure.clone();
        procedure.apply(&outcome, actor, today);
        self.update_suspensions(&mut tx, id, outcome.clock, today)
            .await?;
        let registered = self
            .register_move(&mut tx, &stored, actor, &outcome, &documents, now)
            .await?;
        self.queue_for_portal(&mut tx, &stored, &outcome, registered.as_ref(), now)
            .await?;
        let event = Event {
            submission_id: id,
            at: now,
            actor_id: Some(actor.id),
            actor_name: &actor.full_name,
            event: outcome.action.as_str(),
            from_state: Some(outcome.from),
            to_state: Some(outcome.to),
            text: outcome.text.as_deref(),
            protocol_id: registered.as_ref().map(|r| r.protocol_id),
        };
        self.save_move(&mut tx, &stored, &procedure, today, &event)
            .await?;
        tx.commit().await?;
        tracing::info!(
            user = actor.id,
            submission = id,
            action = outcome.action.as_str(),
            from = outcome.from.as_str(),
            to = outcome.to.as_str(),
            "submission changed"
        );
        Ok(())
    }

    /// Writes a decided move: the procedure with its projected deadline, under the optimistic lock
    /// of the version read, and its history row.
    pub(super) async fn save_move(
        &self,
        conn: &mut Conn,
        stored: &Stored,
        procedure: &Procedure,
        today: NaiveDate,
        event: &Event<'_>,
    ) -> Result<()> {
        let (deadline, until) = self.projection(conn, stored).await?;
        let done = sqlx::query(
            "UPDATE submissions SET state = $1, assignee_id = $2, integration_used = $3, notice_sent_on = $4,
               observations_on = $5, deadline = $6, suspended_until = $7, closed_on = $8, version = version + 1
             WHERE id = $9 AND version = $10",
        )
        .bind(procedure.state.as_str())
        .bind(procedure.assignee)
        .bind(procedure.integration_used)
        .bind(procedure.notice_sent_on)
        .bind(procedure.observations_on)
        .bind(deadline)
        .bind(until)
        .bind(procedure.state.is_final().then_some(today))
        .bind(stored.id)
        .bind(stored.version)
        .execute(&mut *conn)
        .await?;
        changed_once(&done)?;
        history::record(conn, event).await
    }

    pub(super) async fn update_suspensions(
        &self,
        conn: &mut Conn,
        id: i64,
        change: Option<ClockChange>,
        today: NaiveDate,
    ) -> Result<()> {
        match change {
            Some(ClockChange::Start(kind)) => {
                sqlx::query(
                    "INSERT INTO suspensions (submission_id, kind, from_date) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(kind_str(kind))
                .bind(today)
                .execute(&mut *conn)
                .await?;
            }
            Some(ClockChange::Answer(kind)) => {
                sqlx::query(
                    "UPDATE suspensions SET answered_on = $1 WHERE submission_id = $2 AND kind = $3 AND answered_on IS NULL",
                )
                .bind(today)
                .bind(id)
                .bind(kind_str(kind))
                .execute(&mut *conn)
                .await?;
            }
            Some(ClockChange::NoticeReceived(on)) => {
                sqlx::query(
                    "UPDATE suspensions SET received_on = $1
                     WHERE submission_id = $2 AND kind = 'notice10bis' AND answered_on IS NULL AND ended_on IS NULL",
                )
                .bind(on)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            }
            Some(ClockChange::End(kind)) => {
                sqlx::query(
                    "UPDATE suspensions SET ended_on = $1
                     WHERE submission_id = $2 AND kind = $3 AND answered_on IS NULL AND ended_on IS NULL",
                )
                .bind(today)
                .bind(id)
                .bind(kind_str(kind))
                .execute(&mut *conn)
                .await?;
            }
            None => {}
        }
        Ok(())
    }

    /// What the clock of a stored submission runs on: its service's rules and its suspensions.
    pub(crate) async fn clock_inputs(
        &self,
        conn: &mut Conn,
        stored: &Stored,
    ) -> Result<(clock::ClockRules, Vec<clock::Suspension>)> {
        let suspensions = submissions::suspensions(conn, stored.id).await?;
        let rules = self
            .catalogue
            .service(&stored.service)
            .map(sportello_domain::catalogue::ServiceDefinition::clock_rules)
            .unwrap_or_default();
        Ok((rules, suspensions))
    }

    pub(crate) async fn projection(
        &self,
        conn: &mut Conn,
        stored: &Stored,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
        let (rules, suspensions) = self.clock_inputs(conn, stored).await?;
        Ok(clock::projection(
            stored.received_on,
            &rules,
            &suspensions,
            &self.calendar,
        ))
    }

    /// A head assigns a submission to an officer of the department, or releases it, with a reason.
    pub async fn assign(
        &self,
        scope: &DepartmentScope,
        id: i64,
        assignment: &Assignment,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let actor = scope.actor();
        let reason = assignment.reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("Indicare il motivo dell'assegnazione.").into());
        }
        if reason.chars().count() > workflow::MAX_TEXT {
            return Err(AppError::invalid("Il motivo è troppo lungo.").into());
        }
        let mut tx = self.write_tx().await?;
        super::dialect::lock_submission(&mut tx, id).await?;
        let stored = self
            .load_visible(&mut tx, scope, id, Permission::Assign)
            .await?;
        if stored.procedure.assignee == assignment.officer {
            return Err(AppError::invalid("La pratica ha già questo assegnatario.").into());
        }
        let (event, text) = match assignment.officer {
            Some(officer) => {
                let name = self
                    .officer_name(&mut tx, &stored.department, officer)
                    .await?;
                ("assigned", format!("Assegnata a {name}. Motivo: {reason}"))
            }
            None => ("released", format!("Motivo: {reason}")),
        };
        let done = sqlx::query("UPDATE submissions SET assignee_id = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(assignment.officer)
            .bind(id)
            .bind(stored.version)
            .execute(&mut *tx)
            .await?;
        changed_once(&done)?;
        let state = Some(stored.procedure.state);
        let event = Event {
            submission_id: id,
            at: clock.now(),
            actor_id: Some(actor.id),
            actor_name: &actor.full_name,
            event,
            from_state: state,
            to_state: state,
            text: Some(&text),
            protocol_id: None,
        };
        history::record(&mut tx, &event).await?;
        tx.commit().await?;
        tracing::info!(user = actor.id, submission = id, officer = ?assignment.officer, "submission assigned");
        self.detail_after_change(scope, id, clock).await
    }

    async fn officer_name(
        &self,
        conn: &mut Conn,
        department: &str,
        officer: i64,
    ) -> Result<String> {
        let row = sqlx::query(
            "SELECT full_name FROM users WHERE id = $1 AND department = $2 AND active = TRUE AND role IN ('operatore', 'responsabile')",
        )
        .bind(officer)
        .bind(department)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| AppError::invalid("L'operatore scelto non appartiene all'ufficio o non è attivo."))?;
        Ok(row.try_get("full_name")?)
    }
}
