//! The application as the tests drive it: the use cases under the names the tests were written
//! with, each called for a user (`Principal::User`) or for the installation (`Principal::System`), so
//! every call goes through the policy exactly as the app's commands do.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_application::{Principal, Result, Sportello};
use sportello_domain::clock::Clock;
use sportello_domain::issuance::{
    CertificateAnnulmentRequest, IssuedCertificate, PendingCertificate,
};
use sportello_domain::policy::{self, Permission};
use sportello_domain::protocol::{ProtocolNumber, RegisterEntry};
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use sportello_domain::submission::{
    Assignment, CounterSubmission, NewSubmission, SubmissionDetail,
};
use sportello_domain::user::{Actor, NewUser, UserInfo, UserUpdate};
use sportello_domain::workflow::Action;
use sportello_store::demo::DemoSummary;
use sportello_store::{IssueSession, Store};

#[derive(Debug, Clone)]
pub struct Desk {
    pub app: Sportello,
}

/// Runs `$e` with `$pool` bound to the pool of whichever database the store is on (the two pool
/// types differ, so the expression is compiled once for each).
macro_rules! on_pool {
    ($desk:expr, $pool:ident => $e:expr) => {{
        let raw = $desk.raw();
        match (raw.sqlite_pool(), raw.postgres_pool()) {
            (Some($pool), _) => $e,
            (_, Some($pool)) => $e,
            _ => unreachable!("a store is on one database"),
        }
    }};
}

fn user(actor: &Actor) -> Principal {
    Principal::User(actor.clone())
}

impl Desk {
    pub fn raw(&self) -> &Store {
        self.app.store()
    }

    pub async fn close(&self) {
        self.raw().close().await;
    }

    /// Runs raw SQL on whichever database the test runs on (to prove what the database refuses).
    pub async fn exec(&self, sql: &str) -> Result<u64, sqlx::Error> {
        on_pool!(self, pool => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()))
    }

    /// The latest document of `kind` kept for submission `id` (a letter, an attestation).
    pub async fn document(&self, id: i64, kind: &str) -> Vec<u8> {
        const SQL: &str =
            "SELECT content FROM documents WHERE submission_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1";
        on_pool!(self, pool => sqlx::query_scalar(SQL).bind(id).bind(kind).fetch_one(pool).await)
            .expect(SQL)
    }

    /// One number read with raw SQL.
    pub async fn count(&self, sql: &str) -> i64 {
        on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await).expect(sql)
    }

    /// Rows of text read with raw SQL (every column cast to text by the query).
    pub async fn texts(&self, sql: &str) -> Vec<Vec<String>> {
        use sqlx::Row;
        on_pool!(self, pool => sqlx::query(sql)
            .fetch_all(pool)
            .await
            .expect(sql)
            .iter()
            .map(|r| (0..r.len()).map(|i| r.get::<String, _>(i)).collect())
            .collect())
    }

    pub async fn receive(&self, new: &NewSubmission, clock: &dyn Clock) -> Result<i64> {
        self.app.receive(&Principal::System, new, clock).await
    }

    pub async fn load_demo(
        &self,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        self.app
            .load_demo(&Principal::System, now, count, seed)
            .await
    }

    pub async fn generate_demo(
        &self,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        self.app
            .generate_demo(&Principal::System, now, count, seed)
            .await
    }

    pub async fn create_user(&self, new: &NewUser) -> Result<UserInfo> {
        self.app.create_user(&Principal::System, new).await
    }

    pub async fn authenticate(&self, username: &str, password: &str) -> Result<UserInfo> {
        self.app.log_in(username, password).await
    }

    pub async fn update_user(&self, by: &Actor, id: i64, change: &UserUpdate) -> Result<UserInfo> {
        self.app.update_user(&user(by), id, change).await
    }

    pub async fn set_user_active(&self, by: &Actor, id: i64, active: bool) -> Result<UserInfo> {
        self.app.set_user_active(&user(by), id, active).await
    }

    /// IT's password reset from the command line (the installation acts).
    pub async fn set_password(&self, username: &str, password: &str) -> Result<()> {
        self.app
            .set_password(&Principal::System, username, password)
            .await
    }

    pub async fn set_patron_day(&mut self, raw: &str) -> Result<usize> {
        self.app.set_patron_day(&Principal::System, raw).await
    }

    pub async fn apply_action(
        &self,
        by: &Actor,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        self.app.act(&user(by), id, action, clock).await
    }

    pub async fn detail(&self, by: &Actor, id: i64, clock: &dyn Clock) -> Result<SubmissionDetail> {
        self.app.detail(&user(by), id, clock).await
    }

    pub async fn assign(
        &self,
        by: &Actor,
        id: i64,
        assignment: &Assignment,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        self.app.assign(&user(by), id, assignment, clock).await
    }

    pub async fn receive_at_counter(
        &self,
        by: &Actor,
        input: CounterSubmission,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        self.app.enter_at_counter(&user(by), input, clock).await
    }

    pub async fn queue_page(
        &self,
        by: &Actor,
        query: &QueueQuery,
        today: NaiveDate,
    ) -> Result<QueuePage> {
        self.app.queue_page(&user(by), query, today).await
    }

    pub async fn queue_counts(
        &self,
        by: &Actor,
        filter: &QueueFilter,
        today: NaiveDate,
    ) -> Result<StateCounts> {
        self.app.queue_counts(&user(by), filter, today).await
    }

    pub async fn register_entries(&self, by: &Actor, year: i32) -> Result<Vec<RegisterEntry>> {
        self.app.register_entries(&user(by), year).await
    }

    pub async fn annul_registration(
        &self,
        by: &Actor,
        number: ProtocolNumber,
        act: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<RegisterEntry> {
        let number = number.to_string();
        self.app
            .annul_registration(&user(by), &number, act, reason, at)
            .await
    }

    pub async fn pending_certificates(&self, by: &Actor) -> Result<Vec<PendingCertificate>> {
        self.app.pending_certificates(&user(by)).await
    }

    pub async fn certificates_of(&self, by: &Actor, id: i64) -> Result<Vec<IssuedCertificate>> {
        self.app.certificates_of(&user(by), id).await
    }

    pub async fn certificate_pdf(&self, by: &Actor, document_id: &str) -> Result<Vec<u8>> {
        self.app.certificate_pdf(&user(by), document_id).await
    }

    pub async fn certificate_by_sha256(
        &self,
        sha256: &str,
    ) -> Result<Option<IssuedCertificate>, sportello_store::StoreError> {
        self.raw().certificate_by_sha256(sha256).await
    }

    pub async fn certificate_by_document_id(
        &self,
        id: &str,
    ) -> Result<Option<IssuedCertificate>, sportello_store::StoreError> {
        self.raw().certificate_by_document_id(id).await
    }

    pub async fn annul_certificate(
        &self,
        by: &Actor,
        document_id: &str,
        (act, reason): (&str, &str),
        at: DateTime<Utc>,
    ) -> Result<IssuedCertificate> {
        let request = CertificateAnnulmentRequest {
            document_id: document_id.into(),
            act: act.into(),
            reason: reason.into(),
        };
        self.app.annul_certificate(&user(by), &request, at).await
    }

    /// The store's issuing session (the batch's lowest level), opened in the scope the policy grants.
    pub async fn begin_issue(&self, by: &Actor, at: DateTime<Utc>) -> Result<IssueSession> {
        let scope = policy::department_scope(&user(by), Permission::IssueCertificates)?;
        Ok(self.raw().begin_issue(&scope, at).await?)
    }
}
