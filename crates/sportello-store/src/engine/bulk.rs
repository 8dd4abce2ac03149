//! The bulk generator: writes a demo timeline (`crate::demo`) as the rows that receiving each
//! submission and each workflow move write — the submission, its name index, attachments, documents,
//! protocol registrations, history and suspensions — computed in memory by the domain's own rules
//! (`policy`, `workflow::decide`, `Procedure::apply`, `clock::projection`) and handed to the database's
//! bulk writer (`dialect::bulk_insert`: multi-row INSERTs on SQLite, COPY on PostgreSQL).
//!
//! It runs the timeline twice: the first pass only learns where each procedure ends, so the second can
//! write each submission once, as it stands at the end, followed by the rows that refer to it. Protocol
//! numbers are given in the timeline's order, as the register would have given them.
//!
//! One difference from the use cases, on purpose: a decision letter is a small marked stand-in PDF, not
//! the ~96 KB letter the printer makes (a million submissions would need ~30 GB of letters). The tests
//! compare everything else with the same timeline driven through the use cases.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::clock::{self, ClockRules, Suspension};
use sportello_domain::policy::{self, DepartmentScope, IntakeScope, Permission, Principal};
use sportello_domain::protocol::Direction;
use sportello_domain::submission::NewSubmission;
use sportello_domain::user::Actor;
use sportello_domain::workflow::{self, Procedure, Registration as Reg, State};
use sportello_domain::AppError;

mod parts;

use parts::{change_suspensions, Register, Rows};

use super::dialect;
use super::move_documents::incoming_note;
use super::queue::protocol_key;
use super::review::kind_str;
use super::submissions::{
    self, canonical_document, correspondent, intake_texts, search_name, ChannelLabel, Stored,
    INTAKE_OPERATOR,
};
use super::Store;
use crate::bulk::{Cell, Table};
use crate::demo::{submission_again, Step, Timeline};
use crate::error::Result;
use crate::model::sha256_hex;

/// Rows are handed to the database this many submissions' worth at a time.
const FLUSH_EVERY: usize = 20_000;

/// Where a procedure ends, learnt by the first pass.
#[derive(Debug, Clone)]
struct End {
    procedure: Procedure,
    deadline: Option<NaiveDate>,
    suspended_until: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    version: i64,
}

/// A submission while the timeline runs.
#[derive(Debug)]
struct Live {
    stored: Stored,
    rules: ClockRules,
    suspensions: Vec<Suspension>,
    end: End,
}

/// One run of the timeline; the second pass also writes rows.
struct Run<'a> {
    store: &'a Store,
    scopes: Vec<Option<DepartmentScope>>,
    live: Vec<Option<Live>>,
    register: Register,
    next_id: i64,
    actions: usize,
    /// The hashes whose bytes this run has written to `blobs`.
    blobs_written: std::collections::HashSet<String>,
}

