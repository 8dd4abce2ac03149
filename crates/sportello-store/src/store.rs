//! [`Store`]: the database Sportello works on, chosen once at start-up from its URL — the embedded
//! SQLite file or the Comune's PostgreSQL server. Both run the same queries and use cases (`engine/`),
//! each with its own SQL means; this type only forwards to the one that is open.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::audit::{AuditHead, AuditReport, Pruned};
use sportello_domain::catalogue::Catalogue;
use sportello_domain::certificate::FamilyMember;
use sportello_domain::clock::Clock;
use sportello_domain::holidays::HolidayCalendar;
use sportello_domain::issuance::{IssuedCertificate, PendingCertificate};
use sportello_domain::policy::{
    AdminScope, AuditScope, DepartmentScope, IntakeScope, RegisterScope,
};
use sportello_domain::protocol::{ProtocolNumber, RegisterEntry};
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use sportello_domain::submission::{
    Applicant, Assignment, CounterSubmission, NewSubmission, SubmissionDetail,
};
use sportello_domain::user::{AppInfo, NewUser, UserInfo, UserUpdate};
use sportello_domain::workflow::Action;

use crate::error::Result;
use crate::model::{ApprovedRequest, LetterPrinter, NewCertificate, PolicyFacts, Resident};
use crate::{postgres, sqlite};

/// The database a Sportello installation works on, with the catalogue it interprets it by.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(sqlite::engine::Store),
    Postgres(postgres::engine::Store),
}

/// An issuing transaction (see `engine/certificates.rs`), on whichever database is open.
#[derive(Debug)]
pub enum IssueSession {
    Sqlite(sqlite::engine::IssueSession),
    Postgres(postgres::engine::IssueSession),
}

