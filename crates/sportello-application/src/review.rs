//! The queue and the review: intake, the queue, one submission, its moves and its assignment.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_domain::clock::Clock;
use sportello_domain::policy::{self, Permission, Principal};
use sportello_domain::queue::{QueueFilter, QueuePage, QueueQuery, StateCounts};
use sportello_domain::submission::{
    Assignment, CounterSubmission, NewSubmission, SubmissionDetail,
};
use sportello_domain::user::UserInfo;
use sportello_domain::workflow::Action;
use sportello_store::demo::DemoSummary;

use crate::{Result, Sportello};

impl Sportello {
    /// Registers a submission arriving from outside (the portal, an import): the System acts.
    pub async fn receive(
        &self,
        who: &Principal,
        new: &NewSubmission,
        clock: &dyn Clock,
    ) -> Result<i64> {
        let scope = policy::intake_scope(who)?;
        Ok(self.store.receive(&scope, new, false, clock).await?)
    }

    /// Many submissions in one transaction, all or none (bulk import, benchmarks).
    pub async fn receive_many(
        &self,
        who: &Principal,
        batch: &[NewSubmission],
        clock: &dyn Clock,
    ) -> Result<Vec<i64>> {
        let scope = policy::intake_scope(who)?;
        Ok(self.store.receive_many(&scope, batch, false, clock).await?)
    }

    /// Loads the demo users, submissions and residents into an empty database, with the demo
    /// Comune's identity (set it before [`Sportello::new`] so the letters carry it; see
    /// [`Sportello::open_or_demo`]).
    pub async fn load_demo(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        sportello_issuance::config::load_demo(self.settings(who)?).await?;
        let summary = self.store.load_demo(who, now, count, seed).await?;
        self.register_demo_counter_family().await?;
        Ok(summary)
    }

    /// The same demo as [`Sportello::load_demo`], written by the database's bulk path (for
    /// benchmarks at a million submissions): the same rows, except that each decision letter is a
    /// small marked stand-in for the printed PDF.
    pub async fn generate_demo(
        &self,
        who: &Principal,
        now: DateTime<Utc>,
        count: usize,
        seed: u64,
    ) -> Result<DemoSummary> {
        sportello_issuance::config::load_demo(self.settings(who)?).await?;
        let summary = self.store.generate_demo(who, now, count, seed).await?;
        self.register_demo_counter_family().await?;
        Ok(summary)
    }

    /// The demo's register also holds the sample family (Mario Rossi, RSSMRA85T10A562S, and his
    /// own): the resident a newcomer types at the counter, whose certificate can then be approved
    /// (approval runs ANPR's checks on the register).
    async fn register_demo_counter_family(&self) -> Result<()> {
        const SAMPLE_FAMILY: i64 = 1_000_000;
        sportello_issuance::register_sample_family(&self.store, SAMPLE_FAMILY).await?;
        Ok(())
    }

    pub async fn queue_page(
        &self,
        who: &Principal,
        query: &QueueQuery,
        today: NaiveDate,
    ) -> Result<QueuePage> {
        let scope = policy::department_scope(who, Permission::ViewQueue)?;
        Ok(self.store.queue_page(&scope, query, today).await?)
    }

    pub async fn queue_counts(
        &self,
        who: &Principal,
        filter: &QueueFilter,
        today: NaiveDate,
    ) -> Result<StateCounts> {
        let scope = policy::department_scope(who, Permission::ViewQueue)?;
        Ok(self.store.queue_counts(&scope, filter, today).await?)
    }

    /// One submission whole, with the moves the principal may make today (the read is logged).
    pub async fn detail(
        &self,
        who: &Principal,
        id: i64,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let scope = policy::department_scope(who, Permission::ViewSubmission)?;
        Ok(self.store.detail(&scope, id, clock).await?)
    }

    /// A submission typed in at the counter for a citizen who came in person.
    pub async fn enter_at_counter(
        &self,
        who: &Principal,
        input: CounterSubmission,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let scope = policy::department_scope(who, Permission::EnterAtCounter)?;
        Ok(self.store.receive_at_counter(&scope, input, clock).await?)
    }

    /// A workflow move: one transaction with its history row, its registration and its letter. A
    /// certificate request is approved only if ANPR's checks would let it be issued: otherwise the
    /// move is refused with their reason and nothing changes.
    pub async fn act(
        &self,
        who: &Principal,
        id: i64,
        action: &Action,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let scope = policy::department_scope(who, Permission::ViewSubmission)?;
        if matches!(action, Action::Approve { .. }) {
            self.certificates.check_before_approval(&scope, id).await?;
        }
        Ok(self.store.apply_action(&scope, id, action, clock).await?)
    }

    /// A head assigns, reassigns or releases a submission, with a reason.
    pub async fn assign(
        &self,
        who: &Principal,
        id: i64,
        assignment: &Assignment,
        clock: &dyn Clock,
    ) -> Result<SubmissionDetail> {
        let scope = policy::department_scope(who, Permission::ViewSubmission)?;
        Ok(self.store.assign(&scope, id, assignment, clock).await?)
    }

    /// The active officers and heads of the principal's department.
    pub async fn department_officers(&self, who: &Principal) -> Result<Vec<UserInfo>> {
        let scope = policy::department_scope(who, Permission::ListOfficers)?;
        Ok(self.store.department_officers(&scope).await?)
    }
}

impl Sportello {
    /// What other workstations change, as the server announces it (`None` on the embedded file):
    /// for those who work on a department's queue.
    pub async fn changes(&self, who: &Principal) -> Result<Option<sportello_store::Changes>> {
        policy::department_scope(who, Permission::ViewQueue)?;
        Ok(self.store.changes().await?)
    }
}