impl Run<'_> {
    fn receive(
        &mut self,
        i: usize,
        new: &NewSubmission,
        ends: Option<&[Option<End>]>,
        out: Option<&mut Rows>,
    ) -> Result<()> {
        let store = self.store;
        let service = store.catalogue.service(&new.service).ok_or_else(|| {
            AppError::invalid(format!("Servizio sconosciuto: «{}».", new.service))
        })?;
        submissions::check(service, new)?;
        // Ids in the order submissions arrive, as `insert` gives them.
        let id = self.next_id;
        self.next_id += 1;
        let a = &new.applicant;
        let received_on = clock::civil_date(new.received_at);
        let rules = service.clock_rules();
        let (deadline, _) = clock::projection(received_on, &rules, &[], &store.calendar);
        let (reg_id, number) = self.register.take(new.received_at);
        let mut procedure = Procedure::new(service.notice_10bis);
        // As `Store::load` reads it: the last day to decide, on a silence-consent service.
        procedure.silence_deadline = deadline.filter(|_| rules.silence_consent);
        let start = End {
            procedure: procedure.clone(),
            deadline,
            suspended_until: None,
            closed_on: None,
            version: 0,
        };
        if let Some(rows) = out {
            let end = ends
                .and_then(|e| e[i].clone())
                .unwrap_or_else(|| start.clone());
            let p = &end.procedure;
            rows.submissions.push(vec![
                id.into(),
                service.id.as_str().into(),
                service.department.as_str().into(),
                a.fiscal_code.as_str().into(),
                a.given_name.as_str().into(),
                a.family_name.as_str().into(),
                a.full_name().to_lowercase().into(),
                a.birth_date.into(),
                a.birth_place.clone().into(),
                new.contact.email.clone().into(),
                new.contact.phone.clone().into(),
                new.contact.address.clone().into(),
                Cell::Json(new.form.to_string()),
                new.channel.as_str().into(),
                new.external_id.clone().into(),
                new.received_at.into(),
                received_on.into(),
                protocol_key(number).into(),
                p.state.as_str().into(),
                p.assignee.into(),
                p.integration_used.into(),
                p.notice_sent_on.into(),
                p.observations_on.into(),
                end.deadline.into(),
                end.suspended_until.into(),
                end.closed_on.into(),
                true.into(),
                end.version.into(),
            ]);
            if let Some(names) = rows.names.as_mut() {
                names.push(vec![id.into(), search_name(a).into()]);
            }
            for att in &new.attachments {
                let sha256 = sha256_hex(&att.content);
                if self.blobs_written.insert(sha256.clone()) {
                    rows.blobs.push(vec![
                        sha256.as_str().into(),
                        (att.content.len() as i64).into(),
                        att.content.clone().into(),
                    ]);
                }
                rows.attachments.push(vec![
                    id.into(),
                    att.requirement.clone().into(),
                    att.name.as_str().into(),
                    att.media_type.as_str().into(),
                    (att.content.len() as i64).into(),
                    sha256.into(),
                    sportello_domain::attachment::distrust(
                        &att.name,
                        &att.media_type,
                        &att.content,
                    )
                    .into(),
                ]);
            }
            let document = canonical_document(new);
            let sha = sha256_hex(&document);
            let (correspondent, subject) = intake_texts(service, a);
            rows.registrations.push(vec![
                reg_id.into(),
                i64::from(number.year).into(),
                i64::from(number.number).into(),
                Direction::Incoming.as_str().into(),
                new.received_at.into(),
                correspondent.into(),
                subject.into(),
                sha.clone().into(),
                id.into(),
                INTAKE_OPERATOR.into(),
            ]);
            rows.documents.push(vec![
                id.into(),
                "submission".into(),
                "application/json".into(),
                document.into(),
                sha.into(),
                new.received_at.into(),
            ]);
            rows.history.push(vec![
                id.into(),
                new.received_at.into(),
                Cell::Int(None),
                new.channel_label().into(),
                "received".into(),
                Cell::Text(None),
                State::Received.as_str().into(),
                Cell::Text(None),
                reg_id.into(),
            ]);
        }
        let stored = Stored {
            id,
            service: service.id.clone(),
            department: service.department.clone(),
            procedure,
            received_on,
            version: 0,
            correspondent: correspondent(&a.family_name, &a.given_name, a.fiscal_code.as_str()),
        };
        self.live[i] = Some(Live {
            stored,
            rules,
            suspensions: Vec::new(),
            end: start,
        });
        Ok(())
    }

    /// One move, as `Store::act` makes it; a move the policy or the workflow refuses is skipped, as
    /// the demo skips it.
    fn act(
        &mut self,
        i: usize,
        actor: usize,
        action: &workflow::Action,
        at: DateTime<Utc>,
        mut out: Option<&mut Rows>,
    ) {
        let (Some(live), Some(scope)) = (self.live[i].as_mut(), self.scopes[actor].as_ref()) else {
            return;
        };
        let today = clock::civil_date(at);
        if scope
            .check(Permission::ViewSubmission, live.stored.facts())
            .is_err()
        {
            return;
        }
        let actor = scope.actor();
        let Ok(outcome) = workflow::decide(&live.stored.procedure, actor, action, today) else {
            return;
        };
        let mut procedure = live.stored.procedure.clone();
        procedure.apply(&outcome, actor, today);
        procedure.observation_last_day = procedure
            .notice_sent_on
            .map(|sent| clock::observation_last_day(sent, &live.rules, &self.store.calendar));
        change_suspensions(&mut live.suspensions, outcome.clock, today);
        let mut protocol_id = None;
        if let Some(reg) = outcome.registration {
            let (reg_id, number) = self.register.take(at);
            protocol_id = Some(reg_id);
            if let Some(rows) = out.as_deref_mut() {
                let (direction, subject, content, media_type) = match reg {
                    Reg::Outgoing(subject) => {
                        let stand_in = format!(
                            "%PDF-1.4\n% Sportello, dati di prova generati in blocco: lettera «{subject}», protocollo {number}\n%%EOF\n"
                        );
                        (
                            Direction::Outgoing,
                            subject,
                            stand_in.into_bytes(),
                            "application/pdf",
                        )
                    }
                    Reg::Incoming(subject) => {
                        let note = incoming_note(&live.stored, subject, &outcome, actor, at);
                        (
                            Direction::Incoming,
                            subject,
                            note.into_bytes(),
                            "text/plain; charset=utf-8",
                        )
                    }
                };
                let sha = sha256_hex(&content);
                let id = live.stored.id;
                rows.documents.push(vec![
                    id.into(),
                    outcome.action.as_str().into(),
                    media_type.into(),
                    content.into(),
                    sha.clone().into(),
                    at.into(),
                ]);
                rows.registrations.push(vec![
                    reg_id.into(),
                    i64::from(number.year).into(),
                    i64::from(number.number).into(),
                    direction.as_str().into(),
                    at.into(),
                    live.stored.correspondent.as_str().into(),
                    subject.into(),
                    sha.into(),
                    id.into(),
                    actor.full_name.as_str().into(),
                ]);
            }
        }
        if let Some(rows) = out {
            rows.history.push(vec![
                live.stored.id.into(),
                at.into(),
                actor.id.into(),
                actor.full_name.as_str().into(),
                outcome.action.as_str().into(),
                outcome.from.as_str().into(),
                outcome.to.as_str().into(),
                outcome.text.clone().into(),
                protocol_id.into(),
            ]);
        }
        let (deadline, until) = clock::projection(
            live.stored.received_on,
            &live.rules,
            &live.suspensions,
            &self.store.calendar,
        );
        procedure.silence_deadline = deadline.filter(|_| live.rules.silence_consent);
        if outcome.to.is_final() {
            procedure.decided_on = Some(today);
        }
        live.stored.procedure = procedure.clone();
        live.stored.version += 1;
        live.end = End {
            procedure,
            deadline,
            suspended_until: until,
            closed_on: outcome.to.is_final().then_some(today),
            version: live.stored.version,
        };
        self.actions += 1;
    }
}