macro_rules! on {
    ($value:expr, $s:ident => $e:expr) => {
        match $value {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

/// Which database a URL names.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl Store {
    /// Opens the database at `url` (`postgres://…` for a server; `sqlite://PATH` or a path for the
    /// embedded file) and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        Ok(if is_postgres_url(url) {
            Store::Postgres(postgres::engine::Store::open(url).await?)
        } else {
            Store::Sqlite(sqlite::engine::Store::open(url).await?)
        })
    }

    /// Opens the database as a workstation does: the embedded file is brought up to date (it is
    /// this workstation's own), a server is used as it is — its schema is IT's to upgrade
    /// (`sportello migrate`), and an older or newer one is refused with a message.
    pub async fn open_workstation(url: &str) -> Result<Self> {
        Ok(if is_postgres_url(url) {
            Store::Postgres(postgres::engine::Store::open_as_it_is(url).await?)
        } else {
            Store::Sqlite(sqlite::engine::Store::open(url).await?)
        })
    }

    /// Decision letters are printed as PDF by `printer` from now on.
    #[must_use]
    pub fn with_letter_printer(self, printer: Arc<dyn LetterPrinter>) -> Self {
        match self {
            Store::Sqlite(s) => Store::Sqlite(s.with_letter_printer(printer)),
            Store::Postgres(s) => Store::Postgres(s.with_letter_printer(printer)),
        }
    }

    /// The audit chain's head.
    pub async fn audit_head(&self, scope: &AuditScope) -> Result<AuditHead> {
        on!(self, s => s.audit_head(scope).await)
    }

    /// One pass over the audit chain from the last checkpoint; `anchor` is a head printed earlier.
    pub async fn verify_audit(
        &self,
        scope: &AuditScope,
        anchor: Option<(i64, &str)>,
    ) -> Result<AuditReport> {
        on!(self, s => s.verify_audit(scope, anchor).await)
    }

    /// `count` synthetic entries through the real append path, for `sportello bench audit`.
    pub async fn append_benchmark_entries(
        &self,
        scope: &AuditScope,
        count: u64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        on!(self, s => s.append_benchmark_entries(scope, count, at).await)
    }

    /// Removes audit entries older than `before` behind a checkpoint.
    pub async fn prune_audit(
        &self,
        scope: &AuditScope,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Pruned> {
        on!(self, s => s.prune_audit(scope, before, now).await)
    }

    /// The SQLite pool, for tests and maintenance tools that need raw SQL on the embedded file.
    pub fn sqlite_pool(&self) -> Option<&sqlx::SqlitePool> {
        match self {
            Store::Sqlite(s) => Some(s.pool()),
            Store::Postgres(_) => None,
        }
    }

    /// The PostgreSQL pool, for tests and maintenance tools that need raw SQL on the server.
    pub fn postgres_pool(&self) -> Option<&sqlx::PgPool> {
        match self {
            Store::Postgres(s) => Some(s.pool()),
            Store::Sqlite(_) => None,
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        on!(self, s => s.catalogue())
    }

    pub fn calendar(&self) -> &HolidayCalendar {
        on!(self, s => s.calendar())
    }

    pub async fn close(&self) {
        on!(self, s => s.close().await);
    }

    pub async fn is_empty(&self) -> Result<bool> {
        on!(self, s => s.is_empty().await)
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        on!(self, s => s.setting(key).await)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        on!(self, s => s.set_setting(key, value).await)
    }

    pub async fn is_demo(&self) -> Result<bool> {
        on!(self, s => s.is_demo().await)
    }

    pub async fn app_info(&self) -> Result<AppInfo> {
        on!(self, s => s.app_info().await)
    }

    pub async fn comune_name(&self) -> Result<String> {
        on!(self, s => s.comune_name().await)
    }

    pub async fn set_patron_day(&mut self, raw: &str) -> Result<usize> {
        on!(self, s => s.set_patron_day(raw).await)
    }

    pub async fn refresh_deadlines(&self) -> Result<usize> {
        on!(self, s => s.refresh_deadlines().await)
    }

    pub async fn receive(
        &self,
        scope: &IntakeScope,
        new: &NewSubmission,
        demo: bool,
        clock: &dyn Clock,
    ) -> Result<i64> {
        on!(self, s => s.receive(scope, new, demo, clock).await)
    }

    pub async fn receive_many(
        &self,
        scope: &IntakeScope,
        batch: &[NewSubmission],
        demo: bool,
        clock: &dyn Clock,
    ) -> Result<Vec<i64>> {
        on!(self, s => s.receive_many(scope, batch, demo, clock).await)
    }

    pub async fn receive_at_counter(
        &self,
        scope: &DepartmentScope,
        input: CounterSubmission,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        on!(self, s => s.receive_at_counter(scope, input, clock).await)
    }

    pub async fn policy_facts(&self, id: i64) -> Result<PolicyFacts> {
        on!(self, s => s.policy_facts(id).await)
    }

    pub async fn apply_action(
        &self,
        scope: &DepartmentScope,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        on!(self, s => s.apply_action(scope, id, action, clock).await)
    }

    /// The move alone, without reading the submission back (the demo loader's many moves).
    pub(crate) async fn act(
        &self,
        scope: &DepartmentScope,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<()> {
        on!(self, s => s.act(scope, id, action, clock).await)
    }

    pub async fn assign(
        &self,
        scope: &DepartmentScope,
        id: i64,
        assignment: &Assignment,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        on!(self, s => s.assign(scope, id, assignment, clock).await)
    }

    pub async fn detail(
        &self,
        scope: &DepartmentScope,
        id: i64,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        on!(self, s => s.detail(scope, id, clock).await)
    }

    pub async fn queue_page(
        &self,
        scope: &DepartmentScope,
        query: &QueueQuery,
        today: NaiveDate,
    ) -> Result<QueuePage> {
        on!(self, s => s.queue_page(scope, query, today).await)
    }

    pub async fn queue_counts(
        &self,
        scope: &DepartmentScope,
        filter: &QueueFilter,
        today: NaiveDate,
    ) -> Result<StateCounts> {
        on!(self, s => s.queue_counts(scope, filter, today).await)
    }

    pub async fn pending_certificates(
        &self,
        scope: &DepartmentScope,
    ) -> Result<Vec<PendingCertificate>> {
        on!(self, s => s.pending_certificates(scope).await)
    }

    pub async fn certificate_request(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<ApprovedRequest> {
        on!(self, s => s.certificate_request(scope, id).await)
    }

    /// What a certificate request asks for, whatever its state; `None` for another service.
    pub async fn certificate_request_to_decide(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<Option<ApprovedRequest>> {
        on!(self, s => s.certificate_request_to_decide(scope, id).await)
    }

    pub async fn begin_issue(
        &self,
        scope: &DepartmentScope,
        at: DateTime<Utc>,
    ) -> Result<IssueSession> {
        Ok(match self {
            Store::Sqlite(s) => IssueSession::Sqlite(s.begin_issue(scope, at).await?),
            Store::Postgres(s) => IssueSession::Postgres(s.begin_issue(scope, at).await?),
        })
    }

    pub async fn certificate_by_document_id(&self, id: &str) -> Result<Option<IssuedCertificate>> {
        on!(self, s => s.certificate_by_document_id(id).await)
    }

    pub async fn certificate_by_sha256(&self, sha256: &str) -> Result<Option<IssuedCertificate>> {
        on!(self, s => s.certificate_by_sha256(sha256).await)
    }

    pub async fn certificates_of(
        &self,
        scope: &DepartmentScope,
        id: i64,
    ) -> Result<Vec<IssuedCertificate>> {
        on!(self, s => s.certificates_of(scope, id).await)
    }

    pub async fn certificate_pdf(
        &self,
        scope: &DepartmentScope,
        document_id: &str,
    ) -> Result<Vec<u8>> {
        on!(self, s => s.certificate_pdf(scope, document_id).await)
    }

    pub async fn certificate_row_id(&self, document_id: &str) -> Result<Option<i64>> {
        on!(self, s => s.certificate_row_id(document_id).await)
    }

    pub async fn registration_by_sha256(&self, sha256: &str) -> Result<Option<RegisterEntry>> {
        on!(self, s => s.registration_by_sha256(sha256).await)
    }

    pub async fn register_entries(
        &self,
        scope: &RegisterScope,
        year: i32,
    ) -> Result<Vec<RegisterEntry>> {
        on!(self, s => s.register_entries(scope, year).await)
    }

    pub async fn annul_registration(
        &self,
        scope: &RegisterScope,
        number: ProtocolNumber,
        act: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<RegisterEntry> {
        on!(self, s => s.annul_registration(scope, number, act, reason, at).await)
    }

    pub async fn create_user(
        &self,
        scope: &AdminScope,
        new: &NewUser,
        demo: bool,
    ) -> Result<UserInfo> {
        on!(self, s => s.create_user(scope, new, demo).await)
    }

    pub async fn user(&self, id: i64) -> Result<UserInfo> {
        on!(self, s => s.user(id).await)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<UserInfo> {
        on!(self, s => s.user_by_username(username).await)
    }

    pub async fn authenticate(&self, username: &str, password: &str) -> Result<UserInfo> {
        on!(self, s => s.authenticate(username, password).await)
    }

    pub async fn list_users(&self, scope: &AdminScope) -> Result<Vec<UserInfo>> {
        on!(self, s => s.list_users(scope).await)
    }

    pub async fn department_officers(&self, scope: &DepartmentScope) -> Result<Vec<UserInfo>> {
        on!(self, s => s.department_officers(scope).await)
    }

    pub async fn update_user(
        &self,
        scope: &AdminScope,
        id: i64,
        change: &UserUpdate,
    ) -> Result<UserInfo> {
        on!(self, s => s.update_user(scope, id, change).await)
    }

    pub async fn set_password(&self, scope: &AdminScope, id: i64, password: &str) -> Result<()> {
        on!(self, s => s.set_password(scope, id, password).await)
    }

    pub async fn set_user_active(
        &self,
        scope: &AdminScope,
        id: i64,
        active: bool,
    ) -> Result<UserInfo> {
        on!(self, s => s.set_user_active(scope, id, active).await)
    }

    pub async fn resident(&self, fiscal_code: &str) -> Result<Option<Resident>> {
        on!(self, s => s.resident(fiscal_code).await)
    }

    pub async fn family(&self, family_id: i64) -> Result<Vec<FamilyMember>> {
        on!(self, s => s.family(family_id).await)
    }

    pub async fn put_resident(&self, r: &Resident, demo: bool) -> Result<()> {
        on!(self, s => s.put_resident(r, demo).await)
    }

    /// The applicants of the demo's certificate requests, with their address (the demo register).
    pub(crate) async fn demo_certificate_applicants(
        &self,
    ) -> Result<Vec<(Applicant, Option<String>)>> {
        on!(self, s => s.demo_certificate_applicants().await)
    }
}

impl IssueSession {
    /// The protocol number the next [`IssueSession::record`] will register.
    pub fn next_number(&self) -> ProtocolNumber {
        match self {
            IssueSession::Sqlite(s) => s.next_number(),
            IssueSession::Postgres(s) => s.next_number(),
        }
    }

    pub fn at(&self) -> DateTime<Utc> {
        match self {
            IssueSession::Sqlite(s) => s.at(),
            IssueSession::Postgres(s) => s.at(),
        }
    }

    pub async fn record(&mut self, c: &NewCertificate<'_>) -> Result<ProtocolNumber> {
        match self {
            IssueSession::Sqlite(s) => s.record(c).await,
            IssueSession::Postgres(s) => s.record(c).await,
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            IssueSession::Sqlite(s) => s.commit().await,
            IssueSession::Postgres(s) => s.commit().await,
        }
    }
}

mod contacts;
mod link;