impl Store {
    /// Writes `timeline` (see `crate::demo`) in one transaction by the database's bulk path; returns
    /// how many moves were made.
    pub(crate) async fn bulk_load(
        &self,
        _scope: &IntakeScope,
        actors: &[Actor],
        timeline: &Timeline,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM submissions")
            .fetch_one(&mut *tx)
            .await?;
        let next_reg: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM protocol_registrations")
                .fetch_one(&mut *tx)
                .await?;
        let last: Vec<(i64, i64)> =
            sqlx::query_as("SELECT year, MAX(number) FROM protocol_registrations GROUP BY year")
                .fetch_all(&mut *tx)
                .await?;
        let last: HashMap<i32, i64> = last
            .into_iter()
            .filter_map(|(y, n)| Some((i32::try_from(y).ok()?, n)))
            .collect();
        let count = timeline.iter().map(|(_, i, _)| i + 1).max().unwrap_or(0);
        let run = || Run {
            store: self,
            scopes: actors
                .iter()
                .map(|a| {
                    policy::department_scope(
                        &Principal::User(a.clone()),
                        Permission::ViewSubmission,
                    )
                    .ok()
                })
                .collect(),
            live: (0..count).map(|_| None).collect(),
            register: Register {
                next_id: next_reg,
                last: last.clone(),
            },
            next_id: first_id,
            actions: 0,
            blobs_written: std::collections::HashSet::new(),
        };
        // First pass: where each procedure ends.
        let mut first = run();
        let again = |state: u64, i: usize| submission_again(&self.catalogue, state, i, actors, now);
        for (at, i, step) in timeline {
            match step {
                Step::Receive(new) => first.receive(*i, new, None, None)?,
                Step::Seeded(state) => first.receive(*i, &again(*state, *i), None, None)?,
                Step::Act(actor, action) => first.act(*i, *actor, action, *at, None),
            }
        }
        let actions = first.actions;
        let ends: Vec<Option<End>> = first.live.into_iter().map(|l| l.map(|l| l.end)).collect();
        // Second pass: the rows.
        let mut second = run();
        let mut rows = Rows::new();
        let mut received = 0;
        for (at, i, step) in timeline {
            match step {
                Step::Receive(_) | Step::Seeded(_) => {
                    let made;
                    let new = match step {
                        Step::Seeded(state) => {
                            made = again(*state, *i);
                            &made
                        }
                        Step::Receive(new) => new.as_ref(),
                        Step::Act(..) => continue,
                    };
                    second.receive(*i, new, Some(&ends), Some(&mut rows))?;
                    received += 1;
                    if received % FLUSH_EVERY == 0 {
                        rows.write(&mut tx).await?;
                    }
                }
                Step::Act(actor, action) => second.act(*i, *actor, action, *at, Some(&mut rows)),
            }
        }
        rows.write(&mut tx).await?;
        let mut suspensions = Table::new(
            "suspensions",
            &[
                "submission_id",
                "kind",
                "from_date",
                "answered_on",
                "ended_on",
                "received_on",
            ],
        );
        for live in second.live.iter().flatten() {
            for s in &live.suspensions {
                suspensions.push(vec![
                    live.stored.id.into(),
                    kind_str(s.kind).into(),
                    s.from.into(),
                    s.answered.into(),
                    s.ended.into(),
                    s.received.into(),
                ]);
            }
        }
        dialect::bulk_insert(&mut tx, &suspensions).await?;
        // The register's counters continue after the numbers written.
        sqlx::query(
            "INSERT INTO protocol_counters (year, last)
             SELECT year, MAX(number) FROM protocol_registrations GROUP BY year
             ON CONFLICT (year) DO UPDATE SET last = excluded.last",
        )
        .execute(&mut *tx)
        .await?;
        dialect::after_bulk(&mut tx).await?;
        tx.commit().await?;
        tracing::info!(
            submissions = count,
            moves = actions,
            "bulk demo data written"
        );
        Ok(actions)
    }
}
